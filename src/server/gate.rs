//! How many queries run at once. A query holds a RocksDB snapshot and a core; past the limit
//! a request is turned away at once (503 with `Retry-After`) rather than queued, so a burst
//! cannot pile up threads that each wait for their turn.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) struct Gate {
    limit: usize,
    inside: Arc<AtomicUsize>,
}

/// A place inside the gate, given back when dropped: owned, so that the thread evaluating a
/// query keeps it for as long as the evaluation really runs.
pub(crate) struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Gate {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            inside: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A slot, or `None` when `limit` are taken.
    pub(crate) fn enter(&self) -> Option<Slot> {
        self.inside
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |inside| {
                (inside < self.limit).then_some(inside + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(&self.inside)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_gate_turns_away_until_a_slot_is_given_back() {
        let gate = Gate::new(2);
        let first = gate.enter().expect("room");
        let _second = gate.enter().expect("room");
        assert!(gate.enter().is_none());
        drop(first);
        assert!(gate.enter().is_some());
    }
}
