//! Edits to the plan's records, checked before the store sees them: the rules a
//! write through the API and an import share.

/// A measure location written as a GeoJSON feature.
pub mod location;
/// Progress records (stages, indicator values, allocations).
pub mod progress;

/// A field of a written record that breaks a rule, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {message}")]
pub struct FieldError {
    /// The field as a client names it (`properties.precision`, `geometry`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}
