//! Sending one graph's triples in requests of the Graph Store Protocol. A large graph goes in
//! chunks: the first replaces the graph, the others add to it, several side by side; each is
//! written while others are on their way, so that reading the triples on the client and
//! loading them on the server overlap. Blank nodes are scoped to one request, so every triple
//! that mentions one travels in the last, where its nodes keep their identity.

use super::{Engine, Remote};
use crate::error::Result;
use oxigraph::model::{NamedNode, Term, Triple};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a push sends a graph's triples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sending {
    /// The most triples one request carries.
    pub chunk: usize,
    /// How many requests are on their way at once, after the first. Both engines load two
    /// requests side by side faster than one after the other (Virtuoso 7.2 takes 2.8 million
    /// triples in 32 s rather than 53 s), since a single request leaves server cores idle
    /// while the next is parsed and sent.
    pub jobs: usize,
}

impl Sending {
    /// How many requests are on their way at once unless told otherwise.
    pub const DEFAULT_JOBS: usize = 2;

    /// How to send to `engine` unless told otherwise. Oxigraph server bulk-loads each request
    /// into its growing store, and loads many small ones faster than fewer large ones: 28
    /// million triples went in 246 to 269 s in requests of 50,000, 291 s of 100,000 and 354 s
    /// of 500,000 (against 216 s for `oxigraph load`). Virtuoso keeps 100,000, which it has
    /// never failed on, where larger requests have hung it.
    pub fn for_engine(engine: Engine) -> Self {
        let chunk = match engine {
            Engine::Oxigraph => 50_000,
            _ => 100_000,
        };
        Self {
            chunk,
            jobs: Self::DEFAULT_JOBS,
        }
    }
}

/// Sends `triples` into `graph`, `sending.chunk` a request: the first request replaces the
/// graph (an empty one too, so that pushing an emptied graph empties it remotely), and once it
/// has landed the others add to it, `sending.jobs` at a time. A blank node is a name within one
/// request only, so every triple that mentions one travels in the last request written,
/// together. Requests are written while others are on their way. `sent_some` hears of each
/// request that landed, with its triples; returns how many triples were sent.
pub(crate) fn send_stream<I: Iterator<Item = Result<Triple>>>(
    remote: &Remote,
    graph: &NamedNode,
    triples: impl FnOnce() -> Result<I> + Send,
    sending: Sending,
    sent_some: &mut dyn FnMut(usize),
) -> Result<usize> {
    let engine = remote.engine();
    let (chunk, jobs) = (sending.chunk.max(1), sending.jobs.max(1));
    std::thread::scope(|scope| {
        // Requests wait for a sender here: memory stays at a few requests.
        let (requests, ready) = mpsc::sync_channel::<Result<Request>>(jobs);
        scope.spawn(move || write_requests(triples, engine, chunk, &requests));
        let first = match ready.recv() {
            Ok(first) => first?,
            Err(_) => return Ok(0),
        };
        remote.send_graph(graph, &first.body, true)?;
        sent_some(first.triples);
        let mut sent = first.triples;
        // The senders share the queue; when they stop, at the end or at an error, the queue
        // closes and the writer stops too.
        let ready = Arc::new(Mutex::new(ready));
        let failed = Arc::new(AtomicBool::new(false));
        let (done, landed) = mpsc::channel::<Result<usize>>();
        for _ in 0..jobs {
            let (ready, failed, done) = (Arc::clone(&ready), Arc::clone(&failed), done.clone());
            scope.spawn(move || {
                while !failed.load(Ordering::Relaxed) {
                    let next = ready.lock().expect("the queue is never poisoned").recv();
                    let Ok(request) = next else { return };
                    let result = request.and_then(|request| {
                        if request.triples > 0 {
                            add_to_graph(remote, graph, &request.body)?;
                        }
                        Ok(request.triples)
                    });
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done.send(result).is_err() {
                        return;
                    }
                }
            });
        }
        drop((ready, done));
        let mut error = None;
        for result in landed {
            match result {
                Ok(triples) => {
                    sent += triples;
                    sent_some(triples);
                }
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        match error {
            Some(error) => Err(error),
            None => Ok(sent),
        }
    })
}

/// How often a request the engine gave up for another (a deadlock) is sent again.
const RETRIES: usize = 4;

/// POSTs `ntriples` into `graph`, again when the engine gave the request up for another.
fn add_to_graph(remote: &Remote, graph: &NamedNode, ntriples: &[u8]) -> Result<()> {
    let mut tries = 0;
    loop {
        match remote.send_graph(graph, ntriples, false) {
            Err(error) if tries < RETRIES && remote.engine().may_retry(&error) => {
                tries += 1;
                // Let the other writer finish what it holds.
                std::thread::sleep(Duration::from_millis(50 * tries as u64));
            }
            result => return result,
        }
    }
}

/// Parses or reads `triples` into requests of `chunk` triples for `engine`, the triples with
/// blank nodes held back for the last one, and queues them on `requests` until it is closed.
fn write_requests<I: Iterator<Item = Result<Triple>>>(
    triples: impl FnOnce() -> Result<I>,
    engine: Engine,
    chunk: usize,
    requests: &SyncSender<Result<Request>>,
) {
    let mut request = Request::default();
    let mut with_blank_nodes = Vec::new();
    let triples = match triples() {
        Ok(triples) => triples,
        Err(error) => {
            let _ = requests.send(Err(error));
            return;
        }
    };
    for triple in triples {
        let triple = match triple {
            Ok(triple) => engine.adapt(triple),
            Err(error) => {
                let _ = requests.send(Err(error));
                return;
            }
        };
        if has_blank_node(&triple) {
            with_blank_nodes.push(triple);
            continue;
        }
        request.add(&triple);
        // A closed queue means the senders stopped at an error: nothing more is wanted.
        if request.triples == chunk && requests.send(Ok(request.take())).is_err() {
            return;
        }
    }
    for triple in &with_blank_nodes {
        request.add(triple);
    }
    let _ = requests.send(Ok(request.take()));
}

/// One request's body, in N-Triples.
#[derive(Default)]
struct Request {
    body: Vec<u8>,
    triples: usize,
}

impl Request {
    fn add(&mut self, triple: &Triple) {
        writeln!(self.body, "{triple} .").expect("writing to memory cannot fail");
        self.triples += 1;
    }

    fn take(&mut self) -> Request {
        std::mem::take(self)
    }
}

/// Whether `triple` names a blank node, which is a name within one request only.
pub(crate) fn has_blank_node(triple: &Triple) -> bool {
    triple.subject.is_blank_node() || matches!(triple.object, Term::BlankNode(_))
}
