//! Real SPARQL engines for the remote tests: Oxigraph server (the `oxigraph` binary of the PyPI
//! package) and Virtuoso open source (Debian's `virtuoso-t`), each started on a free loopback
//! port in a scratch directory, polled until it answers, and stopped when dropped, so that a
//! failing test stops its server too.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long an engine may take to answer its first query (Virtuoso creates its database).
const STARTUP: Duration = Duration::from_secs(120);

/// A running engine.
pub struct Engine {
    child: Option<Child>,
    dir: TempDir,
    /// The query endpoint.
    pub url: String,
    /// `virtuoso` or `oxigraph`.
    pub name: &'static str,
    port: u16,
    /// Virtuoso's SQL port, for `isql-vt`.
    sql_port: Option<u16>,
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Engine {
    /// Oxigraph server on an empty store.
    pub fn oxigraph() -> Engine {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let port = free_port();
        let mut engine = Engine {
            child: None,
            url: format!("http://127.0.0.1:{port}/query"),
            name: "oxigraph",
            port,
            sql_port: None,
            dir,
        };
        engine.start();
        engine
    }

    /// Virtuoso on an empty database, configured as Debian ships it where it matters here (a
    /// 10,000-row cap on answers), with the SPARQL user allowed to update.
    pub fn virtuoso() -> Engine {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let (port, sql_port) = (free_port(), free_port());
        let mut engine = Engine {
            child: None,
            url: format!("http://127.0.0.1:{port}/sparql"),
            name: "virtuoso",
            port,
            sql_port: Some(sql_port),
            dir,
        };
        let db = engine.dir.path().join("db");
        std::fs::create_dir_all(&db).expect("the database directory");
        let d = db.display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nFileExtend = 200\nStriping = 0\n\
             TempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\n\
             TransactionFile = {d}/virtuoso-temp.trx\nStriping = 0\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql_port}\nDisableUnixSocket = 1\n\
             NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nMaxQueryMem = 256M\n\
             CheckpointInterval = 60\nDirsAllowed = ., {d}\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{port}\nServerRoot = {d}\n\
             ServerThreads = 10\nMaxClientConnections = 10\nCharset = UTF-8\n\
             [SPARQL]\nResultSetMaxRows = 10000\nMaxQueryCostEstimationTime = 400\n\
             MaxQueryExecutionTime = 60\n"
        );
        std::fs::write(engine.dir.path().join("virtuoso.ini"), ini).expect("the ini");
        engine.start();
        engine.sql("GRANT SPARQL_UPDATE TO \"SPARQL\";");
        engine
    }

    /// Runs SQL statements on Virtuoso as dba, through `isql-vt`.
    pub fn sql(&self, statements: &str) {
        let port = self.sql_port.expect("SQL is Virtuoso's");
        let output = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{port}"))
            .args(["dba", "dba", &format!("exec={statements}")])
            .output()
            .expect("isql-vt runs (Debian package virtuoso-opensource-7-bin)");
        // isql-vt exits 0 after a failed statement: its errors start with `*** Error`.
        let said =
            String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && !said.contains("*** Error"),
            "{statements} failed: {said}"
        );
    }

    /// Starts the engine on its directory and waits until it answers a query.
    pub fn start(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("engine.log")).expect("a log");
        let mut command = match self.name {
            "oxigraph" => {
                let mut command = Command::new(oxigraph_binary());
                command
                    .arg("serve")
                    .arg("--location")
                    .arg(self.dir.path().join("store"))
                    .arg("--bind")
                    .arg(format!("127.0.0.1:{}", self.port));
                command
            }
            _ => {
                let mut command = Command::new("virtuoso-t");
                command
                    .args(["-f", "-c"])
                    .arg(self.dir.path().join("virtuoso.ini"))
                    .current_dir(self.dir.path());
                command
            }
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("{} starts: {e}", self.name));
        self.child = Some(child);
        let deadline = Instant::now() + STARTUP;
        while !self.answers() {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("{} exited with {status}: {}", self.name, self.log());
            }
            assert!(
                Instant::now() < deadline,
                "{} did not answer: {}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the engine (its data stays, for [`Engine::start`] again).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Triples in all named graphs, read with a raw request (0 while nothing answers).
    pub fn triples(&self) -> u64 {
        let path = self
            .url
            .split_once(&format!(":{}", self.port))
            .map_or("/", |(_, p)| p);
        let query = "SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D";
        let Some(body) = http_body(
            self.port,
            &format!(
                "GET {path}?query={query} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\
                 Accept: application/sparql-results+json\r\n\r\n",
                self.port
            ),
        ) else {
            return 0;
        };
        // The count is the only number in quotes: `"value":"1234"`.
        body.split("\"value\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// The engine's own log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("engine.log")).unwrap_or_default()
    }

    /// Whether an `ASK {}` gets a 200.
    fn answers(&self) -> bool {
        let path = self
            .url
            .split_once(&format!(":{}", self.port))
            .map_or("/", |(_, p)| p);
        let port = self.port;
        http_status(
            port,
            &format!(
                "GET {path}?query=ASK%7B%7D HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\
                 Accept: application/sparql-results+json\r\n\r\n"
            ),
        ) == Some(200)
    }
}

/// The body of a raw HTTP/1.0 request's answer, or `None` when nothing answers.
fn http_body(port: u16, request: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer.split_once("\r\n\r\n")?.1.to_owned())
}

/// The status of a raw HTTP request to 127.0.0.1:`port`, or `None` when nothing answers.
fn http_status(port: u16, request: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The `oxigraph` binary of the PyPI package: $OXIGRAPH, else Python's scripts directory
/// (where pip puts it), else the PATH.
fn oxigraph_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("OXIGRAPH") {
        return path.into();
    }
    let scripts = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("oxigraph"));
    let user = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/bin/oxigraph"));
    [scripts, user]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .unwrap_or_else(|| "oxigraph".into())
}
