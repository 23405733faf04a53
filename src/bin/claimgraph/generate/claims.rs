//! Claims: what they say, who says it, on which sources, and how their status changed.
//!
//! Claim `c` is about event `c * events / claims` (about ten claims per event) and cites one to
//! three of the sources that report on that event or the next one. About one claim in nine is
//! followed by its denial: a claim with stance `cg:denies` by the party concerned, and the two
//! `cg:contradicts` each other. Statuses follow the patterns of real reporting: most claims stay
//! reported or claimed; some are confirmed (or refuted) at the editors' next quarterly review,
//! often after being disputed by a denial; a few are retracted by their publisher.

use super::rng::Rng;
use super::sink::{Obj, Sink};
use super::text::{self, ClaimPattern, ClaimPatterns, Who};
use super::timeline::{self, Event, EventClass, Precision, Source, SourceKind};
use super::world::ActorClass;
use super::{Context, Ids, STREAM_CLAIM};
use std::io::{self, Write};

/// Claim statuses, in the order of [`super::Terms::statuses`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Confirmed,
    Reported,
    Claimed,
    Alleged,
    Disputed,
    Speculative,
    Refuted,
    Retracted,
}

/// What a claim asserts about its event, in the order of [`ClaimPatterns::denials`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Occurred,
    Figure,
    Responsibility,
    Allegation,
    Speculation,
}

const KINDS: [Kind; 5] = [
    Kind::Occurred,
    Kind::Figure,
    Kind::Responsibility,
    Kind::Allegation,
    Kind::Speculation,
];
const KIND_WEIGHTS: [u32; 5] = [34, 22, 24, 9, 11];

/// The chance, per mille, that a claim that can be denied is followed by its denial. Nine in
/// ten claims can be, so about one claim in ten is a denial.
const DENIAL_PER_MILLE: u32 = 125;

/// What a status change rests on.
#[derive(Debug, Clone, Copy)]
enum Basis {
    /// One of the numbered sources.
    Source(u64),
    /// The editors' quarterly review `q`.
    Review(u32),
}

#[derive(Debug, Clone, Copy)]
struct Change {
    status: Status,
    day: i32,
    agent: usize,
    basis: Basis,
}

#[derive(Debug, Clone, Copy)]
enum About {
    Event(u64),
    Actor(usize),
    Place(usize),
}

/// Everything about one claim, decided before it is written.
#[derive(Debug, Clone)]
struct Plan {
    index: u64,
    event: Event,
    kind: Kind,
    denial: bool,
    pattern: ClaimPattern,
    claimants: Vec<usize>,
    /// Its sources, earliest first.
    sources: Vec<Source>,
    history: Vec<Change>,
    credibility: Option<u8>,
    about: Vec<About>,
    contradicts: Option<u64>,
    number: i64,
}

impl Plan {
    fn first_day(&self) -> i32 {
        self.sources[0].day
    }

    fn status(&self) -> Status {
        self.history.last().expect("a claim has a history").status
    }
}

fn patterns(class: EventClass) -> &'static ClaimPatterns {
    match class {
        EventClass::Attack => &text::ATTACK,
        EventClass::Killing => &text::KILLING,
        EventClass::TerritorialTakeover => &text::TAKEOVER,
        EventClass::Clash => &text::CLASH,
        EventClass::Coup => &text::COUP,
        EventClass::Withdrawal => &text::WITHDRAWAL,
        EventClass::AllianceFormation => &text::ALLIANCE_FORMATION,
        EventClass::Founding => &text::FOUNDING,
        EventClass::Deployment => &text::DEPLOYMENT,
    }
}

/// Writes `count` claims and returns how many were written.
pub(super) fn write_claims<W: Write>(
    context: &Context<'_>,
    sink: &mut Sink<W>,
    count: u64,
) -> io::Result<u64> {
    sink.comment("\nClaims")?;
    let mut writer = ClaimWriter::default();
    let mut c = 0;
    while c < count {
        let mut rng = Rng::derived(context.seed, STREAM_CLAIM, c);
        let mut claim = plan(context, c, count, &mut rng);
        if c + 1 < count && claim.kind != Kind::Speculation && rng.chance(DENIAL_PER_MILLE) {
            let mut denial = plan_denial(context, &claim, c + 1, &mut rng);
            settle(context, &mut claim, Some(&mut denial), &mut rng);
            writer.write(context, sink, &claim)?;
            writer.write(context, sink, &denial)?;
            c += 2;
        } else {
            settle(context, &mut claim, None, &mut rng);
            writer.write(context, sink, &claim)?;
            c += 1;
        }
    }
    Ok(count)
}

/// The sources a claim about event `e` can cite: those on `e`, and those on the next event
/// when it happened within two weeks (follow-up reports often cover several events).
fn candidates(context: &Context<'_>, e: u64) -> Vec<Source> {
    let timeline = &context.timeline;
    let mut range = timeline.sources_of_event(e);
    if e + 1 < timeline.events && timeline.event(e + 1).day - timeline.event(e).day <= 14 {
        range.end = timeline.sources_of_event(e + 1).end;
    }
    range.map(|s| timeline.source(s)).collect()
}

/// Takes `k` of `candidates` at random, earliest first.
fn choose(rng: &mut Rng, mut candidates: Vec<Source>, k: usize) -> Vec<Source> {
    let k = k.clamp(1, candidates.len());
    for i in 0..k {
        let j = i + rng.index(candidates.len() - i);
        candidates.swap(i, j);
    }
    candidates.truncate(k);
    candidates.sort_by_key(|s| (s.day, s.index));
    candidates
}

fn resolve(context: &Context<'_>, who: Who, event: &Event, sources: &[Source]) -> usize {
    let world = context.world;
    let government = world.countries[event.country].government;
    match who {
        Who::Publisher => sources[0].publisher,
        Who::A => event.a,
        Who::B => event.b,
        Who::VictimOrg => world.actors[event.b].organisation.unwrap_or(government),
        Who::Government => government,
        Who::Analysts => world.communities[0],
        Who::Security => world.communities[1],
        Who::Residents => world.communities[2],
    }
}

/// Whether `actor` speaks as a party (its claims are "claimed") rather than as a reporter.
fn is_party(context: &Context<'_>, actor: usize) -> bool {
    !matches!(
        context.world.actors[actor].class,
        ActorClass::MediaOutlet | ActorClass::AnalystCommunity | ActorClass::Curator
    )
}

fn plan(context: &Context<'_>, c: u64, count: u64, rng: &mut Rng) -> Plan {
    let timeline = &context.timeline;
    let e = (u128::from(c) * u128::from(timeline.events) / u128::from(count)) as u64;
    let event = timeline.event(e);
    let kind = KINDS[rng.weighted(&KIND_WEIGHTS)];
    let patterns = patterns(event.class);
    let pattern = match kind {
        Kind::Occurred => patterns.occurred,
        Kind::Figure => patterns.figure,
        Kind::Responsibility => patterns.responsibility,
        Kind::Allegation => patterns.allegation,
        Kind::Speculation => patterns.speculation,
    };
    let k = 1 + rng.weighted(&[36, 37, 27]);
    let sources = choose(rng, candidates(context, e), k);
    let mut claimants = vec![resolve(context, pattern.who, &event, &sources)];
    if pattern.who == Who::Publisher && sources.len() > 1 && rng.chance(200) {
        let second = sources[1].publisher;
        if second != claimants[0] {
            claimants.push(second);
        }
    }
    let base = match kind {
        Kind::Occurred | Kind::Figure if is_party(context, claimants[0]) => Status::Claimed,
        Kind::Occurred | Kind::Figure => Status::Reported,
        Kind::Responsibility => Status::Claimed,
        Kind::Allegation => Status::Alleged,
        Kind::Speculation => Status::Speculative,
    };
    let mut about = vec![About::Event(e)];
    let killing = event.class == EventClass::Killing;
    if rng.chance(350) {
        about.push(About::Actor(event.a));
    }
    if rng.chance(if killing { 500 } else { 200 }) {
        about.push(About::Actor(event.b));
    }
    if rng.chance(150) {
        about.push(About::Place(event.place));
    }
    let number = rng.range(pattern.numbers.0, pattern.numbers.1);
    let first = &sources[0];
    let history = vec![Change {
        status: base,
        day: first.day,
        agent: first.publisher,
        basis: Basis::Source(first.index),
    }];
    Plan {
        index: c,
        event,
        kind,
        denial: false,
        pattern,
        claimants,
        sources,
        history,
        credibility: None,
        about,
        contradicts: None,
        number,
    }
}

fn plan_denial(context: &Context<'_>, target: &Plan, c: u64, rng: &mut Rng) -> Plan {
    let event = target.event.clone();
    let pattern = patterns(event.class).denials[target.kind as usize];
    let after: Vec<Source> = candidates(context, event.index)
        .into_iter()
        .filter(|s| s.day >= target.first_day())
        .collect();
    let k = if rng.chance(650) { 1 } else { 2 };
    let sources = choose(rng, after, k);
    let claimant = resolve(context, pattern.who, &event, &sources);
    let mut about = vec![About::Event(event.index)];
    if rng.chance(300) {
        about.push(About::Actor(claimant));
    }
    let base = if is_party(context, claimant) {
        Status::Claimed
    } else {
        Status::Reported
    };
    let first = &sources[0];
    let history = vec![Change {
        status: base,
        day: first.day,
        agent: first.publisher,
        basis: Basis::Source(first.index),
    }];
    Plan {
        index: c,
        event,
        kind: target.kind,
        denial: true,
        pattern,
        claimants: vec![claimant],
        sources,
        history,
        credibility: None,
        about,
        contradicts: Some(target.index),
        number: target.number,
    }
}

/// Appends a change made by the editors at their first review after the last change.
fn review(plan: &mut Plan, status: Status, curator: usize) {
    let last = plan.history.last().expect("a history").day;
    let (q, day) = timeline::review_after(last);
    plan.history.push(Change {
        status,
        day,
        agent: curator,
        basis: Basis::Review(q),
    });
}

/// Decides how the claim's status (and its denial's) evolved, and grades its credibility.
fn settle(context: &Context<'_>, claim: &mut Plan, denial: Option<&mut Plan>, rng: &mut Rng) {
    let curator = context.world.curator;
    let base = claim.history[0].status;
    // The final outcome, before the denial is taken into account.
    let outcome = match base {
        Status::Reported => rng.weighted(&[20, 3, 4, 5, 68]),
        Status::Claimed => rng.weighted(&[15, 5, 0, 6, 74]),
        Status::Alleged => rng.weighted(&[8, 6, 0, 8, 78]),
        _ => 4,
    };
    let denied = denial.as_ref().map(|d| {
        let first = &d.sources[0];
        let day = first.day.max(claim.first_day() + 1);
        Change {
            status: Status::Disputed,
            day,
            agent: curator,
            basis: Basis::Source(first.index),
        }
    });
    let disputed_first = match (&denied, outcome) {
        (Some(_), 1 | 3) => true,
        (Some(_), 0 | 4) => rng.chance(500),
        (None, 0 | 1) => rng.chance(150),
        (None, 3) => true,
        _ => false,
    };
    if disputed_first {
        match &denied {
            Some(change) => claim.history.push(*change),
            None => review(claim, Status::Disputed, curator),
        }
    }
    match outcome {
        0 => review(claim, Status::Confirmed, curator),
        1 => review(claim, Status::Refuted, curator),
        2 => {
            let first = &claim.sources[0];
            let day = first.day + rng.range(2, 30) as i32;
            claim.history.push(Change {
                status: Status::Retracted,
                day,
                agent: first.publisher,
                basis: Basis::Source(first.index),
            });
        }
        _ => {}
    }
    claim.credibility = credibility(rng, claim.status());
    if let Some(denial) = denial {
        claim.contradicts = Some(denial.index);
        match claim.status() {
            Status::Confirmed if rng.chance(500) => review(denial, Status::Refuted, curator),
            Status::Refuted if rng.chance(700) => review(denial, Status::Confirmed, curator),
            _ => {}
        }
        denial.credibility = credibility(rng, denial.status());
    }
}

/// An Admiralty credibility grade (0 for 1 … 5 for 6) fitting `status`; a few claims are
/// left ungraded.
fn credibility(rng: &mut Rng, status: Status) -> Option<u8> {
    if rng.chance(30) {
        return None;
    }
    let weights = match status {
        Status::Confirmed => [70, 30, 0, 0, 0, 0],
        Status::Reported => [0, 30, 45, 20, 0, 5],
        Status::Claimed => [0, 0, 30, 45, 15, 10],
        Status::Alleged => [0, 0, 20, 50, 30, 0],
        Status::Disputed => [0, 0, 0, 40, 45, 15],
        Status::Speculative => [0, 0, 20, 25, 0, 55],
        Status::Refuted => [0, 0, 0, 0, 80, 20],
        Status::Retracted => [0, 0, 0, 0, 60, 40],
    };
    Some(rng.weighted(&weights) as u8)
}

/// Reusable buffers for writing claims.
#[derive(Default)]
struct ClaimWriter {
    id: String,
    other: String,
    date: String,
    statement_en: String,
    statement_ar: String,
    quote: String,
    number: String,
    phrase_en: String,
    phrase_ar: String,
}

impl ClaimWriter {
    fn date_phrases(&mut self, event: &Event) {
        use std::fmt::Write as _;
        let (y, m, d) = timeline::civil_from_days(event.day);
        let (month_en, month_ar) = (
            text::MONTHS_EN[m as usize - 1],
            text::MONTHS_AR[m as usize - 1],
        );
        self.phrase_en.clear();
        self.phrase_ar.clear();
        let result = match event.precision {
            Precision::Day => write!(self.phrase_en, "on {d} {month_en} {y}")
                .and_then(|()| write!(self.phrase_ar, "في {d} {month_ar} {y}")),
            Precision::Month => write!(self.phrase_en, "in {month_en} {y}")
                .and_then(|()| write!(self.phrase_ar, "في {month_ar} {y}")),
            Precision::Year => {
                write!(self.phrase_en, "in {y}").and_then(|()| write!(self.phrase_ar, "في عام {y}"))
            }
        };
        result.expect("writing to a String");
    }

    fn texts(&mut self, context: &Context<'_>, plan: &Plan) {
        let world = context.world;
        let event = &plan.event;
        self.date_phrases(event);
        self.number.clear();
        self.number.push_str(&plan.number.to_string());
        let (a, b, c, p) = (
            &world.actors[event.a].labels,
            &world.actors[event.b].labels,
            &world.actors[plan.claimants[0]].labels,
            &world.places[event.place].labels,
        );
        self.statement_en.clear();
        text::fill(
            &mut self.statement_en,
            plan.pattern.en,
            &[
                ("a", &a.en_text),
                ("b", &b.en_text),
                ("c", &c.en_text),
                ("p", &p.en_text),
                ("d", &self.phrase_en),
                ("n", &self.number),
            ],
        );
        text::capitalize_first(&mut self.statement_en);
        self.statement_ar.clear();
        text::fill(
            &mut self.statement_ar,
            plan.pattern.ar,
            &[
                ("a", &a.ar),
                ("b", &b.ar),
                ("c", &c.ar),
                ("p", &p.ar),
                ("d", &self.phrase_ar),
                ("n", &self.number),
            ],
        );
        // The evidence: the sentence as the earliest source words it.
        let source = &plan.sources[0];
        let publisher = &world.actors[source.publisher].labels.ar;
        let sentence = self.statement_ar.trim_end_matches('.');
        self.quote.clear();
        match source.kind {
            SourceKind::NewsArticle => {
                self.quote.push_str("وبحسب ");
                self.quote.push_str(publisher);
                self.quote.push_str("، ");
                self.quote.push_str(sentence);
                self.quote.push('.');
            }
            SourceKind::SocialMediaPost => {
                self.quote.push_str("عاجل | ");
                self.quote.push_str(sentence);
                self.quote.push('.');
            }
            SourceKind::Communique => {
                self.quote.push_str("وجاء في بيان صادر عن ");
                self.quote.push_str(publisher);
                self.quote.push_str(": «");
                self.quote.push_str(sentence);
                self.quote.push_str("».");
            }
        }
    }

    fn write<W: Write>(
        &mut self,
        context: &Context<'_>,
        sink: &mut Sink<W>,
        plan: &Plan,
    ) -> io::Result<()> {
        let terms = context.terms;
        let world = context.world;
        let ids = context.ids;
        self.texts(context, plan);
        self.id.clear();
        ids.claim(&mut self.id, plan.index);
        let id_len = self.id.len();

        sink.subject(&self.id);
        sink.add(&terms.rdf_type, Obj::Term(&terms.claim));
        sink.add(&terms.statement, Obj::Lang(&self.statement_en, "en"));
        sink.add(&terms.statement, Obj::Lang(&self.statement_ar, "ar"));
        sink.add(
            &terms.status,
            Obj::Term(&terms.statuses[plan.status() as usize]),
        );
        let stance = if plan.denial {
            &terms.denies
        } else {
            &terms.affirms
        };
        sink.add(&terms.stance, Obj::Term(stance));
        for claimant in &plan.claimants {
            sink.add(&terms.attributed_to, Obj::Id(&world.actors[*claimant].slug));
        }
        for source in &plan.sources {
            self.other.clear();
            ids.source(&mut self.other, source.index);
            sink.add(&terms.derived_from, Obj::Id(&self.other));
        }
        for about in &plan.about {
            self.other.clear();
            let local = match about {
                About::Event(e) => {
                    ids.event(&mut self.other, *e);
                    &self.other
                }
                About::Actor(a) => &world.actors[*a].slug,
                About::Place(p) => &world.places[*p].slug,
            };
            sink.add(&terms.about, Obj::Id(local));
        }
        self.other.clear();
        self.other.push_str(&self.id);
        self.other.push_str("-quote");
        sink.add(&terms.quote, Obj::Id(&self.other));
        self.date.clear();
        timeline::write_date(&mut self.date, plan.first_day());
        sink.add(
            &terms.first_reported,
            Obj::Typed(&self.date, &terms.xsd_date),
        );
        if let Some(grade) = plan.credibility {
            sink.add(
                &terms.credibility,
                Obj::Term(&terms.credibility_grades[usize::from(grade)]),
            );
        }
        if let Some(other) = plan.contradicts {
            self.other.clear();
            ids.claim(&mut self.other, other);
            sink.add(&terms.contradicts, Obj::Id(&self.other));
        }
        for i in 1..=plan.history.len() {
            self.id.truncate(id_len);
            self.id.push_str("-status-");
            self.id.push_str(&i.to_string());
            sink.add(&terms.status_change, Obj::Id(&self.id));
        }
        sink.end()?;

        // The quote: a part of the first source, picked out by a selector.
        self.id.truncate(id_len);
        self.id.push_str("-quote");
        sink.subject(&self.id);
        sink.add(&terms.rdf_type, Obj::Term(&terms.specific_resource));
        self.other.clear();
        ids.source(&mut self.other, plan.sources[0].index);
        sink.add(&terms.has_source, Obj::Id(&self.other));
        self.other.clear();
        self.other.push_str(&self.id);
        self.other.push_str("-selector");
        sink.add(&terms.has_selector, Obj::Id(&self.other));
        sink.end()?;
        sink.subject(&self.other);
        sink.add(&terms.rdf_type, Obj::Term(&terms.selector));
        sink.add(&terms.exact, Obj::Lang(&self.quote, "ar"));
        sink.end()?;

        // The status history.
        for (i, change) in plan.history.iter().enumerate() {
            self.id.truncate(id_len);
            self.id.push_str("-status-");
            self.id.push_str(&(i + 1).to_string());
            sink.subject(&self.id);
            sink.add(&terms.rdf_type, Obj::Term(&terms.status_change_class));
            sink.add(
                &terms.new_status,
                Obj::Term(&terms.statuses[change.status as usize]),
            );
            self.date.clear();
            timeline::write_date(&mut self.date, change.day);
            sink.add(&terms.date, Obj::Typed(&self.date, &terms.xsd_date));
            sink.add(
                &terms.associated_with,
                Obj::Id(&world.actors[change.agent].slug),
            );
            self.other.clear();
            match change.basis {
                Basis::Source(s) => ids.source(&mut self.other, s),
                Basis::Review(q) => Ids::review(&mut self.other, q),
            }
            sink.add(&terms.used, Obj::Id(&self.other));
            sink.end()?;
        }
        Ok(())
    }
}
