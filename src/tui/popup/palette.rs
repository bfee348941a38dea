//! The palette: jump to a topic, section or figure by characters or pinyin.

use super::Reply;
use crate::palette::Hit;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

    /// A key while the palette is open; `scope_key` says whether it is the keymap's
    /// palette-scope key.
    pub fn key(&mut self, key: KeyEvent, scope_key: bool) -> Reply {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.hits.len().saturating_sub(1);
        match key.code {
            _ if scope_key => Reply::ToggleScope,
            KeyCode::Esc => Reply::Close,
            KeyCode::Down | KeyCode::Tab => {
                self.cursor = (self.cursor + 1).min(last);
                Reply::Stay
            }
            KeyCode::Char('n' | 'j') if ctrl => {
                self.cursor = (self.cursor + 1).min(last);
                Reply::Stay
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::Char('p' | 'k') if ctrl => {
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
            KeyCode::Enter => Reply::Pick,
            KeyCode::Char('m') if ctrl => Reply::Stay,
            _ => {
                if self.input.input(key) {
                    self.cursor = 0;
                    Reply::Requery
                } else {
                    Reply::Stay
                }
            }
        }
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::new()
    }
}
