//! SHACL property paths: read from the shapes graph, followed through the data, written in
//! SPARQL syntax for people and back as RDF for validation reports.

use super::graph;
use crate::error::{Error, Result};
use crate::store::Quads;
use crate::vocab::sh;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Graph, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use std::collections::HashSet;

/// A property path (SHACL 1.0, section 2.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

impl Path {
    /// Reads the path that `term` describes in the shapes graph.
    pub(crate) fn parse(shapes: &Graph, term: &Term) -> Result<Self> {
        Self::parse_within(shapes, term, 0)
    }

    fn parse_within(shapes: &Graph, term: &Term, depth: usize) -> Result<Self> {
        // Paths nest as deep as their RDF does; a bound keeps hostile shapes from
        // exhausting the stack.
        if depth > graph::MAX_NESTING {
            return Err(Error::UnsupportedShapes(format!(
                "a property path nested more than {} levels deep",
                graph::MAX_NESTING
            )));
        }
        let node = match term {
            Term::NamedNode(predicate) => return Ok(Path::Predicate(predicate.clone())),
            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
            other => {
                return Err(Error::UnsupportedShapes(format!(
                    "the path {other} is neither an IRI nor a blank node"
                )));
            }
        };
        let inner = |term: TermRef<'_>| Self::parse_within(shapes, &term.into_owned(), depth + 1);
        let members = |head: &Term| -> Result<Vec<Path>> {
            graph::list(shapes, head)?
                .iter()
                .map(|member| Self::parse_within(shapes, member, depth + 1))
                .collect()
        };
        if shapes
            .object_for_subject_predicate(&node, rdf::FIRST)
            .is_some()
        {
            return Ok(Path::Sequence(members(term)?));
        }
        let one = |predicate| shapes.object_for_subject_predicate(&node, predicate);
        if let Some(list) = one(sh::ALTERNATIVE_PATH) {
            return Ok(Path::Alternative(members(&list.into_owned())?));
        }
        if let Some(p) = one(sh::INVERSE_PATH) {
            return Ok(Path::Inverse(Box::new(inner(p)?)));
        }
        if let Some(p) = one(sh::ZERO_OR_MORE_PATH) {
            return Ok(Path::ZeroOrMore(Box::new(inner(p)?)));
        }
        if let Some(p) = one(sh::ONE_OR_MORE_PATH) {
            return Ok(Path::OneOrMore(Box::new(inner(p)?)));
        }
        if let Some(p) = one(sh::ZERO_OR_ONE_PATH) {
            return Ok(Path::ZeroOrOne(Box::new(inner(p)?)));
        }
        Err(Error::UnsupportedShapes(format!(
            "the path {term} is not a SHACL property path"
        )))
    }

    /// The nodes reached from `focus` along the path, each once.
    pub(crate) fn values(&self, data: &dyn Quads, focus: &Term) -> Result<Vec<Term>> {
        let mut reached = self.step(data, std::slice::from_ref(focus), false)?;
        graph::dedup(&mut reached);
        Ok(reached)
    }

    /// The nodes one application of the path leads to from `from` (backwards when
    /// `inverse`), with repeats.
    fn step(&self, data: &dyn Quads, from: &[Term], inverse: bool) -> Result<Vec<Term>> {
        match self {
            Path::Predicate(p) => {
                let mut out = Vec::new();
                for node in from {
                    if inverse {
                        out.extend(graph::subjects(data, p.as_ref(), node)?);
                    } else {
                        out.extend(graph::objects(data, node, p.as_ref())?);
                    }
                }
                Ok(out)
            }
            Path::Inverse(inner) => inner.step(data, from, !inverse),
            Path::Sequence(parts) => {
                let mut current = from.to_vec();
                let mut apply = |part: &Path| -> Result<()> {
                    current = part.step(data, &current, inverse)?;
                    graph::dedup(&mut current);
                    Ok(())
                };
                if inverse {
                    parts.iter().rev().try_for_each(&mut apply)?;
                } else {
                    parts.iter().try_for_each(&mut apply)?;
                }
                Ok(current)
            }
            Path::Alternative(parts) => {
                let mut out = Vec::new();
                for part in parts {
                    out.extend(part.step(data, from, inverse)?);
                }
                Ok(out)
            }
            Path::ZeroOrOne(inner) => {
                let mut out = from.to_vec();
                out.extend(inner.step(data, from, inverse)?);
                Ok(out)
            }
            Path::ZeroOrMore(inner) | Path::OneOrMore(inner) => {
                let mut reached: Vec<Term> = Vec::new();
                let mut seen: HashSet<Term> = HashSet::new();
                if matches!(self, Path::ZeroOrMore(_)) {
                    for node in from {
                        if seen.insert(node.clone()) {
                            reached.push(node.clone());
                        }
                    }
                }
                // Breadth first, each node expanded once: cycles in the data end the walk.
                let mut frontier = from.to_vec();
                let mut expanded: HashSet<Term> = HashSet::new();
                while !frontier.is_empty() {
                    frontier.retain(|node| expanded.insert(node.clone()));
                    let next = inner.step(data, &frontier, inverse)?;
                    frontier = Vec::new();
                    for node in next {
                        if seen.insert(node.clone()) {
                            reached.push(node.clone());
                        }
                        frontier.push(node);
                    }
                }
                Ok(reached)
            }
        }
    }

    /// The path as SHACL writes it in RDF, its blank nodes added to `triples`.
    pub(crate) fn to_rdf(&self, triples: &mut Vec<Triple>) -> Term {
        let wrap = |triples: &mut Vec<Triple>, predicate: NamedNode, inner: &Path| {
            let node = BlankNode::default();
            let object = inner.to_rdf(triples);
            triples.push(Triple::new(node.clone(), predicate, object));
            Term::from(node)
        };
        match self {
            Path::Predicate(p) => p.clone().into(),
            Path::Inverse(inner) => wrap(triples, sh::INVERSE_PATH.into(), inner),
            Path::ZeroOrMore(inner) => wrap(triples, sh::ZERO_OR_MORE_PATH.into(), inner),
            Path::OneOrMore(inner) => wrap(triples, sh::ONE_OR_MORE_PATH.into(), inner),
            Path::ZeroOrOne(inner) => wrap(triples, sh::ZERO_OR_ONE_PATH.into(), inner),
            Path::Sequence(parts) => {
                let items: Vec<Term> = parts.iter().map(|p| p.to_rdf(triples)).collect();
                graph::write_list(&items, triples)
            }
            Path::Alternative(parts) => {
                let items: Vec<Term> = parts.iter().map(|p| p.to_rdf(triples)).collect();
                let list = graph::write_list(&items, triples);
                let node = BlankNode::default();
                triples.push(Triple::new(node.clone(), sh::ALTERNATIVE_PATH, list));
                node.into()
            }
        }
    }
}

/// SPARQL's property path syntax: `<p>`, `^<p>`, `(<p>/<q>)`, `(<p>|<q>)`, `<p>*`.
impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |f: &mut std::fmt::Formatter<'_>, parts: &[Path], sep: &str| {
            write!(f, "(")?;
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, "{sep}")?;
                }
                write!(f, "{part}")?;
            }
            write!(f, ")")
        };
        match self {
            Path::Predicate(p) => write!(f, "{p}"),
            Path::Inverse(p) => write!(f, "^{p}"),
            Path::Sequence(parts) => join(f, parts, "/"),
            Path::Alternative(parts) => join(f, parts, "|"),
            Path::ZeroOrMore(p) => write!(f, "{p}*"),
            Path::OneOrMore(p) => write!(f, "{p}+"),
            Path::ZeroOrOne(p) => write!(f, "{p}?"),
        }
    }
}
