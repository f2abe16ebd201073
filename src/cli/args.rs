//! Options every command shares (where the data and the database are) and the
//! options of `init` and `serve`.

use std::path::PathBuf;

use clap::Args;

use crate::load::DataPaths;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Directory holding geodata/ and seeds/ (default: the current directory).
    #[arg(long, env = "PIEROBEZA_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
}

impl DataArgs {
    /// Where geodata/ and seeds/ are.
    pub fn paths(&self) -> DataPaths {
        match &self.data_dir {
            Some(d) => DataPaths::under(d),
            None => DataPaths::current_dir(),
        }
    }

    /// The data directory itself.
    pub fn dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
    }
}

/// The store a command uses.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// The database: `postgres://USER@HOST/DB` (PostGIS, shared by several processes),
    /// `sqlite://FILE` or a file path. Default: `pierobeza.sqlite3` in the data directory,
    /// created and loaded from geodata/ and seeds/ on first use.
    #[arg(long, env = "PIEROBEZA_DATABASE", global = true)]
    pub database: Option<String>,
    /// Where geodata/ and seeds/ are.
    #[command(flatten)]
    pub data: DataArgs,
}

impl StoreArgs {
    /// The database named, or the default file.
    pub fn target(&self) -> Result<crate::store::DatabaseTarget, crate::store::StoreError> {
        crate::store::DatabaseTarget::parse(self.database.as_deref(), &self.data.dir())
    }
}

/// `pierobeza init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// On a store that holds data already: store the difference between it and the
    /// files as one changeset (history is kept), instead of doing nothing.
    #[arg(long)]
    pub reload: bool,
    /// The database.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Options of `pierobeza serve`.
/// `pierobeza generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many locations: 80 % points, 10 % lines, 10 % small polygons.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=crate::store::generate::MAX_LOCATIONS))]
    pub locations: u64,
    /// Seed of the generator: the same seed gives the same locations.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PIEROBEZA_BIND", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PIEROBEZA_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Built map assets (default: web/dist of this repository).
    #[arg(long, env = "PIEROBEZA_WEB_DIR")]
    pub web_dir: Option<PathBuf>,
    /// The URL clients reach the service at (behind a reverse proxy, e.g.
    /// `https://maps.example.lv/pierobeza`); every absolute link starts with it.
    #[arg(long, env = "PIEROBEZA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Host names whose `Host` header may be used for links when no --public-url is set
    /// (loopback names always are); other hosts get links to the bound address.
    #[arg(
        long = "allowed-host",
        env = "PIEROBEZA_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub allowed_hosts: Vec<String>,
    /// Web origins that may read the API from a browser: `*` (open data, the default),
    /// `none`, or a comma-separated list such as `https://maps.example.lv`. Only GET and
    /// HEAD are ever allowed cross-origin, never with credentials.
    #[arg(long, env = "PIEROBEZA_CORS_ORIGIN", default_value = "*")]
    pub cors_origin: String,
    /// Seconds a connection may take to send a whole request head (idle keep-alive
    /// connections included) before it is closed.
    #[arg(long, env = "PIEROBEZA_HEADER_TIMEOUT_S", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=30))]
    pub header_timeout_s: u64,
    /// Seconds a request may take from its head to its response head.
    #[arg(long, env = "PIEROBEZA_REQUEST_TIMEOUT_S", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_s: u64,
    /// Most connections open at once; more are closed on arrival.
    #[arg(long, env = "PIEROBEZA_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// The database.
    #[command(flatten)]
    pub store: StoreArgs,
}

impl ServeArgs {
    /// The edge configuration for a server bound to `bound` (`host:port`).
    pub fn edge(&self, bound: &str) -> Result<crate::api::edge::EdgeConfig, String> {
        if let Some(u) = &self.public_url {
            crate::api::links::validate_public_url(u).map_err(|e| format!("--public-url: {e}"))?;
        }
        let cors = crate::api::edge::CorsPolicy::parse(&self.cors_origin)
            .map_err(|e| format!("--cors-origin: {e}"))?;
        Ok(crate::api::edge::EdgeConfig {
            links: crate::api::links::LinkBase::new(
                self.public_url.as_deref(),
                &self.allowed_hosts,
                bound,
            ),
            cors,
            request_timeout: std::time::Duration::from_secs(self.request_timeout_s),
        })
    }

    /// Bounds on connections.
    pub fn conn_limits(&self) -> crate::api::server::ConnLimits {
        crate::api::server::ConnLimits {
            header_read_timeout: std::time::Duration::from_secs(self.header_timeout_s),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }
}
