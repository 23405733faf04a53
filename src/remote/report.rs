//! Reports on a remote store. The claims report: the predicates a report reads are fetched a
//! SELECT each (complete, paged where the engine caps answers), turned into the same facts a
//! local store keeps, and the report is built from them by the same code, so that the rows are
//! the local rows on the same data; the facts are a set, so their order on the wire does not
//! matter. The counts of `stats`: grouped counts over the graphs that hold data, the engine's
//! own graphs left out.

use super::{Remote, RowSet};
use crate::claims::{ClaimFilter, ClaimRow, report_over};
use crate::error::Result;
use crate::facts::{Facts, predicates};
use crate::query::{Form, Sendable, sendable};
use crate::stats::Stats;
use crate::vocab::cg;
use crate::vocab::{compact, local_name};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, QuadRef, Term, TermRef};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// The claims report of `remote`, as [`crate::claims::report`] gives it locally.
pub fn claims(remote: &Remote, filter: &ClaimFilter, lang: &str) -> Result<Vec<ClaimRow>> {
    let history = filter.as_of.is_some() || filter.changed_since.is_some();
    let facts = facts(remote, history)?;
    report_over(&facts, filter, lang).collect()
}

/// What the remote store says that a report reads: one SELECT per predicate, which an engine
/// answers from one index without sending the predicate back, and which pages (on an engine
/// that cuts answers) through one predicate's rows rather than through all of them: on
/// Virtuoso, 10,000 claims' facts came in 3.5 s so, against 12 s as one paged union, and 65 s
/// sorted again for every page. A few SELECTs are in flight at once (see [`IN_FLIGHT`]), and
/// each answer is taken in as it comes.
fn facts(remote: &Remote, history: bool) -> Result<Facts> {
    let mut wanted = vec![Wanted::Claims];
    wanted.extend(predicates(history).map(|p| Wanted::Predicate(NamedNodeRef::new_unchecked(p))));
    let mut facts = Facts::default();
    in_flight(
        &wanted,
        |wanted| select(remote, &wanted.pattern(), wanted.variables()),
        |wanted, rows| {
            for row in &rows {
                match (wanted, row.as_slice()) {
                    (Wanted::Claims, [Some(Term::NamedNode(claim))]) => {
                        facts.observe(fact(claim, rdf::TYPE, cg::CLAIM.into()));
                    }
                    (Wanted::Predicate(predicate), [Some(Term::NamedNode(s)), Some(o)]) => {
                        facts.observe(fact(s, *predicate, o.as_ref()));
                    }
                    // Blank-node subjects are not left out by the query (a FILTER costs
                    // Oxigraph a third of the time of the SELECT): a report has no use for them.
                    _ => {}
                }
            }
        },
    )?;
    Ok(facts)
}

/// One SELECT of a report's facts.
enum Wanted {
    /// The claims: what is typed `cg:Claim`.
    Claims,
    /// Every subject and object of a predicate.
    Predicate(NamedNodeRef<'static>),
}

impl Wanted {
    fn pattern(&self) -> String {
        match self {
            Wanted::Claims => format!("?s <{}> <{}>", rdf::TYPE.as_str(), cg::CLAIM.as_str()),
            Wanted::Predicate(predicate) => format!("?s {predicate} ?o"),
        }
    }

    fn variables(&self) -> &'static str {
        match self {
            Wanted::Claims => "?s",
            Wanted::Predicate(_) => "?s ?o",
        }
    }
}

/// How many of a report's SELECTs are in flight at once: enough to keep a server's cores and
/// this machine's decoding busy together, few enough not to crowd out the other analysts of a
/// shared server. On two cores shared by client and server, a report of 100,000 claims took
/// 15 s with two, three or four from Oxigraph server against 20 s with one, and 27 s against
/// 44 s from Virtuoso.
const IN_FLIGHT: usize = 3;

/// Runs `fetch` on every job, [`IN_FLIGHT`] at a time, and hands each answer to `take` on
/// this thread as it comes. The first error stops the handing out of jobs and is returned.
fn in_flight<J: Sync, A: Send>(
    jobs: &[J],
    fetch: impl Fn(&J) -> Result<A> + Sync,
    mut take: impl FnMut(&J, A),
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (answers, answered) = mpsc::channel();
        for _ in 0..IN_FLIGHT.min(jobs.len()) {
            let answers = answers.clone();
            let (next, failed, fetch) = (&next, &failed, &fetch);
            scope.spawn(move || {
                while !failed.load(Ordering::Relaxed) {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(at) else { break };
                    let answer = fetch(job);
                    failed.fetch_or(answer.is_err(), Ordering::Relaxed);
                    if answers.send((at, answer)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(answers);
        for (at, answer) in answered {
            match answer {
                Ok(answer) => take(&jobs[at], answer),
                // Its worker has stopped the others taking jobs already.
                Err(error) => return Err(error),
            }
        }
        Ok(())
    })
}

/// The distinct solutions of `pattern` for `variables`.
fn select(remote: &Remote, pattern: &str, variables: &str) -> Result<RowSet> {
    let query = |distinct: &str| {
        sendable(
            &format!("SELECT {distinct}{variables} WHERE {{ {pattern} }}"),
            "the claims report",
            &[],
            None,
        )
    };
    remote.select_set(&query("DISTINCT ")?, &query("")?)
}

fn fact<'a>(
    subject: &'a NamedNode,
    predicate: NamedNodeRef<'a>,
    object: TermRef<'a>,
) -> QuadRef<'a> {
    QuadRef::new(subject, predicate, object, GraphNameRef::DefaultGraph)
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
