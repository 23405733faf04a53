//! Human-readable names for IRIs, in the reader's language.
//!
//! Tables show `Kidal` or `كيدال` rather than `<https://w3id.org/claimgraph/id/kidal>`;
//! where a resource has no label, a prefixed name keeps it short and still exact.

use crate::store::ClaimStore;
use crate::vocab::{compact, rdfs, schema, skos};
use oxigraph::model::{NamedNodeRef, Term, TermRef};
use std::collections::HashMap;

/// The properties that name a resource, most specific first.
const NAMING_PROPERTIES: [NamedNodeRef<'static>; 4] = [
    rdfs::LABEL,
    skos::PREF_LABEL,
    schema::HEADLINE,
    schema::NAME,
];

/// Looks up and caches labels in one language, falling back to English.
pub struct Labels<'a> {
    /// Where labels are looked up; `None` shows IRIs as prefixed names only (for an answer
    /// from a remote store, where a lookup per IRI would cost a request each).
    store: Option<&'a ClaimStore>,
    lang: String,
    cache: HashMap<String, Option<String>>,
}

impl<'a> Labels<'a> {
    /// Labels in `lang` (a BCP 47 tag such as `en`, `ar`, `fr`).
    pub fn new(store: &'a ClaimStore, lang: &str) -> Self {
        Self {
            store: Some(store),
            lang: lang.to_ascii_lowercase(),
            cache: HashMap::new(),
        }
    }

    /// No labels: IRIs are shown as prefixed names, else `<IRI>`.
    pub fn none() -> Self {
        Self {
            store: None,
            lang: String::new(),
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
        pick_language(
            self.store?
                .db()
                .quads_for_pattern(Some(subject.into()), Some(property), None, None)
                .filter_map(Result::ok)
                .filter_map(|quad| match quad.object {
                    Term::Literal(literal) => {
                        let (value, _, lang) = literal.destruct();
                        Some((value, lang))
                    }
                    _ => None,
                }),
            &self.lang,
        )
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
}
