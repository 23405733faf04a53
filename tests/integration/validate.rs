//! `claimgraph validate`: the shipped data is valid, broken data is caught, and pySHACL agrees.

use crate::{Env, fixture, python, repo};
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[test]
fn the_shipped_knowledge_base_is_valid() {
    let env = Env::new();
    env.cmd()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 violations"));
}

fn invalid_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    files.sort();
    files
}

#[test]
fn each_broken_fixture_fails_validation() {
    let env = Env::new();
    let files = invalid_fixtures();
    for name in [
        "claim-without-source",
        "claim-with-two-statuses",
        "literal-without-language",
    ] {
        assert!(
            files.iter().any(|f| f.file_stem().unwrap() == name),
            "tests/fixtures/invalid/{name}.ttl is missing"
        );
    }
    for file in files {
        env.cmd()
            .args(["validate", file.to_str().unwrap()])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("focus:"));
    }
}

/// (focus, path, component) of each violation, as claimgraph reports them.
fn ours(env: &Env, file: &Path) -> BTreeSet<(String, String, String)> {
    let output = env
        .cmd()
        .args(["validate", "--format", "json", file.to_str().unwrap()])
        .output()
        .unwrap();
    let violations: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["focus"]
                    .as_str()
                    .unwrap()
                    .trim_matches(['<', '>'])
                    .to_owned(),
                v["path"]
                    .as_str()
                    .unwrap_or("")
                    .trim_matches(['<', '>'])
                    .to_owned(),
                v["component"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("sh:")
                    .to_owned(),
            )
        })
        .collect()
}

const PYSHACL: &str = "import sys, json, rdflib, pyshacl
from rdflib.namespace import SH
data = rdflib.Graph()
for path in sys.argv[1:-1]:
    data.parse(path, format='turtle')
shapes = rdflib.Graph().parse(sys.argv[-1], format='turtle')
conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference='none')
found = set()
for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
    path = results.value(r, SH.resultPath)
    found.add((str(results.value(r, SH.focusNode)),
               str(path) if isinstance(path, rdflib.URIRef) else '',
               str(results.value(r, SH.sourceConstraintComponent)).split('#')[-1]))
print(json.dumps(sorted(found)))";

#[test]
fn pyshacl_and_claimgraph_report_the_same_violations() {
    let env = Env::new();
    let mut files = invalid_fixtures();
    files.extend(
        std::fs::read_dir(fixture("valid"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttl")),
    );
    // The same data graph as `claimgraph validate FILE`: the file with the shipped ontology
    // and knowledge base.
    let mut knowledge_base = vec![repo("ontology/claimgraph.ttl")];
    knowledge_base.extend(
        std::fs::read_dir(repo("data"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttl")),
    );
    let shapes = repo("ontology/shapes.ttl");
    for file in files {
        let mut args: Vec<&Path> = vec![&file];
        args.extend(knowledge_base.iter().map(PathBuf::as_path));
        args.push(&shapes);
        let theirs: Vec<(String, String, String)> =
            serde_json::from_str(&python(PYSHACL, &args)).unwrap();
        let theirs: BTreeSet<_> = theirs.into_iter().collect();
        assert_eq!(
            ours(&env, &file),
            theirs,
            "disagreement on {}",
            file.display()
        );
    }
}
