//! A yes/no question: delete a note, restore a draft.

use super::Reply;
use crate::tui::action::Action;
use crate::tui::notebook::Leftover;

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this note?
    DeleteNote(i64),
    /// Reopen this unsaved draft from an earlier session?
    RestoreDraft(Box<Leftover>),
}

/// An action from the keymap's `[confirm]` section.
pub fn act(question: &Question, action: Option<Action>) -> Reply {
    match action {
        Some(Action::Yes) => Reply::Answer(question.clone(), true),
        Some(Action::No | Action::Cancel) => Reply::Answer(question.clone(), false),
        _ => Reply::Stay,
    }
}
