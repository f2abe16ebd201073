//! `pierobeza token create|list|revoke`: token administration from the command
//! line (whoever can run it on the server's data is the administrator).

use clap::{Args, Subcommand};

use super::Role;
use crate::cli::StoreArgs;
use crate::store::Store;

/// `pierobeza token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// What to do with tokens.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a token; it is printed once and stored only as a digest.
    Create {
        /// Who holds it (written into the history of every change made with it).
        #[arg(long)]
        name: String,
        /// analyst (reads restricted sites), editor (also writes), admin (also tokens).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List tokens (names, roles, first characters, revocation), never the tokens.
    List,
    /// Revoke the token of a name; it stops working on the next request.
    Revoke {
        /// The token's name.
        name: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("`{s}` is not a role: use analyst, editor or admin"))
}

/// Runs a token command; returns what to print on stdout.
pub async fn run(a: &TokenArgs) -> anyhow::Result<String> {
    let store = Store::open(&a.store.target()?).await?;
    Ok(match &a.action {
        TokenAction::Create { name, role } => {
            let token = store.create_token(name, *role).await?;
            format!("{token}\n")
        }
        TokenAction::List => {
            let mut out = String::from("name\trole\tprefix\tcreated\trevoked\n");
            for t in store.list_tokens().await? {
                out.push_str(&format!(
                    "{}\t{}\t{}…\t{}\t{}\n",
                    t.name,
                    t.role,
                    t.prefix,
                    t.created_at,
                    t.revoked_at.as_deref().unwrap_or("-")
                ));
            }
            out
        }
        TokenAction::Revoke { name } => {
            if !store.revoke_token(name).await? {
                anyhow::bail!("no live token named {name:?}");
            }
            format!("revoked {name}\n")
        }
    })
}
