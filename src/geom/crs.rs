//! The two coordinate reference systems pierobeza reads and writes.

/// A coordinate reference system of a file read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Crs {
    /// OGC CRS84: longitude, latitude in degrees (WGS 84, or ETRS89 on input), as
    /// served by the API.
    #[default]
    Crs84,
    /// LKS-92 / Latvia TM (EPSG:3059): easting, northing in metres.
    Lks92,
}

impl Crs {
    /// Parses `EPSG:4326`, `CRS84`, `OGC:CRS84` or `EPSG:3059` (case-insensitive).
    pub fn parse(s: &str) -> Option<Crs> {
        match s.trim().to_ascii_uppercase().as_str() {
            "CRS84" | "OGC:CRS84" | "EPSG:4326" | "4326" | "WGS84" => Some(Crs::Crs84),
            "EPSG:3059" | "3059" | "LKS92" | "LKS-92" => Some(Crs::Lks92),
            _ => None,
        }
    }

    /// The EPSG code written into files.
    pub fn epsg(self) -> u32 {
        match self {
            Crs::Crs84 => 4326,
            Crs::Lks92 => 3059,
        }
    }

    /// `EPSG:4326` or `EPSG:3059`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Crs::Crs84 => "EPSG:4326",
            Crs::Lks92 => "EPSG:3059",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(Crs::parse(" epsg:3059 "), Some(Crs::Lks92));
        assert_eq!(Crs::parse("OGC:CRS84"), Some(Crs::Crs84));
        assert_eq!(Crs::parse("EPSG:3857"), None);
        assert_eq!(Crs::Lks92.name(), "EPSG:3059");
        assert_eq!(Crs::Crs84.epsg(), 4326);
    }
}
