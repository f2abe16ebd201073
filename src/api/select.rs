//! `properties=a,b` and `skipGeometry=true` on items and item (OGC API – Features
//! Part 6, draft, "Property selection"): a feature with only the named attributes,
//! or without its geometry. Selection only removes from what the caller's view
//! serves, so it can never add a restricted field or place.

use std::borrow::Cow;

use serde_json::Value;

use super::params::Query;
use super::ApiError;
use crate::index::Layer;

/// What of each feature to return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The attributes to keep, in the feature's own order; `None`: all.
    properties: Option<Vec<String>>,
    /// Serve `"geometry": null`.
    skip_geometry: bool,
}

impl Selection {
    /// Reads `properties` (comma-separated names of `l`'s properties; empty keeps
    /// none) and `skipGeometry` (`true` or `false`).
    pub fn parse(q: &Query, l: &Layer) -> Result<Selection, ApiError> {
        let properties = match q.get("properties") {
            None => None,
            Some(s) if s.trim().is_empty() => Some(Vec::new()),
            Some(s) => Some(
                s.split(',')
                    .map(|n| known(n.trim(), l))
                    .collect::<Result<_, _>>()?,
            ),
        };
        let skip_geometry = match q.get("skipGeometry").map(String::as_str) {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(ApiError::param(
                    "skipGeometry",
                    format!("`{other}` is not true or false"),
                ))
            }
        };
        Ok(Selection {
            properties,
            skip_geometry,
        })
    }

    /// Whether every feature goes out whole (its kept text can be sent as it is).
    pub fn is_all(&self) -> bool {
        self.properties.is_none() && !self.skip_geometry
    }

    /// Removes what is not selected from a GeoJSON feature.
    pub fn apply(&self, feature: &mut Value) {
        if self.skip_geometry {
            feature["geometry"] = Value::Null;
        }
        if let (Some(keep), Some(Value::Object(props))) =
            (&self.properties, feature.get_mut("properties"))
        {
            props.retain(|k, _| keep.iter().any(|n| n == k));
        }
    }

    /// A feature's GeoJSON text with the selection applied; the text itself when
    /// everything is selected.
    pub fn text<'a>(&self, text: &'a str) -> Result<Cow<'a, str>, ApiError> {
        if self.is_all() {
            return Ok(Cow::Borrowed(text));
        }
        let mut v: Value =
            serde_json::from_str(text).map_err(|e| ApiError::Internal(e.to_string()))?;
        self.apply(&mut v);
        Ok(Cow::Owned(v.to_string()))
    }
}

impl Selection {
    /// [`Selection::text`] of a text that may be owned (a feature written anew in
    /// another CRS).
    pub fn text_of<'a>(&self, text: Cow<'a, str>) -> Result<Cow<'a, str>, ApiError> {
        if self.is_all() {
            return Ok(text);
        }
        Ok(Cow::Owned(self.text(&text)?.into_owned()))
    }
}

/// A property name of `l`, or a 400 naming `properties`.
fn known(name: &str, l: &Layer) -> Result<String, ApiError> {
    if l.property_type(name).is_some() {
        return Ok(name.to_string());
    }
    Err(ApiError::param(
        "properties",
        format!(
            "`{name}` is not a property of {}; see /collections/{}/queryables",
            l.id, l.id
        ),
    ))
}
