//! The reading half of SPARQL Update: parsing an update with the default prefixes, and
//! finding the solutions of a `DELETE`/`INSERT … WHERE`. Applying the changes is the edit's
//! business (`record::update`), through the store's write path.

use super::{deadline, evaluation_error, nesting};
use crate::error::{Error, Result};
use crate::vocab::PREFIXES;
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator, Variable};
use oxigraph::store::Transaction;
use spargebra::algebra::{GraphPattern, QueryDataset};
use spargebra::{SparqlParser, Update};
use std::time::Duration;

/// Parses `text` as SPARQL Update (`origin` says where it came from, for errors), with the
/// default prefixes declared.
pub(crate) fn parse_update(text: &str, origin: &str) -> Result<Update> {
    nesting::check(text, origin)?;
    let mut parser = SparqlParser::new();
    for (prefix, iri) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("the default prefixes are valid IRIs");
    }
    parser
        .parse_update(text)
        .map_err(|source| Error::QuerySyntax {
            origin: origin.into(),
            source,
        })
}

/// The solutions of `pattern` for `variables`, on `data` as a transaction has changed it so
/// far: over `dataset` when the update names one (`USING`), else over the union of all
/// graphs, as queries see the store. Collected whole, since the transaction is changed next.
pub(crate) fn solutions(
    data: &Transaction<'_>,
    pattern: &GraphPattern,
    dataset: Option<&QueryDataset>,
    variables: Vec<Variable>,
    timeout: Option<Duration>,
) -> Result<Vec<QuerySolution>> {
    let select = spargebra::Query::Select {
        dataset: dataset.cloned(),
        pattern: GraphPattern::Project {
            inner: Box::new(pattern.clone()),
            variables,
        },
        base_iri: None,
    };
    let mut evaluator = SparqlEvaluator::new();
    if let Some(timeout) = timeout {
        evaluator = evaluator.with_cancellation_token(deadline::token_after(timeout));
    }
    let mut prepared = evaluator.for_query(select);
    if dataset.is_none() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    match prepared
        .on_transaction(data)
        .execute()
        .map_err(|e| evaluation_error(e, timeout))?
    {
        QueryResults::Solutions(rows) => rows
            .map(|row| row.map_err(|e| evaluation_error(e, timeout)))
            .collect(),
        _ => unreachable!("a SELECT answers with solutions"),
    }
}
