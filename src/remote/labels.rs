//! Labels for a table of a remote answer. Locally a table asks the store for each IRI's label
//! as the IRI comes; asked of a server, that would cost a request per IRI, so the answer is
//! read whole and the labels of all its IRIs come in a few SELECTs, and the table then reads
//! as the local one does.

use super::Remote;
use crate::error::Result;
use crate::labels::{Labels, NAMING_PROPERTIES};
use crate::query::{Answer, sendable};
use oxigraph::model::{NamedNode, Term};
use std::collections::BTreeSet;

/// How many IRIs one SELECT asks the labels of: a query of a few tens of kilobytes, which
/// every engine takes.
const IRIS_PER_SELECT: usize = 500;

/// `answer`, read whole when it is a SELECT's, with the labels in `lang` of the IRIs it holds.
pub fn labelled(remote: &Remote, answer: Answer, lang: &str) -> Result<(Answer, Labels<'static>)> {
    let Answer::Solutions { variables, rows } = answer else {
        return Ok((answer, Labels::none()));
    };
    let rows = rows.collect::<Result<Vec<_>>>()?;
    let iris: BTreeSet<&NamedNode> = rows
        .iter()
        .flat_map(|row| row.values().iter().flatten())
        .filter_map(|term| match term {
            Term::NamedNode(iri) => Some(iri),
            _ => None,
        })
        .collect();
    let labels = labels_of(remote, &iris.into_iter().collect::<Vec<_>>(), lang)?;
    let rows = Box::new(rows.into_iter().map(Ok));
    Ok((Answer::Solutions { variables, rows }, labels))
}

/// The labels of `iris` on `remote`, in `lang`. The IRIs travel as parsed terms in a `VALUES`
/// block, never as text pasted into the query.
fn labels_of(remote: &Remote, iris: &[&NamedNode], lang: &str) -> Result<Labels<'static>> {
    let properties = NAMING_PROPERTIES
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut triples = Vec::new();
    for some in iris.chunks(IRIS_PER_SELECT) {
        let values = some
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        let text = format!(
            "SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o \
             FILTER(?p IN ({properties}) && isLiteral(?o)) }}"
        );
        let query = sendable(&text, "the labels of an answer", &[], None)?;
        triples.extend(remote.triples_by_select(&query)?);
    }
    Ok(Labels::fetched(triples, lang))
}
