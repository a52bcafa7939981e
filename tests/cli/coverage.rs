//! `sfdb test --coverage`: which widgets ran and which transitions were taken over the
//! scenarios run, with each untaken transition's line in the flow file, and the same written
//! as LCOV, Cobertura XML and JSON; `--fail-under` fails a run that covers too little.

use std::process::Command;

use crate::common;

fn sfdb_test(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sfdb"))
        .current_dir(common::repo())
        .arg("test")
        .args(args)
        .output()
        .unwrap();
    let text = common::text(&out.stdout) + &common::text(&out.stderr);
    (out.status.code(), text)
}

/// The line `line` (1-based) of a file in the repository.
fn line_of(file: &str, line: usize) -> String {
    std::fs::read_to_string(common::repo().join(file))
        .unwrap()
        .lines()
        .nth(line - 1)
        .unwrap()
        .to_string()
}

/// The coverage `scenario` gives, written as JSON into a folder of its own.
fn json_coverage(scenario: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("coverage.json");
    let (code, text) = sfdb_test(&[
        scenario,
        "--coverage-out",
        file.to_str().unwrap(),
        "--coverage-format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{text}");
    (dir, file)
}

#[test]
fn coverage_counts_widgets_and_transitions_and_names_the_lines_never_taken() {
    let (code, text) = sfdb_test(&[
        "flows/order-status-sms.scenario.json",
        "flows/order-status-sms-timeout.scenario.json",
        "--coverage",
    ]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("flows/order-status-sms.json: widgets 5/7, transitions 6/14 (42%)"),
        "{text}"
    );
    // Each untaken transition points at the line where its event is written.
    let untaken: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  flows/order-status-sms.json:"))
        .collect();
    assert_eq!(untaken.len(), 8, "{text}");
    for entry in &untaken {
        let (line, what) = entry.split_once(": ").unwrap();
        let event = what.split(' ').nth(1).unwrap();
        assert!(
            line_of("flows/order-status-sms.json", line.parse().unwrap())
                .contains(&format!("\"{event}\"")),
            "{entry}"
        );
    }
    assert!(untaken.iter().any(|u| u.ends_with("check_status noMatch")));
    // The split's condition that held was taken; its label is the condition's.
    let (_dir, file) = json_coverage("flows/order-status-sms.scenario.json");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let check = report["flows"][0]["detail"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["widget"] == "check_status")
        .unwrap();
    assert_eq!(check["runs"], 1);
    assert_eq!(
        check["transitions"][1]["transition"],
        "match \"If value equal_to shipped\""
    );
    assert_eq!(check["transitions"][1]["taken"], 1);
    assert_eq!(check["transitions"][0]["taken"], 0);
}

#[test]
fn a_subflows_widgets_count_for_its_own_file() {
    let (code, text) = sfdb_test(&["tests/flows/parent.scenario.json", "--coverage"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("tests/flows/parent.json: widgets"), "{text}");
    let sub = text
        .lines()
        .find(|l| l.contains("greeting-subflow.json: widgets"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!sub.contains("widgets 0/"), "{sub}");
}

#[test]
fn lcov_and_cobertura_describe_the_same_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let lcov = dir.path().join("coverage.info");
    let xml = dir.path().join("coverage.xml");
    let scenarios = [
        "flows/retry-counter.scenario.json",
        "flows/slack-post.scenario.json",
    ];
    let (code, text) =
        sfdb_test(&[&scenarios[..], &["--coverage-out", lcov.to_str().unwrap()]].concat());
    assert_eq!(code, Some(0), "{text}");
    // What the text report says, summed over the two flows.
    let said = text
        .lines()
        .filter_map(|l| l.split(", transitions ").nth(1))
        .filter_map(|t| {
            let (taken, rest) = t.split_once('/')?;
            let all = rest.split(' ').next()?;
            Some((taken.parse::<usize>().ok()?, all.parse::<usize>().ok()?))
        })
        .fold((0, 0), |(a, b), (t, n)| (a + t, b + n));
    assert_eq!(said.1, 14, "{text}");
    let (code, _) = sfdb_test(
        &[
            &scenarios[..],
            &[
                "--coverage-out",
                xml.to_str().unwrap(),
                "--coverage-format",
                "cobertura",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, Some(0));
    let lcov = std::fs::read_to_string(lcov).unwrap();
    let records: Vec<&str> = lcov
        .split("end_of_record\n")
        .filter(|r| !r.is_empty())
        .collect();
    assert_eq!(records.len(), 2, "{lcov}");
    let (mut found, mut hit) = (0, 0);
    for record in &records {
        let brda: Vec<&str> = record.lines().filter(|l| l.starts_with("BRDA:")).collect();
        let field = |key: &str| -> usize {
            record
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap()
                .parse()
                .unwrap()
        };
        assert_eq!(field("BRF:"), brda.len());
        let taken = brda
            .iter()
            .filter(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap_or(0) > 0)
            .count();
        assert_eq!(field("BRH:"), taken);
        found += brda.len();
        hit += taken;
    }
    assert_eq!((hit, found), said, "{text}");
    let xml = std::fs::read_to_string(xml).unwrap();
    let counts = format!(
        "branches-covered=\"{}\" branches-valid=\"{}\"",
        said.0, said.1
    );
    assert!(xml.contains(&counts), "{xml}");
    assert!(xml.contains("filename=\"flows/slack-post.json\""), "{xml}");
}

#[test]
fn fail_under_fails_a_run_that_covers_too_little() {
    let (code, text) = sfdb_test(&["flows/slack-post.scenario.json", "--fail-under", "80"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("PASS flows/slack-post.scenario.json"),
        "{text}"
    );
    assert!(
        text.contains("transition coverage 60.0% is under --fail-under 80%"),
        "{text}"
    );
    let (code, text) = sfdb_test(&["flows/slack-post.scenario.json", "--fail-under", "60"]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn the_graph_tells_taken_transitions_from_untaken_ones() {
    let (_dir, file) = json_coverage("flows/order-status-sms.scenario.json");
    let graph = |format: &str| {
        let out = common::sfdb(&[
            "graph",
            "flows/order-status-sms.json",
            "--format",
            format,
            "--coverage",
            file.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stderr));
        common::text(&out.stdout)
    };
    let mermaid = graph("mermaid");
    assert!(mermaid.contains("w2 -->|\"success ×1\"| w3"), "{mermaid}");
    assert!(
        mermaid.contains("w3 -.->|\"noMatch (never)\"| w5"),
        "{mermaid}"
    );
    assert!(mermaid.contains("class w5 untested"), "{mermaid}");
    assert!(!mermaid.contains("class w4 untested"), "{mermaid}");
    let dot = graph("dot");
    assert!(
        dot.contains(
            "\"check_status\" -> \"tell_other\" [label=\"noMatch (never)\", style=dashed];"
        ),
        "{dot}"
    );
    assert!(dot.contains("\"tell_error\" [label=\"tell_error\\nsend-message\", style=dashed];"));
    // Coverage of other flows only: said, not drawn without it.
    let out = common::sfdb(&[
        "graph",
        "flows/retry-counter.json",
        "--coverage",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("no coverage for flows/retry-counter.json"));
}
