//! `claimgraph export`: every format round-trips to an isomorphic dataset, Turtle is stable,
//! and independent parsers (rio_turtle, rdflib) read what we write.

use crate::{Env, python, repo};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad};
use std::fs;
use std::path::Path;

const FORMATS: [(&str, &str); 6] = [
    ("turtle", "ttl"),
    ("trig", "trig"),
    ("ntriples", "nt"),
    ("nquads", "nq"),
    ("rdfxml", "rdf"),
    ("jsonld", "jsonld"),
];

/// The canonical N-Quads lines of a file, sorted: equal for isomorphic datasets.
fn canonical(path: &Path, format: RdfFormat, as_triples: bool) -> Vec<String> {
    let mut dataset = Dataset::new();
    for quad in RdfParser::from_format(format).for_slice(&fs::read(path).unwrap()) {
        let quad = quad.unwrap();
        let graph = if as_triples {
            GraphName::DefaultGraph
        } else {
            quad.graph_name
        };
        dataset.insert(&Quad::new(quad.subject, quad.predicate, quad.object, graph));
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    let mut lines: Vec<String> = dataset.iter().map(|q| q.to_string()).collect();
    lines.sort();
    lines
}

fn assert_same(actual: &[String], expected: &[String], what: &str) {
    let missing: Vec<&String> = expected
        .iter()
        .filter(|l| !actual.contains(l))
        .take(3)
        .collect();
    let extra: Vec<&String> = actual
        .iter()
        .filter(|l| !expected.contains(l))
        .take(3)
        .collect();
    assert!(
        actual == expected,
        "{what}: {} quads instead of {}; missing {missing:?}; unexpected {extra:?}",
        actual.len(),
        expected.len()
    );
}

#[test]
fn every_format_round_trips_to_an_isomorphic_graph() {
    let env = Env::new();
    let reference = env.path("reference.nq");
    env.run(&[
        "export",
        "--format",
        "nquads",
        "-o",
        reference.to_str().unwrap(),
    ]);
    let expected_dataset = canonical(&reference, RdfFormat::NQuads, false);
    let expected_union = canonical(&reference, RdfFormat::NQuads, true);
    // The ontology graph has blank nodes, which is what makes a round trip interesting.
    let graph = "https://w3id.org/claimgraph/graph/ontology/claimgraph.ttl";
    let graph_reference = env.path("graph.nq");
    env.run(&[
        "export",
        "--graph",
        graph,
        "--format",
        "nq",
        "-o",
        graph_reference.to_str().unwrap(),
    ]);
    let expected_graph = canonical(&graph_reference, RdfFormat::NQuads, true);

    for (name, extension) in FORMATS {
        let format = RdfFormat::from_extension(extension).unwrap();
        let whole = env.path(&format!("kb.{extension}"));
        env.run(&["export", "-o", whole.to_str().unwrap()]);
        if format.supports_datasets() {
            assert_same(&canonical(&whole, format, false), &expected_dataset, name);
        } else {
            assert_same(&canonical(&whole, format, true), &expected_union, name);
        }
        // One graph, through a fresh store and back.
        let one = env.path(&format!("graph.{extension}"));
        env.run(&["export", "--graph", graph, "-o", one.to_str().unwrap()]);
        let other = Env::new();
        other.run(&["load", "--graph", "urn:roundtrip", one.to_str().unwrap()]);
        let again = other.path("again.nq");
        other.run(&[
            "export",
            "--graph",
            "urn:roundtrip",
            "--format",
            "nq",
            "-o",
            again.to_str().unwrap(),
        ]);
        assert_same(
            &canonical(&again, RdfFormat::NQuads, true),
            &expected_graph,
            &format!("{name} reloaded"),
        );
    }
}

#[test]
fn two_exports_are_identical_and_use_the_known_prefixes() {
    let env = Env::new();
    let first = env.run(&["export", "--format", "ttl"]);
    let other = Env::new();
    let second = other.run(&["export", "--format", "turtle"]);
    assert_eq!(first, second);
    assert!(first.contains("@prefix cg: <https://w3id.org/claimgraph/ontology#> ."));
    assert!(first.contains("id:kidal"));
    // One block per subject: a subject line starts once.
    let starts = first.lines().filter(|l| l.starts_with("id:kidal ")).count();
    assert_eq!(starts, 1);
}

#[test]
fn one_graph_exports_alone() {
    let env = Env::new();
    let graph = "https://w3id.org/claimgraph/graph/ontology/claimgraph.ttl";
    let out = env.run(&["export", "--graph", graph, "--format", "nt"]);
    let stats = env.json(&["stats", "--format", "json"]);
    assert_eq!(
        out.lines().count() as u64,
        stats["graphs"][graph].as_u64().unwrap()
    );
}

fn rio_count(path: &Path) -> usize {
    use rio_api::parser::TriplesParser;
    let mut count = 0;
    let file = std::io::BufReader::new(fs::File::open(path).unwrap());
    let mut callback = |_t: rio_api::model::Triple<'_>| -> Result<(), rio_turtle::TurtleError> {
        count += 1;
        Ok(())
    };
    if path.extension().is_some_and(|e| e == "nt") {
        rio_turtle::NTriplesParser::new(file)
            .parse_all(&mut callback)
            .unwrap();
    } else {
        rio_turtle::TurtleParser::new(file, None)
            .parse_all(&mut callback)
            .unwrap();
    }
    count
}

fn oxigraph_count(path: &Path) -> usize {
    let format = RdfFormat::from_extension(path.extension().unwrap().to_str().unwrap()).unwrap();
    let mut count = 0;
    for quad in RdfParser::from_format(format).for_slice(&fs::read(path).unwrap()) {
        quad.unwrap();
        count += 1;
    }
    count
}

#[test]
fn rio_turtle_reads_every_turtle_file_we_ship_or_export() {
    let env = Env::new();
    let mut files = Vec::new();
    for dir in ["ontology", "data"] {
        for entry in fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ttl") {
                files.push(path);
            }
        }
    }
    for fixture in ["fixtures/valid", "fixtures/invalid"] {
        if let Ok(entries) = fs::read_dir(repo("tests").join(fixture)) {
            files.extend(
                entries
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "ttl")),
            );
        }
    }
    for (name, extension) in [("turtle", "ttl"), ("ntriples", "nt")] {
        let path = env.path(&format!("export.{extension}"));
        env.run(&["export", "--format", name, "-o", path.to_str().unwrap()]);
        files.push(path);
    }
    assert!(files.len() > 6);
    for file in files {
        assert_eq!(
            rio_count(&file),
            oxigraph_count(&file),
            "rio_turtle and oxigraph disagree on {}",
            file.display()
        );
    }
}

#[test]
fn rdflib_reads_every_export_format_to_the_same_count() {
    let env = Env::new();
    let reference = env.run(&["export", "--format", "nq"]).lines().count();
    let union = env.run(&["export", "--format", "nt"]).lines().count();
    for (name, extension) in FORMATS {
        let path = env.path(&format!("kb.{extension}"));
        env.run(&["export", "--format", name, "-o", path.to_str().unwrap()]);
        let rdflib_format = match extension {
            "ttl" => "turtle",
            "nt" => "nt",
            "nq" => "nquads",
            "trig" => "trig",
            "rdf" => "xml",
            _ => "json-ld",
        };
        let count: usize = python(
            "import sys, rdflib\n\
             d = rdflib.Dataset()\n\
             d.parse(sys.argv[1], format=sys.argv[2])\n\
             print(sum(1 for _ in d.quads((None, None, None, None))))",
            &[&path, Path::new(rdflib_format)],
        )
        .trim()
        .parse()
        .unwrap();
        let expected = if matches!(extension, "trig" | "nq" | "jsonld") {
            reference
        } else {
            union
        };
        assert_eq!(
            count, expected,
            "rdflib reads {count} from the {name} export, expected {expected}"
        );
    }
}

#[test]
fn a_triple_in_several_graphs_is_exported_once_in_a_union() {
    let env = Env::new();
    let before = env.run(&["export", "--format", "nt"]).lines().count();
    let small = crate::fixture("cli/small.ttl");
    env.run(&["load", "--graph", "urn:copy:a", small.to_str().unwrap()]);
    env.run(&["load", "--graph", "urn:copy:b", small.to_str().unwrap()]);
    let union = env.run(&["export", "--format", "nt"]);
    assert_eq!(union.lines().count(), before + 3);
    let dataset = env.run(&["export", "--format", "nq"]);
    assert_eq!(
        dataset.lines().filter(|l| l.contains("<urn:copy:")).count(),
        6
    );
}
