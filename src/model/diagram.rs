//! The space-time diagram's content: one lane per node (and one for the client), every message as an arrow
//! from its send to its receipt or loss, crashes, restarts and commits on the lanes, and each leader's
//! term as a band along its lane. It is rebuilt only when something new happened; between rebuilds the
//! diagram just slides with the clock.

use std::rc::Rc;

use consensus_sim::sim::timeline::{Mark, MarkKind};
use consensus_sim::Micros;

use crate::model::frame::{glyph_of, glyph_of_kind, Glyph};
use crate::model::lab::Lab;
use crate::model::views::Shared;

/// How much wall time the diagram spans at the current speed, in milliseconds.
pub const SPAN_WALL_MS: f64 = 12_000.0;
/// While playing, the content is rebuilt at most this often (wall-clock milliseconds); in between it slides.
const REBUILD_MS: f64 = 250.0;
/// The share of the span that lies before now; the rest shows messages still in flight, where they will
/// arrive.
pub const PAST_SHARE: f64 = 0.8;

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
    /// Simulated microseconds the diagram spans.
    pub span: Micros,
    /// The time at x = 0 of the content's own coordinates.
    pub origin: Micros,
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
    pub bands: Vec<Band>,
}

pub type Diagram = Shared<DiagramContent>;

impl DiagramContent {
    /// Units of the diagram's 600-wide view box per simulated microsecond.
    pub fn scale(&self) -> f64 {
        600.0 / self.span.max(1) as f64
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
    /// Rebuilt at least once per span, so what slid out of view is let go.
    epoch: Micros,
}

impl Lab {
    /// The diagram's span in simulated time at the current speed.
    pub fn diagram_span(&self) -> Micros {
        ((SPAN_WALL_MS * 1000.0 * self.speed()) as Micros).max(1000)
    }

    /// The diagram's content around now, rebuilt only when something new happened.
    pub fn diagram(&mut self) -> Diagram {
        let (now, span) = (self.sim.now(), self.diagram_span());
        let flights = self.sim.flights();
        let timeline = self.sim.timeline();
        let key = DiagramKey {
            passages: timeline.map_or(0, |t| t.passages.len()),
            last_passage: timeline
                .and_then(|t| t.passages.back())
                .map_or(0, |p| p.sent_at ^ p.ended_at),
            marks: timeline.map_or(0, |t| t.marks.len()),
            in_flight: (flights.len(), flights.iter().map(|f| f.id).max().unwrap_or(0)),
            leaders: self.sim.leaders().len(),
            span,
            epoch: now / span,
        };
        let fresh = self.wall_ms - self.cache.diagram_built < REBUILD_MS;
        if self.cache.diagram_key == key || fresh {
            return self.cache.diagram.clone();
        }
        self.cache.diagram_built = self.wall_ms;
        // What is in view, and what slides into view before the next rebuild.
        let from = now.saturating_sub(span + span / 10);
        let mut arrows: Vec<Arrow> = timeline
            .map(|t| {
                t.passages
                    .iter()
                    .filter(|p| p.ended_at >= from)
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
                    })
                    .collect()
            })
            .unwrap_or_default();
        arrows.extend(flights.iter().map(|f| Arrow {
            id: f.id,
            from: f.from,
            to: f.to,
            kind: f.kind,
            glyph: f.message.map_or(Glyph::Client, glyph_of),
            sent: f.sent_at,
            end: f.arrives_at,
            due: f.arrives_at,
            delivered: None,
        }));
        let marks = timeline
            .map(|t| t.marks.iter().filter(|m| m.at >= from).copied().collect())
            .unwrap_or_default();
        let leaders = self.sim.leaders();
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
            .filter(|b| b.to.is_none_or(|to| to >= from))
            .collect();
        self.cache.diagram_key = key;
        self.cache.diagram = Shared(Rc::new(DiagramContent {
            nodes: self.size(),
            span,
            // Steady for a whole span, so arrows keep their coordinates from one rebuild to the next.
            origin: (now / span).saturating_sub(1) * span,
            arrows,
            marks,
            bands,
        }));
        self.cache.diagram.clone()
    }
}
