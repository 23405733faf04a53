//! The remote store read as patterns of quads, so that the checks a recording must pass
//! (names that must be known, the SHACL shapes, one current status per claim) run against a
//! shared store with the very code that runs them against the local one.
//!
//! Each pattern is one SELECT over the named graphs, where claimgraph keeps all its data (a
//! pattern on the default graph matches nothing). Answers are remembered for the life of the
//! view: a check asks the same pattern many times, and a view lives for one recording.

use super::Remote;
use crate::error::Result;
use crate::query::{Form, Sendable};
use crate::store::Quads;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
    TermRef,
};
use std::cell::RefCell;
use std::collections::HashMap;

/// The remote store's named graphs as [`Quads`].
pub(crate) struct RemoteQuads<'a> {
    remote: &'a Remote,
    answers: RefCell<HashMap<String, Vec<Quad>>>,
}

impl<'a> RemoteQuads<'a> {
    pub(crate) fn new(remote: &'a Remote) -> Self {
        Self {
            remote,
            answers: RefCell::default(),
        }
    }

    /// The store it reads.
    pub(crate) fn remote(&self) -> &'a Remote {
        self.remote
    }

    /// Forgets the answers, after a write that may have changed them.
    pub(crate) fn forget(&mut self) {
        self.answers.get_mut().clear();
    }
}

impl Quads for RemoteQuads<'_> {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>> {
        // A blank node is only a name within one answer: it cannot be asked about again.
        if matches!(subject, Some(NamedOrBlankNodeRef::BlankNode(_)))
            || matches!(object, Some(TermRef::BlankNode(_)))
            || matches!(
                graph,
                Some(GraphNameRef::DefaultGraph | GraphNameRef::BlankNode(_))
            )
        {
            return Ok(Vec::new());
        }
        let pattern = Pattern {
            subject: subject.map(|s| s.to_string()),
            predicate: predicate.map(|p| p.to_string()),
            object: object.map(|o| o.to_string()),
            graph: graph.map(|g| g.to_string()),
        };
        let text = pattern.select();
        if let Some(known) = self.answers.borrow().get(&text) {
            return Ok(known.clone());
        }
        let variables = pattern.variables();
        let query = Sendable {
            ordered: (!variables.is_empty())
                .then(|| format!("{text} ORDER BY {}", variables.join(" "))),
            ..Sendable::plain(&text, Form::Select)
        };
        let table = self.remote.select(&query)?;
        let column = |name: &str| table.variables.iter().position(|v| v.as_str() == name);
        let columns = pattern.parts().map(|(_, variable)| column(&variable[1..]));
        let engine = self.remote.engine();
        let mut quads = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let value = |bound: Option<TermRef<'_>>, at: usize| match bound {
                Some(term) => Some(term.into_owned()),
                None => columns[at].and_then(|c| row[c].clone()),
            };
            let (Some(s), Some(Term::NamedNode(p)), Some(o), Some(Term::NamedNode(g))) = (
                value(subject.map(Into::into), 0),
                value(predicate.map(Into::into), 1),
                value(object, 2),
                value(
                    graph.map(|g| match g {
                        GraphNameRef::NamedNode(n) => TermRef::from(n),
                        _ => unreachable!("only named graphs are asked for"),
                    }),
                    3,
                ),
            ) else {
                continue;
            };
            if engine.is_system_graph(g.as_str()) {
                continue;
            }
            let s = match s {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => NamedOrBlankNode::from(b),
                Term::Literal(_) => continue,
            };
            quads.push(Quad::new(s, p, o, GraphName::from(g)));
        }
        self.answers.borrow_mut().insert(text, quads.clone());
        Ok(quads)
    }
}

/// A quad pattern, its bound parts written as SPARQL terms.
struct Pattern {
    subject: Option<String>,
    predicate: Option<String>,
    object: Option<String>,
    graph: Option<String>,
}

impl Pattern {
    /// The variables of its unbound parts, in the order subject, predicate, object, graph.
    fn variables(&self) -> Vec<&'static str> {
        self.parts()
            .into_iter()
            .filter(|(bound, _)| bound.is_none())
            .map(|(_, variable)| variable)
            .collect()
    }

    /// Each part, bound or not, with the variable that stands for it.
    fn parts(&self) -> [(&Option<String>, &'static str); 4] {
        [
            (&self.subject, "?s"),
            (&self.predicate, "?p"),
            (&self.object, "?o"),
            (&self.graph, "?g"),
        ]
    }

    fn select(&self) -> String {
        let part = |bound: &Option<String>, variable: &str| {
            bound.clone().unwrap_or_else(|| variable.to_owned())
        };
        let variables = self.variables();
        // A fully bound pattern still needs a variable to select.
        let projection = if variables.is_empty() {
            "(1 AS ?found)".to_owned()
        } else {
            variables.join(" ")
        };
        format!(
            "SELECT {projection} WHERE {{ GRAPH {} {{ {} {} {} }} }}",
            part(&self.graph, "?g"),
            part(&self.subject, "?s"),
            part(&self.predicate, "?p"),
            part(&self.object, "?o"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_select_their_unbound_parts_in_order() {
        let pattern = Pattern {
            subject: Some("<http://x/a>".into()),
            predicate: None,
            object: Some("\"b\"@fr".into()),
            graph: None,
        };
        assert_eq!(
            pattern.select(),
            "SELECT ?p ?g WHERE { GRAPH ?g { <http://x/a> ?p \"b\"@fr } }"
        );
        let bound = Pattern {
            subject: Some("<http://x/a>".into()),
            predicate: Some("<http://x/p>".into()),
            object: Some("<http://x/b>".into()),
            graph: Some("<http://x/g>".into()),
        };
        assert_eq!(
            bound.select(),
            "SELECT (1 AS ?found) WHERE { GRAPH <http://x/g> { <http://x/a> <http://x/p> <http://x/b> } }"
        );
    }
}
