//! The manifest: which file each named graph came from, with its content hash, and a count of
//! the writes to the store.
//!
//! It is what lets claimgraph refuse to serve stale data silently: shipped graphs are reloaded
//! when the binary carries newer ones, and a loaded file that changed on disk is reported. The
//! write count ("generation") tells derived files such as the claim index whether they are
//! current.

use super::files::{read_json, write_json};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a graph's content came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Origin {
    /// A file of the knowledge base shipped in the binary.
    Shipped {
        /// Its repository path.
        path: String,
    },
    /// A file loaded from disk.
    File {
        /// Its absolute path at load time.
        path: PathBuf,
    },
    /// What users recorded with claimgraph's commands (`claim add`, `import` …): the edits
    /// graph. Its record has no hash or size.
    Edits,
    /// A stream with no file behind it (standard input, an upload).
    #[serde(alias = "stdin")]
    Stream {
        /// What it was called (`<stdin>`).
        #[serde(default)]
        name: String,
    },
}

impl std::fmt::Display for Origin {
    /// Who a graph belongs to, in a sentence's words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Shipped { path } => write!(f, "the shipped knowledge base ({path})"),
            Origin::File { path } => write!(f, "the file {}", path.display()),
            Origin::Edits => f.write_str("the claims recorded with claimgraph's commands"),
            Origin::Stream { name } => write!(f, "the stream {name}"),
        }
    }
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
    /// For a further graph of a dataset file (TriG, N-Quads): the graph the file was loaded
    /// into, whose record speaks for the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// Counts the writes to the store, so that derived files know when they are stale.
    #[serde(default)]
    pub(crate) generation: u64,
    /// Graph IRI to record; a BTreeMap keeps the file stable and readable.
    pub(crate) graphs: BTreeMap<String, GraphRecord>,
}

const FILE: &str = "manifest.json";

impl Manifest {
    /// The manifest of the store in `dir`; empty for a new store.
    pub(crate) fn read(dir: &Path) -> Result<Self> {
        Ok(read_json(&dir.join(FILE))?.unwrap_or_default())
    }

    /// True when the store in `dir` has a manifest file.
    pub(crate) fn exists(dir: &Path) -> bool {
        dir.join(FILE).exists()
    }

    pub(crate) fn save(&self, dir: &Path) -> Result<()> {
        write_json(&dir.join(FILE), self)
    }
}
