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

pub fn share_dialog(link: Option<String>, on_close: Callback<MouseEvent>) -> Html {
    // The anchor is always there, so that opening the box adds nothing to the page's flow.
    html! {
        <div class="share-anchor">
            if let Some(link) = link {
                <section class="share" role="dialog" aria-label={t(Text::Share)}>
                    <label>{t(Text::ShareHint)}
                        <input id="share-link" type="text" readonly=true value={link} />
                    </label>
                    <button type="button" onclick={on_close}>{t(Text::Close)}</button>
                </section>
            }
        </div>
    }
}

/// What a lesson's caption box shows and does.
pub struct LessonProps<'a> {
    pub title: String,
    /// The reader's answers: the question's time, the choice.
    pub answers: &'a [(u64, usize)],
    pub on_answer: &'a Callback<(u64, usize)>,
    /// Whether the run stands still (at a pause point, or paused by the reader).
    pub paused: bool,
    /// Plays on from a pause point.
    pub on_continue: &'a Callback<()>,
}

/// A lesson's title, with its latest caption (or its description before the first caption), and its latest
/// question: shown while it is asked, and with its answer once picked. The answer and why are held until
/// the run reaches the next caption, which shows it. While the run stands still, a Continue button plays on;
/// at the end, a line says so and offers the next lesson.
pub fn lesson(lab: &Lab, props: LessonProps) -> Html {
    let captions: Vec<_> = lab.captions().collect();
    let caption = captions.last().map(|c| c.1.to_string());
    let last_at = captions.last().map(|c| c.0);
    let quiz = captions.iter().rev().find_map(|&(at, _, _, q)| {
        let picked = props.answers.iter().find(|(t, _)| *t == at).map(|(_, c)| *c);
        q.filter(|_| Some(at) == last_at || picked.is_some())
            .map(|q| (at, q.clone(), picked, Some(at) != last_at || lab.lesson_over()))
    });
    let asking = quiz.as_ref().is_some_and(|(_, _, picked, _)| picked.is_none());
    let over = lab.lesson_over();
    let on_answer = props.on_answer.clone();
    html! {
        <section class="lesson" aria-live="polite">
            <h2>{props.title}</h2>
            if !lab.follows_captions() {
                <p class="caption off-script">{off_script(lab)}</p>
            } else if let Some(text) = caption {
                <p class="caption">{text}</p>
            } else if let Some(d) = lab.scenario.description.clone() {
                <p class="description">{d}</p>
            }
            if let Some((at, quiz, picked, revealed)) = quiz {
                <QuizCard {quiz} {picked} {revealed} on_pick={on_answer.reform(move |choice| (at, choice))} />
            }
            if lab.fast_forwarding() {
                <p class="fast-forward" role="status">{t(Text::FastForward)}</p>
            }
            if over {
                {lesson_end(lab)}
            } else if props.paused && !asking {
                <button type="button" class="continue" onclick={props.on_continue.reform(|_: MouseEvent| ())}>
                    {t(Text::Continue)}{" ▸"}
                </button>
            }
        </section>
    }
}

/// The line at a lesson's end, with the next lesson's page when there is one.
fn lesson_end(lab: &Lab) -> Html {
    let next = lab.lesson_name.as_deref().and_then(crate::ui::lessons::next_after);
    html! {
        <p class="lesson-end">
            <strong>{t(Text::LessonOver)}</strong>
            {" "}
            if let Some((name, title)) = next {
                <a href={crate::ui::lessons::page_of(name)}>{format!("{} {title} ▸", t(Text::NextLesson))}</a>
            } else if lab.lesson_name.is_some() {
                {t(Text::LastLesson)}
            }
        </p>
    }
}

/// Why a lesson shows no captions: a deliberate bug was switched on (or off) since, and they describe
/// another run.
fn off_script(lab: &Lab) -> String {
    let bugs = lab.scenario.bugs.join(", ");
    if lab.scenario.bugs.is_empty() {
        crate::say!(
            "This lesson was written with its bugs switched on. With them off, the run is another one, so its captions and questions are hidden: they would not be true of it. Switch the bugs on again to follow the lesson.",
            "这一课是在打开其 bug 的情况下写的。关掉它们后，运行就不同了，所以隐藏了它的说明和问题：它们对这次运行并不成立。重新打开这些 bug 即可继续这一课。"
        )
    } else {
        crate::say!(
            "With {bugs} switched on, this is not the run the lesson describes, so its captions and questions are hidden: they would not be true of it. Watch the safety checks catch the broken rule; switch the bug off to follow the lesson again.",
            "打开 {bugs} 后，这已不是课程所描述的运行，所以隐藏了它的说明和问题：它们对这次运行并不成立。看安全检查如何抓住被破坏的规则；关掉这个 bug 即可继续这一课。"
        )
    }
}
