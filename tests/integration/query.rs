//! `claimgraph query` and `claimgraph queries`: named and ad-hoc queries, parameters,
//! formats, timeouts, plans, and the errors users make.

use crate::{Env, repo};
use predicates::prelude::*;

#[test]
fn queries_lists_every_named_query_with_its_parameters() {
    let env = Env::new();
    let list = env.json(&["queries", "--json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    for expected in [
        "unconfirmed-claims",
        "contested-claims",
        "timeline",
        "entity",
        "single-source-claims",
        "claims-by-claimant",
        "claims-by-source",
        "events-at-place",
        "claim-history",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let entity = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "entity")
        .unwrap();
    assert_eq!(entity["params"][0]["name"], "entity");
    env.cmd()
        .arg("queries")
        .assert()
        .success()
        .stdout(predicate::str::contains("entity=…"));
}

#[test]
fn default_prefixes_need_no_declaration() {
    let env = Env::new();
    let out = env.run(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a cg:Claim ; prov:wasDerivedFrom ?s }",
        "--format",
        "csv",
    ]);
    let count: u64 = out.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(count > 0);
}

#[test]
fn every_results_format() {
    let env = Env::new();
    let select = "SELECT ?s WHERE { ?s a cg:Claim } ORDER BY ?s LIMIT 2";
    let csv = env.run(&["query", "-e", select, "--format", "csv"]);
    assert_eq!(csv.lines().next(), Some("s"));
    assert_eq!(csv.lines().count(), 3);
    let tsv = env.run(&["query", "-e", select, "--format", "tsv"]);
    assert_eq!(tsv.lines().next(), Some("?s"));
    let json = env.json(&["query", "-e", select, "--format", "json"]);
    assert_eq!(json["head"]["vars"][0], "s");
    let xml = env.run(&["query", "-e", select, "--format", "xml"]);
    assert!(xml.contains("<sparql"));
    let table = env.run(&["query", "-e", select]);
    assert!(table.starts_with("s\n-"), "{table}");
    let ask = env.run(&["query", "-e", "ASK { ?s a cg:Claim }", "--format", "json"]);
    assert!(ask.contains("\"boolean\":true"));
    let construct = env.run(&[
        "query",
        "-e",
        "CONSTRUCT { ?s a cg:Claim } WHERE { ?s a cg:Claim } LIMIT 1",
        "--format",
        "nt",
    ]);
    assert!(construct.trim_end().ends_with('.'));
    let turtle = env.run(&[
        "query",
        "-e",
        "CONSTRUCT { ?s a cg:Claim } WHERE { ?s a cg:Claim } LIMIT 1",
    ]);
    assert!(turtle.contains("@prefix cg:"));
}

#[test]
fn tables_show_labels_in_the_chosen_language() {
    let env = Env::new();
    let q = "SELECT ?place WHERE { VALUES ?place { id:kidal } }";
    assert!(env.run(&["query", "-e", q]).contains("Kidal"));
    assert!(
        env.run(&["query", "-e", q, "--lang", "ar"])
            .contains("كيدال")
    );
}

#[test]
fn a_query_file_and_standard_input() {
    let env = Env::new();
    let file = env.path("q.rq");
    std::fs::write(&file, "SELECT ?c WHERE { ?c a cg:Claim } LIMIT 1").unwrap();
    let out = env.run(&["query", file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.lines().count(), 2);
    env.cmd()
        .args(["query", "--format", "csv"])
        .write_stdin("ASK { ?c a cg:Claim }")
        .assert()
        .success()
        .stdout(predicate::str::contains("true"));
}

#[test]
fn a_hostile_parameter_binds_as_a_plain_value() {
    let env = Env::new();
    let before = env.triples();
    for hostile in [
        "} ; DROP ALL ; #",
        "\" } ; DELETE WHERE { ?s ?p ?o } ; #",
        "x\" . ?s ?p ?o } #",
        "<http://example.org/> } ; CLEAR ALL",
    ] {
        let output = env
            .cmd()
            .args([
                "query",
                "-e",
                "SELECT ?s ?label WHERE { ?s rdfs:label ?label }",
                "--param",
                &format!("label={hostile}"),
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        // Either it binds as a value that matches nothing, or it is refused as a bad value;
        // it never runs as SPARQL.
        if output.status.success() {
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(json["results"]["bindings"].as_array().unwrap().len(), 0);
        } else {
            assert_eq!(output.status.code(), Some(2));
        }
    }
    let named = env.json(&[
        "query",
        "entity",
        "--param",
        "entity=} ; DROP ALL ; #",
        "--format",
        "json",
    ]);
    assert_eq!(named["results"]["bindings"].as_array().unwrap().len(), 0);
    assert_eq!(env.triples(), before);
}

#[test]
fn parameters_bind_iris_and_literals() {
    let env = Env::new();
    let by_iri = env.json(&[
        "query",
        "-e",
        "SELECT ?x ?label WHERE { ?x rdfs:label ?label FILTER(lang(?label) = 'en') }",
        "--param",
        "x=id:kidal",
        "--format",
        "json",
    ]);
    assert_eq!(by_iri["results"]["bindings"][0]["label"]["value"], "Kidal");
    let by_literal = env.json(&[
        "query",
        "-e",
        "SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
        "--param",
        "label=\"Kidal\"@en",
        "--format",
        "json",
    ]);
    assert_eq!(
        by_literal["results"]["bindings"][0]["x"]["value"],
        "https://w3id.org/claimgraph/id/kidal"
    );
}

#[test]
fn a_misspelled_query_name_suggests_the_closest() {
    let env = Env::new();
    env.cmd()
        .args(["query", "unconfirmed-claim"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no named query `unconfirmed-claim`",
        ))
        .stderr(predicate::str::contains(
            "hint: did you mean `unconfirmed-claims`?",
        ));
}

#[test]
fn an_unknown_prefix_lists_the_known_ones() {
    let env = Env::new();
    env.cmd()
        .args(["query", "entity", "--param", "entity=foo:bar"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown prefix `foo:`"))
        .stderr(predicate::str::contains("known prefixes: cg: id: prov:"));
    env.cmd()
        .args(["query", "-e", "SELECT * WHERE { ?s foo:bar ?o }"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid SPARQL"))
        .stderr(predicate::str::contains("known prefixes: cg: id: prov:"));
}

#[test]
fn an_undeclared_parameter_is_refused() {
    let env = Env::new();
    env.cmd()
        .args(["query", "unconfirmed-claims", "--param", "nope=1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no parameter `nope`"));
}

#[test]
fn a_timeout_cancels_a_long_query() {
    let env = Env::new();
    let started = std::time::Instant::now();
    env.cmd()
        .args([
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
            "--timeout",
            "0.5",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cancelled after 0.5 s"));
    // Not a timing assertion on speed: the query alone would run for hours.
    assert!(started.elapsed().as_secs() < 120);
}

#[test]
fn explain_prints_the_plan() {
    let env = Env::new();
    let plan = env.json(&["query", "unconfirmed-claims", "--explain"]);
    assert!(plan.get("plan").is_some());
}

#[test]
fn named_query_files_parse_with_their_headers() {
    // The library test checks parsing; this checks the shipped text is what the binary runs.
    let env = Env::new();
    for entry in std::fs::read_dir(repo("queries")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# title:"), "{name} lacks a header");
        let from_file = env
            .cmd()
            .args(["query", path.to_str().unwrap(), "--explain"])
            .output()
            .unwrap();
        assert!(
            from_file.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&from_file.stderr)
        );
    }
}

#[test]
fn a_parameter_must_be_selected() {
    let env = Env::new();
    env.cmd()
        .args([
            "query",
            "-e",
            "SELECT ?x WHERE { ?x rdfs:label ?label }",
            "--param",
            "label=Kidal",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not select ?label"))
        .stderr(predicate::str::contains(
            "hint: add ?label to the SELECT clause",
        ));
}
