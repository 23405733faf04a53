//! Running shapes over data: focus nodes from targets, value nodes along paths, and each
//! constraint component as SHACL Core defines it.
//!
//! Shapes may reference themselves (`sh:node`, `sh:property`, the logical components).
//! SHACL leaves the meaning of such recursion open; this checker reads it the way the
//! greatest fixed point does: while a node is being checked against a shape, a nested
//! check of the same node against the same shape is taken to conform. So recursion over
//! cyclic data ends, and what it reports does not depend on where a cycle was entered.
//! Nesting deeper than [`graph::MAX_NESTING`] is an error, not a stack overflow.

use super::graph;
use super::path::Path;
use super::report::ValidationResult;
use super::shapes::{Bound, Constraint, Shape, Target};
use super::values::{compare, has_datatype};
use crate::error::{Error, Result};
use crate::store::Quads;
use crate::vocab::rdfs;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, Term};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Results as they are found; a conformance check stops at the first.
pub(crate) struct Found {
    pub(crate) results: Vec<ValidationResult>,
    first_only: bool,
}

impl Found {
    pub(crate) fn all() -> Self {
        Found {
            results: Vec::new(),
            first_only: false,
        }
    }

    fn first() -> Self {
        Found {
            results: Vec::new(),
            first_only: true,
        }
    }

    fn done(&self) -> bool {
        self.first_only && !self.results.is_empty()
    }
}

/// Walks the data for one validation run, caching what many focus nodes ask again.
pub(crate) struct Checker<'a> {
    data: &'a dyn Quads,
    shapes: &'a [Shape],
    /// A class and every class it is a subclass of, transitively.
    superclasses: HashMap<NamedNode, HashSet<NamedNode>>,
    /// The classes of nodes met so far: many focus nodes name the same few (a claimant, a
    /// source), whose types would otherwise be read again for each.
    types: HashMap<Term, Vec<NamedNode>>,
    /// The (shape, node) checks in progress, for recursive shapes.
    in_progress: HashSet<(usize, Term)>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(data: &'a dyn Quads, shapes: &'a [Shape]) -> Self {
        Checker {
            data,
            shapes,
            superclasses: HashMap::new(),
            types: HashMap::new(),
            in_progress: HashSet::new(),
        }
    }

    /// Checks every target of every shape.
    pub(crate) fn check_all(&mut self, found: &mut Found) -> Result<()> {
        let shapes = self.shapes;
        for (index, shape) in shapes.iter().enumerate() {
            if shape.deactivated || shape.targets.is_empty() {
                continue;
            }
            for focus in self.focus_nodes(shape)? {
                self.validate(index, &focus, found)?;
            }
        }
        Ok(())
    }

    /// Checks `focus` against every shape that targets it.
    pub(crate) fn check_node(&mut self, focus: &Term, found: &mut Found) -> Result<()> {
        let shapes = self.shapes;
        for (index, shape) in shapes.iter().enumerate() {
            if !shape.deactivated && self.targets(shape, focus)? {
                self.validate(index, focus, found)?;
            }
        }
        Ok(())
    }

    fn superclasses(&mut self, class: &NamedNode) -> Result<&HashSet<NamedNode>> {
        if !self.superclasses.contains_key(class) {
            let mut seen = HashSet::from([class.clone()]);
            let mut todo = vec![class.clone()];
            while let Some(next) = todo.pop() {
                for parent in graph::objects(self.data, &next.into(), rdfs::SUB_CLASS_OF)? {
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
            for child in graph::subjects(self.data, rdfs::SUB_CLASS_OF, &next.into())? {
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

    /// True when `node` is a SHACL instance of `class`: typed with it or a subclass of it.
    fn instance_of(&mut self, node: &Term, class: &NamedNode) -> Result<bool> {
        let types = match self.types.get(node) {
            Some(types) => types.clone(),
            None => {
                let types: Vec<NamedNode> = graph::objects(self.data, node, rdf::TYPE)?
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

    fn focus_nodes(&self, shape: &Shape) -> Result<Vec<Term>> {
        let mut nodes = Vec::new();
        for target in &shape.targets {
            match target {
                Target::Class(class) => {
                    for subclass in self.subclasses(class)? {
                        nodes.extend(graph::subjects(self.data, rdf::TYPE, &subclass.into())?);
                    }
                }
                Target::Node(node) => nodes.push(node.clone()),
                Target::SubjectsOf(p) => nodes.extend(
                    self.data
                        .quads(None, Some(p.as_ref()), None, None)?
                        .into_iter()
                        .map(|q| Term::from(q.subject)),
                ),
                Target::ObjectsOf(p) => nodes.extend(
                    self.data
                        .quads(None, Some(p.as_ref()), None, None)?
                        .into_iter()
                        .map(|q| q.object),
                ),
            }
        }
        graph::dedup(&mut nodes);
        Ok(nodes)
    }

    /// True when `shape` targets `node`.
    fn targets(&mut self, shape: &Shape, node: &Term) -> Result<bool> {
        for target in &shape.targets {
            let hit = match target {
                Target::Class(class) => self.instance_of(node, class)?,
                Target::Node(target) => target == node,
                Target::SubjectsOf(p) => !graph::objects(self.data, node, p.as_ref())?.is_empty(),
                Target::ObjectsOf(p) => !graph::subjects(self.data, p.as_ref(), node)?.is_empty(),
            };
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// True when `node` conforms to shape `index`: checking it finds nothing, whatever the
    /// severity.
    fn conforms(&mut self, index: usize, node: &Term) -> Result<bool> {
        let mut found = Found::first();
        self.validate(index, node, &mut found)?;
        Ok(found.results.is_empty())
    }

    /// Checks `focus` against shape `index`, adding what breaks its constraints to `found`.
    fn validate(&mut self, index: usize, focus: &Term, found: &mut Found) -> Result<()> {
        let key = (index, focus.clone());
        if self.in_progress.contains(&key) {
            return Ok(());
        }
        if self.in_progress.len() >= graph::MAX_NESTING {
            return Err(Error::UnsupportedShapes(format!(
                "checking {focus} against {} nests shapes more than {} levels deep",
                self.shapes[index].id,
                graph::MAX_NESTING
            )));
        }
        self.in_progress.insert(key.clone());
        let checked = self.validate_constraints(index, focus, found);
        self.in_progress.remove(&key);
        checked
    }

    fn validate_constraints(
        &mut self,
        index: usize,
        focus: &Term,
        found: &mut Found,
    ) -> Result<()> {
        let shapes = self.shapes;
        let shape = &shapes[index];
        if shape.deactivated {
            return Ok(());
        }
        let values = match &shape.path {
            Some(path) => path.values(self.data, focus)?,
            None => vec![focus.clone()],
        };
        for (position, constraint) in shape.constraints.iter().enumerate() {
            // A result at `path`: the shape's own, except for sh:closed, whose results name
            // the property that is not allowed.
            let report_at =
                |found: &mut Found, component, value: Option<&Term>, path: Option<Path>| {
                    found.results.push(ValidationResult {
                        focus: focus.clone(),
                        path,
                        value: value.cloned(),
                        component,
                        shape: index,
                        constraint: position,
                    });
                };
            let report = |found: &mut Found, component, value: Option<&Term>| {
                report_at(found, component, value, shape.path.clone());
            };
            let component = constraint.component();
            match constraint {
                Constraint::MinCount(min) => {
                    if values.len() < *min {
                        report(found, component, None);
                    }
                }
                Constraint::MaxCount(max) => {
                    if values.len() > *max {
                        report(found, component, None);
                    }
                }
                Constraint::HasValue(expected) => {
                    if !values.contains(expected) {
                        report(found, component, None);
                    }
                }
                Constraint::UniqueLang => {
                    let mut counts: Vec<(&str, usize)> = Vec::new();
                    for value in &values {
                        if let Term::Literal(l) = value
                            && let Some(lang) = l.language()
                        {
                            match counts.iter_mut().find(|(seen, _)| *seen == lang) {
                                Some((_, n)) => *n += 1,
                                None => counts.push((lang, 1)),
                            }
                        }
                    }
                    for _ in counts.iter().filter(|(_, n)| *n > 1) {
                        report(found, component, None);
                    }
                }
                Constraint::Equals(property) => {
                    let others = graph::objects(self.data, focus, property.as_ref())?;
                    for value in values.iter().filter(|v| !others.contains(v)) {
                        report(found, component, Some(value));
                    }
                    for other in others.iter().filter(|o| !values.contains(o)) {
                        report(found, component, Some(other));
                    }
                }
                Constraint::Disjoint(property) => {
                    let others = graph::objects(self.data, focus, property.as_ref())?;
                    for value in values.iter().filter(|v| others.contains(v)) {
                        report(found, component, Some(value));
                    }
                }
                Constraint::LessThan(property) | Constraint::LessThanOrEquals(property) => {
                    let or_equal = matches!(constraint, Constraint::LessThanOrEquals(_));
                    let others = graph::objects(self.data, focus, property.as_ref())?;
                    for value in &values {
                        let fails = others.iter().any(|other| match compare(value, other) {
                            Some(Ordering::Less) => false,
                            Some(Ordering::Equal) => !or_equal,
                            _ => true,
                        });
                        if fails {
                            report(found, component, Some(value));
                        }
                    }
                }
                Constraint::Property(property) => {
                    for value in &values {
                        self.validate(*property, value, found)?;
                        if found.done() {
                            return Ok(());
                        }
                    }
                }
                Constraint::Qualified {
                    shape: qualified,
                    min,
                    max,
                    siblings,
                    ..
                } => {
                    let mut conforming = 0;
                    for value in &values {
                        if self.conforms(*qualified, value)?
                            && !self.conforms_to_any(siblings, value)?
                        {
                            conforming += 1;
                        }
                    }
                    if min.is_some_and(|min| conforming < min) {
                        report(found, "QualifiedMinCount", None);
                    }
                    if max.is_some_and(|max| conforming > max) {
                        report(found, "QualifiedMaxCount", None);
                    }
                }
                Constraint::Closed { allowed } => {
                    for value in &values {
                        let Some(subject) = graph::subject(value) else {
                            continue;
                        };
                        for quad in self.data.quads(Some(subject.as_ref()), None, None, None)? {
                            if !allowed.contains(&quad.predicate) {
                                let path = Path::Predicate(quad.predicate);
                                report_at(found, component, Some(&quad.object), Some(path));
                            }
                        }
                    }
                }
                _ => {
                    for value in &values {
                        if !self.value_conforms(constraint, value)? {
                            report(found, component, Some(value));
                            if found.done() {
                                return Ok(());
                            }
                        }
                    }
                }
            }
            if found.done() {
                return Ok(());
            }
        }
        Ok(())
    }

    fn conforms_to_any(&mut self, shapes: &[usize], value: &Term) -> Result<bool> {
        for shape in shapes {
            if self.conforms(*shape, value)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether one value node meets a component that judges each value on its own.
    fn value_conforms(&mut self, constraint: &Constraint, value: &Term) -> Result<bool> {
        Ok(match constraint {
            Constraint::Class(class) => self.instance_of(value, class)?,
            Constraint::Datatype(datatype) => has_datatype(value, datatype.as_ref()),
            Constraint::NodeKind(_, kinds) => match value {
                Term::NamedNode(_) => kinds.iri,
                Term::BlankNode(_) => kinds.blank,
                Term::Literal(_) => kinds.literal,
                #[allow(unreachable_patterns)]
                _ => false,
            },
            Constraint::In(allowed) => allowed.contains(value),
            Constraint::Pattern(regex) => lexical(value).is_some_and(|text| regex.is_match(text)),
            Constraint::LanguageIn(tags) => match value {
                Term::Literal(l) => l.language().is_some_and(|lang| {
                    let lang = lang.to_ascii_lowercase();
                    tags.iter().any(|tag| language_matches(&lang, tag))
                }),
                _ => false,
            },
            Constraint::MinLength(min) => lexical(value).is_some_and(|t| t.chars().count() >= *min),
            Constraint::MaxLength(max) => lexical(value).is_some_and(|t| t.chars().count() <= *max),
            Constraint::Range(bound, limit) => compare(value, limit).is_some_and(|o| match bound {
                Bound::MinInclusive => o.is_ge(),
                Bound::MaxInclusive => o.is_le(),
                Bound::MinExclusive => o.is_gt(),
                Bound::MaxExclusive => o.is_lt(),
            }),
            Constraint::Node(shape) => self.conforms(*shape, value)?,
            Constraint::Not(shape) => !self.conforms(*shape, value)?,
            Constraint::And(members) => {
                for member in members {
                    if !self.conforms(*member, value)? {
                        return Ok(false);
                    }
                }
                true
            }
            Constraint::Or(members) => self.conforms_to_any(members, value)?,
            Constraint::Xone(members) => {
                let mut conforming = 0;
                for member in members {
                    if self.conforms(*member, value)? {
                        conforming += 1;
                    }
                }
                conforming == 1
            }
            _ => true,
        })
    }
}

/// SPARQL's `langMatches`: a tag matches a range equal to it or a prefix of it up to a
/// hyphen (`en-GB` matches `en`); the range `*` matches any tag.
fn language_matches(tag: &str, range: &str) -> bool {
    range == "*"
        || tag == range
        || (tag.len() > range.len()
            && tag.starts_with(range)
            && tag.as_bytes()[range.len()] == b'-')
}

/// The text a string constraint reads: a literal's lexical form or an IRI; blank nodes
/// have none.
fn lexical(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}
