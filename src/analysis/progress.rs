//! Monitoring: where each indicator stands against a straight path from the
//! plan's approval to its target, and each measure's stage, as of a date.
//!
//! An indicator is *on track* when its latest value (on or before the date) is at
//! least what a straight line from 0 at approval to the target at the end of the
//! target year gives for the date of that value; *late* when it is below; *not
//! reported* (null, with the reason) when no value has been recorded yet, and
//! qualitative indicators (no target) have no path at all.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{IndicatorValue, Stage, StageRecord};

/// The day the plan was approved: every path starts here, at 0.
pub fn plan_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 20).expect("a valid date")
}

/// The last day of the plan's period, the default end of a path.
pub const PLAN_END_YEAR: i32 = 2027;

/// Where the straight path from 0 at `start` to `target` at `end` is on `on`
/// (held at the target after `end`, at 0 before `start`).
pub fn path_value(start: NaiveDate, end: NaiveDate, target: f64, on: NaiveDate) -> f64 {
    let total = (end - start).num_days();
    if total <= 0 || on >= end {
        return target;
    }
    let done = (on - start).num_days().clamp(0, total);
    target * done as f64 / total as f64
}

/// How an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    OnTrack,
    Late,
    /// No value recorded on or before the date.
    NotReported,
    /// The indicator has no numeric target.
    NoTarget,
}

/// One indicator's standing as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorStanding {
    pub target: Option<f64>,
    /// The end of the path: 31 December of the target year (the plan's last year
    /// when the indicator names none).
    pub target_date: NaiveDate,
    /// The latest value on or before the date, and its date.
    pub latest: Option<f64>,
    pub latest_date: Option<NaiveDate>,
    /// `latest / target`; `None` without both.
    pub share: Option<f64>,
    /// Where the path is on `latest_date`.
    pub expected: Option<f64>,
    pub verdict: Verdict,
}

/// The standing of an indicator with `target` (reached by the end of
/// `target_year`) from its `values`, as of `at`.
pub fn standing(
    target: Option<f64>,
    target_year: Option<u16>,
    values: &[&IndicatorValue],
    at: NaiveDate,
) -> IndicatorStanding {
    let year = target_year.map_or(PLAN_END_YEAR, i32::from);
    let target_date = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_else(plan_start);
    let latest = values
        .iter()
        .filter(|v| v.date <= at)
        .max_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    let mut s = IndicatorStanding {
        target,
        target_date,
        latest: latest.map(|v| v.value),
        latest_date: latest.map(|v| v.date),
        share: None,
        expected: None,
        verdict: Verdict::NoTarget,
    };
    let Some(t) = target else {
        return s;
    };
    let Some(v) = latest else {
        s.verdict = Verdict::NotReported;
        return s;
    };
    let expected = path_value(plan_start(), target_date, t, v.date);
    s.share = (t != 0.0).then(|| v.value / t);
    s.expected = Some(expected);
    s.verdict = if v.value >= expected {
        Verdict::OnTrack
    } else {
        Verdict::Late
    };
    s
}

/// A measure's stage on `at`: its latest stage record on or before then, else
/// `approved` (from the plan's approval) — or `None` before the plan existed.
pub fn stage_at<'a>(
    records: impl IntoIterator<Item = &'a StageRecord>,
    at: NaiveDate,
) -> Option<(Stage, NaiveDate)> {
    if at < plan_start() {
        return None;
    }
    let latest = records
        .into_iter()
        .filter(|r| r.date <= at)
        .max_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    Some(latest.map_or((Stage::Approved, plan_start()), |r| (r.stage, r.date)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn value(id: &str, date: NaiveDate, value: f64) -> IndicatorValue {
        IndicatorValue {
            id: id.into(),
            measure_id: "sec-02".into(),
            indicator_id: "parks".into(),
            date,
            value,
            source: "https://example.lv".into(),
            note: None,
        }
    }

    #[test]
    fn the_path_runs_from_zero_at_approval_to_the_target_at_the_end_of_its_year() {
        let end = d(2027, 12, 31);
        assert_eq!(path_value(plan_start(), end, 25.0, plan_start()), 0.0);
        assert_eq!(path_value(plan_start(), end, 25.0, end), 25.0);
        assert_eq!(path_value(plan_start(), end, 25.0, d(2028, 6, 1)), 25.0);
        assert_eq!(path_value(plan_start(), end, 25.0, d(2024, 1, 1)), 0.0);
        // 2025-01-20 .. 2027-12-31 is 1075 days; 2026-07-01 is day 527.
        let mid = path_value(plan_start(), end, 25.0, d(2026, 7, 1));
        assert!((mid - 25.0 * 527.0 / 1075.0).abs() < 1e-12, "{mid}");
    }

    #[test]
    fn an_indicator_below_the_path_is_late_and_one_on_or_above_it_on_track() {
        // Target 25 by the end of 2027; on 2026-07-01 the path is at 12.26.
        let below = value("a", d(2026, 7, 1), 12.0);
        let s = standing(Some(25.0), Some(2027), &[&below], d(2026, 12, 1));
        assert_eq!(s.verdict, Verdict::Late);
        assert_eq!((s.latest, s.latest_date), (Some(12.0), Some(d(2026, 7, 1))));
        assert!((s.share.unwrap() - 0.48).abs() < 1e-12);
        assert!((s.expected.unwrap() - 12.255_813_953_488_373).abs() < 1e-9);

        let above = value("b", d(2026, 7, 1), 13.0);
        let s = standing(Some(25.0), Some(2027), &[&above], d(2026, 12, 1));
        assert_eq!(s.verdict, Verdict::OnTrack);
    }

    #[test]
    fn the_latest_value_by_the_date_counts_and_later_ones_do_not() {
        let early = value("a", d(2025, 6, 1), 10.0); // path: 3.1 — on track
        let late = value("b", d(2027, 6, 1), 11.0); // path: 20.0 — late
        let vs = [&early, &late];
        assert_eq!(
            standing(Some(25.0), None, &vs, d(2026, 1, 1)).verdict,
            Verdict::OnTrack
        );
        assert_eq!(
            standing(Some(25.0), None, &vs, d(2027, 7, 1)).verdict,
            Verdict::Late
        );
        let none = standing(Some(25.0), None, &vs, d(2025, 3, 1));
        assert_eq!((none.verdict, none.latest), (Verdict::NotReported, None));
        assert_eq!(
            standing(None, None, &vs, d(2027, 7, 1)).verdict,
            Verdict::NoTarget
        );
    }

    #[test]
    fn a_measure_is_approved_until_a_stage_record_says_otherwise() {
        let r = |id: &str, stage, date| StageRecord {
            id: id.into(),
            measure_id: "sec-02".into(),
            stage,
            date,
            institution: None,
            source: "https://example.lv".into(),
            note: None,
        };
        let rs = [
            r("1", Stage::Preparation, d(2025, 10, 2)),
            r("2", Stage::UnderWay, d(2026, 3, 1)),
        ];
        assert_eq!(stage_at(&rs, d(2024, 12, 31)), None);
        assert_eq!(
            stage_at(&rs, d(2025, 5, 1)),
            Some((Stage::Approved, plan_start()))
        );
        assert_eq!(
            stage_at(&rs, d(2025, 12, 1)),
            Some((Stage::Preparation, d(2025, 10, 2)))
        );
        assert_eq!(
            stage_at(&rs, d(2026, 12, 1)),
            Some((Stage::UnderWay, d(2026, 3, 1)))
        );
    }
}
