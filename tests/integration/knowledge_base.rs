//! The shipped knowledge base: it passes pySHACL, rdflib reads the same triples oxigraph
//! does, and every named query returns the rows analysts expect of the April 2026 article.

use crate::{Env, python, repo};
use serde_json::Value;

const ID: &str = "https://w3id.org/claimgraph/id/";

fn bindings(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    env.json(&all)["results"]["bindings"]
        .as_array()
        .unwrap()
        .clone()
}

fn values<'a>(rows: &'a [Value], variable: &str) -> Vec<&'a str> {
    rows.iter()
        .filter_map(|r| r[variable]["value"].as_str())
        .collect()
}

/// Runs one of the repository's Python checks as a script; fails the test when it fails.
fn python_script(path: &str) -> String {
    python(
        "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
        &[&repo(path)],
    )
}

#[test]
fn the_python_cross_check_passes() {
    // rdflib's SPARQL engine and pySHACL, run over the same files (tests/python/check_kb.py).
    let out = python_script("tests/python/check_kb.py");
    assert!(out.contains("rdflib-triples:"), "{out}");
}

#[test]
fn rdflib_counts_the_same_triples_as_oxigraph() {
    let env = Env::new();
    let stats = env.json(&["stats", "--format", "json"]);
    let oxigraph: u64 = stats["triples"].as_u64().unwrap();
    let mut files = vec![repo("ontology/claimgraph.ttl")];
    files.extend(
        std::fs::read_dir(repo("data"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttl")),
    );
    let args: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    // One graph per file, as the store keeps them, so that counts are comparable.
    let rdflib: u64 = python(
        "import sys, rdflib\n\
         print(sum(len(rdflib.Graph().parse(p, format='turtle')) for p in sys.argv[1:]))",
        &args,
    )
    .trim()
    .parse()
    .unwrap();
    assert_eq!(rdflib, oxigraph);
}

#[test]
fn unconfirmed_claims_hold_camara_and_not_the_confirmed_background() {
    let env = Env::new();
    let rows = bindings(&env, &["unconfirmed-claims"]);
    let claims = values(&rows, "claim");
    assert!(claims.contains(&format!("{ID}claim-camara-killed").as_str()));
    let camara = rows
        .iter()
        .find(|r| r["claim"]["value"] == format!("{ID}claim-camara-killed"))
        .unwrap();
    assert!(
        camara["status"]["value"]
            .as_str()
            .unwrap()
            .ends_with("#reported")
    );
    let confirmed = bindings(
        &env,
        &["-e", "SELECT ?c WHERE { ?c cg:status cg:confirmed }"],
    );
    assert!(!confirmed.is_empty());
    for c in values(&confirmed, "c") {
        assert!(
            !claims.contains(&c),
            "{c} is confirmed but listed as unconfirmed"
        );
    }
}

#[test]
fn contested_claims_pair_jnim_and_the_army() {
    let env = Env::new();
    let rows = bindings(&env, &["contested-claims"]);
    let pair = [
        format!("{ID}claim-fama-denies-bamako-attacks"),
        format!("{ID}claim-jnim-bamako-airport-attack"),
    ];
    assert!(
        rows.iter().any(|r| {
            let mut found = [
                r["claim"]["value"].as_str().unwrap().to_owned(),
                r["other"]["value"].as_str().unwrap().to_owned(),
            ];
            found.sort();
            found == pair
        }),
        "no contested pair of JNIM's claim and the army's denial in {rows:?}"
    );
}

#[test]
fn the_other_named_queries_answer() {
    let env = Env::new();
    let timeline = bindings(&env, &["timeline"]);
    assert!(!timeline.is_empty());
    let single = bindings(&env, &["single-source-claims"]);
    assert!(!single.is_empty());
    let by_claimant = bindings(&env, &["claims-by-claimant"]);
    assert!(!by_claimant.is_empty());
    let by_source = bindings(&env, &["claims-by-source"]);
    assert!(!by_source.is_empty());
    let kidal = bindings(&env, &["entity", "--param", "entity=id:kidal"]);
    assert!(!kidal.is_empty());
    let in_mali = bindings(&env, &["events-at-place", "--param", "place=id:mali"]);
    assert!(!in_mali.is_empty());
    let history = bindings(
        &env,
        &["claim-history", "--param", "claim=id:claim-camara-killed"],
    );
    assert!(!history.is_empty());
}

#[test]
fn the_knowledge_base_is_consistent_with_prov_o_under_owl_rl() {
    // PROV-O itself (scripts/bootstrap fetches it), the ontology and the data, closed under
    // OWL 2 RL by the owlrl package: no inconsistency, no Activity that is also an Entity.
    let out = python_script("tests/python/check_owl.py");
    assert!(out.contains("4 passed, 0 failed"), "{out}");
}

#[test]
fn the_claim_report_and_the_named_query_agree_on_independent_origins() {
    let env = Env::new();
    let report = env.json(&["claims", "--format", "json"]);
    let rows = report.as_array().unwrap();
    let by_query: std::collections::BTreeMap<String, u64> =
        bindings(&env, &["independent-origins"])
            .iter()
            .map(|row| {
                (
                    row["claim"]["value"].as_str().unwrap().to_owned(),
                    row["origins"]["value"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect();
    assert_eq!(by_query.len(), rows.len());
    for row in rows {
        let claim = row["claim"].as_str().unwrap();
        assert_eq!(
            row["independent_origins"].as_u64(),
            by_query.get(claim).copied(),
            "{claim}"
        );
    }
    // --single-origin is exactly the claims with one origin, and no claim rests on fewer.
    let single: Vec<String> = env
        .json(&["claims", "--single-origin", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["claim"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<&String> = by_query
        .iter()
        .filter(|(_, n)| **n == 1)
        .map(|(claim, _)| claim)
        .collect();
    let mut sorted = single.clone();
    sorted.sort();
    assert_eq!(sorted.iter().collect::<Vec<_>>(), expected);
    assert!(by_query.values().all(|n| *n >= 1));
    // Every claim of the shipped base names its origins.
    let unnamed = env.json(&[
        "query",
        "-e",
        "SELECT ?c WHERE { ?c a cg:Claim FILTER NOT EXISTS { ?c prov:hadPrimarySource ?o } }",
        "--format",
        "json",
    ]);
    assert_eq!(unnamed["results"]["bindings"], serde_json::json!([]));
    let table = env.run(&["claims", "--corroboration", "--limit", "3"]);
    assert!(table.lines().next().unwrap().contains("origins"), "{table}");
}
