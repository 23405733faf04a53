//! Whole graphs from a remote store: `pull` brings them into the local store, and `export`
//! writes them out as the local `export` would. A graph is read with the Graph Store
//! Protocol's GET where the engine answers it whole, else with a paged SELECT.

use super::push::{GraphPushed, Pushed};
use super::{Remote, ntriples};
use crate::error::{Error, Result};
use crate::export::{Scope, export_db};
use crate::load::{self, LoadOptions};
use crate::parse::Input;
use crate::store::{ClaimStore, Origin};
use oxigraph::io::RdfFormat;
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, NamedNode, Triple};
use oxigraph::store::Store;
use std::io::{Read, Write};

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
    // Only counted here, without checking each term: the load that follows checks them all.
    let received = RdfParser::from_format(RdfFormat::NTriples)
        .lenient()
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
    Ok(ntriples(&triples))
}

fn ntriples(triples: &[Triple]) -> Vec<u8> {
    let mut body = Vec::new();
    for triple in triples {
        ntriples::write_triple(&mut body, triple);
    }
    body
}
