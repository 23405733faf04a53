//! Reports on a remote store. The claims report: the predicates a report reads are fetched in
//! one SELECT (complete, paged where the engine caps answers), turned into the same facts a
//! local store keeps, and the report is built from them by the same code, so that the rows are
//! the local rows on the same data. The counts of `stats`: grouped counts over the graphs
//! that hold data, the engine's own graphs left out.

use super::Remote;
use crate::claims::{ClaimFilter, ClaimRow, report_over};
use crate::error::Result;
use crate::facts::{Facts, predicates};
use crate::query::{Form, Sendable, sendable};
use crate::stats::Stats;
use crate::vocab::cg;
use crate::vocab::{compact, local_name};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, Term};
use std::collections::BTreeMap;

/// The claims report of `remote`, as [`crate::claims::report`] gives it locally.
pub fn claims(remote: &Remote, filter: &ClaimFilter, lang: &str) -> Result<Vec<ClaimRow>> {
    let facts = facts(remote)?;
    report_over(&facts, filter, lang).collect()
}

/// What the remote store says that a report reads.
fn facts(remote: &Remote) -> Result<Facts> {
    let predicates: Vec<String> = predicates().map(|iri| format!("<{iri}>")).collect();
    let text = format!(
        "SELECT DISTINCT ?s ?p ?o WHERE {{ \
           {{ VALUES ?p {{ {} }} ?s ?p ?o }} \
           UNION {{ VALUES (?p ?o) {{ (<{}> <{}>) }} ?s ?p ?o }} \
           FILTER(isIRI(?s)) \
         }}",
        predicates.join(" "),
        rdf::TYPE.as_str(),
        cg::CLAIM.as_str()
    );
    let query = sendable(&text, "the claims report", &[], None)?;
    let table = remote.select(&query)?;
    let mut facts = Facts::default();
    for row in &table.rows {
        if let [Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)] = row.as_slice() {
            facts.observe(QuadRef::new(
                NamedOrBlankNodeRef::NamedNode(s.as_ref()),
                NamedNodeRef::from(p),
                o.as_ref(),
                GraphNameRef::DefaultGraph,
            ));
        }
    }
    Ok(facts)
}

/// What `claimgraph stats` counts, on `remote`: triples per graph, instances per class and
/// claims per status, each counted per graph as the local store counts them.
pub fn stats(remote: &Remote) -> Result<Stats> {
    let graphs = remote.graphs()?;
    let values: Vec<String> = graphs.iter().map(ToString::to_string).collect();
    let values = values.join(" ");
    let counts = |pattern: &str, key: &str| -> Result<BTreeMap<String, u64>> {
        let text = format!(
            "SELECT ?{key} (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {pattern} }} }} \
             GROUP BY ?{key} ORDER BY ?{key}"
        );
        let table = remote.select(&Sendable::plain(&text, Form::Select))?;
        Ok(table
            .rows
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [Some(Term::NamedNode(name)), Some(Term::Literal(n))] => {
                    Some((name.as_str().to_owned(), n.value().parse().unwrap_or(0)))
                }
                _ => None,
            })
            .collect())
    };
    if graphs.is_empty() {
        return Ok(Stats {
            triples: 0,
            graphs: BTreeMap::new(),
            classes: BTreeMap::new(),
            statuses: BTreeMap::new(),
        });
    }
    let per_graph = counts("?s ?p ?o", "g")?;
    let classes = counts(&format!("?s <{}> ?class", rdf::TYPE.as_str()), "class")?
        .into_iter()
        .map(|(class, n)| (compact(&class).unwrap_or(class), n))
        .collect();
    let mut statuses = BTreeMap::new();
    for (status, n) in counts(&format!("?c <{}> ?status", cg::STATUS.as_str()), "status")? {
        *statuses.entry(local_name(&status).to_owned()).or_insert(0) += n;
    }
    Ok(Stats {
        triples: per_graph.values().sum(),
        graphs: per_graph,
        classes,
        statuses,
    })
}
