//! The base of every absolute link the API writes.
//!
//! A `Host` header is client input: echoing it into links lets anyone who can send a
//! request (or poison a cache in front of us) make the service advertise their host.
//! Links therefore come from, in this order: the configured public URL (what a reverse
//! proxy deployment sets), the request's `Host` when its name is on the allow-list, or the
//! address the server is bound to.

use axum::http::{header, HeaderMap};

/// How absolute links are built.
#[derive(Debug, Clone)]
pub struct LinkBase {
    /// `--public-url`, without a trailing slash (e.g. `https://maps.example.lv/pierobeza`).
    public_url: Option<String>,
    /// Host names (without port, lower case) whose `Host` header may be echoed.
    allowed_hosts: Vec<String>,
    /// `http://ADDR` of the bound socket, used when nothing else applies.
    bound: String,
}

/// Host names that are always safe to echo: they only ever point back at this machine.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

impl Default for LinkBase {
    fn default() -> Self {
        LinkBase::new(None, &[], "127.0.0.1:8080")
    }
}

impl LinkBase {
    /// `public_url` wins when set; `allowed_hosts` adds names to the loopback ones;
    /// `bound` is the listening socket address (`host:port`).
    pub fn new(public_url: Option<&str>, allowed_hosts: &[String], bound: &str) -> LinkBase {
        let mut allowed: Vec<String> = LOOPBACK_NAMES.iter().map(|s| s.to_string()).collect();
        allowed.extend(allowed_hosts.iter().map(|h| h.trim().to_ascii_lowercase()));
        let bound = match bound.rsplit_once(':') {
            // An unspecified address is no place to send a client: point at loopback.
            Some(("0.0.0.0", port)) => format!("127.0.0.1:{port}"),
            Some(("[::]", port)) => format!("[::1]:{port}"),
            _ => bound.to_string(),
        };
        LinkBase {
            public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            allowed_hosts: allowed,
            bound: format!("http://{bound}"),
        }
    }

    /// The configured public URL, if any.
    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// The base for links in the answer to a request with these headers.
    pub fn base(&self, headers: &HeaderMap) -> String {
        if let Some(u) = &self.public_url {
            return u.clone();
        }
        match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
            Some(host) if self.host_allowed(host) => format!("http://{host}"),
            _ => self.bound.clone(),
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        {
            return false;
        }
        let name = strip_port(host).to_ascii_lowercase();
        self.allowed_hosts.contains(&name)
    }
}

/// `example.lv:8080` → `example.lv`, `[::1]:80` → `[::1]`, `[::1]` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if let Some(end) = host.find(']') {
        return &host[..=end];
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// Checks a `--public-url`: an absolute http(s) URL without query or fragment.
pub fn validate_public_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{url}` has no host"));
    }
    if rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!(
            "`{url}` must not contain a query, a fragment, spaces, quotes or backslashes"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
        m
    }

    #[test]
    fn a_foreign_host_is_never_echoed() {
        let l = LinkBase::new(None, &[], "127.0.0.1:9000");
        assert_eq!(
            l.base(&with_host("attacker.example")),
            "http://127.0.0.1:9000"
        );
        assert_eq!(
            l.base(&with_host("localhost:9000")),
            "http://localhost:9000"
        );
        assert_eq!(l.base(&HeaderMap::new()), "http://127.0.0.1:9000");
    }

    #[test]
    fn allowed_names_and_the_public_url() {
        let l = LinkBase::new(None, &["maps.example.lv".into()], "0.0.0.0:80");
        assert_eq!(
            l.base(&with_host("MAPS.example.lv:80")),
            "http://MAPS.example.lv:80"
        );
        assert_eq!(l.base(&with_host("evil.lv")), "http://127.0.0.1:80");
        let p = LinkBase::new(
            Some("https://maps.example.lv/pierobeza/"),
            &[],
            "0.0.0.0:80",
        );
        assert_eq!(
            p.base(&with_host("attacker.example")),
            "https://maps.example.lv/pierobeza"
        );
    }

    #[test]
    fn public_urls_are_checked() {
        assert!(validate_public_url("https://maps.example.lv/pierobeza").is_ok());
        assert!(validate_public_url("ftp://x").is_err());
        assert!(validate_public_url("https://").is_err());
        assert!(validate_public_url("https://x.lv/?a=1").is_err());
    }
}
