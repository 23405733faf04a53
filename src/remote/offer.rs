//! A short-lived web server on the client, from which the engine fetches what a push sends
//! (SPARQL `LOAD <url>`) instead of receiving it in Graph Store requests. Virtuoso loads a
//! document fetched this way with its transaction log off, as its own bulk loader does,
//! which its Graph Store endpoint cannot be told to do; that log costs it more than a third
//! of a push. Each body is offered under a path no one can guess, and only while the request
//! that loads it is on its way: the server answers nothing else.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest request head read: the engine's GET is a few hundred bytes.
const MAX_HEAD: u64 = 64 * 1024;
/// How long a connection may stay silent before it is dropped.
const IDLE: Duration = Duration::from_secs(60);

/// Request bodies offered for the engine to fetch, from a web server that runs as long as
/// this value lives.
pub(crate) struct Offer {
    address: SocketAddr,
    secret: String,
    shelf: Arc<Shelf>,
    next: AtomicU64,
    listening: Option<JoinHandle<()>>,
}

/// What is on offer, by path.
#[derive(Default)]
struct Shelf {
    bodies: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    closing: AtomicBool,
}

impl Offer {
    /// Listens on `address` (port 0 for any free one), which must be one the engine's server
    /// can reach this machine at: it is the address the engine is told to fetch from.
    pub(crate) fn open(address: SocketAddr) -> Result<Offer> {
        if address.ip().is_unspecified() {
            return Err(Error::BadValue {
                value: address.to_string(),
                expected: "the address the server reaches this machine at (not 0.0.0.0 or ::), \
                           since the server is told to fetch from it"
                    .to_owned(),
            });
        }
        let listen_error = |source| Error::Listen {
            address: address.to_string(),
            source,
        };
        let listener = TcpListener::bind(address).map_err(listen_error)?;
        let address = listener.local_addr().map_err(listen_error)?;
        let shelf = Arc::new(Shelf::default());
        let listening = {
            let shelf = Arc::clone(&shelf);
            std::thread::Builder::new()
                .name("claimgraph push: offer".to_owned())
                .spawn(move || listen(&listener, &shelf))
                .map_err(listen_error)?
        };
        Ok(Offer {
            address,
            secret: unguessable(),
            shelf,
            next: AtomicU64::new(0),
            listening: Some(listening),
        })
    }

    /// Offers `body` (N-Triples) while `load` runs with the URL it is fetched from.
    pub(crate) fn offered<T>(
        &self,
        body: Vec<u8>,
        load: impl FnOnce(&str) -> Result<T>,
    ) -> Result<T> {
        let path = format!(
            "/{}/{}.nt",
            self.secret,
            self.next.fetch_add(1, Ordering::Relaxed)
        );
        self.shelf.bodies().insert(path.clone(), Arc::new(body));
        let result = load(&format!("http://{}{path}", self.address));
        self.shelf.bodies().remove(&path);
        result
    }
}

impl Drop for Offer {
    fn drop(&mut self) {
        self.shelf.closing.store(true, Ordering::SeqCst);
        // Wakes the listener, which then sees it is closing.
        let _ = TcpStream::connect_timeout(&self.address, IDLE);
        if let Some(listening) = self.listening.take() {
            let _ = listening.join();
        }
    }
}

impl Shelf {
    fn bodies(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        // A panic while the map is held leaves it whole: it is only ever inserted into or
        // removed from.
        self.bodies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// 128 bits the OS chose: std seeds each `RandomState` from its random source.
fn unguessable() -> String {
    let half = || RandomState::new().build_hasher().finish();
    format!("{:016x}{:016x}", half(), half())
}

fn listen(listener: &TcpListener, shelf: &Arc<Shelf>) {
    for stream in listener.incoming() {
        if shelf.closing.load(Ordering::SeqCst) {
            return;
        }
        // A connection that fails before it is accepted is the engine's to report, as a
        // load that could not fetch its document.
        let Ok(stream) = stream else { continue };
        let shelf = Arc::clone(shelf);
        std::thread::spawn(move || {
            let _ = answer(stream, &shelf);
        });
    }
}

/// Answers one request: the body on offer at its path, else 404.
fn answer(stream: TcpStream, shelf: &Shelf) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let mut head = BufReader::new(stream.try_clone()?.take(MAX_HEAD));
    let mut request_line = String::new();
    head.read_line(&mut request_line)?;
    // The headers say nothing this server needs; they are read so that the engine is not cut
    // off mid-request.
    let mut header = String::new();
    while head.read_line(&mut header)? > 0 && !header.trim().is_empty() {
        header.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let body = shelf.bodies().get(path).cloned();
    let mut out = BufWriter::new(stream);
    match (method, body) {
        ("GET" | "HEAD", Some(body)) => {
            // N-Triples is Turtle. Virtuoso 7.2 knows no `application/n-triples` when it
            // fetches: it would sniff each document (an HTML parse and a Turtle check of its
            // start) before it runs the same Turtle parser on it.
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            if method == "GET" {
                out.write_all(&body)?;
            }
        }
        ("GET" | "HEAD", None) => write!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )?,
        _ => write!(
            out,
            "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        )?,
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GET of `path` from `address`, as the engine sends it: the status line and the body.
    fn get(address: SocketAddr, path: &str) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: */*\r\n\r\n"
        )
        .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(answer[..split].to_vec()).unwrap();
        let status = head.lines().next().unwrap().to_owned();
        (status, answer[split + 4..].to_vec())
    }

    /// The path of an offered `url`.
    fn path_of(url: &str) -> &str {
        let after_scheme = url.split_once("//").unwrap().1;
        &after_scheme[after_scheme.find('/').unwrap()..]
    }

    #[test]
    fn a_body_is_offered_only_while_it_loads() {
        let offer = Offer::open("127.0.0.1:0".parse().unwrap()).unwrap();
        let body =
            b"<http://ex.org/s> <http://ex.org/p> \"\xd9\x83\xd9\x8a\xd8\xaf\xd8\xa7\xd9\x84\" .\n";
        let mut offered_at = String::new();
        let fetched = offer
            .offered(body.to_vec(), |url| {
                offered_at = url.to_owned();
                // Only the exact path answers: a guess at the numbering does not.
                assert_eq!(get(offer.address, "/0.nt").0, "HTTP/1.1 404 Not Found");
                Ok(get(offer.address, path_of(url)))
            })
            .unwrap();
        assert_eq!(fetched.0, "HTTP/1.1 200 OK");
        assert_eq!(fetched.1, body);
        assert!(offered_at.starts_with(&format!("http://{}/", offer.address)));
        assert_eq!(
            get(offer.address, path_of(&offered_at)).0,
            "HTTP/1.1 404 Not Found"
        );
    }

    #[test]
    fn two_offers_have_different_secrets_and_stop_listening_when_dropped() {
        let (one, two) = (
            Offer::open("127.0.0.1:0".parse().unwrap()).unwrap(),
            Offer::open("127.0.0.1:0".parse().unwrap()).unwrap(),
        );
        assert_ne!(one.secret, two.secret);
        assert_eq!(one.secret.len(), 32);
        let address = one.address;
        drop(one);
        assert!(TcpStream::connect(address).is_err());
    }

    #[test]
    fn an_address_the_server_cannot_be_told_is_refused() {
        let refused = Offer::open("0.0.0.0:0".parse().unwrap());
        assert!(matches!(refused, Err(Error::BadValue { .. })));
    }
}
