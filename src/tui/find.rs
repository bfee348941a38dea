//! Search in the open report: typed in the status line, incremental, `n`/`N` to step through
//! the matches.

use super::app::{App, Mode};
use super::nav::Place;
use super::reading;
use std::ops::Range;
use tui_textarea::TextArea;

/// One search match: a byte range in a passage's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Passage index.
    pub passage: usize,
    /// Byte range in the passage's shown text.
    pub range: Range<usize>,
}

/// The search in the open report.
#[derive(Default)]
pub struct Search {
    /// The input line while typing.
    pub input: TextArea<'static>,
    /// The query the matches are for.
    pub query: String,
    /// All matches, in reading order.
    pub matches: Vec<Match>,
    /// Index into `matches` of the current one.
    pub current: Option<usize>,
    /// Where the search started, to go back on `Esc`.
    origin: Option<Place>,
}

impl Search {
    /// Forget the query and its matches.
    pub fn clear(&mut self) {
        self.query.clear();
        self.matches.clear();
        self.current = None;
    }
}

impl App {
    /// Start typing a search in the status line.
    pub(super) fn start_search(&mut self) {
        self.mode = Mode::Search;
        self.search.input = TextArea::default();
        self.search.origin = Some(self.place());
    }

    /// `Esc` while typing: back to where the search started.
    pub(super) fn cancel_search(&mut self) {
        self.mode = Mode::Normal;
        if let Some(origin) = self.search.origin.take() {
            self.restore(origin);
        }
        self.search.clear();
    }

    /// `Enter` while typing: stay at the match; the start goes on the jump list.
    pub(super) fn accept_search(&mut self) {
        self.mode = Mode::Normal;
        if let Some(origin) = self.search.origin.take() {
            self.jumped_from(origin);
        }
        if self.search.matches.is_empty() && !self.search.query.is_empty() {
            self.message = Some(self.lang.no_matches(&self.search.query));
        }
    }

    /// Incremental search: re-run on every keystroke and jump to the first match from where
    /// the search began.
    pub(super) fn search_typed(&mut self) {
        let query = self.search.input.lines().join("");
        if let Some(origin) = self.search.origin {
            self.view.cursor = origin.cursor;
            self.view.top = origin.top;
        }
        self.run_search(&query);
        if !query.is_empty() && !self.search.matches.is_empty() {
            self.goto_match(true, false);
        } else if let Some(origin) = self.search.origin {
            self.restore(origin);
        }
    }

    /// `n` / `N`.
    pub(super) fn search_step(&mut self, forward: bool) {
        if self.search.query.is_empty() {
            self.message = Some(self.lang.no_search());
        } else {
            self.remember();
            self.goto_match(forward, true);
        }
    }

    /// Find every match of `query` in the open report.
    pub(super) fn run_search(&mut self, query: &str) {
        self.search.query = query.to_string();
        self.search.matches.clear();
        self.search.current = None;
        let Some(r) = self.library.get(self.current) else {
            return;
        };
        for (b, passage) in self.view.passages.iter().enumerate() {
            let text = passage.text(&r);
            for range in reading::find_all(&text, query) {
                self.search.matches.push(Match { passage: b, range });
            }
        }
    }

    /// Go to the first match at or after the cursor (or before, going backwards).
    fn goto_match(&mut self, forward: bool, skip_current: bool) {
        let n = self.search.matches.len();
        if n == 0 {
            self.message = Some(self.lang.no_matches(&self.search.query));
            return;
        }
        let matches = &self.search.matches;
        let next = match (self.search.current, skip_current) {
            (Some(c), true) if forward => (c + 1) % n,
            (Some(c), true) => (c + n - 1) % n,
            _ => {
                let at = self.view.cursor;
                if forward {
                    matches.iter().position(|m| m.passage >= at).unwrap_or(0)
                } else {
                    matches
                        .iter()
                        .rposition(|m| m.passage <= at)
                        .unwrap_or(n - 1)
                }
            }
        };
        self.search.current = Some(next);
        let m = matches[next].clone();
        self.reveal(m.passage, m.range.start);
    }
}
