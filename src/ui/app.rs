//! The root component: owns the lab and the view, runs the render loop while anything can be seen moving,
//! and lays out the canvas and panels.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use consensus_sim::scenario::{ProtocolName, Scenario};

use crate::model::lab::Lab;
use crate::model::views::Shared;
use crate::page::handlers::{Handlers, View};
use crate::page::layout::Layout;
use crate::page::render_loop::{use_out_of_view, use_page_hidden, use_wakes, Wakes};
use crate::page::url::Panel;
use crate::ui::canvas::Canvas;
use crate::ui::clients::ClientControls;
use crate::ui::cluster::{cluster_controls, share_button, ClusterProps};
use crate::ui::controls::{controls, help_button, ControlsProps};
use crate::ui::diagram::{zoom_tools, SpaceTime};
use crate::ui::feed::EventFeed;
use crate::ui::files::{Export, Files};
use crate::ui::history::{HistoryPanel, Source as HistorySource};
use crate::ui::inspector::Inspector;
use crate::ui::language::language_menu;
use crate::ui::legend::Legend;
use crate::ui::lessons::lesson_menu;
use crate::ui::log_table::LogTable;
use crate::ui::network::{NetworkControls, NetworkSettings};
use crate::ui::notices;
use crate::ui::safety::{implicated, BugsPanel, ViolationBanner};
use crate::ui::scrubber::Scrubber;
use crate::words::i18n::{t, Text};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    #[prop_or(5)]
    pub size: u8,
    /// The run's seed; None draws one at random.
    #[prop_or_default]
    pub seed: Option<u64>,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps { size: 5, seed: None }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let opened = use_memo((), |_| open());
    let (address, restored) = (std::rc::Rc::new(opened.0.clone()), opened.1.clone());
    let (size, seed) = (address.nodes.unwrap_or(props.size), address.seed.or(props.seed));
    let protocol = address.protocol.unwrap_or(ProtocolName::Raft);
    let speed = address.speed_log10;
    let lab = use_mut_ref(move || {
        let mut lab = opened.2.borrow_mut().take().unwrap_or_else(|| {
            // The seed the address names, else the one the page's first frame shows, else a fresh one.
            let seed = seed.or_else(crate::page::html::seed).unwrap_or_else(random_seed);
            Lab::new(protocol, seed, size)
        });
        // The speed the address asks for; a lesson loaded later keeps it.
        if let Some(speed) = speed {
            lab.speed_log10 = speed;
        }
        lab
    });
    let notice_open = use_state(|| true);
    // Problems found after loading: a scenario that could not be fetched or read.
    let late_problems = use_state(Vec::<String>::new);
    let layout = use_memo((), {
        let address = address.clone();
        move |_| {
            crate::page::layout::apply(address.theme, address.height);
            Layout::from_address(&address)
        }
    });
    // A shared link opens paused, at the moment it was shared; so does a page asked to (paused=1).
    let opens_paused = address.at.is_some() || address.paused;
    let autoplay = address.autoplay;
    let diagram_open = address.diagram;
    let history_asked = address.history;
    let view = use_mut_ref({
        let lab = lab.clone();
        move || {
            // A lesson that pauses at once (a question at t = 0) opens paused too, from its very first frame.
            let pauses_at_once = lab.borrow_mut().reached_pause() && !autoplay;
            View {
                playing: !opens_paused && !pauses_at_once,
                diagram_open,
                // A lesson whose clients call operations opens with their history in view.
                history_open: history_asked || lab.borrow().has_clients(),
                autoplay,
                ..View::default()
            }
        }
    });
    crate::page::saved::use_saving(lab.clone(), view.clone());
    let restored_open = use_state(|| restored == crate::page::saved::Restored::Session);
    let hidden = use_page_hidden();
    // Embedded in a page and scrolled out of view, the lab stops like a hidden tab.
    let root = use_node_ref();
    let out_of_view = use_out_of_view(root.clone(), crate::words::i18n::language().code());
    let redraw = use_force_update();
    // The stage registers its own redraw here, so a frame can redraw it alone.
    let stage_slot = use_mut_ref(|| None::<Callback<()>>);
    {
        // A lesson named in the address is fetched, and replaces the default cluster once it is ready.
        // A shared session is applied to it, or to the default cluster, once either is there.
        let (lab, late, redraw, link) = (lab.clone(), late_problems.clone(), redraw.clone(), address.clone());
        let (stage, view) = (stage_slot.clone(), view.clone());
        use_effect_with(address.scenario.clone(), move |name| {
            // A plain page has nothing to fetch or restore: every panel is usable at once.
            if name.is_none() && !crate::page::permalink::restores_anything(&link) {
                crate::page::html::mark_ready();
                return;
            }
            let name = name.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut problems = Vec::new();
                if let Some(name) = name {
                    match crate::page::lesson::load(&name).await {
                        Ok(lesson) => {
                            let speed = lab.borrow().speed_log10;
                            *lab.borrow_mut() = lesson;
                            lab.borrow_mut().speed_log10 = speed;
                            view.borrow_mut().history_open |= lab.borrow().has_clients();
                        }
                        Err(problem) => problems.push(crate::say!(
                            "{problem}; the default cluster is shown instead",
                            "{problem}；改为显示默认集群"
                        )),
                    }
                }
                problems.extend(crate::page::permalink::restore(&mut lab.borrow_mut(), &link));
                late.set(problems);
                redraw.force_update();
                // A link opens paused: the stage draws the moment now, not at the next frame.
                if let Some(redraw_stage) = stage.borrow().as_ref() {
                    redraw_stage.emit(());
                }
                crate::page::html::mark_ready();
            });
        });
    }
    let wakes = use_memo((), |_| Rc::new(Wakes::default()));
    let handlers = {
        let (lab, view, slot, wakes) = (lab.clone(), view.clone(), stage_slot.clone(), (*wakes).clone());
        let stage = Callback::from(move |()| {
            if let Some(redraw) = slot.borrow().as_ref() {
                redraw.emit(());
            }
        });
        let redraw_all = {
            let stage = stage.clone();
            Callback::from(move |()| {
                redraw.force_update();
                stage.emit(());
            })
        };
        use_memo((), move |_| {
            Handlers::new(lab, view, redraw_all, stage, wakes, random_seed)
        })
    };
    let v = view.borrow().clone();
    use_wakes(
        (*wakes).clone(),
        v.playing && !hidden && !out_of_view,
        handlers.on_frame.clone(),
        handlers.on_stop.clone(),
    );
    use_document_keys(handlers.on_key.clone());

    let stage_lab = Shared(lab.clone());
    let lab_handle = lab.clone();
    let mut lab = lab.borrow_mut();
    let h = &*handlers;
    // The nodes a violation names, marked on the canvas, in the log table and in the diagram.
    let mut v = v;
    v.violation = v
        .violation
        .map(|found| crate::ui::history::in_plain_words(found, &mut lab));
    let marked = v.violation.as_ref().map(implicated).unwrap_or_default();
    // The cluster's controls head the side column, with the network's settings, where there is one: the
    // controls above the canvas stay one row, and the canvas in view.
    let cluster_beside = !layout.embed && layout.has_side();
    let ignored = match &restored {
        crate::page::saved::Restored::Ignored(why) => Some(why.clone()),
        _ => None,
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    // A scenario file dropped anywhere on the lab, or picked with the import button, opens the same way.
    let on_import = on_import(&h.on_open, &h.on_opened_history, &late_problems, &notice_open);
    let ondrop = {
        let on_import = on_import.clone();
        Callback::from(move |e: DragEvent| crate::ui::files::read_dropped(&e, &on_import))
    };
    let on_fresh = {
        let (fresh, restored_open) = (h.on_fresh.clone(), restored_open.clone());
        Callback::from(move |_: MouseEvent| {
            restored_open.set(false);
            fresh.emit(());
        })
    };
    html! {
        // Keyed by the language: switching it redraws every word, in components whose props did not change too.
        <main class="lab" key={crate::words::i18n::language().code()} data-embed={layout.embed.then_some("")}
              data-lesson={lab.scenario.title.is_some().then_some("")} ref={root} {ondragover} {ondrop}>
            if *restored_open {
                {notices::restored(on_fresh)}
            }
            if *notice_open && !(address.problems.is_empty() && late_problems.is_empty() && ignored.is_none()) {
                {notices::problems(
                    address.problems.iter().chain(late_problems.iter()).chain(ignored.iter()),
                    Callback::from({ let n = notice_open.clone(); move |_| n.set(false) }),
                )}
            }
            if !layout.embed {
                <header>
                    <div class="brand">
                        <div class="title-line">
                            <h1>{t(Text::Title)}</h1>
                            if lab.lesson_name.is_none() {
                                {first_lesson()}
                            }
                        </div>
                        <p class="tagline">{crate::say!(
                            "Raft and Paxos, live: crash servers, cut links, and watch the cluster still agree.",
                            "Raft 与 Paxos 实时运行：让服务器崩溃、切断链路，看集群依然达成一致。"
                        )}</p>
                    </div>
                    // Beside the title: what to open, in which language, the link to this moment, and the legend.
                    <div class="openers">
                        {lesson_menu(lab.lesson_name.as_deref())}
                        {language_menu(&h.on_language)}
                        if layout.shows(Panel::Cluster) {
                            {share_button(&h.on_share)}
                        }
                        {help_button(&h.on_help)}
                    </div>
                </header>
            }
            <div class="controls">
                {controls(&ControlsProps {
                    playing: v.playing, speed_log10: lab.speed_log10,
                    on_toggle: h.on_toggle.clone(), on_step: h.on_step.clone(), on_speed: h.on_speed.clone(),
                    on_request: h.on_request.clone(),
                })}
                if layout.shows(Panel::Cluster) && !cluster_beside {
                    {cluster_group(&lab, h, &layout)}
                }
                if layout.embed {
                    {help_button(&h.on_help)}
                }
            </div>
            {notices::share_dialog(v.share_link.clone(), h.on_share.reform(|_: MouseEvent| false))}
            <div class="stage" data-canvas-only={(!layout.has_side()).then_some("")}>
                // What the run says to the reader (a broken rule, a lesson's caption): above the canvas in one
                // column; beside it, at the top of the side column, where there are two (style.css), so that
                // the cluster stays in view and does not move as captions come and go.
                <div class="notes">
                    if let Some(violation) = v.violation.clone() {
                        {violation_banner(violation, h)}
                    }
                    if lab.protocol() == ProtocolName::Paxos
                        && !lab.travel.history.iter().any(|r| matches!(r.action, consensus_sim::Action::Request { .. }))
                    {
                        <p class="waiting" role="status">{t(Text::PaxosWaits)}</p>
                    }
                    if let (Some(title), true) = (lab.scenario.title.clone(), layout.shows(Panel::Caption)) {
                        {notices::lesson(&lab, notices::LessonProps {
                            title, answers: &v.answers, on_answer: &h.on_answer, paused: !v.playing, on_continue: &h.on_toggle,
                        })}
                    }
                </div>
                <div class="canvas-column" data-diagram={(v.diagram_open && layout.shows(Panel::Diagram)).then_some("open")}>
                    <Stage lab={stage_lab} selected={v.selected} diagram_open={v.diagram_open} highlight={v.inspected_message.or(v.hovered)}
                           inspected={v.inspected_message}
                           implicated={marked.clone()} mentioned={v.mentioned.clone()}
                           violation_at={v.violation.as_ref().map(|x| x.at)}
                           paused={!v.playing} handlers={Shared(handlers.clone())}
                           slot={Shared(stage_slot.clone())} scrubber={layout.shows(Panel::Scrubber)}
                           diagram={layout.shows(Panel::Diagram)} inspector_beside={layout.shows(Panel::Inspector)} />
                    {canvas_column_panels(&layout, &lab_handle, &late_problems, on_import)}
                    if layout.shows(Panel::History) {
                        {history_section(&mut lab, &v, h, &layout)}
                    }
                </div>
                if layout.has_side() {
                    <aside class="side">
                        if layout.shows(Panel::Cluster) && cluster_beside {
                            {cluster_group(&lab, h, &layout)}
                        }
                        {side_panels(&mut lab, &v, h, &layout)}
                    </aside>
                }
            </div>
            if layout.shows(Panel::Log) {
                {log_panel(&mut lab, &v, h, marked.clone())}
            }
            if v.legend {
                {legend(h)}
            }
        </main>
    }
}

// The panels around the canvas, each built by a function of its own so that `App` reads as the page's layout.

/// Below the canvas: the file buttons (exporting reads the lab, and says in `late` what an export left out).
fn canvas_column_panels(
    layout: &Layout,
    lab_handle: &std::rc::Rc<RefCell<Lab>>,
    late: &UseStateHandle<Vec<String>>,
    on_import: Callback<(String, Result<String, String>)>,
) -> Html {
    let on_export = on_export(lab_handle, late);
    html! {
        <>
            if layout.shows(Panel::Cluster) {
                <Files {on_export} {on_import} />
            }
        </>
    }
}

/// Under the canvas: the clients' controls and the history panel, behind a toggle (the panel costs a redraw
/// whenever an operation is called or ends). A history opened from a file shows in place of the run's.
fn history_section(lab: &mut Lab, v: &View, h: &Handlers, layout: &Layout) -> Html {
    if lab.protocol().is_commit() {
        let participants = lab.commit_config().participants(lab.size());
        return html! {
            <crate::ui::transactions::TransactionsPanel blocked={lab.blocked()} now={lab.sim.now()} {participants}
                on_begin={h.on_begin.clone()} cooperative={(lab.protocol() == ProtocolName::TwoPc).then(|| lab.scenario.options.iter().any(|o| o == "cooperative"))}
                on_cooperative={h.on_cooperative.clone()} />
        };
    }
    // Basic Paxos decides one value: it has no service for clients to call.
    let service = lab.protocol() != ProtocolName::Paxos;
    if !service && v.opened_history.is_none() {
        return html! {};
    }
    let toggle = html! {
        <button id="history-toggle" type="button" class="history-toggle" aria-expanded={v.history_open.to_string()}
                onclick={h.on_history.reform(|_: MouseEvent| ())}>
            {if v.history_open {
                crate::say!("Hide clients and history", "隐藏客户端与历史")
            } else {
                crate::say!("Clients and history", "客户端与历史")
            }}
        </button>
    };
    if !v.history_open {
        return html! { <div class="history-bar">{toggle}</div> };
    }
    let on_close = h.on_opened_history.reform(|()| None);
    let panel = match &v.opened_history {
        Some((name, view)) => html! {
            <HistoryPanel view={view.clone()} source={HistorySource::File { name: name.clone() }}
                          on_seek={Callback::noop()} on_mention={Callback::noop()} {on_close} />
        },
        None => {
            let (view, source) = crate::ui::history::for_run(lab);
            // A client's message hovered on the canvas or in the diagram marks its operation here.
            let linked = v
                .inspected_message
                .or(v.hovered)
                .and_then(|m| lab.operation_of_message(m));
            html! {
                <HistoryPanel {view} {source} on_seek={h.on_seek.clone()} on_mention={h.on_mention.clone()} {on_close}
                              {linked} on_hover={h.on_hover_operation.clone()} />
            }
        }
    };
    html! {
        <div class="history-section">
            <div class="history-bar">{toggle}</div>
            if service && layout.shows(Panel::Cluster) && v.opened_history.is_none() {
                <ClientControls size={lab.size()} protocol={lab.protocol()} read_path={lab.read_path()}
                                on_act={h.on_act.clone()} />
            }
            {panel}
        </div>
    }
}

/// Beside the canvas: the node inspected, the network's settings, the deliberate bugs and the event feed.
fn side_panels(lab: &mut Lab, v: &View, h: &Handlers, layout: &Layout) -> Html {
    let inspected = v.selected.filter(|&id| id <= lab.size()).map(|id| lab.inspect(id));
    let c = lab.sim.conditions();
    let network = NetworkSettings {
        latency_min_ms: c.latency.0 / 1000,
        latency_max_ms: c.latency.1 / 1000,
        drop_percent: c.drop_ppm / 10_000,
        duplicate_percent: c.duplicate_ppm / 10_000,
    };
    html! {
        <>
            if layout.shows(Panel::Inspector) {
                <Inspector node={inspected} on_action={h.on_node_action.clone()} on_act={h.on_act.clone()} />
            }
            if layout.shows(Panel::Network) {
                <NetworkControls settings={network} on_change={h.on_network.clone()} on_heal={h.on_heal.clone()} />
            }
            if layout.shows(Panel::Detection) && lab.protocol().has_leader_detector() {
                {detection_panel(lab, v, h)}
            }
            if layout.shows(Panel::Bugs) {
                <BugsPanel protocol={lab.protocol()} active={lab.scenario.bugs.clone()} on_toggle={h.on_bug.clone()} />
            }
            if layout.shows(Panel::Feed) {
                <EventFeed feed={lab.feed()} on_seek={h.on_seek.clone()} on_mention={h.on_mention.clone()} />
            }
        </>
    }
}

/// Beside the canvas: failure detection, open in a lesson about it until the reader closes it.
fn detection_panel(lab: &Lab, v: &View, h: &Handlers) -> Html {
    let open = v.detection_open.unwrap_or(lab.tunes_detector());
    let monitor = open.then(|| lab.monitor(v.selected)).flatten();
    // The trade-off is measured with the phi settings in use, whichever threshold each point tries.
    let base = Scenario {
        detector: monitor.as_ref().and_then(|m| m.phi).or(lab.scenario.detector),
        events: Vec::new(),
        ..lab.scenario.clone()
    };
    html! {
        <crate::ui::detection::DetectionPanel {monitor}
            record={crate::model::detection::record(&*lab.sim)} {base} latency={lab.sim.conditions().latency}
            {open} on_open={h.on_detection_open.clone()} on_detector={h.on_detector.clone()} />
    }
}

/// Above the canvas: the safety rule just broken, and where.
fn violation_banner(violation: consensus_sim::Violation, h: &Handlers) -> Html {
    html! { <ViolationBanner {violation} on_seek={h.on_seek.clone()} on_dismiss={h.on_dismiss_violation.clone()} /> }
}

/// Over everything: the legend and the keys.
fn legend(h: &Handlers) -> Html {
    html! { <Legend on_close={h.on_close_legend.clone()} /> }
}

/// Below everything: each node's log.
fn log_panel(lab: &mut Lab, v: &View, h: &Handlers, marked: Vec<u8>) -> Html {
    let explained = v
        .explained
        .filter(|(n, _)| *n <= lab.size())
        .and_then(|(n, i)| lab.explain_entry(n, i).map(|text| (n, i, text)));
    html! {
        <LogTable logs={lab.logs()} paxos={lab.protocol() != ProtocolName::Raft} wal={lab.protocol().is_commit()}
                  on_explain={h.on_explain.clone()}
                  snapshot_every={(lab.protocol() == ProtocolName::Raft).then(|| lab.snapshot_every())}
                  on_act={h.on_act.clone()}
                  {marked} {explained} />
    }
}

/// Exports the session: as a scenario, a trace, or a picture of the canvas.
fn on_export(lab: &std::rc::Rc<RefCell<Lab>>, late: &UseStateHandle<Vec<String>>) -> Callback<Export> {
    let (lab, late) = (lab.clone(), late.clone());
    Callback::from(move |kind: Export| {
        let lab = lab.borrow();
        let name = format!("consensus-lab-{}-seed-{}", lab.protocol().name(), lab.seed());
        let _ = match kind {
            Export::Scenario => {
                let (scenario, left_out) = crate::page::export::session_scenario(&lab);
                if left_out > 0 {
                    late.set(vec![format!("{left_out} {}", t(Text::LeftOut))]);
                }
                let text = scenario.to_pretty();
                crate::page::export::download(&format!("{name}.json"), "application/json", &text)
            }
            Export::Trace => crate::page::export::download(
                &format!("{name}.trace.jsonl"),
                "application/x-ndjson",
                &crate::page::export::trace_lines(&lab),
            ),
            Export::History => crate::page::export::download(
                &format!("{name}.history.json"),
                "application/json",
                &lab.sim.history().to_text(),
            ),
            Export::Svg => crate::page::export::canvas_svg()
                .and_then(|svg| crate::page::export::download(&format!("{name}.svg"), "image/svg+xml", &svg)),
        };
    })
}

/// Opens a scenario file picked or dropped, or a history file (SCENARIO.md, "History files"), which the
/// history panel shows checked; or says what is wrong with it.
fn on_import(
    open: &Callback<Scenario>,
    open_history: &Callback<Option<(String, consensus_sim::history::History)>>,
    late: &UseStateHandle<Vec<String>>,
    notice: &UseStateHandle<bool>,
) -> Callback<(String, Result<String, String>)> {
    let (open, open_history, late, notice) = (open.clone(), open_history.clone(), late.clone(), notice.clone());
    Callback::from(move |(name, text): (String, Result<String, String>)| {
        // A document with operations is a history; anything else is read as a scenario.
        let history = text
            .as_ref()
            .ok()
            .filter(|text| consensus_sim::history::History::is_history_document(text))
            .map(|text| consensus_sim::history::History::parse(text));
        if let Some(history) = history {
            match history {
                Ok(history) => {
                    late.set(Vec::new());
                    open_history.emit(Some((name, history)));
                }
                Err(e) => {
                    late.set(vec![format!("{name} {}: {e}", t(Text::Imported))]);
                    notice.set(true);
                }
            }
            return;
        }
        match text.and_then(|text| Scenario::parse(&text).map_err(|e| e.to_string())) {
            Ok(scenario) => {
                late.set(Vec::new());
                open.emit(scenario);
            }
            Err(e) => {
                late.set(vec![format!("{name} {}: {e}", t(Text::Imported))]);
                notice.set(true);
            }
        }
    })
}

/// What the page opens: the address's settings (or, for a plain address, the session saved before the last
/// reload), what became of a saved session, and the lab of the lesson the page itself carries, when it opens
/// at once.
fn open() -> (
    crate::page::url::UrlSettings,
    crate::page::saved::Restored,
    RefCell<Option<Lab>>,
) {
    let built_in = crate::page::html::lesson();
    let plain = crate::page::url::search().len() <= 1 && built_in.is_none();
    let (mut address, restored) = crate::page::saved::or_stored(crate::page::url::from_location(), plain);
    let mut lab = None;
    // A lesson's page opens its lesson, unless the address names a scenario of its own. In English it opens at
    // once, from the page's own copy; in another language it is fetched in that language, like any lesson.
    if let Some((name, text)) = built_in.filter(|_| address.scenario.is_none()) {
        if crate::words::i18n::language() == crate::words::i18n::Lang::En {
            match crate::page::lesson::from_text(&name, &text) {
                Ok(lesson) => lab = Some(lesson),
                Err(problem) => address.problems.push(problem),
            }
        } else {
            address.scenario = Some(name);
        }
    }
    (address, restored, RefCell::new(lab))
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lab: Shared<RefCell<Lab>>,
    pub selected: Option<u8>,
    pub diagram_open: bool,
    /// A message hovered in one view, highlighted in the other.
    pub highlight: Option<u64>,
    /// Nodes a safety violation names.
    pub implicated: Vec<u8>,
    /// Nodes a hovered feed line names.
    pub mentioned: Vec<u8>,
    /// When the violation shown happened.
    pub violation_at: Option<u64>,
    pub paused: bool,
    pub handlers: Shared<Handlers>,
    /// Where the stage puts its own redraw, for the render loop to call.
    pub slot: Shared<RefCell<Option<Callback<()>>>>,
    /// Whether the layout shows the time slider, and the diagram's toggle.
    pub scrubber: bool,
    pub diagram: bool,
    /// Whether the inspector, with the selected node's actions, is shown beside the canvas on a wide screen.
    pub inspector_beside: bool,
    /// A message hovered or focused on the canvas: while paused, its fields show beside it.
    pub inspected: Option<u64>,
}

/// The selected node's name, state and actions, in one row under the canvas.
fn action_bar(lab: &Lab, id: u8, beside: bool, h: &Handlers) -> Html {
    let (up, disconnected) = (lab.sim.is_up(id), lab.sim.links().is_disconnected(id));
    let details = lab.sim.details(id);
    let status = crate::ui::inspector::status(details.role_label(), up, disconnected);
    html! {
        <section class="action-bar" data-beside={beside.then_some("")} aria-label={format!("S{id}: {status}")}>
            <strong>{format!("S{id}")}</strong><span class="status">{status}</span>
            {crate::ui::inspector::actions(id, (up, disconnected), details.timeout_action(), lab.transfer_offer(id), &h.on_node_action)}
        </section>
    }
}

/// The part of the page that changes every frame: the canvas, with the simulated clock. It redraws on its own
/// each frame, so the rest of the page is not rebuilt sixty times a second.
#[function_component]
fn Stage(props: &StageProps) -> Html {
    let redraw = use_force_update();
    {
        let slot = props.slot.0.clone();
        use_effect_with((), move |_| {
            let mine = Callback::from(move |()| redraw.force_update());
            *slot.borrow_mut() = Some(mine.clone());
            // A stage drawn in its place (the page redrawn in another language) may have registered already.
            move || {
                if slot.borrow().as_ref() == Some(&mine) {
                    slot.borrow_mut().take();
                }
            }
        });
    }
    // The diagram's width on screen, as measured once it is drawn: it draws in pixels.
    let diagram_width = use_state_eq(|| 600.0);
    let mut lab = props.lab.0.borrow_mut();
    let mut frame = lab.frame(props.selected, props.highlight);
    lab.cache.drawn = Some(frame.clone());
    for n in frame.nodes.iter_mut() {
        n.implicated = props.implicated.contains(&n.id);
        n.mentioned = props.mentioned.contains(&n.id);
    }
    // The diagram costs its own CPU every frame, so it is drawn (and its content built) only while open.
    let diagram = (props.diagram && props.diagram_open).then(|| lab.diagram(*diagram_width));
    let (now, head) = (lab.sim.now(), lab.travel.head.max(lab.sim.now()));
    // While playing, the slider and the diagram move with the clock, ten times a second (redrawing them every
    // frame would cost more than the whole canvas); paused, they show the exact moment, and the slider (for
    // tests and bug reports) the exact state.
    let shown = if props.paused { now } else { lab.clock() };
    let slider_at = lab.slider_at(props.paused);
    let state = if props.paused {
        format!("{}:{:x}", lab.sim.events_processed(), lab.sim.trace_hash())
    } else {
        String::new()
    };
    let message = props.inspected.filter(|_| props.paused).and_then(|id| {
        let at = frame.messages.iter().find(|m| m.id == id)?.position(frame.still_at());
        lab.message_details(id).map(|(summary, fields)| (summary, fields, at))
    });
    let h = &props.handlers.0;
    html! {
        <>
            if props.scrubber {
            <Scrubber now={slider_at} head={if lab.in_the_past() { head } else { slider_at }} later_actions={lab.travel.history.len() - lab.travel.applied}
                      can_undo={lab.can_undo()} forked={lab.travel.forked}
                      replaced={lab.previous.as_ref().filter(|_| lab.readers_actions() == 0).map(|p| p.readers_actions())} {state} playing={!props.paused}
                      on_seek={h.on_seek.clone()} on_step_back={h.on_step_back.clone()} on_undo={h.on_undo.clone()} />
            }
            <Canvas {frame} paused={props.paused} {message} on_select={h.on_select.clone()} on_move={h.on_move.clone()}
                    on_link={h.on_link.clone()} on_direction={h.on_direction.clone()}
                    on_knife={h.on_knife.clone()} on_drop={h.on_drop.clone()}
                    on_inspect={h.on_inspect.clone()} />
            // The selected node's actions right under the canvas, where a finger can reach them while the
            // canvas reacts: on narrow screens, and wherever the inspector is not beside the canvas.
            if let Some(id) = props.selected.filter(|&id| id <= lab.size()) {
                {action_bar(&lab, id, props.inspector_beside, h)}
            }
            if props.diagram {
                <div class="diagram-bar">
                    <button id="diagram-toggle" type="button" class="diagram-toggle" aria-expanded={props.diagram_open.to_string()}
                            onclick={h.on_diagram.reform(|_: MouseEvent| reveal_diagram())}>
                        {t(if props.diagram_open { Text::HideDiagram } else { Text::ShowDiagram })}
                    </button>
                    if let Some((content, _)) = &diagram {
                        {zoom_tools(lab.diagram_zoom, content.0.span, &h.on_zoom)}
                    }
                </div>
            }
            if let Some(view) = diagram {
                {space_time(view, shown, head, Callback::from(move |w| diagram_width.set(w)), props)}
            }
        </>
    }
}

/// The cluster's controls: protocol, size, seed, starting over.
fn cluster_group(lab: &Lab, h: &Handlers, layout: &Layout) -> Html {
    cluster_controls(&ClusterProps {
        protocol: lab.protocol(),
        size: lab.size(),
        min_size: lab.min_size(),
        fault_tolerance: (lab.protocol() == ProtocolName::PaxosCommit).then_some(lab.scenario.fault_tolerance),
        on_fault_tolerance: h.on_fault_tolerance.clone(),
        seed: lab.seed(),
        on_protocol: h.on_protocol.clone(),
        on_size: h.on_size.clone(),
        on_reset: h.on_reset.clone(),
        on_heal: h.on_heal.clone(),
        on_share: h.on_share.clone(),
        with_heal: !layout.shows(Panel::Network),
        with_share: layout.embed,
    })
}

/// The offer to a newcomer: the first lesson, which shows what everything on the page means.
fn first_lesson() -> Html {
    let (name, _) = crate::page::lesson::LESSONS[0];
    html! {
        <a class="first-lesson" href={crate::ui::lessons::page_of(name)}>
            {crate::say!("New here? Start with lesson 1 →", "初次使用？从第 1 课开始 →")}
        </a>
    }
}

/// Brings the diagram into view once it is drawn, when the reader opens it: under the canvas, it may open
/// below the fold. (Closing it scrolls nothing: there is nothing left to find.)
fn reveal_diagram() {
    gloo_timers::callback::Timeout::new(0, || {
        let figure = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".diagram").ok().flatten());
        if let Some(figure) = figure {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            figure.scroll_into_view_with_scroll_into_view_options(&options);
        }
    })
    .forget();
}

/// Under the canvas, while open: the space-time diagram.
fn space_time(
    view: (crate::model::diagram::Diagram, u64),
    now: u64,
    head: u64,
    on_width: Callback<f64>,
    props: &StageProps,
) -> Html {
    let h = &props.handlers.0;
    let (content, start) = view;
    html! {
        <SpaceTime {content} {start} {now} {head} {on_width} selected={props.selected} highlight={props.highlight}
                   marked={props.implicated.clone()} violation_at={props.violation_at}
                   on_seek={h.on_seek.clone()} on_inspect={h.on_hover.clone()} />
    }
}

/// Calls the latest `handler` for every keydown on the document.
#[hook]
fn use_document_keys(handler: Callback<KeyboardEvent>) {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|document| {
            // Not passive: a handled key (Space, the arrows) must not also scroll the page.
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            gloo_events::EventListener::new_with_options(&document, "keydown", options, move |e| {
                if let Some(e) = e.dyn_ref::<KeyboardEvent>() {
                    latest.borrow().emit(e.clone());
                }
            })
        });
        // Dropping the listener removes it.
        move || drop(listener)
    });
}

/// A fresh seed, the full 64 bits, from the browser's cryptographic generator. Only the choice of seed is
/// random; the run that follows is fully determined by it.
fn random_seed() -> u64 {
    getrandom::u64().unwrap_or_else(|_| (js_sys::Math::random() * 2f64.powi(53)) as u64)
}
