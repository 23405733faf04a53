//! The store: a RocksDB database (or one in memory), the knowledge base it starts with, the
//! record of where each graph came from, and the one path by which anything changes it.
//!
//! A store directory holds the database (`oxigraph/`, which the oxigraph CLI can open too),
//! `manifest.json` (each graph's origin and content hash, and a write count), `lock` (one
//! writer or many readers, see `lock`), and `claims-index/`, files derived from the data
//! that the claim report reads. Every change goes through [`ClaimStore`]'s write path
//! (`write`), which keeps the manifest and the derived files right and survives being
//! killed at any point; reads take `&self`, so many can run at once.

mod files;
mod lock;
mod manifest;
mod notice;
mod read;
mod shipped;
mod status;
mod write;

pub(crate) use files::{hex, modified_seconds, remove as remove_file, write_atomically};
pub use lock::{OnWait, Wait};
pub use manifest::{GraphRecord, Origin};
pub use notice::Notice;
pub(crate) use read::{Amended, Overlay, Quads};
pub use shipped::{SHIPPED, ShippedFile};
pub(crate) use status::fix as status_fix;
pub(crate) use write::{Edit, Method, edits_record};

use crate::error::{Error, Result};
use crate::facts::Facts;
use lock::{Mode, StoreLock};
use manifest::Manifest;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In memory, for this process only, seeded with the shipped knowledge base.
    Memory,
    /// A store directory on disk.
    Disk(PathBuf),
}

impl Location {
    /// The store used when none is named: `$XDG_DATA_HOME/claimgraph/store` (on Linux
    /// `~/.local/share/claimgraph/store`).
    pub fn default_dir() -> PathBuf {
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("claimgraph")
            .join("store")
    }
}

/// Whether a process only reads the store or also writes to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Queries and reports: any number of readers at once, while nobody writes.
    Read,
    /// Loading and other changes: one process at a time, while nobody reads.
    Write,
}

/// How to open a store.
pub struct OpenOptions {
    /// Reading or writing.
    pub access: Access,
    /// How long to wait when another process holds the store.
    pub wait: Wait,
    /// Who this process is, for the messages of processes that wait for it
    /// (`claimgraph load x.ttl (pid 12)`).
    pub holder: String,
    /// Say who this process is to writers even while it only reads: for long-lived readers
    /// (a server), so that a writer is told who holds the store, not just "readers".
    pub announce: bool,
}

impl OpenOptions {
    /// `access`, failing at once when the store is busy.
    pub fn new(access: Access) -> Self {
        Self {
            access,
            wait: Wait::none(),
            holder: format!("a claimgraph process (pid {})", std::process::id()),
            announce: false,
        }
    }
}

/// The graph key of the default graph, among graph names kept as strings.
pub(crate) const DEFAULT_GRAPH_KEY: &str = "DEFAULT";

/// An open store with its manifest.
pub struct ClaimStore {
    db: Store,
    location: Location,
    manifest: Manifest,
    /// Held for as long as the store is open; `None` in memory.
    lock: Option<StoreLock>,
    notices: Mutex<Vec<Notice>>,
    /// The claim facts of the graphs this process has read or written, by graph key. On disk
    /// they are also files; in memory this is the only copy.
    facts: Mutex<HashMap<String, Arc<Facts>>>,
}

impl ClaimStore {
    /// Opens (creating if needed) the store at `location`, failing at once if it is busy.
    pub fn open(location: &Location, access: Access) -> Result<Self> {
        Self::open_with(location, OpenOptions::new(access))
    }

    /// Opens (creating if needed) the store at `location`: finishes or abandons a write that
    /// a killed process left, seeds or refreshes the shipped graphs, and checks loaded files
    /// for changes. A reader opens the database read-only under a shared lock; when the
    /// store needs one of those repairs first, it takes the write lock for them, then reads.
    pub fn open_with(location: &Location, options: OpenOptions) -> Result<Self> {
        let dir = match location {
            Location::Memory => {
                let mut store =
                    Self::new(Store::new()?, location.clone(), Manifest::default(), None);
                store.refresh_shipped()?;
                return Ok(store);
            }
            Location::Disk(dir) => dir,
        };
        if options.access == Access::Write {
            let mut store = Self::open_disk(dir, Mode::Exclusive, &options)?;
            store.repair()?;
            store.check_loaded_files();
            return Ok(store);
        }
        let mut carried = Vec::new();
        loop {
            let store = Self::open_disk(dir, Mode::Shared, &options)?;
            if let Some(mut store) = store.ready_to_read()? {
                carried.append(&mut store.take_notices());
                store.notices = Mutex::new(carried);
                store.check_loaded_files();
                return Ok(store);
            }
            // Repair under the write lock, then read under the read lock. Another process may
            // repair in between; the loop then finds nothing left to do.
            let mut writer = Self::open_disk(dir, Mode::Exclusive, &options)?;
            writer.repair()?;
            carried.append(&mut writer.take_notices());
        }
    }

    fn new(db: Store, location: Location, manifest: Manifest, lock: Option<StoreLock>) -> Self {
        Self {
            db,
            location,
            manifest,
            lock,
            notices: Mutex::new(Vec::new()),
            facts: Mutex::new(HashMap::new()),
        }
    }

    /// Takes the lock, reads the manifest and opens the database: read-only under a shared
    /// lock (when there is a database to open), read-write under an exclusive one.
    fn open_disk(dir: &Path, mode: Mode, options: &OpenOptions) -> Result<Self> {
        let lock = StoreLock::acquire(dir, mode, &options.holder, options.announce, &options.wait)?;
        let manifest = Manifest::read(dir)?;
        let db_dir = dir.join("oxigraph");
        let db_existed = db_dir.exists();
        if !db_existed && !manifest.graphs.is_empty() {
            return Err(damaged(
                dir,
                format!(
                    "manifest.json lists {} graphs, but the database {} is missing",
                    manifest.graphs.len(),
                    db_dir.display()
                ),
            ));
        }
        let db = match mode {
            Mode::Shared if db_existed => Store::open_read_only(&db_dir),
            Mode::Shared => Store::new(),
            Mode::Exclusive => Store::open(&db_dir),
        }
        .map_err(|source| open_error(dir, source))?;
        if db_existed {
            check_agreement(dir, &manifest, &db)?;
        }
        Ok(Self::new(
            db,
            Location::Disk(dir.into()),
            manifest,
            Some(lock),
        ))
    }

    /// `Some(self)` when a reader can read the store as it is; `None` when it needs a repair
    /// that only a writer may make (an interrupted write, a missing database, shipped graphs
    /// to refresh).
    fn ready_to_read(self) -> Result<Option<Self>> {
        let dir = self.dir().expect("only disk stores are locked");
        let ready = dir.join("oxigraph").exists()
            && !write::interrupted(dir)
            && self.shipped_to_refresh().next().is_none()
            && self.shipped_to_drop().is_empty();
        Ok(ready.then_some(self))
    }

    /// What a writer does on opening: finish or abandon an interrupted write, then bring the
    /// shipped graphs up to date.
    fn repair(&mut self) -> Result<()> {
        self.recover()?;
        self.refresh_shipped()
    }

    /// The store directory, for a store on disk.
    pub(crate) fn dir(&self) -> Option<&Path> {
        match &self.location {
            Location::Memory => None,
            Location::Disk(dir) => Some(dir),
        }
    }

    /// The database, for the library's readers (SPARQL, export, validation). Writes go
    /// through the write path instead, which is why this is not public.
    pub(crate) fn db(&self) -> &Store {
        &self.db
    }

    /// What the user should be told about the store since it was opened (or since this was
    /// last called).
    pub fn take_notices(&self) -> Vec<Notice> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn notice(&self, notice: Notice) {
        self.notices
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(notice);
    }

    /// Counts the writes to the store: derived data built at one generation is current while
    /// the generation (and the set of graphs) is unchanged.
    pub(crate) fn generation(&self) -> u64 {
        self.manifest.generation
    }

    /// The named graphs in the store, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        let mut graphs = Vec::new();
        for graph in self.db.named_graphs() {
            let graph = graph?;
            if !matches!(&graph, NamedOrBlankNode::NamedNode(n) if write::is_reserved(n.as_ref())) {
                graphs.push(graph);
            }
        }
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// The named graphs' keys, and [`DEFAULT_GRAPH_KEY`] when the default graph holds
    /// anything: every graph whose facts a claim report needs.
    pub(crate) fn graph_keys(&self) -> Result<Vec<String>> {
        let mut keys: Vec<String> = self.graphs()?.iter().map(graph_key_of).collect();
        if !self.is_empty_graph(GraphNameRef::DefaultGraph)? {
            keys.push(DEFAULT_GRAPH_KEY.into());
        }
        Ok(keys)
    }

    /// The number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        Ok(self.db.len()?)
    }

    /// How many triples `graph` holds, counted by SPARQL on the encoded quads: reading them
    /// out would decode every term.
    pub(crate) fn graph_len(&self, graph: NamedNodeRef<'_>) -> Result<usize> {
        let text = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
        let results = SparqlEvaluator::new()
            .parse_query(&text)
            .expect("a COUNT over one graph is a valid query")
            .on_store(&self.db)
            .execute()
            .map_err(Error::QueryEvaluation)?;
        if let QueryResults::Solutions(mut solutions) = results
            && let Some(row) = solutions.next()
            && let Some(Term::Literal(n)) = row.map_err(Error::QueryEvaluation)?.get(0)
            && let Ok(n) = n.value().parse()
        {
            return Ok(n);
        }
        unreachable!("a COUNT answers one row with a number")
    }

    /// True when the store holds no quads at all.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.db.is_empty()?)
    }

    /// True when `graph` holds no quads.
    pub(crate) fn is_empty_graph(&self, graph: GraphNameRef<'_>) -> Result<bool> {
        Ok(self
            .db
            .quads_for_pattern(None, None, None, Some(graph))
            .next()
            .transpose()?
            .is_none())
    }

    /// True when some triple in some graph has `iri` as its subject.
    pub fn describes(&self, iri: NamedNodeRef<'_>) -> Result<bool> {
        Ok(self
            .db
            .quads_for_pattern(Some(iri.into()), None, None, None)
            .next()
            .transpose()?
            .is_some())
    }

    /// What the manifest records of `graph`.
    pub fn record(&self, graph: &NamedNode) -> Option<&GraphRecord> {
        self.manifest.graphs.get(graph.as_str())
    }

    /// Every graph the manifest records, with its record.
    pub fn records(&self) -> impl Iterator<Item = (NamedNode, &GraphRecord)> {
        self.manifest
            .graphs
            .iter()
            .map(|(graph, record)| (NamedNode::new_unchecked(graph.as_str()), record))
    }

    /// The claim facts of the graph with `key`: from memory, else from the graph's facts
    /// file, else read from the store itself (for graphs another tool wrote) and kept.
    pub(crate) fn facts(&self, key: &str) -> Result<Arc<Facts>> {
        if let Some(facts) = self.kept_facts(key)? {
            return Ok(facts);
        }
        let facts = Arc::new(self.facts_from_store(key)?);
        match self.facts_path(key) {
            Some(path) => write_atomically(&path, |out| {
                std::io::Write::write_all(out, facts.as_bytes())
            })?,
            None => {
                self.facts
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(key.to_owned(), Arc::clone(&facts));
            }
        }
        Ok(facts)
    }

    /// The claim facts kept for the graph with `key` (in memory or in its file), if any.
    fn kept_facts(&self, key: &str) -> Result<Option<Arc<Facts>>> {
        let path = self.facts_path(key);
        let mut cache = self.facts.lock().unwrap_or_else(PoisonError::into_inner);
        // On disk the file is the copy that lasts: facts in memory are handed over once (to
        // the index built after a write), not kept beside the file.
        let cached = match path {
            Some(_) => cache.remove(key),
            None => cache.get(key).cloned(),
        };
        drop(cache);
        if cached.is_some() {
            return Ok(cached);
        }
        Ok(path
            .as_deref()
            .map(read_facts)
            .transpose()?
            .flatten()
            .map(Arc::new))
    }

    /// The directory of files derived from the data (claim facts and the claim index).
    pub(crate) fn derived_dir(&self) -> Option<PathBuf> {
        self.dir().map(|dir| dir.join("claims-index"))
    }

    fn facts_path(&self, key: &str) -> Option<PathBuf> {
        self.derived_dir().map(|dir| {
            dir.join("graphs")
                .join(format!("{}.facts", files::sha256_hex(key.as_bytes())))
        })
    }

    /// Reads a graph's claim facts from the store itself.
    fn facts_from_store(&self, key: &str) -> Result<Facts> {
        let name = graph_name_of_key(key);
        let mut facts = Facts::default();
        for quad in self
            .db
            .quads_for_pattern(None, None, None, Some(name.as_ref()))
        {
            facts.observe(quad?.as_ref());
        }
        Ok(facts)
    }

    /// Compacts the database, so that reads after a large bulk load are fast (see
    /// `load::make_ready`). Needs write access.
    pub(crate) fn optimize(&self) -> Result<()> {
        self.ensure_writable()?;
        Ok(self.db.optimize()?)
    }

    fn ensure_writable(&self) -> Result<()> {
        match &self.lock {
            Some(lock) if lock.mode() != Mode::Exclusive => Err(Error::Storage(
                StorageError::Other("the store was opened for reading only".into()),
            )),
            _ => Ok(()),
        }
    }

    fn check_loaded_files(&mut self) {
        for (graph, record) in &self.manifest.graphs {
            let Origin::File { path } = &record.origin else {
                continue;
            };
            if record.part_of.is_some() {
                continue;
            }
            let Ok(metadata) = fs::metadata(path) else {
                self.notice(Notice::Missing {
                    graph: graph.clone(),
                    path: path.clone(),
                });
                continue;
            };
            let unchanged = metadata.len() == record.size
                && files::modified_seconds(&metadata) == record.modified;
            if unchanged {
                continue;
            }
            let changed = fs::read(path)
                .map(|bytes| files::sha256_hex(&bytes) != record.sha256)
                .unwrap_or(true);
            if changed {
                self.notice(Notice::Changed {
                    graph: graph.clone(),
                    path: path.clone(),
                });
            }
        }
    }
}

/// True when `graph` is one of claimgraph's own bookkeeping graphs or the edits graph, or
/// `db` holds it (for a graph the manifest does not record: another tool wrote it).
pub(crate) fn is_reserved_or_present(db: &Store, graph: &NamedNode) -> Result<bool> {
    Ok(write::is_reserved(graph.as_ref())
        || graph.as_str() == crate::vocab::EDITS_GRAPH
        || db.contains_named_graph(graph.as_ref())?)
}

/// The status changes of `claim` in `data`, oldest first (by day, then the moment they were
/// recorded).
pub(crate) fn claim_history(
    data: &dyn Quads,
    claim: oxigraph::model::NamedNodeRef<'_>,
) -> Result<Vec<status::Dated>> {
    status::history(data, claim)
}

/// The key a graph's facts are kept under.
pub(crate) fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::NamedNode(n) => n.as_str().to_owned(),
        GraphName::BlankNode(b) => b.to_string(),
        GraphName::DefaultGraph => DEFAULT_GRAPH_KEY.to_owned(),
    }
}

fn graph_key_of(graph: &NamedOrBlankNode) -> String {
    match graph {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => b.to_string(),
    }
}

fn graph_name_of_key(key: &str) -> GraphName {
    if key == DEFAULT_GRAPH_KEY {
        GraphName::DefaultGraph
    } else if let Some(id) = key.strip_prefix("_:") {
        GraphName::BlankNode(oxigraph::model::BlankNode::new_unchecked(id))
    } else {
        GraphName::NamedNode(NamedNode::new_unchecked(key))
    }
}

/// A graph's facts file; a damaged one counts as missing, so the graph is read again.
fn read_facts(path: &Path) -> Result<Option<Facts>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Facts::from_bytes(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.into(),
            source,
        }),
    }
}

fn damaged(dir: &Path, problem: String) -> Error {
    Error::StoreDamaged {
        path: dir.into(),
        problem,
    }
}

/// Fails when the database is not the one the manifest describes: a shipped graph (never
/// empty) is missing, or there is no manifest for a database that holds data (a foreign
/// database, or a deleted manifest, whose record of the loaded files cannot be rebuilt).
/// While a write that a kill cut short is pending, the two may differ: the write path's
/// recovery settles that.
fn check_agreement(dir: &Path, manifest: &Manifest, db: &Store) -> Result<()> {
    if write::interrupted(dir) {
        return Ok(());
    }
    if !Manifest::exists(dir) {
        if !db.is_empty()? {
            return Err(damaged(
                dir,
                format!(
                    "its database {} holds data, but manifest.json, the record of where each \
                     graph came from, is missing",
                    dir.join("oxigraph").display()
                ),
            ));
        }
        return Ok(());
    }
    for (graph, record) in &manifest.graphs {
        if !matches!(record.origin, Origin::Shipped { .. }) {
            continue;
        }
        if !db.contains_named_graph(NamedNodeRef::new_unchecked(graph))? {
            return Err(damaged(
                dir,
                format!(
                    "manifest.json lists the graph <{graph}>, but the database {} does not \
                     hold it",
                    dir.join("oxigraph").display()
                ),
            ));
        }
    }
    Ok(())
}

fn open_error(dir: &Path, source: StorageError) -> Error {
    // RocksDB reports a held lock as an I/O error on the LOCK file; nothing more typed exists.
    // A claimgraph process holds our own lock first, so this is another program.
    if source.to_string().contains("lock") {
        Error::StoreLocked {
            path: dir.into(),
            source,
        }
    } else {
        Error::StoreOpen {
            path: dir.into(),
            source,
        }
    }
}
