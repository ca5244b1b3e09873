//! Fuzzing inside `cargo test`: each target of `docent::fuzz` (the parsers of untrusted bytes)
//! gets a fixed number of inputs made from its seeds (`tests/fuzz/seeds/TARGET/`) by a seeded
//! mutator, so every run tries exactly the same inputs. Each input must return without a panic,
//! within the output bounds the target checks, and well within a hang guard.
//!
//! Every input that ever failed is kept in `tests/fuzz/crashes/TARGET/` and run by
//! `kept_crashes_and_seeds_still_pass`. A failing input is written to
//! `target/tmp/fuzz-failures/`; fix the parser, then copy the file into the crashes folder.
//! `DOCENT_FUZZ_CASES=N` (per target) and `DOCENT_FUZZ_SEED=S` run a longer or another series
//! (`scripts/fuzz` does, and documents the figures in `bench/FUZZ.md`).

use docent::fuzz::{TARGETS, Target};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Cases per target in a plain `cargo test` (debug build): about 12 s of CPU for all targets here.
const CASES: u64 = 10_000;
/// The largest input made, so that a case stays short in a debug build.
const MAX_LEN: usize = 16 * 1024;
/// Not a speed test: an input that takes this long has found a hang or a blow-up in time.
const HANG_GUARD: Duration = Duration::from_secs(10);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// The files of `tests/fuzz/KIND/TARGET/`, sorted by name.
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

/// Runs one input; `Err` says what went wrong (a panic's message, a broken bound, a hang).
fn run_case(target: &Target, input: &[u8]) -> Result<Duration, String> {
    let start = Instant::now();
    let outcome = std::panic::catch_unwind(|| (target.run)(input));
    let took = start.elapsed();
    match outcome {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {msg}"))
        }
        Ok(Err(bound)) => Err(bound),
        Ok(Ok(())) if took > HANG_GUARD => Err(format!("took {took:?}, over the {HANG_GUARD:?} hang guard")),
        Ok(Ok(())) => Ok(took),
    }
}

/// Keeps a failing input where a developer can find it, and says what to do with it.
fn save_failure(target: &Target, input: &[u8], why: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}-{:016x}", target.name, fnv(input)));
    std::fs::write(&path, input).unwrap();
    format!(
        "fuzz target `{}`: {why}\n  input ({} bytes) saved to {}\n  fix the parser, then copy the file into tests/fuzz/crashes/{}/",
        target.name,
        input.len(),
        path.display(),
        target.name
    )
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// SplitMix64: a small, well-mixed generator; the same seed gives the same series everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const BYTES: &[u8] = &[0, 1, 0x7f, 0x80, 0xff, b'\n', b'\r', b' ', b'\t', b'<', b'>', b'[', b']', b'"', b'\\', b'#'];
const WORDS: &[u32] = &[0, 1, 7, 8, 15, 16, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fff_ffff, 0x8000_0000, u32::MAX];

/// One input made from `base`: one to eight stacked edits, in the manner of AFL's havoc stage.
fn mutate(rng: &mut Rng, base: &[u8], pool: &[Vec<u8>], tokens: &[&str]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = b.len();
        let at = rng.below(len + 1);
        let span = |rng: &mut Rng, max: usize| 1 + rng.below((len - at.min(len)).min(max).max(1));
        match rng.below(11) {
            0 if at < len => b[at] ^= 1 << rng.below(8),
            1 if at < len => b[at] = BYTES[rng.below(BYTES.len())],
            2 if at + 4 <= len => b[at..at + 4].copy_from_slice(&WORDS[rng.below(WORDS.len())].to_be_bytes()),
            3 if at < len => {
                let n = span(rng, 64).min(len - at);
                b.drain(at..at + n);
            }
            4 if at < len => {
                let n = span(rng, 256).min(len - at);
                let chunk = b[at..at + n].to_vec();
                let to = rng.below(len + 1);
                b.splice(to..to, chunk);
            }
            5 if at < len => {
                let t = tokens[rng.below(tokens.len())].as_bytes();
                let end = (at + t.len()).min(len);
                b.splice(at..end, t.iter().copied());
            }
            6 => {
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            7 => {
                let n = 1 + rng.below(16);
                let random: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(at..at, random);
            }
            // Repeats a short piece many times: deep nesting, long runs, many cells.
            8 if at < len => {
                let n = span(rng, 16).min(len - at);
                let chunk = b[at..at + n].repeat(2 + rng.below(400));
                b.splice(at..at, chunk);
            }
            9 if at < len => b.truncate(at),
            _ => {
                let t = tokens[rng.below(tokens.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
        }
        b.truncate(MAX_LEN);
    }
    b
}

/// An input made of the target's tokens only, with now and then a random byte between them.
fn generate(rng: &mut Rng, tokens: &[&str]) -> Vec<u8> {
    let mut b = Vec::new();
    for _ in 0..1 + rng.below(64) {
        b.extend_from_slice(tokens[rng.below(tokens.len())].as_bytes());
        if rng.below(4) == 0 {
            b.push(rng.next() as u8);
        }
    }
    b
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs the mutation series of one target; panics with every failure's saved input.
fn fuzz(name: &str) {
    let target = docent::fuzz::target(name).expect("a target of docent::fuzz");
    let seeds: Vec<Vec<u8>> = inputs("seeds", name).into_iter().map(|(_, b)| b).collect();
    assert!(!seeds.is_empty(), "tests/fuzz/seeds/{name}/ has no seed");
    let cases = env_number("DOCENT_FUZZ_CASES", CASES);
    let mut rng = Rng(env_number("DOCENT_FUZZ_SEED", 1) ^ fnv(name.as_bytes()));
    // Recent inputs, so that edits pile up over the series instead of always starting from a seed.
    let mut pool = seeds.clone();
    let mut failures = Vec::new();
    let (mut slowest, mut largest, mut slowest_input) = (Duration::ZERO, 0, Vec::new());
    for case in 0..cases {
        let input = if case % 8 == 7 {
            generate(&mut rng, target.tokens)
        } else {
            let base = if rng.below(2) == 0 { &seeds[rng.below(seeds.len())] } else { &pool[rng.below(pool.len())] };
            mutate(&mut rng, base, &pool, target.tokens)
        };
        match run_case(target, &input) {
            Ok(took) if took > slowest => {
                slowest = took;
                slowest_input.clone_from(&input);
            }
            Ok(_) => {}
            Err(why) => {
                failures.push(save_failure(target, &input, &why));
                if failures.len() == 5 {
                    break;
                }
            }
        }
        largest = largest.max(input.len());
        if pool.len() < 256 {
            pool.push(input);
        } else {
            let i = rng.below(pool.len());
            pool[i] = input;
        }
    }
    // The slowest input, for a look at what takes time (scripts/fuzz reports it).
    let slow = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-slowest-{name}"));
    std::fs::write(&slow, &slowest_input).unwrap();
    eprintln!("fuzz {name}: {cases} cases, {} failures, slowest {slowest:?}, largest {largest} bytes", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fuzz_frontmatter() {
    fuzz("frontmatter");
}

#[test]
fn fuzz_markdown() {
    fuzz("markdown");
}

#[test]
fn fuzz_highlight() {
    fuzz("highlight");
}

#[test]
fn fuzz_vtt() {
    fuzz("vtt");
}

#[test]
fn fuzz_sidecar() {
    fuzz("sidecar");
}

#[test]
fn fuzz_webm() {
    fuzz("webm");
}

#[test]
fn fuzz_mp4() {
    fuzz("mp4");
}

#[test]
fn fuzz_http() {
    fuzz("http");
}

#[test]
fn every_target_has_a_test_here_and_seeds() {
    let here = include_str!("fuzz.rs");
    for t in TARGETS {
        assert!(here.contains(&format!("fuzz(\"{}\")", t.name)), "no #[test] runs target `{}`", t.name);
        assert!(!inputs("seeds", t.name).is_empty(), "tests/fuzz/seeds/{}/ is empty", t.name);
    }
}

#[test]
fn kept_crashes_and_seeds_still_pass() {
    let mut failures = Vec::new();
    for kind in ["seeds", "crashes"] {
        for dir in std::fs::read_dir(fuzz_dir().join(kind)).unwrap() {
            let dir = dir.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let target =
                docent::fuzz::target(&name).unwrap_or_else(|| panic!("tests/fuzz/{kind}/{name}: no such target"));
            for (path, input) in inputs(kind, &name) {
                if let Err(why) = run_case(target, &input) {
                    failures.push(format!("{}: {why}", path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
