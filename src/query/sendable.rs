//! A query as text for another SPARQL engine, with its parameters bound and its dataset apart.
//!
//! Locally, parameters are bound by oxigraph's substitution on the parsed query. A remote
//! engine gets text, so the binding must survive as text without pasting user input into it:
//! the query is parsed (with the default prefixes), each parameter becomes a one-row `VALUES`
//! block built from its parsed RDF term and joined under the projection, and the algebra is
//! written back out. A value such as `"x" } ; DROP ALL ; {` is then a string literal like any
//! other. The dataset (`FROM`, `FROM NAMED`) is taken out of the text and sent as the SPARQL
//! protocol's `default-graph-uri` and `named-graph-uri`, so the text can be nested in paging
//! queries, and so each engine can be given the union of all graphs its own way.

use crate::error::{Error, Result};
use crate::vocab::PREFIXES;
use oxigraph::model::{NamedNode, Term, Variable};
use spargebra::algebra::{Expression, GraphPattern, OrderExpression, QueryDataset};
use spargebra::term::{GroundTerm, TriplePattern};
use spargebra::{Query as Algebra, SparqlParser};

/// What kind of answer a query gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// SELECT: solutions.
    Select,
    /// ASK: a boolean.
    Ask,
    /// CONSTRUCT and DESCRIBE: triples.
    Graph,
}

/// A query ready to send.
#[derive(Debug, Clone)]
pub struct Sendable {
    /// The query, without a dataset clause.
    pub text: String,
    /// Its form.
    pub form: Form,
    /// The dataset it names, as graph IRIs: `(default, named)`; `None` for the union of all
    /// graphs, claimgraph's default.
    pub dataset: Option<(Vec<String>, Vec<String>)>,
    /// For SELECT, the same query ordered by every projected variable when it has no order of
    /// its own, to page through a store that caps its answers; `None` when it is already
    /// ordered (then `text` pages as it is) or is not a SELECT.
    pub ordered: Option<String>,
}

impl Sendable {
    /// A query claimgraph wrote itself, in full IRIs and ordered where it will be paged, over
    /// exactly the graphs it names (no dataset: it is sent without one).
    pub(crate) fn plain(text: &str, form: Form) -> Self {
        Self {
            text: text.to_owned(),
            form,
            dataset: Some((vec![], vec![])),
            ordered: None,
        }
    }
}

/// Parses `text` with the default prefixes, binds `params`, and writes it out for another
/// engine. `dataset` (the protocol's own) replaces the query's when given.
pub(crate) fn sendable(
    text: &str,
    origin: &str,
    params: &[(Variable, Term)],
    dataset: Option<(&[NamedNode], &[NamedNode])>,
) -> Result<Sendable> {
    let mut parser = SparqlParser::new();
    for (prefix, iri) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("the default prefixes are valid IRIs");
    }
    let algebra = parser
        .parse_query(text)
        .map_err(|source| Error::QuerySyntax {
            origin: origin.into(),
            source,
        })?;
    let (form, mut pattern, own_dataset, template) = match algebra {
        Algebra::Select {
            dataset, pattern, ..
        } => (Form::Select, pattern, dataset, None),
        Algebra::Ask {
            dataset, pattern, ..
        } => (Form::Ask, pattern, dataset, None),
        Algebra::Construct {
            template,
            dataset,
            pattern,
            ..
        } => (Form::Graph, pattern, dataset, Some(Some(template))),
        Algebra::Describe {
            dataset, pattern, ..
        } => (Form::Graph, pattern, dataset, Some(None)),
    };
    if !params.is_empty() {
        bind(&mut pattern, params)?;
    }
    let dataset = match dataset {
        Some((default, named)) if !default.is_empty() || !named.is_empty() => {
            Some((iris(default), iris(named)))
        }
        _ => own_dataset.map(|QueryDataset { default, named }| {
            (iris(&default), iris(named.as_deref().unwrap_or_default()))
        }),
    };
    let write = |pattern: GraphPattern| {
        match (&form, &template) {
            (Form::Select, _) => Algebra::Select {
                dataset: None,
                pattern,
                base_iri: None,
            },
            (Form::Ask, _) => Algebra::Ask {
                dataset: None,
                pattern,
                base_iri: None,
            },
            (Form::Graph, Some(Some(template))) => Algebra::Construct {
                template: template.clone(),
                dataset: None,
                pattern,
                base_iri: None,
            },
            (Form::Graph, _) => Algebra::Describe {
                dataset: None,
                pattern,
                base_iri: None,
            },
        }
        .to_string()
    };
    let ordered = (form == Form::Select)
        .then(|| with_order(pattern.clone()))
        .flatten()
        .map(write);
    Ok(Sendable {
        text: write(pattern),
        form,
        dataset,
        ordered,
    })
}

/// A CONSTRUCT or DESCRIBE rewritten as the SELECT of its pattern, for engines that may cut a
/// graph answer short without saying so: the SELECT pages like any other, and the triples
/// are then built from its solutions.
pub(crate) struct AsSelect {
    /// The SELECT of the pattern's variables.
    pub(crate) text: String,
    /// The same, ordered by every variable (to page), unless it has an order of its own.
    pub(crate) ordered: Option<String>,
    /// The CONSTRUCT template; `None` for a DESCRIBE, whose solutions name what to describe.
    pub(crate) template: Option<Vec<TriplePattern>>,
}

/// `text` (a CONSTRUCT or DESCRIBE as [`sendable`] wrote it) as the SELECT of its pattern.
pub(crate) fn as_select(text: &str) -> Option<AsSelect> {
    let (pattern, template) = match SparqlParser::new().parse_query(text).ok()? {
        Algebra::Construct {
            template, pattern, ..
        } => (projected(pattern), Some(template)),
        Algebra::Describe { pattern, .. } => (pattern, None),
        _ => return None,
    };
    let write = |pattern: GraphPattern| {
        Algebra::Select {
            dataset: None,
            pattern,
            base_iri: None,
        }
        .to_string()
    };
    Some(AsSelect {
        ordered: with_order(pattern.clone()).map(write),
        text: write(pattern),
        template,
    })
}

/// `pattern` with a projection of its variables under its solution modifiers, where a
/// SELECT has one.
fn projected(mut pattern: GraphPattern) -> GraphPattern {
    let mut at = &mut pattern;
    while let GraphPattern::Slice { inner, .. }
    | GraphPattern::Distinct { inner }
    | GraphPattern::Reduced { inner } = at
    {
        at = inner;
    }
    let mut variables = Vec::new();
    at.on_in_scope_variable(|v| {
        if !variables.contains(v) {
            variables.push(v.clone());
        }
    });
    let taken = std::mem::replace(at, GraphPattern::Bgp { patterns: vec![] });
    *at = GraphPattern::Project {
        inner: Box::new(taken),
        variables,
    };
    pattern
}

fn iris(graphs: &[NamedNode]) -> Vec<String> {
    graphs.iter().map(|g| g.as_str().to_owned()).collect()
}

/// Joins a one-row `VALUES` block of the parameters under the solution modifiers, where
/// oxigraph's substitution binds them: before the query is evaluated. Like the substitution,
/// a SELECT binds only variables it projects.
fn bind(pattern: &mut GraphPattern, params: &[(Variable, Term)]) -> Result<()> {
    let mut row = Vec::with_capacity(params.len());
    for (variable, term) in params {
        row.push(Some(match term {
            Term::NamedNode(iri) => GroundTerm::NamedNode(iri.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            _ => {
                return Err(Error::BadParam {
                    spec: format!("{variable}={term}"),
                    reason: "a parameter sent to another engine is an IRI or a literal".into(),
                });
            }
        }));
    }
    let values = GraphPattern::Values {
        variables: params.iter().map(|(v, _)| v.clone()).collect(),
        bindings: vec![row],
    };
    let inner = modifiers_inner(pattern, params)?;
    let taken = std::mem::replace(inner, GraphPattern::Bgp { patterns: vec![] });
    *inner = GraphPattern::Join {
        left: Box::new(values),
        right: Box::new(taken),
    };
    Ok(())
}

/// The pattern under the solution modifiers (slice, distinct, projection, order); a
/// projection must name each parameter.
fn modifiers_inner<'a>(
    pattern: &'a mut GraphPattern,
    params: &[(Variable, Term)],
) -> Result<&'a mut GraphPattern> {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. } => modifiers_inner(inner, params),
        GraphPattern::Project { inner, variables } => {
            if let Some((missing, _)) = params.iter().find(|(v, _)| !variables.contains(v)) {
                return Err(Error::ParamNotSelected {
                    name: missing.as_str().into(),
                });
            }
            modifiers_inner(inner, params)
        }
        other => Ok(other),
    }
}

/// The SELECT ordered by its projected variables, when it has no ORDER BY of its own.
fn with_order(mut pattern: GraphPattern) -> Option<GraphPattern> {
    let mut at = &mut pattern;
    loop {
        match at {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => at = inner,
            GraphPattern::Project { inner, variables } => {
                if matches!(**inner, GraphPattern::OrderBy { .. }) {
                    return None;
                }
                let expression = variables
                    .iter()
                    .map(|v| OrderExpression::Asc(Expression::Variable(v.clone())))
                    .collect();
                let taken = std::mem::replace(&mut **inner, GraphPattern::Bgp { patterns: vec![] });
                **inner = GraphPattern::OrderBy {
                    inner: Box::new(taken),
                    expression,
                };
                return Some(pattern);
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn var(name: &str) -> Variable {
        Variable::new_unchecked(name)
    }

    #[test]
    fn a_hostile_value_stays_a_literal() {
        let hostile = r#"x" } ; DROP ALL ; SELECT * { "#;
        let sent = sendable(
            "SELECT ?c ?s WHERE { ?c cg:statement ?s } ORDER BY ?c",
            "-e",
            &[(var("s"), Literal::new_simple_literal(hostile).into())],
            None,
        )
        .unwrap();
        assert_eq!(sent.form, Form::Select);
        assert!(sent.text.contains("VALUES"), "{}", sent.text);
        // What was sent parses back as one query, with the value as one literal.
        let again = SparqlParser::new().parse_query(&sent.text).unwrap();
        let literal = Literal::new_simple_literal(hostile).to_string();
        assert!(again.to_string().contains(&literal), "{again}");
        assert!(sent.ordered.is_none(), "already ordered");
    }

    #[test]
    fn prefixes_resolve_and_the_dataset_moves_to_the_protocol() {
        let sent = sendable(
            "SELECT ?c FROM <urn:g> WHERE { ?c a cg:Claim }",
            "-e",
            &[],
            None,
        )
        .unwrap();
        assert!(
            sent.text
                .contains("<https://w3id.org/claimgraph/ontology#Claim>")
        );
        assert!(!sent.text.contains("FROM"), "{}", sent.text);
        assert_eq!(sent.dataset, Some((vec!["urn:g".to_owned()], vec![])));
        assert!(
            sent.ordered
                .as_deref()
                .is_some_and(|o| o.contains("ORDER BY"))
        );
    }

    #[test]
    fn unprojected_parameters_are_refused_as_locally() {
        let error = sendable(
            "SELECT ?c WHERE { ?c cg:status ?s }",
            "-e",
            &[(var("s"), NamedNode::new_unchecked("urn:x").into())],
            None,
        )
        .unwrap_err();
        assert!(matches!(error, Error::ParamNotSelected { .. }), "{error:?}");
    }
}
