//! The space-time diagram's content: one lane per node (and one for the client), every message as an arrow
//! from its send to its receipt or loss, crashes, restarts and commits on the lanes, each leader's term as a
//! band along its lane, and a time axis. It frames either a window of time around the moment shown or the
//! whole session, and in the past it draws the session's future too (as it was played), so that what was
//! clicked stays in view: a cursor marks the moment shown, as on a video's timeline. It is rebuilt only when
//! something new happened; between rebuilds the window just slides with the clock.

use std::rc::Rc;

use consensus_sim::sim::timeline::{Mark, MarkKind};
use consensus_sim::Micros;

use crate::model::cluster::Cluster;
use crate::model::frame::{glyph_of, glyph_of_kind, Glyph};
use crate::model::lab::Lab;
use crate::model::views::Shared;
use crate::words::number::short;

/// How much wall time the window spans at the current speed, unzoomed, in milliseconds.
pub const SPAN_WALL_MS: f64 = 12_000.0;
/// While playing, the content is rebuilt at most this often (wall-clock milliseconds); in between it slides.
const REBUILD_MS: f64 = 250.0;
/// Where the moment shown sits in a window that follows the clock; the rest shows messages still in
/// flight, where they will arrive.
pub const PAST_SHARE: f64 = 0.8;
/// The window's zoom levels: each step halves (or doubles) the time it spans.
pub const ZOOM_IN_MOST: i8 = 4;
pub const ZOOM_OUT_MOST: i8 = -3;
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub id: u64,
    pub from: u8,
    pub to: u8,
    pub kind: &'static str,
    pub glyph: Glyph,
    pub sent: Micros,
    /// Where it ends: its receipt, its loss, or (in flight) its planned arrival.
    pub end: Micros,
    /// When it was due to arrive: for a lost message, how far along it was lost.
    pub due: Micros,
    /// Delivered, lost, or (None) still in flight.
    pub delivered: Option<bool>,
    /// A client's request or reply: its operation's `id` in the history.
    pub request: Option<u64>,
}

/// A leader's term on its lane, from its election to the next election anywhere, its crash, or now.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub node: u8,
    pub term: u64,
    pub from: Micros,
    pub to: Option<Micros>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagramContent {
    pub nodes: u8,
    /// How wide the time it spans is drawn: the diagram's own width on screen, in CSS pixels, so that lanes
    /// and labels keep their size on a phone and on a wide screen alike.
    pub width: f64,
    /// Simulated microseconds the diagram spans.
    pub span: Micros,
    /// The time at x = 0 of the content's own coordinates.
    pub origin: Micros,
    /// Where a band with no end yet stops: the end of the history drawn, or (while it grows) past the view.
    pub open_end: Micros,
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
    pub bands: Vec<Band>,
}

/// How the diagram frames time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Zoom {
    /// A window around the moment shown, zoomed in this many steps (out, if negative).
    Window(i8),
    /// The whole session, from its start to the furthest moment reached.
    Session,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom::Window(0)
    }
}

impl Zoom {
    /// One step in (`by` 1) or out (-1): out of the narrowest window comes the whole session, and in from
    /// the whole session, the widest window.
    pub fn step(self, by: i8) -> Zoom {
        match self {
            Zoom::Session if by > 0 => Zoom::Window(ZOOM_OUT_MOST),
            Zoom::Session => Zoom::Session,
            Zoom::Window(level) if level + by < ZOOM_OUT_MOST => Zoom::Session,
            Zoom::Window(level) => Zoom::Window((level + by).min(ZOOM_IN_MOST)),
        }
    }
}

/// A round length at or above `at`: 1, 2 or 5 times a power of ten microseconds.
pub fn round_up(at: Micros) -> Micros {
    let mut unit: Micros = 1;
    loop {
        for m in [1, 2, 5] {
            if m * unit >= at {
                return m * unit;
            }
        }
        unit *= 10;
    }
}

/// The time axis's ticks over `from..=to` for a view that spans `span`: about six to a view, at round
/// moments, each with its label ("250 ms", "1.5 s").
pub fn ticks(from: Micros, to: Micros, span: Micros) -> Vec<(Micros, String)> {
    let step = round_up((span / 6).max(1));
    let label = |at: Micros| {
        if at == 0 {
            "0".to_string()
        } else if step >= 100_000 {
            format!("{} s", short(at as f64 / 1e6, 3))
        } else {
            format!("{} ms", short(at as f64 / 1e3, 3))
        }
    };
    (from.div_ceil(step)..=to / step)
        .map(|i| (i * step, label(i * step)))
        .collect()
}

pub type Diagram = Shared<DiagramContent>;

impl DiagramContent {
    /// Pixels per simulated microsecond.
    pub fn scale(&self) -> f64 {
        self.width / self.span.max(1) as f64
    }

    pub fn x(&self, at: Micros) -> f64 {
        (at as f64 - self.origin as f64) * self.scale()
    }
}

/// What the diagram's content depends on; it is rebuilt when this changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagramKey {
    passages: usize,
    last_passage: u64,
    marks: usize,
    in_flight: (usize, u64),
    leaders: usize,
    span: Micros,
    origin: Micros,
    width: u32,
    /// Whether the history drawn is the one kept ahead of the moment shown.
    ahead: bool,
}

impl Lab {
    /// The time the diagram spans: its window at the current speed and zoom, or a round length that holds the
    /// whole session.
    pub fn diagram_span(&self) -> Micros {
        match self.diagram_zoom {
            Zoom::Window(level) => {
                let wall = SPAN_WALL_MS * 2f64.powi(-(level as i32));
                ((wall * 1000.0 * self.speed()) as Micros).max(1000)
            }
            Zoom::Session => round_up(self.travel.head.max(self.sim.now()) * 21 / 20).max(10_000),
        }
    }

    /// Where the view starts. A window follows the clock while it runs; paused, it stays put while the moment
    /// shown is in it, so that what was clicked stays where it was, and moves to show the moment otherwise.
    fn diagram_start(&mut self, span: Micros) -> Micros {
        let now = self.sim.now();
        let follow = now.saturating_sub((span as f64 * PAST_SHARE) as Micros);
        let start = match self.diagram_zoom {
            Zoom::Session => 0,
            Zoom::Window(_) if self.pace.is_some() => follow,
            Zoom::Window(_) => {
                let kept = self.diagram_view_start;
                let margin = span / 50;
                if now >= kept + margin && now + margin <= kept + span {
                    kept
                } else {
                    follow
                }
            }
        };
        self.diagram_view_start = start;
        start
    }

    /// The diagram's content, `width` pixels wide, and where its view starts. The content is rebuilt only
    /// when something new happened.
    pub fn diagram(&mut self, width: f64) -> (Diagram, Micros) {
        let span = self.diagram_span();
        let start = self.diagram_start(span);
        // In the past, the history drawn is the session's as far as it was played.
        let ahead = self.in_the_past() && self.travel.ahead.is_some();
        let source: &dyn Cluster = match &self.travel.ahead {
            Some(ahead) if self.in_the_past() => &**ahead,
            _ => &*self.sim,
        };
        let flights = source.flights();
        let timeline = source.timeline();
        // Steady while the view moves within one span, so arrows keep their coordinates between rebuilds.
        let origin = (start / span) * span;
        let key = DiagramKey {
            passages: timeline.map_or(0, |t| t.passages.len()),
            last_passage: timeline
                .and_then(|t| t.passages.back())
                .map_or(0, |p| p.sent_at ^ p.ended_at),
            marks: timeline.map_or(0, |t| t.marks.len()),
            in_flight: (flights.len(), flights.iter().map(|f| f.id).max().unwrap_or(0)),
            leaders: source.leaders().len(),
            span,
            origin,
            width: width as u32,
            ahead,
        };
        // While playing, new messages wait a moment to be drawn, but a new frame of time never waits.
        let cached = &self.cache.diagram_key;
        let same_frame = (cached.span, cached.origin, cached.width, cached.ahead) == (span, origin, key.width, ahead);
        let fresh = self.wall_ms - self.cache.diagram_built < REBUILD_MS && same_frame;
        if self.cache.diagram_key == key || fresh {
            return (self.cache.diagram.clone(), start);
        }
        // What is in view, and what slides into view before the next rebuild.
        let (from, to) = (origin.saturating_sub(span / 10), origin + 3 * span);
        let seen = |sent: Micros, end: Micros| end >= from && sent <= to;
        let mut arrows: Vec<Arrow> = timeline
            .map(|t| {
                t.passages
                    .iter()
                    .filter(|p| seen(p.sent_at, p.ended_at))
                    .map(|p| Arrow {
                        id: p.id,
                        from: p.from,
                        to: p.to,
                        kind: p.kind,
                        glyph: glyph_of_kind(p.kind, p.entries as usize),
                        sent: p.sent_at,
                        end: p.ended_at,
                        due: p.due_at,
                        delivered: Some(p.delivered),
                        request: p.request,
                    })
                    .collect()
            })
            .unwrap_or_default();
        arrows.extend(flights.iter().filter(|f| seen(f.sent_at, f.arrives_at)).map(|f| Arrow {
            id: f.id,
            from: f.from,
            to: f.to,
            kind: f.kind,
            glyph: f.message.map_or(Glyph::Client, glyph_of),
            sent: f.sent_at,
            end: f.arrives_at,
            due: f.arrives_at,
            delivered: None,
            request: f.request,
        }));
        let marks = timeline
            .map(|t| t.marks.iter().filter(|m| seen(m.at, m.at)).copied().collect())
            .unwrap_or_default();
        let leaders = source.leaders();
        let bands = leaders
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let crash = timeline.and_then(|t| {
                    t.marks
                        .iter()
                        .find(|m| m.node == l.node && m.at >= l.at && m.kind == MarkKind::Crash)
                        .map(|m| m.at)
                });
                let next = leaders.get(i + 1).map(|n| n.at);
                Band {
                    node: l.node,
                    term: l.term,
                    from: l.at,
                    to: match (crash, next) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                }
            })
            .filter(|b| b.from <= to && b.to.is_none_or(|end| end >= from))
            .collect();
        // A history still growing runs on past the view; the one kept ahead ends where it was left.
        let open_end = if ahead { source.now() } else { to + span };
        self.cache.diagram_built = self.wall_ms;
        self.cache.diagram_key = key;
        self.cache.diagram = Shared(Rc::new(DiagramContent {
            nodes: self.size(),
            width,
            span,
            origin,
            open_end,
            arrows,
            marks,
            bands,
        }));
        (self.cache.diagram.clone(), start)
    }
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn round_lengths_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(round_up(1), 1);
        assert_eq!(round_up(3), 5);
        assert_eq!(round_up(120_000), 200_000);
        assert_eq!(round_up(500_001), 1_000_000);
    }

    #[test]
    fn the_axis_has_round_labelled_ticks() {
        let ticks = ticks(0, 1_000_000, 1_000_000);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1 s"]);
        let fine = super::ticks(1_000, 60_000, 60_000);
        assert_eq!(fine.first().map(|(at, l)| (*at, l.as_str())), Some((10_000, "10 ms")));
    }

    #[test]
    fn zooming_out_of_the_widest_window_frames_the_whole_session() {
        assert_eq!(Zoom::Window(0).step(1), Zoom::Window(1));
        assert_eq!(Zoom::Window(ZOOM_IN_MOST).step(1), Zoom::Window(ZOOM_IN_MOST));
        assert_eq!(Zoom::Window(ZOOM_OUT_MOST).step(-1), Zoom::Session);
        assert_eq!(Zoom::Session.step(-1), Zoom::Session);
        assert_eq!(Zoom::Session.step(1), Zoom::Window(ZOOM_OUT_MOST));
    }
}
