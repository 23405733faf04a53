//! The writing routes, taken only from a client that bears the server's token: SPARQL Update
//! (`POST /update`, or `/sparql` with an update) and the Graph Store Protocol's `PUT`, `POST`
//! and `DELETE` on `/store?graph=IRI`.
//!
//! Each write holds the store alone while it runs (queries wait; it waits for the queries
//! under way) and goes through the same library calls as `claimgraph load` and `record`, so
//! a graph sent here is owned like a loaded file: others' graphs are refused (409), and the
//! manifest and the claim index follow.

use super::protocol::{body_bytes, header, media_type, url_params};
use super::{Answer, Refusal, Service, form, read_only, text};
use crate::formats::rdf_by_media_type;
use crate::load::{self, Compaction, LoadOptions};
use crate::parse::Input;
use crate::record;
use oxhttp::model::header::AUTHORIZATION;
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::model::NamedNode;

/// `POST /update`: the update is the body (`application/sparql-update`) or its `update`
/// field (`application/x-www-form-urlencoded`).
pub(super) fn update(service: &Service, request: &mut Request<Body>) -> Answer {
    authorize(service, request, "SPARQL Update")?;
    let text = match media_type(request).as_deref() {
        Some("application/sparql-update") => utf8(body_bytes(service, request)?)?,
        Some("application/x-www-form-urlencoded") => {
            let fields =
                form::parse(&utf8(body_bytes(service, request)?)?).map_err(Refusal::bad_request)?;
            let mut updates = fields.into_iter().filter(|(name, _)| name == "update");
            match (updates.next(), updates.next()) {
                (Some((_, text)), None) => text,
                (Some(_), Some(_)) => {
                    return Err(Refusal::bad_request(
                        "the request gives `update` more than once",
                    ));
                }
                (None, _) => return Err(Refusal::bad_request("the request holds no `update`")),
            }
        }
        other => {
            return Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "an update is POSTed as application/sparql-update or \
                     application/x-www-form-urlencoded, not {}",
                    other.unwrap_or("a body without a Content-Type")
                ),
            ));
        }
    };
    apply_update(service, &text)
}

/// Applies the update `text`, for a request already authorized.
pub(super) fn apply_update(service: &Service, text: &str) -> Answer {
    let timeout = service.options.limits.query_timeout;
    let mut store = service.store_for_writing()?;
    let updated = record::update(&mut store, text, Some(timeout))?;
    Ok(text_response(
        StatusCode::OK,
        format!(
            "the update added {} quads and removed {}\n",
            updated.inserted, updated.removed
        ),
    ))
}

/// `PUT` (replace), `POST` (add to) and `DELETE` (drop) `/store?graph=IRI`.
pub(super) fn graph_store(service: &Service, request: &mut Request<Body>) -> Answer {
    authorize(service, request, "writing through the Graph Store Protocol")?;
    let graph = written_graph(request)?;
    let owner = load::sent_over_http(&graph);
    if request.method() == Method::DELETE {
        let mut store = service.store_for_writing()?;
        return if load::drop_graph(&mut store, &graph, &owner)? {
            Ok(text_response(StatusCode::NO_CONTENT, ""))
        } else {
            Err(Refusal::new(
                StatusCode::NOT_FOUND,
                format!("the store holds no graph {graph}"),
            ))
        };
    }
    let format = match media_type(request) {
        None => {
            return Err(Refusal::bad_request(
                "a graph is sent with a Content-Type: text/turtle, application/n-triples, \
                 application/rdf+xml …",
            ));
        }
        Some(media) => match rdf_by_media_type(&media) {
            Some(format) if !format.supports_datasets() => format,
            Some(_) => {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "{media} holds a dataset, and the Graph Store Protocol sends one \
                         graph: send it as Turtle, N-Triples or RDF/XML"
                    ),
                ));
            }
            None => {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "{media} is not an RDF format claimgraph reads; send text/turtle, \
                         application/n-triples or application/rdf+xml"
                    ),
                ));
            }
        },
    };
    let bytes = body_bytes(service, request)?;
    let replace = request.method() == Method::PUT;
    let mut store = service.store_for_writing()?;
    // A load may replace the graph it is given; over HTTP only a graph of one's own.
    let existed = load::owned_by(&store, &graph, &owner)?;
    let loaded = load::load(
        &mut store,
        Input::reader(owner, bytes.as_slice()),
        &LoadOptions {
            format: Some(format),
            graph: Some(graph),
            replace,
        },
        &|_| {},
    )?;
    load::make_ready(&store, &[loaded], Compaction::Auto, &|_| {})?;
    Ok(if existed {
        text_response(StatusCode::NO_CONTENT, "")
    } else {
        text_response(StatusCode::CREATED, "")
    })
}

/// The graph a Graph Store write names. The default graph cannot be written: this store's
/// default graph is the union of its graphs.
fn written_graph(request: &Request<Body>) -> Result<NamedNode, Refusal> {
    let params = url_params(request)?;
    let mut graphs = params.iter().filter(|(name, _)| name == "graph");
    let default = params.iter().any(|(name, _)| name == "default");
    match (graphs.next(), graphs.next(), default) {
        (Some((_, iri)), None, false) => NamedNode::new(iri.as_str())
            .map_err(|e| Refusal::bad_request(format!("`graph={iri}` is not an IRI: {e}"))),
        (None, _, true) => Err(Refusal::bad_request(
            "the default graph of this store is the union of its graphs, which no write can \
             replace; name a graph of your own with ?graph=IRI",
        )),
        (None, _, false) => Err(Refusal::bad_request(
            "name the graph to write with ?graph=IRI",
        )),
        _ => Err(Refusal::bad_request("name one graph, with one ?graph=IRI")),
    }
}

/// Lets the request through when the server takes writes and the request bears its token.
pub(super) fn authorize(
    service: &Service,
    request: &Request<Body>,
    what: &str,
) -> Result<(), Refusal> {
    let Some(token) = &service.options.token else {
        return Err(read_only(what));
    };
    let presented = header(request, AUTHORIZATION);
    let bearer = presented.as_deref().and_then(|value| {
        let (scheme, credentials) = value.trim().split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| credentials.trim())
    });
    match bearer {
        Some(credentials) if token.admits(credentials) => Ok(()),
        Some(_) => Err(Refusal::unauthorized(
            "Bearer realm=\"claimgraph\", error=\"invalid_token\"",
            format!("{what} needs the server's token, and the request's is not it"),
        )),
        None => Err(Refusal::unauthorized(
            "Bearer realm=\"claimgraph\"",
            format!(
                "{what} needs the server's token: send `Authorization: Bearer TOKEN` with the \
                 token of the file given to claimgraph serve --token-file"
            ),
        )),
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String, Refusal> {
    String::from_utf8(bytes).map_err(|_| Refusal::bad_request("the request body is not UTF-8"))
}

fn text_response(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let message = message.into();
    if message.is_empty() {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        return response;
    }
    text(status, "text/plain; charset=utf-8", message)
}
