//! The claim report and the named queries as JSON: the same filters, parameters and JSON rows
//! as `claimgraph claims` and `claimgraph query NAME --param`, so that a script can move
//! between the command line and the server without translating.

use super::protocol::{answer, header, url_params};
use super::{Answer, Refusal, Reply, Service, text};
use crate::claims::{ClaimFilter, Order, page};
use crate::formats::ClaimFormat;
use crate::query::{NAMED_QUERIES, Query, named_query};
use crate::render::write_claims;
use crate::terms;
use oxhttp::model::header::ACCEPT;
use oxhttp::model::{Body, Request, StatusCode};

/// Rows in a page when the request does not say.
const PAGE: usize = 50;
/// The most rows in a page.
const MAX_PAGE: usize = 1000;

const CLAIMS_PARAMS: &[&str] = &[
    "unconfirmed",
    "contested",
    "single-source",
    "single-origin",
    "status",
    "claimant",
    "about",
    "search",
    "as-of",
    "changed-since",
    "lang",
    "order",
    "offset",
    "limit",
];

/// `GET /api/claims`: a page of the report, its total in `X-Total-Count`.
pub(super) fn claims(service: &Service, request: &Request<Body>) -> Answer {
    let params = url_params(request)?;
    let mut filter = ClaimFilter::default();
    let (mut lang, mut order, mut offset, mut limit) = ("en".to_owned(), Order::default(), 0, PAGE);
    let mut statuses = Vec::new();
    for (name, value) in &params {
        match name.as_str() {
            "unconfirmed" => filter.unconfirmed = flag(name, value)?,
            "contested" => filter.contested = flag(name, value)?,
            "single-source" => filter.single_source = flag(name, value)?,
            "single-origin" => filter.single_origin = flag(name, value)?,
            "status" => statuses.push(terms::known_status(value).map_err(bad_value)?),
            "claimant" => filter.claimant = Some(terms::entity(value).map_err(bad_value)?),
            "about" => filter.about = Some(terms::entity(value).map_err(bad_value)?),
            "search" => filter.search = Some(value.clone()).filter(|s| !s.is_empty()),
            "as-of" => filter.as_of = Some(terms::date(value).map_err(bad_value)?),
            "changed-since" => filter.changed_since = Some(terms::date(value).map_err(bad_value)?),
            "lang" => lang = value.clone(),
            "order" => {
                order = match value.as_str() {
                    "oldest" => Order::OldestFirst,
                    "newest" => Order::NewestFirst,
                    _ => {
                        return Err(Refusal::bad_request(format!(
                            "`order={value}`: the order is oldest or newest"
                        )));
                    }
                }
            }
            "offset" => offset = number(name, value)?,
            "limit" => {
                limit = number(name, value)?;
                if limit > MAX_PAGE {
                    return Err(Refusal::bad_request(format!(
                        "`limit={limit}`: a page holds at most {MAX_PAGE} rows; page with offset"
                    )));
                }
            }
            _ => {
                let closest = terms::closest(name, CLAIMS_PARAMS.iter().copied(), 0.7)
                    .map(|c| format!(" (did you mean {c}?)"))
                    .unwrap_or_default();
                return Err(Refusal::bad_request(format!(
                    "/api/claims takes no parameter `{name}`{closest}; it takes {}",
                    CLAIMS_PARAMS.join(", ")
                )));
            }
        }
    }
    filter.statuses = (!statuses.is_empty()).then_some(statuses);
    let format = super::negotiate::choose(
        header(request, ACCEPT).as_deref(),
        &[
            ("application/json", ClaimFormat::Json),
            ("text/csv", ClaimFormat::Csv),
        ],
    )?;
    service.evaluating(move |store, _| {
        let found = page(store, &filter, &lang, order, offset, limit)?;
        let mut body = Vec::new();
        write_claims(&mut body, format, false, found.rows.into_iter().map(Ok))?;
        Ok(Reply {
            total: Some(found.total),
            ..Reply::new(format.media_type(), body)
        })
    })
}

/// `GET /api/queries`: each named query with what it answers and its parameters.
pub(super) fn queries() -> Answer {
    #[derive(serde::Serialize)]
    struct Entry {
        name: &'static str,
        #[serde(flatten)]
        header: crate::query::Header,
    }
    let entries: Vec<Entry> = NAMED_QUERIES
        .iter()
        .map(|query| Entry {
            name: query.name,
            header: query.header(),
        })
        .collect();
    let body = serde_json::to_vec_pretty(&entries)
        .map_err(|e| crate::Error::Output(std::io::Error::from(e)))?;
    Ok(text(StatusCode::OK, "application/json", body))
}

/// `GET /api/queries/NAME?param=value…`: the named query with its parameters bound as
/// `--param name=value` binds them (parsed terms substituted into the parsed query).
pub(super) fn named_query_answer(service: &Service, request: &Request<Body>, name: &str) -> Answer {
    let named = named_query(name)?;
    let params = url_params(request)?
        .into_iter()
        .map(|(name, value)| terms::param(&format!("{name}={value}")))
        .collect::<crate::Result<Vec<_>>>()?;
    let accept = header(request, ACCEPT);
    service.evaluating(move |store, limits| {
        let query = Query::named(named, Some(limits.query_timeout))?.bind(&params)?;
        answer(store, limits, query, accept.as_deref())
    })
}

/// A parameter's value that names nothing known is the request's mistake (400), though the
/// same error from a route's path (a named query) is a 404.
fn bad_value(error: crate::Error) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        ..Refusal::from(error)
    }
}

fn flag(name: &str, value: &str) -> Result<bool, Refusal> {
    match value {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Refusal::bad_request(format!(
            "`{name}={value}`: {name} is a flag, true or false"
        ))),
    }
}

fn number(name: &str, value: &str) -> Result<usize, Refusal> {
    value
        .parse()
        .map_err(|_| Refusal::bad_request(format!("`{name}={value}`: {name} is a whole number")))
}
