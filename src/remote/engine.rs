//! What differs between SPARQL engines, in one place: where their update and Graph Store
//! endpoints are, how a query is made to see the union of all graphs, and which graphs are the
//! engine's own rather than the team's.
//!
//! - Virtuoso: one endpoint (`/sparql`) takes queries and updates; the Graph Store Protocol is
//!   at `/sparql-graph-crud` (or `/sparql-graph-crud-auth`, behind Digest). A query without a
//!   dataset already sees every graph, Virtuoso's own system graphs included. Answers are cut
//!   at `ResultSetMaxRows` (10,000 in the shipped configuration) without an error.
//! - Oxigraph server: `/query`, `/update` and `/store`; the default graph is a graph of its
//!   own unless the server runs with `--union-default-graph` or a request says
//!   `union-default-graph`.
//! - Fuseki: `/DATASET/sparql`, `/DATASET/update`, `/DATASET/data`.
//! - Anything else: one URL for queries and updates, and the union given as the protocol's
//!   `default-graph-uri`, one per named graph, which every SPARQL 1.1 engine honours.

use crate::error::Error;
use oxigraph::model::{Literal, Term, Triple};
use oxigraph::sparql::results::QueryResultsFormat;
use std::fmt;

/// A SPARQL engine whose differences claimgraph knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// OpenLink Virtuoso.
    Virtuoso,
    /// Oxigraph server (`oxigraph serve`).
    Oxigraph,
    /// Apache Jena Fuseki.
    Fuseki,
    /// Any SPARQL 1.1 service, reached by the standard protocols only.
    Generic,
}

/// Every engine, in the order `--help` lists them.
pub const ENGINES: [Engine; 4] = [
    Engine::Virtuoso,
    Engine::Oxigraph,
    Engine::Fuseki,
    Engine::Generic,
];

/// Whether an engine cuts answers short without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truncation {
    /// It sends every row.
    Never,
    /// It cuts at a row limit and says so in a header (`X-SPARQL-MaxRows`).
    Flagged,
    /// It may cut without saying: every answer is counted.
    Silent,
}

/// How a query is made to see the union of all graphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Union {
    /// The engine's default graph already is the union.
    Native,
    /// The request says `union-default-graph` (Oxigraph server).
    Parameter,
    /// The request lists every named graph as a `default-graph-uri`.
    ListGraphs,
}

impl Engine {
    /// The name `--engine` takes.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Virtuoso => "virtuoso",
            Engine::Oxigraph => "oxigraph",
            Engine::Fuseki => "fuseki",
            Engine::Generic => "generic",
        }
    }

    /// The engine of that name.
    pub fn from_name(name: &str) -> Option<Engine> {
        ENGINES.into_iter().find(|e| e.name() == name)
    }

    /// The engine a `Server` response header names. Only a name the header states outright
    /// counts: a wrong guess would send requests to endpoints that do not exist.
    pub(crate) fn from_server_header(server: &str) -> Option<Engine> {
        let server = server.to_ascii_lowercase();
        if server.contains("virtuoso") {
            Some(Engine::Virtuoso)
        } else if server.contains("oxigraph") {
            Some(Engine::Oxigraph)
        } else if server.contains("fuseki") {
            Some(Engine::Fuseki)
        } else {
            None
        }
    }

    pub(crate) fn union(self) -> Union {
        match self {
            Engine::Virtuoso => Union::Native,
            Engine::Oxigraph => Union::Parameter,
            Engine::Fuseki | Engine::Generic => Union::ListGraphs,
        }
    }

    /// Whether and how the engine cuts answers at a row limit without an error.
    pub(crate) fn truncation(self) -> Truncation {
        match self {
            Engine::Oxigraph => Truncation::Never,
            Engine::Virtuoso => Truncation::Flagged,
            Engine::Fuseki | Engine::Generic => Truncation::Silent,
        }
    }

    /// The results format asked for. Virtuoso writes `true` as `"1"` in JSON results (and
    /// right in XML), and IRIs as plain strings in TSV. Oxigraph writes TSV by the
    /// specification, a third smaller than JSON and quicker to read: a report of 100,000
    /// claims came in 11.5 s so, against 15.3 s as JSON. Others get JSON, the format every
    /// engine writes.
    pub(crate) fn results_format(self) -> QueryResultsFormat {
        match self {
            Engine::Virtuoso => QueryResultsFormat::Xml,
            Engine::Oxigraph => QueryResultsFormat::Tsv,
            Engine::Fuseki | Engine::Generic => QueryResultsFormat::Json,
        }
    }

    /// The update endpoint that goes with the query endpoint `query`.
    pub(crate) fn update_url(self, query: &str) -> String {
        match self {
            Engine::Oxigraph => replace_last_segment(query, &["query", "sparql"], "update"),
            Engine::Fuseki => replace_last_segment(query, &["sparql", "query"], "update"),
            Engine::Virtuoso | Engine::Generic => query.to_owned(),
        }
    }

    /// The update endpoint where requests act as the user logged in, for updates that an
    /// engine's anonymous user may not run: Virtuoso's `/sparql` runs every request as its
    /// SPARQL user, which may not `CLEAR` or `LOAD`; `/sparql-auth` asks for Digest.
    pub(crate) fn update_url_as_user(self, query: &str, with_credentials: bool) -> String {
        match self {
            Engine::Virtuoso if with_credentials => format!("{}/sparql-auth", origin(query)),
            _ => self.update_url(query),
        }
    }

    /// The Graph Store endpoint that goes with the query endpoint `query`, if the engine has
    /// one at a known place. Virtuoso's takes Digest credentials at `-auth`.
    pub(crate) fn store_url(self, query: &str, with_credentials: bool) -> Option<String> {
        match self {
            Engine::Virtuoso => Some(format!(
                "{}/sparql-graph-crud{}",
                origin(query),
                if with_credentials { "-auth" } else { "" }
            )),
            Engine::Oxigraph => Some(replace_last_segment(query, &["query", "sparql"], "store")),
            Engine::Fuseki => Some(replace_last_segment(query, &["sparql", "query"], "data")),
            Engine::Generic => None,
        }
    }

    /// The Graph Store request parameter that makes the engine write a push with its bulk
    /// loader rather than in a transaction, where it has one. Oxigraph server holds a
    /// transaction's writes in memory, which makes a large one four times slower than its
    /// `no_transaction` path, the loader `oxigraph load` uses (286,454 triples: 21 s against
    /// 5.3 s). A push is not atomic anyway, a graph going in several requests, and a rerun
    /// replaces what a failed one left.
    pub(crate) fn bulk_write_parameter(self) -> Option<&'static str> {
        match self {
            Engine::Oxigraph => Some("no_transaction"),
            _ => None,
        }
    }

    /// What a SPARQL Update that loads or drops a pushed graph starts with, to be written as
    /// the engine's bulk loader writes. Virtuoso's `DEFINE sql:log-enable 2` turns its
    /// transaction log off for the request, with a commit a row: the log is what keeps its
    /// Graph Store endpoint at half its loader's speed.
    pub(crate) fn bulk_update_prologue(self) -> &'static str {
        match self {
            Engine::Virtuoso => "DEFINE sql:log-enable 2\n",
            _ => "",
        }
    }

    /// Whether a write that failed with `error` may simply be sent again. Virtuoso gives up
    /// one of two writes that lock each other (SQL state 40001, "SR172: Transaction
    /// deadlocked"), as two requests of one push side by side sometimes do; adding triples
    /// again adds nothing twice.
    pub(crate) fn may_retry(self, error: &Error) -> bool {
        match (self, error) {
            (
                Engine::Virtuoso,
                Error::RemoteStatus {
                    status, message, ..
                },
            ) => *status == 500 && (message.contains("40001") || message.contains("SR172")),
            _ => false,
        }
    }

    /// Whether `graph` is one of the engine's own (Virtuoso's system graphs), not data.
    pub(crate) fn is_system_graph(self, graph: &str) -> bool {
        match self {
            Engine::Virtuoso => {
                graph.starts_with("http://www.openlinksw.com/")
                    || graph.starts_with("http://www.w3.org/ns/ldp")
                    || graph.starts_with("http://www.w3.org/2002/07/owl")
                    || graph.starts_with("urn:activitystreams-owl:map")
                    || graph.starts_with("urn:core:services:sparql")
                    || graph.ends_with("/DAV/")
                    || graph.ends_with("/sparql")
            }
            _ => false,
        }
    }
}

/// GeoSPARQL's WKT literal datatype.
const WKT_LITERAL: &str = "http://www.opengis.net/ont/geosparql#wktLiteral";
/// The coordinate system a WKT literal is in when it names none (GeoSPARQL 1.1, 8.5.1).
const DEFAULT_CRS: &str = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>";

impl Engine {
    /// A triple as this engine takes it. Virtuoso 7 parses WKT literals into geometries and
    /// refuses one that names its coordinate system ("RDF box with a geometry RDF type and a
    /// non-geometry content"), even the default one: the default is left unnamed, which by
    /// GeoSPARQL's definition is the same geometry.
    pub(crate) fn adapt(self, triple: Triple) -> Triple {
        match (self, &triple.object) {
            (Engine::Virtuoso, Term::Literal(literal))
                if literal.datatype().as_str() == WKT_LITERAL
                    && literal.value().starts_with(DEFAULT_CRS) =>
            {
                let wkt = literal.value()[DEFAULT_CRS.len()..].trim_start().to_owned();
                Triple::new(
                    triple.subject,
                    triple.predicate,
                    Literal::new_typed_literal(wkt, literal.datatype().into_owned()),
                )
            }
            _ => triple,
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `scheme://host:port` of a URL.
fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |at| at + 3);
    match url[start..].find('/') {
        Some(at) => &url[..start + at],
        None => url,
    }
}

/// `url` with its last path segment replaced by `with` when it is one of `from`, else with
/// `with` appended: `http://h/query` and `http://h/` both give `http://h/update`.
fn replace_last_segment(url: &str, from: &[&str], with: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let base = origin(url);
    let path = url[base.len()..].trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((parent, last)) if from.contains(&last) => format!("{base}{parent}/{with}"),
        _ => format!("{base}{path}/{with}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_virtuoso_deadlock_is_sent_again() {
        let answered = |status, message: &str| Error::RemoteStatus {
            url: "http://h:8890/sparql-graph-crud-auth".into(),
            status,
            message: message.into(),
        };
        let deadlock = answered(
            500,
            "<h3>Error 40001</h3> <xmp>SR172: Transaction deadlocked</xmp>",
        );
        assert!(Engine::Virtuoso.may_retry(&deadlock));
        assert!(!Engine::Oxigraph.may_retry(&deadlock));
        assert!(!Engine::Virtuoso.may_retry(&answered(500, "SR353: Sorted TOP clause")));
        assert!(!Engine::Virtuoso.may_retry(&answered(401, "40001")));
    }

    #[test]
    fn endpoints_follow_each_engine_layout() {
        let ox = Engine::Oxigraph;
        assert_eq!(ox.update_url("http://h:7878/query"), "http://h:7878/update");
        assert_eq!(ox.update_url("http://h:7878"), "http://h:7878/update");
        assert_eq!(
            ox.store_url("http://h:7878/query", false).unwrap(),
            "http://h:7878/store"
        );
        let virtuoso = Engine::Virtuoso;
        assert_eq!(
            virtuoso.update_url_as_user("http://h:8890/sparql", true),
            "http://h:8890/sparql-auth"
        );
        assert_eq!(
            virtuoso.update_url_as_user("http://h:8890/sparql", false),
            "http://h:8890/sparql"
        );
        assert_eq!(
            virtuoso.update_url("http://h:8890/sparql"),
            "http://h:8890/sparql"
        );
        assert_eq!(
            virtuoso.store_url("http://h:8890/sparql", true).unwrap(),
            "http://h:8890/sparql-graph-crud-auth"
        );
        assert_eq!(
            Engine::Fuseki
                .store_url("http://h:3030/kb/sparql", false)
                .unwrap(),
            "http://h:3030/kb/data"
        );
        assert_eq!(Engine::Generic.store_url("http://h/sparql", false), None);
    }

    #[test]
    fn virtuoso_gets_wkt_without_the_default_crs() {
        let point = Literal::new_typed_literal(
            format!("{DEFAULT_CRS} POINT(-1.4 18.4)"),
            oxigraph::model::NamedNode::new_unchecked(WKT_LITERAL),
        );
        let triple = Triple::new(
            oxigraph::model::NamedNode::new_unchecked("urn:x"),
            oxigraph::model::NamedNode::new_unchecked("urn:p"),
            point,
        );
        let Term::Literal(sent) = Engine::Virtuoso.adapt(triple.clone()).object else {
            panic!("a literal");
        };
        assert_eq!(sent.value(), "POINT(-1.4 18.4)");
        assert_eq!(Engine::Oxigraph.adapt(triple.clone()), triple);
    }

    #[test]
    fn engines_are_told_by_their_server_header_only() {
        assert_eq!(
            Engine::from_server_header("Virtuoso/07.20.3240 (Linux) x86_64-pc-linux-gnu"),
            Some(Engine::Virtuoso)
        );
        assert_eq!(
            Engine::from_server_header("Oxigraph/0.5.3"),
            Some(Engine::Oxigraph)
        );
        assert_eq!(Engine::from_server_header("nginx/1.24"), None);
    }
}
