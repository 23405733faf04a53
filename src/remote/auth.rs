//! Credentials for a remote store, and the `Authorization` headers they turn into.
//!
//! Teams put their SPARQL store behind whatever their server does: Basic over HTTPS, a bearer
//! token from a proxy, or HTTP Digest, which is what Virtuoso's Graph Store endpoint asks for.
//! Digest cannot be sent up front (it answers the server's challenge), so a request is sent,
//! and sent again once with the answer when the server challenges it.
//!
//! Secrets are kept out of `Debug` output and error messages.

use base64::Engine as _;
use md5::{Digest, Md5};
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// How a client proves who it is.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A user name and password, sent as Basic, or as Digest when the server asks for it.
    Password {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (`Authorization: Bearer …`).
    Bearer(String),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Password { user, .. } => write!(f, "Password {{ user: {user:?}, .. }}"),
            Credentials::Bearer(_) => f.write_str("Bearer(..)"),
        }
    }
}

impl Credentials {
    /// The header to send before the server has said anything: Basic or Bearer.
    pub(crate) fn preemptive(&self) -> String {
        match self {
            Credentials::Password { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Credentials::Bearer(token) => format!("Bearer {token}"),
        }
    }

    /// The user name, for messages; never the secret.
    pub(crate) fn user(&self) -> Option<&str> {
        match self {
            Credentials::Password { user, .. } => Some(user),
            Credentials::Bearer(_) => None,
        }
    }
}

/// The password for `host` in a netrc file (`machine HOST login USER password PASS`, or the
/// `default` entry when no machine matches), as curl and git read it.
pub fn from_netrc(text: &str, host: &str) -> Option<Credentials> {
    /// Which entry the tokens being read belong to.
    #[derive(PartialEq)]
    enum Entry {
        Host,
        Default,
        Other,
    }
    let mut entries: Vec<(Entry, Option<String>, Option<String>)> = Vec::new();
    let mut tokens = text.split_whitespace();
    while let Some(token) = tokens.next() {
        match token {
            "machine" => {
                let name = tokens.next().unwrap_or_default();
                let entry = if name.eq_ignore_ascii_case(host) {
                    Entry::Host
                } else {
                    Entry::Other
                };
                entries.push((entry, None, None));
            }
            "default" => entries.push((Entry::Default, None, None)),
            "login" | "password" | "account" | "macdef" => {
                let value = tokens.next().map(str::to_owned);
                if let Some(entry) = entries.last_mut() {
                    match token {
                        "login" => entry.1 = value,
                        "password" => entry.2 = value,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let pick = |wanted: Entry| {
        entries
            .iter()
            .find_map(|(entry, user, password)| match (user, password) {
                (Some(user), Some(password)) if *entry == wanted => Some(Credentials::Password {
                    user: user.clone(),
                    password: password.clone(),
                }),
                _ => None,
            })
    };
    pick(Entry::Host).or_else(|| pick(Entry::Default))
}

/// The netrc file curl reads by default: `$NETRC`, else `~/.netrc`.
pub fn default_netrc() -> Option<std::path::PathBuf> {
    std::env::var_os("NETRC")
        .map(Into::into)
        .or_else(|| dirs::home_dir().map(|home| home.join(".netrc")))
        .filter(|path: &std::path::PathBuf| path.is_file())
}

/// Reads `path` and finds `host` in it.
pub fn netrc_file(path: &Path, host: &str) -> crate::Result<Option<Credentials>> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Read {
        path: path.into(),
        source,
    })?;
    Ok(from_netrc(&text, host))
}

/// A Digest challenge (`WWW-Authenticate: Digest realm=…, nonce=…`) and the answers to it,
/// per RFC 7616 with MD5 (the algorithm the servers we meet use) and `qop=auth`.
#[derive(Debug)]
pub(crate) struct DigestChallenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop_auth: bool,
    /// The nonce count: each answer to the same nonce counts up.
    count: AtomicU32,
}

impl DigestChallenge {
    /// The challenge in a `WWW-Authenticate` header value, if it is a Digest one with MD5.
    pub(crate) fn parse(header: &str) -> Option<Self> {
        let rest = header.trim_start().strip_prefix("Digest")?.trim_start();
        let mut fields = std::collections::HashMap::new();
        for (name, value) in parameters(rest) {
            fields.insert(name.to_ascii_lowercase(), value);
        }
        if let Some(algorithm) = fields.get("algorithm")
            && !algorithm.eq_ignore_ascii_case("MD5")
        {
            return None;
        }
        Some(Self {
            realm: fields.remove("realm")?,
            nonce: fields.remove("nonce")?,
            opaque: fields.remove("opaque"),
            qop_auth: fields
                .get("qop")
                .is_some_and(|qop| qop.split(',').any(|q| q.trim() == "auth")),
            count: AtomicU32::new(0),
        })
    }

    /// The `Authorization` header for `method` on `uri` (the request target: path and query).
    pub(crate) fn answer(&self, user: &str, password: &str, method: &str, uri: &str) -> String {
        let count = self.count.fetch_add(1, Ordering::Relaxed) + 1;
        let cnonce = md5_hex(&format!("{count}:{:?}", std::time::SystemTime::now()));
        self.answer_with(user, password, method, uri, count, &cnonce[..16])
    }

    fn answer_with(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        count: u32,
        cnonce: &str,
    ) -> String {
        let ha1 = md5_hex(&format!("{user}:{}:{password}", self.realm));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm=MD5",
            quoted(user),
            quoted(&self.realm),
            quoted(&self.nonce),
            quoted(uri)
        );
        let response = if self.qop_auth {
            header.push_str(&format!(", qop=auth, nc={count:08x}, cnonce=\"{cnonce}\""));
            md5_hex(&format!(
                "{ha1}:{}:{count:08x}:{cnonce}:auth:{ha2}",
                self.nonce
            ))
        } else {
            md5_hex(&format!("{ha1}:{}:{ha2}", self.nonce))
        };
        header.push_str(&format!(", response=\"{response}\""));
        if let Some(opaque) = &self.opaque {
            header.push_str(&format!(", opaque=\"{}\"", quoted(opaque)));
        }
        header
    }
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn quoted(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The `name=value` and `name="value"` pairs of an authentication header, in order.
fn parameters(mut rest: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        let Some((name, after)) = rest.split_once('=') else {
            return pairs;
        };
        let name = name.trim().to_owned();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((at, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = at + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        pairs.push((name, value));
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netrc_picks_the_host_then_the_default() {
        let text = "machine other.example login x password y\n\
                    machine kb.example.org login ana password s3cret\n\
                    default login anon password guest\n";
        let password = |host| match from_netrc(text, host) {
            Some(Credentials::Password { user, password }) => Some((user, password)),
            _ => None,
        };
        assert_eq!(
            password("kb.example.org"),
            Some(("ana".into(), "s3cret".into()))
        );
        assert_eq!(password("elsewhere"), Some(("anon".into(), "guest".into())));
        assert_eq!(from_netrc("machine a login u password p", "b"), None);
    }

    #[test]
    fn basic_and_bearer_headers() {
        // RFC 7617's example.
        let basic = Credentials::Password {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(basic.preemptive(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(Credentials::Bearer("t0k".into()).preemptive(), "Bearer t0k");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let credentials = Credentials::Password {
            user: "dba".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{credentials:?}").contains("hunter2"));
        assert!(!format!("{:?}", Credentials::Bearer("tok".into())).contains("tok"));
    }

    #[test]
    fn digest_answers_the_rfc_2617_example() {
        // RFC 2617, section 3.5.
        let challenge = DigestChallenge::parse(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        assert_eq!(challenge.realm, "testrealm@host.com");
        assert!(challenge.qop_auth);
        let header = challenge.answer_with(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            header.contains(r#"response="6629fae49393a05397450978507c4ef1""#)
                && header.contains("nc=00000001")
                && header.contains(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#),
            "{header}"
        );
        // Without qop the answer is fixed by the inputs alone: RFC 2069's computation.
        let plain = DigestChallenge::parse(
            r#"Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093""#,
        )
        .unwrap();
        let header = plain.answer("Mufasa", "Circle Of Life", "GET", "/dir/index.html");
        assert!(
            header.contains(r#"response="670fd8c2df070c60b045671b8b24ff02""#),
            "{header}"
        );
    }
}
