//! The build being served, shared by the rebuild loop (which publishes each new tree) and the
//! HTTP workers (which read it). A rebuild publishes its pages before its search index is
//! derived; until the index follows, requests for index files wait, so that a browser that
//! reloaded after a change never searches the index of the site before the change.

use crate::output::OutputTree;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct Served {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    tree: Arc<OutputTree>,
    /// The tree's search index is that of an earlier build.
    search_pending: bool,
}

impl Served {
    pub fn new(tree: Arc<OutputTree>) -> Served {
        Served { state: Mutex::new(State { tree, search_pending: false }), changed: Condvar::new() }
    }

    /// Serves `tree` from now on. Gives back the tree served until now, for the caller to drop
    /// when nobody waits (dropping 14,000 entries was in every edit's path to the reload).
    #[must_use = "the previous tree is dropped where it is not in the way"]
    pub fn publish(&self, tree: Arc<OutputTree>, search_pending: bool) -> Arc<OutputTree> {
        let old = std::mem::replace(&mut *self.lock(), State { tree, search_pending });
        self.changed.notify_all();
        old.tree
    }

    pub fn tree(&self) -> Arc<OutputTree> {
        self.lock().tree.clone()
    }

    /// The tree once its search index is current, or the current tree after waiting `limit`.
    pub fn tree_with_search(&self, limit: Duration) -> Arc<OutputTree> {
        let deadline = Instant::now() + limit;
        let mut state = self.lock();
        while state.search_pending {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self.changed.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        state.tree.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_readers_wait_for_the_search_index() {
        let served = Arc::new(Served::new(Arc::new(OutputTree::default())));
        let mut pages_only = OutputTree::default();
        pages_only.insert_bytes("index.html", b"new".to_vec());
        let _ = served.publish(Arc::new(pages_only.clone()), true);
        assert!(served.tree().files.contains_key("index.html"), "pages are served at once");
        let reader = {
            let served = served.clone();
            std::thread::spawn(move || served.tree_with_search(Duration::from_secs(60)))
        };
        let mut complete = pages_only;
        complete.insert_bytes("search/manifest.json", b"{}".to_vec());
        let _ = served.publish(Arc::new(complete), false);
        let seen = reader.join().unwrap();
        assert!(seen.files.contains_key("search/manifest.json"), "the reader got the tree with the index");
    }

    #[test]
    fn a_stuck_index_does_not_hold_readers_forever() {
        let served = Served::new(Arc::new(OutputTree::default()));
        let _ = served.publish(Arc::new(OutputTree::default()), true);
        assert!(served.tree_with_search(Duration::from_millis(1)).files.is_empty());
    }
}
