//! A fast non-cryptographic hash for telling changed inputs apart (`serve`'s memo keys, page
//! digests). The multiply-rotate scheme of rustc's FxHasher, eight bytes a step: SipHash over
//! every page's text on every change would cost more than the change. Not for anything an
//! attacker chooses to collide.

mod serialized;

pub use serialized::{Digested, Prehashed, of_serialized};
use std::hash::Hasher;

pub struct Digest(u64);

impl Digest {
    pub fn new() -> Digest {
        Digest(0x243f_6a88_85a3_08d3)
    }

    /// The digest of some bytes.
    pub fn of(bytes: &[u8]) -> u64 {
        let mut d = Digest::new();
        d.write(bytes);
        d.finish()
    }

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Default for Digest {
    fn default() -> Digest {
        Digest::new()
    }
}

impl Hasher for Digest {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("chunks of eight")));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_texts_differ_and_equal_texts_agree() {
        assert_eq!(Digest::of(b"Reset your password"), Digest::of(b"Reset your password"));
        assert_ne!(Digest::of(b"Reset your password"), Digest::of(b"Reset your passwore"));
        assert_ne!(Digest::of(b"ab"), Digest::of(b"ab\0"), "the length counts");
    }
}
