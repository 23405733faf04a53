//! What validation found, in SHACL's terms: results that point back at their shape and
//! constraint, turned into [`Violation`]s for people and programs, or into the standard
//! `sh:ValidationReport` graph that other SHACL tools read.

use super::path::Path;
use super::shapes::{Bound, Constraint, SH, Shape};
use crate::labels::pick_language;
use crate::violation::Violation;
use crate::vocab::sh;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};

/// One validation result.
#[derive(Debug, Clone)]
pub(crate) struct ValidationResult {
    pub(crate) focus: Term,
    /// The shape's path, or for `sh:closed` the property that is not allowed.
    pub(crate) path: Option<Path>,
    pub(crate) value: Option<Term>,
    /// The component's local name, without `ConstraintComponent`.
    pub(crate) component: &'static str,
    /// The shape and the position of its constraint that the result comes from.
    pub(crate) shape: usize,
    pub(crate) constraint: usize,
}

/// A validation report: whether the data conforms, and each result.
#[derive(Debug)]
pub struct Report<'a> {
    shapes: &'a [Shape],
    results: Vec<ValidationResult>,
    /// The triples of the blank nodes that results name (focus nodes, values, shapes), so
    /// that a reader of the report can tell which node each one is.
    described: Vec<Triple>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(
        shapes: &'a [Shape],
        results: Vec<ValidationResult>,
        described: Vec<Triple>,
    ) -> Self {
        Report {
            shapes,
            results,
            described,
        }
    }

    /// True when validation found nothing, of any severity (SHACL's `sh:conforms`).
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// The results as violations: sorted, each once.
    pub fn violations(&self) -> Vec<Violation> {
        violations(self.shapes, &self.results)
    }

    /// The report as SHACL's validation report vocabulary: an `sh:ValidationReport` with
    /// one `sh:ValidationResult` per result, with the structure of blank nodes they name.
    pub fn to_rdf(&self) -> Vec<Triple> {
        let mut triples = Vec::new();
        let report = BlankNode::default();
        triples.push(Triple::new(
            report.clone(),
            rdf::TYPE,
            sh::VALIDATION_REPORT,
        ));
        triples.push(Triple::new(
            report.clone(),
            sh::CONFORMS,
            Literal::new_typed_literal(self.conforms().to_string(), xsd::BOOLEAN),
        ));
        for result in &self.results {
            let shape = &self.shapes[result.shape];
            let node = BlankNode::default();
            triples.push(Triple::new(report.clone(), sh::RESULT, node.clone()));
            let mut add = |predicate: NamedNodeRef<'static>, object: Term| {
                triples.push(Triple::new(node.clone(), predicate, object));
            };
            add(rdf::TYPE, sh::VALIDATION_RESULT.into());
            add(sh::FOCUS_NODE, result.focus.clone());
            if let Some(value) = &result.value {
                add(sh::VALUE, value.clone());
            }
            add(sh::RESULT_SEVERITY, shape.severity.clone().into());
            add(sh::SOURCE_CONSTRAINT_COMPONENT, component(result).into());
            add(sh::SOURCE_SHAPE, Term::from(shape.id.clone()));
            let messages: Vec<Literal> = if shape.messages.is_empty() {
                vec![Literal::new_simple_literal(default_message(
                    self.shapes,
                    result,
                ))]
            } else {
                shape.messages.clone()
            };
            for message in messages {
                add(sh::RESULT_MESSAGE, message.into());
            }
            if let Some(path) = &result.path {
                let mut path_triples = Vec::new();
                let path = path.to_rdf(&mut path_triples);
                triples.push(Triple::new(node.clone(), sh::RESULT_PATH, path));
                triples.extend(path_triples);
            }
        }
        triples.extend(self.described.iter().cloned());
        triples
    }
}

pub(crate) fn component(result: &ValidationResult) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{}ConstraintComponent", result.component))
}

/// `results` as violations: sorted, each once.
pub(crate) fn violations(shapes: &[Shape], results: &[ValidationResult]) -> Vec<Violation> {
    let mut violations: Vec<Violation> = results
        .iter()
        .map(|result| {
            let shape = &shapes[result.shape];
            let messages = shape
                .messages
                .iter()
                .map(|m| (m.value().to_owned(), m.language().map(str::to_owned)));
            Violation {
                focus: result.focus.to_string(),
                path: result.path.as_ref().map(ToString::to_string),
                value: result.value.as_ref().map(ToString::to_string),
                component: format!("sh:{}ConstraintComponent", result.component),
                severity: match shape.severity.as_str().strip_prefix(SH) {
                    Some(local) => local.to_owned(),
                    None => shape.severity.to_string(),
                },
                message: pick_language(messages, "en")
                    .unwrap_or_else(|| default_message(shapes, result)),
                shape: shape.id.to_string(),
            }
        })
        .collect();
    violations.sort();
    violations.dedup();
    violations
}

/// A message for a shape that gives none of its own, saying what was expected.
fn default_message(shapes: &[Shape], result: &ValidationResult) -> String {
    let shape = &shapes[result.shape];
    match &shape.constraints[result.constraint] {
        Constraint::Class(class) => format!("expected an instance of {class}"),
        Constraint::Datatype(datatype) => format!("expected a valid literal of type {datatype}"),
        Constraint::NodeKind(kind, _) => format!("expected a node of kind {kind}"),
        Constraint::MinCount(min) => format!("expected at least {min} value(s)"),
        Constraint::MaxCount(max) => format!("expected at most {max} value(s)"),
        Constraint::Range(bound, limit) => {
            let relation = match bound {
                Bound::MinInclusive => ">=",
                Bound::MaxInclusive => "<=",
                Bound::MinExclusive => ">",
                Bound::MaxExclusive => "<",
            };
            format!("expected a value {relation} {limit}")
        }
        Constraint::MinLength(min) => format!("expected at least {min} characters"),
        Constraint::MaxLength(max) => format!("expected at most {max} characters"),
        Constraint::Pattern(regex) => format!("the value does not match /{}/", regex.as_str()),
        Constraint::LanguageIn(tags) => format!("expected a language among {}", tags.join(", ")),
        Constraint::UniqueLang => "more than one value in the same language".to_owned(),
        Constraint::Equals(p) => format!("the values must be those of {p}"),
        Constraint::Disjoint(p) => format!("the value is also a value of {p}"),
        Constraint::LessThan(p) => format!("the value is not less than every value of {p}"),
        Constraint::LessThanOrEquals(p) => {
            format!("the value is not less than or equal to every value of {p}")
        }
        Constraint::Not(_) => "the value conforms to a shape it must not conform to".to_owned(),
        Constraint::And(_) => "the value does not conform to every shape of sh:and".to_owned(),
        Constraint::Or(_) => "the value conforms to none of the shapes of sh:or".to_owned(),
        Constraint::Xone(_) => {
            "the value does not conform to exactly one shape of sh:xone".to_owned()
        }
        Constraint::Node(other) => format!("the value does not conform to {}", shapes[*other].id),
        Constraint::Property(_) => "a property shape is not met".to_owned(),
        Constraint::Qualified { min, max, .. } => match result.component {
            "QualifiedMinCount" => format!(
                "expected at least {} value(s) conforming to the qualified shape",
                min.unwrap_or(0)
            ),
            _ => format!(
                "expected at most {} value(s) conforming to the qualified shape",
                max.unwrap_or(0)
            ),
        },
        Constraint::Closed { .. } => "the property is not allowed by the closed shape".to_owned(),
        Constraint::HasValue(value) => format!("the value {value} is missing"),
        Constraint::In(_) => "the value is not among the allowed values".to_owned(),
    }
}

/// The blank nodes among `terms` and the triples that describe them in `describe`'s graph,
/// following blank objects (at most `limit` triples, so a huge blank structure is cut
/// rather than copied whole).
pub(crate) fn describe_blank_nodes(
    terms: impl IntoIterator<Item = Term>,
    mut describe: impl FnMut(&NamedOrBlankNode) -> crate::error::Result<Vec<Triple>>,
    limit: usize,
    out: &mut Vec<Triple>,
) -> crate::error::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut todo: Vec<NamedOrBlankNode> = terms
        .into_iter()
        .filter_map(|t| match t {
            Term::BlankNode(b) => Some(b.into()),
            _ => None,
        })
        .collect();
    let mut copied = 0;
    while let Some(node) = todo.pop() {
        if !seen.insert(node.clone()) {
            continue;
        }
        for triple in describe(&node)? {
            if copied >= limit {
                return Ok(());
            }
            if let Term::BlankNode(b) = &triple.object {
                todo.push(b.clone().into());
            }
            out.push(triple);
            copied += 1;
        }
    }
    Ok(())
}
