//! Writing the store out in every RDF format, in an order that only depends on the data.
//!
//! Graphs, then subjects, then triples are sorted by their text, so two exports of the same
//! data are byte-identical and a change to the data shows up as a small diff in git. Blank
//! nodes get canonical labels (their store labels are random), so the same data loaded into
//! two stores exports identically too. Only one graph's subject list and the triples that
//! touch blank nodes are held in memory; everything else streams from the store's indexes.

use crate::error::Result;
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{
    Dataset, GraphName, GraphNameRef, NamedOrBlankNode, Quad, QuadRef, Term, Triple,
};
use oxigraph::store::Store;
use std::collections::BTreeMap;
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
    let keep_graphs = matches!(scope, Scope::Store) && format.supports_datasets();
    // (graph, subject) → canonically labelled triples that touch a blank node.
    let mut blank = blank_node_triples(store, scope, keep_graphs)?;
    let mut written = 0;
    for graph in graphs_to_read(store, scope, keep_graphs)? {
        let source = graph.as_ref().map(GraphName::as_ref);
        let target = match (keep_graphs, &graph) {
            (true, Some(graph)) => graph.clone(),
            _ => GraphName::DefaultGraph,
        };
        let mut subjects: Vec<(String, Option<NamedOrBlankNode>)> = named_subjects(store, source)?
            .into_iter()
            .map(|s| (s.to_string(), Some(s)))
            .collect();
        let key = target.to_string();
        subjects.extend(
            blank
                .keys()
                .filter(|(g, s)| *g == key && s.starts_with("_:"))
                .map(|(_, s)| (s.clone(), None)),
        );
        subjects.sort_by(|a, b| a.0.cmp(&b.0));
        subjects.dedup_by(|a, b| a.0 == b.0);
        for (subject_key, subject) in subjects {
            let mut triples: Vec<Triple> = match subject {
                Some(subject) => store
                    .quads_for_pattern(Some(subject.as_ref()), None, None, source)
                    .filter(|quad| !matches!(quad, Ok(q) if matches!(q.object, Term::BlankNode(_))))
                    .map(|quad| quad.map(Triple::from))
                    .collect::<Result<_, _>>()?,
                None => Vec::new(),
            };
            triples.extend(
                blank
                    .remove(&(key.clone(), subject_key))
                    .unwrap_or_default(),
            );
            triples.sort_by_cached_key(|t| (t.predicate.to_string(), t.object.to_string()));
            triples.dedup();
            for triple in triples {
                writer.serialize_quad(QuadRef::new(
                    &triple.subject,
                    &triple.predicate,
                    &triple.object,
                    &target,
                ))?;
                written += 1;
            }
        }
    }
    writer.finish()?;
    Ok(written)
}

/// The graphs to walk, sorted; `None` reads the union of every graph.
fn graphs_to_read(
    store: &Store,
    scope: &Scope,
    keep_graphs: bool,
) -> Result<Vec<Option<GraphName>>> {
    Ok(match scope {
        Scope::Graph(graph) => vec![Some(graph.clone())],
        Scope::Store if keep_graphs => {
            let mut graphs: Vec<GraphName> = store
                .named_graphs()
                .map(|g| g.map(GraphName::from))
                .collect::<Result<_, _>>()?;
            graphs.sort_by_cached_key(ToString::to_string);
            graphs.insert(0, GraphName::DefaultGraph);
            graphs.into_iter().map(Some).collect()
        }
        Scope::Store => vec![None],
    })
}

/// The distinct IRI subjects of `graph` (of every graph for `None`).
fn named_subjects(store: &Store, graph: Option<GraphNameRef<'_>>) -> Result<Vec<NamedOrBlankNode>> {
    let mut subjects: Vec<NamedOrBlankNode> = Vec::new();
    for quad in store.quads_for_pattern(None, None, None, graph) {
        let subject = quad?.subject;
        // The index is grouped by subject, so repeats are adjacent, except across graphs.
        if matches!(subject, NamedOrBlankNode::NamedNode(_)) && subjects.last() != Some(&subject) {
            subjects.push(subject);
        }
    }
    Ok(subjects)
}

/// Every triple of the scope that has a blank node, relabelled canonically and grouped by
/// (target graph, subject), both as text.
fn blank_node_triples(
    store: &Store,
    scope: &Scope,
    keep_graphs: bool,
) -> Result<BTreeMap<(String, String), Vec<Triple>>> {
    let source = match scope {
        Scope::Graph(graph) => Some(graph.as_ref()),
        Scope::Store => None,
    };
    let mut dataset = Dataset::new();
    for quad in store.quads_for_pattern(None, None, None, source) {
        let quad = quad?;
        if matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
            || matches!(quad.object, Term::BlankNode(_))
        {
            let graph = if keep_graphs {
                quad.graph_name
            } else {
                GraphName::DefaultGraph
            };
            dataset.insert(&Quad::new(quad.subject, quad.predicate, quad.object, graph));
        }
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    let mut grouped: BTreeMap<(String, String), Vec<Triple>> = BTreeMap::new();
    for quad in &dataset {
        let quad = quad.into_owned();
        grouped
            .entry((quad.graph_name.to_string(), quad.subject.to_string()))
            .or_default()
            .push(Triple::from(quad));
    }
    Ok(grouped)
}
