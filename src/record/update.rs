//! SPARQL Update as an edit: what a SPARQL client changes goes through the same checked write
//! as `claimgraph record`, so the manifest, the claim index and the status histories stay right.
//!
//! The store keeps one graph per input, each owned by whoever wrote it (see `load`), and the
//! edits graph for what users change by hand. An update therefore writes the edits graph only:
//! quads it adds or removes in the default graph are the edits graph's, and a quad another
//! graph states (a shipped file's, a loaded file's) is refused rather than changed behind its
//! owner's back. Graph management (`LOAD`, `CLEAR`, `CREATE`, `DROP`, and `ADD`/`MOVE`/`COPY`,
//! which are built on them) is the Graph Store Protocol's, where a graph is replaced whole.
//! `WHERE` clauses see the union of all graphs, as queries do.

use super::ledger::{conforms, focus_of};
use crate::error::{Error, Result};
use crate::query;
use crate::store::{ClaimStore, Edit};
use crate::validate::Shapes;
use crate::vocab::{EDITS_GRAPH, cg};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QuerySolution, Variable};
use spargebra::GraphUpdateOperation;
use spargebra::term::{
    GraphNamePattern, GroundQuad, GroundQuadPattern, GroundTerm, GroundTermPattern,
    NamedNodePattern, QuadPattern, TermPattern,
};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// What an update changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Updated {
    /// Quads added (those the store held already are not counted).
    pub inserted: usize,
    /// Quads removed (those the store did not hold are not counted).
    pub removed: usize,
}

/// Applies the SPARQL Update `text` to the edits graph as one checked write: all of it or,
/// on any error (a parse error, a graph it may not write, a `WHERE` past `timeout`, data that
/// no longer conforms to the shapes), none of it.
pub fn update(store: &mut ClaimStore, text: &str, timeout: Option<Duration>) -> Result<Updated> {
    let parsed = query::parse_update(text, "the update")?;
    for operation in &parsed.operations {
        if let Some(name) = graph_management(operation) {
            return Err(Error::GraphManagement {
                operation: name.into(),
            });
        }
    }
    let owners: HashMap<NamedNode, String> = store
        .records()
        .map(|(graph, record)| (graph, record.origin.to_string()))
        .collect();
    let shapes = Shapes::shipped()?;
    let (updated, touched) = store.apply_edit(
        |edit| {
            let mut run = Run {
                edit,
                owners: &owners,
                timeout,
                updated: Updated::default(),
                touched: Vec::new(),
            };
            for operation in &parsed.operations {
                run.operation(operation)?;
            }
            run.follow_histories()?;
            Ok((run.updated, run.touched))
        },
        |(_, touched), data| conforms(&shapes, data, &focus_of(touched)),
    )?;
    refresh_index(store, &touched)?;
    Ok(updated)
}

/// The keyword of an operation that manages whole graphs.
fn graph_management(operation: &GraphUpdateOperation) -> Option<&'static str> {
    match operation {
        GraphUpdateOperation::Load { .. } => Some("LOAD"),
        GraphUpdateOperation::Clear { .. } => Some("CLEAR"),
        GraphUpdateOperation::Create { .. } => Some("CREATE"),
        GraphUpdateOperation::Drop { .. } => Some("DROP (or ADD, MOVE, COPY)"),
        _ => None,
    }
}

/// An update being applied, operation by operation, each seeing what the ones before it did.
struct Run<'r, 'a, 't> {
    edit: &'r mut Edit<'a, 't>,
    owners: &'r HashMap<NamedNode, String>,
    timeout: Option<Duration>,
    updated: Updated,
    /// Every quad added or removed, for the shape check and the claim index.
    touched: Vec<Quad>,
}

impl Run<'_, '_, '_> {
    fn operation(&mut self, operation: &GraphUpdateOperation) -> Result<()> {
        match operation {
            GraphUpdateOperation::InsertData { data } => {
                // Blank nodes of INSERT DATA are new nodes, the same label being the same node
                // within the request.
                let mut fresh = HashMap::new();
                let quads: Vec<Quad> = data
                    .iter()
                    .map(|quad| {
                        Ok(Quad::new(
                            renamed(&quad.subject, &mut fresh),
                            quad.predicate.clone(),
                            match &quad.object {
                                Term::BlankNode(b) => fresh_node(b, &mut fresh).into(),
                                other => other.clone(),
                            },
                            self.target(&graph_of(&quad.graph_name))?,
                        ))
                    })
                    .collect::<Result<_>>()?;
                self.change(&[], &quads)
            }
            GraphUpdateOperation::DeleteData { data } => {
                let quads: Vec<Quad> = data
                    .iter()
                    .map(|quad| self.ground(quad))
                    .collect::<Result<_>>()?;
                self.change(&quads, &[])
            }
            GraphUpdateOperation::DeleteInsert {
                delete,
                insert,
                using,
                pattern,
            } => {
                let mut variables: Vec<Variable> = Vec::new();
                for template in delete {
                    ground_pattern_variables(template, &mut variables);
                }
                for template in insert {
                    pattern_variables(template, &mut variables);
                }
                let rows = query::solutions(
                    self.edit.data(),
                    pattern,
                    using.as_ref(),
                    variables,
                    self.timeout,
                )?;
                let mut removed = Vec::new();
                let mut added = Vec::new();
                for row in &rows {
                    for template in delete {
                        if let Some(quad) = instantiate_delete(template, row) {
                            removed.push(self.retarget(quad)?);
                        }
                    }
                    // Blank nodes of an INSERT template are new for every solution.
                    let mut fresh = HashMap::new();
                    for template in insert {
                        if let Some(quad) = instantiate_insert(template, row, &mut fresh) {
                            added.push(self.retarget(quad)?);
                        }
                    }
                }
                self.change(&removed, &added)
            }
            _ => unreachable!("graph management is refused before the edit starts"),
        }
    }

    /// Removes `remove`, then adds `add`. A quad to remove that the edits graph lacks but
    /// another graph states is refused: the edit cannot change another owner's graph.
    fn change(&mut self, remove: &[Quad], add: &[Quad]) -> Result<()> {
        for quad in remove {
            if self.edit.remove(quad)? {
                self.updated.removed += 1;
                self.touched.push(quad.clone());
            } else if let Some(graph) = self.stated_elsewhere(quad)? {
                return Err(self.foreign(&graph));
            }
        }
        for quad in add {
            if self.edit.insert(quad)? {
                self.updated.inserted += 1;
                self.touched.push(quad.clone());
            }
        }
        Ok(())
    }

    /// A graph other than the edits graph that states `quad`'s triple.
    fn stated_elsewhere(&self, quad: &Quad) -> Result<Option<NamedNode>> {
        for stated in self.edit.data().quads_for_pattern(
            Some(quad.subject.as_ref()),
            Some(quad.predicate.as_ref()),
            Some(quad.object.as_ref()),
            None,
        ) {
            if let GraphName::NamedNode(graph) = stated?.graph_name
                && graph.as_str() != EDITS_GRAPH
            {
                return Ok(Some(graph));
            }
        }
        Ok(None)
    }

    /// The graph a quad of the update goes to: the edits graph, for the default graph too.
    fn target(&self, graph: &GraphName) -> Result<GraphName> {
        match graph {
            GraphName::DefaultGraph => Ok(edits()),
            GraphName::NamedNode(named) if named.as_str() == EDITS_GRAPH => Ok(graph.clone()),
            GraphName::NamedNode(named) => Err(self.foreign(named)),
            GraphName::BlankNode(_) => unreachable!("SPARQL names graphs with IRIs"),
        }
    }

    fn retarget(&self, mut quad: Quad) -> Result<Quad> {
        quad.graph_name = self.target(&quad.graph_name)?;
        Ok(quad)
    }

    fn ground(&self, quad: &GroundQuad) -> Result<Quad> {
        Ok(Quad::new(
            quad.subject.clone(),
            quad.predicate.clone(),
            ground_term(&quad.object),
            self.target(&graph_of(&quad.graph_name))?,
        ))
    }

    fn foreign(&self, graph: &NamedNode) -> Error {
        Error::UpdateGraph {
            graph: graph.to_string(),
            owner: self.owners.get(graph).cloned(),
        }
    }

    /// Brings the status of every claim whose history the update touched in line with it:
    /// the claims given or losing a change, and those whose change nodes were edited.
    fn follow_histories(&mut self) -> Result<()> {
        let mut claims = HashSet::new();
        for quad in &self.touched {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            if quad.predicate == cg::STATUS_CHANGE {
                claims.insert(subject.clone());
            }
            for change in self.edit.data().quads_for_pattern(
                None,
                Some(cg::STATUS_CHANGE),
                Some(subject.as_ref().into()),
                None,
            ) {
                if let NamedOrBlankNode::NamedNode(claim) = change?.subject {
                    claims.insert(claim);
                }
            }
        }
        for claim in claims {
            self.edit.follow_history(claim);
        }
        Ok(())
    }
}

/// The graph name a quad of `INSERT DATA` or `DELETE DATA` gives.
fn graph_of(graph: &spargebra::term::GraphName) -> GraphName {
    match graph {
        spargebra::term::GraphName::NamedNode(n) => n.clone().into(),
        spargebra::term::GraphName::DefaultGraph => GraphName::DefaultGraph,
    }
}

fn edits() -> GraphName {
    NamedNode::new_unchecked(EDITS_GRAPH).into()
}

fn renamed(
    subject: &NamedOrBlankNode,
    fresh: &mut HashMap<BlankNode, BlankNode>,
) -> NamedOrBlankNode {
    match subject {
        NamedOrBlankNode::BlankNode(b) => fresh_node(b, fresh).into(),
        named => named.clone(),
    }
}

/// The new node that the blank node `label` of a request stands for.
fn fresh_node(label: &BlankNode, fresh: &mut HashMap<BlankNode, BlankNode>) -> BlankNode {
    fresh.entry(label.clone()).or_default().clone()
}

fn ground_term(term: &GroundTerm) -> Term {
    match term {
        GroundTerm::NamedNode(n) => n.clone().into(),
        GroundTerm::Literal(l) => l.clone().into(),
    }
}

fn push_variable(variable: &Variable, variables: &mut Vec<Variable>) {
    if !variables.contains(variable) {
        variables.push(variable.clone());
    }
}

fn ground_pattern_variables(template: &GroundQuadPattern, variables: &mut Vec<Variable>) {
    for term in [&template.subject, &template.object] {
        if let GroundTermPattern::Variable(v) = term {
            push_variable(v, variables);
        }
    }
    named_variables(&template.predicate, &template.graph_name, variables);
}

fn pattern_variables(template: &QuadPattern, variables: &mut Vec<Variable>) {
    for term in [&template.subject, &template.object] {
        if let TermPattern::Variable(v) = term {
            push_variable(v, variables);
        }
    }
    named_variables(&template.predicate, &template.graph_name, variables);
}

fn named_variables(
    predicate: &NamedNodePattern,
    graph: &GraphNamePattern,
    variables: &mut Vec<Variable>,
) {
    if let NamedNodePattern::Variable(v) = predicate {
        push_variable(v, variables);
    }
    if let GraphNamePattern::Variable(v) = graph {
        push_variable(v, variables);
    }
}

/// The quad a DELETE template stands for in `row`; `None` when a variable is unbound or bound
/// to a term that cannot stand there (SPARQL skips such a triple).
fn instantiate_delete(template: &GroundQuadPattern, row: &QuerySolution) -> Option<Quad> {
    let subject = match &template.subject {
        GroundTermPattern::NamedNode(n) => n.clone().into(),
        GroundTermPattern::Variable(v) => as_subject(row.get(v)?)?,
        GroundTermPattern::Literal(_) => return None,
    };
    let object = match &template.object {
        GroundTermPattern::NamedNode(n) => n.clone().into(),
        GroundTermPattern::Literal(l) => l.clone().into(),
        GroundTermPattern::Variable(v) => row.get(v)?.clone(),
    };
    Some(Quad::new(
        subject,
        predicate(&template.predicate, row)?,
        object,
        graph(&template.graph_name, row)?,
    ))
}

/// The quad an INSERT template stands for in `row`, its blank nodes new for the row.
fn instantiate_insert(
    template: &QuadPattern,
    row: &QuerySolution,
    fresh: &mut HashMap<BlankNode, BlankNode>,
) -> Option<Quad> {
    let mut term = |pattern: &TermPattern| -> Option<Term> {
        Some(match pattern {
            TermPattern::NamedNode(n) => n.clone().into(),
            TermPattern::Literal(l) => l.clone().into(),
            TermPattern::BlankNode(b) => fresh_node(b, fresh).into(),
            TermPattern::Variable(v) => row.get(v)?.clone(),
        })
    };
    let subject = as_subject(&term(&template.subject)?)?;
    let object = term(&template.object)?;
    Some(Quad::new(
        subject,
        predicate(&template.predicate, row)?,
        object,
        graph(&template.graph_name, row)?,
    ))
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

fn predicate(pattern: &NamedNodePattern, row: &QuerySolution) -> Option<NamedNode> {
    match pattern {
        NamedNodePattern::NamedNode(n) => Some(n.clone()),
        NamedNodePattern::Variable(v) => match row.get(v)? {
            Term::NamedNode(n) => Some(n.clone()),
            _ => None,
        },
    }
}

fn graph(pattern: &GraphNamePattern, row: &QuerySolution) -> Option<GraphName> {
    match pattern {
        GraphNamePattern::DefaultGraph => Some(GraphName::DefaultGraph),
        GraphNamePattern::NamedNode(n) => Some(n.clone().into()),
        GraphNamePattern::Variable(v) => match row.get(v)? {
            Term::NamedNode(n) => Some(n.clone().into()),
            _ => None,
        },
    }
}

/// Brings the claim index up to date: row by row when the update touched only claims and
/// their status changes, else by a rebuild at the next report (a source's new title changes
/// the rows of every claim that cites it).
fn refresh_index(store: &ClaimStore, touched: &[Quad]) -> Result<()> {
    let db = store.db();
    let claim_type = Term::from(cg::CLAIM.into_owned());
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for quad in touched {
        let subject = quad.subject.as_ref();
        let is_claim = db
            .quads_for_pattern(
                Some(subject),
                Some(rdf::TYPE),
                Some(claim_type.as_ref()),
                None,
            )
            .next()
            .transpose()?
            .is_some();
        if is_claim {
            let NamedOrBlankNode::NamedNode(claim) = &quad.subject else {
                return Ok(());
            };
            if quad.predicate == rdf::TYPE && quad.object == claim_type {
                added.push(claim.clone());
            } else {
                changed.push(claim.clone());
            }
            continue;
        }
        // A status change node: its claim's row changes.
        let mut claims = Vec::new();
        for change in
            db.quads_for_pattern(None, Some(cg::STATUS_CHANGE), Some(subject.into()), None)
        {
            match change?.subject {
                NamedOrBlankNode::NamedNode(claim) => claims.push(claim),
                NamedOrBlankNode::BlankNode(_) => return Ok(()),
            }
        }
        if claims.is_empty() {
            return Ok(());
        }
        changed.append(&mut claims);
    }
    added.sort();
    added.dedup();
    changed.sort();
    changed.dedup();
    changed.retain(|claim| added.binary_search(claim).is_err());
    crate::claims::update_index(store, &added, &changed)
}
