//! Every format claimgraph reads or writes, by the names users type, file extensions and
//! media types.
//!
//! `load`, `export` and `query` accept the same RDF format names; a server negotiates the
//! same formats by media type. Keeping the names in one table per kind means a front end
//! lists and parses them from here (the CLI builds its `--format` choices from [`Named`])
//! instead of keeping a copy that drifts.

use crate::error::{Error, Result};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;
use std::path::Path;

/// One accepted name of a format: what the user types, what it means, and a line of help.
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static> {
    /// The name.
    pub name: &'static str,
    /// The format it means.
    pub value: T,
    /// One line for `--help`; empty for aliases, which help does not list.
    pub help: &'static str,
}

/// A kind of format whose values are chosen by name.
pub trait Named: Copy + PartialEq + 'static {
    /// Every accepted name, canonical names (with help) before aliases.
    const CHOICES: &'static [Choice<Self>];

    /// The value `name` (any case) stands for.
    fn by_name(name: &str) -> Result<Self> {
        Self::CHOICES
            .iter()
            .find(|choice| choice.name.eq_ignore_ascii_case(name))
            .map(|choice| choice.value)
            .ok_or_else(|| Error::UnknownFormatName {
                name: name.into(),
                expected: names(Self::CHOICES),
            })
    }

    /// The canonical name of this value.
    fn name(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|choice| choice.value == self)
            .map_or("?", |choice| choice.name)
    }
}

/// The names of `choices`, comma-separated, for messages.
fn names<T>(choices: &[Choice<T>]) -> String {
    choices
        .iter()
        .map(|choice| choice.name)
        .collect::<Vec<_>>()
        .join(", ")
}

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// An RDF serialization (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rdf(pub RdfFormat);

impl Named for Rdf {
    const CHOICES: &'static [Choice<Self>] = &[
        rdf("turtle", RdfFormat::Turtle, "Turtle (.ttl)"),
        rdf(
            "trig",
            RdfFormat::TriG,
            "TriG, Turtle with named graphs (.trig)",
        ),
        rdf(
            "ntriples",
            RdfFormat::NTriples,
            "N-Triples, one triple a line (.nt)",
        ),
        rdf(
            "nquads",
            RdfFormat::NQuads,
            "N-Quads, one quad a line (.nq)",
        ),
        rdf("rdfxml", RdfFormat::RdfXml, "RDF/XML (.rdf, .xml, .owl)"),
        rdf("jsonld", JSON_LD, "JSON-LD (.jsonld)"),
        rdf("ttl", RdfFormat::Turtle, ""),
        rdf("nt", RdfFormat::NTriples, ""),
        rdf("nq", RdfFormat::NQuads, ""),
        rdf("xml", RdfFormat::RdfXml, ""),
        rdf("rdf", RdfFormat::RdfXml, ""),
        rdf("json-ld", JSON_LD, ""),
    ];
}

const fn rdf(name: &'static str, format: RdfFormat, help: &'static str) -> Choice<Rdf> {
    Choice {
        name,
        value: Rdf(format),
        help,
    }
}

/// The RDF format `name` stands for (`turtle`, `ttl`, `jsonld`, …).
pub fn rdf_by_name(name: &str) -> Result<RdfFormat> {
    Rdf::by_name(name).map(|rdf| rdf.0)
}

/// The format of a file, from its extension (`.ttl`, `.nt`, `.jsonld`, `.owl`, …).
pub fn rdf_of_path(path: &Path) -> Option<RdfFormat> {
    let extension = path.extension()?.to_str()?;
    if extension.eq_ignore_ascii_case("owl") {
        return Some(RdfFormat::RdfXml);
    }
    RdfFormat::from_extension(extension).filter(|format| *format != RdfFormat::N3)
}

/// The format of a file: `explicit` when given, else told from the extension.
pub fn rdf_of_file(path: &Path, explicit: Option<RdfFormat>) -> Result<RdfFormat> {
    explicit
        .or_else(|| rdf_of_path(path))
        .ok_or_else(|| Error::UnknownRdfFormat {
            file: path.display().to_string(),
        })
}

/// The RDF format of a media type (`text/turtle`, `application/n-triples`, …), among those
/// claimgraph writes.
pub fn rdf_by_media_type(media_type: &str) -> Option<RdfFormat> {
    RdfFormat::from_media_type(media_type).filter(|format| *format != RdfFormat::N3)
}

/// A SPARQL results format for SELECT and ASK (JSON, XML, CSV, TSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Results(pub QueryResultsFormat);

impl Named for Results {
    const CHOICES: &'static [Choice<Self>] = &[
        results("json", QueryResultsFormat::Json, "SPARQL 1.1 results JSON"),
        results("xml", QueryResultsFormat::Xml, "SPARQL results XML"),
        results("csv", QueryResultsFormat::Csv, "SPARQL 1.1 results CSV"),
        results("tsv", QueryResultsFormat::Tsv, "SPARQL 1.1 results TSV"),
    ];
}

const fn results(
    name: &'static str,
    format: QueryResultsFormat,
    help: &'static str,
) -> Choice<Results> {
    Choice {
        name,
        value: Results(format),
        help,
    }
}

/// The results format of a media type (`application/sparql-results+json`, `text/csv`, …).
pub fn results_by_media_type(media_type: &str) -> Option<QueryResultsFormat> {
    QueryResultsFormat::from_media_type(media_type)
}

/// How a query's answer is written: a table for people, or a standard format for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryOutput {
    /// An aligned table with labels (SELECT, ASK); Turtle for CONSTRUCT and DESCRIBE.
    Table,
    /// A SPARQL results format, for SELECT and ASK.
    Results(QueryResultsFormat),
    /// An RDF format, for CONSTRUCT and DESCRIBE.
    Rdf(RdfFormat),
}

impl QueryOutput {
    /// `table`, a results format name or an RDF format name. Where a name is both (`xml`),
    /// the results format wins: RDF/XML is also `rdfxml`.
    pub fn by_name(name: &str) -> Result<Self> {
        if name.eq_ignore_ascii_case("table") {
            return Ok(QueryOutput::Table);
        }
        Results::by_name(name)
            .map(|r| QueryOutput::Results(r.0))
            .or_else(|_| Rdf::by_name(name).map(|r| QueryOutput::Rdf(r.0)))
            .map_err(|_| Error::UnknownFormatName {
                name: name.into(),
                expected: format!(
                    "table, {} (SELECT, ASK); {} (CONSTRUCT, DESCRIBE)",
                    names(Results::CHOICES),
                    names(&Rdf::CHOICES[..6])
                ),
            })
    }
}

/// How the claim report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimFormat {
    /// An aligned table for reading in a terminal.
    Table,
    /// A JSON array of claim objects.
    Json,
    /// CSV with one row per claim; lists are joined with " | ".
    Csv,
    /// A Markdown table, for reports and issues.
    Markdown,
}

impl Named for ClaimFormat {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            name: "table",
            value: ClaimFormat::Table,
            help: "an aligned table; long statements are cut (the other formats keep the full text)",
        },
        Choice {
            name: "json",
            value: ClaimFormat::Json,
            help: "a JSON array of claim objects",
        },
        Choice {
            name: "csv",
            value: ClaimFormat::Csv,
            help: "CSV, one row per claim; lists joined with \" | \"",
        },
        Choice {
            name: "markdown",
            value: ClaimFormat::Markdown,
            help: "a Markdown table",
        },
    ];
}

impl ClaimFormat {
    /// The media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            ClaimFormat::Table => "text/plain; charset=utf-8",
            ClaimFormat::Json => "application/json",
            ClaimFormat::Csv => "text/csv; charset=utf-8",
            ClaimFormat::Markdown => "text/markdown; charset=utf-8",
        }
    }
}

/// Text for people or JSON for programs, for validation reports and statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

impl Named for ReportFormat {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            name: "text",
            value: ReportFormat::Text,
            help: "readable text",
        },
        Choice {
            name: "json",
            value: ReportFormat::Json,
            help: "JSON",
        },
    ];
}

/// How `validate` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationFormat {
    /// Readable text, a block per violation.
    Text,
    /// JSON, an object per violation.
    Json,
    /// SHACL's own report vocabulary (`sh:ValidationReport`) as RDF.
    Rdf(RdfFormat),
}

impl Named for ValidationFormat {
    const CHOICES: &'static [Choice<Self>] = &[
        Choice {
            name: "text",
            value: ValidationFormat::Text,
            help: "readable text",
        },
        Choice {
            name: "json",
            value: ValidationFormat::Json,
            help: "JSON",
        },
        Choice {
            name: "turtle",
            value: ValidationFormat::Rdf(RdfFormat::Turtle),
            help: "an sh:ValidationReport in Turtle, as other SHACL tools write it",
        },
        Choice {
            name: "ntriples",
            value: ValidationFormat::Rdf(RdfFormat::NTriples),
            help: "an sh:ValidationReport in N-Triples",
        },
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_names_agree() {
        assert_eq!(rdf_by_name("ttl").unwrap(), RdfFormat::Turtle);
        assert_eq!(rdf_by_name("NQuads").unwrap(), RdfFormat::NQuads);
        assert!(rdf_by_name("csv").is_err());
        assert_eq!(Rdf(RdfFormat::NTriples).name(), "ntriples");
    }

    #[test]
    fn extensions() {
        assert_eq!(rdf_of_path(Path::new("a/b.TTL")), Some(RdfFormat::Turtle));
        assert_eq!(rdf_of_path(Path::new("x.jsonld")), Some(JSON_LD));
        assert_eq!(rdf_of_path(Path::new("x")), None);
        assert!(matches!(
            rdf_of_file(Path::new("x.data"), None),
            Err(Error::UnknownRdfFormat { .. })
        ));
    }

    #[test]
    fn media_types() {
        assert_eq!(rdf_by_media_type("text/turtle"), Some(RdfFormat::Turtle));
        assert_eq!(
            results_by_media_type("application/sparql-results+json"),
            Some(QueryResultsFormat::Json)
        );
    }

    #[test]
    fn query_outputs() {
        assert_eq!(QueryOutput::by_name("table").unwrap(), QueryOutput::Table);
        assert_eq!(
            QueryOutput::by_name("xml").unwrap(),
            QueryOutput::Results(QueryResultsFormat::Xml)
        );
        assert_eq!(
            QueryOutput::by_name("ttl").unwrap(),
            QueryOutput::Rdf(RdfFormat::Turtle)
        );
        assert!(QueryOutput::by_name("yaml").is_err());
    }
}
