//! Who is asking: bearer tokens and the roles they carry.
//!
//! Tokens are created and revoked with the CLI (`pierobeza token …`: the file
//! system is the administrator's credential); the store keeps only their SHA-256
//! digests.

pub mod cli;
mod role;
mod token;

pub use role::{Principal, Role};
pub use token::{digest, generate, matches, TOKEN_PREFIX};
