//! Output files that appear whole or not at all.
//!
//! `export -o` and `generate -o` can run for minutes. Written in place, a full disk, Ctrl-C or
//! a kill would leave a truncated file under the final name, with the previous one already
//! gone. So the data goes to a temporary file beside the destination (same directory, so the
//! rename cannot cross file systems), which is flushed, synced and renamed over it only when
//! complete; a failure removes it and leaves the destination as it was.

use claimgraph::error::{Error, Result};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; it replaces the destination on [`OutputFile::commit`].
pub(crate) struct OutputFile {
    destination: PathBuf,
    temporary: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl OutputFile {
    /// Starts writing what will become `destination`.
    pub(crate) fn create(destination: &Path) -> Result<Self> {
        let name = destination
            .file_name()
            .ok_or_else(|| Error::Write {
                path: destination.into(),
                source: io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
            })?
            .to_string_lossy();
        let temporary =
            destination.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        let file = File::create(&temporary).map_err(|source| Error::Write {
            path: destination.into(),
            source,
        })?;
        Ok(Self {
            destination: destination.into(),
            temporary,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The file's path as the user named it, for messages.
    pub(crate) fn path(&self) -> &Path {
        &self.destination
    }

    /// Flushes and syncs the data, then renames it over the destination.
    pub(crate) fn commit(mut self) -> Result<()> {
        let writer = self
            .writer
            .take()
            .expect("an output file is committed once");
        let finished = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|file| file.sync_all())
            .and_then(|()| fs::rename(&self.temporary, &self.destination));
        finished.map_err(|source| Error::Write {
            path: self.destination.clone(),
            source,
        })
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("not committed").flush()
    }
}

impl Drop for OutputFile {
    /// An output that was not committed (an error, a panic) is removed; the destination is
    /// untouched.
    fn drop(&mut self) {
        if self.writer.take().is_some() || self.temporary.exists() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}
