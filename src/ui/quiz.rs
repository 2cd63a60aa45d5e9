//! A lesson's question at a pause point: the reader picks a choice, the run continues and shows what
//! happens, and the answer and why stay under the caption.

use consensus_sim::scenario::Quiz;
use yew::prelude::*;

use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct QuizProps {
    pub quiz: Quiz,
    /// The reader's pick, once made.
    pub picked: Option<usize>,
    /// Whether the run has reached the moment that shows the answer: until then the pick is only marked.
    pub revealed: bool,
    pub on_pick: Callback<usize>,
}

#[function_component]
pub fn QuizCard(props: &QuizProps) -> Html {
    let q = &props.quiz;
    let choices = q.choices.iter().enumerate().map(|(i, choice)| {
        let state = match props.picked {
            Some(_) if props.revealed && i == q.answer => Some("right"),
            Some(p) if props.revealed && p == i => Some("wrong"),
            Some(p) if p == i => Some("picked"),
            _ => None,
        };
        html! {
            <button type="button" class={classes!("quiz-choice", state)} data-choice={i.to_string()}
                    disabled={props.picked.is_some()} aria-pressed={(props.picked == Some(i)).to_string()}
                    onclick={props.on_pick.reform(move |_: MouseEvent| i)}>
                {choice}
            </button>
        }
    });
    html! {
        <div class="quiz" role="group" aria-label={t(Text::Question)}>
            <div class="quiz-choices">{for choices}</div>
            if let (Some(p), false) = (props.picked, props.revealed) {
                <p class="quiz-wait" role="status">{format!("{} {}. {}", t(Text::YouPicked), q.choices[p], t(Text::WatchTheRun))}</p>
            } else if let Some(p) = props.picked {
                <p class="quiz-answer" role="status">
                    <strong>{t(if p == q.answer { Text::Right } else { Text::NotQuite })}</strong>
                    {format!(" {} {}. {}", t(Text::AnswerIs), q.choices[q.answer], q.explain)}
                </p>
            } else {
                <p class="quiz-hint">{t(Text::PickToContinue)}</p>
            }
        </div>
    }
}
