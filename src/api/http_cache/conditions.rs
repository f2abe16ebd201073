//! Validators and conditional requests (RFC 9110 §8.8, §13): a strong ETag from the
//! body, `Last-Modified` from the data's change, and whether `If-None-Match` /
//! `If-Modified-Since` let the answer be a 304.

use axum::http::{header, HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};

use super::coding::Coding;

/// A strong validator of a body: its 128-bit xxh3 digest in hex. A collision would
/// need two bodies of one URL to hash alike; xxh3 runs at memory speed, so tagging a
/// page costs less than copying it.
pub fn body_tag(body: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(body))
}

/// The `ETag` header of `tag` sent in `coding`.
pub fn etag_header(tag: &str, coding: Coding) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("\"{tag}{}\"", coding.tag_suffix())).ok()
}

/// An HTTP-date (`Last-Modified`), e.g. `Wed, 02 Dec 2026 20:26:12 GMT`.
pub fn http_date(t: DateTime<Utc>) -> Option<HeaderValue> {
    HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
}

/// What a request's conditional headers ask.
#[derive(Debug, Default, Clone)]
pub struct Conditions {
    /// The tags of `If-None-Match` (quotes and `W/` removed); `["*"]` for any.
    none_match: Option<Vec<String>>,
    if_modified_since: Option<DateTime<Utc>>,
}

impl Conditions {
    pub fn of(headers: &HeaderMap) -> Conditions {
        let none_match = headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| {
                t.trim()
                    .trim_start_matches("W/")
                    .trim_matches('"')
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>();
        let if_modified_since = headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .map(|t| t.with_timezone(&Utc));
        Conditions {
            none_match: (!none_match.is_empty()).then_some(none_match),
            if_modified_since,
        }
    }

    /// Whether the client's copy is current: `If-None-Match` names `tag` in any
    /// coding (weak comparison, as §13.1.2 asks), or, without `If-None-Match`, the
    /// data has not changed since `If-Modified-Since`.
    pub fn not_modified(&self, tag: &str, last_modified: Option<DateTime<Utc>>) -> bool {
        if let Some(tags) = &self.none_match {
            return tags.iter().any(|t| {
                t == "*"
                    || t == tag
                    || [Coding::Gzip, Coding::Br]
                        .iter()
                        .any(|c| t.strip_suffix(c.tag_suffix()) == Some(tag))
            });
        }
        match (self.if_modified_since, last_modified) {
            // HTTP dates have whole seconds.
            (Some(since), Some(changed)) => changed.timestamp() <= since.timestamp(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, v: &str) -> Conditions {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(v).unwrap());
        Conditions::of(&h)
    }

    #[test]
    fn if_none_match_matches_the_tag_in_any_coding() {
        let tag = body_tag(b"{}");
        assert_eq!(tag.len(), 32);
        for v in [
            format!("\"{tag}\""),
            format!("\"{tag}-gz\""),
            format!("W/\"{tag}-br\""),
            format!("\"other\", \"{tag}\""),
            "*".to_string(),
        ] {
            assert!(
                with(header::IF_NONE_MATCH, &v).not_modified(&tag, None),
                "{v}"
            );
        }
        for v in ["\"other\"", "\"{tag}-zz\"", "\"-gz\""] {
            assert!(
                !with(header::IF_NONE_MATCH, v).not_modified(&tag, None),
                "{v}"
            );
        }
        assert!(!Conditions::default().not_modified(&tag, None));
    }

    #[test]
    fn if_modified_since_counts_only_without_if_none_match() {
        let changed = DateTime::parse_from_rfc3339("2026-12-02T10:00:00.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let date = http_date(changed).unwrap();
        assert_eq!(date, "Wed, 02 Dec 2026 10:00:00 GMT");
        let c = with(header::IF_MODIFIED_SINCE, date.to_str().unwrap());
        assert!(c.not_modified("t", Some(changed)));
        let earlier = with(header::IF_MODIFIED_SINCE, "Wed, 02 Dec 2026 09:59:59 GMT");
        assert!(!earlier.not_modified("t", Some(changed)));
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, date);
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"old\""));
        assert!(!Conditions::of(&h).not_modified("t", Some(changed)));
    }
}
