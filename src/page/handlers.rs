//! Every gesture and key, turned into a change of the lab or of the view. The callbacks are made once per
//! app and only hold shared handles, so they compare equal from frame to frame and the panels they are
//! passed to re-render only when what they show changes.

use std::cell::RefCell;
use std::rc::Rc;

use consensus_sim::history::History;
use consensus_sim::scenario::{ProtocolName, Scenario};
use consensus_sim::Action;
use yew::prelude::*;

use crate::model::history::HistoryView;
use crate::model::lab::Lab;
use crate::page::render_loop::{wall_now, Wakes};
use crate::ui::inspector::NodeAction;
use crate::ui::network::NetworkSettings;

/// What the user is looking at, as opposed to the simulation itself.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub playing: bool,
    /// Play on through a lesson's pause points.
    pub autoplay: bool,
    /// A message hovered in the space-time diagram, highlighted on the canvas too.
    pub hovered: Option<u64>,
    /// The link the Share button made, shown until closed.
    pub share_link: Option<String>,
    /// Whether the space-time diagram is shown.
    pub diagram_open: bool,
    /// Nodes a hovered feed line speaks of.
    pub mentioned: Vec<u8>,
    /// The log entry whose state is explained: (node, index).
    pub explained: Option<(u8, u64)>,
    /// The invariant violation that paused the run, shown in a banner until dismissed.
    pub violation: Option<consensus_sim::Violation>,
    pub selected: Option<u8>,
    pub legend: bool,
    /// A message hovered or focused while paused.
    pub inspected_message: Option<u64>,
    /// The reader's answers to a lesson's questions: (the question's time, the choice picked).
    pub answers: Vec<(u64, usize)>,
    /// Whether the history panel is shown.
    pub history_open: bool,
    /// A history opened from a file, by its file name, shown in the panel in place of the run's.
    pub opened_history: Option<(String, crate::model::views::Shared<HistoryView>)>,
    /// Whether the reader opened (true) or closed the failure detection panel; until then it is open in a
    /// lesson about detection (`Lab::tunes_detector`). Open, its charts move with the clock.
    pub detection_open: Option<bool>,
}

impl Default for View {
    fn default() -> Self {
        View {
            playing: true,
            autoplay: false,
            share_link: None,
            diagram_open: false,
            hovered: None,
            mentioned: Vec::new(),
            explained: None,
            violation: None,
            selected: None,
            legend: false,
            inspected_message: None,
            answers: Vec::new(),
            history_open: false,
            opened_history: None,
            detection_open: None,
        }
    }
}

/// The panels redraw at most this often while animating, in wall-clock milliseconds.
const PANEL_INTERVAL_MS: f64 = 200.0;

/// How far Shift+arrow moves the selected node, in canvas units.
const NUDGE: f64 = 12.0;

#[derive(Clone, PartialEq)]
pub struct Handlers {
    /// A wake of the render loop, at a frame's time; returns when to wake next.
    pub on_frame: Callback<f64, f64>,
    /// The render loop stopped (paused, hidden, out of view): time stops where it stands on screen.
    pub on_stop: Callback<()>,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_request: Callback<()>,
    /// The commit protocols: a transaction, as written ("a-10 b+10"), already checked.
    pub on_begin: Callback<String>,
    pub on_help: Callback<()>,
    pub on_close_legend: Callback<()>,
    pub on_select: Callback<Option<u8>>,
    pub on_move: Callback<(u8, f64, f64)>,
    pub on_link: Callback<(u8, u8)>,
    pub on_direction: Callback<(u8, u8)>,
    pub on_knife: Callback<Vec<(u8, u8)>>,
    pub on_drop: Callback<u64>,
    pub on_inspect: Callback<Option<u64>>,
    pub on_node_action: Callback<(NodeAction, u8)>,
    pub on_network: Callback<NetworkSettings>,
    pub on_size: Callback<u8>,
    /// 2PC's cooperative termination, on or off: the cluster starts over with it.
    pub on_cooperative: Callback<bool>,
    /// Paxos Commit's F: a cluster with 2F+1 acceptors, grown to hold them and two participants.
    pub on_fault_tolerance: Callback<u8>,
    pub on_protocol: Callback<ProtocolName>,
    /// Switches a deliberate bug on or off, and starts the cluster again.
    pub on_bug: Callback<&'static str>,
    pub on_dismiss_violation: Callback<()>,
    pub on_explain: Callback<(u8, u64)>,
    pub on_mention: Callback<Vec<u8>>,
    pub on_diagram: Callback<()>,
    /// Frames the space-time diagram's time another way: a window zoomed in or out, or the whole session.
    pub on_zoom: Callback<crate::model::diagram::Zoom>,
    /// Makes (Some) or closes (None) the share link.
    pub on_share: Callback<bool>,
    pub on_reset: Callback<bool>,
    /// Forgets the saved session and opens a new default cluster.
    pub on_fresh: Callback<()>,
    /// Opens a scenario (an imported file) in place of the current cluster.
    pub on_open: Callback<Scenario>,
    /// Answers the question asked at a time: records the pick, and plays on to show the answer.
    pub on_answer: Callback<(u64, usize)>,
    pub on_heal: Callback<()>,
    pub on_key: Callback<KeyboardEvent>,
    pub on_seek: Callback<u64>,
    pub on_hover: Callback<Option<u64>>,
    /// An operation hovered in the history panel (by its index in the history): its client's latest message
    /// is highlighted on the canvas and in the space-time diagram, as a message hovered in either is.
    pub on_hover_operation: Callback<Option<usize>>,
    pub on_step_back: Callback<()>,
    pub on_undo: Callback<()>,
    /// Speaks another language, in place.
    pub on_language: Callback<crate::words::i18n::Lang>,
    /// Any action on the cluster: a client's operation, a node's clock drift or pause.
    pub on_act: Callback<Action>,
    /// Opens or closes the history panel.
    pub on_history: Callback<()>,
    /// The failure detection panel opened (true) or closed.
    pub on_detection_open: Callback<bool>,
    /// Every node detects a failed leader this way from now on.
    pub on_detector: Callback<consensus_sim::protocol::DetectorSetting>,
    /// Shows a history opened from a file (Some), or the run's own again (None).
    pub on_opened_history: Callback<Option<(String, History)>>,
}

/// State the callbacks share with the app.
type SharedMut<T> = Rc<RefCell<T>>;

impl Handlers {
    /// `redraw` redraws everything; `redraw_stage` only the canvas and clock, which change every frame while
    /// the panels change only when the cluster's state does.
    pub fn new(
        lab: SharedMut<Lab>,
        view: SharedMut<View>,
        redraw: Callback<()>,
        redraw_stage: Callback<()>,
        wakes: Rc<Wakes>,
        random_seed: fn() -> u64,
    ) -> Self {
        // Builds a callback that changes the lab and/or the view, then redraws. While playing, the simulation
        // is first brought up to the moment on screen, so an action lands where the reader saw it; afterwards
        // time runs on from wherever the action left it, and the loop wakes at once, since the action may have
        // made something due sooner.
        macro_rules! with {
            ($ty:ty, |$lab:ident, $view:ident, $arg:pat_param| $body:expr) => {{
                let (lab, view, redraw, wakes) = (lab.clone(), view.clone(), redraw.clone(), wakes.clone());
                Callback::from(move |$arg: $ty| {
                    {
                        let $lab = &mut *lab.borrow_mut();
                        let $view = &mut *view.borrow_mut();
                        let wall = wall_now();
                        $lab.catch_up(wall);
                        $body;
                        $lab.follow($view.playing, wall);
                        // Kept for a bug report, should anything ever panic.
                        crate::page::saved::after_action($lab, $view.diagram_open);
                    }
                    redraw.emit(());
                    wakes.soon();
                })
            }};
        }
        let on_toggle = with!((), |_lab, view, _| view.playing = !view.playing);
        let on_step = with!((), |lab, view, _| if !view.playing {
            lab.step_event();
            if let Some(v) = lab.new_violation() {
                view.violation = Some(v);
            }
        });
        // Going back in time pauses, so the moment found stays on screen.
        let on_step_back = with!((), |lab, view, _| {
            view.playing = false;
            lab.step_back();
        });
        let on_undo = with!((), |lab, view, _| {
            let before = (lab.protocol(), lab.size(), lab.seed(), lab.scenario.bugs.clone());
            if lab.undo() && before != (lab.protocol(), lab.size(), lab.seed(), lab.scenario.bugs.clone()) {
                // The session a start-over replaced is back: so is its address.
                view.selected = None;
                view.violation = None;
                crate::page::address::follow(lab);
            }
        });
        let on_heal = with!((), |lab, _view, _| lab.act(Action::Heal));
        let on_node_action = with!((NodeAction, u8), |lab, _view, (action, id)| match action {
            NodeAction::Crash => lab.act(Action::Crash(id)),
            NodeAction::Restart => lab.act(Action::Restart(id)),
            NodeAction::Disconnect => lab.act(Action::Disconnect(id)),
            NodeAction::Connect => lab.act(Action::Connect(id)),
            NodeAction::Timeout => lab.act(Action::Timeout(id)),
            NodeAction::TransferLeader => lab.act(Action::TransferLeader(id)),
            NodeAction::Request => lab.request(Some(id)),
        });
        let on_key = {
            let (lab, view, redraw) = (lab.clone(), view.clone(), redraw.clone());
            let (on_step, on_heal, on_node_action) = (on_step.clone(), on_heal.clone(), on_node_action.clone());
            let on_toggle = on_toggle.clone();
            let (on_step_back, on_undo) = (on_step_back.clone(), on_undo.clone());
            Callback::from(move |e: KeyboardEvent| {
                if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("z") && !typing_in_a_field(&e) {
                    e.prevent_default();
                    return on_undo.emit(());
                }
                // Escape closes the share box even from its own field, where the link is selected to copy.
                if e.key() == "Escape" && view.borrow().share_link.is_some() {
                    view.borrow_mut().share_link = None;
                    return redraw.emit(());
                }
                if e.ctrl_key() || e.meta_key() || e.alt_key() || typing_in_a_field(&e) {
                    return;
                }
                let key = e.key();
                let selected = view.borrow().selected;
                let handled = match key.as_str() {
                    // Space plays and pauses everywhere but in fields, menus and sliders (excluded above):
                    // on a focused button it would press that button again (a second client request), and
                    // Enter presses buttons.
                    " " => {
                        on_toggle.emit(());
                        // The toggle redraws.
                        e.prevent_default();
                        return;
                    }
                    "ArrowRight" if !e.shift_key() => {
                        on_step.emit(());
                        true
                    }
                    "ArrowLeft" if !e.shift_key() => {
                        on_step_back.emit(());
                        true
                    }
                    "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" if e.shift_key() => match selected {
                        Some(id) => {
                            let (dx, dy) = match key.as_str() {
                                "ArrowLeft" => (-NUDGE, 0.0),
                                "ArrowRight" => (NUDGE, 0.0),
                                "ArrowUp" => (0.0, -NUDGE),
                                _ => (0.0, NUDGE),
                            };
                            let mut lab = lab.borrow_mut();
                            let (x, y) = lab.position(id);
                            lab.move_node(id, x + dx, y + dy);
                            true
                        }
                        None => false,
                    },
                    "?" => {
                        let mut v = view.borrow_mut();
                        v.legend = !v.legend;
                        true
                    }
                    "Escape" => {
                        let mut v = view.borrow_mut();
                        if v.legend {
                            v.legend = false;
                        } else {
                            v.selected = None;
                        }
                        true
                    }
                    "h" => {
                        on_heal.emit(());
                        true
                    }
                    // The number keys select S1 to S9, and take the focus there, so Tab goes on from it.
                    "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
                        let id = key.parse::<u8>().unwrap_or(0);
                        let exists = id <= lab.borrow().size();
                        if exists {
                            view.borrow_mut().selected = Some(id);
                            focus_node(id);
                        }
                        exists
                    }
                    "c" | "r" | "d" | "t" | "l" | "q" => {
                        let action = selected.and_then(|id| {
                            let lab = lab.borrow();
                            let up = lab.sim.is_up(id);
                            let disconnected = lab.sim.links().is_disconnected(id);
                            let action = match key.as_str() {
                                "c" if up => NodeAction::Crash,
                                "r" if !up => NodeAction::Restart,
                                "d" if disconnected => NodeAction::Connect,
                                "d" => NodeAction::Disconnect,
                                "t" => NodeAction::Timeout,
                                "l" if lab.transfer_offer(id) == Some(true) => NodeAction::TransferLeader,
                                "q" => NodeAction::Request,
                                _ => return None,
                            };
                            Some((action, id))
                        });
                        if let Some(a) = action {
                            on_node_action.emit(a);
                        }
                        action.is_some()
                    }
                    _ => false,
                };
                if handled {
                    e.prevent_default();
                    redraw.emit(());
                }
            })
        };
        let on_language = {
            let (lab, redraw, redraw_stage) = (lab.clone(), redraw.clone(), redraw_stage.clone());
            Callback::from(move |lang: crate::words::i18n::Lang| {
                crate::ui::language::speak(lang);
                // Everything told in words is told again: the feed, the diagram's labels, the canvas's.
                lab.borrow_mut().cache = Default::default();
                redraw.emit(());
                redraw_stage.emit(());
                // A lesson's own words come in the new language when they arrive.
                let Some(name) = lab.borrow().lesson_name.clone() else {
                    return;
                };
                let (lab, redraw) = (lab.clone(), redraw.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(told) = crate::page::lesson::retell(&name).await {
                        if crate::page::lesson::take_words(&mut lab.borrow_mut().scenario, told) {
                            redraw.emit(());
                        }
                    }
                });
            })
        };
        Handlers {
            on_language,
            on_frame: {
                let (lab, view, redraw, redraw_stage) =
                    (lab.clone(), view.clone(), redraw.clone(), redraw_stage.clone());
                let shown_signature = std::cell::Cell::new(0u64);
                let panels_drawn = std::cell::Cell::new(f64::NEG_INFINITY);
                Callback::from(move |wall: f64| -> f64 {
                    let (mut next, signature, violation, pause, stale) = {
                        let mut lab = lab.borrow_mut();
                        let view = view.borrow();
                        // The diagram moves with the clock: while it is open, the clock ticks redraw it.
                        let (clock, slider) = (lab.clock(), lab.slider_at(false));
                        let next = lab.wake(wall, view.diagram_open);
                        let pause = lab.reached_pause();
                        let stale = (view.diagram_open && lab.clock() != clock)
                            || lab.slider_at(false) != slider
                            || lab.canvas_stale(view.selected, view.inspected_message.or(view.hovered));
                        (
                            next,
                            lab.panel_signature(view.selected, view.detection_open.unwrap_or(lab.tunes_detector())),
                            lab.new_violation(),
                            pause,
                            stale,
                        )
                    };
                    // A lesson's pause point, or a broken safety rule (with the banner up), stops the run.
                    if (pause && !view.borrow().autoplay) || violation.is_some() {
                        let mut view = view.borrow_mut();
                        view.playing = false;
                        view.violation = violation.or(view.violation.take());
                        lab.borrow_mut().halt(wall);
                        drop(view);
                        redraw.emit(());
                        return next;
                    }
                    // Text panels read fine at five updates a second; the canvas changes whenever it is stale.
                    if signature != shown_signature.get() {
                        let due = panels_drawn.get() + PANEL_INTERVAL_MS;
                        if wall >= due {
                            shown_signature.set(signature);
                            panels_drawn.set(wall);
                            redraw.emit(());
                            return next;
                        }
                        next = next.min(due);
                    }
                    if stale {
                        redraw_stage.emit(());
                    }
                    next
                })
            },
            on_stop: {
                let (lab, redraw_stage) = (lab.clone(), redraw_stage.clone());
                Callback::from(move |()| {
                    lab.borrow_mut().halt(wall_now());
                    redraw_stage.emit(());
                })
            },
            on_toggle,
            on_step,
            on_speed: with!(f64, |lab, _view, v| lab.set_speed(v)),
            on_request: with!((), |lab, _view, _| lab.request(None)),
            // The panel checked the writes before sending them: nothing is left to refuse.
            on_begin: with!(String, |lab, _view, text| {
                let _ = lab.begin(&text);
            }),
            on_help: with!((), |_lab, view, _| view.legend = !view.legend),
            on_close_legend: with!((), |_lab, view, _| view.legend = false),
            on_select: with!(Option<u8>, |_lab, view, id| view.selected = id),
            on_move: with!((u8, f64, f64), |lab, _view, (id, x, y)| lab.move_node(id, x, y)),
            on_link: with!((u8, u8), |lab, _view, (a, b)| lab.toggle_link(a, b)),
            on_direction: with!((u8, u8), |lab, _view, (from, to)| lab.toggle_direction(from, to)),
            on_knife: with!(Vec<(u8, u8)>, |lab, _view, crossed| {
                // A stroke between groups of nodes is one partition; anything else, the links it crossed.
                match crate::model::partition::groups_split_by(lab.size(), &crossed) {
                    Some(groups) => lab.act(Action::Partition(groups)),
                    None => {
                        for (a, b) in crossed {
                            if !(lab.sim.links().is_cut(a, b) && lab.sim.links().is_cut(b, a)) {
                                lab.act(Action::Cut {
                                    from: a,
                                    to: b,
                                    oneway: false,
                                });
                            }
                        }
                    }
                }
            }),
            on_drop: with!(u64, |lab, view, id| {
                // A message that arrived an instant ago may still be on the page, unseen until the next wake:
                // dropping it would record an action that does nothing.
                if lab.sim.flights().iter().any(|m| m.id == id) {
                    lab.act(Action::DropMessage(id));
                }
                view.inspected_message = None;
            }),
            on_inspect: with!(Option<u64>, |_lab, view, id| view.inspected_message = id),
            on_node_action,
            on_network: with!(NetworkSettings, |lab, _view, s| lab.act(Action::SetNetwork {
                drop_ppm: Some(s.drop_percent * 10_000),
                duplicate_ppm: Some(s.duplicate_percent * 10_000),
                latency: Some((s.latency_min_ms * 1000, s.latency_max_ms * 1000)),
            })),
            on_size: with!(u8, |lab, view, size| {
                let scenario = Scenario {
                    nodes: size,
                    // A lesson's events name nodes of its own size; another size is a plain cluster.
                    events: Vec::new(),
                    ..lab.scenario.clone()
                };
                start_over(lab, view, scenario);
            }),
            on_cooperative: with!(bool, |lab, view, on| {
                let scenario = Scenario {
                    options: if on {
                        vec!["cooperative".to_string()]
                    } else {
                        Vec::new()
                    },
                    ..Scenario::plain(lab.protocol(), lab.size(), lab.seed())
                };
                start_over(lab, view, scenario);
            }),
            on_fault_tolerance: with!(u8, |lab, view, f| {
                use consensus_sim::scenario::ScenarioProtocol;
                let mut scenario = Scenario {
                    fault_tolerance: f,
                    ..Scenario::plain(lab.protocol(), lab.size(), lab.seed())
                };
                let smallest = consensus_sim::commit::CommitNode::config(&scenario).smallest_cluster();
                scenario.nodes = scenario.nodes.max(smallest);
                start_over(lab, view, scenario);
            }),
            on_protocol: with!(ProtocolName, |lab, view, protocol| {
                let scenario = Scenario::plain(protocol, lab.size().max(protocol.min_nodes()), lab.seed());
                start_over(lab, view, scenario);
            }),
            on_reset: with!(bool, |lab, view, new_seed| {
                let seed = if new_seed { random_seed() } else { lab.seed() };
                let scenario = Scenario {
                    seed,
                    ..lab.scenario.clone()
                };
                start_over(lab, view, scenario);
            }),
            on_answer: with!((u64, usize), |_lab, view, (at, choice)| {
                if !view.answers.iter().any(|(t, _)| *t == at) {
                    view.answers.push((at, choice));
                }
                view.playing = true;
            }),
            on_open: with!(Scenario, |lab, view, scenario| {
                lab.lesson_name = None;
                start_over(lab, view, scenario);
            }),
            on_fresh: with!((), |lab, view, ()| {
                crate::page::saved::clear();
                view.diagram_open = false;
                start_over(lab, view, Scenario::plain(ProtocolName::Raft, 5, random_seed()));
            }),
            on_bug: with!(&'static str, |lab, view, bug| {
                let mut scenario = lab.scenario.clone();
                match scenario.bugs.iter().position(|b| b == bug) {
                    Some(i) => {
                        scenario.bugs.remove(i);
                    }
                    None => {
                        scenario.bugs.push(bug.to_string());
                        // A read path's bug shows only on that path: the cluster starts again on it.
                        if let Some(path) = consensus_sim::fuzz::bug_read_path(bug) {
                            scenario.read_path = path;
                        }
                    }
                }
                start_over(lab, view, scenario);
            }),
            on_dismiss_violation: with!((), |_lab, view, _| view.violation = None),
            on_explain: with!((u8, u64), |_lab, view, entry| view.explained = Some(entry)),
            on_mention: with!(Vec<u8>, |_lab, view, nodes| view.mentioned = nodes),
            on_share: with!(bool, |lab, view, open| {
                view.share_link = if open { crate::page::permalink::share(lab) } else { None };
            }),
            on_diagram: with!((), |lab, view, _| {
                view.diagram_open = !view.diagram_open;
                lab.cache.diagram_built = f64::NEG_INFINITY;
            }),
            on_zoom: with!(crate::model::diagram::Zoom, |lab, _view, zoom| {
                lab.diagram_zoom = zoom;
                lab.cache.diagram_built = f64::NEG_INFINITY;
            }),
            on_heal,
            on_key,
            on_seek: with!(u64, |lab, view, at| {
                view.playing = false;
                lab.seek(at);
            }),
            on_hover: with!(Option<u64>, |_lab, view, id| view.hovered = id),
            on_hover_operation: with!(Option<usize>, |lab, view, op| view.hovered =
                op.and_then(|op| lab.message_of_operation(op))),
            on_act: with!(Action, |lab, _view, action| lab.act(action)),
            on_history: with!((), |_lab, view, _| view.history_open = !view.history_open),
            on_detection_open: with!(bool, |_lab, view, open| view.detection_open = Some(open)),
            on_detector: with!(consensus_sim::protocol::DetectorSetting, |lab, _view, detector| lab
                .act(Action::SetDetector(detector))),
            on_opened_history: with!(Option<(String, History)>, |_lab, view, opened| {
                view.opened_history = opened.map(|(name, history)| {
                    (
                        name,
                        crate::model::views::Shared(Rc::new(HistoryView::of(&history, false))),
                    )
                });
                view.history_open |= view.opened_history.is_some();
            }),
            on_step_back,
            on_undo,
        }
    }
}

/// A fresh cluster in place of the current one, at the same speed, with nothing selected.
fn start_over(lab: &mut Lab, view: &mut View, scenario: Scenario) {
    lab.start_over(scenario);
    view.selected = None;
    view.inspected_message = None;
    view.violation = None;
    view.explained = None;
    view.answers.clear();
    crate::page::address::follow(lab);
}

/// Moves the keyboard's focus to node `id` on the canvas.
fn focus_node(id: u8) {
    use wasm_bindgen::JsCast;
    let node = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("#canvas .node[data-id=\"{id}\"]"))
            .ok()
            .flatten()
    });
    if let Some(node) = node.and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = node.focus();
    }
}

fn element_of(e: &KeyboardEvent) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    e.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Whether the key goes to a field, a menu, a slider or a checkbox, where keys have meanings of their own.
fn typing_in_a_field(e: &KeyboardEvent) -> bool {
    let tag = element_of(e).map(|el| el.tag_name().to_ascii_uppercase());
    matches!(tag.as_deref(), Some("INPUT" | "TEXTAREA" | "SELECT"))
}
