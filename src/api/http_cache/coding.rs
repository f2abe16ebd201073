//! Content codings: which one a request accepts (`Accept-Encoding` with q-values,
//! RFC 9110 §12.5.3), and compressing a body into it.

use std::io::Write;

use axum::body::Bytes;
use axum::http::HeaderValue;

/// A content coding the service sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    Identity,
    Gzip,
    Br,
}

/// How hard to compress: once for a response kept in memory, or on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// A kept response, compressed once: ratio first.
    Kept,
    /// A response computed per request: speed first (gzip 1, brotli 1 cost a few
    /// times the copy of the body; the default levels cost 40x).
    PerRequest,
}

impl Coding {
    /// The `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Coding::Identity => "identity",
            Coding::Gzip => "gzip",
            Coding::Br => "br",
        }
    }

    /// Appended to a strong ETag: each coding of a response is its own representation
    /// (RFC 9110 §8.8.3), so a gzip body must not share the identity body's tag.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gz",
            Coding::Br => "-br",
        }
    }
}

/// The coding to send for this `Accept-Encoding`: the highest q-value wins; on a tie
/// brotli, then gzip, then identity. Without the header, identity. A client that
/// refuses identity and accepts neither of the others gets identity all the same
/// (RFC 9110 allows it; a 406 would help nobody).
pub fn negotiate(accept: Option<&HeaderValue>) -> Coding {
    let Some(text) = accept.and_then(|v| v.to_str().ok()) else {
        return Coding::Identity;
    };
    let (mut gzip, mut br, mut star) = (None, None, None);
    for item in text.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts.find_map(q_value).unwrap_or(1.0);
        match name.as_str() {
            "gzip" | "x-gzip" => gzip = Some(q),
            "br" => br = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let gzip = gzip.or(star).unwrap_or(0.0);
    let br = br.or(star).unwrap_or(0.0);
    if br > 0.0 && br >= gzip {
        Coding::Br
    } else if gzip > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// `q=0.5` → 0.5; anything unreadable counts as 0 (not acceptable).
fn q_value(param: &str) -> Option<f32> {
    let (k, v) = param.split_once('=')?;
    if !k.trim().eq_ignore_ascii_case("q") {
        return None;
    }
    Some(
        v.trim()
            .parse::<f32>()
            .ok()
            .filter(|q| (0.0..=1.0).contains(q))
            .unwrap_or(0.0),
    )
}

/// `body` in `coding`; identity is the body itself.
pub fn compress(body: &Bytes, coding: Coding, effort: Effort) -> Bytes {
    match coding {
        Coding::Identity => body.clone(),
        Coding::Gzip => gzip(body, effort),
        Coding::Br => brotli(body, effort),
    }
}

fn gzip(body: &[u8], effort: Effort) -> Bytes {
    let level = match effort {
        Effort::Kept => 6,
        Effort::PerRequest => 1,
    };
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::new(level),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(body);
    Bytes::from(enc.finish().unwrap_or_default())
}

fn brotli(body: &[u8], effort: Effort) -> Bytes {
    let quality = match effort {
        Effort::Kept => 9,
        Effort::PerRequest => 1,
    };
    let mut out = Vec::with_capacity(body.len() / 5);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        let _ = w.write_all(body);
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(v: &str) -> Coding {
        negotiate(Some(&HeaderValue::from_str(v).unwrap()))
    }

    #[test]
    fn q_values_decide_and_ties_prefer_brotli() {
        assert_eq!(negotiate(None), Coding::Identity);
        assert_eq!(pick("gzip, deflate, br"), Coding::Br);
        assert_eq!(pick("gzip, deflate"), Coding::Gzip);
        assert_eq!(pick("br;q=0.5, gzip"), Coding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(pick("*"), Coding::Br);
        assert_eq!(pick("*;q=0.1, gzip;q=0.2"), Coding::Gzip);
        assert_eq!(pick("identity"), Coding::Identity);
        assert_eq!(pick("gzip;q=banana"), Coding::Identity);
        assert_eq!(pick("GZIP;Q=1"), Coding::Gzip);
    }

    #[test]
    fn compressed_bodies_decode_to_the_body() {
        use std::io::Read;
        let body = Bytes::from("{\"type\":\"FeatureCollection\"}".repeat(500));
        for effort in [Effort::Kept, Effort::PerRequest] {
            let gz = compress(&body, Coding::Gzip, effort);
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, body);
            let br = compress(&body, Coding::Br, effort);
            let mut out = Vec::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, body);
            assert!(gz.len() < body.len() / 10 && br.len() < body.len() / 10);
        }
    }
}
