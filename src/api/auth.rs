//! Who is calling: `Authorization: Bearer <token>`, looked up in the store.
//!
//! Only the header is read: a token in a query string would end up in access logs,
//! proxies and browser history. The token itself is never logged; the store keeps
//! only its digest and confirms it in constant time (`store::tokens`).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::{ApiError, AppState};
use crate::auth::{Principal, Role};

/// A caller who may write: a live token of role editor or above. Rejects with 401
/// (no or an unknown/revoked token) or 403 (a weaker role).
#[derive(Debug, Clone)]
pub struct Editor(pub Principal);

/// Whoever reads: anonymous without an Authorization header, else the role of a
/// live token (an unknown or revoked one is refused with 401, not read as anonymous,
/// so that a client never mistakes public figures for its own).
#[derive(Debug, Clone, Copy)]
pub struct Reader(pub Role);

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let Some(token) = bearer(&parts.headers)? else {
            return Ok(Reader(Role::Anonymous));
        };
        let Some(store) = st.store.as_ref() else {
            return Err(ApiError::Unauthorized {
                reason: "this server has no tokens (it runs without a store)".into(),
                invalid: true,
            });
        };
        let principal = principal(store, token).await?;
        Ok(Reader(principal.role))
    }
}

/// The live token's principal; 401 for an unknown or revoked one.
async fn principal(store: &crate::store::Store, token: &str) -> Result<Principal, ApiError> {
    store
        .principal(token)
        .await
        .map_err(|e| ApiError::Internal(format!("looking up a token: {e}")))?
        .ok_or_else(|| ApiError::Unauthorized {
            reason: "the bearer token is unknown or revoked".into(),
            invalid: true,
        })
}

/// The allowed methods of a resource that cannot be written on this server.
pub const READ_ONLY: &str = "GET, HEAD, OPTIONS";

/// The bearer token of a request: `Ok(None)` without an Authorization header.
fn bearer(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(v) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let bad = || ApiError::Unauthorized {
        reason: "the Authorization header must be `Bearer <token>`".into(),
        invalid: true,
    };
    let v = v.to_str().map_err(|_| bad())?.trim();
    let (scheme, token) = v.split_once(' ').ok_or_else(bad)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(bad());
    }
    Ok(Some(token))
}

impl FromRequestParts<AppState> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let Some(store) = st.store.as_ref() else {
            return Err(ApiError::MethodNotAllowed {
                allow: READ_ONLY,
                reason: "this server has no store to write to (read-only)".into(),
            });
        };
        let Some(token) = bearer(&parts.headers)? else {
            return Err(ApiError::Unauthorized {
                reason: "writing needs `Authorization: Bearer <token>` with an editor token".into(),
                invalid: false,
            });
        };
        let principal = principal(store, token).await?;
        if !principal.can(Role::Editor) {
            return Err(ApiError::Forbidden(format!(
                "token `{}` has role {}; writing needs editor",
                principal.name, principal.role
            )));
        }
        Ok(Editor(principal))
    }
}

/// `GET /auth/whoami`: whom the bearer token names — `{name, role}` — so that a
/// client (the map's log-in) can check a token before it keeps it. 401 without a
/// token or with an unknown or revoked one; never echoes the token.
pub fn router() -> Router<AppState> {
    Router::new().route("/auth/whoami", get(whoami))
}

async fn whoami(State(st): State<AppState>, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    let Some(token) = bearer(&headers)? else {
        return Err(ApiError::Unauthorized {
            reason: "send `Authorization: Bearer <token>` to learn whose token it is".into(),
            invalid: false,
        });
    };
    let Some(store) = st.store.as_ref() else {
        return Err(ApiError::Unauthorized {
            reason: "this server has no tokens (it runs without a store)".into(),
            invalid: true,
        });
    };
    let p = principal(store, token).await?;
    Ok(Json(json!({
        "name": p.name,
        "role": p.role.as_str(),
        "can_write": p.can(Role::Editor),
    })))
}
