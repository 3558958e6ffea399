//! Cancellation of a running request. `tower-lsp-server` drops a request's
//! handler on `$/cancelRequest` and answers -32800 itself; the work on the
//! blocking thread goes on unless it looks. Long loops (references, rename,
//! code actions, workspace symbols) ask [`Cancelled::stop`] between items.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// The flag of one request, set when its handler is dropped.
#[derive(Clone, Default)]
pub struct Cancelled {
    flag: Arc<AtomicBool>,
    /// Set once the work has stopped on the flag (counted once).
    stopped: Arc<AtomicBool>,
    hooks: Option<Arc<TestHooks>>,
}

/// What the end-to-end tests (`Options::test_hooks`) observe and steer:
/// how many requests stopped on their cancellation, and a pause before
/// every check so that a test's request is still running when it cancels.
#[derive(Default)]
pub struct TestHooks {
    pub stopped: AtomicUsize,
    pub pace_millis: AtomicU64,
}

impl Cancelled {
    pub fn new(hooks: Option<Arc<TestHooks>>) -> Self {
        Self {
            hooks,
            ..Self::default()
        }
    }

    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Asked between the items of a long loop: whether the request was
    /// cancelled and the work should stop.
    pub fn stop(&self) -> bool {
        if let Some(hooks) = &self.hooks {
            let pace = hooks.pace_millis.load(Ordering::Relaxed);
            if pace > 0 {
                std::thread::sleep(Duration::from_millis(pace));
            }
        }
        let set = self.is_set();
        if set
            && !self.stopped.swap(true, Ordering::Relaxed)
            && let Some(hooks) = &self.hooks
        {
            hooks.stopped.fetch_add(1, Ordering::SeqCst);
        }
        set
    }

    /// Sets the flag when dropped (with the request's handler).
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

pub struct CancelOnDrop(Cancelled);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.flag.store(true, Ordering::Relaxed);
    }
}

/// `items` until the request is cancelled (then the work stops; what it
/// answers no longer matters, the client has its -32800).
pub fn until_cancelled<'a, T: 'a>(
    items: impl IntoIterator<Item = T> + 'a,
    cancelled: &'a Cancelled,
) -> impl Iterator<Item = T> + 'a {
    items
        .into_iter()
        .map_while(move |item| (!cancelled.stop()).then_some(item))
}
