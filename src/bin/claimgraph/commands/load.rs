//! `claimgraph load`: files into the store, each into a graph of its own.
//!
//! All or nothing: given several files, every one is read through (and a standard input held
//! in memory) before any is written, so that a missing or malformed last file does not leave
//! the first ones loaded. Each file's write is atomic; what can still fail between two of them
//! is the machine (a full disk), and then the error says which files went in.

use super::{Outcome, input, open};
use crate::cli::{Cli, LoadArgs};
use crate::diagnostics::print_notices;
use crate::progress::LoadView;
use claimgraph::error::{Error, Result};
use claimgraph::load::{Compaction, LoadOptions, Loaded, check, load, make_ready};
use claimgraph::parse::Input;
use claimgraph::store::Access;
use claimgraph::terms;
use std::io::Read;
use std::path::{Path, PathBuf};

pub(crate) fn run(cli: &Cli, args: &LoadArgs) -> Result<Outcome> {
    let options = LoadOptions {
        format: args.format.map(|rdf| rdf.0),
        graph: args.graph.as_deref().map(terms::entity).transpose()?,
        replace: args.replace,
    };
    let several = args.files.len() > 1;
    // A stream can be read once: among several inputs it is held, so it can be checked too.
    let stdin = if several && args.files.iter().any(|f| is_stdin(f)) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: "<stdin>".into(),
                source,
            })?;
        Some(bytes)
    } else {
        None
    };
    let input_of = |file: &PathBuf| -> Input<'_> {
        match &stdin {
            Some(bytes) if is_stdin(file) => Input::reader("<stdin>", bytes.as_slice()),
            _ => input(file),
        }
    };
    let mut store = open(cli, Access::Write)?;
    if several {
        for file in &args.files {
            check(&store, input_of(file), &options)?;
        }
    }
    let view = LoadView::new(args.quiet);
    let progress = |event| view.handle(event);
    let mut all_loaded: Vec<Loaded> = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let input = input_of(file);
        view.input(&input.name());
        let loaded = load(&mut store, input, &options, &progress)
            .map_err(|error| after_some(error, &all_loaded, &args.files))?;
        report(&loaded);
        all_loaded.push(loaded);
    }
    // Index now, while the loaded facts are in memory, so that the next report starts at once;
    // compact once for all the files, not after each.
    let compaction = if args.compact {
        Compaction::Always
    } else {
        Compaction::Auto
    };
    let ready = make_ready(&store, &all_loaded, compaction, &progress);
    print_notices(&store);
    match ready {
        Ok(ready) => {
            eprintln!("indexed {} claims", ready.claims);
            if let Some(elapsed) = ready.compacted_in {
                eprintln!("compacted the store in {:.1} s", elapsed.as_secs_f64());
            }
        }
        // The load is committed; the index is derived from it and rebuilt by the next report.
        Err(error @ (Error::Write { .. } | Error::Output(_))) => {
            eprintln!(
                "warning: the files are loaded, but the claim index could not be written ({error}); the next report rebuilds it"
            );
        }
        Err(error) => return Err(error),
    }
    Ok(Outcome::Clean)
}

fn is_stdin(file: &Path) -> bool {
    file == Path::new("-")
}

fn report(loaded: &Loaded) {
    let into_target = loaded.triples - loaded.other_graphs.iter().map(|(_, n)| n).sum::<u64>();
    eprintln!(
        "loaded {} triples from {} into {}",
        into_target, loaded.input, loaded.graph
    );
    for (graph, quads) in &loaded.other_graphs {
        eprintln!("loaded {quads} triples from {} into {graph}", loaded.input);
    }
    for graph in &loaded.dropped {
        eprintln!(
            "removed {graph}: {} no longer holds that graph",
            loaded.input
        );
    }
    if loaded.merged {
        eprintln!(
            "note: {} already held triples; they were kept. Use --replace to swap the graph's content",
            loaded.graph
        );
    }
}

/// A failure after some files went in (the checks passed, so it is the machine's): the
/// message says which did.
fn after_some(error: Error, loaded: &[Loaded], files: &[PathBuf]) -> Error {
    if loaded.is_empty() {
        return error;
    }
    let done: Vec<&str> = loaded.iter().map(|l| l.input.as_str()).collect();
    let rest: Vec<String> = files[loaded.len()..]
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    eprintln!(
        "note: {} loaded before the failure; not loaded: {}",
        done.join(", "),
        rest.join(", ")
    );
    error
}
