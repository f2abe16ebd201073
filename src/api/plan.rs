//! `/plan`: what the plan says about itself beyond its measures — the challenges it
//! answers, how its implementation is to be monitored, its priorities after 2027 — with its
//! money pools and measure counts. What a monitoring user reads first.

use axum::extract::{Query as AxumQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::params::{self, Query};
use super::{ApiError, AppState};
use crate::model::{PlanStatement, StatementKind};

pub fn router() -> Router<AppState> {
    Router::new().route("/plan", get(plan))
}

fn of_kind(statements: &[PlanStatement], kind: StatementKind) -> Vec<&PlanStatement> {
    statements.iter().filter(|s| s.kind == kind).collect()
}

async fn plan(
    State(st): State<AppState>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    let v = st.view();
    params::reject_unknown(&q, &["f"], |_| false)?;
    if let Some(f) = q.get("f").filter(|f| *f != "json") {
        return Err(ApiError::param("f", format!("`{f}` is not json")));
    }
    let plan = &v.catalog.plan;
    let statements = &plan.statements;
    let pools: Vec<Value> = plan
        .funding_pools
        .iter()
        .map(|p| {
            json!({"id": p.id, "name_en": p.name_en, "name_lv": p.name_lv,
                        "amount_eur": p.amount_eur, "measures_count": p.measures_count,
                        "source": p.source})
        })
        .collect();
    Ok(Json(json!({
        "title_en": "Action plan for the economic growth and security of Latvia's Eastern border area 2025–2027",
        "approved_by": "Cabinet Order No. 32 of 20 January 2025",
        "measures_recorded": plan.measures.len(),
        "funding_pools": pools,
        "funding_per_municipality": "unknown: the plan states its money per pool, not per measure or municipality",
        "challenges": of_kind(statements, StatementKind::Challenge),
        "monitoring": of_kind(statements, StatementKind::Monitoring),
        "priorities_after_2027": of_kind(statements, StatementKind::PriorityAfter2027),
    })))
}
