//! Search across the whole library: results stream in from a [`Job`] while typing goes on.

use super::Reply;
use super::{type_in_line, PAGE};
use crate::library::Library;
use crate::search::{self, snippet, LineMatch, Query, Snippet, TextMatch};
use crate::tui::action::Action;
use crate::tui::jobs::Job;
use crate::tui::nav::step;
use crossterm::event::KeyEvent;
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
    /// The text around each of `hits`, in their order (taken from the store's text as the
    /// match was found, so showing a match decodes no report).
    pub snippets: Vec<Snippet>,
    /// Selected row of `hits`.
    pub cursor: usize,
    /// Why the query cannot run (a bad regex), shown instead of results.
    pub error: Option<String>,
    /// The worker for the current query, if it is still sending.
    pub job: Option<Job<(TextMatch, Snippet)>>,
}

/// Matches kept per query: more than anyone reads, few enough to stay light.
const MAX_HITS: usize = 5_000;
/// Characters shown either side of a match.
const CONTEXT: usize = 30;

impl Everywhere {
    /// An empty query.
    pub fn new() -> Everywhere {
        Everywhere {
            input: TextArea::default(),
            regex: false,
            hits: Vec::new(),
            snippets: Vec::new(),
            cursor: 0,
            error: None,
            job: None,
        }
    }

    /// Run the query again over the text of `library`'s store, on a worker; the previous
    /// one stops. Matches arrive on [`Everywhere::drain`].
    pub fn research(&mut self, library: Arc<Library>) {
        self.job = None;
        self.hits.clear();
        self.snippets.clear();
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
        self.job = Some(Job::spawn("search", move |worker| {
            let mut sent = 0;
            let corpus = library.store().corpus();
            // Snippets are cut on the thread that searched their run of text.
            let each = |hits: Vec<LineMatch<'_>>| -> Vec<(TextMatch, Snippet)> {
                hits.into_iter()
                    .map(|h| {
                        let around = snippet(h.line, h.range.clone(), CONTEXT);
                        let hit = TextMatch {
                            place: h.place,
                            range: h.range,
                        };
                        (hit, around)
                    })
                    .collect()
            };
            let cancelled = worker.cancelled();
            search::search_chunks(
                corpus,
                &query,
                search::CHUNK,
                cancelled,
                &each,
                &mut |found| {
                    for hit in found {
                        sent += 1;
                        if !worker.send(hit) || sent >= MAX_HITS {
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                    std::ops::ControlFlow::Continue(())
                },
            );
        }));
    }

    /// Take the matches the worker has found so far.
    pub fn drain(&mut self) {
        if let Some(job) = &mut self.job {
            for (hit, around) in job.poll() {
                self.hits.push(hit);
                self.snippets.push(around);
            }
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
    /// A key while the view is open: the action the keymap's `[palette]` section gives it,
    /// or else text for the query.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        match action {
            Some(Action::Open) => Reply::GotoMatch,
            Some(Action::Cancel) => Reply::Close,
            Some(Action::ToggleRegex) => {
                self.regex = !self.regex;
                Reply::Research
            }
            Some(a) => {
                self.cursor = step(self.cursor, self.hits.len(), a, PAGE);
                Reply::Stay
            }
            None if type_in_line(&mut self.input, key) => {
                self.cursor = 0;
                Reply::Research
            }
            None => Reply::Stay,
        }
    }
}
