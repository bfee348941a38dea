//! The open report's view: its passages, the paragraph cursor and a named scroll position,
//! and the geometry that keeps the cursor in sight at the current width.
//!
//! A scroll position counts lines inside a passage, and how many lines a passage has depends
//! on the width; so every position is clamped when the width changes or a saved one comes
//! back, and the arithmetic saturates rather than trusting an offset from another width.

use super::app::App;
use super::reading::{self, Passage};
use std::ops::Range;
use std::sync::Arc;

/// Lines between passages in the content pane.
pub const GAP: usize = 1;
/// Columns of the content pane's gutter (cursor and note markers).
pub const GUTTER: u16 = 2;

/// Where the content pane is scrolled to: the first passage shown and how many of its lines
/// are scrolled off the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScrollPos {
    /// Index of the first passage shown.
    pub passage: usize,
    /// Lines of that passage above the pane.
    pub line: usize,
}

impl ScrollPos {
    /// The top of `passage`.
    pub fn at(passage: usize) -> ScrollPos {
        ScrollPos { passage, line: 0 }
    }
}

/// The open report as the content pane walks it.
#[derive(Debug, Default)]
pub struct View {
    /// Headings and paragraphs in reading order.
    pub passages: Vec<Passage>,
    /// Passage under the paragraph cursor.
    pub cursor: usize,
    /// Scroll position.
    pub top: ScrollPos,
    /// Passages as wrapped at the current width.
    pub wrapped: reading::WrapCache,
}

impl App {
    /// Width and height of the content pane's text area.
    pub fn content_view(&self) -> (usize, usize) {
        let c = self.areas().content;
        (
            c.width.saturating_sub(2 + GUTTER) as usize,
            c.height.saturating_sub(2) as usize,
        )
    }

    /// The text of passage `b` and its lines as byte ranges of it, at the current width.
    pub fn passage_lines(&self, b: usize) -> Arc<reading::Wrapped> {
        let Some(report) = self.report() else {
            return Arc::default();
        };
        // The library's address and the report's index name the report: a library that
        // finishes loading replaces the Arc.
        let key = (Arc::as_ptr(&self.library) as usize, self.current);
        let width = self.content_view().0;
        self.view
            .wrapped
            .get(key, report, &self.view.passages, b, width)
    }

    /// Rows passage `b` takes in the content pane, with the gap after it.
    pub(super) fn passage_height(&self, b: usize) -> usize {
        self.passage_lines(b).lines.len() + GAP
    }

    /// Bring the cursor and scroll position back inside the report at the current width (a
    /// resize re-wraps every passage; a saved position may be from another width or file).
    pub(super) fn clamp_view(&mut self) {
        let last = self.view.passages.len().saturating_sub(1);
        self.view.cursor = self.view.cursor.min(last);
        self.view.top.passage = self.view.top.passage.min(self.view.cursor);
        let lines = self
            .passage_height(self.view.top.passage)
            .saturating_sub(GAP);
        self.view.top.line = self.view.top.line.min(lines.saturating_sub(1));
    }

    /// Make the cursor passage visible, scrolling as little as possible.
    pub(super) fn ensure_visible(&mut self) {
        self.clamp_view();
        let (_, h) = self.content_view();
        let (cursor, top) = (self.view.cursor, self.view.top);
        if cursor < top.passage || (cursor == top.passage && top.line > 0) {
            self.view.top = ScrollPos::at(cursor);
            return;
        }
        // Lines from the top of the view to the end of the cursor passage.
        let mut lines = (top.passage..=cursor)
            .map(|b| self.passage_height(b))
            .sum::<usize>()
            .saturating_sub(top.line);
        while lines > h.max(1) + GAP && self.view.top.passage < cursor {
            let first = self.view.top;
            lines = lines.saturating_sub(
                self.passage_height(first.passage)
                    .saturating_sub(first.line),
            );
            self.view.top = ScrollPos::at(first.passage + 1);
        }
    }

    /// Scroll the content by `delta` lines without moving the cursor.
    pub(super) fn scroll_lines(&mut self, delta: isize) {
        if self.view.passages.is_empty() {
            return;
        }
        let ScrollPos {
            passage: mut b,
            line: mut l,
        } = self.view.top;
        if delta > 0 {
            for _ in 0..delta {
                if l + 1 < self.passage_height(b) {
                    l += 1;
                } else if b + 1 < self.view.passages.len() {
                    b += 1;
                    l = 0;
                }
            }
        } else {
            for _ in 0..delta.unsigned_abs() {
                if l > 0 {
                    l -= 1;
                } else if b > 0 {
                    b -= 1;
                    l = self.passage_height(b).saturating_sub(1);
                }
            }
        }
        self.view.top = ScrollPos {
            passage: b,
            line: l,
        };
    }

    /// Passages at least partly in view.
    pub fn visible_passages(&self) -> Range<usize> {
        let (_, h) = self.content_view();
        let top = self.view.top;
        let mut lines = 0usize;
        let mut b = top.passage;
        while b < self.view.passages.len() && lines < h + top.line {
            lines += self.passage_height(b);
            b += 1;
        }
        top.passage..b
    }

    /// After a scroll, keep the cursor on a passage that is at least partly in view.
    pub(super) fn cursor_into_view(&mut self) {
        let vis = self.visible_passages();
        let v = &mut self.view;
        if v.cursor < vis.start {
            v.cursor = vis.start;
        } else if v.cursor >= vis.end {
            v.cursor = vis.end.saturating_sub(1);
        }
        v.cursor = v.cursor.min(v.passages.len().saturating_sub(1));
    }

    /// Put the cursor on `passage`, scroll it into view and move the side panes along.
    pub(super) fn move_cursor_to(&mut self, passage: usize) {
        self.view.cursor = passage.min(self.view.passages.len().saturating_sub(1));
        self.ensure_visible();
        self.sync_panes();
    }

    /// Put the cursor on `passage` with its first line at the top of the pane.
    pub(super) fn cursor_to_top(&mut self, passage: usize) {
        self.view.cursor = passage;
        self.view.top = ScrollPos::at(passage);
        self.clamp_view();
        self.sync_panes();
    }

    /// Move the cursor to `passage` and scroll so that byte `at` of its text is in view (a
    /// match or figure deep inside a long paragraph).
    pub(super) fn reveal(&mut self, passage: usize, at: usize) {
        self.move_cursor_to(passage);
        let cursor = self.view.cursor;
        let lines = &self.passage_lines(cursor).lines;
        let line = lines.iter().position(|r| r.contains(&at)).unwrap_or(0);
        let (_, h) = self.content_view();
        let top = self.view.top;
        let row = if top.passage == cursor {
            line.checked_sub(top.line)
        } else {
            // Lines of the view above this passage.
            let above = (top.passage..cursor)
                .map(|b| self.passage_height(b))
                .sum::<usize>()
                .saturating_sub(top.line);
            Some(above + line)
        };
        if row.is_none_or(|r| r >= h) {
            self.view.top = ScrollPos {
                passage: cursor,
                line: line.saturating_sub(h / 3),
            };
        }
    }

    /// The passage drawn at `row` of the content pane's text, if any.
    pub(super) fn passage_at_row(&self, row: usize) -> Option<usize> {
        let mut line = 0usize;
        for b in self.visible_passages() {
            let skip = if b == self.view.top.passage {
                self.view.top.line
            } else {
                0
            };
            let h = self.passage_height(b).saturating_sub(skip);
            if row < line + h {
                return Some(b);
            }
            line += h;
        }
        None
    }
}
