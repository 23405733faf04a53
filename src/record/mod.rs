//! Recording what analysts learn: sources, actors, claims and status changes, written by
//! claimgraph itself instead of by hand in Turtle.
//!
//! Each recording is one write to the store's edits graph (see `store::write`): built as
//! quads, checked against the SHACL shapes together with everything the store holds, and
//! committed whole or not at all. Names of things the store must already know (a claimant, a
//! source, the claim whose status changes) are refused with the closest known name when they
//! are unknown. History is only ever added to: a status change is a node of its own (PROV-O:
//! a `prov:Activity` associated with who decided it, derived from the source it rests on),
//! and the claim's current status follows its newest change.

mod import;
mod ledger;
mod names;
mod update;

pub use import::{Imported, TEMPLATE, import};
pub use ledger::Ledger;
pub use update::{Updated, update};

use crate::error::{Error, Result};
use crate::vocab::{CG, EDITS_GRAPH, cg, local_name, oa, prov, rdfs, schema};
use names::Kind;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::str::FromStr;

/// A text in a language: (text, BCP 47 tag).
pub type Text = (String, String);

/// The kinds of sources, by the names analysts use.
pub const SOURCE_KINDS: &[(&str, &str)] = &[
    ("article", "NewsArticle"),
    ("post", "SocialMediaPost"),
    ("communique", "Communique"),
    ("report", "Source"),
    ("reference", "ReferenceSource"),
];

/// The classes of actors, by the names analysts use.
pub const ACTOR_CLASSES: &[(&str, &str)] = &[
    ("person", "Person"),
    ("armed-group", "ArmedGroup"),
    ("paramilitary-force", "ParamilitaryForce"),
    ("state-armed-force", "StateArmedForce"),
    ("government", "Government"),
    ("international-organisation", "InternationalOrganisation"),
    ("alliance", "Alliance"),
    ("media-outlet", "MediaOutlet"),
    ("analyst-community", "AnalystCommunity"),
    ("ethnic-community", "EthnicCommunity"),
    ("curator", "Curator"),
];

/// A new source.
#[derive(Debug, Clone)]
pub struct NewSource {
    /// Its local name in `id:`; by default `source-<publisher>-<date>`.
    pub id: Option<String>,
    /// One of [`SOURCE_KINDS`].
    pub kind: String,
    /// Its headline or title.
    pub title: Option<Text>,
    /// Who published it (an actor).
    pub publisher: NamedNode,
    /// When (`YYYY-MM-DD`).
    pub published: String,
    /// Its language (`ar`).
    pub language: String,
    /// Its address.
    pub url: Option<NamedNode>,
    /// Another identifier, where it has no address.
    pub identifier: Option<String>,
    /// The Admiralty reliability grade, `A` to `F`.
    pub reliability: Option<char>,
}

/// A new actor.
#[derive(Debug, Clone)]
pub struct NewActor {
    /// Its local name in `id:`; by default derived from its English label.
    pub id: Option<String>,
    /// One of [`ACTOR_CLASSES`].
    pub class: String,
    /// Its names, at least one in English.
    pub labels: Vec<Text>,
}

/// A new claim.
#[derive(Debug, Clone)]
pub struct NewClaim {
    /// Its local name in `id:`; by default `claim-` and the first words of the English
    /// statement.
    pub id: Option<String>,
    /// What it asserts, in English and in the source's language (and others).
    pub statements: Vec<Text>,
    /// Its status.
    pub status: NamedNode,
    /// `cg:affirms` or `cg:denies`.
    pub stance: Option<NamedNode>,
    /// Who asserts it.
    pub claimants: Vec<NamedNode>,
    /// Where it was published; the first is the one its quote and first status rest on.
    pub sources: Vec<NamedNode>,
    /// What it is about: events, actors, places.
    pub about: Vec<NamedNode>,
    /// The evidence sentence, in its language.
    pub quote: Option<Text>,
    /// When it was first reported (`YYYY-MM-DD`).
    pub first_reported: String,
    /// The Admiralty credibility grade, 1 to 6.
    pub credibility: Option<u8>,
    /// Claims it contradicts.
    pub contradicts: Vec<NamedNode>,
    /// Who records it: the agent of its first status.
    pub agent: NamedNode,
}

/// A change of a claim's status.
#[derive(Debug, Clone)]
pub struct NewStatus {
    /// The claim.
    pub claim: NamedNode,
    /// Its new status.
    pub status: NamedNode,
    /// The source the change rests on.
    pub source: NamedNode,
    /// The day the status holds from (`YYYY-MM-DD`).
    pub date: String,
    /// Who decided it.
    pub agent: NamedNode,
    /// Why.
    pub note: Option<Text>,
}

/// What a status change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChanged {
    /// The change's IRI.
    pub change: NamedNode,
    /// The claim's current status after it.
    pub current: NamedNode,
    /// Set when the change is dated before the claim's newest change: it is kept as history,
    /// and the current status is that newer change's: (its date, its status).
    pub superseded_by: Option<(String, NamedNode)>,
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEntry {
    /// The change's IRI.
    pub change: String,
    /// The day the status holds from.
    pub date: Option<String>,
    /// The new status (local name: `confirmed`).
    pub status: Option<String>,
    /// The source it rests on.
    pub source: Option<String>,
    /// Who decided it.
    pub agent: Option<String>,
    /// When it was recorded, if claimgraph recorded it.
    pub recorded: Option<String>,
    /// Why.
    pub note: Option<String>,
    /// True for the change that gives the claim its current status.
    pub current: bool,
}

/// Adds a source to `ledger` (`&mut ClaimStore` or `&Remote`); returns its IRI.
pub fn add_source<'a>(ledger: impl Into<Ledger<'a>>, source: &NewSource) -> Result<NamedNode> {
    let mut ledger = ledger.into();
    names::require(ledger.data(), &source.publisher, Kind::Actor)?;
    let iri = names::fresh(&ledger, &source_id(source)?, "source")?;
    let mut quads = Batch::new();
    source_quads(&mut quads, &iri, source)?;
    ledger.commit(quads.quads, std::slice::from_ref(&iri), &[], &[], &[])?;
    Ok(iri)
}

/// Adds an actor to `ledger` (`&mut ClaimStore` or `&Remote`); returns its IRI.
pub fn add_actor<'a>(ledger: impl Into<Ledger<'a>>, actor: &NewActor) -> Result<NamedNode> {
    let mut ledger = ledger.into();
    let iri = names::fresh(&ledger, &actor_id(actor)?, "actor")?;
    let mut quads = Batch::new();
    actor_quads(&mut quads, &iri, actor)?;
    ledger.commit(quads.quads, std::slice::from_ref(&iri), &[], &[], &[])?;
    Ok(iri)
}

fn source_id(source: &NewSource) -> Result<String> {
    crate::terms::date(&source.published)?;
    Ok(match &source.id {
        Some(id) => id.clone(),
        None => format!(
            "source-{}-{}",
            local_name(source.publisher.as_str()),
            source.published
        ),
    })
}

fn source_quads(quads: &mut Batch, iri: &NamedNode, source: &NewSource) -> Result<()> {
    let class = pick(SOURCE_KINDS, &source.kind, "a kind of source")?;
    crate::terms::date(&source.published)?;
    quads.add(iri, rdf::TYPE.into_owned(), cg_term(class));
    if let Some(title) = &source.title {
        quads.add(iri, schema::HEADLINE.into_owned(), text(title)?);
    }
    quads.add(
        iri,
        schema::PUBLISHER.into_owned(),
        source.publisher.clone(),
    );
    quads.add(
        iri,
        schema::DATE_PUBLISHED.into_owned(),
        date(&source.published),
    );
    quads.add(
        iri,
        schema::IN_LANGUAGE.into_owned(),
        Literal::new_simple_literal(&source.language),
    );
    if let Some(url) = &source.url {
        quads.add(iri, schema::URL.into_owned(), url.clone());
    }
    if let Some(identifier) = &source.identifier {
        quads.add(
            iri,
            schema::IDENTIFIER.into_owned(),
            Literal::new_simple_literal(identifier),
        );
    }
    if let Some(grade) = source.reliability {
        let grade = grade.to_ascii_uppercase();
        if !('A'..='F').contains(&grade) {
            return Err(bad(grade.to_string(), "a reliability grade (A to F)"));
        }
        quads.add(
            iri,
            cg::RELIABILITY.into_owned(),
            cg_term(&format!("reliability{grade}")),
        );
    }
    Ok(())
}

fn actor_id(actor: &NewActor) -> Result<String> {
    if let Some(id) = &actor.id {
        return Ok(id.clone());
    }
    let english = actor
        .labels
        .iter()
        .find(|(_, lang)| lang == "en")
        .ok_or_else(|| bad(String::new(), "an actor with an English label"))?;
    names::slug(&english.0, 5).ok_or_else(|| {
        bad(
            english.0.clone(),
            "a label with a word in Latin letters, or an identifier of its own",
        )
    })
}

fn actor_quads(quads: &mut Batch, iri: &NamedNode, actor: &NewActor) -> Result<()> {
    let class = pick(ACTOR_CLASSES, &actor.class, "a class of actor")?;
    quads.add(iri, rdf::TYPE.into_owned(), cg_term(class));
    for label in &actor.labels {
        quads.add(iri, rdfs::LABEL.into_owned(), text(label)?);
    }
    Ok(())
}

/// Adds a claim to `ledger` (`&mut ClaimStore` or `&Remote`), with its quote and its first
/// status change; returns its IRI.
pub fn add_claim<'a>(ledger: impl Into<Ledger<'a>>, claim: &NewClaim) -> Result<NamedNode> {
    let mut ledger = ledger.into();
    let data = ledger.data();
    for claimant in &claim.claimants {
        names::require(data, claimant, Kind::Actor)?;
    }
    for source in &claim.sources {
        names::require(data, source, Kind::Source)?;
    }
    for about in &claim.about {
        names::require(data, about, Kind::Subject)?;
    }
    for other in &claim.contradicts {
        names::require(data, other, Kind::Claim)?;
    }
    names::require(data, &claim.status, Kind::Status)?;
    names::require(data, &claim.agent, Kind::Actor)?;
    let iri = names::fresh(&ledger, &claim_id(claim)?, "claim")?;
    let mut quads = Batch::new();
    claim_quads(&mut quads, &iri, claim)?;
    let new = std::slice::from_ref(&iri);
    ledger.commit(quads.quads, new, new, new, &claim.contradicts)?;
    Ok(iri)
}

fn claim_id(claim: &NewClaim) -> Result<String> {
    if let Some(id) = &claim.id {
        return Ok(id.clone());
    }
    let english = claim
        .statements
        .iter()
        .find(|(_, lang)| lang == "en")
        .ok_or_else(|| bad(String::new(), "a claim with a statement in English"))?;
    let slug = names::slug(&english.0, 6).ok_or_else(|| {
        bad(
            english.0.clone(),
            "a statement with a word in Latin letters, or an identifier of its own",
        )
    })?;
    Ok(format!("claim-{slug}"))
}

fn claim_quads(quads: &mut Batch, iri: &NamedNode, claim: &NewClaim) -> Result<()> {
    crate::terms::date(&claim.first_reported)?;
    quads.add(iri, rdf::TYPE.into_owned(), cg::CLAIM.into_owned());
    for statement in &claim.statements {
        quads.add(iri, cg::STATEMENT.into_owned(), text(statement)?);
    }
    quads.add(iri, cg::STATUS.into_owned(), claim.status.clone());
    if let Some(stance) = &claim.stance {
        quads.add(iri, cg::STANCE.into_owned(), stance.clone());
    }
    for claimant in &claim.claimants {
        quads.add(iri, prov::WAS_ATTRIBUTED_TO.into_owned(), claimant.clone());
    }
    for source in &claim.sources {
        quads.add(iri, prov::WAS_DERIVED_FROM.into_owned(), source.clone());
    }
    for about in &claim.about {
        quads.add(iri, cg::ABOUT.into_owned(), about.clone());
    }
    quads.add(
        iri,
        cg::FIRST_REPORTED.into_owned(),
        date(&claim.first_reported),
    );
    if let Some(grade) = claim.credibility {
        if !(1..=6).contains(&grade) {
            return Err(bad(grade.to_string(), "a credibility grade (1 to 6)"));
        }
        quads.add(
            iri,
            cg::CREDIBILITY.into_owned(),
            cg_term(&format!("credibility{grade}")),
        );
    }
    for other in &claim.contradicts {
        quads.add(iri, cg::CONTRADICTS.into_owned(), other.clone());
    }
    let first_source = claim.sources.first();
    if let Some(quote) = &claim.quote {
        // Web Annotation: the quote is a part of its source (an oa:SpecificResource) that a
        // oa:TextQuoteSelector picks out by its exact text.
        let resource = NamedNode::new_unchecked(format!("{}-quote", iri.as_str()));
        let selector = NamedNode::new_unchecked(format!("{}-quote-selector", iri.as_str()));
        quads.add(iri, cg::QUOTE.into_owned(), resource.clone());
        quads.add(
            &resource,
            rdf::TYPE.into_owned(),
            oa::SPECIFIC_RESOURCE.into_owned(),
        );
        if let Some(source) = first_source {
            quads.add(&resource, oa::HAS_SOURCE.into_owned(), source.clone());
        }
        quads.add(&resource, oa::HAS_SELECTOR.into_owned(), selector.clone());
        quads.add(
            &selector,
            rdf::TYPE.into_owned(),
            oa::TEXT_QUOTE_SELECTOR.into_owned(),
        );
        quads.add(&selector, oa::EXACT.into_owned(), text(quote)?);
    }
    let change = NamedNode::new_unchecked(format!("{}-status-1", iri.as_str()));
    status_change(
        quads,
        iri,
        &change,
        &claim.status,
        &claim.first_reported,
        &claim.agent,
        first_source,
        None,
    )
}

/// Records a change of a claim's status in `ledger` (`&mut ClaimStore` or `&Remote`): a new
/// node in its history. The current status becomes the new one unless the change is dated
/// before the newest change already there.
pub fn change_status<'a>(
    ledger: impl Into<Ledger<'a>>,
    change: &NewStatus,
) -> Result<StatusChanged> {
    let mut ledger = ledger.into();
    let data = ledger.data();
    names::require(data, &change.claim, Kind::Claim)?;
    names::require(data, &change.status, Kind::Status)?;
    names::require(data, &change.source, Kind::Source)?;
    names::require(data, &change.agent, Kind::Actor)?;
    crate::terms::date(&change.date)?;
    let mut n = 1;
    let node = loop {
        let node = NamedNode::new_unchecked(format!("{}-status-{n}", change.claim.as_str()));
        if !ledger.describes(node.as_ref())? {
            break node;
        }
        n += 1;
    };
    let mut quads = Batch::new();
    status_change(
        &mut quads,
        &change.claim,
        &node,
        &change.status,
        &change.date,
        &change.agent,
        Some(&change.source),
        change.note.as_ref(),
    )?;
    let claim = std::slice::from_ref(&change.claim);
    ledger.commit(quads.quads, std::slice::from_ref(&node), claim, &[], claim)?;
    let history = crate::store::claim_history(ledger.data(), change.claim.as_ref())?;
    let newest = history
        .last()
        .expect("the claim has the change just recorded");
    let current = newest
        .status
        .clone()
        .unwrap_or_else(|| change.status.clone());
    let superseded_by =
        (newest.iri != node).then(|| (newest.date.clone().unwrap_or_default(), current.clone()));
    Ok(StatusChanged {
        change: node,
        current,
        superseded_by,
    })
}

/// The language a source is in (`schema:inLanguage`), where it says.
pub fn source_language(ledger: &Ledger<'_>, source: &NamedNode) -> Result<Option<String>> {
    Ok(ledger
        .data()
        .quads(
            Some(source.as_ref().into()),
            Some(schema::IN_LANGUAGE),
            None,
            None,
        )?
        .into_iter()
        .find_map(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        }))
}

/// A claim's status changes, oldest first.
pub fn history(ledger: &Ledger<'_>, claim: &NamedNode) -> Result<Vec<HistoryEntry>> {
    let data = ledger.data();
    names::require(data, claim, Kind::Claim)?;
    let changes = crate::store::claim_history(data, claim.as_ref())?;
    let object = |subject: &NamedNode, predicate| -> Result<Option<Term>> {
        Ok(data
            .quads(Some(subject.as_ref().into()), Some(predicate), None, None)?
            .into_iter()
            .map(|q| q.object)
            .next())
    };
    let name = |term: Option<Term>| match term {
        Some(Term::NamedNode(n)) => {
            Some(crate::vocab::compact(n.as_str()).unwrap_or(n.into_string()))
        }
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    };
    let last = changes.len().saturating_sub(1);
    changes
        .iter()
        .enumerate()
        .map(|(at, change)| {
            Ok(HistoryEntry {
                change: crate::vocab::compact(change.iri.as_str())
                    .unwrap_or_else(|| change.iri.to_string()),
                date: change.date.clone(),
                status: change
                    .status
                    .as_ref()
                    .map(|s| local_name(s.as_str()).to_owned()),
                // prov:wasDerivedFrom in data written before changes were activities.
                source: name(
                    object(&change.iri, prov::USED)?
                        .or(object(&change.iri, prov::WAS_DERIVED_FROM)?),
                ),
                agent: name(object(&change.iri, prov::WAS_ASSOCIATED_WITH)?),
                recorded: change.recorded.clone(),
                note: name(object(&change.iri, rdfs::COMMENT)?),
                current: at == last,
            })
        })
        .collect()
}

/// Quads to write, all in the edits graph.
struct Batch {
    quads: Vec<Quad>,
    graph: GraphName,
}

impl Batch {
    fn new() -> Self {
        Self {
            quads: Vec::new(),
            graph: NamedNode::new_unchecked(EDITS_GRAPH).into(),
        }
    }

    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            subject.clone(),
            predicate,
            object,
            self.graph.clone(),
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn status_change(
    quads: &mut Batch,
    claim: &NamedNode,
    node: &NamedNode,
    status: &NamedNode,
    day: &str,
    agent: &NamedNode,
    source: Option<&NamedNode>,
    note: Option<&Text>,
) -> Result<()> {
    quads.add(claim, cg::STATUS_CHANGE.into_owned(), node.clone());
    quads.add(node, rdf::TYPE.into_owned(), cg_term("StatusChange"));
    quads.add(node, cg::NEW_STATUS.into_owned(), status.clone());
    quads.add(node, cg::DATE.into_owned(), date(day));
    quads.add(node, cg::RECORDED_AT.into_owned(), now());
    quads.add(node, prov::WAS_ASSOCIATED_WITH.into_owned(), agent.clone());
    // The change is an activity: it used the source, and the agent decided it.
    if let Some(source) = source {
        quads.add(node, prov::USED.into_owned(), source.clone());
    }
    if let Some(note) = note {
        quads.add(node, rdfs::COMMENT.into_owned(), text(note)?);
    }
    Ok(())
}

/// The class `name` stands for in `table` (`armed-group` → `cg:ArmedGroup`).
fn pick<'a>(table: &'a [(&str, &'a str)], name: &str, what: &str) -> Result<&'a str> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, class)| *class)
        .ok_or_else(|| {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            bad(name.into(), &format!("{what} ({})", names.join(", ")))
        })
}

fn bad(value: String, expected: &str) -> Error {
    Error::BadValue {
        value,
        expected: expected.into(),
    }
}

fn cg_term(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{CG}{local}"))
}

fn text((value, lang): &Text) -> Result<Literal> {
    Literal::new_language_tagged_literal(value, lang)
        .map_err(|_| bad(lang.clone(), "a language tag (en, ar, fr …)"))
}

fn date(day: &str) -> Literal {
    Literal::new_typed_literal(day, xsd::DATE)
}

/// This moment, as `xsd:dateTime` in UTC to the second.
fn now() -> Literal {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let stamp = oxsdatatypes::DateTime::from_str("1970-01-01T00:00:00Z")
        .ok()
        .and_then(|epoch| {
            epoch.checked_add_duration(
                oxsdatatypes::Duration::from_str(&format!("PT{seconds}S")).ok()?,
            )
        });
    Literal::new_typed_literal(
        stamp.map_or_else(|| "1970-01-01T00:00:00Z".into(), |s| s.to_string()),
        xsd::DATE_TIME,
    )
}
