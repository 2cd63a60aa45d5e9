//! Every node's log, aligned by index and coloured by term. Committed entries are solid; entries not yet
//! committed are outlined and dashed. The table scrolls sideways past any length, newest at the right.

use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::views::Logs;

#[derive(Properties, PartialEq)]
pub struct LogTableProps {
    pub logs: Logs,
}

/// A term's colour, cycling through the colour-blind-safe palette. The number is always printed too.
pub fn term_class(term: u64) -> String {
    format!("term-{}", term % 7)
}

#[function_component]
pub fn LogTable(props: &LogTableProps) -> Html {
    let rows = &props.logs.0;
    let longest = rows.iter().map(|r| r.entries.len()).max().unwrap_or(0);
    let header = (1..=longest).map(|i| html! { <th scope="col">{i}</th> });
    let body =
        rows.iter().map(|row| {
            let cells = row.entries.iter().enumerate().map(|(i, (term, value))| {
            let index = i as u64 + 1;
            let committed = index <= row.commit_index;
            let title = format!(
                "S{} index {index}: term {term}, {}, {}",
                row.id,
                value.as_deref().unwrap_or("no-op"),
                if committed { t(Text::Committed) } else { t(Text::NotCommitted) }
            );
            html! {
                <td class={classes!("entry", term_class(*term), committed.then_some("committed"))} title={title.clone()}
                    aria-label={title}>
                    {term}
                </td>
            }
        });
            let padding = (row.entries.len()..longest).map(|_| html! { <td class="empty" /> });
            html! {
                <tr class={classes!((!row.up).then_some("crashed"))}>
                    <th scope="row">{format!("S{}", row.id)}</th>
                    {for cells}
                    {for padding}
                </tr>
            }
        });
    html! {
        <section class="log-table" aria-label={t(Text::Logs)}>
            <h2>{t(Text::Logs)}</h2>
            if longest == 0 {
                <p class="hint">{t(Text::EmptyLogs)}</p>
            } else {
                <div class="scroll" tabindex="0">
                    <table>
                        <thead><tr><th scope="col">{t(Text::Index)}</th>{for header}</tr></thead>
                        <tbody>{for body}</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
