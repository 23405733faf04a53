//! One writer or many readers per store, across processes.
//!
//! oxigraph's RocksDB store may be opened read-write by one process, and read-only by others
//! only while nobody writes (its `Store::open_read_only` calls anything else undefined). So
//! every claimgraph process takes an advisory lock on `DIR/lock` before it opens the database:
//! shared to read, exclusive to write, held until the store is dropped. A process that cannot
//! have the lock waits as long as it was told to, then fails with [`Error::Busy`], naming the
//! holder where it can: the exclusive holder writes a line about itself into the lock file, and
//! a long-lived reader (a server) a file of its own under `DIR/readers/`.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How a store is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Reading: any number of readers, no writer.
    Shared,
    /// Writing: this process alone.
    Exclusive,
}

/// Told who holds a busy store, when a process starts to wait for it.
pub type OnWait = Box<dyn Fn(&str)>;

/// How long to wait for a busy store, and whom to tell that we are waiting.
#[derive(Default)]
pub struct Wait {
    /// The longest to wait; zero fails at once.
    pub timeout: Duration,
    /// Called once, with the holder's description, when the store is found busy and the
    /// timeout is not zero.
    pub on_wait: Option<OnWait>,
}

impl Wait {
    /// Fail at once when the store is busy.
    pub fn none() -> Self {
        Self::default()
    }

    /// Wait up to `timeout`.
    pub fn up_to(timeout: Duration) -> Self {
        Self {
            timeout,
            on_wait: None,
        }
    }
}

/// A held lock; released when dropped (or when the process dies, by the kernel).
#[derive(Debug)]
pub(crate) struct StoreLock {
    file: File,
    mode: Mode,
    /// This reader's file under `readers/`, removed when the lock is released.
    announced: Option<PathBuf>,
}

/// How often a waiting process tries again.
const POLL: Duration = Duration::from_millis(25);

impl StoreLock {
    /// Takes the lock of the store in `dir` in `mode`, waiting as `wait` says. `holder`
    /// describes this process to others while it holds the lock exclusively, or shared when
    /// it `announce`s itself.
    pub(crate) fn acquire(
        dir: &Path,
        mode: Mode,
        holder: &str,
        announce: bool,
        wait: &Wait,
    ) -> Result<Self> {
        let path = dir.join("lock");
        let open_error = |source| Error::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(dir).map_err(open_error)?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(open_error)?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match try_lock(&file, mode) {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(source)) => return Err(open_error(source)),
            }
            let waited = started.elapsed();
            if waited >= wait.timeout {
                return Err(Error::Busy {
                    path: dir.into(),
                    holder: describe_holder(&file, dir),
                    waited: wait.timeout,
                });
            }
            if !told {
                told = true;
                if let Some(on_wait) = &wait.on_wait {
                    on_wait(&describe_holder(&file, dir));
                }
            }
            std::thread::sleep(POLL.min(wait.timeout - waited));
        }
        let mut lock = StoreLock {
            file,
            mode,
            announced: None,
        };
        match mode {
            Mode::Exclusive => lock.describe(holder),
            Mode::Shared if announce => {
                let readers = dir.join(READERS);
                let announced = readers.join(std::process::id().to_string());
                // Best effort, as `describe`: a store on a read-only disk is still read.
                if fs::create_dir_all(&readers)
                    .and_then(|()| fs::write(&announced, holder))
                    .is_ok()
                {
                    lock.announced = Some(announced);
                }
            }
            Mode::Shared => {}
        }
        Ok(lock)
    }

    pub(crate) fn mode(&self) -> Mode {
        self.mode
    }

    /// Writes who holds the lock into the lock file, for others to read. Best effort: the
    /// lock is what matters, the description only helps the message.
    fn describe(&mut self, holder: &str) {
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = writeln!(self.file, "{holder}");
    }
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        if self.mode == Mode::Exclusive {
            let _ = self.file.set_len(0);
        }
        if let Some(announced) = &self.announced {
            let _ = fs::remove_file(announced);
        }
        let _ = self.file.unlock();
    }
}

fn try_lock(file: &File, mode: Mode) -> Result<(), TryLockError> {
    match mode {
        Mode::Shared => file.try_lock_shared(),
        Mode::Exclusive => file.try_lock(),
    }
}

/// Where long-lived readers describe themselves, one file per process id.
const READERS: &str = "readers";

/// Who holds the lock: the writer's own description, the readers that announced themselves,
/// or readers (who write none).
fn describe_holder(file: &File, dir: &Path) -> String {
    // A shared lock that can be had means only readers hold it.
    if file.try_lock_shared().is_ok() {
        let _ = file.unlock();
        let announced = announced_readers(&dir.join(READERS));
        return match announced.is_empty() {
            true => "other claimgraph processes are reading it".into(),
            false => format!("{} is reading it", announced.join(" and ")),
        };
    }
    let mut text = String::new();
    let _ = File::open(dir.join("lock")).and_then(|mut f| f.read_to_string(&mut text));
    match text.trim() {
        "" => "another claimgraph process is writing to it".into(),
        holder => format!("{holder} is writing to it"),
    }
}

/// The descriptions under `readers/` of processes that still run. A reader killed before it
/// could remove its file leaves it behind; where `/proc` can tell, such files are skipped.
fn announced_readers(readers: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(readers) else {
        return Vec::new();
    };
    let can_tell = Path::new("/proc/self").exists();
    let mut found: Vec<String> = entries
        .flatten()
        .filter(|entry| !can_tell || Path::new("/proc").join(entry.file_name()).exists())
        .filter_map(|entry| fs::read_to_string(entry.path()).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_writers_exclude() {
        let dir = tempfile::tempdir().unwrap();
        let a = StoreLock::acquire(dir.path(), Mode::Shared, "a", false, &Wait::none()).unwrap();
        let b = StoreLock::acquire(dir.path(), Mode::Shared, "b", false, &Wait::none()).unwrap();
        let busy = StoreLock::acquire(dir.path(), Mode::Exclusive, "w", false, &Wait::none());
        assert!(
            matches!(&busy, Err(Error::Busy { holder, .. }) if holder.contains("reading")),
            "{busy:?}"
        );
        drop((a, b));
        let writer = StoreLock::acquire(
            dir.path(),
            Mode::Exclusive,
            "claimgraph load x",
            false,
            &Wait::none(),
        )
        .unwrap();
        let busy = StoreLock::acquire(dir.path(), Mode::Shared, "r", false, &Wait::up_to(POLL * 2));
        assert!(
            matches!(&busy, Err(Error::Busy { holder, .. }) if holder.contains("claimgraph load x")),
            "{busy:?}"
        );
        drop(writer);
        StoreLock::acquire(dir.path(), Mode::Shared, "r", false, &Wait::none()).unwrap();
    }

    #[test]
    fn a_reader_that_announces_itself_is_named_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let server = StoreLock::acquire(
            dir.path(),
            Mode::Shared,
            "claimgraph serve",
            true,
            &Wait::none(),
        )
        .unwrap();
        let busy = StoreLock::acquire(dir.path(), Mode::Exclusive, "w", false, &Wait::none());
        assert!(
            matches!(&busy, Err(Error::Busy { holder, .. }) if holder == "claimgraph serve is reading it"),
            "{busy:?}"
        );
        drop(server);
        assert_eq!(fs::read_dir(dir.path().join(READERS)).unwrap().count(), 0);
        // A file left by a process that no longer runs names nobody.
        fs::write(dir.path().join(READERS).join("999999999"), "gone").unwrap();
        let _reader =
            StoreLock::acquire(dir.path(), Mode::Shared, "r", false, &Wait::none()).unwrap();
        let busy = StoreLock::acquire(dir.path(), Mode::Exclusive, "w", false, &Wait::none());
        assert!(
            matches!(&busy, Err(Error::Busy { holder, .. }) if holder.contains("other claimgraph processes")),
            "{busy:?}"
        );
    }
}
