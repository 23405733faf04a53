//! The one error type of the library, and the classes that front ends map it to.
//!
//! Each variant is a thing a user can act on, so it carries what the user needs to find the
//! problem (a file, line and column; a query name; a store path). The library says what went
//! wrong; advice that names a command-line flag or an HTTP route belongs to the front end,
//! which knows how the user reached the library. [`Error::class`] is what a front end decides
//! with: the CLI's exit status, an HTTP server's status code.

use oxigraph::sparql::{QueryEvaluationError, SparqlSyntaxError};
use oxigraph::store::StorageError;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an error is, independently of how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The request is malformed: an unknown name, a bad argument, a query that does not parse.
    /// Repeating it unchanged fails again. (HTTP 400)
    Usage,
    /// Something the request names does not exist: a named query, a file. (HTTP 404)
    NotFound,
    /// The data given is malformed or does not fit: a syntax error in a file, a format that
    /// cannot be told. (HTTP 400 or 422)
    Data,
    /// Another process holds the store; the same request may succeed later. (HTTP 409 or 503)
    Conflict,
    /// A time limit ran out. (HTTP 503)
    Timeout,
    /// A remote SPARQL store could not be reached, refused the credentials, failed, or sent an
    /// answer that is short or unreadable. (HTTP 502)
    Remote,
    /// The machine failed us: a disk, the database, a damaged file of the store's own. Not the
    /// user's input. (HTTP 500)
    Internal,
}

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
        /// The file (or `<stdout>`).
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Writing a command's output failed. The front end knows where the output was going and
    /// turns this into [`Error::Write`] with [`Error::writing_to`].
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
    /// A format name that claimgraph does not know, or one that does not fit the output.
    #[error("unknown format `{name}`; expected one of: {expected}")]
    UnknownFormatName {
        /// What the user typed.
        name: String,
        /// The accepted names.
        expected: String,
    },
    /// Another process has the store's database open (a process that does not take
    /// claimgraph's lock, such as `oxigraph serve`, or a claimgraph that holds it).
    #[error("the store at {} is in use by another claimgraph process", path.display())]
    StoreLocked {
        /// The store directory.
        path: PathBuf,
        /// RocksDB's own words.
        #[source]
        source: StorageError,
    },
    /// Another claimgraph process is using the store in a way that excludes this one: a
    /// writer excludes everyone, readers exclude writers.
    #[error("the store at {} is busy: {holder}", path.display())]
    Busy {
        /// The store directory.
        path: PathBuf,
        /// Who holds it, as far as is known ("claimgraph load x.nt (pid 12)", or "being read
        /// by another process").
        holder: String,
        /// How long this process was willing to wait (zero: it did not wait).
        waited: Duration,
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
    /// A dataset file names a graph that belongs to someone else: the shipped knowledge base,
    /// the edits, another file, or another tool.
    #[error("{input} writes into the graph {graph}, which belongs to {owner}")]
    ForeignGraph {
        /// The input.
        input: String,
        /// The graph, as N-Triples writes it.
        graph: String,
        /// Who it belongs to.
        owner: String,
    },
    /// A SPARQL Update changes a graph other than the edits graph.
    #[error(
        "an update writes only the edits graph <{}>, and {graph} is not it{}",
        crate::vocab::EDITS_GRAPH,
        owner.as_ref().map(|o| format!(": it belongs to {o}")).unwrap_or_default()
    )]
    UpdateGraph {
        /// The graph, as N-Triples writes it.
        graph: String,
        /// Who it belongs to, when the store records it.
        owner: Option<String>,
    },
    /// A SPARQL Update operation that manages whole graphs.
    #[error(
        "SPARQL Update's {operation} is not taken: whole graphs are replaced and dropped with the Graph Store Protocol"
    )]
    GraphManagement {
        /// The operation's keyword.
        operation: String,
    },
    /// The store's database and its manifest disagree: the database is gone or was replaced,
    /// or the manifest is gone while the database holds data. Reading on would answer from
    /// the wrong data (an empty store passes every check), so nothing is read or written.
    #[error("the store at {} is damaged: {problem}", path.display())]
    StoreDamaged {
        /// The store directory.
        path: PathBuf,
        /// What disagrees.
        problem: String,
    },
    /// A bookkeeping file of the store (its manifest or its record of a write in progress) is
    /// unreadable.
    #[error("the store's file {} is damaged", path.display())]
    Manifest {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The claim index file turned out damaged while a report read it. The file is removed,
    /// so that the next report rebuilds it.
    #[error("the claim index {} is damaged: {reason}", path.display())]
    Index {
        /// The index file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
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
    /// A query ran past its time limit.
    #[error("the query was cancelled after {} s", .0.as_secs_f64())]
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
    /// A parameter is not of the form `name=value`, or its value is not an RDF term.
    #[error("invalid parameter `{spec}`: {reason}")]
    BadParam {
        /// The parameter as given.
        spec: String,
        /// What is wrong.
        reason: String,
    },
    /// A parameter names a variable the query does not declare.
    #[error("the query has no parameter `{name}`")]
    UnknownParam {
        /// The name given.
        name: String,
        /// The parameters the query declares.
        known: Vec<String>,
    },
    /// A parameter names a variable that the SELECT clause does not project; oxigraph's
    /// substitution binds projected variables only.
    #[error("the query does not select ?{name}, so a parameter cannot bind it")]
    ParamNotSelected {
        /// The variable.
        name: String,
    },
    /// An IRI given by the user is not valid.
    #[error("invalid IRI `{value}`")]
    BadIri {
        /// The value.
        value: String,
        /// Why.
        #[source]
        source: oxigraph::model::IriParseError,
    },
    /// A value given by the user is not of the kind asked for (a date, a grade, ...).
    #[error("`{value}` is not {expected}")]
    BadValue {
        /// What was given.
        value: String,
        /// What was expected, as a noun phrase ("a date (YYYY-MM-DD)").
        expected: String,
    },
    /// A name that should be a known thing of some kind (an actor, a source, a claim, a
    /// status) is not.
    #[error("there is no {kind} `{name}`")]
    UnknownEntity {
        /// What was given.
        name: String,
        /// What it should have been ("actor", "source" …).
        kind: String,
        /// The closest known one, if any is close.
        closest: Option<String>,
    },
    /// A change must say who decides it, and nobody was named.
    #[error("who records this is not given")]
    MissingAgent,
    /// A new thing would take an identifier that is already used.
    #[error("{iri} already exists, so the new {what} needs another identifier")]
    Exists {
        /// What was being added ("claim", "source" …).
        what: String,
        /// The identifier taken.
        iri: String,
    },
    /// Another writer took the same new identifier on a remote store between the checks and
    /// the write: nothing was written.
    #[error("{iri} was written by someone else at the same moment, so nothing was written")]
    Raced {
        /// The identifier both took.
        iri: String,
    },
    /// A write would break the SHACL shapes: nothing was written.
    #[error("the write breaks {} of the shapes' constraints, so nothing was written", violations.len())]
    Invalid {
        /// What breaks.
        violations: Vec<crate::violation::Violation>,
    },
    /// Rows of a spreadsheet are wrong: nothing was imported.
    #[error("{file}: {} found, so nothing was imported", plural(problems.len(), "problem"))]
    BadRows {
        /// The spreadsheet.
        file: String,
        /// One line per problem: `FILE:LINE:COLUMN: what is wrong`.
        problems: Vec<String>,
    },
    /// The query result kind cannot be written in the requested format.
    #[error("{kind} results cannot be written as {format}")]
    FormatMismatch {
        /// `SELECT`, `ASK`, `CONSTRUCT` ...
        kind: &'static str,
        /// The requested format.
        format: String,
    },
    /// A query does not start with a query form: a misspelling, or a SPARQL Update.
    #[error("{origin}: {problem}")]
    NotAQuery {
        /// Where the query came from.
        origin: String,
        /// What it starts with instead, and what was expected.
        problem: String,
        /// For a misspelt form, the closest.
        closest: Option<String>,
    },
    /// A file given as SHACL shapes defines no shape: checking data against it would pass
    /// anything.
    #[error(
        "{file} defines no SHACL shape (no sh:NodeShape, sh:PropertyShape or shape with a target)"
    )]
    NoShapes {
        /// The file.
        file: String,
    },
    /// The SHACL shapes use a feature the built-in validator does not implement.
    #[error("unsupported SHACL in the shapes: {0}")]
    UnsupportedShapes(String),
    /// A server cannot listen where it was asked to (the port is taken, or not ours to use).
    #[error("cannot listen on {address}")]
    Listen {
        /// The address asked for.
        address: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// An answer holds more rows (or triples) than the limit a front end set for one answer.
    #[error("the answer holds more than {limit} rows, the most one answer may hold here")]
    ResultTooLarge {
        /// The limit.
        limit: usize,
    },
    /// A remote store cannot be reached: the address is wrong, or no server listens there.
    #[error("cannot reach the SPARQL store at {url}")]
    Unreachable {
        /// The URL asked.
        url: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A remote store refused the request for want of (the right) credentials.
    #[error(
        "the SPARQL store at {url} refused the request ({status}){}",
        match user {
            Some(user) => format!(": the credentials of {user} are wrong or lack the rights"),
            None => ": it asks for credentials".to_owned(),
        }
    )]
    Unauthorized {
        /// The URL asked.
        url: String,
        /// 401 or 403.
        status: u16,
        /// Who the request logged in as (a user name, or "a bearer token"), never a secret.
        user: Option<String>,
    },
    /// A remote store answered with an error status.
    #[error("the SPARQL store at {url} answered {status}: {message}")]
    RemoteStatus {
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the server's own message.
        message: String,
    },
    /// A remote store sent an answer that cannot be read.
    #[error("the SPARQL store at {url} sent an answer claimgraph cannot read: {problem}")]
    RemoteAnswer {
        /// The URL asked.
        url: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A remote store holds or sent fewer (or more) rows than it counts: an answer cut at a
    /// row limit, or a graph that landed short. Nothing short is passed on as complete.
    #[error("the SPARQL store at {url} gave {got} rows where it counts {expected}")]
    Incomplete {
        /// The URL asked.
        url: String,
        /// What arrived.
        got: usize,
        /// What the store's own count says.
        expected: usize,
    },
    /// A push stopped part way; the graphs before this one landed whole.
    #[error(
        "the push stopped at the graph {graph}, with {} landed and {remaining} not (this one included)",
        plural(landed.len(), "graph")
    )]
    PushStopped {
        /// The graph being sent.
        graph: String,
        /// The graphs that landed, in order.
        landed: Vec<String>,
        /// How many graphs were not sent whole.
        remaining: usize,
        /// Why it stopped.
        #[source]
        source: Box<Error>,
    },
    /// The input is nested deeper or is more intricate than claimgraph handles, and working on
    /// it would exhaust the stack or run without end.
    #[error("{what}")]
    TooComplex {
        /// What is too deep or too intricate, and the bound.
        what: String,
    },
}

impl Error {
    /// What kind of failure this is.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::UnknownFormatName { .. }
            | Error::QuerySyntax { .. }
            | Error::UnknownPrefix { .. }
            | Error::BadParam { .. }
            | Error::UnknownParam { .. }
            | Error::ParamNotSelected { .. }
            | Error::BadIri { .. }
            | Error::BadValue { .. }
            | Error::MissingAgent
            | Error::FormatMismatch { .. }
            | Error::UnsupportedShapes(_)
            | Error::NoShapes { .. }
            | Error::ResultTooLarge { .. }
            | Error::NotAQuery { .. }
            | Error::GraphManagement { .. } => ErrorClass::Usage,
            Error::UnknownQuery { .. } | Error::UnknownEntity { .. } => ErrorClass::NotFound,
            Error::Exists { .. } | Error::Raced { .. } => ErrorClass::Conflict,
            Error::Invalid { .. }
            | Error::BadRows { .. }
            | Error::TooComplex { .. }
            | Error::ForeignGraph { .. }
            | Error::UpdateGraph { .. } => ErrorClass::Data,
            Error::Read { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                ErrorClass::NotFound
            }
            Error::Syntax { .. } | Error::UnknownRdfFormat { .. } => ErrorClass::Data,
            Error::StoreLocked { .. } | Error::Busy { .. } | Error::Listen { .. } => {
                ErrorClass::Conflict
            }
            Error::Timeout(_) => ErrorClass::Timeout,
            Error::Unreachable { .. }
            | Error::Unauthorized { .. }
            | Error::RemoteStatus { .. }
            | Error::RemoteAnswer { .. }
            | Error::Incomplete { .. } => ErrorClass::Remote,
            Error::PushStopped { source, .. } => source.class(),
            Error::Read { .. }
            | Error::Write { .. }
            | Error::Output(_)
            | Error::StoreOpen { .. }
            | Error::StoreDamaged { .. }
            | Error::Manifest { .. }
            | Error::Index { .. }
            | Error::Storage(_)
            | Error::QueryEvaluation(_) => ErrorClass::Internal,
        }
    }

    /// Names the destination of a failed output write: [`Error::Output`] becomes
    /// [`Error::Write`] on `path`; other errors are returned unchanged.
    pub fn writing_to(self, path: impl AsRef<Path>) -> Error {
        match self {
            Error::Output(source) => Error::Write {
                path: path.as_ref().into(),
                source,
            },
            other => other,
        }
    }

    /// True when the error is, at bottom, a write to a reader that went away (a closed pipe).
    pub fn is_broken_pipe(&self) -> bool {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(current) = source {
            if let Some(io) = current.downcast_ref::<io::Error>()
                && io.kind() == io::ErrorKind::BrokenPipe
            {
                return true;
            }
            source = current.source();
        }
        false
    }
}

fn plural(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_errors_learn_their_destination() {
        let error = Error::Output(io::Error::other("disk full")).writing_to("out.ttl");
        assert!(matches!(&error, Error::Write { path, .. } if path == Path::new("out.ttl")));
        assert_eq!(error.class(), ErrorClass::Internal);
    }

    #[test]
    fn classes() {
        let missing = Error::Read {
            path: "x".into(),
            source: io::ErrorKind::NotFound.into(),
        };
        assert_eq!(missing.class(), ErrorClass::NotFound);
        assert_eq!(
            Error::Timeout(Duration::from_secs(1)).class(),
            ErrorClass::Timeout
        );
        let broken = Error::Output(io::ErrorKind::BrokenPipe.into());
        assert!(broken.is_broken_pipe());
    }
}
