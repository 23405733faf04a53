//! One current status per claim: the new status of its newest change.
//!
//! A claim's history is a set of status changes, each with a day (`cg:date`) and, when
//! claimgraph recorded it, the moment it was entered (`cg:recordedAt`). Its current
//! `cg:status` must be the `cg:newStatus` of the newest change (by day, then moment, then
//! IRI), in every graph and every view. Changes recorded with claimgraph go into the edits
//! graph, while the claim's first status may sit in the file it was loaded from; so after
//! every write that touches an edited claim, the store makes its `cg:status` agree with its
//! history again: what disagrees is removed, and the right status is stated in the edits
//! graph if no graph states it. A change dated before the newest one is history only.

use super::read::Quads;
use crate::error::Result;
use crate::vocab::{EDITS_GRAPH, cg};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad, Term};

/// A change of a claim's history, as it orders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Dated {
    pub(crate) date: Option<String>,
    pub(crate) recorded: Option<String>,
    pub(crate) iri: NamedNode,
    pub(crate) status: Option<NamedNode>,
}

/// What to change so that `claim`'s status agrees with its history.
#[derive(Debug, Default)]
pub(crate) struct Fix {
    pub(crate) remove: Vec<Quad>,
    pub(crate) insert: Option<Quad>,
}

/// The changes of `claim`, oldest first.
pub(crate) fn history(data: &dyn Quads, claim: NamedNodeRef<'_>) -> Result<Vec<Dated>> {
    let mut changes = Vec::new();
    for link in data.quads(Some(claim.into()), Some(cg::STATUS_CHANGE), None, None)? {
        let Term::NamedNode(change) = link.object else {
            continue;
        };
        let text = |predicate| -> Result<Option<String>> {
            Ok(data
                .quads(Some(change.as_ref().into()), Some(predicate), None, None)?
                .into_iter()
                .find_map(|q| match q.object {
                    Term::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                }))
        };
        let status = data
            .quads(
                Some(change.as_ref().into()),
                Some(cg::NEW_STATUS),
                None,
                None,
            )?
            .into_iter()
            .find_map(|q| match q.object {
                Term::NamedNode(n) => Some(n),
                _ => None,
            });
        changes.push(Dated {
            date: text(cg::DATE)?,
            recorded: text(cg::RECORDED_AT)?,
            iri: change,
            status,
        });
    }
    changes.sort();
    changes.dedup();
    Ok(changes)
}

/// What makes `claim`'s `cg:status` the new status of its newest change; nothing for a
/// claim without a history.
pub(crate) fn fix(data: &dyn Quads, claim: NamedNodeRef<'_>) -> Result<Fix> {
    let Some(newest) = history(data, claim)?.pop().and_then(|c| c.status) else {
        return Ok(Fix::default());
    };
    let stated = data.quads(Some(claim.into()), Some(cg::STATUS), None, None)?;
    let right = Term::from(newest.clone());
    let insert = (!stated.iter().any(|q| q.object == right)).then(|| {
        Quad::new(
            claim.into_owned(),
            cg::STATUS.into_owned(),
            newest,
            NamedNode::new_unchecked(EDITS_GRAPH),
        )
    });
    Ok(Fix {
        remove: stated.into_iter().filter(|q| q.object != right).collect(),
        insert,
    })
}

/// The claims with a change recorded in the edits graph.
pub(crate) fn edited_claims(data: &dyn Quads) -> Result<Vec<NamedNode>> {
    changed_in(data, NamedNodeRef::new_unchecked(EDITS_GRAPH))
}

/// The claims with a change recorded in `graph`, sorted.
pub(crate) fn changed_in(data: &dyn Quads, graph: NamedNodeRef<'_>) -> Result<Vec<NamedNode>> {
    let mut claims: Vec<NamedNode> = data
        .quads(
            None,
            Some(cg::STATUS_CHANGE),
            None,
            Some(GraphNameRef::NamedNode(graph)),
        )?
        .into_iter()
        .filter_map(|q| match q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect();
    claims.sort();
    claims.dedup();
    Ok(claims)
}
