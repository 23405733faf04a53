//! The claim index as a file beside the store, current or rebuilt.
//!
//! The index is derived from the store's claim facts, so it can always be built again: it is
//! written whole (through a rename) with a stamp of what it was built from (the store's write
//! count and its graphs), and read only while the stamp matches. A damaged file, or one gone
//! since it was built (`built.json` remembers it was), is rebuilt with a notice. A store in
//! memory builds it on every report.

use super::delta;
use super::index::{IndexBuilder, IndexHeader, IndexedClaim};
use crate::error::{Error, Result};
use crate::facts::Facts;
use crate::store::{ClaimStore, Notice, write_atomically};
use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the claim index was built from: it is current while both are unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    pub(super) generation: u64,
    pub(super) graphs: Vec<String>,
    /// The layout of the index rows ([`LAYOUT`]); files of an older layout are stale.
    #[serde(default)]
    pub(super) layout: u32,
}

/// Raised whenever the index rows gain a field that older files lack (2: origins).
const LAYOUT: u32 = 2;

fn stamp_of(store: &ClaimStore) -> Result<Stamp> {
    Ok(Stamp {
        generation: store.generation(),
        graphs: store.graph_keys()?,
        layout: LAYOUT,
    })
}

/// The stamp of the index file in `dir`, reading its first line only.
pub(super) fn read_stamp(dir: &Path) -> Option<Stamp> {
    let mut first = String::new();
    BufReader::new(File::open(dir.join(FILE)).ok()?)
        .read_line(&mut first)
        .ok()?;
    serde_json::from_str::<FileHeader>(&first).ok()?.stamp
}

/// One process builds or changes one index at a time; readers in other processes may build
/// the same one beside it, which the rename makes harmless.
static BUILDING: Mutex<()> = Mutex::new(());

/// Brings the index up to date after an edit that `added` claims and `changed` others,
/// without rebuilding it (see `delta`).
pub(crate) fn update(store: &ClaimStore, added: &[NamedNode], changed: &[NamedNode]) -> Result<()> {
    let Some(dir) = store.derived_dir() else {
        return Ok(());
    };
    let _building = BUILDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    delta::record(store, &dir, &stamp_of(store)?, added, changed)
}

/// The first line of the index file.
#[derive(Debug, Serialize, Deserialize)]
struct FileHeader {
    /// Absent in files of claimgraph versions before the stamp moved here: stale.
    #[serde(default)]
    stamp: Option<Stamp>,
    #[serde(flatten)]
    header: IndexHeader,
}

/// The claim index, ready to be read front to back.
pub(crate) struct ClaimIndex {
    pub(crate) header: IndexHeader,
    pub(crate) rows: Box<dyn Iterator<Item = Result<IndexedClaim>>>,
}

const FILE: &str = "claims.jsonl";
/// Written after the index, so that an index file that disappears is noticed.
const BUILT: &str = "built.json";

/// The store's claim index, rebuilt first when the store changed since it was written.
pub(crate) fn current(store: &ClaimStore) -> Result<ClaimIndex> {
    let stamp = stamp_of(store)?;
    let Some(path) = store.derived_dir().map(|dir| dir.join(FILE)) else {
        return build_in_memory(store, &stamp);
    };
    let _building = BUILDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let built = path.with_file_name(BUILT);
    let dir = path.parent().expect("the index is in a directory");
    match open(&path, &stamp) {
        Ok(Some(index)) => return Ok(index),
        Ok(None) if path.exists() => {
            if let Some(delta) = delta::read(dir).filter(|d| d.stamp == stamp)
                && let Ok(Some(mut index)) = open(&path, &delta.base)
            {
                index.header.claims += delta.added;
                index.rows = delta::merge(index.rows, delta);
                return Ok(index);
            }
        }
        Ok(None) if !path.exists() && built.exists() => store.notice(Notice::IndexRebuilt {
            path: path.clone(),
            reason: "missing".into(),
        }),
        Ok(None) => {}
        Err(Damaged(reason)) => store.notice(Notice::IndexRebuilt {
            path: path.clone(),
            reason,
        }),
    }
    build_to_file(store, &stamp, &path)?;
    crate::store::remove_file(&dir.join(delta::FILE))?;
    write_atomically(&built, |out| {
        serde_json::to_writer(out, &stamp).map_err(Into::into)
    })?;
    match open(&path, &stamp) {
        Ok(Some(index)) => Ok(index),
        _ => Err(Error::Read {
            path,
            source: ErrorKind::InvalidData.into(),
        }),
    }
}

/// The claim index parsed whole, for a reader that goes through it many times.
pub(crate) struct HeldIndex {
    /// Where it was read from (`None` for a store in memory) and what it was built from.
    source: (Option<PathBuf>, Stamp),
    pub(crate) header: IndexHeader,
    pub(crate) rows: Vec<IndexedClaim>,
}

/// The last index held, shared by the threads of one process (a server's requests).
static HELD: Mutex<Option<Arc<HeldIndex>>> = Mutex::new(None);

/// The store's claim index, parsed and kept until the store changes: the first call after a
/// change reads it (rebuilding it first if need be), later ones share it.
pub(crate) fn held(store: &ClaimStore) -> Result<Arc<HeldIndex>> {
    let source = (store.derived_dir(), stamp_of(store)?);
    let mut held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(index) = held.as_ref()
        && index.source == source
        && source.0.is_some()
    {
        return Ok(Arc::clone(index));
    }
    let ClaimIndex { header, rows } = current(store)?;
    let index = Arc::new(HeldIndex {
        source,
        header,
        rows: rows.collect::<Result<_>>()?,
    });
    *held = Some(Arc::clone(&index));
    Ok(index)
}

/// Why an index file cannot be used, in words for a notice.
struct Damaged(String);

/// The index at `path` if it was built from `stamp`; `None` if it is missing or stale.
fn open(path: &Path, stamp: &Stamp) -> Result<Option<ClaimIndex>, Damaged> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Damaged(format!("unreadable ({e})"))),
    };
    let mut lines = BufReader::new(file).lines();
    let first = match lines.next() {
        Some(Ok(line)) => line,
        _ => return Err(Damaged("empty".into())),
    };
    let header: FileHeader =
        serde_json::from_str(&first).map_err(|e| Damaged(format!("damaged ({e})")))?;
    if header.stamp.as_ref() != Some(stamp) {
        return Ok(None);
    }
    let rows = RowReader {
        lines,
        path: path.to_owned(),
        left: header.header.claims,
    };
    Ok(Some(ClaimIndex {
        header: header.header,
        rows: Box::new(rows),
    }))
}

/// Reads rows, and checks that the file holds as many as its header says: a file cut short
/// is an error, never a shorter report.
struct RowReader {
    lines: std::io::Lines<BufReader<File>>,
    path: PathBuf,
    left: usize,
}

impl RowReader {
    /// Removes the damaged file, so that the next report rebuilds it, and says so.
    fn damaged(&mut self, reason: String) -> Error {
        self.left = 0;
        let _ = std::fs::remove_file(&self.path);
        Error::Index {
            path: self.path.clone(),
            reason,
        }
    }
}

impl Iterator for RowReader {
    type Item = Result<IndexedClaim>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let row = match self.lines.next() {
            None => Err(self.damaged("it ends early".into())),
            Some(Err(source)) => Err(Error::Read {
                path: self.path.clone(),
                source,
            }),
            Some(Ok(line)) => serde_json::from_str(&line).map_err(|e| self.damaged(e.to_string())),
        };
        self.left = self.left.saturating_sub(1);
        Some(row)
    }
}

fn all_facts(
    store: &ClaimStore,
    stamp: &Stamp,
) -> Result<Vec<std::sync::Arc<crate::facts::Facts>>> {
    stamp.graphs.iter().map(|key| store.facts(key)).collect()
}

fn build_in_memory(store: &ClaimStore, stamp: &Stamp) -> Result<ClaimIndex> {
    let facts = all_facts(store, stamp)?;
    Ok(in_memory(facts.iter().map(|f| &**f)))
}

/// The index of `facts`, built in memory (for a store's first report, or a remote store's).
pub(crate) fn in_memory<'a>(facts: impl IntoIterator<Item = &'a Facts>) -> ClaimIndex {
    let builder = IndexBuilder::new(facts);
    let header = builder.header();
    let mut rows = Vec::with_capacity(header.claims);
    let Ok(()) = builder.write_rows(|row| {
        rows.push(row);
        Ok::<_, std::convert::Infallible>(())
    });
    ClaimIndex {
        header,
        rows: Box::new(rows.into_iter().map(Ok)),
    }
}

/// Rows go to the file as they are built, so memory holds the facts, not the rows.
fn build_to_file(store: &ClaimStore, stamp: &Stamp, path: &Path) -> Result<()> {
    let facts = all_facts(store, stamp)?;
    let builder = IndexBuilder::new(facts.iter().map(|f| &**f));
    let header = FileHeader {
        stamp: Some(stamp.clone()),
        header: builder.header(),
    };
    write_atomically(path, |out| {
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        builder.write_rows(|row| {
            serde_json::to_writer(&mut *out, &row)?;
            out.write_all(b"\n")
        })
    })
}
