//! SHACL Core validation: of the knowledge base against `ontology/shapes.ttl`, of files as
//! they would join the store, or of any data against any shapes (`--standalone`).
//!
//! No maintained Rust SHACL engine builds against oxigraph 0.5 without pulling in an HTTP
//! stack, so this module implements SHACL Core itself, reading the shapes at run time
//! (`ontology/shapes.ttl` stays the one source of truth). It is checked against the W3C
//! SHACL Core test suite (docs/shacl-conformance.md) and against pySHACL on our own data.
//! Shapes that use SHACL-SPARQL or other features beyond Core are refused, not skipped.

mod check;
mod data;
mod graph;
mod path;
mod report;
mod shapes;
mod values;

use crate::error::Result;
use crate::parse::{self, Input};
use crate::store::{ClaimStore, Overlay, Quads};
use check::{Checker, Found};
use data::DataGraph;
#[cfg(test)]
use graph::MAX_NESTING;
use oxigraph::model::{Dataset, Graph, Term, Triple};
use report::ValidationResult;
use shapes::Shape;

pub use crate::violation::Violation;
pub use report::Report;

/// The shapes shipped with claimgraph.
pub const SHIPPED_SHAPES: &str = include_str!("../../ontology/shapes.ttl");

/// How many triples of blank nodes a report copies to say which nodes its results name.
const DESCRIBED_LIMIT: usize = 10_000;

/// Parsed shapes, ready to check data.
#[derive(Debug)]
pub struct Shapes {
    shapes: Vec<Shape>,
    /// The shapes graph, for the structure of blank-node shapes in reports.
    graph: Graph,
}

impl Shapes {
    /// Parses SHACL shapes from Turtle; `file` names it in errors.
    pub fn parse(turtle: &str, file: &str) -> Result<Self> {
        Self::from_quads(parse::turtle_quads(turtle, file, None))
    }

    /// Reads SHACL shapes from a file in any RDF format, its relative IRIs resolved against
    /// the file's own `file://` IRI.
    pub fn read(path: &std::path::Path) -> Result<Self> {
        Self::from_quads(parse::quads(Input::File(path.to_owned()), None, None)?)
    }

    /// The shapes shipped in `ontology/shapes.ttl`.
    pub fn shipped() -> Result<Self> {
        Self::parse(SHIPPED_SHAPES, "ontology/shapes.ttl")
    }

    fn from_quads(quads: impl Iterator<Item = Result<oxigraph::model::Quad>>) -> Result<Self> {
        let mut graph = Graph::new();
        for quad in quads {
            graph.insert(&Triple::from(quad?));
        }
        Ok(Shapes {
            shapes: shapes::read(&graph)?,
            graph,
        })
    }

    /// True when the shapes graph defines no shape at all: it is likely not a shapes file.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// True when the shapes graph defines no shape that targets anything: validating
    /// against it would pass any data.
    pub fn targets_nothing(&self) -> bool {
        self.shapes
            .iter()
            .all(|s| s.deactivated || s.targets.is_empty())
    }

    /// Checks the whole store (the union of its graphs).
    pub fn validate(&self, store: &ClaimStore) -> Result<Report<'_>> {
        self.check(store.db())
    }

    /// Checks the store with `inputs` added, as they would join it, without changing it: a
    /// claim in a new file may name actors and sources that the store already has. Each input
    /// goes into the graph a load would give it.
    pub fn validate_with(&self, store: &ClaimStore, inputs: Vec<Input<'_>>) -> Result<Report<'_>> {
        let scratch = scratch_dataset(inputs)?;
        self.check(&Overlay {
            over: &scratch,
            base: store.db(),
            new_subjects: None,
        })
    }

    /// Checks `inputs` on their own: the data graph is their union and nothing else, which
    /// is the answer any SHACL processor gives for the same data and shapes.
    pub fn validate_standalone(&self, inputs: Vec<Input<'_>>) -> Result<Report<'_>> {
        let mut files = Vec::with_capacity(inputs.len());
        for input in inputs {
            let graph = input.default_graph()?;
            files.push(parse::quads(input, None, Some(&graph))?);
        }
        let data = DataGraph::from_triples(
            files
                .into_iter()
                .flatten()
                .map(|quad| quad.map(Triple::from)),
        )?;
        self.check(&data)
    }

    /// Checks the nodes in `focus` (those that some shape targets) in `data`: what a write
    /// that adds or changes those nodes must check before it commits.
    pub(crate) fn check_nodes(&self, data: &dyn Quads, focus: &[Term]) -> Result<Vec<Violation>> {
        let mut checker = Checker::new(data, &self.shapes);
        let mut found = Found::all();
        for node in focus {
            checker.check_node(node, &mut found)?;
        }
        Ok(report::violations(&self.shapes, &found.results))
    }

    /// Checks every target of every shape in `data` (the union of its graphs).
    fn check(&self, data: &dyn Quads) -> Result<Report<'_>> {
        let mut found = Found::all();
        Checker::new(data, &self.shapes).check_all(&mut found)?;
        let results = in_order(found.results);
        let mut described = Vec::new();
        report::describe_blank_nodes(
            results
                .iter()
                .flat_map(|r| std::iter::once(r.focus.clone()).chain(r.value.clone())),
            |node| {
                Ok(data
                    .quads(Some(node.as_ref()), None, None, None)?
                    .into_iter()
                    .map(Triple::from)
                    .collect())
            },
            DESCRIBED_LIMIT,
            &mut described,
        )?;
        report::describe_blank_nodes(
            results
                .iter()
                .map(|r| Term::from(self.shapes[r.shape].id.clone())),
            |node| {
                Ok(self
                    .graph
                    .triples_for_subject(node)
                    .map(|t| t.into_owned())
                    .collect())
            },
            DESCRIBED_LIMIT,
            &mut described,
        )?;
        Ok(Report::new(&self.shapes, results, described))
    }
}

/// `results` in a stable order: by focus node, shape, component and value. Two equal
/// results stay two: a property shape reached along two routes from the same focus node is
/// reported for each route, as SHACL reports it.
fn in_order(results: Vec<ValidationResult>) -> Vec<ValidationResult> {
    let mut keyed: Vec<(String, ValidationResult)> = results
        .into_iter()
        .map(|r| {
            let key = format!(
                "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
                r.focus,
                r.shape,
                r.component,
                r.value
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                r.path.as_ref().map(ToString::to_string).unwrap_or_default()
            );
            (key, r)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// `inputs` in memory, each in the graph a load would give it, every term as written.
fn scratch_dataset(inputs: Vec<Input<'_>>) -> Result<Dataset> {
    let mut scratch = Dataset::new();
    for input in inputs {
        let graph = input.default_graph()?;
        for quad in parse::quads(input, None, Some(&graph))? {
            scratch.insert(&quad?);
        }
    }
    Ok(scratch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::NamedNode;
    use oxigraph::store::Store;

    #[test]
    fn features_beyond_core_are_refused() {
        let shapes = "@prefix sh: <http://www.w3.org/ns/shacl#> .
            <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;
              sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .";
        assert!(matches!(
            Shapes::parse(shapes, "test.ttl"),
            Err(Error::UnsupportedShapes(_))
        ));
    }

    fn data(turtle: &str) -> Store {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, turtle).unwrap();
        store
    }

    fn found(shapes: &str, turtle: &str) -> Vec<(String, String)> {
        let shapes = Shapes::parse(
            &format!(
                "@prefix sh: <http://www.w3.org/ns/shacl#> .
                 @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . {shapes}"
            ),
            "test.ttl",
        )
        .unwrap();
        let report = shapes.check(&data(turtle)).unwrap();
        report
            .violations()
            .into_iter()
            .map(|v| (v.focus, v.component))
            .collect()
    }

    #[test]
    fn min_count_and_datatype() {
        let shapes = Shapes::parse(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .
             @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
             <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;
               sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:datatype xsd:date ] .",
            "test.ttl",
        )
        .unwrap();
        let data = data(
            "<urn:a> a <urn:C> . <urn:b> a <urn:C> ; <urn:p> \"x\" . <urn:c> a <urn:C> ; <urn:p> \"2026-01-01\"^^<http://www.w3.org/2001/XMLSchema#date> .",
        );
        let report = shapes.check(&data).unwrap();
        assert!(!report.conforms());
        let focus = [Term::from(NamedNode::new_unchecked("urn:b"))];
        let targeted = shapes.check_nodes(&data, &focus).unwrap();
        assert_eq!(targeted.len(), 1);
        assert_eq!(targeted[0].focus, "<urn:b>");
        let found: Vec<(String, String)> = report
            .violations()
            .into_iter()
            .map(|v| (v.focus, v.component))
            .collect();
        assert_eq!(
            found,
            [
                ("<urn:a>".into(), "sh:MinCountConstraintComponent".into()),
                ("<urn:b>".into(), "sh:DatatypeConstraintComponent".into())
            ]
        );
    }

    #[test]
    fn closed_shapes_report_each_property_they_do_not_allow() {
        let found = found(
            "<urn:s> sh:targetNode <urn:a> ; sh:closed true ;
               sh:ignoredProperties ( <urn:q> ) ; sh:property [ sh:path <urn:p> ] .",
            "<urn:a> <urn:p> 1 ; <urn:q> 2 ; <urn:r> 3 , 4 .",
        );
        assert_eq!(
            found,
            [
                ("<urn:a>".into(), "sh:ClosedConstraintComponent".into()),
                ("<urn:a>".into(), "sh:ClosedConstraintComponent".into())
            ]
        );
    }

    #[test]
    fn property_pair_components() {
        let found = found(
            "<urn:s> sh:targetNode <urn:a> , <urn:b> ;
               sh:property [ sh:path <urn:start> ; sh:lessThan <urn:end> ] .",
            "<urn:a> <urn:start> 1 ; <urn:end> 2 . <urn:b> <urn:start> 3 ; <urn:end> 2 .",
        );
        assert_eq!(
            found,
            [("<urn:b>".into(), "sh:LessThanConstraintComponent".into())]
        );
    }

    #[test]
    fn recursive_shapes_over_cyclic_data_end() {
        // Each node's friends must conform to the same shape; the data is a ring.
        let found = found(
            "<urn:s> sh:targetNode <urn:a> ;
               sh:property [ sh:path <urn:knows> ; sh:node <urn:s> ; sh:minCount 1 ] .",
            "<urn:a> <urn:knows> <urn:b> . <urn:b> <urn:knows> <urn:c> . <urn:c> <urn:knows> <urn:a> .",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn recursion_too_deep_is_an_error_not_an_overflow() {
        let mut chain = String::new();
        for i in 0..(MAX_NESTING + 10) {
            chain.push_str(&format!("<urn:n{i}> <urn:next> <urn:n{}> .\n", i + 1));
        }
        let shapes = Shapes::parse(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .
             <urn:s> sh:targetNode <urn:n0> ;
               sh:property [ sh:path <urn:next> ; sh:node <urn:s> ] .",
            "test.ttl",
        )
        .unwrap();
        assert!(matches!(
            shapes.check(&data(&chain)),
            Err(Error::UnsupportedShapes(_))
        ));
    }

    #[test]
    fn shapes_nested_deep_in_the_graph_are_read_and_paths_too_deep_refused() {
        let mut nested = String::from("<urn:leaf>");
        for _ in 0..10_000 {
            nested = format!("[ sh:not {nested} ]");
        }
        let shapes = format!(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .
             <urn:s> sh:targetNode <urn:a> ; sh:node {nested} ."
        );
        Shapes::parse(&shapes, "test.ttl").unwrap();
        let mut path = String::from("<urn:p>");
        for _ in 0..(MAX_NESTING + 10) {
            path = format!("[ sh:inversePath {path} ]");
        }
        let shapes = format!(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .
             <urn:s> sh:targetNode <urn:a> ; sh:property [ sh:path {path} ] ."
        );
        assert!(matches!(
            Shapes::parse(&shapes, "test.ttl"),
            Err(Error::UnsupportedShapes(_))
        ));
    }
}
