//! Integration tests: they drive the real `claimgraph` binary on temporary stores, and check
//! what it writes with independent tools (rio_turtle, rdflib, pySHACL). One test binary, so
//! that the large debug build links once.

mod claims;
mod cli;
mod concurrency;
mod conformance;
mod engines;
mod export;
mod faults;
mod hostile;
mod knowledge_base;
mod load;
mod query;
mod record;
mod remote;
mod serve;
mod validate;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// How many claims of the shipped knowledge base are unconfirmed (reported, claimed,
/// alleged, disputed or speculative): what `claims --unconfirmed` lists on a fresh store.
pub const SHIPPED_UNCONFIRMED: usize = 65;

/// A scratch home and store for one test.
pub struct Env {
    dir: TempDir,
}

impl Default for Env {
    fn default() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }
}

impl Env {
    /// A fresh scratch directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The store directory this environment's commands use.
    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A path inside the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `claimgraph --store STORE`, with a cleared environment so that the developer's own
    /// CLAIMGRAPH_STORE or XDG settings cannot leak into the test.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--store").arg(self.store());
        cmd
    }

    /// `claimgraph` with a cleared environment and HOME in the scratch directory.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("claimgraph").expect("the binary is built");
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", "/usr/bin:/bin");
        cmd
    }

    /// Runs claimgraph with `args`, asserts success and returns stdout.
    pub fn run(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("claimgraph runs");
        assert!(
            output.status.success(),
            "claimgraph {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs claimgraph with `args` and parses its JSON output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.run(args)).expect("JSON output")
    }

    /// The unconfirmed claims, by the claim report and by the `unconfirmed-claims` SPARQL
    /// query, asserted to be the same (in the same order).
    pub fn unconfirmed(&self) -> Vec<String> {
        let report: Vec<String> = self
            .json(&["claims", "--unconfirmed", "--format", "json"])
            .as_array()
            .expect("a JSON array")
            .iter()
            .map(|row| row["claim"].as_str().expect("an IRI").to_owned())
            .collect();
        let sparql: Vec<String> =
            self.json(&["query", "unconfirmed-claims", "--format", "json"])["results"]["bindings"]
                .as_array()
                .expect("bindings")
                .iter()
                .map(|row| row["claim"]["value"].as_str().expect("an IRI").to_owned())
                .collect();
        assert_eq!(report, sparql, "the claim index and SPARQL disagree");
        report
    }

    /// The number of quads in the store.
    pub fn triples(&self) -> u64 {
        self.json(&["stats", "--format", "json"])["triples"]
            .as_u64()
            .expect("a count")
    }
}

/// A file in tests/fixtures.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A file of the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs a Python snippet (rdflib and pySHACL are installed by scripts/bootstrap) and returns
/// its stdout; fails the test when Python fails.
pub fn python(script: &str, args: &[&Path]) -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
