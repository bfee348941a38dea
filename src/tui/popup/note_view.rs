//! One note in full: its quote and its whole text, wrapped, scrolled with the list keys;
//! `Enter` goes to its paragraph.

use super::Reply;
use crate::note::Note;
use crate::tui::action::Action;
use crate::tui::nav::step;

/// A note shown whole.
pub struct NoteView {
    /// The note.
    pub note: Note,
    /// The report's short name, for the title.
    pub report: String,
    /// Rows scrolled off the top.
    pub scroll: usize,
}

impl NoteView {
    /// An action from the keymap's `[list]` section.
    pub fn act(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Open) => Reply::JumpToNote(self.note.clone()),
            Some(Action::Cancel) => Reply::Close,
            // How many rows the note takes is known only when drawn, which stops at the last.
            Some(Action::Bottom) => Reply::Stay,
            Some(a) => {
                self.scroll = step(self.scroll, usize::MAX, a, super::PAGE);
                Reply::Stay
            }
            None => Reply::Stay,
        }
    }
}
