//! Moving around: the jump list, keeping the side panes in step with the text, and what the
//! movement actions do in each pane.

use super::action::Action;
use super::app::{App, Pane};
use super::reading::Passage;
use super::view::{ScrollPos, GAP};
use crate::library::Library;
use crate::report::{FigureKind, Report};
use std::ops::Range;

/// A place in a report, for the jump list and for returning after a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Report index.
    pub report: usize,
    /// Passage under the cursor.
    pub cursor: usize,
    /// Scroll position.
    pub top: ScrollPos,
}

/// Places to go back and forward to (`Ctrl-O`, `Alt-I`).
#[derive(Debug, Default)]
pub struct JumpList {
    back: Vec<Place>,
    forward: Vec<Place>,
}

/// Places kept to go back to.
const JUMPS_KEPT: usize = 100;

impl JumpList {
    /// Remember `here` before a jump; a new jump forgets the way forward.
    pub fn push(&mut self, here: Place) {
        if self.back.last() != Some(&here) {
            self.back.push(here);
            if self.back.len() > JUMPS_KEPT {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    /// Forget every place (the library changed).
    pub fn clear(&mut self) {
        self.back.clear();
        self.forward.clear();
    }
}

/// One row of the reports pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRow {
    /// A province heading.
    Province(String),
    /// A prefecture heading.
    Prefecture(String),
    /// A district heading.
    District(String),
    /// A year of a district: opens report `usize`.
    Year(usize),
}

/// The user's choice of side panes; `None` = automatic for the width.
#[derive(Debug, Default, Clone, Copy)]
pub struct PaneChoice {
    /// Pane 1.
    pub reports: Option<bool>,
    /// Pane 2.
    pub outline: Option<bool>,
    /// Pane 3.
    pub figures: Option<bool>,
    /// Pane 4.
    pub notes: Option<bool>,
}

impl App {
    /// Where the reader is now.
    pub fn place(&self) -> Place {
        Place {
            report: self.current,
            cursor: self.view.cursor,
            top: self.view.top,
        }
    }

    /// Go to a place (from the jump list or saved state); a place from another width or an
    /// older version of the file is clamped to what the report has now.
    pub fn restore(&mut self, place: Place) {
        if place.report >= self.library.len() {
            return;
        }
        if place.report != self.current {
            self.open_report(place.report);
        }
        self.view.cursor = place.cursor;
        self.view.top = place.top;
        self.ensure_visible();
        self.sync_panes();
    }

    /// Push where we are on the jump list, before a jump.
    pub(super) fn remember(&mut self) {
        let here = self.place();
        self.jumps.push(here);
    }

    /// Go back (or forward) along the jump list.
    pub(super) fn jump(&mut self, back: bool) {
        let here = self.place();
        let (from, to) = if back {
            (&mut self.jumps.back, &mut self.jumps.forward)
        } else {
            (&mut self.jumps.forward, &mut self.jumps.back)
        };
        if let Some(p) = from.pop() {
            to.push(here);
            self.restore(p);
        }
    }

    /// A jump that already happened (a search accepted with `Enter`): its start goes on the
    /// jump list.
    pub(super) fn jumped_from(&mut self, origin: Place) {
        if self.place() != origin {
            self.jumps.back.push(origin);
            self.jumps.forward.clear();
        }
    }

    /// Outline rows: `None` for the preamble, then every section not hidden by a collapsed
    /// ancestor.
    pub fn outline_rows(&self) -> Vec<Option<usize>> {
        let Some(r) = self.report() else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        if !r.preamble.is_empty() {
            rows.push(None);
        }
        for i in 0..r.sections.len() {
            let ancestry = r.ancestry(i);
            let hidden = ancestry[..ancestry.len() - 1]
                .iter()
                .any(|a| self.collapsed.contains(a));
            if !hidden {
                rows.push(Some(i));
            }
        }
        rows
    }

    /// Figures shown in the figures pane: (passage, figure index) for the current section's
    /// paragraphs, dates left out.
    pub fn section_figures(&self) -> Vec<(usize, usize)> {
        let Some(r) = self.report() else {
            return Vec::new();
        };
        let sec = self.current_section();
        self.all_figures(r)
            .into_iter()
            .filter(|&(b, _)| self.view.passages[b].section() == sec)
            .collect()
    }

    /// Byte range of figure `(passage, k)` in its passage's text.
    pub(super) fn figure_at(&self, (passage, k): (usize, usize)) -> Option<Range<usize>> {
        let r = self.report()?;
        let p = self.view.passages.get(passage)?.paragraph(r)?;
        Some(p.figures.get(k)?.range.clone())
    }

    /// Every figure of the report but dates, in reading order.
    pub(super) fn all_figures(&self, r: &Report) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (b, passage) in self.view.passages.iter().enumerate() {
            if let Some(p) = passage.paragraph(r) {
                for (k, f) in p.figures.iter().enumerate() {
                    if f.kind != FigureKind::Date {
                        out.push((b, k));
                    }
                }
            }
        }
        out
    }

    /// Choose figure `f` and bring it into view.
    pub(super) fn choose_figure(&mut self, f: (usize, usize)) {
        self.chosen_figure = Some(f);
        let at = self.figure_at(f).map_or(0, |r| r.start);
        self.reveal(f.0, at);
    }

    /// The reports pane row of report `report`.
    pub(super) fn row_of_report(&self, report: usize) -> Option<usize> {
        self.report_rows
            .iter()
            .position(|r| *r == ReportRow::Year(report))
    }

    /// Keep the outline and figures selections in step with the cursor.
    pub(super) fn sync_panes(&mut self) {
        let sec = self.current_section();
        let rows = self.outline_rows();
        if let Some(k) = rows.iter().position(|&r| r == sec) {
            self.outline_cursor = k;
        } else if let (Some(s), Some(r)) = (sec, self.report()) {
            // Inside a collapsed section: select its visible ancestor.
            if let Some(k) = r
                .ancestry(s)
                .iter()
                .rev()
                .find_map(|a| rows.iter().position(|&r| r == Some(*a)))
            {
                self.outline_cursor = k;
            }
        }
        let figs = self.section_figures();
        self.figure_cursor = match self.chosen_figure {
            Some(f) => figs.iter().position(|&g| g == f).unwrap_or(0),
            None => figs
                .iter()
                .position(|&(b, _)| b >= self.view.cursor)
                .unwrap_or(0),
        };
    }

    /// Focus the next (or previous) shown pane.
    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let order = [
            Pane::Reports,
            Pane::Outline,
            Pane::Content,
            Pane::Figures,
            Pane::Notes,
        ];
        let at = order.iter().position(|&p| p == self.focus).unwrap_or(2);
        for k in 1..=order.len() {
            let i = if forward {
                (at + k) % order.len()
            } else {
                (at + order.len() - k) % order.len()
            };
            if self.shown(order[i]) {
                self.focus = order[i];
                return;
            }
        }
    }

    /// Is `pane` on screen now?
    pub fn shown(&self, pane: Pane) -> bool {
        let vis = self.visible();
        match pane {
            Pane::Reports => vis.reports,
            Pane::Outline => vis.outline,
            Pane::Content => true,
            Pane::Figures => vis.figures,
            Pane::Notes => vis.notes,
        }
    }

    /// Show a hidden side pane (focusing it) or hide a shown one.
    pub(super) fn toggle(&mut self, pane: Pane) {
        let now = self.shown(pane);
        let choice = match pane {
            Pane::Reports => &mut self.panes.reports,
            Pane::Outline => &mut self.panes.outline,
            Pane::Figures => &mut self.panes.figures,
            Pane::Notes => &mut self.panes.notes,
            Pane::Content => return,
        };
        *choice = Some(!now);
        if now {
            if self.focus == pane {
                self.focus = Pane::Content;
            }
        } else {
            self.focus = pane;
        }
        self.ensure_visible();
    }

    /// Go to the next or previous section heading.
    pub(super) fn step_section(&mut self, next: bool) {
        let heading = |b: &Passage| matches!(b, Passage::Heading(_));
        let cursor = self.view.cursor;
        let passages = &self.view.passages;
        let target = if next {
            (cursor + 1..passages.len()).find(|&i| heading(&passages[i]))
        } else {
            passages[..cursor.min(passages.len())]
                .iter()
                .rposition(heading)
        };
        if let Some(t) = target {
            self.chosen_figure = None;
            self.cursor_to_top(t);
        }
    }

    /// Choose the next or previous figure of the report.
    pub(super) fn step_figure(&mut self, next: bool) {
        let Some(r) = self.library.get(self.current) else {
            return;
        };
        let all = self.all_figures(&r);
        let cursor = self.view.cursor;
        let found = if next {
            let here = self.chosen_figure.unwrap_or((cursor, 0));
            let strictly = self.chosen_figure.is_some();
            all.iter()
                .copied()
                .find(|&f| if strictly { f > here } else { f >= here })
        } else {
            let here = self.chosen_figure.unwrap_or((cursor, usize::MAX));
            all.iter().copied().rev().find(|&f| f < here)
        };
        match found {
            Some(f) => self.choose_figure(f),
            None => self.message = Some(self.lang.no_more_figures()),
        }
    }

    /// Move the content to the section selected in the outline.
    pub(super) fn outline_follow(&mut self) {
        let rows = self.outline_rows();
        let Some(&row) = rows.get(self.outline_cursor) else {
            return;
        };
        let target = match row {
            None => 0,
            Some(s) => self
                .view
                .passages
                .iter()
                .position(|&b| b == Passage::Heading(s))
                .unwrap_or(0),
        };
        self.chosen_figure = None;
        let keep = self.outline_cursor;
        self.cursor_to_top(target);
        self.outline_cursor = keep;
    }

    /// A movement action in the focused pane.
    pub(super) fn move_in_pane(&mut self, action: Action) {
        match self.focus {
            Pane::Content => self.content_move(action),
            Pane::Reports => self.reports_move(action),
            Pane::Outline => self.outline_move(action),
            Pane::Figures => self.figures_move(action),
            Pane::Notes => self.notes_move(action),
        }
    }

    fn content_move(&mut self, action: Action) {
        let (_, view_h) = self.content_view();
        let last = self.view.passages.len().saturating_sub(1);
        let (cursor, top) = (self.view.cursor, self.view.top);
        match action {
            Action::Down | Action::Right => {
                // A paragraph taller than what is left of the view scrolls before the cursor
                // moves.
                let vis = self.visible_passages();
                let bottom_cut = cursor + 1 == vis.end && {
                    let before: usize = (vis.start..cursor).map(|b| self.passage_height(b)).sum();
                    (before + self.passage_height(cursor)).saturating_sub(top.line) > view_h + GAP
                };
                if bottom_cut {
                    self.scroll_lines((view_h / 2).max(1) as isize);
                } else if cursor < last {
                    self.chosen_figure = None;
                    self.move_cursor_to(cursor + 1);
                }
            }
            Action::Up | Action::Left => {
                if cursor == top.passage && top.line > 0 {
                    self.scroll_lines(-((view_h / 2).max(1) as isize));
                } else if cursor > 0 {
                    self.chosen_figure = None;
                    self.move_cursor_to(cursor - 1);
                }
            }
            Action::PageDown | Action::HalfPageDown | Action::PageUp | Action::HalfPageUp => {
                let n = match action {
                    Action::PageDown | Action::PageUp => view_h.saturating_sub(2).max(1),
                    _ => (view_h / 2).max(1),
                } as isize;
                let down = matches!(action, Action::PageDown | Action::HalfPageDown);
                self.scroll_lines(if down { n } else { -n });
                self.cursor_into_view();
                self.sync_panes();
            }
            Action::Top | Action::Bottom => {
                self.remember();
                self.move_cursor_to(if action == Action::Top { 0 } else { last });
            }
            _ => {}
        }
    }

    /// Rows a page moves in a side pane.
    fn page(&self) -> usize {
        self.size.height.saturating_sub(4).max(1) as usize
    }

    fn reports_move(&mut self, action: Action) {
        let page = self.page();
        let rows = &self.report_rows;
        let selectable = |k: usize| matches!(rows.get(k), Some(ReportRow::Year(_)));
        match action {
            Action::Open | Action::Right => {
                if let Some(ReportRow::Year(r)) = self.report_rows.get(self.report_cursor).cloned()
                {
                    if r != self.current {
                        self.remember();
                        self.open_report(r);
                    }
                    self.focus = Pane::Content;
                }
            }
            _ => {
                let target = step(self.report_cursor, rows.len(), action, page);
                // Headings are not selectable: keep going in the same direction, or back.
                let found = if target >= self.report_cursor {
                    (target..rows.len())
                        .find(|&k| selectable(k))
                        .or_else(|| (0..target).rev().find(|&k| selectable(k)))
                } else {
                    (0..=target)
                        .rev()
                        .find(|&k| selectable(k))
                        .or_else(|| (target..rows.len()).find(|&k| selectable(k)))
                };
                if let Some(k) = found {
                    self.report_cursor = k;
                }
            }
        }
    }

    fn outline_move(&mut self, action: Action) {
        let rows = self.outline_rows();
        let page = self.page();
        let library = std::sync::Arc::clone(&self.library);
        let Some(r) = library.get(self.current) else {
            return;
        };
        let selected = rows.get(self.outline_cursor).copied().flatten();
        let has_children = |s: usize| r.children(Some(s)).next().is_some();
        match action {
            Action::Open => {
                if let Some(s) = selected {
                    if has_children(s) && !self.collapsed.remove(&s) {
                        self.collapsed.insert(s);
                    }
                }
                self.remember();
                self.outline_follow();
            }
            Action::Right => {
                if let Some(s) = selected {
                    self.collapsed.remove(&s);
                }
            }
            Action::Left | Action::Collapse => {
                if let Some(s) = selected {
                    if has_children(s) && !self.collapsed.contains(&s) {
                        self.collapsed.insert(s);
                    } else if let Some(p) = r.sections[s].parent {
                        self.collapsed.insert(p);
                        let rows = self.outline_rows();
                        self.outline_cursor = rows.iter().position(|&x| x == Some(p)).unwrap_or(0);
                        self.outline_follow();
                    }
                }
            }
            _ => {
                self.outline_cursor = step(self.outline_cursor, rows.len(), action, page);
                self.outline_follow();
            }
        }
    }

    fn figures_move(&mut self, action: Action) {
        let figs = self.section_figures();
        let page = self.page();
        match action {
            Action::Open | Action::Right => {
                if let Some(&f) = figs.get(self.figure_cursor) {
                    self.remember();
                    self.choose_figure(f);
                }
            }
            _ => {
                self.figure_cursor = step(self.figure_cursor, figs.len(), action, page);
                // Choosing a figure moves the content to it.
                if let Some(&f) = figs.get(self.figure_cursor) {
                    let keep = self.figure_cursor;
                    self.choose_figure(f);
                    self.figure_cursor = keep;
                }
            }
        }
    }

    fn notes_move(&mut self, action: Action) {
        let page = self.page();
        match action {
            Action::Open | Action::Right => {
                if let Some(p) = self.notes.placed.get(self.note_cursor) {
                    let note = p.note.clone();
                    self.view_note(note);
                }
            }
            _ => self.note_cursor = step(self.note_cursor, self.notes.placed.len(), action, page),
        }
    }
}

/// Where a movement action takes a list's cursor.
pub fn step(cursor: usize, len: usize, action: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Down => (cursor + 1).min(last),
        Action::Up => cursor.saturating_sub(1),
        Action::PageDown => (cursor + page).min(last),
        Action::HalfPageDown => (cursor + page / 2).min(last),
        Action::PageUp => cursor.saturating_sub(page),
        Action::HalfPageUp => cursor.saturating_sub(page / 2),
        Action::Top => 0,
        Action::Bottom => last,
        _ => cursor,
    }
}

/// The rows of the reports pane: province › prefecture › district › years (newest first,
/// as the library is sorted).
pub fn report_rows(library: &Library) -> Vec<ReportRow> {
    let mut rows = Vec::new();
    let (mut prov, mut pref, mut dist) = (None, None, None);
    for (i, r) in library.rows().enumerate() {
        let p = r.province().unwrap_or("?").to_string();
        let f = r.prefecture().unwrap_or("?").to_string();
        let d = r.district().unwrap_or("?").to_string();
        if prov.as_ref() != Some(&p) {
            rows.push(ReportRow::Province(p.clone()));
            prov = Some(p);
            pref = None;
            dist = None;
        }
        if pref.as_ref() != Some(&f) {
            rows.push(ReportRow::Prefecture(f.clone()));
            pref = Some(f);
            dist = None;
        }
        if dist.as_ref() != Some(&d) {
            rows.push(ReportRow::District(d.clone()));
            dist = Some(d);
        }
        rows.push(ReportRow::Year(i));
    }
    rows
}
