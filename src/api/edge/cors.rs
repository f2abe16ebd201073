//! Cross-origin reads as a decision: `--cors-origin` says which web origins may read the
//! API from a browser. Only reading methods are ever allowed cross-origin, and never with
//! credentials, so a foreign page can read open data but cannot act as the user.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::Router;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Whether a request is a CORS preflight: OPTIONS with `Origin` and
/// `Access-Control-Request-Method` (Fetch standard, CORS-preflight request).
pub fn is_preflight(req: &Request) -> bool {
    req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// `routes` behind `cors`, except a plain OPTIONS (not a preflight), which goes to
/// the routes: tower-http's layer answers every OPTIONS itself, without `Allow`,
/// and QGIS learns whether a layer is editable from the `Allow` of a plain OPTIONS.
pub fn around(routes: Router, cors: CorsLayer) -> Router {
    let with_cors = routes.clone().layer(cors);
    Router::new().fallback_service(tower::service_fn(move |req: Request| {
        let svc = if req.method() == Method::OPTIONS && !is_preflight(&req) {
            routes.clone()
        } else {
            with_cors.clone()
        };
        svc.oneshot(req)
    }))
}

/// Which origins may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsPolicy {
    /// Any origin (open data; the default).
    Any,
    /// No cross-origin reads at all.
    None,
    /// Only these origins (`https://example.lv`).
    Origins(Vec<String>),
}

impl CorsPolicy {
    /// `*`, `none`, or a comma-separated list of origins.
    pub fn parse(s: &str) -> Result<CorsPolicy, String> {
        match s.trim() {
            "*" | "any" => Ok(CorsPolicy::Any),
            "none" | "" => Ok(CorsPolicy::None),
            list => {
                let origins: Vec<String> = list
                    .split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .collect();
                for o in &origins {
                    let ok = (o.starts_with("https://") || o.starts_with("http://"))
                        && HeaderValue::from_str(o).is_ok()
                        && !o.contains(['*', ' ']);
                    if !ok {
                        return Err(format!(
                            "`{o}` is not an origin like https://maps.example.lv (or use * or none)"
                        ));
                    }
                }
                Ok(CorsPolicy::Origins(origins))
            }
        }
    }

    /// The tower-http layer for this policy; `None` adds no CORS headers at all.
    pub fn layer(&self) -> Option<CorsLayer> {
        let base = CorsLayer::new()
            .allow_methods([Method::GET, Method::HEAD])
            .allow_credentials(false)
            .expose_headers([
                axum::http::header::CONTENT_DISPOSITION,
                axum::http::HeaderName::from_static("x-request-id"),
            ]);
        match self {
            CorsPolicy::None => None,
            CorsPolicy::Any => Some(base.allow_origin(AllowOrigin::any())),
            CorsPolicy::Origins(list) => {
                let values: Vec<HeaderValue> = list
                    .iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok())
                    .collect();
                Some(base.allow_origin(AllowOrigin::list(values)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse() {
        assert_eq!(CorsPolicy::parse("*"), Ok(CorsPolicy::Any));
        assert_eq!(CorsPolicy::parse("none"), Ok(CorsPolicy::None));
        assert_eq!(
            CorsPolicy::parse("https://a.lv, https://b.lv/"),
            Ok(CorsPolicy::Origins(vec![
                "https://a.lv".into(),
                "https://b.lv".into()
            ]))
        );
        assert!(CorsPolicy::parse("a.lv").is_err());
        assert!(CorsPolicy::parse("https://*.lv").is_err());
    }
}
