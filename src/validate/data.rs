//! The data of a standalone validation, held compactly.
//!
//! `validate --standalone` reads files into memory and answers the checker's pattern lookups
//! from there. An oxrdf `Dataset` keeps six B-tree indexes of whole quads: on 100,000 generated
//! claims (2.8 million triples) it took 3.4 GB, and filling it was most of the run (page
//! zeroing and B-tree inserts). The checker only asks for the union of the files' triples, by
//! subject, predicate or object, so this keeps each distinct term once, every triple once as
//! three term numbers, and three sorted copies of those (by subject, predicate, object): about
//! 40 bytes a triple beside the terms themselves. Terms stay exactly as written (the store
//! would normalise `"55"^^xsd:byte` to an `xsd:integer`).

use crate::error::Result;
use crate::store::Quads;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
    TermRef, Triple,
};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// The triples of some inputs, deduplicated, indexed for lookups by any one or two positions.
#[derive(Default)]
pub(crate) struct DataGraph {
    terms: Vec<Term>,
    ids: FxHashMap<Term, u32>,
    /// (subject, predicate, object), sorted.
    spo: Vec<[u32; 3]>,
    /// (predicate, object, subject), sorted.
    pos: Vec<[u32; 3]>,
    /// (object, subject, predicate), sorted.
    osp: Vec<[u32; 3]>,
}

impl DataGraph {
    /// The graph of `triples`.
    pub(crate) fn from_triples(triples: impl IntoIterator<Item = Result<Triple>>) -> Result<Self> {
        let mut graph = Self::default();
        for triple in triples {
            let triple = triple?;
            let s = graph.intern(triple.subject.into());
            let p = graph.intern(triple.predicate.into());
            let o = graph.intern(triple.object);
            graph.spo.push([s, p, o]);
        }
        graph.spo.sort_unstable();
        graph.spo.dedup();
        graph.pos = graph.spo.iter().map(|&[s, p, o]| [p, o, s]).collect();
        graph.pos.sort_unstable();
        graph.osp = graph.spo.iter().map(|&[s, p, o]| [o, s, p]).collect();
        graph.osp.sort_unstable();
        Ok(graph)
    }

    /// The number of distinct triples.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.spo.len()
    }

    fn intern(&mut self, term: Term) -> u32 {
        if let Some(id) = self.ids.get(&term) {
            return *id;
        }
        let id = u32::try_from(self.terms.len()).expect("fewer than 4 billion distinct terms");
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        id
    }

    fn id(&self, term: TermRef<'_>) -> Option<u32> {
        self.ids.get(&term.into_owned()).copied()
    }

    /// The rows of `index` that start with `prefix`.
    fn range(index: &[[u32; 3]], prefix: &[u32]) -> Range<usize> {
        let start = index.partition_point(|row| row[..prefix.len()] < *prefix);
        let end = index.partition_point(|row| row[..prefix.len()] <= *prefix);
        start..end
    }

    fn quad(&self, s: u32, p: u32, o: u32) -> Quad {
        let subject = match &self.terms[s as usize] {
            Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n.clone()),
            Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b.clone()),
            Term::Literal(_) => unreachable!("subjects are interned from subjects"),
        };
        let Term::NamedNode(predicate) = &self.terms[p as usize] else {
            unreachable!("predicates are interned from predicates")
        };
        Quad::new(
            subject,
            predicate.clone(),
            self.terms[o as usize].clone(),
            GraphName::DefaultGraph,
        )
    }
}

impl Quads for DataGraph {
    /// The matching triples, as quads of the default graph (the union of the inputs).
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>> {
        if graph.is_some_and(|g| !g.is_default_graph()) {
            return Ok(Vec::new());
        }
        // A term the data never mentions matches nothing.
        let lookup = |term: Option<TermRef<'_>>| match term {
            None => Some(None),
            Some(term) => self.id(term).map(Some),
        };
        let (Some(s), Some(p), Some(o)) = (
            lookup(subject.map(Into::into)),
            lookup(predicate.map(Into::into)),
            lookup(object),
        ) else {
            return Ok(Vec::new());
        };
        let rows: Vec<[u32; 3]> = match (s, p, o) {
            (Some(s), Some(p), Some(o)) => {
                let found = Self::range(&self.spo, &[s, p, o]);
                self.spo[found].to_vec()
            }
            (Some(s), Some(p), None) => self.spo[Self::range(&self.spo, &[s, p])].to_vec(),
            (Some(s), None, Some(o)) => self.osp[Self::range(&self.osp, &[o, s])]
                .iter()
                .map(|&[o, s, p]| [s, p, o])
                .collect(),
            (Some(s), None, None) => self.spo[Self::range(&self.spo, &[s])].to_vec(),
            (None, Some(p), Some(o)) => self.pos[Self::range(&self.pos, &[p, o])]
                .iter()
                .map(|&[p, o, s]| [s, p, o])
                .collect(),
            (None, Some(p), None) => self.pos[Self::range(&self.pos, &[p])]
                .iter()
                .map(|&[p, o, s]| [s, p, o])
                .collect(),
            (None, None, Some(o)) => self.osp[Self::range(&self.osp, &[o])]
                .iter()
                .map(|&[o, s, p]| [s, p, o])
                .collect(),
            (None, None, None) => self.spo.clone(),
        };
        Ok(rows
            .into_iter()
            .map(|[s, p, o]| self.quad(s, p, o))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Dataset, Literal, NamedNode};

    #[test]
    fn answers_every_pattern_as_a_dataset_of_the_same_triples_does() {
        let n = |i: u32| NamedNode::new_unchecked(format!("urn:n{i}"));
        let mut triples = Vec::new();
        for i in 0..20u32 {
            triples.push(Triple::new(n(i % 5), n(100 + i % 3), n(i % 7)));
            triples.push(Triple::new(
                n(i % 4),
                n(100 + i % 2),
                Literal::new_typed_literal(
                    (i % 6).to_string(),
                    NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#byte"),
                ),
            ));
        }
        let mut dataset = Dataset::new();
        for t in &triples {
            dataset.insert(t.as_ref().in_graph(GraphNameRef::DefaultGraph));
        }
        let graph = DataGraph::from_triples(triples.iter().cloned().map(Ok)).unwrap();
        assert_eq!(graph.len(), dataset.len());
        let terms: Vec<Term> = (0..8).map(|i| n(i).into()).chain([n(100).into()]).collect();
        let sorted = |mut quads: Vec<Quad>| {
            quads.sort_by_key(ToString::to_string);
            quads
        };
        for s in [None, Some(n(1)), Some(n(9))] {
            for p in [None, Some(n(100)), Some(n(101))] {
                for o in [None, Some(terms[3].clone()), Some(terms[8].clone())] {
                    let mine = graph
                        .quads(
                            s.as_ref().map(|s| s.as_ref().into()),
                            p.as_ref().map(NamedNode::as_ref),
                            o.as_ref().map(Term::as_ref),
                            None,
                        )
                        .unwrap();
                    let theirs = Quads::quads(
                        &dataset,
                        s.as_ref().map(|s| s.as_ref().into()),
                        p.as_ref().map(NamedNode::as_ref),
                        o.as_ref().map(Term::as_ref),
                        None,
                    )
                    .unwrap();
                    assert_eq!(sorted(mine), sorted(theirs), "{s:?} {p:?} {o:?}");
                }
            }
        }
    }
}
