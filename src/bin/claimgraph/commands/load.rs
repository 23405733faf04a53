//! `claimgraph load`: files into the store, each into a graph of its own.

use super::{Outcome, input, open};
use crate::cli::{Cli, LoadArgs};
use crate::progress::LoadView;
use claimgraph::load::{Compaction, LoadOptions, load, make_ready};
use claimgraph::store::Access;
use claimgraph::{Result, terms};

pub(crate) fn run(cli: &Cli, args: &LoadArgs) -> Result<Outcome> {
    let options = LoadOptions {
        format: args.format.map(|rdf| rdf.0),
        graph: args.graph.as_deref().map(terms::entity).transpose()?,
        replace: args.replace,
    };
    let mut store = open(cli, Access::Write)?;
    let view = LoadView::new(args.quiet);
    let progress = |event| view.handle(event);
    let mut all_loaded = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let input = input(file);
        view.input(&input.name());
        let loaded = load(&mut store, input, &options, &progress)?;
        eprintln!(
            "loaded {} triples from {} into {}",
            loaded.triples, loaded.input, loaded.graph
        );
        if loaded.merged {
            eprintln!(
                "note: {} already held triples; they were kept. Use --replace to swap the graph's content",
                loaded.graph
            );
        }
        all_loaded.push(loaded);
    }
    // Index now, while the loaded facts are in memory, so that the next report starts at once;
    // compact once for all the files, not after each.
    let compaction = if args.compact {
        Compaction::Always
    } else {
        Compaction::Auto
    };
    let ready = make_ready(&store, &all_loaded, compaction, &progress)?;
    eprintln!("indexed {} claims", ready.claims);
    if let Some(elapsed) = ready.compacted_in {
        eprintln!("compacted the store in {:.1} s", elapsed.as_secs_f64());
    }
    Ok(Outcome::Clean)
}
