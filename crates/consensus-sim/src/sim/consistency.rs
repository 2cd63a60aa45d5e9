//! What the clients see, checked live: each time an operation returns, its key's operations since it last
//! settled are checked for linearizability (see [`Live`]), so a stale read is a violation like any other, at
//! the moment it is read.

use super::Simulator;
use crate::linearizability::Live;
use crate::protocol::kv::{History, Operation};
use crate::protocol::{Protocol, Violation};

/// The history and its live check.
#[derive(Clone, Debug, Default)]
pub(super) struct Consistency {
    pub(super) history: History,
    /// How many of its operations have returned (or been given up on).
    pub(super) returned: usize,
    live: Live,
    /// Keys already found not linearizable: told once.
    broken: Vec<String>,
}

impl<P: Protocol> Simulator<P> {
    /// What the clients saw so far; an operation still outstanding is written as info, never returned.
    pub fn history(&self) -> &History {
        &self.consistency.history
    }

    /// How far the history has come: operations called, and how many of them returned. A view of the history
    /// needs redrawing exactly when either changes.
    pub fn history_progress(&self) -> (usize, usize) {
        let c = &self.consistency;
        (c.history.operations.len(), c.returned)
    }

    /// Records a call; returns its place in the history.
    pub(super) fn record_call(&mut self, op: Operation) -> usize {
        let c = &mut self.consistency;
        c.history.operations.push(op);
        let i = c.history.operations.len() - 1;
        c.live.called(&c.history, i);
        i
    }

    /// Operation `i` returned, or its client gave up on it: what the history now says is checked.
    pub(super) fn check_linearizable(&mut self, i: usize) {
        if !P::KEY_VALUE {
            return;
        }
        let c = &mut self.consistency;
        let key = &c.history.operations[i].key;
        if c.broken.iter().any(|k| k == key) {
            return;
        }
        if let Err(found) = c.live.returned(&c.history, i) {
            c.broken.push(found.key);
            self.violations.push(Violation {
                at: self.now,
                invariant: "linearizable",
                detail: found.detail,
            });
        }
    }
}
