//! A hash of everything that happens in a run, to prove two runs were the same run.

use std::hash::{Hash, Hasher};

/// The [`TraceHash`] of one value: a fingerprint that is the same on every platform.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = TraceHash::default();
    value.hash(&mut h);
    h.finish()
}

/// 64-bit FNV-1a. Deterministic on every platform: `usize` (from slice lengths in derived `Hash`) is widened to
/// `u64` so a 32-bit wasm run and a 64-bit native run fold the same bytes.
#[derive(Clone, Debug)]
pub struct TraceHash(u64);

impl Default for TraceHash {
    fn default() -> Self {
        TraceHash(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for TraceHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, v: u64) {
        // One multiply per word instead of eight keeps tracing off the profile.
        self.0 ^= v;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }

    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }

    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64);
    }

    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
}
