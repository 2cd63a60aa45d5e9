//! The replicated service: a key/value store with the operations of Jepsen's cas-register and the course labs'
//! key/value servers (get, put, append, compare-and-set), and the client sessions of Ongaro's dissertation
//! (§6.3) that keep a retried operation from applying twice.
//!
//! Every replica applies the same commands in the same order to its own [`Store`], so every replica holds the
//! same values and answers a duplicate the same way. What the clients saw is a [`History`] of [`Operation`]s,
//! in the format of history files; `history.rs` reads and writes those files.

use std::rc::Rc;

use super::{RequestId, Value};
use crate::sorted_map::SortedMap;

/// What an operation asks of its key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Get,
    Put(String),
    /// Concatenates to the value; appending to a missing key stores the value.
    Append(String),
    /// Swaps in `to` only if the key holds `from`.
    Cas {
        from: String,
        to: String,
    },
}

impl Op {
    /// Its name in history and scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Get => "get",
            Op::Put(_) => "put",
            Op::Append(_) => "append",
            Op::Cas { .. } => "cas",
        }
    }
}

/// What an operation returned beyond "done": what a get read, or whether a cas swapped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    Read(Option<String>),
    Swapped(bool),
}

/// How an operation ended, as its client saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It took effect, and returned.
    Ok,
    /// It certainly took no effect.
    Fail,
    /// Unknown: it may have taken effect at any moment after its call, or never.
    Info,
}

/// One operation of a client history (SCENARIO.md, "History files"): what it asked, when it was called and
/// returned, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub client: u64,
    pub op: Op,
    pub key: String,
    pub call_us: u64,
    pub return_us: Option<u64>,
    pub outcome: Outcome,
    pub answer: Option<Answer>,
    pub id: Option<u64>,
    /// The server that answered.
    pub node: Option<u64>,
}

/// What the clients of the service saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// In the order they were called (a file's: in file order).
    pub operations: Vec<Operation>,
}

/// How a get is answered (Ongaro's dissertation, §6.4). Writes always go through the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReadPath {
    /// Like a write: logged, committed, applied, answered. Always linearizable; costs a round and a log entry.
    #[default]
    Log,
    /// §6.4: the leader notes its commitIndex, confirms it still leads with a heartbeat round, waits until
    /// it has applied that far, then answers; a new leader first commits an entry of its own term.
    ReadIndex,
    /// §6.4.1: the leader answers at once while its lease holds: a heartbeat round a majority acknowledged
    /// gives it an election timeout, shortened by the clock-drift bound, in which no other leader can win.
    Lease,
    /// Any node answers from its own state machine: available, stale, not linearizable.
    Follower,
}

impl ReadPath {
    /// Their names in scenario files, in order.
    pub const NAMES: [&'static str; 4] = ["log", "read_index", "lease", "follower"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn named(name: &str) -> Option<ReadPath> {
        let all = [ReadPath::Log, ReadPath::ReadIndex, ReadPath::Lease, ReadPath::Follower];
        all.into_iter().find(|p| p.name() == name)
    }
}

/// The request id of commands no client sent: the entries of a scenario's initial logs.
pub const NO_REQUEST: RequestId = 0;

/// The client the lab's own request button and the scenario's `request` event speak for: not one of C1..C5,
/// and with any number of requests outstanding.
pub const REQUESTER: u64 = 0;

/// A client's call of one operation, as it travels to the servers and into their logs. Retries send the same
/// call again, with the same request id.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Call {
    /// 1 to 5 for C1..C5; [`REQUESTER`] for the request button.
    pub client: u64,
    pub key: String,
    pub op: Op,
    /// As the log table shows it: "x=1", "x+=ab", "get x", "cas x 1→2".
    pub text: Value,
    /// The oldest of this client's requests still unanswered when it made this call: the servers may forget
    /// the answers to anything older (§6.3).
    pub oldest_unanswered: RequestId,
}

/// Written as the log shows it, as the request's value always was: traces read "x=1", not a structure.
impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", &*self.text)
    }
}

impl Call {
    /// A client's call of `op` on `key`.
    pub fn new(client: u64, key: &str, op: Op, oldest_unanswered: RequestId) -> Call {
        let text = match &op {
            Op::Get => format!("get {key}"),
            Op::Put(value) => format!("{key}={value}"),
            Op::Append(value) => format!("{key}+={value}"),
            Op::Cas { from, to } => format!("cas {key} {from}→{to}"),
        };
        Call {
            client,
            key: key.to_string(),
            op,
            text: text.into(),
            oldest_unanswered,
        }
    }

    /// A request as the request button and the `request` event make it: "k=v" puts v at k; a value without
    /// "=" puts the empty string at the whole value. The log shows the value exactly as given.
    pub fn request(value: Value, oldest_unanswered: RequestId) -> Call {
        let (key, put) = value.split_once('=').unwrap_or((&value, ""));
        Call {
            client: REQUESTER,
            key: key.to_string(),
            op: Op::Put(put.to_string()),
            text: value.clone(),
            oldest_unanswered,
        }
    }

    pub fn is_read(&self) -> bool {
        self.op == Op::Get
    }
}

/// A shared call: copied into every message and replica without copying its strings.
pub type SharedCall = Rc<Call>;

/// The state machine every replica applies committed commands to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Store {
    values: SortedMap<String, String>,
    /// Per client, its session (§6.3). Each is shared between copies of the store until one changes it, so a
    /// snapshot (chapter 5) copies one pointer per session, not every session's answers.
    sessions: SortedMap<u64, Rc<Session>>,
}

/// What a replica remembers of one client (§6.3): the answers to the requests it may still retry, and below
/// which every request was answered and acknowledged, so that a late copy of one is a stale duplicate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Session {
    answers: SortedMap<RequestId, Option<Answer>>,
    /// The highest "oldest unanswered" the client has sent.
    acknowledged_below: RequestId,
}

impl Store {
    /// What `key` holds.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.values.get(key)
    }

    /// Every key and its value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.values.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Applies request `request`'s call once: a duplicate gets the answer the first application gave.
    pub fn apply(&mut self, request: RequestId, call: &Call) -> Option<Answer> {
        if request == NO_REQUEST {
            return self.perform(call);
        }
        if !self.sessions.contains_key(&call.client) {
            self.sessions.insert(call.client, Rc::default());
        }
        let session = Rc::make_mut(self.sessions.get_mut(&call.client).expect("present"));
        if let Some(answer) = session.answers.get(&request) {
            return answer.clone(); // a retry of a request already applied
        }
        if request < session.acknowledged_below {
            return None; // a stale copy of a request answered and acknowledged long ago: not applied again
        }
        // The client has its answers to everything older than this call's oldest unanswered request.
        session.acknowledged_below = session.acknowledged_below.max(call.oldest_unanswered);
        let below = session.acknowledged_below;
        session.answers.retain(|&r, _| r >= below);
        let answer = self.perform(call);
        let session = Rc::make_mut(self.sessions.get_mut(&call.client).expect("present"));
        session.answers.insert(request, answer.clone());
        answer
    }

    /// The answer `client`'s request got when it was applied, if the session still holds it.
    pub fn answered(&self, client: u64, request: RequestId) -> Option<Answer> {
        self.sessions.get(&client)?.answers.get(&request).cloned().flatten()
    }

    /// What `call` returns and does, without a session: a read path that does not go through the log
    /// answers from here.
    pub fn perform(&mut self, call: &Call) -> Option<Answer> {
        let key = &call.key;
        match &call.op {
            Op::Get => Some(self.read(key)),
            Op::Put(value) => {
                self.values.insert(key.clone(), value.clone());
                None
            }
            Op::Append(value) => {
                let joined = self.get(key).cloned().unwrap_or_default() + value;
                self.values.insert(key.clone(), joined);
                None
            }
            Op::Cas { from, to } => {
                let swaps = self.get(key) == Some(from);
                if swaps {
                    self.values.insert(key.clone(), to.clone());
                }
                Some(Answer::Swapped(swaps))
            }
        }
    }

    /// What a get of `key` reads here.
    pub fn read(&self, key: &str) -> Answer {
        Answer::Read(self.get(key).cloned())
    }

    /// The answer to a get read from this state, with `index` applied: a read that skips the log.
    pub fn read_outcome(&self, call: &Call, index: u64) -> super::ClientOutcome {
        super::ClientOutcome::Applied {
            index,
            answer: Some(self.read(&call.key)),
        }
    }
}

/// A get a leader holds until a heartbeat round sent after it arrived is confirmed by a majority: ReadIndex
/// (Ongaro's dissertation, §6.4), in Raft and in Multi-Paxos alike.
#[derive(Clone, Debug)]
pub struct PendingRead {
    pub request: RequestId,
    pub call: SharedCall,
    /// The heartbeat round that must be confirmed.
    pub round: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(client: u64, op: Op) -> Call {
        Call::new(client, "x", op, 0)
    }

    /// Dissertation §6.3: a retried command applies once, and its retry gets the first answer.
    #[test]
    fn a_duplicate_applies_once_section_6_3() {
        let mut store = Store::default();
        let append = call(1, Op::Append("a".into()));
        store.apply(7, &append);
        store.apply(7, &append);
        assert_eq!(store.get("x").map(String::as_str), Some("a"));
        let cas = call(
            2,
            Op::Cas {
                from: "a".into(),
                to: "b".into(),
            },
        );
        assert_eq!(store.apply(8, &cas), Some(Answer::Swapped(true)));
        assert_eq!(
            store.apply(8, &cas),
            Some(Answer::Swapped(true)),
            "the first answer, not a second swap"
        );
        assert_eq!(store.get("x").map(String::as_str), Some("b"));
    }

    #[test]
    fn sessions_forget_what_the_client_has_had_answered() {
        let mut store = Store::default();
        store.apply(1, &call(1, Op::Put("1".into())));
        store.apply(2, &Call::new(1, "x", Op::Put("2".into()), 2));
        assert_eq!(store.sessions.get(&1).map(|s| s.answers.len()), Some(1));
        // A late copy of request 1, already answered and acknowledged, is not applied again.
        store.apply(1, &call(1, Op::Put("1".into())));
        assert_eq!(store.get("x").map(String::as_str), Some("2"));
    }

    #[test]
    fn a_request_is_a_put_shown_as_written() {
        let c = Call::request("x=1".into(), 0);
        assert_eq!((c.key.as_str(), &c.op, &*c.text), ("x", &Op::Put("1".into()), "x=1"));
        let c = Call::request("hello".into(), 0);
        assert_eq!((c.key.as_str(), &c.op), ("hello", &Op::Put(String::new())));
        assert_eq!(
            &*Call::new(
                3,
                "k",
                Op::Cas {
                    from: "1".into(),
                    to: "2".into()
                },
                0
            )
            .text,
            "cas k 1→2"
        );
    }
}
