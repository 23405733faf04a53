//! SPARQL over the store: the named queries shipped with claimgraph, the default prefixes,
//! safe parameter binding and timeouts.
//!
//! Parameters are bound with oxigraph's variable substitution on the parsed query, never by
//! pasting text into it, so no value can change what a query does.

use crate::error::{Error, Result};
use crate::store::ClaimStore;
use crate::vocab::{PREFIXES, namespace};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator,
};
use std::str::FromStr;
use std::time::Duration;

/// A SPARQL query shipped in `queries/`, answering one of the questions users ask most.
#[derive(Debug, Clone, Copy)]
pub struct NamedQuery {
    /// The file stem, used on the command line.
    pub name: &'static str,
    /// The `.rq` text, header comment included.
    pub text: &'static str,
}

macro_rules! named_queries {
    ($($name:literal),* $(,)?) => {
        &[$(NamedQuery { name: $name, text: include_str!(concat!("../queries/", $name, ".rq")) }),*]
    };
}

/// Every named query, in the order `claimgraph queries` lists them.
pub const NAMED_QUERIES: &[NamedQuery] = named_queries![
    "unconfirmed-claims",
    "contested-claims",
    "single-source-claims",
    "claims-by-claimant",
    "claims-by-source",
    "timeline",
    "events-at-place",
    "entity",
    "claim-history",
];

/// What a named query's header comment says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    /// One line.
    pub title: String,
    /// What it answers.
    pub description: String,
    /// The variables a user binds with `--param`.
    pub params: Vec<Param>,
}

/// A parameter of a named query.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Param {
    /// The variable name, without `?`.
    pub name: String,
    /// What to pass.
    pub description: String,
}

impl NamedQuery {
    /// Parses the header comment: `# title:`, `# description:` (continued on lines that start
    /// with `#` and more spaces) and one `# param: name: text` per parameter.
    pub fn header(&self) -> Header {
        let mut header = Header::default();
        let mut last: Option<&mut String> = None;
        for line in self.text.lines() {
            let Some(comment) = line.strip_prefix('#') else {
                break;
            };
            let body = comment.trim();
            if let Some(title) = body.strip_prefix("title:") {
                header.title = title.trim().into();
                last = None;
            } else if let Some(description) = body.strip_prefix("description:") {
                header.description = description.trim().into();
                last = Some(&mut header.description);
            } else if let Some(param) = body.strip_prefix("param:") {
                let (name, description) = param.split_once(':').unwrap_or((param, ""));
                header.params.push(Param {
                    name: name.trim().trim_start_matches(['?', '$']).into(),
                    description: description.trim().into(),
                });
                last = header.params.last_mut().map(|p| &mut p.description);
            } else if let (Some(text), false) = (last.as_deref_mut(), body.is_empty()) {
                text.push(' ');
                text.push_str(body);
            }
        }
        header
    }
}

/// Finds a named query, suggesting the closest name when there is none.
pub fn named_query(name: &str) -> Result<&'static NamedQuery> {
    let name = name.strip_suffix(".rq").unwrap_or(name);
    NAMED_QUERIES
        .iter()
        .find(|query| query.name == name)
        .ok_or_else(|| Error::UnknownQuery {
            name: name.into(),
            closest: NAMED_QUERIES
                .iter()
                .map(|query| (strsim::jaro_winkler(name, query.name), query.name))
                .filter(|(score, _)| *score > 0.7)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, name)| name.to_owned()),
        })
}

/// Parses `text` with the default prefixes declared, ready to run on the union of all graphs.
/// A `cancellation` token stops the evaluation when cancelled (see `--timeout`); rows are
/// produced lazily, so it can also surface while they are read ([`map_evaluation_error`]).
pub fn prepare(
    text: &str,
    origin: &str,
    cancellation: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .expect("the default prefixes are valid IRIs");
    }
    if let Some(token) = cancellation {
        evaluator = evaluator.with_cancellation_token(token);
    }
    let mut prepared = evaluator
        .parse_query(text)
        .map_err(|source| Error::QuerySyntax {
            origin: origin.into(),
            source,
        })?;
    // Without FROM clauses a query sees every graph, which is what users expect of a store that
    // keeps one graph per loaded file.
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    Ok(prepared)
}

/// Parses `name=value` into a variable and an RDF term.
pub fn parse_param(spec: &str) -> Result<(Variable, Term)> {
    let bad = |reason: &str| Error::BadParam {
        spec: spec.into(),
        reason: reason.into(),
    };
    let (name, value) = spec
        .split_once('=')
        .ok_or_else(|| bad("expected name=value"))?;
    let variable = Variable::new(name.trim().trim_start_matches(['?', '$']))
        .map_err(|_| bad("the name is not a SPARQL variable name"))?;
    Ok((
        variable,
        parse_term(value).map_err(|e| match e {
            Error::BadParam { reason, .. } => bad(&reason),
            other => other,
        })?,
    ))
}

/// Reads a term as users write it: `<IRI>`, `prefix:name`, `"text"@lang`,
/// `"value"^^xsd:type` (or `^^<IRI>`), and anything else as a plain string.
pub fn parse_term(value: &str) -> Result<Term> {
    let bad = |reason: String| Error::BadParam {
        spec: value.into(),
        reason,
    };
    if value.starts_with('<') {
        return NamedNode::from_str(value)
            .map(Term::from)
            .map_err(|e| bad(e.to_string()));
    }
    if value.starts_with('"') {
        let expanded = match value.rsplit_once("^^") {
            Some((lexical, datatype)) if !datatype.starts_with('<') => {
                format!("{lexical}^^<{}>", expand_prefixed(datatype)?.as_str())
            }
            _ => value.to_owned(),
        };
        return Term::from_str(&expanded).map_err(|e| bad(e.to_string()));
    }
    if looks_prefixed(value) {
        return expand_prefixed(value).map(Term::from);
    }
    Ok(Literal::new_simple_literal(value).into())
}

/// Expands `prefix:local` with the default prefixes; absolute IRIs such as `urn:x` and
/// `http://…` pass through.
pub fn expand_prefixed(value: &str) -> Result<NamedNode> {
    let (prefix, local) = value.split_once(':').unwrap_or(("", value));
    let iri = match namespace(prefix) {
        Some(ns) => format!("{ns}{local}"),
        None if ["http", "https", "urn", "file", "mailto", "tag"].contains(&prefix) => value.into(),
        None => {
            return Err(Error::UnknownPrefix {
                prefix: prefix.into(),
                value: value.into(),
            });
        }
    };
    NamedNode::new(iri).map_err(|source| Error::BadIri {
        value: value.into(),
        source,
    })
}

fn looks_prefixed(value: &str) -> bool {
    let Some((prefix, local)) = value.split_once(':') else {
        return false;
    };
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !local.is_empty()
        && !local
            .chars()
            .any(|c| c.is_whitespace() || "\"'<>{}".contains(c))
}

/// Runs a prepared query on the store with its parameters bound.
pub fn execute(
    store: &ClaimStore,
    prepared: PreparedSparqlQuery,
    params: &[(Variable, Term)],
    timeout: Option<Duration>,
) -> Result<QueryResults<'static>> {
    let mut bound = prepared.on_store(store.store());
    for (variable, term) in params {
        bound = bound.substitute_variable(variable.clone(), term.clone());
    }
    bound
        .execute()
        .map_err(|e| map_evaluation_error(e, timeout))
}

/// Turns the evaluator's cancellation into a timeout error that names the limit.
pub fn map_evaluation_error(error: QueryEvaluationError, timeout: Option<Duration>) -> Error {
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
mod tests {
    use super::*;

    #[test]
    fn terms_as_users_write_them() {
        assert_eq!(
            parse_term("id:kidal").unwrap().to_string(),
            "<https://w3id.org/claimgraph/id/kidal>"
        );
        assert_eq!(
            parse_term("\"Kidal\"@en").unwrap().to_string(),
            "\"Kidal\"@en"
        );
        assert_eq!(
            parse_term("\"2026-04-26\"^^xsd:date").unwrap().to_string(),
            "\"2026-04-26\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
        assert_eq!(
            parse_term("} ; DROP ALL ; #").unwrap().to_string(),
            "\"} ; DROP ALL ; #\""
        );
        assert!(matches!(
            parse_term("nope:x"),
            Err(Error::UnknownPrefix { .. })
        ));
    }

    #[test]
    fn misspelled_names_get_a_suggestion() {
        match named_query("unconfirmed-claim") {
            Err(Error::UnknownQuery { closest, .. }) => {
                assert_eq!(closest.as_deref(), Some("unconfirmed-claims"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn every_named_query_parses_and_has_a_header() {
        for query in NAMED_QUERIES {
            let _prepared = prepare(query.text, query.name, None).unwrap();
            let header = query.header();
            assert!(!header.title.is_empty(), "{} has no title", query.name);
            assert!(
                !header.description.is_empty(),
                "{} has no description",
                query.name
            );
            for param in &header.params {
                assert!(
                    query.text.contains(&format!("?{}", param.name)),
                    "{} declares ?{} but does not use it",
                    query.name,
                    param.name
                );
            }
        }
    }

    #[test]
    fn every_rq_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = name.strip_suffix(".rq") {
                assert!(
                    named_query(stem).is_ok(),
                    "queries/{name} is not in NAMED_QUERIES"
                );
            }
        }
    }
}
