//! Canonical labels for blank nodes, so that an export depends only on the data.
//!
//! The store gives blank nodes random labels, so an exporter has to name them by their place in
//! the graph. Exact canonical labelling is as hard as graph isomorphism, and oxigraph's own
//! canonicalisation recurses and branches: on a chain of 10,000 nested `[ ]` it overflowed the
//! stack, and on a ring of 1,000 blank nodes it ran for minutes. This labelling is iterative
//! and near-linear on the structures data actually has (chains, trees, rings, many copies of
//! one small structure):
//!
//! 1. each blank node starts with a colour: a hash of the IRIs and literals around it;
//! 2. colour refinement splits classes of equal colour by their neighbours' colours, and after
//!    a split only the neighbours of the nodes that moved are looked at again, while the
//!    largest part of a split class keeps its colour (Hopcroft's rule). On a chain or a ring,
//!    each round touches a handful of nodes;
//! 3. when refinement is stable and a colour is still shared, one node of the smallest such
//!    class is singled out and refinement goes on.
//!
//! Every decision depends on colours only, never on the store's labels, so the result is the
//! same for the same data. Where step 3 picks among nodes that no automorphism maps onto each
//! other (which needs a regular structure colour refinement cannot tell apart), two exports
//! of the same data could differ in their labels; they are still the same graph.
//!
//! The work is bounded: past [`WORK_LIMIT`] neighbour visits the labelling stops with an error
//! instead of running away.

use crate::error::{Error, Result};
use oxigraph::model::{BlankNode, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeSet, HashMap};

/// Neighbour visits after which labelling gives up: far beyond any structure of blank nodes
/// seen in real data (a ring of a million blank nodes needs about four million).
pub(crate) const WORK_LIMIT: u64 = 500_000_000;

/// `triples` with their blank nodes relabelled `b{first}`, `b{first + 1}` … in canonical
/// order, sorted and without duplicates. Returns them with the number of blank nodes.
pub(crate) fn relabel(triples: Vec<Triple>, first: usize) -> Result<(Vec<Triple>, usize)> {
    let graph = BlankGraph::new(&triples);
    let order = graph.canonical_order(WORK_LIMIT)?;
    let labels: Vec<BlankNode> = (0..order.len())
        .map(|rank| BlankNode::new_unchecked(format!("b{}", first + rank)))
        .collect();
    let mut label_of = vec![0; order.len()];
    for (rank, node) in order.iter().enumerate() {
        label_of[*node] = rank;
    }
    let relabel_subject = |subject: NamedOrBlankNode| match subject {
        NamedOrBlankNode::BlankNode(b) => labels[label_of[graph.index[&b]]].clone().into(),
        named => named,
    };
    let relabel_object = |object: Term| match object {
        Term::BlankNode(b) => labels[label_of[graph.index[&b]]].clone().into(),
        other => other,
    };
    let mut relabelled: Vec<Triple> = triples
        .into_iter()
        .map(|t| {
            Triple::new(
                relabel_subject(t.subject),
                t.predicate,
                relabel_object(t.object),
            )
        })
        .collect();
    relabelled.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    relabelled.dedup();
    Ok((relabelled, order.len()))
}

/// The blank nodes of some triples, with what surrounds each.
struct BlankGraph {
    index: HashMap<BlankNode, usize>,
    /// Each node's starting colour.
    initial: Vec<u64>,
    /// Edges between blank nodes, by node: `edges[offsets[n]..offsets[n + 1]]`, each an edge
    /// label (predicate and direction) and the node at its other end.
    offsets: Vec<usize>,
    edges: Vec<(u64, usize)>,
}

const OUT: u64 = 0x6f75_7467_6f69_6e67;
const IN: u64 = 0x696e_636f_6d69_6e67;
const ANOTHER_BLANK: u64 = 0x626c_616e_6b00_0001;
const ITSELF: u64 = 0x6974_7365_6c66_0002;
const UNCHANGED: u64 = 0x756e_6368_616e_6765;
const SINGLED_OUT: u64 = 0x7369_6e67_6c65_6400;

impl BlankGraph {
    fn new(triples: &[Triple]) -> Self {
        let mut index = HashMap::new();
        let mut node = |b: &BlankNode| {
            let next = index.len();
            *index.entry(b.clone()).or_insert(next)
        };
        // (node, edge label, other blank node)
        let mut links: Vec<(usize, u64, usize)> = Vec::new();
        let mut features: Vec<(usize, u64)> = Vec::new();
        for triple in triples {
            let predicate = hash_str(triple.predicate.as_str());
            let subject = match &triple.subject {
                NamedOrBlankNode::BlankNode(b) => Some(node(b)),
                NamedOrBlankNode::NamedNode(_) => None,
            };
            let object = match &triple.object {
                Term::BlankNode(b) => Some(node(b)),
                _ => None,
            };
            match (subject, object) {
                (Some(s), Some(o)) if s == o => {
                    features.push((s, mix(&[OUT, predicate, ITSELF])));
                }
                (Some(s), Some(o)) => {
                    features.push((s, mix(&[OUT, predicate, ANOTHER_BLANK])));
                    features.push((o, mix(&[IN, predicate, ANOTHER_BLANK])));
                    links.push((s, mix(&[OUT, predicate]), o));
                    links.push((o, mix(&[IN, predicate]), s));
                }
                (Some(s), None) => {
                    let object = hash_str(&triple.object.to_string());
                    features.push((s, mix(&[OUT, predicate, object])));
                }
                (None, Some(o)) => {
                    let subject = hash_str(&triple.subject.to_string());
                    features.push((o, mix(&[IN, predicate, subject])));
                }
                (None, None) => {}
            }
        }
        let count = index.len();
        // A multiset's hash: the sum of its members' hashes, which no order can change.
        let mut initial = vec![0u64; count];
        for (node, feature) in features {
            initial[node] = initial[node].wrapping_add(feature);
        }
        for colour in &mut initial {
            *colour = mix(&[*colour]);
        }
        links.sort_unstable_by_key(|(node, _, _)| *node);
        let mut offsets = vec![0; count + 1];
        for (node, _, _) in &links {
            offsets[node + 1] += 1;
        }
        for n in 0..count {
            offsets[n + 1] += offsets[n];
        }
        let edges = links
            .into_iter()
            .map(|(_, label, other)| (label, other))
            .collect();
        Self {
            index,
            initial,
            offsets,
            edges,
        }
    }

    fn neighbours(&self, node: usize) -> &[(u64, usize)] {
        &self.edges[self.offsets[node]..self.offsets[node + 1]]
    }

    /// The nodes in canonical order: by their final colour, every one of which is distinct.
    fn canonical_order(&self, limit: u64) -> Result<Vec<usize>> {
        let mut classes = Classes::new(&self.initial);
        let mut work: u64 = 0;
        let mut candidates: Vec<usize> = (0..self.initial.len()).collect();
        let mut stamp = vec![0u64; self.initial.len()];
        let mut round = 0u64;
        loop {
            if candidates.is_empty() {
                match classes.single_out() {
                    Some(node) => candidates = self.neighbours_of(&[node], &mut stamp, &mut round),
                    None => break,
                }
                continue;
            }
            work += candidates
                .iter()
                .map(|&c| 1 + self.neighbours(c).len() as u64)
                .sum::<u64>();
            if work > limit {
                return Err(Error::TooComplex {
                    what: format!(
                        "the blank nodes of this graph ({} of them) form a structure too \
                         regular to label canonically within {limit} steps",
                        self.initial.len()
                    ),
                });
            }
            // Every signature is computed from the colours at the start of the round.
            let mut by_class: HashMap<u64, Vec<(u64, usize)>> = HashMap::new();
            for &node in &candidates {
                let colour = classes.colour[node];
                let around = self
                    .neighbours(node)
                    .iter()
                    .fold(0u64, |sum, (label, other)| {
                        sum.wrapping_add(mix(&[*label, classes.colour[*other]]))
                    });
                by_class
                    .entry(colour)
                    .or_default()
                    .push((mix(&[colour, around]), node));
            }
            let mut split: Vec<(u64, Vec<(u64, usize)>)> = by_class.into_iter().collect();
            split.sort_unstable_by_key(|(class, _)| *class);
            let mut moved = Vec::new();
            for (class, members) in split {
                moved.extend(classes.split(class, members, &mut stamp, &mut round));
            }
            candidates = self.neighbours_of(&moved, &mut stamp, &mut round);
        }
        let mut order: Vec<usize> = (0..self.initial.len()).collect();
        order.sort_unstable_by_key(|&n| classes.colour[n]);
        Ok(order)
    }

    /// The blank nodes next to any of `nodes`, each once.
    fn neighbours_of(&self, nodes: &[usize], stamp: &mut [u64], round: &mut u64) -> Vec<usize> {
        *round += 1;
        let mut found = Vec::new();
        for &node in nodes {
            for (_, other) in self.neighbours(node) {
                if stamp[*other] != *round {
                    stamp[*other] = *round;
                    found.push(*other);
                }
            }
        }
        found
    }
}

/// A part of a class being split: its size, its signature, and its (signature, node) pairs.
type Part<'a> = (usize, u64, &'a [(u64, usize)]);

/// A partition of the nodes into classes of equal colour.
struct Classes {
    colour: Vec<u64>,
    members: HashMap<u64, Vec<usize>>,
    /// Where each node sits in its class's member list.
    position: Vec<usize>,
    /// Classes of two or more, smallest first: where [`Classes::single_out`] looks.
    shared: BTreeSet<(usize, u64)>,
}

impl Classes {
    fn new(initial: &[u64]) -> Self {
        let mut members: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut position = vec![0; initial.len()];
        for (node, colour) in initial.iter().enumerate() {
            let list = members.entry(*colour).or_default();
            position[node] = list.len();
            list.push(node);
        }
        let shared = members
            .iter()
            .filter(|(_, list)| list.len() > 1)
            .map(|(colour, list)| (list.len(), *colour))
            .collect();
        Self {
            colour: initial.to_vec(),
            members,
            position,
            shared,
        }
    }

    /// Splits `class` by the signatures of those of its members that were looked at again
    /// (`looked_at`: signature and node); the members not looked at form one more part. The
    /// largest part keeps the colour (ties go to the larger signature); the others get new
    /// colours, and their nodes are returned.
    fn split(
        &mut self,
        class: u64,
        mut looked_at: Vec<(u64, usize)>,
        stamp: &mut [u64],
        round: &mut u64,
    ) -> Vec<usize> {
        let size = self.members[&class].len();
        looked_at.sort_unstable();
        // (size, signature, members) of each part with one signature.
        let parts: Vec<Part<'_>> = looked_at
            .chunk_by(|a, b| a.0 == b.0)
            .map(|part| (part.len(), part[0].0, part))
            .collect();
        let rest = size - looked_at.len();
        let rest_signature = mix(&[class, UNCHANGED]);
        let parts_count = parts.len() + usize::from(rest > 0);
        if parts_count <= 1 {
            return Vec::new();
        }
        let keeper = parts
            .iter()
            .map(|(len, signature, _)| (*len, *signature))
            .chain((rest > 0).then_some((rest, rest_signature)))
            .max()
            .expect("a class being split has parts");
        let mut moving: Vec<(u64, Vec<usize>)> = parts
            .iter()
            .filter(|(len, signature, _)| (*len, *signature) != keeper)
            .map(|(_, signature, part)| (*signature, part.iter().map(|(_, n)| *n).collect()))
            .collect();
        if rest > 0 && (rest, rest_signature) != keeper {
            *round += 1;
            for (_, node) in &looked_at {
                stamp[*node] = *round;
            }
            let unchanged = self.members[&class]
                .iter()
                .copied()
                .filter(|n| stamp[*n] != *round)
                .collect();
            moving.push((rest_signature, unchanged));
        }
        let mut moved = Vec::new();
        for (signature, nodes) in moving {
            let colour = self.fresh_colour(mix(&[class, signature]));
            for node in &nodes {
                self.relocate(*node, colour);
            }
            moved.extend(nodes);
        }
        moved
    }

    /// Gives one node of the smallest class still shared a colour of its own; `None` when
    /// every colour is distinct.
    fn single_out(&mut self) -> Option<usize> {
        let &(_, class) = self.shared.first()?;
        let node = self.members[&class][0];
        let colour = self.fresh_colour(mix(&[class, SINGLED_OUT]));
        self.relocate(node, colour);
        Some(node)
    }

    /// `wanted`, or the next colour after it that no class has (a hash collision).
    fn fresh_colour(&self, mut wanted: u64) -> u64 {
        while self.members.contains_key(&wanted) {
            wanted = mix(&[wanted]);
        }
        wanted
    }

    fn relocate(&mut self, node: usize, colour: u64) {
        let old = self.colour[node];
        self.resize(old, -1);
        let list = self.members.get_mut(&old).expect("a node's class exists");
        let at = self.position[node];
        list.swap_remove(at);
        if let Some(&moved) = list.get(at) {
            self.position[moved] = at;
        }
        if list.is_empty() {
            self.members.remove(&old);
        }
        self.resize(colour, 1);
        let list = self.members.entry(colour).or_default();
        self.position[node] = list.len();
        list.push(node);
        self.colour[node] = colour;
    }

    /// Keeps `shared` right for a class about to grow or shrink by one.
    fn resize(&mut self, class: u64, by: isize) {
        let before = self.members.get(&class).map_or(0, Vec::len);
        let after = before.saturating_add_signed(by);
        if before > 1 {
            self.shared.remove(&(before, class));
        }
        if after > 1 {
            self.shared.insert((after, class));
        }
    }
}

/// FNV-1a: a string hash that is the same in every build and on every machine.
fn hash_str(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Combines words into one well-mixed hash (splitmix64's finaliser over a running value).
fn mix(words: &[u64]) -> u64 {
    let mut hash = 0x9e37_79b9_7f4a_7c15u64;
    for word in words {
        let mut z = hash ^ word.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        hash = z ^ (z >> 31);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn p() -> NamedNode {
        NamedNode::new_unchecked("http://example.org/p")
    }

    fn blank(label: &str) -> BlankNode {
        BlankNode::new_unchecked(label)
    }

    fn written(triples: Vec<Triple>) -> Vec<String> {
        relabel(triples, 0)
            .unwrap()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// `_:0 p _:1 … p _:n-1 p <end>`, with the labels given by `name`.
    fn chain(n: usize, name: impl Fn(usize) -> String) -> Vec<Triple> {
        let mut triples: Vec<Triple> = (0..n - 1)
            .map(|i| Triple::new(blank(&name(i)), p(), blank(&name(i + 1))))
            .collect();
        triples.push(Triple::new(
            blank(&name(n - 1)),
            p(),
            NamedNode::new_unchecked("http://example.org/end"),
        ));
        triples
    }

    fn ring(n: usize, name: impl Fn(usize) -> String) -> Vec<Triple> {
        (0..n)
            .map(|i| Triple::new(blank(&name(i)), p(), blank(&name((i + 1) % n))))
            .collect()
    }

    #[test]
    fn the_labels_do_not_depend_on_the_stores_labels() {
        let a = written(chain(50, |i| format!("x{i}")));
        let b = written(chain(50, |i| format!("y{}", 1000 - i)));
        assert_eq!(a, b);
        let mut shuffled = chain(50, |i| format!("z{}", (i * 37) % 101));
        shuffled.reverse();
        assert_eq!(a, written(shuffled));
    }

    #[test]
    fn rings_are_labelled_the_same_from_any_start() {
        let a = written(ring(30, |i| format!("a{i}")));
        let b = written(ring(30, |i| format!("b{}", (i + 11) % 30)));
        assert_eq!(a, b);
        assert_eq!(a.len(), 30);
    }

    #[test]
    fn copies_of_one_structure_are_labelled_alike() {
        let copies = |offset: usize| -> Vec<Triple> {
            (0..20)
                .flat_map(|k| {
                    let k = (k + offset) % 20;
                    vec![
                        Triple::new(blank(&format!("s{k}")), p(), blank(&format!("o{k}"))),
                        Triple::new(
                            blank(&format!("o{k}")),
                            p(),
                            NamedNode::new_unchecked("http://example.org/x"),
                        ),
                    ]
                })
                .collect()
        };
        assert_eq!(written(copies(0)), written(copies(7)));
    }

    #[test]
    fn long_chains_and_rings_label_in_few_steps() {
        // Each costs a few steps a node; the limit is what a quadratic labelling would need.
        for triples in [
            chain(20_000, |i| format!("c{i}")),
            ring(20_000, |i| format!("r{i}")),
        ] {
            let graph = BlankGraph::new(&triples);
            let order = graph.canonical_order(2_000_000).unwrap();
            assert_eq!(order.len(), 20_000);
        }
    }

    #[test]
    fn runaway_work_is_an_error() {
        let graph = BlankGraph::new(&ring(1000, |i| format!("r{i}")));
        assert!(matches!(
            graph.canonical_order(100),
            Err(Error::TooComplex { .. })
        ));
    }

    #[test]
    fn distinct_nodes_get_distinct_labels_and_named_terms_are_kept() {
        let triples = vec![
            Triple::new(
                blank("a"),
                p(),
                NamedNode::new_unchecked("http://example.org/1"),
            ),
            Triple::new(
                blank("b"),
                p(),
                NamedNode::new_unchecked("http://example.org/2"),
            ),
            Triple::new(
                NamedNode::new_unchecked("http://example.org/s"),
                p(),
                blank("a"),
            ),
        ];
        let (out, count) = relabel(triples, 5).unwrap();
        assert_eq!(count, 2);
        let text: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|t| t.starts_with("<http://example.org/s>")));
        let labels: BTreeSet<&str> = text
            .iter()
            .filter_map(|t| t.strip_prefix("_:"))
            .map(|t| t.split(' ').next().unwrap())
            .collect();
        assert_eq!(labels, BTreeSet::from(["b5", "b6"]));
    }
}
