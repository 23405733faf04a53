//! claimgraph keeps a knowledge graph of sourced, graded claims about fast-moving conflicts:
//! what is asserted, by whom, where and when it was published, the evidence quote, and how
//! certain it is. It answers the questions analysts ask of such claims: which are still
//! unconfirmed, which contradict each other, which rest on a single source.
//!
//! The store is [oxigraph](https://oxigraph.org); the vocabulary is the claimgraph ontology
//! shipped in `ontology/`, which reuses PROV-O, SKOS, schema.org, Web Annotation and GeoSPARQL.
//!
//! The modules are layered, each using only those above it in this list:
//! - [`error`], [`violation`], [`vocab`]: the error type, SHACL findings and the ontology's
//!   terms;
//! - [`terms`], [`formats`], [`parse`], `facts`: what users type, formats, reading RDF, and
//!   the facts a report needs;
//! - [`store`]: the database, its manifest and lock, and the one write path;
//! - [`labels`], [`claims`], [`load`], [`query`], [`export`], [`validate`], [`stats`]: the
//!   things users do with a store;
//! - [`record`]: sources, actors, claims and status changes that analysts record, one
//!   checked write each (and spreadsheets of them);
//! - [`remote`]: the same questions, reports and graphs on a SPARQL store on a server
//!   (Virtuoso, Oxigraph server, any SPARQL 1.1 service);
//! - [`render`]: writing their answers for people and programs;
//! - [`server`]: all of the above over HTTP (the SPARQL protocols, JSON and the web page).
//!
//! The library does no terminal I/O: front ends (the `claimgraph` binary) read arguments and
//! standard input, draw progress, print and choose exit codes.

pub mod claims;
pub mod error;
pub mod export;
mod facts;
pub mod formats;
pub mod labels;
pub mod load;
pub mod parse;
pub mod query;
pub mod record;
pub mod remote;
pub mod render;
pub mod server;
pub mod stats;
pub mod store;
pub mod terms;
pub mod validate;
pub mod violation;
pub mod vocab;

pub use error::{Error, ErrorClass, Result};
