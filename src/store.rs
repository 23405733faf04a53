//! Opening the store, seeding it from the knowledge base shipped in the binary, and knowing
//! which file each named graph came from.
//!
//! A store directory holds the RocksDB database (`oxigraph/`, which the oxigraph CLI can open
//! too) and `manifest.json`, the record of each graph's origin and content hash. The manifest
//! is what lets claimgraph refuse to serve stale data silently: shipped graphs are reloaded
//! when the binary carries newer ones, and a loaded file that changed on disk is reported with
//! the command that reloads it.

use crate::claims::facts::Facts;
use crate::claims::index::{IndexBuilder, IndexHeader, IndexedClaim};
use crate::error::{Error, Result};
use crate::vocab::SHIPPED_GRAPH;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode};
use oxigraph::store::{LoaderError, StorageError, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

/// A Turtle file of the knowledge base, embedded in the binary at build time.
#[derive(Debug, Clone, Copy)]
pub struct ShippedFile {
    /// Its path in the repository, e.g. `data/actors.ttl`.
    pub path: &'static str,
    /// Its Turtle text.
    pub content: &'static str,
}

/// The ontology and data files that every new store starts with.
pub const SHIPPED: &[ShippedFile] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

impl ShippedFile {
    /// SHA-256 of the content, computed once per process: every open compares it with the
    /// manifest, and cold start is a budget.
    pub fn sha256(&self) -> &'static str {
        static HASHES: OnceLock<Vec<String>> = OnceLock::new();
        let hashes = HASHES.get_or_init(|| {
            SHIPPED
                .iter()
                .map(|file| sha256_hex(file.content.as_bytes()))
                .collect()
        });
        let index = SHIPPED
            .iter()
            .position(|file| file.path == self.path)
            .expect("a shipped file is in SHIPPED");
        &hashes[index]
    }

    /// The named graph that holds this file in the store.
    pub fn graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{SHIPPED_GRAPH}{}", self.path))
    }
}

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In memory, for this process only, seeded with the shipped knowledge base.
    Memory,
    /// A store directory on disk.
    Disk(PathBuf),
}

impl Location {
    /// The store used when neither `--store` nor `CLAIMGRAPH_STORE` is given:
    /// `$XDG_DATA_HOME/claimgraph/store` (on Linux `~/.local/share/claimgraph/store`).
    pub fn default_dir() -> PathBuf {
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("claimgraph")
            .join("store")
    }
}

/// Whether a command only reads the store or also writes to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Queries and reports; several readers may run beside one writer.
    Read,
    /// Loading; one process at a time.
    Write,
}

/// Where a graph's content came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Origin {
    /// A file of the knowledge base shipped in the binary.
    Shipped {
        /// Its repository path.
        path: String,
    },
    /// A file loaded with `claimgraph load`.
    File {
        /// Its absolute path at load time.
        path: PathBuf,
    },
    /// Standard input.
    Stdin,
}

/// What the manifest knows about one named graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphRecord {
    /// Where the content came from.
    pub origin: Origin,
    /// SHA-256 of the loaded bytes, in hex.
    pub sha256: String,
    /// Size of the loaded bytes.
    pub size: u64,
    /// Modification time of the file, in seconds since the Unix epoch, when it was loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<u64>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Counts the writes to the store, so that the claim index knows when it is stale.
    #[serde(default)]
    generation: u64,
    /// Graph IRI to record; a BTreeMap keeps the file stable and readable.
    graphs: BTreeMap<String, GraphRecord>,
}

/// Something the user should know about the store's freshness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A loaded file changed on disk after it was loaded.
    Changed {
        /// The graph holding the old content.
        graph: String,
        /// The file.
        path: PathBuf,
    },
    /// A loaded file is gone; its graph still holds what was loaded.
    Missing {
        /// The graph.
        graph: String,
        /// The file.
        path: PathBuf,
    },
    /// Shipped graphs were (re)loaded because the store lacked them or held an older version.
    Seeded {
        /// How many files were loaded.
        files: usize,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Changed { graph, path } => write!(
                f,
                "{} changed since it was loaded; graph <{graph}> holds the old version. \
                 Reload it with: claimgraph load --replace --graph '{graph}' '{}'",
                path.display(),
                path.display()
            ),
            Notice::Missing { graph, path } => write!(
                f,
                "{} no longer exists; graph <{graph}> still holds what was loaded from it",
                path.display()
            ),
            Notice::Seeded { files } => write!(
                f,
                "loaded the shipped knowledge base into the store ({files} files)"
            ),
        }
    }
}

/// An open store with its manifest.
pub struct ClaimStore {
    store: Store,
    location: Location,
    manifest: Manifest,
    notices: Vec<Notice>,
    /// The claim facts of the graphs this process has read or written. On disk they are also
    /// files; for a store in memory this is the only copy.
    facts: HashMap<String, Facts>,
}

impl ClaimStore {
    /// Opens (creating if needed) the store at `location`, seeds or refreshes the shipped
    /// graphs, and checks loaded files for changes. Read access opens an existing, up-to-date
    /// store read-only, so queries can run while another process loads.
    pub fn open(location: &Location, access: Access) -> Result<Self> {
        let mut this = match location {
            Location::Memory => ClaimStore {
                store: Store::new()?,
                location: location.clone(),
                manifest: Manifest::default(),
                notices: Vec::new(),
                facts: HashMap::new(),
            },
            Location::Disk(dir) => {
                let manifest = read_manifest(dir)?;
                let db = dir.join("oxigraph");
                let read_only = access == Access::Read
                    && db.exists()
                    && shipped_graphs_to_refresh(&manifest).next().is_none();
                let store = if read_only {
                    Store::open_read_only(&db)
                } else {
                    fs::create_dir_all(dir).map_err(|source| Error::Write {
                        path: dir.clone(),
                        source,
                    })?;
                    Store::open(&db)
                }
                .map_err(|source| open_error(dir, source))?;
                ClaimStore {
                    store,
                    location: location.clone(),
                    manifest,
                    notices: Vec::new(),
                    facts: HashMap::new(),
                }
            }
        };
        this.refresh_shipped()?;
        this.check_loaded_files();
        Ok(this)
    }

    /// The underlying oxigraph store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What the user should be told about the store's freshness, once.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The named graphs in the store, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        let mut graphs = self.store.named_graphs().collect::<Result<Vec<_>, _>>()?;
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// Records what `graph` now holds: where its content came from and the claim facts in it
    /// (added to the facts it had when `merge`, else replacing them). Saves the manifest last,
    /// so that a crash in between leaves the claim index stale rather than wrong.
    pub fn set_record(
        &mut self,
        graph: &NamedNode,
        record: GraphRecord,
        facts: Facts,
        merge: bool,
    ) -> Result<()> {
        self.save_facts(graph.as_str(), facts, merge)?;
        self.manifest
            .graphs
            .insert(graph.as_str().to_owned(), record);
        self.manifest.generation += 1;
        self.save_manifest()
    }

    /// The claim index, rebuilt first when the store changed since it was written. A graph
    /// that claimgraph did not load (or loaded before it kept facts) is read from the store
    /// once and its facts kept, so the index always covers the whole store.
    pub fn claim_index(&mut self) -> Result<ClaimIndex> {
        let mut graphs: Vec<String> = self
            .graphs()?
            .into_iter()
            .map(|g| match g {
                NamedOrBlankNode::NamedNode(n) => n.into_string(),
                NamedOrBlankNode::BlankNode(b) => b.to_string(),
            })
            .collect();
        if self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .is_some()
        {
            graphs.push(DEFAULT_GRAPH_KEY.into());
        }
        let stamp = IndexStamp {
            generation: self.manifest.generation,
            graphs: graphs.clone(),
        };
        if let Some(dir) = self.index_dir() {
            if read_json::<IndexStamp>(&dir.join("stamp.json"))?.as_ref() == Some(&stamp) {
                if let Ok(index) = ClaimIndex::open(&dir.join("claims.jsonl")) {
                    return Ok(index);
                }
            }
        }
        let mut all = Vec::with_capacity(graphs.len());
        for graph in &graphs {
            let facts = match self.take_facts(graph)? {
                Some(facts) => facts,
                None => {
                    let facts = self.facts_from_store(graph)?;
                    self.save_facts(graph, facts, false)?;
                    self.take_facts(graph)?.unwrap_or_default()
                }
            };
            all.push(facts);
        }
        let builder = IndexBuilder::new(&all);
        let header = builder.header();
        let Some(dir) = self.index_dir() else {
            let mut rows = Vec::with_capacity(header.claims);
            let Ok(()) = builder.write_rows(|row| {
                rows.push(row);
                Ok::<_, std::convert::Infallible>(())
            });
            return Ok(ClaimIndex::in_memory(header, rows));
        };
        // Rows go to the file as they are built, so memory holds the facts, not the rows.
        let path = dir.join("claims.jsonl");
        write_atomically(&path, |out| {
            serde_json::to_writer(&mut *out, &header)?;
            out.write_all(b"\n")?;
            builder.write_rows(|row| {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")
            })
        })?;
        drop(all);
        write_atomically(&dir.join("stamp.json"), |out| {
            serde_json::to_writer(out, &stamp).map_err(std::io::Error::from)
        })?;
        ClaimIndex::open(&path)
    }

    /// Drops what is known of `graph`'s claim facts, so that they are read from the store
    /// again when the claim index is next built.
    pub fn forget_facts(&mut self, graph: &GraphName) -> Result<()> {
        let key = match graph {
            GraphName::NamedNode(n) => n.as_str().to_owned(),
            GraphName::BlankNode(b) => b.to_string(),
            GraphName::DefaultGraph => DEFAULT_GRAPH_KEY.to_owned(),
        };
        self.manifest.generation += 1;
        self.save_manifest()?;
        self.facts.remove(&key);
        match self.facts_path(&key) {
            None => Ok(()),
            Some(path) => match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::Write { path, source: e })
                }
                _ => Ok(()),
            },
        }
    }

    fn index_dir(&self) -> Option<PathBuf> {
        match &self.location {
            Location::Memory => None,
            Location::Disk(dir) => Some(dir.join("claims-index")),
        }
    }

    fn facts_path(&self, graph: &str) -> Option<PathBuf> {
        self.index_dir().map(|dir| {
            dir.join("graphs")
                .join(format!("{}.facts", sha256_hex(graph.as_bytes())))
        })
    }

    /// The facts of `graph`, moved out of the cache when they are also on disk (they are
    /// large, and each is needed once per process).
    fn take_facts(&mut self, graph: &str) -> Result<Option<Facts>> {
        match self.facts_path(graph) {
            None => Ok(self.facts.get(graph).cloned()),
            Some(path) => match self.facts.remove(graph) {
                Some(facts) => Ok(Some(facts)),
                None => read_facts(&path),
            },
        }
    }

    fn save_facts(&mut self, graph: &str, mut facts: Facts, merge: bool) -> Result<()> {
        if merge {
            if let Some(old) = self.take_facts(graph)? {
                facts.merge(old);
            }
        }
        if let Some(path) = self.facts_path(graph) {
            write_atomically(&path, |out| out.write_all(facts.as_bytes()))?;
        }
        self.facts.insert(graph.to_owned(), facts);
        Ok(())
    }

    /// Reads a graph's claim facts from the store itself, for graphs loaded by other tools.
    fn facts_from_store(&self, graph: &str) -> Result<Facts> {
        let name = if graph == DEFAULT_GRAPH_KEY {
            GraphName::DefaultGraph
        } else if let Some(id) = graph.strip_prefix("_:") {
            GraphName::BlankNode(oxigraph::model::BlankNode::new_unchecked(id))
        } else {
            GraphName::NamedNode(NamedNode::new_unchecked(graph))
        };
        let mut facts = Facts::default();
        for quad in self
            .store
            .quads_for_pattern(None, None, None, Some(name.as_ref()))
        {
            facts.observe(quad?.as_ref());
        }
        Ok(facts)
    }

    fn refresh_shipped(&mut self) -> Result<()> {
        let stale: Vec<ShippedFile> = shipped_graphs_to_refresh(&self.manifest).collect();
        let shipped_iris: Vec<String> = SHIPPED.iter().map(|f| f.graph().into_string()).collect();
        let dropped: Vec<String> = self
            .manifest
            .graphs
            .iter()
            .filter(|(iri, record)| {
                matches!(record.origin, Origin::Shipped { .. }) && !shipped_iris.contains(iri)
            })
            .map(|(iri, _)| iri.clone())
            .collect();
        if stale.is_empty() && dropped.is_empty() {
            return Ok(());
        }
        let mut transaction = self.store.start_transaction()?;
        for iri in &dropped {
            transaction.remove_named_graph(NamedNode::new_unchecked(iri.as_str()).as_ref())?;
        }
        let mut extracted = Vec::new();
        for file in &stale {
            let graph = file.graph();
            transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph.clone())
                .rename_blank_nodes();
            let mut facts = Facts::default();
            for quad in parser.for_slice(file.content) {
                let quad = quad.map_err(|error| {
                    crate::load::loader_error(file.path, LoaderError::Parsing(error.into()))
                })?;
                facts.observe(quad.as_ref());
                transaction.insert(&quad);
            }
            extracted.push(facts);
        }
        transaction.commit()?;
        // Otherwise every later open replays the write-ahead log.
        self.store.flush()?;
        for iri in dropped {
            self.manifest.graphs.remove(&iri);
        }
        for (file, facts) in stale.iter().zip(extracted) {
            self.save_facts(file.graph().as_str(), facts, false)?;
        }
        self.manifest.generation += 1;
        for file in &stale {
            self.manifest.graphs.insert(
                file.graph().into_string(),
                GraphRecord {
                    origin: Origin::Shipped {
                        path: file.path.into(),
                    },
                    sha256: file.sha256().to_owned(),
                    size: file.content.len() as u64,
                    modified: None,
                },
            );
        }
        if self.location != Location::Memory {
            self.notices.push(Notice::Seeded { files: stale.len() });
        }
        self.save_manifest()
    }

    fn check_loaded_files(&mut self) {
        for (graph, record) in &self.manifest.graphs {
            let Origin::File { path } = &record.origin else {
                continue;
            };
            let Ok(metadata) = fs::metadata(path) else {
                self.notices.push(Notice::Missing {
                    graph: graph.clone(),
                    path: path.clone(),
                });
                continue;
            };
            let unchanged =
                metadata.len() == record.size && modified_seconds(&metadata) == record.modified;
            if unchanged {
                continue;
            }
            let changed = fs::read(path)
                .map(|bytes| sha256_hex(&bytes) != record.sha256)
                .unwrap_or(true);
            if changed {
                self.notices.push(Notice::Changed {
                    graph: graph.clone(),
                    path: path.clone(),
                });
            }
        }
    }

    fn save_manifest(&self) -> Result<()> {
        let Location::Disk(dir) = &self.location else {
            return Ok(());
        };
        write_atomically(&dir.join("manifest.json"), |out| {
            serde_json::to_writer_pretty(out, &self.manifest).map_err(std::io::Error::from)
        })
    }
}

fn shipped_graphs_to_refresh(manifest: &Manifest) -> impl Iterator<Item = ShippedFile> + '_ {
    SHIPPED.iter().copied().filter(|file| {
        manifest
            .graphs
            .get(file.graph().as_str())
            .is_none_or(|record| record.sha256 != file.sha256())
    })
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    match fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|source| Error::Manifest { path, source })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(source) => Err(Error::Read { path, source }),
    }
}

fn open_error(dir: &Path, source: StorageError) -> Error {
    // RocksDB reports a held lock as an I/O error on the LOCK file; nothing more typed exists.
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

/// The key of the default graph among graph names in the claim index.
const DEFAULT_GRAPH_KEY: &str = "DEFAULT";

/// What the claim index was built from: it is current while both are unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IndexStamp {
    generation: u64,
    graphs: Vec<String>,
}

/// The claim index, ready to be read front to back.
pub struct ClaimIndex {
    header: IndexHeader,
    rows: Box<dyn Iterator<Item = Result<IndexedClaim>>>,
}

impl ClaimIndex {
    fn in_memory(header: IndexHeader, rows: Vec<IndexedClaim>) -> Self {
        Self {
            header,
            rows: Box::new(rows.into_iter().map(Ok)),
        }
    }

    fn open(path: &Path) -> Result<Self> {
        let read_error = |source| Error::Read {
            path: path.into(),
            source,
        };
        let mut lines = BufReader::new(File::open(path).map_err(read_error)?).lines();
        let header_line = lines
            .next()
            .ok_or_else(|| read_error(std::io::ErrorKind::UnexpectedEof.into()))?
            .map_err(read_error)?;
        let header = serde_json::from_str(&header_line).map_err(|source| Error::Manifest {
            path: path.into(),
            source,
        })?;
        let path = path.to_owned();
        let rows = lines.map(move |line| {
            let line = line.map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            serde_json::from_str(&line).map_err(|source| Error::Manifest {
                path: path.clone(),
                source,
            })
        });
        Ok(Self {
            header,
            rows: Box::new(rows),
        })
    }

    /// The header and the rows, sorted by first-reported date.
    pub fn into_parts(self) -> (IndexHeader, Box<dyn Iterator<Item = Result<IndexedClaim>>>) {
        (self.header, self.rows)
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

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match File::open(path) {
        Ok(file) => serde_json::from_reader(BufReader::new(file))
            .map(Some)
            .map_err(|source| Error::Manifest {
                path: path.into(),
                source,
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.into(),
            source,
        }),
    }
}

/// Writes through a temporary file and a rename, so readers never see half a file.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let write_error = |source| Error::Write {
        path: path.into(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(write_error)?;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let mut out = BufWriter::new(File::create(&temporary).map_err(write_error)?);
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(write_error)?;
    drop(out);
    fs::rename(&temporary, path).map_err(write_error)
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A file's modification time in whole seconds since the Unix epoch.
pub fn modified_seconds(metadata: &fs::Metadata) -> Option<u64> {
    metadata
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}
