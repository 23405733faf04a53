//! The HTTP service called as a function, with no socket: every route, status code and limit.

use super::SHIPPED_UNCONFIRMED;
use claimgraph::claims::{ClaimFilter, report};
use claimgraph::query::NAMED_QUERIES;
use claimgraph::server::{Limits, Options, Service};
use claimgraph::store::{Access, ClaimStore, Location, SHIPPED};
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
    let expected: Vec<serde_json::Value> = report(service.store(), &filter, "en")
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
        cors: false,
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
        cors: false,
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
