//! The claim index: one line per claim, sorted by first-reported date, with everything a
//! report row shows in every language the data has. It is built from the [`Facts`] of all the
//! store's graphs whenever they change, and read front to back by `claimgraph claims`, so a
//! report streams rows without decoding the store, and a first page stops after a few lines.

use crate::facts::{FactView, Facts, Prop, Value};
use crate::vocab::cg;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Texts of one thing in several languages: (text, language).
pub(crate) type Texts = Vec<(String, Option<String>)>;

/// A labelled resource: its IRI and its names by the first naming property that has any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Named {
    /// The IRI.
    pub(crate) iri: String,
    /// Its label in each language.
    pub(crate) labels: Texts,
}

/// A source as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexedSource {
    /// The source IRI.
    pub(crate) iri: String,
    /// Headline (else name, else label) in each language.
    pub(crate) titles: Texts,
    /// The publisher, with its labels.
    pub(crate) publisher: Option<Named>,
    /// The publication date.
    pub(crate) date: Option<String>,
    /// The reliability grade's notation.
    pub(crate) reliability: Option<String>,
}

/// One claim with everything its report row needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexedClaim {
    /// The claim IRI.
    pub(crate) claim: String,
    /// `cg:statement` in each language.
    pub(crate) statements: Texts,
    /// The status IRI.
    pub(crate) status: Option<String>,
    /// The stance IRI.
    pub(crate) stance: Option<String>,
    /// The claimants.
    pub(crate) claimants: Vec<Named>,
    /// The sources.
    pub(crate) sources: Vec<IndexedSource>,
    /// `cg:firstReported`.
    pub(crate) first_reported: Option<String>,
    /// The quote's text in each language: the `oa:exact` of its selector (a quote is an
    /// `oa:SpecificResource` whose `oa:hasSelector` holds it, or the selector itself in data
    /// of the older form), or a literal `cg:quote`.
    pub(crate) quote: Texts,
    /// Its origins (`prov:hadPrimarySource`), sorted.
    #[serde(default)]
    pub(crate) origins: Vec<String>,
    /// What it is about (IRIs).
    pub(crate) about: Vec<String>,
    /// Claims it contradicts, in either direction.
    pub(crate) contradicts: Vec<Contradicted>,
    /// The credibility grade's notation.
    pub(crate) credibility: Option<String>,
    /// Its status changes, oldest first.
    #[serde(default)]
    pub(crate) history: Vec<Change>,
}

impl IndexedClaim {
    /// How many independent origins the claim rests on: its distinct origins, however many
    /// sources repeat each; where none is recorded, each source counts as an origin of its
    /// own (what the source count said before origins were recorded).
    pub(crate) fn independent_origins(&self) -> usize {
        if self.origins.is_empty() {
            self.sources.len()
        } else {
            self.origins.len()
        }
    }
}

/// A claim that another contradicts, with when it was first reported (for as-of reports).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Contradicted {
    /// Its IRI.
    pub(crate) claim: String,
    /// Its `cg:firstReported`.
    pub(crate) first_reported: Option<String>,
}

/// One status change, as far as a report needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Change {
    /// `cg:date`: the day the status holds from.
    pub(crate) date: Option<String>,
    /// `cg:recordedAt`: when it was entered, which orders changes of the same day.
    pub(crate) recorded: Option<String>,
    /// The change's IRI, the last tie-break.
    pub(crate) iri: String,
    /// `cg:newStatus`.
    pub(crate) status: Option<String>,
}

impl IndexedClaim {
    /// The status the claim had at the end of `date`: that of its newest change dated by then;
    /// if none is, that of its first change; a claim without a history has its `cg:status`.
    pub(crate) fn status_on(&self, date: &str) -> Option<&str> {
        let dated = self
            .history
            .iter()
            .rev()
            .find(|change| change.date.as_deref().is_some_and(|d| d <= date));
        match dated.or(self.history.first()) {
            Some(change) => change.status.as_deref(),
            None => self.status.as_deref(),
        }
    }
}

/// Everything the index holds besides the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexHeader {
    /// The statuses the ontology lists in `cg:Unconfirmed`.
    pub(crate) unconfirmed: Vec<String>,
    /// How many claims follow.
    pub(crate) claims: usize,
}

/// Builds the index from the facts of every graph (their union): the header first, then the
/// rows one at a time, sorted by first-reported date then IRI (claims without a date last), so
/// that they can be written out without all being held in memory.
pub(crate) struct IndexBuilder<'a> {
    facts: FactView<'a>,
    /// (first-reported date, claim IRI), in index order.
    claims: Vec<(Option<&'a str>, &'a str)>,
    contradicted_by: HashMap<&'a str, Vec<&'a str>>,
    /// Sources and actors are shared by many claims: each is built once.
    sources: HashMap<&'a str, IndexedSource>,
    actors: HashMap<&'a str, Named>,
}

impl<'a> IndexBuilder<'a> {
    /// Groups the facts of `graphs` and sorts their claims.
    pub(crate) fn new(graphs: impl IntoIterator<Item = &'a Facts>) -> Self {
        let facts = FactView::new(graphs);
        let mut contradicted_by: HashMap<&'a str, Vec<&'a str>> = HashMap::default();
        let mut claims: Vec<&'a str> = Vec::new();
        for (subject, pairs) in facts.subjects() {
            for (prop, value) in pairs {
                match (prop, value) {
                    (Prop::IsClaim, _) => claims.push(subject),
                    (Prop::Contradicts, Value::Iri(other)) => {
                        contradicted_by.entry(*other).or_default().push(subject)
                    }
                    _ => {}
                }
            }
        }
        let mut claims: Vec<(Option<&'a str>, &'a str)> = claims
            .into_iter()
            .map(|claim| {
                let date = facts
                    .values(claim, Prop::FirstReported)
                    .into_iter()
                    .find_map(Value::text)
                    .map(|(text, _)| text);
                (date, claim)
            })
            .collect();
        // Dated claims first (None sorts last here, unlike Option's own order).
        claims.sort_unstable_by(|a, b| (a.0.is_none(), a.0, a.1).cmp(&(b.0.is_none(), b.0, b.1)));
        claims.dedup();
        Self {
            facts,
            claims,
            contradicted_by,
            sources: HashMap::default(),
            actors: HashMap::default(),
        }
    }

    /// What precedes the rows.
    pub(crate) fn header(&self) -> IndexHeader {
        IndexHeader {
            unconfirmed: self
                .facts
                .iris(cg::UNCONFIRMED.as_str(), Prop::Member)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            claims: self.claims.len(),
        }
    }

    /// Calls `write` with each row, in index order.
    pub(crate) fn write_rows<E>(
        mut self,
        mut write: impl FnMut(IndexedClaim) -> Result<(), E>,
    ) -> Result<(), E> {
        let claims = std::mem::take(&mut self.claims);
        for (_, claim) in claims {
            write(self.row(claim))?;
        }
        Ok(())
    }

    fn row(&mut self, claim: &'a str) -> IndexedClaim {
        let facts = &self.facts;
        let mut contradicts: BTreeSet<&str> =
            facts.iris(claim, Prop::Contradicts).into_iter().collect();
        contradicts.extend(self.contradicted_by.get(claim).into_iter().flatten());
        let contradicts = contradicts
            .into_iter()
            .map(|other| Contradicted {
                claim: other.to_owned(),
                first_reported: first_text(facts, other, Prop::FirstReported),
            })
            .collect();
        let mut history: Vec<Change> = facts
            .iris(claim, Prop::StatusChange)
            .into_iter()
            .map(|change| Change {
                date: first_text(facts, change, Prop::Date),
                recorded: first_text(facts, change, Prop::RecordedAt),
                iri: change.to_owned(),
                status: first_iri(facts, change, Prop::NewStatus),
            })
            .collect();
        history.sort();
        let quote = match facts.iris(claim, Prop::Quote).first() {
            Some(node) => match facts.iris(node, Prop::Selector).first() {
                Some(selector) => facts.texts(selector, Prop::Exact),
                None => facts.texts(node, Prop::Exact),
            },
            None => facts.texts(claim, Prop::Quote),
        };
        let mut origins: Vec<String> = facts
            .iris(claim, Prop::Origin)
            .into_iter()
            .map(str::to_owned)
            .collect();
        origins.sort();
        origins.dedup();
        let claimants = facts
            .iris(claim, Prop::Claimant)
            .into_iter()
            .map(|actor| {
                self.actors
                    .entry(actor)
                    .or_insert_with(|| named(facts, actor))
                    .clone()
            })
            .collect();
        let sources = facts
            .iris(claim, Prop::Source)
            .into_iter()
            .map(|source| {
                self.sources
                    .entry(source)
                    .or_insert_with(|| indexed_source(facts, source))
                    .clone()
            })
            .collect();
        IndexedClaim {
            claim: claim.to_owned(),
            statements: facts.texts(claim, Prop::Statement),
            status: first_iri(facts, claim, Prop::Status),
            stance: first_iri(facts, claim, Prop::Stance),
            claimants,
            sources,
            first_reported: first_text(facts, claim, Prop::FirstReported),
            quote,
            origins,
            about: facts
                .iris(claim, Prop::About)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            contradicts,
            credibility: first_iri(facts, claim, Prop::Credibility)
                .map(|grade| notation(facts, &grade)),
            history,
        }
    }
}

fn first_iri(facts: &FactView<'_>, subject: &str, prop: Prop) -> Option<String> {
    facts.iris(subject, prop).first().map(|s| (*s).to_owned())
}

fn first_text(facts: &FactView<'_>, subject: &str, prop: Prop) -> Option<String> {
    facts
        .texts(subject, prop)
        .into_iter()
        .next()
        .map(|(t, _)| t)
}

/// Labels by the first naming property that has any, as [`crate::labels::Labels`] picks them.
fn named(facts: &FactView<'_>, iri: &str) -> Named {
    let labels = [Prop::Label, Prop::PrefLabel, Prop::Headline, Prop::Name]
        .into_iter()
        .map(|prop| facts.texts(iri, prop))
        .find(|texts| !texts.is_empty())
        .unwrap_or_default();
    Named {
        iri: iri.to_owned(),
        labels,
    }
}

fn indexed_source(facts: &FactView<'_>, source: &str) -> IndexedSource {
    IndexedSource {
        iri: source.to_owned(),
        titles: [Prop::Headline, Prop::Name, Prop::Label]
            .into_iter()
            .map(|prop| facts.texts(source, prop))
            .find(|texts| !texts.is_empty())
            .unwrap_or_default(),
        publisher: first_iri(facts, source, Prop::Publisher).map(|p| named(facts, &p)),
        date: first_text(facts, source, Prop::DatePublished),
        reliability: first_iri(facts, source, Prop::Reliability).map(|g| notation(facts, &g)),
    }
}

/// A grade's notation (`B`, `3`), else its local name.
fn notation(facts: &FactView<'_>, grade: &str) -> String {
    first_text(facts, grade, Prop::Notation)
        .unwrap_or_else(|| crate::vocab::local_name(grade).to_owned())
}
