//! The user's gestures, and a lesson's script: every action carried out on the running cluster, recorded in
//! the trace and the feed.

use std::hash::Hash;

use super::record::Narrative;
use super::timeline::MarkKind;
use super::Simulator;
use crate::action::Action;
use crate::protocol::{Micros, NodeId, Protocol, Role, Timer};

impl<P: Protocol> Simulator<P> {
    /// Carries out a user action now.
    pub fn apply(&mut self, action: &Action) {
        self.carry_out(action, Narrative::Action(action.clone()));
    }

    /// Carries out an action a lesson's script takes: the same run as `apply`, told in the feed as the
    /// lesson's doing rather than the reader's.
    pub fn apply_scripted(&mut self, action: &Action) {
        self.carry_out(action, Narrative::Scripted(action.clone()));
    }

    pub(super) fn carry_out(&mut self, action: &Action, told: Narrative<P::Note>) {
        let text = format!("{action:?}");
        text.hash(&mut self.trace);
        self.note("action", 0, 0, || text);
        let told = match action {
            Action::DropMessage(id) => self
                .in_flight
                .iter()
                .flatten()
                .find(|m| m.id == *id)
                .map_or(told, |m| Narrative::Removed(m.from, m.to, m.payload.kind())),
            _ => told,
        };
        self.narrate(told);
        match action {
            Action::Crash(id) => self.crash(*id),
            Action::Restart(id) => self.restart(*id),
            Action::Disconnect(id) => self.links.set_disconnected(*id, true),
            Action::Connect(id) => self.links.set_disconnected(*id, false),
            Action::Cut { from, to, oneway } | Action::Restore { from, to, oneway } => {
                let cut = matches!(action, Action::Cut { .. });
                self.links.set_cut(*from, *to, cut);
                if !oneway {
                    self.links.set_cut(*to, *from, cut);
                }
            }
            Action::Partition(groups) => {
                let mut group_of = vec![groups.len() as u8; self.nodes.len() + 1];
                for (g, members) in groups.iter().enumerate() {
                    for &id in members {
                        group_of[id as usize] = g as u8;
                    }
                }
                self.links.partition(&group_of);
            }
            Action::Heal => self.links.heal(),
            Action::Request { value, node } => {
                self.request(value.clone(), *node);
            }
            Action::Operation { client, key, op, node } => self.call(*client, key, op.clone(), *node),
            Action::DropMessage(id) => {
                self.drop_message(*id);
            }
            Action::SetDrift { node, drift_ppm } => self.set_drift(*node, *drift_ppm),
            Action::SetReadPath(path) => self.settle(|s| s.read_path = Some(*path)),
            Action::SetDetector(detector) => self.settle(|s| s.detector = Some(*detector)),
            Action::SetSnapshotEvery(every) => self.settle(|s| s.snapshot_every = Some(*every)),
            Action::Pause {
                node,
                for_us,
                clock_stops,
            } => self.pause(*node, *for_us, *clock_stops),
            Action::SetNetwork {
                drop_ppm,
                duplicate_ppm,
                latency,
            } => {
                let c = &mut self.conditions;
                c.drop_ppm = drop_ppm.unwrap_or(c.drop_ppm);
                c.duplicate_ppm = duplicate_ppm.unwrap_or(c.duplicate_ppm);
                c.latency = latency.unwrap_or(c.latency);
            }
            Action::Timeout(id) => self.force_timeout(*id),
            Action::TransferLeader(to) => self.transfer_leader(*to),
            Action::Vote { node, yes } => self.nodes[*node as usize - 1].node.force_vote(*yes),
        }
    }

    /// Changes the cluster's settings, on every node now and on any that restarts later.
    fn settle(&mut self, change: impl FnOnce(&mut super::Settings)) {
        change(&mut self.settings);
        for slot in self.nodes.iter_mut() {
            self.settings.apply(&mut slot.node);
        }
    }

    /// The node stops and loses its volatile state; its persisted state survives.
    pub fn crash(&mut self, id: NodeId) {
        let slot = &self.nodes[id as usize - 1];
        if !slot.up {
            return;
        }
        // A leader's crash needs a failover, unless a newer leader already took over (it was cut off or
        // paused, and does not know yet).
        if slot.node.role() == Role::Leader {
            let term = slot.node.term();
            let superseded = self
                .nodes
                .iter()
                .any(|s| s.up && s.id != id && s.node.role() == Role::Leader && s.node.term() > term);
            if !superseded {
                self.failover.leader_crashed(self.now, id, term);
            }
        }
        let slot = &mut self.nodes[id as usize - 1];
        let persisted = slot.node.persisted();
        // What is left of a crashed node is its stable storage: show and check exactly that. Booting a
        // copy from it wipes the volatile state (role, commit index, state machine); the copy's effects
        // are discarded, since it does not run until `restart`.
        let n = self.nodes.len() as u8;
        let mut discarded = Vec::new();
        let slot = &mut self.nodes[id as usize - 1];
        slot.node = P::on_restart(id, n, &self.config, persisted.clone(), &mut discarded);
        self.settings.apply(&mut slot.node);
        slot.persisted = Some(persisted);
        slot.up = false;
        slot.paused_until = None;
        slot.timers = [None; 2];
        slot.wakeups = [None; 2];
        self.fold_trace(1, id, 0);
        self.mark(id, MarkKind::Crash);
    }

    /// A crashed node recovers from its persisted state.
    pub fn restart(&mut self, id: NodeId) {
        let n = self.cluster_size();
        let slot = &mut self.nodes[id as usize - 1];
        let Some(persisted) = slot.persisted.take() else {
            return;
        };
        let role_before = slot.node.role();
        slot.node = P::on_restart(id, n, &self.config, persisted, &mut self.out);
        // The read path and detector it was switched to outlive the crash: they are the cluster's settings.
        self.settings.apply(&mut slot.node);
        slot.up = true;
        self.fold_trace(2, id, 0);
        self.mark(id, MarkKind::Restart);
        self.finish_step(id, Some(role_before));
    }

    /// The node stops handling anything for `for_us`; what arrives meanwhile waits for it. A crashed node
    /// has nothing to pause. If `clock_stops`, its clock counts none of the pause, and so neither do its
    /// timers: each fires that much later.
    pub fn pause(&mut self, id: NodeId, for_us: Micros, clock_stops: bool) {
        let now = self.now;
        let slot = &mut self.nodes[id as usize - 1];
        if !slot.up {
            return;
        }
        let from = slot.paused_until.unwrap_or(now).max(now);
        slot.paused_until = Some(from + for_us);
        if clock_stops {
            slot.clock.stop(from, for_us);
            for timer in slot.timers.iter_mut().flatten() {
                timer.fires_at += for_us;
            }
        }
    }

    /// Asks every node that is up and believes it leads to hand leadership to `to` (§3.10).
    pub fn transfer_leader(&mut self, to: NodeId) {
        let leaders: Vec<NodeId> = (1..=self.cluster_size())
            .filter(|&id| {
                let slot = self.node(id);
                slot.up && slot.node.role() == Role::Leader
            })
            .collect();
        for id in leaders {
            self.fold_trace(8, id, to as u64);
            self.wake(id);
            self.nodes[id as usize - 1].node.transfer_leadership(to, &mut self.out);
            self.finish_step(id, Some(Role::Leader));
        }
    }

    /// Fires the node's election (or leader-failure) timer now.
    pub fn force_timeout(&mut self, id: NodeId) {
        if !self.nodes[id as usize - 1].up {
            return;
        }
        self.nodes[id as usize - 1].timers[Timer::Election.slot()] = None;
        self.fold_trace(3, id, 0);
        self.run_timer(id, Timer::Election);
    }
}
