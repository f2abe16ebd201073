//! `pierobeza check`: validate all shipped data and show that the totals reconcile.

use crate::load::seeds::rules::ROUNDING_M_EUR;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::load::seeds::{load_seed_data, PlanInfo, SeedData};
use crate::load::{geodata::load_geodata, DataError, DataPaths};
use crate::model::{Direction, Geodata, Plan, Precision, Vintage};

/// The outcome of a check: a printable report and whether the data is sound.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub text: String,
    pub ok: bool,
    /// Every problem found, in the order found.
    pub errors: Vec<DataError>,
}

/// Loads everything under `paths`, validates it and builds the report.
pub fn run(paths: &DataPaths) -> CheckReport {
    let mut errors = Vec::new();
    let geodata = match load_geodata(&paths.geodata) {
        Ok(g) => Some(g),
        Err(e) => {
            errors.extend(e.0);
            None
        }
    };
    let empty = Geodata::default();
    let seeds = match load_seed_data(&paths.seeds, geodata.as_ref().unwrap_or(&empty)) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.extend(e.0);
            None
        }
    };

    let mut text = String::new();
    match &geodata {
        Some(g) => geodata_section(g, &mut text),
        None => text.push_str("geodata: NOT LOADED (see errors)\n"),
    }
    match &seeds {
        Some(d) => seeds_section(d, &mut text),
        None => text.push_str("seeds: NOT LOADED (see errors)\n"),
    }

    let ok = errors.is_empty();
    if ok {
        text.push_str("\nok: all data valid, totals reconcile\n");
    } else {
        let _ = writeln!(text, "\nFAILED: {} error(s)", errors.len());
        for e in &errors {
            let _ = writeln!(text, "  {e}");
        }
    }
    CheckReport { text, ok, errors }
}

fn geodata_section(g: &Geodata, out: &mut String) {
    out.push_str("geodata layers:\n");
    for v in Vintage::ALL {
        let units = g.units(v);
        let flagged = units.iter().filter(|m| m.eastern_border_area).count();
        let _ = writeln!(
            out,
            "  municipalities_{:<8} {:>5} units ({flagged} in the eastern border area)",
            v.as_str(),
            units.len()
        );
    }
    let _ = writeln!(out, "  settlements            {:>5}", g.settlements.len());
    let _ = writeln!(out, "  crossings              {:>5}", g.crossings.len());
    let _ = writeln!(out, "  border segments        {:>5}", g.border.len());
    let _ = writeln!(
        out,
        "  plan territory         {:>5} polygon(s)",
        g.plan_territory.0.len()
    );
}

fn seeds_section(d: &SeedData, out: &mut String) {
    plan_header(&d.info, out);
    measure_layers(&d.plan, out);
    direction_totals(&d.plan, &d.info, out);
    let pools_sum = funding_pools(&d.plan, out);
    public_record(&d.info, pools_sum, out);
    sites_not_public(&d.plan, out);
}

/// The plan's title, approval, report date and territory.
fn plan_header(info: &PlanInfo, out: &mut String) {
    let _ = writeln!(
        out,
        "\nplan: {} ({}, {}); responsible: {}; targets for {}; report due {}",
        info.title_en,
        info.approved_by,
        info.approved_on,
        info.responsible_institution,
        info.target_year,
        info.report_due
    );
    let _ = writeln!(
        out,
        "territory: {} units of the 2021–2025 vintage ({} novadi + {} state cities)",
        info.territory.units.len(),
        info.territory.novadi,
        info.territory.state_cities
    );
}

/// One layer per measure kind, with its locations by precision.
fn measure_layers(plan: &Plan, out: &mut String) {
    // One layer per measure kind.
    let mut kinds: BTreeMap<&str, (usize, usize, BTreeMap<Precision, usize>)> = BTreeMap::new();
    for m in &plan.measures {
        let e = kinds.entry(m.kind.as_str()).or_default();
        e.0 += 1;
        e.1 += m.locations.len();
        for l in &m.locations {
            *e.2.entry(l.precision).or_default() += 1;
        }
    }
    let _ = writeln!(out, "\nmeasure layers (one per kind): {}", kinds.len());
    for (kind, (n, locs, prec)) in &kinds {
        let prec: Vec<String> = prec
            .iter()
            .map(|(p, c)| format!("{c} {}", p.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "  {kind:<36} {n:>2} measure(s) {locs:>3} location(s) [{}]",
            prec.join(", ")
        );
    }
}

/// Measures, indicators, locations, pools and amounts per direction.
fn direction_totals(plan: &Plan, info: &PlanInfo, out: &mut String) {
    let _ = writeln!(out, "\ntotals per direction:");
    for dir in Direction::ALL {
        let ms: Vec<_> = plan
            .measures
            .iter()
            .filter(|m| m.direction == dir)
            .collect();
        let inds: Vec<_> = ms.iter().flat_map(|m| &m.indicators).collect();
        let quantitative = inds.iter().filter(|i| i.target.is_some()).count();
        let locs: usize = ms.iter().map(|m| m.locations.len()).sum();
        let mut pools: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &ms {
            let p = m
                .funding
                .as_ref()
                .map_or("pool not stated", |f| f.pool.as_str());
            *pools.entry(p).or_default() += 1;
        }
        let amounts: f64 = ms
            .iter()
            .filter_map(|m| m.funding.as_ref().and_then(|f| f.amount_eur))
            .sum();
        let pools: Vec<String> = pools.iter().map(|(p, n)| format!("{p}: {n}")).collect();
        let name = info
            .directions
            .iter()
            .find(|x| x.direction == dir)
            .map_or(dir.as_str().to_string(), |x| {
                format!("{}. {} ({})", x.number, x.name_en, x.name_lv)
            });
        let _ = writeln!(
            out,
            "  {name:<36} {:>2} measures, {:>2} indicators ({quantitative} with a target), {locs:>2} locations; {}; per-measure EUR given: {}",
            ms.len(),
            inds.len(),
            pools.join(", "),
            eur(amounts)
        );
    }
    let _ = writeln!(
        out,
        "  {:<36} {:>2} measures (the summary's bullets; the plan's full measure list is not in the summary)",
        "all",
        plan.measures.len()
    );
}

/// The funding pools and what the records attribute to each; returns their sum.
fn funding_pools(plan: &Plan, out: &mut String) -> f64 {
    let _ = writeln!(
        out,
        "\nfunding pools (the plan states totals, not a per-measure breakdown):"
    );
    let mut pools_sum = 0.0;
    for p in &plan.funding_pools {
        pools_sum += p.amount_eur;
        let refs: Vec<_> = plan
            .measures
            .iter()
            .filter(|m| m.funding.as_ref().is_some_and(|f| f.pool == p.id))
            .collect();
        let given: f64 = refs
            .iter()
            .filter_map(|m| m.funding.as_ref().and_then(|f| f.amount_eur))
            .sum();
        let count = p
            .measures_count
            .map_or("count not stated".to_string(), |n| {
                format!("plan: {n} measures")
            });
        let _ = writeln!(
            out,
            "  {:<9} {:>15} ({count}); recorded here: {} measure(s), per-measure amounts {} (unallocated {})",
            p.id,
            eur(p.amount_eur),
            refs.len(),
            eur(given),
            eur(p.amount_eur - given)
        );
        if let Some(n) = p.measures_count {
            if (refs.len() as u32) < n {
                let unpooled = plan.measures.iter().filter(|m| m.funding.is_none()).count();
                let _ = writeln!(
                    out,
                    "            {} of the plan's {n} measures in this pool are not matched to a record: the summary does not list them one by one ({unpooled} record(s) have no stated pool)",
                    n - refs.len() as u32
                );
            }
        }
    }
    let _ = writeln!(out, "  {:<9} {:>15}", "sum", eur(pools_sum));
    pools_sum
}

/// The public record: its parts must add up to its total; its gap to the pools is shown.
fn public_record(info: &PlanInfo, pools_sum: f64, out: &mut String) {
    // The public record: its parts must add up to its total; its gap to the pools is shown.
    let fig = |id: &str| info.figure(id).map(|f| f.value);
    if let (Some(total), Some(state), Some(eu)) = (
        fig("amount_total"),
        fig("amount_state_budget"),
        fig("amount_eu_foreign"),
    ) {
        let parts = state + eu;
        let reconciles = (parts - total).abs() <= ROUNDING_M_EUR;
        let _ = writeln!(
            out,
            "\npublic record: {} measures, {total} M EUR = {state} M state budget + {eu} M EU and foreign ({})",
            fig("measures_total").map_or("?".into(), |n| n.to_string()),
            if reconciles { "reconciles" } else { "DOES NOT reconcile" }
        );
        let gap = total * 1e6 - pools_sum;
        let _ = writeln!(
            out,
            "  against the summary's pools: {} vs {}, {} more in the public record; the sources do not explain it",
            eur(total * 1e6),
            eur(pools_sum),
            eur(gap)
        );
    }
}

/// Measures whose sites are not public.
fn sites_not_public(plan: &Plan, out: &mut String) {
    let _ = writeln!(
        out,
        "sites not public: {}",
        plan.measures
            .iter()
            .filter(|m| m.sites_not_public)
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Whole euros with thousands separators, e.g. `476,082,274 EUR`.
fn eur(v: f64) -> String {
    let neg = v < 0.0;
    let digits = format!("{:.0}", v.abs());
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            s.push(',');
        }
        s.push(c);
    }
    format!("{}{s} EUR", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_have_separators() {
        assert_eq!(eur(476_082_274.0), "476,082,274 EUR");
        assert_eq!(eur(0.0), "0 EUR");
        assert_eq!(eur(-11_820_800.0), "-11,820,800 EUR");
    }
}
