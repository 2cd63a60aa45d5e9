//! The history panel, after Porcupine's visualizer: one row per client, one bar per operation from call to
//! return, coloured and shaped by how it ended; the linearization points (◆) joined in order when the history
//! is linearizable; otherwise the longest linearizable prefix outlined and the operation that cannot be placed
//! marked, with why in words. Time is compressed: every instant something starts or ends gets the same width,
//! so short bursts stay legible. A row of faults and leader changes runs above the clients.

use consensus_sim::history::History;
use consensus_sim::linearizability::NotLinearizable;
use yew::prelude::*;

use crate::model::availability::{Cost, Side};
use crate::model::history::{
    client_name, row_name, shown, Bar, Ended, Fault, FaultKind, HistoryView, RunFigures, Verdict,
};
use crate::model::views::Shared;
use crate::words::number::fixed;

/// Height of a row, in pixels.
const ROW: f64 = 26.0;
/// The width the instants share while there are few of them, until the panel's own width is measured, and the
/// least width of one instant once there are many (the panel then scrolls).
const SPREAD: f64 = 560.0;
const MIN_STEP: f64 = 40.0;
const FAULT_ROW: f64 = 22.0;

/// What the panel shows: the run's history, or a history opened from a file.
#[derive(Clone, PartialEq)]
pub enum Source {
    Run(Shared<RunFigures>),
    File { name: String },
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub view: Shared<HistoryView>,
    pub source: Source,
    /// Seeks the run to an instant (a run's history only).
    pub on_seek: Callback<u64>,
    /// Rings the nodes an operation names on the canvas, while hovered.
    pub on_mention: Callback<Vec<u8>>,
    /// Closes a history opened from a file.
    pub on_close: Callback<()>,
    /// The operation whose request or reply is hovered on the canvas or in the space-time diagram.
    #[prop_or_default]
    pub linked: Option<usize>,
    /// An operation hovered or focused here (None when left), to highlight its messages elsewhere.
    #[prop_or_default]
    pub on_hover: Callback<Option<usize>>,
}

/// Maps an instant to a position: evenly spaced instants, linear in between, clamped at both ends.
struct Axis {
    instants: Vec<u64>,
    step: f64,
}

impl Axis {
    fn x(&self, t: u64) -> f64 {
        let i = self.instants.partition_point(|&at| at <= t);
        let slot = match i {
            0 => 0.0,
            i if i == self.instants.len() => (i - 1) as f64,
            i => {
                let (a, b) = (self.instants[i - 1], self.instants[i]);
                (i - 1) as f64 + (t - a) as f64 / (b - a) as f64
            }
        };
        8.0 + slot * self.step
    }

    fn width(&self) -> f64 {
        40.0 + self.instants.len().saturating_sub(1) as f64 * self.step
    }
}

#[function_component]
pub fn HistoryPanel(props: &HistoryProps) -> Html {
    let view = &props.view.0;
    let (now, faults) = match &props.source {
        Source::Run(run) => (Some(run.0.now), run.0.faults.clone()),
        Source::File { .. } => (None, Vec::new()),
    };
    html! {
        <section class="history-panel" aria-label={crate::say!("Client history", "客户端历史")}>
            <div class="history-head">
                <h2>{match &props.source {
                    Source::Run(_) => crate::say!("What the clients saw", "客户端看到的"),
                    Source::File { name } => crate::say!("History from {name}", "来自 {name} 的历史"),
                }}</h2>
                if matches!(props.source, Source::File { .. }) {
                    <button type="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>
                        {crate::say!("Close", "关闭")}
                    </button>
                }
            </div>
            {verdict(view, &view.history)}
            <Timeline view={props.view.clone()} {now} {faults} on_seek={props.on_seek.clone()}
                      on_mention={props.on_mention.clone()} linked={props.linked} on_hover={props.on_hover.clone()} />
            {key()}
            if let Source::Run(run) = &props.source {
                {availability(&run.0.sides, &run.0.cost)}
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineProps {
    view: Shared<HistoryView>,
    /// The run's simulated time, stepped; None for a history from a file.
    now: Option<u64>,
    faults: Vec<Fault>,
    on_seek: Callback<u64>,
    on_mention: Callback<Vec<u8>>,
    linked: Option<usize>,
    on_hover: Callback<Option<usize>>,
}

/// The bars, the points and the faults, with the line that describes the operation hovered. A component of
/// its own, so that it redraws only when the history, the faults or the stepped clock change, not with every
/// change of the figures around it.
#[function_component]
fn Timeline(props: &TimelineProps) -> Html {
    let view = &props.view.0;
    let hovered = use_state_eq(|| None::<usize>);
    let scroller = use_node_ref();
    // The width the bars can spread over: the panel's, as drawn (it differs on a phone and a laptop). Read
    // as the history grows, not on every redraw: reading a width makes the browser lay the page out.
    let room = use_state_eq(|| SPREAD);
    {
        let (scroller, room) = (scroller.clone(), room.clone());
        use_effect_with(view.instants.len(), move |_| {
            if let Some(div) = scroller.cast::<web_sys::Element>() {
                room.set((div.client_width() as f64 - 48.0).max(MIN_STEP));
            }
        });
    }
    let (now, faults) = (props.now, props.faults.as_slice());
    let mut instants = view.instants.clone();
    instants.extend(now);
    instants.extend(faults.iter().map(|f| f.at));
    instants.sort_unstable();
    instants.dedup();
    let gaps = instants.len().saturating_sub(1).max(1) as f64;
    let axis = Axis {
        instants,
        step: (*room / gaps).clamp(MIN_STEP, 3.0 * MIN_STEP),
    };
    // The newest operations are the ones being watched: keep the end in view as the history grows.
    {
        let scroller = scroller.clone();
        use_effect_with(view.instants.len(), move |_| {
            if let Some(div) = scroller.cast::<web_sys::Element>() {
                div.set_scroll_left(div.scroll_width());
            }
        });
    }
    let top = if faults.is_empty() { 0.0 } else { FAULT_ROW };
    let height = top + ROW * view.rows.len().max(1) as f64 + 4.0;
    let width = axis.width();
    let history = &view.history;
    let describe = |bar: &Bar| describe(history, bar);
    let rows = view.rows.iter().enumerate().map(|(r, row)| {
        let y = top + ROW * r as f64;
        let bars = row.bars.iter().map(|bar| {
            let x0 = axis.x(bar.call);
            let x1 = bar.ret.or(now).map_or(x0 + axis.step, |t| axis.x(t)).max(x0 + 6.0);
            let class = classes!(
                "op",
                ended_class(bar.ended),
                bar.in_prefix.then_some("prefix"),
                bar.culprit.then_some("culprit"),
                (*hovered == Some(bar.op)).then_some("hovered"),
                (props.linked == Some(bar.op)).then_some("linked"),
            );
            let (op, call) = (bar.op, bar.call);
            let onclick = props.on_seek.reform(move |_: MouseEvent| call);
            let onkeydown = {
                let seek = props.on_seek.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        e.stop_propagation();
                        seek.emit(call);
                    }
                })
            };
            let node = bar.node;
            let enter = {
                let (hovered, mention, link) = (hovered.clone(), props.on_mention.clone(), props.on_hover.clone());
                Callback::from(move |_| {
                    hovered.set(Some(op));
                    mention.emit(node.into_iter().collect());
                    link.emit(Some(op));
                })
            };
            let leave = {
                let (hovered, mention, link) = (hovered.clone(), props.on_mention.clone(), props.on_hover.clone());
                Callback::from(move |_| {
                    hovered.set(None);
                    mention.emit(Vec::new());
                    link.emit(None);
                })
            };
            let text = describe(bar);
            let chars = ((x1 - x0 - 8.0) / 6.2).max(0.0) as usize;
            let label: String = if bar.label.chars().count() <= chars {
                bar.label.clone()
            } else {
                bar.label.chars().take(chars.saturating_sub(1)).chain(['…']).collect()
            };
            html! {
                <g {class} tabindex="0" role="button" aria-label={text.clone()} data-op={bar.op.to_string()}
                   {onclick} {onkeydown} onmouseenter={enter.reform(|_: MouseEvent| ())}
                   onmouseleave={leave.reform(|_: MouseEvent| ())} onfocus={enter.reform(|_: FocusEvent| ())}
                   onblur={leave.reform(|_: FocusEvent| ())}>
                    <title>{text}</title>
                    <rect x={fixed(x0, 1)} y={fixed(y + 4.0, 1)} width={fixed(x1 - x0, 1)} height="18" rx="3" />
                    if chars > 0 {
                        <text x={fixed(x0 + 4.0, 1)} y={fixed(y + 17.0, 1)}>{label}</text>
                    }
                    <text class="end" x={fixed(x1 + 2.0, 1)} y={fixed(y + 17.0, 1)}>{end_glyph(bar)}</text>
                </g>
            }
        });
        html! { <g class="client-row">{for bars}</g> }
    });
    let chains = view.chains.iter().enumerate().map(|(k, (key, chain))| {
        let mut last = f64::NEG_INFINITY;
        let points: Vec<(f64, f64)> = chain
            .iter()
            .filter_map(|&op| {
                let bar = view.bar(op)?;
                let row = view.rows.iter().position(|r| r.bars.iter().any(|b| b.op == op))?;
                let point = bar.point.as_ref()?;
                let end = bar.ret.or(now).map_or(f64::INFINITY, |t| axis.x(t));
                let x = axis
                    .x(point.at_us)
                    .max(last + 5.0)
                    .min(end - 2.0)
                    .max(axis.x(bar.call) + 2.0);
                last = x;
                Some((x, top + ROW * row as f64 + 13.0))
            })
            .collect();
        let line: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", fixed(*x, 1), fixed(*y, 1)))
            .collect();
        html! {
            <g class={classes!("chain", format!("key-{}", k % 4))} aria-label={format!("linearization of {key}")}>
                <polyline points={line.join(" ")} />
                {for points.iter().map(|(x, y)| html! {
                    <path class="point" d={format!("M{} {}l4 4l-4 4l-4 -4z", fixed(*x, 1), fixed(*y - 4.0, 1))} />
                })}
            </g>
        }
    });
    let fault_marks = faults.iter().map(|f| {
        let x = axis.x(f.at);
        html! {
            <g class={classes!("fault", fault_class(f.kind))}>
                <title>{format!("{} ms: {}", ms(f.at), f.text)}</title>
                <line x1={fixed(x, 1)} x2={fixed(x, 1)} y1="2" y2={fixed(height, 1)} />
                <text x={fixed(x, 1)} y="14">{fault_glyph(f.kind)}</text>
            </g>
        }
    });
    let now_line = now.map(|t| {
        let x = fixed(axis.x(t), 1);
        html! { <line class="now" x1={x.clone()} x2={x} y1="0" y2={fixed(height, 1)} /> }
    });
    let labels = view
        .rows
        .iter()
        .map(|row| html! { <div class="client-label">{row_name(row.client, now.is_some())}</div> });
    let detail = (*hovered).or(props.linked).and_then(|op| view.bar(op)).map(describe);
    html! {
        <>
            <div class="history-body">
                <div class="client-labels" aria-hidden="true">
                    if !faults.is_empty() {
                        <div class="fault-label">{crate::say!("faults", "故障")}</div>
                    }
                    {for labels}
                </div>
                <div class="history-scroll" ref={scroller}>
                    <svg class="history" width={fixed(width, 0)} height={fixed(height, 0)}
                         viewBox={format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))} role="group"
                         aria-label={crate::say!("One bar per operation, from call to return", "每个操作一条横条，从调用到返回")}>
                        <defs>
                            <pattern id="info-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                                <rect class="hatch-ground" width="6" height="6" />
                                <line class="hatch" x1="0" y1="0" x2="0" y2="6" />
                            </pattern>
                        </defs>
                        {for fault_marks}
                        {for rows}
                        {for chains}
                        {for now_line}
                    </svg>
                </div>
            </div>
            <p class="history-detail" aria-live="polite">{detail.unwrap_or_else(|| hint(now.is_some()))}</p>
        </>
    }
}

fn ended_class(ended: Ended) -> &'static str {
    match ended {
        Ended::Ok => "ok",
        Ended::Fail => "fail",
        Ended::Info => "info",
        Ended::Pending => "pending",
    }
}

/// The glyph after a bar: shapes as well as colours tell the outcomes apart.
fn end_glyph(bar: &Bar) -> &'static str {
    match (bar.culprit, bar.ended) {
        (true, _) => "!",
        (_, Ended::Ok) => "",
        (_, Ended::Fail) => "✕",
        (_, Ended::Info) => "?",
        (_, Ended::Pending) => "…",
    }
}

fn fault_class(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "crash",
        FaultKind::Restart => "restart",
        FaultKind::Network => "network",
        FaultKind::Heal => "heal",
        FaultKind::Clock => "clock",
        FaultKind::Leader => "leader",
        FaultKind::ReadPath => "read-path",
    }
}

fn fault_glyph(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "✕",
        FaultKind::Restart => "↻",
        FaultKind::Network => "✂",
        FaultKind::Heal => "⚭",
        FaultKind::Clock => "◷",
        FaultKind::Leader => "★",
        FaultKind::ReadPath => "⇄",
    }
}

/// Simulated microseconds as milliseconds, to a tenth.
fn ms(us: u64) -> String {
    fixed(us as f64 / 1000.0, 1)
}

/// An operation in full, for its tooltip, its accessible name and the line under the panel.
fn describe(history: &History, bar: &Bar) -> String {
    let op = &history.operations[bar.op];
    let who = client_name(op.client);
    let ended = match (bar.ended, bar.ret) {
        (Ended::Ok, Some(r)) => crate::say!("returned at {} ms", "于 {} ms 返回", ms(r)),
        (Ended::Fail, Some(r)) => crate::say!("failed at {} ms: took no effect", "于 {} ms 失败：未生效", ms(r)),
        (Ended::Info, Some(r)) => crate::say!(
            "timed out at {} ms: it may or may not take effect",
            "于 {} ms 超时：可能生效，也可能不生效",
            ms(r)
        ),
        _ => crate::say!("not answered yet", "尚未得到回答"),
    };
    let by = bar
        .node
        .map(|n| crate::say!(", answered by S{n}", "，由 S{n} 回答"))
        .unwrap_or_default();
    let key = &op.key;
    let values = match &bar.point {
        Some(p) => crate::say!(
            "; {key} held {} before it took effect, {} after",
            "；生效前 {key} 为 {}，生效后为 {}",
            shown(&p.before),
            shown(&p.after)
        ),
        None if bar.culprit => crate::say!("; it cannot take effect anywhere", "；它无处可以生效"),
        None => String::new(),
    };
    crate::say!(
        "{who} {}: called at {} ms, {ended}{by}{values}",
        "{who} {}：于 {} ms 调用，{ended}{by}{values}",
        bar.label,
        ms(op.call_us)
    )
}

fn hint(live: bool) -> String {
    match live {
        true => crate::say!(
            "Hover or focus an operation for its key's value before and after; click it to go to its call.",
            "悬停或聚焦一个操作，查看其键生效前后的值；点击跳到它被调用的时刻。"
        ),
        false => crate::say!(
            "Hover or focus an operation for its key's value before and after.",
            "悬停或聚焦一个操作，查看其键生效前后的值。"
        ),
    }
}

/// The checker's verdict, in a sentence.
fn verdict(view: &HistoryView, history: &History) -> Html {
    let (class, text) = match &view.verdict {
        Verdict::Empty => (
            "empty",
            crate::say!(
                "No operations yet: send one with the client controls, or open a history file.",
                "还没有操作：用客户端控件发送一个，或打开一个历史文件。"
            ),
        ),
        Verdict::Linearizable => (
            "linearizable",
            crate::say!(
                "✓ Linearizable: each operation takes effect at one instant within its bar (◆), in the order the line joins.",
                "✓ 可线性化：每个操作在其横条内的某一瞬间生效（◆），顺序如连线所示。"
            ),
        ),
        Verdict::Undecided => (
            "undecided",
            crate::say!(
                "? Undecided: too many ways to order the concurrent operations to try within the checker's budget.",
                "? 未决：并发操作的排列方式太多，检查器在预算内无法全部尝试。"
            ),
        ),
        Verdict::NotLinearizable(why) => {
            let prefix = why.prefix.len();
            let outline = crate::say!(
                "The outlined bars ({prefix}) can be placed; the bar marked ! cannot.",
                "带轮廓的横条（{prefix} 个）可以排定；标 ! 的横条不能。"
            );
            ("violated", format!("✗ {} {outline}", why_in_words(history, why)))
        }
    };
    html! { <p class={classes!("verdict", class)} role="status">{text}</p> }
}

/// Why a history is not linearizable, in plain words: "C2 read x=1 at 812 ms, but x=2 was acknowledged to C1
/// at 640 ms, before C2 asked, and nothing overwrote it."
pub fn why_in_words(history: &History, why: &NotLinearizable) -> String {
    let op = &history.operations[why.operation];
    let (who, key) = (client_name(op.client), &why.key);
    let at = ms(op.return_us.unwrap_or(op.call_us));
    let could: Vec<String> = why.could_hold.iter().map(shown).collect();
    let could = could.join(crate::say!(" or ", " 或 ").as_str());
    let got = crate::model::history::label(op);
    let by = op
        .node
        .map(|n| crate::say!(" (answered by S{n})", "（由 S{n} 回答）"))
        .unwrap_or_default();
    match why.last_write.map(|w| &history.operations[w]) {
        Some(w) => {
            let (writer, acked) = (client_name(w.client), ms(w.return_us.unwrap_or_default()));
            crate::say!(
                "Not linearizable: {who}'s {got} at {at} ms{by}, but {key}={could} was acknowledged to {writer} at {acked} ms, before {who} asked, and nothing overwrote it.",
                "不可线性化：{who} 的 {got}（{at} ms{by}），但 {key}={could} 已于 {acked} ms 向 {writer} 确认，早于 {who} 发出请求，且之后没有被覆盖。"
            )
        }
        None => crate::say!(
            "Not linearizable: {who}'s {got} (returned at {at} ms{by}) cannot take effect at any instant of its bar: by then {key} could only hold {could}.",
            "不可线性化：{who} 的 {got}（{at} ms 返回{by}）在其横条内的任何瞬间都无法生效：那时 {key} 只可能是 {could}。"
        ),
    }
}

/// A violation of linearizability told as the history panel tells it, from a check of the whole history
/// (the live check sees only each key's operations since it last settled, and words it for the command line).
pub fn in_plain_words(
    mut violation: consensus_sim::Violation,
    lab: &mut crate::model::lab::Lab,
) -> consensus_sim::Violation {
    if violation.invariant == "linearizable" {
        let view = lab.history_view();
        if let Verdict::NotLinearizable(why) = &view.verdict {
            violation.detail = why_in_words(&view.history, why);
        }
    }
    violation
}

/// What the shapes mean.
fn key() -> Html {
    html! {
        <ul class="history-key" aria-label={crate::say!("Key", "图例")}>
            <li><svg width="22" height="12" aria-hidden="true"><rect class="op ok" x="1" y="1" width="20" height="10" rx="2" /></svg>{crate::say!("ok", "成功")}</li>
            <li><svg width="22" height="12" aria-hidden="true"><g class="op fail"><rect x="1" y="1" width="20" height="10" rx="2" /></g></svg>{crate::say!("✕ failed: no effect", "✕ 失败：未生效")}</li>
            <li><svg width="22" height="12" aria-hidden="true"><g class="op info"><rect x="1" y="1" width="20" height="10" rx="2" /></g></svg>{crate::say!("? timed out: effect unknown", "? 超时：效果未知")}</li>
            <li><svg width="22" height="12" aria-hidden="true"><g class="op pending"><rect x="1" y="1" width="20" height="10" rx="2" /></g></svg>{crate::say!("… waiting", "… 等待中")}</li>
            <li>{crate::say!("◆ takes effect here", "◆ 在此生效")}</li>
            <li>{crate::say!(
                "faults: ✕ crash ↻ restart ✂ cut ⚭ healed ◷ clock ★ new leader ⇄ read path",
                "故障：✕ 崩溃 ↻ 重启 ✂ 切断 ⚭ 恢复 ◷ 时钟 ★ 新领导者 ⇄ 读取路径"
            )}</li>
        </ul>
    }
}

/// What the clients on each side of the cluster got, and what the service cost.
fn availability(sides: &[Side], cost: &Cost) -> Html {
    if sides.is_empty() {
        return html! {};
    }
    let latency = |l: Option<u64>| l.map_or("–".to_string(), ms);
    let rows = sides.iter().map(|s| {
        let side = if s.nodes.is_empty() {
            crate::say!("any node", "任意节点")
        } else {
            s.nodes.iter().map(|n| format!("S{n}")).collect::<Vec<_>>().join(" ")
        };
        let clients: Vec<String> = s.clients.iter().map(|&c| client_name(c)).collect();
        html! {
            <tr>
                <th scope="row">{side}</th>
                <td>{clients.join(" ")}</td>
                <td>{s.ok}</td><td>{s.fail}</td><td>{s.info}</td><td>{s.pending}</td>
                <td>{latency(s.p50)}</td><td>{latency(s.p99)}</td>
            </tr>
        }
    });
    let per_op: Vec<String> = cost
        .messages_per_op
        .iter()
        .map(|(name, n)| format!("{name} {}", fixed(*n, 1)))
        .collect();
    html! {
        <div class="availability">
            <table>
                <caption>{crate::say!("What each side's clients got", "各侧客户端得到的结果")}</caption>
                <thead><tr>
                    <th scope="col">{crate::say!("Side", "侧")}</th><th scope="col">{crate::say!("Clients", "客户端")}</th>
                    <th scope="col">{crate::say!("ok", "成功")}</th><th scope="col">{crate::say!("failed", "失败")}</th>
                    <th scope="col">{crate::say!("timed out", "超时")}</th><th scope="col">{crate::say!("waiting", "等待")}</th>
                    <th scope="col">{crate::say!("p50 ms", "p50 ms")}</th><th scope="col">{crate::say!("p99 ms", "p99 ms")}</th>
                </tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            <p class="cost">{crate::say!(
                "{} operations answered, {} per simulated second. Messages per operation: {}.",
                "已回答 {} 个操作，每模拟秒 {} 个。每个操作的消息数：{}。",
                cost.ok,
                fixed(cost.per_second, 1),
                per_op.join(", ")
            )}</p>
        </div>
    }
}

/// The panel's props for the run shown.
pub fn for_run(lab: &mut crate::model::lab::Lab) -> (Shared<HistoryView>, Source) {
    (Shared(lab.history_view()), Source::Run(Shared(lab.run_figures())))
}
