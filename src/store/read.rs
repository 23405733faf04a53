//! Reading quads from whatever holds them: the store, a write not yet committed, or new quads
//! laid over the store. Checks that must see a change before it commits (SHACL validation,
//! keeping one current status per claim) read through [`Quads`], so that they work the same
//! on all three.

use crate::error::Result;
use oxigraph::model::{
    GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, TermRef,
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

/// New quads (in a store of their own) laid over existing ones, read as their union.
pub(crate) struct Overlay<'a> {
    /// What is new.
    pub(crate) over: &'a Store,
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
