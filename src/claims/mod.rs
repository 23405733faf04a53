//! The claim report: the rows analysts act on (which claims are unconfirmed, contested, or rest
//! on one source), oldest first.
//!
//! A generic SPARQL sort over the store decodes every term of every row from RocksDB, which is
//! what makes such a report slow at scale. claimgraph instead keeps the facts a report reads
//! beside the store (`facts`), copied out of each graph as it is written, and an index
//! of rows sorted by first-reported date built from them (`index`, kept as a file by `cache`).
//! A report streams that index and
//! stops as soon as it has the rows it needs. The `unconfirmed-claims` named query answers the
//! same question in SPARQL; the tests hold the two to the same answer.

mod cache;
mod delta;
mod index;

use crate::error::Result;
use crate::facts::Facts;
use crate::labels::pick_language;
use crate::store::ClaimStore;
use crate::vocab::local_name;
use index::{IndexHeader, IndexedClaim, Named, Texts};
use oxigraph::model::NamedNode;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

/// Which claims the report holds.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Only these statuses; `None` for any.
    pub statuses: Option<Vec<NamedNode>>,
    /// Only claims whose status is in `cg:Unconfirmed`.
    pub unconfirmed: bool,
    /// Only claims about this resource.
    pub about: Option<NamedNode>,
    /// Only claims attributed to this actor.
    pub claimant: Option<NamedNode>,
    /// Only claims that contradict another claim.
    pub contested: bool,
    /// Only claims that rest on exactly one source.
    pub single_source: bool,
    /// Only claims that rest on a single origin, however many sources repeat it (the
    /// stronger form of `single_source`).
    pub single_origin: bool,
    /// The report as it stood at the end of this day (`YYYY-MM-DD`): only claims first
    /// reported by then, each with the status it had then, contradicted only by claims
    /// reported by then.
    pub as_of: Option<String>,
    /// Only claims whose status changed after this day (`YYYY-MM-DD`), not counting the change
    /// that gave a claim its first status.
    pub changed_since: Option<String>,
    /// Only claims whose statement (in any language) or evidence quote contains this text,
    /// compared without regard to case.
    pub search: Option<String>,
    /// At most this many rows, the oldest.
    pub limit: Option<usize>,
}

/// Which end of the report a [`page`] counts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Oldest first, as [`report`] gives them.
    #[default]
    OldestFirst,
    /// Newest first.
    NewestFirst,
}

/// One page of the report, and how many rows the whole report has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The rows matching the filter, all pages together.
    pub total: usize,
    /// This page's rows, in the order asked for.
    pub rows: Vec<ClaimRow>,
}

/// One source of a claim, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The source's IRI.
    pub iri: String,
    /// Its headline or title, in the report's language where it has one.
    pub title: Option<String>,
    /// The publisher's label.
    pub publisher: Option<String>,
    /// The publication date, as written (`2026-04-26`).
    pub date: Option<String>,
    /// The Admiralty reliability grade (`A`–`F`), where graded.
    pub reliability: Option<String>,
}

/// One row of the report: a claim with what an analyst needs to judge it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// The claim's IRI.
    pub claim: String,
    /// The claim in the report's language, else English.
    pub statement: Option<String>,
    /// The status concept's local name, e.g. `reported`.
    pub status: Option<String>,
    /// `affirms` or `denies`.
    pub stance: Option<String>,
    /// Who asserts it, by label.
    pub claimants: Vec<String>,
    /// Where it was published.
    pub sources: Vec<SourceRef>,
    /// When it was first reported (`xsd:date`).
    pub first_reported: Option<String>,
    /// The evidence sentence, in the source's language.
    pub quote: Option<String>,
    /// What the claim is about (IRIs).
    pub about: Vec<String>,
    /// The claims it contradicts (IRIs).
    pub contradicts: Vec<String>,
    /// The Admiralty credibility grade (`1`–`6`), where graded.
    pub credibility: Option<String>,
    /// Its origins (`prov:hadPrimarySource`): where the information first came from.
    pub origins: Vec<String>,
    /// How many independent origins it rests on: each origin once, however many outlets
    /// repeat it; where no origin is recorded, each source counts as one.
    pub independent_origins: usize,
}

/// The report: the claims matching `filter`, oldest first (ties by IRI, undated last), with
/// statements and labels in `lang` (else English). Rows are read from the claim index as the
/// caller iterates, so memory stays flat and a limited report stops early.
pub fn report(
    store: &ClaimStore,
    filter: &ClaimFilter,
    lang: &str,
) -> Result<impl Iterator<Item = Result<ClaimRow>> + use<>> {
    Ok(rows_of(cache::current(store)?, filter, lang))
}

/// The report over facts read from elsewhere (a remote store's answer), its index built in
/// memory: the same rows as [`report`] gives on a store holding the same data.
pub(crate) fn report_over(
    facts: &Facts,
    filter: &ClaimFilter,
    lang: &str,
) -> impl Iterator<Item = Result<ClaimRow>> + use<> {
    rows_of(cache::in_memory([facts]), filter, lang)
}

fn rows_of(
    index: cache::ClaimIndex,
    filter: &ClaimFilter,
    lang: &str,
) -> impl Iterator<Item = Result<ClaimRow>> + use<> {
    let lang = lang.to_owned();
    matching(index, filter)
        .take(filter.limit.unwrap_or(usize::MAX))
        .map(move |row| row.map(|row| to_row(row, &lang)))
}

/// The rows `offset..offset + limit` of the report in `order`, and the number of rows in all
/// (`filter.limit` aside), for front ends that page through large reports. The index is held
/// in memory between calls (a server pages through it again and again: reading its file costs
/// a second at 100,000 claims), and only the page's rows are copied out of it.
pub fn page(
    store: &ClaimStore,
    filter: &ClaimFilter,
    lang: &str,
    order: Order,
    offset: usize,
    limit: usize,
) -> Result<Page> {
    let held = cache::held(store)?;
    let accepts = acceptor(filter, &held.header);
    let as_of = filter.as_of.as_deref();
    let end = offset.saturating_add(limit);
    let mut total = 0;
    let mut window: std::collections::VecDeque<Cow<'_, IndexedClaim>> = Default::default();
    for claim in held.rows.iter() {
        let claim = match as_of {
            // Rows come oldest first, undated last: an as-of report stops at the first one
            // after it.
            Some(day) if !reported_by(claim, day) => break,
            Some(day) => Cow::Owned(as_it_stood(claim.clone(), day)),
            None => Cow::Borrowed(claim),
        };
        if !accepts(&claim) {
            continue;
        }
        match order {
            Order::OldestFirst if (offset..end).contains(&total) => window.push_back(claim),
            Order::OldestFirst => {}
            // The newest rows come last: keep the last `offset + limit`, then cut `offset`.
            Order::NewestFirst => {
                window.push_back(claim);
                if window.len() > end {
                    window.pop_front();
                }
            }
        }
        total += 1;
    }
    let rows: Vec<Cow<'_, IndexedClaim>> = match order {
        Order::OldestFirst => window.into(),
        Order::NewestFirst => window.into_iter().rev().skip(offset).take(limit).collect(),
    };
    Ok(Page {
        total,
        rows: rows
            .into_iter()
            .map(|row| to_row(row.into_owned(), lang))
            .collect(),
    })
}

/// The index entries of the claims `filter` accepts (its `limit` aside), oldest first, each
/// as it stood on `filter.as_of` when that is given.
fn matching(
    index: cache::ClaimIndex,
    filter: &ClaimFilter,
) -> impl Iterator<Item = Result<IndexedClaim>> + use<> {
    let cache::ClaimIndex { header, rows } = index;
    let accepts = acceptor(filter, &header);
    let as_of = filter.as_of.clone();
    // Rows come oldest first, undated last: an as-of report stops at the first one after it.
    let reported_by_then = move |row: &Result<IndexedClaim>| match (&as_of, row) {
        (Some(day), Ok(claim)) => reported_by(claim, day),
        _ => true,
    };
    let as_of = filter.as_of.clone();
    rows.take_while(reported_by_then)
        .map(move |row| {
            row.map(|claim| match &as_of {
                Some(day) => as_it_stood(claim, day),
                None => claim,
            })
        })
        .filter(move |row| row.as_ref().map_or(true, &accepts))
}

/// Whether `filter` (its `limit` and `as_of` aside) accepts an index entry.
fn acceptor(filter: &ClaimFilter, header: &IndexHeader) -> impl Fn(&IndexedClaim) -> bool + use<> {
    let mut statuses: Option<HashSet<String>> = filter
        .statuses
        .as_ref()
        .map(|s| s.iter().map(|n| n.as_str().to_owned()).collect());
    if filter.unconfirmed {
        let unconfirmed: HashSet<String> = header.unconfirmed.iter().cloned().collect();
        statuses = Some(match statuses {
            Some(chosen) => chosen.intersection(&unconfirmed).cloned().collect(),
            None => unconfirmed,
        });
    }
    let about = filter.about.as_ref().map(|n| n.as_str().to_owned());
    let claimant = filter.claimant.as_ref().map(|n| n.as_str().to_owned());
    let (contested, single_source) = (filter.contested, filter.single_source);
    let single_origin = filter.single_origin;
    let changed_since = filter.changed_since.clone();
    let search = filter.search.as_deref().map(str::to_lowercase);
    move |claim: &IndexedClaim| {
        statuses
            .as_ref()
            .is_none_or(|statuses| claim.status.as_ref().is_some_and(|s| statuses.contains(s)))
            && about
                .as_ref()
                .is_none_or(|about| claim.about.contains(about))
            && claimant
                .as_ref()
                .is_none_or(|c| claim.claimants.iter().any(|n| n.iri == *c))
            && (!contested || !claim.contradicts.is_empty())
            && (!single_source || claim.sources.len() == 1)
            && (!single_origin || claim.independent_origins() == 1)
            && changed_since.as_deref().is_none_or(|since| {
                claim
                    .history
                    .iter()
                    .skip(1)
                    .any(|change| change.date.as_deref().is_some_and(|d| d > since))
            })
            && search.as_deref().is_none_or(|text| {
                claim
                    .statements
                    .iter()
                    .chain(&claim.quote)
                    .any(|(written, _)| written.to_lowercase().contains(text))
            })
    }
}

/// Whether the claim was first reported by the end of `day`.
fn reported_by(claim: &IndexedClaim, day: &str) -> bool {
    claim
        .first_reported
        .as_deref()
        .is_some_and(|reported| reported <= day)
}

/// A claim as it stood at the end of `day`: its status then, and only the contradicting
/// claims reported by then.
fn as_it_stood(mut claim: IndexedClaim, day: &str) -> IndexedClaim {
    claim.status = claim.status_on(day).map(str::to_owned);
    claim
        .contradicts
        .retain(|other| other.first_reported.as_deref().is_some_and(|r| r <= day));
    claim
}

/// Brings the claim index up to date after an edit that `added` claims and `changed` others,
/// without rebuilding it.
pub(crate) fn update_index(
    store: &ClaimStore,
    added: &[NamedNode],
    changed: &[NamedNode],
) -> Result<()> {
    cache::update(store, added, changed)
}

/// Brings the claim index up to date now (after a load, say, so that the next report starts
/// at once) and returns how many claims it holds.
pub(crate) fn index_claims(store: &ClaimStore) -> Result<usize> {
    Ok(cache::current(store)?.header.claims)
}

fn pick(texts: Texts, lang: &str) -> Option<String> {
    pick_language(texts, lang)
}

fn label(named: Named, lang: &str) -> String {
    pick(named.labels, lang).unwrap_or(named.iri)
}

/// A report row in one language from an index entry that has them all.
fn to_row(claim: IndexedClaim, lang: &str) -> ClaimRow {
    let independent_origins = claim.independent_origins();
    let mut claimants: Vec<String> = claim
        .claimants
        .into_iter()
        .map(|c| label(c, lang))
        .collect();
    claimants.sort();
    claimants.dedup();
    let sources = claim
        .sources
        .into_iter()
        .map(|s| SourceRef {
            iri: s.iri,
            title: pick(s.titles, lang),
            publisher: s.publisher.map(|p| label(p, lang)),
            date: s.date,
            reliability: s.reliability,
        })
        .collect();
    ClaimRow {
        claim: claim.claim,
        statement: pick(claim.statements, lang),
        status: claim.status.as_deref().map(|s| local_name(s).to_owned()),
        stance: claim.stance.as_deref().map(|s| local_name(s).to_owned()),
        claimants,
        sources,
        first_reported: claim.first_reported,
        quote: pick(claim.quote, lang),
        about: claim.about,
        contradicts: claim.contradicts.into_iter().map(|c| c.claim).collect(),
        credibility: claim.credibility,
        origins: claim.origins,
        independent_origins,
    }
}
