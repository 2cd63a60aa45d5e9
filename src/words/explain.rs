//! Explanations: why an entry is not committed yet, in the words of the papers.

use consensus_sim::scenario::ProtocolName;
use consensus_sim::Role;

use crate::model::lab::Lab;
use crate::say;

fn names(ids: &[u8]) -> String {
    if ids.is_empty() {
        return say!("no node", "没有节点");
    }
    ids.iter().map(|id| format!("S{id}")).collect::<Vec<_>>().join(", ")
}

impl Lab {
    /// Why entry `index` of node `node` is, or is not yet, committed (Raft) or chosen (Paxos).
    pub fn explain_entry(&self, node: u8, index: u64) -> Option<String> {
        let n = self.sim.node(node);
        let entry = n.entry(index)?;
        if self.protocol().is_commit() {
            // A write-ahead log record is durable once written: nothing waits for a majority.
            let record = entry.value.as_deref().unwrap_or_default();
            return Some(say!(
                "Record {index} of S{node}'s write-ahead log: {record}. It was forced to disk before S{node} went on, so it survives a crash: on restart S{node} reads its log from the start to learn what it voted and what was decided.",
                "S{node} 的预写日志第 {index} 条记录：{record}。S{node} 在继续之前就把它强制写入了磁盘，所以它在崩溃后依然存在：重启时 S{node} 从头读取日志，得知自己投过什么票、做过什么决定。"
            ));
        }
        let size = self.size();
        let majority = size / 2 + 1;
        let value = entry
            .value
            .as_deref()
            .map_or_else(|| say!("a no-op", "空操作"), str::to_string);
        // The nodes holding the same entry: same term (or ballot round) and value at that index, or a
        // snapshot that covers it (a snapshot holds committed entries only).
        let holders: Vec<u8> = (1..=size)
            .filter(|&id| {
                let other = self.sim.node(id);
                other.entry(index).is_some_and(|e| e == entry) || index <= other.snapshot_index()
            })
            .collect();
        let leader_term = (1..=size)
            .filter(|&id| self.sim.is_up(id) && self.sim.node(id).role() == Role::Leader)
            .map(|id| self.sim.node(id).term())
            .max();
        let raft = self.protocol() == ProtocolName::Raft;
        let (round, held, who) = (entry.term, holders.len(), names(&holders));
        let (what, settled) = if raft {
            (
                say!(
                    "Entry {index} ({value}, term {round})",
                    "条目 {index}（{value}，任期 {round}）"
                ),
                say!("committed", "已提交"),
            )
        } else {
            (
                say!(
                    "Slot {index} ({value}, ballot round {round})",
                    "槽位 {index}（{value}，ballot 轮次 {round}）"
                ),
                say!("chosen", "已被选定"),
            )
        };
        if index <= n.commit_index() {
            return Some(say!(
                "{what} is {settled}: S{node} knows it, and {held} of {size} nodes hold it ({who}).",
                "{what}{settled}：S{node} 知道这一点，{size} 个节点中有 {held} 个持有它（{who}）。"
            ));
        }
        let missing = (majority as usize).saturating_sub(held);
        let mut text = say!(
            "{what} is not {settled} yet, as far as S{node} knows. {held} of {size} nodes hold it ({who}); a majority is {majority}",
            "就 S{node} 所知，{what}尚未{settled}。{size} 个节点中有 {held} 个持有它（{who}）；多数派是 {majority} 个"
        );
        text.push_str(&if missing > 0 {
            say!(
                ", so {missing} more must store it.",
                "，所以还需要 {missing} 个节点存储它。"
            )
        } else {
            say!(
                ", so it is stored on a majority; S{node} learns it is {settled} only when told.",
                "，所以它已存储在多数派上；S{node} 要等被告知后才知道它{settled}。"
            )
        });
        if raft {
            if let Some(term) = leader_term.filter(|&t| t > entry.term) {
                text.push_str(&say!(
                    " It is from term {round}, earlier than the leader's term {term}: by §5.4.2 a leader never commits an entry of an earlier term by counting replicas. It commits only once an entry of term {term} after it is committed (Figure 8 shows why).",
                    "它来自任期 {round}，早于领导者的任期 {term}：按 §5.4.2，领导者从不通过计数副本来提交更早任期的条目。只有在它之后的一个任期 {term} 的条目被提交时，它才随之提交（图 8 说明了原因）。"
                ));
            }
        } else {
            text.push_str(&say!(
                " A value is chosen once a quorum of acceptors accepts it in one ballot; a learner knows only when told.",
                "一个值一旦在同一个 ballot 中被多数派接受者接受，就被选定了；学习者要等被告知后才知道。"
            ));
        }
        Some(text)
    }
}
