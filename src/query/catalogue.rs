//! The named queries shipped in `queries/`: one `.rq` file per question users ask most, with a
//! header comment that says what it answers and which parameters it takes.

use crate::error::{Error, Result};

/// A SPARQL query shipped in `queries/`, answering one of the questions users ask most.
#[derive(Debug, Clone, Copy)]
pub struct NamedQuery {
    /// The file stem, used on the command line.
    pub name: &'static str,
    /// The `.rq` text, header comment included.
    pub text: &'static str,
}

macro_rules! named_queries {
    ($($name:literal),* $(,)?) => {
        &[$(NamedQuery { name: $name, text: include_str!(concat!("../../queries/", $name, ".rq")) }),*]
    };
}

/// Every named query, in the order `claimgraph queries` lists them.
pub const NAMED_QUERIES: &[NamedQuery] = named_queries![
    "unconfirmed-claims",
    "contested-claims",
    "single-source-claims",
    "independent-origins",
    "claims-by-claimant",
    "claims-by-source",
    "timeline",
    "events-at-place",
    "entity",
    "claim-history",
];

/// What a named query's header comment says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    /// One line.
    pub title: String,
    /// What it answers.
    pub description: String,
    /// The variables a user binds with `--param`.
    pub params: Vec<Param>,
}

/// A parameter of a named query.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Param {
    /// The variable name, without `?`.
    pub name: String,
    /// What to pass.
    pub description: String,
}

impl NamedQuery {
    /// Parses the header comment: `# title:`, `# description:` (continued on lines that start
    /// with `#` and more spaces) and one `# param: name: text` per parameter.
    pub fn header(&self) -> Header {
        let mut header = Header::default();
        let mut last: Option<&mut String> = None;
        for line in self.text.lines() {
            let Some(comment) = line.strip_prefix('#') else {
                break;
            };
            let body = comment.trim();
            if let Some(title) = body.strip_prefix("title:") {
                header.title = title.trim().into();
                last = None;
            } else if let Some(description) = body.strip_prefix("description:") {
                header.description = description.trim().into();
                last = Some(&mut header.description);
            } else if let Some(param) = body.strip_prefix("param:") {
                let (name, description) = param.split_once(':').unwrap_or((param, ""));
                header.params.push(Param {
                    name: name.trim().trim_start_matches(['?', '$']).into(),
                    description: description.trim().into(),
                });
                last = header.params.last_mut().map(|p| &mut p.description);
            } else if let (Some(text), false) = (last.as_deref_mut(), body.is_empty()) {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(body);
            }
        }
        header
    }
}

/// Finds a named query, suggesting the closest name when there is none.
pub fn named_query(name: &str) -> Result<&'static NamedQuery> {
    let name = name.strip_suffix(".rq").unwrap_or(name);
    NAMED_QUERIES
        .iter()
        .find(|query| query.name == name)
        .ok_or_else(|| Error::UnknownQuery {
            name: name.into(),
            closest: crate::terms::closest(name, NAMED_QUERIES.iter().map(|q| q.name), 0.7)
                .map(str::to_owned),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelled_names_get_a_suggestion() {
        match named_query("unconfirmed-claim") {
            Err(Error::UnknownQuery { closest, .. }) => {
                assert_eq!(closest.as_deref(), Some("unconfirmed-claims"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn every_named_query_parses_and_has_a_header() {
        for query in NAMED_QUERIES {
            let _parsed = super::super::Query::parse(query.text, query.name, None).unwrap();
            let header = query.header();
            assert!(!header.title.is_empty(), "{} has no title", query.name);
            assert!(
                !header.description.is_empty(),
                "{} has no description",
                query.name
            );
            for param in &header.params {
                assert!(
                    query.text.contains(&format!("?{}", param.name)),
                    "{} declares ?{} but does not use it",
                    query.name,
                    param.name
                );
            }
        }
    }

    #[test]
    fn every_rq_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = name.strip_suffix(".rq") {
                assert!(
                    named_query(stem).is_ok(),
                    "queries/{name} is not in NAMED_QUERIES"
                );
            }
        }
    }
}
