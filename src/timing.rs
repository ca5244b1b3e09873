//! Stage timings for profiling: with `DOCENT_TIMINGS=1` in the environment, each timed stage
//! prints its wall time to stderr when it ends (`timing: search 12.3 ms`). Off by default, and
//! then nearly free (one cached check). Used by `bench/NOTES.md`'s profiles, never by tests.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("DOCENT_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// A running stage; prints its time when dropped.
pub struct Stage {
    name: &'static str,
    started: Option<Instant>,
}

pub fn stage(name: &'static str) -> Stage {
    Stage { name, started: enabled().then(Instant::now) }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(t) = self.started {
            eprintln!("timing: {} {:.1} ms", self.name, t.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
