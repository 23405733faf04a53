//! One HTTP exchange with a remote store, with its credentials, and its failures in claimgraph's
//! terms: the store unreachable, credentials refused, an error status with the server's own
//! words, a time limit.
//!
//! Bodies are kept as bytes so that a request can be sent a second time when the server
//! answers with a challenge.

use super::auth::{Credentials, DigestChallenge};
use crate::error::{Error, Result};
use oxhttp::Client;
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use std::collections::HashMap;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How much of an error body a message quotes.
const QUOTED_BODY: usize = 600;

/// A client for one store. With a user and password it does what `curl --anyauth` does: it
/// learns, once per path, which scheme the server asks for (a Digest challenge, Basic, or
/// none) before it sends credentials, because Virtuoso answers a Basic attempt on its
/// Digest-protected endpoint with a bare 401 and no challenge to answer.
pub(crate) struct Http {
    client: Client,
    credentials: Option<Credentials>,
    schemes: Mutex<HashMap<String, Scheme>>,
    timeout: Option<Duration>,
}

/// What a path of the server asks for.
#[derive(Clone)]
enum Scheme {
    /// Nothing: the path is open.
    Open,
    /// Basic credentials.
    Basic,
    /// An answer to this Digest challenge.
    Digest(Arc<DigestChallenge>),
}

/// What is sent: the method, the URL, and for POST and PUT a body with its media type.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) url: &'a str,
    pub(crate) accept: Option<&'a str>,
    pub(crate) body: Option<(&'a str, &'a [u8])>,
}

impl Http {
    pub(crate) fn new(credentials: Option<Credentials>, timeout: Option<Duration>) -> Self {
        let mut client = Client::new()
            .with_redirection_limit(5)
            .with_user_agent(concat!("claimgraph/", env!("CARGO_PKG_VERSION")))
            .expect("the user agent is a valid header value");
        if let Some(timeout) = timeout {
            client = client.with_global_timeout(timeout);
        }
        Self {
            client,
            credentials,
            schemes: Mutex::new(HashMap::new()),
            timeout,
        }
    }

    /// Sends `call` and returns the response when its status is a success; any other status
    /// becomes an error that quotes the server.
    pub(crate) fn send(&self, call: &Call<'_>) -> Result<Response<Body>> {
        let response = match &self.credentials {
            None => self.exchange(call, None)?,
            Some(Credentials::Bearer(_)) => {
                let header = self.credentials.as_ref().map(Credentials::preemptive);
                self.exchange(call, header)?
            }
            Some(Credentials::Password { user, password }) => {
                let path = target(call.url);
                let path = path.split('?').next().unwrap_or("/").to_owned();
                let known = self.scheme_of(&path);
                let scheme = match known {
                    Some(scheme) => scheme,
                    None if call.body.is_none() => {
                        // The request itself is the probe: sent bare, and again if challenged.
                        let response = self.exchange(call, None)?;
                        match challenge(&response) {
                            Some(scheme) => self.learn(&path, scheme),
                            None => {
                                self.learn(&path, Scheme::Open);
                                return self.checked(call, response);
                            }
                        }
                    }
                    None => {
                        // A body may be large: a bodiless GET finds out what the path asks for.
                        let probe = Call {
                            method: Method::GET,
                            url: call.url,
                            accept: None,
                            body: None,
                        };
                        let response = self.exchange(&probe, None)?;
                        let scheme = challenge(&response).unwrap_or(Scheme::Open);
                        self.learn(&path, scheme)
                    }
                };
                let header = match &scheme {
                    Scheme::Open => None,
                    Scheme::Basic => self.credentials.as_ref().map(Credentials::preemptive),
                    Scheme::Digest(challenge) => Some(challenge.answer(
                        user,
                        password,
                        call.method.as_str(),
                        &target(call.url),
                    )),
                };
                let response = self.exchange(call, header)?;
                // A Digest nonce the server has since replaced: answer the new challenge once.
                match (scheme, challenge(&response)) {
                    (Scheme::Digest(_), Some(Scheme::Digest(fresh))) => {
                        self.learn(&path, Scheme::Digest(Arc::clone(&fresh)));
                        let header =
                            fresh.answer(user, password, call.method.as_str(), &target(call.url));
                        self.exchange(call, Some(header))?
                    }
                    _ => response,
                }
            }
        };
        self.checked(call, response)
    }

    /// The response when its status is a success, else the error it stands for.
    fn checked(&self, call: &Call<'_>, response: Response<Body>) -> Result<Response<Body>> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(Error::Unauthorized {
                url: call.url.to_owned(),
                status: status.as_u16(),
                user: self
                    .credentials
                    .as_ref()
                    .map(|c| c.user().unwrap_or("a bearer token").to_owned()),
            });
        }
        Err(Error::RemoteStatus {
            url: call.url.to_owned(),
            status: status.as_u16(),
            message: quote_body(response.into_body()),
        })
    }

    fn scheme_of(&self, path: &str) -> Option<Scheme> {
        self.schemes
            .lock()
            .expect("the scheme table is never poisoned")
            .get(path)
            .cloned()
    }

    fn learn(&self, path: &str, scheme: Scheme) -> Scheme {
        self.schemes
            .lock()
            .expect("the scheme table is never poisoned")
            .insert(path.to_owned(), scheme.clone());
        scheme
    }

    fn exchange(&self, call: &Call<'_>, authorization: Option<String>) -> Result<Response<Body>> {
        let mut request = Request::builder().method(call.method.clone()).uri(call.url);
        if let Some(accept) = call.accept {
            request = request.header(ACCEPT, accept);
        }
        if let Some(authorization) = authorization {
            request = request.header(AUTHORIZATION, authorization);
        }
        let body = match call.body {
            Some((media_type, bytes)) => {
                request = request.header(CONTENT_TYPE, media_type);
                Body::from(bytes.to_vec())
            }
            None => Body::empty(),
        };
        let request = request.body(body).map_err(|e| Error::BadValue {
            value: call.url.to_owned(),
            expected: format!("an http:// or https:// URL ({e})"),
        })?;
        self.client
            .request(request)
            .map_err(|source| self.transport_error(call.url, source))
    }

    /// A failure below HTTP: a time limit, or a store that cannot be reached.
    pub(crate) fn transport_error(&self, url: &str, source: io::Error) -> Error {
        match (source.kind(), self.timeout) {
            (io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock, Some(timeout)) => {
                Error::Timeout(timeout)
            }
            _ => Error::Unreachable {
                url: url.to_owned(),
                source,
            },
        }
    }
}

/// What a 401 asks for: a Digest challenge (MD5) when it offers one, else Basic; `None` when
/// the response is not a 401 (or a 401 with no challenge claimgraph can answer).
fn challenge(response: &Response<Body>) -> Option<Scheme> {
    if response.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let offers: Vec<&str> = response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if let Some(digest) = offers
        .iter()
        .find_map(|offer| DigestChallenge::parse(offer))
    {
        return Some(Scheme::Digest(Arc::new(digest)));
    }
    offers
        .iter()
        .any(|offer| offer.trim_start().to_ascii_lowercase().starts_with("basic"))
        .then_some(Scheme::Basic)
}

/// The request target a Digest answer signs: the URL's path and query.
fn target(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].to_owned(),
        None => "/".to_owned(),
    }
}

/// The start of an error body, on one line, for a message.
fn quote_body(mut body: Body) -> String {
    let mut bytes = Vec::new();
    let _ = (&mut body).take(64 * 1024).read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(QUOTED_BODY) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None if text.is_empty() => "(no message)".to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_signs_the_path_and_query() {
        assert_eq!(
            target("http://127.0.0.1:8890/sparql-graph-crud-auth?graph=urn%3Ax"),
            "/sparql-graph-crud-auth?graph=urn%3Ax"
        );
        assert_eq!(target("http://example.org"), "/");
    }

    #[test]
    fn long_error_bodies_are_cut_and_flattened() {
        let quoted = quote_body(Body::from("a\n b ".repeat(500)));
        assert!(quoted.ends_with('…') && !quoted.contains('\n'), "{quoted}");
        assert_eq!(quote_body(Body::empty()), "(no message)");
    }
}
