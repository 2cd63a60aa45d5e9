//! Every label the page shows, in one table per language: English here, Simplified Chinese in
//! `i18n_zh.rs`. The event feed's sentences are in `narrate.rs` and `narrate_zh.rs`.
//!
//! The language is chosen once, before the page is drawn: `?lang=`, else the browser's preferred
//! languages, else English.

use std::sync::atomic::{AtomicU8, Ordering};

/// A sentence with values in it, in the page's language: `say!("S{id} crashed", "S{id} 崩溃了")`.
/// The labels without values are in the tables below.
#[macro_export]
macro_rules! say {
    ($en:literal, $zh:literal) => {
        match $crate::words::i18n::language() {
            $crate::words::i18n::Lang::En => format!($en),
            $crate::words::i18n::Lang::ZhCn => format!($zh),
        }
    };
    ($en:literal, $zh:literal, $($arg:expr),+ $(,)?) => {
        match $crate::words::i18n::language() {
            $crate::words::i18n::Lang::En => format!($en, $($arg),+),
            $crate::words::i18n::Lang::ZhCn => format!($zh, $($arg),+),
        }
    };
}

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    /// The BCP 47 tag, as `?lang=` and `<html lang>` take it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// A tag such as `zh-CN`, `zh-Hans`, `zh` or `en-GB`; None for a language the page does not speak.
    pub fn from_code(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            // Traditional-script tags are not Simplified Chinese.
            "zh" if !["tw", "hk", "mo", "hant"]
                .iter()
                .any(|r| tag.to_ascii_lowercase().contains(r)) =>
            {
                Some(Lang::ZhCn)
            }
            _ => None,
        }
    }
}

/// The page's language: set once at start, read by every label.
static LANGUAGE: AtomicU8 = AtomicU8::new(0);

pub fn set_language(lang: Lang) {
    LANGUAGE.store(lang as u8, Ordering::Relaxed);
}

pub fn language() -> Lang {
    match LANGUAGE.load(Ordering::Relaxed) {
        1 => Lang::ZhCn,
        _ => Lang::En,
    }
}

/// The language to speak: the address's `lang` if it names one, else the first of the browser's preferred
/// languages the page speaks, else English.
pub fn choose(asked: Option<&str>) -> Lang {
    if let Some(lang) = asked.and_then(Lang::from_code) {
        return lang;
    }
    let preferred = web_sys::window().map(|w| w.navigator().languages()).unwrap_or_default();
    preferred
        .iter()
        .filter_map(|l| l.as_string())
        .find_map(|l| Lang::from_code(&l))
        .unwrap_or(Lang::En)
}

/// A piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Play,
    Pause,
    Step,
    StepHint,
    Speed,
    SimulatedTime,
    Help,
    Canvas,
    Follower,
    PreCandidate,
    Candidate,
    Leader,
    Crashed,
    Disconnected,
    Term,
    ErrorTitle,
    ErrorHint,
    Reload,
    Request,
    RequestHere,
    Client,
    Waiting,
    Logs,
    Index,
    Committed,
    NotCommitted,
    EmptyLogs,
    Inspector,
    SelectHint,
    Crash,
    Restart,
    Disconnect,
    Connect,
    Timeout,
    /// Raft's leadership transfer to the selected node (§3.10).
    MakeLeader,
    /// A log's compacted prefix, as its cell says it ("snapshot ≤ N"), and the inspector's row for it.
    Snapshot,
    SnapshotHint,
    CurrentTerm,
    VotedFor,
    KnownLeader,
    CommitIndex,
    LastApplied,
    LogLength,
    StateMachine,
    Empty,
    Followers,
    Peer,
    Events,
    Network,
    LatencyMin,
    LatencyMax,
    Loss,
    Duplication,
    Protocol,
    Nodes,
    Seed,
    ResetSame,
    NewSeed,
    HealAll,
    Message,
    Legend,
    Close,
    Keys,
    LegendFollower,
    LegendCandidate,
    LegendLeader,
    LegendCrashed,
    LegendTimer,
    LegendVote,
    LegendAppend,
    LegendHeartbeat,
    LegendReplyOk,
    LegendReplyFail,
    LegendClient,
    LegendCut,
    LegendGestures,
    LegendPrepare,
    LegendAccept,
    LegendLearn,
    LegendCatchUp,
    LegendTimeoutNow,
    LegendSnapshot,
    Ballot,
    Promised,
    OwnBallot,
    ChosenUpTo,
    AcceptedSlots,
    AcceptedValues,
    Proposals,
    Slot,
    Value,
    Chosen,
    AcceptedBy,
    Round,
    NotChosen,
    TimeTravel,
    StepBack,
    StepBackHint,
    Undo,
    AtThePresent,
    Continue,
    Acceptor,
    ProposerPhase1,
    ProposerPhase2,
    DistinguishedProposer,
    StartPhase1,
    LogKeyRaft,
    LogKeyPaxos,
    PaxosWaits,
    LegendBallot,
    FastForward,
    LessonOver,
    NextLesson,
    LastLesson,
    YouPicked,
    WatchTheRun,
    KeyStepBack,
    KeyUndo,
    Diagram,
    DiagramCaption,
    Bugs,
    BugsHint,
    BugCommitPreviousTerm,
    BugForgetVote,
    BugSkipLogCheck,
    BugQuorumMinusOne,
    BugIgnoreAccepted,
    BugAcceptLowerBallot,
    BugReadWithoutQuorum,
    BugReadIndexBeforeNoop,
    BugLeaseIgnoresDrift,
    SafetyViolated,
    GoTo,
    ShowDiagram,
    Share,
    ShareHint,
    HideDiagram,
    VotesThisTerm,
    GoToMoment,
    KeyPlay,
    KeyStep,
    KeySelect,
    KeyNumber,
    KeyLinks,
    KeyCrash,
    KeyDisconnect,
    KeyTimeout,
    KeyTransfer,
    KeyRequest,
    KeyMove,
    KeyHeal,
    KeyEscape,
    KeyHelp,
    AddressProblems,
    Restored,
    Question,
    Right,
    NotQuite,
    AnswerIs,
    PickToContinue,
    Lessons,
    ChooseLesson,
    Language,
    Files,
    ExportScenario,
    ExportTrace,
    ExportSvg,
    Import,
    ImportHint,
    Imported,
    LeftOut,
    BugReport,
    CopyBugReport,
    StartFresh,
    Dismiss,
    Earlier,
    Later,
    LogKeyCommit,
    OnDisk,
    Coordinator,
    Participant,
    CommitAcceptor,
    LookNow,
    Account,
    Balance,
    LockHeldBy,
    LogRecords,
    HighestBallot,
    Transactions,
    Coordinating,
    LegendOutcome,
    LegendAck,
    LegendTxnVote,
    BeginTransaction,
    VoteNoNext,
    Compare,
}

/// The label for `text` in the page's language.
pub fn t(text: Text) -> &'static str {
    match language() {
        Lang::En => en(text),
        Lang::ZhCn => crate::words::i18n_zh::zh(text),
    }
}

/// The English text of every label. Simplified Chinese has its own table (`i18n_zh.rs`).
fn en(text: Text) -> &'static str {
    match text {
        Text::Title => "Consensus Lab",
        Text::Play => "Play",
        Text::Pause => "Pause",
        Text::Step => "Step",
        Text::StepHint => "Process the next event (while paused)",
        Text::Speed => "Speed",
        Text::SimulatedTime => "simulated time",
        Text::Help => "Legend and keys",
        Text::Canvas => "Raft cluster",
        Text::Follower => "follower",
        Text::PreCandidate => "pre-candidate",
        Text::Candidate => "candidate",
        Text::Leader => "leader",
        Text::Crashed => "crashed",
        Text::Disconnected => "disconnected",
        Text::ErrorTitle => "Something went wrong",
        Text::ErrorHint => "The simulation stopped because of an internal error. The details below help us fix it.",
        Text::Reload => "Reload",
        Text::Request => "Client request",
        Text::Client => "client",
        Text::Waiting => "waiting",
        Text::Protocol => "Protocol",
        Text::Nodes => "Nodes",
        Text::Seed => "seed",
        Text::ResetSame => "Reset",
        Text::NewSeed => "New seed",
        Text::HealAll => "Heal all",
        Text::TimeTravel => "Time travel",
        Text::StepBack => "Back",
        Text::StepBackHint => "Go back one event (pauses)",
        Text::Undo => "Undo",
        Text::Continue => "Continue",
        Text::Acceptor => "acceptor",
        Text::ProposerPhase1 => "proposer, Phase 1 (prepare)",
        Text::ProposerPhase2 => "proposer, Phase 2 (accept)",
        Text::DistinguishedProposer => "leader (the distinguished proposer)",
        Text::StartPhase1 => "Propose now (Phase 1)",
        Text::LogKeyRaft => "Each cell is an entry: its term (by colour and number) and its command. Filled: committed; outlined: not yet. Click one to see why.",
        Text::LogKeyPaxos => "Each cell is the value a node accepted for a slot, with the round of the ballot it accepted it in (by colour and number). Filled: chosen; outlined: not yet. Click one to see why.",
        Text::PaxosWaits => "Basic Paxos decides one value, and waits for one to be proposed: press Client request (or select a node and press q), then watch Phase 1 (Prepare, Promise) and Phase 2 (Accept, Accepted).",
        Text::LegendBallot => "Paxos: every node is an acceptor; a proposer runs Phase 1 with a ballot written round.proposer (3.2: round 3 of S2). A higher round wins; in the same round, the higher proposer.",
        Text::FastForward => "» Nothing new until the next caption: four times faster till then.",
        Text::LessonOver => "This lesson is over.",
        Text::NextLesson => "Next:",
        Text::LastLesson => "That was the last lesson: the cluster is yours to break.",
        Text::YouPicked => "You picked",
        Text::WatchTheRun => "Watch the run: it shows the answer.",
        Text::AtThePresent => "The present. Drag the slider back, or press ←, to see any earlier moment.",
        Text::Share => "Share",
        Text::ShowDiagram => "Show the space-time diagram",
        Text::HideDiagram => "Hide the space-time diagram",
        Text::Lessons => "Lesson",
        Text::ChooseLesson => "Choose a lesson…",
        Text::Language => "Language",
        Text::BugReport => "Bug report: the address of the session that led here",
        Text::Coordinator => "coordinator (transaction manager)",
        Text::Participant => "participant (resource manager)",
        Text::CommitAcceptor => "acceptor (Paxos Commit)",
        Text::LookNow => "Time out now (give up, ask, or take over)",
        Text::Account => "Account",
        Text::Balance => "Balance",
        Text::LockHeldBy => "Lock held by",
        Text::LogRecords => "Log records",
        Text::HighestBallot => "Highest ballot seen",
        Text::Transactions => "Transactions here",
        Text::Coordinating => "Transactions it coordinates",
        Text::LegendOutcome => "2PC, 3PC: the outcome, Commit (tick) or Abort (cross), and 3PC's PreCommit",
        Text::LegendAck => "2PC, 3PC: an acknowledgement (Ack, PreCommitAck)",
        Text::LegendTxnVote => "2PC, 3PC: a participant's vote, Yes (tick) or No (cross), drawn like a Raft vote",
        Text::BeginTransaction => "Begin",
        Text::VoteNoNext => "Vote no next",
        Text::Compare => "Compare 2PC, 3PC and Paxos Commit",
        Text::LogKeyCommit => "Each cell is a record of the node's write-ahead log: a vote (prepared), an outcome (commit, abort), or an acceptor's promise and accepted vote. Every record is forced to disk before the node goes on, and recovery reads them all. Click one to see more.",
        Text::OnDisk => "on disk",
        Text::CopyBugReport => "Copy bug report",
        Text::Term => "term",
        Text::Ballot => "ballot",
        Text::RequestHere => "Request here",
        Text::Logs => "Logs",
        Text::Index => "index",
        Text::Committed => "committed",
        Text::NotCommitted => "not committed yet",
        Text::EmptyLogs => "The logs are empty. Send a client request to see it replicated and committed.",
        Text::Inspector => "Inspector",
        Text::SelectHint => "Select a node (click it, or Tab to it and press Enter) to see its state and act on it.",
        Text::Crash => "Crash",
        Text::Restart => "Restart",
        Text::Disconnect => "Disconnect",
        Text::Connect => "Reconnect",
        Text::Timeout => "Time out now",
        Text::MakeLeader => "Make leader",
        Text::Snapshot => "snapshot",
        Text::SnapshotHint => "These entries are compacted into the node's snapshot of its state machine (chapter 5): only the last one's index and term are kept.",
        Text::CurrentTerm => "currentTerm",
        Text::VotedFor => "votedFor",
        Text::KnownLeader => "leader it knows",
        Text::CommitIndex => "commitIndex",
        Text::LastApplied => "lastApplied",
        Text::LogLength => "log length",
        Text::StateMachine => "State machine",
        Text::Empty => "empty",
        Text::Followers => "Followers",
        Text::Peer => "peer",
        Text::Events => "Events",
        Text::Network => "Network",
        Text::LatencyMin => "Latency from",
        Text::LatencyMax => "to",
        Text::Loss => "Loss",
        Text::Duplication => "Duplication",
        Text::Message => "Message",
        Text::Legend => "Legend",
        Text::Close => "Close",
        Text::Keys => "Keys",
        Text::LegendFollower => "Follower (blue circle)",
        Text::LegendCandidate => "Candidate (orange diamond; dots count its votes; dashed: pre-candidate)",
        Text::LegendLeader => "Leader (green square with a crown)",
        Text::LegendCrashed => "Crashed node (grey, crossed)",
        Text::LegendTimer => "Election timer: the ring empties as the timeout nears",
        Text::LegendVote => "RequestVote",
        Text::LegendAppend => "AppendEntries carrying entries",
        Text::LegendHeartbeat => "Heartbeat: AppendEntries with no entries, or a Multi-Paxos leader's Heartbeat",
        Text::LegendReplyOk => "A reply: outlined; a tick when granted or successful",
        Text::LegendReplyFail => "A reply with a cross: refused or failed",
        Text::LegendClient => "The client's requests and replies",
        Text::LegendCut => "A cut direction: dashed, with a bar across and an arrow into it",
        Text::LegendGestures => {
            "Drag a node to move it. Click a link to cut it both ways; Shift-click it near one end, or \
                                 click an arrow handle, to cut only the direction into that end. Drag across empty canvas to cut every link the stroke crosses. Click a \
                                 message to drop it; while paused, hover it to read it."
        }
        Text::LegendPrepare => "Paxos Phase 1: Prepare, and Promise replies (triangles)",
        Text::LegendAccept => "Paxos Phase 2: Accept carrying values, and Accepted replies (squares)",
        Text::LegendLearn => "Paxos Learn: these values are chosen (hexagon)",
        Text::LegendCatchUp => "Multi-Paxos CatchUp: a follower asks the leader for chosen values it missed",
        Text::LegendTimeoutNow => "TimeoutNow: a leader hands leadership to a caught-up follower (Raft §3.10)",
        Text::LegendSnapshot => "InstallSnapshot: a leader sends its snapshot to a follower that needs entries it compacted away",
        Text::Promised => "promised ballot",
        Text::OwnBallot => "its own ballot",
        Text::ChosenUpTo => "chosen, in order, up to slot",
        Text::AcceptedSlots => "slots accepted",
        Text::AcceptedValues => "Accepted values",
        Text::Proposals => "Proposals awaiting a quorum",
        Text::Slot => "slot",
        Text::Value => "value",
        Text::Chosen => "chosen",
        Text::AcceptedBy => "accepted by",
        Text::Round => "ballot round",
        Text::NotChosen => "not known chosen yet",
        Text::KeyStepBack => "go back one event (pauses)",
        Text::KeyUndo => "undo the last action",
        Text::Bugs => "Deliberate bugs",
        Text::BugsHint => "Switch one on to break a rule on purpose, and watch the safety checks catch it. The \
                           cluster starts again with the same seed.",
        Text::BugCommitPreviousTerm => "A leader commits an entry from an earlier term by counting its replicas, \
                                        which §5.4.2 of the Raft paper forbids (Figure 8 shows why).",
        Text::BugForgetVote => "A restarted server forgets whom it voted for, so it can vote twice in one term \
                                (votedFor must survive a crash, Figure 2).",
        Text::BugSkipLogCheck => "Voters skip the check that a candidate's log is at least as up-to-date as their \
                                  own (§5.4.1), so a leader can lack committed entries.",
        Text::BugQuorumMinusOne => "Quorums are a majority minus one, so two of them need not share an acceptor.",
        Text::BugIgnoreAccepted => "A proposer ignores the accepted values its promises report and proposes its \
                                    own (Paxos Made Simple, P2c).",
        Text::BugAcceptLowerBallot => "An acceptor accepts a proposal below the ballot it promised (P1a).",
        Text::BugReadWithoutQuorum => "A leader answers a get from its own state without first checking that a \
                                       majority still follows it (§6.4), so a deposed leader reads stale.",
        Text::BugReadIndexBeforeNoop => "A new leader answers a read_index get before it has committed an entry \
                                         of its own term (§6.4), so its commit index may be behind.",
        Text::BugLeaseIgnoresDrift => "A leader's lease ignores clock drift (§6.4.1): a fast clock lets it read \
                                       after a new leader may have been elected.",
        Text::SafetyViolated => "Safety violated:",
        Text::GoTo => "Go to",
        Text::ShareHint => "This link opens the session exactly as it is now (copied if the browser allows):",
        Text::VotesThisTerm => "Votes in its term, and why",
        Text::GoToMoment => "Go to that moment",
        Text::Diagram => "Space-time diagram: one lane per node, time running left to right",
        Text::DiagramCaption => "Space-time diagram. Arrows are messages from send to receipt (dashed: in flight; \
                                 a cross: lost); bands are leader terms. Hover an arrow to find it on the canvas; \
                                 click to go to that moment.",
        Text::KeyPlay => "play or pause",
        Text::KeyStep => "step to the next event (paused)",
        Text::KeySelect => "reach a node, then the links, or a control; select a node",
        Text::KeyNumber => "select S1 to S9",
        Text::KeyLinks => "on a link: the next link, or its one-way handles",
        Text::KeyCrash => "crash / restart the selected node",
        Text::KeyDisconnect => "disconnect or reconnect the selected node",
        Text::KeyTimeout => "make the selected node's election timer fire",
        Text::KeyTransfer => "make the selected node leader: the leader hands over (Raft)",
        Text::KeyRequest => "send a client request to the selected node",
        Text::KeyMove => "move the selected node",
        Text::KeyHeal => "heal every cut link",
        Text::KeyEscape => "close this, or clear the selection",
        Text::KeyHelp => "show or hide this legend",
        Text::AddressProblems => "Not everything could be used as asked",
        Text::Restored => "The session you left is back, at the moment you left it.",
        Text::StartFresh => "Start fresh",
        Text::Question => "Question",
        Text::Right => "Right.",
        Text::NotQuite => "Not this time.",
        Text::AnswerIs => "The answer is",
        Text::PickToContinue => "Pick an answer, and the run goes on to show it.",
        Text::Files => "Export and import",
        Text::ExportScenario => "Export scenario",
        Text::ExportTrace => "Export trace",
        Text::ExportSvg => "Export SVG",
        Text::Import => "Import scenario or history",
        Text::ImportHint => "Open a scenario or a history file (JSON), or drop one anywhere on the lab",
        Text::Imported => "could not be opened",
        Text::LeftOut => "dropped messages have no scenario event and were left out of the export",
        Text::Dismiss => "Dismiss",
        Text::Earlier => "◀ Earlier",
        Text::Later => "Later ▶",
    }
}
