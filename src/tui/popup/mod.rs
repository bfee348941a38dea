//! Popups over the reader, one file each. A popup owns its input and answers every key
//! with a [`Reply`] that the app carries out (`App::apply`), so a popup never reaches into
//! the rest of the app.

pub mod all_notes;
pub mod compare;
pub mod confirm;
pub mod editor;
pub mod everywhere;
pub mod note_view;
pub mod palette;
pub mod table;
pub mod topic;

pub use all_notes::AllNotes;
pub use compare::{Chooser, Side, SideBySide};
pub use confirm::Question;
pub use editor::Editor;
pub use everywhere::Everywhere;
pub use note_view::NoteView;
pub use palette::Palette;
pub use table::TableView;
pub use topic::TopicView;

use super::action::Action;
use super::app::App;
use super::keymap::Context;
use crate::note::Note;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

/// An open popup.
pub enum Popup {
    /// Search across all reports.
    Everywhere(Box<Everywhere>),
    /// The palette.
    Palette(Box<Palette>),
    /// A topic across reports.
    Topic(Box<TopicView>),
    /// Writing a note.
    Editor(Box<Editor>),
    /// A yes/no question, with its text.
    Confirm(Question, String),
    /// All notes.
    AllNotes(Box<AllNotes>),
    /// One note in full.
    Note(Box<NoteView>),
    /// Choosing the report to compare with.
    Choose(Box<Chooser>),
    /// Two reports side by side.
    Compare(Box<SideBySide>),
    /// A figure table (a topic across reports, or a district across years).
    Table(Box<TableView>),
}

/// What the app must do after a key in a popup.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
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
    /// Show this note in full.
    ViewNote(Note),
    /// The palette query changed.
    Requery,
    /// Switch the palette between this report and all reports.
    ToggleScope,
    /// Go where the selected palette result leads.
    Pick,
    /// Open this report at this section (from the topic view).
    OpenSection(usize, usize),
    /// Show the open section's next topic (`t` again in the topic view).
    NextTopic,
    /// The search-everywhere query changed (or switched between literal and regex).
    Research,
    /// Go to the selected search-everywhere match.
    GotoMatch,
    /// The chooser's filter changed.
    Rechoose,
    /// Compare the open report with this one.
    CompareWith(usize),
    /// Move in the side-by-side view, or open A's section (`Open`).
    Compare(Action),
    /// Switch the topic view between list and table.
    ToggleTable,
    /// Write the table to this path.
    ExportTable(String),
    /// Put the table on the clipboard.
    CopyTable,
    /// Open this report (from a table row) at the section the table points to.
    OpenReport(usize),
}

/// Rows a page key moves in a popup's list.
pub const PAGE: usize = 10;

/// The keymap context of a popup.
pub fn context(popup: &Popup) -> Context {
    match popup {
        Popup::Everywhere(_) | Popup::Palette(_) | Popup::AllNotes(_) | Popup::Choose(_) => {
            Context::Palette
        }
        Popup::Topic(_) | Popup::Note(_) => Context::List,
        Popup::Editor(_) => Context::Editor,
        Popup::Confirm(..) => Context::Confirm,
        // Side by side and the figure table move as the reader does; the table's export
        // line takes its keys as text.
        Popup::Compare(_) => Context::Normal,
        Popup::Table(t) if t.export.is_some() => Context::Palette,
        Popup::Table(_) => Context::Normal,
    }
}

/// Hand a key to the open popup, with the action its context's bindings give it (`None`:
/// the key is text, where the popup takes text).
pub fn act(popup: &mut Popup, action: Option<Action>, key: KeyEvent) -> Reply {
    match popup {
        Popup::Everywhere(e) => e.act(action, key),
        Popup::Palette(p) => p.act(action, key),
        Popup::Topic(_) if action == Some(Action::ToggleTable) => Reply::ToggleTable,
        Popup::Topic(t) => t.act(action),
        Popup::Choose(c) => c.act(action, key),
        Popup::Compare(c) => c.act(action),
        Popup::Table(t) => t.act(action, key),
        Popup::Editor(ed) => ed.act(action, key),
        Popup::Confirm(q, _) => confirm::act(q, action),
        Popup::AllNotes(list) => list.act(action, key),
        Popup::Note(v) => v.act(action),
    }
}

/// Type `key` into a one-line input; false when nothing changed. `Enter` (and `ctrl-m`,
/// the same byte) never starts a second line.
pub fn type_in_line(input: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl_m = key.code == KeyCode::Char('m') && key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::Enter || ctrl_m {
        return false;
    }
    input.input(key)
}

/// Paste into the popup's text input; one-line inputs get the lines joined by spaces.
pub fn paste(popup: &mut Popup, text: &str) -> Reply {
    let line = text.replace(['\n', '\r'], " ");
    match popup {
        Popup::Editor(ed) => ed.paste(text),
        Popup::AllNotes(list) => {
            list.input.insert_str(line);
            Reply::Refilter
        }
        Popup::Palette(p) => {
            p.input.insert_str(line);
            p.cursor = 0;
            Reply::Requery
        }
        Popup::Everywhere(e) => {
            e.input.insert_str(line);
            e.cursor = 0;
            Reply::Research
        }
        Popup::Choose(c) => {
            c.input.insert_str(line);
            c.cursor = 0;
            Reply::Rechoose
        }
        Popup::Table(t) => {
            if let Some(input) = &mut t.export {
                input.insert_str(line);
            }
            Reply::Stay
        }
        Popup::Confirm(..) | Popup::Topic(..) | Popup::Note(..) | Popup::Compare(..) => Reply::Stay,
    }
}

impl App {
    /// Carry out what a popup asked for.
    pub(super) fn apply(&mut self, reply: Reply) {
        match reply {
            Reply::Stay => {}
            Reply::Close => self.popup = None,
            Reply::Typed => {
                if let Some(Popup::Editor(ed)) = &mut self.popup {
                    self.notes.save_draft(ed, false);
                }
            }
            Reply::SaveNote => self.save_note(),
            Reply::DiscardNote => {
                if let Some(Popup::Editor(ed)) = self.popup.take() {
                    self.notes.discard(&ed);
                    self.message = Some(self.lang.note_discarded());
                }
            }
            Reply::Answer(q, yes) => {
                self.popup = None;
                self.answer(q, yes);
            }
            Reply::Refilter => {
                if let Some(Popup::AllNotes(list)) = &mut self.popup {
                    list.refilter();
                }
            }
            Reply::JumpToNote(note) => {
                self.popup = None;
                self.jump_to_note(&note);
            }
            Reply::ViewNote(note) => self.view_note(note),
            Reply::Requery => self.requery(),
            Reply::ToggleScope => {
                if let Some(Popup::Palette(p)) = &mut self.popup {
                    p.all = !p.all;
                    p.cursor = 0;
                }
                self.requery();
            }
            Reply::Pick => {
                let kind = match (&self.popup, &self.palette) {
                    (Some(Popup::Palette(p)), Some(ix)) => p
                        .hits
                        .get(p.cursor)
                        .map(|h| ix.candidates()[h.candidate].kind),
                    _ => None,
                };
                self.popup = None;
                if let Some(kind) = kind {
                    self.choose(kind);
                }
            }
            Reply::OpenSection(report, section) => {
                self.popup = None;
                self.goto_section(report, section);
            }
            Reply::NextTopic => self.next_topic(),
            Reply::Research => self.research(),
            Reply::Rechoose
            | Reply::CompareWith(_)
            | Reply::Compare(_)
            | Reply::ToggleTable
            | Reply::ExportTable(_)
            | Reply::CopyTable
            | Reply::OpenReport(_) => self.apply_compare(reply),
            Reply::GotoMatch => {
                let (hit, query) = match &self.popup {
                    Some(Popup::Everywhere(e)) => (
                        e.hits.get(e.cursor).cloned(),
                        // `n`/`N` go on with a text search; a regex has no report search.
                        (!e.regex).then(|| e.input.lines().join("")),
                    ),
                    _ => (None, None),
                };
                if let Some(hit) = hit {
                    self.popup = None;
                    self.goto_hit(&hit, query.as_deref());
                }
            }
        }
    }

    /// Start saving the editor's note on the notes thread; the editor stays open, taking
    /// no keys, until [`App::collect_save`] has the outcome.
    fn save_note(&mut self) {
        let Some(Popup::Editor(ed)) = &mut self.popup else {
            return;
        };
        if ed.text().trim().is_empty() {
            self.message = Some(self.lang.empty_note());
            return;
        }
        match self.notes.save(ed) {
            Ok(()) => {
                ed.saving = true;
                self.message = Some(self.lang.saving_note());
                self.collect_save();
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Take the outcome of a save once the notes thread has it: a saved note closes the
    /// editor; a failed save leaves it open with its text and says why, so nothing typed is
    /// lost.
    pub(super) fn collect_save(&mut self) {
        let Some(outcome) = self.notes.take_saved() else {
            return;
        };
        let editor = match &mut self.popup {
            Some(Popup::Editor(ed)) if ed.saving => Some(ed),
            _ => None,
        };
        match outcome {
            Ok(_) => {
                if editor.is_some() {
                    self.popup = None;
                }
                self.message = Some(self.lang.note_saved());
                self.reload_notes();
            }
            Err(e) => {
                if let Some(ed) = editor {
                    ed.saving = false;
                }
                self.message = Some(e);
            }
        }
    }

    /// The user answered a question.
    fn answer(&mut self, q: Question, yes: bool) {
        match q {
            Question::DeleteNote(id) if yes => match self.notes.delete(id) {
                Ok(()) => {
                    self.message = Some(self.lang.note_deleted());
                    self.reload_notes();
                }
                Err(e) => self.message = Some(e),
            },
            Question::DeleteNote(_) => {}
            Question::RestoreDraft(left) => {
                let ed = Editor::new(
                    left.target.clone(),
                    left.quote(),
                    &left.text,
                    left.original(),
                );
                if yes {
                    self.goto_leftover(&left);
                    self.popup = Some(Popup::Editor(Box::new(ed)));
                } else {
                    self.notes.discard(&ed);
                }
            }
        }
    }
}
