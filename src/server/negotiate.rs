//! Content negotiation: the `Accept` header against the media types an answer can be written
//! in. Ranges (`text/*`, `*/*`) and quality values are honoured; an `Accept` that names
//! nothing on offer is answered 406 with what is on offer.

use super::Refusal;
use oxhttp::model::StatusCode;

/// The offer `accept` prefers, `offers` being media types with what each stands for; the
/// first offer is the default (no `Accept`, or `*/*`).
pub(crate) fn choose<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Result<T, Refusal> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(offers[0].1);
    };
    let mut ranges: Vec<(f32, usize, &str)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(at, range)| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (quality > 0.0 && !media.is_empty()).then_some((quality, at, media))
        })
        .collect();
    // Highest quality first; among equals, the order the client wrote them.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, range) in ranges {
        let range = range.to_ascii_lowercase();
        let found = if range == "*/*" {
            Some(offers[0].1)
        } else if let Some(kind) = range.strip_suffix("/*") {
            offers
                .iter()
                .find(|(media, _)| media.split('/').next() == Some(kind))
                .map(|(_, value)| *value)
        } else {
            offers
                .iter()
                .find(|(media, _)| *media == range)
                .map(|(_, value)| *value)
        };
        if let Some(found) = found {
            return Ok(found);
        }
    }
    let on_offer: Vec<&str> = offers.iter().map(|(media, _)| *media).collect();
    Err(Refusal::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "nothing in `Accept: {accept}` can be given here; this answer comes as {}",
            on_offer.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERS: &[(&str, u8)] = &[
        ("application/sparql-results+json", 1),
        ("application/sparql-results+xml", 2),
        ("text/csv", 3),
        ("text/tab-separated-values", 4),
    ];

    #[test]
    fn honours_quality_ranges_and_defaults() {
        assert_eq!(choose(None, OFFERS).unwrap(), 1);
        assert_eq!(choose(Some("*/*"), OFFERS).unwrap(), 1);
        assert_eq!(choose(Some("text/csv"), OFFERS).unwrap(), 3);
        assert_eq!(
            choose(
                Some("text/csv;q=0.5, application/sparql-results+xml"),
                OFFERS
            )
            .unwrap(),
            2
        );
        assert_eq!(choose(Some("text/*"), OFFERS).unwrap(), 3);
        assert_eq!(choose(Some("image/png, */*;q=0.1"), OFFERS).unwrap(), 1);
        assert_eq!(choose(Some("TEXT/CSV"), OFFERS).unwrap(), 3);
    }

    #[test]
    fn refuses_what_is_not_on_offer() {
        let refused = choose(Some("image/png"), OFFERS).unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
        assert!(refused.message.contains("text/csv"));
        assert!(choose(Some("text/csv;q=0"), OFFERS).is_err());
    }
}
