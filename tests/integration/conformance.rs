//! The W3C SHACL Core test suite, run against `claimgraph validate --standalone`.
//!
//! docs/shacl-conformance.md states how much of SHACL Core the validator implements. This
//! runner is what backs that statement: it runs every test of the suite through the real
//! binary, compares each report with the expected one, and checks that the table in the
//! document is the one this run produces, so that the statement cannot drift from the code.
//! `CLAIMGRAPH_BLESS=1` rewrites the table instead (after a deliberate change).
//!
//! The suite is vendored, unchanged, in tests/conformance/ (see its README.md), so that a
//! clean clone runs it with nothing beside it. Each test file is a manifest whose entries name a data
//! graph, a shapes graph and the expected `sh:ValidationReport`; a test passes when the
//! actual report has the same `sh:conforms` and the same set of results, each result taken
//! as (focus node, path, value, severity, source constraint component, source shape).

use crate::{Env, repo};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    BlankNodeRef, Graph, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, TermRef, Triple, TripleRef,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Tests that need a feature SHACL Core makes optional, as (test name, reason). They are not
/// run, and the conformance table lists them with their reasons. Failing tests do not
/// belong here: a failure is a bug to fix or to state, not an exemption.
const NOT_APPLICABLE: &[(&str, &str)] = &[];

/// Where the suite lives, relative to the repository root.
const SUITE: &str = "tests/conformance/shacl-core";

/// The conformance statement whose table this runner checks.
const DOCS: &str = "docs/shacl-conformance.md";
const TABLE_START: &str = "<!-- conformance-table:start -->";
const TABLE_END: &str = "<!-- conformance-table:end -->";

/// Each test spawns the binary; a few at a time keep the run short without starving the
/// other tests of the integration binary, which run in parallel with this one.
const WORKERS: usize = 4;

/// Far above what any test of the suite takes, so that only a hung validator trips it.
const TIMEOUT: Duration = Duration::from_secs(120);

/// How deep blank nodes are described; deeper structure is elided on both sides alike.
const MAX_DEPTH: usize = 6;

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Namespaces written as prefixes in descriptions, to keep failure listings readable.
const PREFIXES: [(&str, &str); 5] = [
    ("sh:", SH),
    ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd:", XSD),
    ("mf:", MF),
];

#[test]
fn shacl_core_conformance() {
    let root = suite_root();
    let tests = discover(&root).unwrap_or_else(|e| panic!("reading the suite at {root:?}: {e}"));
    assert!(!tests.is_empty(), "no tests found in {root:?}");
    check_not_applicable_names(&tests);

    let applicable: Vec<&TestCase> = tests
        .iter()
        .filter(|t| not_applicable_reason(&t.name).is_none())
        .collect();
    let outcomes = run_all(&applicable);

    let table = conformance_table(&tests, &outcomes);
    println!("SHACL Core conformance ({} tests):\n\n{table}", tests.len());

    let mut problems = Vec::new();
    if let Err(e) = check_or_bless_docs(&table) {
        problems.push(e);
    }
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|(test, outcome)| outcome.as_ref().err().map(|e| test.failure(e)))
        .collect();
    if !failures.is_empty() {
        problems.push(format!(
            "{} of {} SHACL Core tests failed:\n\n{}",
            failures.len(),
            applicable.len(),
            failures.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The suite's directory, canonical so that the file IRIs built from it have no `..`
/// segments (IRI resolution would remove them from some IRIs and not from others).
fn suite_root() -> PathBuf {
    let path = repo(SUITE);
    std::fs::canonicalize(&path).unwrap_or_else(|e| {
        panic!(
            "the SHACL Core test suite is missing: looked for {} ({e}); \
             it is expected at {SUITE} relative to the repository root",
            path.display()
        )
    })
}

fn not_applicable_reason(name: &str) -> Option<&'static str> {
    NOT_APPLICABLE
        .iter()
        .find(|(test, _)| *test == name)
        .map(|(_, reason)| *reason)
}

/// A stale entry in NOT_APPLICABLE would exempt nothing and still show in the table.
fn check_not_applicable_names(tests: &[TestCase]) {
    for (name, _) in NOT_APPLICABLE {
        assert!(
            tests.iter().any(|t| t.name == *name),
            "NOT_APPLICABLE lists {name}, which is not a test of the suite"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The suite's manifests

/// One `sht:Validate` test.
struct TestCase {
    /// The test's IRI relative to the suite root, e.g. `node/class-001`.
    name: String,
    /// The first segment of the name, e.g. `node`.
    folder: String,
    label: String,
    data: PathBuf,
    shapes: PathBuf,
    expected: Report,
}

impl TestCase {
    /// A readable account of why the test failed.
    fn failure(&self, problem: &str) -> String {
        format!("{} ({})\n{problem}\n", self.name, self.label)
    }
}

/// Every test reachable from the suite's top manifest, sorted by name.
fn discover(root: &Path) -> Result<Vec<TestCase>, String> {
    let root_iri = format!("{}/", file_iri(root));
    let mut tests = Vec::new();
    let mut seen = HashSet::new();
    walk_manifest(&root.join("manifest.ttl"), &root_iri, &mut seen, &mut tests)?;
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tests)
}

/// Reads the tests of one manifest (`mf:entries`) and of the manifests it includes.
fn walk_manifest(
    path: &Path,
    root_iri: &str,
    seen: &mut HashSet<PathBuf>,
    tests: &mut Vec<TestCase>,
) -> Result<(), String> {
    if !seen.insert(path.to_owned()) {
        return Ok(());
    }
    let graph = load(path)?;
    let manifest = NamedNode::new_unchecked(file_iri(path));
    for include in graph.objects_for_subject_predicate(&manifest, &mf("include")) {
        walk_manifest(&path_of(include)?, root_iri, seen, tests)?;
    }
    for entries in graph.objects_for_subject_predicate(&manifest, &mf("entries")) {
        let entries = list_items(&graph, entries)
            .ok_or_else(|| format!("{}: mf:entries is not a list", path.display()))?;
        for entry in entries {
            tests.push(read_test(&graph, path, entry, root_iri)?);
        }
    }
    Ok(())
}

/// One entry of a manifest. The expected report is read from the union of the test file and
/// its data and shapes graphs, because that is where its blank nodes' triples are.
fn read_test(
    manifest: &Graph,
    path: &Path,
    entry: TermRef<'_>,
    root_iri: &str,
) -> Result<TestCase, String> {
    let TermRef::NamedNode(test) = entry else {
        return Err(format!(
            "{}: a test that is not an IRI: {entry}",
            path.display()
        ));
    };
    let name = test
        .as_str()
        .strip_prefix(root_iri)
        .ok_or_else(|| format!("{test} is outside the suite"))?
        .to_owned();
    let folder = name.split('/').next().unwrap_or_default().to_owned();
    let problem = |what: &str| format!("{name}: {what}");

    // Only approved validation tests are in the suite today; anything else needs a decision
    // (how to run it, whether it counts), not a silent run or a silent skip.
    if !manifest.contains(TripleRef::new(test, rdf::TYPE, &sht("Validate"))) {
        return Err(problem("not a sht:Validate test"));
    }
    let approved = sht("approved");
    if manifest.object_for_subject_predicate(test, &mf("status")) != Some(approved.as_ref().into())
    {
        return Err(problem("its mf:status is not sht:approved"));
    }

    let action = subject(manifest.object_for_subject_predicate(test, &mf("action")))
        .ok_or_else(|| problem("no mf:action"))?;
    let graph_file = |predicate: &str| {
        manifest
            .object_for_subject_predicate(action, &sht(predicate))
            .ok_or_else(|| problem(&format!("no sht:{predicate}")))
            .and_then(path_of)
    };
    let data = graph_file("dataGraph")?;
    let shapes = graph_file("shapesGraph")?;

    let mut union = manifest.clone();
    for file in BTreeSet::from([&data, &shapes]) {
        if file.as_path() != path {
            union.extend(load(file)?.iter());
        }
    }
    let report = subject(union.object_for_subject_predicate(test, &mf("result")))
        .ok_or_else(|| problem("no mf:result"))?;
    let expected = Report::read(&union, report).map_err(|e| problem(&e))?;
    let label = union
        .object_for_subject_predicate(test, rdfs::LABEL)
        .map(|l| match l {
            TermRef::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .unwrap_or_default();
    Ok(TestCase {
        name,
        folder,
        label,
        data,
        shapes,
        expected,
    })
}

/// Parses a Turtle file with its own file IRI as base, so that `<>` and relative IRIs name
/// the suite's files. Blank nodes get fresh ids so that graphs of several files can be merged.
fn load(path: &Path) -> Result<Graph, String> {
    let text = std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    parse_turtle(&text, Some(&file_iri(path))).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_turtle(text: &[u8], base: Option<&str>) -> Result<Graph, String> {
    let mut parser = RdfParser::from_format(RdfFormat::Turtle).rename_blank_nodes();
    if let Some(base) = base {
        parser = parser.with_base_iri(base).map_err(|e| e.to_string())?;
    }
    parser
        .for_slice(text)
        .map(|quad| quad.map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()
        .map(|quads| quads.into_iter().map(Triple::from).collect())
}

/// `file://` IRI of a path, percent-encoding what an IRI path cannot hold.
fn file_iri(path: &Path) -> String {
    let mut iri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            iri.push(char::from(byte));
        } else {
            iri.push_str(&format!("%{byte:02X}"));
        }
    }
    iri
}

/// The path named by a `file://` IRI (the inverse of `file_iri`).
fn path_of(term: TermRef<'_>) -> Result<PathBuf, String> {
    let iri = match term {
        TermRef::NamedNode(n) => n.as_str(),
        _ => return Err(format!("{term} does not name a file")),
    };
    let encoded = iri
        .strip_prefix("file://")
        .ok_or_else(|| format!("{iri} is not a file IRI"))?;
    let mut bytes = Vec::new();
    let mut rest = encoded.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        let escaped = (byte == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(decoded) => {
                bytes.push(decoded);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
}

fn mf(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{MF}{local}"))
}

fn sht(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SHT}{local}"))
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// A term as the subject of further triples, if it can be one.
fn subject(term: Option<TermRef<'_>>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term? {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Validation reports

/// A validation report reduced to what the suite compares.
struct Report {
    /// The `sh:conforms` literal, as a term.
    conforms: String,
    results: BTreeSet<ValidationResult>,
}

/// The compared fields of one result, each a description (see `describe`); messages are
/// left out, as the suite does not prescribe them.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ValidationResult {
    focus: Option<String>,
    path: Option<String>,
    value: Option<String>,
    severity: Option<String>,
    component: Option<String>,
    shape: Option<String>,
}

impl Report {
    /// Reads the report `node` of `graph`.
    fn read(graph: &Graph, node: NamedOrBlankNodeRef<'_>) -> Result<Self, String> {
        let conforms = field(graph, node, "conforms").ok_or("the report has no sh:conforms")?;
        let results = graph
            .objects_for_subject_predicate(node, &sh("result"))
            .map(|result| {
                subject(Some(result))
                    .map(|result| ValidationResult::read(graph, result))
                    .ok_or_else(|| format!("a sh:result that is a literal: {result}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { conforms, results })
    }

    /// Reads the report the binary wrote, checking the shape of it along the way.
    fn read_actual(graph: &Graph) -> Result<Self, String> {
        let reports: Vec<_> = graph
            .subjects_for_predicate_object(rdf::TYPE, &sh("ValidationReport"))
            .collect();
        let [report] = reports[..] else {
            return Err(format!(
                "the output has {} sh:ValidationReport nodes, not one",
                reports.len()
            ));
        };
        for result in graph.objects_for_subject_predicate(report, &sh("result")) {
            let typed = subject(Some(result)).is_some_and(|r| {
                graph.contains(TripleRef::new(r, rdf::TYPE, &sh("ValidationResult")))
            });
            if !typed {
                return Err(format!(
                    "the sh:result {result} is not a sh:ValidationResult"
                ));
            }
        }
        Self::read(graph, report)
    }

    fn conforms(&self) -> bool {
        self.conforms == format!("\"true\"^^<{XSD}boolean>")
    }

    /// What differs between the expected report (`self`) and the actual one, if anything.
    fn differences(&self, actual: &Self) -> Option<String> {
        let mut text = String::new();
        if self.conforms != actual.conforms {
            text += &format!(
                "  sh:conforms: expected {}, actual {}\n",
                self.conforms, actual.conforms
            );
        }
        list(
            &mut text,
            "missing (expected, not reported)",
            self.results.difference(&actual.results),
        );
        list(
            &mut text,
            "unexpected (reported, not expected)",
            actual.results.difference(&self.results),
        );
        (!text.is_empty()).then_some(text)
    }
}

fn list<'a>(text: &mut String, heading: &str, results: impl Iterator<Item = &'a ValidationResult>) {
    let lines: Vec<String> = results.map(|r| format!("    - {r}\n")).collect();
    if !lines.is_empty() {
        *text += &format!("  {heading}:\n{}", lines.concat());
    }
}

impl ValidationResult {
    fn read(graph: &Graph, node: NamedOrBlankNodeRef<'_>) -> Self {
        Self {
            focus: field(graph, node, "focusNode"),
            path: field(graph, node, "resultPath"),
            value: field(graph, node, "value"),
            severity: field(graph, node, "resultSeverity"),
            component: field(graph, node, "sourceConstraintComponent"),
            shape: field(graph, node, "sourceShape"),
        }
    }
}

impl fmt::Display for ValidationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = [
            ("focus", &self.focus),
            ("path", &self.path),
            ("value", &self.value),
            ("severity", &self.severity),
            ("component", &self.component),
            ("shape", &self.shape),
        ];
        let present: Vec<String> = fields
            .iter()
            .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name} {v}")))
            .collect();
        f.write_str(&present.join(", "))
    }
}

/// The description of the `sh:{local}` objects of `node`: none, one, or (not expected in a
/// well-formed report, but then compared rather than hidden) several joined.
fn field(graph: &Graph, node: NamedOrBlankNodeRef<'_>, local: &str) -> Option<String> {
    let mut values: Vec<String> = graph
        .objects_for_subject_predicate(node, &sh(local))
        .map(|object| describe(graph, object))
        .collect();
    values.sort();
    (!values.is_empty()).then(|| values.join(" | "))
}

/// A term as text that two graphs can compare: IRIs and literals as themselves, blank
/// nodes by their structure (their outgoing triples, recursively), since their ids differ
/// between the expected report and the actual one.
fn describe<'a>(graph: &'a Graph, term: TermRef<'a>) -> String {
    describe_term(graph, term, 0, &mut Vec::new())
}

fn describe_term<'a>(
    graph: &'a Graph,
    term: TermRef<'a>,
    depth: usize,
    stack: &mut Vec<BlankNodeRef<'a>>,
) -> String {
    match term {
        TermRef::NamedNode(n) => compact(n),
        TermRef::BlankNode(b) => describe_blank(graph, b, depth, stack),
        other => other.to_string(),
    }
}

/// `[ p1 o1 ; p2 o2 ]` with the pairs sorted, or `( a b )` for a well-formed RDF list (lists
/// are common in paths and logical constraints, and reading them as lists keeps deep lists
/// within MAX_DEPTH and the listings short). `stack` holds the blank nodes being described,
/// to stop at cycles.
fn describe_blank<'a>(
    graph: &'a Graph,
    node: BlankNodeRef<'a>,
    depth: usize,
    stack: &mut Vec<BlankNodeRef<'a>>,
) -> String {
    if stack.contains(&node) {
        return "[cycle]".to_owned();
    }
    if depth >= MAX_DEPTH {
        return "[...]".to_owned();
    }
    stack.push(node);
    let text = if let Some(items) = list_items(graph, node.into()) {
        let items: Vec<String> = items
            .into_iter()
            .map(|item| describe_term(graph, item, depth + 1, stack))
            .collect();
        format!("( {} )", items.join(" "))
    } else {
        let mut pairs: Vec<String> = graph
            .triples_for_subject(node)
            .map(|t| {
                let object = describe_term(graph, t.object, depth + 1, stack);
                format!("{} {object}", compact(t.predicate))
            })
            .collect();
        pairs.sort();
        format!("[ {} ]", pairs.join(" ; "))
    };
    stack.pop();
    text
}

/// The items of the RDF list starting at `head`, if it is a well-formed list whose cells
/// carry nothing but `rdf:first` and `rdf:rest`.
fn list_items<'a>(graph: &'a Graph, head: TermRef<'a>) -> Option<Vec<TermRef<'a>>> {
    let mut items = Vec::new();
    let mut cell = head;
    let mut seen = HashSet::new();
    loop {
        let node = match cell {
            TermRef::NamedNode(n) if n == rdf::NIL => return Some(items),
            TermRef::BlankNode(b) if seen.insert(b) => b,
            _ => return None,
        };
        if graph.triples_for_subject(node).count() != 2 {
            return None;
        }
        items.push(graph.object_for_subject_predicate(node, rdf::FIRST)?);
        cell = graph.object_for_subject_predicate(node, rdf::REST)?;
    }
}

/// An IRI, with the well-known namespaces as prefixes.
fn compact(iri: NamedNodeRef<'_>) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, namespace)| {
            iri.as_str()
                .strip_prefix(namespace)
                .map(|local| format!("{prefix}{local}"))
        })
        .unwrap_or_else(|| iri.to_string())
}

// ---------------------------------------------------------------------------------------
// Running the tests

type Outcome = Result<(), String>;

/// Runs the tests on WORKERS threads; the outcomes come back in the order of `tests`.
fn run_all<'t>(tests: &[&'t TestCase]) -> Vec<(&'t TestCase, Outcome)> {
    let next = AtomicUsize::new(0);
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(test) = tests.get(index) else {
                            break done;
                        };
                        done.push((index, run(test)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a conformance worker panicked"))
            .collect()
    });
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes
        .into_iter()
        .map(|(index, outcome)| (tests[index], outcome))
        .collect()
}

/// Validates the test's data against its shapes with the binary and compares the reports.
fn run(test: &TestCase) -> Outcome {
    let (conforms_by_status, actual) = validate(test)?;
    let mut problems = test.expected.differences(&actual).unwrap_or_default();
    // The exit status is part of the contract too: scripts rely on it, not on the report.
    if conforms_by_status != actual.conforms() {
        problems += &format!(
            "  the exit status says conforms={conforms_by_status}, the report says {}\n",
            actual.conforms
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Runs `claimgraph validate --standalone` on the test's files; returns whether the exit
/// status says the data conforms, and the report written on stdout.
fn validate(test: &TestCase) -> Result<(bool, Report), String> {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.args(["validate", "--standalone", "--shapes"])
        .arg(&test.shapes)
        .arg(&test.data)
        .args(["--format", "turtle"])
        .timeout(TIMEOUT);
    let output = cmd
        .output()
        .map_err(|e| format!("  claimgraph did not run: {e}\n"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let conforms = match output.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => {
            return Err(format!(
                "  claimgraph failed ({}): {}\n",
                output.status,
                stderr.trim()
            ));
        }
    };
    let report = parse_turtle(&output.stdout, None)
        .and_then(|graph| Report::read_actual(&graph))
        .map_err(|e| {
            format!(
                "  unreadable report: {e}\n  stdout:\n{}\n",
                String::from_utf8_lossy(&output.stdout)
            )
        })?;
    Ok((conforms, report))
}

// ---------------------------------------------------------------------------------------
// The conformance table

/// Passed / failed / not applicable per folder, a total, and the not-applicable tests.
fn conformance_table(tests: &[TestCase], outcomes: &[(&TestCase, Outcome)]) -> String {
    #[derive(Default)]
    struct Counts {
        passed: usize,
        failed: usize,
        not_applicable: usize,
    }
    let mut folders: BTreeMap<&str, Counts> = BTreeMap::new();
    for test in tests {
        let counts = folders.entry(test.folder.as_str()).or_default();
        if not_applicable_reason(&test.name).is_some() {
            counts.not_applicable += 1;
        }
    }
    for (test, outcome) in outcomes {
        let counts = folders.entry(test.folder.as_str()).or_default();
        match outcome {
            Ok(()) => counts.passed += 1,
            Err(_) => counts.failed += 1,
        }
    }

    let mut table = String::from(
        "| Folder | Passed | Failed | Not applicable |\n| --- | ---: | ---: | ---: |\n",
    );
    let mut total = Counts::default();
    for (folder, counts) in &folders {
        table += &format!(
            "| {folder} | {} | {} | {} |\n",
            counts.passed, counts.failed, counts.not_applicable
        );
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.not_applicable += counts.not_applicable;
    }
    table += &format!(
        "| **Total** | **{}** | **{}** | **{}** |\n\n",
        total.passed, total.failed, total.not_applicable
    );

    if NOT_APPLICABLE.is_empty() {
        table += "Not applicable: none.\n";
    } else {
        table += "Not applicable:\n\n";
        for (name, reason) in NOT_APPLICABLE {
            table += &format!("- `{name}`: {reason}\n");
        }
    }
    table
}

/// Checks the table in DOCS against `table`, or with CLAIMGRAPH_BLESS=1 writes it there.
fn check_or_bless_docs(table: &str) -> Result<(), String> {
    let path = repo(DOCS);
    let docs = std::fs::read_to_string(&path).map_err(|e| format!("reading {DOCS}: {e}"))?;
    let (before, rest) = docs
        .split_once(TABLE_START)
        .ok_or_else(|| format!("{DOCS} has no {TABLE_START} marker"))?;
    let (current, after) = rest
        .split_once(TABLE_END)
        .ok_or_else(|| format!("{DOCS} has no {TABLE_END} marker"))?;
    if current.trim() == table.trim() {
        return Ok(());
    }
    if std::env::var_os("CLAIMGRAPH_BLESS").is_some_and(|v| v == "1") {
        let blessed = format!(
            "{before}{TABLE_START}\n{}\n{TABLE_END}{after}",
            table.trim()
        );
        std::fs::write(&path, blessed).map_err(|e| format!("writing {DOCS}: {e}"))?;
        println!("{DOCS}: table rewritten (CLAIMGRAPH_BLESS=1)");
        return Ok(());
    }
    Err(format!(
        "the conformance table in {DOCS} is not the one this run produced; if the change is \
         intended, rerun with CLAIMGRAPH_BLESS=1 to rewrite it.\n\nin {DOCS}:\n{}\n\nthis run:\n{}",
        current.trim(),
        table.trim()
    ))
}
