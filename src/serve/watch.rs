//! Watches the site's sources and reports batches of changed paths, debounced.
//!
//! Watches `docent.toml` and the `content/`, `static/`, `templates/`, `themes/` and `videos/`
//! folders (not the output, `.git` or anything else in the site folder). Access and
//! metadata-only events, hidden files and editor temporaries (vim's swap files and `4913`
//! probe, `~` backups, JetBrains' `___jb_tmp___`) are dropped. Events are gathered until the
//! folder has been quiet for `QUIET` (a save of one or two paths), `QUIET_GONE` (a path in the batch
//! is gone: a save that moves the old file aside may be half done) or `QUIET_BURST` (more paths),
//! so a save reloads at once, each editor's save pattern gives one batch, and a burst or a `git
//! checkout` of hundreds of files gives one batch. When the system's inotify watch limit is reached it falls
//! back to polling and says how to raise the limit. It reports paths; it does not rebuild.

use crate::content::load::is_ignored;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{Event, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// The site's folders and files whose changes matter.
pub const WATCHED_DIRS: [&str; 6] = ["content", "snippets", "static", "templates", "themes", "videos"];
const CONFIG: &str = crate::config::CONFIG_FILE;
use crate::markdown::glossary::GLOSSARY_FILE;
/// How long the folder must be quiet before a batch of one or two paths (a save) is reported.
const QUIET: Duration = Duration::from_millis(15);
/// How long before a batch of more paths is: a `git checkout` or a copy can pause between files
/// for longer than a save's events are apart, and should still give one rebuild.
const QUIET_BURST: Duration = Duration::from_millis(300);
/// How long before a batch with a path that is gone: editors that save by moving the old file
/// aside and writing a new one (vim, JetBrains) are between those steps.
const QUIET_GONE: Duration = Duration::from_millis(100);
/// A batch is reported after this long even if events keep coming.
const MAX_WAIT: Duration = Duration::from_secs(3);
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What the watcher tells the serve loop.
pub enum Signal {
    /// Changed paths (absolute), sorted, each once.
    Changes(Vec<PathBuf>),
    /// Stop serving (Ctrl+C).
    Stop,
}

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watching {
    _thread: std::thread::JoinHandle<()>,
}

/// Starts watching `root` (canonical) and sends batches to `out`. `DOCENT_WATCH=poll` forces
/// polling (network file systems, containers without inotify).
pub fn watch(root: &Path, out: Sender<Signal>) -> anyhow::Result<Watching> {
    let (raw_tx, raw_rx) = channel::<notify::Result<Event>>();
    let force_poll = std::env::var("DOCENT_WATCH").is_ok_and(|v| v == "poll");
    let watcher: Box<dyn Watcher + Send> = if force_poll {
        polling(root, raw_tx.clone())?
    } else {
        match native(root, raw_tx.clone()) {
            Ok(w) => w,
            Err(e) if is_limit(&e) => {
                warn_limit();
                polling(root, raw_tx.clone())?
            }
            Err(e) => return Err(e.into()),
        }
    };
    let root = root.to_path_buf();
    let thread = std::thread::Builder::new()
        .name("docent-watch".into())
        .spawn(move || debounce(root, watcher, raw_tx, raw_rx, out))?;
    Ok(Watching { _thread: thread })
}

fn native(root: &Path, tx: Sender<notify::Result<Event>>) -> notify::Result<Box<dyn Watcher + Send>> {
    let mut w = notify::recommended_watcher(tx)?;
    add_watches(&mut w, root)?;
    Ok(Box::new(w))
}

fn polling(root: &Path, tx: Sender<notify::Result<Event>>) -> notify::Result<Box<dyn Watcher + Send>> {
    // notify's poller keeps modification times in whole seconds, so it would miss a second save
    // within the same second; comparing contents catches it (at the cost of reading the files).
    let config = notify::Config::default().with_poll_interval(POLL_EVERY).with_compare_contents(true);
    let mut w = notify::PollWatcher::new(tx, config)?;
    add_watches(&mut w, root)?;
    Ok(Box::new(w))
}

fn add_watches(w: &mut dyn Watcher, root: &Path) -> notify::Result<()> {
    w.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            w.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

fn is_limit(e: &notify::Error) -> bool {
    matches!(e.kind, notify::ErrorKind::MaxFilesWatch)
}

fn warn_limit() {
    eprintln!(
        "warning: the system's limit of inotify watches is reached, so docent checks for changes every {} ms \
         instead (slower).\n  = help: raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` \
         (add it to /etc/sysctl.conf to keep it), then restart docent serve",
        POLL_EVERY.as_millis()
    );
}

/// Gathers relevant events into batches and sends them on.
fn debounce(
    root: PathBuf,
    mut watcher: Box<dyn Watcher + Send>,
    raw_tx: Sender<notify::Result<Event>>,
    raw: Receiver<notify::Result<Event>>,
    out: Sender<Signal>,
) {
    let mut batch = BTreeSet::new();
    let mut first: Option<Instant> = None;
    loop {
        let next = match first {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(t) => {
                let quiet = if batch.len() > 2 {
                    QUIET_BURST
                } else if batch.iter().any(|p: &PathBuf| !p.exists()) {
                    QUIET_GONE
                } else {
                    QUIET
                };
                let left = MAX_WAIT.saturating_sub(t.elapsed()).min(quiet);
                raw.recv_timeout(left)
            }
        };
        match next {
            Ok(Ok(event)) => {
                for path in relevant(&root, &event) {
                    // A watched folder created after the start needs its own recursive watch.
                    if path.parent() == Some(root.as_path()) && path.is_dir() {
                        let _ = watcher.watch(&path, RecursiveMode::Recursive);
                    }
                    batch.insert(path);
                    first.get_or_insert_with(Instant::now);
                }
            }
            Ok(Err(e)) if is_limit(&e) => {
                warn_limit();
                match polling(&root, raw_tx.clone()) {
                    Ok(w) => watcher = w,
                    Err(e) => eprintln!("error: cannot watch the site for changes: {e}"),
                }
            }
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout) => {
                first = None;
                let paths: Vec<PathBuf> = std::mem::take(&mut batch).into_iter().collect();
                if out.send(Signal::Changes(paths)).is_err() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The paths of an event that can change the site.
fn relevant(root: &Path, event: &Event) -> Vec<PathBuf> {
    match event.kind {
        // The polling watcher reports a write as a new modification time: that one counts.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => {}
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        _ => {}
    }
    event.paths.iter().filter(|p| is_source(root, p)).cloned().collect()
}

/// True for `docent.toml` and files under the watched folders, except ignored names.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    match parts.first().map(String::as_str) {
        Some(CONFIG | GLOSSARY_FILE) => parts.len() == 1,
        Some(dir) if WATCHED_DIRS.contains(&dir) => !parts.iter().any(|p| is_ignored(p) || p == "4913"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_watched() {
        let root = Path::new("/site");
        for yes in [
            "/site/docent.toml",
            "/site/glossary.toml",
            "/site/snippets/steps.md",
            "/site/content/a.md",
            "/site/static/x.css",
            "/site/themes/t/templates/a.html",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/.git/index",
            "/site/target/x",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/4913",
            "/site/content/a.md___jb_tmp___",
            "/site/content/.hidden/a.md",
            "/other/content/a.md",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }
}
