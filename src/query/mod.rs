//! SPARQL over the store: the named queries, the default prefixes, safe parameter binding and
//! time limits.
//!
//! Parameters are bound with oxigraph's variable substitution on the parsed query, never by
//! pasting text into it, so no value can change what a query does. A query sees the union of
//! all graphs unless it names its own dataset, because claimgraph keeps one graph per file.

mod catalogue;
mod deadline;
mod nesting;
mod sendable;
mod update;

pub use catalogue::{Header, NAMED_QUERIES, NamedQuery, Param, named_query};
pub(crate) use sendable::{AsSelect, as_select, sendable};
pub use sendable::{Form, Sendable};
pub(crate) use update::{parse_update, solutions};

use crate::error::{Error, Result};
use crate::store::ClaimStore;
use crate::vocab::PREFIXES;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, Triple, Variable};
use oxigraph::sparql::{
    PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator,
};
use std::sync::Arc;
use std::time::Duration;

/// A query ready to run: parsed with the default prefixes, with its time limit, and with its
/// parameters once they are bound.
pub struct Query {
    prepared: PreparedSparqlQuery,
    /// The parameters a named query declares; `None` for a query of the user's own, whose
    /// parameters are not checked by name.
    declared: Option<Vec<String>>,
    timeout: Option<Duration>,
    /// The text, where it came from, the bound parameters and the protocol's dataset, kept
    /// to write the query out for another engine ([`Query::sendable`]).
    text: String,
    origin: String,
    params: Vec<(Variable, Term)>,
    dataset: Option<(Vec<NamedNode>, Vec<NamedNode>)>,
}

/// A query's answer, with errors that arise while reading it already in claimgraph's terms
/// (a cancelled evaluation is a [`Error::Timeout`] that names the limit).
pub enum Answer {
    /// SELECT: the variables, then the rows as they are computed.
    Solutions {
        /// The projected variables, in order.
        variables: Arc<[Variable]>,
        /// The rows.
        rows: Box<dyn Iterator<Item = Result<QuerySolution>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT and DESCRIBE: the triples as they are computed.
    Graph(Box<dyn Iterator<Item = Result<Triple>>>),
}

impl Query {
    /// Parses `text` (`origin` says where it came from, for errors), to be cancelled after
    /// `timeout` when one is given.
    pub fn parse(text: &str, origin: &str, timeout: Option<Duration>) -> Result<Self> {
        nesting::check(text, origin)?;
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *iri)
                .expect("the default prefixes are valid IRIs");
        }
        if let Some(timeout) = timeout {
            evaluator = evaluator.with_cancellation_token(deadline::token_after(timeout));
        }
        let mut prepared = evaluator.parse_query(text).map_err(|source| {
            form_error(text, origin).unwrap_or_else(|| Error::QuerySyntax {
                origin: origin.into(),
                source,
            })
        })?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        Ok(Self {
            prepared,
            declared: None,
            timeout,
            text: text.to_owned(),
            origin: origin.to_owned(),
            params: Vec::new(),
            dataset: None,
        })
    }

    /// A named query, whose parameters are checked against those its header declares.
    pub fn named(query: &NamedQuery, timeout: Option<Duration>) -> Result<Self> {
        let mut parsed = Self::parse(
            query.text,
            &format!("the named query {}", query.name),
            timeout,
        )?;
        parsed.declared = Some(query.header().params.into_iter().map(|p| p.name).collect());
        Ok(parsed)
    }

    /// Runs the query on the dataset a protocol request names (SPARQL 1.1 Protocol's
    /// `default-graph-uri` and `named-graph-uri`), which then replaces the query's own. When
    /// either list is given, the dataset is exactly those graphs; both empty leave the query's
    /// dataset (by default the union of all graphs).
    pub fn with_dataset(
        mut self,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
    ) -> Self {
        if default_graphs.is_empty() && named_graphs.is_empty() {
            return self;
        }
        self.dataset = Some((default_graphs.to_vec(), named_graphs.to_vec()));
        let dataset = self.prepared.dataset_mut();
        dataset.set_default_graph(
            default_graphs
                .iter()
                .cloned()
                .map(GraphName::from)
                .collect(),
        );
        dataset.set_available_named_graphs(
            named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::from)
                .collect(),
        );
        self
    }

    /// Binds each variable to its term. A named query refuses a name it does not declare.
    pub fn bind(mut self, params: &[(Variable, Term)]) -> Result<Self> {
        for (variable, term) in params {
            if let Some(known) = &self.declared
                && !known.iter().any(|k| k == variable.as_str())
            {
                return Err(Error::UnknownParam {
                    name: variable.as_str().into(),
                    known: known.clone(),
                });
            }
            self.prepared = self
                .prepared
                .substitute_variable(variable.clone(), term.clone());
            self.params.push((variable.clone(), term.clone()));
        }
        Ok(self)
    }

    /// The query as text for another SPARQL engine, with its parameters bound by value (see
    /// [`Sendable`]).
    pub fn sendable(&self) -> Result<Sendable> {
        sendable::sendable(
            &self.text,
            &self.origin,
            &self.params,
            self.dataset
                .as_ref()
                .map(|(default, named)| (default.as_slice(), named.as_slice())),
        )
    }

    /// The time limit it was parsed with.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Runs the query on `store`.
    pub fn execute(self, store: &ClaimStore) -> Result<Answer> {
        let timeout = self.timeout;
        let results = self
            .prepared
            .on_store(store.db())
            .execute()
            .map_err(|e| evaluation_error(e, timeout))?;
        Ok(answer(results, timeout))
    }

    /// The query plan, as oxigraph's JSON explanation. oxigraph plans by starting the
    /// evaluation, so the time limit applies here too: a cancelled plan is a timeout.
    pub fn explain(self, store: &ClaimStore) -> Result<Vec<u8>> {
        let timeout = self.timeout;
        let (results, explanation) = self.prepared.on_store(store.db()).explain();
        if let Err(error @ QueryEvaluationError::Cancelled) = results {
            return Err(evaluation_error(error, timeout));
        }
        let mut json = Vec::new();
        explanation.write_in_json(&mut json)?;
        Ok(json)
    }
}

fn answer(results: QueryResults<'static>, timeout: Option<Duration>) -> Answer {
    match results {
        QueryResults::Solutions(solutions) => Answer::Solutions {
            variables: solutions.variables().into(),
            rows: Box::new(solutions.map(move |row| row.map_err(|e| evaluation_error(e, timeout)))),
        },
        QueryResults::Boolean(value) => Answer::Boolean(value),
        QueryResults::Graph(triples) => Answer::Graph(Box::new(
            triples.map(move |triple| triple.map_err(|e| evaluation_error(e, timeout))),
        )),
    }
}

/// The query forms, and the SPARQL Update operations that are not queries.
const FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
const UPDATES: [&str; 11] = [
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "DATA",
];

/// For a query that failed to parse: a clearer error when its first word (after the PREFIX
/// and BASE declarations) is not a query form. The parser alone says "expected CONSTRUCT"
/// of `SELEC`, and of a `DELETE WHERE` too.
fn form_error(text: &str, origin: &str) -> Option<Error> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix('#') {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
            continue;
        }
        let word_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = rest[..word_end].to_ascii_uppercase();
        match word.as_str() {
            // `PREFIX p: <iri>` and `BASE <iri>` end at their IRI.
            "PREFIX" | "BASE" => rest = rest.split_once('>')?.1,
            "" => return None,
            _ if FORMS.contains(&word.as_str()) => return None,
            _ if UPDATES.contains(&word.as_str()) => {
                return Some(Error::NotAQuery {
                    origin: origin.into(),
                    problem: format!(
                        "this is a SPARQL Update (`{word}`), and only queries run here: \
                         SELECT, CONSTRUCT, ASK or DESCRIBE"
                    ),
                    closest: None,
                });
            }
            _ => {
                let closest = crate::terms::closest(&word, FORMS, 0.8).map(str::to_owned);
                return Some(Error::NotAQuery {
                    origin: origin.into(),
                    problem: format!(
                        "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE, not `{}`",
                        &rest[..word_end]
                    ),
                    closest,
                });
            }
        }
    }
}

/// Turns the evaluator's cancellation into a timeout error that names the limit.
fn evaluation_error(error: QueryEvaluationError, timeout: Option<Duration>) -> Error {
    match (error, timeout) {
        (QueryEvaluationError::Cancelled, Some(timeout)) => Error::Timeout(timeout),
        (QueryEvaluationError::NotExistingSubstitutedVariable(variable), _) => {
            Error::ParamNotSelected {
                name: variable.as_str().into(),
            }
        }
        (error, _) => Error::QueryEvaluation(error),
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn misspelt_forms_and_updates_are_named() {
        let error = Query::parse("PREFIX x: <urn:x#>\n# hi\nSELEC * WHERE {}", "-e", None)
            .err()
            .unwrap();
        assert!(
            matches!(&error, Error::NotAQuery { closest: Some(c), .. } if c == "SELECT"),
            "{error:?}"
        );
        let error = Query::parse("DELETE WHERE { ?s ?p ?o }", "-e", None)
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("SPARQL Update (`DELETE`)"),
            "{error}"
        );
        let error = Query::parse("SELECT * WHERE { ?s ?p }", "-e", None)
            .err()
            .unwrap();
        assert!(matches!(error, Error::QuerySyntax { .. }), "{error:?}");
    }
}
