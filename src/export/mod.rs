//! Writing the store out in every RDF format, in an order that only depends on the data.
//!
//! The store's indexes are keyed by hashes of the terms, so walking one graph's index gives the
//! same order for the same data in any store. Export streams each graph (sorted by name) in that
//! order, one subject at a time with its triples sorted, and decodes each quad once. Blank nodes
//! are the exception: their store labels are random, so the triples that touch them are held
//! back, given canonical labels (see `blank`), and written after the rest of their graph. Two
//! exports of the same data are therefore byte-identical, and a change to the data is a small
//! diff.

mod blank;

use crate::error::Result;
use crate::store::ClaimStore;
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNode, QuadRef, Term, Triple, TripleRef};
use oxigraph::store::Store;
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every graph. Formats without graphs (Turtle, N-Triples, RDF/XML) get their union.
    Store,
    /// One graph; its triples go into the default graph of dataset formats.
    Graph(GraphName),
}

/// Writes `scope` to `out` in `format`; returns the number of triples or quads written.
pub fn export(
    store: &ClaimStore,
    scope: &Scope,
    format: RdfFormat,
    out: impl Write,
) -> Result<u64> {
    let graphs = graphs_of(scope, || store.graphs())?;
    write_graphs(store.db(), &graphs, scope, format, out)
}

/// [`export`] of a bare oxigraph store (a remote store's graphs, read into a store of their
/// own).
pub(crate) fn export_db(
    db: &Store,
    scope: &Scope,
    format: RdfFormat,
    out: impl Write,
) -> Result<u64> {
    let graphs = graphs_of(scope, || Ok(db.named_graphs().collect::<Result<_, _>>()?))?;
    write_graphs(db, &graphs, scope, format, out)
}

fn write_graphs(
    store: &Store,
    graphs: &[GraphName],
    scope: &Scope,
    format: RdfFormat,
    out: impl Write,
) -> Result<u64> {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the default prefixes are valid");
    }
    let mut writer = serializer.for_writer(out);
    let keep_graphs = matches!(scope, Scope::Store) && format.supports_datasets();
    let mut written = 0;
    let mut union = UnionFilter::default();
    let mut blank = BlankTriples::default();
    for (index, graph) in graphs.iter().enumerate() {
        let target = if keep_graphs {
            graph.clone()
        } else {
            GraphName::DefaultGraph
        };
        let mut group: Vec<Triple> = Vec::new();
        let mut flush = |group: &mut Vec<Triple>, writer: &mut _| -> Result<()> {
            if !keep_graphs && !union.first_time(group) {
                group.retain(|t| !UnionFilter::seen_before(store, &graphs[..index], t));
            }
            written += write_group(writer, group, &target)?;
            group.clear();
            Ok(())
        };
        for quad in store.quads_for_pattern(None, None, None, Some(graph.as_ref())) {
            let quad = quad?;
            let triple = Triple::from(quad);
            if matches!(triple.subject, NamedOrBlankNode::BlankNode(_))
                || matches!(triple.object, Term::BlankNode(_))
            {
                blank.triples.push(triple);
                continue;
            }
            if group
                .first()
                .is_some_and(|first| first.subject != triple.subject)
            {
                flush(&mut group, &mut writer)?;
            }
            group.push(triple);
        }
        flush(&mut group, &mut writer)?;
        if keep_graphs {
            written += blank.write(&mut writer, &target)?;
        }
    }
    written += blank.write(&mut writer, &GraphName::DefaultGraph)?;
    writer.finish()?;
    Ok(written)
}

/// The graphs `scope` takes: one, or the default graph and then the `named` ones by name.
fn graphs_of(
    scope: &Scope,
    named: impl FnOnce() -> Result<Vec<NamedOrBlankNode>>,
) -> Result<Vec<GraphName>> {
    match scope {
        Scope::Graph(graph) => Ok(vec![graph.clone()]),
        Scope::Store => {
            let mut named = named()?;
            named.sort_by_cached_key(ToString::to_string);
            let mut graphs = vec![GraphName::DefaultGraph];
            graphs.extend(named.into_iter().map(GraphName::from));
            Ok(graphs)
        }
    }
}

fn write_group(
    writer: &mut oxigraph::io::WriterQuadSerializer<impl Write>,
    group: &mut [Triple],
    graph: &GraphName,
) -> Result<u64> {
    group.sort_by_cached_key(|t| (t.predicate.to_string(), t.object.to_string()));
    let mut written = 0;
    let mut previous: Option<&Triple> = None;
    for triple in group.iter() {
        if previous != Some(triple) {
            write_triple(writer, triple, graph)?;
            written += 1;
        }
        previous = Some(triple);
    }
    Ok(written)
}

fn write_triple(
    writer: &mut oxigraph::io::WriterQuadSerializer<impl Write>,
    triple: &Triple,
    graph: &GraphName,
) -> Result<()> {
    Ok(writer.serialize_quad(QuadRef::new(
        &triple.subject,
        &triple.predicate,
        &triple.object,
        graph,
    ))?)
}

/// The triples that touch blank nodes, held back until their graph (or, for a union, the
/// whole store) has been read.
#[derive(Default)]
struct BlankTriples {
    triples: Vec<Triple>,
    /// Labels given so far: each graph's blank nodes get labels of their own, so that a
    /// dataset format does not join two graphs' nodes under one label.
    labelled: usize,
}

impl BlankTriples {
    /// Relabels the held-back triples canonically and writes them sorted, into `graph`.
    fn write(
        &mut self,
        writer: &mut oxigraph::io::WriterQuadSerializer<impl Write>,
        graph: &GraphName,
    ) -> Result<u64> {
        if self.triples.is_empty() {
            return Ok(0);
        }
        let (triples, labels) = blank::relabel(std::mem::take(&mut self.triples), self.labelled)?;
        self.labelled += labels;
        for triple in &triples {
            write_triple(writer, triple, graph)?;
        }
        Ok(triples.len() as u64)
    }
}

/// In a union export a triple stated in several graphs is written once. Subjects are tracked
/// by hash; only a subject met in an earlier graph needs its triples checked against them.
#[derive(Default)]
struct UnionFilter {
    subjects: HashSet<u64>,
}

impl UnionFilter {
    /// True when the group's subject was not met in an earlier graph.
    fn first_time(&mut self, group: &[Triple]) -> bool {
        let Some(first) = group.first() else {
            return true;
        };
        let mut hasher = DefaultHasher::new();
        first.subject.hash(&mut hasher);
        self.subjects.insert(hasher.finish())
    }

    /// True when an earlier graph holds `triple` too.
    fn seen_before(store: &Store, earlier: &[GraphName], triple: &Triple) -> bool {
        let triple: TripleRef<'_> = triple.as_ref();
        earlier.iter().any(|graph| {
            store
                .contains(QuadRef::new(
                    triple.subject,
                    triple.predicate,
                    triple.object,
                    graph.as_ref(),
                ))
                .unwrap_or(false)
        })
    }
}
