//! Moving whole graphs between the local store and a remote one, with the Graph Store
//! Protocol: `push` sends each graph with PUT (so a second run replaces rather than doubles
//! it, and finishes a push that was cut off), `pull` brings graphs back into the local store,
//! and `export` writes them out as the local `export` would.
//!
//! A large graph goes in chunks: the first replaces the graph, the others add to it. Blank
//! nodes are scoped to one request, so every triple that mentions one travels in the first
//! chunk, where its node keeps its identity. Afterwards the remote graph is counted: a graph
//! that landed short is an error, not a warning.

use super::Remote;
use crate::error::{Error, Result};
use crate::export::{Scope, export_db};
use crate::load::{self, LoadOptions};
use crate::parse::Input;
use crate::store::{ClaimStore, Origin};
use oxigraph::io::RdfParser;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::store::Store;
use std::io::{Read, Write};

/// A graph that landed, with its triples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphPushed {
    /// The graph.
    pub graph: NamedNode,
    /// Its triples, as counted on both sides.
    pub triples: usize,
}

/// What a push or a pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushed {
    /// The graphs, in the order they were sent.
    pub graphs: Vec<GraphPushed>,
}

/// What a push is doing, for a caller that shows progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushProgress {
    /// A graph of `triples` triples is being sent.
    Graph {
        /// The graph.
        graph: NamedNode,
        /// Its size.
        triples: usize,
    },
    /// `triples` more of the current graph were sent.
    Sent {
        /// How many, in this chunk.
        triples: usize,
    },
}

/// Sends `graphs` (every named graph of the store when empty) to `remote`, `chunk` triples a
/// request at most, and checks each graph's count on the remote side.
pub fn push(
    store: &ClaimStore,
    remote: &Remote,
    graphs: &[NamedNode],
    chunk: usize,
    progress: &mut dyn FnMut(PushProgress),
) -> Result<Pushed> {
    let graphs = match graphs {
        [] => store
            .graphs()?
            .into_iter()
            .filter_map(|g| match g {
                NamedOrBlankNode::NamedNode(g) => Some(g),
                NamedOrBlankNode::BlankNode(_) => None,
            })
            .collect(),
        some => some.to_vec(),
    };
    let mut pushed = Pushed::default();
    for graph in &graphs {
        let triples =
            push_graph(store, remote, graph, chunk.max(1), progress).map_err(|source| {
                Error::PushStopped {
                    graph: graph.to_string(),
                    landed: pushed.graphs.iter().map(|g| g.graph.to_string()).collect(),
                    remaining: graphs.len() - pushed.graphs.len(),
                    source: Box::new(source),
                }
            })?;
        pushed.graphs.push(GraphPushed {
            graph: graph.clone(),
            triples,
        });
    }
    Ok(pushed)
}

fn push_graph(
    store: &ClaimStore,
    remote: &Remote,
    graph: &NamedNode,
    chunk: usize,
    progress: &mut dyn FnMut(PushProgress),
) -> Result<usize> {
    let mut with_blank_nodes = Vec::new();
    let mut ground = Vec::new();
    for quad in store.db().quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        let triple = remote.engine().adapt(Triple::from(quad?));
        if triple.subject.is_blank_node() || matches!(triple.object, Term::BlankNode(_)) {
            with_blank_nodes.push(triple);
        } else {
            ground.push(triple);
        }
    }
    let total = with_blank_nodes.len() + ground.len();
    progress(PushProgress::Graph {
        graph: graph.clone(),
        triples: total,
    });
    // The first request replaces the graph (an empty one too: pushing an emptied graph empties
    // it remotely); it carries every blank node, and fills up with ground triples.
    let room = chunk.saturating_sub(with_blank_nodes.len());
    let first_ground = room.min(ground.len());
    let mut first = with_blank_nodes;
    first.extend(ground.drain(..first_ground));
    remote.send_graph(graph, &ntriples(&first)?, true)?;
    progress(PushProgress::Sent {
        triples: first.len(),
    });
    for part in ground.chunks(chunk) {
        remote.send_graph(graph, &ntriples(part)?, false)?;
        progress(PushProgress::Sent {
            triples: part.len(),
        });
    }
    let landed = remote.graph_len(graph)?;
    if landed != total {
        return Err(Error::Incomplete {
            url: remote.url().to_owned(),
            got: landed,
            expected: total,
        });
    }
    Ok(total)
}

fn ntriples(triples: &[Triple]) -> Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples {
        serializer.serialize_triple(triple)?;
    }
    Ok(serializer.finish()?)
}

/// Brings `graphs` from `remote` into the local store, each replacing the local graph of the
/// same name, as `load --replace` would. Without `graphs`, every remote graph that holds data,
/// but those of the shipped knowledge base: the local store has them from the binary, and would
/// put its own copy back over a pulled one.
pub fn pull(
    store: &mut ClaimStore,
    remote: &Remote,
    graphs: &[NamedNode],
    progress: &dyn Fn(load::Progress),
) -> Result<Pushed> {
    let graphs = match graphs {
        [] => remote
            .graphs()?
            .into_iter()
            .filter(|graph| {
                !store
                    .record(graph)
                    .is_some_and(|record| matches!(record.origin, Origin::Shipped { .. }))
            })
            .collect(),
        some => some.to_vec(),
    };
    let mut pulled = Pushed::default();
    for graph in graphs {
        let ntriples = graph_ntriples(remote, &graph)?;
        let input = Input::reader(format!("{graph} at {}", remote.url()), ntriples.as_slice());
        let options = LoadOptions {
            format: Some(RdfFormat::NTriples),
            graph: Some(graph.clone()),
            replace: true,
        };
        let loaded = load::load(store, input, &options, progress)?;
        pulled.graphs.push(GraphPushed {
            graph,
            triples: usize::try_from(loaded.triples).unwrap_or(usize::MAX),
        });
    }
    Ok(pulled)
}

/// Writes `scope` of `remote` to `out` in `format`, exactly as the local `export` writes the
/// same data (the same order, the same blank-node labels): the graphs are read into a
/// temporary store with the Graph Store Protocol, then exported. Returns the number of triples or quads.
pub fn export(remote: &Remote, scope: &Scope, format: RdfFormat, out: impl Write) -> Result<u64> {
    let graphs = match scope {
        Scope::Graph(GraphName::NamedNode(graph)) => vec![graph.clone()],
        Scope::Graph(_) => Vec::new(),
        Scope::Store => remote.graphs()?,
    };
    // Read into a RocksDB store of its own, as the local store is: export's order follows the
    // store's indexes, and the in-memory store orders them otherwise.
    let dir = std::env::temp_dir().join(format!(
        "claimgraph-export-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let written = export_through(remote, &graphs, &dir, scope, format, out);
    let _ = std::fs::remove_dir_all(&dir);
    written
}

fn export_through(
    remote: &Remote,
    graphs: &[NamedNode],
    dir: &std::path::Path,
    scope: &Scope,
    format: RdfFormat,
    out: impl Write,
) -> Result<u64> {
    let copy = Store::open(dir)?;
    for graph in graphs {
        copy.load_from_slice(
            oxigraph::io::RdfParser::from_format(RdfFormat::NTriples)
                .with_default_graph(graph.clone()),
            &graph_ntriples(remote, graph)?,
        )
        .map_err(|e| Error::RemoteAnswer {
            url: remote.url().to_owned(),
            problem: e.to_string(),
        })?;
    }
    export_db(&copy, scope, format, out)
}

/// `graph` of `remote` as N-Triples, whole. The Graph Store Protocol's GET is tried first;
/// Virtuoso answers it like a query, cut at its row limit, so the triples are counted, and a
/// short answer is read again as a SELECT, which pages past the limit.
fn graph_ntriples(remote: &Remote, graph: &NamedNode) -> Result<Vec<u8>> {
    let expected = remote.graph_len(graph)?;
    let mut bytes = Vec::new();
    remote
        .fetch_graph(graph)?
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Unreachable {
            url: remote.url().to_owned(),
            source,
        })?;
    let received = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&bytes)
        .count();
    if received == expected {
        return Ok(bytes);
    }
    let triples = remote.graph_by_select(graph)?;
    if triples.len() != expected {
        return Err(Error::Incomplete {
            url: remote.url().to_owned(),
            got: triples.len(),
            expected,
        });
    }
    ntriples(&triples)
}
