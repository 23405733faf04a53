//! The facts a claim report reads, pulled out of RDF as it streams past.
//!
//! Reading a report from the store one quad pattern at a time costs a RocksDB lookup for every
//! term decoded, about sixty per claim. Instead, when a graph is loaded, the few predicates a
//! report needs (statements, status, sources, labels, ...) are copied out of the parser's
//! stream into a [`Facts`] table kept beside the store. The same extraction runs over a graph
//! already in the store when its table is missing, so every graph is covered either way.

use crate::vocab::{cg, oa, prov, rdfs, schema, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNodeRef, QuadRef, TermRef};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A predicate a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prop {
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
}

impl Prop {
    fn of(predicate: &str) -> Option<Prop> {
        // The common case, a predicate no report reads, is settled by the first check.
        const TABLE: [(&str, Prop); 20] = [
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
        ];
        if predicate == rdf::TYPE.as_str() {
            return Some(Prop::IsClaim);
        }
        TABLE
            .iter()
            .find(|(iri, _)| *iri == predicate)
            .map(|(_, prop)| *prop)
    }
}

/// An object: an IRI, or a literal's text with its language tag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// An IRI.
    Iri(String),
    /// A literal: its lexical form and language tag (none for typed literals).
    Text(String, Option<String>),
}

impl Value {
    /// The IRI, if this is one.
    pub fn iri(&self) -> Option<&str> {
        match self {
            Value::Iri(iri) => Some(iri),
            Value::Text(..) => None,
        }
    }

    /// The literal's text and language, if this is a literal.
    pub fn text(&self) -> Option<(&str, Option<&str>)> {
        match self {
            Value::Text(text, lang) => Some((text, lang.as_deref())),
            Value::Iri(_) => None,
        }
    }
}

/// What one graph says that a report reads: subject IRI → (predicate, object) pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    subjects: HashMap<String, Vec<(Prop, Value)>>,
}

impl Facts {
    /// Records `quad` if a report reads its predicate; blank-node subjects are skipped, as no
    /// report row starts from one.
    pub fn observe(&mut self, quad: QuadRef<'_>) {
        let Some(prop) = Prop::of(quad.predicate.as_str()) else {
            return;
        };
        let NamedOrBlankNodeRef::NamedNode(subject) = quad.subject else {
            return;
        };
        let value = match quad.object {
            TermRef::NamedNode(iri) if prop == Prop::IsClaim => {
                if iri != cg::CLAIM {
                    return;
                }
                Value::Iri(String::new())
            }
            TermRef::NamedNode(iri) => Value::Iri(iri.as_str().to_owned()),
            TermRef::Literal(literal) if prop != Prop::IsClaim => Value::Text(
                literal.value().to_owned(),
                literal.language().map(str::to_owned),
            ),
            _ => return,
        };
        match self.subjects.get_mut(subject.as_str()) {
            Some(facts) => facts.push((prop, value)),
            None => {
                self.subjects
                    .insert(subject.as_str().to_owned(), vec![(prop, value)]);
            }
        }
    }

    /// Adds everything `other` knows.
    pub fn merge(&mut self, other: Facts) {
        for (subject, facts) in other.subjects {
            self.subjects.entry(subject).or_default().extend(facts);
        }
    }

    /// The subjects recorded, with their facts.
    pub fn subjects(&self) -> impl Iterator<Item = (&str, &[(Prop, Value)])> {
        self.subjects
            .iter()
            .map(|(s, f)| (s.as_str(), f.as_slice()))
    }

    /// The facts about `subject`.
    pub fn about(&self, subject: &str) -> &[(Prop, Value)] {
        self.subjects.get(subject).map_or(&[], Vec::as_slice)
    }

    /// The values of `prop` for `subject`, sorted and without repeats.
    pub fn values(&self, subject: &str, prop: Prop) -> Vec<&Value> {
        let mut values: Vec<&Value> = self
            .about(subject)
            .iter()
            .filter(|(p, _)| *p == prop)
            .map(|(_, v)| v)
            .collect();
        values.sort();
        values.dedup();
        values
    }

    /// The IRIs among the values of `prop` for `subject`, sorted.
    pub fn iris(&self, subject: &str, prop: Prop) -> Vec<&str> {
        self.values(subject, prop)
            .into_iter()
            .filter_map(Value::iri)
            .collect()
    }

    /// The literals among the values of `prop` for `subject`, as (text, language), sorted.
    pub fn texts(&self, subject: &str, prop: Prop) -> Vec<(String, Option<String>)> {
        self.values(subject, prop)
            .into_iter()
            .filter_map(Value::text)
            .map(|(t, l)| (t.to_owned(), l.map(str::to_owned)))
            .collect()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    #[test]
    fn keeps_only_what_reports_read() {
        let mut facts = Facts::default();
        let turtle = r#"
            @prefix cg: <https://w3id.org/claimgraph/ontology#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <urn:c> a cg:Claim , cg:Other ; cg:status cg:reported ;
                cg:statement "x"@en ; <urn:unread> "y" .
            _:b rdfs:label "blank" .
        "#;
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle) {
            facts.observe(quad.unwrap().as_ref());
        }
        assert_eq!(
            facts.iris("urn:c", Prop::Status),
            ["https://w3id.org/claimgraph/ontology#reported"]
        );
        assert_eq!(facts.values("urn:c", Prop::IsClaim).len(), 1);
        assert_eq!(
            facts.texts("urn:c", Prop::Statement),
            [("x".to_owned(), Some("en".to_owned()))]
        );
        assert_eq!(facts.about("urn:c").len(), 3);
        assert_eq!(facts.subjects().count(), 1);
    }
}
