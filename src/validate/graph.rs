//! Small reads the validator makes again and again: RDF lists in the shapes graph, a node's
//! objects and subjects in the data, and lists written back for reports.

use crate::error::{Error, Result};
use crate::store::Quads;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Graph, NamedNodeRef, NamedOrBlankNode, Term, TermRef, Triple};
use std::collections::HashSet;

/// How deep shapes may nest (in the shapes graph, and at run time through `sh:node`,
/// `sh:property` and the logical components) before validation stops with an error rather
/// than exhausting the stack. pySHACL stops at 15 by default; 64 leaves room for deep data
/// while staying within a 2 MiB thread stack in a debug build.
pub(crate) const MAX_NESTING: usize = 64;

/// The members of the RDF list starting at `head`; an error for a malformed or cyclic list.
pub(crate) fn list(graph: &Graph, head: &Term) -> Result<Vec<Term>> {
    let mut items = Vec::new();
    let mut node = head.clone();
    let mut seen = HashSet::new();
    while node != Term::from(rdf::NIL) {
        let malformed =
            || Error::UnsupportedShapes(format!("{head} is not a well-formed RDF list"));
        let subject = subject(&node).ok_or_else(malformed)?;
        if !seen.insert(subject.clone()) {
            return Err(malformed());
        }
        let first = graph.object_for_subject_predicate(&subject, rdf::FIRST);
        let rest = graph.object_for_subject_predicate(&subject, rdf::REST);
        let (Some(first), Some(rest)) = (first, rest) else {
            return Err(malformed());
        };
        items.push(first.into_owned());
        node = rest.into_owned();
    }
    Ok(items)
}

/// `items` as an RDF list of fresh blank nodes, its triples added to `triples`.
pub(crate) fn write_list(items: &[Term], triples: &mut Vec<Triple>) -> Term {
    let mut rest = Term::from(rdf::NIL);
    for item in items.iter().rev() {
        let node = BlankNode::default();
        triples.push(Triple::new(node.clone(), rdf::FIRST, item.clone()));
        triples.push(Triple::new(node.clone(), rdf::REST, rest));
        rest = node.into();
    }
    rest
}

/// Keeps the first of each term, in the order found: results are sorted at the end, so no
/// order is needed here, and sorting by text cost most of a large import's check.
pub(crate) fn dedup(terms: &mut Vec<Term>) {
    let mut seen = HashSet::with_capacity(terms.len());
    terms.retain(|term| seen.insert(term.clone()));
}

/// The term as a subject, unless it is a literal.
pub(crate) fn subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// The objects of `subject`'s `predicate` triples in the data (none for a literal).
pub(crate) fn objects(
    data: &dyn Quads,
    subject: &Term,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<Term>> {
    let Some(subject) = self::subject(subject) else {
        return Ok(Vec::new());
    };
    Ok(data
        .quads(Some(subject.as_ref()), Some(predicate), None, None)?
        .into_iter()
        .map(|q| q.object)
        .collect())
}

/// The subjects of `predicate` triples whose object is `object`.
pub(crate) fn subjects(
    data: &dyn Quads,
    predicate: NamedNodeRef<'_>,
    object: &Term,
) -> Result<Vec<Term>> {
    Ok(data
        .quads(None, Some(predicate), Some(object.as_ref()), None)?
        .into_iter()
        .map(|q| q.subject.into())
        .collect())
}

/// The objects of `subject`'s `predicate` in the shapes graph, in a stable order.
pub(crate) fn shape_objects(
    graph: &Graph,
    subject: &NamedOrBlankNode,
    predicate: NamedNodeRef<'_>,
) -> Vec<Term> {
    let mut objects: Vec<Term> = graph
        .objects_for_subject_predicate(subject, predicate)
        .map(TermRef::into_owned)
        .collect();
    objects.sort_by_cached_key(ToString::to_string);
    objects
}
