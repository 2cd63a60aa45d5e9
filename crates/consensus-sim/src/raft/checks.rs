//! Raft's safety properties (Figure 3), checked after every step, plus three cheap lemmas from the
//! dissertation's proof. Each check is incremental: it looks only at what the step changed.
//!
//! Across log compaction (chapter 5) they compare snapshots with logs, no weaker: a snapshot's last included
//! entry must be the entry committed at that index (Log Matching), two snapshots through the same index must
//! hold the same state machine (State Machine Safety), and a snapshot counts as holding the committed entries
//! it covers (Leader Completeness), which the first check makes true.

use crate::sorted_map::SortedMap;

use super::{Command, RaftNode};
use crate::chunked::Chunked;
use crate::protocol::NodeSlot;
use crate::protocol::{fmt_ms, Checker, Violation};
use crate::protocol::{Effect, Micros, NodeId, Role, MAX_NODES};
use crate::trace::fingerprint;

/// An entry some node marked committed, and when it first was.
#[derive(Clone, Debug)]
struct Committed {
    term: u64,
    /// The committing node's term: leaders of later terms must hold the entry.
    in_term: u64,
    at: Micros,
    by: NodeId,
}

/// What the checker last saw of one node.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    term: u64,
    /// The term it was leader in, while it was.
    leading: Option<u64>,
    log_len: u64,
    commit_index: u64,
    /// The last index its snapshot covers.
    snapshot: u64,
}

#[derive(Clone, Debug)]
pub struct RaftChecker {
    seen: [Seen; MAX_NODES + 1],
    leader_of_term: SortedMap<u64, NodeId>,
    /// For each index, every term ever stored there: (term, fingerprint of the command, term of the entry
    /// before it). Log Matching holds when every log agrees with this, by induction on the index.
    entry_at: Chunked<Vec<(u64, u64, u64)>>,
    committed: Chunked<Option<Committed>>,
    /// The first (term, fingerprint) applied at each index, and by whom.
    applied: Chunked<Option<(u64, u64, NodeId)>>,
    /// The fingerprint of the first snapshot's state machine through each index, and whose it was.
    snapshots: SortedMap<u64, (u64, NodeId)>,
}

/// Makes `list` long enough to hold index `i`.
fn grow<T: Clone>(list: &mut Chunked<T>, i: usize, fill: T) {
    while list.len() <= i {
        list.push(fill.clone());
    }
}

fn describe_value(value: &Option<crate::protocol::Value>) -> String {
    match value {
        Some(v) => format!("\"{v}\""),
        None => "a no-op".to_string(),
    }
}

impl Checker<RaftNode> for RaftChecker {
    fn new(_cluster_size: u8) -> Self {
        RaftChecker {
            seen: [Seen::default(); MAX_NODES + 1],
            leader_of_term: SortedMap::new(),
            entry_at: Chunked::default(),
            committed: Chunked::default(),
            applied: Chunked::default(),
            snapshots: SortedMap::new(),
        }
    }

    fn after_step(
        &mut self,
        now: Micros,
        id: NodeId,
        nodes: &[NodeSlot<RaftNode>],
        effects: &[Effect<super::Message, super::Note>],
        found: &mut Vec<Violation>,
    ) {
        let node = &nodes[id as usize - 1].node;
        let seen = self.seen[id as usize];
        let mut report = |invariant: &'static str, detail: String| {
            found.push(Violation {
                at: now,
                invariant,
                detail,
            })
        };

        if node.current_term < seen.term {
            report(
                "term-monotonic",
                format!("S{id}'s term went back from {} to {}", seen.term, node.current_term),
            );
        }

        let leading_now = (node.role == Role::Leader).then_some(node.current_term);
        let changed_from = node.log.take_changed_from();

        // Leader Append-Only: while a node leads a term, its log only grows at the end.
        if let (Some(term), Some(from)) = (seen.leading, changed_from) {
            if leading_now == Some(term) && from <= seen.log_len {
                report(
                    "leader-append-only",
                    format!("S{id}, leader of term {term}, overwrote or deleted its entry {from}"),
                );
            }
        }

        // Log Matching, and the lemmas on entry terms, over the entries this step wrote.
        if let Some(from) = changed_from {
            for index in from.max(node.log.snapshot_index() + 1)..=node.log.last_index() {
                let entry = node.log.get(index).expect("index within the log");
                let prev_term = node.log.term_at(index - 1);
                if entry.term < prev_term {
                    report(
                        "log-terms-monotonic",
                        format!(
                            "S{id}'s entry {index} has term {}, below term {prev_term} before it",
                            entry.term
                        ),
                    );
                }
                if entry.term > node.current_term {
                    report(
                        "entry-term-bounded",
                        format!(
                            "S{id}'s entry {index} has term {}, above its own term {}",
                            entry.term, node.current_term
                        ),
                    );
                }
                let (print, i) = (fingerprint(&entry.command), index as usize - 1);
                grow(&mut self.entry_at, i, Vec::new());
                let known = self.entry_at.get(i).expect("grown");
                match known.iter().find(|(t, _, _)| *t == entry.term) {
                    Some(&(_, p, prev)) if (p, prev) != (print, prev_term) => report(
                        "log-matching",
                        format!(
                            "S{id} holds entry {index} of term {} that differs from another node's entry {index} of term {}",
                            entry.term, entry.term
                        ),
                    ),
                    Some(_) => {}
                    None => {
                        let mut terms = known.clone();
                        terms.push((entry.term, print, prev_term));
                        self.entry_at.set(i, terms);
                    }
                }
            }
        }

        // Election Safety: at most one leader per term.
        if let Some(term) = leading_now {
            if seen.leading != Some(term) {
                match self.leader_of_term.get(&term) {
                    Some(&other) if other != id => report(
                        "election-safety",
                        format!("S{id} became leader of term {term}, but S{other} was already elected in term {term}"),
                    ),
                    _ => {
                        self.leader_of_term.insert(term, id);
                    }
                }
                // Leader Completeness: a new leader holds every entry committed in an earlier term.
                for (i, committed) in self.committed.iter().enumerate() {
                    let index = i as u64 + 1;
                    let Some(c) = committed else { continue };
                    if c.in_term < term && !node.log.holds(index, c.term) {
                        report(
                            "leader-completeness",
                            format!(
                                "S{id} became leader of term {term} without entry {index} (term {}), committed at t={} by S{}",
                                c.term,
                                fmt_ms(c.at),
                                c.by
                            ),
                        );
                        break;
                    }
                }
            }
        }

        // Record newly committed entries, and check that leaders of later terms already hold them.
        if node.commit_index > seen.commit_index {
            // A snapshot installed moves the commit point past entries this node never held: others committed
            // them first.
            for index in (seen.commit_index + 1).max(node.log.snapshot_index())..=node.commit_index {
                let term = node.log.term_at(index);
                let slot = index as usize - 1;
                grow(&mut self.committed, slot, None);
                if self.committed.get(slot).is_some_and(Option::is_none) {
                    self.committed.set(
                        slot,
                        Some(Committed {
                            term,
                            in_term: node.current_term,
                            at: now,
                            by: id,
                        }),
                    );
                }
                for other in nodes.iter().filter(|s| s.up && s.node.role == Role::Leader) {
                    let o = &other.node;
                    if o.current_term > node.current_term && !o.log.holds(index, term) {
                        report(
                            "leader-completeness",
                            format!(
                                "S{} leads term {} without entry {index} (term {term}), committed at t={} by S{id}",
                                o.id,
                                o.current_term,
                                fmt_ms(now)
                            ),
                        );
                    }
                }
            }
        }

        if node.log.snapshot_index() != seen.snapshot {
            self.check_snapshot(node, &mut report);
        }

        // State Machine Safety: the first command applied at an index is the only one ever applied there.
        for effect in effects {
            let Effect::Commit { index, term, value } = effect else {
                continue;
            };
            let command = node.log.get(*index).map(|e| e.command.clone()).unwrap_or(Command::Noop);
            let print = fingerprint(&command);
            let slot = *index as usize - 1;
            grow(&mut self.applied, slot, None);
            match *self.applied.get(slot).expect("grown") {
                None => self.applied.set(slot, Some((*term, print, id))),
                Some((t, p, by)) if (t, p) != (*term, print) => report(
                    "state-machine-safety",
                    format!(
                        "S{id} applied {} (term {term}) at index {index}, but S{by} applied a different command (term {t}) there",
                        describe_value(value)
                    ),
                ),
                Some(_) => {}
            }
        }

        self.seen[id as usize] = Seen {
            term: node.current_term,
            leading: leading_now,
            log_len: node.log.last_index(),
            commit_index: node.commit_index,
            snapshot: node.log.snapshot_index(),
        };
    }
}

impl RaftChecker {
    /// A node took or installed a snapshot: its last included entry must be the one committed there, and its
    /// state machine the same as any other snapshot's through that index.
    fn check_snapshot(&mut self, node: &RaftNode, report: &mut impl FnMut(&'static str, String)) {
        let (id, index, term) = (node.id, node.log.snapshot_index(), node.log.snapshot_term());
        match self.committed.get(index as usize - 1).cloned().flatten() {
            Some(c) if c.term != term => report(
                "log-matching",
                format!(
                    "S{id}'s snapshot ends at entry {index} of term {term}, but entry {index} was committed in term {} (t={}, S{})",
                    c.term,
                    fmt_ms(c.at),
                    c.by
                ),
            ),
            Some(_) => {}
            None => report(
                "state-machine-safety",
                format!("S{id}'s snapshot through entry {index} includes entries not known to be committed"),
            ),
        }
        let Some(snapshot) = node.snapshot.as_ref() else {
            return;
        };
        let print = fingerprint(&snapshot.state.iter().collect::<Vec<_>>());
        match self.snapshots.get(&index) {
            Some(&(p, by)) if p != print => report(
                "state-machine-safety",
                format!(
                    "S{id}'s snapshot through entry {index} holds a different state machine than S{by}'s through the same entry"
                ),
            ),
            Some(_) => {}
            None => {
                self.snapshots.insert(index, (print, id));
            }
        }
    }
}
