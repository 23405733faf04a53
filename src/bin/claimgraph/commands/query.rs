//! `claimgraph query`: a named query, a `.rq` file, `-e TEXT` or standard input, on the local
//! store or on the remote one `--endpoint` names (where `--timeout` bounds each answer).
//!
//! With `--timeout`, the library cancels the query through its token, which oxigraph checks
//! whenever it reads the store. A computation on rows already read (a cross product, say)
//! does not read the store and would run on, so the query also runs on a worker thread that
//! sends its output here; if no result comes within the limit and a grace period, this
//! command stops waiting and fails with the timeout, and the process ends with the worker.

use super::{Outcome, open, remote};
use crate::cli::{Cli, QueryArgs};
use claimgraph::error::{Error, Result};
use claimgraph::formats::QueryOutput;
use claimgraph::labels::Labels;
use claimgraph::query::{Query, named_query};
use claimgraph::store::{Access, ClaimStore};
use claimgraph::{render, terms};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long a query may run past its limit before this command gives up on it.
const GRACE: Duration = Duration::from_millis(500);

pub(crate) fn run(cli: &Cli, args: &QueryArgs, out: &mut impl Write) -> Result<Outcome> {
    let params = args
        .param
        .iter()
        .map(|spec| terms::param(spec))
        .collect::<Result<Vec<_>>>()?;
    let query = parse(args)?.bind(&params)?;
    if let Some(remote) = remote::connect(&args.remote, args.timeout)? {
        let answer = remote.query(&query.sendable()?)?;
        let (answer, mut labels) = match args.format {
            QueryOutput::Table => claimgraph::remote::labelled(&remote, answer, &args.lang)?,
            _ => (answer, Labels::none()),
        };
        render::write_answer(out, answer, args.format, &mut labels)?;
        return Ok(Outcome::Clean);
    }
    let store = open(cli, Access::Read)?;
    let (format, lang, explain) = (args.format, args.lang.clone(), args.explain);
    let run = move |store: &ClaimStore, out: &mut dyn Write| {
        if explain {
            out.write_all(&query.explain(store)?)?;
            writeln!(out)?;
            Ok(())
        } else {
            answer(query, store, format, &lang, out)
        }
    };
    match args.timeout {
        None => run(&store, &mut *out)?,
        Some(timeout) => within(timeout, store, run, out)?,
    }
    Ok(Outcome::Clean)
}

fn answer(
    query: Query,
    store: &ClaimStore,
    format: QueryOutput,
    lang: &str,
    mut out: &mut dyn Write,
) -> Result<()> {
    let answer = query.execute(store)?;
    let mut labels = Labels::new(store, lang);
    render::write_answer(&mut out, answer, format, &mut labels)?;
    Ok(())
}

/// What the worker sends: output to write, then how the query ended.
enum Message {
    Output(Vec<u8>),
    Done(Result<()>),
}

/// Runs `run` on a worker and writes what it sends, until it is done or the time is up.
fn within(
    timeout: Duration,
    store: ClaimStore,
    run: impl FnOnce(&ClaimStore, &mut dyn Write) -> Result<()> + Send + 'static,
    out: &mut impl Write,
) -> Result<()> {
    // A limit beyond what the clock can count is no limit.
    let deadline = Instant::now()
        .checked_add(timeout)
        .and_then(|at| at.checked_add(GRACE));
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut channel = BufWriter::with_capacity(64 * 1024, Channel(sender.clone()));
        let result = run(&store, &mut channel).and_then(|()| Ok(channel.flush()?));
        let _ = sender.send(Message::Done(result));
    });
    loop {
        let next = match deadline {
            Some(deadline) => {
                receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(Message::Output(bytes)) => out.write_all(&bytes)?,
            Ok(Message::Done(result)) => return result,
            Err(RecvTimeoutError::Timeout) => return Err(Error::Timeout(timeout)),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::Output(io::Error::other("the query worker stopped")));
            }
        }
    }
}

/// Output written on the worker, sent to the thread that owns standard output.
struct Channel(Sender<Message>);

impl Write for Channel {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .send(Message::Output(buf.to_vec()))
            .map_err(|_| io::ErrorKind::BrokenPipe)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The query the arguments name, parsed.
fn parse(args: &QueryArgs) -> Result<Query> {
    let timeout = args.timeout;
    match (&args.expression, &args.query) {
        (Some(text), _) => Query::parse(text, "-e", timeout),
        (None, Some(name)) if Path::new(name).is_file() => {
            let text = std::fs::read_to_string(name).map_err(|source| Error::Read {
                path: name.into(),
                source,
            })?;
            Query::parse(&text, name, timeout)
        }
        (None, Some(name)) => match named_query(name) {
            Ok(named) => Query::named(named, timeout),
            // `my-question.rq` or `queries/x.rq` is a file the user meant, not a query name.
            Err(_) if name.contains(['/', '\\']) || name.ends_with(".rq") => Err(Error::Read {
                path: name.into(),
                source: io::ErrorKind::NotFound.into(),
            }),
            Err(unknown) => Err(unknown),
        },
        (None, None) => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|source| Error::Read {
                    path: "<stdin>".into(),
                    source,
                })?;
            Query::parse(&text, "<stdin>", timeout)
        }
    }
}
