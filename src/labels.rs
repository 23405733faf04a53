//! Human-readable names for IRIs, in the reader's language.
//!
//! Tables show `Kidal` or `كيدال` rather than `<https://w3id.org/claimgraph/id/kidal>`;
//! where a resource has no label, a prefixed name keeps it short and still exact. A local
//! store is asked as each IRI comes; a remote store's labels are fetched ahead, for all the
//! IRIs of an answer at once, since asking per IRI would cost a request each.

use crate::store::ClaimStore;
use crate::vocab::{compact, rdfs, schema, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term, TermRef, Triple};
use std::collections::HashMap;

/// The properties that name a resource, most specific first.
pub(crate) const NAMING_PROPERTIES: [NamedNodeRef<'static>; 4] = [
    rdfs::LABEL,
    skos::PREF_LABEL,
    schema::HEADLINE,
    schema::NAME,
];

/// Looks up and caches labels in one language, falling back to English.
pub struct Labels<'a> {
    source: Source<'a>,
    lang: String,
    cache: HashMap<String, Option<String>>,
}

/// Where labels come from.
enum Source<'a> {
    /// A local store, asked as each IRI comes.
    Store(&'a ClaimStore),
    /// Naming triples fetched ahead, by subject.
    Fetched(HashMap<String, Vec<Triple>>),
    /// Nowhere: IRIs are shown as prefixed names.
    Nothing,
}

impl<'a> Labels<'a> {
    /// Labels in `lang` (a BCP 47 tag such as `en`, `ar`, `fr`).
    pub fn new(store: &'a ClaimStore, lang: &str) -> Self {
        Self::from_source(Source::Store(store), lang)
    }

    /// Labels in `lang` from `triples` fetched ahead, those of [`NAMING_PROPERTIES`] about
    /// the IRIs to be shown (others are ignored).
    pub(crate) fn fetched(
        triples: impl IntoIterator<Item = Triple>,
        lang: &str,
    ) -> Labels<'static> {
        let mut by_subject: HashMap<String, Vec<Triple>> = HashMap::new();
        for triple in triples {
            if let NamedOrBlankNode::NamedNode(subject) = &triple.subject {
                by_subject
                    .entry(subject.as_str().to_owned())
                    .or_default()
                    .push(triple);
            }
        }
        Labels::from_source(Source::Fetched(by_subject), lang)
    }

    /// No labels: IRIs are shown as prefixed names, else `<IRI>`.
    pub fn none() -> Self {
        Self::from_source(Source::Nothing, "")
    }

    fn from_source(source: Source<'a>, lang: &str) -> Self {
        Self {
            source,
            lang: lang.to_ascii_lowercase(),
            cache: HashMap::new(),
        }
    }

    /// The label of `iri` in the chosen language, else in English, else any label.
    fn label(&mut self, iri: NamedNodeRef<'_>) -> Option<String> {
        if let Some(cached) = self.cache.get(iri.as_str()) {
            return cached.clone();
        }
        let found = NAMING_PROPERTIES
            .iter()
            .find_map(|property| self.best_literal(iri, *property));
        self.cache.insert(iri.as_str().to_owned(), found.clone());
        found
    }

    /// A cell for a table: a label, else a prefixed name, else `<IRI>`; literals as their text.
    pub fn display(&mut self, term: &Term) -> String {
        match term.as_ref() {
            TermRef::NamedNode(iri) => self
                .label(iri)
                .or_else(|| compact(iri.as_str()))
                .unwrap_or_else(|| iri.to_string()),
            TermRef::Literal(literal) => literal.value().to_owned(),
            other => other.to_string(),
        }
    }

    /// The best literal of `subject property ?o` by language preference.
    fn best_literal(
        &self,
        subject: NamedNodeRef<'_>,
        property: NamedNodeRef<'_>,
    ) -> Option<String> {
        let literal = |object: Term| match object {
            Term::Literal(literal) => {
                let (value, _, lang) = literal.destruct();
                Some((value, lang))
            }
            _ => None,
        };
        match &self.source {
            Source::Store(store) => pick_language(
                store
                    .db()
                    .quads_for_pattern(Some(subject.into()), Some(property), None, None)
                    .filter_map(Result::ok)
                    .filter_map(|quad| literal(quad.object)),
                &self.lang,
            ),
            Source::Fetched(by_subject) => pick_language(
                by_subject
                    .get(subject.as_str())?
                    .iter()
                    .filter(|triple| triple.predicate == property)
                    .filter_map(|triple| literal(triple.object.clone())),
                &self.lang,
            ),
            Source::Nothing => None,
        }
    }
}

/// Picks the value in `lang`, else English, else one without a language, else any, so that
/// the choice does not depend on the order the store returns them in.
pub(crate) fn pick_language(
    candidates: impl IntoIterator<Item = (String, Option<String>)>,
    lang: &str,
) -> Option<String> {
    let rank = |tag: &Option<String>| match tag.as_deref().map(str::to_ascii_lowercase) {
        Some(t) if t == lang || t.starts_with(&format!("{lang}-")) => 0,
        Some(t) if t == "en" || t.starts_with("en-") => 1,
        None => 2,
        Some(_) => 3,
    };
    candidates
        .into_iter()
        .min_by(|a, b| rank(&a.1).cmp(&rank(&b.1)).then_with(|| a.0.cmp(&b.0)))
        .map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_preference() {
        let candidates = || {
            vec![
                ("Kidal".to_owned(), Some("en".to_owned())),
                ("كيدال".to_owned(), Some("ar".to_owned())),
            ]
        };
        assert_eq!(pick_language(candidates(), "ar").as_deref(), Some("كيدال"));
        assert_eq!(pick_language(candidates(), "fr").as_deref(), Some("Kidal"));
        assert_eq!(pick_language(Vec::new(), "fr"), None);
    }

    #[test]
    fn fetched_labels_follow_the_naming_properties_then_the_language() {
        use oxigraph::model::{Literal, NamedNode};
        let kidal = NamedNode::new_unchecked("https://w3id.org/claimgraph/id/kidal");
        let named = |property: NamedNodeRef<'_>, value: &str, lang: &str| {
            Triple::new(
                kidal.clone(),
                property,
                Literal::new_language_tagged_literal_unchecked(value, lang),
            )
        };
        let fetched = || {
            [
                named(schema::NAME, "Kidal town", "en"),
                named(rdfs::LABEL, "Kidal", "en"),
                named(rdfs::LABEL, "كيدال", "ar"),
            ]
        };
        let kidal_term = Term::from(kidal.clone());
        assert_eq!(
            Labels::fetched(fetched(), "ar").display(&kidal_term),
            "كيدال"
        );
        assert_eq!(
            Labels::fetched(fetched(), "fr").display(&kidal_term),
            "Kidal"
        );
        let other = Term::from(NamedNode::new_unchecked(
            "https://w3id.org/claimgraph/id/gao",
        ));
        assert_eq!(Labels::fetched(fetched(), "ar").display(&other), "id:gao");
    }
}
