//! External links (`--external`): fetched over HTTP with bounded concurrency and a timeout, and
//! remembered in a cache so that a CI run does not ask the same sites again every time.
//!
//! Takes the external links found in the pages (URL and where it is written) and gives warnings
//! for those that fail (an HTTP error, no answer in time, an unknown host). A URL is fetched once
//! however many pages use it; its fragment is not sent. Only successes are cached (for
//! `CACHE_HOURS`), so a broken link is asked again on the next run. This is the one part of
//! `check` that uses the network, and the cache the one file it writes.

use crate::diagnostics::{Diagnostic, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a working link is trusted without asking again.
pub const CACHE_HOURS: u64 = 24;
/// The cache, relative to the site folder.
pub const CACHE_FILE: &str = ".docent-cache/external-links.json";

#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// At most this many requests at once.
    pub concurrency: usize,
    pub timeout: Duration,
    /// `None`: `ROOT/.docent-cache/external-links.json`.
    pub cache: Option<PathBuf>,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions { concurrency: 8, timeout: Duration::from_secs(10), cache: None }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    /// URL -> when it last answered with success (seconds since 1970).
    ok: BTreeMap<String, u64>,
}

/// Checks each distinct URL once; warns at every place a failing URL is written.
pub fn check(links: &[(String, Span)], opts: &ExternalOptions, root: &Path) -> Vec<Diagnostic> {
    let cache_path = opts.cache.clone().unwrap_or_else(|| root.join(CACHE_FILE));
    let mut cache: Cache = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(|c: &Cache| c.version == 1)
        .unwrap_or(Cache { version: 1, ..Default::default() });
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let fresh = |t: u64| now.saturating_sub(t) < CACHE_HOURS * 3600;
    let mut urls: Vec<&str> = links.iter().map(|(u, _)| without_fragment(u)).collect();
    urls.sort_unstable();
    urls.dedup();
    urls.retain(|u| !cache.ok.get(*u).is_some_and(|&t| fresh(t)));

    let results = fetch_all(&urls, opts);
    let mut failures = BTreeMap::new();
    for (url, result) in urls.iter().zip(results) {
        match result {
            Ok(()) => {
                cache.ok.insert(url.to_string(), now);
            }
            Err(why) => {
                cache.ok.remove(*url);
                failures.insert(*url, why);
            }
        }
    }
    cache.ok.retain(|_, t| fresh(*t));
    if let Some(dir) = cache_path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // A cache that cannot be written only makes the next run slower.
    let _ = std::fs::write(&cache_path, serde_json::to_string_pretty(&cache).unwrap_or_default());

    links
        .iter()
        .filter_map(|(url, span)| {
            let why = failures.get(without_fragment(url))?;
            Some(
                Diagnostic::warning(span.clone(), format!("external link {url}: {why}"))
                    .with_help("the page moved or is gone: update or remove the link (checked because of --external)"),
            )
        })
        .collect()
}

fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Fetches `urls` with at most `opts.concurrency` requests at a time; results in `urls` order.
fn fetch_all(urls: &[&str], opts: &ExternalOptions) -> Vec<Result<(), String>> {
    let agent = ureq::AgentBuilder::new()
        .timeout(opts.timeout)
        .redirects(5)
        .user_agent(concat!("docent-link-check/", env!("CARGO_PKG_VERSION")))
        .build();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<(), String>>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|s| {
        for _ in 0..opts.concurrency.clamp(1, 64).min(urls.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let r = fetch(&agent, url, opts.timeout);
                    results.lock().expect("no thread panics while holding the lock")[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().expect("threads are done").into_iter().map(|r| r.unwrap_or(Ok(()))).collect()
}

/// HEAD first (cheap); GET when a server refuses HEAD.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), String> {
    match agent.head(url).call() {
        Ok(_) => Ok(()),
        Err(ureq::Error::Status(405 | 403 | 501, _)) => match agent.get(url).call() {
            Ok(_) => Ok(()),
            Err(e) => Err(describe(e, timeout)),
        },
        Err(e) => Err(describe(e, timeout)),
    }
}

fn describe(e: ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Status(429, _) => "HTTP 429 (the site asks to slow down; try later)".into(),
        ureq::Error::Status(code, r) => format!("HTTP {code} {}", r.status_text()),
        ureq::Error::Transport(t) => {
            let text = t.to_string();
            if text.contains("timed out") || text.contains("Timeout") || text.contains("WouldBlock") {
                format!("no answer within {} s", timeout.as_secs_f32())
            } else {
                format!("cannot fetch: {}", t.message().map_or(text.clone(), str::to_string))
            }
        }
    }
}
