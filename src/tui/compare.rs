//! Comparing in the reader: the open report beside another (`c`), a topic's figure table
//! (`T` in the topic view) and the open district's years (`H`). The comparing itself is
//! [`crate::compare`]; this file opens the views, moves in them, and exports tables.

use super::app::{App, Effect};
use super::jobs::Job;
use super::popup::{Chooser, Popup, Reply, Side, SideBySide, TableView};
use crate::compare;
use crate::palette::PaletteIndex;
use crate::report::{Meta, Report};
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

/// Narrower than this (inside the frame), the side-by-side view shows one report at a time.
pub const TWO_COLUMNS: u16 = 100;

/// How many reports [`App::prepare_likely`] prepares: the open one and about a screenful of
/// the chooser's list.
const LIKELY: usize = 16;

/// The compare chooser's index of one library's reports ([`PaletteIndex::reports`]), built
/// once and shared by every reader of that library: each `fazhi serve` session holds a clone
/// of the server's, so the first to need it builds it and the others use that one.
#[derive(Debug, Clone, Default)]
pub struct ReportIndex(Arc<OnceLock<PaletteIndex>>);

impl ReportIndex {
    /// The index, once built.
    pub fn get(&self) -> Option<&PaletteIndex> {
        self.0.get()
    }

    /// The index, built from `reports` now unless it was before; a reader asking while
    /// another builds it waits for that build.
    fn build(&self, reports: &[Meta]) -> &PaletteIndex {
        self.0.get_or_init(|| PaletteIndex::reports(reports))
    }

    /// Is `other` this very index (a clone sharing it, not a copy)?
    pub fn same(&self, other: &ReportIndex) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

mod layout;

pub use layout::{geometry, row_at, rows, Geometry, RowLines};

impl App {
    /// Ask which report to compare the open one with.
    pub(super) fn open_compare(&mut self) {
        if self.library.len() < 2 {
            self.message = Some(self.lang.nothing_to_compare());
            return;
        }
        self.start_report_index();
        self.collect_report_index(true);
        let mut chooser = Chooser::new(self.library.metas(), self.current);
        if let Some(index) = self.report_index.get() {
            chooser.requery(index);
        }
        self.preparing = None;
        self.popup = Some(Popup::Choose(Box::new(chooser)));
    }

    /// At the first idle moment after the chooser shows a list, prepare for comparing, in
    /// the background, the open report and the first reports listed, so that `Enter` finds
    /// both sides ready: picking a report takes a person far longer than preparing these.
    /// Waiting for idle keeps this work off the frame that shows the list. A report not
    /// prepared when `Enter` comes is prepared then.
    pub(super) fn prepare_likely(&mut self) {
        let Some(Popup::Choose(chooser)) = &self.popup else {
            return;
        };
        if self.preparing.is_some() {
            return;
        }
        let likely: Vec<usize> = std::iter::once(self.current)
            .chain(chooser.hits.iter().map(|&(r, _)| r))
            .chain(chooser.related.iter().map(|&(r, _)| r))
            .take(LIKELY)
            .collect();
        let tagged = Arc::clone(&self.tagged);
        let (topics, library) = (Arc::clone(&self.topics), Arc::clone(&self.library));
        self.preparing = Some(Job::spawn("prepare-compare", move |worker| {
            for r in likely {
                if worker.cancelled().load(Ordering::Relaxed) {
                    return;
                }
                tagged.prepared(&topics, r, &library.report(r));
            }
        }));
    }

    /// At an idle moment, compare the open report with the one the chooser highlights, in the
    /// background, so that `Enter` on it finds the comparison done. A highlight that moves on
    /// drops the job; `Enter` before it is done compares then.
    pub(super) fn compare_highlighted(&mut self) {
        let Some(Popup::Choose(chooser)) = &self.popup else {
            return;
        };
        let (a, Some(b)) = (self.current, chooser.chosen()) else {
            return;
        };
        if self
            .comparing
            .as_ref()
            .is_some_and(|c| (c.0, c.1) == (a, b))
        {
            return;
        }
        let tagged = Arc::clone(&self.tagged);
        let (topics, library) = (Arc::clone(&self.topics), Arc::clone(&self.library));
        let job = Job::spawn("compare", move |worker| {
            let (ra, rb) = (library.report(a), library.report(b));
            let prepared = |r, report| tagged.prepared(&topics, r, report);
            if let (Some(pa), Some(pb)) = (prepared(a, &ra), prepared(b, &rb)) {
                worker.send(compare::compare_prepared(&topics, (&ra, pa), (&rb, pb)));
            }
        });
        self.comparing = Some((a, b, job));
    }

    /// Build the chooser's index of the reports in the background, unless it is built or
    /// being built, so that the first `c` finds it ready.
    pub(super) fn start_report_index(&mut self) {
        if self.report_index.get().is_some() || self.report_index_build.is_some() {
            return;
        }
        let (index, library) = (self.report_index.clone(), Arc::clone(&self.library));
        self.report_index_build = Some(Job::spawn("report-index", move |worker| {
            index.build(library.metas());
            worker.send(());
        }));
    }

    /// Note the chooser's index built once its build is done, or (with `wait`) wait for it.
    pub(super) fn collect_report_index(&mut self, wait: bool) {
        let Some(job) = &mut self.report_index_build else {
            return;
        };
        let done = if wait { job.wait() } else { job.poll().pop() };
        if done.is_some() || job.is_finished() {
            self.report_index_build = None;
        }
        // A build that ended without its index panicked, which is a bug: pass it on.
        assert!(
            done.is_some() || self.report_index_build.is_some(),
            "building the index of reports failed"
        );
    }

    /// The chooser's index of reports, to share with another reader of the same library.
    pub fn report_index(&self) -> &ReportIndex {
        &self.report_index
    }

    /// Use `index` for the chooser, shared with other readers of the same library (a server
    /// gives every session the same one), instead of building this reader's own.
    pub fn share_report_index(&mut self, index: ReportIndex) {
        self.report_index_build = None;
        self.report_index = index;
    }

    /// Show the open district's figures year by year.
    pub(super) fn open_history(&mut self) {
        let Some(me) = self.report().map(|r| r.meta.clone()) else {
            return;
        };
        // The store's rows say where each report is from: none is decoded to find them.
        let years: Vec<usize> = (self.library.metas().iter().enumerate())
            .filter(|(_, m)| {
                m.district == me.district
                    && m.prefecture == me.prefecture
                    && m.province == me.province
            })
            .map(|(i, _)| i)
            .collect();
        let name = me.district.clone().unwrap_or_else(|| "?".into());
        if years.len() < 2 {
            self.message = Some(self.lang.one_year_only(&name));
            return;
        }
        let table = compare::history(&self.topics, &*self.library, &years, None);
        let title = self.lang.history_title(&name, years.len());
        self.popup = Some(Popup::Table(Box::new(TableView::years(title, table))));
    }

    /// Carry out what the chooser, the side-by-side view or a table asked for.
    pub(super) fn apply_compare(&mut self, reply: Reply) {
        match reply {
            Reply::Rechoose => {
                if let (Some(Popup::Choose(c)), Some(index)) =
                    (&mut self.popup, self.report_index.get())
                {
                    c.requery(index);
                }
                // A new list: its first reports are prepared at the next idle moment.
                self.preparing = None;
            }
            Reply::CompareWith(b) => {
                let (ra, rb) = (self.library.report(self.current), self.library.report(b));
                let done = match self.comparing.take() {
                    Some((a, chosen, mut job)) if (a, chosen) == (self.current, b) => {
                        job.poll().pop()
                    }
                    _ => None,
                };
                let cmp = match done {
                    Some(cmp) => cmp,
                    None => {
                        let prepared = |r, report| self.tagged.prepared(&self.topics, r, report);
                        let (Some(pa), Some(pb)) = (prepared(self.current, &ra), prepared(b, &rb))
                        else {
                            return;
                        };
                        compare::compare_prepared(&self.topics, (&ra, pa), (&rb, pb))
                    }
                };
                let (noted_a, noted_b) = (self.noted(&ra), self.noted(&rb));
                self.popup = Some(Popup::Compare(Box::new(SideBySide {
                    a: self.current,
                    b,
                    reports: (ra, rb),
                    cmp,
                    top: 0,
                    side: Side::A,
                    noted_a,
                    noted_b,
                })));
            }
            Reply::Compare(action) => self.compare_move(action),
            Reply::ToggleTable => self.toggle_table(),
            Reply::ExportTable(path) => self.export_table(&path),
            Reply::CopyTable => {
                if let Some(Popup::Table(t)) = &self.popup {
                    let md = compare::table_markdown(&t.table, self.change_columns(t));
                    let n = t.table.rows.len();
                    self.effects.push(Effect::Copy(md));
                    self.message = Some(self.lang.table_copied(n));
                }
            }
            Reply::OpenReport(r) => {
                let section = match (&self.popup, self.library.get(r)) {
                    (Some(Popup::Table(t)), Some(report)) => t.section(&report),
                    _ => None,
                };
                self.popup = None;
                match section {
                    Some(s) => self.goto_section(r, s),
                    None => {
                        self.remember();
                        self.open_report(r);
                    }
                }
                self.report_cursor = self.row_of_report(r).unwrap_or(self.report_cursor);
            }
            _ => {}
        }
    }

    /// The paragraphs of `report` that have notes: (section path, paragraph in the section).
    /// Without a notes store there are none.
    fn noted(&self, report: &Report) -> HashSet<(String, usize)> {
        let Some(store) = &self.notes.store else {
            return HashSet::new();
        };
        let notes = store.for_report(&report.id()).unwrap_or_default();
        let views = crate::note::paragraph_views(report);
        crate::note::locate_all(&notes, &views)
            .into_iter()
            .filter_map(|(_, place)| place.index())
            .map(|i| (views[i].section_path.clone(), views[i].paragraph))
            .collect()
    }

    /// Scroll the side-by-side view, or (`Open`) go to A's section of the top row.
    fn compare_move(&mut self, action: super::action::Action) {
        use super::action::Action;
        let Some(Popup::Compare(v)) = &self.popup else {
            return;
        };
        let g = geometry(self.size, v.cmp.pairs.len());
        let heights: Vec<usize> = rows(self, v, &g, None).iter().map(|r| r.height).collect();
        let total: usize = heights.iter().sum();
        let page = (g.body.height as usize).max(1);
        let (row, start) = row_at(&heights, v.top);
        let a_section = v.cmp.sections.get(row).and_then(|s| s.a);
        let report = v.a;
        let last = total.saturating_sub(page);
        let top = v.top;
        let new_top = match action {
            Action::Down => top + 1,
            Action::Up => top.saturating_sub(1),
            Action::PageDown => top + page,
            Action::PageUp => top.saturating_sub(page),
            Action::HalfPageDown => top + page / 2,
            Action::HalfPageUp => top.saturating_sub(page / 2),
            Action::Top => 0,
            Action::Bottom => last,
            Action::NextSection => start + heights.get(row).copied().unwrap_or(0),
            Action::PrevSection if top > start => start,
            // Rows folded into the line before them take no lines: skip them.
            Action::PrevSection => {
                let before = heights[..row].iter().rev().find(|&&h| h > 0);
                start - before.copied().unwrap_or(0)
            }
            Action::Open => {
                match a_section {
                    Some(s) => {
                        self.popup = None;
                        self.goto_section(report, s);
                    }
                    None => self.message = Some(self.lang.no_section_in_a()),
                }
                return;
            }
            _ => top,
        };
        // `]` may put the last row on top even when it is shorter than the page.
        let last_start = total - heights.iter().rev().find(|&&h| h > 0).copied().unwrap_or(0);
        let limit = match action {
            Action::NextSection => last.max(last_start),
            _ => last.max(top),
        };
        if let Some(Popup::Compare(v)) = &mut self.popup {
            v.top = new_top.min(limit);
        }
    }

    /// The topic view's list becomes its table, and back.
    fn toggle_table(&mut self) {
        match self.popup.take() {
            Some(Popup::Topic(list)) => {
                let name = self
                    .topics
                    .get(list.topic)
                    .map_or("?".to_string(), |t| t.name.clone());
                let large = self.library.len() > super::jobs::SMALL_LIBRARY;
                let message = self.lang.tabling(&name);
                let build = move || {
                    let table = compare::table_of_rows(&list.rows);
                    Popup::Table(Box::new(TableView::topic(name, table, list)))
                };
                // Grouping the figures of thousands of reports into columns takes seconds.
                if !large {
                    self.popup = Some(build());
                } else {
                    self.message = Some(message);
                    self.view_build = Some(Job::spawn("topic-table", move |worker| {
                        worker.send(build());
                    }));
                }
            }
            Some(Popup::Table(mut t)) => match t.back.take() {
                Some(list) => self.popup = Some(Popup::Topic(list)),
                None => self.popup = Some(Popup::Table(t)),
            },
            other => self.popup = other,
        }
    }

    /// A district's years carry each figure's change from the year before, as the screen
    /// shows it beside the selected column: exported and copied, beside every column.
    fn change_columns(&self, t: &TableView) -> Option<&'static str> {
        t.years.then(|| self.lang.change_header())
    }

    /// Write the open table to `path`: Markdown for `.md`, CSV for `.csv`.
    fn export_table(&mut self, path: &str) {
        let Some(Popup::Table(t)) = &self.popup else {
            return;
        };
        if self.remote {
            self.message = Some(self.lang.no_export_over_ssh());
            return;
        }
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let text = match ext.as_deref() {
            Some("csv") => compare::table_csv(&self.library, &t.table, self.change_columns(t)),
            Some("md" | "markdown") => compare::table_markdown(&t.table, self.change_columns(t)),
            _ => {
                self.message = Some(self.lang.export_needs_extension(path));
                return;
            }
        };
        let n = t.table.rows.len();
        self.message = Some(match std::fs::write(path, text) {
            Ok(()) => self.lang.exported(n, path),
            Err(e) => self.lang.export_failed(path, &e.to_string()),
        });
    }
}

#[cfg(test)]
mod tests;
