//! One topic across all reports: a row per report, its sections and their figures.

use super::Reply;
use crate::topic::TopicRow;
use crossterm::event::{KeyCode, KeyEvent};

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
    /// A key while the view is open.
    pub fn key(&mut self, key: KeyEvent) -> Reply {
        let n = self.entries().len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => Reply::Close,
            KeyCode::Down | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                Reply::Stay
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::Enter => match self.entries().get(self.cursor) {
                Some(&(r, s)) => {
                    Reply::OpenSection(self.rows[r].report, self.rows[r].sections[s].section)
                }
                None => Reply::Stay,
            },
            _ => Reply::Stay,
        }
    }
}
