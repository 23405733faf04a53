//! Reading quads from whatever holds them: the store, a write not yet committed, or new quads
//! laid over the store, or data held in memory. Checks that must see a change before it commits (SHACL validation,
//! keeping one current status per claim) read through [`Quads`], so that they work the same
//! on all three.

use crate::error::Result;
use oxigraph::model::{
    Dataset, GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef,
    TermRef,
};
use oxigraph::store::{Store, Transaction};
use std::collections::HashSet;

/// A source of quads to match patterns against (`None` matches anything).
pub(crate) trait Quads {
    /// The quads matching the pattern, in all graphs when `graph` is `None`.
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>>;
}

/// Oxigraph's store and its transactions answer patterns alike.
macro_rules! quads_by_pattern {
    ($($source:ty),*) => {$(
        impl Quads for $source {
            fn quads(
                &self,
                subject: Option<NamedOrBlankNodeRef<'_>>,
                predicate: Option<NamedNodeRef<'_>>,
                object: Option<TermRef<'_>>,
                graph: Option<GraphNameRef<'_>>,
            ) -> Result<Vec<Quad>> {
                Ok(self
                    .quads_for_pattern(subject, predicate, object, graph)
                    .collect::<Result<_, _>>()?)
            }
        }
    )*};
}

quads_by_pattern!(Store, Transaction<'_>);

/// An in-memory dataset keeps every literal exactly as written, where the store normalises
/// some (`"55"^^xsd:byte` is read back as `"55"^^xsd:integer`): data checked on its own
/// is held here, so that SHACL sees the terms the files contain.
impl Quads for Dataset {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>> {
        Ok(self
            .quads_for_pattern(subject, predicate, object, graph)
            .map(QuadRef::into_owned)
            .collect())
    }
}

/// New quads (in a store of their own) laid over existing ones, read as their union.
pub(crate) struct Overlay<'a> {
    /// What is new.
    pub(crate) over: &'a dyn Quads,
    /// What was there.
    pub(crate) base: &'a dyn Quads,
    /// Subjects known to be new (their identifiers were checked to be unused): what they
    /// say is all in `over`, so the base is not asked.
    pub(crate) new_subjects: Option<&'a HashSet<NamedOrBlankNode>>,
}

impl Quads for Overlay<'_> {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>> {
        let new = subject.is_some_and(|s| {
            self.new_subjects
                .is_some_and(|new| new.contains(&s.into_owned()))
        });
        let mut quads = self.over.quads(subject, predicate, object, graph)?;
        if !new {
            quads.extend(self.base.quads(subject, predicate, object, graph)?);
        }
        Ok(quads)
    }
}

/// Quads as a change would leave them: `base` without `removed`, with `added`. For checking
/// a change that is to be sent elsewhere (to a remote store) before it is sent.
pub(crate) struct Amended<'a> {
    pub(crate) base: &'a dyn Quads,
    pub(crate) added: &'a [Quad],
    pub(crate) removed: &'a [Quad],
}

impl Quads for Amended<'_> {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>> {
        let matches = |quad: &Quad| {
            subject.is_none_or(|s| quad.subject.as_ref() == s)
                && predicate.is_none_or(|p| quad.predicate.as_ref() == p)
                && object.is_none_or(|o| quad.object.as_ref() == o)
                && graph.is_none_or(|g| quad.graph_name.as_ref() == g)
        };
        let mut quads: Vec<Quad> = self
            .base
            .quads(subject, predicate, object, graph)?
            .into_iter()
            .filter(|quad| !self.removed.contains(quad))
            .collect();
        for quad in self.added.iter().filter(|quad| matches(quad)) {
            if !quads.contains(quad) {
                quads.push(quad.clone());
            }
        }
        Ok(quads)
    }
}
