//! Reading a SHACL shapes graph into shapes the checker can run: every SHACL Core target,
//! constraint component and path, with the shapes they reference resolved to indices (so
//! that recursive shapes are a cycle of indices, not of ownership).

use super::graph::{self, shape_objects};
use super::path::Path;
use crate::error::{Error, Result};
use crate::vocab::sh;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
};
use regex::Regex;
use std::collections::{HashMap, HashSet};

/// The SHACL namespace.
pub(crate) const SH: &str = "http://www.w3.org/ns/shacl#";

/// Features beyond SHACL Core: a shape that uses one is refused, since skipping it would
/// pass data that its author meant to reject.
const BEYOND_CORE: &[&str] = &["sparql", "target", "rule", "js", "condition", "expression"];

/// One shape: its focus (a path for property shapes), targets and constraints.
#[derive(Debug)]
pub(crate) struct Shape {
    pub(crate) id: NamedOrBlankNode,
    pub(crate) path: Option<Path>,
    pub(crate) targets: Vec<Target>,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) messages: Vec<Literal>,
    pub(crate) severity: NamedNode,
    /// A deactivated shape is met by every node.
    pub(crate) deactivated: bool,
}

#[derive(Debug)]
pub(crate) enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// The node kinds a `sh:nodeKind` allows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeKinds {
    pub(crate) iri: bool,
    pub(crate) blank: bool,
    pub(crate) literal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

/// A constraint component with its parameters; shape references are indices into
/// [`super::Shapes`].
#[derive(Debug)]
pub(crate) enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NamedNode, NodeKinds),
    MinCount(usize),
    MaxCount(usize),
    Range(Bound, Term),
    MinLength(usize),
    MaxLength(usize),
    Pattern(Regex),
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    Not(usize),
    And(Vec<usize>),
    Or(Vec<usize>),
    Xone(Vec<usize>),
    Node(usize),
    Property(usize),
    Qualified {
        shape: usize,
        min: Option<usize>,
        max: Option<usize>,
        /// With `sh:qualifiedValueShapesDisjoint`: the sibling shapes a counted value must
        /// not conform to.
        siblings: Vec<usize>,
        disjoint: bool,
    },
    Closed {
        allowed: HashSet<NamedNode>,
    },
    HasValue(Term),
    In(Vec<Term>),
}

impl Constraint {
    /// The constraint component's local name, as in `sh:MinCountConstraintComponent`.
    pub(crate) fn component(&self) -> &'static str {
        match self {
            Constraint::Class(_) => "Class",
            Constraint::Datatype(_) => "Datatype",
            Constraint::NodeKind(..) => "NodeKind",
            Constraint::MinCount(_) => "MinCount",
            Constraint::MaxCount(_) => "MaxCount",
            Constraint::Range(Bound::MinInclusive, _) => "MinInclusive",
            Constraint::Range(Bound::MaxInclusive, _) => "MaxInclusive",
            Constraint::Range(Bound::MinExclusive, _) => "MinExclusive",
            Constraint::Range(Bound::MaxExclusive, _) => "MaxExclusive",
            Constraint::MinLength(_) => "MinLength",
            Constraint::MaxLength(_) => "MaxLength",
            Constraint::Pattern(_) => "Pattern",
            Constraint::LanguageIn(_) => "LanguageIn",
            Constraint::UniqueLang => "UniqueLang",
            Constraint::Equals(_) => "Equals",
            Constraint::Disjoint(_) => "Disjoint",
            Constraint::LessThan(_) => "LessThan",
            Constraint::LessThanOrEquals(_) => "LessThanOrEquals",
            Constraint::Not(_) => "Not",
            Constraint::And(_) => "And",
            Constraint::Or(_) => "Or",
            Constraint::Xone(_) => "Xone",
            Constraint::Node(_) => "Node",
            Constraint::Property(_) => "Property",
            Constraint::Qualified { .. } => "QualifiedValueShape",
            Constraint::Closed { .. } => "Closed",
            Constraint::HasValue(_) => "HasValue",
            Constraint::In(_) => "In",
        }
    }
}

/// Reads every shape of `graph`: the SHACL instances of `sh:NodeShape` and
/// `sh:PropertyShape`, the subjects of targets, and whatever shapes those reference.
pub(crate) fn read(graph: &Graph) -> Result<Vec<Shape>> {
    let mut reader = Reader {
        graph,
        shapes: Vec::new(),
        index: HashMap::new(),
        parents: HashMap::new(),
        unread: Vec::new(),
    };
    let mut roots: Vec<NamedOrBlankNode> = Vec::new();
    for class in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
        for subclass in reader.subclasses(class) {
            roots.extend(
                graph
                    .subjects_for_predicate_object(rdf::TYPE, &subclass)
                    .map(|s| s.into_owned()),
            );
        }
    }
    for target in [
        sh::TARGET_CLASS,
        sh::TARGET_NODE,
        sh::TARGET_SUBJECTS_OF,
        sh::TARGET_OBJECTS_OF,
    ] {
        roots.extend(
            graph
                .triples_for_predicate(target)
                .map(|t| t.subject.into_owned()),
        );
    }
    roots.sort_by_cached_key(ToString::to_string);
    roots.dedup();
    for root in &roots {
        reader.shape(root);
    }
    // Shapes are read from a work list, not by recursion, so that however deep shapes nest
    // in the graph, reading them takes no more stack.
    while let Some(index) = reader.unread.pop() {
        reader.fill(index)?;
    }
    reader.link_siblings();
    Ok(reader.shapes)
}

struct Reader<'a> {
    graph: &'a Graph,
    shapes: Vec<Shape>,
    index: HashMap<NamedOrBlankNode, usize>,
    /// For each property shape, the shapes that name it with `sh:property`.
    parents: HashMap<usize, Vec<usize>>,
    /// Shapes given an index but not read yet.
    unread: Vec<usize>,
}

impl Reader<'_> {
    fn objects(&self, id: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        shape_objects(self.graph, id, predicate)
    }

    /// True when the parameter's value is the term `true`; SHACL names no other, so
    /// `"1"^^xsd:boolean` leaves a component off.
    fn is_true(&self, id: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> bool {
        let r#true = Term::from(Literal::from(true));
        self.objects(id, predicate).contains(&r#true)
    }

    /// `class` and its subclasses in the shapes graph.
    fn subclasses(&self, class: NamedNodeRef<'_>) -> Vec<NamedNode> {
        let mut seen = vec![class.into_owned()];
        let mut next = 0;
        while next < seen.len() {
            let children: Vec<NamedNode> = self
                .graph
                .subjects_for_predicate_object(rdfs::SUB_CLASS_OF, &seen[next])
                .filter_map(|s| match s {
                    NamedOrBlankNodeRef::NamedNode(n) => Some(n.into_owned()),
                    _ => None,
                })
                .collect();
            for child in children {
                if !seen.contains(&child) {
                    seen.push(child);
                }
            }
            next += 1;
        }
        seen
    }

    /// True when `node` is a SHACL instance of `class` in the shapes graph.
    fn instance_of(&self, node: &NamedOrBlankNode, class: NamedNodeRef<'_>) -> bool {
        let classes = self.subclasses(class);
        self.graph
            .objects_for_subject_predicate(node, rdf::TYPE)
            .any(|t| matches!(t, TermRef::NamedNode(n) if classes.iter().any(|c| c.as_ref() == n)))
    }

    fn count(&self, id: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> Result<Vec<usize>> {
        self.objects(id, predicate)
            .into_iter()
            .map(|term| {
                match &term {
                    Term::Literal(l) => l.value().parse::<usize>().ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    Error::UnsupportedShapes(format!(
                        "{predicate} {term} on shape {id} is not a non-negative integer"
                    ))
                })
            })
            .collect()
    }

    fn shape_ref(&mut self, term: &Term) -> Result<usize> {
        let id = graph::subject(term).ok_or_else(|| {
            Error::UnsupportedShapes(format!("{term} where a shape was expected"))
        })?;
        Ok(self.shape(&id))
    }

    fn shape_list(&mut self, head: &Term) -> Result<Vec<usize>> {
        graph::list(self.graph, head)?
            .iter()
            .map(|member| self.shape_ref(member))
            .collect()
    }

    /// The index of shape `id`, to be read later if it is new.
    fn shape(&mut self, id: &NamedOrBlankNode) -> usize {
        if let Some(index) = self.index.get(id) {
            return *index;
        }
        let index = self.shapes.len();
        self.index.insert(id.clone(), index);
        self.shapes.push(Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            messages: Vec::new(),
            severity: sh::VIOLATION.into_owned(),
            deactivated: false,
        });
        self.unread.push(index);
        index
    }

    /// Reads shape `index` from the graph.
    fn fill(&mut self, index: usize) -> Result<()> {
        let id = self.shapes[index].id.clone();
        for triple in self.graph.triples_for_subject(&id) {
            if let Some(local) = triple.predicate.as_str().strip_prefix(SH)
                && BEYOND_CORE.contains(&local)
            {
                return Err(Error::UnsupportedShapes(format!(
                    "sh:{local} on shape {id} is not SHACL Core"
                )));
            }
        }
        let path = self
            .objects(&id, sh::PATH)
            .first()
            .map(|p| Path::parse(self.graph, p))
            .transpose()?;
        let messages = self
            .objects(&id, sh::MESSAGE)
            .into_iter()
            .filter_map(|m| match m {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect();
        let severity = self
            .objects(&id, sh::SEVERITY)
            .into_iter()
            .find_map(|s| match s {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .unwrap_or_else(|| sh::VIOLATION.into_owned());
        let deactivated = self.is_true(&id, sh::DEACTIVATED);
        let targets = self.targets(&id)?;
        let constraints = self.constraints(&id, index)?;
        self.shapes[index] = Shape {
            id,
            path,
            targets,
            constraints,
            messages,
            severity,
            deactivated,
        };
        Ok(())
    }

    fn targets(&self, id: &NamedOrBlankNode) -> Result<Vec<Target>> {
        let mut targets = Vec::new();
        for class in self.objects(id, sh::TARGET_CLASS) {
            targets.push(Target::Class(iri(&class)?));
        }
        // A shape that is also a class targets its own instances.
        if let NamedOrBlankNode::NamedNode(class) = id
            && self.instance_of(id, rdfs::CLASS)
        {
            targets.push(Target::Class(class.clone()));
        }
        for node in self.objects(id, sh::TARGET_NODE) {
            targets.push(Target::Node(node));
        }
        for p in self.objects(id, sh::TARGET_SUBJECTS_OF) {
            targets.push(Target::SubjectsOf(iri(&p)?));
        }
        for p in self.objects(id, sh::TARGET_OBJECTS_OF) {
            targets.push(Target::ObjectsOf(iri(&p)?));
        }
        Ok(targets)
    }

    fn constraints(&mut self, id: &NamedOrBlankNode, index: usize) -> Result<Vec<Constraint>> {
        let mut constraints = Vec::new();
        for class in self.objects(id, sh::CLASS) {
            constraints.push(Constraint::Class(iri(&class)?));
        }
        for datatype in self.objects(id, sh::DATATYPE) {
            constraints.push(Constraint::Datatype(iri(&datatype)?));
        }
        for kind in self.objects(id, sh::NODE_KIND) {
            let kind = iri(&kind)?;
            let kinds = node_kinds(&kind).ok_or_else(|| {
                Error::UnsupportedShapes(format!("{kind} on shape {id} is not a node kind"))
            })?;
            constraints.push(Constraint::NodeKind(kind, kinds));
        }
        for n in self.count(id, sh::MIN_COUNT)? {
            constraints.push(Constraint::MinCount(n));
        }
        for n in self.count(id, sh::MAX_COUNT)? {
            constraints.push(Constraint::MaxCount(n));
        }
        for (predicate, bound) in [
            (sh::MIN_INCLUSIVE, Bound::MinInclusive),
            (sh::MAX_INCLUSIVE, Bound::MaxInclusive),
            (sh::MIN_EXCLUSIVE, Bound::MinExclusive),
            (sh::MAX_EXCLUSIVE, Bound::MaxExclusive),
        ] {
            for value in self.objects(id, predicate) {
                constraints.push(Constraint::Range(bound, value));
            }
        }
        for n in self.count(id, sh::MIN_LENGTH)? {
            constraints.push(Constraint::MinLength(n));
        }
        for n in self.count(id, sh::MAX_LENGTH)? {
            constraints.push(Constraint::MaxLength(n));
        }
        for pattern in self.objects(id, sh::PATTERN) {
            constraints.push(Constraint::Pattern(self.pattern(id, &pattern)?));
        }
        for list in self.objects(id, sh::LANGUAGE_IN) {
            let tags = graph::list(self.graph, &list)?
                .into_iter()
                .map(|t| match t {
                    Term::Literal(l) => Ok(l.value().to_ascii_lowercase()),
                    other => Err(Error::UnsupportedShapes(format!(
                        "{other} in sh:languageIn of {id} is not a language tag"
                    ))),
                })
                .collect::<Result<_>>()?;
            constraints.push(Constraint::LanguageIn(tags));
        }
        if self.is_true(id, sh::UNIQUE_LANG) {
            constraints.push(Constraint::UniqueLang);
        }
        for (predicate, make) in [
            (
                sh::EQUALS,
                Constraint::Equals as fn(NamedNode) -> Constraint,
            ),
            (sh::DISJOINT, Constraint::Disjoint),
            (sh::LESS_THAN, Constraint::LessThan),
            (sh::LESS_THAN_OR_EQUALS, Constraint::LessThanOrEquals),
        ] {
            for property in self.objects(id, predicate) {
                constraints.push(make(iri(&property)?));
            }
        }
        for shape in self.objects(id, sh::NOT) {
            constraints.push(Constraint::Not(self.shape_ref(&shape)?));
        }
        for (predicate, make) in [
            (sh::AND, Constraint::And as fn(Vec<usize>) -> Constraint),
            (sh::OR, Constraint::Or),
            (sh::XONE, Constraint::Xone),
        ] {
            for list in self.objects(id, predicate) {
                constraints.push(make(self.shape_list(&list)?));
            }
        }
        for shape in self.objects(id, sh::NODE) {
            constraints.push(Constraint::Node(self.shape_ref(&shape)?));
        }
        for shape in self.objects(id, sh::PROPERTY) {
            let property = self.shape_ref(&shape)?;
            self.parents.entry(property).or_default().push(index);
            constraints.push(Constraint::Property(property));
        }
        for shape in self.objects(id, sh::QUALIFIED_VALUE_SHAPE) {
            let min = self.count(id, sh::QUALIFIED_MIN_COUNT)?.first().copied();
            let max = self.count(id, sh::QUALIFIED_MAX_COUNT)?.first().copied();
            if min.is_some() || max.is_some() {
                constraints.push(Constraint::Qualified {
                    shape: self.shape_ref(&shape)?,
                    min,
                    max,
                    siblings: Vec::new(),
                    disjoint: self.is_true(id, sh::QUALIFIED_VALUE_SHAPES_DISJOINT),
                });
            }
        }
        if self.is_true(id, sh::CLOSED) {
            // The properties of the shape's own property shapes, as their paths name them
            // (read from the graph: those shapes may not have been read yet).
            let mut allowed = HashSet::new();
            for shape in self.objects(id, sh::PROPERTY) {
                if let Some(node) = graph::subject(&shape) {
                    for path in self.objects(&node, sh::PATH) {
                        if let Term::NamedNode(p) = path {
                            allowed.insert(p);
                        }
                    }
                }
            }
            for list in self.objects(id, sh::IGNORED_PROPERTIES) {
                for member in graph::list(self.graph, &list)? {
                    allowed.insert(iri(&member)?);
                }
            }
            constraints.push(Constraint::Closed { allowed });
        }
        for value in self.objects(id, sh::HAS_VALUE) {
            constraints.push(Constraint::HasValue(value));
        }
        for list in self.objects(id, sh::IN) {
            constraints.push(Constraint::In(graph::list(self.graph, &list)?));
        }
        Ok(constraints)
    }

    /// `sh:pattern` with its `sh:flags`, as SPARQL's REGEX reads them.
    fn pattern(&self, id: &NamedOrBlankNode, pattern: &Term) -> Result<Regex> {
        let Term::Literal(pattern) = pattern else {
            return Err(Error::UnsupportedShapes(format!(
                "sh:pattern {pattern} on {id} is not a string"
            )));
        };
        let flags = match self.objects(id, sh::FLAGS).first() {
            Some(Term::Literal(flags)) => flags.value().to_owned(),
            _ => String::new(),
        };
        let mut source = pattern.value().to_owned();
        if flags.contains('q') {
            source = regex::escape(&source);
        }
        let inline: String = flags.chars().filter(|c| "ismx".contains(*c)).collect();
        if !inline.is_empty() {
            source = format!("(?{inline}){source}");
        }
        Regex::new(&source)
            .map_err(|e| Error::UnsupportedShapes(format!("sh:pattern on {id}: {e}")))
    }

    /// Fills in the sibling shapes of each disjoint qualified constraint: the qualified
    /// value shapes of the other property shapes of the same parents.
    fn link_siblings(&mut self) {
        for index in 0..self.shapes.len() {
            let parents = self.parents.get(&index).cloned().unwrap_or_default();
            let mut siblings_of = Vec::new();
            for (position, constraint) in self.shapes[index].constraints.iter().enumerate() {
                let Constraint::Qualified {
                    shape: own,
                    disjoint: true,
                    ..
                } = constraint
                else {
                    continue;
                };
                let mut siblings = Vec::new();
                for parent in &parents {
                    for property in self.shapes[*parent].constraints.iter() {
                        let Constraint::Property(property) = property else {
                            continue;
                        };
                        for c in &self.shapes[*property].constraints {
                            if let Constraint::Qualified { shape, .. } = c
                                && shape != own
                                && !siblings.contains(shape)
                            {
                                siblings.push(*shape);
                            }
                        }
                    }
                }
                siblings_of.push((position, siblings));
            }
            for (position, found) in siblings_of {
                if let Constraint::Qualified { siblings, .. } =
                    &mut self.shapes[index].constraints[position]
                {
                    *siblings = found;
                }
            }
        }
    }
}

fn iri(term: &Term) -> Result<NamedNode> {
    match term {
        Term::NamedNode(n) => Ok(n.clone()),
        other => Err(Error::UnsupportedShapes(format!(
            "{other} where an IRI was expected"
        ))),
    }
}

fn node_kinds(kind: &NamedNode) -> Option<NodeKinds> {
    let kinds = |iri, blank, literal| {
        Some(NodeKinds {
            iri,
            blank,
            literal,
        })
    };
    match kind.as_ref() {
        k if k == sh::IRI => kinds(true, false, false),
        k if k == sh::BLANK_NODE => kinds(false, true, false),
        k if k == sh::LITERAL => kinds(false, false, true),
        k if k == sh::BLANK_NODE_OR_IRI => kinds(true, true, false),
        k if k == sh::BLANK_NODE_OR_LITERAL => kinds(false, true, true),
        k if k == sh::IRI_OR_LITERAL => kinds(true, false, true),
        _ => None,
    }
}
