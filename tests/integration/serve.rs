//! `claimgraph serve` on a real socket: a SPARQL client of another implementation (rdflib)
//! agrees with the command line, the command line keeps working beside the server, hostile
//! clients get their status codes while the server goes on, a writable server takes writes
//! only with its token, and a headless Chromium drives the web page.

use super::{Env, SHIPPED_UNCONFIRMED, python, repo};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `claimgraph serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts the server on `env`'s store on a free port, and returns once it says it listens
    /// (its first line on stderr), with no sleep.
    fn start(env: &Env, extra: &[&str]) -> Self {
        // Make the store first, so that the server only ever reads it.
        env.run(&["stats"]);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
            .env_clear()
            .env("HOME", env.path(""))
            .arg("--store")
            .arg(env.store())
            .args(["serve", "--bind", &address])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("claimgraph serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("a line from the server");
        assert!(line.contains("listening on"), "the server said: {line}");
        Self { child, address }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends `raw` as it is and returns the status code and the body.
    fn raw(&self, raw: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(raw).expect("sends");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("reads");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.address
            )
            .as_bytes(),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn rdflib_reads_the_endpoint_as_the_cli_answers() {
    let env = Env::new();
    let server = Server::start(&env, &[]);
    let cli: Vec<String> = env.unconfirmed();
    assert_eq!(cli.len(), SHIPPED_UNCONFIRMED);
    let query = std::fs::read_to_string(repo("queries/unconfirmed-claims.rq")).unwrap();
    // rdflib's SPARQLStore speaks the protocol itself (form POST, results XML or JSON); the
    // default prefixes are the server's, so the query is sent as the CLI runs it.
    let listed = python(
        r#"
import sys
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
store = SPARQLStore(sys.argv[1], method="POST_FORM", returnFormat="json")
for row in Graph(store=store).query(open(sys.argv[2]).read()):
    print(row.claim)
"#,
        &[
            Path::new(&server.url("/sparql")),
            &repo("queries/unconfirmed-claims.rq"),
        ],
    );
    assert!(query.contains("?claim"));
    let listed: Vec<String> = listed.lines().map(str::to_owned).collect();
    assert_eq!(
        listed, cli,
        "rdflib through the endpoint and the CLI disagree"
    );
}

#[test]
fn the_cli_reads_beside_the_server_and_a_write_says_who_holds_the_store() {
    let env = Env::new();
    let server = Server::start(&env, &[]);
    assert_eq!(env.unconfirmed().len(), SHIPPED_UNCONFIRMED);
    let ttl = env.path("more.ttl");
    std::fs::write(&ttl, "<urn:s> <urn:p> <urn:o> .\n").unwrap();
    let refused = env.cmd().arg("load").arg(&ttl).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("claimgraph serve"), "{stderr}");
    assert!(
        stderr.contains("hint: a server serves this store"),
        "{stderr}"
    );
    assert!(stderr.contains(&server.url("/")), "{stderr}");
    let (status, body) = server.get("/api/claims?unconfirmed&limit=1");
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_writable_server_takes_writes_with_its_token_and_the_cli_sees_them_afterwards() {
    let env = Env::new();
    let token = env.path("token");
    std::fs::write(&token, "s3cret-s3cret-s3cret\n").unwrap();
    let server = Server::start(
        &env,
        &["--writable", "--token-file", token.to_str().unwrap()],
    );
    let post = |authorization: &str, path: &str, content_type: &str, body: &str| {
        server.raw(
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{authorization}\
                 Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
    };
    let update = "INSERT DATA { id:claim-camara-killed cg:statusChange id:camara-confirmed . \
                  id:camara-confirmed a cg:StatusChange ; cg:newStatus cg:confirmed ; \
                  cg:date \"2026-05-02\"^^xsd:date ; prov:wasAssociatedWith id:claimgraph-editors ; \
                  prov:used id:source-noonpost-2026-04-mali . }";
    let (status, body) = post("", "/update", "application/sparql-update", update);
    assert_eq!(status, 401, "{body}");
    let (status, body) = post(
        "Authorization: Bearer wrong-wrong-wrong-wrong\r\n",
        "/update",
        "application/sparql-update",
        update,
    );
    assert_eq!(status, 401, "{body}");
    let (status, body) = post(
        "Authorization: Bearer s3cret-s3cret-s3cret\r\n",
        "/update",
        "application/sparql-update",
        update,
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.get("/api/claims?unconfirmed&limit=1");
    assert_eq!(status, 200, "{body}");
    // The server holds the store alone: the CLI is told so, and how to go through it.
    let refused = env
        .cmd()
        .args(["claims", "--unconfirmed"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("claimgraph serve --writable"), "{stderr}");
    assert!(
        stderr.contains("hint: a server holds this store and takes writes"),
        "{stderr}"
    );
    drop(server);
    // What the server wrote is in the store, in the claim index too.
    assert_eq!(env.unconfirmed().len(), SHIPPED_UNCONFIRMED - 1);
    let history = env.run(&[
        "query",
        "claim-history",
        "--param",
        "claim=id:claim-camara-killed",
    ]);
    assert!(history.contains("confirmed"), "{history}");
}

#[test]
fn hostile_clients_get_their_status_and_the_server_goes_on() {
    let env = Env::new();
    let server = Server::start(&env, &["--max-body", "1000", "--query-timeout", "1"]);
    // A client that sends half a request and stays: others are served meanwhile.
    let mut slow = TcpStream::connect(&server.address).unwrap();
    slow.write_all(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // A body larger than the limit, announced and sent.
    let huge = "x".repeat(100_000);
    let (status, body) = server.raw(
        format!(
            "POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n{huge}",
            huge.len()
        )
        .as_bytes(),
    );
    assert_eq!(status, 413, "{body}");
    for (path, expected) in [
        ("/assets/../../../etc/passwd", 404),
        ("/assets/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/sparql?query=%E0%A4%A", 400),
        ("/sparql?query=SELEKT", 400),
        ("/api/claims?limit=lots", 400),
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, expected, "{path}: {body}");
        assert!(!body.contains("root:"));
    }
    // A cross product that oxigraph's evaluator never checks its cancellation token in: the
    // server answers 503 at the limit all the same.
    let forever = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let encoded: String = forever
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let (status, body) = server.get(&format!("/sparql?query={encoded}"));
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("cancelled after 1 s"), "{body}");
    let (status, _) = server.raw(b"NOT HTTP AT ALL\r\n\r\n");
    assert_eq!(status, 400);
    let (status, body) = server.get("/sparql?query=ASK%7B%7D");
    assert_eq!(status, 200, "{body}");
    drop(slow);
}

#[test]
fn a_headless_browser_uses_the_page() {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(tool).exists(),
            "{tool} is missing: scripts/bootstrap installs Chromium and its driver"
        );
    }
    let env = Env::new();
    let server = Server::start(&env, &[]);
    let screenshots = repo("target/screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();
    let output = Command::new("python3")
        .arg(repo("tests/python/check_browser.py"))
        .arg(server.url(""))
        .arg(&screenshots)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the browser check failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{}", String::from_utf8_lossy(&output.stdout));
}
