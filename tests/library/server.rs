//! The HTTP service called as a function, with no socket: every route, status code and limit.

use super::SHIPPED_UNCONFIRMED;
use claimgraph::claims::{ClaimFilter, report};
use claimgraph::query::NAMED_QUERIES;
use claimgraph::server::{Limits, Options, Service, Token};
use claimgraph::store::{Access, ClaimStore, Location, Origin, SHIPPED};
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use std::time::Duration;

fn service_with(options: Options) -> Service {
    Service::new(
        ClaimStore::open(&Location::Memory, Access::Read).expect("a memory store"),
        options,
    )
}

fn service() -> Service {
    service_with(Options::default())
}

struct Sent {
    status: StatusCode,
    content_type: String,
    headers: oxhttp::model::HeaderMap,
    body: String,
}

fn send(service: &Service, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Sent {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request
        .body(Body::from(body.to_owned()))
        .expect("a valid request");
    let response: Response<Body> = service.handle(&mut request);
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().to_string().expect("a UTF-8 body");
    Sent {
        status,
        content_type,
        headers,
        body,
    }
}

fn get(service: &Service, uri: &str) -> Sent {
    send(service, "GET", uri, &[], "")
}

fn get_as(service: &Service, uri: &str, accept: &str) -> Sent {
    send(service, "GET", uri, &[("accept", accept)], "")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn count_of(sent: &Sent) -> u64 {
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let json: serde_json::Value = serde_json::from_str(&sent.body).expect("results JSON");
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .expect("a count")
        .parse()
        .expect("a number")
}

const COUNT_CLAIMS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?c a cg:Claim }";

#[test]
fn the_page_and_its_assets_are_served_and_nothing_else() {
    let service = service();
    let page = get(&service, "/");
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("/assets/app.js"));
    for (asset, media) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/sahel.json", "application/json"),
    ] {
        let sent = get(&service, asset);
        assert_eq!(sent.status, StatusCode::OK, "{asset}");
        assert!(sent.content_type.starts_with(media), "{asset}");
    }
    for escape in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/etc/passwd",
        "/assets/",
        "/assets/app.js/",
    ] {
        let sent = get(&service, escape);
        assert_eq!(sent.status, StatusCode::NOT_FOUND, "{escape}");
        assert!(!sent.body.contains("root:"), "{escape}");
    }
    let sent = send(&service, "DELETE", "/", &[], "");
    assert_eq!(sent.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(sent.headers["allow"], "GET");
}

#[test]
fn sparql_by_get_and_both_posts_agree_and_see_the_union_of_all_graphs() {
    let service = service();
    let by_get = count_of(&get(
        &service,
        &format!("/sparql?query={}", encode(COUNT_CLAIMS)),
    ));
    assert_eq!(by_get, 69, "the shipped knowledge base holds 69 claims");
    let alias = count_of(&get(
        &service,
        &format!("/query?query={}", encode(COUNT_CLAIMS)),
    ));
    let form = count_of(&send(
        &service,
        "POST",
        "/sparql",
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!("query={}", encode(COUNT_CLAIMS)),
    ));
    let direct = count_of(&send(
        &service,
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-query; charset=utf-8")],
        COUNT_CLAIMS,
    ));
    assert_eq!([alias, form, direct], [by_get; 3]);

    let all = count_of(&get(
        &service,
        &format!(
            "/sparql?query={}",
            encode("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        ),
    ));
    assert_eq!(all as usize, service.store().len().unwrap());
}

#[test]
fn a_request_dataset_replaces_the_union() {
    let service = service();
    let claims_graph = SHIPPED
        .iter()
        .find(|file| file.path.contains("claims"))
        .expect("the claims file")
        .graph();
    let actors_graph = SHIPPED
        .iter()
        .find(|file| file.path.contains("actors"))
        .expect("the actors file")
        .graph();
    let uri = |graph: &str| {
        format!(
            "/sparql?query={}&default-graph-uri={}",
            encode(COUNT_CLAIMS),
            encode(graph)
        )
    };
    assert_eq!(count_of(&get(&service, &uri(claims_graph.as_str()))), 69);
    assert_eq!(count_of(&get(&service, &uri(actors_graph.as_str()))), 0);
    let named = format!(
        "/sparql?query={}&named-graph-uri={}",
        encode("SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"),
        encode(actors_graph.as_str())
    );
    assert_eq!(count_of(&get(&service, &named)), 1);
    let bad = get(
        &service,
        &format!("{}&default-graph-uri=not%20an%20iri", uri("x:y")),
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[test]
fn answers_come_in_the_format_asked_for() {
    let service = service();
    let select = format!("/sparql?query={}", encode(COUNT_CLAIMS));
    for (accept, media) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        (
            "text/csv;q=0.2, application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
    ] {
        let sent = get_as(&service, &select, accept);
        assert_eq!(sent.status, StatusCode::OK, "{accept}");
        assert!(
            sent.content_type.starts_with(media),
            "{accept}: {}",
            sent.content_type
        );
        assert!(sent.body.contains("69"), "{accept}: {}", sent.body);
    }
    let csv = get_as(&service, &select, "text/csv");
    assert_eq!(csv.body.replace('\r', ""), "n\n69\n");
    let refused = get_as(&service, &select, "image/png");
    assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
    assert!(refused.body.contains("text/csv"), "{}", refused.body);

    let ask = get_as(
        &service,
        &format!("/sparql?query={}", encode("ASK { ?c a cg:Claim }")),
        "text/csv",
    );
    assert_eq!(ask.body.trim(), "true");

    let construct = format!(
        "/sparql?query={}",
        encode("CONSTRUCT { ?c cg:status ?s } WHERE { ?c cg:status ?s }")
    );
    for format in [
        RdfFormat::Turtle,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::TriG,
        RdfFormat::RdfXml,
        RdfFormat::JsonLd {
            profile: Default::default(),
        },
    ] {
        let sent = get_as(&service, &construct, format.media_type());
        assert_eq!(sent.status, StatusCode::OK, "{format}: {}", sent.body);
        assert!(sent.content_type.starts_with(format.media_type()));
        let triples = RdfParser::from_format(format)
            .for_slice(sent.body.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .expect("the answer parses");
        assert_eq!(triples.len(), 69, "{format}");
    }
    let default = get(&service, &construct);
    assert!(default.content_type.starts_with("text/turtle"));
    assert_eq!(
        get_as(&service, &construct, "text/csv").status,
        StatusCode::NOT_ACCEPTABLE
    );
}

#[test]
fn the_endpoint_describes_itself() {
    let service = service();
    let sent = send(
        &service,
        "GET",
        "/sparql",
        &[("host", "example.org:7878")],
        "",
    );
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.content_type.starts_with("text/turtle"));
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(sent.body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("Turtle");
    let text = sent.body;
    assert!(text.contains("sd:Service"), "{text}");
    assert!(text.contains("<http://example.org:7878/sparql>"), "{text}");
    assert!(text.contains("sd:UnionDefaultGraph"), "{text}");
    assert!(triples.len() > 5);
}

#[test]
fn a_malformed_query_is_a_400_that_says_where() {
    let service = service();
    let sent = get(
        &service,
        &format!(
            "/sparql?query={}",
            encode("SELECT ?x WHERE { ?x cg:status }")
        ),
    );
    assert_eq!(sent.status, StatusCode::BAD_REQUEST);
    assert!(
        sent.body.starts_with("error: invalid SPARQL"),
        "{}",
        sent.body
    );
    assert!(sent.body.contains("caused by:"), "{}", sent.body);
    assert!(sent.body.contains("1:"), "the position: {}", sent.body);
    for (uri, why) in [
        ("/sparql?query=%zz", "percent"),
        ("/sparql?query=%C3%28", "UTF-8"),
        ("/api/claims?search=%", "percent"),
    ] {
        let sent = get(&service, uri);
        assert_eq!(sent.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(sent.body.contains(why), "{uri}: {}", sent.body);
    }
    let twice = get(&service, "/sparql?query=ASK%7B%7D&query=ASK%7B%7D");
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    let no_type = send(&service, "POST", "/sparql", &[], "ASK {}");
    assert_eq!(no_type.status, StatusCode::BAD_REQUEST);
    let wrong_type = send(
        &service,
        "POST",
        "/sparql",
        &[("content-type", "text/plain")],
        "ASK {}",
    );
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let empty_post = send(
        &service,
        "POST",
        "/sparql",
        &[("content-type", "application/x-www-form-urlencoded")],
        "",
    );
    assert_eq!(empty_post.status, StatusCode::BAD_REQUEST);
}

#[test]
fn writes_are_refused_with_a_message_and_change_nothing() {
    let service = service();
    let before = service.store().len().unwrap();
    let update = "INSERT DATA { id:x cg:status cg:confirmed }";
    for sent in [
        send(
            &service,
            "POST",
            "/sparql",
            &[("content-type", "application/sparql-update")],
            update,
        ),
        send(
            &service,
            "POST",
            "/sparql",
            &[("content-type", "application/x-www-form-urlencoded")],
            &format!("update={}", encode(update)),
        ),
        send(
            &service,
            "POST",
            "/update",
            &[("content-type", "application/sparql-update")],
            update,
        ),
        send(
            &service,
            "PUT",
            "/store?graph=http%3A%2F%2Fex.org%2Fg",
            &[("content-type", "text/turtle")],
            "<a:s> <a:p> <a:o> .",
        ),
        send(&service, "DELETE", "/store?default", &[], ""),
    ] {
        assert_eq!(sent.status, StatusCode::FORBIDDEN);
        assert!(sent.body.contains("only reads"), "{}", sent.body);
    }
    assert_eq!(service.store().len().unwrap(), before);
}

const TOKEN: &str = "a-test-token-of-some-length";

/// A service that takes writes with [`TOKEN`], on a store on disk in `dir`.
fn writable(dir: &tempfile::TempDir) -> Service {
    Service::new(
        ClaimStore::open(&super::disk(dir), Access::Write).expect("a store on disk"),
        Options {
            token: Some(Token::new(TOKEN).unwrap()),
            ..Options::default()
        },
    )
}

fn bearer() -> (&'static str, String) {
    ("authorization", format!("Bearer {TOKEN}"))
}

fn send_with_token(
    service: &Service,
    method: &str,
    uri: &str,
    content_type: &str,
    body: &str,
) -> Sent {
    let (name, value) = bearer();
    send(
        service,
        method,
        uri,
        &[(name, &value), ("content-type", content_type)],
        body,
    )
}

fn unconfirmed_total(service: &Service) -> usize {
    let sent = get(service, "/api/claims?unconfirmed&limit=1");
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    sent.headers["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_write_without_the_token_or_with_a_wrong_one_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let service = writable(&dir);
    let before = service.store().len().unwrap();
    let update = "INSERT DATA { id:x rdfs:label \"x\" }";
    for headers in [
        vec![],
        vec![("authorization", "Bearer not-the-token-at-all")],
        vec![("authorization", "Basic dXNlcjpwYXNz")],
        vec![("authorization", "Bearer")],
    ] {
        for (method, uri, content_type, body) in [
            ("POST", "/update", "application/sparql-update", update),
            ("POST", "/sparql", "application/sparql-update", update),
            (
                "PUT",
                "/store?graph=urn:x:g",
                "text/turtle",
                "<a:s> <a:p> <a:o> .",
            ),
            ("DELETE", "/store?graph=urn:x:g", "text/turtle", ""),
        ] {
            let mut all = headers.clone();
            all.push(("content-type", content_type));
            let sent = send(&service, method, uri, &all, body);
            assert_eq!(
                sent.status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri}: {}",
                sent.body
            );
            let challenge = sent.headers["www-authenticate"].to_str().unwrap();
            assert!(
                challenge.starts_with("Bearer realm=\"claimgraph\""),
                "{challenge}"
            );
            assert!(sent.body.contains("token"), "{}", sent.body);
        }
    }
    let form = send(
        &service,
        "POST",
        "/sparql",
        &[
            ("authorization", "Bearer not-the-token-at-all"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        &format!("update={}", encode(update)),
    );
    assert_eq!(form.status, StatusCode::UNAUTHORIZED, "{}", form.body);
    assert!(
        form.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    assert_eq!(service.store().len().unwrap(), before);
    // And the server goes on: reads answer, and the right token writes.
    assert_eq!(get(&service, "/api/claims?limit=1").status, StatusCode::OK);
    let put = send_with_token(
        &service,
        "PUT",
        "/store?graph=urn:x:g",
        "text/turtle",
        "<a:s> <a:p> <a:o> .",
    );
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
}

#[test]
fn graph_store_writes_replace_add_and_drop_a_graph_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let service = writable(&dir);
    let graph = "/store?graph=https%3A%2F%2Fexample.org%2Fteam%2Fnotes";
    let triples = |sent: &Sent| -> usize {
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        RdfParser::from_format(RdfFormat::NTriples)
            .for_reader(sent.body.as_bytes())
            .count()
    };
    let put = send_with_token(
        &service,
        "PUT",
        graph,
        "text/turtle",
        "@prefix ex: <https://example.org/> . ex:a ex:p 1 , 2 . ex:b ex:p \"نص\"@ar .",
    );
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    assert_eq!(
        triples(&get_as(&service, graph, "application/n-triples")),
        3
    );
    let record = service
        .store()
        .record(&oxigraph::model::NamedNode::new("https://example.org/team/notes").unwrap())
        .cloned()
        .expect("the manifest records the graph");
    assert!(
        matches!(record.origin, Origin::Stream { .. }),
        "{:?}",
        record.origin
    );

    // POST adds, PUT replaces; a second PUT is 204, as the graph exists.
    let post = send_with_token(
        &service,
        "POST",
        graph,
        "application/n-triples",
        "<https://example.org/c> <https://example.org/p> \"3\" .\n",
    );
    assert_eq!(post.status, StatusCode::NO_CONTENT, "{}", post.body);
    assert_eq!(
        triples(&get_as(&service, graph, "application/n-triples")),
        4
    );
    let put = send_with_token(
        &service,
        "PUT",
        graph,
        "text/turtle",
        "<https://example.org/d> <https://example.org/p> 4 .",
    );
    assert_eq!(put.status, StatusCode::NO_CONTENT, "{}", put.body);
    assert_eq!(
        triples(&get_as(&service, graph, "application/n-triples")),
        1
    );

    // A malformed body is a 400 that says where, and the graph is as it was.
    let bad = send_with_token(
        &service,
        "PUT",
        graph,
        "text/turtle",
        "<https://example.org/e> <https://example.org/p> .",
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("1:"), "the position: {}", bad.body);
    assert_eq!(
        triples(&get_as(&service, graph, "application/n-triples")),
        1
    );

    let dropped = send_with_token(&service, "DELETE", graph, "text/turtle", "");
    assert_eq!(dropped.status, StatusCode::NO_CONTENT, "{}", dropped.body);
    assert_eq!(get(&service, graph).status, StatusCode::NOT_FOUND);
    assert_eq!(
        send_with_token(&service, "DELETE", graph, "text/turtle", "").status,
        StatusCode::NOT_FOUND
    );

    // The store reopens as the server left it: the manifest and the database agree.
    drop(service);
    let store = ClaimStore::open(&super::disk(&dir), Access::Read).unwrap();
    assert!(
        store
            .records()
            .all(|(g, _)| g.as_str() != "https://example.org/team/notes")
    );
}

#[test]
fn graph_store_writes_leave_others_graphs_and_the_default_graph_alone() {
    let dir = tempfile::tempdir().unwrap();
    let service = writable(&dir);
    let before = service.store().len().unwrap();
    let shipped = encode(SHIPPED[0].graph().as_str());
    for (method, uri, content_type, body, status, says) in [
        (
            "PUT",
            format!("/store?graph={shipped}"),
            "text/turtle",
            "<a:s> <a:p> <a:o> .",
            StatusCode::CONFLICT,
            "belongs to the shipped knowledge base",
        ),
        (
            "POST",
            format!("/store?graph={shipped}"),
            "text/turtle",
            "<a:s> <a:p> <a:o> .",
            StatusCode::CONFLICT,
            "belongs to the shipped knowledge base",
        ),
        (
            "DELETE",
            format!("/store?graph={shipped}"),
            "text/turtle",
            "",
            StatusCode::CONFLICT,
            "belongs to the shipped knowledge base",
        ),
        (
            "PUT",
            "/store?default".to_owned(),
            "text/turtle",
            "<a:s> <a:p> <a:o> .",
            StatusCode::BAD_REQUEST,
            "union of its graphs",
        ),
        (
            "PUT",
            "/store".to_owned(),
            "text/turtle",
            "<a:s> <a:p> <a:o> .",
            StatusCode::BAD_REQUEST,
            "?graph=IRI",
        ),
        (
            "PUT",
            "/store?graph=urn:x:g".to_owned(),
            "application/trig",
            "<a:s> <a:p> <a:o> .",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "dataset",
        ),
        (
            "PUT",
            "/store?graph=urn:x:g".to_owned(),
            "text/csv",
            "<a:s> <a:p> <a:o> .",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "text/csv",
        ),
        (
            "PUT",
            "/store?graph=not%20an%20iri".to_owned(),
            "text/turtle",
            "<a:s> <a:p> <a:o> .",
            StatusCode::BAD_REQUEST,
            "is not an IRI",
        ),
    ] {
        let sent = send_with_token(&service, method, &uri, content_type, body);
        assert_eq!(sent.status, status, "{method} {uri}: {}", sent.body);
        assert!(sent.body.contains(says), "{method} {uri}: {}", sent.body);
    }
    assert_eq!(service.store().len().unwrap(), before);
}

const CAMARA_CONFIRMED: &str = "INSERT DATA {
    id:claim-camara-killed cg:statusChange id:claim-camara-killed-status-http .
    id:claim-camara-killed-status-http a cg:StatusChange ;
        cg:newStatus cg:confirmed ;
        cg:date \"2026-05-02\"^^xsd:date ;
        prov:wasAssociatedWith id:claimgraph-editors ;
        prov:used id:source-noonpost-2026-04-mali .
}";

#[test]
fn an_update_records_a_status_change_and_the_report_follows() {
    let dir = tempfile::tempdir().unwrap();
    let service = writable(&dir);
    assert_eq!(unconfirmed_total(&service), SHIPPED_UNCONFIRMED);
    let sent = send_with_token(
        &service,
        "POST",
        "/update",
        "application/sparql-update",
        CAMARA_CONFIRMED,
    );
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("added 6 quads"), "{}", sent.body);
    assert_eq!(unconfirmed_total(&service), SHIPPED_UNCONFIRMED - 1);
    let status = count_of(&get(
        &service,
        &format!(
            "/sparql?query={}",
            encode(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/claimgraph/graph/edits> { id:claim-camara-killed cg:status cg:confirmed } }"
            )
        ),
    ));
    assert_eq!(
        status, 1,
        "the claim's status follows its newest change, in the edits graph"
    );

    // The same change again adds nothing; deleting it by DELETE … WHERE undoes it, by form.
    let again = send_with_token(
        &service,
        "POST",
        "/update",
        "application/sparql-update",
        CAMARA_CONFIRMED,
    );
    assert!(again.body.contains("added 0 quads"), "{}", again.body);
    let undo = "DELETE { ?claim cg:statusChange ?change . ?change ?p ?o } WHERE { \
                ?claim cg:statusChange ?change . ?change ?p ?o . \
                FILTER(?change = id:claim-camara-killed-status-http) }";
    let sent = send_with_token(
        &service,
        "POST",
        "/sparql",
        "application/x-www-form-urlencoded",
        &format!("update={}", encode(undo)),
    );
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(unconfirmed_total(&service), SHIPPED_UNCONFIRMED);
}

#[test]
fn an_update_that_would_change_others_graphs_or_break_the_shapes_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let service = writable(&dir);
    let before = service.store().len().unwrap();
    for (update, status, says) in [
        // A shipped statement is the shipped file's to change.
        (
            "DELETE DATA { id:claim-camara-killed cg:status cg:reported }",
            StatusCode::CONFLICT,
            "belongs to the shipped knowledge base",
        ),
        (
            "DELETE WHERE { id:claim-camara-killed cg:status ?s }",
            StatusCode::CONFLICT,
            "edits graph",
        ),
        (
            "INSERT DATA { GRAPH <urn:x:elsewhere> { id:a rdfs:label \"a\" } }",
            StatusCode::CONFLICT,
            "edits graph",
        ),
        // Whole graphs are the Graph Store Protocol's.
        (
            "DROP GRAPH <urn:x:g>",
            StatusCode::BAD_REQUEST,
            "Graph Store Protocol",
        ),
        (
            "LOAD <http://example.org/data.ttl>",
            StatusCode::BAD_REQUEST,
            "Graph Store Protocol",
        ),
        (
            "COPY <urn:x:a> TO <urn:x:b>",
            StatusCode::BAD_REQUEST,
            "Graph Store Protocol",
        ),
        // A claim with nothing to say breaks the shapes: refused with the violations.
        (
            "INSERT DATA { id:claim-empty a cg:Claim }",
            StatusCode::BAD_REQUEST,
            "claim-empty",
        ),
        // The first operation is fine, the second not: neither is made.
        (
            "INSERT DATA { id:a rdfs:label \"a\" } ; DELETE DATA { id:claim-camara-killed cg:status cg:reported }",
            StatusCode::CONFLICT,
            "shipped",
        ),
        (
            "INSERT DATA { id:a rdfs:label \"a\" ",
            StatusCode::BAD_REQUEST,
            "1:",
        ),
    ] {
        let sent = send_with_token(
            &service,
            "POST",
            "/update",
            "application/sparql-update",
            update,
        );
        assert_eq!(sent.status, status, "{update}: {}", sent.body);
        assert!(sent.body.contains(says), "{update}: {}", sent.body);
    }
    assert_eq!(service.store().len().unwrap(), before);
    assert_eq!(unconfirmed_total(&service), SHIPPED_UNCONFIRMED);
}

#[test]
fn the_graph_store_gives_one_graph_the_default_graph_or_all() {
    let service = service();
    let actors = SHIPPED
        .iter()
        .find(|file| file.path.contains("actors"))
        .expect("the actors file")
        .graph();
    let sent = get(
        &service,
        &format!("/store?graph={}", encode(actors.as_str())),
    );
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.content_type.starts_with("text/turtle"));
    let in_graph = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(sent.body.as_bytes())
        .count();
    let expected = count_of(&get(
        &service,
        &format!(
            "/sparql?query={}",
            encode(&format!(
                "SELECT (COUNT(*) AS ?n) {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
                actors.as_str()
            ))
        ),
    ));
    assert_eq!(in_graph as u64, expected);
    let all = get_as(&service, "/store", "application/n-quads");
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        all.body.lines().count(),
        service.store().len().unwrap(),
        "every quad of the store"
    );
    assert!(
        get(&service, "/store")
            .content_type
            .starts_with("application/trig")
    );
    assert_eq!(get(&service, "/store?default").status, StatusCode::OK);
    let missing = get(&service, "/store?graph=http%3A%2F%2Fexample.org%2Fnone");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&service, "/store?graph=x%3Ay&default").status,
        StatusCode::BAD_REQUEST
    );
}

#[test]
fn the_claims_api_pages_the_report_with_the_cli_contract() {
    let service = service();
    let first = get(&service, "/api/claims?unconfirmed&limit=50");
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.content_type, "application/json");
    assert_eq!(
        first.headers["x-total-count"].to_str().unwrap(),
        SHIPPED_UNCONFIRMED.to_string()
    );
    let second = get(&service, "/api/claims?unconfirmed=true&limit=50&offset=50");
    let rows = |sent: &Sent| -> Vec<serde_json::Value> {
        serde_json::from_str::<Vec<serde_json::Value>>(&sent.body).expect("a JSON array")
    };
    let mut paged = rows(&first);
    assert_eq!(paged.len(), 50);
    paged.extend(rows(&second));
    assert_eq!(paged.len(), SHIPPED_UNCONFIRMED);

    // The same rows, in the same JSON, as the library's report (which the CLI prints).
    let filter = ClaimFilter {
        unconfirmed: true,
        ..ClaimFilter::default()
    };
    let expected: Vec<serde_json::Value> = report(&service.store(), &filter, "en")
        .unwrap()
        .map(|row| serde_json::to_value(row.unwrap()).unwrap())
        .collect();
    assert_eq!(paged, expected);

    let newest = rows(&get(
        &service,
        "/api/claims?unconfirmed&order=newest&limit=1000",
    ));
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(
        newest
            .iter()
            .map(|r| &r["first_reported"])
            .collect::<Vec<_>>(),
        reversed
            .iter()
            .map(|r| &r["first_reported"])
            .collect::<Vec<_>>()
    );

    let contested = rows(&get(&service, "/api/claims?contested"));
    let iris: Vec<&str> = contested
        .iter()
        .map(|r| r["claim"].as_str().unwrap())
        .collect();
    assert!(
        iris.iter()
            .any(|c| c.ends_with("claim-jnim-bamako-airport-attack")),
        "{iris:?}"
    );

    let airport = rows(&get(&service, "/api/claims?search=AIRPORT"));
    assert!(!airport.is_empty());
    assert!(
        airport
            .iter()
            .all(|r| { r.to_string().to_lowercase().contains("airport") })
    );
    let arabic = rows(&get(&service, "/api/claims?lang=ar&limit=1"));
    assert!(
        arabic[0]["statement"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    );
    let by_status = get(&service, "/api/claims?status=reported&status=claimed");
    assert_eq!(by_status.status, StatusCode::OK);
    let csv = get_as(&service, "/api/claims?unconfirmed&limit=3", "text/csv");
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);

    for (bad, why) in [
        ("/api/claims?unconfirmd", "did you mean unconfirmed"),
        ("/api/claims?status=confirmd", "confirmed"),
        ("/api/claims?limit=5000", "at most 1000"),
        ("/api/claims?offset=-1", "whole number"),
        ("/api/claims?order=sideways", "oldest or newest"),
        ("/api/claims?as-of=26-04-2026", "date"),
        ("/api/claims?contested=maybe", "flag"),
    ] {
        let sent = get(&service, bad);
        assert_eq!(sent.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(sent.body.contains(why), "{bad}: {}", sent.body);
    }
}

#[test]
fn named_queries_are_listed_and_bound_as_parsed_terms() {
    let service = service();
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&get(&service, "/api/queries").body).expect("JSON");
    assert_eq!(list.len(), NAMED_QUERIES.len());
    assert!(
        list.iter()
            .all(|q| q["title"].as_str().is_some_and(|t| !t.is_empty()))
    );
    let by_claimant = list
        .iter()
        .find(|q| q["name"] == "claims-by-claimant")
        .expect("listed");
    let param = by_claimant["params"][0]["name"]
        .as_str()
        .expect("a parameter");

    let jnim = get(
        &service,
        &format!("/api/queries/claims-by-claimant?{param}=id%3Ajnim"),
    );
    assert_eq!(jnim.status, StatusCode::OK, "{}", jnim.body);
    let json: serde_json::Value = serde_json::from_str(&jnim.body).unwrap();
    let found = json["results"]["bindings"].as_array().unwrap().len();
    assert!(found > 0);
    // Text that would change the query if it were pasted in is one literal that matches
    // nothing.
    let injected = get(
        &service,
        &format!(
            "/api/queries/claims-by-claimant?{param}={}",
            encode("id:jnim } UNION { ?claim ?p ?o")
        ),
    );
    assert_eq!(injected.status, StatusCode::OK, "{}", injected.body);
    let json: serde_json::Value = serde_json::from_str(&injected.body).unwrap();
    assert_eq!(json["results"]["bindings"].as_array().unwrap().len(), 0);

    let unknown = get(&service, "/api/queries/claims-by-claimnt");
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.body.contains("claims-by-claimant"),
        "{}",
        unknown.body
    );
    let bad_param = get(&service, "/api/queries/claims-by-claimant?nope=1");
    assert_eq!(bad_param.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&service, "/api/nothing").status, StatusCode::NOT_FOUND);
}

#[test]
fn each_limit_answers_with_its_status_and_the_service_goes_on() {
    let tight = service_with(Options {
        limits: Limits {
            max_rows: 5,
            max_body: 64,
            query_timeout: Duration::from_millis(200),
            ..Limits::default()
        },
        ..Options::default()
    });
    let rows = get(
        &tight,
        &format!("/sparql?query={}", encode("SELECT * { ?s ?p ?o }")),
    );
    assert_eq!(rows.status, StatusCode::BAD_REQUEST);
    assert!(rows.body.contains("more than 5 rows"), "{}", rows.body);
    assert!(rows.body.contains("LIMIT"), "{}", rows.body);
    let triples = get(
        &tight,
        &format!("/sparql?query={}", encode("CONSTRUCT WHERE { ?s ?p ?o }")),
    );
    assert_eq!(triples.status, StatusCode::BAD_REQUEST);
    let five = get(
        &tight,
        &format!("/sparql?query={}", encode("SELECT * { ?s ?p ?o } LIMIT 5")),
    );
    assert_eq!(five.status, StatusCode::OK);

    let big = send(
        &tight,
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-query")],
        &format!("ASK {{ }} # {}", "x".repeat(100)),
    );
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Two closures over every node: hours of work, reading the store all along, so that the
    // cancellation token stops it (the real-socket tests try one that ignores it).
    let forever = "SELECT (COUNT(*) AS ?n) { ?a (!<urn:x>)* ?b . ?c (!<urn:x>)* ?d }";
    let timed_out = get(&tight, &format!("/sparql?query={}", encode(forever)));
    assert_eq!(timed_out.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        timed_out.body.contains("--query-timeout"),
        "{}",
        timed_out.body
    );

    let closed = service_with(Options {
        limits: Limits {
            max_concurrent: 0,
            ..Limits::default()
        },
        ..Options::default()
    });
    let busy = get(&closed, &format!("/sparql?query={}", encode(COUNT_CLAIMS)));
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers["retry-after"], "1");
    // Assets need no query slot.
    assert_eq!(get(&closed, "/").status, StatusCode::OK);

    // After all that, the service still answers.
    assert_eq!(get(&tight, "/api/claims?limit=1").status, StatusCode::OK);
}

#[test]
fn cors_is_off_unless_asked_for() {
    let origin = [("origin", "https://elsewhere.example")];
    let closed = service();
    let sent = send(&closed, "GET", "/api/queries", &origin, "");
    assert!(!sent.headers.contains_key("access-control-allow-origin"));
    assert_eq!(
        send(&closed, "OPTIONS", "/sparql", &origin, "").status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let open = service_with(Options {
        cors: true,
        ..Options::default()
    });
    let sent = send(&open, "GET", "/api/queries", &origin, "");
    assert_eq!(sent.headers["access-control-allow-origin"], "*");
    assert_eq!(
        sent.headers["access-control-expose-headers"],
        "x-total-count"
    );
    let preflight = send(&open, "OPTIONS", "/sparql", &origin, "");
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
}
