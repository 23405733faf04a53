//! Several processes on one store: reports beside a load, and loads killed (`kill -9`) at
//! every stage. Whatever happens, a reader sees the store as it was before a write or as it is
//! after it (or is told clearly that the store is busy), and the triple count, the claim index
//! and the SPARQL named query agree.

use crate::Env;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

/// What a reader can see of a store, by three independent routes.
#[derive(Debug, PartialEq, Eq)]
struct State {
    triples: u64,
    /// The claim report (from the claim index), in full.
    report: String,
    /// The unconfirmed claims by the report and by the `unconfirmed-claims` SPARQL query.
    unconfirmed: Vec<String>,
}

fn state(env: &Env) -> State {
    let report = env.run(&["claims", "--format", "json"]);
    let unconfirmed = env.unconfirmed();
    State {
        triples: env.triples(),
        report,
        unconfirmed,
    }
}

/// A generated knowledge base large enough for the bulk loader and for a load that takes a
/// while (about 80,000 triples: seconds in a debug build).
fn generated(env: &Env, name: &str, seed: &str) -> PathBuf {
    let path = env.path(name);
    env.run(&[
        "generate",
        "--claims",
        "3000",
        "--seed",
        seed,
        "-o",
        path.to_str().unwrap(),
    ]);
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Starts `claimgraph ARGS` with standard error piped, and returns it once a line containing
/// `phase` has been written (or at once for an empty `phase`), with the lines read so far.
fn start_until(env: &Env, args: &[&str], phase: &str) -> (Child, Vec<String>) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
        .env_clear()
        .env("HOME", env.path(""))
        .env("PATH", "/usr/bin:/bin")
        .arg("--store")
        .arg(env.store())
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    if !phase.is_empty() {
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        for line in lines.by_ref() {
            let line = line.unwrap();
            let found = line.contains(phase);
            seen.push(line);
            if found {
                break;
            }
        }
        // Keep draining, so that the child never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
    }
    (child, seen)
}

#[test]
fn reports_beside_a_load_see_the_state_before_or_after_it_or_are_told_it_is_busy() {
    let env = Env::new();
    let big = generated(&env, "big.nt", "3");
    let before = state(&env);
    let reference = Env::new();
    reference.run(&["load", big.to_str().unwrap()]);
    let after = state(&reference);
    assert_ne!(before.report, after.report);

    let big = big.to_str().unwrap();
    let (mut load, _) = start_until(&env, &["--wait", "300", "load", big], "load: reading");
    // The load now holds the store: readers that wait see it done, the others are told.
    let reports: Vec<std::process::Output> = std::thread::scope(|scope| {
        let readers: Vec<_> = (0..20)
            .map(|i| {
                let env = &env;
                scope.spawn(move || {
                    let mut cmd = env.cmd();
                    if i % 2 == 0 {
                        cmd.args(["--wait", "300"]);
                    }
                    cmd.args(["claims", "--format", "json"]).output().unwrap()
                })
            })
            .collect();
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(load.wait().unwrap().success());
    let (mut waited, mut busy) = (0, 0);
    for (i, report) in reports.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&report.stderr);
        assert!(
            !stderr.contains("RocksDB") && !stderr.contains("panicked"),
            "{stderr}"
        );
        if report.status.success() {
            let stdout = String::from_utf8(report.stdout.clone()).unwrap();
            assert!(
                stdout == before.report || stdout == after.report,
                "report {i} is neither the state before nor after the load"
            );
            waited += usize::from(stdout == after.report);
        } else {
            assert_eq!(report.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("is busy"), "{stderr}");
            assert!(stderr.contains("is writing to it"), "{stderr}");
            assert!(stderr.contains("hint: wait for it with --wait"), "{stderr}");
            busy += 1;
        }
    }
    assert_eq!(waited, 10, "every reader that waited sees the load done");
    assert_eq!(
        busy, 10,
        "every reader that did not wait is told the store is busy"
    );
    assert_eq!(state(&env), after);
}

/// The states before and after a write, and what a kill during it leaves.
struct KillTest {
    template: Env,
    before: State,
    after: State,
}

impl KillTest {
    /// Runs `args` to the end on a copy of `template`'s store, for the state after it.
    fn new(template: Env, args: &[&str]) -> Self {
        let before = state(&template);
        let reference = Env::new();
        copy_dir(&template.store(), &reference.store());
        reference.run(args);
        let after = state(&reference);
        assert_ne!(before, after);
        Self {
            template,
            before,
            after,
        }
    }

    /// Runs `args` on a fresh copy of the store, kills it (`kill -9`) `delay_ms` after it
    /// reports `stage`, and checks what the next commands find: the state before or after,
    /// or `expected` when it is given. Returns the environment, for more checks.
    fn kill_at(&self, args: &[&str], stage: &str, delay_ms: u64, expected: Option<&State>) -> Env {
        let env = Env::new();
        copy_dir(&self.template.store(), &env.store());
        let (mut child, seen) = start_until(&env, args, stage);
        // No readiness to wait for here: the delay only moves the kill later in the stage.
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let found = state(&env);
        assert!(
            found == self.before || found == self.after,
            "killed at {stage:?} + {delay_ms} ms (after {seen:?}): {} triples, neither before ({}) nor after ({})",
            found.triples,
            self.before.triples,
            self.after.triples
        );
        if let Some(expected) = expected {
            assert_eq!(&found, expected, "killed at {stage:?} + {delay_ms} ms");
        }
        env
    }
}

#[test]
fn a_load_killed_at_any_stage_leaves_the_state_before_or_after_it() {
    let template = Env::new();
    let big = generated(&template, "big.nt", "4");
    let load = ["load", "--compact", big.to_str().unwrap()];
    let test = KillTest::new(template, &load);
    let (before, after) = (Some(&test.before), Some(&test.after));
    // Each stage, and the state a kill there must leave (`None`: either).
    for (stage, expected) in [
        ("", before),
        ("load: reading", before),
        ("load: writing the store's indexes", None),
        ("load: committed", after),
        ("load: compacting the store", after),
        ("load: indexing claims", after),
    ] {
        let env = test.kill_at(&load, stage, 0, expected);
        // The store takes writes again, and the same load completes it.
        env.run(&load);
        assert_eq!(
            state(&env),
            test.after,
            "reloading after the kill at {stage:?}"
        );
    }
}

#[test]
fn a_replace_killed_at_any_stage_leaves_the_old_content_or_the_new() {
    let template = Env::new();
    let old = generated(&template, "old.nt", "5");
    let new = generated(&template, "new.nt", "6");
    template.run(&["load", "--graph", "urn:test:kb", old.to_str().unwrap()]);
    let replace = [
        "load",
        "--replace",
        "--graph",
        "urn:test:kb",
        new.to_str().unwrap(),
    ];
    let test = KillTest::new(template, &replace);
    let (before, after) = (Some(&test.before), Some(&test.after));
    // Each stage, a delay into it, and the state a kill there must leave (`None`: either).
    // After the commit the old quads are still being removed: the next command finishes it.
    for (stage, delay_ms, expected) in [
        ("load: reading", 0, before),
        ("load: writing the store's indexes", 0, None),
        ("load: committed", 0, after),
        ("load: committed", 300, after),
        ("load: committed", 1000, after),
        ("load: indexing claims", 0, after),
    ] {
        let env = test.kill_at(&replace, stage, delay_ms, expected);
        let graphs = env.json(&["stats", "--format", "json"])["graphs"].clone();
        assert!(
            graphs
                .as_object()
                .unwrap()
                .keys()
                .all(|g| !g.starts_with("urn:claimgraph:")),
            "claimgraph's own bookkeeping graphs are never shown: {graphs}"
        );
    }
}

#[test]
fn a_damaged_or_missing_claim_index_is_rebuilt_with_a_note() {
    let env = Env::new();
    let report = env.run(&["claims", "--format", "json"]);
    let index = env.store().join("claims-index/claims.jsonl");
    std::fs::write(&index, "{\"stamp\": 7").unwrap();
    let damaged = env
        .cmd()
        .args(["claims", "--format", "json"])
        .output()
        .unwrap();
    assert!(damaged.status.success());
    assert_eq!(String::from_utf8(damaged.stdout).unwrap(), report);
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("note: the claim index"));
    std::fs::remove_file(&index).unwrap();
    let missing = env
        .cmd()
        .args(["claims", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(missing.stdout).unwrap(), report);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("was missing; rebuilt it"));
}

#[test]
fn a_writer_waits_for_readers_and_says_for_whom() {
    let env = Env::new();
    env.run(&["stats"]);
    let held = claimgraph::store::ClaimStore::open(
        &claimgraph::store::Location::Disk(env.store()),
        claimgraph::store::Access::Read,
    )
    .unwrap();
    let small = crate::fixture("cli/small.ttl");
    let output = env
        .cmd()
        .args(["--wait", "0.2", "load", small.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("note: waiting for the store: other claimgraph processes are reading it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: wait longer with a larger --wait"),
        "{stderr}"
    );
    drop(held);
    env.run(&["load", small.to_str().unwrap()]);
}
