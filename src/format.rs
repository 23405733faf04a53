//! RDF format names as users type them, and formats told from file names.
//!
//! `load`, `export` and `query` all accept the same names, so they share this one table.

use crate::error::{Error, Result};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::path::Path;

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// Every name accepted for an RDF format, with the format it means.
const NAMES: &[(&str, RdfFormat)] = &[
    ("turtle", RdfFormat::Turtle),
    ("ttl", RdfFormat::Turtle),
    ("trig", RdfFormat::TriG),
    ("ntriples", RdfFormat::NTriples),
    ("nt", RdfFormat::NTriples),
    ("nquads", RdfFormat::NQuads),
    ("nq", RdfFormat::NQuads),
    ("rdfxml", RdfFormat::RdfXml),
    ("xml", RdfFormat::RdfXml),
    ("rdf", RdfFormat::RdfXml),
    ("jsonld", JSON_LD),
    ("json-ld", JSON_LD),
];

/// The accepted names, for error messages and help.
pub fn rdf_format_names() -> String {
    NAMES
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a format name such as `turtle`, `ttl` or `jsonld`.
pub fn rdf_format_by_name(name: &str) -> Result<RdfFormat> {
    NAMES
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, format)| *format)
        .ok_or_else(|| Error::UnknownFormatName {
            name: name.into(),
            expected: rdf_format_names(),
        })
}

/// The format of a file, from its extension (`.ttl`, `.nt`, `.jsonld`, ...).
pub fn rdf_format_of_path(path: &Path) -> Option<RdfFormat> {
    let extension = path.extension()?.to_str()?;
    if extension.eq_ignore_ascii_case("owl") {
        return Some(RdfFormat::RdfXml);
    }
    RdfFormat::from_extension(extension).filter(|format| *format != RdfFormat::N3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_names_agree() {
        assert_eq!(rdf_format_by_name("ttl").unwrap(), RdfFormat::Turtle);
        assert_eq!(rdf_format_by_name("NQuads").unwrap(), RdfFormat::NQuads);
        assert!(rdf_format_by_name("csv").is_err());
    }

    #[test]
    fn extensions() {
        assert_eq!(
            rdf_format_of_path(Path::new("a/b.TTL")),
            Some(RdfFormat::Turtle)
        );
        assert_eq!(rdf_format_of_path(Path::new("x.jsonld")), Some(JSON_LD));
        assert_eq!(rdf_format_of_path(Path::new("x")), None);
    }
}
