//! Recording with claimgraph's own commands: sources, actors, claims and status changes, their
//! history and the as-of views, spreadsheet imports, and the guarantees of every write.

use crate::{Env, fixture};
use predicates::prelude::PredicateBooleanExt as _;
use serde_json::Value;
use std::fs;

const CAMARA: &str = "https://w3id.org/claimgraph/id/claim-camara-killed";
const EDITORS: &str = "id:claimgraph-editors";

fn claim<'a>(rows: &'a Value, iri: &str) -> Option<&'a Value> {
    rows.as_array().unwrap().iter().find(|r| r["claim"] == iri)
}

fn status_on(env: &Env, iri: &str, day: Option<&str>) -> Option<String> {
    let mut args = vec!["claims", "--format", "json"];
    if let Some(day) = day {
        args.extend(["--as-of", day]);
    }
    claim(&env.json(&args), iri).map(|r| r["status"].as_str().unwrap().to_owned())
}

/// The statuses SPARQL sees for a claim: every `cg:status` in every graph.
fn sparql_statuses(env: &Env, iri: &str) -> Vec<String> {
    let query = format!("SELECT ?s WHERE {{ <{iri}> cg:status ?s }}");
    env.json(&["query", "-e", &query, "--format", "json"])["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b["s"]["value"]
                .as_str()
                .unwrap()
                .rsplit('#')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// A second outlet reporting on 28 April, as a source of the store.
fn second_source(env: &Env) -> String {
    env.run(&[
        "actor",
        "add",
        "--class",
        "media-outlet",
        "--label",
        "Test Courier",
        "--label-ar",
        "ساعي الاختبار",
        "--label-fr",
        "Courrier d'essai",
    ]);
    let out = env.run(&[
        "source",
        "add",
        "--kind",
        "article",
        "--publisher",
        "test-courier",
        "--date",
        "2026-04-28",
        "--language",
        "ar",
        "--title",
        "عنوان الاختبار",
        "--reliability",
        "B",
    ]);
    assert_eq!(out.trim(), "added source id:source-test-courier-2026-04-28");
    "source-test-courier-2026-04-28".into()
}

fn confirm_camara(env: &Env, source: &str, day: &str) -> String {
    env.run(&[
        "claim",
        "status",
        "claim-camara-killed",
        "confirmed",
        "--source",
        source,
        "--date",
        day,
        "--by",
        EDITORS,
        "--note",
        "A second outlet confirms it.",
    ])
}

/// `claim status CLAIM STATUS --source SOURCE --date 2026-04-28`, by the editors when `by`.
fn status_command(
    env: &Env,
    claim: &str,
    status: &str,
    source: &str,
    by: bool,
) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.args([
        "claim",
        "status",
        claim,
        status,
        "--source",
        source,
        "--date",
        "2026-04-28",
    ]);
    if by {
        cmd.args(["--by", EDITORS]);
    }
    cmd
}

fn unconfirmed_agree(env: &Env) {
    env.unconfirmed();
}

#[test]
fn a_reported_claim_confirmed_by_a_second_source_is_confirmed_from_that_day() {
    let env = Env::new();
    let source = second_source(&env);
    let out = confirm_camara(&env, &source, "2026-04-28");
    assert!(
        out.contains("id:claim-camara-killed is confirmed from 2026-04-28"),
        "{out}"
    );
    assert_eq!(
        status_on(&env, CAMARA, Some("2026-04-27")).as_deref(),
        Some("reported")
    );
    assert_eq!(
        status_on(&env, CAMARA, Some("2026-04-28")).as_deref(),
        Some("confirmed")
    );
    assert_eq!(status_on(&env, CAMARA, None).as_deref(), Some("confirmed"));
    assert_eq!(
        status_on(&env, CAMARA, Some("2026-04-25")),
        None,
        "not reported yet"
    );
    assert_eq!(sparql_statuses(&env, CAMARA), ["confirmed"]);
    unconfirmed_agree(&env);
    let before = env.json(&[
        "claims",
        "--unconfirmed",
        "--as-of",
        "2026-04-27",
        "--format",
        "json",
    ]);
    assert!(claim(&before, CAMARA).is_some());
    let after = env.json(&[
        "claims",
        "--unconfirmed",
        "--as-of",
        "2026-04-28",
        "--format",
        "json",
    ]);
    assert!(claim(&after, CAMARA).is_none());
    let history = env.json(&[
        "claim",
        "history",
        "claim-camara-killed",
        "--format",
        "json",
    ]);
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["status"], "confirmed");
    assert_eq!(history[1]["source"], format!("id:{source}"));
    assert_eq!(history[1]["agent"], EDITORS);
    assert_eq!(history[1]["note"], "A second outlet confirms it.");
    assert_eq!(history[1]["current"], true);
    assert!(history[1]["recorded"].as_str().unwrap().ends_with('Z'));
    let changed = env.json(&[
        "claims",
        "--changed-since",
        "2026-04-27",
        "--format",
        "json",
    ]);
    // Camara's confirmation is a change after the 27th (so are the shipped confirmations).
    assert!(claim(&changed, CAMARA).is_some());
    let since = env.json(&[
        "claims",
        "--changed-since",
        "2026-04-28",
        "--format",
        "json",
    ]);
    assert!(claim(&since, CAMARA).is_none());
    env.cmd().arg("validate").assert().success();
    let stats = env.json(&["stats", "--format", "json"]);
    assert!(
        stats["graphs"]["https://w3id.org/claimgraph/graph/edits"]
            .as_u64()
            .is_some_and(|n| n > 0)
    );
}

#[test]
fn a_denial_recorded_with_contradicts_is_contested() {
    let env = Env::new();
    let source = second_source(&env);
    let out = env.run(&[
        "claim",
        "add",
        "--statement",
        "The army denies that the defence minister was killed.",
        "--statement-ar",
        "ينفي الجيش مقتل وزير الدفاع.",
        "--status",
        "claimed",
        "--stance",
        "denies",
        "--claimant",
        "id:malian-armed-forces",
        "--source",
        &source,
        "--about",
        "id:sadio-camara",
        "--quote",
        "ينفي الجيش مقتل وزير الدفاع",
        "--first-reported",
        "2026-04-28",
        "--credibility",
        "3",
        "--contradicts",
        "claim-camara-killed",
        "--by",
        EDITORS,
    ]);
    let denial = "https://w3id.org/claimgraph/id/claim-army-denies-defence-minister-killed";
    assert_eq!(
        out.trim(),
        "added claim id:claim-army-denies-defence-minister-killed (claimed)"
    );
    let contested = env.json(&["claims", "--contested", "--format", "json"]);
    let row = claim(&contested, denial).expect("the denial is contested");
    assert_eq!(row["contradicts"][0], CAMARA);
    assert_eq!(row["quote"], "ينفي الجيش مقتل وزير الدفاع");
    assert_eq!(row["credibility"], "3");
    let camara = claim(&contested, CAMARA).expect("the claim it denies is contested too");
    assert!(
        camara["contradicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == denial)
    );
    // As it stood before the denial was reported, the claim was not contested by it.
    let earlier = env.json(&[
        "claims",
        "--contested",
        "--as-of",
        "2026-04-27",
        "--format",
        "json",
    ]);
    assert!(claim(&earlier, denial).is_none());
    assert!(claim(&earlier, CAMARA).is_none_or(|r| {
        !r["contradicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == denial)
    }));
    env.cmd().arg("validate").assert().success();
    // The same statement again would take the same id: refused.
    env.cmd()
        .args([
            "claim",
            "add",
            "--statement",
            "The army denies that the defence minister was killed.",
            "--statement-ar",
            "ش",
            "--status",
            "claimed",
            "--claimant",
            "id:malian-armed-forces",
            "--source",
            &source,
            "--about",
            "id:sadio-camara",
            "--quote",
            "ش",
            "--first-reported",
            "2026-04-28",
            "--by",
            EDITORS,
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"))
        .stderr(predicates::str::contains(
            "hint: give it an identifier of its own with --id",
        ));
}

#[test]
fn a_change_dated_before_the_newest_is_history_only() {
    let env = Env::new();
    let source = second_source(&env);
    confirm_camara(&env, &source, "2026-04-28");
    let output = env
        .cmd()
        .args([
            "claim",
            "status",
            "id:claim-camara-killed",
            "refuted",
            "--source",
            &source,
            "--date",
            "2026-04-27",
            "--by",
            EDITORS,
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains("dated before the claim's newest change (2026-04-28, confirmed)"),
        "{note}"
    );
    assert!(
        note.contains("the current status stays confirmed"),
        "{note}"
    );
    assert_eq!(status_on(&env, CAMARA, None).as_deref(), Some("confirmed"));
    assert_eq!(sparql_statuses(&env, CAMARA), ["confirmed"]);
    assert_eq!(
        status_on(&env, CAMARA, Some("2026-04-27")).as_deref(),
        Some("refuted")
    );
    let history = env.json(&[
        "claim",
        "history",
        "claim-camara-killed",
        "--format",
        "json",
    ]);
    let statuses: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["reported", "refuted", "confirmed"]);
    unconfirmed_agree(&env);
}

#[test]
fn a_write_that_breaks_the_shapes_or_names_unknown_things_changes_nothing() {
    let env = Env::new();
    let source = second_source(&env);
    let before = env.triples();
    env.cmd()
        .args([
            "claim",
            "add",
            "--statement",
            "A claim without its Arabic statement.",
            "--status",
            "reported",
            "--claimant",
            "id:noon-post",
            "--source",
            &source,
            "--about",
            "id:bamako",
            "--quote",
            "نص",
            "--first-reported",
            "2026-04-28",
            "--by",
            EDITORS,
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "breaks 1 of the shapes' constraints, so nothing was written",
        ))
        .stderr(predicates::str::contains(
            "A claim has a cg:statement in Arabic",
        ));
    status_command(&env, "claim-camara-kiled", "confirmed", &source, true)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("there is no claim"))
        .stderr(predicates::str::contains(
            "did you mean id:claim-camara-killed?",
        ));
    status_command(&env, "claim-camara-killed", "confirmd", &source, true)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("did you mean id:confirmed?")
                .or(predicates::str::contains("did you mean cg:confirmed?")),
        );
    status_command(&env, "claim-camara-killed", "confirmed", &source, false)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("who records this is not given"))
        .stderr(predicates::str::contains("CLAIMGRAPH_AGENT"));
    status_command(&env, "claim-camara-killed", "confirmed", &source, false)
        .env("CLAIMGRAPH_AGENT", "id:claimgraph-editor")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "did you mean id:claimgraph-editors?",
        ));
    assert_eq!(env.triples(), before);
    // The agent from the environment.
    status_command(&env, "claim-camara-killed", "confirmed", &source, false)
        .env("CLAIMGRAPH_AGENT", EDITORS)
        .assert()
        .success();
}

#[test]
fn edits_survive_a_reload_of_the_shipped_knowledge_base() {
    let env = Env::new();
    let source = second_source(&env);
    confirm_camara(&env, &source, "2026-04-28");
    let manifest_path = env.store().join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&fs::read(&manifest_path).unwrap()).unwrap();
    for (graph, record) in manifest["graphs"].as_object_mut().unwrap() {
        if graph.contains("claims-noonpost") {
            record["sha256"] = "0".repeat(64).into();
        }
    }
    fs::write(&manifest_path, manifest.to_string()).unwrap();
    env.cmd()
        .arg("stats")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "loaded the shipped knowledge base",
        ));
    assert_eq!(status_on(&env, CAMARA, None).as_deref(), Some("confirmed"));
    assert_eq!(sparql_statuses(&env, CAMARA), ["confirmed"]);
    let history = env.json(&[
        "claim",
        "history",
        "claim-camara-killed",
        "--format",
        "json",
    ]);
    assert_eq!(history.as_array().unwrap().len(), 2);
    unconfirmed_agree(&env);
    env.cmd().arg("validate").assert().success();
}

#[test]
fn edits_survive_load_replace_of_the_file_the_claim_came_from() {
    let env = Env::new();
    let file = env.path("sahel-wire.ttl");
    fs::copy(fixture("record/sahel-wire.ttl"), &file).unwrap();
    let file = file.to_str().unwrap();
    env.run(&["load", file]);
    let bridge = "https://w3id.org/claimgraph/id/claim-test-bridge-closed";
    env.run(&[
        "claim",
        "status",
        "claim-test-bridge-closed",
        "refuted",
        "--source",
        "source-test-sahel-wire-2030-01-02",
        "--date",
        "2030-01-03",
        "--by",
        EDITORS,
    ]);
    assert_eq!(status_on(&env, bridge, None).as_deref(), Some("refuted"));
    env.run(&["load", "--replace", file]);
    assert_eq!(status_on(&env, bridge, None).as_deref(), Some("refuted"));
    assert_eq!(sparql_statuses(&env, bridge), ["refuted"]);
    let history = env.json(&[
        "claim",
        "history",
        "claim-test-bridge-closed",
        "--format",
        "json",
    ]);
    assert_eq!(history.as_array().unwrap().len(), 2);
    unconfirmed_agree(&env);
    // A restart, too: a new process reads the same.
    assert_eq!(
        status_on(&env, bridge, Some("2030-01-02")).as_deref(),
        Some("reported")
    );
}

#[test]
fn edits_round_trip_through_an_export_to_a_fresh_store() {
    let env = Env::new();
    let source = second_source(&env);
    confirm_camara(&env, &source, "2026-04-28");
    env.run(&[
        "claim",
        "add",
        "--statement",
        "The test outlet reports a curfew in Bamako.",
        "--statement-ar",
        "حظر تجول في باماكو.",
        "--status",
        "reported",
        "--claimant",
        "test-courier",
        "--source",
        &source,
        "--about",
        "id:bamako",
        "--quote",
        "حظر تجول",
        "--first-reported",
        "2026-04-28",
        "--by",
        EDITORS,
    ]);
    let edits = env.path("edits.ttl");
    env.run(&[
        "export",
        "--graph",
        "https://w3id.org/claimgraph/graph/edits",
        "-o",
        edits.to_str().unwrap(),
    ]);
    let again = env.path("edits-again.ttl");
    env.run(&[
        "export",
        "--graph",
        "https://w3id.org/claimgraph/graph/edits",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        fs::read(&edits).unwrap(),
        fs::read(&again).unwrap(),
        "exports are deterministic"
    );
    let fresh = Env::new();
    fresh.run(&["load", edits.to_str().unwrap()]);
    for args in [
        vec!["claims", "--format", "json"],
        vec!["claims", "--as-of", "2026-04-27", "--format", "json"],
        vec![
            "claims",
            "--changed-since",
            "2026-04-26",
            "--format",
            "json",
        ],
        vec![
            "claim",
            "history",
            "claim-camara-killed",
            "--format",
            "json",
        ],
    ] {
        assert_eq!(fresh.json(&args), env.json(&args), "{args:?}");
    }
    assert_eq!(sparql_statuses(&fresh, CAMARA), ["confirmed"]);
    unconfirmed_agree(&fresh);
}

#[test]
fn a_spreadsheet_with_bad_rows_reports_each_and_imports_nothing() {
    let env = Env::new();
    let before = env.triples();
    let output = env
        .cmd()
        .args([
            "import",
            fixture("record/bad.csv").to_str().unwrap(),
            "--by",
            EDITORS,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = fixture("record/bad.csv").display().to_string();
    for expected in [
        format!(
            "{file}:2:3: class: `armed-band` is not a class of actor; did you mean armed-group?"
        ),
        format!(
            "{file}:3:7: publisher: `id:noon-pots` is not a known actor; did you mean id:noon-post?"
        ),
        format!("{file}:3:8: date: `2030-13-01` is not a date (YYYY-MM-DD)"),
        format!("{file}:3:12: reliability: `G` is not a reliability grade (A to F)"),
        format!("{file}:4:13: status: missing: a claim row needs its status"),
        format!("{file}:5:13: status: `confirmd` is not a claim status; did you mean confirmed?"),
        format!("{file}:6:15: claimants: `id:jnin` is not a known actor; did you mean id:jnim?"),
        format!("{file}:7:20: credibility: `7` is not a credibility grade (1 to 6)"),
        format!("{file}:8:16: sources: `id:source-nowhere` is not a known source"),
        format!("{file}:9:19: quote_lang: missing: the quote's language"),
        format!("{file}:11:8: date: `05/01/2030` is not a date (YYYY-MM-DD)"),
        format!("{file}:12:14: stance: `maybe` is not a stance: affirms or denies"),
        format!("{file}:13:1: kind: `rumour` is not a kind of row"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(env.triples(), before);
}

#[test]
fn a_spreadsheet_of_a_thousand_claims_imports_and_validates() {
    let env = Env::new();
    let mut csv = String::from("\u{feff}");
    csv.push_str(claimgraph::record::TEMPLATE.lines().next().unwrap());
    csv.push_str("\r\n");
    csv.push_str("actor,test-militia,armed-group,Test Militia,ميليشيا الاختبار,Milice d'essai,,,,,,,,,,,,,,,\r\n");
    csv.push_str("source,test-bulletin,communique,,\"بيان, مع فاصلة\",,test-militia,2030-02-01,ar,,bulletin-1,D,,,,,,,,,\r\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "claim,claim-test-{i},,\"Test claim number {i}, with a comma\",\"ادعاء اختبار رقم {i}\",\"Affirmation n° {i} : « essai »\",,2030-02-{:02},,,,,{},affirms,test-militia,test-bulletin,id:bamako|test-militia,\"اقتباس\nعلى سطرين {i}\",,{},{}\r\n",
            1 + i % 28,
            if i % 3 == 0 { "claimed" } else { "reported" },
            1 + i % 6,
            if i > 0 && i % 100 == 0 { format!("claim-test-{}", i - 1) } else { String::new() },
        ));
    }
    let path = env.path("claims.csv");
    fs::write(&path, csv).unwrap();
    let out = env.run(&["import", path.to_str().unwrap(), "--by", EDITORS]);
    assert!(
        out.contains("imported 1000 claims, 1 sources and 1 actors"),
        "{out}"
    );
    env.cmd().arg("validate").assert().success();
    let rows = env.json(&["claims", "--claimant", "test-militia", "--format", "json"]);
    assert_eq!(rows.as_array().unwrap().len(), 1000);
    let first = claim(&rows, "https://w3id.org/claimgraph/id/claim-test-7").unwrap();
    assert_eq!(first["statement"], "Test claim number 7, with a comma");
    assert_eq!(first["quote"], "اقتباس\nعلى سطرين 7");
    assert_eq!(first["sources"][0]["reliability"], "D");
    let french = env.json(&[
        "claims",
        "--claimant",
        "test-militia",
        "--lang",
        "fr",
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    assert!(
        french[0]["statement"]
            .as_str()
            .unwrap()
            .contains("« essai »")
    );
    let contested = env.json(&[
        "claims",
        "--contested",
        "--claimant",
        "test-militia",
        "--format",
        "json",
    ]);
    assert_eq!(contested.as_array().unwrap().len(), 18);
    unconfirmed_agree(&env);
}

#[test]
fn the_template_imports_into_the_shipped_knowledge_base() {
    let env = Env::new();
    let template = env.run(&["import", "--template"]);
    let path = env.path("template.csv");
    fs::write(&path, template).unwrap();
    let out = env.run(&["import", path.to_str().unwrap(), "--by", EDITORS]);
    assert!(
        out.contains("imported 1 claims, 1 sources and 1 actors"),
        "{out}"
    );
    env.cmd().arg("validate").assert().success();
}

#[test]
fn a_killed_import_leaves_the_store_before_or_after_it() {
    let env = Env::new();
    let mut csv = String::from(claimgraph::record::TEMPLATE.lines().next().unwrap());
    csv.push('\n');
    for i in 0..3000 {
        csv.push_str(&format!(
            "claim,claim-kill-{i},,Kill test claim {i},ادعاء {i},,,2030-03-01,,,,,reported,affirms,id:noon-post,id:source-noonpost-2026-04-mali,id:bamako,اقتباس {i},ar,,\n"
        ));
    }
    let path = env.path("kill.csv");
    fs::write(&path, csv).unwrap();
    let before = env.triples();
    let reference = Env::new();
    reference.run(&["import", path.to_str().unwrap(), "--by", EDITORS]);
    let after = reference.triples();
    for delay in [50, 400, 1500] {
        let run = Env::new();
        run.run(&["stats"]);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
            .env_clear()
            .env("HOME", run.path(""))
            .arg("--store")
            .arg(run.store())
            .args(["import", path.to_str().unwrap(), "--by", EDITORS])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // No readiness to wait for: the delays only move the kill along the import.
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().unwrap();
        child.wait().unwrap();
        let triples = run.triples();
        assert!(
            triples == before || triples == after,
            "killed after {delay} ms: {triples} triples, neither {before} nor {after}"
        );
        unconfirmed_agree(&run);
    }
}
