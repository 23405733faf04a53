//! Hostile input and faults (issue #16): each defect found by trying claimgraph as a hostile
//! tester would, reproduced through the real binary. Every one of these failed before its fix:
//! a stack overflow, a panic, a truncated file, a store that read as empty, a file that wrote
//! into a shipped graph, a half-done load, or raw escape sequences on the terminal.

use crate::{Env, fixture};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ESC: char = '\u{1b}';

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let path = env.path(name);
    fs::write(&path, text).unwrap();
    path
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `[ ex:p [ ex:p … ] ]` nested `depth` deep, and a ring of `ring` blank nodes.
fn blank_structures(depth: usize, ring: usize) -> String {
    let mut text = String::from("@prefix ex: <http://example.org/> .\nex:root ex:p ");
    text.push_str(&"[ ex:p ".repeat(depth));
    text.push_str("ex:end");
    text.push_str(&" ]".repeat(depth));
    text.push_str(" .\n");
    for i in 0..ring {
        text.push_str(&format!("_:r{i} ex:q _:r{} .\n", (i + 1) % ring));
    }
    text
}

#[test]
fn chains_and_rings_of_blank_nodes_export_fast_and_identically() {
    let text = blank_structures(10_000, 1_000);
    let first = Env::new();
    let file = write(&first, "blank.ttl", &text);
    first.run(&["load", "--graph", "urn:test:blank", arg(&file)]);
    let second = Env::new();
    let file = write(&second, "blank.ttl", &text);
    second.run(&["load", "--graph", "urn:test:blank", arg(&file)]);
    for format in ["nt", "ttl", "nq", "trig", "jsonld", "rdf"] {
        let started = Instant::now();
        let one = first.run(&["export", "--format", format]);
        // Minutes and then a stack overflow before: the labelling is near-linear now.
        assert!(started.elapsed() < Duration::from_secs(60), "{format}");
        let other = second.run(&["export", "--format", format]);
        assert!(one == other, "{format}: two stores of the same data differ");
    }
    let exported = first.path("out.nt");
    first.run(&["export", "-o", arg(&exported)]);
    let lines = fs::read_to_string(&exported).unwrap();
    let blank_lines = lines
        .lines()
        .filter(|l| l.contains("_:") && l.contains("example.org/"))
        .count();
    assert_eq!(blank_lines, 10_001 + 1_000);
}

#[test]
fn output_files_appear_whole_or_not_at_all() {
    let env = Env::new();
    let out = write(&env, "kb.nt", "the previous export\n");
    let mut child = process(&env)
        .args(["generate", "--claims", "400000", "-o", arg(&out)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed while writing: the previous file must still be there, whole.
    let started = Instant::now();
    while !partial_files(&env)
        .iter()
        .any(|n| n.starts_with(".kb.nt.partial-"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), "the previous export\n");

    // An export that fails (here: a graph that is not an IRI) leaves the old file and no
    // partial one.
    env.cmd()
        .args(["export", "--graph", "not an iri", "-o", arg(&out)])
        .assert()
        .code(2);
    env.run(&["export", "-o", arg(&out)]);
    let exported = fs::read_to_string(&out).unwrap();
    assert!(exported.contains("claim-camara-killed"));
    let leftovers: Vec<String> = partial_files(&env)
        .into_iter()
        .filter(|n| n.contains(".partial-") && !n.contains(&child.id().to_string()))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The binary as a plain process, for the tests that hand it a file descriptor or kill it.
fn process(env: &Env) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("claimgraph"));
    command
        .env_clear()
        .env("HOME", env.path(""))
        .env("PATH", "/usr/bin:/bin")
        .arg("--store")
        .arg(env.store());
    command
}

fn partial_files(env: &Env) -> Vec<String> {
    fs::read_dir(env.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-"))
        .collect()
}

#[test]
fn a_store_whose_database_is_gone_or_foreign_refuses_to_answer() {
    let env = Env::new();
    env.run(&["stats"]);
    fs::remove_dir_all(env.store().join("oxigraph")).unwrap();
    for args in [
        &["stats"][..],
        &["claims", "--unconfirmed", "--fail-if-any"],
        &["validate"],
        &["load", fixture("cli/small.ttl").to_str().unwrap()],
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is damaged"))
            .stderr(predicate::str::contains("database"))
            .stderr(predicate::str::contains("hint:"));
    }
    // Nothing was recreated behind the user's back.
    assert!(!env.store().join("oxigraph").exists());

    // A deleted manifest, or a database that claimgraph did not write, is not taken over.
    let other = Env::new();
    other.run(&["stats"]);
    fs::remove_file(other.store().join("manifest.json")).unwrap();
    other
        .cmd()
        .args(["claims"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("manifest.json"));
    let foreign = Env::new();
    fs::create_dir_all(foreign.store()).unwrap();
    let db = oxigraph::store::Store::open(foreign.store().join("oxigraph")).unwrap();
    db.load_from_slice(
        oxigraph::io::RdfFormat::NTriples,
        "<urn:a> <urn:b> <urn:c> .\n",
    )
    .unwrap();
    drop(db);
    foreign.cmd().args(["stats"]).assert().code(2);
}

#[test]
fn a_dataset_file_writes_only_into_graphs_it_owns() {
    let env = Env::new();
    let before = env.triples();
    let shipped = "https://w3id.org/claimgraph/graph/data/actors.ttl";
    let hostile = write(
        &env,
        "hostile.trig",
        &format!(
            "<urn:x> <urn:p> <urn:o> .\n<urn:mine> {{ <urn:a> <urn:p> <urn:b> }}\n<{shipped}> {{ <urn:evil> <urn:p> <urn:o> }}\n"
        ),
    );
    env.cmd()
        .args(["load", arg(&hostile)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("<{shipped}>")))
        .stderr(predicate::str::contains("shipped knowledge base"));
    assert_eq!(env.triples(), before, "a refused file changed the store");

    let own = write(
        &env,
        "own.trig",
        "<urn:x> <urn:p> <urn:o> .\n<urn:g1> { <urn:a> <urn:p> <urn:b> }\n<urn:g2> { <urn:a> <urn:p> <urn:c> }\n",
    );
    env.cmd()
        .args(["load", arg(&own)])
        .assert()
        .success()
        .stderr(predicate::str::contains("into <urn:g1>"))
        .stderr(predicate::str::contains("into <urn:g2>"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(env.store().join("manifest.json")).unwrap()).unwrap();
    for graph in ["urn:g1", "urn:g2"] {
        let record = &manifest["graphs"][graph];
        assert_eq!(record["origin"]["kind"], "file");
        assert!(record["part_of"].as_str().unwrap().ends_with("own.trig"));
    }
    // Another file may not write into them either.
    let intruder = write(
        &env,
        "intruder.trig",
        "<urn:g1> { <urn:z> <urn:p> <urn:z> }\n",
    );
    env.cmd()
        .args(["load", arg(&intruder)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("own.trig"));
    // A replacement replaces every graph the file owns, and drops those it no longer has.
    fs::write(
        &own,
        "<urn:x> <urn:p> <urn:o2> .\n<urn:g1> { <urn:a> <urn:p> <urn:b2> }\n",
    )
    .unwrap();
    env.cmd()
        .args(["load", "--replace", arg(&own)])
        .assert()
        .success()
        .stderr(predicate::str::contains("removed <urn:g2>"));
    let rows = env.json(&[
        "query",
        "-e",
        "SELECT ?g ?o WHERE { GRAPH ?g { <urn:a> ?p ?o } }",
        "--format",
        "json",
    ]);
    let bindings = rows["results"]["bindings"].as_array().unwrap();
    assert_eq!(bindings.len(), 1, "{bindings:?}");
    assert_eq!(bindings[0]["o"]["value"], "urn:b2");
    assert_eq!(env.triples(), before + 2);
}

#[test]
fn structures_too_deep_end_in_an_error_not_an_abort() {
    let env = Env::new();
    let depth = 10_000;
    let jsonld = write(
        &env,
        "deep.jsonld",
        &format!(
            "{{\"@id\": \"http://example.org/r\",\n \"http://example.org/p\": {}\"x\"{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    env.cmd()
        .args(["load", arg(&jsonld)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("deep.jsonld:2:"))
        .stderr(predicate::str::contains("nested deeper than"));
    let unions = vec!["{ ?s ?p ?o }"; 5_000].join(" UNION ");
    let queries = [
        format!("SELECT * WHERE {{ {unions} }}"),
        format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(depth),
            ")".repeat(depth)
        ),
        format!(
            "SELECT * WHERE {{ {}?s ?p ?o{} }}",
            "OPTIONAL { ".repeat(depth),
            " }".repeat(depth)
        ),
        format!(
            "SELECT * WHERE {{ {}?s ?p ?o{} }}",
            "{ ".repeat(depth),
            " }".repeat(depth)
        ),
    ];
    for query in queries {
        env.cmd()
            .args(["query", "-e", &query])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error: -e:1:"));
    }
    // Shapes that recur through each other, over the symmetric cg:contradicts of the
    // shipped knowledge base: an answer.
    let shapes = write(
        &env,
        "recursive.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix cg: <https://w3id.org/claimgraph/ontology#> .\n@prefix ex: <http://example.org/> .\nex:A a sh:NodeShape ; sh:targetClass cg:Claim ; sh:property [ sh:path cg:contradicts ; sh:node ex:B ] .\nex:B a sh:NodeShape ; sh:property [ sh:path cg:contradicts ; sh:node ex:A ] .\n",
    );
    env.cmd()
        .args(["validate", "--shapes", arg(&shapes)])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 violations"));
}

#[test]
fn no_argument_or_output_makes_claimgraph_panic() {
    let env = Env::new();
    for bad in ["1e308", "inf", "NaN", "-1", "abc"] {
        env.cmd()
            .args(["query", "-e", "ASK {}", &format!("--timeout={bad}")])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a number of seconds"));
    }
    // Past what the clock can count: no limit, not a panic.
    env.cmd()
        .args(["query", "-e", "ASK {}", "--timeout", "1e19"])
        .assert()
        .success()
        .stdout("true\n");
    env.cmd()
        .args(["query", "-e", "ASK {}", "--timeout", "1e19", "--explain"])
        .assert()
        .success();
    if Path::new("/dev/full").exists() {
        let full = fs::File::create("/dev/full").unwrap();
        let output = process(&env)
            .args(["completions", "bash"])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with("error: cannot write <stdout>"),
            "{stderr}"
        );
    }
    let closed = pipeline(&env, "completions bash", "head -c 10");
    assert!(closed.status.success(), "{closed:?}");
    assert_eq!(String::from_utf8_lossy(&closed.stderr), "");
}

/// `claimgraph ARGS | READER` under `pipefail`, so that claimgraph's exit status counts.
fn pipeline(env: &Env, args: &str, reader: &str) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("claimgraph");
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' --store '{}' {args} | {reader} >/dev/null",
            binary.display(),
            env.store().display()
        ))
        .output()
        .unwrap()
}

#[test]
fn a_load_of_several_files_does_all_or_nothing() {
    let env = Env::new();
    let before = env.triples();
    let good = fixture("cli/small.ttl");
    let bad = write(&env, "bad.ttl", "<urn:a> <urn:b> .\n");
    let missing = env.path("missing.ttl");
    for last in [&missing, &bad] {
        env.cmd()
            .args(["load", arg(&good), arg(last)])
            .assert()
            .code(2);
        assert_eq!(env.triples(), before, "the first file was loaded anyway");
    }
    env.cmd()
        .args(["load", arg(&good), "-", arg(&bad)])
        .write_stdin("<urn:s> <urn:p> <urn:o> .\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.ttl:1:"));
    assert_eq!(env.triples(), before);
    env.cmd()
        .args(["load", arg(&good), "-"])
        .write_stdin("<urn:s> <urn:p> <urn:o> .\n")
        .assert()
        .success();
    assert!(env.triples() > before + 1);
}

#[test]
fn control_characters_from_the_data_never_reach_the_terminal_raw() {
    let env = Env::new();
    let statement = format!("Kidal {ESC}[2J{ESC}]0;owned\u{7} fell\u{9b}31m");
    let claim = write(
        &env,
        "hostile.ttl",
        &format!(
            "@prefix cg: <https://w3id.org/claimgraph/ontology#> .\n@prefix id: <https://w3id.org/claimgraph/id/> .\n@prefix prov: <http://www.w3.org/ns/prov#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nid:claim-hostile a cg:Claim ; cg:statement \"{}\"@en ; cg:status cg:reported ; cg:firstReported \"2026-04-27\"^^xsd:date ; prov:wasAttributedTo id:jnim ; prov:wasDerivedFrom id:source-noonpost-2026-04-mali .\n",
            statement
                .replace('\u{7}', "\\u0007")
                .replace(ESC, "\\u001B")
                .replace('\u{9b}', "\\u009B")
        ),
    );
    env.run(&["load", arg(&claim)]);
    let raw = |text: &str| {
        text.chars()
            .any(|c| c == ESC || c == '\u{7}' || c == '\u{9b}')
    };
    for format in ["table", "markdown"] {
        let out = env.run(&["claims", "--claimant", "jnim", "--format", format]);
        assert!(out.contains("Kidal \\x1B[2J"), "{format}: {out}");
        assert!(!raw(&out), "{format}");
    }
    let table = env.run(&[
        "query",
        "-e",
        "SELECT ?s WHERE { id:claim-hostile cg:statement ?s }",
    ]);
    assert!(
        table.contains("\\x1B]0;owned\\x07") && !raw(&table),
        "{table}"
    );
    // Machine formats keep the data exact (and JSON escapes it itself).
    let csv = env.run(&["claims", "--claimant", "jnim", "--format", "csv"]);
    assert!(csv.contains(&statement));
    let json = env.json(&["claims", "--claimant", "jnim", "--format", "json"]);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|row| row["statement"] == statement.as_str())
    );
}

#[test]
fn findings_survive_a_reader_that_stops_early() {
    let env = Env::new();
    env.run(&["stats"]);
    let claims = pipeline(&env, "claims --unconfirmed --fail-if-any", "head -1");
    assert_eq!(claims.status.code(), Some(1), "{claims:?}");
    let broken = fixture("invalid/claim-without-source.ttl");
    let validate = pipeline(&env, &format!("validate '{}'", broken.display()), "head -1");
    assert_eq!(validate.status.code(), Some(1), "{validate:?}");
}

#[test]
fn mistakes_are_named_with_what_was_meant() {
    let env = Env::new();
    env.cmd()
        .args(["claims", "--status", "confirmd", "--fail-if-any"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean confirmed"));
    let not_shapes = write(&env, "data.ttl", "<urn:a> <urn:b> <urn:c> .\n");
    env.cmd()
        .args(["validate", "--shapes", arg(&not_shapes)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("defines no SHACL shape"));
    env.cmd()
        .args(["query", "-e", "SELEC * WHERE { ?s ?p ?o }"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean SELECT"));
    env.cmd()
        .args(["query", "-e", "DELETE WHERE { ?s ?p ?o }"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SPARQL Update"));
    env.cmd()
        .args(["query", "my-question.rq"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read my-question.rq"));
    env.cmd()
        .args([
            "generate",
            "--claims",
            "1",
            "-o",
            arg(&env.path("x.jsonld")),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".ttl or .nt"))
        .stderr(predicate::str::contains("--format").not());
}
