//! Each report's section topics, and what comparing needs of it, worked out once per report
//! and kept beside the library, so opening a report or comparing two does not tag their
//! sections or prepare their figures again.

use super::Topics;
use crate::compare::Prepared;
use crate::report::Report;
use std::sync::OnceLock;

/// [`Topics::tag_report`] and [`Prepared`] of every report of one library under one topic
/// list, each computed on first use (on any thread: a background job may prepare reports
/// the user is likely to compare). A new library or topic list needs a new `Tagged`.
#[derive(Debug, Default)]
pub struct Tagged {
    tags: Vec<OnceLock<Vec<Vec<usize>>>>,
    prepared: Vec<OnceLock<Prepared>>,
}

impl Tagged {
    /// Room for a library of `reports` reports, nothing tagged yet.
    pub fn new(reports: usize) -> Tagged {
        Tagged {
            tags: (0..reports).map(|_| OnceLock::new()).collect(),
            prepared: (0..reports).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The topics of each section of `report`, report `r` of the library, tagged now if they
    /// were not before. A report beyond the library this was made for has none.
    pub fn get(&self, topics: &Topics, r: usize, report: &Report) -> &[Vec<usize>] {
        match self.tags.get(r) {
            Some(cell) => cell.get_or_init(|| topics.tag_report(report)),
            None => &[],
        }
    }

    /// Report `r` (`report`) prepared for comparing, now if it was not before; none beyond
    /// the library this was made for.
    pub fn prepared(&self, topics: &Topics, r: usize, report: &Report) -> Option<&Prepared> {
        let cell = self.prepared.get(r)?;
        Some(cell.get_or_init(|| Prepared::new(report, self.get(topics, r, report))))
    }
}
