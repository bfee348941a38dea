//! The reports a reader has opened lately, decoded and kept: the few it shows, compares,
//! previews or anchors notes in, not every report a pass over the library has looked at.

use crate::report::Report;
use std::sync::{Arc, Mutex};

/// How many decoded reports a library keeps: the open report, the two being compared, a
/// palette's previews as the cursor moves, with room to go back and forth between them.
/// About 60 KB each in memory, so the whole at 25,000 reports is not a tenth of what the
/// store maps.
const KEEP: usize = 32;

/// The most recently used reports, at most [`KEEP`].
#[derive(Debug, Default)]
pub(super) struct Opened {
    /// (index, report), least recently used first.
    recent: Mutex<Vec<(usize, Arc<Report>)>>,
}

impl Opened {
    /// Report `i`, made by `decode` unless it is kept; kept now either way.
    pub(super) fn get_or_decode(&self, i: usize, decode: impl FnOnce() -> Report) -> Arc<Report> {
        if let Some(r) = self.take(i) {
            self.keep(i, Arc::clone(&r));
            return r;
        }
        // Decoded outside the lock: other threads asking for other reports need not wait.
        let r = Arc::new(decode());
        self.keep(i, Arc::clone(&r));
        r
    }

    /// Report `i` if it is kept (left kept).
    pub(super) fn peek(&self, i: usize) -> Option<Arc<Report>> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent
            .iter()
            .find(|(k, _)| *k == i)
            .map(|(_, r)| Arc::clone(r))
    }

    /// How many reports are kept.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.recent.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn take(&self, i: usize) -> Option<Arc<Report>> {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let at = recent.iter().position(|(k, _)| *k == i)?;
        Some(recent.remove(at).1)
    }

    fn keep(&self, i: usize, r: Arc<Report>) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread may have decoded it meanwhile: one copy is enough.
        recent.retain(|(k, _)| *k != i);
        recent.push((i, r));
        if recent.len() > KEEP {
            recent.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_most_recently_used_reports_are_kept() {
        let opened = Opened::default();
        let decodes = std::cell::Cell::new(0);
        let get = |i: usize| {
            opened.get_or_decode(i, || {
                decodes.set(decodes.get() + 1);
                crate::report::parse("t", "")
            })
        };
        for i in 0..KEEP {
            get(i);
        }
        // Report 0 used again, so report 1 is now the least recently used.
        get(0);
        assert_eq!(decodes.get(), KEEP);
        get(KEEP);
        assert_eq!(opened.len(), KEEP);
        assert!(opened.peek(0).is_some());
        assert!(opened.peek(1).is_none());
        get(1);
        assert_eq!(decodes.get(), KEEP + 2);
    }
}
