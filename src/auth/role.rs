//! Roles, ordered by what they may do: each may do what the ones before it may.

use std::fmt;

/// What a caller may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// No token: reads, with restricted sites at their public precision only.
    Anonymous,
    /// Also reads restricted geometry.
    Analyst,
    /// Also writes measures, locations and progress.
    Editor,
    /// Also manages tokens.
    Admin,
}

impl Role {
    /// The roles a token can carry.
    pub const GRANTABLE: [Role; 3] = [Role::Analyst, Role::Editor, Role::Admin];

    /// The name in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Anonymous => "anonymous",
            Role::Analyst => "analyst",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// A grantable role by name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::GRANTABLE.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An authenticated caller: the token's name (written into history) and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: Role,
}

impl Principal {
    /// The caller without a token.
    pub fn anonymous() -> Principal {
        Principal {
            name: "anonymous".into(),
            role: Role::Anonymous,
        }
    }

    /// Whether the caller may act as `role`.
    pub fn can(&self, role: Role) -> bool {
        self.role >= role
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below() {
        let editor = Principal {
            name: "e".into(),
            role: Role::Editor,
        };
        assert!(editor.can(Role::Analyst) && editor.can(Role::Editor));
        assert!(!editor.can(Role::Admin));
        assert!(!Principal::anonymous().can(Role::Analyst));
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(Role::parse("anonymous"), None);
    }
}
