//! Passes over many reports that need each only briefly (a topic across the library, its
//! table, the palette's index): the reports handed over a chunk at a time, so that a pass
//! over 25,000 holds one chunk decoded, not the library.

use super::Library;
use crate::report::Report;

/// Reports decoded at a time in a pass over a library: enough to keep both cores busy
/// decoding, few enough to be a few megabytes.
pub const CHUNK: usize = 64;

/// Reports that can be gone through in order, a chunk at a time: a slice in one chunk, a
/// [`Library`] [`CHUNK`] decoded reports at a time.
pub trait Reports {
    /// How many reports.
    fn count(&self) -> usize;

    /// Call `f(first, chunk)` for consecutive chunks of the reports, in order: `chunk` is
    /// reports `first..first + chunk.len()`.
    fn each_chunk(&self, f: &mut dyn FnMut(usize, &[Report]));

    /// Call `f(i, report)` for each report `i` of `which`, in that order.
    fn each_of(&self, which: &[usize], f: &mut dyn FnMut(usize, &Report));
}

impl<T: AsRef<[Report]> + ?Sized> Reports for T {
    fn count(&self) -> usize {
        self.as_ref().len()
    }

    fn each_chunk(&self, f: &mut dyn FnMut(usize, &[Report])) {
        f(0, self.as_ref());
    }

    fn each_of(&self, which: &[usize], f: &mut dyn FnMut(usize, &Report)) {
        for &i in which {
            f(i, &self.as_ref()[i]);
        }
    }
}

impl Reports for Library {
    fn count(&self) -> usize {
        self.len()
    }

    fn each_chunk(&self, f: &mut dyn FnMut(usize, &[Report])) {
        for first in (0..self.len()).step_by(CHUNK) {
            f(first, &self.chunk(first..(first + CHUNK).min(self.len())));
        }
    }

    fn each_of(&self, which: &[usize], f: &mut dyn FnMut(usize, &Report)) {
        for &i in which {
            f(i, &self.report(i));
        }
    }
}
