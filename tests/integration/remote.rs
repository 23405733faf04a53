//! The commands against real SPARQL engines (`--endpoint`, `push`): on Oxigraph server and on
//! Virtuoso, every named query and the claims report give exactly the local rows after a
//! push; answers past Virtuoso's 10,000-row cap come back whole; a hostile parameter changes
//! nothing; and failures (nothing listening, a wrong password, a server error, a time limit,
//! a server killed during a push) are errors that say so, after which a rerun completes.

use super::engines::{Engine, free_port};
use super::{Env, SHIPPED_UNCONFIRMED};
use serde_json::Value;
use std::process::Stdio;

/// The named queries with the example value each parameter's description gives.
fn named_queries(env: &Env) -> Vec<(String, Vec<String>)> {
    env.json(&["queries", "--json"])
        .as_array()
        .expect("the catalogue")
        .iter()
        .map(|query| {
            let params = query["params"]
                .as_array()
                .expect("params")
                .iter()
                .map(|param| {
                    let description = param["description"].as_str().expect("a description");
                    let example = description
                        .split("e.g. ")
                        .nth(1)
                        .and_then(|rest| rest.split([' ', ')', ',']).next())
                        .expect("an example value");
                    format!("{}={example}", param["name"].as_str().expect("a name"))
                })
                .collect();
            (query["name"].as_str().expect("a name").to_owned(), params)
        })
        .collect()
}

/// SPARQL JSON results as sorted rows, blank nodes blanked (engines label them their own way)
/// and each literal's words sorted: GROUP_CONCAT joins its values in an order SPARQL leaves to
/// the engine, and engines differ.
fn rows(results: &Value) -> (Value, Vec<String>) {
    let mut rows: Vec<String> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            let mut row = row.clone();
            for value in row.as_object_mut().expect("a row").values_mut() {
                if value["type"] == "bnode" {
                    value["value"] = Value::from("_");
                }
                if value["type"] == "literal" {
                    let text = value["value"].as_str().expect("a value");
                    let mut words: Vec<&str> = text.split([' ', ',']).collect();
                    words.sort_unstable();
                    value["value"] = Value::from(words.join(" "));
                }
            }
            row.to_string()
        })
        .collect();
    rows.sort();
    (results["head"]["vars"].clone(), rows)
}

/// `claimgraph ARGS --endpoint URL` (credentials in the environment for Virtuoso, whose Graph
/// Store endpoint asks for Digest).
fn remote_args<'a>(engine: &'a Engine, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--endpoint", engine.url.as_str()]);
    all
}

fn on(env: &Env, engine: &Engine, args: &[&str]) -> String {
    let output = env
        .cmd()
        .args(remote_args(engine, args))
        .env("CLAIMGRAPH_USER", "dba")
        .env("CLAIMGRAPH_PASSWORD", "dba")
        .output()
        .expect("claimgraph runs");
    assert!(
        output.status.success(),
        "claimgraph {args:?} on {} failed: {}\nthe engine's log: {}",
        engine.name,
        String::from_utf8_lossy(&output.stderr),
        engine
            .log()
            .lines()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn on_json(env: &Env, engine: &Engine, args: &[&str]) -> Value {
    serde_json::from_str(&on(env, engine, args)).expect("JSON")
}

/// Every named query and several claims reports give the local rows on `engine`.
fn answers_match(env: &Env, engine: &Engine) {
    for (name, params) in named_queries(env) {
        let mut args = vec!["query", name.as_str(), "--format", "json"];
        for param in &params {
            args.extend(["--param", param.as_str()]);
        }
        let local = rows(&env.json(&args));
        let remote = rows(&on_json(env, engine, &args));
        assert_eq!(
            local.0, remote.0,
            "{name}: the variables differ on {}",
            engine.name
        );
        assert!(
            !local.1.is_empty() || name == "claim-history",
            "{name} has rows locally"
        );
        let only_local: Vec<_> = local
            .1
            .iter()
            .filter(|r| !remote.1.contains(r))
            .take(3)
            .collect();
        let only_remote: Vec<_> = remote
            .1
            .iter()
            .filter(|r| !local.1.contains(r))
            .take(3)
            .collect();
        assert!(
            local.1 == remote.1,
            "{name}: the rows differ on {} ({} local, {} remote); only local: {only_local:?}; only remote: {only_remote:?}",
            engine.name,
            local.1.len(),
            remote.1.len()
        );
    }
    for report in [
        &["claims", "--unconfirmed", "--format", "json"][..],
        &["claims", "--contested", "--lang", "ar", "--format", "json"],
        &[
            "claims",
            "--as-of",
            "2026-04-26",
            "--lang",
            "fr",
            "--format",
            "json",
        ],
        &[
            "claims",
            "--single-origin",
            "--search",
            "airport",
            "--format",
            "json",
        ],
    ] {
        let local = env.run(report);
        let remote = on(env, engine, report);
        assert_eq!(local, remote, "{report:?} differs on {}", engine.name);
    }
}

/// Triples in all graphs of the remote store.
fn remote_triples(env: &Env, engine: &Engine) -> u64 {
    let answer = on_json(
        env,
        engine,
        &[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--format",
            "json",
        ],
    );
    answer["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .expect("a count")
        .parse()
        .expect("a number")
}

fn shipped_kb_round_trip(engine: &Engine) {
    let env = Env::new();
    let pushed = on(&env, engine, &["push", "--quiet"]);
    assert!(pushed.contains(&format!("({})", engine.name)), "{pushed}");
    let unconfirmed = on_json(
        &env,
        engine,
        &["claims", "--unconfirmed", "--format", "json"],
    );
    assert_eq!(
        unconfirmed.as_array().map(Vec::len),
        Some(SHIPPED_UNCONFIRMED)
    );
    answers_match(&env, engine);

    // The counts, and an export, as the local store gives them (the claims graph: Virtuoso
    // keeps WKT geometries, in the places graph, in a form of its own).
    let stats = ["stats", "--format", "json"];
    assert_eq!(
        env.json(&stats),
        on_json(&env, engine, &stats),
        "stats on {}",
        engine.name
    );
    let claims_graph = [
        "export",
        "--graph",
        "https://w3id.org/claimgraph/graph/data/claims-noonpost-2026-04.ttl",
        "--format",
        "turtle",
    ];
    assert_eq!(
        env.run(&claims_graph),
        on(&env, engine, &claims_graph),
        "export on {}",
        engine.name
    );

    // A second push replaces each graph: nothing doubles.
    let before = remote_triples(&env, engine);
    on(&env, engine, &["push", "--quiet"]);
    assert_eq!(
        remote_triples(&env, engine),
        before,
        "a rerun doubled triples"
    );

    // A hostile value is bound as one literal: the query runs, and the store is unchanged.
    let hostile =
        r#"entity=x" } } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } ; SELECT * { { ""#;
    let answer = on_json(
        &env,
        engine,
        &["query", "entity", "--param", hostile, "--format", "json"],
    );
    assert_eq!(
        answer["results"]["bindings"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(
        remote_triples(&env, engine),
        before,
        "the injection changed the store"
    );
}

/// A generated knowledge base of 10,000 claims: on Virtuoso its report reads past the
/// 10,000-row cap, and a plain SELECT of 80,000 rows comes back whole.
fn generated_kb_round_trip(engine: &Engine) {
    let env = Env::new();
    let kb = env.path("kb-10k.nt");
    env.run(&[
        "generate",
        "--claims",
        "10000",
        "-o",
        kb.to_str().expect("UTF-8"),
    ]);
    env.run(&["load", "--quiet", kb.to_str().expect("UTF-8")]);
    on(&env, engine, &["push", "--quiet", "--chunk", "50000"]);
    for report in [
        &["claims", "--unconfirmed", "--format", "json"][..],
        &["claims", "--contested", "--format", "json"],
    ] {
        assert_eq!(
            env.run(report),
            on(&env, engine, report),
            "{report:?} on {}",
            engine.name
        );
    }
    // Pulled into a fresh store, the graphs give the same report there.
    let copy = Env::new();
    let pulled = on(&copy, engine, &["pull"]);
    assert!(
        pulled.contains("kb-10k.nt") && !pulled.contains("ontology"),
        "{pulled}"
    );
    let report = ["claims", "--unconfirmed", "--format", "json"];
    assert_eq!(
        copy.run(&report),
        env.run(&report),
        "the pulled copy differs"
    );

    // Types, statements and sources of the claimgraph namespace (Virtuoso's own graphs aside).
    let many = [
        "query",
        "-e",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o VALUES ?p { rdf:type cg:statement prov:wasDerivedFrom } \
         FILTER(STRSTARTS(STR(?s), \"https://w3id.org/claimgraph/\")) }",
        "--format",
        "json",
    ];
    let local = rows(&env.json(&many));
    let remote = rows(&on_json(&env, engine, &many));
    assert!(local.1.len() > 80_000, "{} rows", local.1.len());
    assert_eq!(local, remote, "the 80,000 rows differ on {}", engine.name);
}

#[test]
fn oxigraph_server_gives_the_local_answers() {
    let engine = Engine::oxigraph();
    shipped_kb_round_trip(&engine);
    generated_kb_round_trip(&engine);
}

#[test]
fn virtuoso_gives_the_local_answers() {
    let engine = Engine::virtuoso();
    shipped_kb_round_trip(&engine);
    generated_kb_round_trip(&engine);
}

/// The failure of `claimgraph ARGS`: its stderr, after checking it exits with 2.
fn fails(env: &Env, args: &[&str], extra_env: &[(&str, &str)]) -> String {
    let mut cmd = env.cmd();
    cmd.args(args);
    for (name, value) in extra_env {
        cmd.env(name, value);
    }
    let output = cmd.output().expect("claimgraph runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?} should fail: {output:?}"
    );
    String::from_utf8(output.stderr).expect("UTF-8")
}

#[test]
fn remote_failures_say_what_happened() {
    let env = Env::new();
    let nowhere = format!("http://127.0.0.1:{}/sparql", free_port());
    let stderr = fails(
        &env,
        &["query", "unconfirmed-claims", "--endpoint", &nowhere],
        &[],
    );
    assert!(
        stderr.contains("cannot reach the SPARQL store") && stderr.contains("hint:"),
        "{stderr}"
    );

    let virtuoso = Engine::virtuoso();
    let url = virtuoso.url.as_str();
    // A wrong password, refused by Virtuoso's Digest-protected Graph Store endpoint; the
    // password is never printed.
    let stderr = fails(
        &env,
        &["push", "--endpoint", url, "--user", "dba"],
        &[("CLAIMGRAPH_PASSWORD", "not-the-password")],
    );
    assert!(stderr.contains("refused the request (401)"), "{stderr}");
    assert!(!stderr.contains("not-the-password"), "{stderr}");
    // A server error, with the server's own words.
    let sorted_past_the_cap =
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o OFFSET 12000 LIMIT 5000";
    let stderr = fails(
        &env,
        &["query", "-e", sorted_past_the_cap, "--endpoint", url],
        &[],
    );
    assert!(
        stderr.contains("answered 500") && stderr.contains("SR353"),
        "{stderr}"
    );
    // A query that outlasts --timeout (a cross product of Virtuoso's own system graphs).
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let stderr = fails(
        &env,
        &["query", "-e", endless, "--endpoint", url, "--timeout", "1"],
        &[],
    );
    assert!(stderr.contains("cancelled after 1 s"), "{stderr}");
}

#[test]
fn a_push_cut_off_by_a_dying_server_is_finished_by_a_rerun() {
    let env = Env::new();
    let kb = env.path("kb.nt");
    env.run(&[
        "generate",
        "--claims",
        "3000",
        "-o",
        kb.to_str().expect("UTF-8"),
    ]);
    env.run(&["load", "--quiet", kb.to_str().expect("UTF-8")]);
    let mut engine = Engine::oxigraph();
    let mut push = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
        .env_clear()
        .env("HOME", env.path(""))
        .arg("--store")
        .arg(env.store())
        .args([
            "push",
            "--quiet",
            // About 900 requests: the push is still sending when the server is stopped.
            "--chunk",
            "100",
            "--endpoint",
            engine.url.as_str(),
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the push starts");
    // Killed once the first graphs have landed, in the middle of the rest.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while engine.triples() < 1000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the push never started"
        );
        if push.try_wait().expect("the push runs").is_some() {
            panic!("the push ended before the server could be stopped");
        }
    }
    engine.stop();
    let output = push.wait_with_output().expect("the push ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the push stopped at the graph"), "{stderr}");
    assert!(stderr.contains("run the same push again"), "{stderr}");

    engine.start();
    on(&env, &engine, &["push", "--quiet"]);
    assert_eq!(
        env.run(&["claims", "--unconfirmed", "--format", "json"]),
        on(
            &env,
            &engine,
            &["claims", "--unconfirmed", "--format", "json"]
        )
    );
}
