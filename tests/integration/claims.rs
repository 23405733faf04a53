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

/// Asserts that `claims --unconfirmed` and the `unconfirmed-claims` named query give the same
/// claims in the same order, with the same status and date.
fn assert_report_matches_sparql(env: &Env) {
    let report = rows(env, &["--unconfirmed"]);
    let sparql = env.json(&["query", "unconfirmed-claims", "--format", "json"]);
    let bindings = sparql["results"]["bindings"].as_array().unwrap();
    let from_sparql: Vec<&str> = bindings
        .iter()
        .map(|b| b["claim"]["value"].as_str().unwrap())
        .collect();
    assert!(!report.is_empty());
    assert_eq!(iris(&report), from_sparql);
    for (row, binding) in report.iter().zip(bindings) {
        let status = binding["status"]["value"].as_str().unwrap();
        assert_eq!(
            row["status"].as_str().unwrap(),
            status.rsplit('#').next().unwrap()
        );
        assert_eq!(row["first_reported"], binding["firstReported"]["value"]);
    }
}

#[test]
fn the_report_matches_the_sparql_named_query() {
    assert_report_matches_sparql(&Env::new());
}

#[test]
fn the_report_matches_sparql_on_a_generated_knowledge_base() {
    let env = Env::new();
    let kb = env.path("kb.ttl");
    env.run(&[
        "generate",
        "--claims",
        "400",
        "--seed",
        "3",
        "-o",
        kb.to_str().unwrap(),
    ]);
    env.run(&["load", kb.to_str().unwrap()]);
    assert_report_matches_sparql(&env);
    // A limited report is the head of the full one.
    let all = rows(&env, &["--unconfirmed"]);
    let first = rows(&env, &["--unconfirmed", "--limit", "50"]);
    assert_eq!(first, all[..50].to_vec());
}

const EXTRA: &str = r#"
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix id: <https://w3id.org/claimgraph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:claim-test-VERSION a cg:Claim ;
    cg:statement "Test claim VERSION"@en ;
    cg:status cg:STATUS ;
    cg:stance cg:affirms ;
    prov:wasAttributedTo id:jnim ;
    prov:wasDerivedFrom id:source-noonpost-2026-04-mali ;
    cg:about id:kidal ;
    cg:firstReported "2020-01-01"^^xsd:date .
"#;

fn extra(version: &str, status: &str) -> String {
    EXTRA.replace("VERSION", version).replace("STATUS", status)
}

#[test]
fn the_report_follows_every_load_and_replacement() {
    let env = Env::new();
    let file = env.path("extra.ttl");
    std::fs::write(&file, extra("a", "reported")).unwrap();
    env.run(&["load", file.to_str().unwrap()]);
    let first = rows(&env, &["--unconfirmed", "--limit", "1"]);
    assert_eq!(
        first[0]["claim"],
        "https://w3id.org/claimgraph/id/claim-test-a"
    );
    assert_eq!(
        first[0]["claimants"][0],
        "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
    );

    std::fs::write(&file, extra("b", "confirmed")).unwrap();
    env.run(&["load", "--replace", file.to_str().unwrap()]);
    let claims = rows(&env, &[]);
    assert!(!iris(&claims).contains(&"https://w3id.org/claimgraph/id/claim-test-a"));
    assert_eq!(
        claims[0]["claim"],
        "https://w3id.org/claimgraph/id/claim-test-b"
    );
    assert_eq!(claims[0]["status"], "confirmed");
    assert!(
        !iris(&rows(&env, &["--unconfirmed"]))
            .contains(&"https://w3id.org/claimgraph/id/claim-test-b")
    );
    assert_report_matches_sparql(&env);
}

#[test]
fn graphs_written_by_other_tools_are_reported_too() {
    let env = Env::new();
    env.run(&["stats"]);
    {
        let store = oxigraph::store::Store::open(env.store().join("oxigraph")).unwrap();
        let graph = oxigraph::model::NamedNode::new("urn:written:elsewhere").unwrap();
        let parser = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .with_default_graph(graph);
        store
            .load_from_slice(parser, extra("c", "alleged").as_bytes())
            .unwrap();
    }
    let alleged = rows(&env, &["--status", "alleged", "--about", "id:kidal"]);
    assert!(iris(&alleged).contains(&"https://w3id.org/claimgraph/id/claim-test-c"));
    assert_report_matches_sparql(&env);
}

#[test]
fn claims_in_a_named_graph_of_a_dataset_file_are_reported() {
    let env = Env::new();
    let file = env.path("extra.trig");
    let turtle = extra("d", "claimed");
    let (prefixes, body): (Vec<&str>, Vec<&str>) =
        turtle.lines().partition(|l| l.starts_with("@prefix"));
    std::fs::write(
        &file,
        format!(
            "{}\n<urn:g:d> {{\n{}\n}}\n",
            prefixes.join("\n"),
            body.join("\n")
        ),
    )
    .unwrap();
    env.run(&["load", file.to_str().unwrap()]);
    assert!(
        iris(&rows(&env, &["--status", "claimed"]))
            .contains(&"https://w3id.org/claimgraph/id/claim-test-d")
    );
    assert_report_matches_sparql(&env);
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
