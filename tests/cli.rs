//! The command line on the shipped data: the same analyses as the API, with
//! table, JSON and CSV output, and errors that name the parameter.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pierobeza"))
        .args(args)
        .output()
        .expect("run pierobeza");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_passes_on_the_shipped_data() {
    let (code, out, err) = run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("476,082,274"), "{out}");
}

#[test]
fn locate_as_json_names_the_unit_and_border_distance() {
    let (code, out, err) = run(&[
        "locate",
        "--lon",
        "28.1225",
        "--lat",
        "56.385556",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["municipality"]["code"], "LV-058");
    assert!(v["distance_to_border_m"]["RU"].as_f64().unwrap() < 5_000.0);
}

#[test]
fn coverage_as_csv_has_every_unit_and_the_totals() {
    let (code, out, err) = run(&[
        "coverage",
        "--layer",
        "disaster_management_centres_candidates_points",
        "--radius-m",
        "25000",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "population_share"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 43 + 3);
    let table = run(&["coverage", "--vintage", "current"]).1;
    assert!(table.lines().next().unwrap().starts_with("code"));
    assert_eq!(table.lines().filter(|l| l.starts_with("LV-")).count(), 42);
}

#[test]
fn nearest_lists_settlements_in_order() {
    let (code, out, err) = run(&[
        "nearest",
        "--lon",
        "26.5356",
        "--lat",
        "55.875",
        "--layer",
        "settlements",
        "--k",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["name"], "Daugavpils");
    let d: Vec<f64> = v
        .iter()
        .map(|x| x["distance_m"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn bad_values_exit_2_naming_the_parameter() {
    for (args, param) in [
        (
            vec![
                "nearest",
                "--lon",
                "27",
                "--lat",
                "56.5",
                "--layer",
                "settlements",
                "--k",
                "0",
            ],
            "--k",
        ),
        (vec!["locate", "--lon", "999", "--lat", "56"], "--lon"),
        (
            vec![
                "within",
                "--lon",
                "27",
                "--lat",
                "56",
                "--layer",
                "settlements",
                "--radius-m",
                "-1",
            ],
            "--radius-m",
        ),
        (
            vec!["coverage", "--municipality", "LV-999"],
            "--municipality",
        ),
        (
            vec!["nearest", "--lon", "27", "--lat", "56.5", "--layer", "nope"],
            "nope",
        ),
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(err.contains(param), "{args:?}: {err}");
    }
}

#[test]
fn export_reports_progress_on_stderr_and_results_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let (code, out, err) = run(&[
        "export",
        "--format",
        "geojson",
        "--out",
        out_dir,
        "--layer",
        "settlements",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("wrote "), "{out}");
    assert!(!out.contains("pierobeza export:"), "{out}");
    assert!(err.contains("pierobeza export: loading"), "{err}");
    assert!(err.contains("writing 1 layer(s)"), "{err}");
}
