//! A yes/no question: delete a note, restore a draft.

use super::Reply;
use crate::tui::notebook::Target;
use crossterm::event::{KeyCode, KeyEvent};

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this note?
    DeleteNote(i64),
    /// Reopen this unsaved draft from an earlier session?
    RestoreDraft(Target, String),
}

/// A key while a question is open.
pub fn key(question: &Question, key: KeyEvent) -> Reply {
    match key.code {
        KeyCode::Char('y' | 'Y') | KeyCode::Enter => Reply::Answer(question.clone(), true),
        KeyCode::Char('n' | 'N') | KeyCode::Esc => Reply::Answer(question.clone(), false),
        _ => Reply::Stay,
    }
}
