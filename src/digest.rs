//! A fast non-cryptographic hash for telling changed inputs apart (`serve`'s memo keys, page
//! digests). The multiply-rotate scheme of rustc's FxHasher, eight bytes a step: SipHash over
//! every page's text on every change would cost more than the change. Not for anything an
//! attacker chooses to collide.

mod serialized;

/// A hash map keyed by strings or numbers that hashes with `Digest` (std's SipHash showed in
/// `serve`'s profiles: every page's entry is looked up on each rebuild). Its iteration order
/// does not change from run to run.
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Digest>>;

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
    // The small writes as `write` does them (the bytes in the tail word, with their count), in
    // one step: every tag of a serialized key is a `write_u8`.
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n) ^ (1 << 56));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(u16::from_le_bytes(n.to_ne_bytes())) ^ (2 << 56));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(u32::from_le_bytes(n.to_ne_bytes())) ^ (4 << 56));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A digest of `bytes` in four independent lanes (`Digest` is one chain of multiplications,
/// whose latency, not memory, bounds its speed), folded into one `Digest` with the length.
pub fn text_digest(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut lanes = [0x243f_6a88_85a3_08d3u64, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (k, lane) in lanes.iter_mut().enumerate() {
            let word = u64::from_le_bytes(c[k * 8..k * 8 + 8].try_into().expect("eight bytes"));
            *lane = (lane.rotate_left(5) ^ word).wrapping_mul(K);
        }
    }
    let mut h = Digest::new();
    for lane in lanes {
        h.write_u64(lane);
    }
    h.write(chunks.remainder());
    h.write_u64(bytes.len() as u64);
    h.finish()
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

    #[test]
    fn small_writes_digest_as_their_bytes() {
        for n in [0u32, 1, 255, 256, 65_535, 65_536, u32::MAX] {
            let (mut a, mut b) = (Digest::new(), Digest::new());
            a.write_u32(n);
            b.write(&n.to_ne_bytes());
            assert_eq!(a.finish(), b.finish(), "{n}");
            let (mut a, mut b) = (Digest::new(), Digest::new());
            a.write_u16(n as u16);
            a.write_u8(n as u8);
            b.write(&(n as u16).to_ne_bytes());
            b.write(&[n as u8]);
            assert_eq!(a.finish(), b.finish(), "{n}");
        }
    }

    #[test]
    fn text_digests_tell_texts_apart() {
        let long = "Reset your password from the sign-in page. ".repeat(20);
        let mut other = long.clone().into_bytes();
        other[300] = b'X';
        assert_eq!(text_digest(long.as_bytes()), text_digest(long.as_bytes()));
        assert_ne!(text_digest(long.as_bytes()), text_digest(&other));
        assert_ne!(text_digest(b"ab"), text_digest(b"ab\0"), "the length counts");
        assert_ne!(text_digest(&long.as_bytes()[..64]), text_digest(&long.as_bytes()[32..96]));
    }
}
