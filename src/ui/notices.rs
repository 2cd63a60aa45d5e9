//! The parts of the page that show only now and then: the offer of a restored session, problems with the
//! address, the share dialog, a lesson's title and caption, and an entry's explanation.

use yew::prelude::*;

use crate::model::lab::Lab;
use crate::ui::quiz::QuizCard;
use crate::words::i18n::{t, Text};

pub fn restored(on_fresh: Callback<MouseEvent>) -> Html {
    html! {
        <section class="restored" role="status">
            <p>{t(Text::Restored)}</p>
            <button id="start-fresh" type="button" onclick={on_fresh}>{t(Text::StartFresh)}</button>
        </section>
    }
}

pub fn problems<'a>(problems: impl Iterator<Item = &'a String>, on_dismiss: Callback<MouseEvent>) -> Html {
    html! {
        <section class="notice" role="alert">
            <h2>{t(Text::AddressProblems)}</h2>
            <ul>{for problems.map(|p| html! { <li>{p}</li> })}</ul>
            <button type="button" onclick={on_dismiss}>{t(Text::Dismiss)}</button>
        </section>
    }
}

pub fn share_dialog(link: String, on_close: Callback<MouseEvent>) -> Html {
    html! {
        <section class="share" role="dialog" aria-label={t(Text::Share)}>
            <label>{t(Text::ShareHint)}
                <input id="share-link" type="text" readonly=true value={link} />
            </label>
            <button type="button" onclick={on_close}>{t(Text::Close)}</button>
        </section>
    }
}

/// A lesson's title, with its latest caption (or its description before the first caption), and its latest
/// question: shown while it is asked, and with its answer once picked (`answers`: the question's time, the
/// choice).
pub fn lesson(lab: &Lab, title: String, answers: &[(u64, usize)], on_answer: &Callback<(u64, usize)>) -> Html {
    let captions: Vec<_> = lab.captions().collect();
    let caption = captions.last().map(|c| c.1.to_string());
    let last_at = captions.last().map(|c| c.0);
    let quiz = captions.iter().rev().find_map(|&(at, _, _, q)| {
        let picked = answers.iter().find(|(t, _)| *t == at).map(|(_, c)| *c);
        q.filter(|_| Some(at) == last_at || picked.is_some())
            .map(|q| (at, q.clone(), picked))
    });
    html! {
        <section class="lesson" aria-live="polite">
            <h2>{title}</h2>
            if let Some(text) = caption {
                <p class="caption">{text}</p>
            } else if let Some(d) = lab.scenario.description.clone() {
                <p class="description">{d}</p>
            }
            if let Some((at, quiz, picked)) = quiz {
                <QuizCard {quiz} {picked} on_pick={on_answer.reform(move |choice| (at, choice))} />
            }
        </section>
    }
}

pub fn explanation(text: String) -> Html {
    html! { <p class="explanation" role="status">{text}</p> }
}
