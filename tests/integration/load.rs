//! `claimgraph load`: formats, graphs, atomicity, errors with positions, freshness notices.

use crate::{Env, fixture};
use predicates::prelude::*;
use std::fs;

fn small() -> String {
    fixture("cli/small.ttl").display().to_string()
}

#[test]
fn each_file_gets_a_graph_of_its_own() {
    let env = Env::new();
    let before = env.triples();
    env.cmd()
        .args(["load", &small()])
        .assert()
        .success()
        .stderr(predicate::str::contains("loaded 3 triples"))
        // A transaction's writes are compacted by RocksDB itself, in the background.
        .stderr(predicate::str::contains("compacted").not());
    assert_eq!(env.triples(), before + 3);
    let graph = format!(
        "file://{}",
        fs::canonicalize(fixture("cli/small.ttl"))
            .unwrap()
            .display()
    );
    let stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats["graphs"][&graph], 3);
    // Queries see the union of the graphs.
    let rows = env.json(&[
        "query",
        "-e",
        "SELECT ?o WHERE { <http://example.org/a> <http://example.org/knows> ?o }",
        "--format",
        "json",
    ]);
    assert_eq!(rows["results"]["bindings"].as_array().unwrap().len(), 1);
}

#[test]
fn a_syntax_error_names_file_line_and_column_and_loads_nothing() {
    let env = Env::new();
    let before = env.triples();
    let broken = fixture("cli/broken.ttl");
    env.cmd()
        .args(["load", &small(), broken.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {}:4:",
            broken.display()
        )));
    // Every file is read before any is written: neither the good first file nor the broken
    // one's first good triple went in.
    assert_eq!(env.triples(), before);
    let ask = env.run(&[
        "query",
        "-e",
        "ASK { <http://example.org/a> <http://example.org/p> ?o }",
    ]);
    assert_eq!(ask.trim(), "false");
}

#[test]
fn a_broken_bulk_load_leaves_the_store_as_it_was() {
    let env = Env::new();
    let before = env.triples();
    // Past the bulk threshold, with the error at the very end.
    let big = env.path("big.nt");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(&format!(
            "<http://example.org/s{i}> <http://example.org/p> \"value number {i}\" .\n"
        ));
        i += 1;
    }
    text.push_str("<http://example.org/broken> <http://example.org/p> .\n");
    fs::write(&big, text).unwrap();
    env.cmd()
        .args(["load", big.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(":{}:", i + 1)));
    assert_eq!(env.triples(), before);
}

#[test]
fn a_good_bulk_load_counts_every_triple() {
    let env = Env::new();
    let before = env.triples();
    let big = env.path("big.nt");
    let mut text = String::new();
    let mut i = 0u64;
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(&format!(
            "<http://example.org/s{i}> <http://example.org/p> \"value number {i}\" .\n"
        ));
        i += 1;
    }
    fs::write(&big, text).unwrap();
    env.cmd()
        .args(["load", big.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("loaded {i} triples")))
        // One batch of the bulk loader is not worth rewriting the whole store for.
        .stderr(predicate::str::contains("compacted").not());
    assert_eq!(env.triples(), before + i);
}

#[test]
fn a_load_of_a_million_triples_compacts_the_store_and_keeps_them_all() {
    let env = Env::new();
    let before = env.triples();
    // Two files in one command: the bulk loader's batches add up, and one compaction follows.
    let mut files = Vec::new();
    for part in 0..2 {
        let path = env.path(&format!("part{part}.nt"));
        let text: String = (0..500_000)
            .map(|i| format!("<http://example.org/s{part}-{i}> <http://example.org/p> \"{i}\" .\n"))
            .collect();
        fs::write(&path, text).unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    let mut args = vec!["load".to_owned()];
    args.extend(files);
    env.cmd()
        .args(&args)
        .assert()
        .success()
        .stderr(predicate::str::contains("compacted the store in").count(1));
    assert_eq!(env.triples(), before + 1_000_000);
    let ask = env.run(&[
        "query",
        "-e",
        "ASK { <http://example.org/s1-499999> <http://example.org/p> \"499999\" }",
    ]);
    assert_eq!(ask.trim(), "true");
}

#[test]
fn replace_swaps_a_graphs_content() {
    let env = Env::new();
    let copy = env.path("claims.ttl");
    fs::copy(fixture("cli/small.ttl"), &copy).unwrap();
    env.run(&["load", "--graph", "urn:test:g", copy.to_str().unwrap()]);
    let before = env.triples();
    fs::copy(fixture("cli/small-v2.ttl"), &copy).unwrap();
    env.run(&[
        "load",
        "--replace",
        "--graph",
        "urn:test:g",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(env.triples(), before - 3 + 1);
    let stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats["graphs"]["urn:test:g"], 1);
}

#[test]
fn loading_into_a_graph_that_holds_data_says_so() {
    let env = Env::new();
    env.run(&["load", "--graph", "urn:test:g", &small()]);
    env.cmd()
        .args([
            "load",
            "--graph",
            "urn:test:g",
            fixture("cli/small-v2.ttl").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("--replace"));
}

#[test]
fn standard_input_with_a_format() {
    let env = Env::new();
    let before = env.triples();
    env.cmd()
        .args(["load", "--format", "nt", "--graph", "urn:test:stdin", "-"])
        .write_stdin("<http://example.org/x> <http://example.org/y> \"z\" .\n")
        .assert()
        .success();
    assert_eq!(env.triples(), before + 1);
}

#[test]
fn datasets_keep_their_graphs() {
    let env = Env::new();
    env.run(&["load", fixture("cli/graphs.trig").to_str().unwrap()]);
    let stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(stats["graphs"]["http://example.org/g1"], 1);
    assert_eq!(stats["graphs"]["http://example.org/g2"], 1);
}

#[test]
fn an_unknown_extension_asks_for_a_format() {
    let env = Env::new();
    let odd = env.path("claims.data");
    fs::copy(fixture("cli/small.ttl"), &odd).unwrap();
    env.cmd()
        .args(["load", odd.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the RDF format"))
        .stderr(predicate::str::contains(
            "hint: name the format with --format",
        ));
    env.run(&["load", "--format", "ttl", odd.to_str().unwrap()]);
}

#[test]
fn a_missing_file_is_named() {
    let env = Env::new();
    env.cmd()
        .args(["load", "/nonexistent/claims.ttl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/claims.ttl",
        ))
        .stderr(predicate::str::contains("caused by:"));
}

#[test]
fn a_changed_file_is_reported_with_the_command_that_reloads_it() {
    let env = Env::new();
    let copy = env.path("claims.ttl");
    fs::copy(fixture("cli/small.ttl"), &copy).unwrap();
    env.run(&["load", copy.to_str().unwrap()]);
    env.cmd()
        .args(["claims"])
        .assert()
        .success()
        .stderr(predicate::str::contains("changed").not());
    fs::copy(fixture("cli/small-v2.ttl"), &copy).unwrap();
    env.cmd()
        .args(["claims"])
        .assert()
        .success()
        .stderr(predicate::str::contains("changed since it was loaded"))
        .stderr(predicate::str::contains(
            "claimgraph load --replace --graph",
        ));
}

#[test]
fn a_store_with_an_outdated_shipped_graph_reloads_it() {
    let env = Env::new();
    let before = env.triples();
    let manifest_path = env.store().join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(&manifest_path).unwrap()).unwrap();
    for record in manifest["graphs"].as_object_mut().unwrap().values_mut() {
        record["sha256"] = "0".repeat(64).into();
    }
    fs::write(&manifest_path, manifest.to_string()).unwrap();
    env.cmd()
        .args(["stats"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "loaded the shipped knowledge base",
        ));
    assert_eq!(env.triples(), before);
}
