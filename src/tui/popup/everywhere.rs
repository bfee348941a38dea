//! Search across the whole library: results stream in from a [`Job`] while typing goes on.

use super::Reply;
use crate::search::{Query, SearchIndex, TextMatch};
use crate::tui::jobs::Job;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tui_textarea::TextArea;

/// Search across the whole library: results stream in from a worker thread while typing
/// goes on.
pub struct Everywhere {
    /// The query line.
    pub input: TextArea<'static>,
    /// Regular expression instead of literal text.
    pub regex: bool,
    /// Matches so far, in library order.
    pub hits: Vec<TextMatch>,
    /// Selected row of `hits`.
    pub cursor: usize,
    /// Why the query cannot run (a bad regex), shown instead of results.
    pub error: Option<String>,
    /// The worker for the current query, if it is still sending.
    pub job: Option<Job<TextMatch>>,
}

/// Matches kept per query: more than anyone reads, few enough to stay light.
const MAX_HITS: usize = 5_000;

impl Everywhere {
    /// An empty query.
    pub fn new() -> Everywhere {
        Everywhere {
            input: TextArea::default(),
            regex: false,
            hits: Vec::new(),
            cursor: 0,
            error: None,
            job: None,
        }
    }

    /// Run the query again on a worker; the previous one stops. Matches arrive on
    /// [`Everywhere::drain`].
    pub fn research(&mut self, index: &Arc<SearchIndex>) {
        self.job = None;
        self.hits.clear();
        self.error = None;
        let text = self.input.lines().join("");
        if text.trim().is_empty() {
            return;
        }
        let query = if self.regex {
            Query::regex(&text)
        } else {
            Query::literal(&text)
        };
        let query = match query {
            Ok(q) => q,
            Err(err) => {
                self.error = Some(err.to_string());
                return;
            }
        };
        let index = Arc::clone(index);
        self.job = Some(Job::spawn("search", move |worker| {
            let mut sent = 0;
            index.search(&query, worker.cancelled(), &mut |hit| {
                sent += 1;
                if worker.send(hit) && sent < MAX_HITS {
                    std::ops::ControlFlow::Continue(())
                } else {
                    std::ops::ControlFlow::Break(())
                }
            });
        }));
    }

    /// Take the matches the worker has found so far.
    pub fn drain(&mut self) {
        if let Some(job) = &mut self.job {
            self.hits.extend(job.poll());
            if job.is_finished() {
                self.job = None;
            }
        }
    }

    /// Is a search still running?
    pub fn searching(&self) -> bool {
        self.job.is_some()
    }
}

impl Default for Everywhere {
    fn default() -> Everywhere {
        Everywhere::new()
    }
}

impl Everywhere {
    /// A key while the view is open.
    pub fn key(&mut self, key: KeyEvent) -> Reply {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.hits.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Char('r') if ctrl => {
                self.regex = !self.regex;
                Reply::Research
            }
            KeyCode::Down | KeyCode::Tab => {
                self.cursor = (self.cursor + 1).min(last);
                Reply::Stay
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::PageDown => {
                self.cursor = (self.cursor + 10).min(last);
                Reply::Stay
            }
            KeyCode::PageUp => {
                self.cursor = self.cursor.saturating_sub(10);
                Reply::Stay
            }
            KeyCode::Enter => Reply::GotoMatch,
            KeyCode::Char('m') if ctrl => Reply::Stay,
            _ => {
                if self.input.input(key) {
                    self.cursor = 0;
                    Reply::Research
                } else {
                    Reply::Stay
                }
            }
        }
    }
}
