//! The reader's state and `update`: every change to what the user sees happens as the
//! answer to an [`Action`] (or an input event, see [`super::input`]). Widgets only read this
//! state.
//!
//! `App` reads like a table of contents; each concern has its own file:
//! the view of the open report ([`super::view`]), moving and the jump list
//! ([`super::nav`]), search in a report ([`super::find`]), going anywhere in the library
//! ([`super::goto`]), notes ([`super::annotate`], [`super::notebook`]), popups
//! ([`super::popup`]) and background work ([`super::jobs`]).

use super::action::Action;
use super::compare::ReportIndex;
use super::find::Search;
use super::jobs::Job;
use super::keymap::{Context, Keymap};
use super::lang::Lang;
use super::layout::{self, Areas, Visible};
use super::nav::{self, JumpList, PaneChoice};
use super::notebook::Notes;
use super::popup::Popup;
use super::reading;
use super::theme::Theme;
use super::view::{ScrollPos, View};
use crate::library::{Library, Loading};
use crate::palette::{CandidateKey, PaletteIndex};
use crate::report::Report;
use crate::topic::{Tagged, Topics};
use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;
use std::collections::HashSet;
use std::sync::Arc;

pub use super::input::handle;
pub use super::nav::{Place, ReportRow};
pub use super::view::GUTTER;

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
    /// Clear the terminal and draw everything again (`Ctrl-L`: another program wrote over
    /// the screen).
    Redraw,
}

/// The whole state of one reader session.
pub struct App {
    /// All reports.
    pub(super) library: Arc<Library>,
    /// Keys → actions.
    pub(super) keymap: Keymap,
    /// Styles.
    pub(super) theme: Theme,
    /// UI language.
    pub(super) lang: Lang,
    /// Terminal size.
    pub(super) size: Rect,
    /// Focused pane.
    pub(super) focus: Pane,
    /// Keyboard mode.
    pub(super) mode: Mode,
    /// Side panes the user showed or hid.
    pub(super) panes: PaneChoice,
    /// Rows of the reports pane.
    pub(super) report_rows: Vec<ReportRow>,
    /// Selected row in the reports pane.
    pub(super) report_cursor: usize,
    /// The open report.
    pub(super) current: usize,
    /// It, decoded: held while it is open, however many reports the library has decoded
    /// since (it keeps only the last few).
    pub(super) open: Option<Arc<Report>>,
    /// Its passages, the cursor and the scroll position.
    pub(super) view: View,
    /// Collapsed sections in the outline.
    pub(super) collapsed: HashSet<usize>,
    /// Selected row in the outline (an index into [`App::outline_rows`]).
    pub(super) outline_cursor: usize,
    /// Selected row in the figures pane.
    pub(super) figure_cursor: usize,
    /// The figure chosen with `}`/`{` or the figures pane: (passage, figure index).
    pub(super) chosen_figure: Option<(usize, usize)>,
    /// Search in the open report.
    pub(super) search: Search,
    /// A message for the status line.
    pub(super) message: Option<String>,
    /// The user reads over SSH: nothing they type names a file to write on the server.
    pub(super) remote: bool,
    /// Effects for the shell to carry out.
    pub(super) effects: Vec<Effect>,
    /// Set when the user quits.
    pub(super) quit: bool,
    /// Notes: the store and the open report's notes.
    pub(super) notes: Notes,
    /// Selected row in the notes pane.
    pub(super) note_cursor: usize,
    /// The open popup, which takes the keys.
    pub(super) popup: Option<Popup>,
    /// Another process changed the notes since the last frame.
    pub(super) notes_changed: bool,
    /// The topic list.
    pub(super) topics: Arc<Topics>,
    /// Topics of each section of the open report.
    pub(super) section_topics: Vec<Vec<usize>>,
    /// Topics of each section of every report, and each report prepared for comparing, once
    /// per report; shared with the job that prepares the chooser's first reports.
    pub(super) tagged: Arc<Tagged>,
    /// Preparing the reports the compare chooser offers first, while the user picks one.
    pub(super) preparing: Option<Job<()>>,
    /// Comparing the open report (A) with the one the chooser highlights (B), while the user
    /// reads the list: (A, B, the job).
    pub(super) comparing: Option<(usize, usize, Job<crate::compare::Comparison>)>,
    /// A topic view or its table being built off the UI thread, in a library too large to
    /// build it between two keys; it opens when done unless another popup has.
    pub(super) view_build: Option<Job<Popup>>,
    /// The reports alone, as the compare chooser matches them, once built (maybe by another
    /// reader of the same library).
    pub(super) report_index: ReportIndex,
    /// That index being built in the background after the library loads.
    pub(super) report_index_build: Option<Job<()>>,
    /// The palette's candidates, once built.
    pub(super) palette: Option<Arc<PaletteIndex>>,
    /// The palette's candidates being built in the background.
    pub(super) palette_build: Option<Job<PaletteIndex>>,
    /// Recent palette jumps, most recent last (they win ties).
    pub(super) recent: Vec<CandidateKey>,
    /// The library still loading in the background, if it is.
    pub(super) loading: Option<Loading>,
    /// Where to return to once the library has loaded (the saved reading position).
    pub(super) resume_from: Option<std::path::PathBuf>,
    /// Where `Ctrl-O` and `Alt-I` go.
    pub(super) jumps: JumpList,
}

impl App {
    /// A reader over `library`, showing its first report.
    pub fn new(library: Arc<Library>, keymap: Keymap, theme: Theme, lang: Lang) -> App {
        let report_rows = nav::report_rows(&library);
        let tagged = Arc::new(Tagged::new(library.len()));
        let mut app = App {
            library,
            keymap,
            theme,
            lang,
            size: Rect::new(0, 0, 80, 24),
            focus: Pane::Reports,
            mode: Mode::Normal,
            panes: PaneChoice::default(),
            report_rows,
            report_cursor: 0,
            current: 0,
            open: None,
            view: View::default(),
            collapsed: HashSet::new(),
            outline_cursor: 0,
            figure_cursor: 0,
            chosen_figure: None,
            search: Search::default(),
            message: None,
            remote: false,
            effects: Vec::new(),
            quit: false,
            notes: Notes::open(None, String::new()),
            note_cursor: 0,
            popup: None,
            notes_changed: false,
            topics: Arc::new(Topics::bundled()),
            section_topics: Vec::new(),
            tagged,
            preparing: None,
            comparing: None,
            view_build: None,
            report_index: ReportIndex::default(),
            report_index_build: None,
            palette: None,
            palette_build: None,
            recent: Vec::new(),
            loading: None,
            resume_from: None,
            jumps: JumpList::default(),
        };
        if !app.library.is_empty() {
            app.open_report(0);
        }
        app.report_cursor = app.row_of_report(app.current).unwrap_or(0);
        app
    }

    /// The open report, if the library has any.
    pub fn report(&self) -> Option<&Report> {
        self.open.as_deref()
    }

    /// Index of the open report in the library.
    pub fn current(&self) -> usize {
        self.current
    }

    /// All reports.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The open popup.
    pub fn popup(&self) -> Option<&Popup> {
        self.popup.as_ref()
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// What the keyboard is talking to.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The keymap section a key is looked up in now.
    pub fn context(&self) -> Context {
        match (&self.popup, self.mode) {
            (Some(p), _) => super::popup::context(p),
            (None, Mode::Search) => Context::Search,
            (None, Mode::Help(_)) => Context::Help,
            (None, Mode::Normal) => Context::Normal,
        }
    }

    /// Has the user quit?
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The terminal size the app lays out for.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// The passage under the paragraph cursor.
    pub fn cursor(&self) -> usize {
        self.view.cursor
    }

    /// Where the content pane is scrolled to.
    pub fn top(&self) -> ScrollPos {
        self.view.top
    }

    /// The open report's passages in reading order.
    pub fn passages(&self) -> &[reading::Passage] {
        &self.view.passages
    }

    /// The selected row of the figures pane.
    pub fn figure_cursor(&self) -> usize {
        self.figure_cursor
    }

    /// The topics the reader tags sections with.
    pub fn topics(&self) -> &Topics {
        &self.topics
    }

    /// The topics of each section of report `r`, tagged on first use.
    pub(super) fn tags(&self, r: usize) -> &[Vec<usize>] {
        match self.library.get(r) {
            Some(report) => self.tagged.get(&self.topics, r, &report),
            None => &[],
        }
    }

    /// The open report's topics of section `s`, ranked: its heading's first, its body's last.
    pub fn section_topics(&self, s: usize) -> &[usize] {
        self.section_topics.get(s).map_or(&[], Vec::as_slice)
    }

    /// The figure chosen with `}`/`{` or the figures pane: (passage, figure index).
    pub fn chosen_figure(&self) -> Option<(usize, usize)> {
        self.chosen_figure
    }

    /// Search in the open report.
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// The open report's notes and the store.
    pub fn notes(&self) -> &Notes {
        &self.notes
    }

    /// The palette's candidates, once built.
    pub fn palette(&self) -> Option<&Arc<PaletteIndex>> {
        self.palette.as_ref()
    }

    /// Rows of the reports pane and the selected one.
    pub fn report_rows(&self) -> (&[ReportRow], usize) {
        (&self.report_rows, self.report_cursor)
    }

    /// The effects the shell has not carried out yet, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Which side panes are shown now.
    pub fn visible(&self) -> Visible {
        let auto = Visible::auto(self.size.width);
        let p = self.panes;
        Visible {
            reports: p.reports.unwrap_or(auto.reports),
            outline: p.outline.unwrap_or(auto.outline),
            figures: p.figures.unwrap_or(auto.figures),
            notes: p.notes.unwrap_or(auto.notes),
        }
    }

    /// The panes' rectangles for the current size.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.visible())
    }

    /// The section the cursor is in.
    pub fn current_section(&self) -> Option<usize> {
        self.view
            .passages
            .get(self.view.cursor)
            .and_then(|b| b.section())
    }

    /// `千山区 2023 › 一、 › （三）`.
    pub fn breadcrumb(&self) -> String {
        let Some(r) = self.report() else {
            return String::new();
        };
        let mut parts = vec![r.short_name()];
        if let Some(s) = self.current_section() {
            parts.extend(
                r.ancestry(s)
                    .iter()
                    .map(|&i| r.sections[i].crumb().to_string()),
            );
        }
        parts.join(" › ")
    }

    /// Open report `index` at its beginning.
    pub fn open_report(&mut self, index: usize) {
        self.current = index;
        self.open = self.library.get(index);
        self.view = View {
            passages: self.report().map(reading::passages).unwrap_or_default(),
            ..View::default()
        };
        self.collapsed.clear();
        self.chosen_figure = None;
        self.search.matches.clear();
        self.search.current = None;
        self.note_cursor = 0;
        let library = Arc::clone(&self.library);
        self.notes.load(&library, index);
        if index < library.len() {
            self.section_topics = self.tags(index).to_vec();
        }
        if !self.search.query.is_empty() {
            let q = self.search.query.clone();
            self.run_search(&q);
        }
        self.sync_panes();
    }

    /// Use a (newly loaded) library: everything derived from the old one is dropped.
    pub fn set_library(&mut self, library: Arc<Library>) {
        self.library = library;
        self.open = None;
        self.report_rows = nav::report_rows(&self.library);
        self.tagged = Arc::new(Tagged::new(self.library.len()));
        self.preparing = None;
        self.comparing = None;
        self.report_index = ReportIndex::default();
        self.report_index_build = None;
        self.forget_palette();
        self.recent.clear();
        self.jumps.clear();
        if !self.library.is_empty() {
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

    /// Use this topic list (the user's, from the config dir) instead of the bundled one.
    pub fn set_topics(&mut self, topics: Arc<Topics>) {
        self.topics = topics;
        self.forget_palette();
        self.tagged = Arc::new(Tagged::new(self.library.len()));
        self.preparing = None;
        self.comparing = None;
        self.section_topics = self.tags(self.current).to_vec();
    }

    /// Text and citation of the paragraph under the cursor, for copying.
    pub fn citation(&self) -> Option<String> {
        let r = self.report()?;
        let passage = *self.view.passages.get(self.view.cursor)?;
        let text = passage.text(r);
        let path: String = passage
            .section()
            .map(|s| {
                r.ancestry(s)
                    .iter()
                    .map(|&i| r.sections[i].crumb())
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

/// Carry out one action.
pub fn update(app: &mut App, action: Action) {
    app.message = None;
    if let Mode::Help(scroll) = app.mode {
        app.mode = match action {
            Action::Down => Mode::Help(scroll.saturating_add(1)),
            Action::Up => Mode::Help(scroll.saturating_sub(1)),
            Action::PageDown | Action::HalfPageDown => Mode::Help(scroll.saturating_add(10)),
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
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.mode = Mode::Help(0),
        Action::Cancel => {
            app.chosen_figure = None;
            app.search.clear();
        }
        Action::NextPane => app.cycle_focus(true),
        Action::PrevPane => app.cycle_focus(false),
        Action::ToggleReports => app.toggle(Pane::Reports),
        Action::ToggleOutline => app.toggle(Pane::Outline),
        Action::ToggleFigures => app.toggle(Pane::Figures),
        Action::ToggleNotes => app.toggle(Pane::Notes),
        Action::Search => app.start_search(),
        Action::SearchNext => app.search_step(true),
        Action::SearchPrev => app.search_step(false),
        Action::NextSection => app.step_section(true),
        Action::PrevSection => app.step_section(false),
        Action::NextFigure => app.step_figure(true),
        Action::PrevFigure => app.step_figure(false),
        Action::JumpBack => app.jump(true),
        Action::JumpForward => app.jump(false),
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
        Action::Palette => app.open_palette(),
        Action::TopicView => app.topic_here(),
        Action::Compare => app.open_compare(),
        Action::History => app.open_history(),
        Action::SearchEverywhere => app.open_everywhere(),
        Action::TogglePaletteScope => {}
        _ => app.move_in_pane(action),
    }
}
