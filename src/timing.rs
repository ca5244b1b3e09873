//! Stage timings for profiling: with `DOCENT_TIMINGS=1` in the environment, each timed stage
//! prints its wall time to stderr when it ends, and on Linux the CPU time the process spent in
//! it, user and system (`timing: search 12.3 ms (cpu 20 user + 0 sys ms)`). Off by default, and
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
    started: Option<(Instant, (u64, u64))>,
}

pub fn stage(name: &'static str) -> Stage {
    Stage { name, started: enabled().then(|| (Instant::now(), cpu_ms())) }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((t, (user, sys))) = self.started {
            let (user2, sys2) = cpu_ms();
            eprintln!(
                "timing: {} {:.1} ms (cpu {} user + {} sys ms; RSS {} MB, peak so far {} MB)",
                self.name,
                t.elapsed().as_secs_f64() * 1000.0,
                user2.saturating_sub(user),
                sys2.saturating_sub(sys),
                status_kb("VmRSS:") / 1024,
                status_kb("VmHWM:") / 1024
            );
        }
    }
}

/// A figure of /proc/self/status in KiB (0 elsewhere): the resident memory now (`VmRSS:`) and
/// the peak so far (`VmHWM:`); which stage raises them shows where a large site's memory goes.
fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with(key)).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The process's user and system CPU time so far, in ms (from /proc; zeros elsewhere).
fn cpu_ms() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) end with ')'; utime and stime are the
    // 12th and 13th of those, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let field = |n: usize| rest.split_whitespace().nth(n).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) * 10;
    (field(11), field(12))
}
