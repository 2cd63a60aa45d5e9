//! Every user gesture as data. A session is (scenario, seed, timed actions), so an action is also what a
//! permalink, a replay and a test case are made of.

use crate::protocol::kv::Op;
use crate::protocol::{Micros, NodeId, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Crash(NodeId),
    Restart(NodeId),
    /// Cuts every link to and from the node; it keeps running.
    Disconnect(NodeId),
    /// Undoes `Disconnect`; links cut one by one stay cut.
    Connect(NodeId),
    Cut {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    Restore {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    /// Cuts every link between different groups; nodes not listed form one more group.
    Partition(Vec<Vec<NodeId>>),
    /// Restores every cut link and disconnected node. Crashed nodes stay crashed.
    Heal,
    Request {
        value: Value,
        node: Option<NodeId>,
    },
    /// Client `client` (1 to 5) calls `op` on `key`, sending it to `node` if given.
    Operation {
        client: u64,
        key: String,
        op: Op,
        node: Option<NodeId>,
    },
    /// The node stops for `for_us` (a garbage-collection or VM pause), then resumes with its state. Its clock
    /// runs on, as through a garbage collector's pause, unless `clock_stops`: then it counts none of the
    /// pause, as the monotonic clock of a suspended virtual machine does, and comes back behind by all of it.
    Pause {
        node: NodeId,
        for_us: Micros,
        clock_stops: bool,
    },
    /// From now on the node's clock runs this many parts per million fast (negative: slow).
    SetDrift {
        node: NodeId,
        drift_ppm: i64,
    },
    /// From now on gets are answered by this read path, on every node.
    SetReadPath(crate::protocol::kv::ReadPath),
    /// From now on every node detects a failed leader this way.
    SetDetector(crate::protocol::DetectorSetting),
    /// From now on every Raft node snapshots its state machine once this many entries were applied since its
    /// last snapshot (0: never).
    SetSnapshotEvery(u64),
    DropMessage(u64),
    SetNetwork {
        drop_ppm: Option<u32>,
        duplicate_ppm: Option<u32>,
        latency: Option<(Micros, Micros)>,
    },
    /// Fires the node's election (or leader-failure) timer now.
    Timeout(NodeId),
    /// Asks the leader to hand leadership to this node (Raft's leadership transfer, dissertation §3.10). Every
    /// node that believes it leads is asked, as an operator's request would reach whoever answers for the
    /// cluster.
    TransferLeader(NodeId),
    /// The commit protocols: the participant's next vote is yes (or no), whatever it would have voted.
    Vote {
        node: NodeId,
        yes: bool,
    },
}

impl Action {
    /// The verb, as in scenario files.
    pub fn verb(&self) -> &'static str {
        match self {
            Action::Crash(_) => "crash",
            Action::Restart(_) => "restart",
            Action::Disconnect(_) => "disconnect",
            Action::Connect(_) => "connect",
            Action::Cut { .. } => "cut",
            Action::Restore { .. } => "restore",
            Action::Partition(_) => "partition",
            Action::Heal => "heal",
            Action::Request { .. } => "request",
            Action::Operation { op, .. } => op.name(),
            Action::DropMessage(_) => "drop",
            Action::SetNetwork { .. }
            | Action::SetDrift { .. }
            | Action::SetReadPath(_)
            | Action::SetDetector(_)
            | Action::SetSnapshotEvery(_) => "set",
            Action::Pause { .. } => "pause",
            Action::Timeout(_) => "timeout",
            Action::TransferLeader(_) => "transfer-leader",
            Action::Vote { .. } => "vote",
        }
    }
}
