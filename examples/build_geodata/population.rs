//! Population figures applied to the units and settlements: one reference date (CSB,
//! 1 January 2026) for every unit of both vintages, and the settlement table that says,
//! for each GeoNames point, which figure it carries and why.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Map, Value};

use crate::sources::read_csv;

/// Latvia's resident population on the reference date (CSB), which both vintages must sum to.
const LATVIA_TOTAL: u64 = 1_845_096;

/// `geodata/sources/population_2026.csv`: (code, vintage) → row.
pub struct UnitPopulation {
    rows: BTreeMap<(String, String), BTreeMap<String, String>>,
}

impl UnitPopulation {
    pub fn read(path: &Path) -> Result<UnitPopulation> {
        let mut rows = BTreeMap::new();
        for (i, r) in read_csv(path)?.into_iter().enumerate() {
            r["population"].parse::<u64>().with_context(|| {
                format!(
                    "{} row {}: population `{}`",
                    path.display(),
                    i + 2,
                    r["population"]
                )
            })?;
            rows.insert((r["code"].clone(), r["vintage"].clone()), r);
        }
        let me = UnitPopulation { rows };
        for vintage in ["2021", "current"] {
            let sum: u64 = me
                .rows
                .iter()
                .filter(|((_, v), _)| v == vintage)
                .filter_map(|(_, r)| r["population"].parse::<u64>().ok())
                .sum();
            if sum != LATVIA_TOTAL {
                bail!(
                    "{}: vintage {vintage} sums to {sum}, not Latvia's {LATVIA_TOTAL}",
                    path.display()
                );
            }
        }
        Ok(me)
    }

    fn row(&self, code: &str, vintage: &str) -> Result<&BTreeMap<String, String>> {
        self.rows
            .get(&(code.to_string(), vintage.to_string()))
            .ok_or_else(|| anyhow!("population_2026.csv has no row for {code} ({vintage})"))
    }

    pub fn get(&self, code: &str, vintage: &str) -> Result<u64> {
        Ok(self.row(code, vintage)?["population"].parse()?)
    }

    /// Sets `population`, `population_date` and `population_source` of a unit.
    pub fn apply(&self, p: &mut Map<String, Value>, code: &str, vintage: &str) -> Result<()> {
        let r = self.row(code, vintage)?;
        p.insert("population".into(), json!(self.get(code, vintage)?));
        p.insert(
            "population_year".into(),
            json!(r["reference_date"][..4].parse::<u16>()?),
        );
        p.insert("population_date".into(), json!(r["reference_date"]));
        let source = format!(
            "{} (Central Statistical Bureau of Latvia); {}; geodata/sources/population_2026.csv",
            r["source_url"], r["source_note"]
        );
        p.insert("population_source".into(), json!(source));
        Ok(())
    }
}

/// `geodata/sources/settlement_population.csv`: geonameid → row.
pub struct SettlementPopulation {
    rows: BTreeMap<u64, BTreeMap<String, String>>,
}

impl SettlementPopulation {
    pub fn read(path: &Path) -> Result<SettlementPopulation> {
        let mut rows = BTreeMap::new();
        for (i, r) in read_csv(path)?.into_iter().enumerate() {
            let id: u64 = r["geonameid"]
                .parse()
                .with_context(|| format!("{} row {}: geonameid", path.display(), i + 2))?;
            rows.insert(id, r);
        }
        Ok(SettlementPopulation { rows })
    }

    /// Sets `population` (null where unknown or counted elsewhere), `population_basis`,
    /// `population_note` and `part_of` of a settlement.
    /// `geonames_population` is checked against the GeoNames file the build reads.
    pub fn apply(
        &self,
        p: &mut Map<String, Value>,
        geonameid: u64,
        geonames_population: u64,
        unit: &str,
    ) -> Result<()> {
        let r = self.rows.get(&geonameid).ok_or_else(|| {
            anyhow!("settlement_population.csv has no row for GeoNames {geonameid}")
        })?;
        if r["geonames_population"] != geonames_population.to_string() {
            bail!("GeoNames {geonameid}: settlement_population.csv has GeoNames population {}, the GeoNames file {geonames_population}", r["geonames_population"]);
        }
        if r["unit_2021"] != unit {
            bail!(
                "GeoNames {geonameid}: settlement_population.csv says {}, the point lies in {unit}",
                r["unit_2021"]
            );
        }
        let population = match r["population"].as_str() {
            "" => Value::Null,
            s => json!(s
                .parse::<u64>()
                .with_context(|| format!("GeoNames {geonameid}: population `{s}`"))?),
        };
        let basis = r["population_basis"].as_str();
        if population.is_null() == matches!(basis, "csb_town" | "geonames_village") {
            bail!(
                "GeoNames {geonameid}: basis {basis} does not fit population `{}`",
                r["population"]
            );
        }
        p.insert("population".into(), population);
        p.insert("population_basis".into(), json!(basis));
        p.insert("population_note".into(), json!(r["note"]));
        let part_of = (!r["part_of"].is_empty()).then(|| r["part_of"].clone());
        p.insert("part_of".into(), json!(part_of));
        Ok(())
    }
}
