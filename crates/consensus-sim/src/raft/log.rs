//! The replicated log, 1-based as in the paper, with index 0 standing for "before the first entry".
//!
//! A log may start after a snapshot (dissertation chapter 5): the entries up to the snapshot's last included
//! index are gone, and only that index and its term are kept, so the consistency check of AppendEntries still
//! works at the boundary.

use std::cell::Cell;
use std::hash::Hash;

use crate::chunked::Chunked;
pub use crate::protocol::Command;
use crate::protocol::Value;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    pub term: u64,
    pub command: Command,
}

impl Entry {
    pub fn value(&self) -> Option<&Value> {
        self.command.value()
    }
}

/// A log that remembers the lowest index it changed since the checker last looked, so the safety checks can
/// stay incremental. The mark is kept by the container itself, so the protocol cannot under-report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    /// The entries after the snapshot, the first at index `base.0 + 1`. Shared between clones, chunk by
    /// chunk: checkpoints of a long session cost little.
    entries: Chunked<Entry>,
    /// The last entry the snapshot covers, (lastIncludedIndex, lastIncludedTerm); (0, 0) with no snapshot.
    base: (u64, u64),
    /// A `Cell` so the checker can clear the mark through the shared view it is given.
    changed_from: Cell<Option<u64>>,
}

impl Log {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let changed_from = Cell::new(if entries.is_empty() { None } else { Some(1) });
        Log {
            entries: entries.into_iter().collect(),
            base: (0, 0),
            changed_from,
        }
    }

    /// The snapshot's last included index: entries up to it are compacted away. 0 with no snapshot.
    pub fn snapshot_index(&self) -> u64 {
        self.base.0
    }

    /// The term of the snapshot's last included entry.
    pub fn snapshot_term(&self) -> u64 {
        self.base.1
    }

    pub fn last_index(&self) -> u64 {
        self.base.0 + self.entries.len() as u64
    }

    pub fn last_term(&self) -> u64 {
        self.entries.last().map_or(self.base.1, |e| e.term)
    }

    /// The term at `index`: the snapshot's term at its last included index; 0 for index 0, for indexes past
    /// the end, and for indexes compacted into the snapshot (ask `snapshot_index` first).
    pub fn term_at(&self, index: u64) -> u64 {
        if index == self.base.0 {
            return self.base.1;
        }
        self.get(index).map_or(0, |e| e.term)
    }

    /// Whether the log holds an entry of `term` at `index`, counting the snapshot as holding what it covers:
    /// its last included entry is checked, and the entries before it are the committed ones it was made from
    /// (the safety checks check that when a snapshot is taken or installed).
    pub fn holds(&self, index: u64, term: u64) -> bool {
        index < self.base.0 || self.term_at(index) == term
    }

    /// The entry at `index`; None past the end and in the snapshot.
    pub fn get(&self, index: u64) -> Option<&Entry> {
        if index <= self.base.0 {
            return None;
        }
        self.entries.get((index - self.base.0) as usize - 1)
    }

    /// Entries from `index` on, at most `limit` of them; none from the snapshot.
    pub fn slice_from(&self, index: u64, limit: usize) -> Vec<Entry> {
        let start = (index.max(self.base.0 + 1) - self.base.0 - 1) as usize;
        (start..self.entries.len().min(start + limit))
            .filter_map(|i| self.entries.get(i).cloned())
            .collect()
    }

    /// Discards the entries up to `index`, which a snapshot now covers, with `term` its term (§5.1 of the
    /// dissertation's chapter 5, Figure 5.1). Entries after it stay if `index` is within the log; otherwise
    /// the log is left empty after the snapshot (InstallSnapshot, Figure 13, steps 6 and 7).
    pub fn compact_through(&mut self, index: u64, term: u64) {
        if index <= self.base.0 {
            return;
        }
        let keep = self.last_index().saturating_sub(index) as usize;
        let drop = self.entries.len() - keep;
        self.entries = self.entries.iter().skip(drop).cloned().collect();
        self.base = (index, term);
        if keep == 0 {
            self.mark(index + 1);
        }
    }

    pub fn append(&mut self, entry: Entry) {
        self.entries.push(entry);
        self.mark(self.last_index());
    }

    /// Deletes the entry at `index` and all that follow it (§5.3). The snapshot's entries are committed and
    /// never deleted.
    pub fn truncate_from(&mut self, index: u64) {
        let index = index.max(self.base.0 + 1);
        self.entries.truncate((index - self.base.0 - 1) as usize);
        self.mark(index);
    }

    /// The first index of the run of entries with `term` that ends at or before `index`, not reaching into
    /// the snapshot.
    pub fn first_index_of_term(&self, term: u64, mut index: u64) -> u64 {
        while index > self.base.0 + 1 && self.term_at(index - 1) == term {
            index -= 1;
        }
        index
    }

    /// The last index holding an entry of `term`, if any (the snapshot's last included entry counts).
    pub fn last_index_of_term(&self, term: u64) -> Option<u64> {
        (self.base.0.max(1)..=self.last_index())
            .rev()
            .find(|&i| self.term_at(i) == term)
    }

    /// The lowest index changed since the last call, which clears it.
    pub fn take_changed_from(&self) -> Option<u64> {
        self.changed_from.take()
    }

    /// The entries after the snapshot.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.iter()
    }

    fn mark(&mut self, index: u64) {
        let lowest = self.changed_from.get().map_or(index, |c| c.min(index));
        self.changed_from.set(Some(lowest));
    }
}
