//! The replicated log, 1-based as in the paper, with index 0 standing for "before the first entry".

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
    /// Shared between clones, chunk by chunk: checkpoints of a long session cost little.
    entries: Chunked<Entry>,
    /// A `Cell` so the checker can clear the mark through the shared view it is given.
    changed_from: Cell<Option<u64>>,
}

impl Log {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let changed_from = Cell::new(if entries.is_empty() { None } else { Some(1) });
        Log {
            entries: entries.into_iter().collect(),
            changed_from,
        }
    }

    pub fn last_index(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn last_term(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term at `index`; 0 for index 0 and for indexes past the end.
    pub fn term_at(&self, index: u64) -> u64 {
        self.get(index).map_or(0, |e| e.term)
    }

    pub fn get(&self, index: u64) -> Option<&Entry> {
        if index == 0 {
            return None;
        }
        self.entries.get(index as usize - 1)
    }

    /// Entries from `index` on, at most `limit` of them.
    pub fn slice_from(&self, index: u64, limit: usize) -> Vec<Entry> {
        let start = (index.max(1) - 1) as usize;
        (start..self.entries.len().min(start + limit))
            .filter_map(|i| self.entries.get(i).cloned())
            .collect()
    }

    pub fn append(&mut self, entry: Entry) {
        self.entries.push(entry);
        self.mark(self.last_index());
    }

    /// Deletes the entry at `index` and all that follow it (§5.3).
    pub fn truncate_from(&mut self, index: u64) {
        self.entries.truncate((index.max(1) - 1) as usize);
        self.mark(index);
    }

    /// The first index of the run of entries with `term` that ends at or before `index`.
    pub fn first_index_of_term(&self, term: u64, mut index: u64) -> u64 {
        while index > 1 && self.term_at(index - 1) == term {
            index -= 1;
        }
        index
    }

    /// The last index holding an entry of `term`, if any.
    pub fn last_index_of_term(&self, term: u64) -> Option<u64> {
        (1..=self.last_index()).rev().find(|&i| self.term_at(i) == term)
    }

    /// The lowest index changed since the last call, which clears it.
    pub fn take_changed_from(&self) -> Option<u64> {
        self.changed_from.take()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.iter()
    }

    fn mark(&mut self, index: u64) {
        let lowest = self.changed_from.get().map_or(index, |c| c.min(index));
        self.changed_from.set(Some(lowest));
    }
}
