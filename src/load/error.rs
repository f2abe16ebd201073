//! Data errors that say where: file, record and field.

use std::fmt;
use std::path::PathBuf;

/// One problem in one data file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {record}: {field}: {message}", file.display())]
pub struct DataError {
    pub file: PathBuf,
    /// Feature id, measure id, or `line N` / `feature #N` where there is no id.
    pub record: String,
    /// The field (property, key) at fault; `-` for the whole record or file.
    pub field: String,
    pub message: String,
}

impl DataError {
    pub fn new(
        file: impl Into<PathBuf>,
        record: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        DataError {
            file: file.into(),
            record: record.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// All problems found in one load, never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} data error(s):", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataErrors {}

impl From<DataError> for DataErrors {
    fn from(e: DataError) -> Self {
        DataErrors(vec![e])
    }
}
