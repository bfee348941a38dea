//! Letting go of mapped pages this process has read and will not need again soon, so that
//! they stop counting in its resident memory (they stay in the page cache).

use super::{Bytes, Store};
use std::ops::Range;

/// Bytes of a memory page (the smallest on Linux; a larger page only makes
/// [`Store::release_payloads`] release less).
const PAGE: usize = 4096;

impl Store {
    /// Drop the mapped pages of every payload from this process's resident memory (they stay
    /// in the page cache, and come back if decoded again): a pass that decodes every report
    /// once, as the palette's index does, would otherwise keep the whole payload area
    /// resident, as much memory again as the decoded reports. The whole area, not only the
    /// reports just decoded: a fault maps the pages around it too (the kernel's fault-around,
    /// 64 KB), and since payloads lie in the order their reports were parsed, not in library
    /// order, those neighbours belong to reports released long before (measured: 8 MiB of a
    /// 76 MiB area left resident at 2,500 reports when each report's own span was let go).
    /// Pages nothing maps cost nothing to let go.
    pub fn release_payloads(&self) {
        self.release(self.payloads.clone());
    }

    /// Drop the mapped pages of `bytes` of the file from this process's resident memory.
    pub(super) fn release(&self, bytes: Range<usize>) {
        let Bytes::Mapped(map) = &self.bytes else {
            return;
        };
        // madvise wants a page-aligned start; the map itself starts on a page.
        let from = bytes.start & !(PAGE - 1);
        let to = bytes.end.min(map.len());
        if from < to {
            // SAFETY: the map is a read-only MAP_SHARED mapping of a file fazhi never changes
            // in place (see `Store::open`): MADV_DONTNEED only unmaps its pages from this
            // process, and the next read faults the same bytes back in from the file, so no
            // slice borrowed from the map sees different bytes. (It would zero a private
            // mapping's pages, which is why memmap2 leaves it to the caller.)
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from)
            };
        }
    }
}
