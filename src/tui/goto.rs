//! Going anywhere in the library: the palette (topics, sections, figures), the topic view
//! and search everywhere, and what choosing one of their results does.

use super::app::{App, Pane};
use super::jobs::Job;
use super::popup::{Popup, TopicView};
use super::reading::Passage;
use crate::palette::{CandidateKey, CandidateKind, Scope};
use crate::search::{Part, TextMatch};
use std::sync::Arc;

/// Palette jumps remembered to rank recent places first.
const RECENT_KEPT: usize = 50;

impl App {
    /// Open the palette. A small library's candidates are usually built by then, or waited
    /// for (a fraction of a second); a large library opens the palette at once and shows
    /// results when they are ready.
    pub fn open_palette(&mut self) {
        self.start_palette_build();
        self.collect_palette(self.library.len() <= super::jobs::SMALL_LIBRARY);
        self.popup = Some(Popup::Palette(Box::default()));
        self.requery();
    }

    /// Re-run the palette query.
    pub(super) fn requery(&mut self) {
        let (Some(ix), Some(Popup::Palette(p))) = (&self.palette, &mut self.popup) else {
            return;
        };
        let query = p.input.lines().join("");
        let scope = if p.all {
            Scope::All {
                current: Some(self.current),
            }
        } else {
            Scope::CurrentReport(self.current)
        };
        let recent: Vec<CandidateKey> = self.recent.iter().rev().copied().collect();
        p.hits = ix.query_cached(&mut p.cache, &query, scope, &recent);
        p.cursor = p.cursor.min(p.hits.len().saturating_sub(1));
    }

    /// Go where a palette candidate leads.
    pub fn choose(&mut self, kind: CandidateKind) {
        self.recent.retain(|k| *k != kind);
        self.recent.push(kind);
        if self.recent.len() > RECENT_KEPT {
            self.recent.remove(0);
        }
        match kind {
            CandidateKind::Topic(t) => self.open_topic(t),
            CandidateKind::Report(r) => {
                self.remember();
                self.open_report(r);
            }
            CandidateKind::Section { report, section } => self.goto_section(report, section),
            CandidateKind::Figure {
                report,
                section,
                paragraph,
                figure,
            } => {
                self.remember();
                if report != self.current {
                    self.open_report(report);
                }
                let para = Passage::Para {
                    section,
                    para: paragraph,
                };
                if let Some(b) = self.view.passages.iter().position(|b| *b == para) {
                    self.choose_figure((b, figure));
                    self.focus = Pane::Content;
                }
            }
        }
    }

    /// Open `report` at the heading of `section`, remembering where we were.
    pub fn goto_section(&mut self, report: usize, section: usize) {
        self.remember();
        if report != self.current {
            self.open_report(report);
        }
        let heading = Passage::Heading(section);
        if let Some(b) = self.view.passages.iter().position(|b| *b == heading) {
            self.chosen_figure = None;
            self.cursor_to_top(b);
        }
        self.focus = Pane::Content;
    }

    /// Show one topic across all reports: at once in a small library, else built in the
    /// background while the reader says so (decoding every report takes seconds).
    pub fn open_topic(&mut self, topic: usize) {
        let (topics, library) = (Arc::clone(&self.topics), Arc::clone(&self.library));
        let build = move || {
            let rows = topics.topic_rows(&*library, topic);
            Popup::Topic(Box::new(TopicView {
                topic,
                rows,
                cursor: 0,
            }))
        };
        if self.library.len() <= super::jobs::SMALL_LIBRARY {
            self.popup = Some(build());
            return;
        }
        let name = self.topics.get(topic).map_or("?", |t| t.name.as_str());
        self.message = Some(self.lang.gathering(name, self.library.len()));
        self.view_build = Some(Job::spawn("topic-view", move |worker| {
            worker.send(build());
        }));
    }

    /// In the topic view, the open section's topic after the one shown (its topics are ranked
    /// heading first, body second), round to the first.
    pub(super) fn next_topic(&mut self) {
        let Some(Popup::Topic(v)) = &self.popup else {
            return;
        };
        let shown = v.topic;
        let ranked = self
            .current_section()
            .and_then(|s| self.section_topics.get(s));
        if let Some(t) = ranked.and_then(|r| crate::topic::next_topic(r, shown)) {
            self.open_topic(t);
        }
    }

    /// The topic view of the cursor's section's first topic.
    pub(super) fn topic_here(&mut self) {
        let first = self
            .current_section()
            .and_then(|s| self.section_topics.get(s))
            .and_then(|tags| tags.first().copied());
        match first {
            Some(t) => self.open_topic(t),
            None => self.message = Some(self.lang.no_topic()),
        }
    }

    /// Open the search-everywhere view.
    pub fn open_everywhere(&mut self) {
        self.popup = Some(Popup::Everywhere(Box::default()));
    }

    /// Run the search-everywhere query again, on a worker; the previous one stops.
    pub(super) fn research(&mut self) {
        if !matches!(self.popup, Some(Popup::Everywhere(_))) {
            return;
        }
        let library = std::sync::Arc::clone(&self.library);
        if let Some(Popup::Everywhere(e)) = &mut self.popup {
            e.research(library);
        }
    }

    /// Open a search-everywhere match in its report; with the `query` it was found by, `n`
    /// and `N` then go on from it through the report's other matches.
    pub(super) fn goto_hit(&mut self, hit: &TextMatch, query: Option<&str>) {
        let place = hit.place;
        self.remember();
        if place.report != self.current {
            self.open_report(place.report);
        }
        let passages = &self.view.passages;
        let last = passages.len().checked_sub(1);
        // The reader shows the title above the text and no other front-matter or sign-off
        // line: a match there opens the report at its first or last passage.
        let (found, at) = match place.part {
            Part::Heading(s) => (
                passages.iter().position(|b| *b == Passage::Heading(s)),
                hit.range.start,
            ),
            Part::Preamble(_) | Part::Paragraph { .. } => (
                passages.iter().position(|b| {
                    *b == Passage::Para {
                        section: place.section(),
                        para: place.paragraph().unwrap_or(usize::MAX),
                    }
                }),
                hit.range.start,
            ),
            Part::FrontMatter(_) => (last.map(|_| 0), 0),
            Part::SignOff(_) => (last, 0),
        };
        if let Some(b) = found {
            self.reveal(b, at);
            self.focus = Pane::Content;
            if let Some(query) = query.filter(|q| !q.trim().is_empty()) {
                self.run_search(query);
                self.search.current = self
                    .search
                    .matches
                    .iter()
                    .position(|m| m.passage == b && m.range.contains(&at));
            }
        }
    }
}
