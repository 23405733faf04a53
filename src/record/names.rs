//! Names for what analysts record: identifiers derived from what they typed, and the known
//! things an unknown name most likely meant.

use super::Ledger;
use crate::error::{Error, Result};
use crate::store::Quads;
use crate::vocab::{ID, cg, local_name, rdfs, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};

/// Words left out of identifiers: they make them long without telling claims apart.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or", "was", "were", "is",
    "are", "be", "been", "has", "have", "had", "its", "it", "that", "this", "with", "from", "as",
];

/// A readable identifier from English text: `Kidal fell to the FLA` → `kidal-fell-fla`, at
/// most `words` words. `None` when the text has no ASCII word to build one from.
pub(crate) fn slug(text: &str, words: usize) -> Option<String> {
    let lowered = text.to_lowercase();
    let kept: Vec<&str> = lowered
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .take(words)
        .collect();
    (!kept.is_empty()).then(|| kept.join("-"))
}

/// `id:<local>`, refused when the store already describes it.
pub(crate) fn fresh(ledger: &Ledger<'_>, local: &str, what: &str) -> Result<NamedNode> {
    let iri = NamedNode::new(format!("{ID}{local}")).map_err(|source| Error::BadIri {
        value: local.into(),
        source,
    })?;
    if ledger.describes(iri.as_ref())? {
        return Err(Error::Exists {
            what: what.into(),
            iri: iri.as_str().into(),
        });
    }
    Ok(iri)
}

/// The kinds of things a recorded claim names, each with the class its instances have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Actor,
    Source,
    Claim,
    /// What a claim may be about: an event, an actor or a place.
    Subject,
    Status,
}

impl Kind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Source => "source",
            Kind::Claim => "claim",
            Kind::Subject => "event, actor or place",
            Kind::Status => "claim status",
        }
    }

    fn classes(self) -> Vec<NamedNode> {
        let cg = |local: &str| NamedNode::new_unchecked(format!("{}{local}", crate::vocab::CG));
        match self {
            Kind::Actor => vec![cg("Actor")],
            Kind::Source => vec![cg("Source")],
            Kind::Claim => vec![cg::CLAIM.into_owned()],
            Kind::Subject => vec![cg("Event"), cg("Actor"), cg("Place")],
            Kind::Status => Vec::new(),
        }
    }
}

/// Everything that is a `kind` in `data`, as IRIs.
pub(crate) fn known(data: &dyn Quads, kind: Kind) -> Result<Vec<NamedNode>> {
    if kind == Kind::Status {
        let scheme = NamedNode::new_unchecked(format!("{}ClaimStatusScheme", crate::vocab::CG));
        return Ok(data
            .quads(
                None,
                Some(skos::IN_SCHEME),
                Some(scheme.as_ref().into()),
                None,
            )?
            .into_iter()
            .filter_map(|q| named(q.subject))
            .collect());
    }
    let mut classes = kind.classes();
    let mut at = 0;
    while at < classes.len() {
        let sub = data.quads(
            None,
            Some(rdfs::SUB_CLASS_OF),
            Some(classes[at].as_ref().into()),
            None,
        )?;
        for quad in sub {
            if let Some(class) = named(quad.subject)
                && !classes.contains(&class)
            {
                classes.push(class);
            }
        }
        at += 1;
    }
    let mut found = Vec::new();
    for class in &classes {
        for quad in data.quads(None, Some(rdf::TYPE), Some(class.as_ref().into()), None)? {
            found.extend(named(quad.subject));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// True when `iri` is a `kind` in `data`.
pub(crate) fn is(data: &dyn Quads, iri: NamedNodeRef<'_>, kind: Kind) -> Result<bool> {
    if kind == Kind::Status {
        return Ok(known(data, kind)?.iter().any(|s| s.as_ref() == iri));
    }
    let wanted = kind.classes();
    let mut todo: Vec<NamedNode> = data
        .quads(Some(iri.into()), Some(rdf::TYPE), None, None)?
        .into_iter()
        .filter_map(|q| match q.object {
            Term::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect();
    let mut seen = Vec::new();
    while let Some(class) = todo.pop() {
        if wanted.contains(&class) {
            return Ok(true);
        }
        if seen.contains(&class) {
            continue;
        }
        for quad in data.quads(
            Some(class.as_ref().into()),
            Some(rdfs::SUB_CLASS_OF),
            None,
            None,
        )? {
            if let Term::NamedNode(parent) = quad.object {
                todo.push(parent);
            }
        }
        seen.push(class);
    }
    Ok(false)
}

/// Refuses `iri` unless it is a `kind` in `data`, suggesting the closest known one.
pub(crate) fn require(data: &dyn Quads, iri: &NamedNode, kind: Kind) -> Result<()> {
    if is(data, iri.as_ref(), kind)? {
        return Ok(());
    }
    Err(unknown(data, iri.as_str(), kind)?)
}

/// The error for a name that is not a known `kind`, with the closest known one.
pub(crate) fn unknown(data: &dyn Quads, name: &str, kind: Kind) -> Result<Error> {
    let typed = local_name(name);
    let closest = crate::terms::closest_by(
        typed,
        known(data, kind)?,
        |iri| local_name(iri.as_str()),
        0.75,
    )
    .map(|iri| crate::vocab::compact(iri.as_str()).unwrap_or_else(|| iri.to_string()));
    Ok(Error::UnknownEntity {
        name: name.into(),
        kind: kind.noun().into(),
        closest,
    })
}

fn named(node: NamedOrBlankNode) -> Option<NamedNode> {
    match node {
        NamedOrBlankNode::NamedNode(n) => Some(n),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_the_words_that_matter() {
        assert_eq!(
            slug("Kidal fell to the FLA on 26 April", 6).as_deref(),
            Some("kidal-fell-fla-26-april")
        );
        assert_eq!(
            slug("The Malian defence minister, Sadio Camara, was killed.", 6).as_deref(),
            Some("malian-defence-minister-sadio-camara-killed")
        );
        assert_eq!(slug("سقطت كيدال", 6), None);
    }
}
