//! `push`: the local store's graphs, or files, sent to a remote store with the Graph Store
//! Protocol. Each graph goes with PUT, so that a second run replaces rather than doubles it
//! and finishes a push that was cut off. A file with an error changes nothing remotely: it is
//! read whole before anything is sent, or, when every graph the push writes is empty on the
//! server, read as it is sent and the graphs emptied again at an error. Afterwards each remote
//! graph is counted: a graph that landed short is an error, not a warning.

use super::sending::{Route, Sending, Stop, has_blank_node, send_stream};
use super::{Remote, ntriples};
use crate::error::{Error, Result};
use crate::parse::{self, Input};
use crate::store::ClaimStore;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Triple};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::PathBuf;

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
    /// A graph is being sent.
    Graph {
        /// The graph.
        graph: NamedNode,
        /// Its size, unless a file is read as it is sent.
        triples: Option<usize>,
    },
    /// `triples` more of the current graph were sent.
    Sent {
        /// How many, in this chunk.
        triples: usize,
    },
}

/// Sends `graphs` (every named graph of the store when empty) to `remote` in requests as
/// `sending` says, and checks each graph's count on the remote side.
pub fn push(
    store: &ClaimStore,
    remote: &Remote,
    graphs: &[NamedNode],
    sending: Sending,
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
    let route = Route::open(remote, sending)?;
    let mut pushed = Pushed::default();
    for graph in &graphs {
        let triples = push_graph(store, remote, &route, graph, sending, progress)
            .map_err(|source| stopped(graph, &pushed, graphs.len(), source))?;
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
    route: &Route,
    graph: &NamedNode,
    sending: Sending,
    progress: &mut dyn FnMut(PushProgress),
) -> Result<usize> {
    progress(PushProgress::Graph {
        graph: graph.clone(),
        triples: Some(store.graph_len(graph.as_ref())?),
    });
    let triples = || {
        Ok(store
            .db()
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .map(|quad| Ok(Triple::from(quad?))))
    };
    let sent = send_stream(remote, route, graph, triples, sending, &mut |triples| {
        progress(PushProgress::Sent { triples });
    })
    .map_err(Error::from)?;
    // A graph is a set: what was sent is what must land.
    landed_whole(remote, remote.graph_len(graph)?, sent)?;
    Ok(sent)
}

/// A file that `push` sends as a graph of its own.
#[derive(Debug, Clone)]
pub struct PushFile {
    /// The file.
    pub path: PathBuf,
    /// Its format; by default told from its extension.
    pub format: Option<RdfFormat>,
    /// The graph it becomes; by default its `file://` IRI, as `load` names it.
    pub graph: Option<NamedNode>,
}

/// Sends each of `files` to `remote` as a graph, in requests as `sending` says, and checks
/// each graph's count on the remote side. A file with an error (which the error names, with
/// its line and column) leaves the remote store as it was: see [`Checking`].
pub fn push_files(
    remote: &Remote,
    files: &[PushFile],
    sending: Sending,
    progress: &mut dyn FnMut(PushProgress),
) -> Result<Pushed> {
    let mut pending = Vec::with_capacity(files.len());
    for file in files {
        pending.push(Pending::of(file)?);
    }
    let route = Route::open(remote, sending)?;
    let mut checking = Checking::WhileSending;
    for file in &pending {
        if remote.holds_triples(&file.graph)? {
            checking = Checking::First;
            break;
        }
    }
    if checking == Checking::First {
        for file in &mut pending {
            file.checked = Some(parse::checked_len(&file.file.path, file.format)?);
        }
    }
    let mut pushed = Pushed::default();
    for file in &pending {
        let sent = match push_file(remote, &route, file, sending, progress) {
            Ok(sent) => sent,
            Err(Stop::Reading(error)) if checking == Checking::WhileSending => {
                return Err(taken_back(remote, file, &pushed, pending.len(), error));
            }
            Err(stop) => return Err(stopped(&file.graph, &pushed, pending.len(), stop.into())),
        };
        pushed.graphs.push(GraphPushed {
            graph: file.graph.clone(),
            triples: sent,
        });
    }
    Ok(pushed)
}

/// How a push of files makes sure that a file with an error changes nothing remotely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checking {
    /// Every file is read whole before anything is sent, then read again to be sent: the
    /// push replaces graphs whose triples an error must not cost.
    First,
    /// Each file is checked as it is sent, into graphs the engine held nothing in, which an
    /// error empties again. Reading a file once rather than twice, with the engine at work
    /// from the start, is what lets a large push keep pace with the engine's own loader
    /// (a 4.4 GB file took 15 s to check on two cores, the engine idle meanwhile).
    WhileSending,
}

/// A file to push, with what it becomes.
struct Pending<'a> {
    file: &'a PushFile,
    format: RdfFormat,
    graph: NamedNode,
    /// Its triples, once it has been read whole without an error ([`Checking::First`]).
    checked: Option<usize>,
}

impl<'a> Pending<'a> {
    fn of(file: &'a PushFile) -> Result<Pending<'a>> {
        let input = Input::File(file.path.clone());
        let format = input.format(file.format)?;
        if format.supports_datasets() {
            return Err(Error::BadValue {
                value: input.name(),
                expected: format!(
                    "a file of triples: push sends a graph at a time, and {} holds several \
                     (load it into the store, then push its graphs)",
                    format.name()
                ),
            });
        }
        let graph = match &file.graph {
            Some(graph) => graph.clone(),
            None => input.default_graph()?,
        };
        Ok(Pending {
            file,
            format,
            graph,
            checked: None,
        })
    }
}

/// Sends `pending`, checking it as it goes unless it was checked whole already.
fn push_file(
    remote: &Remote,
    route: &Route,
    pending: &Pending<'_>,
    sending: Sending,
    progress: &mut dyn FnMut(PushProgress),
) -> std::result::Result<usize, Stop> {
    let Pending {
        file,
        format,
        graph,
        checked,
    } = pending;
    progress(PushProgress::Graph {
        graph: graph.clone(),
        triples: *checked,
    });
    let parsed = || {
        let quads = match checked {
            // Checked whole already: read without checking each IRI and literal again, which
            // is most of a parser's work.
            Some(_) => Box::new(parse::checked_quads(&file.path, *format)?)
                as Box<dyn Iterator<Item = Result<Quad>>>,
            None => Box::new(parse::quads(
                Input::File(file.path.clone()),
                Some(*format),
                None,
            )?),
        };
        Ok(quads.map(|quad| quad.map(Triple::from)))
    };
    let sent = send_stream(remote, route, graph, parsed, sending, &mut |triples| {
        progress(PushProgress::Sent { triples });
    })?;
    // A file may say a triple twice, which the graph holds once: only a shortfall against
    // the distinct triples is an error.
    let counted = || -> Result<usize> {
        let landed = remote.graph_len(graph)?;
        if landed != sent {
            landed_whole(remote, landed, distinct_triples(remote, file, *format)?)?;
        }
        Ok(landed)
    };
    counted().map_err(Stop::Sending)
}

/// The error of a push stopped by `error` in `file`, read as it was sent: the graphs written
/// so far are emptied again, as they were before the push. When that fails too, the push
/// stopped part way.
fn taken_back(
    remote: &Remote,
    file: &Pending<'_>,
    pushed: &Pushed,
    files: usize,
    error: Error,
) -> Error {
    let written = pushed.graphs.iter().rev().map(|g| &g.graph);
    for graph in [&file.graph].into_iter().chain(written) {
        if remote.drop_graph(graph).is_err() {
            return stopped(&file.graph, pushed, files, error);
        }
    }
    error
}

/// How many different triples `file` holds, as `remote` takes them.
fn distinct_triples(remote: &Remote, file: &PushFile, format: RdfFormat) -> Result<usize> {
    let mut seen = HashSet::new();
    let mut with_blank_nodes = 0;
    let mut line = Vec::new();
    for quad in parse::checked_quads(&file.path, format)? {
        let triple = remote.engine().adapt(Triple::from(quad?));
        if has_blank_node(&triple) {
            // The parser names each blank node of a file anew: such triples never repeat.
            with_blank_nodes += 1;
            continue;
        }
        line.clear();
        ntriples::write_triple(&mut line, &triple);
        let digest: [u8; 32] = Sha256::digest(&line).into();
        seen.insert(<[u8; 16]>::try_from(&digest[..16]).expect("16 of 32 bytes"));
    }
    Ok(seen.len() + with_blank_nodes)
}

/// Fails unless the `landed` triples of a graph on `remote` are the `expected` ones.
fn landed_whole(remote: &Remote, landed: usize, expected: usize) -> Result<()> {
    if landed != expected {
        return Err(Error::Incomplete {
            url: remote.url().to_owned(),
            got: landed,
            expected,
        });
    }
    Ok(())
}

/// The error of a push stopped at `graph` by `source`, with the graphs that landed before it.
fn stopped(graph: &NamedNode, pushed: &Pushed, graphs: usize, source: Error) -> Error {
    Error::PushStopped {
        graph: graph.to_string(),
        landed: pushed.graphs.iter().map(|g| g.graph.to_string()).collect(),
        remaining: graphs - pushed.graphs.len(),
        source: Box::new(source),
    }
}
