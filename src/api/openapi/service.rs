//! The service's own paths: the landing page, conformance, this document, the
//! collections, the plan, whose a token is, and the map page.

use serde_json::{json, Map, Value};

use super::parameters::Param;
use super::responses::{answers, json_ok, with_edge_errors, Resp};

/// Adds `/`, `/conformance`, `/api`, `/collections`, `/plan`, `/auth/whoami` and `/map`.
pub(super) fn add_paths(paths: &mut Map<String, Value>) {
    let f_json = [Param::JsonFormat.to_ref()];
    let page = |summary: &str, op: &str, ok: &str| json!({"get": {"summary": summary, "operationId": op, "parameters": f_json, "responses": json_ok(ok)}});
    paths.insert(
        "/".into(),
        page("Landing page", "getLandingPage", "Links to the API"),
    );
    paths.insert(
        "/conformance".into(),
        page(
            "Conformance classes",
            "getConformanceDeclaration",
            "The conformance classes",
        ),
    );
    paths.insert("/api".into(), json!({"get": {"summary": "This document", "operationId": "getAPI", "parameters": f_json,
        "responses": answers(("200", json!({"description": "OpenAPI 3.0", "content": {"application/vnd.oai.openapi+json;version=3.0": {}}})),
            &[("400", Resp::BadRequest)])}}));
    paths.insert(
        "/collections".into(),
        page("The layers", "getCollections", "Every collection"),
    );
    paths.insert(
        "/plan".into(),
        page(
            "The plan itself: its challenges, monitoring, priorities after 2027, money pools",
            "plan",
            "The plan's statements, quoted from its summary with English translations",
        ),
    );
    paths.insert("/auth/whoami".into(), whoami());
    paths.insert("/map".into(), json!({"get": {
        "summary": "The browser map (HTML page; its assets are under /map/)", "operationId": "map",
        "responses": with_edge_errors(json!({
            "200": {"description": "The map page", "content": {"text/html": {"schema": {"type": "string"}}}},
            "503": {"description": "The map's assets are not built on this server.",
                    "content": {"application/json": {"schema": super::component_ref("schemas", "Error")}}}}))}}));
}

fn whoami() -> Value {
    json!({"get": {
        "summary": "Whose the bearer token is: its name, role and whether it may write (the map checks a token with it before keeping it)",
        "operationId": "whoami", "security": [{"bearerAuth": []}],
        "responses": answers(("200", json!({"description": "The token's holder", "content": {"application/json": {"schema": {"type": "object",
                "required": ["name", "role", "can_write"],
                "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": ["analyst", "editor", "admin"]}, "can_write": {"type": "boolean"}}}}}})),
            &[("401", Resp::Unauthorized)])}})
}
