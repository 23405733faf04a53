//! The store over HTTP: the SPARQL 1.1 Protocol, the Graph Store Protocol (reading), the claim
//! report and the named queries as JSON, and the web page, as one function from a request to a
//! response.
//!
//! [`Service::handle`] is a plain function of the request, so tests call it without a socket
//! and the binary puts it behind a real server (oxhttp, oxigraph's own: synchronous, a thread
//! per connection, no async runtime to pull in for a handler that blocks on RocksDB anyway).
//! Every limit lives here, not in the socket layer, so that the handler tests cover them: query
//! time (a cancellation token, never a killed thread), answer rows, request body size and
//! queries at once.
//!
//! The service only reads unless it is given a bearer token: then SPARQL Update and the
//! Graph Store Protocol's PUT, POST and DELETE write through the library's single write path
//! (as `claimgraph record` and `load` do), so the manifest and the claim index stay right.
//! Writes wait for the queries under way and queries wait for a write, within one process
//! (the store's lock keeps other processes out while the server may write).

mod api;
mod assets;
mod form;
mod gate;
mod negotiate;
mod protocol;
mod token;
mod workers;
mod writes;

use crate::error::{Error, ErrorClass};
use crate::store::ClaimStore;
use gate::Gate;
use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ALLOW, CONTENT_TYPE, ORIGIN, RETRY_AFTER, WWW_AUTHENTICATE,
};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;
pub use token::Token;
use workers::Workers;

/// What the service allows one request; each has a flag of `claimgraph serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest a query runs before it is cancelled and answered 503.
    pub query_timeout: Duration,
    /// The most rows (or triples) an answer holds; a larger one is refused, never cut.
    pub max_rows: usize,
    /// The largest request body read, in bytes; a larger one is answered 413.
    pub max_body: usize,
    /// The most queries evaluated at once; beyond it, 503 with `Retry-After`.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            query_timeout: Duration::from_secs(30),
            max_rows: 1_000_000,
            max_body: 1 << 20,
            max_concurrent: 16,
        }
    }
}

/// How the service is set up.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The limits.
    pub limits: Limits,
    /// Answer cross-origin requests (CORS) from any origin.
    pub cors: bool,
    /// Take writes (SPARQL Update, Graph Store PUT/POST/DELETE) from requests that bear this
    /// token; `None` refuses every write.
    pub token: Option<Token>,
}

/// The HTTP service over one open store.
pub struct Service {
    store: Arc<RwLock<ClaimStore>>,
    options: Options,
    gate: Gate,
    workers: Workers,
}

/// A request the service refuses: its status and the message its body carries.
#[derive(Debug)]
pub(crate) struct Refusal {
    status: StatusCode,
    message: String,
    /// Seconds after which the same request may succeed.
    retry_after: Option<u64>,
    /// The methods a route takes, for 405.
    allow: Option<&'static str>,
    /// The challenge of a 401 (`WWW-Authenticate`).
    challenge: Option<&'static str>,
}

impl Refusal {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
            allow: None,
            challenge: None,
        }
    }

    fn unauthorized(challenge: &'static str, message: impl Into<String>) -> Self {
        Self {
            challenge: Some(challenge),
            ..Self::new(StatusCode::UNAUTHORIZED, message)
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    fn method_not_allowed(method: &Method, allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed here; use {allow}"),
            )
        }
    }

    fn busy(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is answering as many queries as it allows at once \
                 (claimgraph serve --max-concurrent); try again shortly",
            )
        }
    }

    fn into_response(self) -> Response<Body> {
        let mut response = text(
            self.status,
            "text/plain; charset=utf-8",
            self.message + "\n",
        );
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(challenge) = self.challenge {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static(allow));
        }
        response
    }
}

impl From<Error> for Refusal {
    /// The status the error's class stands for, and the error with its causes as the body
    /// (`error: …`, `caused by: …`), as the command line prints it.
    fn from(error: Error) -> Self {
        let status = match error.class() {
            // The request is well formed; what it would change belongs to someone else.
            _ if matches!(
                error,
                Error::ForeignGraph { .. } | Error::UpdateGraph { .. }
            ) =>
            {
                StatusCode::CONFLICT
            }
            ErrorClass::Usage | ErrorClass::Data => StatusCode::BAD_REQUEST,
            ErrorClass::NotFound => StatusCode::NOT_FOUND,
            ErrorClass::Conflict => StatusCode::CONFLICT,
            ErrorClass::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ErrorClass::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorClass::Remote => StatusCode::BAD_GATEWAY,
        };
        let mut message = format!("error: {error}");
        let mut cause = std::error::Error::source(&error);
        while let Some(next) = cause {
            message.push_str(&format!("\ncaused by: {next}"));
            cause = next.source();
        }
        match &error {
            Error::Invalid { violations } => {
                for violation in violations {
                    message.push_str(&format!("\n  {violation}"));
                }
            }
            Error::UnknownQuery {
                closest: Some(closest),
                ..
            } => message.push_str(&format!(
                "\nhint: did you mean `{closest}`? /api/queries lists them all"
            )),
            Error::UnknownEntity {
                closest: Some(closest),
                ..
            } => message.push_str(&format!("\nhint: did you mean {closest}?")),
            Error::UpdateGraph { .. } | Error::GraphManagement { .. } => message.push_str(
                "\nhint: PUT /store?graph=IRI replaces a graph of your own whole, and DELETE \
                 /store?graph=IRI drops it",
            ),
            Error::Timeout(_) => message.push_str(
                "\nhint: narrow the query, or start the server with a longer --query-timeout",
            ),
            Error::ResultTooLarge { .. } => message.push_str(
                "\nhint: ask for fewer rows with LIMIT (and page with OFFSET), or start the \
                 server with a larger --max-rows",
            ),
            _ => {}
        }
        Self::new(status, message)
    }
}

pub(crate) type Answer = Result<Response<Body>, Refusal>;

/// How long past the time limit a query that has not noticed its cancellation is waited for.
const CANCELLATION_GRACE: Duration = Duration::from_millis(250);

/// What a query's thread hands back: a body and its media type, built away from the request
/// (a [`Response`] cannot cross threads).
pub(crate) struct Reply {
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    /// `X-Total-Count`, for a page of a longer list.
    pub(crate) total: Option<usize>,
}

impl Reply {
    pub(crate) fn new(content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            content_type,
            body,
            total: None,
        }
    }

    fn into_response(self) -> Response<Body> {
        let mut response = text(StatusCode::OK, self.content_type, self.body);
        if let Some(total) = self.total {
            response
                .headers_mut()
                .insert("x-total-count", HeaderValue::from(total));
        }
        response
    }
}

pub(crate) fn text(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response<Body> {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

impl Service {
    /// Serves `store` with `options`.
    pub fn new(store: ClaimStore, options: Options) -> Self {
        let gate = Gate::new(options.limits.max_concurrent);
        let workers = Workers::new(options.limits.max_concurrent);
        Self {
            store: Arc::new(RwLock::new(store)),
            options,
            gate,
            workers,
        }
    }

    /// The store served, for reading (waits while a request writes).
    pub fn store(&self) -> RwLockReadGuard<'_, ClaimStore> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The store, for one request's write: waits for the queries under way, up to the query
    /// time limit (a runaway query that oxigraph cannot cancel holds it longer), then 503.
    pub(crate) fn store_for_writing(&self) -> Result<RwLockWriteGuard<'_, ClaimStore>, Refusal> {
        let waited = std::time::Instant::now();
        loop {
            match self.store.try_write() {
                Ok(store) => return Ok(store),
                Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                    return Ok(poisoned.into_inner());
                }
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
            if waited.elapsed() >= self.options.limits.query_timeout {
                return Err(Refusal {
                    retry_after: Some(1),
                    ..Refusal::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "queries still running hold the store; the write was not made, \
                         try again shortly",
                    )
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Answers one request. Never panics on what a client sends: every refusal is a status
    /// code with a message.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        if self.options.cors && request.method() == Method::OPTIONS {
            return preflight(request);
        }
        let mut response = self.route(request).unwrap_or_else(Refusal::into_response);
        if self.options.cors && request.headers().contains_key(ORIGIN) {
            let headers = response.headers_mut();
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            // So that a page elsewhere can page through /api/claims.
            headers.insert(
                ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-total-count"),
            );
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Answer {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        let reading = method == Method::GET || method == Method::HEAD;
        match path.as_str() {
            "/sparql" | "/query" => match method.as_str() {
                "GET" | "HEAD" | "POST" => protocol::sparql(self, request),
                _ => Err(Refusal::method_not_allowed(&method, "GET, POST")),
            },
            "/update" => match method.as_str() {
                "POST" => writes::update(self, request),
                _ => Err(Refusal::method_not_allowed(&method, "POST")),
            },
            "/store" => match method.as_str() {
                "GET" | "HEAD" => protocol::graph_store(self, request),
                "PUT" | "POST" | "DELETE" => writes::graph_store(self, request),
                _ => Err(Refusal::method_not_allowed(
                    &method,
                    "GET, PUT, POST, DELETE",
                )),
            },
            "/api/claims" if reading => api::claims(self, request),
            "/api/queries" if reading => api::queries(),
            _ if path.starts_with("/api/queries/") && reading => {
                api::named_query_answer(self, request, &path["/api/queries/".len()..])
            }
            _ if path.starts_with("/api/") => {
                if reading {
                    Err(Refusal::new(
                        StatusCode::NOT_FOUND,
                        format!("there is no API route {path}; see /api/claims and /api/queries"),
                    ))
                } else {
                    Err(Refusal::method_not_allowed(&method, "GET"))
                }
            }
            _ if reading => assets::asset(&path),
            _ => Err(Refusal::method_not_allowed(&method, "GET")),
        }
    }

    /// Runs `work` on the store as one of the queries the service allows at once, on a
    /// worker thread, and answers 503 once the time limit has passed even if the work
    /// has not noticed: oxigraph checks its cancellation token as it reads the store, but not
    /// inside a cross product held in memory, which can run on for hours. Such work keeps its
    /// slot until it really ends, so runaway queries use up the limit and later ones are
    /// turned away (503) rather than piling up.
    pub(crate) fn evaluating(
        &self,
        work: impl FnOnce(&ClaimStore, &Limits) -> Result<Reply, Refusal> + Send + 'static,
    ) -> Answer {
        let slot = self.gate.enter().ok_or_else(|| Refusal::busy(1))?;
        let (store, limits) = (Arc::clone(&self.store), self.options.limits);
        let (done, answer) = mpsc::sync_channel(1);
        self.workers
            .run(move || {
                let _slot = slot;
                let store = store.read().unwrap_or_else(PoisonError::into_inner);
                // The request may have been answered 503 already: nobody to tell.
                let _ = done.send(work(&store, &limits));
            })
            .map_err(Error::Output)?;
        match answer.recv_timeout(limits.query_timeout + CANCELLATION_GRACE) {
            Ok(reply) => reply.map(Reply::into_response),
            Err(RecvTimeoutError::Timeout) => Err(Error::Timeout(limits.query_timeout).into()),
            Err(RecvTimeoutError::Disconnected) => Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the query stopped without an answer; this is a bug in claimgraph",
            )),
        }
    }
}

fn read_only(what: &str) -> Refusal {
    Refusal::new(
        StatusCode::FORBIDDEN,
        format!(
            "this server only reads: {what} is refused. Start it with \
             `claimgraph serve --writable --token-file FILE` to take writes from clients that \
             send `Authorization: Bearer` and the token in FILE"
        ),
    )
}

fn preflight(request: &Request<Body>) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE"),
    );
    if let Some(asked) = request
        .headers()
        .get(oxhttp::model::header::ACCESS_CONTROL_REQUEST_HEADERS)
    {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    response
}
