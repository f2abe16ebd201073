//! The values an enumerated property can take, as [`Record::properties`] renders
//! them. The queryables document declares them as `enum`, so a client can offer a
//! choice instead of a text box; they come from the typed fields' own enums, not
//! from the values present (a layer without an `exact` site still may get one).

use super::Record;
use crate::model::{Country, Direction, FundingKind, Precision};

/// The kinds of unit, as `UnitRecord::properties` writes them.
const UNIT_KINDS: [&str; 2] = ["state_city", "novads"];

/// A candidate place is marked; a site's `site_status` is null.
const SITE_STATUSES: [&str; 1] = ["candidate"];

impl Record {
    /// The values property `name` of this kind of record can take, when it is
    /// rendered from an enum; `None` for free text and numbers.
    pub fn domain(&self, name: &str) -> Option<Vec<&'static str>> {
        let precisions = || Precision::ALL.iter().map(|p| p.as_str()).collect();
        let countries = || Country::ALL.iter().map(|c| c.as_str()).collect();
        match (self, name) {
            (Record::Unit(_), "kind") => Some(UNIT_KINDS.to_vec()),
            (Record::Border(_), "neighbour") => Some(countries()),
            (Record::Settlement(_), "precision") => Some(vec![Precision::Settlement.as_str()]),
            (Record::Crossing(_), "country") => Some(countries()),
            (Record::Crossing(_), "precision") => Some(precisions()),
            (Record::MeasureLocation(_), "precision") => Some(precisions()),
            (Record::MeasureLocation(_), "direction") => {
                Some(Direction::ALL.iter().map(|d| d.as_str()).collect())
            }
            (Record::MeasureLocation(_), "funding_kind") => {
                Some(FundingKind::ALL.iter().map(|k| k.as_str()).collect())
            }
            (Record::MeasureLocation(_), "site_status") => Some(SITE_STATUSES.to_vec()),
            _ => None,
        }
    }
}
