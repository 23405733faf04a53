//! `claimgraph validate`: the shipped data is valid, broken data is caught, and two other SHACL
//! engines, pySHACL and pyshacl-turbo, find exactly what claimgraph finds: on the shipped
//! knowledge base, the fixtures, and a generated knowledge base with a fault of every kind
//! ontology/shapes.ttl checks.

use crate::{Env, fixture, python, repo};
use claimgraph::vocab::{PREFIXES, namespace};
use predicates::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[test]
fn the_shipped_knowledge_base_is_valid() {
    let env = Env::new();
    env.cmd()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 violations"));
}

fn ttl_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    files.sort();
    files
}

#[test]
fn each_broken_fixture_fails_validation() {
    let env = Env::new();
    let files = ttl_files(&fixture("invalid"));
    for name in [
        "claim-without-source",
        "claim-with-two-statuses",
        "literal-without-language",
    ] {
        assert!(
            files.iter().any(|f| f.file_stem().unwrap() == name),
            "tests/fixtures/invalid/{name}.ttl is missing"
        );
    }
    for file in files {
        env.cmd()
            .args(["validate", file.to_str().unwrap()])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("focus:"));
    }
}

/// One validation result: focus node, path ("" when not an IRI) and the local name of the
/// constraint component, such as `MinCountConstraintComponent`.
type Finding = (String, String, String);

/// What claimgraph reports for the store with `files` added (`claimgraph validate --format json
/// FILE...`; no file: the store itself).
fn ours(env: &Env, files: &[&Path]) -> BTreeSet<Finding> {
    let output = env
        .cmd()
        .arg("validate")
        .args(["--format", "json"])
        .args(files)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "claimgraph validate {files:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let violations: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let iri = |value: &serde_json::Value| {
        value
            .as_str()
            .unwrap_or("")
            .trim_matches(['<', '>'])
            .to_owned()
    };
    violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                iri(&v["focus"]),
                iri(&v["path"]),
                v["component"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("sh:")
                    .to_owned(),
            )
        })
        .collect()
}

/// The Python SHACL engines, by module: both take pySHACL's `validate(data_graph,
/// shacl_graph=..., inference=...)` and return its results graph.
const ENGINES: [&str; 2] = [PYSHACL, "pyshacl_turbo"];
const PYSHACL: &str = "pyshacl";

/// argv: the engine's module, the shapes, then the files of the data graph. Prints the
/// findings as a JSON list. rdflib logs (and keeps) ill-typed literals such as
/// "2024-02-30"^^xsd:date; that noise is silenced.
const ENGINE: &str = "import importlib, json, logging, sys, rdflib
from rdflib.namespace import RDF, SH
logging.getLogger('rdflib').setLevel(logging.ERROR)
engine = importlib.import_module(sys.argv[1])
shapes = rdflib.Graph().parse(sys.argv[2], format='turtle')
data = rdflib.Graph()
for path in sys.argv[3:]:
    data.parse(path, format=rdflib.util.guess_format(path))
conforms, results, _ = engine.validate(data, shacl_graph=shapes, inference='none')
found = set()
for r in results.subjects(RDF.type, SH.ValidationResult):
    path = results.value(r, SH.resultPath)
    found.add((str(results.value(r, SH.focusNode)),
               str(path) if isinstance(path, rdflib.URIRef) else '',
               str(results.value(r, SH.sourceConstraintComponent)).split('#')[-1]))
print(json.dumps(sorted(found)))";

/// What `engine` reports for `files` with the shipped knowledge base: the same data graph as
/// `claimgraph validate FILE...` on a fresh store.
fn theirs(engine: &str, files: &[&Path]) -> BTreeSet<Finding> {
    let shapes = repo("ontology/shapes.ttl");
    let ontology = repo("ontology/claimgraph.ttl");
    let data = ttl_files(&repo("data"));
    let mut args: Vec<&Path> = vec![Path::new(engine), &shapes];
    args.extend(files);
    args.push(&ontology);
    args.extend(data.iter().map(PathBuf::as_path));
    let found: Vec<Finding> = serde_json::from_str(&python(ENGINE, &args)).unwrap();
    found.into_iter().collect()
}

/// Runs claimgraph and both Python engines (at the same time) on `files` as they would join the
/// shipped knowledge base, asserts that the three report the same findings, and returns them.
///
/// `unseen` lists findings one engine is known not to report (see [`Fault::unseen_by`]): that
/// engine must indeed miss them (so that a fix shows here), and they count as found by it.
fn all_three(
    env: &Env,
    files: &[&Path],
    what: &str,
    unseen: &[(&str, Finding)],
) -> BTreeSet<Finding> {
    let (claimgraph, others) = std::thread::scope(|scope| {
        let running = ENGINES.map(|engine| scope.spawn(move || theirs(engine, files)));
        let claimgraph = ours(env, files);
        let others: Vec<_> = ENGINES
            .into_iter()
            .zip(running)
            .map(|(engine, thread)| (engine, thread.join().expect("the engine ran")))
            .collect();
        (claimgraph, others)
    });
    let mut disagreements = String::new();
    let mut others = others;
    for (engine, found) in &mut others {
        for (blind, finding) in unseen.iter().filter(|(blind, _)| blind == engine) {
            if !found.insert(finding.clone()) {
                writeln!(
                    disagreements,
                    "{blind} now reports {finding:?}: take it out of the unseen findings"
                )
                .unwrap();
            }
        }
    }
    for (engine, found) in &others {
        for (by, set, not_by, other) in [
            ("claimgraph", &claimgraph, *engine, found),
            (*engine, found, "claimgraph", &claimgraph),
        ] {
            let extra: Vec<_> = set.difference(other).collect();
            if !extra.is_empty() {
                let shown = &extra[..extra.len().min(20)];
                writeln!(
                    disagreements,
                    "{} found by {by}, not by {not_by} (at most 20 shown): {shown:#?}",
                    extra.len()
                )
                .unwrap();
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "the engines disagree on {what}:\n{disagreements}"
    );
    claimgraph
}

#[test]
fn three_engines_agree_on_the_shipped_knowledge_base_and_the_fixtures() {
    let env = Env::new();
    assert_eq!(
        all_three(&env, &[], "the shipped knowledge base", &[]),
        BTreeSet::new(),
        "the shipped knowledge base is valid"
    );
    let invalid = ttl_files(&fixture("invalid"));
    let valid = ttl_files(&fixture("valid"));
    for file in invalid.iter().chain(&valid) {
        let found = all_three(&env, &[file.as_path()], &file.display().to_string(), &[]);
        assert_eq!(
            found.is_empty(),
            valid.contains(file),
            "{}: {found:?}",
            file.display()
        );
    }
}

// The generated knowledge base with faults.

/// Claims in the generated knowledge base: pySHACL validates 10,000 (about 260,000 triples with
/// the ontology) in well under a minute and a half.
const GENERATED_CLAIMS: &str = "10000";

/// The IRI of a prefixed name in claimgraph's default prefixes, which the patch declares and
/// the faults below are written with (a full IRI is returned as it is).
fn expand(name: &str) -> String {
    name.split_once(':')
        .and_then(|(prefix, local)| namespace(prefix).map(|ns| format!("{ns}{local}")))
        .unwrap_or_else(|| name.to_owned())
}

/// The classes (as written by `claimgraph generate`) of each kind of node the faults pick.
const CLAIM: &[&str] = &["cg:Claim"];
const STATUS_CHANGE: &[&str] = &["cg:StatusChange"];
const QUOTE: &[&str] = &["oa:SpecificResource"];
const SELECTOR: &[&str] = &["oa:TextQuoteSelector"];
const SOURCE: &[&str] = &["cg:NewsArticle", "cg:SocialMediaPost", "cg:Communique"];
const ACTOR: &[&str] = &[
    "cg:Person",
    "cg:ArmedGroup",
    "cg:ParamilitaryForce",
    "cg:StateArmedForce",
    "cg:Government",
    "cg:InternationalOrganisation",
    "cg:Alliance",
    "cg:MediaOutlet",
    "cg:AnalystCommunity",
];
const EVENT: &[&str] = &[
    "cg:Attack",
    "cg:Killing",
    "cg:TerritorialTakeover",
    "cg:Clash",
    "cg:Coup",
    "cg:Withdrawal",
    "cg:AllianceFormation",
    "cg:Founding",
    "cg:Deployment",
];
const PLACE: &[&str] = &["cg:Country", "cg:Region", "cg:City", "cg:Site"];

/// A generated N-Triples file, indexed by subject: (predicate, object) as written, IRIs in
/// angle brackets.
struct Generated<'a> {
    lines: Vec<&'a str>,
    triples: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    /// Subjects in file order, by rdf:type.
    by_type: HashMap<&'a str, Vec<&'a str>>,
}

/// Subject, predicate and object of an N-Triples line (None for comments and blank lines).
fn split_triple(line: &str) -> Option<(&str, &str, &str)> {
    let (subject, rest) = line.split_once(' ')?;
    let (predicate, rest) = rest.split_once(' ')?;
    Some((subject, predicate, rest.strip_suffix(" .")?))
}

/// `<IRI>` of a prefixed name.
fn bracketed(name: &str) -> String {
    format!("<{}>", expand(name))
}

impl<'a> Generated<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut triples: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        let mut by_type: HashMap<&str, Vec<&str>> = HashMap::new();
        let rdf_type = bracketed("rdf:type");
        for (s, p, o) in lines.iter().filter_map(|line| split_triple(line)) {
            triples.entry(s).or_default().push((p, o));
            if p == rdf_type {
                by_type.entry(o).or_default().push(s);
            }
        }
        Self {
            lines,
            triples,
            by_type,
        }
    }

    /// The objects of `subject`'s `predicate` (both `<IRI>`s).
    fn objects(&self, subject: &str, predicate: &str) -> Vec<&'a str> {
        self.triples
            .get(subject)
            .into_iter()
            .flatten()
            .filter(|(p, _)| *p == predicate)
            .map(|(_, o)| *o)
            .collect()
    }
}

/// One injected fault: triples taken out of the generated file, triples added in the patch,
/// and the findings it must cause.
struct Fault {
    what: String,
    focus: String,
    /// (predicate, the language of the literals to remove, or None: all objects).
    remove: Vec<(String, Option<&'static str>)>,
    /// Turtle statements of the patch.
    add: String,
    expect: Vec<Finding>,
    /// The engines that are known not to see this fault.
    unseen_by: Vec<&'static str>,
}

impl Fault {
    /// Takes out every `predicate` of the focus node.
    fn remove(&mut self, predicate: &str) -> &mut Self {
        self.remove.push((bracketed(predicate), None));
        self
    }

    /// Takes out the focus node's `predicate` literals in language `lang`.
    fn remove_lang(&mut self, predicate: &str, lang: &'static str) -> &mut Self {
        self.remove.push((bracketed(predicate), Some(lang)));
        self
    }

    /// Adds `focus predicate object` (Turtle, prefixed names allowed) to the patch.
    fn add(&mut self, predicate: &str, object: &str) -> &mut Self {
        writeln!(
            self.add,
            "{} {predicate} {object} .",
            bracketed(&self.focus)
        )
        .unwrap();
        self
    }

    /// Takes out every `predicate` of the focus node and adds `object` instead.
    fn replace(&mut self, predicate: &str, object: &str) -> &mut Self {
        self.remove(predicate).add(predicate, object)
    }

    /// Adds Turtle statements about other nodes to the patch.
    fn turtle(&mut self, statements: &str) -> &mut Self {
        writeln!(self.add, "{statements}").unwrap();
        self
    }

    /// `engine` is known not to report this fault (it is checked that it does not).
    ///
    /// The one such fault: pySHACL 0.40.1 (with rdflib 7.6.0) takes an ill-typed xsd:gYear or
    /// xsd:gYearMonth, such as "2024-13"^^xsd:gYearMonth, for a valid one. rdflib has no
    /// parser for those two datatypes, so it never marks such a literal `ill_typed`, and that
    /// flag is all pySHACL's sh:datatype looks at. claimgraph and pyshacl-turbo check the
    /// lexical form, as all three do for "2024-02-30"^^xsd:date: SHACL requires it for the
    /// SPARQL 1.1 datatypes and leaves the other XSD datatypes to the processor, and a month 13
    /// does not exist.
    fn unseen_by(&mut self, engine: &'static str) -> &mut Self {
        self.unseen_by.push(engine);
        self
    }

    /// The fault must be reported on the focus node, at `path`, by `component` (the name
    /// before "ConstraintComponent", such as "MinCount").
    fn expect(&mut self, path: &str, component: &str) -> &mut Self {
        let focus = self.focus.clone();
        self.expect_at(&focus, path, component)
    }

    /// The same, on another node (such as the place of a broken geometry).
    fn expect_at(&mut self, focus: &str, path: &str, component: &str) -> &mut Self {
        self.expect.push((
            expand(focus),
            expand(path),
            format!("{component}ConstraintComponent"),
        ));
        self
    }
}

/// The faults injected into one generated knowledge base, each on a node of its own.
struct Faults<'g, 'a> {
    kb: &'g Generated<'a>,
    /// The nodes (IRIs) that faults have taken.
    taken: HashSet<String>,
    faults: Vec<Fault>,
}

impl<'g, 'a> Faults<'g, 'a> {
    fn new(kb: &'g Generated<'a>) -> Self {
        Self {
            kb,
            taken: HashSet::new(),
            faults: Vec::new(),
        }
    }

    /// The generated nodes of `kind` (`<IRI>`s), in file order.
    fn nodes(&self, kind: &[&str]) -> Vec<&'a str> {
        kind.iter()
            .flat_map(|class| {
                self.kb
                    .by_type
                    .get(bracketed(class).as_str())
                    .into_iter()
                    .flatten()
                    .copied()
            })
            .collect()
    }

    /// Takes a node of `kind` (its IRI) that no fault has taken and that has every one of
    /// `having` (predicates).
    fn take(&mut self, kind: &[&str], having: &[&str]) -> String {
        let having: Vec<String> = having.iter().map(|p| bracketed(p)).collect();
        let node = self
            .nodes(kind)
            .into_iter()
            .find(|node| {
                !self.taken.contains(node.trim_matches(['<', '>']))
                    && having.iter().all(|p| !self.kb.objects(node, p).is_empty())
            })
            .unwrap_or_else(|| panic!("no free node of {kind:?} with {having:?}"))
            .trim_matches(['<', '>'])
            .to_owned();
        self.taken.insert(node.clone());
        node
    }

    /// A fault on a node of `kind`, taken, that has every one of `having`.
    fn on(&mut self, what: impl Into<String>, kind: &[&str], having: &[&str]) -> &mut Fault {
        let focus = self.take(kind, having);
        self.push(what.into(), focus)
    }

    /// A fault on the given node (a prefixed name or IRI), taken.
    fn on_node(&mut self, what: impl Into<String>, node: &str) -> &mut Fault {
        let focus = expand(node);
        assert!(self.taken.insert(focus.clone()), "{focus} is taken twice");
        self.push(what.into(), focus)
    }

    /// A fault on the geometry of a place, both taken; the place must then fail its sh:node
    /// (cg:GeometryShape), which is expected too.
    fn on_geometry(&mut self, what: impl Into<String>) -> &mut Fault {
        let place = self.take(PLACE, &[]);
        let geometry = self.object(&place, "geo:hasGeometry");
        self.on_node(what, &geometry)
            .expect_at(&place, "geo:hasGeometry", "Node")
    }

    /// A fault on a new node, described in the patch by `turtle` (the predicates and objects).
    fn new_node(&mut self, what: impl Into<String>, node: &str, turtle: &str) -> &mut Fault {
        self.on_node(what, node)
            .turtle(&format!("{node} {turtle} ."))
    }

    fn push(&mut self, what: String, focus: String) -> &mut Fault {
        self.faults.push(Fault {
            what,
            focus,
            remove: Vec::new(),
            add: String::new(),
            expect: Vec::new(),
            unseen_by: Vec::new(),
        });
        self.faults.last_mut().unwrap()
    }

    /// The `nth` node of `kind`, as an `<IRI>` to point at (it may be a fault's focus as
    /// well: being pointed at changes nothing of it, and no fault changes a node's type).
    fn any(&self, kind: &[&str], nth: usize) -> String {
        self.nodes(kind)
            .get(nth)
            .unwrap_or_else(|| panic!("fewer than {} nodes of {kind:?}", nth + 1))
            .to_string()
    }

    /// The one object (IRI) of `predicate` on `subject` (an IRI), such as a place's geometry.
    fn object(&self, subject: &str, predicate: &str) -> String {
        let objects = self
            .kb
            .objects(&format!("<{subject}>"), &bracketed(predicate));
        assert_eq!(objects.len(), 1, "{subject} {predicate}: {objects:?}");
        objects[0].trim_matches(['<', '>']).to_owned()
    }

    /// (engine, finding) of the findings an engine is known not to report.
    fn unseen(&self) -> Vec<(&'static str, Finding)> {
        self.faults
            .iter()
            .flat_map(|fault| {
                fault.unseen_by.iter().flat_map(|engine| {
                    fault
                        .expect
                        .iter()
                        .map(|finding| (*engine, finding.clone()))
                })
            })
            .collect()
    }

    /// Every finding the faults must cause.
    fn expected(&self) -> BTreeSet<Finding> {
        self.faults
            .iter()
            .flat_map(|fault| fault.expect.iter().cloned())
            .collect()
    }

    /// The fault that expects `finding`.
    fn cause(&self, finding: &Finding) -> &str {
        self.faults
            .iter()
            .find(|fault| fault.expect.contains(finding))
            .map_or("?", |fault| fault.what.as_str())
    }

    /// Writes the generated file without the removed triples, and the patch; checks that each
    /// removal took something out.
    fn write(&self, nt: &Path, patch: &Path) {
        // (fault, predicate) by subject.
        let mut removals: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (f, fault) in self.faults.iter().enumerate() {
            for r in 0..fault.remove.len() {
                removals
                    .entry(format!("<{}>", fault.focus))
                    .or_default()
                    .push((f, r));
            }
        }
        let mut removed: HashSet<(usize, usize)> = HashSet::new();
        let mut out = String::with_capacity(self.kb.lines.iter().map(|l| l.len() + 1).sum());
        for line in &self.kb.lines {
            let removal = split_triple(line).and_then(|(s, p, o)| {
                removals.get(s)?.iter().copied().find(|&(f, r)| {
                    let (predicate, lang) = &self.faults[f].remove[r];
                    predicate == p && lang.is_none_or(|lang| o.ends_with(&format!("\"@{lang}")))
                })
            });
            match removal {
                Some(removal) => {
                    removed.insert(removal);
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        for (f, fault) in self.faults.iter().enumerate() {
            for (r, (predicate, _)) in fault.remove.iter().enumerate() {
                assert!(
                    removed.contains(&(f, r)),
                    "{}: {} has no {predicate} to take out",
                    fault.what,
                    fault.focus
                );
            }
        }
        std::fs::write(nt, out).unwrap();
        let mut turtle: String = PREFIXES
            .iter()
            .map(|(prefix, ns)| format!("@prefix {prefix}: <{ns}> .\n"))
            .collect();
        for fault in &self.faults {
            write!(turtle, "\n# {}\n{}", fault.what, fault.add).unwrap();
        }
        std::fs::write(patch, turtle).unwrap();
    }
}

/// The reference system that every WKT point of the shapes names.
const CRS84: &str = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>";

/// A geo:wktLiteral of a point in CRS84.
fn point(lon: &str, lat: &str) -> String {
    format!("\"{CRS84} POINT({lon} {lat})\"^^geo:wktLiteral")
}

/// A fault of every constraint of ontology/shapes.ttl, on every class it targets, each on its
/// own node: required properties taken out of the generated file (wholly, or one language of a
/// label), values added (a second status, an ill-typed date, a literal without a language, a
/// value outside a code list, a coordinate out of range, a link to a node of the wrong class),
/// and new nodes (concepts, schemes, ontology terms) lacking what they need.
fn inject(faults: &mut Faults) {
    let actor = &faults.any(ACTOR, 0);
    let place = &faults.any(PLACE, 0);
    let source = &faults.any(SOURCE, 0);
    let other_source = &faults.any(SOURCE, 1);
    let event = &faults.any(EVENT, 0);

    // cg:ClaimShape.
    faults
        .on("a claim without a status", CLAIM, &["cg:status"])
        .remove("cg:status")
        .expect("cg:status", "MinCount");
    faults
        .on("a claim with two statuses", CLAIM, &[])
        .add("cg:status", "cg:confirmed, cg:refuted")
        .expect("cg:status", "MaxCount");
    faults
        .on("a claim status outside the scheme", CLAIM, &["cg:status"])
        .replace("cg:status", "cg:credibility1")
        .expect("cg:status", "In");
    faults
        .on("a claim that affirms and denies", CLAIM, &[])
        .add("cg:stance", "cg:affirms, cg:denies")
        .expect("cg:stance", "MaxCount");
    faults
        .on("a stance outside the scheme", CLAIM, &["cg:stance"])
        .replace("cg:stance", "cg:confirmed")
        .expect("cg:stance", "In");
    faults
        .on(
            "a claim without a claimant",
            CLAIM,
            &["prov:wasAttributedTo"],
        )
        .remove("prov:wasAttributedTo")
        .expect("prov:wasAttributedTo", "MinCount");
    faults
        .on("a claim attributed to a source", CLAIM, &[])
        .add("prov:wasAttributedTo", source)
        .expect("prov:wasAttributedTo", "Class");
    faults
        .on("a claim whose origin is an actor", CLAIM, &[])
        .add("prov:hadPrimarySource", actor)
        .expect("prov:hadPrimarySource", "Class");
    faults
        .on("a claim without a source", CLAIM, &["prov:wasDerivedFrom"])
        .remove("prov:wasDerivedFrom")
        .expect("prov:wasDerivedFrom", "MinCount");
    faults
        .on("a claim derived from an actor", CLAIM, &[])
        .add("prov:wasDerivedFrom", actor)
        .expect("prov:wasDerivedFrom", "Class");
    faults
        .on("a statement without a language", CLAIM, &[])
        .add("cg:statement", "\"A statement in no language.\"")
        .expect("cg:statement", "Datatype");
    faults
        .on("two English statements", CLAIM, &[])
        .add("cg:statement", "\"A second English statement.\"@en")
        .expect("cg:statement", "UniqueLang");
    faults
        .on("a claim without its English statement", CLAIM, &[])
        .remove_lang("cg:statement", "en")
        .expect("cg:statement", "QualifiedMinCount");
    faults
        .on("a claim without its Arabic statement", CLAIM, &[])
        .remove_lang("cg:statement", "ar")
        .expect("cg:statement", "QualifiedMinCount");
    faults
        .on("a claim without a first-reported date", CLAIM, &[])
        .remove("cg:firstReported")
        .expect("cg:firstReported", "MinCount");
    faults
        .on("a claim first reported twice", CLAIM, &[])
        .add("cg:firstReported", "\"2001-01-01\"^^xsd:date")
        .expect("cg:firstReported", "MaxCount");
    faults
        .on("an ill-typed first-reported date", CLAIM, &[])
        .replace("cg:firstReported", "\"2024-02-30\"^^xsd:date")
        .expect("cg:firstReported", "Datatype");
    faults
        .on("a first-reported year", CLAIM, &[])
        .replace("cg:firstReported", "\"2024\"^^xsd:gYear")
        .expect("cg:firstReported", "Datatype");
    faults
        .on("a claim without a quote", CLAIM, &[])
        .remove("cg:quote")
        .expect("cg:quote", "MinCount");
    faults
        .on("a quote that is a source", CLAIM, &[])
        .add("cg:quote", source)
        .expect("cg:quote", "Class");
    faults
        .on("a claim about nothing", CLAIM, &[])
        .remove("cg:about")
        .expect("cg:about", "MinCount");
    faults
        .on("a claim about a source", CLAIM, &[])
        .add("cg:about", source)
        .expect("cg:about", "Or");
    faults
        .on("a claim about an untyped node", CLAIM, &[])
        .add("cg:about", "id:nothing-typed")
        .expect("cg:about", "Or");
    faults
        .on("two credibility grades", CLAIM, &[])
        .add("cg:credibility", "cg:credibility1, cg:credibility6")
        .expect("cg:credibility", "MaxCount");
    faults
        .on(
            "a credibility outside the scheme",
            CLAIM,
            &["cg:credibility"],
        )
        .replace("cg:credibility", "cg:reliabilityA")
        .expect("cg:credibility", "In");
    faults
        .on("a claim contradicting a source", CLAIM, &[])
        .add("cg:contradicts", source)
        .expect("cg:contradicts", "Class");
    faults
        .on("a status change that is an actor", CLAIM, &[])
        .add("cg:statusChange", actor)
        .expect("cg:statusChange", "Class");
    faults
        .on("a claim comment without a language", CLAIM, &[])
        .add("rdfs:comment", "\"No language.\"")
        .expect("rdfs:comment", "Datatype");

    // cg:StatusChangeShape.
    faults
        .on("a status change without a new status", STATUS_CHANGE, &[])
        .remove("cg:newStatus")
        .expect("cg:newStatus", "MinCount");
    faults
        .on("a status change to two statuses", STATUS_CHANGE, &[])
        .add("cg:newStatus", "cg:confirmed, cg:retracted")
        .expect("cg:newStatus", "MaxCount");
    faults
        .on("a new status outside the scheme", STATUS_CHANGE, &[])
        .replace("cg:newStatus", "cg:affirms")
        .expect("cg:newStatus", "In");
    faults
        .on("a status change without a date", STATUS_CHANGE, &[])
        .remove("cg:date")
        .expect("cg:date", "MinCount");
    faults
        .on("a status change on two dates", STATUS_CHANGE, &[])
        .add("cg:date", "\"2001-01-01\"^^xsd:date")
        .expect("cg:date", "MaxCount");
    faults
        .on("a status change dated to a month", STATUS_CHANGE, &[])
        .replace("cg:date", "\"2024-05\"^^xsd:gYearMonth")
        .expect("cg:date", "Datatype");
    faults
        .on("a status change recorded twice", STATUS_CHANGE, &[])
        .add(
            "cg:recordedAt",
            "\"2026-01-01T10:00:00Z\"^^xsd:dateTime, \"2026-01-02T10:00:00Z\"^^xsd:dateTime",
        )
        .expect("cg:recordedAt", "MaxCount");
    faults
        .on("a recording time that is a date", STATUS_CHANGE, &[])
        .add("cg:recordedAt", "\"2026-01-01\"^^xsd:date")
        .expect("cg:recordedAt", "Datatype");
    faults
        .on("a status change decided by no one", STATUS_CHANGE, &[])
        .remove("prov:wasAssociatedWith")
        .expect("prov:wasAssociatedWith", "MinCount");
    faults
        .on("a status change decided by a place", STATUS_CHANGE, &[])
        .add("prov:wasAssociatedWith", place)
        .expect("prov:wasAssociatedWith", "Class");
    faults
        .on("a status change on no source", STATUS_CHANGE, &[])
        .remove("prov:used")
        .expect("prov:used", "MinCount");
    faults
        .on("a status change that used an event", STATUS_CHANGE, &[])
        .add("prov:used", event)
        .expect("prov:used", "Class");
    faults
        .on("a status change derived from a source", STATUS_CHANGE, &[])
        .add("prov:wasDerivedFrom", source)
        .expect("prov:wasDerivedFrom", "MaxCount");
    faults
        .on(
            "a status change comment without a language",
            STATUS_CHANGE,
            &[],
        )
        .add("rdfs:comment", "\"No language.\"^^xsd:string")
        .expect("rdfs:comment", "Datatype");

    // cg:QuoteShape.
    faults
        .on("a quote without its source", QUOTE, &[])
        .remove("oa:hasSource")
        .expect("oa:hasSource", "MinCount");
    faults
        .on("a quote from two sources", QUOTE, &[])
        .add("oa:hasSource", &format!("{source}, {other_source}"))
        .expect("oa:hasSource", "MaxCount");
    faults
        .on("a quote from an actor", QUOTE, &[])
        .replace("oa:hasSource", actor)
        .expect("oa:hasSource", "Class");
    faults
        .on("a quote without its selector", QUOTE, &[])
        .remove("oa:hasSelector")
        .expect("oa:hasSelector", "MinCount");
    faults
        .on("a quote whose selector is an actor", QUOTE, &[])
        .replace("oa:hasSelector", actor)
        .expect("oa:hasSelector", "Class");

    // cg:OriginShape.
    faults
        .new_node(
            "an origin without a label or anyone behind it",
            "id:origin-test-bare",
            "a cg:Origin ; rdfs:label \"سرية\"@ar",
        )
        .expect("rdfs:label", "QualifiedMinCount")
        .expect("prov:wasAttributedTo", "MinCount");

    // cg:TextQuoteSelectorShape.
    faults
        .on("a quote without its text", SELECTOR, &[])
        .remove("oa:exact")
        .expect("oa:exact", "MinCount");
    faults
        .on("a quote with two texts", SELECTOR, &[])
        .add("oa:exact", "\"نص آخر\"@ar")
        .expect("oa:exact", "MaxCount");
    faults
        .on("a quote text without a language", SELECTOR, &[])
        .replace("oa:exact", "\"No language.\"")
        .expect("oa:exact", "Datatype");
    faults
        .on("a quote with two prefixes", SELECTOR, &[])
        .add("oa:prefix", "\"قبل\"@ar, \"قبله\"@ar")
        .expect("oa:prefix", "MaxCount");
    faults
        .on("a quote suffix without a language", SELECTOR, &[])
        .add("oa:suffix", "\"after\"")
        .expect("oa:suffix", "Datatype");

    // cg:SourceShape.
    faults
        .on("a source without a publisher", SOURCE, &[])
        .remove("schema:publisher")
        .expect("schema:publisher", "MinCount");
    faults
        .on("a source published by a place", SOURCE, &[])
        .add("schema:publisher", place)
        .expect("schema:publisher", "Class");
    faults
        .on("a source without a date", SOURCE, &[])
        .remove("schema:datePublished")
        .expect("schema:datePublished", "MinCount");
    faults
        .on("a source published twice", SOURCE, &[])
        .add("schema:datePublished", "\"2001-01-01\"^^xsd:date")
        .expect("schema:datePublished", "MaxCount");
    faults
        .on("an ill-typed publication date", SOURCE, &[])
        .replace("schema:datePublished", "\"2024-13-01\"^^xsd:date")
        .expect("schema:datePublished", "Datatype");
    faults
        .on("a publication date as a string", SOURCE, &[])
        .replace("schema:datePublished", "\"2024-01-01\"")
        .expect("schema:datePublished", "Datatype");
    faults
        .on("a source in no language", SOURCE, &[])
        .remove("schema:inLanguage")
        .expect("schema:inLanguage", "MinCount");
    faults
        .on("a language code with a language", SOURCE, &[])
        .replace("schema:inLanguage", "\"ar\"@en")
        .expect("schema:inLanguage", "Datatype");
    faults
        .on("a language name for a code", SOURCE, &[])
        .replace("schema:inLanguage", "\"Arabic\"")
        .expect("schema:inLanguage", "Pattern");
    faults
        .on("a headline without a language", SOURCE, &[])
        .add("schema:headline", "\"No language.\"")
        .expect("schema:headline", "Datatype");
    faults
        .on("two English headlines", SOURCE, &["schema:headline"])
        .add("schema:headline", "\"A second English headline\"@en")
        .expect("schema:headline", "UniqueLang");
    faults
        .on("a URL as a string", SOURCE, &[])
        .add("schema:url", "\"https://example.org/story\"")
        .expect("schema:url", "NodeKind");
    faults
        .on("a source with two reliability grades", SOURCE, &[])
        .add("cg:reliability", "cg:reliabilityA, cg:reliabilityF")
        .expect("cg:reliability", "MaxCount");
    faults
        .on("a source reliability outside the scheme", SOURCE, &[])
        .replace("cg:reliability", "cg:credibility2")
        .expect("cg:reliability", "In");
    faults
        .on("a source description without a language", SOURCE, &[])
        .add("dcterms:description", "\"No language.\"")
        .expect("dcterms:description", "Datatype");
    faults
        .on("a source comment without a language", SOURCE, &[])
        .add("rdfs:comment", "\"No language.\"")
        .expect("rdfs:comment", "Datatype");

    // cg:ActorShape, cg:EventShape, cg:PlaceShape: labels.
    for (kind, name) in [(ACTOR, "an actor"), (EVENT, "an event"), (PLACE, "a place")] {
        let what = format!("{name} without labels");
        faults
            .on(what, kind, &[])
            .remove("rdfs:label")
            .expect("rdfs:label", "MinCount")
            .expect("rdfs:label", "QualifiedMinCount");
        let what = format!("{name} label without a language");
        faults
            .on(what, kind, &[])
            .add("rdfs:label", "\"No language\"")
            .expect("rdfs:label", "Datatype");
        let what = format!("{name} with two French labels");
        faults
            .on(what, kind, &[])
            .add("rdfs:label", "\"Un second nom\"@fr")
            .expect("rdfs:label", "UniqueLang");
        for lang in ["en", "ar", "fr"] {
            let what = format!("{name} without its @{lang} label");
            faults
                .on(what, kind, &[])
                .remove_lang("rdfs:label", lang)
                .expect("rdfs:label", "QualifiedMinCount");
        }
        let what = format!("{name} comment without a language");
        faults
            .on(what, kind, &[])
            .add("rdfs:comment", "\"No language.\"")
            .expect("rdfs:comment", "Datatype");
    }

    // cg:ActorShape.
    faults
        .on("an actor with two reliability grades", ACTOR, &[])
        .add("cg:reliability", "cg:reliabilityB, cg:reliabilityE")
        .expect("cg:reliability", "MaxCount");
    faults
        .on(
            "an actor reliability outside the scheme",
            ACTOR,
            &["cg:reliability"],
        )
        .replace("cg:reliability", "cg:disputed")
        .expect("cg:reliability", "In");
    for relation in [
        "cg:affiliatedWith",
        "cg:successorOf",
        "cg:memberOf",
        "cg:coalitionOf",
        "cg:supports",
        "cg:leads",
    ] {
        let what = format!("an actor {relation} a place");
        faults
            .on(what, ACTOR, &[])
            .add(relation, place)
            .expect(relation, "Class");
    }
    faults
        .on("an actor governing an actor", ACTOR, &[])
        .add("cg:governs", actor)
        .expect("cg:governs", "Class");

    // cg:EventShape.
    faults
        .on("an event without a date", EVENT, &[])
        .remove("cg:date")
        .expect("cg:date", "MinCount");
    faults
        .on("an event on two dates", EVENT, &[])
        .add("cg:date", "\"2001\"^^xsd:gYear")
        .expect("cg:date", "MaxCount");
    faults
        .on("an event dated to the second", EVENT, &[])
        .replace("cg:date", "\"2024-05-01T10:00:00Z\"^^xsd:dateTime")
        .expect("cg:date", "Or");
    faults
        .on("an ill-typed event month", EVENT, &[])
        .replace("cg:date", "\"2024-13\"^^xsd:gYearMonth")
        .expect("cg:date", "Or")
        .unseen_by(PYSHACL);
    faults
        .on("an event nowhere", EVENT, &[])
        .remove("cg:place")
        .expect("cg:place", "MinCount");
    faults
        .on("an event at an actor", EVENT, &[])
        .add("cg:place", actor)
        .expect("cg:place", "Class");
    for role in ["cg:perpetrator", "cg:target", "cg:participant"] {
        let what = format!("a place as {role}");
        faults
            .on(what, EVENT, &[])
            .add(role, place)
            .expect(role, "Class");
    }

    // cg:PlaceShape.
    faults
        .on("a place without a geometry", PLACE, &[])
        .remove("geo:hasGeometry")
        .expect("geo:hasGeometry", "MinCount");
    let lender = faults.take(PLACE, &[]);
    let another_geometry = faults.object(&lender, "geo:hasGeometry");
    faults
        .on("a place with two geometries", PLACE, &[])
        .add("geo:hasGeometry", &format!("<{another_geometry}>"))
        .expect("geo:hasGeometry", "MaxCount");
    faults
        .on("a geometry that is not a geo:Geometry", PLACE, &[])
        .replace("geo:hasGeometry", "id:untyped-geometry")
        .turtle(&format!(
            "id:untyped-geometry geo:asWKT {} .",
            point("1.5", "12.25")
        ))
        .expect("geo:hasGeometry", "Class");
    faults
        .on("a place within an actor", PLACE, &[])
        .add("cg:locatedIn", actor)
        .expect("cg:locatedIn", "Class");

    // cg:GeometryShape, and sh:node on the place of each broken geometry.
    faults
        .on_geometry("a geometry without a point")
        .remove("geo:asWKT")
        .expect("geo:asWKT", "MinCount");
    faults
        .on_geometry("a geometry with two points")
        .add("geo:asWKT", &point("2", "13"))
        .expect("geo:asWKT", "MaxCount");
    faults
        .on_geometry("a point as a string")
        .replace("geo:asWKT", &format!("\"{CRS84} POINT(1.5 12.25)\""))
        .expect("geo:asWKT", "Datatype");
    faults
        .on_geometry("a longitude out of range")
        .replace("geo:asWKT", &point("181", "12.25"))
        .expect("geo:asWKT", "Pattern");
    faults
        .on_geometry("a latitude out of range")
        .replace("geo:asWKT", &point("1.5", "-95"))
        .expect("geo:asWKT", "Pattern");
    faults
        .on_geometry("a point without its reference system")
        .replace("geo:asWKT", "\"POINT(1.5 12.25)\"^^geo:wktLiteral")
        .expect("geo:asWKT", "Pattern");

    // cg:ConceptShape: concepts of the ontology given bad values, and new ones lacking what
    // they need.
    faults
        .on_node("a concept label without a language", "cg:credibility3")
        .add("skos:prefLabel", "\"No language\"")
        .expect("skos:prefLabel", "Datatype");
    faults
        .on_node("a concept with two English labels", "cg:credibility4")
        .add("skos:prefLabel", "\"A second label\"@en")
        .expect("skos:prefLabel", "UniqueLang");
    faults
        .on_node("a concept definition without a language", "cg:credibility5")
        .add("skos:definition", "\"No language.\"")
        .expect("skos:definition", "Datatype");
    faults
        .on_node("a concept with two notations", "cg:reliabilityB")
        .add("skos:notation", "\"B2\"")
        .expect("skos:notation", "MaxCount");
    let concept = |labels: &[&str], definition: bool, notation: bool, scheme: Option<&str>| {
        let mut turtle = String::from("a skos:Concept");
        for lang in labels {
            write!(turtle, " ; skos:prefLabel \"Label\"@{lang}").unwrap();
        }
        if definition {
            turtle.push_str(" ; skos:definition \"A made-up concept.\"@en");
        }
        if notation {
            turtle.push_str(" ; skos:notation \"made-up\"");
        }
        if let Some(scheme) = scheme {
            write!(turtle, " ; skos:inScheme {scheme}").unwrap();
        }
        turtle
    };
    let all = ["en", "ar", "fr"];
    let scheme = Some("cg:ClaimStatusScheme");
    faults
        .new_node(
            "a concept without labels",
            "id:concept-unlabelled",
            &concept(&[], true, true, scheme),
        )
        .expect("skos:prefLabel", "MinCount")
        .expect("skos:prefLabel", "QualifiedMinCount");
    for (lang, others) in [
        ("en", ["ar", "fr"]),
        ("ar", ["en", "fr"]),
        ("fr", ["en", "ar"]),
    ] {
        faults
            .new_node(
                format!("a concept without a label in {lang}"),
                &format!("id:concept-no-{lang}"),
                &concept(&others, true, true, scheme),
            )
            .expect("skos:prefLabel", "QualifiedMinCount");
    }
    faults
        .new_node(
            "a concept without a definition",
            "id:concept-undefined",
            &concept(&all, false, true, scheme),
        )
        .expect("skos:definition", "MinCount");
    faults
        .new_node(
            "a concept without a notation",
            "id:concept-no-notation",
            &concept(&all, true, false, scheme),
        )
        .expect("skos:notation", "MinCount");
    faults
        .new_node(
            "a concept in no scheme",
            "id:concept-no-scheme",
            &concept(&all, true, true, None),
        )
        .expect("skos:inScheme", "MinCount");
    faults
        .new_node(
            "a concept in a concept",
            "id:concept-in-a-concept",
            &concept(&all, true, true, Some("cg:confirmed")),
        )
        .expect("skos:inScheme", "Class");

    // cg:ConceptSchemeShape, on both classes it targets.
    faults
        .on_node("a scheme label without a language", "cg:ClaimStatusScheme")
        .add("skos:prefLabel", "\"No language\"")
        .expect("skos:prefLabel", "Datatype");
    faults
        .on_node(
            "a scheme with two English labels",
            "cg:SourceReliabilityScheme",
        )
        .add("skos:prefLabel", "\"A second label\"@en")
        .expect("skos:prefLabel", "UniqueLang");
    faults
        .on_node(
            "a collection definition without a language",
            "cg:Unconfirmed",
        )
        .add("skos:definition", "\"No language.\"")
        .expect("skos:definition", "Datatype");
    faults
        .new_node(
            "a scheme without an English label",
            "id:scheme-no-en",
            "a skos:ConceptScheme ; skos:prefLabel \"Schéma\"@fr",
        )
        .expect("skos:prefLabel", "QualifiedMinCount");
    faults
        .new_node(
            "a collection without labels",
            "id:collection-unlabelled",
            "a skos:Collection",
        )
        .expect("skos:prefLabel", "QualifiedMinCount");

    // cg:OntologyTermShape, on the three classes it targets.
    faults
        .on_node("a class label without a language", "cg:Claim")
        .add("rdfs:label", "\"claim\"")
        .expect("rdfs:label", "Datatype");
    faults
        .on_node("a property with two English labels", "cg:status")
        .add("rdfs:label", "\"state\"@en")
        .expect("rdfs:label", "UniqueLang");
    faults
        .on_node(
            "a property definition without a language",
            "cg:firstReported",
        )
        .add("skos:definition", "\"No language.\"")
        .expect("skos:definition", "Datatype");
    faults
        .new_node(
            "a class without an English label",
            "id:ClassWithoutLabel",
            "a owl:Class ; skos:definition \"A made-up class.\"@en",
        )
        .expect("rdfs:label", "QualifiedMinCount");
    faults
        .new_node(
            "a property without an English definition",
            "id:propertyUndefined",
            "a owl:ObjectProperty ; rdfs:label \"made up\"@en ; skos:definition \"inventé\"@fr",
        )
        .expect("skos:definition", "QualifiedMinCount");
    faults
        .new_node(
            "a bare datatype property",
            "id:bareProperty",
            "a owl:DatatypeProperty",
        )
        .expect("rdfs:label", "QualifiedMinCount")
        .expect("skos:definition", "QualifiedMinCount");
}

#[test]
fn three_engines_find_every_injected_fault_in_a_generated_knowledge_base() {
    let env = Env::new();
    let generated = env.path("generated.nt");
    env.run(&[
        "generate",
        "--claims",
        GENERATED_CLAIMS,
        "--seed",
        "3",
        "-o",
        generated.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&generated).unwrap();
    let kb = Generated::new(&text);
    let mut faults = Faults::new(&kb);
    inject(&mut faults);
    let (faulty, patch) = (env.path("faulty.nt"), env.path("faults.ttl"));
    faults.write(&faulty, &patch);

    let found = all_three(
        &env,
        &[&faulty, &patch],
        "the faulty knowledge base",
        &faults.unseen(),
    );
    // The generated file is valid and each fault is on a node of its own: the three engines
    // find the faults, and nothing else.
    let expected = faults.expected();
    let missed: Vec<_> = expected
        .difference(&found)
        .map(|finding| (faults.cause(finding), finding))
        .collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    eprintln!(
        "{} faults injected in {GENERATED_CLAIMS} generated claims: claimgraph, pySHACL and \
         pyshacl-turbo agree on {} findings ({} expected)",
        faults.faults.len(),
        found.len(),
        expected.len()
    );
    assert!(
        missed.is_empty() && unexpected.is_empty(),
        "the three engines agree on {} findings, but missed {} faults: {missed:#?}\n\
         and reported {} findings no fault explains: {unexpected:#?}",
        found.len(),
        missed.len(),
        unexpected.len()
    );
}
