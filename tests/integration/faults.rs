//! Faults: a file system that fills up during `export -o`, `generate -o` and `load`. The
//! previous output file must survive byte for byte with no partial file beside it, and a store
//! whose disk filled during a load must open afterwards and answer as it did before.
//!
//! The small file system is a tmpfs mounted for the test (the tests run as root here and in
//! CI), unmounted when the test ends, however it ends. Where mounting is not permitted, or
//! with `CLAIMGRAPH_TEST_NO_MOUNT=1`, the command under test runs under a file-size limit
//! instead (`ulimit -f`, with SIGXFSZ ignored so that writes fail with EFBIG), which fails
//! the same writes in a different way.

use crate::{Env, SHIPPED_UNCONFIRMED, fixture};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small file system for one test.
struct SmallDisk {
    /// The mount point (or, without a mount, the directory the files go to).
    dir: tempfile::TempDir,
    /// Whether a tmpfs is mounted on `dir`.
    mounted: bool,
    /// The tmpfs's size, in KiB.
    kib: u64,
    /// The file-size limit without a tmpfs, in KiB.
    limit_kib: u64,
}

impl SmallDisk {
    /// A tmpfs of `kib` KiB where one can be mounted, else a file-size limit of
    /// `limit_kib` KiB.
    fn new(kib: u64, limit_kib: u64) -> Self {
        let dir = tempfile::tempdir().expect("a mount point");
        let mut disk = SmallDisk {
            dir,
            mounted: false,
            kib,
            limit_kib,
        };
        if std::env::var_os("CLAIMGRAPH_TEST_NO_MOUNT").is_some() {
            return disk;
        }
        let mount = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0755"),
                "tmpfs",
            ])
            .arg(disk.dir.path())
            .output();
        match mount {
            Ok(output) if output.status.success() => disk.mounted = true,
            Ok(output) => eprintln!(
                "faults: cannot mount a tmpfs ({}); using a file-size limit",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            Err(e) => eprintln!("faults: cannot run mount ({e}); using a file-size limit"),
        }
        disk
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Resizes the tmpfs (to free space after filling it).
    fn grow(&mut self, kib: u64) {
        assert!(self.mounted);
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={kib}k")])
            .arg(self.dir.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "cannot resize the tmpfs");
        self.kib = kib;
    }

    /// What fills up: for messages.
    fn how(&self) -> String {
        if self.mounted {
            format!("a {} KiB tmpfs", self.kib)
        } else {
            format!("a {} KiB file-size limit", self.limit_kib)
        }
    }

    /// Runs claimgraph with `args` (as `env` runs it: cleared environment, scratch HOME) as
    /// the command that meets the full disk: on the tmpfs, or under the file-size limit.
    fn run(&self, env: &Env, args: &[&str]) -> Output {
        if self.mounted {
            return env.bare().args(args).output().expect("claimgraph runs");
        }
        // dash and POSIX sh count `ulimit -f` in blocks of 512 bytes.
        let script = "trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"";
        let output = Command::new("sh")
            .args(["-c", script, "sh", &(self.limit_kib * 2).to_string()])
            .arg(env!("CARGO_BIN_EXE_claimgraph"))
            .args(args)
            .env_clear()
            .env("HOME", env.path(""))
            .env("PATH", "/usr/bin:/bin")
            .output()
            .expect("sh runs");
        assert_ne!(output.status.code(), Some(99), "ulimit -f failed");
        output
    }

    /// The names in the directory.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for SmallDisk {
    /// Unmounts the tmpfs (before the directory is removed), also when the test failed.
    fn drop(&mut self) {
        if !self.mounted {
            return;
        }
        for _ in 0..10 {
            let status = Command::new("umount").arg(self.dir.path()).status();
            if status.is_ok_and(|s| s.success()) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        // Still busy: detach it now; it goes when the last user does.
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temporary paths")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a command expected to fail on the full disk: exit 2 and an error naming `named`.
fn assert_disk_full_error(output: &Output, named: &Path, what: &str, disk: &SmallDisk) {
    let stderr = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{what} onto {} should fail with exit 2: {stderr}",
        disk.how()
    );
    assert!(
        stderr.contains(&named.display().to_string()),
        "the error of {what} should name {}: {stderr}",
        named.display()
    );
    assert!(
        stderr.contains("No space left on device") || stderr.contains("File too large"),
        "the error of {what} should say the disk is full: {stderr}"
    );
}

/// A file with known content, to be kept whole.
const PREVIOUS: &str = "<urn:previous> <urn:output> \"kept whole, byte for byte\" .\n";

/// The file at `path` holds [`PREVIOUS`], and it is alone in its directory: no partial
/// output (`.NAME.partial-PID`) left beside it.
fn assert_previous_output_kept(disk: &SmallDisk, path: &Path, what: &str) {
    assert_eq!(
        fs::read(path).expect("the previous output is still there"),
        PREVIOUS.as_bytes(),
        "{what} changed the previous output on {}",
        disk.how()
    );
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        disk.names(),
        [name],
        "{what} left files beside its output on {}",
        disk.how()
    );
}

#[test]
fn an_export_onto_a_full_disk_fails_and_keeps_the_previous_file() {
    let env = Env::new();
    // The knowledge base as N-Triples is about 400 KB; make sure it does not fit.
    let whole = env.path("whole.nt");
    env.run(&["export", "-o", arg(&whole)]);
    let size = fs::metadata(&whole).unwrap().len();
    let disk = SmallDisk::new(128, 256);
    assert!(size > 300 * 1024, "the export ({size} bytes) fits");

    let out = disk.path("kb.nt");
    fs::write(&out, PREVIOUS).unwrap();
    let store = env.store();
    let output = disk.run(&env, &["--store", arg(&store), "export", "-o", arg(&out)]);
    assert_disk_full_error(&output, &out, "export -o", &disk);
    assert_previous_output_kept(&disk, &out, "export -o");
    // The store it read is as it was.
    assert_eq!(env.unconfirmed().len(), SHIPPED_UNCONFIRMED);
}

#[test]
fn a_generate_onto_a_full_disk_fails_and_keeps_the_previous_file() {
    let env = Env::new();
    let disk = SmallDisk::new(1024, 1024);
    let out = disk.path("claims.nt");
    fs::write(&out, PREVIOUS).unwrap();
    let output = disk.run(&env, &["generate", "--claims", "20000", "-o", arg(&out)]);
    assert_disk_full_error(&output, &out, "generate -o", &disk);
    assert_previous_output_kept(&disk, &out, "generate -o");

    // The same as Turtle.
    let ttl = disk.path("claims.ttl");
    fs::remove_file(&out).unwrap();
    fs::write(&ttl, PREVIOUS).unwrap();
    let output = disk.run(&env, &["generate", "--claims", "20000", "-o", arg(&ttl)]);
    assert_disk_full_error(&output, &ttl, "generate -o (Turtle)", &disk);
    assert_previous_output_kept(&disk, &ttl, "generate -o (Turtle)");
}

/// The size of the files under `dir`, in KiB.
fn du_kib(dir: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total.div_ceil(1024)
}

/// Runs claimgraph on the store at `store` with `args` (no limit), asserts success and
/// returns stdout.
fn on_store(env: &Env, store: &Path, args: &[&str]) -> String {
    let output = env
        .bare()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("claimgraph runs");
    assert!(
        output.status.success(),
        "claimgraph {args:?} failed: {}",
        stderr(&output)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

const UNCONFIRMED: [&str; 4] = ["claims", "--unconfirmed", "--format", "json"];

/// The number of quads in the store at `store`.
fn triples(env: &Env, store: &Path) -> u64 {
    let stats = on_store(env, store, &["stats", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&stats).unwrap()["triples"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_load_that_fills_the_disk_fails_and_leaves_the_store_as_it_was() {
    let env = Env::new();
    // A fresh store with the shipped knowledge base is about 4.3 MB of RocksDB files; 12 MiB
    // holds it, and not the ~45 MB of 10,000 generated claims. Without a tmpfs, the bulk
    // loader's files (megabytes each) meet a limit of 512 KiB a file.
    let disk = SmallDisk::new(12 * 1024, 512);
    let store = disk.path("store");
    let before = on_store(&env, &store, &UNCONFIRMED);
    let rows: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), SHIPPED_UNCONFIRMED);
    let triples_before = triples(&env, &store);
    let used = du_kib(&store);
    assert!(
        !disk.mounted || used < disk.kib / 2,
        "the fresh store ({used} KiB) leaves too little of {} to fill",
        disk.how()
    );

    // Large enough for the bulk loader (1 MiB or more).
    let big = env.path("big.nt");
    env.run(&["generate", "--claims", "10000", "-o", arg(&big)]);
    let size = fs::metadata(&big).unwrap().len();
    assert!(
        size / 1024 > 2 * disk.kib,
        "the input ({size} bytes) would fit"
    );

    let output = disk.run(&env, &["--store", arg(&store), "load", arg(&big)]);
    let message = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a load onto {} should fail with exit 2: {message}",
        disk.how()
    );
    assert!(
        message.contains("No space left on device") || message.contains("File too large"),
        "the error should say the disk is full: {message}"
    );

    // The store opens, and answers as it did before, row for row.
    assert_eq!(on_store(&env, &store, &UNCONFIRMED), before);
    assert_eq!(triples(&env, &store), triples_before);
    on_store(&env, &store, &["validate"]);
    // The failed load's bulk files are gone.
    let leftovers: Vec<String> = fs::read_dir(store.join("oxigraph"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    // And it takes writes again.
    let extra = fixture("valid/extra-claim.ttl");
    on_store(&env, &store, &["load", arg(&extra)]);
    assert!(triples(&env, &store) > triples_before);
}

/// A load small enough for one transaction (under the 1 MiB bulk threshold) is committed to
/// RocksDB's write-ahead log, and then the disk fills when the log is written out and when
/// the claim index is written. The load is done, so it says so (exit 0) with a note and a
/// warning, not "failed"; the store reads on the full disk (the log is replayed in memory);
/// the claim report, which must write its index, says the disk is full; and once there is
/// space, everything agrees with the load having happened.
#[test]
fn a_small_load_committed_before_the_disk_fills_says_so_and_the_store_reads_on() {
    let env = Env::new();
    let mut disk = SmallDisk::new(8 * 1024, 1024);
    if !disk.mounted {
        eprintln!("faults: this test fills a tmpfs with the write-ahead log; skipped");
        return;
    }
    let store = disk.path("store");
    let triples_before = triples(&env, &store);
    // 200 generated claims: about 960 KB, loaded in one transaction, whose flush needs more
    // than the 5 MB left.
    let small = env.path("small.nt");
    env.run(&["generate", "--claims", "200", "-o", arg(&small)]);
    assert!(fs::metadata(&small).unwrap().len() < 1024 * 1024);

    let output = disk.run(&env, &["--store", arg(&store), "load", arg(&small)]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    let count: u64 = said
        .split_once("loaded ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in: {said}"));
    assert!(said.contains("committed and safe"), "{said}");
    // Reads work on the full disk, and see the load.
    let loaded = triples(&env, &store);
    assert_eq!(loaded, triples_before + count);
    let report = env
        .bare()
        .arg("--store")
        .arg(&store)
        .args(UNCONFIRMED)
        .output()
        .unwrap();
    if !report.status.success() {
        assert!(
            stderr(&report).contains("the disk is full"),
            "{}",
            stderr(&report)
        );
    }
    disk.grow(32 * 1024);
    assert_eq!(triples(&env, &store), loaded);
    let rows: serde_json::Value =
        serde_json::from_str(&on_store(&env, &store, &UNCONFIRMED)).unwrap();
    assert!(rows.as_array().unwrap().len() > SHIPPED_UNCONFIRMED);
}
