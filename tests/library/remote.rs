//! The remote client against a SPARQL endpoint that behaves like the worst engines a team may
//! run: its default graph is not the union, it cuts every answer at fifty rows without
//! saying so, and it asks for HTTP Digest credentials. Built here on an in-memory oxigraph
//! behind oxhttp, it lets the library's "generic" engine path (graphs listed as
//! `default-graph-uri`, every answer counted and paged when short, Digest answered) be held to
//! the local answers. The real engines are exercised by the CLI's tests.

use claimgraph::claims::{ClaimFilter, report};
use claimgraph::export::{Scope, export};
use claimgraph::query::{Answer, Query, named_query};
use claimgraph::remote::{self, Credentials, Endpoint, Engine, Remote};
use claimgraph::store::{Access, ClaimStore, Location};
use claimgraph::{Error, ErrorClass};
use md5::{Digest, Md5};
use oxhttp::model::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;

const USER: &str = "analyst";
const PASSWORD: &str = "correct horse";
const REALM: &str = "test";
const NONCE: &str = "4b1d2c3e";
/// The row limit the endpoint cuts answers at, silently.
const CAP: usize = 50;

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `header` is a correct Digest answer (qop=auth) for `method` on `uri`.
fn digest_ok(header: &str, method: &str, uri: &str) -> bool {
    let Some(fields) = header.strip_prefix("Digest ") else {
        return false;
    };
    let field = |name: &str| {
        fields.split(", ").find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key.trim() == name).then(|| value.trim_matches('"').to_owned())
        })
    };
    let (Some(user), Some(nc), Some(cnonce), Some(response), Some(signed)) = (
        field("username"),
        field("nc"),
        field("cnonce"),
        field("response"),
        field("uri"),
    ) else {
        return false;
    };
    let ha1 = md5_hex(&format!("{user}:{REALM}:{PASSWORD}"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    user == USER
        && signed == uri
        && response == md5_hex(&format!("{ha1}:{NONCE}:{nc}:{cnonce}:auth:{ha2}"))
}

/// How the endpoint reads a page (`… OFFSET n LIMIT m`) of a query that sets no order.
#[derive(Clone, Copy)]
enum Pages {
    /// In the order of the whole answer, as engines do on data that does not change.
    Stable,
    /// In another order than the whole answer's, as an engine may, since SPARQL leaves it
    /// open: a client that reads such pages must not trust them.
    Shuffled,
}

/// The offset and limit of a page of a query that sets no order, and the query without them.
fn unordered_page(query: &str) -> Option<(&str, usize, usize)> {
    if query.contains("ORDER BY") {
        return None;
    }
    let (base, page) = query.rsplit_once(" OFFSET ")?;
    let (offset, limit) = page.split_once(" LIMIT ")?;
    Some((
        base,
        offset.trim().parse().ok()?,
        limit.trim().parse().ok()?,
    ))
}

fn answer(store: &Store, pages: Pages, request: &mut Request<Body>) -> Response<Body> {
    let method = request.method().as_str().to_owned();
    let uri = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let authorized = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|header| digest_ok(header, &method, &uri));
    if !authorized {
        return Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header(
                WWW_AUTHENTICATE,
                format!(r#"Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5"#),
            )
            .body(Body::empty())
            .unwrap();
    }
    let mut body = String::new();
    request.body_mut().read_to_string(&mut body).unwrap();
    let mut query = String::new();
    let mut default_graphs = Vec::new();
    for (name, value) in url::form_urlencoded::parse(body.as_bytes()) {
        match &*name {
            "query" => query = value.into_owned(),
            "default-graph-uri" => {
                default_graphs.push(GraphName::from(NamedNode::new(value).unwrap()))
            }
            _ => {}
        }
    }
    let shuffled = match pages {
        Pages::Shuffled => {
            unordered_page(&query).map(|(base, offset, limit)| (base.to_owned(), offset, limit))
        }
        Pages::Stable => None,
    };
    if let Some((base, _, _)) = &shuffled {
        query = base.clone();
    }
    let mut prepared = match SparqlEvaluator::new().parse_query(&query) {
        Ok(prepared) => prepared,
        Err(e) => {
            return Response::builder()
                .status(StatusCode::BAD_REQUEST)
                .body(Body::from(e.to_string()))
                .unwrap();
        }
    };
    if !default_graphs.is_empty() {
        prepared.dataset_mut().set_default_graph(default_graphs);
    }
    let mut out = Vec::new();
    match prepared.on_store(store).execute().unwrap() {
        QueryResults::Solutions(solutions) => {
            let mut writer = QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .unwrap();
            let mut solutions: Vec<_> = solutions.map(Result::unwrap).collect();
            if let Some((_, offset, limit)) = shuffled {
                solutions.reverse();
                solutions = solutions.into_iter().skip(offset).take(limit).collect();
            }
            for solution in solutions.iter().take(CAP) {
                writer.serialize(solution).unwrap();
            }
            writer.finish().unwrap();
        }
        QueryResults::Boolean(value) => {
            QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_boolean_to_writer(&mut out, value)
                .unwrap();
        }
        QueryResults::Graph(_) => unreachable!("the test sends no CONSTRUCT"),
    }
    Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", QueryResultsFormat::Json.media_type())
        .body(Body::from(out))
        .unwrap()
}

/// The endpoint, holding the shipped knowledge base in named graphs, and its URL.
fn endpoint_with(local: &ClaimStore, pages: Pages) -> String {
    let mut quads = Vec::new();
    export(local, &Scope::Store, RdfFormat::NQuads, &mut quads).unwrap();
    let store = Store::new().unwrap();
    store.load_from_slice(RdfFormat::NQuads, &quads).unwrap();
    let store = Arc::new(store);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _running = oxhttp::Server::new(move |request| answer(&store, pages, request))
        .bind(([127, 0, 0, 1], port))
        .spawn()
        .unwrap();
    // The listener thread lives as long as the test process; the port answers from now on.
    std::mem::forget(_running);
    format!("http://127.0.0.1:{port}/sparql")
}

fn connect(url: &str, password: &str) -> claimgraph::Result<Remote> {
    Remote::connect(Endpoint {
        query: url.to_owned(),
        credentials: Some(Credentials::Password {
            user: USER.into(),
            password: password.into(),
        }),
        ..Endpoint::default()
    })
}

fn rows(answer: Answer) -> Vec<String> {
    let Answer::Solutions { rows, .. } = answer else {
        panic!("solutions expected");
    };
    let mut rows: Vec<String> = rows.map(|r| format!("{:?}", r.unwrap())).collect();
    rows.sort();
    rows
}

/// A graph answer's triples, sorted, with each blank node written as `_:b` (their labels are
/// the engine's own).
fn triples(answer: Answer) -> Vec<String> {
    let Answer::Graph(triples) = answer else {
        panic!("triples expected");
    };
    let mut triples: Vec<String> = triples
        .map(|t| {
            let t = t.unwrap();
            let subject = if t.subject.is_blank_node() {
                "_:b".to_owned()
            } else {
                t.subject.to_string()
            };
            format!("{subject} {} {}", t.predicate, t.object)
        })
        .collect();
    triples.sort();
    triples
}

#[test]
fn a_capped_endpoint_without_a_union_gives_the_local_answers() {
    let local = ClaimStore::open(&Location::Memory, Access::Write).unwrap();
    let url = endpoint_with(&local, Pages::Stable);
    let remote = connect(&url, PASSWORD).unwrap();
    assert_eq!(remote.engine(), Engine::Generic);

    // The report reads about 2,000 facts through answers cut at 50 rows.
    let filter = ClaimFilter {
        unconfirmed: true,
        ..ClaimFilter::default()
    };
    let expected: Vec<_> = report(&local, &filter, "ar")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(remote::claims(&remote, &filter, "ar").unwrap(), expected);

    // A named query over the union of graphs, longer than the cap.
    let query = Query::named(named_query("claims-by-claimant").unwrap(), None).unwrap();
    let local_rows = rows(query.execute(&local).unwrap());
    assert!(local_rows.len() > CAP, "{} rows", local_rows.len());
    let query = Query::named(named_query("claims-by-claimant").unwrap(), None).unwrap();
    assert_eq!(
        rows(remote.query(&query.sendable().unwrap()).unwrap()),
        local_rows
    );

    // Graph answers, which an engine that caps answers may cut without a word: they travel
    // as SELECTs (the endpoint answers no CONSTRUCT), and their triples are the local ones.
    for text in [
        "CONSTRUCT { ?c cg:status ?s ; cg:firstReported ?d . _:n cg:about ?c } \
         WHERE { ?c cg:status ?s ; cg:firstReported ?d }",
        "DESCRIBE id:kidal ?c WHERE { ?c cg:about id:kidal }",
    ] {
        let query = || Query::parse(text, "test", None).unwrap();
        let local_triples = triples(query().execute(&local).unwrap());
        assert!(local_triples.len() > CAP, "{} triples", local_triples.len());
        let remote_triples = triples(remote.query(&query().sendable().unwrap()).unwrap());
        assert_eq!(remote_triples, local_triples, "{text}");
    }

    let stats = remote::stats(&remote).unwrap();
    let local_stats = claimgraph::stats::stats(&local).unwrap();
    assert_eq!(stats.graphs, local_stats.graphs);
    assert_eq!(stats.statuses, local_stats.statuses);
}

#[test]
fn pages_read_in_an_order_that_changes_are_not_trusted() {
    let local = ClaimStore::open(&Location::Memory, Access::Write).unwrap();
    let url = endpoint_with(&local, Pages::Shuffled);
    let remote = connect(&url, PASSWORD).unwrap();
    // Read in the engine's own order, the pages overlap and miss rows: the report reads the
    // answers again in a stable order, and gives the local rows.
    for filter in [
        ClaimFilter {
            unconfirmed: true,
            ..ClaimFilter::default()
        },
        ClaimFilter {
            as_of: Some("2026-04-27".into()),
            ..ClaimFilter::default()
        },
    ] {
        let expected: Vec<_> = report(&local, &filter, "en")
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!expected.is_empty());
        assert_eq!(remote::claims(&remote, &filter, "en").unwrap(), expected);
    }
}

#[test]
fn a_wrong_password_is_refused_by_name_and_never_shown() {
    let local = ClaimStore::open(&Location::Memory, Access::Write).unwrap();
    let url = endpoint_with(&local, Pages::Stable);
    let error = connect(&url, "wrong horse").err().expect("refused");
    assert!(
        matches!(error, Error::Unauthorized { status: 401, .. }),
        "{error:?}"
    );
    assert_eq!(error.class(), ErrorClass::Remote);
    let message = error.to_string();
    assert!(
        message.contains(USER) && !message.contains("wrong horse"),
        "{message}"
    );
}
