//! `claimgraph claims`: the report analysts act on, its filters and formats, and its
//! agreement with the SPARQL named query it short-cuts.

use crate::Env;
use predicates::prelude::*;
use serde_json::Value;

const CAMARA: &str = "https://w3id.org/claimgraph/id/claim-camara-killed";
const JNIM_AIRPORT: &str = "https://w3id.org/claimgraph/id/claim-jnim-bamako-airport-attack";
const ARMY_DENIAL: &str = "https://w3id.org/claimgraph/id/claim-fama-denies-bamako-attacks";

fn rows(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["claims", "--format", "json"];
    all.extend_from_slice(args);
    env.json(&all).as_array().unwrap().clone()
}

fn iris(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["claim"].as_str().unwrap()).collect()
}

#[test]
fn unconfirmed_claims_include_the_reported_death_of_sadio_camara() {
    let env = Env::new();
    let rows = rows(&env, &["--unconfirmed"]);
    let camara = rows
        .iter()
        .find(|r| r["claim"] == CAMARA)
        .expect("Camara's reported death is unconfirmed");
    assert_eq!(camara["status"], "reported");
    assert_eq!(camara["stance"], "affirms");
    for key in [
        "statement",
        "claimants",
        "sources",
        "first_reported",
        "quote",
        "about",
        "contradicts",
    ] {
        assert!(camara.get(key).is_some(), "the row lacks {key}");
    }
    assert!(camara["quote"].as_str().unwrap().contains("ساديو كامارا"));
    let source = &camara["sources"][0];
    for key in ["iri", "title", "publisher", "date"] {
        assert!(!source[key].is_null(), "the source lacks {key}");
    }
    for row in &rows {
        assert!(
            !["confirmed", "refuted", "retracted"].contains(&row["status"].as_str().unwrap()),
            "{} is not unconfirmed",
            row["claim"]
        );
    }
}

#[test]
fn rows_are_oldest_first() {
    let env = Env::new();
    let rows = rows(&env, &[]);
    let dates: Vec<&str> = rows
        .iter()
        .map(|r| r["first_reported"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[test]
fn the_report_matches_the_sparql_named_query() {
    let env = Env::new();
    let report = rows(&env, &["--unconfirmed"]);
    let sparql = env.json(&["query", "unconfirmed-claims", "--format", "json"]);
    let from_sparql: Vec<&str> = sparql["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["claim"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(iris(&report), from_sparql);
    for (row, binding) in report
        .iter()
        .zip(sparql["results"]["bindings"].as_array().unwrap())
    {
        assert_eq!(
            row["status"].as_str().unwrap(),
            binding["status"]["value"]
                .as_str()
                .unwrap()
                .rsplit('#')
                .next()
                .unwrap()
        );
        assert_eq!(row["first_reported"], binding["firstReported"]["value"]);
    }
}

#[test]
fn contested_claims_pair_the_jnim_claim_with_the_army_denial() {
    let env = Env::new();
    let rows = rows(&env, &["--contested"]);
    let jnim = rows
        .iter()
        .find(|r| r["claim"] == JNIM_AIRPORT)
        .expect("JNIM's claim is contested");
    assert_eq!(jnim["status"], "claimed");
    assert!(
        jnim["contradicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == ARMY_DENIAL)
    );
    let denial = rows
        .iter()
        .find(|r| r["claim"] == ARMY_DENIAL)
        .expect("the denial is contested");
    assert_eq!(denial["stance"], "denies");
    assert!(
        denial["contradicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == JNIM_AIRPORT)
    );
    assert!(
        rows.iter()
            .all(|r| !r["contradicts"].as_array().unwrap().is_empty())
    );
}

#[test]
fn filters_by_status_entity_claimant_and_sources() {
    let env = Env::new();
    let reported = rows(&env, &["--status", "reported"]);
    assert!(!reported.is_empty());
    assert!(reported.iter().all(|r| r["status"] == "reported"));
    let confirmed = rows(&env, &["--status", "confirmed"]);
    assert!(!confirmed.is_empty());
    assert!(confirmed.iter().all(|r| r["status"] == "confirmed"));
    assert!(rows(&env, &["--status", "confirmed", "--unconfirmed"]).is_empty());

    let kidal = rows(&env, &["--about", "id:kidal"]);
    assert!(!kidal.is_empty());
    assert!(kidal.iter().all(|r| {
        r["about"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "https://w3id.org/claimgraph/id/kidal")
    }));
    assert_eq!(iris(&rows(&env, &["--about", "kidal"])), iris(&kidal));

    let jnim = rows(&env, &["--claimant", "jnim"]);
    assert!(iris(&jnim).contains(&JNIM_AIRPORT));

    let single = rows(&env, &["--single-source"]);
    assert!(!single.is_empty());
    assert!(
        single
            .iter()
            .all(|r| r["sources"].as_array().unwrap().len() == 1)
    );

    let limited = rows(&env, &["--limit", "2"]);
    assert_eq!(iris(&limited), iris(&rows(&env, &[]))[..2].to_vec());
}

#[test]
fn statements_follow_the_language() {
    let env = Env::new();
    let arabic = rows(&env, &["--lang", "ar", "--about", "id:kidal"]);
    assert!(
        arabic[0]["statement"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    );
    let english = rows(&env, &["--about", "id:kidal"]);
    assert!(english[0]["statement"].as_str().unwrap().is_ascii());
}

#[test]
fn table_csv_and_markdown() {
    let env = Env::new();
    let table = env.run(&["claims", "--unconfirmed"]);
    assert!(table.starts_with("claim"));
    assert!(table.contains("id:claim-camara-killed"));
    let csv = env.run(&["claims", "--unconfirmed", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "claim");
    let count = reader.records().count();
    assert_eq!(count, rows(&env, &["--unconfirmed"]).len());
    let markdown = env.run(&["claims", "--unconfirmed", "--format", "markdown"]);
    assert!(markdown.lines().nth(1).unwrap().starts_with("|---|"));
}

#[test]
fn fail_if_any_exits_1_on_findings_only() {
    let env = Env::new();
    env.cmd()
        .args(["claims", "--unconfirmed", "--fail-if-any"])
        .assert()
        .code(1);
    env.cmd()
        .args([
            "claims",
            "--status",
            "retracted",
            "--status",
            "refuted",
            "--about",
            "id:nowhere",
            "--fail-if-any",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("claim"));
}
