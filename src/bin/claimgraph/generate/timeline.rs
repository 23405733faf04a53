//! Events and sources, as pure functions of their index.
//!
//! Events are spread over 2019-2026 in index order, so event `e` is never later than event
//! `e + 1`. Source `s` reports on event `s * events / sources` and is published on or after
//! its day. Nothing here is stored: a claim that cites source 12345 recomputes it, which
//! costs a few random draws and keeps memory flat however many claims are written.

use super::rng::Rng;
use super::world::{ActorClass, World};
use std::fmt::Write as _;
use std::ops::Range;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub const fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number: (year, month 1-12, day 1-31).
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// Appends `YYYY-MM-DD`.
pub fn write_date(out: &mut String, days: i32) {
    let (y, m, d) = civil_from_days(days);
    write!(out, "{y:04}-{m:02}-{d:02}").expect("writing to a String");
}

/// The first day events can fall on.
pub const START: i32 = days_from_civil(2019, 1, 1);
/// The last day events can fall on (sources follow within three weeks, reviews later).
pub const END: i32 = days_from_civil(2026, 3, 31);
/// The first year of the editors' quarterly reviews.
pub const FIRST_REVIEW_YEAR: i32 = 2019;
/// How many quarterly reviews there are (2019-2027).
pub const REVIEWS: u32 = 9 * 4;

/// The quarterly review at least two weeks after `day`: its number and its day.
pub fn review_after(day: i32) -> (u32, i32) {
    let (y, m, _) = civil_from_days(day + 14);
    let q = ((y - FIRST_REVIEW_YEAR) * 4) as u32 + (m - 1) / 3;
    let q = q.min(REVIEWS - 1);
    (q, review_day(q))
}

/// The day of review `q`: the last day of its quarter.
pub fn review_day(q: u32) -> i32 {
    let year = FIRST_REVIEW_YEAR + (q / 4) as i32;
    let next_month = (q % 4) * 3 + 4;
    if next_month > 12 {
        days_from_civil(year + 1, 1, 1) - 1
    } else {
        days_from_civil(year, next_month, 1) - 1
    }
}

/// The classes of events, in the order of [`super::Terms::event_classes`] and
/// [`super::text::EVENT_LABELS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventClass {
    /// `cg:Attack`
    Attack,
    /// `cg:Killing`
    Killing,
    /// `cg:TerritorialTakeover`
    TerritorialTakeover,
    /// `cg:Clash`
    Clash,
    /// `cg:Coup`
    Coup,
    /// `cg:Withdrawal`
    Withdrawal,
    /// `cg:AllianceFormation`
    AllianceFormation,
    /// `cg:Founding`
    Founding,
    /// `cg:Deployment`
    Deployment,
}

const EVENT_CLASSES: [EventClass; 9] = [
    EventClass::Attack,
    EventClass::Killing,
    EventClass::TerritorialTakeover,
    EventClass::Clash,
    EventClass::Coup,
    EventClass::Withdrawal,
    EventClass::AllianceFormation,
    EventClass::Founding,
    EventClass::Deployment,
];
/// How common each class of [`EVENT_CLASSES`] is.
const EVENT_WEIGHTS: [u32; 9] = [33, 12, 10, 22, 2, 5, 3, 5, 8];

/// How precisely an event is dated: the datatype of its `cg:date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `xsd:date`
    Day,
    /// `xsd:gYearMonth`
    Month,
    /// `xsd:gYear`
    Year,
}

/// The role of an actor in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `cg:perpetrator`
    Perpetrator,
    /// `cg:target`
    Target,
    /// `cg:participant`
    Participant,
}

/// An event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its number, from 0.
    pub index: u64,
    /// Its class.
    pub class: EventClass,
    /// The day it happened.
    pub day: i32,
    /// How precisely the sources date it.
    pub precision: Precision,
    /// Where (an index into the world's places).
    pub place: usize,
    /// The country it happened in (an index into the world's countries).
    pub country: usize,
    /// Its first party (the attacker, the force that deploys…).
    pub a: usize,
    /// Its second party (the target, the host government…), never `a`.
    pub b: usize,
    /// The roles it records: perpetrator, target, participant.
    pub roles: [Option<(Role, usize)>; 2],
}

/// The kinds of sources, in the order of [`super::Terms::source_classes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `cg:NewsArticle`
    NewsArticle,
    /// `cg:SocialMediaPost`
    SocialMediaPost,
    /// `cg:Communique`
    Communique,
}

/// A source.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its number, from 0.
    pub index: u64,
    /// The event it reports on.
    pub event: u64,
    /// Its kind.
    pub kind: SourceKind,
    /// Its publication day.
    pub day: i32,
    /// Its publisher (an index into the world's actors).
    pub publisher: usize,
    /// Its Admiralty reliability grade, 0 (A) to 5 (F).
    pub reliability: u8,
}

/// The events and sources of a knowledge base.
#[derive(Debug, Clone, Copy)]
pub struct Timeline<'w> {
    seed: u64,
    world: &'w World,
    /// How many events.
    pub events: u64,
    /// How many sources (not counting the editors' reference sources).
    pub sources: u64,
}

impl<'w> Timeline<'w> {
    /// The timeline of `claims` claims: about ten claims per event and five per source.
    pub fn new(seed: u64, claims: u64, world: &'w World) -> Self {
        Self {
            seed,
            world,
            events: (claims / 10).max(1),
            sources: (claims / 5).max(2),
        }
    }

    fn scale(value: u64, num: u64, den: u64) -> u64 {
        (u128::from(value) * u128::from(num) / u128::from(den)) as u64
    }

    /// The event source `s` reports on.
    pub fn event_of_source(&self, s: u64) -> u64 {
        Self::scale(s, self.events, self.sources)
    }

    /// The sources that report on event `e`.
    pub fn sources_of_event(&self, e: u64) -> Range<u64> {
        let first = |e: u64| {
            ((u128::from(e) * u128::from(self.sources)).div_ceil(u128::from(self.events))) as u64
        };
        first(e)..first(e + 1).min(self.sources)
    }

    /// Event `e`.
    pub fn event(&self, e: u64) -> Event {
        let world = self.world;
        let mut rng = Rng::derived(self.seed, super::STREAM_EVENT, e);
        let span = (END - START + 1) as u64;
        let from = Self::scale(e, span, self.events);
        let to = Self::scale(e + 1, span, self.events).max(from + 1);
        let day = START + (from + rng.below(to - from)) as i32;
        let precision = match rng.below(100) {
            0..70 => Precision::Day,
            70..92 => Precision::Month,
            _ => Precision::Year,
        };
        let mut class = EVENT_CLASSES[rng.weighted(&EVENT_WEIGHTS)];
        if class == EventClass::Killing && world.persons.is_empty() {
            class = EventClass::Attack;
        }
        let c = rng.weighted(&[3, 3, 2, 2, 1, 1]);
        let country = &world.countries[c];
        let group = |rng: &mut Rng| *rng.pick(&country.groups);
        // The state side of a fight: an army or gendarmerie, or a foreign military company.
        let armed = |rng: &mut Rng| {
            if !country.companies.is_empty() && rng.chance(200) {
                *rng.pick(&country.companies)
            } else {
                *rng.pick(&country.forces)
            }
        };
        // Who an armed group attacks: the state side, or now and then a peacekeeping mission.
        let attacked = |rng: &mut Rng| {
            if !country.missions.is_empty() && rng.chance(100) {
                *rng.pick(&country.missions)
            } else {
                armed(rng)
            }
        };
        let pick_place = |rng: &mut Rng, weights: [u32; 3]| {
            let lists = [&country.cities, &country.sites, &country.regions];
            let weights = [
                weights[0],
                if country.sites.is_empty() {
                    0
                } else {
                    weights[1]
                },
                weights[2],
            ];
            let list = lists[rng.weighted(&weights)];
            *rng.pick(list)
        };
        use EventClass::*;
        use Role::*;
        let (a, b, place, roles) = match class {
            Attack => {
                let (a, b) = if rng.chance(850) {
                    (group(&mut rng), attacked(&mut rng))
                } else {
                    (armed(&mut rng), group(&mut rng))
                };
                let first = if rng.chance(800) {
                    Perpetrator
                } else {
                    Participant
                };
                let place = pick_place(&mut rng, [50, 40, 10]);
                (a, b, place, [Some((first, a)), Some((Target, b))])
            }
            Clash => {
                let a = group(&mut rng);
                let mut b = armed(&mut rng);
                if country.groups.len() > 1 && rng.chance(300) {
                    b = group(&mut rng);
                    if b == a {
                        b = armed(&mut rng);
                    }
                }
                let place = pick_place(&mut rng, [50, 15, 35]);
                (
                    a,
                    b,
                    place,
                    [Some((Participant, a)), Some((Participant, b))],
                )
            }
            Killing => {
                let b = if country.persons.is_empty() {
                    *rng.pick(&world.persons)
                } else {
                    *rng.pick(&country.persons)
                };
                let mut a = group(&mut rng);
                if world.actors[b].organisation == Some(a) {
                    a = armed(&mut rng);
                }
                let first = if rng.chance(600) {
                    Perpetrator
                } else {
                    Participant
                };
                let place = pick_place(&mut rng, [100, 0, 0]);
                (a, b, place, [Some((first, a)), Some((Target, b))])
            }
            TerritorialTakeover => {
                let (a, b) = if rng.chance(700) {
                    (group(&mut rng), armed(&mut rng))
                } else {
                    (armed(&mut rng), group(&mut rng))
                };
                let place = pick_place(&mut rng, [70, 30, 0]);
                (a, b, place, [Some((Perpetrator, a)), Some((Target, b))])
            }
            Deployment | Withdrawal => {
                let foreign: Vec<usize> = country
                    .missions
                    .iter()
                    .chain(&country.companies)
                    .copied()
                    .collect();
                let a = if !foreign.is_empty()
                    && rng.chance(if class == Withdrawal { 600 } else { 300 })
                {
                    *rng.pick(&foreign)
                } else {
                    *rng.pick(&country.forces)
                };
                let place = pick_place(&mut rng, [50, 10, 40]);
                (a, country.government, place, [Some((Participant, a)), None])
            }
            AllianceFormation => {
                let (a, b) = if country.groups.len() > 1 && rng.chance(400) {
                    let a = group(&mut rng);
                    let mut b = group(&mut rng);
                    if a == b {
                        b = country
                            .groups
                            .iter()
                            .copied()
                            .find(|g| *g != a)
                            .unwrap_or(b);
                    }
                    (a, b)
                } else {
                    let other =
                        (c + 1 + rng.index(world.countries.len() - 1)) % world.countries.len();
                    (country.government, world.countries[other].government)
                };
                let roles = [Some((Participant, a)), Some((Participant, b))];
                (a, b, country.capital, roles)
            }
            Founding => {
                let a = group(&mut rng);
                let place = pick_place(&mut rng, [60, 0, 40]);
                (a, country.government, place, [Some((Participant, a)), None])
            }
            Coup => {
                let a = country.forces[0];
                let b = country.government;
                (
                    a,
                    b,
                    country.capital,
                    [Some((Perpetrator, a)), Some((Target, b))],
                )
            }
        };
        Event {
            index: e,
            class,
            day,
            precision,
            place,
            country: c,
            a,
            b,
            roles,
        }
    }

    /// Source `s`.
    pub fn source(&self, s: u64) -> Source {
        let world = self.world;
        let mut rng = Rng::derived(self.seed, super::STREAM_SOURCE, s);
        let e = self.event_of_source(s);
        let event = self.event(e);
        let kind = match rng.below(100) {
            0..55 => SourceKind::NewsArticle,
            55..85 => SourceKind::SocialMediaPost,
            _ => SourceKind::Communique,
        };
        let party = |rng: &mut Rng| {
            let actor = if rng.chance(500) { event.a } else { event.b };
            match world.actors[actor].class {
                ActorClass::Person => world.actors[actor]
                    .organisation
                    .unwrap_or(world.countries[event.country].government),
                _ => actor,
            }
        };
        let publisher = match kind {
            SourceKind::NewsArticle => *rng.pick(&world.media),
            SourceKind::SocialMediaPost if rng.chance(650) => *rng.pick(&world.media),
            SourceKind::SocialMediaPost => party(&mut rng),
            SourceKind::Communique if rng.chance(200) => world.countries[event.country].government,
            SourceKind::Communique => party(&mut rng),
        };
        let delay = if rng.chance(650) {
            rng.below(3)
        } else {
            3 + rng.below(19)
        };
        let mut reliability = world.actors[publisher].reliability.unwrap_or(2);
        if rng.chance(150) {
            reliability = if rng.chance(500) {
                reliability.saturating_sub(1)
            } else {
                (reliability + 1).min(4)
            };
        }
        Source {
            index: s,
            event: e,
            kind,
            day: event.day + delay as i32,
            publisher,
            reliability,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for day in [START, END, days_from_civil(2024, 2, 29), -1, 20_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        let mut s = String::new();
        write_date(&mut s, days_from_civil(2024, 2, 29));
        assert_eq!(s, "2024-02-29");
    }

    #[test]
    fn reviews_fall_at_quarter_ends_after_the_day() {
        let (q, day) = review_after(days_from_civil(2024, 3, 10));
        assert_eq!(day, days_from_civil(2024, 3, 31));
        assert_eq!(q, 20);
        let (_, next) = review_after(day);
        assert_eq!(next, days_from_civil(2024, 6, 30));
        assert_eq!(review_day(3), days_from_civil(2019, 12, 31));
    }

    #[test]
    fn sources_partition_events_and_follow_them() {
        let world = super::super::world::build(5, 1000, &BTreeSet::new());
        let timeline = Timeline::new(5, 1000, &world);
        let mut covered = 0;
        let mut previous_day = START;
        for e in 0..timeline.events {
            let range = timeline.sources_of_event(e);
            covered += range.end - range.start;
            let event = timeline.event(e);
            assert!(event.day >= previous_day && event.day <= END);
            assert_ne!(event.a, event.b);
            previous_day = event.day;
            for s in range {
                assert_eq!(timeline.event_of_source(s), e);
                assert!(timeline.source(s).day >= event.day);
            }
        }
        assert_eq!(covered, timeline.sources);
    }
}
