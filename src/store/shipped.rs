//! The knowledge base shipped inside the binary: the ontology and the data files, embedded at
//! build time (see `build.rs`), so that a fresh machine gets a working store without a checkout.

use super::files::sha256_hex;
use crate::vocab::SHIPPED_GRAPH;
use oxigraph::model::NamedNode;
use std::sync::OnceLock;

/// A Turtle file of the knowledge base, embedded in the binary at build time.
#[derive(Debug, Clone, Copy)]
pub struct ShippedFile {
    /// Its path in the repository, e.g. `data/actors.ttl`.
    pub path: &'static str,
    /// Its Turtle text.
    pub content: &'static str,
}

/// The ontology and data files that every new store starts with.
pub const SHIPPED: &[ShippedFile] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

impl ShippedFile {
    /// SHA-256 of the content, computed once per process: every open compares it with the
    /// manifest, and cold start is a budget.
    pub(crate) fn sha256(&self) -> &'static str {
        static HASHES: OnceLock<Vec<String>> = OnceLock::new();
        let hashes = HASHES.get_or_init(|| {
            SHIPPED
                .iter()
                .map(|file| sha256_hex(file.content.as_bytes()))
                .collect()
        });
        let index = SHIPPED
            .iter()
            .position(|file| file.path == self.path)
            .expect("a shipped file is in SHIPPED");
        &hashes[index]
    }

    /// The named graph that holds this file in the store.
    pub fn graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{SHIPPED_GRAPH}{}", self.path))
    }
}
