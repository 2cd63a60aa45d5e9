//! Safety made visible: the deliberate bugs, each switched on with one sentence on the rule it breaks, and
//! the banner that stops the run when an invariant is violated, naming it in words.

use crate::words::number::fixed;
use consensus_sim::scenario::ProtocolName;
use consensus_sim::Violation;
use yew::prelude::*;

use crate::words::i18n::{t, Text};

/// The sentence for a deliberate bug: the rule it breaks.
fn bug_text(name: &str) -> Text {
    match name {
        "commit-previous-term" => Text::BugCommitPreviousTerm,
        "forget-vote-on-restart" => Text::BugForgetVote,
        "skip-log-up-to-date-check" => Text::BugSkipLogCheck,
        "quorum-minus-one" => Text::BugQuorumMinusOne,
        "ignore-accepted-values" => Text::BugIgnoreAccepted,
        "read-without-quorum-check" => Text::BugReadWithoutQuorum,
        "read-index-before-noop" => Text::BugReadIndexBeforeNoop,
        "lease-ignores-drift" => Text::BugLeaseIgnoresDrift,
        _ => Text::BugAcceptLowerBallot,
    }
}

/// The nodes a violation's words name, for highlighting.
pub fn implicated(v: &Violation) -> Vec<u8> {
    nodes_named(&v.detail)
}

/// The nodes a sentence names, as "S3".
pub fn nodes_named(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut ids: Vec<u8> = bytes
        .windows(2)
        .enumerate()
        .filter(|(i, w)| w[0] == b'S' && w[1].is_ascii_digit() && (*i == 0 || !bytes[i - 1].is_ascii_alphanumeric()))
        .map(|(_, w)| w[1] - b'0')
        .filter(|id| (1..=9).contains(id))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[derive(Properties, PartialEq)]
pub struct BugsProps {
    pub protocol: ProtocolName,
    pub active: Vec<String>,
    pub on_toggle: Callback<&'static str>,
}

#[function_component]
pub fn BugsPanel(props: &BugsProps) -> Html {
    let bugs = props.protocol.bug_names().iter().map(|&name| {
        let checked = props.active.iter().any(|b| b == name);
        let onchange = props.on_toggle.reform(move |_: Event| name);
        html! {
            <li>
                <label>
                    <input type="checkbox" data-bug={name} {checked} {onchange} />
                    <code>{name}</code>
                </label>
                <p>{t(bug_text(name))}</p>
            </li>
        }
    });
    html! {
        <details class="panel bugs" open={!props.active.is_empty()}>
            <summary>{t(Text::Bugs)}</summary>
            <p class="hint">{t(Text::BugsHint)}</p>
            <ul>{for bugs}</ul>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub violation: Violation,
    pub on_seek: Callback<u64>,
    pub on_dismiss: Callback<()>,
}

/// A part of a violation's sentence: words, or a time it names (written `t=1086.728ms`), in microseconds.
#[derive(Debug, PartialEq)]
pub enum Said {
    Words(String),
    Time(consensus_sim::Micros),
}

/// A violation's sentence cut at the times it names, so each can be a link to its moment.
pub fn times_in(text: &str) -> Vec<Said> {
    let (mut parts, mut words) = (Vec::new(), String::new());
    let mut rest = text;
    while let Some(start) = rest.find("t=") {
        let digits = &rest[start + 2..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(digits.len());
        let micros = digits[..end]
            .parse::<f64>()
            .ok()
            .filter(|ms| digits[end..].starts_with("ms") && ms.is_finite())
            .map(|ms| (ms * 1000.0).round() as consensus_sim::Micros);
        match micros {
            Some(micros) => {
                words.push_str(&rest[..start]);
                parts.push(Said::Words(std::mem::take(&mut words)));
                parts.push(Said::Time(micros));
                rest = &digits[end + 2..];
            }
            None => {
                words.push_str(&rest[..start + 2]);
                rest = digits;
            }
        }
    }
    words.push_str(rest);
    parts.push(Said::Words(words));
    parts.retain(|p| *p != Said::Words(String::new()));
    parts
}

#[function_component]
pub fn ViolationBanner(props: &BannerProps) -> Html {
    let v = &props.violation;
    let at = v.at;
    // Every time the banner names goes to its moment, as the feed's times do.
    let link = |at: consensus_sim::Micros| {
        let shown = format!("{} ms", fixed(at as f64 / 1000.0, 3));
        html! {
            <button type="button" class="at" onclick={props.on_seek.reform(move |_: MouseEvent| at)}
                    aria-label={format!("{} {shown}", t(Text::GoTo))}>
                <time>{shown}</time>
            </button>
        }
    };
    let detail = times_in(&v.detail).into_iter().map(|part| match part {
        Said::Words(words) => html! { {words} },
        Said::Time(at) => link(at),
    });
    html! {
        <section class="violation" role="alert">
            <h2>{format!("{} {}", t(Text::SafetyViolated), v.invariant)}</h2>
            <p>{link(at)}{": "}{for detail}</p>
            <div class="actions">
                <button id="violation-moment" type="button" onclick={props.on_seek.reform(move |_: MouseEvent| at)}>
                    {t(Text::GoToMoment)}
                </button>
                <button type="button" onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{t(Text::Dismiss)}</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_times_a_violation_names_are_found() {
        let said = times_in("S5 became leader without entry 2, committed at t=1086.728ms by S1");
        assert_eq!(
            said,
            vec![
                Said::Words("S5 became leader without entry 2, committed at ".into()),
                Said::Time(1_086_728),
                Said::Words(" by S1".into()),
            ]
        );
        assert_eq!(times_in("at=3 t=x"), vec![Said::Words("at=3 t=x".into())]);
    }
}
