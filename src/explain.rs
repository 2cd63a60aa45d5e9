//! Explanations: why an entry is not committed yet, in the words of the papers.

use consensus_sim::scenario::ProtocolName;
use consensus_sim::Role;

use crate::lab::Lab;

fn names(ids: &[u8]) -> String {
    if ids.is_empty() {
        return "no node".to_string();
    }
    ids.iter().map(|id| format!("S{id}")).collect::<Vec<_>>().join(", ")
}

impl Lab {
    /// Why entry `index` of node `node` is, or is not yet, committed (Raft) or chosen (Paxos).
    pub fn explain_entry(&self, node: u8, index: u64) -> Option<String> {
        let n = self.sim.node(node);
        let entry = n.entry(index)?;
        let size = self.size();
        let majority = size / 2 + 1;
        let value = entry.value.as_deref().unwrap_or("a no-op").to_string();
        // The nodes holding the same entry: same term (or ballot round) and value at that index.
        let holders: Vec<u8> = (1..=size)
            .filter(|&id| self.sim.node(id).entry(index).is_some_and(|e| e == entry))
            .collect();
        let leader_term = (1..=size)
            .filter(|&id| self.sim.is_up(id) && self.sim.node(id).role() == Role::Leader)
            .map(|id| self.sim.node(id).term())
            .max();
        let raft = self.protocol() == ProtocolName::Raft;
        let (what, settled) = if raft {
            (format!("Entry {index} ({value}, term {})", entry.term), "committed")
        } else {
            (format!("Slot {index} ({value}, ballot round {})", entry.term), "chosen")
        };
        if index <= n.commit_index() {
            return Some(format!(
                "{what} is {settled}: S{node} knows it, and {} of {size} nodes hold it ({}).",
                holders.len(),
                names(&holders)
            ));
        }
        let missing = (majority as usize).saturating_sub(holders.len());
        let mut text = format!(
            "{what} is not {settled} yet, as far as S{node} knows. {} of {size} nodes hold it ({}); a majority is \
             {majority}",
            holders.len(),
            names(&holders)
        );
        if missing > 0 {
            text.push_str(&format!(", so {missing} more must store it."));
        } else {
            text.push_str(&format!(
                ", so it is stored on a majority; S{node} learns it is {settled} only when told."
            ));
        }
        if raft {
            if let Some(term) = leader_term.filter(|&t| t > entry.term) {
                text.push_str(&format!(
                    " It is from term {}, earlier than the leader's term {term}: by §5.4.2 a leader never commits \
                     an entry of an earlier term by counting replicas. It commits only once an entry of term \
                     {term} after it is committed (Figure 8 shows why).",
                    entry.term
                ));
            }
        } else {
            text.push_str(
                " A value is chosen once a quorum of acceptors accepts it in one ballot; a learner knows only when \
                 told.",
            );
        }
        Some(text)
    }
}
