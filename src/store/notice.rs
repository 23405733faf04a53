//! What a user should know about the store when it opens or is read: nothing is wrong enough
//! to stop, but something changed or was repaired. Front ends decide how to show it and what
//! to advise (the CLI adds the command that reloads a changed file).

use std::path::PathBuf;

/// Something the user should know about the store.
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
    /// A write was interrupted (the process was killed) after the database committed it; its
    /// bookkeeping was completed, so the store holds the write whole.
    Completed {
        /// The graphs it wrote.
        graphs: Vec<String>,
    },
    /// A write was interrupted before the database committed it: the store is as it was
    /// before that write.
    Abandoned {
        /// The graphs it would have written.
        graphs: Vec<String>,
    },
    /// A write was committed, but RocksDB could not then write its log out into the database
    /// files (a full disk): the data is safe in the log, which the next open that writes
    /// replays.
    NotFlushed {
        /// Why.
        reason: String,
    },
    /// The claim index was damaged or missing and was built again from the store.
    IndexRebuilt {
        /// The index file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Changed { graph, path } => write!(
                f,
                "{} changed since it was loaded; graph <{graph}> holds the old version",
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
            Notice::Completed { graphs } => write!(
                f,
                "a write to {} was interrupted after it was committed; finished recording it",
                graphs.join(", ")
            ),
            Notice::Abandoned { graphs } => write!(
                f,
                "a write to {} was interrupted before it was committed; the store is as it was before it",
                graphs.join(", ")
            ),
            Notice::NotFlushed { reason } => write!(
                f,
                "the write is committed and safe in the database's log, but writing the log out \
                 failed ({reason}); free some disk space: the next command that writes finishes it"
            ),
            Notice::IndexRebuilt { path, reason } => write!(
                f,
                "the claim index {} was {reason}; rebuilt it from the store",
                path.display()
            ),
        }
    }
}
