//! A vector that shares its storage between clones, in fixed chunks. Cloning costs one pointer per chunk,
//! and a write copies only the chunk it touches: the browser keeps dozens of checkpoints of a cluster whose
//! logs grow all session long, and they share almost all of their entries.

use std::rc::Rc;

const CHUNK: usize = 64;

#[derive(Clone, Debug)]
pub struct Chunked<T> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn push(&mut self, value: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        let last = self.chunks.last_mut().expect("a chunk with room");
        Rc::make_mut(last).push(value);
        self.len += 1;
    }

    /// Replaces the value at `i`, which must exist.
    pub fn set(&mut self, i: usize, value: T) {
        Rc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK] = value;
    }

    /// Keeps the first `len` values.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        if !len.is_multiple_of(CHUNK) {
            let last = self.chunks.last_mut().expect("a partial chunk");
            Rc::make_mut(last).truncate(len % CHUNK);
        }
        self.len = len;
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

impl<T: Clone> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = Chunked::default();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl<T: Clone + PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for Chunked<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_chunks_and_writes_stay_apart() {
        let mut a: Chunked<u32> = (0..200).collect();
        let b = a.clone();
        a.set(5, 99);
        a.truncate(130);
        a.push(7);
        assert_eq!(b.len(), 200);
        assert_eq!(b.get(5), Some(&5));
        assert_eq!(a.get(5), Some(&99));
        assert_eq!(a.len(), 131);
        assert_eq!(a.last(), Some(&7));
        assert_eq!(a.iter().rev().nth(1), Some(&129));
        assert_eq!(b.iter().copied().sum::<u32>(), (0..200u32).sum::<u32>());
        a.truncate(0);
        assert!(a.is_empty() && a.get(0).is_none());
    }
}
