//! Which database a command uses: `--database` / `PIEROBEZA_DATABASE`.

use std::path::{Path, PathBuf};

use super::StoreError;

/// A SQLite file or a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

/// The SQLite file's name in the data directory when no database is given.
pub const DEFAULT_FILE: &str = "pierobeza.sqlite3";

impl DatabaseTarget {
    /// `postgres://…` / `postgresql://…`, `sqlite://PATH` / `sqlite:PATH`, or a
    /// plain file path; `None` means the default file in `data_dir`.
    pub fn parse(arg: Option<&str>, data_dir: &Path) -> Result<DatabaseTarget, StoreError> {
        let Some(s) = arg.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(DatabaseTarget::Sqlite(data_dir.join(DEFAULT_FILE)));
        };
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DatabaseTarget::Postgres(s.to_string()));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
        if path.is_empty() || path.contains("://") {
            return Err(StoreError::Config(format!(
                "--database {s:?}: expected postgres://…, sqlite://FILE or a file path"
            )));
        }
        Ok(DatabaseTarget::Sqlite(PathBuf::from(path)))
    }

    /// For logs: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            DatabaseTarget::Sqlite(p) => format!("sqlite:{}", p.display()),
            DatabaseTarget::Postgres(u) => redact(u),
        }
    }
}

/// A URL with any password replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_hide_passwords() {
        let d = Path::new("/data");
        assert_eq!(
            DatabaseTarget::parse(None, d).unwrap(),
            DatabaseTarget::Sqlite(d.join(DEFAULT_FILE))
        );
        assert_eq!(
            DatabaseTarget::parse(Some("sqlite:///tmp/x.db"), d).unwrap(),
            DatabaseTarget::Sqlite("/tmp/x.db".into())
        );
        let pg = DatabaseTarget::parse(Some("postgres://u:secret@h:5432/db"), d).unwrap();
        assert_eq!(pg.display(), "postgres://u:***@h:5432/db");
        assert!(DatabaseTarget::parse(Some("mysql://x"), d).is_err());
    }
}
