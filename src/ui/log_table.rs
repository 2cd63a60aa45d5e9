//! Every node's log, aligned by index and coloured by term. Committed entries are solid; entries not yet
//! committed are outlined. Long logs page through windows of indexes, newest first, and each
//! window scrolls sideways: any length is reachable, and the page never draws an unbounded table.

use yew::prelude::*;

use crate::model::views::{LogRow, Logs};
use crate::words::i18n::{t, Text};

/// Indexes drawn at once.
const WINDOW: usize = 60;

#[derive(Properties, PartialEq)]
pub struct LogTableProps {
    pub logs: Logs,
    /// Paxos logs are slots of chosen values, numbered by ballot round.
    #[prop_or_default]
    pub paxos: bool,
    /// The commit protocols' logs are write-ahead logs: each cell a record, shown by what it says.
    #[prop_or_default]
    pub wal: bool,
    /// Asks why an entry is (not yet) committed: (node, index).
    #[prop_or_default]
    pub on_explain: Callback<(u8, u64)>,
    /// The entry explained, (node, index), and why it stands as it does: shown in a row right under that
    /// node's log, next to the entry.
    pub explained: Option<(u8, u64, String)>,
    /// Nodes a safety violation names: their rows are marked.
    #[prop_or_default]
    pub marked: Vec<u8>,
    /// Raft: how many applied entries each node snapshots after (0: never), offered as a menu that sets it
    /// on every node at once.
    #[prop_or_default]
    pub snapshot_every: Option<u64>,
    #[prop_or_default]
    pub on_act: Callback<consensus_sim::Action>,
}

/// The intervals the snapshot menu offers, in entries applied (0: never).
const SNAPSHOT_EVERY: [u64; 6] = [0, 5, 10, 20, 50, 100];

/// Raft's log compaction, switched live: a menu of how many applied entries each node snapshots after.
fn snapshot_menu(every: u64, on_act: &Callback<consensus_sim::Action>) -> Html {
    let choices = SNAPSHOT_EVERY
        .into_iter()
        .chain((!SNAPSHOT_EVERY.contains(&every)).then_some(every))
        .map(|n| {
            let text = if n == 0 {
                crate::say!("never", "从不")
            } else {
                crate::say!("{n} entries", "{n} 个条目")
            };
            html! { <option value={n.to_string()} selected={n == every}>{text}</option> }
        });
    let onchange = on_act.reform(|e: Event| {
        let every = crate::ui::clients::input_value(&e).parse().unwrap_or(0);
        consensus_sim::Action::SetSnapshotEvery(every)
    });
    html! {
        <label class="snapshot-every">{crate::say!("Snapshot every", "快照间隔")}
            <select id="snapshot-every" {onchange}>{for choices}</select>
        </label>
    }
}

/// A term's colour, cycling through the colour-blind-safe palette. The number is always printed too.
pub fn term_class(term: u64) -> String {
    format!("term-{}", term % 7)
}

/// The words for a log position, its number, and whether it is settled: Raft's or Paxos's.
#[derive(PartialEq)]
struct Words {
    index: Text,
    /// What a cell shows, in one sentence under the table.
    key: Text,
    term: Text,
    settled: Text,
    unsettled: Text,
}

const RAFT: Words = Words {
    index: Text::Index,
    key: Text::LogKeyRaft,
    term: Text::Term,
    settled: Text::Committed,
    unsettled: Text::NotCommitted,
};

const PAXOS: Words = Words {
    index: Text::Slot,
    key: Text::LogKeyPaxos,
    term: Text::Round,
    settled: Text::Chosen,
    unsettled: Text::NotChosen,
};

const WAL: Words = Words {
    index: Text::Index,
    key: Text::LogKeyCommit,
    term: Text::Round,
    settled: Text::OnDisk,
    unsettled: Text::OnDisk,
};

impl LogTableProps {
    fn words(&self) -> &'static Words {
        match (self.wal, self.paxos) {
            (true, _) => &WAL,
            (false, true) => &PAXOS,
            (false, false) => &RAFT,
        }
    }
}

#[derive(Properties, PartialEq)]
struct CellProps {
    node: u8,
    index: u64,
    term: u64,
    value: Option<consensus_sim::Value>,
    committed: bool,
    words: &'static Words,
    /// A write-ahead log record: the cell shows its first words ("T3 prepared") rather than a number.
    wal: bool,
    on_explain: Callback<(u8, u64)>,
}

/// One entry. A component of its own, so a log that grows by one entry redraws one cell, not the table.
#[function_component]
fn Cell(props: &CellProps) -> Html {
    if props.term == 0 && !props.wal {
        return html! { <td class="empty" /> }; // a Paxos slot this node knows nothing of yet
    }
    let words = props.words;
    let title = format!(
        "S{} {} {}: {} {}, {}, {}",
        props.node,
        t(words.index),
        props.index,
        t(words.term),
        props.term,
        props.value.as_deref().unwrap_or("no-op"),
        t(if props.committed {
            words.settled
        } else {
            words.unsettled
        })
    );
    let (node, index) = (props.node, props.index);
    let onclick = props.on_explain.reform(move |_: MouseEvent| (node, index));
    let onkeydown = {
        let on_explain = props.on_explain.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                on_explain.emit((node, index));
            }
        })
    };
    html! {
        <td class={classes!("entry", term_class(props.term), props.committed.then_some("committed"))}
            title={title.clone()} aria-label={title} data-node={node.to_string()} data-index={index.to_string()}
            tabindex="0" {onclick} {onkeydown}>
            if props.wal {
                {props.value.as_deref().unwrap_or_default().split(' ').take(2).collect::<Vec<_>>().join(" ")}
            } else {
                {props.term}
            }
        </td>
    }
}

fn row(row: &LogRow, start: usize, end: usize, props: &LogTableProps, marked: bool) -> Html {
    let (words, wal, on_explain) = (props.words(), props.wal, &props.on_explain);
    // The indexes of the window that a snapshot compacted away: one cell says so (chapter 5).
    let snapshot = row.snapshot as usize;
    let compacted = snapshot.clamp(start, end) - start;
    let cells = row
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| (snapshot + i, entry))
        .skip(start.saturating_sub(snapshot))
        .take(end - start - compacted)
        .map(|(i, (term, value))| {
            let index = i as u64 + 1;
            html! {
                <Cell key={index} node={row.id} {index} term={*term} value={value.clone()}
                      committed={index <= row.commit_index} {words} {wal} on_explain={on_explain.clone()} />
            }
        });
    let padding = (row.len().clamp(start, end)..end).map(|_| html! { <td class="empty" /> });
    let what = format!("{} ≤ {snapshot}", t(Text::Snapshot));
    html! {
        <tr class={classes!((!row.up).then_some("crashed"), marked.then_some("implicated"))}>
            <th scope="row">{format!("S{}", row.id)}</th>
            if compacted > 0 {
                <td class="snapshot" colspan={compacted.to_string()} data-through={snapshot.to_string()}
                    title={t(Text::SnapshotHint).to_string()}>{what}</td>
            }
            {for cells}
            {for padding}
        </tr>
    }
}

#[function_component]
pub fn LogTable(props: &LogTableProps) -> Html {
    // None follows the end of the logs; Some(start) holds a window the reader paged back to.
    let pinned = use_state(|| None::<usize>);
    let longest = props.logs.0.iter().map(LogRow::len).max().unwrap_or(0);
    html! {
        <section class="log-table" aria-label={t(Text::Logs)}>
            <div class="log-head">
                <h2>{t(Text::Logs)}</h2>
                if let Some(every) = props.snapshot_every {
                    {snapshot_menu(every, &props.on_act)}
                }
            </div>
            if longest == 0 {
                <p class="hint">{t(Text::EmptyLogs)}</p>
            } else {
                {window(props, &pinned, longest)}
            }
        </section>
    }
}

/// The window of indexes shown, with its pager.
fn window(props: &LogTableProps, pinned: &UseStateHandle<Option<usize>>, longest: usize) -> Html {
    let rows = &props.logs.0;
    let words = props.words();
    let last_start = longest.saturating_sub(1) / WINDOW * WINDOW;
    let start = pinned.map_or(last_start, |s| s.min(last_start));
    let end = (start + WINDOW).min(longest);
    let page = |to: Option<usize>| {
        let pinned = pinned.clone();
        Callback::from(move |_: MouseEvent| pinned.set(to))
    };
    let earlier = page(Some(start.saturating_sub(WINDOW)));
    let later = page((start + WINDOW < last_start).then_some(start + WINDOW));
    html! {
        <>
            if longest > WINDOW {
                <div class="pager">
                    <button type="button" disabled={start == 0} onclick={earlier}>{t(Text::Earlier)}</button>
                    <span>{format!("{} {}–{} / {longest}", t(words.index), start + 1, end)}</span>
                    <button type="button" disabled={start >= last_start} onclick={later}>{t(Text::Later)}</button>
                </div>
            }
            <div class="scroll" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t(words.index)}</th>
                            {for (start + 1..=end).map(|i| html! { <th scope="col">{i}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {for rows.iter().map(|r| html! {
                            <>
                                {row(r, start, end, props, props.marked.contains(&r.id))}
                                if let Some((_, index, text)) = props.explained.as_ref().filter(|e| e.0 == r.id) {
                                    <tr class="explanation-row" data-index={index.to_string()}>
                                        <td colspan={(end - start + 1).to_string()}>
                                            <p class="explanation" role="status">{text}</p>
                                        </td>
                                    </tr>
                                }
                            </>
                        })}
                    </tbody>
                </table>
            </div>
            <p class="key">{t(words.key)}</p>
        </>
    }
}
