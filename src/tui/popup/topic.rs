//! One topic across all reports: a row per report, its sections and their figures.

use super::Reply;
use super::PAGE;
use crate::topic::TopicRow;
use crate::tui::action::Action;
use crate::tui::nav::step;

/// One topic across all reports: a row per report, its sections and their figures.
pub struct TopicView {
    /// Topic index.
    pub topic: usize,
    /// Rows as [`crate::topic::Topics::topic_rows`] gives them (reports without the topic
    /// have no sections).
    pub rows: Vec<TopicRow>,
    /// Selected (row, section) pair, as an index into [`TopicView::entries`].
    pub cursor: usize,
}

impl TopicView {
    /// The selectable entries: (row, section index within the row).
    pub fn entries(&self) -> Vec<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| (0..row.sections.len()).map(move |s| (r, s)))
            .collect()
    }
}

impl TopicView {
    /// An action from the keymap's `[list]` section.
    pub fn act(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Open) => match self.entries().get(self.cursor) {
                Some(&(r, s)) => {
                    Reply::OpenSection(self.rows[r].report, self.rows[r].sections[s].section)
                }
                None => Reply::Stay,
            },
            Some(Action::Cancel) => Reply::Close,
            Some(Action::TopicView) => Reply::NextTopic,
            Some(a) => {
                self.cursor = step(self.cursor, self.entries().len(), a, PAGE);
                Reply::Stay
            }
            None => Reply::Stay,
        }
    }
}
