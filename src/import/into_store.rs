//! `pierobeza import --database`: the import as one changeset of the store, the
//! way a write through the API is stored (validated by the same rules, one
//! revision per record, authored), all or nothing: a rule broken by any feature
//! stores nothing, and the changeset commits in one transaction.

use std::collections::HashSet;

use super::locations::{location_geometry, location_id};
use super::mapping::coerce;
use super::{stage, FieldMap, ImportArgs, ImportError, ImportTarget, SourceFeature, SourceLayer};
use crate::edit::location::{check, check_location_id, Input};
use crate::index::build::{build_for, Audience};
use crate::index::Catalog;
use crate::load::{DataError, DataErrors};
use crate::model::{Measure, Vintage};
use crate::store::{
    location_row, reload_changes, to_rows, Backend, Change, ChangeKind, Changeset, DatabaseTarget,
    Kind, Row, Store,
};

/// What an import into the store did.
#[derive(Debug, Clone)]
pub struct StoreImport {
    /// The store written to, for messages.
    pub database: String,
    /// Features read.
    pub features: usize,
    /// Records created, replaced and deleted by the changeset.
    pub created: usize,
    pub replaced: usize,
    pub deleted: usize,
    /// The store's change counter after the commit (`None`: nothing to store).
    pub counter: Option<i64>,
}

impl std::fmt::Display for StoreImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.counter {
            Some(c) => writeln!(
                f,
                "imported {} feature(s) into {} as one changeset (change {c}): \
                 {} created, {} replaced, {} deleted",
                self.features, self.database, self.created, self.replaced, self.deleted
            ),
            None => writeln!(
                f,
                "{} feature(s) read; {} already holds them: nothing stored",
                self.features, self.database
            ),
        }
    }
}

/// Imports `source` into the store at `target` as one changeset by `author`.
pub async fn import(
    args: &ImportArgs,
    source: &SourceLayer,
    target: &DatabaseTarget,
    author: &str,
    progress: &dyn Fn(&str),
) -> Result<StoreImport, ImportError> {
    let store = Store::open(target).await.map_err(store_error)?;
    if store.is_empty().await.map_err(store_error)? {
        return Err(ImportError::Usage(format!(
            "{} holds no data: run `pierobeza init` first",
            target.display()
        )));
    }
    progress("reading the store");
    let (current, _) = store.current_rows().await.map_err(store_error)?;
    let changes = match args.target {
        ImportTarget::Locations => {
            let measure = args.measure.as_deref().ok_or_else(|| {
                ImportError::Usage("--target locations needs --measure MEASURE_ID".into())
            })?;
            let snapshot = store.snapshot().await.map_err(store_error)?;
            let cat = build_for(snapshot.geodata, snapshot.plan, Audience::Restricted);
            let map = FieldMap(args.map.clone());
            location_changes(&cat, &current, source, &map, measure, args)?
        }
        ImportTarget::Municipalities => boundary_changes(args, source, current)?,
    };
    progress(&format!(
        "validated; storing {} change(s) as one changeset",
        changes.len()
    ));
    let mut report = StoreImport {
        database: target.display(),
        features: source.features.len(),
        created: 0,
        replaced: 0,
        deleted: 0,
        counter: None,
    };
    for c in &changes {
        match c {
            Change::Create(_) => report.created += 1,
            Change::Delete { .. } => report.deleted += 1,
            _ => report.replaced += 1,
        }
    }
    if changes.is_empty() {
        return Ok(report);
    }
    let mut cs = Changeset::now(author, ChangeKind::Import, changes);
    cs.note = Some(format!(
        "{} (layer {}): {} feature(s), --target {}",
        source.path.display(),
        source.layer_name,
        source.features.len(),
        match args.target {
            ImportTarget::Locations => "locations",
            ImportTarget::Municipalities => "municipalities",
        }
    ));
    let done = store.commit(&cs).await.map_err(store_error)?;
    report.counter = Some(done.counter);
    Ok(report)
}

fn store_error(e: crate::store::StoreError) -> ImportError {
    ImportError::Usage(format!("the store: {e}"))
}

/// The location records of `source`'s features, each checked like an API write.
fn location_changes(
    cat: &Catalog,
    current: &[Row],
    source: &SourceLayer,
    map: &FieldMap,
    measure_id: &str,
    args: &ImportArgs,
) -> Result<Vec<Change>, ImportError> {
    let file = source.path.as_path();
    let m = cat
        .plan
        .measures
        .iter()
        .find(|m| m.id == measure_id)
        .ok_or_else(|| {
            ImportError::Usage(format!(
                "--measure `{measure_id}` is not a measure of the plan"
            ))
        })?;
    let id_field = map.source_of("id", &source.field_names).ok_or_else(|| {
        ImportError::from(DataError::new(
            file,
            "-",
            "id",
            format!(
                "required field `id` is not mapped: the input has fields {}; add --map id=FIELD",
                source.field_names.join(", ")
            ),
        ))
    })?;
    let live: HashSet<&str> = current
        .iter()
        .filter(|r| r.kind == Kind::Location)
        .map(|r| r.id.as_str())
        .collect();
    let seq0 = chrono::Utc::now().timestamp_micros() as usize;
    let mut seen = HashSet::new();
    let (mut changes, mut errs) = (Vec::new(), Vec::new());
    for f in &source.features {
        let record = format!("feature #{}", f.index + 1);
        match feature_row(cat, m, f, source, map, id_field, args, seq0) {
            Ok(row) if !seen.insert(row.id.clone()) => errs.push(DataError::new(
                file,
                &record,
                id_field,
                format!("{:?} is imported twice", row.id),
            )),
            Ok(row) if live.contains(row.id.as_str()) => changes.push(Change::Replace(row)),
            Ok(row) => changes.push(Change::Create(row)),
            Err((field, msg)) => errs.push(DataError::new(file, &record, &field, msg)),
        }
    }
    if errs.is_empty() {
        Ok(changes)
    } else {
        Err(ImportError::Data(DataErrors(errs)))
    }
}

/// One feature as a location record, or the field at fault and why.
#[allow(clippy::too_many_arguments)]
fn feature_row(
    cat: &Catalog,
    m: &Measure,
    f: &SourceFeature,
    source: &SourceLayer,
    map: &FieldMap,
    id_field: &str,
    args: &ImportArgs,
    seq0: usize,
) -> Result<Row, (String, String)> {
    let name = location_id(f, id_field).map_err(|e| (id_field.to_string(), e))?;
    let id = format!("{}/{name}", m.id);
    check_location_id(&m.id, &id).map_err(|e| (id_field.to_string(), e.message))?;
    let geometry = location_geometry(f, source).map_err(|e| ("geometry".to_string(), e))?;
    let text = |target: &str| -> Result<Option<String>, (String, String)> {
        let Some(field) = map.source_of(target, &source.field_names) else {
            return Ok(None);
        };
        match coerce(
            f.fields.get(field).unwrap_or(&serde_json::Value::Null),
            Some("string"),
        ) {
            Ok(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                Ok(Some(s.trim().to_string()))
            }
            Ok(_) => Ok(None),
            Err(e) => Err((field.to_string(), e)),
        }
    };
    let provenance = text("provenance")?.or_else(|| args.provenance.clone());
    let input = Input {
        measure_id: Some(m.id.clone()),
        location_id: Some(id.clone()),
        name: text("name")?,
        precision: Some(text("precision")?.unwrap_or_else(|| "exact".into())),
        provenance,
        site_status: text("site_status")?,
        note: text("note")?,
        municipalities: None,
        geometry: Some(geometry),
    };
    let loc = check(cat, &id, input, None).map_err(|e| {
        // The API's field names (`properties.x`) as the input's fields.
        let target = e.field.trim_start_matches("properties.");
        let field = map
            .source_of(target, &source.field_names)
            .unwrap_or(target)
            .to_string();
        (field, e.message)
    })?;
    Ok(location_row(&m.id, &loc, seq0 + f.index))
}

/// The unit records (and, for 2021, the plan territory) the new boundaries make,
/// as changes to the stored ones; the result is loaded with the data check first.
fn boundary_changes(
    args: &ImportArgs,
    source: &SourceLayer,
    current: Vec<Row>,
) -> Result<Vec<Change>, ImportError> {
    let root = super::source_root(args);
    let map = FieldMap(args.map.clone());
    let files = stage::boundary_changes(&root, source, &map, &args.match_by, args.vintage)?;
    let (geodata, plan) = stage::checked(&root, &files)?;
    let kinds: &[Kind] = match args.vintage {
        Vintage::V2021 => &[Kind::Unit2021, Kind::Outline],
        Vintage::Current => &[Kind::UnitCurrent],
    };
    let keep =
        |r: &Row| kinds.contains(&r.kind) && (r.kind != Kind::Outline || r.id == "plan_territory");
    let new: Vec<Row> = to_rows(&geodata, &plan).into_iter().filter(keep).collect();
    let old: Vec<Row> = current.into_iter().filter(keep).collect();
    Ok(reload_changes(old, new))
}
