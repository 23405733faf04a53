//! Library tests: they drive claimgraph's public API directly (store, load, report, query,
//! terms, formats, validation), as a server or another front end would, with no binary in
//! between. One test binary, beside the CLI's.

mod properties;
mod remote;
mod server;

use claimgraph::claims::{ClaimFilter, ClaimRow, report};
use claimgraph::formats::{ClaimFormat, Named, QueryOutput, Rdf};
use claimgraph::load::{LoadOptions, Progress, load};
use claimgraph::parse::Input;
use claimgraph::query::{Answer, Query, named_query};
use claimgraph::store::{Access, ClaimStore, Location, Notice, OpenOptions, Wait};
use claimgraph::validate::Shapes;
use claimgraph::{Error, ErrorClass, terms};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// How many claims of the shipped knowledge base are unconfirmed.
const SHIPPED_UNCONFIRMED: usize = 65;

const CAMARA: &str = "https://w3id.org/claimgraph/id/claim-camara-killed";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn unconfirmed(store: &ClaimStore) -> Vec<ClaimRow> {
    let filter = ClaimFilter {
        unconfirmed: true,
        ..ClaimFilter::default()
    };
    report(store, &filter, "en")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn disk(dir: &tempfile::TempDir) -> Location {
    Location::Disk(dir.path().join("store"))
}

fn quiet(_: Progress) {}

#[test]
fn a_memory_store_holds_the_shipped_knowledge_base() {
    let store = ClaimStore::open(&Location::Memory, Access::Read).unwrap();
    let rows = unconfirmed(&store);
    assert_eq!(rows.len(), SHIPPED_UNCONFIRMED);
    let camara = rows.iter().find(|r| r.claim == CAMARA).unwrap();
    assert_eq!(camara.status.as_deref(), Some("reported"));
    assert!(
        store.take_notices().is_empty(),
        "memory stores have nothing to say"
    );
}

#[test]
fn a_load_from_a_reader_is_reported_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let claim = std::fs::read_to_string(fixture("valid/extra-claim.ttl")).unwrap();
    let events = Mutex::new(Vec::new());
    {
        let mut store = ClaimStore::open(&disk(&dir), Access::Write).unwrap();
        assert!(matches!(store.take_notices()[..], [Notice::Seeded { .. }]));
        let before = unconfirmed(&store).len();
        let loaded = load(
            &mut store,
            Input::reader("extra", claim.as_bytes()),
            &LoadOptions {
                graph: Some(terms::entity("urn:test:extra").unwrap()),
                ..LoadOptions::default()
            },
            &|event| events.lock().unwrap().push(event),
        )
        .unwrap();
        assert!(
            loaded.bulk,
            "a stream of unknown size goes through the bulk loader"
        );
        assert!(loaded.triples > 10);
        assert_eq!(unconfirmed(&store).len(), before + 1);
    }
    let events = events.into_inner().unwrap();
    assert_eq!(events.first(), Some(&Progress::Started { size: None }));
    assert!(events.contains(&Progress::Committing));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Progress::Read { bytes } if *bytes == claim.len() as u64))
    );
    let reader = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
    assert_eq!(unconfirmed(&reader).len(), SHIPPED_UNCONFIRMED + 1);
    let record = reader
        .record(&terms::entity("urn:test:extra").unwrap())
        .expect("the manifest records the graph");
    assert_eq!(record.size, claim.len() as u64);
}

#[test]
fn loads_into_one_graph_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ClaimStore::open(&disk(&dir), Access::Write).unwrap();
    let graph = terms::entity("urn:test:g").unwrap();
    for (i, date) in [(1, "2030-01-01"), (2, "2030-01-02")] {
        let turtle = format!(
            "@prefix cg: <https://w3id.org/claimgraph/ontology#> .
             <urn:test:claim-{i}> a cg:Claim ; cg:status cg:reported ;
                 cg:firstReported \"{date}\"^^<http://www.w3.org/2001/XMLSchema#date> ."
        );
        let loaded = load(
            &mut store,
            Input::reader("claims", turtle.as_bytes()),
            &LoadOptions {
                graph: Some(graph.clone()),
                ..LoadOptions::default()
            },
            &quiet,
        )
        .unwrap();
        assert_eq!(loaded.merged, i == 2);
    }
    drop(store);
    let store = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
    let newest: Vec<String> = unconfirmed(&store)
        .into_iter()
        .map(|row| row.claim)
        .rev()
        .take(2)
        .collect();
    assert_eq!(newest, ["urn:test:claim-2", "urn:test:claim-1"]);
}

#[test]
fn a_failed_load_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ClaimStore::open(&disk(&dir), Access::Write).unwrap();
    let before = store.len().unwrap();
    let error = load(
        &mut store,
        Input::File(fixture("cli/broken.ttl")),
        &LoadOptions::default(),
        &quiet,
    )
    .unwrap_err();
    assert!(
        matches!(error, Error::Syntax { line, .. } if line > 0),
        "{error:?}"
    );
    assert_eq!(error.class(), ErrorClass::Data);
    assert_eq!(store.len().unwrap(), before);
}

#[test]
fn readers_share_a_store_and_a_writer_has_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    drop(ClaimStore::open(&disk(&dir), Access::Write).unwrap());
    let a = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
    let b = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
    let busy = ClaimStore::open(&disk(&dir), Access::Write).err().unwrap();
    assert!(matches!(busy, Error::Busy { .. }), "{busy:?}");
    assert_eq!(busy.class(), ErrorClass::Conflict);
    // Reads take &self: one store serves threads at once.
    std::thread::scope(|scope| {
        for store in [&a, &b, &a] {
            scope.spawn(move || assert_eq!(unconfirmed(store).len(), SHIPPED_UNCONFIRMED));
        }
    });
    drop((a, b));
    let writer = ClaimStore::open_with(
        &disk(&dir),
        OpenOptions {
            holder: "the library test".into(),
            ..OpenOptions::new(Access::Write)
        },
    )
    .unwrap();
    let waited = ClaimStore::open_with(
        &disk(&dir),
        OpenOptions {
            wait: Wait::up_to(Duration::from_millis(100)),
            ..OpenOptions::new(Access::Read)
        },
    )
    .err()
    .unwrap();
    assert!(
        matches!(&waited, Error::Busy { holder, waited, .. }
            if holder.contains("the library test") && *waited >= Duration::from_millis(100)),
        "{waited:?}"
    );
    drop(writer);
}

#[test]
fn a_damaged_claim_index_is_rebuilt_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("store/claims-index/claims.jsonl");
    {
        let store = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
        assert_eq!(unconfirmed(&store).len(), SHIPPED_UNCONFIRMED);
    }
    for damage in ["{ not json", ""] {
        std::fs::write(&index, damage).unwrap();
        let store = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
        assert_eq!(unconfirmed(&store).len(), SHIPPED_UNCONFIRMED);
        assert!(
            matches!(&store.take_notices()[..], [Notice::IndexRebuilt { .. }]),
            "damage {damage:?}"
        );
    }
    std::fs::remove_file(&index).unwrap();
    let store = ClaimStore::open(&disk(&dir), Access::Read).unwrap();
    assert_eq!(unconfirmed(&store).len(), SHIPPED_UNCONFIRMED);
    assert!(matches!(
        &store.take_notices()[..],
        [Notice::IndexRebuilt { reason, .. }] if reason == "missing"
    ));
    // Damage past the header shows while a report reads: that report fails (it never comes
    // out short), and the next one is whole again.
    let text = std::fs::read_to_string(&index).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    std::fs::write(&index, format!("{header}\n{{ cut\n{rows}")).unwrap();
    let rows: Result<Vec<ClaimRow>, _> = report(&store, &ClaimFilter::default(), "en")
        .unwrap()
        .collect();
    let error = rows.unwrap_err();
    assert!(matches!(error, Error::Index { .. }), "{error:?}");
    assert_eq!(unconfirmed(&store).len(), SHIPPED_UNCONFIRMED);
}

#[test]
fn named_queries_bind_parameters_and_refuse_unknown_ones() {
    let store = ClaimStore::open(&Location::Memory, Access::Read).unwrap();
    let entity = named_query("entity").unwrap();
    let params = [terms::param("entity=id:kidal").unwrap()];
    let Answer::Solutions { rows, .. } = Query::named(entity, None)
        .unwrap()
        .bind(&params)
        .unwrap()
        .execute(&store)
        .unwrap()
    else {
        panic!("entity is a SELECT query");
    };
    let rows: Vec<_> = rows.collect::<Result<_, _>>().unwrap();
    assert!(!rows.is_empty());
    let unknown = Query::named(entity, None)
        .unwrap()
        .bind(&[terms::param("nope=1").unwrap()])
        .err()
        .unwrap();
    assert!(matches!(unknown, Error::UnknownParam { .. }));
    assert_eq!(unknown.class(), ErrorClass::Usage);
}

#[test]
fn a_time_limit_cancels_a_query_without_ending_the_process() {
    let store = ClaimStore::open(&Location::Memory, Access::Read).unwrap();
    // Every pair of connected nodes, walking edges both ways: the evaluator reads the store
    // at each step, where it checks its cancellation token.
    let query = Query::parse(
        "SELECT (COUNT(*) AS ?n) WHERE { ?x (!<urn:none>|^!<urn:none>)* ?y }",
        "test",
        Some(Duration::from_millis(200)),
    )
    .unwrap();
    let error = match query.execute(&store) {
        Err(error) => error,
        Ok(Answer::Solutions { rows, .. }) => rows
            .filter_map(Result::err)
            .next()
            .expect("the query is cancelled"),
        Ok(_) => panic!("a SELECT query"),
    };
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(error.class(), ErrorClass::Timeout);
}

#[test]
fn files_are_validated_as_they_would_join_the_store_without_changing_it() {
    let store = ClaimStore::open(&Location::Memory, Access::Read).unwrap();
    let before = store.len().unwrap();
    let shapes = Shapes::shipped().unwrap();
    assert!(shapes.validate(&store).unwrap().conforms());
    let valid = shapes
        .validate_with(&store, vec![Input::File(fixture("valid/extra-claim.ttl"))])
        .unwrap()
        .violations();
    assert!(valid.is_empty(), "{valid:?}");
    let invalid = shapes
        .validate_with(
            &store,
            vec![Input::File(fixture("invalid/claim-without-source.ttl"))],
        )
        .unwrap()
        .violations();
    assert!(!invalid.is_empty());
    assert_eq!(store.len().unwrap(), before);
}

#[test]
fn every_spelling_of_a_term_means_the_same_thing() {
    let kidal = "https://w3id.org/claimgraph/id/kidal";
    for spelling in [
        "kidal",
        "id:kidal",
        "<https://w3id.org/claimgraph/id/kidal>",
        kidal,
    ] {
        assert_eq!(terms::entity(spelling).unwrap().as_str(), kidal);
    }
    assert_eq!(
        terms::graph("id:kidal").unwrap(),
        terms::entity("kidal").unwrap().into()
    );
    assert!(matches!(
        terms::term("\"x\"@ar").unwrap(),
        Term::Literal(l) if l.language() == Some("ar")
    ));
    let unknown = terms::entity("nope:x").unwrap_err();
    assert_eq!(unknown.class(), ErrorClass::Usage);
}

#[test]
fn formats_by_name_and_media_type() {
    assert_eq!(Rdf::by_name("nt").unwrap().0, RdfFormat::NTriples);
    assert_eq!(Rdf(RdfFormat::TriG).name(), "trig");
    assert_eq!(ClaimFormat::by_name("JSON").unwrap(), ClaimFormat::Json);
    assert_eq!(ClaimFormat::Json.media_type(), "application/json");
    assert!(matches!(
        QueryOutput::by_name("ttl").unwrap(),
        QueryOutput::Rdf(RdfFormat::Turtle)
    ));
    assert_eq!(
        claimgraph::formats::rdf_by_media_type("application/n-quads"),
        Some(RdfFormat::NQuads)
    );
    assert!(ClaimFormat::by_name("yaml").is_err());
}
