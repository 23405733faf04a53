//! The one way the store changes, whole or not at all, even when the process is killed.
//!
//! A write is a *unit*: the quads go into one oxigraph transaction or one bulk load, which the
//! database commits atomically, and then the files beside the database (each graph's claim
//! facts, the manifest) are brought up to date. A kill can fall between the two, so a unit
//! runs in this order:
//!
//! 1. `pending-write.json` records what the unit is about to do (its generation number, the
//!    graphs, their new records);
//! 2. the database commits the data together with a *marker* quad naming that generation;
//! 3. the facts files and the manifest are written, then the marker and the pending record
//!    are removed.
//!
//! The next process to open the store finds a pending record and looks for its marker: there,
//! the data was committed and step 3 is done again from what the store holds; absent, nothing
//! was committed and the record is dropped. Either way the store is the state before the unit
//! or the state after it, and the claim index, built from the facts, agrees with the data.
//!
//! A bulk load cannot delete, so replacing a large graph loads the new content twice in one
//! commit: into the graph, and into a staging graph. Removing the old quads (those of the
//! graph that are not in the staging graph) and then the staging graph can be done again
//! after a kill until it is done, because the staging graph disappears only once, atomically,
//! at the end.

use super::files::{read_json, remove, write_atomically, write_json};
use super::read::Quads;
use super::status;
use super::{ClaimStore, GraphRecord, Notice, Origin, SHIPPED, ShippedFile, graph_key};
use crate::error::Result;
use crate::facts::{Facts, Prop};
use crate::parse;
use crate::vocab::{EDITS_GRAPH, cg};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
};
use oxigraph::store::Transaction;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

/// How a unit's quads reach the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// One transaction: the fastest for small inputs.
    Transaction,
    /// oxigraph's bulk loader: several times faster for large inputs, and it writes nothing
    /// until its commit.
    Bulk,
}

/// What a load into one graph did.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    /// Quads read from the input.
    pub(crate) quads: u64,
    /// The graph already held quads and was not replaced: the new ones were added.
    pub(crate) merged: bool,
    /// Graphs of `also_replace` that the input no longer holds: they were dropped.
    pub(crate) dropped: Vec<NamedNode>,
}

/// The graph where a unit's marker lives between its commit and the end of its bookkeeping.
const PENDING_GRAPH: &str = "urn:claimgraph:pending-write";
const STAGING_GRAPH: &str = "urn:claimgraph:staging:";
const INTENT_FILE: &str = "pending-write.json";

/// Graphs that claimgraph uses for its own bookkeeping, never shown as the user's.
pub(crate) fn is_reserved(graph: NamedNodeRef<'_>) -> bool {
    graph.as_str() == PENDING_GRAPH || graph.as_str().starts_with(STAGING_GRAPH)
}

/// True when a killed process left a write whose end is not recorded.
pub(crate) fn interrupted(dir: &Path) -> bool {
    dir.join(INTENT_FILE).exists()
}

fn marker(generation: u64) -> Quad {
    Quad::new(
        NamedNode::new_unchecked(format!("urn:claimgraph:write:{generation}")),
        NamedNode::new_unchecked("urn:claimgraph:committed"),
        Literal::new_typed_literal(generation.to_string(), xsd::INTEGER),
        NamedNode::new_unchecked(PENDING_GRAPH),
    )
}

/// What `pending-write.json` says: enough to finish a unit from the database alone.
#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    generation: u64,
    /// The keys of the graphs whose content changes.
    graphs: BTreeSet<String>,
    /// The manifest records to set; `None` removes a graph's record.
    records: BTreeMap<String, Option<GraphRecord>>,
    /// A replacement by bulk load still to be cleaned up: (graph, staging graph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    staging: Option<(String, String)>,
}

/// A write in progress: what it changes, and the facts it saw go by.
struct Unit {
    intent: Intent,
    /// The graph most quads go into, with its facts kept apart so that the common case
    /// costs one comparison per quad.
    target: Option<GraphName>,
    target_facts: Facts,
    other_facts: HashMap<GraphName, Facts>,
    /// Graphs whose facts are replaced by what was seen, rather than added to.
    replaced: HashSet<String>,
}

impl Unit {
    fn new(generation: u64, target: Option<GraphName>) -> Self {
        Self {
            intent: Intent {
                generation,
                graphs: BTreeSet::new(),
                records: BTreeMap::new(),
                staging: None,
            },
            target,
            target_facts: Facts::default(),
            other_facts: HashMap::new(),
            replaced: HashSet::new(),
        }
    }

    fn observe(&mut self, quad: &Quad) {
        self.facts_of(&quad.graph_name).observe(quad.as_ref());
    }

    fn observe_removed(&mut self, quad: &Quad) {
        self.facts_of(&quad.graph_name)
            .observe_removed(quad.as_ref());
    }

    fn facts_of(&mut self, graph: &GraphName) -> &mut Facts {
        if self.target.as_ref() == Some(graph) {
            &mut self.target_facts
        } else {
            self.other_facts.entry(graph.clone()).or_default()
        }
    }

    /// The claims the unit gave status changes.
    fn changed_claims(&self) -> Vec<String> {
        let mut claims = self.target_facts.subjects_with(Prop::StatusChange);
        for facts in self.other_facts.values() {
            claims.extend(facts.subjects_with(Prop::StatusChange));
        }
        claims.sort();
        claims.dedup();
        claims
    }

    /// Takes the status fixes of the claims `fixes` into the unit's facts.
    fn observe_fixes(&mut self, fixes: &[status::Fix]) {
        for fix in fixes {
            for quad in &fix.remove {
                self.observe_removed(quad);
            }
            if let Some(quad) = &fix.insert {
                self.observe(quad);
            }
        }
    }

    /// Records that `graph` is emptied (and refilled, if quads for it follow).
    fn replace(&mut self, graph: &NamedNode) {
        self.replaced.insert(graph.as_str().to_owned());
        self.intent.graphs.insert(graph.as_str().to_owned());
    }

    fn set_record(&mut self, graph: &NamedNode, record: Option<GraphRecord>) {
        self.intent.graphs.insert(graph.as_str().to_owned());
        self.intent
            .records
            .insert(graph.as_str().to_owned(), record);
    }

    /// Every touched graph's key with the facts seen for it.
    fn into_facts(mut self) -> (Intent, HashSet<String>, Vec<(String, Facts)>) {
        let mut facts: Vec<(String, Facts)> = self
            .other_facts
            .into_iter()
            .map(|(graph, facts)| (graph_key(&graph), facts))
            .collect();
        if let Some(target) = &self.target {
            facts.push((graph_key(target), self.target_facts));
        }
        for (key, _) in &facts {
            self.intent.graphs.insert(key.clone());
        }
        for key in &self.intent.graphs {
            if !facts.iter().any(|(k, _)| k == key) {
                facts.push((key.clone(), Facts::default()));
            }
        }
        (self.intent, self.replaced, facts)
    }
}

impl ClaimStore {
    /// Loads `quads` into the store as one unit, with `graph` as the graph they mostly go to
    /// (cleared first when `replace`). `record`, called once the quads are all read, is what
    /// the manifest keeps of `graph`; `committed` is called once the database holds them.
    ///
    /// A dataset file may hold other graphs besides `graph`: they are recorded as the input's
    /// too (the caller has checked that no one else owns them). `also_replace` are the other
    /// graphs the same input loaded before: with `replace` they are emptied first, and those
    /// the input no longer holds are dropped. The bulk loader cannot empty graphs, so it is
    /// used only when `also_replace` is empty.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn load_graph(
        &mut self,
        graph: &NamedNode,
        replace: bool,
        also_replace: &[NamedNode],
        method: Method,
        quads: impl Iterator<Item = Result<Quad>>,
        record: impl FnOnce() -> GraphRecord,
        committed: impl FnOnce(),
    ) -> Result<Written> {
        self.ensure_writable()?;
        let also_replace = if replace { also_replace } else { &[] };
        let method = if also_replace.is_empty() {
            method
        } else {
            Method::Transaction
        };
        let generation = self.manifest.generation + 1;
        let merged = !replace && !self.is_empty_graph(graph.into())?;
        let mut unit = Unit::new(generation, Some(GraphName::from(graph.clone())));
        if !merged {
            // Replaced, or empty until now: its facts are the ones this write sees.
            unit.replace(graph);
        }
        for other in also_replace {
            unit.replace(other);
        }
        let mut count = 0u64;
        let dropped;
        let on_disk = self.dir().is_some();
        // The manifest records every named graph the input wrote into as the input's, and
        // forgets those of its earlier graphs it no longer fills; returns the latter.
        let record_all = |unit: &mut Unit, record: GraphRecord| -> Vec<NamedNode> {
            let others: Vec<NamedNode> = unit
                .other_facts
                .keys()
                .filter_map(|g| match g {
                    GraphName::NamedNode(n) => Some(n.clone()),
                    _ => None,
                })
                .collect();
            let dropped: Vec<NamedNode> = also_replace
                .iter()
                .filter(|other| !others.contains(other))
                .cloned()
                .collect();
            for other in &dropped {
                unit.set_record(other, None);
            }
            for other in &others {
                let part = GraphRecord {
                    part_of: Some(graph.as_str().to_owned()),
                    ..record.clone()
                };
                unit.set_record(other, Some(part));
            }
            unit.set_record(graph, Some(record));
            dropped
        };
        match method {
            Method::Transaction => {
                let mut transaction = self.db.start_transaction()?;
                if replace {
                    transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
                }
                for other in also_replace {
                    transaction.remove_named_graph(other.as_ref())?;
                }
                for quad in quads {
                    let quad = quad?;
                    unit.observe(&quad);
                    transaction.insert(&quad);
                    count += 1;
                }
                dropped = record_all(&mut unit, record());
                self.begin(&mut unit.intent)?;
                if on_disk {
                    transaction.insert(&marker(generation));
                }
                transaction.commit()?;
                committed();
            }
            Method::Bulk => {
                let staging = replace
                    .then(|| NamedNode::new_unchecked(format!("{STAGING_GRAPH}{generation}")));
                let target = GraphName::from(graph.clone());
                let mut loader = self.db.bulk_loader();
                let stream = quads
                    .inspect(|quad| {
                        if let Ok(quad) = quad {
                            unit.observe(quad);
                            count += 1;
                        }
                    })
                    .flat_map(|quad| {
                        let copy = match (&quad, &staging) {
                            (Ok(quad), Some(staging)) if quad.graph_name == target => {
                                let mut copy = quad.clone();
                                copy.graph_name = staging.clone().into();
                                Some(Ok(copy))
                            }
                            _ => None,
                        };
                        std::iter::once(quad).chain(copy)
                    })
                    .chain(on_disk.then(|| Ok(marker(generation))))
                    .chain(staging.as_ref().map(|s| Ok(staging_sentinel(s))));
                loader.load_ok_quads::<crate::Error, crate::Error>(stream)?;
                dropped = record_all(&mut unit, record());
                if let Some(staging) = &staging {
                    unit.intent.staging = Some((graph.as_str().into(), staging.as_str().into()));
                }
                self.begin(&mut unit.intent)?;
                loader.commit()?;
                committed();
                if let Some(staging) = &staging {
                    self.finish_staging(graph, staging)?;
                }
            }
        }
        let fixes = self.fix_statuses(&unit.intent.graphs, Some(unit.changed_claims()))?;
        unit.observe_fixes(&fixes);
        self.finish(unit)?;
        Ok(Written {
            quads: count,
            merged,
            dropped,
        })
    }

    /// Step 1: say what is about to happen, for a process that finds the unit interrupted.
    /// The edits graph is named too when there are edits: a write to a claim's file may
    /// bring its old status back, which the unit then takes out again (see `status`).
    fn begin(&self, intent: &mut Intent) -> Result<()> {
        if self.has_edits()? {
            intent.graphs.insert(EDITS_GRAPH.to_owned());
        }
        match self.dir() {
            Some(dir) => write_json(&dir.join(INTENT_FILE), intent),
            None => Ok(()),
        }
    }

    fn has_edits(&self) -> Result<bool> {
        Ok(self
            .db
            .contains_named_graph(NamedNodeRef::new_unchecked(EDITS_GRAPH))?)
    }

    /// After a write to `graphs`: makes the status of every claim whose history or status
    /// now spans graphs agree with its history again, in one transaction (which an
    /// interrupted unit's recovery repeats). The claims to look at are those the write gave
    /// status changes (`changed`; `None`: every claim with a change in `graphs`), and the
    /// edited claims whose status `graphs` state. Returns what it changed.
    fn fix_statuses(
        &self,
        graphs: &BTreeSet<String>,
        changed: Option<Vec<String>>,
    ) -> Result<Vec<status::Fix>> {
        let names: Vec<GraphName> = graphs.iter().map(|g| super::graph_name_of_key(g)).collect();
        let mut candidates: Vec<NamedNode> = match changed {
            Some(claims) => claims.into_iter().map(NamedNode::new_unchecked).collect(),
            None => {
                let mut claims = Vec::new();
                for graph in &names {
                    for quad in Quads::quads(
                        &self.db,
                        None,
                        Some(cg::STATUS_CHANGE),
                        None,
                        Some(graph.as_ref()),
                    )? {
                        if let NamedOrBlankNode::NamedNode(claim) = quad.subject {
                            claims.push(claim);
                        }
                    }
                }
                claims
            }
        };
        // A claim whose status and history sit in one graph is as that graph says. Only a
        // claim that the other graphs' facts also give a status or a change can span graphs:
        // looking each claim up in the store would cost a million lookups after a large load.
        if candidates.len() > 64 {
            let mut elsewhere: HashSet<String> = HashSet::new();
            for key in self.graph_keys()? {
                if graphs.contains(&key) {
                    continue;
                }
                let facts = self.facts(&key)?;
                elsewhere.extend(facts.subjects_with(Prop::StatusChange));
                elsewhere.extend(facts.subjects_with(Prop::Status));
            }
            candidates.retain(|claim| elsewhere.contains(claim.as_str()));
        }
        let mut spanning = Vec::new();
        for claim in candidates.drain(..) {
            let subject = Some(claim.as_ref().into());
            let mut homes: Vec<GraphName> =
                Quads::quads(&self.db, subject, Some(cg::STATUS), None, None)?
                    .into_iter()
                    .chain(Quads::quads(
                        &self.db,
                        subject,
                        Some(cg::STATUS_CHANGE),
                        None,
                        None,
                    )?)
                    .map(|q| q.graph_name)
                    .collect();
            homes.sort_by_cached_key(ToString::to_string);
            homes.dedup();
            if homes.len() > 1 {
                spanning.push(claim);
            }
        }
        if self.has_edits()? {
            let edits = GraphName::from(NamedNode::new_unchecked(EDITS_GRAPH));
            for claim in status::edited_claims(&self.db)? {
                for graph in names.iter().filter(|g| **g != edits) {
                    let stated = Quads::quads(
                        &self.db,
                        Some(claim.as_ref().into()),
                        Some(cg::STATUS),
                        None,
                        Some(graph.as_ref()),
                    )?;
                    if !stated.is_empty() {
                        spanning.push(claim.clone());
                        break;
                    }
                }
            }
        }
        spanning.sort();
        spanning.dedup();
        let mut fixes = Vec::new();
        for claim in spanning {
            let fix = status::fix(&self.db, claim.as_ref())?;
            if !fix.remove.is_empty() || fix.insert.is_some() {
                fixes.push(fix);
            }
        }
        if !fixes.is_empty() {
            let mut transaction = self.db.start_transaction()?;
            for fix in &fixes {
                for quad in &fix.remove {
                    transaction.remove(quad);
                }
                if let Some(quad) = &fix.insert {
                    transaction.insert(quad);
                }
            }
            transaction.commit()?;
        }
        Ok(fixes)
    }

    /// Writes an edit as one unit in one transaction: `edit` adds and removes quads through
    /// the [`Edit`] it is given (reading the store as changed so far), the status of each
    /// claim it names is brought in line with its history, and `check` is given the result to
    /// read (with what `edit` returned) before it commits. An error from either leaves the store unchanged.
    pub(crate) fn apply_edit<T>(
        &mut self,
        edit: impl FnOnce(&mut Edit<'_, '_>) -> Result<T>,
        check: impl FnOnce(&T, &dyn Quads) -> Result<()>,
    ) -> Result<T> {
        self.ensure_writable()?;
        let generation = self.manifest.generation + 1;
        let edits = NamedNode::new_unchecked(EDITS_GRAPH);
        let mut unit = Unit::new(generation, Some(GraphName::from(edits.clone())));
        let mut transaction = self.db.start_transaction()?;
        let mut editing = Edit {
            transaction: &mut transaction,
            unit: &mut unit,
            claims: Vec::new(),
        };
        let made = edit(&mut editing)?;
        let mut claims = std::mem::take(&mut editing.claims);
        claims.sort();
        claims.dedup();
        let mut fixes = Vec::new();
        for claim in &claims {
            let fix = status::fix(&transaction, claim.as_ref())?;
            for quad in &fix.remove {
                transaction.remove(quad);
            }
            if let Some(quad) = &fix.insert {
                transaction.insert(quad);
            }
            fixes.push(fix);
        }
        unit.observe_fixes(&fixes);
        check(&made, &transaction)?;
        unit.set_record(&edits, Some(edits_record()));
        self.begin(&mut unit.intent)?;
        if self.dir().is_some() {
            transaction.insert(&marker(generation));
        }
        transaction.commit()?;
        self.finish(unit)?;
        Ok(made)
    }

    /// Drops `graph`, its content and its manifest record, as one unit; the claims whose
    /// status it stated follow their history in what is left.
    pub(crate) fn drop_graph(&mut self, graph: &NamedNode) -> Result<()> {
        self.ensure_writable()?;
        let generation = self.manifest.generation + 1;
        let mut unit = Unit::new(generation, None);
        // Claims whose history loses changes: after the drop, the graph cannot tell them.
        let changed: Vec<String> = status::changed_in(&self.db, graph.as_ref())?
            .into_iter()
            .map(NamedNode::into_string)
            .collect();
        let mut transaction = self.db.start_transaction()?;
        transaction.remove_named_graph(graph.as_ref())?;
        unit.replace(graph);
        unit.set_record(graph, None);
        self.begin(&mut unit.intent)?;
        if self.dir().is_some() {
            transaction.insert(&marker(generation));
        }
        transaction.commit()?;
        let fixes = self.fix_statuses(&unit.intent.graphs, Some(changed))?;
        unit.observe_fixes(&fixes);
        self.finish(unit)
    }

    /// Step 3: the facts files, the manifest, then the marker and the pending record.
    fn finish(&mut self, unit: Unit) -> Result<()> {
        let (intent, replaced, facts) = unit.into_facts();
        for (key, seen) in facts {
            let dropped = matches!(intent.records.get(&key), Some(None));
            if replaced.contains(&key) || dropped {
                self.keep_facts(&key, seen, dropped)?;
            } else if seen.is_empty() {
                continue;
            } else if let Some(path) = self.facts_path(&key).filter(|p| p.exists()) {
                // What the graph held before, and then what was added: a log, appended to.
                // Appending keeps a small edit cheap on a large graph; a kill in the middle
                // leaves a file that reads as damaged, so the graph is read again.
                append(&path, seen.records_bytes())?;
                // A copy kept in memory since an earlier write lacks what was just appended:
                // the file is the one to read from now on.
                self.facts
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .remove(&key);
            } else {
                let facts = match self.kept_facts(&key)? {
                    Some(kept) => {
                        let mut facts = Arc::unwrap_or_clone(kept);
                        facts.merge(seen);
                        facts
                    }
                    // Never extracted (another tool wrote it): the store, which now holds
                    // the new quads too, has it all.
                    None => self.facts_from_store(&key)?,
                };
                self.keep_facts(&key, facts, dropped)?;
            }
        }
        self.close(intent)
    }

    /// Writes (or, for a dropped graph, removes) a graph's facts file, and keeps the facts in
    /// memory for the claim index that is usually built next.
    fn keep_facts(&mut self, key: &str, facts: Facts, dropped: bool) -> Result<()> {
        if let Some(path) = self.facts_path(key) {
            if dropped {
                remove(&path)?;
            } else {
                write_atomically(&path, |out| {
                    std::io::Write::write_all(out, facts.as_bytes())
                })?;
            }
        }
        let mut cache = self
            .facts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if dropped {
            cache.remove(key);
        } else {
            cache.insert(key.to_owned(), Arc::new(facts));
        }
        Ok(())
    }

    /// The manifest, then the marker and the pending record: the unit is done.
    fn close(&mut self, intent: Intent) -> Result<()> {
        for (graph, record) in intent.records {
            match record {
                Some(record) => self.manifest.graphs.insert(graph, record),
                None => self.manifest.graphs.remove(&graph),
            };
        }
        self.manifest.generation = intent.generation;
        let Some(dir) = self.dir().map(Path::to_path_buf) else {
            return Ok(());
        };
        self.manifest.save(&dir)?;
        self.db.remove(&marker(intent.generation))?;
        // A committed transaction sits in the write-ahead log, which every later open of the
        // store would replay; write it out once instead. On a full disk that fails while the
        // write itself is done: readers replay the log in memory, so it is a notice, not an
        // error that would call a committed write failed.
        if let Err(error) = self.db.flush() {
            self.notice(Notice::NotFlushed {
                reason: error.to_string(),
            });
        }
        remove(&dir.join(INTENT_FILE))
    }

    /// Removes from `graph` what is not in `staging`, then `staging` itself. Safe to run again
    /// after a kill: `staging` goes away last, in one transaction, and is never empty before.
    fn finish_staging(&self, graph: &NamedNode, staging: &NamedNode) -> Result<()> {
        const CHUNK: usize = 100_000;
        if !self.db.contains_named_graph(staging.as_ref())? {
            return Ok(());
        }
        let mut old = Vec::with_capacity(CHUNK);
        let flush = |old: &mut Vec<Quad>| -> Result<()> {
            let mut transaction = self.db.start_transaction()?;
            for quad in old.drain(..) {
                transaction.remove(&quad);
            }
            Ok(transaction.commit()?)
        };
        for quad in self
            .db
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
        {
            let quad = quad?;
            let in_new = self.db.contains(QuadRef::new(
                &quad.subject,
                &quad.predicate,
                &quad.object,
                staging.as_ref(),
            ))?;
            if !in_new {
                old.push(quad);
                if old.len() == CHUNK {
                    flush(&mut old)?;
                }
            }
        }
        flush(&mut old)?;
        self.db.remove_named_graph(staging.as_ref())?;
        Ok(())
    }

    /// Finishes or abandons a unit that a killed process left (see the module docs), and
    /// removes the bulk loader's temporary files that it left.
    pub(super) fn recover(&mut self) -> Result<()> {
        let Some(dir) = self.dir().map(Path::to_path_buf) else {
            return Ok(());
        };
        remove_bulk_leftovers(&dir.join("oxigraph"))?;
        let Some(intent) = read_json::<Intent>(&dir.join(INTENT_FILE))? else {
            return Ok(());
        };
        let graphs: Vec<String> = intent.graphs.iter().cloned().collect();
        if intent.generation <= self.manifest.generation {
            // Only the last step was cut short.
            self.db.remove(&marker(intent.generation))?;
            return remove(&dir.join(INTENT_FILE));
        }
        if !self.db.contains(&marker(intent.generation))? {
            self.notice(Notice::Abandoned { graphs });
            return remove(&dir.join(INTENT_FILE));
        }
        if let Some((graph, staging)) = &intent.staging {
            self.finish_staging(
                &NamedNode::new_unchecked(graph.as_str()),
                &NamedNode::new_unchecked(staging.as_str()),
            )?;
        }
        self.fix_statuses(&intent.graphs, None)?;
        for key in &intent.graphs {
            let dropped = matches!(intent.records.get(key), Some(None));
            let facts = self.facts_from_store(key)?;
            self.keep_facts(key, facts, dropped)?;
        }
        self.close(intent)?;
        self.notice(Notice::Completed { graphs });
        Ok(())
    }

    /// Loads the shipped files that the store lacks or holds in an older version, and drops
    /// the shipped graphs the binary no longer carries, in one unit.
    pub(super) fn refresh_shipped(&mut self) -> Result<()> {
        let stale: Vec<ShippedFile> = self.shipped_to_refresh().collect();
        let dropped = self.shipped_to_drop();
        if stale.is_empty() && dropped.is_empty() {
            return Ok(());
        }
        let generation = self.manifest.generation + 1;
        let mut unit = Unit::new(generation, None);
        let mut transaction = self.db.start_transaction()?;
        for graph in &dropped {
            transaction.remove_named_graph(graph.as_ref())?;
            unit.replace(graph);
            unit.set_record(graph, None);
        }
        for file in &stale {
            let graph = file.graph();
            transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
            unit.replace(&graph);
            for quad in parse::turtle_quads(file.content, file.path, Some(&graph)) {
                let quad = quad?;
                unit.observe(&quad);
                transaction.insert(&quad);
            }
            unit.set_record(
                &graph,
                Some(GraphRecord {
                    origin: Origin::Shipped {
                        path: file.path.into(),
                    },
                    sha256: file.sha256().to_owned(),
                    size: file.content.len() as u64,
                    modified: None,
                    part_of: None,
                }),
            );
        }
        self.begin(&mut unit.intent)?;
        let on_disk = self.dir().is_some();
        if on_disk {
            transaction.insert(&marker(generation));
        }
        transaction.commit()?;
        // A reloaded file may state again a status that edits have since changed.
        let fixes = self.fix_statuses(&unit.intent.graphs, Some(unit.changed_claims()))?;
        unit.observe_fixes(&fixes);
        self.finish(unit)?;
        if on_disk {
            self.notice(Notice::Seeded { files: stale.len() });
        }
        Ok(())
    }

    /// The shipped files the store lacks or holds in an older version.
    pub(super) fn shipped_to_refresh(&self) -> impl Iterator<Item = ShippedFile> + '_ {
        SHIPPED.iter().copied().filter(|file| {
            self.manifest
                .graphs
                .get(file.graph().as_str())
                .is_none_or(|record| record.sha256 != file.sha256())
        })
    }

    /// The graphs recorded as shipped that the binary no longer carries.
    pub(super) fn shipped_to_drop(&self) -> Vec<NamedNode> {
        let shipped: Vec<String> = SHIPPED.iter().map(|f| f.graph().into_string()).collect();
        self.manifest
            .graphs
            .iter()
            .filter(|(iri, record)| {
                matches!(record.origin, Origin::Shipped { .. }) && !shipped.contains(iri)
            })
            .map(|(iri, _)| NamedNode::new_unchecked(iri.as_str()))
            .collect()
    }
}

/// An edit under way (see [`ClaimStore::apply_edit`]): every change goes through it, so that
/// the facts the claim index is built from see exactly what the transaction changed.
pub(crate) struct Edit<'a, 't> {
    transaction: &'a mut Transaction<'t>,
    unit: &'a mut Unit,
    claims: Vec<NamedNode>,
}

impl<'t> Edit<'_, 't> {
    /// Adds `quad`; false when the store held it already.
    pub(crate) fn insert(&mut self, quad: &Quad) -> Result<bool> {
        if self.transaction.contains(quad)? {
            return Ok(false);
        }
        self.transaction.insert(quad);
        self.unit.observe(quad);
        Ok(true)
    }

    /// Removes `quad`; false when the store did not hold it.
    pub(crate) fn remove(&mut self, quad: &Quad) -> Result<bool> {
        if !self.transaction.contains(quad)? {
            return Ok(false);
        }
        self.transaction.remove(quad);
        self.unit.observe_removed(quad);
        Ok(true)
    }

    /// The claim's status is to follow its history once the edit is made.
    pub(crate) fn follow_history(&mut self, claim: NamedNode) {
        self.claims.push(claim);
    }

    /// The store as the edit has changed it so far.
    pub(crate) fn data(&self) -> &Transaction<'t> {
        self.transaction
    }
}

/// The manifest's record of the edits graph.
pub(crate) fn edits_record() -> GraphRecord {
    GraphRecord {
        origin: Origin::Edits,
        sha256: String::new(),
        size: 0,
        modified: None,
        part_of: None,
    }
}

/// Appends `bytes` to the file at `path`.
fn append(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|source| crate::Error::Write {
            path: path.into(),
            source,
        })
}

/// Keeps the staging graph from ever being empty, so that "it exists" means "it is whole".
fn staging_sentinel(staging: &NamedNode) -> Quad {
    Quad::new(
        NamedNode::new_unchecked("urn:claimgraph:staging"),
        NamedNode::new_unchecked("urn:claimgraph:staging"),
        Literal::new_simple_literal(staging.as_str()),
        staging.clone(),
    )
}

/// The bulk loader writes `bulk-*.sst` files into the database directory and removes them at
/// its commit; a killed load leaves them, and only a writer (nobody else loading) may remove
/// them.
fn remove_bulk_leftovers(db: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(db) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            remove(&entry.path())?;
        }
    }
    Ok(())
}
