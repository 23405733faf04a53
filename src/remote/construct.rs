//! CONSTRUCT and DESCRIBE on engines that may cut an answer short without saying so.
//!
//! Virtuoso cuts a CONSTRUCT at its row limit and, unlike a cut SELECT, flags nothing; a
//! triple answer cannot be counted beforehand either. So on such engines the query's pattern
//! is sent as a SELECT, which is counted and paged like any other, and the triples are built
//! here from its solutions, as SPARQL 1.1 (16.2) builds them: one instance of the template
//! per solution, with fresh blank nodes, leaving out triples with an unbound or ill-placed
//! term. A DESCRIBE becomes the triples of each resource its solutions name (its concise
//! description without the blank nodes' own triples, which cannot be asked for again).

use super::Remote;
use crate::error::Result;
use crate::query::{AsSelect, Form, Sendable};
use oxigraph::model::{BlankNode, NamedNode, NamedOrBlankNode, Term, Triple, Variable};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use std::collections::HashSet;

/// The triples of the CONSTRUCT or DESCRIBE `query`, rewritten as `select`.
pub(super) fn triples(remote: &Remote, query: &Sendable, select: AsSelect) -> Result<Vec<Triple>> {
    let solutions = remote.select(&Sendable {
        text: select.text,
        form: Form::Select,
        dataset: query.dataset.clone(),
        ordered: select.ordered,
    })?;
    let variables = &solutions.variables;
    let mut seen = HashSet::new();
    let mut triples = Vec::new();
    let mut keep = |triple: Triple| {
        if seen.insert(triple.clone()) {
            triples.push(triple);
        }
    };
    match select.template {
        Some(template) => {
            for row in &solutions.rows {
                let value = |v: &Variable| {
                    variables
                        .iter()
                        .position(|x| x == v)
                        .and_then(|at| row[at].clone())
                };
                // Blank nodes of the template are new for each solution.
                let mut blanks = std::collections::HashMap::new();
                for pattern in &template {
                    if let Some(triple) = instance(pattern, &value, &mut blanks) {
                        keep(triple);
                    }
                }
            }
        }
        None => {
            let mut described: Vec<NamedNode> = solutions
                .rows
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|term| match term {
                    Term::NamedNode(n) => Some(n),
                    _ => None,
                })
                .collect();
            described.sort();
            described.dedup();
            for chunk in described.chunks(500) {
                let values: Vec<String> = chunk.iter().map(ToString::to_string).collect();
                let text = format!(
                    "SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {} }} ?s ?p ?o }}",
                    values.join(" ")
                );
                let description = remote.triples_by_select(&Sendable {
                    ordered: Some(format!("{text} ORDER BY ?s ?p ?o")),
                    dataset: query.dataset.clone(),
                    ..Sendable::plain(&text, Form::Select)
                })?;
                description.into_iter().for_each(&mut keep);
            }
        }
    }
    Ok(triples)
}

/// The template triple `pattern` in one solution, unless a term is unbound or ill-placed.
fn instance(
    pattern: &TriplePattern,
    value: &impl Fn(&Variable) -> Option<Term>,
    blanks: &mut std::collections::HashMap<String, BlankNode>,
) -> Option<Triple> {
    let mut term = |pattern: &TermPattern| -> Option<Term> {
        match pattern {
            TermPattern::NamedNode(n) => Some(n.clone().into()),
            TermPattern::Literal(l) => Some(l.clone().into()),
            TermPattern::BlankNode(b) => Some(
                blanks
                    .entry(b.as_str().to_owned())
                    .or_default()
                    .clone()
                    .into(),
            ),
            TermPattern::Variable(v) => value(v),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    };
    let subject = match term(&pattern.subject)? {
        Term::NamedNode(n) => NamedOrBlankNode::from(n),
        Term::BlankNode(b) => NamedOrBlankNode::from(b),
        _ => return None,
    };
    let predicate = match &pattern.predicate {
        NamedNodePattern::NamedNode(n) => n.clone(),
        NamedNodePattern::Variable(v) => match value(v)? {
            Term::NamedNode(n) => n,
            _ => return None,
        },
    };
    let object = term(&pattern.object)?;
    Some(Triple::new(subject, predicate, object))
}
