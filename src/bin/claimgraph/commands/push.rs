//! `claimgraph push` and `claimgraph pull`: whole graphs to and from a remote store.
//!
//! The library sends and counts; this draws a bar per graph on a terminal and prints what
//! landed. A push cut off part way says which graphs landed: running it again finishes it.

use super::{Outcome, open, remote};
use crate::cli::{Cli, PullArgs, PushArgs, RemoteArgs};
use crate::progress::LoadView;
use claimgraph::remote::{PushFile, PushProgress, Pushed, Remote, Sending};
use claimgraph::store::Access;
use claimgraph::{Error, Result, terms};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::model::NamedNode;
use std::io::{IsTerminal, Write};

pub(crate) fn push(cli: &Cli, args: &PushArgs, out: &mut impl Write) -> Result<Outcome> {
    let graphs = graphs(&args.graph)?;
    let files = files(args, &graphs)?;
    let remote = required(&args.remote)?;
    let draw = !args.quiet && std::io::stderr().is_terminal();
    let mut bar: Option<ProgressBar> = None;
    let mut progress = |event: PushProgress| match event {
        PushProgress::Graph { graph, triples } if draw => {
            if let Some(done) = bar.take() {
                done.finish_and_clear();
            }
            // A file read as it is sent has no size yet: its bar counts without an end.
            let template = match triples {
                Some(_) => "{msg} {wide_bar} {pos}/{len} triples",
                None => "{msg} {spinner} {pos} triples",
            };
            let new = ProgressBar::with_draw_target(
                triples.map(|triples| triples as u64),
                ProgressDrawTarget::stderr(),
            )
            .with_style(ProgressStyle::with_template(template).expect("the template is valid"))
            .with_message(graph.to_string());
            bar = Some(new);
        }
        PushProgress::Sent { triples } => {
            if let Some(bar) = &bar {
                bar.inc(triples as u64);
            }
        }
        PushProgress::Graph { .. } => {}
    };
    let sending = Sending {
        chunk: args
            .chunk
            .unwrap_or(Sending::for_engine(remote.engine()).chunk),
        jobs: args.jobs,
        fetch_from: args.fetch_from,
    };
    let pushed = if files.is_empty() {
        let store = open(cli, Access::Read)?;
        claimgraph::remote::push(&store, &remote, &graphs, sending, &mut progress)
    } else {
        claimgraph::remote::push_files(&remote, &files, sending, &mut progress)
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report(out, "pushed", &pushed?, &remote)
}

pub(crate) fn pull(cli: &Cli, args: &PullArgs, out: &mut impl Write) -> Result<Outcome> {
    let graphs = graphs(&args.graph)?;
    let remote = required(&args.remote)?;
    let mut store = open(cli, Access::Write)?;
    // Graphs arrive as streams of unknown size: a bar per graph would say nothing useful.
    let view = LoadView::new(true);
    let pulled = claimgraph::remote::pull(&mut store, &remote, &graphs, &|e| view.handle(e))?;
    report(out, "pulled", &pulled, &remote)
}

/// The files to send, each with the graph it goes into: --graph names it for a single file.
fn files(args: &PushArgs, graphs: &[NamedNode]) -> Result<Vec<PushFile>> {
    if args.files.is_empty() {
        return Ok(Vec::new());
    }
    let graph = match (graphs, args.files.len()) {
        ([], _) => None,
        ([graph], 1) => Some(graph.clone()),
        _ => {
            return Err(Error::BadValue {
                value: "--graph".into(),
                expected: "given once, with one file: each of several files goes into the \
                           graph that load would give it"
                    .into(),
            });
        }
    };
    args.files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                return Err(Error::BadValue {
                    value: "-".into(),
                    expected: "a file: push may read a file twice, to check it before it \
                               sends it, or to count its distinct triples (save the stream to a \
                               file, or load it and push the graph)"
                        .into(),
                });
            }
            Ok(PushFile {
                path: path.clone(),
                format: args.format.map(|rdf| rdf.0),
                graph: graph.clone(),
            })
        })
        .collect()
}

fn graphs(given: &[String]) -> Result<Vec<NamedNode>> {
    given.iter().map(|g| terms::entity(g)).collect()
}

/// The remote store; clap has made sure `--endpoint` (or CLAIMGRAPH_ENDPOINT) is given.
fn required(args: &RemoteArgs) -> Result<Remote> {
    remote::connect(args, None)?.ok_or_else(|| Error::BadValue {
        value: "--endpoint".into(),
        expected: "given: push and pull need the remote store's query endpoint".into(),
    })
}

fn report(out: &mut impl Write, verb: &str, done: &Pushed, remote: &Remote) -> Result<Outcome> {
    let mut total = 0;
    for graph in &done.graphs {
        writeln!(
            out,
            "{verb} {}: {} triples",
            graph.graph.as_str(),
            graph.triples
        )?;
        total += graph.triples;
    }
    writeln!(
        out,
        "{verb} {} graphs, {total} triples, {} {} ({})",
        done.graphs.len(),
        if verb == "pushed" { "to" } else { "from" },
        remote.url(),
        remote.engine()
    )?;
    Ok(Outcome::Clean)
}
