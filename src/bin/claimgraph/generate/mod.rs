//! Synthetic knowledge bases in the ontology's own model, for benchmarks and scale tests.
//!
//! The shipped knowledge base is a few hundred triples; claimgraph's reports, loader and
//! exports must be measured (and compared with other tools) on millions. `claimgraph generate
//! --claims N` writes such a knowledge base: a made-up but plausible Sahel with countries,
//! regions, towns and sites at real coordinates, governments, armies, armed groups, media
//! outlets and persons labelled in English, Arabic and French, events over 2019-2026, graded
//! sources, and N claims with a realistic spread of statuses, denials that contradict what they
//! deny, one to three sources each, status histories, English and Arabic statements and Arabic
//! evidence quotes. Every name is invented, so no claim reads as a statement about a real
//! person; no local name collides with the shipped knowledge base, so the two load side by side.
//!
//! The output passes `claimgraph validate` (and pySHACL) with no violations. It is streamed:
//! the world (a few hundred actors and places) is held in memory, while events, sources and
//! claims are computed from their index with a seeded generator of their own ([`rng`]) and
//! written as text at once ([`sink`]), so a million claims take seconds and little memory.
//! The same seed and count give the same bytes.
//!
//! Layout: [`world`] builds actors and places, [`timeline`] events and sources, [`claims`]
//! plans and writes claims, [`text`] holds every word, [`sink`] writes N-Triples or Turtle.

mod claims;
mod rng;
mod sink;
mod text;
mod timeline;
mod world;

use claimgraph::vocab::{self, ID};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use sink::{Iri, Obj, Sink, Syntax};
use std::collections::BTreeSet;
use std::io::Result;
use std::io::Write;
use timeline::{Precision, Role, SourceKind, Timeline};
use world::World;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// How many claims.
    pub claims: u64,
    /// The seed: the same seed and count give the same bytes.
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct GenerateSummary {
    /// Triples written.
    pub triples: u64,
    /// Claims written.
    pub claims: u64,
}

/// Random streams: each kind of entity draws from its own.
const STREAM_WORLD: u64 = 1;
const STREAM_EVENT: u64 = 2;
const STREAM_SOURCE: u64 = 3;
const STREAM_CLAIM: u64 = 4;
const STREAM_POST: u64 = 5;

/// Writes a synthetic knowledge base to `out` in `format` (Turtle or N-Triples; any other
/// format is written as N-Triples, which every RDF tool reads).
pub fn generate(
    options: &GenerateOptions,
    format: RdfFormat,
    out: impl Write,
) -> Result<GenerateSummary> {
    let syntax = if format == RdfFormat::Turtle {
        Syntax::Turtle
    } else {
        Syntax::NTriples
    };
    let reserved = reserved_names();
    let world = world::build(options.seed, options.claims, &reserved);
    let timeline = Timeline::new(options.seed, options.claims, &world);
    let terms = Terms::new();
    let ids = Ids::new(options.claims, &timeline);
    let mut sink = Sink::new(out, syntax);
    sink.comment(&format!(
        "A synthetic claimgraph knowledge base: claimgraph generate --claims {} --seed {}\n\
         Every actor, place, event, source and claim in it is made up.",
        options.claims, options.seed
    ))?;
    sink.prefixes()?;
    let context = Context {
        world: &world,
        timeline,
        terms: &terms,
        ids: &ids,
        seed: options.seed,
    };
    context.write_actors(&mut sink)?;
    context.write_places(&mut sink)?;
    context.write_reference_sources(&mut sink)?;
    context.write_events(&mut sink)?;
    context.write_sources(&mut sink)?;
    let claims = claims::write_claims(&context, &mut sink, options.claims)?;
    let triples = sink.finish()?;
    Ok(GenerateSummary { triples, claims })
}

/// The local names used by the shipped knowledge base, which generated names must avoid.
fn reserved_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in claimgraph::store::SHIPPED {
        for quad in RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(file.content)
            .flatten()
        {
            let subject = match &quad.subject {
                NamedOrBlankNode::NamedNode(node) => Some(node.as_str()),
                NamedOrBlankNode::BlankNode(_) => None,
            };
            let object = match &quad.object {
                Term::NamedNode(node) => Some(node.as_str()),
                _ => None,
            };
            for iri in subject.into_iter().chain(object) {
                if let Some(local) = iri.strip_prefix(ID) {
                    names.insert(local.to_owned());
                }
            }
        }
    }
    names
}

/// Every vocabulary term the generator writes, rendered once.
pub(crate) struct Terms {
    rdf_type: Iri,
    label: Iri,
    comment: Iri,
    actor_classes: [Iri; 10],
    place_classes: [Iri; 4],
    event_classes: [Iri; 9],
    source_classes: [Iri; 3],
    reference_source: Iri,
    claim: Iri,
    status_change_class: Iri,
    selector: Iri,
    geometry: Iri,
    relations: [Iri; 6],
    governs: Iri,
    reliability: Iri,
    reliability_grades: [Iri; 6],
    credibility: Iri,
    credibility_grades: [Iri; 6],
    statement: Iri,
    status: Iri,
    statuses: [Iri; 8],
    stance: Iri,
    affirms: Iri,
    denies: Iri,
    about: Iri,
    quote: Iri,
    first_reported: Iri,
    contradicts: Iri,
    status_change: Iri,
    new_status: Iri,
    date: Iri,
    place: Iri,
    roles: [Iri; 3],
    located_in: Iri,
    has_geometry: Iri,
    as_wkt: Iri,
    wkt_literal: Iri,
    attributed_to: Iri,
    derived_from: Iri,
    associated_with: Iri,
    headline: Iri,
    publisher: Iri,
    date_published: Iri,
    in_language: Iri,
    url: Iri,
    identifier: Iri,
    exact: Iri,
    specific_resource: Iri,
    has_source: Iri,
    has_selector: Iri,
    used: Iri,
    xsd_date: Iri,
    xsd_year_month: Iri,
    xsd_year: Iri,
}

impl Terms {
    fn new() -> Self {
        use vocab::{cg, oa, prov, rdfs, schema};
        let t = Iri::term;
        fn cgs<const N: usize>(names: [&str; N]) -> [Iri; N] {
            names.map(|name| Iri::term("cg", name))
        }
        Self {
            rdf_type: Iri::of(oxigraph::model::vocab::rdf::TYPE),
            label: Iri::of(rdfs::LABEL),
            comment: t("rdfs", "comment"),
            actor_classes: cgs([
                "Person",
                "ArmedGroup",
                "ParamilitaryForce",
                "StateArmedForce",
                "Government",
                "InternationalOrganisation",
                "Alliance",
                "MediaOutlet",
                "AnalystCommunity",
                "Curator",
            ]),
            place_classes: cgs(["Country", "Region", "City", "Site"]),
            event_classes: cgs([
                "Attack",
                "Killing",
                "TerritorialTakeover",
                "Clash",
                "Coup",
                "Withdrawal",
                "AllianceFormation",
                "Founding",
                "Deployment",
            ]),
            source_classes: cgs(["NewsArticle", "SocialMediaPost", "Communique"]),
            reference_source: t("cg", "ReferenceSource"),
            claim: Iri::of(cg::CLAIM),
            status_change_class: t("cg", "StatusChange"),
            selector: t("oa", "TextQuoteSelector"),
            geometry: t("geo", "Geometry"),
            relations: cgs([
                "affiliatedWith",
                "successorOf",
                "memberOf",
                "coalitionOf",
                "supports",
                "leads",
            ]),
            governs: t("cg", "governs"),
            reliability: Iri::of(cg::RELIABILITY),
            reliability_grades: cgs([
                "reliabilityA",
                "reliabilityB",
                "reliabilityC",
                "reliabilityD",
                "reliabilityE",
                "reliabilityF",
            ]),
            credibility: Iri::of(cg::CREDIBILITY),
            credibility_grades: cgs([
                "credibility1",
                "credibility2",
                "credibility3",
                "credibility4",
                "credibility5",
                "credibility6",
            ]),
            statement: Iri::of(cg::STATEMENT),
            status: Iri::of(cg::STATUS),
            statuses: cgs(vocab::STATUSES),
            stance: Iri::of(cg::STANCE),
            affirms: t("cg", "affirms"),
            denies: t("cg", "denies"),
            about: Iri::of(cg::ABOUT),
            quote: Iri::of(cg::QUOTE),
            first_reported: Iri::of(cg::FIRST_REPORTED),
            contradicts: Iri::of(cg::CONTRADICTS),
            status_change: Iri::of(cg::STATUS_CHANGE),
            new_status: Iri::of(cg::NEW_STATUS),
            date: Iri::of(cg::DATE),
            place: t("cg", "place"),
            roles: cgs(["perpetrator", "target", "participant"]),
            located_in: t("cg", "locatedIn"),
            has_geometry: t("geo", "hasGeometry"),
            as_wkt: t("geo", "asWKT"),
            wkt_literal: t("geo", "wktLiteral"),
            attributed_to: Iri::of(prov::WAS_ATTRIBUTED_TO),
            derived_from: Iri::of(prov::WAS_DERIVED_FROM),
            associated_with: t("prov", "wasAssociatedWith"),
            headline: Iri::of(schema::HEADLINE),
            publisher: Iri::of(schema::PUBLISHER),
            date_published: Iri::of(schema::DATE_PUBLISHED),
            in_language: t("schema", "inLanguage"),
            url: t("schema", "url"),
            identifier: t("schema", "identifier"),
            exact: Iri::of(oa::EXACT),
            specific_resource: Iri::of(oa::SPECIFIC_RESOURCE),
            has_source: Iri::of(oa::HAS_SOURCE),
            has_selector: Iri::of(oa::HAS_SELECTOR),
            used: Iri::of(prov::USED),
            xsd_date: t("xsd", "date"),
            xsd_year_month: t("xsd", "gYearMonth"),
            xsd_year: t("xsd", "gYear"),
        }
    }
}

/// Local names of the numbered instances: zero-padded to the width of the largest number, so
/// that they sort in order.
pub(crate) struct Ids {
    claim_width: usize,
    event_width: usize,
    source_width: usize,
}

/// The local name of the editors' gazetteer, the source of every coordinate.
const GAZETTEER: &str = "source-synthetic-gazetteer";

impl Ids {
    fn new(claims: u64, timeline: &Timeline<'_>) -> Self {
        let width = |n: u64| n.to_string().len().max(6);
        Self {
            claim_width: width(claims),
            event_width: width(timeline.events),
            source_width: width(timeline.sources),
        }
    }

    fn claim(&self, out: &mut String, c: u64) {
        use std::fmt::Write as _;
        write!(out, "claim-{:0w$}", c + 1, w = self.claim_width).expect("a String");
    }

    fn event(&self, out: &mut String, e: u64) {
        use std::fmt::Write as _;
        write!(out, "event-{:0w$}", e + 1, w = self.event_width).expect("a String");
    }

    fn source(&self, out: &mut String, s: u64) {
        use std::fmt::Write as _;
        write!(out, "source-{:0w$}", s + 1, w = self.source_width).expect("a String");
    }

    fn review(out: &mut String, q: u32) {
        use std::fmt::Write as _;
        let year = timeline::FIRST_REVIEW_YEAR + (q / 4) as i32;
        write!(out, "source-review-{year}-q{}", q % 4 + 1).expect("a String");
    }
}

/// What every writer needs.
pub(crate) struct Context<'a> {
    world: &'a World,
    timeline: Timeline<'a>,
    terms: &'a Terms,
    ids: &'a Ids,
    seed: u64,
}

impl Context<'_> {
    fn labels<W: Write>(&self, sink: &mut Sink<W>, labels: &world::Labels) {
        let label = &self.terms.label;
        sink.add(label, Obj::Lang(&labels.en, "en"));
        sink.add(label, Obj::Lang(&labels.ar, "ar"));
        sink.add(label, Obj::Lang(&labels.fr, "fr"));
    }

    fn write_actors<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let terms = self.terms;
        sink.comment("\nActors")?;
        for actor in &self.world.actors {
            sink.subject(&actor.slug);
            sink.add(
                &terms.rdf_type,
                Obj::Term(&terms.actor_classes[actor.class as usize]),
            );
            self.labels(sink, &actor.labels);
            if let Some(grade) = actor.reliability {
                sink.add(
                    &terms.reliability,
                    Obj::Term(&terms.reliability_grades[usize::from(grade)]),
                );
            }
            for (relation, other) in &actor.relations {
                sink.add(
                    &terms.relations[*relation as usize],
                    Obj::Id(&self.world.actors[*other].slug),
                );
            }
            if let Some(country) = actor.governs {
                sink.add(&terms.governs, Obj::Id(&self.world.places[country].slug));
            }
            sink.add(&terms.comment, Obj::Lang(&actor.comment, "en"));
            sink.end()?;
        }
        Ok(())
    }

    fn write_places<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let terms = self.terms;
        sink.comment("\nPlaces")?;
        let mut geometry = String::new();
        let mut wkt = String::new();
        for place in &self.world.places {
            geometry.clear();
            geometry.push_str(&place.slug);
            geometry.push_str("-geometry");
            sink.subject(&place.slug);
            sink.add(
                &terms.rdf_type,
                Obj::Term(&terms.place_classes[place.class as usize]),
            );
            self.labels(sink, &place.labels);
            if let Some(parent) = place.parent {
                sink.add(&terms.located_in, Obj::Id(&self.world.places[parent].slug));
            }
            sink.add(&terms.has_geometry, Obj::Id(&geometry));
            sink.end()?;
            wkt.clear();
            wkt.push_str("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(");
            world::write_coordinate(&mut wkt, place.lon);
            wkt.push(' ');
            world::write_coordinate(&mut wkt, place.lat);
            wkt.push(')');
            sink.subject(&geometry);
            sink.add(&terms.rdf_type, Obj::Term(&terms.geometry));
            sink.add(&terms.as_wkt, Obj::Typed(&wkt, &terms.wkt_literal));
            sink.add(&terms.derived_from, Obj::Id(GAZETTEER));
            sink.end()?;
        }
        Ok(())
    }

    /// The editors' gazetteer and their quarterly reviews, on which confirmations and
    /// refutations rest.
    fn write_reference_sources<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let terms = self.terms;
        let curator = &self.world.actors[self.world.curator].slug;
        sink.comment("\nReference sources of the editors")?;
        let mut date = String::new();
        let mut write = |sink: &mut Sink<W>, slug: &str, day: i32, headlines: [String; 3]| {
            date.clear();
            timeline::write_date(&mut date, day);
            sink.subject(slug);
            sink.add(&terms.rdf_type, Obj::Term(&terms.reference_source));
            for (headline, lang) in headlines.iter().zip(["en", "ar", "fr"]) {
                sink.add(&terms.headline, Obj::Lang(headline, lang));
            }
            sink.add(&terms.publisher, Obj::Id(curator));
            sink.add(&terms.date_published, Obj::Typed(&date, &terms.xsd_date));
            sink.add(&terms.in_language, Obj::Plain("en"));
            sink.add(&terms.identifier, Obj::Plain(slug));
            sink.add(&terms.reliability, Obj::Term(&terms.reliability_grades[1]));
            sink.end()
        };
        write(
            sink,
            GAZETTEER,
            timeline::START,
            [
                "Gazetteer of the synthetic knowledge base".to_owned(),
                "معجم الأماكن في قاعدة المعرفة التجريبية".to_owned(),
                "Répertoire géographique de la base de connaissances synthétique".to_owned(),
            ],
        )?;
        let mut slug = String::new();
        for q in 0..timeline::REVIEWS {
            slug.clear();
            Ids::review(&mut slug, q);
            let year = timeline::FIRST_REVIEW_YEAR + (q / 4) as i32;
            let quarter = q % 4 + 1;
            write(
                sink,
                &slug,
                timeline::review_day(q),
                [
                    format!("Editors' review of the public record, {year} Q{quarter}"),
                    format!("مراجعة المحررين للسجل العام، الربع {quarter} من عام {year}"),
                    format!("Revue des archives publiques par les éditeurs, T{quarter} {year}"),
                ],
            )?;
        }
        Ok(())
    }

    fn write_events<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let terms = self.terms;
        let world = self.world;
        sink.comment("\nEvents")?;
        let mut id = String::new();
        let mut date = String::new();
        let mut label = String::new();
        for e in 0..self.timeline.events {
            let event = self.timeline.event(e);
            id.clear();
            self.ids.event(&mut id, e);
            sink.subject(&id);
            sink.add(
                &terms.rdf_type,
                Obj::Term(&terms.event_classes[event.class as usize]),
            );
            let pattern = &text::EVENT_LABELS[event.class as usize];
            let (a, b, p) = (
                &world.actors[event.a].labels,
                &world.actors[event.b].labels,
                &world.places[event.place].labels,
            );
            for (template, lang, values) in [
                (
                    pattern.en,
                    "en",
                    [("a", &a.en_text), ("b", &b.en_text), ("p", &p.en_text)],
                ),
                (pattern.ar, "ar", [("a", &a.ar), ("b", &b.ar), ("p", &p.ar)]),
                (
                    pattern.fr,
                    "fr",
                    [("a", &a.fr_text), ("b", &b.fr_text), ("p", &p.fr_text)],
                ),
            ] {
                label.clear();
                let values = values.map(|(k, v)| (k, v.as_str()));
                text::fill(&mut label, template, &values);
                if lang == "fr" {
                    text::contract_french(&mut label);
                }
                text::capitalize_first(&mut label);
                sink.add(&terms.label, Obj::Lang(&label, lang));
            }
            date.clear();
            timeline::write_date(&mut date, event.day);
            let (value, datatype) = match event.precision {
                Precision::Day => (&date[..], &terms.xsd_date),
                Precision::Month => (&date[..7], &terms.xsd_year_month),
                Precision::Year => (&date[..4], &terms.xsd_year),
            };
            sink.add(&terms.date, Obj::Typed(value, datatype));
            sink.add(&terms.place, Obj::Id(&world.places[event.place].slug));
            for (role, actor) in event.roles.iter().flatten() {
                let predicate = match role {
                    Role::Perpetrator => &terms.roles[0],
                    Role::Target => &terms.roles[1],
                    Role::Participant => &terms.roles[2],
                };
                sink.add(predicate, Obj::Id(&world.actors[*actor].slug));
            }
            sink.end()?;
        }
        Ok(())
    }

    fn write_sources<W: Write>(&self, sink: &mut Sink<W>) -> std::io::Result<()> {
        let terms = self.terms;
        let world = self.world;
        sink.comment("\nSources")?;
        let mut id = String::new();
        let mut date = String::new();
        let mut text = String::new();
        for s in 0..self.timeline.sources {
            let source = self.timeline.source(s);
            let event = self.timeline.event(source.event);
            id.clear();
            self.ids.source(&mut id, s);
            sink.subject(&id);
            sink.add(
                &terms.rdf_type,
                Obj::Term(&terms.source_classes[source.kind as usize]),
            );
            let pattern = &text::EVENT_LABELS[event.class as usize];
            let (a, b, p) = (
                &world.actors[event.a].labels,
                &world.actors[event.b].labels,
                &world.places[event.place].labels,
            );
            let (prefix_ar, prefix_en) = match source.kind {
                SourceKind::NewsArticle => ("", ""),
                SourceKind::SocialMediaPost => ("عاجل | ", "Breaking | "),
                SourceKind::Communique => ("بيان بشأن ", "Statement on "),
            };
            text.clear();
            text.push_str(prefix_ar);
            text::fill(
                &mut text,
                pattern.ar,
                &[("a", &a.ar), ("b", &b.ar), ("p", &p.ar)],
            );
            sink.add(&terms.headline, Obj::Lang(&text, "ar"));
            text.clear();
            text::fill(
                &mut text,
                pattern.en,
                &[("a", &a.en_text), ("b", &b.en_text), ("p", &p.en_text)],
            );
            text::capitalize_first(&mut text);
            text.insert_str(0, prefix_en);
            sink.add(&terms.headline, Obj::Lang(&text, "en"));
            let publisher = &world.actors[source.publisher];
            sink.add(&terms.publisher, Obj::Id(&publisher.slug));
            date.clear();
            timeline::write_date(&mut date, source.day);
            sink.add(&terms.date_published, Obj::Typed(&date, &terms.xsd_date));
            sink.add(&terms.in_language, Obj::Plain("ar"));
            text.clear();
            match source.kind {
                SourceKind::NewsArticle => {
                    text.push_str("https://");
                    text.push_str(&publisher.slug);
                    text.push_str(".example/");
                    text.push_str(&date.replace('-', "/"));
                    text.push('/');
                    text.push_str(&id);
                    sink.add(&terms.url, Obj::Url(&text));
                }
                SourceKind::SocialMediaPost => {
                    use std::fmt::Write as _;
                    let status = rng::Rng::derived(self.seed, STREAM_POST, s).next_u64() >> 4;
                    write!(
                        text,
                        "https://social.example/{}/status/{status}",
                        publisher.slug
                    )
                    .expect("a String");
                    sink.add(&terms.url, Obj::Url(&text));
                }
                SourceKind::Communique => {
                    text.push_str("communique-");
                    text.push_str(&publisher.slug);
                    text.push('-');
                    text.push_str(&date);
                    text.push('-');
                    text.push_str(&id);
                    sink.add(&terms.identifier, Obj::Plain(&text));
                }
            }
            sink.add(
                &terms.reliability,
                Obj::Term(&terms.reliability_grades[usize::from(source.reliability)]),
            );
            sink.end()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimgraph::parse::Input;
    use claimgraph::store::{Access, ClaimStore, Location};
    use claimgraph::validate::Shapes;
    use oxigraph::model::{NamedNode, NamedNodeRef, Quad};
    use std::collections::{BTreeMap, BTreeSet};

    fn generated(claims: u64, seed: u64, format: RdfFormat) -> (Vec<u8>, GenerateSummary) {
        let mut out = Vec::new();
        let summary = generate(&GenerateOptions { claims, seed }, format, &mut out).unwrap();
        (out, summary)
    }

    fn parse(bytes: &[u8], format: RdfFormat) -> Vec<Quad> {
        RdfParser::from_format(format)
            .for_slice(bytes)
            .collect::<std::result::Result<_, _>>()
            .expect("the generated file parses")
    }

    fn cg(local: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{local}", vocab::CG))
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        for format in [RdfFormat::NTriples, RdfFormat::Turtle] {
            let (a, _) = generated(300, 1, format);
            let (b, _) = generated(300, 1, format);
            let (c, _) = generated(300, 2, format);
            assert!(a == b, "the same seed gave different bytes");
            assert!(a != c, "another seed gave the same bytes");
        }
    }

    #[test]
    fn writes_the_claims_asked_for_and_counts_its_triples() {
        for claims in [0, 1, 2, 3, 17, 200] {
            let (nt, summary) = generated(claims, 9, RdfFormat::NTriples);
            let quads = parse(&nt, RdfFormat::NTriples);
            assert_eq!(summary.claims, claims);
            assert_eq!(summary.triples, quads.len() as u64);
            let typed = quads
                .iter()
                .filter(|q| q.object == cg("Claim").into() && q.predicate == rdf_type())
                .count();
            assert_eq!(typed as u64, claims);
        }
    }

    fn rdf_type() -> NamedNode {
        oxigraph::model::vocab::rdf::TYPE.into_owned()
    }

    #[test]
    fn turtle_and_n_triples_hold_the_same_triples() {
        let (nt, a) = generated(150, 4, RdfFormat::NTriples);
        let (ttl, b) = generated(150, 4, RdfFormat::Turtle);
        assert_eq!(a.triples, b.triples);
        let sorted = |quads: Vec<Quad>| {
            let mut v: Vec<String> = quads.iter().map(ToString::to_string).collect();
            v.sort();
            v
        };
        assert_eq!(
            sorted(parse(&nt, RdfFormat::NTriples)),
            sorted(parse(&ttl, RdfFormat::Turtle))
        );
    }

    #[test]
    fn validates_against_the_shipped_shapes_next_to_the_shipped_knowledge_base() {
        let (ttl, _) = generated(200, 1, RdfFormat::Turtle);
        let store = ClaimStore::open(&Location::Memory, Access::Read).unwrap();
        let violations = Shapes::shipped()
            .unwrap()
            .validate_with(&store, vec![Input::reader("generated.ttl", &ttl[..])])
            .unwrap()
            .violations();
        assert!(
            violations.is_empty(),
            "{} violations, the first: {:?}",
            violations.len(),
            violations.first()
        );
    }

    #[test]
    fn claims_have_a_realistic_spread() {
        let claims = 3000;
        let (nt, _) = generated(claims, 1, RdfFormat::NTriples);
        let quads = parse(&nt, RdfFormat::NTriples);
        let objects = |predicate: NamedNodeRef<'_>| {
            let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for q in quads.iter().filter(|q| q.predicate.as_ref() == predicate) {
                map.entry(q.subject.to_string())
                    .or_default()
                    .push(q.object.to_string());
            }
            map
        };
        let statuses = objects(vocab::cg::STATUS);
        let share = |status: &str| {
            let iri = format!("<{}{status}>", vocab::CG);
            statuses.values().filter(|v| v[0] == iri).count() as f64 / claims as f64
        };
        assert!(share("reported") + share("claimed") > 0.5);
        assert!((0.08..0.25).contains(&share("confirmed")));
        for rare in ["refuted", "retracted", "disputed", "alleged", "speculative"] {
            assert!(
                (0.005..0.15).contains(&share(rare)),
                "{rare}: {}",
                share(rare)
            );
        }
        let denials = objects(vocab::cg::STANCE)
            .values()
            .filter(|v| v[0].ends_with("#denies>"))
            .count() as f64
            / claims as f64;
        assert!((0.07..0.13).contains(&denials), "denials: {denials}");
        let contradicts: BTreeSet<(String, String)> = objects(vocab::cg::CONTRADICTS)
            .into_iter()
            .flat_map(|(s, os)| os.into_iter().map(move |o| (s.clone(), o)))
            .collect();
        assert!(
            contradicts
                .iter()
                .all(|(a, b)| contradicts.contains(&(b.clone(), a.clone())))
        );
        let sources = objects(vocab::prov::WAS_DERIVED_FROM);
        let single = statuses
            .keys()
            .filter(|claim| sources[*claim].len() == 1)
            .count() as f64
            / claims as f64;
        assert!((0.3..0.5).contains(&single), "single-source: {single}");
        assert!(statuses.keys().all(|c| (1..=3).contains(&sources[c].len())));
        let histories = objects(vocab::cg::STATUS_CHANGE);
        assert!(histories.values().any(|h| h.len() >= 3));
    }
}
