//! The monitoring panel, "Failure detection": which detector the followers run and its settings; for one
//! follower, the heartbeat gaps it saw, the distribution its detector fitted to them and its phi over time
//! against the threshold; every leader crash's failover, timed; the false suspicions and what they cost; and
//! the trade-off between fast detection and false suspicions, measured for this cluster in the background.

use consensus_sim::detection::Setting;
use consensus_sim::protocol::detector::{Model, PhiSettings};
use consensus_sim::protocol::DetectorSetting;
use consensus_sim::scenario::Scenario;
use consensus_sim::Micros;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::chart::{chart, level, level_labelled, mark, Scale};
use crate::model::detection::{density, FailoverCard, Monitor, Record};
use crate::model::tradeoff::{Sweep, RUN_MS, SEEDS};
use crate::words::number::{ms, short};

#[derive(Properties, PartialEq)]
pub struct DetectionProps {
    /// The follower watched; None when the protocol has no leader to watch.
    pub monitor: Option<Monitor>,
    pub record: Record,
    /// The cluster on screen, for the trade-off sweep, and its one-way delay.
    pub base: Scenario,
    pub latency: (Micros, Micros),
    pub open: bool,
    pub on_open: Callback<bool>,
    pub on_detector: Callback<DetectorSetting>,
}

#[function_component]
pub fn DetectionPanel(props: &DetectionProps) -> Html {
    let ontoggle = {
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                on_open.emit(details.open());
            }
        })
    };
    let body = match (&props.monitor, props.open) {
        (_, false) => html! {},
        (None, true) => html! {
            <p class="hint">{crate::say!(
                "Only Raft and Multi-Paxos have a leader for followers to watch.",
                "只有 Raft 和 Multi-Paxos 有供追随者监视的领导者。"
            )}</p>
        },
        (Some(m), true) => html! {
            <>
                <Settings monitor={m.clone()} on_detector={props.on_detector.clone()} />
                {watching(m)}
                {gaps_chart(m)}
                {distribution_chart(m)}
                {phi_chart(m)}
                {failovers(&props.record)}
                <TradeOff base={props.base.clone()} latency={props.latency} current={current_setting(m)} />
            </>
        },
    };
    html! {
        <details class="panel detection" open={props.open} {ontoggle}>
            <summary>{crate::say!("Failure detection", "故障检测")}</summary>
            {body}
        </details>
    }
}

/// The setting in use, as the trade-off chart names its points.
fn current_setting(m: &Monitor) -> Setting {
    match m.phi {
        Some(phi) => Setting::Phi {
            threshold_milli: phi.threshold_milli,
        },
        None => Setting::Fixed {
            min_ms: m.election_timeout.0 / 1000,
            max_ms: m.election_timeout.1 / 1000,
        },
    }
}

fn watching(m: &Monitor) -> Html {
    let leader = match m.leader {
        Some(l) => crate::say!("its leader S{l}", "它的领导者 S{l}"),
        None => crate::say!("no leader yet", "尚无领导者"),
    };
    let phi_now = m.phi_now.map_or("–".to_string(), |p| short(p.min(99.0), 2));
    html! {
        <p class="watching" id="watching">
            {crate::say!(
                "S{} watches {leader}: phi now {phi_now}. Select another node to watch it.",
                "S{} 监视{leader}：当前 phi 为 {phi_now}。选中其他节点以监视它。",
                m.node
            )}
        </p>
    }
}

/// The detector's settings, as a form: applying them is an action every node takes, like a `set` event.
#[derive(Properties, PartialEq)]
struct SettingsProps {
    monitor: Monitor,
    on_detector: Callback<DetectorSetting>,
}

/// The form's fields as typed, by their ids; the page redraws often, so each keystroke is kept here and the
/// inputs show what is kept.
#[derive(Clone, Debug, PartialEq)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn of(m: &Monitor) -> Self {
        let phi = m.shown_phi;
        Fields(vec![
            ("detector", if m.phi.is_some() { "phi" } else { "fixed" }.to_string()),
            ("timeout-min", (m.election_timeout.0 / 1000).to_string()),
            ("timeout-max", (m.election_timeout.1 / 1000).to_string()),
            ("phi-threshold", short(phi.threshold(), 3)),
            ("phi-window", phi.window.to_string()),
            ("phi-min-std", (phi.min_std / 1000).to_string()),
            ("phi-pause", (phi.acceptable_pause / 1000).to_string()),
            ("phi-model", phi.model.name().to_string()),
        ])
    }

    fn get(&self, id: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn with(&self, id: &str, value: String) -> Self {
        Fields(
            self.0
                .iter()
                .map(|(k, v)| (*k, if *k == id { value.clone() } else { v.clone() }))
                .collect(),
        )
    }
}

/// The value of the input or menu an event came from.
fn target_value(e: &Event) -> Option<String> {
    let target = e.target()?;
    target
        .dyn_ref::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| target.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
}

#[function_component]
fn Settings(props: &SettingsProps) -> Html {
    let m = &props.monitor;
    let fields = use_state(|| Fields::of(m));
    let problem = use_state(|| None::<String>);
    {
        // Settings applied (by the reader or a lesson) show in the form.
        let (fields, problem) = (fields.clone(), problem.clone());
        use_effect_with(Fields::of(m), move |now| {
            fields.set(now.clone());
            problem.set(None);
        });
    }
    let edit = |id: &'static str| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = target_value(&e) {
                fields.set(fields.with(id, v));
            }
        })
    };
    let typed = |id: &'static str| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = target_value(&e) {
                fields.set(fields.with(id, v));
            }
        })
    };
    let onsubmit = {
        let (fields, problem, on_detector) = (fields.clone(), problem.clone(), props.on_detector.clone());
        let timeout = m.election_timeout;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let kind = fields.get("detector");
            match read_settings(&kind, &|id| fields.get(id), timeout) {
                Ok(detector) => {
                    problem.set(None);
                    on_detector.emit(detector);
                }
                Err(reason) => problem.set(Some(reason)),
            }
        })
    };
    let number = |id: &'static str, label: String, step: &'static str| {
        html! {
            <label class="field"><span>{label}</span>
                <input {id} type="number" inputmode="decimal" {step} value={fields.get(id)} oninput={typed(id)} />
            </label>
        }
    };
    let phi = fields.get("detector") == "phi";
    let model = fields.get("phi-model");
    html! {
        <form class="detector-settings" {onsubmit}>
            <label class="field"><span>{crate::say!("DetectorSetting", "检测器")}</span>
                <select id="detector" onchange={edit("detector")}>
                    <option value="fixed" selected={!phi}>{crate::say!("Fixed timeout (Raft)", "固定超时（Raft）")}</option>
                    <option value="phi" selected={phi}>{crate::say!("Phi accrual", "phi 累积")}</option>
                </select>
            </label>
            {number("timeout-min", crate::say!("Election timeout from (ms)", "选举超时下限（毫秒）"), "1")}
            {number("timeout-max", crate::say!("to (ms)", "上限（毫秒）"), "1")}
            if phi {
                {number("phi-threshold", crate::say!("Threshold (phi)", "阈值（phi）"), "0.5")}
                {number("phi-window", crate::say!("Window (heartbeats)", "窗口（心跳数）"), "1")}
                {number("phi-min-std", crate::say!("Minimum deviation (ms)", "最小标准差（毫秒）"), "1")}
                {number("phi-pause", crate::say!("Acceptable pause (ms)", "可接受停顿（毫秒）"), "1")}
                <label class="field"><span>{crate::say!("Model", "模型")}</span>
                    <select id="phi-model" onchange={edit("phi-model")}>
                        <option value="normal" selected={model == "normal"}>{crate::say!("Normal (Akka)", "正态（Akka）")}</option>
                        <option value="exponential" selected={model == "exponential"}>{crate::say!("Exponential (Cassandra)", "指数（Cassandra）")}</option>
                    </select>
                </label>
            }
            <button id="apply-detector" type="submit">{crate::say!("Apply to every node", "应用到每个节点")}</button>
            if let Some(reason) = &*problem {
                <p id="detector-problem" class="problem" role="alert">{reason}</p>
            }
        </form>
    }
}

/// The form's values as a detector, or what is wrong with them.
fn read_settings(
    kind: &str,
    value: &dyn Fn(&str) -> String,
    timeout: (Micros, Micros),
) -> Result<DetectorSetting, String> {
    let whole = |id: &str, name: &str, lo: u64, hi: u64| -> Result<u64, String> {
        let text = value(id);
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|v| (lo..=hi).contains(v))
            .ok_or_else(|| {
                crate::say!(
                    "{name}: \"{text}\" is not a whole number from {lo} to {hi}",
                    "{name}：\"{text}\" 不是 {lo} 到 {hi} 之间的整数"
                )
            })
    };
    let min = whole("timeout-min", "timeout", 1, 600_000)?;
    let max = whole("timeout-max", "timeout", 1, 600_000)?;
    if min > max {
        return Err(crate::say!(
            "the timeout's lower end {min} ms is above its upper end {max} ms",
            "超时下限 {min} 毫秒高于上限 {max} 毫秒"
        ));
    }
    let range = (min * 1000, max * 1000);
    let election_timeout = (range != timeout).then_some(range);
    if kind != "phi" {
        return Ok(DetectorSetting {
            phi: None,
            election_timeout,
        });
    }
    let text = value("phi-threshold");
    let threshold_milli = crate::words::number::parse(&text)
        .and_then(PhiSettings::threshold_milli_of)
        .ok_or_else(|| {
            crate::say!(
                "threshold: \"{text}\" is not a number from 0.5 to 50",
                "阈值：\"{text}\" 不是 0.5 到 50 之间的数"
            )
        })?;
    Ok(DetectorSetting {
        phi: Some(PhiSettings {
            threshold_milli,
            window: whole("phi-window", "window", 2, PhiSettings::MAX_WINDOW as u64)? as u16,
            min_std: whole("phi-min-std", "minimum deviation", 0, 600_000)? * 1000,
            acceptable_pause: whole("phi-pause", "acceptable pause", 0, 600_000)? * 1000,
            model: Model::named(&value("phi-model")).unwrap_or_default(),
        }),
        election_timeout,
    })
}

fn ms_of(us: f64) -> f64 {
    us / 1000.0
}

/// The heartbeat gaps in the window, as bars, with their mean and where the detector will suspect.
fn gaps_chart(m: &Monitor) -> Html {
    let samples: Vec<f64> = m.samples.iter().map(|&s| ms_of(s as f64)).collect();
    let crossing = ms_of(m.crossing as f64);
    let top = samples
        .iter()
        .copied()
        .fold(ms_of(m.election_timeout.1 as f64).max(crossing), f64::max)
        * 1.1;
    let scale = Scale {
        x: (0.0, samples.len().max(1) as f64),
        y: (0.0, top),
    };
    let width = (scale.px(1.0) - scale.px(0.0)).max(0.5) * 0.8;
    let bars = samples.iter().enumerate().map(|(i, &gap)| {
        html! {
            <rect class="bar" x={short(scale.px(i as f64), 1)} y={short(scale.py(gap), 1)} width={short(width, 2)}
                  height={short(scale.py(0.0) - scale.py(gap), 1)} />
        }
    });
    let label = crate::say!(
        "Heartbeat gaps S{} saw: {} samples, mean {} ms",
        "S{} 看到的心跳间隔：{} 个样本，均值 {} 毫秒",
        m.node,
        samples.len(),
        short(ms_of(m.fit.mean - m.shown_phi.acceptable_pause as f64), 1)
    );
    let limit = match m.phi {
        Some(phi) => level(
            scale,
            crossing,
            "threshold",
            crate::say!(
                "phi {} at {} ms",
                "phi {} 于 {} 毫秒",
                short(phi.threshold(), 2),
                short(crossing, 0)
            ),
        ),
        None => html! {
            <>
                {level(scale, ms_of(m.election_timeout.0 as f64), "threshold", crate::say!("timeout {} to {} ms", "超时 {} 到 {} 毫秒", m.election_timeout.0 / 1000, m.election_timeout.1 / 1000))}
                {level(scale, ms_of(m.election_timeout.1 as f64), "threshold", String::new())}
            </>
        },
    };
    html! {
        <figure class="detection-chart" id="gaps-chart">
            <figcaption>{crate::say!("Heartbeat gaps", "心跳间隔")}</figcaption>
            {chart(&label, scale, &crate::say!("heartbeat, oldest first", "心跳，从旧到新"), "ms", html! {
                <>
                    <g class="bars">{for bars}</g>
                    {level_labelled(scale, ms_of(m.fit.mean - m.shown_phi.acceptable_pause as f64), "mean", crate::say!("mean", "均值"), true)}
                    {limit}
                </>
            })}
        </figure>
    }
}

/// The gaps as a histogram, with the distribution the detector fitted drawn over it.
fn distribution_chart(m: &Monitor) -> Html {
    let model = m.shown_phi.model;
    let crossing = m.crossing as f64;
    let right = m
        .samples
        .iter()
        .map(|&s| s as f64)
        .fold(crossing * 1.15, f64::max)
        .max(1.0);
    const BINS: usize = 24;
    let bin = right / BINS as f64;
    let mut counts = [0usize; BINS];
    for &s in &m.samples {
        counts[((s as f64 / bin) as usize).min(BINS - 1)] += 1;
    }
    let n = m.samples.len().max(1) as f64;
    // Densities per millisecond, so the histogram and the curve share the axis.
    let heights: Vec<f64> = counts.iter().map(|&c| c as f64 / n / (bin / 1000.0)).collect();
    let curve: Vec<(f64, f64)> = (0..=60)
        .map(|i| {
            let t = right * i as f64 / 60.0;
            (t / 1000.0, density(&m.fit, model, t) * 1000.0)
        })
        .collect();
    let top = heights
        .iter()
        .chain(curve.iter().map(|(_, d)| d))
        .copied()
        .fold(0.0, f64::max)
        .max(1e-6)
        * 1.1;
    let scale = Scale {
        x: (0.0, right / 1000.0),
        y: (0.0, top),
    };
    let bars = heights.iter().enumerate().map(|(i, &h)| {
        let x = i as f64 * bin / 1000.0;
        html! {
            <rect class="bar" x={short(scale.px(x), 1)} y={short(scale.py(h), 1)}
                  width={short((scale.px(bin / 1000.0) - scale.px(0.0)) * 0.9, 2)} height={short(scale.py(0.0) - scale.py(h), 1)} />
        }
    });
    let points = curve.iter().map(|&(x, y)| scale.at(x, y)).collect::<Vec<_>>().join(" ");
    let fitted = match model {
        Model::Normal => crate::say!(
            "normal, mean {} ms, deviation {} ms",
            "正态，均值 {} 毫秒，标准差 {} 毫秒",
            short(m.fit.mean / 1000.0, 1),
            short(m.fit.std / 1000.0, 1)
        ),
        Model::Exponential => crate::say!(
            "exponential, mean {} ms",
            "指数，均值 {} 毫秒",
            short(m.fit.mean / 1000.0, 1)
        ),
    };
    let label = crate::say!(
        "The distribution fitted to S{}'s heartbeat gaps: {fitted}",
        "S{} 心跳间隔拟合出的分布：{fitted}",
        m.node
    );
    html! {
        <figure class="detection-chart" id="fit-chart">
            <figcaption>{crate::say!("Fitted distribution: {}", "拟合分布：{}", fitted)}</figcaption>
            {chart(&label, scale, &crate::say!("gap, ms", "间隔，毫秒"), &crate::say!("density", "密度"), html! {
                <>
                    <g class="bars">{for bars}</g>
                    <polyline class="fit" points={points} />
                    {mark(scale, crossing / 1000.0, "threshold", crate::say!("phi {}", "phi {}", short(m.shown_phi.threshold(), 2)))}
                </>
            })}
        </figure>
    }
}

/// Phi over the last three seconds of the node's clock: it climbs with each silence and drops to nothing at
/// each heartbeat, along the fit of the moment; the threshold is a line across.
fn phi_chart(m: &Monitor) -> Html {
    const SPAN: f64 = 3_000_000.0;
    let threshold = m.shown_phi.threshold();
    let now = m.now as f64;
    let start = (now - SPAN).max(0.0);
    let top = threshold * 1.5;
    let scale = Scale {
        x: ((start - now) / 1e6, 0.0),
        y: (0.0, top),
    };
    let mut path = String::new();
    for (i, a) in m.arrivals.iter().enumerate() {
        let end = m.arrivals.get(i + 1).map_or(now, |b| b.at as f64);
        if end < start {
            continue;
        }
        // Each silence is its own stroke, begun where it enters the chart.
        let mut command = 'M';
        for k in 0..=12 {
            let t = a.at as f64 + (end - a.at as f64) * k as f64 / 12.0;
            if t < start {
                continue;
            }
            let phi = a.fit.phi((t - a.at as f64) as Micros, m.shown_phi.model).min(top);
            path += &format!("{command}{} ", scale.at((t - now) / 1e6, phi));
            command = 'L';
        }
    }
    let in_use = if m.phi.is_some() {
        crate::say!("threshold {}", "阈值 {}", short(threshold, 2))
    } else {
        crate::say!("phi {} (not in use)", "phi {}（未使用）", short(threshold, 2))
    };
    let label = crate::say!(
        "Phi over time at S{}, against the threshold {}",
        "S{} 的 phi 随时间变化，阈值 {}",
        m.node,
        short(threshold, 2)
    );
    html! {
        <figure class="detection-chart" id="phi-chart">
            <figcaption>{crate::say!("Phi over time", "phi 随时间变化")}</figcaption>
            {chart(&label, scale, &crate::say!("seconds ago, on its clock", "秒前（按它的时钟）"), "phi", html! {
                <>
                    <path class="phi" d={path} />
                    {level(scale, threshold, "threshold", in_use)}
                </>
            })}
        </figure>
    }
}

/// Each recent leader crash and how its failover went; false suspicions and their cost.
fn failovers(r: &Record) -> Html {
    let after = |t: Option<Micros>| t.map_or("…".to_string(), |t| format!("+{}", ms(t)));
    let crash = |c: &FailoverCard| {
        let elected = c.elected.map_or("…".to_string(), |(t, n)| format!("S{n} +{}", ms(t)));
        html! {
            <tr>
                <td>{format!("S{} @ {} s", c.leader, short(c.crashed_at as f64 / 1e6, 3))}</td>
                <td>{after(c.suspected)}</td>
                <td>{elected}</td>
                <td>{after(c.served)}</td>
            </tr>
        }
    };
    html! {
        <section class="failovers" aria-label={crate::say!("Failovers", "故障转移")}>
            <h3>{crate::say!("Failovers", "故障转移")}</h3>
            if r.crashes.is_empty() {
                <p class="hint">{crate::say!(
                    "No leader has crashed yet. Select the leader and press c to crash it.",
                    "还没有领导者崩溃。选中领导者并按 c 让它崩溃。"
                )}</p>
            } else {
                <table id="failover-table">
                    <thead><tr>
                        <th scope="col">{crate::say!("crash", "崩溃")}</th>
                        <th scope="col">{crate::say!("suspected", "被怀疑")}</th>
                        <th scope="col">{crate::say!("new leader", "新领导者")}</th>
                        <th scope="col">{crate::say!("client served", "客户端得到服务")}</th>
                    </tr></thead>
                    <tbody>{for r.crashes.iter().map(crash)}</tbody>
                </table>
            }
            <p id="false-suspicions">{crate::say!(
                "False suspicions: {} · elections they caused: {} · requests left waiting by them: {}",
                "误判：{} · 由此引起的选举：{} · 因此等待的请求：{}",
                r.false_suspicions, r.unnecessary_elections, r.requests_delayed
            )}</p>
            if !r.recent_false.is_empty() {
                <ul class="recent-false">
                    {for r.recent_false.iter().map(|s| html! {
                        <li>{crate::say!(
                            "S{} suspected S{} at {} s{}",
                            "S{} 于 {} 秒怀疑了 S{}{}",
                            s.by, s.of, short(s.at as f64 / 1e6, 3),
                            s.election.map_or(String::new(), |t| crate::say!(": an election, new leader {} later", "：引发选举，{} 后有新领导者", ms(t - s.at)))
                        )}</li>
                    })}
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TradeOffProps {
    base: Scenario,
    latency: (Micros, Micros),
    current: Setting,
}

/// Detection time against false suspicions, one point per setting, from a sweep of this cluster that runs a
/// seed at a time between frames. It starts over when the cluster's protocol, size, timing or latency
/// change.
#[function_component]
fn TradeOff(props: &TradeOffProps) -> Html {
    let sweep = use_mut_ref(|| None::<Sweep>);
    let progress = use_state(|| 0usize);
    {
        let (sweep, progress) = (sweep.clone(), progress.clone());
        use_effect_with((props.base.clone(), props.latency), move |(base, latency)| {
            *sweep.borrow_mut() = Some(Sweep::new(base.clone(), *latency));
            progress.set(0);
            let ticker = {
                let sweep = sweep.clone();
                gloo_timers::callback::Interval::new(40, move || {
                    let started = crate::page::render_loop::wall_now();
                    let mut guard = sweep.borrow_mut();
                    let Some(s) = guard.as_mut() else { return };
                    // About a frame's worth of work at a time, so the page stays responsive.
                    while crate::page::render_loop::wall_now() - started < 12.0 && s.step() {}
                    progress.set(s.done);
                })
            };
            move || drop(ticker)
        });
    }
    let guard = sweep.borrow();
    let Some(s) = guard.as_ref() else {
        return html! {};
    };
    let points: Vec<(Setting, f64, f64)> = s
        .tallies
        .iter()
        .filter(|t| t.runs == SEEDS)
        .filter_map(|t| Some((t.setting, t.false_per_minute(), t.mean_ms()?)))
        .collect();
    let right = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let top = points.iter().map(|p| p.2).fold(100.0, f64::max) * 1.15;
    let scale = Scale {
        x: (0.0, right),
        y: (0.0, top),
    };
    let dot = |&(setting, x, y): &(Setting, f64, f64)| {
        let (cx, cy) = (scale.px(x), scale.py(y));
        let current = setting == props.current;
        let shape = match setting {
            Setting::Fixed { .. } => html! { <circle cx={short(cx, 1)} cy={short(cy, 1)} r="4" /> },
            Setting::Phi { .. } => html! {
                <path d={format!("M{},{} l4.5,8 l-9,0 z", short(cx, 1), short(cy - 5.0, 1))} />
            },
        };
        let kind = if matches!(setting, Setting::Fixed { .. }) {
            "fixed"
        } else {
            "phi"
        };
        // Only the setting in use is labelled on the chart: the points of a calm network crowd together, and
        // the table under the chart names every one.
        html! {
            <g class={classes!("point", kind, current.then_some("current"))} data-setting={setting.label()}>
                {shape}
                if current {
                    <text x={short(cx + 6.0, 1)} y={short(cy - 5.0, 1)}>{crate::say!("in use", "使用中")}</text>
                }
            </g>
        }
    };
    let row = |&(setting, x, y): &(Setting, f64, f64)| {
        let name = match setting {
            Setting::Fixed { .. } => crate::say!("fixed {} ms", "固定 {} 毫秒", setting.label()),
            Setting::Phi { .. } => format!("phi {}", setting.label()),
        };
        html! {
            <tr data-setting={setting.label()}>
                <td>{if matches!(setting, Setting::Fixed { .. }) { "●" } else { "▲" }}{" "}{name}</td>
                <td>{short(y, 0)}</td>
                <td>{short(x, 2)}</td>
            </tr>
        }
    };
    let label = crate::say!(
        "Trade-off for this cluster: time to suspect a crashed leader against false suspicions per minute, circles for fixed timeouts, triangles for phi thresholds",
        "此集群的权衡：怀疑崩溃领导者所需时间与每分钟误判次数，圆点为固定超时，三角为 phi 阈值"
    );
    let (from, to) = (props.latency.0 / 1000, props.latency.1 / 1000);
    html! {
        <figure class="detection-chart" id="tradeoff-chart" data-done={s.finished().then_some("")}>
            <figcaption>
                {crate::say!(
                    "The trade-off, measured for this cluster: {} seeds × {} s per setting, with leader crashes and pauses, messages taking {} to {} ms. Circles: fixed timeouts (ms); triangles: phi thresholds.",
                    "为此集群测得的权衡：每个设置 {} 个种子 × {} 秒，含领导者崩溃与停顿，消息耗时 {} 到 {} 毫秒。圆点：固定超时（毫秒）；三角：phi 阈值。",
                    SEEDS, RUN_MS / 1000, from, to
                )}
                if !s.finished() {
                    <span class="progress" role="status">{crate::say!(" Measuring… {} of {} runs.", " 测量中… {} / {} 次运行。", *progress, s.total())}</span>
                }
            </figcaption>
            {chart(&label, scale, &crate::say!("false suspicions per minute", "每分钟误判"), &crate::say!("detect, ms", "检测，毫秒"), html! {
                <g class="points">{for points.iter().map(dot)}</g>
            })}
            if !points.is_empty() {
                <table class="tradeoff">
                    <thead><tr>
                        <th scope="col">{crate::say!("setting", "设置")}</th>
                        <th scope="col">{crate::say!("detect, ms", "检测，毫秒")}</th>
                        <th scope="col">{crate::say!("false / min", "误判 / 分钟")}</th>
                    </tr></thead>
                    <tbody>{for points.iter().map(row)}</tbody>
                </table>
            }
        </figure>
    }
}
