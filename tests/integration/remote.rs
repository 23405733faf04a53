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
    on_as(env, engine, DBA, args)
}

/// Virtuoso's administrator, whom Oxigraph server ignores.
const DBA: (&str, &str) = ("dba", "dba");

/// [`DBA`] in the environment.
const AS_DBA: &[(&str, &str)] = &[("CLAIMGRAPH_USER", "dba"), ("CLAIMGRAPH_PASSWORD", "dba")];

/// `claimgraph ARGS --endpoint URL` logged in as `(user, password)`, which must succeed.
fn on_as(env: &Env, engine: &Engine, (user, password): (&str, &str), args: &[&str]) -> String {
    let output = env
        .cmd()
        .args(remote_args(engine, args))
        .env("CLAIMGRAPH_USER", user)
        .env("CLAIMGRAPH_PASSWORD", password)
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
        let mut args = vec!["query", name.as_str()];
        for param in &params {
            args.extend(["--param", param.as_str()]);
        }
        tables_match(env, engine, &name, &args);
        args.extend(["--format", "json"]);
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

/// A table names IRIs by their labels in the reader's language, remotely as locally. The rows
/// are compared as sets, and only for queries without GROUP_CONCAT, which joins a cell's
/// values in the engine's own order.
fn tables_match(env: &Env, engine: &Engine, name: &str, args: &[&str]) {
    let text = std::fs::read_to_string(format!("queries/{name}.rq")).expect("the query");
    if text.to_ascii_uppercase().contains("GROUP_CONCAT") {
        return;
    }
    let args = [args, &["--lang", "ar"]].concat();
    let sorted = |table: String| {
        let mut lines: Vec<String> = table.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    let local = sorted(env.run(&args));
    let arabic = |c: char| ('\u{600}'..='\u{6ff}').contains(&c);
    assert!(
        local.iter().any(|line| line.chars().any(arabic)),
        "{name}: the local table shows Arabic labels"
    );
    assert_eq!(
        local,
        sorted(on(env, engine, &args)),
        "{name}: the table differs on {}",
        engine.name
    );
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
    // ASK, true and false (Virtuoso writes its answer as solutions of __ASK_RETVAL).
    for ask in ["ASK { id:kidal ?p ?o }", "ASK { id:no-such-place ?p ?o }"] {
        let args = ["query", "-e", ask, "--format", "json"];
        assert_eq!(
            env.run(&args),
            on(&env, engine, &args),
            "{ask} on {}",
            engine.name
        );
    }
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
    recordings_match(&env, engine);
}

/// The writing commands, each run on the local store and on `engine` (which holds what the
/// local store holds): the same changes give the same reports on both, and a refused one
/// changes neither.
fn recordings_match(env: &Env, engine: &Engine) {
    let both = |args: &[&str]| -> (String, String) {
        let mut args = args.to_vec();
        // Who records it, for all but actors (which are not recorded by anyone).
        if args[0] != "actor" {
            args.extend(["--by", "id:noon-post"]);
        }
        (env.run(&args), on(env, engine, &args))
    };
    // A recording `engine` refuses, by noon-post: its stderr.
    let refused_on = |args: &[&str]| -> String {
        let args = [args, &["--by", "id:noon-post"]].concat();
        fails(env, &remote_args(engine, &args), AS_DBA)
    };
    let claim = "claim-aes-summit-bamako";
    let source = "id:source-noonpost-2026-04-mali";
    let unconfirmed = ["claims", "--unconfirmed", "--format", "json"];
    let before = on_json(env, engine, &unconfirmed);
    assert!(before.to_string().contains(claim));

    // A status change made remotely shows in the remote report, as it does locally.
    let change = ["claim", "status", claim, "confirmed", "--source", source];
    let (local, remote) = both(&[&change[..], &["--date", "2026-05-01"]].concat());
    assert_eq!(local, remote);
    let after = on_json(env, engine, &unconfirmed);
    assert_eq!(
        after.as_array().map(Vec::len),
        before.as_array().map(|b| b.len() - 1),
        "the confirmed claim is still unconfirmed on {}",
        engine.name
    );
    assert!(!after.to_string().contains(claim));
    assert_eq!(env.run(&unconfirmed), on(env, engine, &unconfirmed));
    let confirmed = ["claims", "--status", "confirmed", "--format", "json"];
    assert_eq!(env.run(&confirmed), on(env, engine, &confirmed));

    // An older change is history only, on both; the histories agree but for the moment
    // each change was recorded.
    both(&[&change[..], &["--date", "2026-04-01"]].concat());
    let history = |json: Value| -> Vec<Value> {
        json.as_array()
            .expect("a history")
            .iter()
            .map(|entry| {
                let mut entry = entry.clone();
                entry["recorded"] = Value::Null;
                entry
            })
            .collect()
    };
    let show = ["claim", "history", claim, "--format", "json"];
    let remote_history = history(on_json(env, engine, &show));
    assert_eq!(history(env.json(&show)), remote_history);
    assert_eq!(remote_history.len(), 3);
    assert_eq!(remote_history[2]["status"], "confirmed");
    assert_eq!(remote_history[2]["current"], true);
    assert_eq!(env.run(&unconfirmed), on(env, engine, &unconfirmed));

    // New actors, sources and claims, one by one and from a spreadsheet.
    let template = env.path("template.csv");
    std::fs::write(&template, env.run(&["import", "--template"])).expect("template written");
    let (local, remote) = both(&["import", template.to_str().expect("UTF-8")]);
    assert_eq!(local, remote);
    both(&[
        "actor",
        "add",
        "--class",
        "person",
        "--label",
        "Amadou Test",
        "--label-ar",
        "أمادو تست",
        "--label-fr",
        "Amadou Test",
    ]);
    let claim_add = [
        "claim",
        "add",
        "--statement",
        "Amadou Test was seen in Kidal.",
        "--status",
        "reported",
        "--claimant",
        "id:noon-post",
        "--source",
        source,
        "--about",
        "id:amadou-test",
        "--quote",
        "شوهد في كيدال",
        "--first-reported",
        "2026-04-30",
    ];
    // Without the Arabic statement the shapes ask for, the claim is refused, remotely too.
    let triples = remote_triples(env, engine);
    let refused = refused_on(&claim_add);
    assert!(refused.contains("statement in Arabic"), "{refused}");
    assert_eq!(
        remote_triples(env, engine),
        triples,
        "a refused claim was written"
    );
    let (local, remote) =
        both(&[&claim_add[..], &["--statement-ar", "شوهد أمادو في كيدال."]].concat());
    assert_eq!(local, remote);
    let triples = remote_triples(env, engine);
    for report in [
        &["claims", "--about", "kidal", "--format", "json"][..],
        &["claims", "--about", "katiba-macina", "--format", "json"],
        &["stats", "--format", "json"],
    ] {
        assert_eq!(env.run(report), on(env, engine, report), "{report:?}");
    }

    // The same sheet again: every row names what the store now holds, so nothing is written.
    let twice = refused_on(&["import", template.to_str().expect("UTF-8")]);
    assert!(twice.contains("already used by the store"), "{twice}");
    let typo = refused_on(&[
        "claim",
        "status",
        "claim-aes-summit-bamak",
        "refuted",
        "--source",
        source,
        "--date",
        "2026-05-02",
    ]);
    assert!(
        typo.contains("did you mean id:claim-aes-summit-bamako?"),
        "{typo}"
    );
    assert_eq!(
        remote_triples(env, engine),
        triples,
        "a refused change was written"
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
    // The file itself, pushed as a file, lands as the graph that load gave it, whole.
    let kb_path = kb.to_str().expect("UTF-8");
    let pushed = on(
        &env,
        engine,
        &["push", "--quiet", "--chunk", "50000", kb_path],
    );
    let kb_graph = env.json(&["stats", "--format", "json"])["graphs"]
        .as_object()
        .expect("graphs")
        .iter()
        .find(|(graph, _)| graph.ends_with("kb-10k.nt"))
        .map(|(graph, triples)| (graph.clone(), triples.as_u64().expect("a count")))
        .expect("the generated graph");
    assert!(
        pushed.contains(&format!("pushed {}: {} triples", kb_graph.0, kb_graph.1)),
        "{pushed}"
    );
    fetched_push(&env, engine, kb_path, &kb_graph);
    push_files(&env, engine);
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

    // Graph answers past the cap too (Virtuoso cuts a CONSTRUCT without a word), and a
    // DESCRIBE; as sets of triples, the order being the engine's.
    let lines = |text: String| -> Vec<String> {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    for query in [
        "CONSTRUCT { ?c cg:statement ?s ; cg:status ?status } WHERE { ?c cg:statement ?s ; cg:status ?status }",
        "DESCRIBE id:claim-000005 id:source-000004",
    ] {
        let args = ["query", "-e", query, "--format", "ntriples"];
        let local = lines(env.run(&args));
        assert!(local.len() > 15, "{query}: {} triples", local.len());
        assert_eq!(
            local,
            lines(on(&env, engine, &args)),
            "{query} on {}",
            engine.name
        );
    }
}

/// `push --fetch-from`: Virtuoso fetches the file from this machine and lands it whole, in
/// place of what the Graph Store push left (emptied first, so a fetch that failed would show
/// in the count), for a user granted no more than any push needs; any other engine refuses
/// it, changing nothing.
fn fetched_push(env: &Env, engine: &Engine, kb_path: &str, (graph, triples): &(String, u64)) {
    let args = [
        "push",
        "--quiet",
        "--chunk",
        "30000",
        kb_path,
        "--fetch-from",
        "127.0.0.1:0",
    ];
    if engine.name == "virtuoso" {
        let analyst = ("analyst", "analyst-secret");
        engine.sql(&format!(
            "DB.DBA.USER_CREATE('{}', '{}'); GRANT SPARQL_UPDATE TO \"{}\";",
            analyst.0, analyst.1, analyst.0
        ));
        let pushed = on_as(env, engine, analyst, &args);
        assert!(
            pushed.contains(&format!("pushed {graph}: {triples} triples")),
            "{pushed}"
        );
        let count = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
        let counted = on(env, engine, &["query", "-e", &count, "--format", "csv"]);
        assert_eq!(counted.lines().nth(1), Some(triples.to_string().as_str()));
    } else {
        let before = remote_triples(env, engine);
        let stderr = fails(env, &remote_args(engine, &args), AS_DBA);
        assert!(stderr.contains("only Virtuoso"), "{stderr}");
        assert_eq!(remote_triples(env, engine), before);
    }
}

/// Files pushed as graphs of their own: one with an error changes nothing, whether it is
/// checked before anything is sent or as it is sent; a file that says a triple twice, or
/// chains blank nodes across chunks, lands whole.
fn push_files(env: &Env, engine: &Engine) {
    let good = env.path("extra.nt");
    std::fs::write(
        &good,
        "<urn:cg:a> <urn:cg:b> <urn:cg:c> .\n\
         <urn:cg:a> <urn:cg:b> \"x\" .\n\
         <urn:cg:a> <urn:cg:b> \"x\" .\n\
         _:one <urn:cg:b> _:two .\n\
         <urn:cg:a> <urn:cg:d> \"y\"@fr .\n\
         _:two <urn:cg:b> \"end\" .\n",
    )
    .expect("a file");
    let good = good.to_str().expect("UTF-8");
    // A syntax error, and an IRI that only a check of each IRI finds (the file is read a
    // second time, to be sent, without that check).
    for (name, second_line) in [
        ("broken.ttl", "<urn:cg:a> <urn:cg:b> \"open .\n"),
        (
            "bad-iri.nt",
            "<urn:cg:a> <urn:cg:b> <http://example.org/{x}> .\n",
        ),
    ] {
        let broken = env.path(name);
        std::fs::write(
            &broken,
            format!("<urn:cg:a> <urn:cg:b> <urn:cg:c> .\n{second_line}"),
        )
        .expect("a file");
        let before = remote_triples(env, engine);
        let stderr = fails(
            env,
            &remote_args(
                engine,
                &["push", "--quiet", good, broken.to_str().expect("UTF-8")],
            ),
            AS_DBA,
        );
        assert!(stderr.contains(&format!("{name}:2:")), "{stderr}");
        assert_eq!(
            remote_triples(env, engine),
            before,
            "{name} changed the store"
        );
    }

    let graph = "urn:claimgraph:test:extra";
    let pushed = on(
        env,
        engine,
        &["push", "--quiet", "--chunk", "1", good, "--graph", graph],
    );
    assert!(
        pushed.contains(&format!("pushed {graph}: 5 triples")),
        "{pushed}"
    );
    let chain =
        format!("ASK {{ GRAPH <{graph}> {{ ?one <urn:cg:b> ?two . ?two <urn:cg:b> \"end\" }} }}");
    assert_eq!(on(env, engine, &["query", "-e", &chain]).trim(), "true");

    // Into a graph that holds triples, a file is checked whole before anything is sent: the
    // graph keeps them (were it sent as it is read, the error would empty it).
    let broken = env.path("broken.ttl");
    let args = [
        "push",
        "--quiet",
        broken.to_str().expect("UTF-8"),
        "--graph",
        graph,
    ];
    let stderr = fails(env, &remote_args(engine, &args), AS_DBA);
    assert!(stderr.contains("broken.ttl:2:"), "{stderr}");
    assert_eq!(on(env, engine, &["query", "-e", &chain]).trim(), "true");

    // Into a graph the server holds nothing in, a file is read as it is sent: an error found
    // after many requests have landed empties the graph again.
    let late = env.path("late-error.nt");
    let mut text: String = (0..2000)
        .map(|i| format!("<urn:cg:s{i}> <urn:cg:p> \"{i}\" .\n"))
        .collect();
    text.push_str("<urn:cg:a> <urn:cg:b> \"open .\n");
    std::fs::write(&late, text).expect("a file");
    let late = late.to_str().expect("UTF-8");
    let mut routes = vec![&[][..]];
    if engine.name == "virtuoso" {
        routes.push(&["--fetch-from", "127.0.0.1:0"]);
    }
    for route in routes {
        let before = remote_triples(env, engine);
        let push = [
            "push",
            "--quiet",
            "--chunk",
            "100",
            late,
            "--graph",
            "urn:cg:late",
        ];
        let stderr = fails(
            env,
            &remote_args(engine, &[&push[..], route].concat()),
            AS_DBA,
        );
        assert!(
            stderr.contains("late-error.nt:2001:"),
            "{route:?}: {stderr}"
        );
        assert_eq!(remote_triples(env, engine), before, "{route:?}");
    }
    if engine.name == "virtuoso" {
        // Fetched a triple a document, the blank nodes still travel together.
        let graph = "urn:claimgraph:test:extra-fetched";
        let fetched = [
            "--chunk",
            "1",
            good,
            "--graph",
            graph,
            "--fetch-from",
            "127.0.0.1:0",
        ];
        let pushed = on(env, engine, &[&["push", "--quiet"][..], &fetched].concat());
        assert!(
            pushed.contains(&format!("pushed {graph}: 5 triples")),
            "{pushed}"
        );
        let chain = chain.replace("extra", "extra-fetched");
        assert_eq!(on(env, engine, &["query", "-e", &chain]).trim(), "true");
    }
}

// Each knowledge base on an engine of its own: the recordings change the shipped graphs.
#[test]
fn oxigraph_server_gives_the_local_answers() {
    shipped_kb_round_trip(&Engine::oxigraph());
    generated_kb_round_trip(&Engine::oxigraph());
}

#[test]
fn virtuoso_gives_the_local_answers() {
    shipped_kb_round_trip(&Engine::virtuoso());
    generated_kb_round_trip(&Engine::virtuoso());
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
