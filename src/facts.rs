//! The facts a claim report reads, pulled out of RDF as it streams past.
//!
//! The store keeps them beside each graph (it extracts them on every write, so they cannot
//! fall behind the data), and the claim index in [`crate::claims`] is built from them.
//!
//! Reading a report from the store one quad pattern at a time costs a RocksDB lookup for every
//! term decoded, about sixty per claim. Instead, when a graph is loaded, the few predicates a
//! report needs (statements, status, sources, labels, ...) are copied out of the parser's
//! stream into a [`Facts`] table kept beside the store. The same extraction runs over a graph
//! already in the store when its table is missing, so every graph is covered either way.

use crate::vocab::{cg, oa, prov, rdfs, schema, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNodeRef, QuadRef, TermRef};
use rustc_hash::FxHashMap;

/// A predicate a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub(crate) enum Prop {
    /// `rdf:type cg:Claim` (other types are not recorded).
    IsClaim,
    /// `cg:statement`
    Statement,
    /// `cg:status`
    Status,
    /// `cg:stance`
    Stance,
    /// `prov:wasAttributedTo`
    Claimant,
    /// `prov:wasDerivedFrom`
    Source,
    /// `cg:firstReported`
    FirstReported,
    /// `cg:quote`
    Quote,
    /// `cg:about`
    About,
    /// `cg:contradicts`
    Contradicts,
    /// `cg:credibility`
    Credibility,
    /// `oa:exact`
    Exact,
    /// `rdfs:label`
    Label,
    /// `skos:prefLabel`
    PrefLabel,
    /// `schema:headline`
    Headline,
    /// `schema:name`
    Name,
    /// `skos:notation`
    Notation,
    /// `schema:publisher`
    Publisher,
    /// `schema:datePublished`
    DatePublished,
    /// `cg:reliability`
    Reliability,
    /// `skos:member`
    Member,
    /// `cg:statusChange`
    StatusChange,
    /// `cg:newStatus`
    NewStatus,
    /// `cg:date` (of a status change, or of an event)
    Date,
    /// `cg:recordedAt`
    RecordedAt,
    /// `oa:hasSelector` (of a quote's `oa:SpecificResource`)
    Selector,
    /// `prov:hadPrimarySource`: a claim's origin
    Origin,
}

/// Every [`Prop`], in the order of their `u8` codes.
const PROPS: [Prop; 27] = [
    Prop::IsClaim,
    Prop::Statement,
    Prop::Status,
    Prop::Stance,
    Prop::Claimant,
    Prop::Source,
    Prop::FirstReported,
    Prop::Quote,
    Prop::About,
    Prop::Contradicts,
    Prop::Credibility,
    Prop::Exact,
    Prop::Label,
    Prop::PrefLabel,
    Prop::Headline,
    Prop::Name,
    Prop::Notation,
    Prop::Publisher,
    Prop::DatePublished,
    Prop::Reliability,
    Prop::Member,
    Prop::StatusChange,
    Prop::NewStatus,
    Prop::Date,
    Prop::RecordedAt,
    Prop::Selector,
    Prop::Origin,
];

/// The predicates a report reads, but `rdf:type` (of which only `cg:Claim` counts).
const PREDICATES: [(&str, Prop); 26] = [
    (cg::STATEMENT.as_str(), Prop::Statement),
    (cg::STATUS.as_str(), Prop::Status),
    (cg::STANCE.as_str(), Prop::Stance),
    (prov::WAS_ATTRIBUTED_TO.as_str(), Prop::Claimant),
    (prov::WAS_DERIVED_FROM.as_str(), Prop::Source),
    (cg::FIRST_REPORTED.as_str(), Prop::FirstReported),
    (cg::QUOTE.as_str(), Prop::Quote),
    (cg::ABOUT.as_str(), Prop::About),
    (cg::CONTRADICTS.as_str(), Prop::Contradicts),
    (cg::CREDIBILITY.as_str(), Prop::Credibility),
    (oa::EXACT.as_str(), Prop::Exact),
    (rdfs::LABEL.as_str(), Prop::Label),
    (skos::PREF_LABEL.as_str(), Prop::PrefLabel),
    (schema::HEADLINE.as_str(), Prop::Headline),
    (schema::NAME.as_str(), Prop::Name),
    (skos::NOTATION.as_str(), Prop::Notation),
    (schema::PUBLISHER.as_str(), Prop::Publisher),
    (schema::DATE_PUBLISHED.as_str(), Prop::DatePublished),
    (cg::RELIABILITY.as_str(), Prop::Reliability),
    (skos::MEMBER.as_str(), Prop::Member),
    (cg::STATUS_CHANGE.as_str(), Prop::StatusChange),
    (cg::NEW_STATUS.as_str(), Prop::NewStatus),
    (cg::DATE.as_str(), Prop::Date),
    (cg::RECORDED_AT.as_str(), Prop::RecordedAt),
    (oa::HAS_SELECTOR.as_str(), Prop::Selector),
    (prov::HAD_PRIMARY_SOURCE.as_str(), Prop::Origin),
];

/// The IRIs of the predicates a report reads besides `rdf:type`: what a remote store is asked
/// for to build a report. Those of the claims' status histories (a good quarter of the whole)
/// only when `history` is set: only a report as of a day, or of changes since one, reads them.
pub(crate) fn predicates(history: bool) -> impl Iterator<Item = &'static str> {
    PREDICATES
        .iter()
        .filter(move |(_, prop)| {
            history
                || !matches!(
                    prop,
                    Prop::StatusChange | Prop::NewStatus | Prop::Date | Prop::RecordedAt
                )
        })
        .map(|(iri, _)| *iri)
}

impl Prop {
    fn from_u8(code: u8) -> Option<Prop> {
        PROPS.get(usize::from(code)).copied()
    }

    fn of(predicate: &str) -> Option<Prop> {
        if predicate == rdf::TYPE.as_str() {
            return Some(Prop::IsClaim);
        }
        // The common case, a predicate no report reads, is settled by the first check.
        PREDICATES
            .iter()
            .find(|(iri, _)| *iri == predicate)
            .map(|(_, prop)| *prop)
    }
}

/// An object as the report reads it: an IRI, or a literal's text and language tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Value<'a> {
    /// An IRI.
    Iri(&'a str),
    /// A literal: its lexical form and language tag (none for typed literals).
    Text(&'a str, Option<&'a str>),
}

impl<'a> Value<'a> {
    /// The IRI, if this is one.
    pub(crate) fn iri(self) -> Option<&'a str> {
        match self {
            Value::Iri(iri) => Some(iri),
            Value::Text(..) => None,
        }
    }

    /// The literal's text and language, if this is a literal.
    pub(crate) fn text(self) -> Option<(&'a str, Option<&'a str>)> {
        match self {
            Value::Text(text, lang) => Some((text, lang)),
            Value::Iri(_) => None,
        }
    }
}

/// Marks the start of a facts file, and its layout version: files of an older layout read as
/// missing, so their graphs' facts are extracted again.
const MAGIC: &[u8; 8] = b"CGFACTS3";
const SAME_SUBJECT: u8 = 1;
/// The record takes back an earlier one of the same log (the quad was removed).
const REMOVED: u8 = 2;
const IRI: u8 = 0;
const PLAIN: u8 = 1;
const TAGGED: u8 = 2;

/// What one graph says that a report reads, as a compact log of (subject, predicate, object)
/// records: appending costs a few byte copies per quad, with no allocation, so extracting facts
/// does not slow a load down; [`FactView`] reads them back without copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    log: Vec<u8>,
    /// Where the last record's subject is in `log`, to write a repeated subject as one flag.
    last_subject: Option<(usize, usize)>,
}

impl Default for Facts {
    fn default() -> Self {
        Self {
            log: MAGIC.to_vec(),
            last_subject: None,
        }
    }
}

impl Facts {
    /// Records `quad` if a report reads its predicate; blank-node subjects are skipped, as no
    /// report row starts from one.
    pub(crate) fn observe(&mut self, quad: QuadRef<'_>) {
        self.record(quad, 0);
    }

    /// Records that `quad` was removed from the graph: it no longer counts, unless it is
    /// observed again later.
    pub(crate) fn observe_removed(&mut self, quad: QuadRef<'_>) {
        self.record(quad, REMOVED);
    }

    fn record(&mut self, quad: QuadRef<'_>, flags: u8) {
        let Some(prop) = Prop::of(quad.predicate.as_str()) else {
            return;
        };
        let NamedOrBlankNodeRef::NamedNode(subject) = quad.subject else {
            return;
        };
        let (kind, value, lang) = match quad.object {
            TermRef::NamedNode(iri) if prop == Prop::IsClaim => {
                if iri != cg::CLAIM {
                    return;
                }
                (IRI, "", None)
            }
            TermRef::NamedNode(iri) => (IRI, iri.as_str(), None),
            TermRef::Literal(literal) if prop != Prop::IsClaim => match literal.language() {
                Some(lang) => (TAGGED, literal.value(), Some(lang)),
                None => (PLAIN, literal.value(), None),
            },
            _ => return,
        };
        let subject = subject.as_str().as_bytes();
        let same = self
            .last_subject
            .is_some_and(|(start, end)| &self.log[start..end] == subject);
        self.log.push(flags | if same { SAME_SUBJECT } else { 0 });
        self.log.push(prop as u8);
        if !same {
            let start = self.log.len() + 4;
            self.push_str(subject);
            self.last_subject = Some((start, start + subject.len()));
        }
        self.log.push(kind);
        self.push_str(value.as_bytes());
        if let Some(lang) = lang {
            self.push_str(lang.as_bytes());
        }
    }

    fn push_str(&mut self, bytes: &[u8]) {
        let len = u32::try_from(bytes.len()).expect("an RDF term shorter than 4 GiB");
        self.log.extend_from_slice(&len.to_le_bytes());
        self.log.extend_from_slice(bytes);
    }

    /// Adds everything `other` knows.
    pub(crate) fn merge(&mut self, other: Facts) {
        if self.is_empty() {
            *self = other;
            return;
        }
        // `other` starts with a full subject, so its records read the same after ours.
        let offset = self.log.len() - MAGIC.len();
        self.log.extend_from_slice(&other.log[MAGIC.len()..]);
        self.last_subject = other
            .last_subject
            .map(|(start, end)| (start + offset, end + offset));
    }

    /// The subjects of the records of `prop` (not taken back), each once.
    pub(crate) fn subjects_with(&self, prop: Prop) -> Vec<String> {
        let mut subjects: Vec<String> = Vec::new();
        for record in Records::new(&self.log).map_while(|r| r) {
            if record.prop == prop
                && !record.removed
                && subjects.last().map(String::as_str) != Some(record.subject)
            {
                subjects.push(record.subject.to_owned());
            }
        }
        subjects.sort();
        subjects.dedup();
        subjects
    }

    /// True when nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.log.len() == MAGIC.len()
    }

    /// The bytes to store.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.log
    }

    /// The records alone, to append to a stored log: stored bytes followed by these read as
    /// the [`Facts::merge`] of the two.
    pub(crate) fn records_bytes(&self) -> &[u8] {
        &self.log[MAGIC.len()..]
    }

    /// Facts read back from [`Facts::as_bytes`]; `None` when the bytes are not a facts log
    /// this version wrote (or were cut short).
    pub(crate) fn from_bytes(log: Vec<u8>) -> Option<Self> {
        if !log.starts_with(MAGIC) {
            return None;
        }
        let facts = Self {
            log,
            last_subject: None,
        };
        for record in Records::new(&facts.log) {
            record?;
        }
        Some(facts)
    }
}

/// Reads the records of a log.
#[derive(Clone)]
struct Records<'a> {
    log: &'a [u8],
    at: usize,
    subject: &'a str,
}

impl<'a> Records<'a> {
    fn new(log: &'a [u8]) -> Self {
        Self {
            log,
            at: MAGIC.len(),
            subject: "",
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.log.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = u32::from_le_bytes(self.log.get(self.at..self.at + 4)?.try_into().ok()?);
        let start = self.at + 4;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        self.at = end;
        std::str::from_utf8(self.log.get(start..end)?).ok()
    }

    fn record(&mut self) -> Option<Record<'a>> {
        let flags = self.byte()?;
        let prop = Prop::from_u8(self.byte()?)?;
        if flags & SAME_SUBJECT == 0 {
            self.subject = self.str()?;
        }
        let value = match self.byte()? {
            IRI => Value::Iri(self.str()?),
            PLAIN => Value::Text(self.str()?, None),
            TAGGED => {
                let text = self.str()?;
                Value::Text(text, Some(self.str()?))
            }
            _ => return None,
        };
        Some(Record {
            subject: self.subject,
            prop,
            value,
            removed: flags & REMOVED != 0,
        })
    }
}

/// One record of a log.
#[derive(Clone, Copy)]
struct Record<'a> {
    subject: &'a str,
    prop: Prop,
    value: Value<'a>,
    removed: bool,
}

impl<'a> Iterator for Records<'a> {
    /// A record, or `None` inside when the log is damaged.
    type Item = Option<Record<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.log.len() {
            return None;
        }
        let record = self.record();
        if record.is_none() {
            self.at = self.log.len();
        }
        Some(record)
    }
}

/// The facts of several graphs, grouped by subject, borrowing their text.
pub(crate) struct FactView<'a> {
    subjects: FxHashMap<&'a str, Vec<(Prop, Value<'a>)>>,
}

impl<'a> FactView<'a> {
    /// Groups the records of `facts` (their union) by subject. Within one log, a removal
    /// takes back the same record written before it.
    pub(crate) fn new(facts: impl IntoIterator<Item = &'a Facts>) -> Self {
        let mut subjects: FxHashMap<&'a str, Vec<(Prop, Value<'a>)>> = FxHashMap::default();
        for log in facts {
            let records = Records::new(&log.log).map_while(|r| r);
            // Removals are rare: find them first, then skip what they take back.
            let mut removed: FxHashMap<(&'a str, Prop, Value<'a>), usize> = FxHashMap::default();
            for (at, record) in records.clone().enumerate() {
                if record.removed {
                    removed.insert((record.subject, record.prop, record.value), at);
                }
            }
            for (at, record) in records.enumerate() {
                let key = (record.subject, record.prop, record.value);
                if record.removed || removed.get(&key).is_some_and(|&gone| gone > at) {
                    continue;
                }
                subjects
                    .entry(record.subject)
                    .or_default()
                    .push((record.prop, record.value));
            }
        }
        Self { subjects }
    }

    /// The subjects recorded, with their facts.
    pub(crate) fn subjects(&self) -> impl Iterator<Item = (&'a str, &[(Prop, Value<'a>)])> {
        self.subjects.iter().map(|(s, f)| (*s, f.as_slice()))
    }

    /// The values of `prop` for `subject`, sorted and without repeats.
    pub(crate) fn values(&self, subject: &str, prop: Prop) -> Vec<Value<'a>> {
        let mut values: Vec<Value<'a>> = self
            .subjects
            .get(subject)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|(p, _)| *p == prop)
            .map(|(_, v)| *v)
            .collect();
        values.sort_unstable();
        values.dedup();
        values
    }

    /// The IRIs among the values of `prop` for `subject`, sorted.
    pub(crate) fn iris(&self, subject: &str, prop: Prop) -> Vec<&'a str> {
        self.values(subject, prop)
            .into_iter()
            .filter_map(Value::iri)
            .collect()
    }

    /// The literals among the values of `prop` for `subject`, as (text, language), sorted.
    pub(crate) fn texts(&self, subject: &str, prop: Prop) -> Vec<(String, Option<String>)> {
        self.values(subject, prop)
            .into_iter()
            .filter_map(Value::text)
            .map(|(t, l)| (t.to_owned(), l.map(str::to_owned)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    fn facts_of(turtle: &str) -> Facts {
        let mut facts = Facts::default();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle) {
            facts.observe(quad.unwrap().as_ref());
        }
        facts
    }

    #[test]
    fn keeps_only_what_reports_read() {
        let facts = facts_of(
            r#"
            @prefix cg: <https://w3id.org/claimgraph/ontology#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <urn:c> a cg:Claim , cg:Other ; cg:status cg:reported ;
                cg:statement "x"@en ; <urn:unread> "y" .
            _:b rdfs:label "blank" .
        "#,
        );
        let all = [facts];
        let view = FactView::new(&all);
        assert_eq!(
            view.iris("urn:c", Prop::Status),
            ["https://w3id.org/claimgraph/ontology#reported"]
        );
        assert_eq!(view.values("urn:c", Prop::IsClaim).len(), 1);
        assert_eq!(
            view.texts("urn:c", Prop::Statement),
            [("x".to_owned(), Some("en".to_owned()))]
        );
        assert_eq!(view.subjects().count(), 1);
    }

    #[test]
    fn a_removal_takes_back_what_came_before_it_in_its_own_log() {
        let status = |s: &str| {
            format!(
                "<urn:c> <https://w3id.org/claimgraph/ontology#status> <https://w3id.org/claimgraph/ontology#{s}> ."
            )
        };
        let parse = |text: &str| {
            RdfParser::from_format(RdfFormat::Turtle)
                .for_slice(text)
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        };
        let mut file = facts_of(&status("reported"));
        let mut edits = Facts::default();
        file.observe_removed(parse(&status("reported"))[0].as_ref());
        edits.observe(parse(&status("confirmed"))[0].as_ref());
        let both = [file.clone(), edits];
        let statuses = FactView::new(&both).iris("urn:c", Prop::Status);
        assert_eq!(statuses, ["https://w3id.org/claimgraph/ontology#confirmed"]);
        // Observed again after the removal, it counts again.
        file.observe(parse(&status("reported"))[0].as_ref());
        let stored = Facts::from_bytes(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            FactView::new([&stored]).iris("urn:c", Prop::Status).len(),
            1
        );
    }

    #[test]
    fn merged_and_stored_logs_read_back() {
        let mut a =
            facts_of("<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\"@en , \"أ\"@ar .");
        let b = facts_of(
            "<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> \"A2\" . <urn:b> <http://www.w3.org/2000/01/rdf-schema#label> \"B\" .",
        );
        a.merge(b);
        let stored = Facts::from_bytes(a.as_bytes().to_vec()).unwrap();
        let all = [stored];
        let view = FactView::new(&all);
        assert_eq!(view.texts("urn:a", Prop::Label).len(), 3);
        assert_eq!(view.texts("urn:b", Prop::Label), [("B".to_owned(), None)]);
        assert!(Facts::from_bytes(b"not facts".to_vec()).is_none());
        let mut cut = a.as_bytes().to_vec();
        cut.truncate(cut.len() - 2);
        assert!(Facts::from_bytes(cut).is_none());
    }
}
