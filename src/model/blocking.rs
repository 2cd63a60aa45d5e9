//! The commit protocols' "blocked" counter: which participants are in doubt (or waiting for a lock), about
//! which transaction, for how long, and which locks they hold. A crashed participant counts: its Prepared
//! record holds the lock on disk.

use consensus_sim::protocol::txn::TxnState;
use consensus_sim::Micros;

use crate::model::lab::Lab;

/// One participant that cannot go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub node: u8,
    pub txn: u64,
    pub state: TxnState,
    pub since: Micros,
    /// The account whose lock it holds, if it holds one.
    pub locks: String,
}

impl Lab {
    /// Every participant in doubt or waiting for a lock, longest blocked first.
    pub fn blocked(&self) -> Vec<Blocked> {
        if !self.protocol().is_commit() {
            return Vec::new();
        }
        let mut rows: Vec<Blocked> = (1..=self.size())
            .filter_map(|id| {
                let v = self.sim.node(id).current_transaction()?;
                (v.state.in_doubt() || v.state == TxnState::Waiting).then_some(Blocked {
                    node: id,
                    txn: v.txn,
                    state: v.state,
                    since: v.since,
                    locks: v.locks,
                })
            })
            .collect();
        rows.sort_by_key(|b| (b.since, b.node));
        rows
    }
}
