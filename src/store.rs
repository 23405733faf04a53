//! Opening the store, seeding it from the knowledge base shipped in the binary, and knowing
//! which file each named graph came from.
//!
//! A store directory holds the RocksDB database (`oxigraph/`, which the oxigraph CLI can open
//! too) and `manifest.json`, the record of each graph's origin and content hash. The manifest
//! is what lets claimgraph refuse to serve stale data silently: shipped graphs are reloaded
//! when the binary carries newer ones, and a loaded file that changed on disk is reported with
//! the command that reloads it.

use crate::error::{Error, Result};
use crate::vocab::SHIPPED_GRAPH;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode};
use oxigraph::store::{LoaderError, StorageError, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
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

    /// Where the store lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What the user should be told about the store's freshness, once.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The manifest record of `graph`, if claimgraph loaded it.
    pub fn record(&self, graph: &str) -> Option<&GraphRecord> {
        self.manifest.graphs.get(graph)
    }

    /// The named graphs in the store, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        let mut graphs = self.store.named_graphs().collect::<Result<Vec<_>, _>>()?;
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// Records where `graph`'s content came from, and saves the manifest.
    pub fn set_record(&mut self, graph: &NamedNode, record: GraphRecord) -> Result<()> {
        self.manifest
            .graphs
            .insert(graph.as_str().to_owned(), record);
        self.save_manifest()
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
        for file in &stale {
            let graph = file.graph();
            transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph.clone())
                .rename_blank_nodes();
            transaction
                .load_from_slice(parser, file.content)
                .map_err(|error| shipped_file_error(file, error))?;
        }
        transaction.commit()?;
        for iri in dropped {
            self.manifest.graphs.remove(&iri);
        }
        for file in &stale {
            self.manifest.graphs.insert(
                file.graph().into_string(),
                GraphRecord {
                    origin: Origin::Shipped {
                        path: file.path.into(),
                    },
                    sha256: sha256_hex(file.content.as_bytes()),
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
        let path = dir.join("manifest.json");
        let temporary = dir.join("manifest.json.tmp");
        let json = serde_json::to_vec_pretty(&self.manifest).map_err(|source| Error::Manifest {
            path: path.clone(),
            source,
        })?;
        fs::write(&temporary, json)
            .and_then(|()| fs::rename(&temporary, &path))
            .map_err(|source| Error::Write { path, source })
    }
}

fn shipped_graphs_to_refresh(manifest: &Manifest) -> impl Iterator<Item = ShippedFile> + '_ {
    SHIPPED.iter().copied().filter(|file| {
        manifest
            .graphs
            .get(file.graph().as_str())
            .is_none_or(|record| record.sha256 != sha256_hex(file.content.as_bytes()))
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

fn shipped_file_error(file: &ShippedFile, error: LoaderError) -> Error {
    crate::load::loader_error(file.path, error)
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
