//! The command line itself: help, store location, errors, exit codes, pipes, locking.

use crate::{Env, fixture};
use predicates::prelude::*;

#[test]
fn help_teaches_with_examples() {
    let env = Env::new();
    env.bare()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("claims"))
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("claimgraph claims --unconfirmed"));
    env.bare()
        .args(["claims", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--unconfirmed"))
        .stdout(predicate::str::contains("--fail-if-any"));
}

#[test]
fn default_store_lives_under_the_data_home() {
    let env = Env::new();
    let data_home = env.path("xdg");
    env.bare()
        .env("XDG_DATA_HOME", &data_home)
        .args(["stats"])
        .assert()
        .success();
    assert!(data_home.join("claimgraph/store/oxigraph").is_dir());
    assert!(data_home.join("claimgraph/store/manifest.json").is_file());
}

#[test]
fn claimgraph_store_variable_chooses_the_store() {
    let env = Env::new();
    let store = env.path("elsewhere");
    env.bare()
        .env("CLAIMGRAPH_STORE", &store)
        .arg("stats")
        .assert()
        .success();
    assert!(store.join("oxigraph").is_dir());
}

#[test]
fn memory_store_leaves_nothing_on_disk() {
    let env = Env::new();
    env.bare()
        .args(["--memory", "claims", "--unconfirmed", "--format", "json"])
        .assert()
        .success();
    assert!(!env.path(".local").exists());
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.cmd()
        .args(["claims", "--format", "yaml"])
        .assert()
        .code(2);
    env.cmd().arg("frobnicate").assert().code(2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = Env::new();
    env.run(&["stats"]);
    let binary = assert_cmd::cargo::cargo_bin("claimgraph");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' --store '{}' export --format nt | head -c 100 >/dev/null",
            binary.display(),
            env.store().display()
        ))
        .output()
        .unwrap();
    assert!(output.status.success(), "exit {:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_store_held_by_another_process_is_reported_clearly() {
    let env = Env::new();
    env.run(&["stats"]);
    let held = oxigraph::store::Store::open(env.store().join("oxigraph")).unwrap();
    env.cmd()
        .args(["load", fixture("cli/small.ttl").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is in use by another claimgraph process",
        ))
        .stderr(predicate::str::contains("hint:"));
    drop(held);
    env.run(&["load", fixture("cli/small.ttl").to_str().unwrap()]);
}

#[test]
fn readers_work_while_a_writer_holds_the_store() {
    let env = Env::new();
    env.run(&["stats"]);
    let held = oxigraph::store::Store::open(env.store().join("oxigraph")).unwrap();
    env.cmd()
        .args(["claims", "--unconfirmed", "--format", "json"])
        .assert()
        .success();
    drop(held);
}

#[test]
fn completions_and_man_page() {
    let env = Env::new();
    env.bare()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("claimgraph"))
        .stdout(predicate::str::contains("--unconfirmed"));
    env.bare()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH claimgraph"));
}

#[test]
fn stats_count_graphs_classes_and_statuses() {
    let env = Env::new();
    let stats = env.json(&["stats", "--format", "json"]);
    let graphs = stats["graphs"].as_object().unwrap();
    assert!(graphs.contains_key("https://w3id.org/claimgraph/graph/ontology/claimgraph.ttl"));
    let per_graph: u64 = graphs.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(per_graph, stats["triples"].as_u64().unwrap());
    assert!(stats["classes"]["cg:Claim"].as_u64().unwrap() > 0);
    assert!(stats["statuses"]["reported"].as_u64().unwrap() > 0);
}
