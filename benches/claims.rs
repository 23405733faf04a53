//! Criterion benches of the hot library paths: the claim report, the SPARQL equivalent it
//! replaces, and export. They run on the shipped knowledge base in memory; the side-by-side
//! benchmark at scale is `bench/run.sh`.

use claimgraph::claims::{ClaimFilter, report};
use claimgraph::export::{Scope, export};
use claimgraph::query::{Answer, Query, named_query};
use claimgraph::store::{Access, ClaimStore, Location};
use criterion::{Criterion, criterion_group, criterion_main};
use oxigraph::io::RdfFormat;
use std::hint::black_box;

fn hot_paths(c: &mut Criterion) {
    let store = ClaimStore::open(&Location::Memory, Access::Write).expect("memory store");
    let filter = ClaimFilter {
        unconfirmed: true,
        ..ClaimFilter::default()
    };
    c.bench_function("claims --unconfirmed (claim index)", |b| {
        b.iter(|| {
            for row in report(&store, &filter, "en").expect("report") {
                black_box(row.expect("row"));
            }
        })
    });
    let named = named_query("unconfirmed-claims").expect("named query");
    c.bench_function("unconfirmed-claims (SPARQL)", |b| {
        b.iter(|| {
            let query = Query::named(named, None).expect("parses");
            if let Answer::Solutions { rows, .. } = query.execute(&store).expect("runs") {
                for row in rows {
                    black_box(row.expect("row"));
                }
            }
        })
    });
    c.bench_function("export turtle", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            export(&store, &Scope::Store, RdfFormat::Turtle, &mut out).expect("export");
            black_box(out)
        })
    });
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
