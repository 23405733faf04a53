//! Writing the store out in every RDF format, in an order that only depends on the data.
//!
//! Graphs, then subjects, then triples are sorted by their text, so two exports of the same
//! data are byte-identical and a change to the data shows up as a small diff in git. Only the
//! subject list of one graph is held in memory; each subject's triples are read when written.

use crate::error::Result;
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad, Triple};
use oxigraph::store::Store;
use std::io::Write;

/// What to export.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every graph. Formats without graphs (Turtle, N-Triples, RDF/XML) get their union.
    Store,
    /// One graph; its triples go into the default graph of dataset formats.
    Graph(GraphName),
}

/// Writes `scope` to `out` in `format`; returns the number of triples or quads written.
pub fn export(store: &Store, scope: &Scope, format: RdfFormat, out: impl Write) -> Result<u64> {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the default prefixes are valid");
    }
    let mut writer = serializer.for_writer(out);
    let mut written = 0;
    let graphs: Vec<Option<GraphName>> = match scope {
        Scope::Graph(graph) => vec![Some(graph.clone())],
        Scope::Store if format.supports_datasets() => {
            let mut graphs: Vec<GraphName> = store
                .named_graphs()
                .map(|g| g.map(GraphName::from))
                .collect::<Result<_, _>>()?;
            graphs.sort_by_cached_key(ToString::to_string);
            graphs.insert(0, GraphName::DefaultGraph);
            graphs.into_iter().map(Some).collect()
        }
        Scope::Store => vec![None],
    };
    for graph in graphs {
        // In a dataset export a graph keeps its name; a single exported graph becomes the
        // default graph, so the file loads anywhere as plain triples.
        let target = match (scope, &graph) {
            (Scope::Store, Some(graph)) => graph.clone(),
            _ => GraphName::DefaultGraph,
        };
        for subject in sorted_subjects(store, graph.as_ref().map(GraphName::as_ref))? {
            let mut triples: Vec<Triple> = store
                .quads_for_pattern(
                    Some(subject.as_ref()),
                    None,
                    None,
                    graph.as_ref().map(GraphName::as_ref),
                )
                .map(|quad| quad.map(Triple::from))
                .collect::<Result<_, _>>()?;
            triples.sort_by_cached_key(|t| (t.predicate.to_string(), t.object.to_string()));
            triples.dedup();
            for triple in triples {
                writer.serialize_quad(&Quad::new(
                    triple.subject,
                    triple.predicate,
                    triple.object,
                    target.clone(),
                ))?;
                written += 1;
            }
        }
    }
    writer.finish()?;
    Ok(written)
}

/// The distinct subjects of `graph` (of every graph for `None`), sorted by their text.
fn sorted_subjects(
    store: &Store,
    graph: Option<GraphNameRef<'_>>,
) -> Result<Vec<NamedOrBlankNode>> {
    let mut subjects: Vec<NamedOrBlankNode> = Vec::new();
    for quad in store.quads_for_pattern(None, None, None, graph) {
        let subject = quad?.subject;
        // The index is grouped by subject, so repeats are adjacent, except across graphs.
        if subjects.last() != Some(&subject) {
            subjects.push(subject);
        }
    }
    subjects.sort_by_cached_key(ToString::to_string);
    subjects.dedup();
    Ok(subjects)
}
