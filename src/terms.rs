//! RDF terms as users type them, read the same way everywhere.
//!
//! An analyst names things on the command line (`--about id:kidal`, `--claimant jnim`,
//! `--graph urn:kb`, `--param entity=<https://…>`), and later in URLs and spreadsheets. One
//! parser reads them all, so a spelling that works in one place works in every other:
//!
//! - `<IRI>`: exactly that IRI;
//! - `prefix:local` with a default prefix (`id:`, `cg:`, `prov:` … see [`crate::vocab::PREFIXES`]);
//! - an absolute IRI (`https://…`, `urn:…`, `file:…`, `mailto:…`, `tag:…`);
//! - a bare local name (`kidal`): an entity of the knowledge base, `id:kidal`; for a status
//!   (`reported`) the status concept `cg:reported`;
//! - for values (`--param`): also `"text"@lang`, `"value"^^xsd:type`, and anything else as a
//!   plain string.

use crate::error::{Error, Result};
use crate::vocab::{CG, ID, STATUSES, namespace};
use oxigraph::model::{GraphName, Literal, NamedNode, Term, Variable};
use std::str::FromStr;

/// URI schemes written in full rather than as a prefix (`urn:x` is an IRI, not prefix `urn`).
const SCHEMES: &[&str] = &[
    "http", "https", "urn", "file", "mailto", "tag", "did", "ftp",
];

/// The name of the default graph where a graph is asked for.
pub const DEFAULT_GRAPH: &str = "DEFAULT";

/// An entity: `<IRI>`, `prefix:local`, an absolute IRI, or a bare local name in `id:`.
pub fn entity(text: &str) -> Result<NamedNode> {
    named(text, ID)
}

/// A claim status: `reported` (any case) means `cg:reported`; otherwise as [`entity`]. Any
/// concept of the ontology is read this way (a stance: `denies`); the record commands check
/// that it is one of its scheme.
pub fn status(text: &str) -> Result<NamedNode> {
    if is_bare(text) {
        return iri(format!("{CG}{}", text.to_ascii_lowercase()), text);
    }
    entity(text)
}

/// A status to select claims by: as [`status`], and when in the ontology's namespace, one of
/// its scheme's. A misspelt status would otherwise select nothing, and a report that should
/// fail a pipeline would pass it.
pub fn known_status(text: &str) -> Result<NamedNode> {
    let status = status(text)?;
    match status.as_str().strip_prefix(CG) {
        Some(local) if !STATUSES.contains(&local) => Err(Error::UnknownEntity {
            name: text.into(),
            kind: "status".into(),
            closest: closest(&local.to_lowercase(), STATUSES, 0.7).map(str::to_owned),
        }),
        _ => Ok(status),
    }
}

/// The one of `known` most like `typed`, when it is at least `threshold` alike (Jaro-Winkler,
/// 0 to 1): what "did you mean …?" suggests.
pub(crate) fn closest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    threshold: f64,
) -> Option<&'a str> {
    closest_by(typed, known, |candidate| candidate, threshold)
}

/// The one of `known` whose `name` is most like `typed`, as [`closest`] (for candidates that
/// are compared by a part of them, such as an IRI by its local name).
pub(crate) fn closest_by<T>(
    typed: &str,
    known: impl IntoIterator<Item = T>,
    name: impl Fn(&T) -> &str,
    threshold: f64,
) -> Option<T> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(typed, name(&candidate)), candidate))
        .filter(|(score, _)| *score > threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A graph: `DEFAULT` for the default graph, otherwise as [`entity`].
pub fn graph(text: &str) -> Result<GraphName> {
    if text == DEFAULT_GRAPH {
        return Ok(GraphName::DefaultGraph);
    }
    entity(text).map(GraphName::from)
}

/// A calendar day, `YYYY-MM-DD`, as `xsd:date` writes it.
pub fn date(text: &str) -> Result<String> {
    let bad = || Error::BadValue {
        value: text.into(),
        expected: "a date (YYYY-MM-DD)".into(),
    };
    let parsed = oxsdatatypes::Date::from_str(text).map_err(|_| bad())?;
    // Plain days only: a timezone would make string order differ from time order.
    if parsed.timezone_offset().is_some() || text.len() != 10 {
        return Err(bad());
    }
    Ok(text.to_owned())
}

/// A value: an IRI as [`entity`] reads it (except that a bare word is a string),
/// `"text"@lang`, `"value"^^xsd:type` (or `^^<IRI>`), and anything else as a plain string.
pub fn term(text: &str) -> Result<Term> {
    let bad = |reason: String| Error::BadParam {
        spec: text.into(),
        reason,
    };
    if text.starts_with('<') {
        return NamedNode::from_str(text)
            .map(Term::from)
            .map_err(|e| bad(e.to_string()));
    }
    if text.starts_with('"') {
        // The datatype follows the closing quote: `^^` inside the text is text.
        let closing = text.rfind('"').map_or(text.len(), |at| at + 1);
        let (quoted, rest) = text.split_at(closing);
        let expanded = match rest.strip_prefix("^^") {
            Some(datatype) if !datatype.starts_with('<') => {
                format!("{quoted}^^<{}>", prefixed(datatype)?.as_str())
            }
            _ => text.to_owned(),
        };
        return Term::from_str(&expanded).map_err(|e| bad(e.to_string()));
    }
    if looks_prefixed(text) {
        return prefixed(text).map(Term::from);
    }
    Ok(Literal::new_simple_literal(text).into())
}

/// A query parameter, `name=value`: the variable (a leading `?` or `$` is allowed) and the
/// value as [`term`] reads it.
pub fn param(spec: &str) -> Result<(Variable, Term)> {
    let bad = |reason: &str| Error::BadParam {
        spec: spec.into(),
        reason: reason.into(),
    };
    let (name, value) = spec
        .split_once('=')
        .ok_or_else(|| bad("expected name=value"))?;
    let variable = Variable::new(name.trim().trim_start_matches(['?', '$']))
        .map_err(|_| bad("the name is not a SPARQL variable name"))?;
    let value = term(value).map_err(|e| match e {
        Error::BadParam { reason, .. } => bad(&reason),
        other => other,
    })?;
    Ok((variable, value))
}

/// Expands `prefix:local` with the default prefixes; absolute IRIs such as `urn:x` and
/// `http://…` pass through.
pub fn prefixed(text: &str) -> Result<NamedNode> {
    let (prefix, local) = text.split_once(':').unwrap_or(("", text));
    match namespace(prefix) {
        Some(ns) => iri(format!("{ns}{local}"), text),
        None if SCHEMES.contains(&prefix) || local.starts_with("//") => iri(text.into(), text),
        None => Err(Error::UnknownPrefix {
            prefix: prefix.into(),
            value: text.into(),
        }),
    }
}

fn named(text: &str, bare_namespace: &str) -> Result<NamedNode> {
    if let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        return iri(inner.into(), text);
    }
    if text.contains(':') {
        return prefixed(text);
    }
    iri(format!("{bare_namespace}{text}"), text)
}

fn iri(iri: String, typed: &str) -> Result<NamedNode> {
    NamedNode::new(iri).map_err(|source| Error::BadIri {
        value: typed.into(),
        source,
    })
}

fn is_bare(text: &str) -> bool {
    !text.is_empty() && !text.contains(':') && !text.starts_with('<')
}

fn looks_prefixed(text: &str) -> bool {
    let Some((prefix, local)) = text.split_once(':') else {
        return false;
    };
    // An apostrophe may sit in an IRI (`https://example.org/o'brien`), not in a prefixed name.
    let iri = SCHEMES.contains(&prefix) || local.starts_with("//");
    let forbidden = if iri { "\"<>{}" } else { "\"'<>{}" };
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !local.is_empty()
        && !local
            .chars()
            .any(|c| c.is_whitespace() || forbidden.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_users_write_them() {
        assert_eq!(
            term("id:kidal").unwrap().to_string(),
            "<https://w3id.org/claimgraph/id/kidal>"
        );
        assert_eq!(term("\"Kidal\"@en").unwrap().to_string(), "\"Kidal\"@en");
        assert_eq!(
            term("\"2026-04-26\"^^xsd:date").unwrap().to_string(),
            "\"2026-04-26\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
        assert_eq!(
            term("} ; DROP ALL ; #").unwrap().to_string(),
            "\"} ; DROP ALL ; #\""
        );
        assert!(matches!(term("nope:x"), Err(Error::UnknownPrefix { .. })));
    }

    #[test]
    fn every_spelling_of_an_entity_is_the_same_iri() {
        let kidal = "https://w3id.org/claimgraph/id/kidal";
        for spelling in ["kidal", "id:kidal", &format!("<{kidal}>"), kidal] {
            assert_eq!(entity(spelling).unwrap().as_str(), kidal, "{spelling}");
        }
        assert_eq!(entity("urn:kb").unwrap().as_str(), "urn:kb");
        assert_eq!(
            graph("id:g").unwrap(),
            GraphName::from(entity("id:g").unwrap())
        );
        assert_eq!(graph("DEFAULT").unwrap(), GraphName::DefaultGraph);
    }

    #[test]
    fn statuses() {
        assert_eq!(
            status("Reported").unwrap().as_str(),
            format!("{CG}reported")
        );
        assert_eq!(
            status("cg:refuted").unwrap().as_str(),
            format!("{CG}refuted")
        );
        // Any concept reads as a status (the stance `denies` too); selecting checks the scheme.
        assert_eq!(status("denies").unwrap().as_str(), format!("{CG}denies"));
        assert!(matches!(
            known_status("confirmd"),
            Err(Error::UnknownEntity { closest: Some(c), .. }) if c == "confirmed"
        ));
        assert!(known_status("cg:Claim").is_err());
        assert_eq!(
            known_status("Refuted").unwrap().as_str(),
            format!("{CG}refuted")
        );
        assert_eq!(
            known_status("<urn:my:status>").unwrap().as_str(),
            "urn:my:status"
        );
        assert!(matches!(status("a b"), Err(Error::BadIri { .. })));
    }

    #[test]
    fn dates() {
        assert_eq!(date("2026-04-26").unwrap(), "2026-04-26");
        for bad in ["2026-02-30", "26-04-2026", "2026-04-26Z", "yesterday"] {
            assert!(matches!(date(bad), Err(Error::BadValue { .. })), "{bad}");
        }
    }

    #[test]
    fn params() {
        let (variable, value) = param("?entity=id:kidal").unwrap();
        assert_eq!(variable.as_str(), "entity");
        assert_eq!(value, Term::from(entity("kidal").unwrap()));
        assert!(matches!(param("novalue"), Err(Error::BadParam { .. })));
    }
}
