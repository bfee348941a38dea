//! The note editor: the quoted paragraph above, the note below.

use super::Reply;
use crate::tui::action::Action;
use crate::tui::notebook::Target;
use crossterm::event::KeyEvent;
use std::time::{Duration, Instant};
use tui_textarea::TextArea;

/// The note editor popup.
pub struct Editor {
    /// The text being written.
    pub textarea: TextArea<'static>,
    /// The paragraph (or figure) the note belongs to, quoted above the editor.
    pub quote: String,
    /// Where the note goes.
    pub target: Target,
    /// Text when the editor opened, to know whether there are changes.
    pub original: String,
    /// `Esc` was pressed once with changes: the next `Esc` discards.
    pub confirm_discard: bool,
    /// The text differs from the last saved draft.
    pub draft_dirty: bool,
    /// The note is being saved: the editor takes no keys until the notes thread answers.
    pub saving: bool,
    pub(in crate::tui) last_draft: Instant,
}

impl Editor {
    /// An editor for `target` starting with `text`.
    pub fn new(target: Target, quote: String, text: &str, original: &str) -> Editor {
        let mut textarea = TextArea::new(text.lines().map(str::to_string).collect());
        if textarea.lines().is_empty() {
            textarea = TextArea::default();
        }
        textarea.move_cursor(tui_textarea::CursorMove::Bottom);
        textarea.move_cursor(tui_textarea::CursorMove::End);
        Editor {
            textarea,
            quote,
            target,
            original: original.to_string(),
            confirm_discard: false,
            draft_dirty: text != original,
            saving: false,
            last_draft: Instant::now() - Duration::from_secs(1),
        }
    }

    /// The text in the editor.
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    /// Has the text changed since the editor opened?
    pub fn changed(&self) -> bool {
        self.text() != self.original
    }
}

impl Editor {
    /// A key while the editor is open: the action the keymap's `[editor]` section gives it,
    /// or else text.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        if self.saving {
            return Reply::Stay;
        }
        match action {
            Some(Action::Save) => Reply::SaveNote,
            Some(Action::Cancel) => {
                if !self.changed() || self.confirm_discard {
                    Reply::DiscardNote
                } else {
                    self.confirm_discard = true;
                    Reply::Stay
                }
            }
            Some(_) => Reply::Stay,
            None => {
                self.confirm_discard = false;
                if self.textarea.input(key) {
                    self.draft_dirty = true;
                    Reply::Typed
                } else {
                    Reply::Stay
                }
            }
        }
    }

    /// Pasted text goes in as typed.
    pub fn paste(&mut self, text: &str) -> Reply {
        if self.saving {
            return Reply::Stay;
        }
        // Terminals and Windows programs paste line ends as CR or CRLF: each is a new line,
        // never a raw CR that would move the terminal's cursor.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.textarea.insert_str(text);
        self.draft_dirty = true;
        Reply::Typed
    }
}
