//! `claimgraph serve`: the library's HTTP service behind oxhttp, until the process is stopped.

use super::{Outcome, open_as};
use crate::cli::{Cli, ServeArgs};
use claimgraph::server::{Limits, Options, Service, Token};
use claimgraph::store::Access;
use claimgraph::{Error, Result};
use std::net::ToSocketAddrs;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How long a connection may stay silent (a client that sends half a request) before it is
/// closed; longer than any query may run, so that a slow answer is never cut.
const IDLE: Duration = Duration::from_secs(60);

pub(crate) fn run(cli: &Cli, args: &ServeArgs) -> Result<Outcome> {
    let addresses: Vec<_> = args
        .bind
        .to_socket_addrs()
        .map_err(|source| Error::Listen {
            address: args.bind.clone(),
            source,
        })?
        .collect();
    let holder = format!(
        "claimgraph serve{} at http://{}/ (pid {})",
        if args.writable { " --writable" } else { "" },
        args.bind,
        std::process::id()
    );
    let token = args.token_file.as_deref().map(read_token).transpose()?;
    let access = if token.is_some() {
        Access::Write
    } else {
        Access::Read
    };
    let store = open_as(cli, access, holder, true)?;
    let service = Arc::new(Service::new(
        store,
        Options {
            limits: Limits {
                query_timeout: args.query_timeout,
                max_rows: args.max_rows,
                max_body: args.max_body,
                max_concurrent: args.max_concurrent.max(1),
            },
            cors: args.cors,
            token,
        },
    ));
    let mut server = oxhttp::Server::new(move |request| service.handle(request))
        .with_global_timeout(IDLE.max(args.query_timeout + Duration::from_secs(10)))
        // Connections beyond the query limit still get their quick 503 or their asset.
        .with_max_concurrent_connections(args.max_concurrent.max(1) * 8);
    server = server
        .with_server_name(concat!("claimgraph/", env!("CARGO_PKG_VERSION")))
        .expect("a valid header value");
    for address in &addresses {
        server = server.bind(*address);
    }
    let running = server.spawn().map_err(|source| Error::Listen {
        address: args.bind.clone(),
        source,
    })?;
    for address in &addresses {
        eprintln!("claimgraph serve: listening on http://{address}/ (Ctrl-C to stop)");
    }
    running.join().map_err(|source| Error::Listen {
        address: args.bind.clone(),
        source,
    })?;
    Ok(Outcome::Clean)
}

/// The token in `path`, refused when it is too short to be a secret.
fn read_token(path: &Path) -> Result<Token> {
    let secret = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.into(),
        source,
    })?;
    Token::new(&secret).ok_or_else(|| Error::BadValue {
        value: format!("the token in {}", path.display()),
        expected: format!(
            "a secret of at least {} characters (for example: openssl rand -hex 32 > {})",
            Token::MIN_LEN,
            path.display()
        ),
    })
}
