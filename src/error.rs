//! The one error type of the library.
//!
//! Each variant is a thing a user can act on, so it carries what the user needs to find the
//! problem (a file, line and column; a query name; a store path) and can offer a hint. The
//! binary prints the variant, then its `caused by:` chain, then the hint.

use oxigraph::sparql::{QueryEvaluationError, SparqlSyntaxError};
use oxigraph::store::StorageError;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in claimgraph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Writing the command's output failed (a closed pipe is handled by the binary).
    #[error("cannot write the output")]
    Output(#[from] io::Error),
    /// An RDF file is malformed. Line and column are 1-based, as editors show them.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file, or `<stdin>`.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column, in characters.
        column: u64,
        /// What the parser expected.
        message: String,
    },
    /// The RDF format of a file could not be told from its name.
    #[error("cannot tell the RDF format of {file}")]
    UnknownRdfFormat {
        /// The file.
        file: String,
    },
    /// A format name that claimgraph does not know.
    #[error("unknown format `{name}`; expected one of: {expected}")]
    UnknownFormatName {
        /// What the user typed.
        name: String,
        /// The accepted names.
        expected: String,
    },
    /// Another process holds the store's lock.
    #[error("the store at {} is in use by another claimgraph process", path.display())]
    StoreLocked {
        /// The store directory.
        path: PathBuf,
        /// RocksDB's own words.
        #[source]
        source: StorageError,
    },
    /// The store could not be opened for another reason.
    #[error("cannot open the store at {}", path.display())]
    StoreOpen {
        /// The store directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: StorageError,
    },
    /// The store's bookkeeping file is unreadable.
    #[error("the store's manifest {} is damaged", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A storage operation failed.
    #[error("storage error")]
    Storage(#[from] StorageError),
    /// A SPARQL query does not parse.
    #[error("invalid SPARQL in {origin}")]
    QuerySyntax {
        /// Where the query came from: a file, a named query, `-e`, stdin.
        origin: String,
        /// The parser's message, with its position.
        #[source]
        source: SparqlSyntaxError,
    },
    /// A SPARQL query failed while running.
    #[error("the query failed")]
    QueryEvaluation(#[source] QueryEvaluationError),
    /// A query ran past `--timeout`.
    #[error("the query was cancelled after {} s (--timeout)", .0.as_secs_f64())]
    Timeout(Duration),
    /// No named query has this name.
    #[error("there is no named query `{name}`")]
    UnknownQuery {
        /// What the user typed.
        name: String,
        /// The closest name, if any is close.
        closest: Option<String>,
    },
    /// A prefixed name uses a prefix claimgraph does not know.
    #[error("unknown prefix `{prefix}:` in `{value}`")]
    UnknownPrefix {
        /// The prefix.
        prefix: String,
        /// The whole value.
        value: String,
    },
    /// A `--param` is not of the form `name=value`, or its value is not an RDF term.
    #[error("invalid parameter `{spec}`: {reason}")]
    BadParam {
        /// The parameter as given.
        spec: String,
        /// What is wrong.
        reason: String,
    },
    /// A `--param` names a variable the query does not have.
    #[error("the query has no parameter `{name}`")]
    UnknownParam {
        /// The name given.
        name: String,
        /// The parameters the query declares.
        known: Vec<String>,
    },
    /// A `--param` names a variable that the SELECT clause does not project; oxigraph's
    /// substitution binds projected variables only.
    #[error("the query does not select ?{name}, so --param cannot bind it")]
    ParamNotSelected {
        /// The variable.
        name: String,
    },
    /// An IRI given on the command line is not valid.
    #[error("invalid IRI `{value}`")]
    BadIri {
        /// The value.
        value: String,
        /// Why.
        #[source]
        source: oxigraph::model::IriParseError,
    },
    /// The query result kind cannot be written in the requested format.
    #[error("{kind} results cannot be written as {format}")]
    FormatMismatch {
        /// `SELECT`, `ASK`, `CONSTRUCT` ...
        kind: &'static str,
        /// The requested format.
        format: String,
    },
    /// The SHACL shapes use a feature the built-in validator does not implement.
    #[error("unsupported SHACL in the shapes: {0}")]
    UnsupportedShapes(String),
}

impl Error {
    /// Advice for the user, printed after the error as `hint: …`.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::UnknownQuery {
                closest: Some(name),
                ..
            } => Some(format!(
                "did you mean `{name}`? `claimgraph queries` lists them all"
            )),
            Error::UnknownQuery { .. } => {
                Some("`claimgraph queries` lists the named queries".into())
            }
            Error::UnknownPrefix { .. } => Some(known_prefixes()),
            Error::QuerySyntax { source, .. }
                if source.to_string().to_lowercase().contains("prefix") =>
            {
                Some(known_prefixes())
            }
            Error::UnknownParam { known, .. } if known.is_empty() => {
                Some("this query takes no parameters".into())
            }
            Error::UnknownParam { known, .. } => Some(format!(
                "this query takes: {}",
                known.join(", ")
            )),
            Error::BadParam { .. } => Some(
                "write --param name=value, where value is <IRI>, prefix:name, \"text\"@lang, \"value\"^^xsd:type or plain text"
                    .into(),
            ),
            Error::ParamNotSelected { name } => Some(format!(
                "add ?{name} to the SELECT clause (or SELECT *)"
            )),
            Error::StoreLocked { .. } => Some(
                "wait for the other process to finish, or use another store with --store DIR or --memory"
                    .into(),
            ),
            Error::UnknownRdfFormat { .. } => Some(
                "name the format with --format (turtle, trig, ntriples, nquads, rdfxml, jsonld)".into(),
            ),
            Error::Timeout(_) => Some("raise --timeout, or narrow the query".into()),
            Error::Manifest { path, .. } => Some(format!(
                "delete {} and reload your files; the shipped knowledge base reloads by itself",
                path.display()
            )),
            _ => None,
        }
    }
}

fn known_prefixes() -> String {
    format!(
        "known prefixes: {}; or write the full IRI in <angle brackets>",
        crate::vocab::PREFIXES
            .iter()
            .map(|(p, _)| format!("{p}:"))
            .collect::<Vec<_>>()
            .join(" ")
    )
}
