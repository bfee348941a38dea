//! Popups over the reader: the note editor, a yes/no question, and the list of all notes.
//! Each takes the keys while it is open and answers with an [`Outcome`] that the app
//! carries out, so a popup never reaches into the rest of the app.

use super::notes::{Editor, Target};
use crate::note::Note;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this note?
    DeleteNote(i64),
    /// Reopen this unsaved draft from an earlier session?
    RestoreDraft(Target, String),
}

/// The list of every note, filtered as you type.
pub struct AllNotes {
    /// The filter line: words match note text, report and section (pinyin too); `#tag`
    /// keeps notes with that tag.
    pub input: TextArea<'static>,
    /// Every note, read when the list opened.
    pub notes: Vec<Note>,
    /// Short report names by report id.
    pub names: std::collections::HashMap<String, String>,
    /// Indices into `notes` that pass the filter, best first.
    pub shown: Vec<usize>,
    /// Selected row of `shown`.
    pub cursor: usize,
}

/// An open popup.
pub enum Popup {
    /// Writing a note.
    Editor(Box<Editor>),
    /// A yes/no question, with its text.
    Confirm(Question, String),
    /// All notes.
    AllNotes(Box<AllNotes>),
}

/// What the app must do after a key in a popup.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing more; the popup stays.
    Stay,
    /// Close the popup.
    Close,
    /// Save the note being edited.
    SaveNote,
    /// Discard the note being edited (its draft too).
    DiscardNote,
    /// The editor text changed: keep the draft safe.
    Typed,
    /// The answer to a question.
    Answer(Question, bool),
    /// The all-notes filter changed.
    Refilter,
    /// Go to this note.
    JumpToNote(Note),
}

/// Hand a key to the open popup.
pub fn key(popup: &mut Popup, key: KeyEvent) -> Outcome {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match popup {
        Popup::Editor(ed) => match key.code {
            KeyCode::Char('s') if ctrl => Outcome::SaveNote,
            KeyCode::Esc => {
                if !ed.changed() || ed.confirm_discard {
                    Outcome::DiscardNote
                } else {
                    ed.confirm_discard = true;
                    Outcome::Stay
                }
            }
            _ => {
                ed.confirm_discard = false;
                if ed.textarea.input(key) {
                    ed.draft_dirty = true;
                    Outcome::Typed
                } else {
                    Outcome::Stay
                }
            }
        },
        Popup::Confirm(q, _) => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Outcome::Answer(q.clone(), true),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Outcome::Answer(q.clone(), false),
            _ => Outcome::Stay,
        },
        Popup::AllNotes(list) => match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Down => {
                list.cursor = (list.cursor + 1).min(list.shown.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Char('n') if ctrl => {
                list.cursor = (list.cursor + 1).min(list.shown.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Up => {
                list.cursor = list.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::Char('p') if ctrl => {
                list.cursor = list.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::Enter => match list.shown.get(list.cursor) {
                Some(&i) => Outcome::JumpToNote(list.notes[i].clone()),
                None => Outcome::Stay,
            },
            KeyCode::Char('m') if ctrl => Outcome::Stay,
            _ => {
                if list.input.input(key) {
                    Outcome::Refilter
                } else {
                    Outcome::Stay
                }
            }
        },
    }
}

/// Paste into the popup's text input.
pub fn paste(popup: &mut Popup, text: &str) -> Outcome {
    match popup {
        Popup::Editor(ed) => {
            ed.textarea.insert_str(text);
            ed.draft_dirty = true;
            Outcome::Typed
        }
        Popup::AllNotes(list) => {
            list.input.insert_str(text.replace(['\n', '\r'], " "));
            Outcome::Refilter
        }
        Popup::Confirm(..) => Outcome::Stay,
    }
}

impl AllNotes {
    /// Apply the filter: `#tag` words must be tags of the note, `@name` words must match the
    /// report, other words must all appear in the note's text, report or section.
    pub fn refilter(&mut self) {
        let query = self.input.lines().join(" ");
        let words: Vec<&str> = query.split_whitespace().collect();
        self.shown = (0..self.notes.len())
            .filter(|&i| {
                let n = &self.notes[i];
                let name = self.names.get(&n.report_id).cloned().unwrap_or_default();
                let tags = n.tags();
                words.iter().all(|w| {
                    if let Some(tag) = w.strip_prefix('#').or_else(|| w.strip_prefix('＃')) {
                        tags.iter().any(|t| t.contains(tag))
                    } else if let Some(r) = w.strip_prefix('@') {
                        name.contains(r) || n.report_id.contains(r)
                    } else {
                        let hay = format!(
                            "{} {} {} {} {}",
                            n.body, name, n.anchor.section_path, n.anchor.quote.exact, n.author
                        );
                        !crate::tui::reading::find_all(&hay, w).is_empty()
                            || crate::pinyin::spells(&hay, w)
                    }
                })
            })
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }
}
