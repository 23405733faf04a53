//! The W3C protocols: SPARQL 1.1 Protocol queries (GET, POST form-encoded and POST direct,
//! with `default-graph-uri` / `named-graph-uri`), its service description, and the reading
//! half of the Graph Store Protocol.
//!
//! Queries are the command line's: the default prefixes are declared and the default graph is
//! the union of all graphs unless the request names a dataset. Answers are written whole
//! before the response starts, so that a query cancelled at its time limit or past the row
//! limit is a clean 503 or 400 rather than a truncated 200.

use super::negotiate::choose;
use super::{Answer, Limits, Refusal, Reply, Service, form, text};
use crate::error::{Error, Result};
use crate::export::{Scope, export};
use crate::formats::{Named, QueryOutput, Rdf};
use crate::labels::Labels;
use crate::query::{self, Query};
use crate::render::write_answer;
use crate::store::ClaimStore;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE, HOST};
use oxhttp::model::{Body, Method, Request, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Triple};
use oxigraph::sparql::results::QueryResultsFormat;
use std::io::Read;

/// The results formats of SELECT and ASK, the default first.
const RESULTS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

/// Every RDF format the command line writes, by media type, Turtle first; `dataset_first`
/// puts TriG first, for answers that hold several graphs.
fn rdf_offers(dataset_first: bool) -> Vec<(&'static str, RdfFormat)> {
    let mut offers: Vec<(&'static str, RdfFormat)> = Rdf::CHOICES
        .iter()
        .filter(|choice| !choice.help.is_empty())
        .map(|choice| (choice.value.0.media_type(), choice.value.0))
        .collect();
    if dataset_first {
        offers.sort_by_key(|(_, format)| !format.supports_datasets());
    }
    offers
}

/// `/sparql` and `/query`.
pub(super) fn sparql(service: &Service, request: &mut Request<Body>) -> Answer {
    let mut params = url_params(request)?;
    let mut direct = None;
    if request.method() == Method::POST {
        match media_type(request).as_deref() {
            Some("application/sparql-query") => direct = Some(body(service, request)?),
            Some("application/x-www-form-urlencoded") => {
                params.extend(form::parse(&body(service, request)?).map_err(Refusal::bad_request)?);
            }
            Some("application/sparql-update") => return super::writes::update(service, request),
            Some(other) => {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "a query is POSTed as application/sparql-query or \
                         application/x-www-form-urlencoded, not {other}"
                    ),
                ));
            }
            None => {
                return Err(Refusal::bad_request(
                    "a POST needs a Content-Type: application/sparql-query or \
                     application/x-www-form-urlencoded",
                ));
            }
        }
    }
    if let Some((_, update)) = params.iter().find(|(name, _)| name == "update") {
        if request.method() != Method::POST {
            return Err(Refusal::bad_request(
                "an update is POSTed (SPARQL 1.1 Protocol), never sent with GET",
            ));
        }
        super::writes::authorize(service, request, "SPARQL Update")?;
        return super::writes::apply_update(service, update);
    }
    let mut queries = params.iter().filter(|(name, _)| name == "query");
    let text = match (direct, queries.next(), queries.next()) {
        (_, Some(_), Some(_)) => {
            return Err(Refusal::bad_request(
                "the request gives `query` more than once",
            ));
        }
        (Some(_), Some(_), _) => {
            return Err(Refusal::bad_request(
                "a direct POST carries the query in its body, not also in `query=`",
            ));
        }
        (Some(text), None, _) => text,
        (None, Some((_, text)), _) => text.clone(),
        (None, None, _) if request.method() == Method::POST => {
            return Err(Refusal::bad_request("the request holds no `query`"));
        }
        (None, None, _) => return service_description(request),
    };
    let default_graphs = graph_params(&params, "default-graph-uri")?;
    let named_graphs = graph_params(&params, "named-graph-uri")?;
    let accept = header(request, ACCEPT);
    service.evaluating(move |store, limits| {
        let query = Query::parse(&text, "the request", Some(limits.query_timeout))?
            .with_dataset(&default_graphs, &named_graphs);
        answer(store, limits, query, accept.as_deref())
    })
}

/// Runs `query` and writes its answer in the format `accept` prefers.
pub(super) fn answer(
    store: &ClaimStore,
    limits: &Limits,
    query: Query,
    accept: Option<&str>,
) -> Result<Reply, Refusal> {
    let answer = query.execute(store)?;
    let (output, media_type) = match &answer {
        query::Answer::Solutions { .. } | query::Answer::Boolean(_) => {
            let format = choose(accept, RESULTS)?;
            (QueryOutput::Results(format), format.media_type())
        }
        query::Answer::Graph(_) => {
            let format = choose(accept, &rdf_offers(false))?;
            (QueryOutput::Rdf(format), format.media_type())
        }
    };
    let answer = capped(answer, limits.max_rows);
    let mut body = Vec::new();
    write_answer(&mut body, answer, output, &mut Labels::new(store, "en"))?;
    Ok(Reply::new(media_type, body))
}

/// `answer`, failing with [`Error::ResultTooLarge`] at its `limit + 1`th row or triple
/// instead of growing past it.
fn capped(answer: query::Answer, limit: usize) -> query::Answer {
    let too_large = move |at: usize| at >= limit;
    match answer {
        query::Answer::Solutions { variables, rows } => {
            query::Answer::Solutions {
                variables,
                rows: Box::new(rows.take(limit.saturating_add(1)).enumerate().map(
                    move |(at, row)| match too_large(at) {
                        true => Err(Error::ResultTooLarge { limit }),
                        false => row,
                    },
                )),
            }
        }
        query::Answer::Graph(triples) => query::Answer::Graph(Box::new(
            triples
                .take(limit.saturating_add(1))
                .enumerate()
                .map(move |(at, triple)| match too_large(at) {
                    true => Err(Error::ResultTooLarge { limit }),
                    false => triple,
                }),
        )),
        boolean => boolean,
    }
}

/// A SPARQL 1.1 service description of this endpoint, for clients that discover what it
/// supports.
fn service_description(request: &Request<Body>) -> Answer {
    const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
    const FORMATS: &str = "http://www.w3.org/ns/formats/";
    let format = choose(header(request, ACCEPT).as_deref(), &rdf_offers(false))?;
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let host = header(request, HOST).unwrap_or_else(|| "localhost".into());
    let endpoint = NamedNode::new(format!("http://{host}{}", request.uri().path()))
        .map_err(|_| Refusal::bad_request(format!("`Host: {host}` is not a host name")))?;
    let service = NamedOrBlankNode::from(BlankNode::default());
    let mut triples = vec![
        Triple::new(service.clone(), rdf::TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
    ];
    for result_format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "N-Quads",
        "TriG",
        "RDF_XML",
        "JSON-LD",
    ] {
        triples.push(Triple::new(
            service.clone(),
            sd("resultFormat"),
            NamedNode::new_unchecked(format!("{FORMATS}{result_format}")),
        ));
    }
    let mut serializer = RdfSerializer::from_format(format)
        .with_prefix("sd", SD)
        .and_then(|s| s.with_prefix("formats", FORMATS))
        .expect("valid prefixes")
        .for_writer(Vec::new());
    for triple in &triples {
        serializer.serialize_triple(triple).map_err(Error::from)?;
    }
    let body = serializer.finish().map_err(Error::from)?;
    Ok(text(StatusCode::OK, format.media_type(), body))
}

/// `GET /store?graph=IRI`, `?default`, or the whole store with neither.
pub(super) fn graph_store(service: &Service, request: &Request<Body>) -> Answer {
    let params = url_params(request)?;
    let graph = params.iter().find(|(name, _)| name == "graph");
    let default = params.iter().any(|(name, _)| name == "default");
    let scope = match (graph, default) {
        (Some(_), true) => {
            return Err(Refusal::bad_request(
                "`graph` and `default` name two graphs; give one",
            ));
        }
        (Some((_, iri)), false) => {
            let graph = NamedNode::new(iri.as_str())
                .map_err(|e| Refusal::bad_request(format!("`graph={iri}` is not an IRI: {e}")))?;
            let held = service
                .store()
                .graphs()?
                .contains(&NamedOrBlankNode::from(graph.clone()));
            if !held {
                return Err(Refusal::new(
                    StatusCode::NOT_FOUND,
                    format!("the store holds no graph <{iri}>"),
                ));
            }
            Scope::Graph(GraphName::NamedNode(graph))
        }
        (None, true) => Scope::Graph(GraphName::DefaultGraph),
        (None, false) => Scope::Store,
    };
    let format = choose(
        header(request, ACCEPT).as_deref(),
        &rdf_offers(scope == Scope::Store),
    )?;
    service.evaluating(move |store, _| {
        let mut body = Vec::new();
        export(store, &scope, format, &mut body)?;
        Ok(Reply::new(format.media_type(), body))
    })
}

fn graph_params(params: &[(String, String)], name: &str) -> Result<Vec<NamedNode>, Refusal> {
    params
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, iri)| {
            NamedNode::new(iri.as_str())
                .map_err(|e| Refusal::bad_request(format!("`{name}={iri}` is not an IRI: {e}")))
        })
        .collect()
}

/// The pairs of the URL's query string.
pub(super) fn url_params(request: &Request<Body>) -> Result<Vec<(String, String)>, Refusal> {
    form::parse(request.uri().query().unwrap_or("")).map_err(Refusal::bad_request)
}

pub(super) fn header(
    request: &Request<Body>,
    name: oxhttp::model::header::HeaderName,
) -> Option<String> {
    request
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// The media type of the body, lower case, without parameters.
pub(super) fn media_type(request: &Request<Body>) -> Option<String> {
    header(request, CONTENT_TYPE).map(|value| {
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    })
}

/// The body as text, refused past the size limit or when it is not UTF-8.
fn body(service: &Service, request: &mut Request<Body>) -> Result<String, Refusal> {
    String::from_utf8(body_bytes(service, request)?)
        .map_err(|_| Refusal::bad_request("the request body is not UTF-8"))
}

/// The body, refused past the size limit.
pub(super) fn body_bytes(
    service: &Service,
    request: &mut Request<Body>,
) -> Result<Vec<u8>, Refusal> {
    let limit = service.options.limits.max_body;
    let mut bytes = Vec::new();
    request
        .body_mut()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::bad_request(format!("the request body could not be read: {e}")))?;
    if bytes.len() > limit {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request body is larger than {limit} bytes, the server's limit \
                 (claimgraph serve --max-body)"
            ),
        ));
    }
    Ok(bytes)
}
