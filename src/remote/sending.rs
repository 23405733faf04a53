//! Sending one graph's triples in requests of the Graph Store Protocol. A large graph goes in
//! chunks: the first replaces the graph, the others add to it, several side by side; each is
//! written while others are on their way, so that reading the triples on the client and
//! loading them on the server overlap. Blank nodes are scoped to one request, so every triple
//! that mentions one travels in the last, where its nodes keep their identity. A request
//! travels in its own body, or, on Virtuoso when told where, is offered for the engine to
//! fetch (`LOAD`), which it then loads without its transaction log.

use super::offer::Offer;
use super::{Engine, Remote, ntriples};
use crate::error::{Error, Result};
use oxigraph::model::{NamedNode, Term, Triple};
use std::net::SocketAddr;
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
    /// Where this machine offers each request for the engine to fetch (Virtuoso only), rather
    /// than sending it: an address the server reaches this machine at, port 0 for any free
    /// one. Virtuoso loads what it fetches without its transaction log, as its bulk loader
    /// does; the triples are then durable from its next checkpoint, as the loader's are.
    pub fetch_from: Option<SocketAddr>,
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
            fetch_from: None,
        }
    }
}

/// How requests reach the engine, for the length of one push.
pub(crate) enum Route {
    /// In their own bodies, with the Graph Store Protocol.
    GraphStore,
    /// Offered from this machine and fetched by the engine with SPARQL `LOAD`.
    Fetched(Offer),
}

impl Route {
    /// The route `sending` asks for to `remote`; fetching is Virtuoso's alone, the only engine
    /// that loads a fetched document faster than a Graph Store request.
    pub(crate) fn open(remote: &Remote, sending: Sending) -> Result<Route> {
        match (sending.fetch_from, remote.engine()) {
            (None, _) => Ok(Route::GraphStore),
            (Some(address), Engine::Virtuoso) => Ok(Route::Fetched(Offer::open(address)?)),
            (Some(_), engine) => Err(Error::BadValue {
                value: engine.name().to_owned(),
                expected: "an engine told to fetch a push from this machine: only Virtuoso is \
                           (the others load Graph Store requests with their bulk loader already)"
                    .to_owned(),
            }),
        }
    }

    /// The most bytes one request may carry. Virtuoso refuses to fetch a document over
    /// `MaxDataSourceSize` (20 MiB unless configured), and its HTTP client keeps what passes
    /// 10,000,000 bytes in a file on disk. Measured, the size made no difference beyond the
    /// noise (28 million triples fetched in documents of 9.3 MB: 120 and 133 s; of 15.7 MB:
    /// 134 and 130 s), so requests stay short of that file.
    fn byte_limit(&self) -> Option<usize> {
        match self {
            Route::GraphStore => None,
            Route::Fetched(_) => Some(9_000_000),
        }
    }

    /// Readies `graph` for its requests, and says whether the first of them must replace it,
    /// alone, before the others add to it. A fetched push empties the graph here instead, so
    /// that all its requests go side by side from the start.
    fn prepare_graph(&self, remote: &Remote, graph: &NamedNode) -> Result<bool> {
        match self {
            Route::GraphStore => Ok(true),
            Route::Fetched(_) => {
                remote.drop_graph(graph)?;
                Ok(false)
            }
        }
    }

    /// Has `remote` put `ntriples` into `graph`, replacing what it held or adding to it;
    /// again when the engine gave an addition up for another (a deadlock), since adding
    /// triples twice adds nothing.
    fn land(
        &self,
        remote: &Remote,
        graph: &NamedNode,
        ntriples: Vec<u8>,
        replace: bool,
    ) -> Result<()> {
        match self {
            Route::GraphStore => retried(remote, replace, || {
                remote.send_graph(graph, &ntriples, replace)
            }),
            // `graph` is a parsed IRI, and `url` one this machine made.
            Route::Fetched(offer) => {
                debug_assert!(
                    !replace,
                    "prepare_graph empties the graph of a fetched push"
                );
                let prologue = remote.engine().bulk_update_prologue();
                offer.offered(ntriples, |url| {
                    retried(remote, false, || {
                        remote.update_as_user(&format!("{prologue}LOAD <{url}> INTO GRAPH {graph}"))
                    })
                })
            }
        }
    }
}

/// Why sending a graph stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Its triples could not be read (a file's error, say); the engine has what went before.
    Reading(Error),
    /// The engine, or the way to it, failed.
    Sending(Error),
}

impl From<Stop> for Error {
    fn from(stop: Stop) -> Error {
        match stop {
            Stop::Reading(error) | Stop::Sending(error) => error,
        }
    }
}

/// Sends `triples` into `graph`, `sending.chunk` a request, along `route`. The graph's old
/// triples go first: with the Graph Store Protocol the first request replaces the graph (an
/// empty one too, so that pushing an emptied graph empties it remotely) and the others wait
/// until it has landed; a fetched push empties the graph beforehand. Then the requests add to
/// it, `sending.jobs` at a time. A blank node is a name within one request only, so every
/// triple that mentions one travels in the last request written, together. Requests are
/// written while others are on their way. `sent_some` hears of each request that landed,
/// with its triples; returns how many triples were sent, or why it stopped: when reading
/// `triples` failed, the requests before the failure may have landed.
pub(crate) fn send_stream<I: Iterator<Item = Result<Triple>>>(
    remote: &Remote,
    route: &Route,
    graph: &NamedNode,
    triples: impl FnOnce() -> Result<I> + Send,
    sending: Sending,
    sent_some: &mut dyn FnMut(usize),
) -> std::result::Result<usize, Stop> {
    let engine = remote.engine();
    let (chunk, jobs) = (sending.chunk.max(1), sending.jobs.max(1));
    std::thread::scope(|scope| {
        // Requests wait for a sender here: memory stays at a few requests.
        let (requests, ready) = mpsc::sync_channel::<Result<Request>>(jobs);
        let limits = Limits {
            triples: chunk,
            bytes: route.byte_limit(),
        };
        scope.spawn(move || write_requests(triples, engine, limits, &requests));
        let mut sent = 0;
        if route.prepare_graph(remote, graph).map_err(Stop::Sending)? {
            // Alone: an addition beside it could land first, and be replaced.
            let first = match ready.recv() {
                Ok(first) => first.map_err(Stop::Reading)?,
                Err(_) => return Ok(0),
            };
            sent = first.triples;
            route
                .land(remote, graph, first.body, true)
                .map_err(Stop::Sending)?;
            sent_some(sent);
        }
        // The senders share the queue; when they stop, at the end or at an error, the queue
        // closes and the writer stops too.
        let ready = Arc::new(Mutex::new(ready));
        let failed = Arc::new(AtomicBool::new(false));
        let (done, landed) = mpsc::channel::<std::result::Result<usize, Stop>>();
        for _ in 0..jobs {
            let (ready, failed, done) = (Arc::clone(&ready), Arc::clone(&failed), done.clone());
            scope.spawn(move || {
                while !failed.load(Ordering::Relaxed) {
                    let next = ready.lock().expect("the queue is never poisoned").recv();
                    let Ok(request) = next else { return };
                    let result = request.map_err(Stop::Reading).and_then(|request| {
                        let triples = request.triples;
                        if triples > 0 {
                            route
                                .land(remote, graph, request.body, false)
                                .map_err(Stop::Sending)?;
                        }
                        Ok(triples)
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

/// Runs `send` again when the engine gave the request up for another, unless it replaces a
/// graph: the first request of a graph has no other beside it.
fn retried(remote: &Remote, replace: bool, mut send: impl FnMut() -> Result<()>) -> Result<()> {
    let mut tries = 0;
    loop {
        match send() {
            Err(error) if !replace && tries < RETRIES && remote.engine().may_retry(&error) => {
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
    limits: Limits,
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
        if limits.reached(&request) && requests.send(Ok(request.take())).is_err() {
            return;
        }
    }
    // Where requests are limited in bytes, the triples with blank nodes, which cannot be
    // split, start a request of their own.
    if limits.bytes.is_some()
        && request.triples > 0
        && !with_blank_nodes.is_empty()
        && requests.send(Ok(request.take())).is_err()
    {
        return;
    }
    for triple in &with_blank_nodes {
        request.add(triple);
    }
    let _ = requests.send(Ok(request.take()));
}

/// When a request is full.
#[derive(Clone, Copy)]
struct Limits {
    /// Triples.
    triples: usize,
    /// Bytes, where the engine limits them: a request is cut once it holds this many, so a
    /// limit below the engine's leaves room for the triple that crossed it.
    bytes: Option<usize>,
}

impl Limits {
    fn reached(self, request: &Request) -> bool {
        request.triples >= self.triples
            || self.bytes.is_some_and(|bytes| request.body.len() >= bytes)
    }
}

/// One request's body, in N-Triples.
#[derive(Default)]
struct Request {
    body: Vec<u8>,
    triples: usize,
}

impl Request {
    fn add(&mut self, triple: &Triple) {
        ntriples::write_triple(&mut self.body, triple);
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

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal};

    /// The requests `write_requests` makes of `triples`.
    fn requests(limits: Limits, triples: Vec<Triple>) -> Vec<Request> {
        let (queue, written) = mpsc::sync_channel(triples.len() + 1);
        write_requests(
            || Ok(triples.into_iter().map(Ok)),
            Engine::Virtuoso,
            limits,
            &queue,
        );
        drop(queue);
        written
            .into_iter()
            .map(|request| request.unwrap())
            .collect()
    }

    #[test]
    fn a_byte_limit_cuts_requests_and_blank_nodes_travel_alone_in_the_last() {
        let node = |i: usize| NamedNode::new(format!("http://ex.org/s{i}")).unwrap();
        let p = NamedNode::new("http://ex.org/p").unwrap();
        let mut triples: Vec<Triple> = (0..10)
            .map(|i| Triple::new(node(i), p.clone(), Literal::new_simple_literal("x")))
            .collect();
        let (one, two) = (BlankNode::default(), BlankNode::default());
        triples.insert(4, Triple::new(one.clone(), p.clone(), two.clone()));
        triples.push(Triple::new(
            two,
            p.clone(),
            Literal::new_simple_literal("end"),
        ));
        let line = format!("{} .\n", triples[0]).len();
        let written = requests(
            Limits {
                triples: 100,
                bytes: Some(3 * line - 1),
            },
            triples,
        );
        let sizes: Vec<usize> = written.iter().map(|request| request.triples).collect();
        // Three a request reach the limit; the tenth goes alone, not with the blank nodes.
        assert_eq!(sizes, [3, 3, 3, 1, 2]);
        let last = String::from_utf8(written[4].body.clone()).unwrap();
        assert!(last.lines().all(|line| line.contains("_:")), "{last}");
        // Without a byte limit, the rest of the triples and the blank nodes go together.
        let node_triples = |n| (0..n).map(|i| Triple::new(node(i), p.clone(), node(i)));
        let mut triples: Vec<Triple> = node_triples(5).collect();
        triples.push(Triple::new(BlankNode::default(), p.clone(), node(0)));
        let written = requests(
            Limits {
                triples: 2,
                bytes: None,
            },
            triples,
        );
        let sizes: Vec<usize> = written.iter().map(|request| request.triples).collect();
        assert_eq!(sizes, [2, 2, 2]);
    }
}
