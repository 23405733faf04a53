//! The claim report: the rows analysts act on (which claims are unconfirmed, contested, or rest
//! on one source), oldest first.
//!
//! It reads the store's indexes directly instead of running a generic SPARQL sort: claims are
//! visited in the order of the `cg:firstReported` index, and each row is filled from one scan
//! of the claim's own triples. The `unconfirmed-claims` named query answers the same question
//! in SPARQL; a test holds the two to the same answer.

use crate::error::Result;
use crate::labels::{Labels, pick_language};
use crate::store::ClaimStore;
use crate::vocab::{cg, oa, prov, rdfs, schema, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
    /// At most this many rows, the oldest.
    pub limit: Option<usize>,
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
}

/// The claims matching `filter`, oldest first (ties by IRI); claims without a first-reported
/// date come last. Only the claim IRIs are held; rows are built as the caller iterates.
pub fn matching_claims(store: &ClaimStore, filter: &ClaimFilter) -> Result<Vec<NamedNode>> {
    let checker = Checker::new(store.store(), filter)?;
    let store = store.store();
    let narrow = filter
        .about
        .as_ref()
        .map(|about| (cg::ABOUT, about))
        .or(filter
            .claimant
            .as_ref()
            .map(|c| (prov::WAS_ATTRIBUTED_TO, c)));
    let mut keyed: Vec<(Option<String>, NamedNode)> = Vec::new();
    if let Some((property, value)) = narrow {
        // A selective filter: start from its few claims and sort them.
        let mut seen = HashSet::new();
        for quad in store.quads_for_pattern(None, Some(property), Some(value.as_ref().into()), None)
        {
            if let NamedOrBlankNode::NamedNode(claim) = quad?.subject {
                if seen.insert(claim.clone()) && checker.accepts(&claim)? {
                    keyed.push((first_reported(store, &claim)?, claim));
                }
            }
        }
        keyed.sort_by(compare_keys);
        keyed.truncate(filter.limit.unwrap_or(usize::MAX));
        return Ok(keyed.into_iter().map(|(_, claim)| claim).collect());
    }

    // Walk the date index. It yields dates in order for each run of graphs it covers; while it
    // stays in order, a limited report can stop as soon as the last date it needs is complete.
    let limit = filter.limit.unwrap_or(usize::MAX);
    let mut in_order = true;
    let mut previous: Option<String> = None;
    let mut dated = HashSet::new();
    for quad in store.quads_for_pattern(None, Some(cg::FIRST_REPORTED), None, None) {
        let quad = quad?;
        let (NamedOrBlankNode::NamedNode(claim), Term::Literal(date)) = (quad.subject, quad.object)
        else {
            continue;
        };
        let date = date.value().to_owned();
        if previous.as_ref().is_some_and(|p| *p > date) {
            in_order = false;
        }
        if in_order
            && keyed.len() >= limit
            && keyed.last().and_then(|k| k.0.as_ref()) != Some(&date)
        {
            break;
        }
        previous = Some(date.clone());
        if dated.insert(claim.clone()) && checker.accepts(&claim)? {
            keyed.push((Some(date), claim));
        }
    }
    if keyed.len() < limit {
        for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(cg::CLAIM.into()), None) {
            if let NamedOrBlankNode::NamedNode(claim) = quad?.subject {
                if !dated.contains(&claim) && checker.accepts(&claim)? {
                    dated.insert(claim.clone());
                    keyed.push((None, claim));
                }
            }
        }
    }
    keyed.sort_by(compare_keys);
    keyed.truncate(limit);
    Ok(keyed.into_iter().map(|(_, claim)| claim).collect())
}

fn compare_keys(
    a: &(Option<String>, NamedNode),
    b: &(Option<String>, NamedNode),
) -> std::cmp::Ordering {
    // `None` (no date) sorts last, unlike Option's own order.
    match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.1.as_str().cmp(b.1.as_str()))
}

fn first_reported(store: &Store, claim: &NamedNode) -> Result<Option<String>> {
    for quad in store.quads_for_pattern(
        Some(claim.as_ref().into()),
        Some(cg::FIRST_REPORTED),
        None,
        None,
    ) {
        if let Term::Literal(date) = quad?.object {
            return Ok(Some(date.value().to_owned()));
        }
    }
    Ok(None)
}

/// Decides, with point lookups, whether one claim passes the filter.
struct Checker<'a> {
    store: &'a Store,
    statuses: Option<HashSet<NamedNode>>,
    filter: &'a ClaimFilter,
}

impl<'a> Checker<'a> {
    fn new(store: &'a Store, filter: &'a ClaimFilter) -> Result<Self> {
        let mut statuses: Option<HashSet<NamedNode>> = filter
            .statuses
            .as_ref()
            .map(|s| s.iter().cloned().collect());
        if filter.unconfirmed {
            let unconfirmed = unconfirmed_statuses(store)?;
            statuses = Some(match statuses {
                Some(chosen) => chosen.intersection(&unconfirmed).cloned().collect(),
                None => unconfirmed,
            });
        }
        Ok(Self {
            store,
            statuses,
            filter,
        })
    }

    fn objects(&self, subject: &NamedNode, property: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        self.store
            .quads_for_pattern(Some(subject.as_ref().into()), Some(property), None, None)
            .map(|quad| Ok(quad?.object))
            .collect()
    }

    fn accepts(&self, claim: &NamedNode) -> Result<bool> {
        if let Some(statuses) = &self.statuses {
            let status = self.objects(claim, cg::STATUS)?;
            if !status
                .iter()
                .any(|s| matches!(s, Term::NamedNode(s) if statuses.contains(s)))
            {
                return Ok(false);
            }
        }
        if let Some(about) = &self.filter.about {
            if !self
                .objects(claim, cg::ABOUT)?
                .contains(&about.clone().into())
            {
                return Ok(false);
            }
        }
        if let Some(claimant) = &self.filter.claimant {
            if !self
                .objects(claim, prov::WAS_ATTRIBUTED_TO)?
                .contains(&claimant.clone().into())
            {
                return Ok(false);
            }
        }
        if self.filter.single_source {
            let mut sources = self.objects(claim, prov::WAS_DERIVED_FROM)?;
            sources.dedup();
            if sources.len() != 1 {
                return Ok(false);
            }
        }
        if self.filter.contested && contradictions(self.store, claim)?.is_empty() {
            return Ok(false);
        }
        Ok(true)
    }
}

/// The statuses that count as unconfirmed: the members of the `cg:Unconfirmed` collection, so
/// that the rule lives in the ontology rather than in code.
pub fn unconfirmed_statuses(store: &Store) -> Result<HashSet<NamedNode>> {
    store
        .quads_for_pattern(Some(cg::UNCONFIRMED.into()), Some(skos::MEMBER), None, None)
        .filter_map(|quad| match quad {
            Ok(quad) => match quad.object {
                Term::NamedNode(status) => Some(Ok(status)),
                _ => None,
            },
            Err(e) => Some(Err(e.into())),
        })
        .collect()
}

/// The claims `claim` contradicts, in either direction of `cg:contradicts`, sorted.
fn contradictions(store: &Store, claim: &NamedNode) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for quad in store.quads_for_pattern(
        Some(claim.as_ref().into()),
        Some(cg::CONTRADICTS),
        None,
        None,
    ) {
        if let Term::NamedNode(other) = quad?.object {
            found.push(other.into_string());
        }
    }
    for quad in store.quads_for_pattern(
        None,
        Some(cg::CONTRADICTS),
        Some(claim.as_ref().into()),
        None,
    ) {
        if let NamedOrBlankNode::NamedNode(other) = quad?.subject {
            found.push(other.into_string());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Builds report rows, caching what many claims share (sources, claimants).
pub struct RowBuilder<'a> {
    store: &'a Store,
    lang: String,
    labels: Labels<'a>,
    sources: HashMap<NamedNode, SourceRef>,
}

impl<'a> RowBuilder<'a> {
    /// Rows with statements, titles and labels in `lang` where the data has them.
    pub fn new(store: &'a ClaimStore, lang: &str) -> Self {
        Self {
            store: store.store(),
            lang: lang.to_owned(),
            labels: Labels::new(store.store(), lang),
            sources: HashMap::new(),
        }
    }

    /// The row of one claim, from one scan of its triples.
    pub fn row(&mut self, claim: &NamedNode) -> Result<ClaimRow> {
        let mut statements = Vec::new();
        let mut row = ClaimRow {
            claim: claim.as_str().to_owned(),
            statement: None,
            status: None,
            stance: None,
            claimants: Vec::new(),
            sources: Vec::new(),
            first_reported: None,
            quote: None,
            about: Vec::new(),
            contradicts: contradictions(self.store, claim)?,
            credibility: None,
        };
        let mut quotes = Vec::new();
        for quad in self
            .store
            .quads_for_pattern(Some(claim.as_ref().into()), None, None, None)
        {
            let quad = quad?;
            let property = quad.predicate.as_ref();
            match (quad.object, property) {
                (Term::Literal(text), p) if p == cg::STATEMENT => {
                    let (value, _, lang) = text.destruct();
                    statements.push((value, lang));
                }
                (Term::Literal(date), p) if p == cg::FIRST_REPORTED => {
                    row.first_reported = Some(date.value().to_owned());
                }
                (Term::NamedNode(status), p) if p == cg::STATUS => {
                    row.status = Some(local_name(&status));
                }
                (Term::NamedNode(stance), p) if p == cg::STANCE => {
                    row.stance = Some(local_name(&stance));
                }
                (Term::NamedNode(grade), p) if p == cg::CREDIBILITY => {
                    row.credibility = Some(self.notation(&grade)?);
                }
                (Term::NamedNode(actor), p) if p == prov::WAS_ATTRIBUTED_TO => {
                    let label = self
                        .labels
                        .label(actor.as_ref())
                        .unwrap_or_else(|| actor.as_str().to_owned());
                    row.claimants.push(label);
                }
                (Term::NamedNode(source), p) if p == prov::WAS_DERIVED_FROM => {
                    row.sources.push(self.source(&source)?);
                }
                (Term::NamedNode(subject), p) if p == cg::ABOUT => {
                    row.about.push(subject.into_string());
                }
                (Term::NamedNode(quote), p) if p == cg::QUOTE => {
                    quotes.push(quote);
                }
                (Term::Literal(quote), p) if p == cg::QUOTE => {
                    row.quote = Some(quote.value().to_owned());
                }
                _ => {}
            }
        }
        row.statement = pick_language(statements, &self.lang);
        if row.quote.is_none() {
            if let Some(quote) = quotes.first() {
                row.quote = self.labels.best_literal(quote.as_ref(), oa::EXACT);
            }
        }
        row.claimants.sort();
        row.claimants.dedup();
        row.sources.sort_by(|a, b| a.iri.cmp(&b.iri));
        row.sources.dedup();
        row.about.sort();
        row.about.dedup();
        Ok(row)
    }

    fn source(&mut self, source: &NamedNode) -> Result<SourceRef> {
        if let Some(cached) = self.sources.get(source) {
            return Ok(cached.clone());
        }
        let subject = source.as_ref();
        let title = self
            .labels
            .best_literal(subject, schema::HEADLINE)
            .or_else(|| self.labels.best_literal(subject, schema::NAME))
            .or_else(|| self.labels.best_literal(subject, rdfs::LABEL));
        let mut publisher = None;
        let mut date = None;
        let mut reliability = None;
        for quad in self
            .store
            .quads_for_pattern(Some(subject.into()), None, None, None)
        {
            let quad = quad?;
            match (quad.object, quad.predicate.as_ref()) {
                (Term::NamedNode(p), pred) if pred == schema::PUBLISHER => {
                    publisher = Some(self.labels.label(p.as_ref()).unwrap_or(p.into_string()));
                }
                (Term::Literal(d), pred) if pred == schema::DATE_PUBLISHED => {
                    date = Some(d.value().to_owned());
                }
                (Term::NamedNode(grade), pred) if pred == cg::RELIABILITY => {
                    reliability = Some(self.notation(&grade)?);
                }
                _ => {}
            }
        }
        let found = SourceRef {
            iri: source.as_str().to_owned(),
            title,
            publisher,
            date,
            reliability,
        };
        self.sources.insert(source.clone(), found.clone());
        Ok(found)
    }

    /// A grade's notation (`B`, `3`), else its local name.
    fn notation(&mut self, grade: &NamedNode) -> Result<String> {
        Ok(self
            .labels
            .best_literal(grade.as_ref(), skos::NOTATION)
            .unwrap_or_else(|| local_name(grade)))
    }
}

/// The part of an IRI after its last `#` or `/`: `cg:reported` → `reported`.
pub fn local_name(iri: &NamedNode) -> String {
    let iri = iri.as_str();
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        assert_eq!(
            local_name(&NamedNode::new_unchecked(
                "https://w3id.org/claimgraph/ontology#reported"
            )),
            "reported"
        );
    }
}
