//! The palette: jump to a topic, section or figure by characters or pinyin.

use super::Reply;
use super::{type_in_line, PAGE};
use crate::palette::Hit;
use crate::tui::action::Action;
use crate::tui::nav::step;
use crossterm::event::KeyEvent;
use tui_textarea::TextArea;

/// The palette: one input line, results below, a preview of the highlighted one.
pub struct Palette {
    /// The query.
    pub input: TextArea<'static>,
    /// All reports (`true`) or only the open one.
    pub all: bool,
    /// Results of the current query, best first.
    pub hits: Vec<Hit>,
    /// Selected row of `hits`.
    pub cursor: usize,
    /// This palette's previous query, so each keystroke rescores only what still matches.
    pub cache: crate::palette::QueryCache,
}

impl Palette {
    /// An empty query over all reports.
    pub fn new() -> Palette {
        Palette {
            input: TextArea::default(),
            all: true,
            hits: Vec::new(),
            cursor: 0,
            cache: Default::default(),
        }
    }

    /// A key while the palette is open: the action the keymap's `[palette]` section gives
    /// it, or else text for the query.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        match action {
            Some(Action::Open) => Reply::Pick,
            Some(Action::Cancel) => Reply::Close,
            Some(Action::TogglePaletteScope) => Reply::ToggleScope,
            Some(a) => {
                self.cursor = step(self.cursor, self.hits.len(), a, PAGE);
                Reply::Stay
            }
            None if type_in_line(&mut self.input, key) => {
                self.cursor = 0;
                Reply::Requery
            }
            None => Reply::Stay,
        }
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::new()
    }
}
