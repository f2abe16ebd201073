//! Bearer tokens in the store: created (shown once), listed, revoked, and looked
//! up by digest for each authenticated request (so a revocation takes effect on
//! the next request, in every process sharing the store).

use sqlx::Row as _;

use super::{now_rfc3339, Store, StoreError};
use crate::auth::{self, Principal, Role};

/// A token as `token list` shows it: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub role: Role,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Characters of a token kept in clear for `token list`.
const SHOWN: usize = 10;

fn bad_name(name: &str) -> Option<StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    (!ok).then(|| {
        StoreError::Config(format!(
            "token name {name:?}: 1–64 characters of letters, digits, '-', '_', '.', '@'"
        ))
    })
}

impl Store {
    /// Creates a token for `name` with `role`; returns the token, which is not stored.
    pub async fn create_token(&self, name: &str, role: Role) -> Result<String, StoreError> {
        if let Some(e) = bad_name(name) {
            return Err(e);
        }
        if role == Role::Anonymous {
            return Err(StoreError::Config("a token cannot be anonymous".into()));
        }
        let token = auth::generate().map_err(|e| StoreError::Config(e.to_string()))?;
        let digest = auth::digest(&token).to_vec();
        let prefix: String = token.chars().take(SHOWN).collect();
        let at = now_rfc3339();
        let sql = match self {
            Store::Sqlite(_) => {
                "INSERT INTO token (name, role, digest, prefix, created_at) VALUES (?, ?, ?, ?, ?)"
            }
            Store::Postgres(_) => {
                "INSERT INTO token (name, role, digest, prefix, created_at) \
                 VALUES ($1, $2, $3, $4, $5::timestamptz)"
            }
        };
        let res = match self {
            Store::Sqlite(s) => sqlx::query(sql)
                .bind(name)
                .bind(role.as_str())
                .bind(&digest)
                .bind(&prefix)
                .bind(&at)
                .execute(&s.pool)
                .await
                .map(|_| ()),
            Store::Postgres(s) => sqlx::query(sql)
                .bind(name)
                .bind(role.as_str())
                .bind(&digest)
                .bind(&prefix)
                .bind(&at)
                .execute(&s.pool)
                .await
                .map(|_| ()),
        };
        match res {
            Err(e)
                if e.as_database_error()
                    .is_some_and(|d| d.is_unique_violation()) =>
            {
                Err(StoreError::Exists {
                    kind: "token",
                    id: name.to_string(),
                })
            }
            Err(e) => Err(e.into()),
            Ok(()) => Ok(token),
        }
    }

    /// Every token, revoked ones too, by name.
    pub async fn list_tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        let rows: Vec<(String, String, String, String, Option<String>)> =
            match self {
                Store::Sqlite(s) => sqlx::query_as(
                    "SELECT name, role, prefix, created_at, revoked_at FROM token ORDER BY name",
                )
                .fetch_all(&s.pool)
                .await?,
                Store::Postgres(s) => {
                    sqlx::query_as(
                        "SELECT name, role, prefix, created_at::text, revoked_at::text FROM token \
                     ORDER BY name",
                    )
                    .fetch_all(&s.pool)
                    .await?
                }
            };
        rows.into_iter()
            .map(|(name, role, prefix, created_at, revoked_at)| {
                let role = Role::parse(&role).ok_or_else(|| StoreError::Record {
                    kind: "token",
                    id: name.clone(),
                    reason: format!("unknown role {role:?}"),
                })?;
                Ok(TokenInfo {
                    name,
                    role,
                    prefix,
                    created_at,
                    revoked_at,
                })
            })
            .collect()
    }

    /// Revokes the token of `name`; `false` when there is no live one.
    pub async fn revoke_token(&self, name: &str) -> Result<bool, StoreError> {
        let at = now_rfc3339();
        let n = match self {
            Store::Sqlite(s) => {
                sqlx::query("UPDATE token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")
                    .bind(&at)
                    .bind(name)
                    .execute(&s.pool)
                    .await?
                    .rows_affected()
            }
            Store::Postgres(s) => sqlx::query(
                "UPDATE token SET revoked_at = $1::timestamptz \
                     WHERE name = $2 AND revoked_at IS NULL",
            )
            .bind(&at)
            .bind(name)
            .execute(&s.pool)
            .await?
            .rows_affected(),
        };
        Ok(n == 1)
    }

    /// The caller a presented token stands for; `None` when unknown or revoked.
    pub async fn principal(&self, token: &str) -> Result<Option<Principal>, StoreError> {
        if !token.starts_with(auth::TOKEN_PREFIX) || token.len() > 128 {
            return Ok(None);
        }
        let digest = auth::digest(token).to_vec();
        let sql = match self {
            Store::Sqlite(_) => {
                "SELECT name, role, digest FROM token WHERE digest = ? AND revoked_at IS NULL"
            }
            Store::Postgres(_) => {
                "SELECT name, role, digest FROM token WHERE digest = $1 AND revoked_at IS NULL"
            }
        };
        let row = match self {
            Store::Sqlite(s) => sqlx::query(sql)
                .bind(&digest)
                .fetch_optional(&s.pool)
                .await?
                .map(|r| {
                    (
                        r.get::<String, _>(0),
                        r.get::<String, _>(1),
                        r.get::<Vec<u8>, _>(2),
                    )
                }),
            Store::Postgres(s) => sqlx::query(sql)
                .bind(&digest)
                .fetch_optional(&s.pool)
                .await?
                .map(|r| {
                    (
                        r.get::<String, _>(0),
                        r.get::<String, _>(1),
                        r.get::<Vec<u8>, _>(2),
                    )
                }),
        };
        // The lookup was by digest; confirm in constant time all the same.
        Ok(row.and_then(|(name, role, stored)| {
            let role = Role::parse(&role)?;
            auth::matches(token, &stored).then_some(Principal { name, role })
        }))
    }
}
