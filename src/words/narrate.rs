//! The event feed's sentences: what happened, and why, in words a student can follow. This is the
//! sentence half of the interface text (`i18n.rs` holds the labels).

use crate::words::number::short;
use consensus_sim::history::Op;
use consensus_sim::raft::{AppendRefusal, Note, VoteRefusal};
use consensus_sim::{paxos, raft, Action, Call, Narrative, NodeId};

use crate::words::i18n::{language, Lang};

/// A protocol's notes, put into words: each protocol the lab shows tells its own decisions.
pub trait Told {
    /// What node `id` decided, in the page's language.
    fn sentence(&self, id: NodeId) -> String;
    /// For a vote granted or refused: the candidate and the term, for the inspector's story of a term's votes.
    fn vote(&self) -> Option<(NodeId, u64)> {
        None
    }
    /// For what every node does in turn (appends the same entries, learns a commit index or a chosen slot):
    /// what, so that a run of them is told once ("S2, S3 and S4 know…") instead of once per node.
    fn shared(&self) -> Option<[u64; 3]> {
        None
    }
    /// What the nodes `ids` all did; only asked of notes with `shared`.
    fn sentence_for(&self, ids: &[NodeId]) -> String {
        self.sentence(ids[0])
    }
}

/// Nodes named in a list: "S2, S3 and S4" (in Chinese "S2、S3 和 S4").
pub fn names(ids: &[NodeId]) -> String {
    let names: Vec<String> = ids.iter().map(|id| format!("S{id}")).collect();
    let (and, comma) = match language() {
        Lang::En => (" and ", ", "),
        Lang::ZhCn => (" 和 ", "、"),
    };
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(comma)),
        _ => names.join(""),
    }
}

impl Told for raft::Note {
    fn sentence(&self, id: NodeId) -> String {
        match language() {
            Lang::En => raft_sentence(id, self),
            Lang::ZhCn => crate::words::narrate_zh::raft_sentence(id, self),
        }
    }

    fn vote(&self) -> Option<(NodeId, u64)> {
        match *self {
            Note::GrantedVote { candidate, term, .. } | Note::RefusedVote { candidate, term, .. } => {
                Some((candidate, term))
            }
            _ => None,
        }
    }

    fn shared(&self) -> Option<[u64; 3]> {
        match *self {
            Note::AdvancedCommit { index } => Some([0, index, 0]),
            Note::AppendedEntries {
                leader,
                count,
                last_index,
            } => Some([leader as u64, count, last_index]),
            _ => None,
        }
    }

    fn sentence_for(&self, ids: &[NodeId]) -> String {
        let who = names(ids);
        match (language(), *self) {
            (_, _) if ids.len() == 1 => self.sentence(ids[0]),
            (Lang::En, Note::AdvancedCommit { index }) => {
                format!("{who} know entries up to index {index} are committed")
            }
            (Lang::ZhCn, Note::AdvancedCommit { index }) => format!("{who} 得知直到索引 {index} 的条目都已提交"),
            (
                Lang::En,
                Note::AppendedEntries {
                    leader,
                    count,
                    last_index,
                },
            ) => {
                let entries = if count == 1 { "entry" } else { "entries" };
                format!("{who} appended {count} {entries} from S{leader}, up to index {last_index}")
            }
            (
                Lang::ZhCn,
                Note::AppendedEntries {
                    leader,
                    count,
                    last_index,
                },
            ) => format!("{who} 追加了来自 S{leader} 的 {count} 个条目，直到索引 {last_index}"),
            _ => self.sentence(ids[0]),
        }
    }
}

impl Told for paxos::Note {
    fn sentence(&self, id: NodeId) -> String {
        match language() {
            Lang::En => paxos_sentence(id, self.clone()),
            Lang::ZhCn => crate::words::narrate_zh::paxos_sentence(id, self.clone()),
        }
    }

    fn shared(&self) -> Option<[u64; 3]> {
        match *self {
            paxos::Note::Learned { through } => Some([0, through, 0]),
            _ => None,
        }
    }

    fn sentence_for(&self, ids: &[NodeId]) -> String {
        let who = names(ids);
        let through = match *self {
            paxos::Note::Learned { through } => through,
            _ => return self.sentence(ids[0]),
        };
        match (language(), ids.len(), through) {
            (_, 1, _) => self.sentence(ids[0]),
            (Lang::En, _, 1) => format!("{who} learned the value chosen for slot 1"),
            (Lang::En, _, _) => format!("{who} learned every chosen value up to slot {through}"),
            (Lang::ZhCn, _, 1) => format!("{who} 学到了槽位 1 上被选定的值"),
            (Lang::ZhCn, _, _) => format!("{who} 学到了直到槽位 {through} 的所有已选定的值"),
        }
    }
}

/// A run of feed items told as one line, when they are the same note made by one node after another.
pub fn run_sentence<N: Told>(run: &[&Narrative<N>]) -> String {
    let mut ids: Vec<NodeId> = run
        .iter()
        .filter_map(|what| match what {
            Narrative::Node(id, _) => Some(*id),
            _ => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    match run.last() {
        Some(Narrative::Node(_, note)) if run.len() > 1 => note.sentence_for(&ids),
        Some(what) => sentence(what),
        None => String::new(),
    }
}

/// What a feed item shares with those told on the same line: the same note (`Told::shared`) by another node.
pub fn shared<N: Told>(what: &Narrative<N>) -> Option<(std::mem::Discriminant<N>, [u64; 3])> {
    match what {
        Narrative::Node(_, note) => note.shared().map(|key| (std::mem::discriminant(note), key)),
        _ => None,
    }
}

/// What happened, in the page's language.
pub fn sentence<N: Told>(what: &Narrative<N>) -> String {
    match what {
        Narrative::Node(id, note) => note.sentence(*id),
        Narrative::Action(action) => match language() {
            Lang::En => action_sentence(action, "You"),
            Lang::ZhCn => crate::words::narrate_zh::action_sentence(action, "你"),
        },
        Narrative::Scripted(action) => match language() {
            Lang::En => action_sentence(action, "The lesson"),
            Lang::ZhCn => crate::words::narrate_zh::action_sentence(action, "课程"),
        },
        Narrative::Dropped(from, to, kind) => match language() {
            Lang::En => format!("The network lost {kind} from S{from} to S{to}"),
            Lang::ZhCn => format!("网络丢失了 S{from} 发往 S{to} 的 {kind}"),
        },
        Narrative::Removed(from, to, kind) => match language() {
            Lang::En => format!("You dropped S{from}'s {kind} to S{to}"),
            Lang::ZhCn => format!("你丢弃了 S{from} 发往 S{to} 的 {kind}"),
        },
        Narrative::Suspected {
            by,
            of,
            false_suspicion,
        } => match (language(), false_suspicion) {
            (Lang::En, true) => format!("S{by} suspects S{of} has failed, but S{of} is up: a false suspicion"),
            (Lang::En, false) => format!("S{by} suspects S{of} has failed, rightly: it crashed"),
            (Lang::ZhCn, true) => format!("S{by} 怀疑 S{of} 已失效，但 S{of} 正常运行：误判"),
            (Lang::ZhCn, false) => format!("S{by} 怀疑 S{of} 已失效，确实如此：它崩溃了"),
        },
        Narrative::FailedOver(crash) => {
            let after = |t: Option<consensus_sim::Micros>| {
                t.map_or("?".to_string(), |t| {
                    crate::words::number::ms(t.saturating_sub(crash.at))
                })
            };
            let (elected_at, new) = crash.elected.map_or((None, 0), |(at, n)| (Some(at), n));
            match language() {
                Lang::En => format!(
                    "Failover after S{}'s crash: suspected after {}, S{new} elected after {}, a client served after {}",
                    crash.leader,
                    after(crash.suspected),
                    after(elected_at),
                    after(crash.served)
                ),
                Lang::ZhCn => format!(
                    "S{} 崩溃后的故障转移：{} 后被怀疑，{} 后 S{new} 当选，{} 后客户端得到服务",
                    crash.leader,
                    after(crash.suspected),
                    after(elected_at),
                    after(crash.served)
                ),
            }
        }
        Narrative::Unnecessary(s) => match language() {
            Lang::En => format!(
                "A new leader after S{}'s false suspicion of S{}: an election nobody needed, with {} client {} waiting",
                s.by,
                s.of,
                s.delayed,
                if s.delayed == 1 { "request" } else { "requests" }
            ),
            Lang::ZhCn => format!(
                "S{} 误判 S{} 之后选出了新领导者：一次没人需要的选举，期间 {} 个客户端请求在等待",
                s.by, s.of, s.delayed
            ),
        },
    }
}

fn raft_sentence(id: u8, note: &Note) -> String {
    match *note {
        Note::StartedElection { term } => format!("S{id} timed out and started an election for term {term}"),
        Note::StartedPreVote { term } => {
            format!("S{id} timed out and asked whether it could win term {term} (PreVote)")
        }
        Note::BecameLeader { term } => format!("S{id} won a majority and became leader of term {term}"),
        Note::SteppedDown { term } => format!("S{id} stepped down to follower in term {term}"),
        Note::LostQuorum { term } => {
            format!("S{id} heard from too few followers and gave up leading term {term} (CheckQuorum)")
        }
        Note::GrantedVote {
            candidate,
            term,
            pre_vote,
        } => format!(
            "S{id} {} S{candidate} for term {term}",
            if pre_vote { "would vote for" } else { "voted for" }
        ),
        Note::RefusedVote {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let why = match reason {
                VoteRefusal::StaleTerm { ours } => format!("its term {term} is behind S{id}'s term {ours}"),
                VoteRefusal::AlreadyVoted { for_node } if for_node == id => {
                    format!("S{id} already voted for itself in term {term}")
                }
                VoteRefusal::AlreadyVoted { for_node } => format!("S{id} already voted for S{for_node} in term {term}"),
                VoteRefusal::LogBehind { theirs, ours } => format!(
                    "its log (last term {}, index {}) is behind S{id}'s (last term {}, index {})",
                    theirs.0, theirs.1, ours.0, ours.1
                ),
                VoteRefusal::LeaderAlive => format!("S{id} still hears from a leader"),
            };
            let what = if pre_vote { "a pre-vote" } else { "its vote" };
            format!("S{id} refused S{candidate} {what} for term {term}: {why}")
        }
        Note::RejectedAppend { leader, reason } => {
            let why = match reason {
                AppendRefusal::StaleTerm { ours } => format!("its term is behind S{id}'s term {ours}"),
                AppendRefusal::MissingEntry { index } => format!("no entry at index {index}"),
                AppendRefusal::TermMismatch { index, ours, theirs } => {
                    format!("the entry at index {index} has term {ours}, not {theirs}")
                }
            };
            format!("S{id} rejected AppendEntries from S{leader}: {why}")
        }
        Note::AppendedEntries {
            leader,
            count,
            last_index,
        } => {
            let entries = if count == 1 { "entry" } else { "entries" };
            format!("S{id} appended {count} {entries} from S{leader}, up to index {last_index}")
        }
        Note::TruncatedLog { index } => {
            format!("S{id} deleted its conflicting entries from index {index} on")
        }
        Note::LoggedRequest { index } => format!("S{id} logged the client's command at index {index}"),
        Note::AdvancedCommit { index } => format!("S{id} knows entries up to index {index} are committed"),
        Note::TookSnapshot { index, term } => format!(
            "S{id} wrote a snapshot of its state machine through entry {index} (term {term}) and discarded its log up to there"
        ),
        Note::InstalledSnapshot { leader, index } => format!(
            "S{id} installed S{leader}'s snapshot through entry {index} and loaded its state machine from it"
        ),
        Note::TransferStarted { to } => format!(
            "S{id} began handing leadership to S{to}: it takes no client commands until S{to} has its whole log"
        ),
        Note::TransferRefused { to } if to == id => format!("S{id} already leads: there is nobody to hand over to"),
        Note::TransferRefused { to } => format!("S{id} cannot hand leadership to S{to}, which is not a member"),
        Note::SentTimeoutNow { to } => format!("S{to} holds S{id}'s whole log: S{id} sent it TimeoutNow"),
        Note::TimedOutNow { leader } => {
            format!("S{id} got TimeoutNow from S{leader} and stands for election at once, as asked")
        }
        Note::TransferAborted { to } => format!(
            "No new leader within an election timeout: S{id} gave up handing leadership to S{to} and takes commands again"
        ),
    }
}

fn paxos_sentence(id: u8, note: paxos::Note) -> String {
    use paxos::Note as PaxosNote;
    match note {
        PaxosNote::StartedPhase1 { ballot, from_slot } if from_slot > 1 => {
            format!("S{id} started Phase 1 with ballot {ballot}, asking about slots from {from_slot} on")
        }
        PaxosNote::StartedPhase1 { ballot, .. } => format!("S{id} started Phase 1 with ballot {ballot}"),
        PaxosNote::Promised { proposer, ballot } => {
            format!("S{id} promised S{proposer} to ignore ballots below {ballot}")
        }
        PaxosNote::RefusedPrepare {
            proposer,
            ballot,
            promised,
        } => format!("S{id} refused S{proposer}'s Prepare {ballot}: it already promised ballot {promised}"),
        PaxosNote::WonPhase1 { ballot, adopted, noops } => {
            let mut carried = Vec::new();
            if adopted > 0 {
                carried.push(format!("re-proposing {adopted} value(s) its promises reported"));
            }
            if noops > 0 {
                carried.push(format!("filling {noops} gap(s) with no-ops"));
            }
            let tail = if carried.is_empty() {
                String::new()
            } else {
                format!(", {}", carried.join(" and "))
            };
            format!("S{id} has promises from a quorum for ballot {ballot} and starts Phase 2{tail}")
        }
        PaxosNote::Accepted {
            proposer,
            ballot,
            slot,
            count,
            value,
        } => {
            let value = value.as_deref().unwrap_or("a no-op");
            let values = match count {
                1 => format!("{value} for slot {slot}"),
                2 => format!("{value} for slot {slot} and 1 more value"),
                _ => format!("{value} for slot {slot} and {} more values", count - 1),
            };
            format!("S{id} accepted S{proposer}'s {values} in ballot {ballot}")
        }
        PaxosNote::RefusedAccept {
            proposer,
            ballot,
            promised,
        } => format!("S{id} refused S{proposer}'s Accept {ballot}: it promised ballot {promised}"),
        PaxosNote::Preempted { ballot, by } => {
            format!("S{id} saw ballot {by}, higher than its own {ballot}, and stopped proposing")
        }
        PaxosNote::Proposed { slot } => format!("S{id} proposed the client's command for slot {slot}"),
        PaxosNote::Chosen { slot } => format!("A quorum accepted S{id}'s value for slot {slot}: it is chosen"),
        PaxosNote::Learned { through: 1 } => format!("S{id} learned the value chosen for slot 1"),
        PaxosNote::Learned { through } => format!("S{id} learned every chosen value up to slot {through}"),
        PaxosNote::BackedOff => format!(
            "S{id} backs off for a random time, longer each time it is overtaken, before trying a higher ballot"
        ),
    }
}

/// Groups of nodes as sets: "{S2,S3}".
pub fn group_names(groups: &[Vec<u8>]) -> Vec<String> {
    groups
        .iter()
        .map(|g| {
            format!(
                "{{{}}}",
                g.iter().map(|id| format!("S{id}")).collect::<Vec<_>>().join(",")
            )
        })
        .collect()
}

/// A client's operation as the log shows it: "x=1", "get x", "x+=ab", "cas x 1→2".
pub fn op_text(key: &str, op: &Op) -> String {
    Call::new(0, key, op.clone(), 0).text.to_string()
}

/// A clock drift as a signed percentage: "+10%", "-5%".
pub fn drift(ppm: i64) -> String {
    let sign = if ppm >= 0 { "+" } else { "" };
    format!("{sign}{}%", short(ppm as f64 / 10_000.0, 4))
}

/// `who` did `action`: "You" for the reader, "The lesson" for a lesson's script.
fn action_sentence(action: &Action, who: &str) -> String {
    match action {
        Action::Crash(id) => format!("{who} crashed S{id}"),
        Action::Restart(id) => format!("{who} restarted S{id}; it recovers from its persisted state"),
        Action::Disconnect(id) => format!("{who} disconnected S{id} from the network"),
        Action::Connect(id) => format!("{who} reconnected S{id}"),
        Action::Cut { from, to, oneway: true } => format!("{who} cut the link from S{from} to S{to}, one way"),
        Action::Cut { from, to, .. } => format!("{who} cut the link between S{from} and S{to}"),
        Action::Restore { from, to, oneway: true } => format!("{who} restored the link from S{from} to S{to}"),
        Action::Restore { from, to, .. } => format!("{who} restored the link between S{from} and S{to}"),
        Action::Partition(groups) => match &group_names(groups)[..] {
            [a, b] => format!("{who} partitioned {a} from {b}"),
            [rest @ .., last] => format!("{who} partitioned the network into {} and {last}", rest.join(", ")),
            [] => format!("{who} partitioned the network"),
        },
        Action::Heal => format!("{who} healed the network: every link is up"),
        Action::Request { value, node: Some(id) } => format!("The client sent {value} to S{id}"),
        Action::Request { value, node: None } => format!("The client sent {value}"),
        Action::DropMessage(id) => format!("{who} dropped message #{id}"),
        Action::SetNetwork {
            drop_ppm,
            duplicate_ppm,
            latency,
        } => {
            let mut parts = Vec::new();
            if let Some(p) = drop_ppm {
                parts.push(format!("loss {}%", short(*p as f64 / 10_000.0, 4)));
            }
            if let Some(p) = duplicate_ppm {
                parts.push(format!("duplication {}%", short(*p as f64 / 10_000.0, 4)));
            }
            if let Some((min, max)) = latency {
                parts.push(format!("latency {}–{} ms", min / 1000, max / 1000));
            }
            format!("{who} set the network: {}", parts.join(", "))
        }
        Action::Timeout(id) => format!("{who} made S{id}'s election timer fire"),
        Action::TransferLeader(id) => format!("{who} asked the leader to hand leadership to S{id}"),
        Action::Operation { client, key, op, .. } => format!("C{client} called {}", op_text(key, op)),
        Action::SetDrift { node, drift_ppm } => {
            format!("{who} set S{node}'s clock to drift {}", drift(*drift_ppm))
        }
        Action::Pause {
            node,
            for_us,
            clock_stops,
        } => format!(
            "{who} paused S{node} for {} ms; it will resume with its state, and take what arrived meanwhile{}",
            for_us / 1000,
            if *clock_stops {
                "; its clock stops too, and will be behind by the whole pause"
            } else {
                ""
            }
        ),
        Action::SetReadPath(path) => format!("{who} switched gets to the {} read path", path.name()),
        Action::SetSnapshotEvery(0) => format!("{who} switched snapshots off: logs grow without end"),
        Action::SetSnapshotEvery(every) => {
            format!("{who} had every node snapshot its state machine each {every} entries it applies")
        }
        Action::SetDetector(detector) => format!("{who} switched failure detection to {}", detector_words(detector)),
        Action::Vote { node, yes } => format!(
            "{who} told S{node} to vote {} on its next transaction",
            if *yes { "yes" } else { "no" }
        ),
    }
}

/// A failure detector in words: "phi accrual (threshold 8)" or "a fixed timeout of 60 to 90 ms".
pub fn detector_words(detector: &consensus_sim::protocol::DetectorSetting) -> String {
    let zh = language() == Lang::ZhCn;
    match (detector.phi, detector.election_timeout) {
        (Some(phi), _) => {
            let threshold = consensus_sim::scenario::fields::Threshold(phi.threshold_milli);
            if zh {
                format!("phi 累积检测（阈值 {threshold}）")
            } else {
                format!("phi accrual (threshold {threshold})")
            }
        }
        (None, Some((min, max))) => {
            if zh {
                format!("{} 到 {} 毫秒的固定超时", min / 1000, max / 1000)
            } else {
                format!("a fixed timeout of {} to {} ms", min / 1000, max / 1000)
            }
        }
        (None, None) => if zh { "固定超时" } else { "the fixed timeout" }.to_string(),
    }
}
