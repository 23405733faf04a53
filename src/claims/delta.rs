//! Small changes to the claim index without rebuilding it.
//!
//! Rebuilding the index reads the facts of every graph: seconds on a million claims, which a
//! single `claim status` must not cost. So a recorded edit writes the new rows of the claims
//! it touched to `delta.jsonl`, stamped with the index it applies to and the store state it
//! brings the index to; a report merges the two, the delta's rows replacing the index's. Any
//! other change to the store (a load) leaves the delta stale, and the next report rebuilds.

use super::cache::{Stamp, read_stamp};
use super::index::{IndexBuilder, IndexedClaim};
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::store::{ClaimStore, Quads, write_atomically};
use crate::vocab::cg;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::iter::Peekable;
use std::path::Path;

pub(super) const FILE: &str = "delta.jsonl";

/// The first line of the delta file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The index file the rows apply to.
    base: Stamp,
    /// The store state index and delta together describe.
    stamp: Stamp,
    /// Rows of claims the index file lacks.
    added: usize,
}

/// The order of rows in the index: dated first, by date, then by IRI.
type Key = (bool, Option<String>, String);

fn key(row: &IndexedClaim) -> Key {
    (
        row.first_reported.is_none(),
        row.first_reported.clone(),
        row.claim.clone(),
    )
}

/// A delta read back.
pub(super) struct Delta {
    pub(super) base: Stamp,
    pub(super) stamp: Stamp,
    pub(super) added: usize,
    rows: BTreeMap<Key, IndexedClaim>,
}

/// The delta in `dir`, if there is a readable one.
pub(super) fn read(dir: &Path) -> Option<Delta> {
    let mut lines = BufReader::new(File::open(dir.join(FILE)).ok()?).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    let mut rows = BTreeMap::new();
    for line in lines {
        let row: IndexedClaim = serde_json::from_str(&line.ok()?).ok()?;
        rows.insert(key(&row), row);
    }
    Some(Delta {
        base: header.base,
        stamp: header.stamp,
        added: header.added,
        rows,
    })
}

/// Brings the index up to `stamp` after an edit that `added` claims and `changed` others,
/// when the index (with its delta) described the store just before the edit; otherwise
/// leaves it for the next report to rebuild.
pub(super) fn record(
    store: &ClaimStore,
    dir: &Path,
    stamp: &Stamp,
    added: &[NamedNode],
    changed: &[NamedNode],
) -> Result<()> {
    let Some(base) = read_stamp(dir) else {
        return Ok(());
    };
    let mut delta = read(dir)
        .filter(|delta| delta.base == base)
        .unwrap_or_else(|| Delta {
            base: base.clone(),
            stamp: base.clone(),
            added: 0,
            rows: BTreeMap::new(),
        });
    if delta.stamp.generation + 1 != stamp.generation {
        return Ok(());
    }
    let updated: HashSet<&str> = added.iter().chain(changed).map(NamedNode::as_str).collect();
    delta
        .rows
        .retain(|_, row| !updated.contains(row.claim.as_str()));
    for claim in added.iter().chain(changed) {
        if let Some(row) = row_from_store(store, claim)? {
            delta.rows.insert(key(&row), row);
        }
    }
    let header = Header {
        base,
        stamp: stamp.clone(),
        added: delta.added + added.len(),
    };
    write_atomically(&dir.join(FILE), |out| {
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        for row in delta.rows.values() {
            serde_json::to_writer(&mut *out, row)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// The index's rows with the delta's in their place, in index order.
pub(super) fn merge(
    base: Box<dyn Iterator<Item = Result<IndexedClaim>>>,
    delta: Delta,
) -> Box<dyn Iterator<Item = Result<IndexedClaim>>> {
    let replaced: HashSet<String> = delta.rows.values().map(|r| r.claim.clone()).collect();
    let base = base.filter(move |row| {
        row.as_ref()
            .map_or(true, |row| !replaced.contains(&row.claim))
    });
    Box::new(Merge {
        base: base.peekable(),
        delta: delta.rows.into_iter().peekable(),
    })
}

struct Merge<B: Iterator<Item = Result<IndexedClaim>>> {
    base: Peekable<B>,
    delta: Peekable<std::collections::btree_map::IntoIter<Key, IndexedClaim>>,
}

impl<B: Iterator<Item = Result<IndexedClaim>>> Iterator for Merge<B> {
    type Item = Result<IndexedClaim>;

    fn next(&mut self) -> Option<Self::Item> {
        let delta_first = match (self.base.peek(), self.delta.peek()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(Err(_)), Some(_)) => false,
            (Some(Ok(base)), Some((delta, _))) => *delta < key(base),
        };
        if delta_first {
            self.delta.next().map(|(_, row)| Ok(row))
        } else {
            self.base.next()
        }
    }
}

/// The index row of `claim`, from the store itself: its facts and those of what its row
/// shows (sources, publishers, claimants, grades, quote, history, contradicting claims).
fn row_from_store(store: &ClaimStore, claim: &NamedNode) -> Result<Option<IndexedClaim>> {
    let data = store.db();
    let mut facts = Facts::default();
    let mut seen: HashSet<NamedNode> = HashSet::new();
    let mut observe = |facts: &mut Facts, subject: &NamedNode| -> Result<Vec<NamedNode>> {
        let mut linked = Vec::new();
        if !seen.insert(subject.clone()) {
            return Ok(linked);
        }
        for quad in data.quads(Some(subject.as_ref().into()), None, None, None)? {
            facts.observe(quad.as_ref());
            if let Term::NamedNode(object) = quad.object {
                linked.push(object);
            }
        }
        Ok(linked)
    };
    // The claim, what it links to, and what those link to (a source's publisher).
    for linked in observe(&mut facts, claim)? {
        for next in observe(&mut facts, &linked)? {
            observe(&mut facts, &next)?;
        }
    }
    for quad in data.quads(
        None,
        Some(cg::CONTRADICTS),
        Some(claim.as_ref().into()),
        None,
    )? {
        if let NamedOrBlankNode::NamedNode(other) = quad.subject {
            observe(&mut facts, &other)?;
        }
    }
    let builder = IndexBuilder::new([&facts]);
    let mut found = None;
    builder.write_rows(|row| {
        if row.claim == claim.as_str() {
            found = Some(row);
        }
        Ok::<_, Error>(())
    })?;
    Ok(found)
}
