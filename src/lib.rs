//! claimgraph keeps a knowledge graph of sourced, graded claims about fast-moving conflicts:
//! what is asserted, by whom, where and when it was published, the evidence quote, and how
//! certain it is. It answers the questions analysts ask of such claims: which are still
//! unconfirmed, which contradict each other, which rest on a single source.
//!
//! The store is [oxigraph](https://oxigraph.org); the vocabulary is the claimgraph ontology
//! shipped in `ontology/`, which reuses PROV-O, SKOS, schema.org, Web Annotation and GeoSPARQL.

pub mod claims;
pub mod error;
pub mod export;
pub mod format;
pub mod generate;
pub mod labels;
pub mod load;
pub mod output;
pub mod query;
pub mod stats;
pub mod store;
pub mod table;
pub mod validate;
pub mod vocab;

pub use error::{Error, Result};
