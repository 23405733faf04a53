//! The fixed part of a synthetic knowledge base: its countries, regions, towns and sites with
//! coordinates in the Sahel, and its actors (governments, armies, armed groups, media outlets,
//! persons, unnamed communities) with their relations. A few hundred of each at most: the world
//! is small and held in memory; events, sources and claims are streamed.

use super::rng::Rng;
use super::text::{self, Pattern};
use std::collections::BTreeSet;

/// The class of an actor; the order is that of [`super::Terms::actor_classes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorClass {
    /// `cg:Person`
    Person,
    /// `cg:ArmedGroup`
    ArmedGroup,
    /// `cg:ParamilitaryForce`
    ParamilitaryForce,
    /// `cg:StateArmedForce`
    StateArmedForce,
    /// `cg:Government`
    Government,
    /// `cg:InternationalOrganisation`
    InternationalOrganisation,
    /// `cg:Alliance`
    Alliance,
    /// `cg:MediaOutlet`
    MediaOutlet,
    /// `cg:AnalystCommunity`
    AnalystCommunity,
    /// `cg:Curator`
    Curator,
}

/// A relation between actors; the order is that of [`super::Terms::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `cg:affiliatedWith`
    AffiliatedWith,
    /// `cg:successorOf`
    SuccessorOf,
    /// `cg:memberOf`
    MemberOf,
    /// `cg:coalitionOf`
    CoalitionOf,
    /// `cg:supports`
    Supports,
    /// `cg:leads`
    Leads,
}

/// The class of a place; the order is that of [`super::Terms::place_classes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceClass {
    /// `cg:Country`
    Country,
    /// `cg:Region`
    Region,
    /// `cg:City`
    City,
    /// `cg:Site`
    Site,
}

/// Labels in the three languages every actor, place and event has.
#[derive(Debug, Clone)]
pub struct Labels {
    /// English.
    pub en: String,
    /// Arabic.
    pub ar: String,
    /// French.
    pub fr: String,
    /// English inside a sentence, with its article ("the Armed Forces of X").
    pub en_text: String,
    /// French inside a sentence, with its article ("les Forces armées de X").
    pub fr_text: String,
}

impl Labels {
    /// Labels of a proper name, the same inside a sentence.
    pub fn plain(en: &str, ar: &str, fr: &str) -> Self {
        Self {
            en: en.to_owned(),
            ar: ar.to_owned(),
            fr: fr.to_owned(),
            en_text: en.to_owned(),
            fr_text: fr.to_owned(),
        }
    }
}

/// An actor.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Local name under `id:`.
    pub slug: String,
    /// Its class.
    pub class: ActorClass,
    /// Its labels.
    pub labels: Labels,
    /// Admiralty source-reliability grade, 0 (A) to 5 (F).
    pub reliability: Option<u8>,
    /// Relations to other actors (indexes into [`World::actors`]).
    pub relations: Vec<(Relation, usize)>,
    /// The country it governs (an index into [`World::places`]).
    pub governs: Option<usize>,
    /// For a person, the organisation it belongs to.
    pub organisation: Option<usize>,
    /// An English comment.
    pub comment: String,
}

/// A place.
#[derive(Debug, Clone)]
pub struct Place {
    /// Local name under `id:`.
    pub slug: String,
    /// Its class.
    pub class: PlaceClass,
    /// Its labels.
    pub labels: Labels,
    /// Its direct parent.
    pub parent: Option<usize>,
    /// Longitude in ten-thousandths of a degree.
    pub lon: i32,
    /// Latitude in ten-thousandths of a degree.
    pub lat: i32,
}

/// What belongs to one country, for choosing the parties and places of its events.
#[derive(Debug, Clone, Default)]
pub struct Country {
    /// The country itself.
    pub place: usize,
    /// Its capital city.
    pub capital: usize,
    /// Its government.
    pub government: usize,
    /// Its state forces (army, gendarmerie, and the joint force where it is a member).
    pub forces: Vec<usize>,
    /// Armed groups active in it.
    pub groups: Vec<usize>,
    /// Peacekeeping missions deployed in it.
    pub missions: Vec<usize>,
    /// Foreign private military companies deployed in it.
    pub companies: Vec<usize>,
    /// Persons of its government, forces and groups.
    pub persons: Vec<usize>,
    /// Its towns, capital included.
    pub cities: Vec<usize>,
    /// Its sites.
    pub sites: Vec<usize>,
    /// Its regions.
    pub regions: Vec<usize>,
}

/// The world: every actor and place, and indexes by role.
#[derive(Debug, Clone)]
pub struct World {
    /// Every actor.
    pub actors: Vec<Actor>,
    /// Every place.
    pub places: Vec<Place>,
    /// The countries.
    pub countries: Vec<Country>,
    /// Media outlets.
    pub media: Vec<usize>,
    /// The unnamed communities, in the order of [`text::COMMUNITIES`].
    pub communities: Vec<usize>,
    /// The editors of the synthetic knowledge base.
    pub curator: usize,
    /// Every person.
    pub persons: Vec<usize>,
}

/// How many countries the world has.
const COUNTRIES: usize = 6;

/// Gives out unique local names, avoiding the reserved ones (those of the shipped knowledge
/// base, so that a generated file can be validated and loaded next to it).
struct Namer<'a> {
    used: BTreeSet<String>,
    reserved: &'a BTreeSet<String>,
}

impl Namer<'_> {
    fn is_free(&self, slug: &str) -> bool {
        !self.used.contains(slug) && !self.reserved.contains(slug)
    }

    /// `slug` itself if free, else `slug-2`, `slug-3`…
    fn claim(&mut self, slug: String) -> String {
        let mut candidate = slug.clone();
        let mut n = 2;
        while !self.is_free(&candidate) {
            candidate = format!("{slug}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }

    /// A made-up name (Latin and Arabic) whose `pattern` slug is still free, claimed.
    fn fresh(&mut self, rng: &mut Rng, pattern: &str) -> (Name, String) {
        let mut name = Name::random(rng);
        for _ in 0..20 {
            if self.is_free(&slug_of(pattern, &name.slug)) {
                break;
            }
            name = Name::random(rng);
        }
        let slug = self.claim(slug_of(pattern, &name.slug));
        (name, slug)
    }
}

/// A made-up proper name.
#[derive(Debug, Clone)]
struct Name {
    latin: String,
    arabic: String,
    slug: String,
}

impl Name {
    fn random(rng: &mut Rng) -> Self {
        let syllables = if rng.chance(550) { 2 } else { 3 };
        let mut slug = String::new();
        let mut arabic = String::new();
        for _ in 0..syllables {
            let (mut latin, mut ar) = *rng.pick(text::SYLLABLES);
            // No stuttering names (Kaka, Baba).
            while slug.ends_with(latin) {
                (latin, ar) = *rng.pick(text::SYLLABLES);
            }
            slug.push_str(latin);
            arabic.push_str(ar);
        }
        let mut latin = slug.clone();
        latin[..1].make_ascii_uppercase();
        Self {
            latin,
            arabic,
            slug,
        }
    }

    fn labels(&self, pattern: &Pattern) -> Labels {
        let values = [("n", self.latin.as_str()), ("a", self.arabic.as_str())];
        let or =
            |text: &'static str, label: &'static str| if text.is_empty() { label } else { text };
        Labels {
            en: text::filled(pattern.en, &values),
            ar: text::filled(pattern.ar, &values),
            fr: text::filled(pattern.fr, &values),
            en_text: text::filled(or(pattern.en_text, pattern.en), &values),
            fr_text: text::filled(or(pattern.fr_text, pattern.fr), &values),
        }
    }
}

fn slug_of(pattern: &str, slug: &str) -> String {
    text::filled(pattern, &[("s", slug)])
}

/// The size of the world for `claims` claims: (places, actors).
pub fn sizes(claims: u64) -> (usize, usize) {
    let places = (claims / 20).clamp(40, 400) as usize;
    let actors = (claims / 10).clamp(60, 400) as usize;
    (places, actors)
}

const DEGREE: i32 = 10_000;

fn clamp_point(lon: i32, lat: i32) -> (i32, i32) {
    (
        lon.clamp(-17 * DEGREE - DEGREE / 2, 24 * DEGREE),
        lat.clamp(10 * DEGREE + DEGREE / 2, 21 * DEGREE + DEGREE / 2),
    )
}

fn near(rng: &mut Rng, (lon, lat): (i32, i32), dlon: i32, dlat: i32) -> (i32, i32) {
    clamp_point(
        lon + rng.range(-i64::from(dlon), i64::from(dlon)) as i32,
        lat + rng.range(-i64::from(dlat), i64::from(dlat)) as i32,
    )
}

/// Builds the world of a knowledge base of `claims` claims.
pub fn build(seed: u64, claims: u64, reserved: &BTreeSet<String>) -> World {
    let mut rng = Rng::derived(seed, super::STREAM_WORLD, 0);
    let mut namer = Namer {
        used: BTreeSet::new(),
        reserved,
    };
    let (place_target, actor_target) = sizes(claims);
    let mut world = World {
        actors: Vec::new(),
        places: Vec::new(),
        countries: Vec::new(),
        media: Vec::new(),
        communities: Vec::new(),
        curator: 0,
        persons: Vec::new(),
    };
    let mut country_names = Vec::new();
    build_places(
        &mut rng,
        &mut namer,
        &mut world,
        place_target,
        &mut country_names,
    );
    build_actors(
        &mut rng,
        &mut namer,
        &mut world,
        actor_target,
        &country_names,
    );
    world
}

fn build_places(
    rng: &mut Rng,
    namer: &mut Namer<'_>,
    world: &mut World,
    target: usize,
    country_names: &mut Vec<Name>,
) {
    let plain = Pattern {
        en: "{n}",
        ar: "{a}",
        fr: "{n}",
        slug: "{s}",
        en_text: "",
        fr_text: "",
    };
    let add = |world: &mut World, slug, class, labels, parent, (lon, lat)| {
        world.places.push(Place {
            slug,
            class,
            labels,
            parent,
            lon,
            lat,
        });
        world.places.len() - 1
    };
    // Countries from west to east along the Sahel, each with its capital in the south and
    // its broadly named north.
    for i in 0..COUNTRIES {
        let (name, slug) = namer.fresh(rng, plain.slug);
        let centre = clamp_point(
            -13 * DEGREE + (i as i32) * 13 * DEGREE / 2 + rng.range(-5_000, 5_000) as i32,
            15 * DEGREE + rng.range(-10_000, 20_000) as i32,
        );
        let place = add(
            world,
            slug,
            PlaceClass::Country,
            name.labels(&plain),
            None,
            centre,
        );
        let (capital_name, capital_slug) = namer.fresh(rng, plain.slug);
        let capital = add(
            world,
            capital_slug,
            PlaceClass::City,
            capital_name.labels(&plain),
            Some(place),
            near(rng, (centre.0, centre.1 - 2 * DEGREE), DEGREE, DEGREE / 2),
        );
        let north_slug = namer.claim(slug_of(text::NORTH.slug, &name.slug));
        let north = add(
            world,
            north_slug,
            PlaceClass::Region,
            name.labels(&text::NORTH),
            Some(place),
            near(rng, (centre.0, centre.1 + 2 * DEGREE), DEGREE, DEGREE / 2),
        );
        world.countries.push(Country {
            place,
            capital,
            cities: vec![capital],
            regions: vec![north],
            ..Country::default()
        });
        country_names.push(name);
    }
    // Administrative regions, each with the town it is named after.
    let regions = (target * 15 / 100).max(COUNTRIES * 2);
    for r in 0..regions {
        let c = r % COUNTRIES;
        let country = world.countries[c].place;
        let centre = (world.places[country].lon, world.places[country].lat);
        let point = near(rng, centre, 3 * DEGREE, 2 * DEGREE);
        // Regions north of the centre are part of the broadly named north.
        let parent = if point.1 > centre.1 + DEGREE / 2 {
            world.countries[c].regions[0]
        } else {
            country
        };
        let (name, slug) = namer.fresh(rng, text::REGION.slug);
        let region = add(
            world,
            slug,
            PlaceClass::Region,
            name.labels(&text::REGION),
            Some(parent),
            point,
        );
        let town_slug = namer.claim(name.slug.clone());
        let town = add(
            world,
            town_slug,
            PlaceClass::City,
            name.labels(&plain),
            Some(region),
            near(rng, point, DEGREE / 2, DEGREE / 2),
        );
        world.countries[c].regions.push(region);
        world.countries[c].cities.push(town);
    }
    // More towns in the regions, then sites in the towns.
    let rest = target.saturating_sub(world.places.len());
    let towns = rest * 3 / 4;
    for _ in 0..towns {
        let c = rng.index(COUNTRIES);
        let regions = &world.countries[c].regions;
        let region = regions[1 + rng.index(regions.len() - 1)];
        let point = near(
            rng,
            (world.places[region].lon, world.places[region].lat),
            12_000,
            9_000,
        );
        let (name, slug) = namer.fresh(rng, plain.slug);
        let town = add(
            world,
            slug,
            PlaceClass::City,
            name.labels(&plain),
            Some(region),
            point,
        );
        world.countries[c].cities.push(town);
    }
    for _ in 0..rest - towns {
        let c = rng.index(COUNTRIES);
        let town = *rng.pick(&world.countries[c].cities);
        let kind = rng.pick(text::SITES);
        let town_name = Name {
            latin: world.places[town].labels.en.clone(),
            arabic: world.places[town].labels.ar.clone(),
            slug: world.places[town].slug.clone(),
        };
        let slug = namer.claim(slug_of(kind.slug, &town_name.slug));
        let point = near(
            rng,
            (world.places[town].lon, world.places[town].lat),
            600,
            600,
        );
        let site = add(
            world,
            slug,
            PlaceClass::Site,
            town_name.labels(kind),
            Some(town),
            point,
        );
        world.countries[c].sites.push(site);
    }
}

/// Reliability grades 0 (A) to 5 (F) with weights.
fn grade(rng: &mut Rng, weights: [u32; 6]) -> Option<u8> {
    Some(rng.weighted(&weights) as u8)
}

fn build_actors(
    rng: &mut Rng,
    namer: &mut Namer<'_>,
    world: &mut World,
    target: usize,
    country_names: &[Name],
) {
    fn push(world: &mut World, actor: Actor) -> usize {
        world.actors.push(actor);
        world.actors.len() - 1
    }
    let organisation_actor = |slug: String, name: &Name, pattern: &Pattern, class, what: &str| {
        let labels = name.labels(pattern);
        let comment = format!("Fictional {what}, made up by claimgraph generate.");
        Actor {
            slug,
            class,
            labels,
            reliability: None,
            relations: Vec::new(),
            governs: None,
            organisation: None,
            comment,
        }
    };

    // Each country's government, defence ministry, army and gendarmerie.
    for (c, name) in country_names.iter().enumerate() {
        let mut government = organisation_actor(
            namer.claim(slug_of(text::GOVERNMENT.slug, &name.slug)),
            name,
            &text::GOVERNMENT,
            ActorClass::Government,
            "government",
        );
        government.governs = Some(world.countries[c].place);
        government.reliability = grade(rng, [0, 0, 25, 60, 15, 0]);
        let government = push(world, government);
        let mut ministry = organisation_actor(
            namer.claim(slug_of(text::MINISTRY.slug, &name.slug)),
            name,
            &text::MINISTRY,
            ActorClass::Government,
            "ministry",
        );
        ministry
            .relations
            .push((Relation::AffiliatedWith, government));
        ministry.reliability = grade(rng, [0, 0, 20, 70, 10, 0]);
        push(world, ministry);
        let mut army = organisation_actor(
            namer.claim(slug_of(text::ARMY.slug, &name.slug)),
            name,
            &text::ARMY,
            ActorClass::StateArmedForce,
            "state armed force",
        );
        army.relations.push((Relation::AffiliatedWith, government));
        army.reliability = grade(rng, [0, 0, 10, 75, 15, 0]);
        let army = push(world, army);
        let mut gendarmerie = organisation_actor(
            namer.claim(slug_of(text::GENDARMERIE.slug, &name.slug)),
            name,
            &text::GENDARMERIE,
            ActorClass::StateArmedForce,
            "gendarmerie",
        );
        gendarmerie
            .relations
            .push((Relation::AffiliatedWith, government));
        gendarmerie.reliability = grade(rng, [0, 0, 10, 70, 20, 0]);
        let gendarmerie = push(world, gendarmerie);
        let country = &mut world.countries[c];
        country.government = government;
        country.forces = vec![army, gendarmerie];
    }

    // An alliance of three of the states, with its joint force.
    let (alliance_name, alliance_slug) = namer.fresh(rng, text::ALLIANCE.slug);
    let mut alliance = organisation_actor(
        alliance_slug,
        &alliance_name,
        &text::ALLIANCE,
        ActorClass::Alliance,
        "alliance of states",
    );
    let first = rng.index(COUNTRIES - 2);
    let members: Vec<usize> = (first..first + 3).collect();
    for &m in &members {
        alliance
            .relations
            .push((Relation::CoalitionOf, world.countries[m].government));
    }
    let alliance = push(world, alliance);
    for &m in &members {
        let government = world.countries[m].government;
        world.actors[government]
            .relations
            .push((Relation::MemberOf, alliance));
    }
    let mut joint_force = organisation_actor(
        namer.claim(slug_of(text::JOINT_FORCE.slug, &alliance_name.slug)),
        &alliance_name,
        &text::JOINT_FORCE,
        ActorClass::StateArmedForce,
        "joint force",
    );
    joint_force
        .relations
        .push((Relation::AffiliatedWith, alliance));
    joint_force.reliability = grade(rng, [0, 0, 30, 60, 10, 0]);
    let joint_force = push(world, joint_force);
    for &m in &members {
        world.countries[m].forces.push(joint_force);
    }

    // An intergovernmental organisation and two of its missions.
    let (org_name, org_slug) = namer.fresh(rng, text::ORGANISATION.slug);
    let mut organisation = organisation_actor(
        org_slug,
        &org_name,
        &text::ORGANISATION,
        ActorClass::InternationalOrganisation,
        "intergovernmental organisation",
    );
    organisation.reliability = grade(rng, [20, 70, 10, 0, 0, 0]);
    let organisation = push(world, organisation);
    for _ in 0..2 {
        let c = rng.index(COUNTRIES);
        let mut mission = organisation_actor(
            namer.claim(slug_of(text::MISSION.slug, &country_names[c].slug)),
            &country_names[c],
            &text::MISSION,
            ActorClass::InternationalOrganisation,
            "peacekeeping mission",
        );
        mission
            .relations
            .push((Relation::AffiliatedWith, organisation));
        mission.reliability = grade(rng, [0, 60, 40, 0, 0, 0]);
        let mission = push(world, mission);
        world.countries[c].missions.push(mission);
    }

    // Two foreign powers, each with a private military company backing a host government.
    for _ in 0..2 {
        let (power_name, power_slug) = namer.fresh(rng, text::FOREIGN_GOVERNMENT.slug);
        let host = rng.index(COUNTRIES);
        let mut power = organisation_actor(
            power_slug,
            &power_name,
            &text::FOREIGN_GOVERNMENT,
            ActorClass::Government,
            "foreign government",
        );
        power
            .relations
            .push((Relation::Supports, world.countries[host].government));
        power.reliability = grade(rng, [0, 0, 20, 50, 30, 0]);
        let power = push(world, power);
        let pattern = rng.pick(text::PARAMILITARY);
        let mut company = organisation_actor(
            namer.claim(slug_of(pattern.slug, &power_name.slug)),
            &power_name,
            pattern,
            ActorClass::ParamilitaryForce,
            "private military company",
        );
        company.relations.push((Relation::AffiliatedWith, power));
        company
            .relations
            .push((Relation::Supports, world.countries[host].forces[0]));
        company.reliability = grade(rng, [0, 0, 0, 30, 60, 10]);
        let company = push(world, company);
        world.countries[host].companies.push(company);
    }

    // The unnamed communities and the editors.
    for (slug, en, ar, fr, reliability) in text::COMMUNITIES {
        let actor = Actor {
            slug: namer.claim((*slug).to_owned()),
            class: ActorClass::AnalystCommunity,
            labels: Labels::plain(en, ar, fr),
            reliability: Some(*reliability),
            relations: Vec::new(),
            governs: None,
            organisation: None,
            comment: "Unnamed people to whom sources attribute a view.".to_owned(),
        };
        let index = push(world, actor);
        world.communities.push(index);
    }
    world.curator = push(
        world,
        Actor {
            slug: namer.claim("synthetic-kb-editors".to_owned()),
            class: ActorClass::Curator,
            labels: Labels::plain(
                "Synthetic knowledge base editors",
                "محررو قاعدة المعرفة التجريبية",
                "Éditeurs de la base de connaissances synthétique",
            ),
            reliability: Some(1),
            relations: Vec::new(),
            governs: None,
            organisation: None,
            comment: "The made-up editors who record the status changes of the synthetic claims."
                .to_owned(),
        },
    );

    // Transnational networks, then the armed groups, media outlets and persons.
    let mut networks = Vec::new();
    for _ in 0..2 {
        let (name, slug) = namer.fresh(rng, text::NETWORK.slug);
        let mut network = organisation_actor(
            slug,
            &name,
            &text::NETWORK,
            ActorClass::ArmedGroup,
            "transnational jihadist network",
        );
        network.reliability = grade(rng, [0, 0, 0, 60, 40, 0]);
        networks.push(push(world, network));
    }
    let rest = target.saturating_sub(world.actors.len());
    let groups = (rest * 30 / 100).max(6);
    let media = (rest * 20 / 100).max(5);
    let persons = rest.saturating_sub(groups + media);

    for _ in 0..groups {
        let c = rng.index(COUNTRIES);
        let p = rng.index(text::ARMED_GROUPS.len());
        let pattern = &text::ARMED_GROUPS[p];
        let (name, slug) = namer.fresh(rng, pattern.slug);
        let mut group =
            organisation_actor(slug, &name, pattern, ActorClass::ArmedGroup, "armed group");
        group.reliability = grade(rng, [0, 0, 0, 60, 30, 10]);
        let earlier = world.countries[c].groups.clone();
        if rng.chance(450) {
            group
                .relations
                .push((Relation::AffiliatedWith, *rng.pick(&networks)));
        }
        let is_front = p == 0 || p == text::ARMED_GROUPS.len() - 1;
        let mut members = Vec::new();
        if is_front && earlier.len() >= 2 {
            let a = rng.index(earlier.len());
            let b = (a + 1 + rng.index(earlier.len() - 1)) % earlier.len();
            members = vec![earlier[a], earlier[b]];
            for &m in &members {
                group.relations.push((Relation::CoalitionOf, m));
            }
        } else if !earlier.is_empty() && rng.chance(80) {
            group
                .relations
                .push((Relation::SuccessorOf, *rng.pick(&earlier)));
        } else if !earlier.is_empty() && rng.chance(60) {
            group
                .relations
                .push((Relation::Supports, *rng.pick(&earlier)));
        }
        let group = push(world, group);
        for m in members {
            world.actors[m].relations.push((Relation::MemberOf, group));
        }
        world.countries[c].groups.push(group);
        if rng.chance(250) {
            let other = (c + 1 + rng.index(COUNTRIES - 1)) % COUNTRIES;
            world.countries[other].groups.push(group);
        }
    }
    // Every country has at least one armed group, for its attacks and clashes.
    for c in 0..COUNTRIES {
        if world.countries[c].groups.is_empty() {
            let donor = (0..COUNTRIES)
                .find(|&d| world.countries[d].groups.len() > 1)
                .unwrap_or((c + 1) % COUNTRIES);
            let group = world.countries[donor].groups[0];
            world.countries[c].groups.push(group);
        }
    }

    for _ in 0..media {
        let pattern = rng.pick(text::MEDIA);
        let (name, slug) = namer.fresh(rng, pattern.slug);
        let mut outlet = organisation_actor(
            slug,
            &name,
            pattern,
            ActorClass::MediaOutlet,
            "media outlet",
        );
        outlet.reliability = grade(rng, [0, 25, 45, 25, 5, 0]);
        let outlet = push(world, outlet);
        world.media.push(outlet);
    }

    // Persons: heads of government and of groups first, then ministers, commanders and
    // spokespersons, then editors, as far as the budget goes.
    let mut roles: Vec<(usize, Relation, &str, Option<usize>)> = Vec::new();
    for c in 0..COUNTRIES {
        let government = world.countries[c].government;
        roles.push((government, Relation::Leads, "head", Some(c)));
    }
    let mut seen = BTreeSet::new();
    for c in 0..COUNTRIES {
        for &g in &world.countries[c].groups {
            if seen.insert(g) {
                roles.push((g, Relation::Leads, "leader", Some(c)));
            }
        }
    }
    for c in 0..COUNTRIES {
        let government = world.countries[c].government;
        roles.push((government, Relation::MemberOf, "defence minister", Some(c)));
        let army = world.countries[c].forces[0];
        roles.push((army, Relation::Leads, "chief of staff", Some(c)));
        roles.push((army, Relation::MemberOf, "spokesperson", Some(c)));
    }
    seen.clear();
    for c in 0..COUNTRIES {
        for &g in &world.countries[c].groups {
            if seen.insert(g) {
                roles.push((g, Relation::MemberOf, "spokesperson", Some(c)));
            }
        }
    }
    let outlets = world.media.clone();
    for m in outlets {
        roles.push((m, Relation::Leads, "editor-in-chief", None));
    }
    while roles.len() < persons {
        let c = rng.index(COUNTRIES);
        let government = world.countries[c].government;
        roles.push((government, Relation::MemberOf, "official", Some(c)));
    }
    for &(organisation, relation, role, country) in roles.iter().take(persons) {
        let (given, given_slug, given_ar) = *rng.pick(text::GIVEN_NAMES);
        let (surname, surname_slug, surname_ar) = *rng.pick(text::SURNAMES);
        let name = format!("{given} {surname}");
        let org_label = world.actors[organisation].labels.en.clone();
        let mut relations = vec![(relation, organisation)];
        if relation == Relation::Leads {
            relations.push((Relation::MemberOf, organisation));
        }
        let reliability = match role {
            "spokesperson" => grade(rng, [0, 0, 10, 60, 30, 0]),
            "editor-in-chief" => grade(rng, [0, 20, 60, 20, 0, 0]),
            _ => None,
        };
        let person = push(
            world,
            Actor {
                slug: namer.claim(format!("{given_slug}-{surname_slug}")),
                class: ActorClass::Person,
                labels: Labels::plain(&name, &format!("{given_ar} {surname_ar}"), &name),
                reliability,
                relations,
                governs: None,
                organisation: Some(organisation),
                comment: format!("Fictional person: {role} of {org_label}."),
            },
        );
        world.persons.push(person);
        if let Some(c) = country {
            world.countries[c].persons.push(person);
        }
    }
}

/// Writes `lon lat` of a point in ten-thousandths of a degree as WKT numbers.
pub fn write_coordinate(out: &mut String, value: i32) {
    use std::fmt::Write as _;
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    write!(out, "{sign}{}.{:04}", abs / 10_000, abs % 10_000).expect("writing to a String");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_fixed_point() {
        let mut s = String::new();
        write_coordinate(&mut s, -39_912);
        s.push(' ');
        write_coordinate(&mut s, 500);
        assert_eq!(s, "-3.9912 0.0500");
    }

    #[test]
    fn world_has_unique_slugs_and_avoids_reserved_ones() {
        let reserved: BTreeSet<String> = ["mali".to_owned()].into();
        for claims in [1, 200, 100_000] {
            let world = build(3, claims, &reserved);
            let mut slugs = BTreeSet::new();
            for slug in world
                .actors
                .iter()
                .map(|a| &a.slug)
                .chain(world.places.iter().map(|p| &p.slug))
            {
                assert!(slugs.insert(slug.clone()), "duplicate {slug}");
                assert!(!reserved.contains(slug));
            }
            assert_eq!(world.countries.len(), COUNTRIES);
            assert!(world.countries.iter().all(|c| !c.groups.is_empty()));
            assert!(!world.persons.is_empty());
        }
    }
}
