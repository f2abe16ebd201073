//! A 200 answer held as bytes: its headers, its identity body, its validators and
//! its compressed bodies, made when first asked for. Kept ones are shared by every
//! request for the same URL until the data changes.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::coding::{compress, Coding, Effort};
use super::conditions::{body_tag, etag_header, http_date, Conditions};
use super::policy;

/// Bodies above this are compressed on a blocking thread, off the async workers.
const BLOCKING_ABOVE: usize = 128 * 1024;

/// An answer ready to be sent in any coding.
#[derive(Debug)]
pub struct Representation {
    /// The handler's headers (Content-Type, Link, Content-Disposition, …).
    headers: HeaderMap,
    body: Bytes,
    /// The strong validator: the handler's own tag where it set one (a stored
    /// version, which If-Match of a write compares), else the body's digest (one per
    /// coding, see [`Coding::tag_suffix`]).
    tag: String,
    own_tag: bool,
    /// Whether a request's copy may be confirmed with a 304: not on a handler's tag
    /// that does not cover the whole answer (see [`policy::own_tag_is_representation`]).
    conditional: bool,
    last_modified: Option<DateTime<Utc>>,
    /// `last_modified` as an HTTP-date, formatted once.
    last_modified_header: Option<HeaderValue>,
    effort: Effort,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

impl Representation {
    /// A handler's 200 answer; `own_tag_covers` says whether a handler's own `ETag`
    /// describes the whole answer.
    pub fn new(
        mut headers: HeaderMap,
        body: Bytes,
        own_tag_covers: bool,
        last_modified: Option<DateTime<Utc>>,
        effort: Effort,
    ) -> Representation {
        // The length is the sent body's, whichever coding that is.
        headers.remove(header::CONTENT_LENGTH);
        let handler_tag = headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(|t| t.trim_matches('"').to_string());
        let (tag, own_tag, conditional) = match handler_tag {
            Some(t) => (t, true, own_tag_covers),
            None => (body_tag(&body), false, true),
        };
        Representation {
            headers,
            body,
            tag,
            own_tag,
            conditional,
            last_modified,
            last_modified_header: last_modified.and_then(http_date),
            effort,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
        }
    }

    /// The bytes it holds (the weight of a kept one).
    pub fn weight(&self) -> usize {
        self.body.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.br.get().map_or(0, Bytes::len)
    }

    /// The answer to a request with these conditions that accepts `coding`
    /// (`authenticated`: it carried credentials, so the answer is the caller's only).
    pub async fn respond(
        self: Arc<Self>,
        coding: Coding,
        conditions: &Conditions,
        authenticated: bool,
    ) -> Response {
        self.answer(coding, conditions, authenticated, false).await
    }

    /// The first answer of a representation about to be kept: compressed at the
    /// per-request level and not stored, with a weak `ETag` (the kept level's bytes
    /// will differ). The kept level is paid when a second request asks, so a URL asked
    /// once (a clicked point, a random box) costs a fast compression only: brotli 9 on
    /// every such answer cut nearest-5 over HTTP to a third.
    pub async fn respond_first(
        self: Arc<Self>,
        coding: Coding,
        conditions: &Conditions,
        authenticated: bool,
    ) -> Response {
        let once = self.effort == Effort::Kept;
        self.answer(coding, conditions, authenticated, once).await
    }

    async fn answer(
        self: Arc<Self>,
        coding: Coding,
        conditions: &Conditions,
        authenticated: bool,
        once: bool,
    ) -> Response {
        let coding = self.usable(coding);
        if self.conditional && conditions.not_modified(&self.tag, self.last_modified) {
            return self.not_modified(coding, authenticated);
        }
        let fast = once && self.encoded(coding).is_none();
        let body = if coding == Coding::Identity {
            self.body.clone()
        } else if self.body.len() > BLOCKING_ABOVE && self.encoded(coding).is_none() {
            let me = Arc::clone(&self);
            tokio::task::spawn_blocking(move || me.encode_for(coding, fast))
                .await
                .unwrap_or_else(|_| self.body.clone())
        } else {
            self.encode_for(coding, fast)
        };
        let mut resp = Response::new(Body::from(body));
        *resp.headers_mut() = self.headers.clone();
        if coding != Coding::Identity {
            resp.headers_mut().insert(
                header::CONTENT_ENCODING,
                header::HeaderValue::from_static(coding.token()),
            );
        }
        self.validators(resp.headers_mut(), coding, authenticated);
        if fast && coding != Coding::Identity {
            weaken(resp.headers_mut());
        }
        resp
    }

    /// The body in `coding`: at the per-request level, unstored, when `fast`.
    fn encode_for(&self, coding: Coding, fast: bool) -> Bytes {
        if fast {
            return compress(&self.body, coding, Effort::PerRequest);
        }
        self.encode(coding)
    }

    /// Identity where compressing would not pay.
    fn usable(&self, coding: Coding) -> Coding {
        let worth = self.body.len() >= policy::MIN_COMPRESSED
            && policy::compressible(self.headers.get(header::CONTENT_TYPE))
            && !self.headers.contains_key(header::CONTENT_ENCODING);
        if worth {
            coding
        } else {
            Coding::Identity
        }
    }

    fn encoded(&self, coding: Coding) -> Option<&Bytes> {
        match coding {
            Coding::Identity => Some(&self.body),
            Coding::Gzip => self.gzip.get(),
            Coding::Br => self.br.get(),
        }
    }

    /// The body in `coding`, compressed once (concurrent askers wait for the first).
    fn encode(&self, coding: Coding) -> Bytes {
        let cell = match coding {
            Coding::Identity => return self.body.clone(),
            Coding::Gzip => &self.gzip,
            Coding::Br => &self.br,
        };
        cell.get_or_init(|| compress(&self.body, coding, self.effort))
            .clone()
    }

    /// 304: the validators and caching headers a 200 would carry, no body.
    fn not_modified(&self, coding: Coding, authenticated: bool) -> Response {
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::NOT_MODIFIED;
        self.validators(resp.headers_mut(), coding, authenticated);
        resp
    }

    fn validators(&self, h: &mut HeaderMap, coding: Coding, authenticated: bool) {
        // A handler's own tag stays as it is: it is what If-Match of a write compares.
        let tag_coding = if self.own_tag {
            Coding::Identity
        } else {
            coding
        };
        if let Some(v) = etag_header(&self.tag, tag_coding) {
            h.insert(header::ETAG, v);
        }
        if let Some(v) = &self.last_modified_header {
            h.insert(header::LAST_MODIFIED, v.clone());
        }
        h.entry(header::CACHE_CONTROL)
            .or_insert_with(|| policy::cache_control(authenticated));
        h.insert(header::VARY, policy::vary());
    }
}

/// Marks the `ETag` of `h` weak: the same content, other bytes than the strong tag
/// names (If-None-Match compares weakly, so a revalidation still gets its 304).
fn weaken(h: &mut HeaderMap) {
    let weak = h
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| HeaderValue::from_str(&format!("W/{t}")).ok());
    if let Some(v) = weak {
        h.insert(header::ETAG, v);
    }
}
