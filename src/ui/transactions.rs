//! The commit protocols' panel under the canvas: begin a transaction, see who is blocked and for how long,
//! and compare 2PC, 3PC and Paxos Commit on one transaction.

use consensus_sim::comparison::{compare, Row, DOWN_US, LATENCY_US};
use consensus_sim::protocol::txn::TxnState;
use consensus_sim::Micros;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::blocking::Blocked;
use crate::words::i18n::{t, Text};
use crate::words::number::fixed;

#[derive(Properties, PartialEq)]
pub struct TransactionsProps {
    pub blocked: Vec<Blocked>,
    pub now: Micros,
    /// How many participants hold accounts: a to the participants'th letter.
    pub participants: u8,
    pub on_begin: Callback<String>,
    /// 2PC: whether the cooperative termination protocol is on, and its switch (which starts the cluster over).
    pub cooperative: Option<bool>,
    pub on_cooperative: Callback<bool>,
}

fn seconds(us: Micros) -> String {
    fixed(us as f64 / 1e6, 1)
}

/// The blocked counter: how many participants are in doubt, and each one's transaction, time and lock.
fn blocked_list(blocked: &[Blocked], now: Micros) -> Html {
    let count = blocked.iter().filter(|b| b.state != TxnState::Waiting).count();
    let heading = crate::say!("Blocked: {count} in doubt", "阻塞：{count} 个处于不确定状态");
    html! {
        <div class="blocked" role="status" aria-live="polite">
            <h3 id="blocked-count" data-count={count.to_string()}>{heading}</h3>
            if blocked.is_empty() {
                <p class="hint">{crate::say!("No participant is blocked.", "没有参与者被阻塞。")}</p>
            } else {
                <ul>
                    {for blocked.iter().map(|b| {
                        let (node, txn, secs) = (b.node, b.txn, seconds(now.saturating_sub(b.since)));
                        let text = match (b.state, b.locks.as_str()) {
                            (TxnState::Waiting, _) => crate::say!(
                                "S{node} waits {secs} s for a lock, to vote on T{txn}",
                                "S{node} 等待锁 {secs} 秒，以便对 T{txn} 投票"
                            ),
                            (_, "") => crate::say!("S{node} in doubt about T{txn} for {secs} s", "S{node} 对 T{txn} 不确定已 {secs} 秒"),
                            (_, locks) => crate::say!(
                                "S{node} in doubt about T{txn} for {secs} s, holding the lock on {locks}",
                                "S{node} 对 T{txn} 不确定已 {secs} 秒，持有 {locks} 的锁"
                            ),
                        };
                        html! { <li data-node={node.to_string()}>{text}</li> }
                    })}
                </ul>
            }
        </div>
    }
}

fn comparison_table(rows: &[Row], participants: u8) -> Html {
    let (latency, down) = (LATENCY_US / 1000, DOWN_US / 1_000_000);
    let caption = crate::say!(
        "One transaction over {participants} participants, every message {latency} ms; the crash comes as the votes are on their way, and the coordinator is back {down} s later.",
        "一个涉及 {participants} 个参与者的事务，每条消息 {latency} 毫秒；崩溃发生在投票途中，协调者 {down} 秒后回来。"
    );
    let header = [
        crate::say!("Protocol", "协议"),
        crate::say!("Fault", "故障"),
        crate::say!("Messages", "消息数"),
        crate::say!("Delays to decide", "决定所需的消息延迟"),
        crate::say!("Forced log writes", "强制日志写入"),
        crate::say!("Blocked", "阻塞时间"),
        crate::say!("Outcome", "结果"),
    ];
    html! {
        <div class="comparison">
        <p class="hint">{caption}</p>
        <div class="scroll" tabindex="0">
        <table id="comparison">
            <thead><tr>{for header.iter().map(|h| html! { <th scope="col">{h}</th> })}</tr></thead>
            <tbody>
                {for rows.iter().map(|r| {
                    let fault = if r.coordinator_crash {
                        crate::say!("coordinator crash", "协调者崩溃")
                    } else {
                        crate::say!("none", "无")
                    };
                    let outcome = match r.outcome {
                        Some(true) => crate::say!("commit", "提交"),
                        Some(false) => crate::say!("abort", "中止"),
                        None => crate::say!("split", "不一致"),
                    };
                    html! {
                        <tr data-protocol={r.protocol.name()} data-crash={r.coordinator_crash.to_string()}>
                            <th scope="row">{r.protocol.name()}</th>
                            <td>{fault}</td>
                            <td>{r.messages}</td>
                            <td>{r.delays}</td>
                            <td>{r.forced_writes}</td>
                            <td>{format!("{} ms", r.blocked_us / 1000)}</td>
                            <td>{outcome}</td>
                        </tr>
                    }
                })}
            </tbody>
        </table>
        </div>
        </div>
    }
}

#[function_component]
pub fn TransactionsPanel(props: &TransactionsProps) -> Html {
    let text = use_state(|| "a-10 b+10".to_string());
    let problem = use_state(|| None::<String>);
    let rows = use_state(|| None::<Vec<Row>>);
    let participants = props.participants;
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let begin = {
        let (text, problem, on_begin) = (text.clone(), problem.clone(), props.on_begin.clone());
        move || match consensus_sim::commit::txn::parse(&text, participants) {
            Ok(_) => {
                problem.set(None);
                on_begin.emit((*text).clone());
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let onsubmit = {
        let begin = begin.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            begin();
        })
    };
    let on_compare = {
        let rows = rows.clone();
        // Six short runs of the engine, a few milliseconds each: computed when asked for, once.
        Callback::from(move |_: MouseEvent| rows.set(Some(compare(participants.clamp(2, 6)))))
    };
    let last = (b'a' + participants.max(1) - 1) as char;
    html! {
        <section class="panel transactions" aria-label={crate::say!("Transactions", "事务")}>
            <form class="begin" {onsubmit}>
                <label for="txn-writes">
                    {crate::say!("Transaction (accounts a to {last}, 100 each):", "事务（账户 a 到 {last}，各 100）：")}
                </label>
                <input id="txn-writes" type="text" value={(*text).clone()} {oninput} spellcheck="false"
                       autocomplete="off" aria-describedby="txn-problem" />
                <button id="begin" type="submit">{t(Text::BeginTransaction)}</button>
                <p id="txn-problem" class="problem" role="alert">{(*problem).clone().unwrap_or_default()}</p>
            </form>
            if let Some(on) = props.cooperative {
                <label class="switch">
                    <input id="cooperative" type="checkbox" checked={on}
                           onchange={props.on_cooperative.reform(move |_: Event| !on)} />
                    {crate::say!(
                        " Cooperative termination: participants in doubt ask each other too (starts over)",
                        " 协作终止：不确定的参与者也互相询问（重新开始）"
                    )}
                </label>
            }
            {blocked_list(&props.blocked, props.now)}
            <button id="compare" type="button" onclick={on_compare}>{t(Text::Compare)}</button>
            if let Some(rows) = &*rows {
                {comparison_table(rows, participants.clamp(2, 6))}
            }
        </section>
    }
}
