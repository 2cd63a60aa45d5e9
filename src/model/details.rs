//! What the inspector shows that only one protocol has: Raft's Figure 2 state and a leader's nextIndex and
//! matchIndex; a Paxos acceptor's promise and accepted values, and a leader's proposals in flight.

use std::hash::{Hash, Hasher};

use consensus_sim::paxos::{Ballot, PaxosNode};
use consensus_sim::raft::RaftNode;
use consensus_sim::trace::{fingerprint, TraceHash};
use consensus_sim::{Command, NodeView, Role};

use crate::words::i18n::{t, Text};

/// A small table in the inspector.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub title: Text,
    pub columns: Vec<String>,
    /// Each row: its header cell, then its values.
    pub rows: Vec<(String, Vec<String>)>,
}

pub trait Details {
    /// The short line under the node on the canvas.
    fn badge(&self) -> String;
    /// What the badge's notation means, for a tooltip (Paxos's ballots).
    fn badge_hint(&self) -> Option<String> {
        None
    }
    /// The node's role as its paper names it.
    fn role_label(&self) -> Text;
    /// What making its timer fire does, as the inspector's button says it.
    fn timeout_action(&self) -> Text;
    /// (label, value) rows of the node's state.
    fn facts(&self) -> Vec<(Text, String)>;
    fn state_machine(&self) -> Vec<(String, String)>;
    fn tables(&self, size: u8) -> Vec<Table>;
    /// A hash of what the inspector shows beyond `NodeView`, so the panels redraw when it changes.
    fn fingerprint(&self) -> u64;
    /// Whether its leader can hand leadership to another node (Raft's §3.10).
    fn transfers_leadership(&self) -> bool {
        false
    }
}

fn name(id: Option<u8>) -> String {
    id.map_or("—".to_string(), |id| format!("S{id}"))
}

fn value_text(command: &Command) -> String {
    command.value().map_or("no-op".to_string(), |v| v.to_string())
}

impl Details for RaftNode {
    /// The term, and where a leader is handing leadership.
    fn badge(&self) -> String {
        match self.transferring_to() {
            Some(to) => format!("{} {} → S{to}", t(Text::Term), self.current_term),
            None => format!("{} {}", t(Text::Term), self.current_term),
        }
    }

    fn badge_hint(&self) -> Option<String> {
        let to = self.transferring_to()?;
        Some(crate::say!(
            "Handing leadership to S{to} (§3.10): it takes no client commands until S{to} holds its whole log and has been sent TimeoutNow.",
            "正在把领导权移交给 S{to}（§3.10）：在 S{to} 拥有它的全部日志并收到 TimeoutNow 之前，它不接受客户端命令。"
        ))
    }

    fn transfers_leadership(&self) -> bool {
        true
    }

    fn role_label(&self) -> Text {
        match self.role {
            Role::Follower => Text::Follower,
            Role::PreCandidate => Text::PreCandidate,
            Role::Candidate => Text::Candidate,
            Role::Leader => Text::Leader,
        }
    }

    fn timeout_action(&self) -> Text {
        Text::Timeout
    }

    fn facts(&self) -> Vec<(Text, String)> {
        vec![
            (Text::CurrentTerm, self.current_term.to_string()),
            (Text::VotedFor, name(self.voted_for)),
            (Text::KnownLeader, name(self.leader_id)),
            (Text::CommitIndex, self.commit_index.to_string()),
            (Text::LastApplied, self.last_applied.to_string()),
            (Text::LogLength, self.log_len().to_string()),
            (
                Text::Snapshot,
                match self.snapshot.as_deref() {
                    Some(s) => format!(
                        "≤ {} ({} {})",
                        s.last_included_index,
                        t(Text::Term),
                        s.last_included_term
                    ),
                    None => "—".to_string(),
                },
            ),
        ]
    }

    fn state_machine(&self) -> Vec<(String, String)> {
        self.state_machine.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    fn tables(&self, size: u8) -> Vec<Table> {
        if self.role != Role::Leader {
            return Vec::new();
        }
        vec![Table {
            title: Text::Followers,
            columns: vec![t(Text::Peer).to_string(), "nextIndex".into(), "matchIndex".into()],
            rows: (1..=size)
                .filter(|&p| p != self.id)
                .map(|p| {
                    let (next, matched) = (self.next_index[p as usize], self.match_index[p as usize]);
                    (format!("S{p}"), vec![next.to_string(), matched.to_string()])
                })
                .collect(),
        }]
    }

    fn fingerprint(&self) -> u64 {
        fingerprint(&(self.last_applied, self.next_index, self.match_index))
    }
}

/// The most recent slots the accepted-values table lists.
const ACCEPTED_SHOWN: u64 = 12;

fn ballot_text(b: Ballot) -> String {
    if b == Ballot::default() {
        "—".to_string()
    } else {
        b.to_string()
    }
}

impl Details for PaxosNode {
    fn badge(&self) -> String {
        format!("{} {}", t(Text::Ballot), ballot_text(self.promised))
    }

    fn badge_hint(&self) -> Option<String> {
        let b = self.promised;
        Some(if b == Ballot::default() {
            crate::say!("It has promised no ballot yet.", "它还没有对任何选票作出承诺。")
        } else {
            let (round, node) = (b.round, b.node);
            crate::say!(
                "Ballot {b}: round {round} of proposer S{node}, the highest it has promised to honour. A ballot is written round.proposer; a higher round wins, and in the same round the higher proposer.",
                "选票 {b}：提议者 S{node} 的第 {round} 轮，是它承诺遵守的最高选票。选票写作 轮次.提议者；轮次高者胜，同一轮次中提议者编号高者胜。"
            )
        })
    }

    /// "Paxos Made Simple" names three roles, and every node plays all of them: each is an acceptor (and a
    /// learner); one that runs Phase 1 is a proposer, and in Multi-Paxos the one that won it leads.
    fn role_label(&self) -> Text {
        match (self.role, self.single_decree()) {
            (Role::Follower, _) => Text::Acceptor,
            (Role::PreCandidate | Role::Candidate, _) => Text::ProposerPhase1,
            (Role::Leader, true) => Text::ProposerPhase2,
            (Role::Leader, false) => Text::DistinguishedProposer,
        }
    }

    fn timeout_action(&self) -> Text {
        Text::StartPhase1
    }

    fn facts(&self) -> Vec<(Text, String)> {
        let own = if matches!(self.role, Role::Candidate | Role::Leader) {
            self.ballot.to_string()
        } else {
            "—".to_string()
        };
        vec![
            (Text::Promised, ballot_text(self.promised)),
            (Text::OwnBallot, own),
            (Text::KnownLeader, name(self.leader)),
            (Text::ChosenUpTo, self.commit_index.to_string()),
            (Text::AcceptedSlots, self.accepted.last_slot().to_string()),
        ]
    }

    fn state_machine(&self) -> Vec<(String, String)> {
        self.state_machine.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    fn tables(&self, size: u8) -> Vec<Table> {
        let mut tables = Vec::new();
        let last = self.accepted.last_slot();
        let accepted: Vec<(String, Vec<String>)> = (last.saturating_sub(ACCEPTED_SHOWN) + 1..=last)
            .filter_map(|slot| {
                let a = self.accepted.get(slot)?;
                let chosen = if self.chosen_at(slot).is_some() { "✓" } else { "" };
                Some((
                    slot.to_string(),
                    vec![a.ballot.to_string(), value_text(&a.command), chosen.to_string()],
                ))
            })
            .collect();
        if !accepted.is_empty() {
            tables.push(Table {
                title: Text::AcceptedValues,
                columns: vec![
                    t(Text::Slot).to_string(),
                    t(Text::Ballot).to_string(),
                    t(Text::Value).to_string(),
                    t(Text::Chosen).to_string(),
                ],
                rows: accepted,
            });
        }
        if self.role == Role::Leader && !self.proposals.is_empty() {
            tables.push(Table {
                title: Text::Proposals,
                columns: vec![
                    t(Text::Slot).to_string(),
                    t(Text::Value).to_string(),
                    t(Text::AcceptedBy).to_string(),
                ],
                rows: self
                    .proposals
                    .iter()
                    .take(ACCEPTED_SHOWN as usize)
                    .map(|(slot, p)| {
                        let by: Vec<String> = (1..=size)
                            .filter(|n| p.acks & (1 << n) != 0)
                            .map(|n| format!("S{n}"))
                            .collect();
                        (slot.to_string(), vec![value_text(&p.command), by.join(" ")])
                    })
                    .collect(),
            });
        }
        tables
    }

    fn fingerprint(&self) -> u64 {
        // Called every frame while the node is selected: folded in place, without collecting the acks.
        let mut h = TraceHash::default();
        (self.ballot, self.accepted.last_slot()).hash(&mut h);
        for p in self.proposals.values() {
            p.acks.hash(&mut h);
        }
        h.finish()
    }
}
