//! Counts that tell a user what a store holds: triples per graph, instances per class, claims
//! per status.

use crate::error::Result;
use crate::store::ClaimStore;
use crate::vocab::{cg, local_name};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Term};
use serde::Serialize;
use std::collections::BTreeMap;

/// What `claimgraph stats` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Triples in the whole store.
    pub triples: u64,
    /// Triples per named graph (the default graph as `DEFAULT`).
    pub graphs: BTreeMap<String, u64>,
    /// Instances per class (by `rdf:type`, not inferred).
    pub classes: BTreeMap<String, u64>,
    /// Claims per status (the status concept's local name).
    pub statuses: BTreeMap<String, u64>,
}

/// Counts everything in one pass per index.
pub fn stats(store: &ClaimStore) -> Result<Stats> {
    let store_ref = store.db();
    let mut graphs = BTreeMap::new();
    for graph in store.graphs()? {
        let name = match &graph {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        let count = store_ref
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .count() as u64;
        graphs.insert(name, count);
    }
    let default = store_ref
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .count() as u64;
    if default > 0 {
        graphs.insert("DEFAULT".into(), default);
    }
    let mut classes = BTreeMap::new();
    for quad in store_ref.quads_for_pattern(None, Some(rdf::TYPE), None, None) {
        if let Term::NamedNode(class) = quad?.object {
            let name = crate::vocab::compact(class.as_str()).unwrap_or(class.into_string());
            *classes.entry(name).or_insert(0) += 1;
        }
    }
    let mut statuses = BTreeMap::new();
    for quad in store_ref.quads_for_pattern(None, Some(cg::STATUS), None, None) {
        if let Term::NamedNode(status) = quad?.object {
            *statuses
                .entry(local_name(status.as_str()).to_owned())
                .or_insert(0) += 1;
        }
    }
    Ok(Stats {
        triples: store_ref.len()? as u64,
        graphs,
        classes,
        statuses,
    })
}
