//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use consensus_lab::model::lab::Lab;
use consensus_lab::page::panic_panel;
use consensus_lab::ui::app::{App, AppProps};
use consensus_sim::fuzz::{pinned_traces, schedule_trace};
use consensus_sim::raft::{RaftConfig, RaftNode};
use consensus_sim::scenario::ProtocolName;
use consensus_sim::{SimConfig, Simulator};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_draws_five_nodes() {
    let root = fresh_root();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { size: 5, seed: Some(1) }).render();
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    let nodes = root.query_selector_all("#canvas .node").unwrap();
    assert_eq!(nodes.length(), 5);
    assert!(root.query_selector("#play").unwrap().is_some());
    assert!(root.query_selector("#speed").unwrap().is_some());
}

#[wasm_bindgen_test]
fn the_engine_runs_the_same_in_wasm_as_natively() {
    // The native determinism test pins this very file's hash for seed 42.
    let text = include_str!("../crates/consensus-sim/tests/seed42.trace")
        .trim()
        .trim_start_matches("0x");
    let pinned = u64::from_str_radix(text, 16).unwrap();
    let mut sim: Simulator<RaftNode> = Simulator::new(5, RaftConfig::default(), SimConfig::seeded(42), vec![]);
    sim.run_until(10_000_000);
    assert_eq!(sim.trace_hash(), pinned);
}

#[wasm_bindgen_test]
fn every_protocol_runs_a_fuzz_schedule_the_same_in_wasm_as_natively() {
    // The native scenario tests pin these hashes in the same file.
    let pinned = pinned_traces(include_str!("../crates/consensus-sim/tests/fuzz-seed42.trace")).unwrap();
    for (protocol, hash) in pinned {
        assert_eq!(schedule_trace(42, protocol).unwrap(), hash, "{}", protocol.name());
    }
}

#[wasm_bindgen_test]
fn a_multi_paxos_lab_elects_a_leader_and_chooses_a_request() {
    let mut lab = Lab::new(ProtocolName::MultiPaxos, 7, 5);
    lab.sim.run_until(1_000_000);
    let leaders = (1..=5)
        .filter(|&id| lab.sim.node(id).role() == consensus_sim::Role::Leader)
        .count();
    assert_eq!(leaders, 1);
    lab.request(None);
    lab.sim.run_until(2_000_000);
    let logs = lab.logs();
    assert!(logs.0.iter().all(|row| row.commit_index == 1), "{logs:?}");
    let frame = lab.frame(Some(1), None);
    assert!(frame.nodes[0].badge.starts_with("ballot "), "{}", frame.nodes[0].badge);
    let inspected = lab.inspect(1);
    assert!(inspected
        .tables
        .iter()
        .any(|t| t.title == consensus_lab::words::i18n::Text::AcceptedValues));
}

#[wasm_bindgen_test]
fn a_two_phase_commit_lab_commits_a_transfer_and_draws_it_on_the_participants() {
    use consensus_sim::protocol::txn::TxnState;
    let mut lab = Lab::new(ProtocolName::TwoPc, 1, 4);
    assert!(lab.begin("a-10 z+1").unwrap_err().contains("from a to c"));
    lab.request(None);
    lab.sim.run_until(500_000);
    let frame = lab.frame(None, None);
    let states: Vec<Option<TxnState>> = frame.nodes.iter().map(|n| n.txn.as_ref().map(|t| t.state)).collect();
    assert_eq!(
        states,
        [None, Some(TxnState::Committed), Some(TxnState::Committed), None]
    );
    assert_eq!(frame.nodes[1].badge, "a = 90");
    assert!(lab.blocked().is_empty());
    // With the coordinator down after its Prepares left, both participants are blocked, holding their locks.
    lab.begin("a-10 b+10").unwrap();
    lab.sim.run_until(525_000);
    lab.act(consensus_sim::Action::Crash(1));
    lab.sim.run_until(2_000_000);
    // Longest blocked first, so in the order they voted.
    let mut blocked: Vec<(u8, String)> = lab.blocked().into_iter().map(|b| (b.node, b.locks)).collect();
    blocked.sort();
    assert_eq!(blocked, [(2, "a".to_string()), (3, "b".to_string())]);
}

#[wasm_bindgen_test]
fn advancing_the_lab_moves_simulated_time_by_wall_time_times_speed() {
    let mut lab = Lab::new(ProtocolName::Raft, 3, 5);
    lab.speed_log10 = -1.0; // 1/10
                            // The opening, while every timer runs down and nothing is on its way, goes four times faster.
    lab.advance(50.0);
    assert_eq!(lab.sim.now(), 20_000, "50 ms of wall time at 1/10, four times faster");
    assert!(lab.fast_forwarding());
    // From the first message on, at the speed chosen.
    while lab.sim.timeline().is_none_or(|t| t.passages.is_empty()) {
        lab.advance(50.0);
    }
    assert!(!lab.fast_forwarding(), "the election runs at the speed chosen");
    let from = lab.sim.now();
    lab.advance(50.0);
    assert_eq!(
        lab.sim.now() - from,
        5_000,
        "50 ms of wall time at 1/10 is 5 ms simulated"
    );
    lab.advance(10_000.0);
    assert_eq!(
        lab.sim.now() - from,
        15_000,
        "a stalled tab advances at most 100 ms of wall time"
    );
}

#[wasm_bindgen_test]
fn the_panic_panel_shows_the_message_as_text_never_as_html() {
    panic_panel::show("boom <img src=x onerror=alert(1)>");
    let panel = document().get_element_by_id("error-panel").expect("the panel is shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let text = panel.text_content().unwrap();
    assert!(text.contains("boom <img src=x onerror=alert(1)>"));
    assert!(
        panel.query_selector("img").unwrap().is_none(),
        "no element was parsed from the message"
    );
    assert!(document().get_element_by_id("error-reload").is_some());
}

#[wasm_bindgen_test]
fn the_panic_panel_offers_the_session_that_led_to_it_as_a_bug_report() {
    let mut lab = Lab::new(ProtocolName::MultiPaxos, 17, 3);
    lab.act(consensus_sim::Action::Crash(2));
    consensus_lab::page::saved::after_action(&lab, false);
    panic_panel::show("boom");
    let field = document()
        .get_element_by_id("bug-report-link")
        .expect("the bug report is shown");
    let link = field.get_attribute("value").unwrap();
    assert!(link.contains("protocol=multi-paxos"), "{link}");
    assert!(link.contains("seed=17"), "{link}");
    assert!(link.contains("session="), "the actions are in it: {link}");
    assert!(document().get_element_by_id("copy-bug-report").is_some());
}

#[wasm_bindgen_test]
fn the_log_table_is_rebuilt_only_when_a_log_changes() {
    let mut lab = Lab::new(ProtocolName::Raft, 5, 3);
    lab.speed_log10 = 0.0;
    lab.advance(100.0);
    lab.sim.run_until(1_000_000);
    let before = lab.logs();
    assert_eq!(before, lab.logs(), "no change, same snapshot");
    lab.request(None);
    lab.sim.run_until(2_000_000);
    let after = lab.logs();
    assert_ne!(before, after);
    assert!(after
        .0
        .iter()
        .all(|row| row.commit_index == 1 && row.entries[0].1.as_deref() == Some("x=1")));
}

#[wasm_bindgen_test]
fn clicking_a_link_cuts_both_ways_then_restores_and_a_handle_cuts_one_way() {
    let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
    lab.toggle_link(1, 2);
    assert!(lab.sim.links().is_cut(1, 2) && lab.sim.links().is_cut(2, 1));
    lab.toggle_link(1, 2);
    assert!(!lab.sim.links().is_cut(1, 2) && !lab.sim.links().is_cut(2, 1));
    lab.toggle_direction(3, 4);
    assert!(lab.sim.links().is_cut(3, 4) && !lab.sim.links().is_cut(4, 3));
    // A link cut one way is not fully cut: a click cuts the rest.
    lab.toggle_link(3, 4);
    assert!(lab.sim.links().is_cut(4, 3));
    assert_eq!(lab.travel.history.len(), 4, "every gesture is recorded as an action");
}

#[wasm_bindgen_test]
fn a_knife_stroke_crosses_exactly_the_links_it_passes_over() {
    use consensus_lab::model::lab::segments_cross;
    let link = ((100.0, 100.0), (300.0, 100.0));
    assert!(segments_cross((200.0, 50.0), (200.0, 150.0), link.0, link.1));
    assert!(!segments_cross((200.0, 110.0), (200.0, 150.0), link.0, link.1));
    assert!(!segments_cross((350.0, 50.0), (350.0, 150.0), link.0, link.1));
}

#[wasm_bindgen_test]
fn a_dragged_node_stays_on_the_canvas_and_its_links_follow() {
    let mut lab = Lab::new(ProtocolName::Raft, 1, 3);
    lab.move_node(2, -50.0, 9999.0);
    assert_eq!(lab.position(2), (40.0, 560.0));
    let frame = lab.frame(None, None);
    let link = frame.links.iter().find(|l| l.a == 1 && l.b == 2).unwrap();
    assert_eq!(link.to, (40.0, 560.0));
}

#[wasm_bindgen_test]
fn stepping_processes_exactly_one_event() {
    let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
    let before = lab.sim.events_processed();
    assert!(lab.step_event());
    assert_eq!(lab.sim.events_processed(), before + 1);
}

#[wasm_bindgen_test]
fn the_event_feed_narrates_elections_in_sentences() {
    let mut lab = Lab::new(ProtocolName::Raft, 1, 5);
    lab.sim.run_until(1_000_000);
    let feed = lab.feed();
    let text: Vec<&str> = feed.0.iter().map(|l| &*l.text).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("timed out and started an election for term 1")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("became leader of term")));
}

fn url(pairs: &[(&str, &str)]) -> consensus_lab::page::url::UrlSettings {
    consensus_lab::page::url::parse(
        &pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    )
}

#[wasm_bindgen_test]
fn good_address_parameters_are_taken() {
    let s = url(&[("seed", "42"), ("nodes", "7"), ("protocol", "multi-paxos")]);
    assert_eq!((s.seed, s.nodes), (Some(42), Some(7)));
    assert_eq!(s.protocol, Some(ProtocolName::MultiPaxos));
    assert!(s.problems.is_empty());
    assert_eq!(url(&[("protocol", "paxos")]).protocol, Some(ProtocolName::Paxos));
}

#[wasm_bindgen_test]
fn bad_address_parameters_are_reported_and_replaced_by_defaults() {
    let s = url(&[("seed", "-1"), ("nodes", "10"), ("x", "<script>"), ("protocol", "zab")]);
    assert_eq!((s.seed, s.nodes, s.protocol), (None, None, None));
    assert_eq!(s.problems.len(), 4, "{:?}", s.problems);
    assert!(s.problems[3].contains("\"zab\" is not one of raft, multi-paxos or paxos"));
    assert_eq!(url(&[("nodes", "+5")]).nodes, None);
    assert_eq!(url(&[("seed", "1e3")]).seed, None);
    let long = "9".repeat(100);
    assert!(
        url(&[("seed", &long)]).problems[0].contains('…'),
        "long values are shortened"
    );
}

#[wasm_bindgen_test]
fn a_scenario_path_stays_on_the_site() {
    use consensus_lab::page::url::is_scenario_path;
    for good in [
        "lessons/week-3.json",
        "scenarios/zh-CN/split-vote.json",
        "my_lesson.v2.json",
    ] {
        assert!(is_scenario_path(good), "{good}");
    }
    for bad in [
        "../secret.json",
        "/abs.json",
        "https://evil.example/x.json",
        "//evil.example/x.json",
        "a//b.json",
        ".hidden/x.json",
        "lesson.txt",
        "a/<b>.json",
    ] {
        assert!(!is_scenario_path(bad), "{bad}");
    }
    assert!(url(&[("scenario", "../x.json")]).problems[0].contains("nor a path"));
}

#[wasm_bindgen_test]
fn embed_options_are_taken_within_bounds_and_named_when_wrong() {
    use consensus_lab::page::url::{Panel, Theme};
    let s = url(&[
        ("embed", "1"),
        ("panels", "log,feed,log"),
        ("speed", "0.01"),
        ("height", "320"),
        ("theme", "dark"),
        ("autoplay", "1"),
        ("paused", "0"),
    ]);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert!(s.embed && s.autoplay && !s.paused);
    assert_eq!(s.panels, Some(vec![Panel::Log, Panel::Feed]), "each panel once");
    assert_eq!((s.speed_log10, s.height, s.theme), (Some(-2.0), Some(320), Theme::Dark));
    let bad = url(&[
        ("speed", "5"),
        ("speed", "NaN"),
        ("height", "99999"),
        ("theme", "<b>"),
        ("panels", "log,<img>"),
        ("embed", "yes"),
    ]);
    assert_eq!(bad.problems.len(), 6, "{:?}", bad.problems);
    assert_eq!(
        (bad.speed_log10, bad.height, bad.theme, bad.embed),
        (None, None, Theme::Auto, false)
    );
    assert_eq!(bad.panels, Some(vec![Panel::Log]), "the good panels stay");
}

/// Renders the log table of one node, S1, with commit index 125: its snapshot through `snapshot` and the
/// entries after it, and the snapshot menu if `snapshot_every` is given.
async fn log_table(
    snapshot: u64,
    entries: Vec<(u64, Option<consensus_sim::Value>)>,
    snapshot_every: Option<u64>,
) -> web_sys::Element {
    use consensus_lab::model::views::{LogRow, Shared};
    use consensus_lab::ui::log_table::{LogTable, LogTableProps};
    let rows = vec![LogRow {
        id: 1,
        up: true,
        commit_index: 125,
        snapshot,
        entries,
    }];
    let root = fresh_root();
    yew::Renderer::<LogTable>::with_root_and_props(
        root.clone(),
        LogTableProps {
            logs: Shared(std::rc::Rc::new(rows)),
            paxos: false,
            wal: false,
            on_explain: Default::default(),
            marked: Vec::new(),
            explained: None,
            snapshot_every,
            on_act: Default::default(),
        },
    )
    .render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    root
}

#[wasm_bindgen_test]
async fn a_long_log_pages_through_windows_of_indexes() {
    let entries: Vec<(u64, Option<consensus_sim::Value>)> =
        (1..=130).map(|i| (1, Some(format!("x={i}").into()))).collect();
    let root = log_table(0, entries, None).await;
    let pager = root
        .query_selector(".pager span")
        .unwrap()
        .expect("a pager for a long log");
    assert_eq!(
        pager.text_content().unwrap(),
        "index 121–130 / 130",
        "it follows the end"
    );
    assert_eq!(root.query_selector_all("tbody .entry").unwrap().length(), 10);
    assert_eq!(
        root.query_selector_all("tbody .entry.committed").unwrap().length(),
        5,
        "121 to 125 committed"
    );
    let earlier = root
        .query_selector(".pager button")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    earlier.click();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        root.query_selector(".pager span")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "index 61–120 / 130"
    );
    assert_eq!(root.query_selector_all("tbody .entry").unwrap().length(), 60);
}

/// Chapter 5: a log compacted through index 100 draws the indexes of the window up to it as one cell, and its
/// entries after it in their columns.
#[wasm_bindgen_test]
async fn a_compacted_log_shows_its_snapshot_as_one_cell() {
    let entries: Vec<(u64, Option<consensus_sim::Value>)> =
        (101..=130).map(|i| (2, Some(format!("x={i}").into()))).collect();
    let root = log_table(100, entries, Some(20)).await;
    assert!(
        root.query_selector("tbody .snapshot").unwrap().is_none(),
        "121–130 are all entries"
    );
    assert_eq!(root.query_selector_all("tbody .entry").unwrap().length(), 10);
    let menu = root
        .query_selector("#snapshot-every")
        .unwrap()
        .expect("the snapshot menu");
    let menu = menu.dyn_into::<web_sys::HtmlSelectElement>().unwrap();
    assert_eq!(menu.value(), "20");
    root.query_selector(".pager button")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    let cell = root
        .query_selector("tbody .snapshot")
        .unwrap()
        .expect("61–100 are compacted");
    assert_eq!(cell.text_content().unwrap(), "snapshot ≤ 100");
    assert_eq!(cell.get_attribute("colspan").as_deref(), Some("40"));
    let first = root.query_selector("tbody .entry").unwrap().unwrap();
    assert_eq!(first.text_content().unwrap(), "2", "index 101, of term 2, follows it");
    assert_eq!(root.query_selector_all("tbody .entry").unwrap().length(), 20);
}

/// Plays a lab for `wall_ms` at full speed, in frames of 16 ms.
fn play(lab: &mut Lab, wall_ms: f64) {
    lab.speed_log10 = 0.0;
    let mut left = wall_ms;
    while left > 0.0 {
        lab.advance(left.min(16.0));
        left -= 16.0;
    }
}

#[wasm_bindgen_test]
fn seeking_shows_exactly_the_state_the_session_had_then() {
    let mut lab = Lab::new(ProtocolName::Raft, 11, 5);
    let mut seen = Vec::new();
    // Seeking to an instant shows it after everything that happened at it, actions included.
    for i in 0..12 {
        play(&mut lab, 400.0);
        match i % 4 {
            0 => lab.request(None),
            1 => lab.toggle_crash(1 + i as u8 % 5),
            2 => lab.toggle_link(2, 3),
            _ => lab.toggle_crash(1 + (i as u8 - 2) % 5),
        }
        seen.push((lab.sim.now(), lab.sim.events_processed(), lab.sim.trace_hash()));
    }
    play(&mut lab, 400.0);
    let end = (lab.sim.now(), lab.sim.trace_hash());
    for &(at, events, hash) in seen.iter().rev().chain(seen.iter()) {
        lab.seek(at);
        assert_eq!(
            (lab.sim.events_processed(), lab.sim.trace_hash()),
            (events, hash),
            "at {at} µs"
        );
        assert!(lab.in_the_past());
    }
    lab.seek(end.0);
    assert_eq!(lab.sim.trace_hash(), end.1, "back to the present");
    assert!(!lab.in_the_past());
}

#[wasm_bindgen_test]
fn stepping_back_then_forward_returns_to_the_same_state() {
    let mut lab = Lab::new(ProtocolName::MultiPaxos, 3, 5);
    play(&mut lab, 1500.0);
    lab.request(None);
    for _ in 0..5 {
        lab.step_event();
    }
    let (events, hash) = (lab.sim.events_processed(), lab.sim.trace_hash());
    for _ in 0..8 {
        assert!(lab.step_back());
    }
    assert_eq!(lab.sim.events_processed(), events - 8);
    for _ in 0..8 {
        lab.step_event();
    }
    assert_eq!((lab.sim.events_processed(), lab.sim.trace_hash()), (events, hash));
}

#[wasm_bindgen_test]
fn acting_in_the_past_forks_and_undo_takes_an_action_back() {
    let mut lab = Lab::new(ProtocolName::Raft, 5, 5);
    play(&mut lab, 1000.0);
    let before = lab.sim.now();
    lab.request(None);
    play(&mut lab, 500.0);
    lab.request(None);
    play(&mut lab, 500.0);
    assert_eq!(lab.travel.history.len(), 2);
    lab.seek(before - 1);
    lab.toggle_crash(2);
    assert_eq!(
        lab.travel.forked,
        Some(2),
        "both requests lay in the future and are dropped"
    );
    assert_eq!(lab.travel.history.len(), 1);
    assert!(!lab.in_the_past(), "the fork is the new present");
    play(&mut lab, 200.0);
    assert!(!lab.sim.is_up(2));
    assert!(lab.undo());
    assert!(lab.sim.is_up(2), "the crash is taken back");
    assert_eq!(lab.travel.history.len(), 2, "and the future it dropped is back");
    assert_eq!(lab.travel.forked, None);
    assert!(
        lab.in_the_past(),
        "the moment shown lies before the restored future's end"
    );
}

#[wasm_bindgen_test]
fn in_the_past_the_diagram_draws_the_whole_session_as_it_was_played() {
    let mut lab = Lab::new(ProtocolName::Raft, 5, 5);
    lab.diagram_zoom = consensus_lab::model::diagram::Zoom::Session;
    play(&mut lab, 1000.0);
    let head = (lab.sim.now(), lab.sim.trace_hash());
    lab.seek(head.0 / 2);
    let kept = lab.travel.ahead.as_ref().map(|a| (a.now(), a.trace_hash()));
    assert_eq!(kept, Some(head), "the furthest moment is kept as it was left");
    let (content, start) = lab.diagram(600.0);
    assert_eq!(start, 0, "the whole session, from its start");
    let later = content.0.arrows.iter().filter(|a| a.sent > lab.sim.now()).count();
    assert!(
        later > 10,
        "the future of the moment shown is drawn too ({later} arrows)"
    );
    // Acting in the past forks: the future kept ahead is the dropped one, and Undo brings it back.
    lab.toggle_crash(2);
    assert!(lab.travel.ahead.is_none());
    assert!(lab.undo());
    let kept = lab.travel.ahead.as_ref().map(|a| (a.now(), a.trace_hash()));
    assert_eq!(kept, Some(head));
    lab.seek(head.0);
    assert_eq!(lab.sim.trace_hash(), head.1);
    assert!(
        lab.travel.ahead.is_none(),
        "back at the furthest moment, the cluster shown is the one ahead"
    );
}

#[wasm_bindgen_test]
fn undo_brings_back_a_session_that_a_start_over_replaced() {
    let mut lab = Lab::new(ProtocolName::Raft, 5, 5);
    play(&mut lab, 1000.0);
    lab.toggle_crash(2);
    let hash = lab.sim.trace_hash();
    lab.start_over(consensus_sim::scenario::Scenario::plain(ProtocolName::Raft, 7, 6));
    assert_eq!((lab.size(), lab.seed()), (7, 6));
    assert!(lab.can_undo(), "the replaced session can be had back");
    assert!(lab.undo());
    assert_eq!((lab.size(), lab.seed(), lab.sim.trace_hash()), (5, 5, hash));
    assert!(!lab.sim.is_up(2));
    // A session without actions of the reader's is not kept: nothing was lost.
    let mut plain = Lab::new(ProtocolName::Raft, 5, 5);
    plain.start_over(consensus_sim::scenario::Scenario::plain(ProtocolName::Raft, 5, 6));
    assert!(!plain.can_undo());
}

#[wasm_bindgen_test]
fn a_session_survives_the_trip_through_its_permalink() {
    use consensus_lab::page::permalink::{decode, encode};
    let mut lab = Lab::new(ProtocolName::Raft, 9, 5);
    play(&mut lab, 600.0);
    lab.request(None);
    lab.toggle_direction(2, 3);
    lab.toggle_link(4, 5);
    lab.act(consensus_sim::Action::Partition(vec![vec![1, 2], vec![3]]));
    lab.act(consensus_sim::Action::SetNetwork {
        drop_ppm: Some(20_000),
        duplicate_ppm: None,
        latency: Some((5_000, 30_000)),
    });
    play(&mut lab, 300.0);
    lab.toggle_crash(3);
    lab.act(consensus_sim::Action::Heal);
    play(&mut lab, 300.0);
    lab.act(consensus_sim::Action::TransferLeader(4));
    lab.act(consensus_sim::Action::SetSnapshotEvery(3));
    lab.request(None);
    lab.request(None);
    play(&mut lab, 300.0);
    let (at, hash) = (lab.sim.now(), lab.sim.trace_hash());
    let text = encode(&lab.travel.history);
    let (history, problem) = decode(&text, 5);
    assert_eq!((&history, problem), (&lab.travel.history, None));
    let mut again = Lab::new(ProtocolName::Raft, 9, 5);
    again.travel.history = history;
    again.go_to(at);
    assert_eq!(again.sim.trace_hash(), hash, "the link replays the same run");
}

#[wasm_bindgen_test]
fn a_link_carries_clients_operations_clock_drift_and_detectors() {
    use consensus_lab::model::travel::Recorded;
    use consensus_lab::page::permalink::{decode, encode};
    use consensus_sim::history::Op;
    use consensus_sim::protocol::detector::{Model, PhiSettings};
    use consensus_sim::protocol::DetectorSetting;
    use consensus_sim::Action;
    let actions = [
        Action::Operation {
            client: 2,
            key: "x".into(),
            op: Op::Get,
            node: None,
        },
        Action::Operation {
            client: 5,
            key: "k:1".into(),
            op: Op::Put("a:b.c".into()),
            node: Some(3),
        },
        Action::Operation {
            client: 1,
            key: "y".into(),
            op: Op::Append("ü".into()),
            node: None,
        },
        Action::Operation {
            client: 3,
            key: "z".into(),
            op: Op::Cas {
                from: "".into(),
                to: "2".into(),
            },
            node: Some(1),
        },
        Action::SetDrift {
            node: 4,
            drift_ppm: -120_000,
        },
        Action::Pause {
            node: 2,
            for_us: 400_000,
            clock_stops: false,
        },
        Action::Pause {
            node: 3,
            for_us: 1_500_000,
            clock_stops: true,
        },
        Action::SetReadPath(consensus_sim::protocol::kv::ReadPath::Follower),
        Action::SetReadPath(consensus_sim::protocol::kv::ReadPath::ReadIndex),
        Action::Vote { node: 4, yes: false },
        Action::Vote { node: 2, yes: true },
        Action::Request {
            value: "a-10 b+10".into(),
            node: None,
        },
        Action::SetDetector(DetectorSetting::default()),
        Action::SetDetector(DetectorSetting {
            phi: None,
            election_timeout: Some((60_000, 90_000)),
        }),
        Action::SetDetector(DetectorSetting {
            phi: Some(PhiSettings {
                threshold_milli: 2_500,
                window: 40,
                min_std: 0,
                acceptable_pause: 100_000,
                model: Model::Exponential,
            }),
            election_timeout: Some((150_000, 300_000)),
        }),
    ];
    let history: Vec<Recorded> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| Recorded {
            events: i as u64,
            at: i as u64 * 10,
            action,
        })
        .collect();
    let (again, problem) = decode(&encode(&history), 5);
    assert_eq!((again, problem), (history, None));
    for (text, says) in [
        ("1.2.o9.0.g1:x", "not C1 to C5"),
        ("1.2.o1.0.p1:x3:ab", "cut short"),
        ("1.2.f2:900000", "±50%"),
        ("1.2.gquorum", "not a read path"),
        ("1.2.b3:maybe", "expected y or n"),
        ("1.2.b7:n", "not a node from 1 to 5"),
        ("1.2.kp99000,100,5,0,n", "not a failure detector"),
        ("1.2.kf300-150", "not a failure detector"),
        ("1.2.kx", "not a failure detector"),
        ("1.2.z-3", "not a whole number"),
        ("1.2.z2000000", "more than 1,000,000"),
        ("1.2.l9", "not a node from 1 to 5"),
    ] {
        let error = decode(text, 5).1.unwrap_or_default();
        assert!(error.contains(says), "{text}: {error}");
    }
}

#[wasm_bindgen_test]
fn a_broken_session_in_a_link_is_refused_in_words() {
    use consensus_lab::page::permalink::decode;
    for (text, says) in [
        ("1.2.c9", "not a node from 1 to 5"),
        ("1.2.c1~0.1.c2", "earlier than the action before it"),
        ("1.2.j1", "is not an action"),
        ("x.2.c1", "an event count"),
        ("1.2.q1:", "1 to 64 characters"),
        ("1.2.s5,_,9-3", "not a range"),
        ("1.2.x3-3", "names one node twice"),
        ("<script>", "not EVENTS.MICROS.ACTION"),
    ] {
        let (kept, error) = decode(text, 5);
        let error = error.unwrap_or_default();
        assert!(error.contains(says), "{text}: {error}");
        assert_eq!(
            kept.len(),
            text.matches('~').count(),
            "{text}: the actions before the broken one are kept"
        );
    }
    // The valid actions before a broken one stay; it and those after it are named as left out.
    let (kept, error) = decode("1.2.c1~3.4.r1~5.6.c%~7.8.h", 5);
    assert_eq!(kept.len(), 2);
    assert!(error
        .unwrap_or_default()
        .ends_with("actions 3 to 4 were left out, the 2 before it are kept"));
    let huge = vec!["1.1.h"; 20_001].join("~");
    let (kept, error) = decode(&huge, 5);
    assert_eq!(kept.len(), 20_000);
    assert!(error
        .unwrap_or_default()
        .contains("more than 20000; the first 20000 are kept"));
}

#[wasm_bindgen_test]
fn the_ring_puts_each_node_on_the_circle_at_its_angle() {
    // The ring's own sine and cosine against the library's, which the page no longer links.
    for size in 1..=9u8 {
        for (i, (x, y)) in consensus_lab::model::lab::ring(size).into_iter().enumerate() {
            let a = std::f64::consts::TAU * i as f64 / size as f64 - std::f64::consts::FRAC_PI_2;
            assert!(
                (x - (300.0 + 210.0 * a.cos())).abs() < 1e-6,
                "S{} of {size}: x {x}",
                i + 1
            );
            assert!(
                (y - (300.0 + 210.0 * a.sin())).abs() < 1e-6,
                "S{} of {size}: y {y}",
                i + 1
            );
        }
    }
}
