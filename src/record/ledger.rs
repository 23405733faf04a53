//! Where recordings go: the local store, or a shared SPARQL store that a team writes to.
//!
//! A recording is checked the same way wherever it goes (names that must be known, the
//! SHACL shapes, one current status per claim), by code that reads through [`Quads`]; only
//! the commit differs. Locally it is one transaction of the store's write path; remotely it
//! is one SPARQL Update request (`DELETE DATA` and `INSERT DATA`), which the engine applies
//! whole, so that another analyst never sees half a claim.

use crate::claims::{index_claims, update_index};
use crate::error::{Error, Result};
use crate::remote::{Remote, RemoteQuads};
use crate::store::{Amended, ClaimStore, Method, Quads, edits_record, status_fix};
use crate::validate::Shapes;
use crate::vocab::EDITS_GRAPH;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term};

/// The store recordings are read from and written to: `&mut ClaimStore` or `&Remote`.
pub struct Ledger<'a>(Target<'a>);

enum Target<'a> {
    Local(&'a mut ClaimStore),
    Remote(RemoteQuads<'a>),
}

impl<'a> From<&'a mut ClaimStore> for Ledger<'a> {
    fn from(store: &'a mut ClaimStore) -> Self {
        Self(Target::Local(store))
    }
}

impl<'a> From<&'a Remote> for Ledger<'a> {
    fn from(remote: &'a Remote) -> Self {
        Self(Target::Remote(RemoteQuads::new(remote)))
    }
}

impl Ledger<'_> {
    /// Everything the store holds, to check a recording against.
    pub(crate) fn data(&self) -> &dyn Quads {
        match &self.0 {
            Target::Local(store) => store.db(),
            Target::Remote(remote) => remote,
        }
    }

    /// True when some triple has `iri` as its subject.
    pub(crate) fn describes(&self, iri: NamedNodeRef<'_>) -> Result<bool> {
        match &self.0 {
            Target::Local(store) => store.describes(iri),
            Target::Remote(remote) => {
                Ok(!remote.quads(Some(iri.into()), None, None, None)?.is_empty())
            }
        }
    }

    /// Commits `quads` (all in the edits graph) as one checked write, the status of each of
    /// `claims` following its history. `new` are the subjects checked to be unused, which a
    /// remote store is asked to write only while they still are (locally, the store's lock
    /// keeps other writers out). Locally, the claim index then follows for the claims it
    /// `added` and `changed`.
    pub(crate) fn commit(
        &mut self,
        quads: Vec<Quad>,
        new: &[NamedNode],
        claims: &[NamedNode],
        added: &[NamedNode],
        changed: &[NamedNode],
    ) -> Result<()> {
        let shapes = Shapes::shipped()?;
        let focus = focus_of(&quads);
        match &mut self.0 {
            Target::Local(store) => {
                store.apply_edit(
                    |edit| {
                        for quad in &quads {
                            edit.insert(quad)?;
                        }
                        for claim in claims {
                            edit.follow_history(claim.clone());
                        }
                        Ok(())
                    },
                    |(), data| conforms(&shapes, data, &focus),
                )?;
                update_index(store, added, changed)
            }
            Target::Remote(remote) => {
                let mut removed = Vec::new();
                let mut added = quads;
                for claim in claims {
                    let before = Amended {
                        base: &*remote,
                        added: &added,
                        removed: &removed,
                    };
                    let fix = status_fix(&before, claim.as_ref())?;
                    removed.extend(fix.remove);
                    added.extend(fix.insert);
                }
                let after = Amended {
                    base: &*remote,
                    added: &added,
                    removed: &removed,
                };
                conforms(&shapes, &after, &focus)?;
                remote.remote().change_quads(&removed, &added, new)?;
                remote.forget();
                Ok(())
            }
        }
    }

    /// Commits quads already checked (by the import) in one unit: locally as a load of the
    /// edits graph, remotely as one SPARQL Update request, made only while the `new`
    /// subjects are unused.
    pub(crate) fn commit_checked(&mut self, quads: Vec<Quad>, new: &[NamedNode]) -> Result<()> {
        match &mut self.0 {
            Target::Local(store) => {
                let method = if quads.len() >= 50_000 {
                    Method::Bulk
                } else {
                    Method::Transaction
                };
                store.load_graph(
                    &NamedNode::new_unchecked(EDITS_GRAPH),
                    false,
                    &[],
                    method,
                    quads.into_iter().map(Ok),
                    edits_record,
                    || {},
                )?;
                index_claims(store)?;
                Ok(())
            }
            Target::Remote(remote) => {
                remote.remote().change_quads(&[], &quads, new)?;
                remote.forget();
                Ok(())
            }
        }
    }
}

/// The nodes an edit of `quads` may have made invalid: their subjects, and the things they
/// point to (a claim's source, its claimant), whose shapes may count them.
pub(super) fn focus_of<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> Vec<Term> {
    let mut focus: Vec<Term> = Vec::new();
    for quad in quads {
        focus.push(quad.subject.clone().into());
        if matches!(quad.object, Term::NamedNode(_)) && quad.predicate != rdf::TYPE {
            focus.push(quad.object.clone());
        }
    }
    focus.sort_by_cached_key(ToString::to_string);
    focus.dedup();
    focus
}

/// Fails with the violations when the `focus` nodes of `data` do not conform to `shapes`.
pub(super) fn conforms(shapes: &Shapes, data: &dyn Quads, focus: &[Term]) -> Result<()> {
    let violations = shapes.check_nodes(data, focus)?;
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid { violations })
    }
}
