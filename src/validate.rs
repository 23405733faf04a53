//! SHACL validation of the knowledge base against `ontology/shapes.ttl`.
//!
//! No maintained Rust SHACL engine builds against oxigraph 0.5 without pulling in an HTTP
//! stack, so this module implements the SHACL Core constraints the shapes use, reading the
//! shapes from `shapes.ttl` at run time: that file stays the one source of truth. A shape that
//! uses anything else is refused with an error rather than silently passed, and the test suite
//! checks that pySHACL and this validator report the same violations.

use crate::error::{Error, Result};
use crate::parse::{self, Input};
use crate::store::{ClaimStore, Overlay, Quads};
use crate::vocab::rdfs;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use oxigraph::store::Store;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// The shapes shipped with claimgraph.
pub const SHIPPED_SHAPES: &str = include_str!("../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

pub use crate::violation::Violation;

#[derive(Debug, Clone)]
enum PathExpr {
    Predicate(NamedNode),
    Inverse(Box<PathExpr>),
    Sequence(Vec<PathExpr>),
    Alternative(Vec<PathExpr>),
    ZeroOrMore(Box<PathExpr>),
    OneOrMore(Box<PathExpr>),
    ZeroOrOne(Box<PathExpr>),
}

impl std::fmt::Display for PathExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |f: &mut std::fmt::Formatter<'_>, parts: &[PathExpr], sep: &str| {
            write!(f, "(")?;
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, "{sep}")?;
                }
                write!(f, "{part}")?;
            }
            write!(f, ")")
        };
        match self {
            PathExpr::Predicate(p) => write!(f, "{p}"),
            PathExpr::Inverse(p) => write!(f, "^{p}"),
            PathExpr::Sequence(parts) => join(f, parts, "/"),
            PathExpr::Alternative(parts) => join(f, parts, "|"),
            PathExpr::ZeroOrMore(p) => write!(f, "{p}*"),
            PathExpr::OneOrMore(p) => write!(f, "{p}+"),
            PathExpr::ZeroOrOne(p) => write!(f, "{p}?"),
        }
    }
}

#[derive(Debug, Clone)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NamedNode),
    In(Vec<Term>),
    HasValue(Term),
    Pattern(Regex),
    LanguageIn(Vec<String>),
    UniqueLang,
    MinLength(usize),
    MaxLength(usize),
    Range(RangeKind, Literal),
    /// A property shape: it reports its own violations.
    Property(usize),
    Node(usize),
    Not(usize),
    And(Vec<usize>),
    Or(Vec<usize>),
    Xone(Vec<usize>),
    Qualified {
        shape: usize,
        min: Option<usize>,
        max: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeKind {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

#[derive(Debug, Clone)]
struct Shape {
    id: String,
    path: Option<PathExpr>,
    targets: Vec<Target>,
    constraints: Vec<Constraint>,
    message: Option<String>,
    severity: String,
}

#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// Parsed shapes, ready to check data.
#[derive(Debug)]
pub struct Shapes {
    shapes: Vec<Shape>,
}

/// The shape-describing predicates this validator understands; anything else in the `sh:`
/// namespace on a shape is refused.
const UNDERSTOOD: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "property",
    "path",
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "in",
    "hasValue",
    "pattern",
    "flags",
    "languageIn",
    "uniqueLang",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "node",
    "not",
    "and",
    "or",
    "xone",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
];

struct ShapesParser<'a> {
    graph: &'a Graph,
    shapes: Vec<Shape>,
    index: HashMap<NamedOrBlankNode, usize>,
}

impl Shapes {
    /// Parses SHACL shapes from Turtle.
    pub fn parse(turtle: &str, file: &str) -> Result<Self> {
        let mut graph = Graph::new();
        for quad in parse::turtle_quads(turtle, file, None) {
            graph.insert(&oxigraph::model::Triple::from(quad?));
        }
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        for class in ["NodeShape", "PropertyShape"] {
            let class = sh(class);
            for subject in graph.subjects_for_predicate_object(rdf::TYPE, &class) {
                roots.push(subject.into_owned());
            }
        }
        for target in [
            "targetClass",
            "targetNode",
            "targetSubjectsOf",
            "targetObjectsOf",
        ] {
            for triple in graph.triples_for_predicate(&sh(target)) {
                roots.push(triple.subject.into_owned());
            }
        }
        roots.sort_by_cached_key(ToString::to_string);
        roots.dedup();
        let mut parser = ShapesParser {
            graph: &graph,
            shapes: Vec::new(),
            index: HashMap::new(),
        };
        for root in roots {
            parser.shape(&root)?;
        }
        Ok(Shapes {
            shapes: parser.shapes,
        })
    }

    /// The shapes shipped in `ontology/shapes.ttl`.
    pub fn shipped() -> Result<Self> {
        Self::parse(SHIPPED_SHAPES, "ontology/shapes.ttl")
    }

    /// Checks the whole store (the union of its graphs) and returns the violations, sorted.
    pub fn validate(&self, store: &ClaimStore) -> Result<Vec<Violation>> {
        self.check(store.db())
    }

    /// Checks the store with `inputs` added, as they would join it, without changing it: a
    /// claim in a new file may name actors and sources that the store already has. Each input
    /// goes into the graph a load would give it.
    pub fn validate_with(
        &self,
        store: &ClaimStore,
        inputs: Vec<Input<'_>>,
    ) -> Result<Vec<Violation>> {
        let scratch = Store::new()?;
        let mut loader = scratch.bulk_loader();
        for input in inputs {
            let graph = input.default_graph()?;
            loader.load_ok_quads::<Error, Error>(parse::quads(input, None, Some(&graph))?)?;
        }
        loader.commit()?;
        self.check(&Overlay {
            over: &scratch,
            base: store.db(),
            new_subjects: None,
        })
    }

    /// Checks the nodes in `focus` (those that some shape targets) in `data`: what a write
    /// that adds or changes those nodes must check before it commits.
    pub(crate) fn check_nodes(&self, data: &dyn Quads, focus: &[Term]) -> Result<Vec<Violation>> {
        let mut checker = self.checker(data);
        let mut violations = Vec::new();
        for (index, shape) in self.shapes.iter().enumerate() {
            for node in focus {
                if checker.targets(shape, node)? {
                    checker.check(index, node, &mut violations)?;
                }
            }
        }
        violations.sort();
        violations.dedup();
        Ok(violations)
    }

    fn checker<'a>(&'a self, data: &'a dyn Quads) -> Checker<'a> {
        Checker {
            data,
            shapes: &self.shapes,
            superclasses: HashMap::new(),
            types: HashMap::new(),
        }
    }

    /// Checks every target of every shape in `data` (the union of its graphs).
    fn check(&self, data: &dyn Quads) -> Result<Vec<Violation>> {
        let mut checker = self.checker(data);
        let mut violations = Vec::new();
        for (index, shape) in self.shapes.iter().enumerate() {
            for focus in checker.focus_nodes(shape)? {
                checker.check(index, &focus, &mut violations)?;
            }
        }
        violations.sort();
        violations.dedup();
        Ok(violations)
    }
}

impl ShapesParser<'_> {
    fn object(&self, subject: &NamedOrBlankNode, predicate: &str) -> Option<Term> {
        self.graph
            .object_for_subject_predicate(subject, &sh(predicate))
            .map(TermRef::into_owned)
    }

    fn objects(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<Term> {
        let mut objects: Vec<Term> = self
            .graph
            .objects_for_subject_predicate(subject, &sh(predicate))
            .map(TermRef::into_owned)
            .collect();
        objects.sort_by_cached_key(ToString::to_string);
        objects
    }

    fn list(&self, head: &Term) -> Result<Vec<Term>> {
        let mut items = Vec::new();
        let mut node = head.clone();
        while node != Term::from(rdf::NIL) {
            let subject = as_subject(&node)?;
            let first = self
                .graph
                .object_for_subject_predicate(&subject, rdf::FIRST);
            let rest = self.graph.object_for_subject_predicate(&subject, rdf::REST);
            let (Some(first), Some(rest)) = (first, rest) else {
                return Err(Error::UnsupportedShapes(format!(
                    "{node} is not a well-formed RDF list"
                )));
            };
            items.push(first.into_owned());
            node = rest.into_owned();
        }
        Ok(items)
    }

    fn count(&self, subject: &NamedOrBlankNode, predicate: &str) -> Result<Option<usize>> {
        self.object(subject, predicate)
            .map(|term| {
                match &term {
                    Term::Literal(l) => l.value().parse::<usize>().ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    Error::UnsupportedShapes(format!("sh:{predicate} {term} is not a count"))
                })
            })
            .transpose()
    }

    fn shapes_in(&mut self, head: &Term) -> Result<Vec<usize>> {
        self.list(head)?
            .iter()
            .map(|member| self.shape(&as_subject(member)?))
            .collect()
    }

    fn shape(&mut self, id: &NamedOrBlankNode) -> Result<usize> {
        if let Some(index) = self.index.get(id) {
            return Ok(*index);
        }
        let index = self.shapes.len();
        self.index.insert(id.clone(), index);
        self.shapes.push(Shape {
            id: id.to_string(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            message: None,
            severity: "Violation".into(),
        });
        for triple in self.graph.triples_for_subject(id) {
            if let Some(local) = triple.predicate.as_str().strip_prefix(SH)
                && !UNDERSTOOD.contains(&local)
            {
                return Err(Error::UnsupportedShapes(format!(
                    "sh:{local} on shape {id}"
                )));
            }
        }
        let path = self.object(id, "path").map(|p| self.path(&p)).transpose()?;
        let message = self
            .objects(id, "message")
            .into_iter()
            .filter_map(|m| match m {
                Term::Literal(l) => Some((l.value().to_owned(), l.language().map(str::to_owned))),
                _ => None,
            });
        let message = crate::labels::pick_language(message, "en");
        let severity = self
            .object(id, "severity")
            .map(|s| {
                s.to_string()
                    .trim_matches(['<', '>'])
                    .trim_start_matches(SH)
                    .to_owned()
            })
            .unwrap_or_else(|| "Violation".into());
        let deactivated =
            matches!(self.object(id, "deactivated"), Some(Term::Literal(l)) if l.value() == "true");

        let mut targets = Vec::new();
        for class in self.objects(id, "targetClass") {
            targets.push(Target::Class(as_named(&class)?));
        }
        if self.graph.contains(oxigraph::model::TripleRef::new(
            id,
            rdf::TYPE,
            oxigraph::model::vocab::rdfs::CLASS,
        )) && let NamedOrBlankNode::NamedNode(class) = id
        {
            targets.push(Target::Class(class.clone()));
        }
        for node in self.objects(id, "targetNode") {
            targets.push(Target::Node(node));
        }
        for p in self.objects(id, "targetSubjectsOf") {
            targets.push(Target::SubjectsOf(as_named(&p)?));
        }
        for p in self.objects(id, "targetObjectsOf") {
            targets.push(Target::ObjectsOf(as_named(&p)?));
        }

        let mut constraints = Vec::new();
        if let Some(n) = self.count(id, "minCount")? {
            constraints.push(Constraint::MinCount(n));
        }
        if let Some(n) = self.count(id, "maxCount")? {
            constraints.push(Constraint::MaxCount(n));
        }
        if let Some(n) = self.count(id, "minLength")? {
            constraints.push(Constraint::MinLength(n));
        }
        if let Some(n) = self.count(id, "maxLength")? {
            constraints.push(Constraint::MaxLength(n));
        }
        for datatype in self.objects(id, "datatype") {
            constraints.push(Constraint::Datatype(as_named(&datatype)?));
        }
        for class in self.objects(id, "class") {
            constraints.push(Constraint::Class(as_named(&class)?));
        }
        for kind in self.objects(id, "nodeKind") {
            constraints.push(Constraint::NodeKind(as_named(&kind)?));
        }
        for list in self.objects(id, "in") {
            constraints.push(Constraint::In(self.list(&list)?));
        }
        for value in self.objects(id, "hasValue") {
            constraints.push(Constraint::HasValue(value));
        }
        if let Some(pattern) = self.object(id, "pattern") {
            let flags = match self.object(id, "flags") {
                Some(Term::Literal(flags)) => flags.value().to_owned(),
                _ => String::new(),
            };
            let Term::Literal(pattern) = pattern else {
                return Err(Error::UnsupportedShapes(format!(
                    "sh:pattern on {id} is not a string"
                )));
            };
            let source = if flags.is_empty() {
                pattern.value().to_owned()
            } else {
                format!("(?{flags}){}", pattern.value())
            };
            let regex = Regex::new(&source)
                .map_err(|e| Error::UnsupportedShapes(format!("sh:pattern on {id}: {e}")))?;
            constraints.push(Constraint::Pattern(regex));
        }
        for list in self.objects(id, "languageIn") {
            let tags = self
                .list(&list)?
                .into_iter()
                .map(|t| match t {
                    Term::Literal(l) => Ok(l.value().to_ascii_lowercase()),
                    other => Err(Error::UnsupportedShapes(format!("language tag {other}"))),
                })
                .collect::<Result<_>>()?;
            constraints.push(Constraint::LanguageIn(tags));
        }
        if matches!(self.object(id, "uniqueLang"), Some(Term::Literal(l)) if l.value() == "true") {
            constraints.push(Constraint::UniqueLang);
        }
        for (name, kind) in [
            ("minInclusive", RangeKind::MinInclusive),
            ("maxInclusive", RangeKind::MaxInclusive),
            ("minExclusive", RangeKind::MinExclusive),
            ("maxExclusive", RangeKind::MaxExclusive),
        ] {
            if let Some(bound) = self.object(id, name) {
                let Term::Literal(bound) = bound else {
                    return Err(Error::UnsupportedShapes(format!(
                        "sh:{name} on {id} is not a literal"
                    )));
                };
                constraints.push(Constraint::Range(kind, bound));
            }
        }
        for node in self.objects(id, "node") {
            let shape = self.shape(&as_subject(&node)?)?;
            constraints.push(Constraint::Node(shape));
        }
        for node in self.objects(id, "not") {
            let shape = self.shape(&as_subject(&node)?)?;
            constraints.push(Constraint::Not(shape));
        }
        for (name, make) in [
            ("and", Constraint::And as fn(Vec<usize>) -> Constraint),
            ("or", Constraint::Or),
            ("xone", Constraint::Xone),
        ] {
            for list in self.objects(id, name) {
                let members = self.shapes_in(&list)?;
                constraints.push(make(members));
            }
        }
        if let Some(qualified) = self.object(id, "qualifiedValueShape") {
            if matches!(self.object(id, "qualifiedValueShapesDisjoint"), Some(Term::Literal(l)) if l.value() == "true")
            {
                return Err(Error::UnsupportedShapes(format!(
                    "sh:qualifiedValueShapesDisjoint on {id}"
                )));
            }
            let shape = self.shape(&as_subject(&qualified)?)?;
            constraints.push(Constraint::Qualified {
                shape,
                min: self.count(id, "qualifiedMinCount")?,
                max: self.count(id, "qualifiedMaxCount")?,
            });
        }
        for property in self.objects(id, "property") {
            let shape = self.shape(&as_subject(&property)?)?;
            constraints.push(Constraint::Property(shape));
        }
        let shape = &mut self.shapes[index];
        shape.path = path;
        shape.targets = if deactivated { Vec::new() } else { targets };
        shape.constraints = if deactivated { Vec::new() } else { constraints };
        shape.message = message;
        shape.severity = severity;
        Ok(index)
    }

    fn path(&self, term: &Term) -> Result<PathExpr> {
        if let Term::NamedNode(predicate) = term {
            return Ok(PathExpr::Predicate(predicate.clone()));
        }
        let subject = as_subject(term)?;
        if self
            .graph
            .object_for_subject_predicate(&subject, rdf::FIRST)
            .is_some()
        {
            return Ok(PathExpr::Sequence(
                self.list(term)?
                    .iter()
                    .map(|p| self.path(p))
                    .collect::<Result<_>>()?,
            ));
        }
        let wrap = |name: &str| {
            self.object(&subject, name)
                .map(|p| self.path(&p).map(Box::new))
        };
        if let Some(inner) = wrap("inversePath") {
            return Ok(PathExpr::Inverse(inner?));
        }
        if let Some(inner) = wrap("zeroOrMorePath") {
            return Ok(PathExpr::ZeroOrMore(inner?));
        }
        if let Some(inner) = wrap("oneOrMorePath") {
            return Ok(PathExpr::OneOrMore(inner?));
        }
        if let Some(inner) = wrap("zeroOrOnePath") {
            return Ok(PathExpr::ZeroOrOne(inner?));
        }
        if let Some(list) = self.object(&subject, "alternativePath") {
            return Ok(PathExpr::Alternative(
                self.list(&list)?
                    .iter()
                    .map(|p| self.path(p))
                    .collect::<Result<_>>()?,
            ));
        }
        Err(Error::UnsupportedShapes(format!("the path {term}")))
    }
}

fn as_subject(term: &Term) -> Result<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Ok(n.clone().into()),
        Term::BlankNode(b) => Ok(b.clone().into()),
        other => Err(Error::UnsupportedShapes(format!(
            "{other} where a node was expected"
        ))),
    }
}

fn as_named(term: &Term) -> Result<NamedNode> {
    match term {
        Term::NamedNode(n) => Ok(n.clone()),
        other => Err(Error::UnsupportedShapes(format!(
            "{other} where an IRI was expected"
        ))),
    }
}

/// Walks the data for one validation run, caching class hierarchies.
struct Checker<'a> {
    data: &'a dyn Quads,
    shapes: &'a [Shape],
    /// A class and every class it is a subclass of, transitively.
    superclasses: HashMap<NamedNode, HashSet<NamedNode>>,
    /// The classes of nodes met so far: many focus nodes name the same few (a claimant, a
    /// source), whose types would otherwise be read again for each.
    types: HashMap<Term, Vec<NamedNode>>,
}

impl Checker<'_> {
    fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        let subject = match subject {
            Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
            _ => return Ok(Vec::new()),
        };
        Ok(self
            .data
            .quads(Some(subject.as_ref()), Some(predicate), None, None)?
            .into_iter()
            .map(|q| q.object)
            .collect())
    }

    fn subjects(&self, predicate: NamedNodeRef<'_>, object: Option<&Term>) -> Result<Vec<Term>> {
        Ok(self
            .data
            .quads(None, Some(predicate), object.map(Term::as_ref), None)?
            .into_iter()
            .map(|q| q.subject.into())
            .collect())
    }

    fn superclasses(&mut self, class: &NamedNode) -> Result<&HashSet<NamedNode>> {
        if !self.superclasses.contains_key(class) {
            let mut seen = HashSet::from([class.clone()]);
            let mut todo = vec![class.clone()];
            while let Some(next) = todo.pop() {
                for parent in self.objects(&next.into(), rdfs::SUB_CLASS_OF)? {
                    if let Term::NamedNode(parent) = parent
                        && seen.insert(parent.clone())
                    {
                        todo.push(parent);
                    }
                }
            }
            self.superclasses.insert(class.clone(), seen);
        }
        Ok(&self.superclasses[class])
    }

    fn subclasses(&self, class: &NamedNode) -> Result<Vec<NamedNode>> {
        let mut seen = vec![class.clone()];
        let mut todo = vec![class.clone()];
        while let Some(next) = todo.pop() {
            for child in self.subjects(rdfs::SUB_CLASS_OF, Some(&next.into()))? {
                if let Term::NamedNode(child) = child
                    && !seen.contains(&child)
                {
                    seen.push(child.clone());
                    todo.push(child);
                }
            }
        }
        Ok(seen)
    }

    fn instance_of(&mut self, node: &Term, class: &NamedNode) -> Result<bool> {
        let types = match self.types.get(node) {
            Some(types) => types.clone(),
            None => {
                let types: Vec<NamedNode> = self
                    .objects(node, rdf::TYPE)?
                    .into_iter()
                    .filter_map(|t| match t {
                        Term::NamedNode(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                self.types.insert(node.clone(), types.clone());
                types
            }
        };
        for class_of_node in &types {
            if self.superclasses(class_of_node)?.contains(class) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn focus_nodes(&mut self, shape: &Shape) -> Result<Vec<Term>> {
        let mut nodes = Vec::new();
        for target in &shape.targets {
            match target {
                Target::Class(class) => {
                    for subclass in self.subclasses(class)? {
                        nodes.extend(self.subjects(rdf::TYPE, Some(&subclass.into()))?);
                    }
                }
                Target::Node(node) => nodes.push(node.clone()),
                Target::SubjectsOf(p) => nodes.extend(self.subjects(p.as_ref(), None)?),
                Target::ObjectsOf(p) => {
                    for quad in self.data.quads(None, Some(p.as_ref()), None, None)? {
                        nodes.push(quad.object);
                    }
                }
            }
        }
        nodes.sort_by_cached_key(ToString::to_string);
        nodes.dedup();
        Ok(nodes)
    }

    /// True when `shape` targets `node`.
    fn targets(&mut self, shape: &Shape, node: &Term) -> Result<bool> {
        for target in &shape.targets {
            let hit = match target {
                Target::Class(class) => self.instance_of(node, class)?,
                Target::Node(target) => target == node,
                Target::SubjectsOf(p) => !self.objects(node, p.as_ref())?.is_empty(),
                Target::ObjectsOf(p) => !self
                    .data
                    .quads(None, Some(p.as_ref()), Some(node.as_ref()), None)?
                    .is_empty(),
            };
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn step(&self, from: &[Term], path: &PathExpr, inverse: bool) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        match path {
            PathExpr::Predicate(p) => {
                for node in from {
                    if inverse {
                        out.extend(self.subjects(p.as_ref(), Some(node))?);
                    } else {
                        out.extend(self.objects(node, p.as_ref())?);
                    }
                }
            }
            PathExpr::Inverse(inner) => out = self.step(from, inner, !inverse)?,
            PathExpr::Sequence(parts) => {
                let mut current = from.to_vec();
                let ordered: Vec<&PathExpr> = if inverse {
                    parts.iter().rev().collect()
                } else {
                    parts.iter().collect()
                };
                for part in ordered {
                    current = self.step(&current, part, inverse)?;
                }
                out = current;
            }
            PathExpr::Alternative(parts) => {
                for part in parts {
                    out.extend(self.step(from, part, inverse)?);
                }
            }
            PathExpr::ZeroOrOne(inner) => {
                out.extend(from.iter().cloned());
                out.extend(self.step(from, inner, inverse)?);
            }
            PathExpr::ZeroOrMore(inner) | PathExpr::OneOrMore(inner) => {
                let mut seen: Vec<Term> = if matches!(path, PathExpr::ZeroOrMore(_)) {
                    from.to_vec()
                } else {
                    Vec::new()
                };
                let mut frontier = from.to_vec();
                while !frontier.is_empty() {
                    let next: Vec<Term> = self
                        .step(&frontier, inner, inverse)?
                        .into_iter()
                        .filter(|n| !seen.contains(n))
                        .collect();
                    seen.extend(next.iter().cloned());
                    frontier = next;
                }
                out = seen;
            }
        }
        // Each value once, in the order found: the violations are sorted at the end, so no
        // order is needed here, and sorting by text cost most of a large import's check.
        let mut seen = HashSet::with_capacity(out.len());
        out.retain(|term| seen.insert(term.clone()));
        Ok(out)
    }

    fn conforms(&mut self, shape: usize, node: &Term) -> Result<bool> {
        let mut found = Vec::new();
        self.check(shape, node, &mut found)?;
        Ok(found.is_empty())
    }

    fn check(&mut self, index: usize, focus: &Term, out: &mut Vec<Violation>) -> Result<()> {
        let shapes = self.shapes;
        let shape = &shapes[index];
        let values = match &shape.path {
            Some(path) => self.step(std::slice::from_ref(focus), path, false)?,
            None => vec![focus.clone()],
        };
        let report =
            |out: &mut Vec<Violation>, component: &str, value: Option<&Term>, default: String| {
                out.push(Violation {
                    focus: focus.to_string(),
                    path: shape.path.as_ref().map(ToString::to_string),
                    value: value.map(ToString::to_string),
                    component: format!("sh:{component}ConstraintComponent"),
                    severity: shape.severity.clone(),
                    message: shape.message.clone().unwrap_or(default),
                    shape: shape.id.clone(),
                })
            };
        for constraint in &shape.constraints {
            match constraint {
                Constraint::MinCount(min) if values.len() < *min => report(
                    out,
                    "MinCount",
                    None,
                    format!("at least {min} value(s) expected, found {}", values.len()),
                ),
                Constraint::MaxCount(max) if values.len() > *max => report(
                    out,
                    "MaxCount",
                    None,
                    format!("at most {max} value(s) expected, found {}", values.len()),
                ),
                Constraint::MinCount(_) | Constraint::MaxCount(_) => {}
                Constraint::HasValue(expected) if !values.contains(expected) => report(
                    out,
                    "HasValue",
                    None,
                    format!("the value {expected} is missing"),
                ),
                Constraint::HasValue(_) => {}
                Constraint::UniqueLang => {
                    let mut seen = HashSet::new();
                    let mut reported = HashSet::new();
                    for value in &values {
                        if let Term::Literal(l) = value
                            && let Some(lang) = l.language()
                            && !seen.insert(lang.to_owned())
                            && reported.insert(lang.to_owned())
                        {
                            report(
                                out,
                                "UniqueLang",
                                None,
                                format!("more than one value in language {lang}"),
                            );
                        }
                    }
                }
                Constraint::Property(property) => {
                    for value in &values {
                        self.check(*property, value, out)?;
                    }
                }
                Constraint::Qualified {
                    shape: qualified,
                    min,
                    max,
                } => {
                    let mut conforming = 0;
                    for value in &values {
                        if self.conforms(*qualified, value)? {
                            conforming += 1;
                        }
                    }
                    if min.is_some_and(|min| conforming < min) {
                        report(
                            out,
                            "QualifiedMinCount",
                            None,
                            format!(
                                "at least {} value(s) of the qualified shape expected, found {conforming}",
                                min.unwrap_or(0)
                            ),
                        );
                    }
                    if max.is_some_and(|max| conforming > max) {
                        report(
                            out,
                            "QualifiedMaxCount",
                            None,
                            format!(
                                "at most {} value(s) of the qualified shape expected, found {conforming}",
                                max.unwrap_or(0)
                            ),
                        );
                    }
                }
                _ => {
                    for value in &values {
                        if let Some((component, why)) = self.value_failure(constraint, value)? {
                            report(out, component, Some(value), why);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks one value against a value-type, value-range, string or logical constraint.
    fn value_failure(
        &mut self,
        constraint: &Constraint,
        value: &Term,
    ) -> Result<Option<(&'static str, String)>> {
        let failure = match constraint {
            Constraint::Datatype(datatype) => (!has_datatype(value, datatype)).then(|| {
                (
                    "Datatype",
                    format!("expected a valid literal of type {datatype}"),
                )
            }),
            Constraint::Class(class) => (!self.instance_of(value, class)?)
                .then(|| ("Class", format!("expected an instance of {class}"))),
            Constraint::NodeKind(kind) => (!has_node_kind(value, kind))
                .then(|| ("NodeKind", format!("expected a node of kind {kind}"))),
            Constraint::In(allowed) => (!allowed.contains(value))
                .then(|| ("In", "the value is not among the allowed values".to_owned())),
            Constraint::Pattern(regex) => (lexical(value).is_none_or(|text| !regex.is_match(text)))
                .then(|| {
                    (
                        "Pattern",
                        format!("the value does not match /{}/", regex.as_str()),
                    )
                }),
            Constraint::LanguageIn(tags) => {
                let ok = matches!(value, Term::Literal(l) if l.language().is_some_and(|lang| {
                    let lang = lang.to_ascii_lowercase();
                    tags.iter().any(|t| lang == *t || lang.starts_with(&format!("{t}-")))
                }));
                (!ok).then(|| {
                    (
                        "LanguageIn",
                        format!("expected a language among {}", tags.join(", ")),
                    )
                })
            }
            Constraint::MinLength(min) => (lexical(value).is_none_or(|t| t.chars().count() < *min))
                .then(|| ("MinLength", format!("expected at least {min} characters"))),
            Constraint::MaxLength(max) => (lexical(value).is_none_or(|t| t.chars().count() > *max))
                .then(|| ("MaxLength", format!("expected at most {max} characters"))),
            Constraint::Range(kind, bound) => {
                let ordering = match value {
                    Term::Literal(l) => compare_literals(l, bound),
                    _ => None,
                };
                let ok = ordering.is_some_and(|o| match kind {
                    RangeKind::MinInclusive => o.is_ge(),
                    RangeKind::MaxInclusive => o.is_le(),
                    RangeKind::MinExclusive => o.is_gt(),
                    RangeKind::MaxExclusive => o.is_lt(),
                });
                let (component, relation) = match kind {
                    RangeKind::MinInclusive => ("MinInclusive", ">="),
                    RangeKind::MaxInclusive => ("MaxInclusive", "<="),
                    RangeKind::MinExclusive => ("MinExclusive", ">"),
                    RangeKind::MaxExclusive => ("MaxExclusive", "<"),
                };
                (!ok).then(|| {
                    (
                        component,
                        format!("expected a value {relation} {}", bound.value()),
                    )
                })
            }
            Constraint::Node(shape) => (!self.conforms(*shape, value)?).then(|| {
                (
                    "Node",
                    format!("the value does not conform to {}", self.shapes[*shape].id),
                )
            }),
            Constraint::Not(shape) => (self.conforms(*shape, value)?).then(|| {
                (
                    "Not",
                    format!(
                        "the value conforms to {}, which it must not",
                        self.shapes[*shape].id
                    ),
                )
            }),
            Constraint::And(members) | Constraint::Or(members) | Constraint::Xone(members) => {
                let mut conforming = 0;
                for member in members {
                    if self.conforms(*member, value)? {
                        conforming += 1;
                    }
                }
                match constraint {
                    Constraint::And(_) => (conforming < members.len())
                        .then(|| ("And", "the value does not conform to every shape of sh:and".to_owned())),
                    Constraint::Or(_) => (conforming == 0)
                        .then(|| ("Or", "the value conforms to none of the shapes of sh:or".to_owned())),
                    _ => (conforming != 1)
                        .then(|| ("Xone", format!("the value conforms to {conforming} shapes of sh:xone, not exactly one"))),
                }
            }
            _ => None,
        };
        Ok(failure)
    }
}

/// The text a string constraint applies to: a literal's lexical form or an IRI; blank nodes
/// have none.
fn lexical(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn has_node_kind(term: &Term, kind: &NamedNode) -> bool {
    let local = kind.as_str().strip_prefix(SH).unwrap_or_default();
    match term {
        Term::NamedNode(_) => ["IRI", "BlankNodeOrIRI", "IRIOrLiteral"].contains(&local),
        Term::BlankNode(_) => {
            ["BlankNode", "BlankNodeOrIRI", "BlankNodeOrLiteral"].contains(&local)
        }
        Term::Literal(_) => ["Literal", "BlankNodeOrLiteral", "IRIOrLiteral"].contains(&local),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// True when `term` is a literal of `datatype` whose lexical form is valid for it (SHACL's
/// sh:datatype rejects ill-typed literals such as `"2026-02-30"^^xsd:date`).
fn has_datatype(term: &Term, datatype: &NamedNode) -> bool {
    let Term::Literal(literal) = term else {
        return false;
    };
    if literal.datatype() != datatype.as_ref() {
        return false;
    }
    let value = literal.value();
    let dt = datatype.as_ref();
    if dt == xsd::DATE {
        oxsdatatypes::Date::from_str(value).is_ok()
    } else if dt == xsd::DATE_TIME {
        oxsdatatypes::DateTime::from_str(value).is_ok()
    } else if dt == xsd::G_YEAR {
        oxsdatatypes::GYear::from_str(value).is_ok()
    } else if dt == xsd::G_YEAR_MONTH {
        oxsdatatypes::GYearMonth::from_str(value).is_ok()
    } else if dt == xsd::INTEGER || dt == xsd::NON_NEGATIVE_INTEGER || dt == xsd::POSITIVE_INTEGER {
        oxsdatatypes::Integer::from_str(value).is_ok_and(|i| {
            (dt != xsd::NON_NEGATIVE_INTEGER || i >= 0.into())
                && (dt != xsd::POSITIVE_INTEGER || i > 0.into())
        })
    } else if dt == xsd::DECIMAL {
        oxsdatatypes::Decimal::from_str(value).is_ok()
    } else if dt == xsd::DOUBLE || dt == xsd::FLOAT {
        oxsdatatypes::Double::from_str(value).is_ok()
    } else if dt == xsd::BOOLEAN {
        oxsdatatypes::Boolean::from_str(value).is_ok()
    } else {
        true
    }
}

/// Compares two literals by value: numbers numerically, dates and other same-typed values by
/// their lexical form (which orders xsd:date, gYear and gYearMonth correctly for years 1000–9999).
fn compare_literals(a: &Literal, b: &Literal) -> Option<std::cmp::Ordering> {
    let number = |l: &Literal| {
        let dt = l.datatype();
        let numeric = [
            xsd::INTEGER,
            xsd::DECIMAL,
            xsd::DOUBLE,
            xsd::FLOAT,
            xsd::INT,
            xsd::LONG,
        ]
        .contains(&dt);
        numeric.then(|| l.value().parse::<f64>().ok()).flatten()
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ if a.datatype() == b.datatype() && a.language().is_none() => {
            Some(a.value().cmp(b.value()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    #[test]
    fn ill_typed_dates_are_rejected() {
        let date = |v: &str| Term::from(Literal::new_typed_literal(v, xsd::DATE));
        assert!(has_datatype(&date("2026-04-26"), &xsd::DATE.into_owned()));
        assert!(!has_datatype(&date("2026-02-30"), &xsd::DATE.into_owned()));
        assert!(!has_datatype(&date("April 2026"), &xsd::DATE.into_owned()));
    }

    #[test]
    fn unsupported_features_are_refused() {
        let shapes = "@prefix sh: <http://www.w3.org/ns/shacl#> .
            <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .";
        assert!(matches!(
            Shapes::parse(shapes, "test.ttl"),
            Err(Error::UnsupportedShapes(_))
        ));
    }

    #[test]
    fn min_count_and_datatype() {
        let shapes = Shapes::parse(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .
             @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
             <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;
               sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:datatype xsd:date ] .",
            "test.ttl",
        )
        .unwrap();
        let data = Store::new().unwrap();
        data.load_from_slice(
            RdfFormat::Turtle,
            "<urn:a> a <urn:C> . <urn:b> a <urn:C> ; <urn:p> \"x\" . <urn:c> a <urn:C> ; <urn:p> \"2026-01-01\"^^<http://www.w3.org/2001/XMLSchema#date> .",
        )
        .unwrap();
        let violations = shapes.check(&data).unwrap();
        let focus = [Term::from(NamedNode::new_unchecked("urn:b"))];
        let targeted = shapes.check_nodes(&data, &focus).unwrap();
        assert_eq!(targeted.len(), 1);
        assert_eq!(targeted[0].focus, "<urn:b>");
        let found: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.focus.as_str(), v.component.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("<urn:a>", "sh:MinCountConstraintComponent"),
                ("<urn:b>", "sh:DatatypeConstraintComponent")
            ]
        );
    }
}
