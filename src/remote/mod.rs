//! A SPARQL store on a server (Virtuoso, Oxigraph server, Fuseki, any SPARQL 1.1 service),
//! used in place of the local store: queries, reports, updates and whole graphs go to it over
//! the W3C protocols.
//!
//! claimgraph does not become a database server of its own: a team keeps its knowledge base on
//! the store it already runs, and each analyst's claimgraph brings the claims model, the named
//! queries and the reports to it. Two promises hold as they do locally: a query sees the union
//! of all graphs, and an answer is complete or an error, never cut short in silence (some
//! engines cut answers at a row limit without saying so: those answers are counted, and paged
//! when short).

mod auth;
mod construct;
mod engine;
mod graphs;
mod http;
mod labels;
mod ntriples;
mod offer;
mod push;
mod quads;
mod report;
mod sending;

pub use auth::{Credentials, default_netrc, from_netrc, netrc_file};
pub use engine::{ENGINES, Engine};
pub use graphs::{export, pull};
pub use labels::labelled;
pub use push::{GraphPushed, PushFile, PushProgress, Pushed, push, push_files};
pub(crate) use quads::RemoteQuads;
pub use report::{claims, stats};
pub use sending::Sending;

use crate::error::{Error, Result};
use crate::query::{Answer, Form, Sendable};
use engine::{Truncation, Union};
use http::{Call, Http};
use oxhttp::model::header::SERVER;
use oxhttp::model::{Body, Method, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple, Variable};
use oxigraph::sparql::QuerySolution;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Where a remote store is, and how to reach it.
#[derive(Debug, Clone, Default)]
pub struct Endpoint {
    /// The SPARQL query endpoint (`http://host:8890/sparql`, `http://host:7878/query`).
    pub query: String,
    /// The SPARQL Update endpoint, when it is not where the engine keeps it.
    pub update: Option<String>,
    /// The Graph Store Protocol endpoint, when it is not where the engine keeps it.
    pub store: Option<String>,
    /// The engine; `None` to tell it from the server's answer.
    pub engine: Option<Engine>,
    /// Who to log in as.
    pub credentials: Option<Credentials>,
    /// How long to wait for any one answer.
    pub timeout: Option<Duration>,
}

/// A remote store, reached and identified.
pub struct Remote {
    http: Http,
    engine: Engine,
    query_url: String,
    update_url: String,
    /// Where updates act as the user logged in (the update endpoint itself unless the
    /// engine's runs them anonymously).
    update_url_as_user: String,
    store_url: Option<String>,
    /// The named graphs, for engines given the union as a list of graphs; read once.
    graphs: OnceLock<Vec<String>>,
}

/// A SELECT answer, whole.
pub(crate) struct Table {
    pub(crate) variables: Arc<[Variable]>,
    pub(crate) rows: Vec<Vec<Option<Term>>>,
}

impl Remote {
    /// Reaches the store with a trivial query (so that a wrong address or password fails
    /// here, before any work), and tells its engine from the answer when not given.
    pub fn connect(endpoint: Endpoint) -> Result<Remote> {
        let Endpoint {
            query,
            update,
            store,
            engine,
            credentials,
            timeout,
        } = endpoint;
        if !(query.starts_with("http://") || query.starts_with("https://")) {
            return Err(Error::BadValue {
                value: query,
                expected: "an http:// or https:// URL of a SPARQL endpoint".into(),
            });
        }
        let with_credentials = credentials.is_some();
        let http = Http::new(credentials, timeout);
        let body = form(&[("query", "ASK {}")]);
        let response = http.send(&Call {
            method: Method::POST,
            url: &query,
            accept: Some(QueryResultsFormat::Json.media_type()),
            body: Some(("application/x-www-form-urlencoded", body.as_bytes())),
        })?;
        let told = response
            .headers()
            .get(SERVER)
            .and_then(|value| value.to_str().ok())
            .and_then(Engine::from_server_header);
        let engine = engine.or(told).unwrap_or(Engine::Generic);
        Ok(Remote {
            update_url_as_user: update
                .clone()
                .unwrap_or_else(|| engine.update_url_as_user(&query, with_credentials)),
            update_url: update.unwrap_or_else(|| engine.update_url(&query)),
            store_url: store.or_else(|| engine.store_url(&query, with_credentials)),
            query_url: query,
            engine,
            http,
            graphs: OnceLock::new(),
        })
    }

    /// The engine, as given or as told.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The query endpoint.
    pub fn url(&self) -> &str {
        &self.query_url
    }

    /// Runs a query and returns its whole answer.
    pub fn query(&self, query: &Sendable) -> Result<Answer> {
        match query.form {
            Form::Select => {
                let Table { variables, rows } = self.select(query)?;
                let shared = Arc::clone(&variables);
                let solutions = rows
                    .into_iter()
                    .map(move |row| Ok(QuerySolution::from((Arc::clone(&shared), row))));
                Ok(Answer::Solutions {
                    variables,
                    rows: Box::new(solutions),
                })
            }
            Form::Ask => match self.results(&query.text, query)?.0 {
                ReaderQueryResultsParserOutput::Boolean(value) => Ok(Answer::Boolean(value)),
                ReaderQueryResultsParserOutput::Solutions(solutions) => {
                    self.ask_retval(solutions).map(Answer::Boolean)
                }
            },
            Form::Graph => {
                if self.engine.truncation() != Truncation::Never
                    && let Some(select) = crate::query::as_select(&query.text)
                {
                    let triples = construct::triples(self, query, select)?;
                    return Ok(Answer::Graph(Box::new(triples.into_iter().map(Ok))));
                }
                let body = self
                    .post_query(&query.text, query, RdfFormat::NTriples.media_type())?
                    .into_body();
                let url = self.query_url.clone();
                let triples = RdfParser::from_format(RdfFormat::NTriples)
                    .for_reader(body)
                    .map(move |quad| {
                        quad.map(Into::into).map_err(|e| Error::RemoteAnswer {
                            url: url.clone(),
                            problem: e.to_string(),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(Answer::Graph(Box::new(triples.into_iter().map(Ok))))
            }
        }
    }

    /// The answer to an ASK that came as solutions: Virtuoso 7.2 (with its default
    /// `CaseMode`) writes it in XML as solutions of `__ASK_RETVAL`, one binding it to 1 for
    /// true and none for false.
    fn ask_retval<R: std::io::Read>(
        &self,
        solutions: oxigraph::sparql::results::ReaderSolutionsParser<R>,
    ) -> Result<bool> {
        let is_retval = matches!(
            solutions.variables(),
            [variable] if variable.as_str().eq_ignore_ascii_case("__ask_retval")
        );
        let rows: Vec<_> = solutions.take(2).collect();
        match (is_retval, rows.as_slice()) {
            (true, [Ok(row)]) => match row.get(0) {
                Some(Term::Literal(value)) if matches!(value.value(), "1" | "true") => Ok(true),
                Some(Term::Literal(value)) if matches!(value.value(), "0" | "false") => Ok(false),
                _ => Err(self.unreadable("it answered an ASK with an unknown value".into())),
            },
            (true, []) => Ok(false),
            _ => Err(self.unreadable("it sent solutions to an ASK query".into())),
        }
    }

    /// A SELECT answer, complete. An engine that may cut answers short is asked for its count
    /// (Virtuoso says when it cut one, in `X-SPARQL-MaxRows`), and a short answer is read
    /// again page by page, in a stable order, as nested queries (Virtuoso refuses to sort
    /// past its row limit otherwise).
    pub(crate) fn select(&self, query: &Sendable) -> Result<Table> {
        let (first, capped) = self.solutions(&query.text, query)?;
        let may_be_short = self.may_be_short(capped);
        if !may_be_short {
            return Ok(first);
        }
        let total = self.count(query)?;
        if first.rows.len() == total {
            return Ok(first);
        }
        let page = first.rows.len().max(1);
        let ordered = query.ordered.as_deref().unwrap_or(&query.text);
        let mut rows = Vec::with_capacity(total);
        while rows.len() < total {
            let text = format!(
                "SELECT * WHERE {{ {{ {ordered} }} }} OFFSET {} LIMIT {page}",
                rows.len()
            );
            let (next, _) = self.solutions(&text, query)?;
            if next.rows.is_empty() {
                break;
            }
            rows.extend(reorder(&next, &first.variables));
        }
        if rows.len() != total {
            return Err(Error::Incomplete {
                url: self.query_url.clone(),
                got: rows.len(),
                expected: total,
            });
        }
        Ok(Table {
            variables: first.variables,
            rows,
        })
    }

    /// The rows of `query`, a `SELECT DISTINCT` without `LIMIT` or `OFFSET`, as a set,
    /// complete; `pages` is the same query without `DISTINCT`. On an engine that cuts answers,
    /// sorting the whole answer again for every page, as [`Self::select`] has Virtuoso do,
    /// costs as much as the query itself per page, and so does removing repeats up to each
    /// page's offset. Here `pages` is read page by page in the engine's own order, which does
    /// not change between requests on data that does not, and the repeats are removed here:
    /// the pages hold every row exactly when they hold as many different rows as the engine
    /// counts for `query`. Should they not (the data changed, the engine ran the query another
    /// way), `query` is read again in a stable order.
    pub(crate) fn select_set(&self, query: &Sendable, pages: &Sendable) -> Result<RowSet> {
        let (first, capped) = self.solutions(&pages.text, pages)?;
        let may_be_short = self.may_be_short(capped);
        let page = first.rows.len();
        let variables = first.variables;
        let mut rows: RowSet = first.rows.into_iter().collect();
        if !may_be_short {
            return Ok(rows);
        }
        let total = self.count(query)?;
        let mut offset = page;
        while rows.len() < total && page > 0 {
            let text = format!("{} OFFSET {offset} LIMIT {page}", pages.text);
            let (next, _) = self.solutions(&text, pages)?;
            let short = next.rows.len() < page;
            rows.extend(reorder(&next, &variables));
            if short {
                break;
            }
            offset += page;
        }
        if rows.len() != total {
            return Ok(self.select(query)?.rows.into_iter().collect());
        }
        Ok(rows)
    }

    /// Whether an answer may hold fewer rows than the query has: the engine cuts answers, and
    /// either says so (`capped`) or never does.
    fn may_be_short(&self, capped: bool) -> bool {
        match self.engine.truncation() {
            Truncation::Never => false,
            Truncation::Flagged => capped,
            Truncation::Silent => true,
        }
    }

    /// How many rows a SELECT has, by the engine's own count (one row, never cut).
    fn count(&self, query: &Sendable) -> Result<usize> {
        let text = format!(
            "SELECT (COUNT(*) AS ?claimgraph_rows) WHERE {{ {{ {} }} }}",
            query.text
        );
        self.count_of(&text, query)
    }

    /// The number in the one cell of a `SELECT (COUNT(*) AS ?n)` answer.
    fn count_of(&self, text: &str, query: &Sendable) -> Result<usize> {
        let (table, _) = self.solutions(text, query)?;
        match table.rows.first().and_then(|row| row.first()) {
            Some(Some(Term::Literal(n))) => n
                .value()
                .parse()
                .map_err(|_| self.unreadable(format!("it counted `{}`", n.value()))),
            _ => Err(self.unreadable("it sent no count".into())),
        }
    }

    /// The solutions of a SELECT as sent, and whether the engine flagged them as cut short.
    fn solutions(&self, text: &str, query: &Sendable) -> Result<(Table, bool)> {
        let (results, capped) = self.results(text, query)?;
        match results {
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables: Arc<[Variable]> = solutions.variables().into();
                let url = &self.query_url;
                let rows = solutions
                    .map(|row| {
                        row.map(|row| {
                            variables
                                .iter()
                                .map(|v| row.get(v).cloned())
                                .collect::<Vec<_>>()
                        })
                        .map_err(|e| Error::RemoteAnswer {
                            url: url.clone(),
                            problem: e.to_string(),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok((Table { variables, rows }, capped))
            }
            ReaderQueryResultsParserOutput::Boolean(_) => {
                Err(self.unreadable("it sent a boolean to a SELECT query".into()))
            }
        }
    }

    /// A query's results, parsed as they stream, and whether the engine flagged them as cut
    /// at its row limit.
    fn results(
        &self,
        text: &str,
        query: &Sendable,
    ) -> Result<(ReaderQueryResultsParserOutput<Body>, bool)> {
        let format = self.engine.results_format();
        let response = self.post_query(text, query, format.media_type())?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        // Virtuoso answers 200 with part of the answer when its own time limit stops a query.
        if header("X-SQL-State").as_deref() == Some("S1TAT") {
            return Err(self.unreadable(
                "it stopped the query at its own time limit and sent part of the answer \
                 (X-SQL-State: S1TAT)"
                    .into(),
            ));
        }
        let capped = header("X-SPARQL-MaxRows").is_some();
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(response.into_body())
            .map_err(|e| self.unreadable(e.to_string()))?;
        Ok((parsed, capped))
    }

    /// POSTs a query (form-encoded: queries grow past what a URL may hold) over the dataset
    /// it names, or else over the union of all graphs as this engine gives it.
    fn post_query(&self, text: &str, query: &Sendable, accept: &str) -> Result<Response<Body>> {
        let mut fields = vec![("query", text)];
        let listed;
        match &query.dataset {
            Some((default, named)) => {
                fields.extend(default.iter().map(|g| ("default-graph-uri", g.as_str())));
                fields.extend(named.iter().map(|g| ("named-graph-uri", g.as_str())));
            }
            None => match self.engine.union() {
                Union::Native => {}
                Union::Parameter => fields.push(("union-default-graph", "")),
                Union::ListGraphs => {
                    listed = self.named_graphs()?;
                    fields.extend(listed.iter().map(|g| ("default-graph-uri", g.as_str())));
                }
            },
        }
        let body = form(&fields);
        self.http.send(&Call {
            method: Method::POST,
            url: &self.query_url,
            accept: Some(accept),
            body: Some(("application/x-www-form-urlencoded", body.as_bytes())),
        })
    }

    /// The named graphs holding data (not the engine's own), read once.
    fn named_graphs(&self) -> Result<&[String]> {
        if let Some(graphs) = self.graphs.get() {
            return Ok(graphs);
        }
        let graphs = self.graphs_holding_data()?;
        Ok(self.graphs.get_or_init(|| graphs))
    }

    /// Every named graph that holds a triple, by IRI, sorted; the engine's system graphs left
    /// out.
    pub fn graphs(&self) -> Result<Vec<NamedNode>> {
        Ok(self
            .graphs_holding_data()?
            .into_iter()
            .map(NamedNode::new_unchecked)
            .collect())
    }

    fn graphs_holding_data(&self) -> Result<Vec<String>> {
        // The graph list itself is not given a dataset: it names its own graphs.
        let query = Sendable::plain(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
            Form::Select,
        );
        let mut graphs: Vec<String> = self
            .select(&query)?
            .rows
            .into_iter()
            .filter_map(|row| match row.into_iter().next().flatten() {
                Some(Term::NamedNode(g)) => Some(g.into_string()),
                _ => None,
            })
            .filter(|g| !self.engine.is_system_graph(g))
            .collect();
        graphs.sort();
        Ok(graphs)
    }

    /// How many triples `graph` holds.
    pub fn graph_len(&self, graph: &NamedNode) -> Result<usize> {
        let text = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
        self.count_of(&text, &Sendable::plain(&text, Form::Select))
    }

    /// Whether `graph` holds a triple.
    pub(crate) fn holds_triples(&self, graph: &NamedNode) -> Result<bool> {
        self.ask(&format!("ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))
    }

    /// Removes `graph` and its triples, without the engine's transaction log where it can
    /// write so (Virtuoso): a push's graph can be millions of triples, each a line of the log
    /// otherwise. The removal is then durable from the engine's next checkpoint.
    pub(crate) fn drop_graph(&self, graph: &NamedNode) -> Result<()> {
        let prologue = self.engine.bulk_update_prologue();
        self.update_as_user(&format!("{prologue}DROP SILENT GRAPH {graph}"))
    }

    /// Sends a SPARQL Update, which the engine applies whole.
    pub fn update(&self, text: &str) -> Result<()> {
        self.send_update(&self.update_url, text)
    }

    /// Runs a SPARQL Update as the user logged in, for what the engine lets only a known user
    /// do (Virtuoso: `CLEAR` and `LOAD`).
    pub(crate) fn update_as_user(&self, text: &str) -> Result<()> {
        self.send_update(&self.update_url_as_user, text)
    }

    fn send_update(&self, url: &str, text: &str) -> Result<()> {
        self.http.send(&Call {
            method: Method::POST,
            url,
            accept: None,
            body: Some(("application/sparql-update", text.as_bytes())),
        })?;
        Ok(())
    }

    /// Removes `removed` and adds `added`, each in its own graph, in one SPARQL Update
    /// request, which the engine applies whole: `DELETE DATA` and `INSERT DATA`, or, when
    /// `new` names subjects that must not exist yet, a `DELETE`/`INSERT` whose `WHERE` holds
    /// only while none of them does. Another writer that took one of them first makes it
    /// change nothing, which is then told by its quads of `new[0]` missing.
    pub(crate) fn change_quads(
        &self,
        removed: &[Quad],
        added: &[Quad],
        new: &[NamedNode],
    ) -> Result<()> {
        if removed.is_empty() && added.is_empty() {
            return Ok(());
        }
        let deleted = self.quad_block(removed)?;
        let inserted = self.quad_block(added)?;
        let Some(first) = new.first() else {
            let mut text = String::new();
            if !removed.is_empty() {
                text.push_str(&format!("DELETE DATA {{\n{deleted}}}"));
            }
            if !added.is_empty() {
                if !text.is_empty() {
                    text.push_str(" ;\n");
                }
                text.push_str(&format!("INSERT DATA {{\n{inserted}}}"));
            }
            return self.update(&text);
        };
        let new_subjects: Vec<String> = new.iter().map(ToString::to_string).collect();
        // `FILTER NOT EXISTS` in an otherwise empty WHERE is ignored by Virtuoso 7.2; an
        // OPTIONAL left unbound says the same on every engine.
        self.update(&format!(
            "DELETE {{\n{deleted}}}\nINSERT {{\n{inserted}}}\nWHERE {{ OPTIONAL {{ VALUES ?new {{ {} }} \
             GRAPH ?g {{ ?new ?p ?o }} }} FILTER(!BOUND(?p)) }}",
            new_subjects.join(" ")
        ))?;
        let first_subject = NamedOrBlankNode::from(first.clone());
        let mine: Vec<Quad> = added
            .iter()
            .filter(|quad| quad.subject == first_subject)
            .cloned()
            .collect();
        if mine.is_empty() {
            return Ok(());
        }
        if self.ask(&format!("ASK {{\n{}}}", self.quad_block(&mine)?))? {
            Ok(())
        } else {
            Err(Error::Raced {
                iri: first.as_str().to_owned(),
            })
        }
    }

    fn ask(&self, text: &str) -> Result<bool> {
        match self.query(&Sendable::plain(text, Form::Ask))? {
            Answer::Boolean(answer) => Ok(answer),
            _ => Err(self.unreadable("it answered an ASK with something else".into())),
        }
    }

    /// `quads` as the body of a quad template: `GRAPH <g> { s p o . … }` per graph.
    fn quad_block(&self, quads: &[Quad]) -> Result<String> {
        let mut by_graph: BTreeMap<String, Vec<Triple>> = BTreeMap::new();
        for quad in quads {
            let GraphName::NamedNode(graph) = &quad.graph_name else {
                return Err(Error::BadValue {
                    value: quad.to_string(),
                    expected: "a quad in a named graph: claimgraph keeps data in named graphs \
                               on a remote store"
                        .into(),
                });
            };
            by_graph
                .entry(graph.to_string())
                .or_default()
                .push(self.engine.adapt(quad.clone().into()));
        }
        let mut text = String::new();
        for (graph, triples) in by_graph {
            text.push_str(&format!("  GRAPH {graph} {{\n"));
            for triple in triples {
                text.push_str(&format!("    {triple} .\n"));
            }
            text.push_str("  }\n");
        }
        Ok(text)
    }

    /// The Graph Store endpoint, or an error saying how to give one.
    fn store_url(&self) -> Result<&str> {
        self.store_url.as_deref().ok_or_else(|| Error::BadValue {
            value: self.query_url.clone(),
            expected: format!(
                "an endpoint whose Graph Store Protocol URL is known: the {} engine has none \
                 at a standard place",
                self.engine
            ),
        })
    }

    /// Writes `ntriples` into `graph` with the Graph Store Protocol: PUT replaces the graph,
    /// POST adds to it, through the engine's bulk loader where it has one.
    pub(crate) fn send_graph(
        &self,
        graph: &NamedNode,
        ntriples: &[u8],
        replace: bool,
    ) -> Result<()> {
        let mut url = graph_url(self.store_url()?, graph);
        if let Some(parameter) = self.engine.bulk_write_parameter() {
            url.push('&');
            url.push_str(parameter);
        }
        self.http.send(&Call {
            method: if replace { Method::PUT } else { Method::POST },
            url: &url,
            accept: None,
            body: Some((RdfFormat::NTriples.media_type(), ntriples)),
        })?;
        Ok(())
    }

    /// The triples of `graph`, read with a SELECT (complete, paged where the engine caps
    /// answers).
    pub(crate) fn graph_by_select(&self, graph: &NamedNode) -> Result<Vec<Triple>> {
        let text = format!("SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
        self.triples_by_select(&Sendable {
            ordered: Some(format!("{text} ORDER BY ?s ?p ?o")),
            ..Sendable::plain(&text, Form::Select)
        })
    }

    /// The triples of a `SELECT ?s ?p ?o`, complete.
    pub(crate) fn triples_by_select(&self, query: &Sendable) -> Result<Vec<Triple>> {
        self.select(query)?
            .rows
            .into_iter()
            .map(|row| match <[Option<Term>; 3]>::try_from(row) {
                Ok([Some(s), Some(Term::NamedNode(p)), Some(o)]) => {
                    let subject = match s {
                        Term::NamedNode(n) => NamedOrBlankNode::from(n),
                        Term::BlankNode(b) => NamedOrBlankNode::from(b),
                        other => {
                            return Err(self.unreadable(format!("it sent {other} as a subject")));
                        }
                    };
                    Ok(Triple::new(subject, p, o))
                }
                _ => Err(self.unreadable("it sent a triple with a part missing".into())),
            })
            .collect()
    }

    /// Reads `graph` with the Graph Store Protocol, as N-Triples.
    pub(crate) fn fetch_graph(&self, graph: &NamedNode) -> Result<Body> {
        let url = graph_url(self.store_url()?, graph);
        Ok(self
            .http
            .send(&Call {
                method: Method::GET,
                url: &url,
                accept: Some(RdfFormat::NTriples.media_type()),
                body: None,
            })?
            .into_body())
    }

    fn unreadable(&self, problem: String) -> Error {
        Error::RemoteAnswer {
            url: self.query_url.clone(),
            problem,
        }
    }
}

/// The rows of an answer as a set, for readers that need neither their order nor repeats.
pub(crate) type RowSet = FxHashSet<Vec<Option<Term>>>;

/// A page's rows with their values in the order of `variables` (`SELECT *` may order them
/// otherwise).
fn reorder(page: &Table, variables: &[Variable]) -> Vec<Vec<Option<Term>>> {
    let positions: Vec<Option<usize>> = variables
        .iter()
        .map(|v| page.variables.iter().position(|p| p == v))
        .collect();
    page.rows
        .iter()
        .map(|row| {
            positions
                .iter()
                .map(|at| at.and_then(|at| row[at].clone()))
                .collect()
        })
        .collect()
}

fn form(fields: &[(&str, &str)]) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        form.append_pair(name, value);
    }
    form.finish()
}

fn graph_url(store: &str, graph: &NamedNode) -> String {
    let separator = if store.contains('?') { '&' } else { '?' };
    format!("{store}{separator}{}", form(&[("graph", graph.as_str())]))
}
