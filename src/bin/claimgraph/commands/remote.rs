//! Reaching the remote store that `--endpoint` names, with the credentials the flags, the
//! environment or a netrc file give. Shared by every command that can work remotely.

use crate::cli::RemoteArgs;
use claimgraph::remote::{self, Credentials, Endpoint, Remote};
use claimgraph::{Error, Result};
use std::time::Duration;

/// The remote store, when `--endpoint` is given.
pub(crate) fn connect(args: &RemoteArgs, timeout: Option<Duration>) -> Result<Option<Remote>> {
    let Some(url) = &args.endpoint else {
        return Ok(None);
    };
    let endpoint = Endpoint {
        query: url.clone(),
        update: args.update_endpoint.clone(),
        store: args.store_endpoint.clone(),
        engine: args.engine,
        credentials: credentials(args, url)?,
        timeout,
    };
    Remote::connect(endpoint).map(Some)
}

/// Who to log in as: a bearer token, a user and password, or the endpoint host's netrc entry.
fn credentials(args: &RemoteArgs, url: &str) -> Result<Option<Credentials>> {
    if let Some(token) = &args.token {
        return Ok(Some(Credentials::Bearer(token.clone())));
    }
    if let Some(user) = &args.user {
        let password = match &args.password {
            Some(password) => password.clone(),
            None => {
                let from_netrc = netrc(args, url)?.and_then(|found| match found {
                    Credentials::Password { user: u, password } if u == *user => Some(password),
                    _ => None,
                });
                from_netrc.ok_or_else(|| Error::BadValue {
                    value: user.clone(),
                    expected: "a user with a password: set CLAIMGRAPH_PASSWORD, or give one \
                               for this host in a netrc file"
                        .into(),
                })?
            }
        };
        return Ok(Some(Credentials::Password {
            user: user.clone(),
            password,
        }));
    }
    netrc(args, url)
}

/// The netrc entry for the endpoint's host: from --netrc, else $NETRC or ~/.netrc if present.
fn netrc(args: &RemoteArgs, url: &str) -> Result<Option<Credentials>> {
    let Some(host) = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
    else {
        return Ok(None);
    };
    match args.netrc.clone().or_else(remote::default_netrc) {
        Some(path) => remote::netrc_file(&path, &host),
        None => Ok(None),
    }
}
