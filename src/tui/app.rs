//! The reader's state and `update`: every change to what the user sees happens here, as the
//! answer to an [`Action`] or an input event. Widgets only read this state.

use super::action::Action;
use super::keymap::Keymap;
use super::lang::Lang;
use super::layout::{self, Areas, Visible};
use super::notes::{Editor, Notes, Target};
use super::popup::{
    self, AllNotes, Everywhere, Outcome, Palette, Popup, Question, SearchJob, TopicView,
};
use super::reading::{self, Block};
use super::theme::Theme;
use crate::library::{Library, Loading};
use crate::palette::{CandidateKey, CandidateKind, PaletteIndex, Scope};
use crate::report::{FigureKind, Report};
use crate::search::{Query, SearchIndex};
use crate::topic::Topics;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;
use std::thread::JoinHandle;
use tui_textarea::TextArea;

/// A pane that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The library: province › prefecture › district › year.
    Reports,
    /// The sections of the open report.
    Outline,
    /// The text.
    Content,
    /// The figures of the current section.
    Figures,
    /// The notes of the open report.
    Notes,
}

/// What the keyboard is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys go through the keymap.
    Normal,
    /// Typing a search in the status line.
    Search,
    /// The help overlay, scrolled by this many lines.
    Help(u16),
}

/// Input the app reacts to.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Time passed with no input (the loop sends this a few times a second).
    Tick,
}

/// Something the shell around the app must do (the app itself never touches the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
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

/// A place in a report, for the jump list and for returning after a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Report index.
    pub report: usize,
    /// Block under the cursor.
    pub cursor: usize,
    /// First block shown and the line within it.
    pub top: (usize, usize),
}

/// One search match: a byte range in a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Block index.
    pub block: usize,
    /// Byte range in the block's shown text.
    pub range: Range<usize>,
}

/// The search in the open report.
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

/// The whole state of one reader session.
pub struct App {
    /// All reports.
    pub library: Arc<Library>,
    /// Keys → actions.
    pub keymap: Keymap,
    /// Styles.
    pub theme: Theme,
    /// UI language.
    pub lang: Lang,
    /// Terminal size.
    pub size: Rect,
    /// Focused pane.
    pub focus: Pane,
    /// Keyboard mode.
    pub mode: Mode,
    /// User's pane toggles (`None` = automatic for the width).
    toggles: [Option<bool>; 4],
    /// Rows of the reports pane.
    pub report_rows: Vec<ReportRow>,
    /// Selected row in the reports pane.
    pub report_cursor: usize,
    /// The open report.
    pub current: usize,
    /// Its blocks in reading order.
    pub blocks: Vec<Block>,
    /// Block under the paragraph cursor.
    pub cursor: usize,
    /// First block shown in the content pane, and how many of its lines are scrolled off.
    pub top: (usize, usize),
    /// Collapsed sections in the outline.
    pub collapsed: HashSet<usize>,
    /// Selected row in the outline (an index into [`App::outline_rows`]).
    pub outline_cursor: usize,
    /// Selected row in the figures pane.
    pub figure_cursor: usize,
    /// The figure chosen with `}`/`{` or the figures pane: (block, figure index).
    pub chosen_figure: Option<(usize, usize)>,
    /// Search state.
    pub search: Search,
    /// A message for the status line.
    pub message: Option<String>,
    /// Effects for the shell to carry out.
    pub effects: Vec<Effect>,
    /// Set when the user quits.
    pub quit: bool,
    /// Notes: the store and the open report's notes.
    pub notes: Notes,
    /// Selected row in the notes pane.
    pub note_cursor: usize,
    /// The open popup, which takes the keys.
    pub popup: Option<Popup>,
    /// Another process changed the notes since the last frame.
    notes_changed: bool,
    /// The topic list.
    pub topics: Arc<Topics>,
    /// Topics of each section of the open report.
    pub section_topics: Vec<Vec<usize>>,
    /// The palette's candidates, once built.
    pub palette: Option<Arc<PaletteIndex>>,
    /// The palette's candidates being built in the background (see [`SMALL_LIBRARY`]), so
    /// that the palette opens at once even in a library of thousands of reports, where
    /// building takes seconds.
    palette_build: Option<JoinHandle<PaletteIndex>>,
    /// Recent palette jumps, most recent last (they win ties).
    recent: Vec<CandidateKey>,
    /// The library still loading in the background, if it is.
    pub loading: Option<Loading>,
    /// Where to return to once the library has loaded (the saved reading position).
    pub resume_from: Option<std::path::PathBuf>,
    /// All text of the library for searching everywhere, built on first use.
    search_index: Option<Arc<SearchIndex>>,
    back: Vec<Place>,
    forward: Vec<Place>,
}

/// Lines between blocks in the content pane.
const GAP: usize = 1;
/// Columns of the content pane's gutter (cursor and note markers).
pub const GUTTER: u16 = 2;

impl App {
    /// A reader over `library`, showing its first report.
    pub fn new(library: Arc<Library>, keymap: Keymap, theme: Theme, lang: Lang) -> App {
        let report_rows = report_rows(&library);
        let mut app = App {
            library,
            keymap,
            theme,
            lang,
            size: Rect::new(0, 0, 80, 24),
            focus: Pane::Reports,
            mode: Mode::Normal,
            toggles: [None; 4],
            report_rows,
            report_cursor: 0,
            current: 0,
            blocks: Vec::new(),
            cursor: 0,
            top: (0, 0),
            collapsed: HashSet::new(),
            outline_cursor: 0,
            figure_cursor: 0,
            chosen_figure: None,
            search: Search {
                input: TextArea::default(),
                query: String::new(),
                matches: Vec::new(),
                current: None,
                origin: None,
            },
            message: None,
            effects: Vec::new(),
            quit: false,
            notes: Notes::open(None, String::new()),
            note_cursor: 0,
            popup: None,
            notes_changed: false,
            topics: Arc::new(Topics::bundled()),
            section_topics: Vec::new(),
            palette: None,
            palette_build: None,
            recent: Vec::new(),
            loading: None,
            resume_from: None,
            search_index: None,
            back: Vec::new(),
            forward: Vec::new(),
        };
        if !app.library.reports.is_empty() {
            app.open_report(0);
        }
        app.report_cursor = app.row_of_report(app.current).unwrap_or(0);
        app
    }

    /// The open report, if the library has any.
    pub fn report(&self) -> Option<&Report> {
        self.library.reports.get(self.current)
    }

    /// Which side panes are shown now.
    pub fn visible(&self) -> Visible {
        let auto = Visible::auto(self.size.width);
        Visible {
            reports: self.toggles[0].unwrap_or(auto.reports),
            outline: self.toggles[1].unwrap_or(auto.outline),
            figures: self.toggles[2].unwrap_or(auto.figures),
            notes: self.toggles[3].unwrap_or(auto.notes),
        }
    }

    /// The panes' rectangles for the current size.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.visible())
    }

    /// Width and height of the content pane's text area.
    pub fn content_view(&self) -> (usize, usize) {
        let c = self.areas().content;
        (
            c.width.saturating_sub(2 + GUTTER) as usize,
            c.height.saturating_sub(2) as usize,
        )
    }

    /// The lines of block `b` as byte ranges of its text, at the current width.
    pub fn block_lines(&self, b: usize) -> (String, Vec<Range<usize>>) {
        let Some(report) = self.report() else {
            return (String::new(), Vec::new());
        };
        let block = self.blocks[b];
        let text = block.text(report);
        let figures: Vec<Range<usize>> = block
            .paragraph(report)
            .map(|p| p.figures.iter().map(|f| f.range.clone()).collect())
            .unwrap_or_default();
        let lines = reading::wrap_keeping(&text, self.content_view().0, &figures);
        (text, lines)
    }

    fn block_height(&self, b: usize) -> usize {
        self.block_lines(b).1.len() + GAP
    }

    /// The section the cursor is in.
    pub fn current_section(&self) -> Option<usize> {
        self.blocks.get(self.cursor).and_then(|b| b.section())
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
            let hidden = r.ancestry(i)[..r.ancestry(i).len() - 1]
                .iter()
                .any(|a| self.collapsed.contains(a));
            if !hidden {
                rows.push(Some(i));
            }
        }
        rows
    }

    /// Figures shown in the figures pane: (block, figure index) for the current section's
    /// paragraphs, dates left out.
    pub fn section_figures(&self) -> Vec<(usize, usize)> {
        let Some(r) = self.report() else {
            return Vec::new();
        };
        let sec = self.current_section();
        self.all_figures(r)
            .into_iter()
            .filter(|&(b, _)| self.blocks[b].section() == sec)
            .collect()
    }

    /// Byte range of figure `(block, k)` in its block's text.
    fn figure_at(&self, (block, k): (usize, usize)) -> Option<Range<usize>> {
        let r = self.report()?;
        Some(
            self.blocks
                .get(block)?
                .paragraph(r)?
                .figures
                .get(k)?
                .range
                .clone(),
        )
    }

    fn all_figures(&self, r: &Report) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            if let Some(p) = block.paragraph(r) {
                for (k, f) in p.figures.iter().enumerate() {
                    if f.kind != FigureKind::Date {
                        out.push((b, k));
                    }
                }
            }
        }
        out
    }

    /// `千山区 2023 › 一、 › （三）`.
    pub fn breadcrumb(&self) -> String {
        let Some(r) = self.report() else {
            return String::new();
        };
        let mut parts = vec![r.short_name()];
        if let Some(s) = self.current_section() {
            parts.extend(r.ancestry(s).iter().map(|&i| r.sections[i].number.clone()));
        }
        parts.join(" › ")
    }

    /// Where the reader is now.
    pub fn place(&self) -> Place {
        Place {
            report: self.current,
            cursor: self.cursor,
            top: self.top,
        }
    }

    /// Go to a place (from the jump list or saved state).
    pub fn restore(&mut self, place: Place) {
        if place.report >= self.library.reports.len() {
            return;
        }
        if place.report != self.current {
            self.open_report(place.report);
        }
        self.cursor = place.cursor.min(self.blocks.len().saturating_sub(1));
        self.top = (place.top.0.min(self.cursor), place.top.1);
        self.ensure_visible();
        self.sync_panes();
    }

    /// Open report `index` at its beginning.
    pub fn open_report(&mut self, index: usize) {
        self.current = index;
        self.blocks = self.report().map(reading::blocks).unwrap_or_default();
        self.cursor = 0;
        self.top = (0, 0);
        self.collapsed.clear();
        self.chosen_figure = None;
        self.search.matches.clear();
        self.search.current = None;
        self.note_cursor = 0;
        if let Some(r) = self.library.reports.get(index) {
            self.notes.load(r);
            self.section_topics = self.topics.tag_report(r);
        }
        if !self.search.query.is_empty() {
            let q = self.search.query.clone();
            self.run_search(&q);
        }
        self.sync_panes();
    }

    fn row_of_report(&self, report: usize) -> Option<usize> {
        self.report_rows
            .iter()
            .position(|r| *r == ReportRow::Year(report))
    }

    /// Keep the outline and figures selections in step with the cursor.
    fn sync_panes(&mut self) {
        let sec = self.current_section();
        let rows = self.outline_rows();
        if let Some(k) = rows.iter().position(|&r| r == sec) {
            self.outline_cursor = k;
        } else if let Some(s) = sec {
            // Inside a collapsed section: select its visible ancestor.
            if let Some(r) = self.report() {
                let anc = r.ancestry(s);
                if let Some(k) = anc
                    .iter()
                    .rev()
                    .find_map(|a| rows.iter().position(|&r| r == Some(*a)))
                {
                    self.outline_cursor = k;
                }
            }
        }
        let figs = self.section_figures();
        self.figure_cursor = match self.chosen_figure {
            Some(f) => figs.iter().position(|&g| g == f).unwrap_or(0),
            None => figs
                .iter()
                .position(|&(b, _)| b >= self.cursor)
                .unwrap_or(0),
        };
    }

    /// Make the cursor block visible, scrolling as little as possible.
    fn ensure_visible(&mut self) {
        let (_, h) = self.content_view();
        if self.cursor < self.top.0 || (self.cursor == self.top.0 && self.top.1 > 0) {
            self.top = (self.cursor, 0);
            return;
        }
        // Lines from the top of the view to the end of the cursor block.
        let mut lines: usize = (self.top.0..=self.cursor)
            .map(|b| self.block_height(b))
            .sum();
        lines -= self.top.1;
        while lines > h.max(1) + GAP && self.top.0 < self.cursor {
            lines -= self.block_height(self.top.0) - self.top.1;
            self.top = (self.top.0 + 1, 0);
        }
    }

    /// Scroll the content by `delta` lines without moving the cursor.
    fn scroll_lines(&mut self, delta: isize) {
        if self.blocks.is_empty() {
            return;
        }
        let (mut b, mut l) = self.top;
        if delta > 0 {
            for _ in 0..delta {
                if l + 1 < self.block_height(b) {
                    l += 1;
                } else if b + 1 < self.blocks.len() {
                    b += 1;
                    l = 0;
                }
            }
        } else {
            for _ in 0..(-delta) {
                if l > 0 {
                    l -= 1;
                } else if b > 0 {
                    b -= 1;
                    l = self.block_height(b) - 1;
                }
            }
        }
        self.top = (b, l);
    }

    /// Blocks at least partly in view.
    pub fn visible_blocks(&self) -> Range<usize> {
        let (_, h) = self.content_view();
        let mut lines = 0usize;
        let mut b = self.top.0;
        while b < self.blocks.len() && lines < h + self.top.1 {
            lines += self.block_height(b);
            b += 1;
        }
        self.top.0..b
    }

    /// After a scroll, keep the cursor on a block that is at least partly in view.
    fn cursor_into_view(&mut self) {
        let vis = self.visible_blocks();
        if self.cursor < vis.start {
            self.cursor = vis.start;
        } else if self.cursor >= vis.end {
            self.cursor = vis.end.saturating_sub(1);
        }
        self.cursor = self.cursor.min(self.blocks.len().saturating_sub(1));
    }

    fn move_cursor_to(&mut self, block: usize) {
        self.cursor = block.min(self.blocks.len().saturating_sub(1));
        self.ensure_visible();
        self.sync_panes();
    }

    /// Move the cursor to `block` and scroll so that byte `at` of its text is in view (a
    /// match or figure deep inside a long paragraph).
    fn reveal(&mut self, block: usize, at: usize) {
        self.move_cursor_to(block);
        let (_, lines) = self.block_lines(self.cursor);
        let line = lines.iter().position(|r| r.contains(&at)).unwrap_or(0);
        let (_, h) = self.content_view();
        // Lines of the view above this block.
        let above: usize = if self.top.0 < self.cursor {
            (self.top.0..self.cursor)
                .map(|b| self.block_height(b))
                .sum::<usize>()
                - self.top.1
        } else {
            0
        };
        let row = if self.top.0 == self.cursor {
            line.checked_sub(self.top.1)
        } else {
            Some(above + line)
        };
        if row.is_none_or(|r| r >= h) {
            self.top = (self.cursor, line.saturating_sub(h / 3));
        }
    }

    fn remember(&mut self) {
        let here = self.place();
        if self.back.last() != Some(&here) {
            self.back.push(here);
            if self.back.len() > 100 {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    fn cycle_focus(&mut self, forward: bool) {
        let vis = self.visible();
        let order = [
            Pane::Reports,
            Pane::Outline,
            Pane::Content,
            Pane::Figures,
            Pane::Notes,
        ];
        let shown = |p: Pane| match p {
            Pane::Reports => vis.reports,
            Pane::Outline => vis.outline,
            Pane::Content => true,
            Pane::Figures => vis.figures,
            Pane::Notes => vis.notes,
        };
        let at = order.iter().position(|&p| p == self.focus).unwrap_or(2);
        for k in 1..=order.len() {
            let i = if forward {
                (at + k) % order.len()
            } else {
                (at + order.len() - k) % order.len()
            };
            if shown(order[i]) {
                self.focus = order[i];
                return;
            }
        }
    }

    fn toggle(&mut self, which: usize, pane: Pane) {
        let v = self.visible();
        let now = [v.reports, v.outline, v.figures, v.notes][which];
        self.toggles[which] = Some(!now);
        if now {
            if self.focus == pane {
                self.focus = Pane::Content;
            }
        } else {
            self.focus = pane;
        }
        self.ensure_visible();
    }

    fn run_search(&mut self, query: &str) {
        self.search.query = query.to_string();
        self.search.matches.clear();
        self.search.current = None;
        let Some(r) = self.library.reports.get(self.current) else {
            return;
        };
        for (b, block) in self.blocks.iter().enumerate() {
            let text = block.text(r);
            for range in reading::find_all(&text, query) {
                self.search.matches.push(Match { block: b, range });
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
        let next = match (self.search.current, skip_current) {
            (Some(c), true) => {
                if forward {
                    (c + 1) % n
                } else {
                    (c + n - 1) % n
                }
            }
            _ => {
                let at = self.cursor;
                if forward {
                    self.search
                        .matches
                        .iter()
                        .position(|m| m.block >= at)
                        .unwrap_or(0)
                } else {
                    self.search
                        .matches
                        .iter()
                        .rposition(|m| m.block <= at)
                        .unwrap_or(n - 1)
                }
            }
        };
        self.search.current = Some(next);
        let m = self.search.matches[next].clone();
        self.reveal(m.block, m.range.start);
    }

    /// Text and citation of the paragraph under the cursor, for copying.
    pub fn citation(&self) -> Option<String> {
        let r = self.report()?;
        let block = *self.blocks.get(self.cursor)?;
        let text = block.text(r);
        let path: String = block
            .section()
            .map(|s| {
                r.ancestry(s)
                    .iter()
                    .map(|&i| r.sections[i].number.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let year = r.meta.year.map(|y| format!("{y}年")).unwrap_or_default();
        let title = format!(
            "{} {}法治政府建设情况的报告",
            r.meta.district.as_deref().unwrap_or("?"),
            year
        );
        Some(if path.is_empty() {
            format!("{text}\n——{title}")
        } else {
            format!("{text}\n——{title} › {path}")
        })
    }
}

/// Up to this many reports the palette's candidates are built as soon as the reader is idle,
/// and opening the palette waits for them rather than showing it empty for a moment (building
/// them takes well under a second). Larger libraries build them when the palette first opens,
/// in the background.
const SMALL_LIBRARY: usize = 200;

/// React to one input event.
pub fn handle(app: &mut App, msg: Msg) {
    match msg {
        Msg::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            app.ensure_visible();
        }
        Msg::Tick => {
            if app.loading.as_ref().is_some_and(Loading::is_finished) {
                if let Some(loading) = app.loading.take() {
                    let (library, _) = loading.finish();
                    app.set_library(Arc::new(library));
                }
            }
            // A small library's candidates are built ahead, while the reader is idle; a large
            // one's cost memory (about 100 KB a report), so only once the palette is opened.
            if app.loading.is_none() && app.library.reports.len() <= SMALL_LIBRARY {
                app.start_palette_build();
            }
            if app.collect_palette(false) {
                app.requery();
            }
            app.drain_search();
            if let Some(Popup::Editor(ed)) = &mut app.popup {
                app.notes.save_draft(ed, false);
            }
            let lib = Arc::clone(&app.library);
            if app.notes.poll(lib.reports.get(app.current)) {
                app.note_cursor = app
                    .note_cursor
                    .min(app.notes.placed.len().saturating_sub(1));
                app.notes_changed = true;
            }
        }
        Msg::Paste(text) => {
            if let Some(p) = &mut app.popup {
                let outcome = popup::paste(p, &text);
                apply(app, outcome);
            } else if app.mode == Mode::Search {
                app.search.input.insert_str(text.replace(['\n', '\r'], " "));
                search_typed(app);
            }
        }
        Msg::Mouse(m) => mouse(app, m),
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return;
            }
            let scope_key = app.keymap.resolve(&key) == Some(Action::TogglePaletteScope);
            if let Some(p) = &mut app.popup {
                let outcome = popup::key(p, key, scope_key);
                apply(app, outcome);
                return;
            }
            match app.mode {
                Mode::Search => search_key(app, key),
                _ => {
                    if let Some(action) = app.keymap.resolve(&key) {
                        update(app, action);
                    } else if key.modifiers.contains(KeyModifiers::CONTROL)
                        && key.code == KeyCode::Char('c')
                    {
                        // A keymap without a quit key must not trap the user.
                        update(app, Action::Quit);
                    }
                }
            }
        }
    }
}

fn search_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            if let Some(origin) = app.search.origin.take() {
                app.restore(origin);
            }
            app.search.query.clear();
            app.search.matches.clear();
            app.search.current = None;
        }
        KeyCode::Enter => {
            app.mode = Mode::Normal;
            if let Some(origin) = app.search.origin.take() {
                if app.place() != origin {
                    app.back.push(origin);
                    app.forward.clear();
                }
            }
            if app.search.matches.is_empty() && !app.search.query.is_empty() {
                app.message = Some(app.lang.no_matches(&app.search.query));
            }
        }
        _ => {
            // Multi-line input makes no sense in a search line.
            if key.code == KeyCode::Char('m') && key.modifiers.contains(KeyModifiers::CONTROL) {
                return;
            }
            app.search.input.input(key);
            search_typed(app);
        }
    }
}

/// Incremental search: re-run on every keystroke and jump to the first match from where the
/// search began.
fn search_typed(app: &mut App) {
    let query = app.search.input.lines().join("");
    if let Some(origin) = app.search.origin {
        app.cursor = origin.cursor;
        app.top = origin.top;
    }
    app.run_search(&query);
    if !query.is_empty() && !app.search.matches.is_empty() {
        app.goto_match(true, false);
    } else if let Some(origin) = app.search.origin {
        app.restore(origin);
    }
}

fn mouse(app: &mut App, m: MouseEvent) {
    let areas = app.areas();
    let pane_at = |col, row| {
        [
            (areas.reports, Pane::Reports),
            (areas.outline, Pane::Outline),
            (Some(areas.content), Pane::Content),
            (areas.figures, Pane::Figures),
            (areas.notes, Pane::Notes),
        ]
        .into_iter()
        .find_map(|(r, p)| r.filter(|r| layout::contains(*r, col, row)).map(|r| (p, r)))
    };
    let Some((pane, rect)) = pane_at(m.column, m.row) else {
        return;
    };
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = matches!(m.kind, MouseEventKind::ScrollDown);
            let before = app.focus;
            app.focus = pane;
            if pane == Pane::Content {
                app.scroll_lines(if down { 3 } else { -3 });
                app.cursor_into_view();
                app.sync_panes();
            } else {
                update(app, if down { Action::Down } else { Action::Up });
            }
            app.focus = before;
        }
        MouseEventKind::Down(_) => {
            app.focus = pane;
            let row = m.row.saturating_sub(rect.y + 1) as usize;
            match pane {
                Pane::Content => {
                    // Find the block drawn at this row.
                    let mut line = 0usize;
                    for b in app.visible_blocks() {
                        let skip = if b == app.top.0 { app.top.1 } else { 0 };
                        let h = app.block_height(b) - skip;
                        if row < line + h {
                            app.move_cursor_to(b);
                            break;
                        }
                        line += h;
                    }
                }
                Pane::Reports => {
                    let offset = list_offset(app.report_cursor, rect);
                    let k = offset + row;
                    if let Some(ReportRow::Year(r)) = app.report_rows.get(k).cloned() {
                        app.report_cursor = k;
                        app.remember();
                        app.open_report(r);
                    }
                }
                Pane::Outline => {
                    let offset = list_offset(app.outline_cursor, rect);
                    if offset + row < app.outline_rows().len() {
                        app.outline_cursor = offset + row;
                        outline_follow(app);
                    }
                }
                Pane::Notes => {
                    let offset = list_offset(app.note_cursor, rect);
                    if offset + row < app.notes.placed.len() {
                        app.note_cursor = offset + row;
                    }
                }
                Pane::Figures => {
                    let offset = list_offset(app.figure_cursor, rect);
                    if offset + row < app.section_figures().len() {
                        app.figure_cursor = offset + row;
                        update(app, Action::Open);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The first row a list shows so that `cursor` is visible (lists keep the cursor in view by
/// scrolling only as far as needed from the top).
pub fn list_offset(cursor: usize, rect: Rect) -> usize {
    let h = rect.height.saturating_sub(2) as usize;
    if h == 0 {
        return 0;
    }
    cursor.saturating_sub(h - 1)
}

/// Move the content to the section selected in the outline.
fn outline_follow(app: &mut App) {
    let rows = app.outline_rows();
    let Some(&row) = rows.get(app.outline_cursor) else {
        return;
    };
    let target = match row {
        None => 0,
        Some(s) => app
            .blocks
            .iter()
            .position(|&b| b == Block::Heading(s))
            .unwrap_or(0),
    };
    app.cursor = target;
    app.top = (target, 0);
    app.chosen_figure = None;
    let keep = app.outline_cursor;
    app.sync_panes();
    app.outline_cursor = keep;
}

/// Carry out what a popup asked for.
fn apply(app: &mut App, outcome: Outcome) {
    match outcome {
        Outcome::Stay => {}
        Outcome::Close => app.popup = None,
        Outcome::Typed => {
            if let Some(Popup::Editor(ed)) = &mut app.popup {
                app.notes.save_draft(ed, false);
            }
        }
        Outcome::SaveNote => {
            let Some(Popup::Editor(ed)) = app.popup.take() else {
                return;
            };
            if ed.text().trim().is_empty() {
                app.message = Some(app.lang.empty_note());
                app.popup = Some(Popup::Editor(ed));
                return;
            }
            match app.notes.save(&ed) {
                Ok(_) => {
                    app.message = Some(app.lang.note_saved());
                    app.reload_notes();
                }
                Err(e) => {
                    // Keep the editor (and its draft) so nothing typed is lost.
                    app.message = Some(e);
                    app.popup = Some(Popup::Editor(ed));
                }
            }
        }
        Outcome::DiscardNote => {
            if let Some(Popup::Editor(ed)) = app.popup.take() {
                app.notes.discard(&ed);
                app.message = Some(app.lang.note_discarded());
            }
        }
        Outcome::Answer(q, yes) => {
            app.popup = None;
            match q {
                Question::DeleteNote(id) if yes => match app.notes.delete(id) {
                    Ok(()) => {
                        app.message = Some(app.lang.note_deleted());
                        app.reload_notes();
                    }
                    Err(e) => app.message = Some(e),
                },
                Question::DeleteNote(_) => {}
                Question::RestoreDraft(target, text) => {
                    let quote = app.quote_for(&target);
                    let original = match &target {
                        Target::Existing { id, .. } => app
                            .notes
                            .placed
                            .iter()
                            .find(|p| p.note.id == *id)
                            .map(|p| p.note.body.clone())
                            .unwrap_or_default(),
                        Target::New { .. } => String::new(),
                    };
                    let ed = Editor::new(target.clone(), quote, &text, &original);
                    if yes {
                        app.goto_target(&target);
                        app.popup = Some(Popup::Editor(Box::new(ed)));
                    } else {
                        app.notes.discard(&ed);
                    }
                }
            }
        }
        Outcome::Refilter => {
            if let Some(Popup::AllNotes(list)) = &mut app.popup {
                list.refilter();
            }
        }
        Outcome::JumpToNote(note) => {
            app.popup = None;
            app.jump_to_note(&note);
        }
        Outcome::Requery => app.requery(),
        Outcome::ToggleScope => {
            if let Some(Popup::Palette(p)) = &mut app.popup {
                p.all = !p.all;
                p.cursor = 0;
            }
            app.requery();
        }
        Outcome::Pick => {
            let kind = match &app.popup {
                Some(Popup::Palette(p)) => p.hits.get(p.cursor).and_then(|h| {
                    app.palette
                        .as_ref()
                        .map(|ix| ix.candidates()[h.candidate].kind)
                }),
                _ => None,
            };
            app.popup = None;
            if let Some(kind) = kind {
                app.choose(kind);
            }
        }
        Outcome::OpenSection(report, section) => {
            app.popup = None;
            app.goto_section(report, section);
        }
        Outcome::NextTopic => {
            let shown = match &app.popup {
                Some(Popup::Topic(v)) => v.topic,
                _ => return,
            };
            let ranked = app
                .current_section()
                .and_then(|s| app.section_topics.get(s));
            if let Some(t) = ranked.and_then(|r| crate::topic::next_topic(r, shown)) {
                app.open_topic(t);
            }
        }
        Outcome::Research => app.research(),
        Outcome::GotoMatch => {
            let hit = match &app.popup {
                Some(Popup::Everywhere(e)) => e.hits.get(e.cursor).cloned(),
                _ => None,
            };
            if let Some(hit) = hit {
                app.popup = None;
                app.goto_hit(&hit);
            }
        }
    }
}

/// Matches kept per query: more than anyone reads, few enough to stay light.
const MAX_EVERYWHERE_HITS: usize = 5_000;

impl App {
    /// Start with the library loading in the background: the first frame shows at once, the
    /// status line shows progress, and the reports fill in when it is done.
    pub fn start_loading(&mut self, loading: Loading) {
        self.loading = Some(loading);
    }

    /// `(done, total)` while the library loads.
    pub fn loading_progress(&self) -> Option<(usize, usize)> {
        self.loading.as_ref().map(Loading::progress)
    }

    /// Use a (newly loaded) library: everything derived from the old one is dropped.
    pub fn set_library(&mut self, library: Arc<Library>) {
        self.library = library;
        self.report_rows = report_rows(&self.library);
        self.forget_palette();
        self.search_index = None;
        self.recent.clear();
        self.back.clear();
        self.forward.clear();
        if !self.library.reports.is_empty() {
            self.open_report(0);
        }
        self.report_cursor = self.row_of_report(self.current).unwrap_or(0);
        if let Some(p) = &self.library.problems.first() {
            self.message = Some(p.to_string());
        }
        if let Some(path) = self.resume_from.take() {
            super::resume::restore(&path, self);
        }
    }

    /// Open the search-everywhere view.
    pub fn open_everywhere(&mut self) {
        self.popup = Some(Popup::Everywhere(Box::new(Everywhere {
            input: TextArea::default(),
            regex: false,
            hits: Vec::new(),
            cursor: 0,
            error: None,
            job: None,
        })));
    }

    /// Run the search-everywhere query again, on a worker thread; the previous one stops.
    fn research(&mut self) {
        if self.search_index.is_none() {
            self.search_index = Some(Arc::new(SearchIndex::build(&self.library.reports)));
        }
        let (Some(ix), Some(Popup::Everywhere(e))) = (&self.search_index, &mut self.popup) else {
            return;
        };
        e.job = None;
        e.hits.clear();
        e.error = None;
        let text = e.input.lines().join("");
        if text.trim().is_empty() {
            return;
        }
        let query = if e.regex {
            Query::regex(&text)
        } else {
            Query::literal(&text)
        };
        let query = match query {
            Ok(q) => q,
            Err(err) => {
                e.error = Some(err.to_string());
                return;
            }
        };
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel();
        let (ix, stop) = (Arc::clone(ix), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let mut sent = 0;
            ix.search(&query, &stop, &mut |hit| {
                sent += 1;
                if tx.send(hit).is_err() || sent >= MAX_EVERYWHERE_HITS {
                    std::ops::ControlFlow::Break(())
                } else {
                    std::ops::ControlFlow::Continue(())
                }
            });
        });
        e.job = Some(SearchJob {
            cancel,
            results: rx,
        });
        // The first matches of a short search are usually there already.
        std::thread::sleep(std::time::Duration::from_millis(2));
        self.drain_search();
    }

    /// Take the matches the worker has found so far.
    fn drain_search(&mut self) {
        let Some(Popup::Everywhere(e)) = &mut self.popup else {
            return;
        };
        let Some(job) = &e.job else {
            return;
        };
        loop {
            match job.results.try_recv() {
                Ok(hit) => e.hits.push(hit),
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    e.job = None;
                    return;
                }
            }
        }
    }

    /// Open a search-everywhere match in its report.
    fn goto_hit(&mut self, hit: &crate::search::Hit) {
        let place = hit.place;
        self.remember();
        if place.report != self.current {
            self.open_report(place.report);
        }
        let block = match (place.section, place.paragraph) {
            (Some(s), None) => self.blocks.iter().position(|b| *b == Block::Heading(s)),
            (section, Some(para)) => self
                .blocks
                .iter()
                .position(|b| *b == Block::Para { section, para }),
            (None, None) => None,
        };
        if let Some(b) = block {
            // A heading's block text starts with its number; the hit is in the title.
            let offset = match self.blocks[b] {
                Block::Heading(s) => self.library.reports[self.current].sections[s].number.len(),
                Block::Para { .. } => 0,
            };
            self.reveal(b, offset + hit.range.start);
            self.focus = Pane::Content;
        }
    }
}

impl App {
    /// Use this topic list (the user's, from the config dir) instead of the bundled one.
    pub fn set_topics(&mut self, topics: Arc<Topics>) {
        self.topics = topics;
        self.forget_palette();
        if let Some(r) = self.library.reports.get(self.current) {
            self.section_topics = self.topics.tag_report(r);
        }
    }

    /// Drop the palette's candidates (and any build under way) after the reports or topics
    /// changed; they are built again when needed.
    fn forget_palette(&mut self) {
        self.palette = None;
        // A build of the old reports finishes on its own and is then dropped.
        self.palette_build = None;
    }

    /// Start building the palette's candidates in the background, unless they are built or
    /// being built.
    fn start_palette_build(&mut self) {
        if self.palette.is_some() || self.palette_build.is_some() {
            return;
        }
        let library = Arc::clone(&self.library);
        let topics = Arc::clone(&self.topics);
        let spawned = std::thread::Builder::new()
            .name("palette-index".into())
            .spawn(move || PaletteIndex::build(&library.reports, &topics));
        match spawned {
            Ok(handle) => self.palette_build = Some(handle),
            // No thread to be had: build here, the user waits once.
            Err(_) => {
                self.palette = Some(Arc::new(PaletteIndex::build(
                    &self.library.reports,
                    &self.topics,
                )))
            }
        }
    }

    /// Take the palette's candidates once the background build is done (or, with `wait`,
    /// wait for it). True when they just arrived.
    fn collect_palette(&mut self, wait: bool) -> bool {
        if !self
            .palette_build
            .as_ref()
            .is_some_and(|h| wait || h.is_finished())
        {
            return false;
        }
        let Some(handle) = self.palette_build.take() else {
            return false;
        };
        match handle.join() {
            Ok(index) => self.palette = Some(Arc::new(index)),
            // Building only reads the reports; a panic there is a bug, so pass it on.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        true
    }

    /// Use candidates built elsewhere for these reports and topics (a server builds them once
    /// for all its sessions).
    pub fn share_palette(&mut self, index: Arc<PaletteIndex>) {
        self.palette_build = None;
        self.palette = Some(index);
    }

    /// True while the palette is open but its candidates are still being built.
    pub fn palette_building(&self) -> bool {
        self.palette.is_none() && self.palette_build.is_some()
    }

    /// Open the palette. A small library's candidates are usually built by then, or waited
    /// for (a fraction of a second); a large library opens the palette at once and shows
    /// results when they are ready.
    pub fn open_palette(&mut self) {
        self.start_palette_build();
        self.collect_palette(self.library.reports.len() <= SMALL_LIBRARY);
        self.popup = Some(Popup::Palette(Box::new(Palette {
            input: TextArea::default(),
            all: true,
            hits: Vec::new(),
            cursor: 0,
        })));
        self.requery();
    }

    /// Re-run the palette query.
    fn requery(&mut self) {
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
        p.hits = ix.query(&query, scope, &recent);
        p.cursor = p.cursor.min(p.hits.len().saturating_sub(1));
    }

    /// Go where a palette candidate leads.
    pub fn choose(&mut self, kind: CandidateKind) {
        self.recent.retain(|k| *k != kind);
        self.recent.push(kind);
        if self.recent.len() > 50 {
            self.recent.remove(0);
        }
        match kind {
            CandidateKind::Topic(t) => self.open_topic(t),
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
                let block = self.blocks.iter().position(|b| {
                    *b == Block::Para {
                        section,
                        para: paragraph,
                    }
                });
                if let Some(b) = block {
                    self.chosen_figure = Some((b, figure));
                    let at = self.figure_at((b, figure)).map_or(0, |r| r.start);
                    self.reveal(b, at);
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
        if let Some(b) = self
            .blocks
            .iter()
            .position(|b| *b == Block::Heading(section))
        {
            self.chosen_figure = None;
            self.cursor = b;
            self.top = (b, 0);
            self.sync_panes();
        }
        self.focus = Pane::Content;
    }

    /// Show one topic across all reports.
    pub fn open_topic(&mut self, topic: usize) {
        let rows = self.topics.topic_rows(&self.library.reports, topic);
        self.popup = Some(Popup::Topic(Box::new(TopicView {
            topic,
            rows,
            cursor: 0,
        })));
    }
}

impl App {
    /// Use this notes store: load the open report's notes and offer back a draft an earlier
    /// session left unsaved.
    pub fn attach_notes(&mut self, notes: Notes) {
        self.notes = notes;
        self.reload_notes();
        if let Some(e) = &self.notes.error {
            self.message = Some(e.clone());
        }
        if let Some((target, text)) = self.notes.leftover_drafts().into_iter().next() {
            let question = self.lang.restore_draft(&text);
            self.popup = Some(Popup::Confirm(
                Question::RestoreDraft(target, text),
                question,
            ));
        }
    }

    /// Save the open editor's draft now (the session is ending).
    pub fn flush_draft(&mut self) {
        if let Some(Popup::Editor(ed)) = &mut self.popup {
            self.notes.save_draft(ed, true);
        }
    }

    /// Did notes change under us since this was last asked? (Tells the loop to redraw.)
    pub fn notes_changed(&mut self) -> bool {
        std::mem::take(&mut self.notes_changed)
    }

    /// Re-read the open report's notes.
    pub fn reload_notes(&mut self) {
        let lib = Arc::clone(&self.library);
        if let Some(r) = lib.reports.get(self.current) {
            self.notes.load(r);
        }
        self.note_cursor = self
            .note_cursor
            .min(self.notes.placed.len().saturating_sub(1));
    }

    /// Index of block `b` among the report's paragraphs (as notes count them).
    pub fn paragraph_index(&self, b: usize) -> Option<usize> {
        match self.blocks.get(b)? {
            Block::Heading(_) => None,
            Block::Para { .. } => Some(
                self.blocks[..b]
                    .iter()
                    .filter(|x| matches!(x, Block::Para { .. }))
                    .count(),
            ),
        }
    }

    /// The block of paragraph `k`.
    pub fn block_of_paragraph(&self, k: usize) -> Option<usize> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, x)| matches!(x, Block::Para { .. }))
            .nth(k)
            .map(|(i, _)| i)
    }

    /// Open the report of an editor target and put the cursor on its paragraph.
    fn goto_target(&mut self, target: &Target) {
        let (Target::New { report, .. } | Target::Existing { report, .. }) = target;
        let Some(i) = self.library.reports.iter().position(|r| &r.id() == report) else {
            return;
        };
        if i != self.current {
            self.open_report(i);
        }
        let paragraph = match target {
            Target::New { anchor, .. } => {
                crate::note::locate_in_report(anchor, &self.library.reports[i]).index()
            }
            Target::Existing { id, .. } => self
                .notes
                .placed
                .iter()
                .find(|p| p.note.id == *id)
                .and_then(|p| p.paragraph),
        };
        if let Some(b) = paragraph.and_then(|k| self.block_of_paragraph(k)) {
            self.move_cursor_to(b);
            self.focus = Pane::Content;
        }
    }

    /// The text quoted above the editor for a target.
    fn quote_for(&self, target: &Target) -> String {
        match target {
            Target::New { anchor, figure, .. } => match figure {
                Some(f) => format!("{f} — {}", anchor.quote.exact),
                None => anchor.quote.exact.clone(),
            },
            Target::Existing { id, .. } => self
                .notes
                .placed
                .iter()
                .find(|p| p.note.id == *id)
                .map(|p| p.note.anchor.quote.exact.clone())
                .unwrap_or_default(),
        }
    }

    /// The note selected in the notes pane, or else the first note on the cursor paragraph.
    fn selected_note(&self) -> Option<&crate::note::Note> {
        if self.focus == Pane::Notes {
            return self.notes.placed.get(self.note_cursor).map(|p| &p.note);
        }
        let k = self.paragraph_index(self.cursor)?;
        self.notes.on_paragraph(k).next().map(|p| &p.note)
    }

    /// Open the editor for a new note on the cursor paragraph (or on the chosen figure).
    fn annotate(&mut self) {
        if self.notes.store.is_none() {
            self.message = self.notes.error.clone();
            return;
        }
        let Some(r) = self.library.reports.get(self.current) else {
            return;
        };
        let Some(k) = self.paragraph_index(self.cursor) else {
            self.message = Some(self.lang.annotate_where());
            return;
        };
        let views = crate::note::paragraph_views(r);
        let figure = self
            .chosen_figure
            .filter(|&(b, _)| b == self.cursor)
            .and_then(|f| {
                let p = self.blocks[f.0].paragraph(r)?;
                p.figures.get(f.1).cloned()
            });
        let span = figure.as_ref().map(|f| f.range.clone());
        let Some(anchor) = crate::note::anchor_at(&views, k, span) else {
            return;
        };
        let target = Target::New {
            report: r.id(),
            anchor,
            figure: figure.as_ref().map(|f| f.text.clone()),
        };
        let quote = match &figure {
            Some(f) => format!("{} {} — {}", f.label, f.text, views[k].text),
            None => views[k].text.to_string(),
        };
        self.popup = Some(Popup::Editor(Box::new(Editor::new(target, quote, "", ""))));
    }

    fn edit_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            self.message = Some(self.lang.no_note_here());
            return;
        };
        let target = Target::Existing {
            id: note.id,
            report: note.report_id.clone(),
        };
        let quote = note.anchor.quote.exact.clone();
        self.popup = Some(Popup::Editor(Box::new(Editor::new(
            target, quote, &note.body, &note.body,
        ))));
    }

    fn delete_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            self.message = Some(self.lang.no_note_here());
            return;
        };
        let question = self.lang.confirm_delete(&note.body);
        self.popup = Some(Popup::Confirm(Question::DeleteNote(note.id), question));
    }

    fn all_notes(&mut self) {
        let names = self
            .library
            .reports
            .iter()
            .map(|r| (r.id(), r.short_name()))
            .collect();
        let mut list = AllNotes {
            input: TextArea::default(),
            notes: self.notes.all(),
            names,
            shown: Vec::new(),
            cursor: 0,
        };
        list.refilter();
        self.popup = Some(Popup::AllNotes(Box::new(list)));
    }

    /// Open the note's report and put the cursor on its paragraph.
    pub fn jump_to_note(&mut self, note: &crate::note::Note) {
        let Some(i) = self
            .library
            .reports
            .iter()
            .position(|r| r.id() == note.report_id)
        else {
            self.message = Some(self.lang.report_missing(&note.report_id));
            return;
        };
        self.remember();
        if i != self.current {
            self.open_report(i);
        }
        let placed = self
            .notes
            .placed
            .iter()
            .find(|p| p.note.uuid == note.uuid)
            .and_then(|p| p.paragraph);
        match placed.and_then(|k| self.block_of_paragraph(k)) {
            Some(b) => {
                self.move_cursor_to(b);
                self.focus = Pane::Content;
            }
            None => self.message = Some(self.lang.orphan_note()),
        }
        self.note_cursor = self
            .notes
            .placed
            .iter()
            .position(|p| p.note.uuid == note.uuid)
            .unwrap_or(0);
    }
}

/// Carry out one action.
pub fn update(app: &mut App, action: Action) {
    app.message = None;
    if let Mode::Help(scroll) = app.mode {
        app.mode = match action {
            Action::Down => Mode::Help(scroll + 1),
            Action::Up => Mode::Help(scroll.saturating_sub(1)),
            Action::PageDown | Action::HalfPageDown => Mode::Help(scroll + 10),
            Action::PageUp | Action::HalfPageUp => Mode::Help(scroll.saturating_sub(10)),
            Action::Top => Mode::Help(0),
            Action::Quit => {
                app.quit = true;
                Mode::Normal
            }
            _ => Mode::Normal,
        };
        return;
    }
    let (_, view_h) = app.content_view();
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.mode = Mode::Help(0),
        Action::Cancel => {
            app.chosen_figure = None;
            app.search.matches.clear();
            app.search.current = None;
            app.search.query.clear();
        }
        Action::NextPane => app.cycle_focus(true),
        Action::PrevPane => app.cycle_focus(false),
        Action::ToggleReports => app.toggle(0, Pane::Reports),
        Action::ToggleOutline => app.toggle(1, Pane::Outline),
        Action::ToggleFigures => app.toggle(2, Pane::Figures),
        Action::Search => {
            app.mode = Mode::Search;
            app.search.input = TextArea::default();
            app.search.origin = Some(app.place());
        }
        Action::SearchNext | Action::SearchPrev => {
            if app.search.query.is_empty() {
                app.message = Some(app.lang.no_search());
            } else {
                app.remember();
                app.goto_match(action == Action::SearchNext, true);
            }
        }
        Action::NextSection | Action::PrevSection => {
            let next = action == Action::NextSection;
            let heading = |b: &Block| matches!(b, Block::Heading(_));
            let target = if next {
                app.blocks
                    .iter()
                    .enumerate()
                    .skip(app.cursor + 1)
                    .find(|(_, b)| heading(b))
                    .map(|(i, _)| i)
            } else {
                app.blocks[..app.cursor.min(app.blocks.len())]
                    .iter()
                    .rposition(heading)
            };
            if let Some(t) = target {
                app.chosen_figure = None;
                app.cursor = t;
                app.top = (t, 0);
                app.sync_panes();
            }
        }
        Action::NextFigure | Action::PrevFigure => {
            let Some(r) = app.library.reports.get(app.current) else {
                return;
            };
            let all = app.all_figures(r);
            let here = app.chosen_figure.unwrap_or((app.cursor, usize::MAX));
            let found = if action == Action::NextFigure {
                let here = app.chosen_figure.unwrap_or((app.cursor, 0));
                let strictly = app.chosen_figure.is_some();
                all.iter()
                    .copied()
                    .find(|&f| if strictly { f > here } else { f >= here })
            } else {
                all.iter().copied().rev().find(|&f| f < here)
            };
            match found {
                Some(f) => {
                    app.chosen_figure = Some(f);
                    let at = app.figure_at(f).map_or(0, |r| r.start);
                    app.reveal(f.0, at);
                }
                None => app.message = Some(app.lang.no_more_figures()),
            }
        }
        Action::JumpBack => {
            if let Some(p) = app.back.pop() {
                app.forward.push(app.place());
                app.restore(p);
            }
        }
        Action::JumpForward => {
            if let Some(p) = app.forward.pop() {
                app.back.push(app.place());
                app.restore(p);
            }
        }
        Action::Copy => match app.citation() {
            Some(text) => {
                let n = text.chars().count();
                app.effects.push(Effect::Copy(text));
                app.message = Some(app.lang.copied(n));
            }
            None => app.message = Some(app.lang.nothing_to_copy()),
        },
        Action::Annotate => app.annotate(),
        Action::EditNote => app.edit_note(),
        Action::DeleteNote => app.delete_note(),
        Action::AllNotes => app.all_notes(),
        Action::ToggleNotes => app.toggle(3, Pane::Notes),
        Action::Palette => app.open_palette(),
        Action::TopicView => {
            let tags = app
                .current_section()
                .and_then(|s| app.section_topics.get(s))
                .cloned()
                .unwrap_or_default();
            match tags.first() {
                Some(&t) => app.open_topic(t),
                None => app.message = Some(app.lang.no_topic()),
            }
        }
        Action::SearchEverywhere => app.open_everywhere(),
        Action::TogglePaletteScope => {}
        _ => match app.focus {
            Pane::Content => content_move(app, action, view_h),
            Pane::Reports => reports_move(app, action),
            Pane::Outline => outline_move(app, action),
            Pane::Figures => figures_move(app, action),
            Pane::Notes => notes_move(app, action),
        },
    }
}

fn content_move(app: &mut App, action: Action, view_h: usize) {
    let last = app.blocks.len().saturating_sub(1);
    match action {
        Action::Down | Action::Right => {
            // A paragraph taller than what is left of the view scrolls before the cursor moves.
            let vis = app.visible_blocks();
            let bottom_cut = app.cursor + 1 == vis.end && {
                let before: usize = (vis.start..app.cursor).map(|b| app.block_height(b)).sum();
                before + app.block_height(app.cursor) - app.top.1 > view_h + GAP
            };
            if bottom_cut {
                app.scroll_lines((view_h / 2).max(1) as isize);
            } else if app.cursor < last {
                app.chosen_figure = None;
                app.move_cursor_to(app.cursor + 1);
            }
        }
        Action::Up | Action::Left => {
            if app.cursor == app.top.0 && app.top.1 > 0 {
                app.scroll_lines(-((view_h / 2).max(1) as isize));
            } else if app.cursor > 0 {
                app.chosen_figure = None;
                app.move_cursor_to(app.cursor - 1);
            }
        }
        Action::PageDown | Action::HalfPageDown | Action::PageUp | Action::HalfPageUp => {
            let n = match action {
                Action::PageDown | Action::PageUp => view_h.saturating_sub(2).max(1),
                _ => (view_h / 2).max(1),
            } as isize;
            let down = matches!(action, Action::PageDown | Action::HalfPageDown);
            app.scroll_lines(if down { n } else { -n });
            app.cursor_into_view();
            app.sync_panes();
        }
        Action::Top => {
            app.remember();
            app.move_cursor_to(0);
        }
        Action::Bottom => {
            app.remember();
            app.move_cursor_to(last);
        }
        Action::Open | Action::Collapse => {}
        _ => {}
    }
}

fn step(cursor: usize, len: usize, action: Action, page: usize) -> usize {
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

fn reports_move(app: &mut App, action: Action) {
    let page = app.size.height.saturating_sub(4).max(1) as usize;
    let rows = &app.report_rows;
    let selectable = |k: usize| matches!(rows.get(k), Some(ReportRow::Year(_)));
    match action {
        Action::Open | Action::Right => {
            if let Some(ReportRow::Year(r)) = app.report_rows.get(app.report_cursor).cloned() {
                if r != app.current {
                    app.remember();
                    app.open_report(r);
                }
                app.focus = Pane::Content;
            }
        }
        _ => {
            let target = step(app.report_cursor, rows.len(), action, page);
            // Headings are not selectable: keep going in the same direction, or back.
            let down = target >= app.report_cursor;
            let found = if down {
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
                app.report_cursor = k;
            }
        }
    }
}

fn outline_move(app: &mut App, action: Action) {
    let rows = app.outline_rows();
    let page = app.size.height.saturating_sub(4).max(1) as usize;
    let Some(r) = app.library.reports.get(app.current) else {
        return;
    };
    let selected = rows.get(app.outline_cursor).copied().flatten();
    let has_children = |s: usize| r.children(Some(s)).next().is_some();
    match action {
        Action::Open => {
            if let Some(s) = selected {
                if has_children(s) && !app.collapsed.remove(&s) {
                    app.collapsed.insert(s);
                }
            }
            app.remember();
            outline_follow(app);
        }
        Action::Right => {
            if let Some(s) = selected {
                app.collapsed.remove(&s);
            }
        }
        Action::Left | Action::Collapse => {
            if let Some(s) = selected {
                if has_children(s) && !app.collapsed.contains(&s) {
                    app.collapsed.insert(s);
                } else if let Some(p) = r.sections[s].parent {
                    app.collapsed.insert(p);
                    let rows = app.outline_rows();
                    app.outline_cursor = rows.iter().position(|&x| x == Some(p)).unwrap_or(0);
                    outline_follow(app);
                }
            }
        }
        _ => {
            app.outline_cursor = step(app.outline_cursor, rows.len(), action, page);
            outline_follow(app);
        }
    }
}

fn figures_move(app: &mut App, action: Action) {
    let figs = app.section_figures();
    let page = app.size.height.saturating_sub(4).max(1) as usize;
    match action {
        Action::Open | Action::Right => {
            if let Some(&f) = figs.get(app.figure_cursor) {
                app.remember();
                app.chosen_figure = Some(f);
                let at = app.figure_at(f).map_or(0, |r| r.start);
                app.reveal(f.0, at);
            }
        }
        _ => {
            app.figure_cursor = step(app.figure_cursor, figs.len(), action, page);
            // Choosing a figure moves the content to it.
            if let Some(&f) = figs.get(app.figure_cursor) {
                app.chosen_figure = Some(f);
                let at = app.figure_at(f).map_or(0, |r| r.start);
                let keep = app.figure_cursor;
                app.reveal(f.0, at);
                app.figure_cursor = keep;
            }
        }
    }
}

fn notes_move(app: &mut App, action: Action) {
    let page = app.size.height.saturating_sub(4).max(1) as usize;
    match action {
        Action::Open | Action::Right => {
            if let Some(p) = app.notes.placed.get(app.note_cursor) {
                let note = p.note.clone();
                app.jump_to_note(&note);
            }
        }
        _ => app.note_cursor = step(app.note_cursor, app.notes.placed.len(), action, page),
    }
}

/// The rows of the reports pane: province › prefecture › district › years (newest first,
/// as the library is sorted).
pub fn report_rows(library: &Library) -> Vec<ReportRow> {
    let mut rows = Vec::new();
    let (mut prov, mut pref, mut dist) = (None, None, None);
    for (i, r) in library.reports.iter().enumerate() {
        let p = r.meta.province.clone().unwrap_or_else(|| "?".into());
        let f = r.meta.prefecture.clone().unwrap_or_else(|| "?".into());
        let d = r.meta.district.clone().unwrap_or_else(|| "?".into());
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
