//! Every string the page shows, in one table, so a translation is one more column.

/// A piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Play,
    Pause,
    Speed,
    Canvas,
    Follower,
    PreCandidate,
    Candidate,
    Leader,
    Crashed,
    Term,
    ErrorTitle,
    ErrorHint,
    Reload,
    Request,
    Client,
    Logs,
    Index,
    Committed,
    NotCommitted,
    EmptyLogs,
}

/// The English text. Simplified Chinese follows the same table.
pub fn t(text: Text) -> &'static str {
    match text {
        Text::Title => "Consensus Lab",
        Text::Play => "Play",
        Text::Pause => "Pause",
        Text::Speed => "Speed",
        Text::Canvas => "Raft cluster",
        Text::Follower => "follower",
        Text::PreCandidate => "pre-candidate",
        Text::Candidate => "candidate",
        Text::Leader => "leader",
        Text::Crashed => "crashed",
        Text::Term => "term",
        Text::ErrorTitle => "Something went wrong",
        Text::ErrorHint => "The simulation stopped because of an internal error. The details below help us fix it.",
        Text::Reload => "Reload",
        Text::Request => "Client request",
        Text::Client => "client",
        Text::Logs => "Logs",
        Text::Index => "index",
        Text::Committed => "committed",
        Text::NotCommitted => "not committed yet",
        Text::EmptyLogs => "The logs are empty. Send a client request to see it replicated and committed.",
    }
}
