//! Notes in the reader: the store, the current report's notes placed on its paragraphs, the
//! note editor and its draft, which is saved as the user types so that a killed program or a
//! dropped SSH connection loses nothing.

use crate::note::{self, Anchor, NewNote, Note, NoteFilter, Placement, Store};
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use tui_textarea::TextArea;

/// What an editor is writing: a new note at an anchor, or an existing note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A new note.
    New {
        /// Report id.
        report: String,
        /// Where it goes.
        anchor: Anchor,
        /// The figure it is about, if any.
        figure: Option<String>,
    },
    /// Editing note `id`.
    Existing {
        /// Note id.
        id: i64,
        /// Report id.
        report: String,
    },
}

impl Target {
    /// The draft key: the target as JSON, so a draft can be reopened where it was.
    pub fn key(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

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
    last_draft: Instant,
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

/// A note of the open report with where it landed.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The note.
    pub note: Note,
    /// Its paragraph (index among the report's paragraphs), or `None` for an orphan.
    pub paragraph: Option<usize>,
}

/// The notes side of the reader.
pub struct Notes {
    /// The open store; `None` when it could not be opened (see `error`).
    pub store: Option<Store>,
    /// Why notes are unavailable, one line naming the file.
    pub error: Option<String>,
    /// Who writes notes in this session.
    pub author: String,
    /// The open report's notes, placed, in paragraph order (orphans last).
    pub placed: Vec<Placed>,
    /// `PRAGMA data_version` when `placed` was read: a change means another process wrote.
    version: i64,
    last_poll: Instant,
}

/// How often to look for notes written by other processes.
const POLL: Duration = Duration::from_millis(700);
/// How long typing may go unsaved in the draft.
const DRAFT_EVERY: Duration = Duration::from_millis(250);

impl Notes {
    /// Open the store in `dir` (or record why not: browsing goes on without notes).
    pub fn open(dir: Option<&std::path::Path>, author: String) -> Notes {
        let (store, error) = match dir {
            None => (
                None,
                Some("notes: no data directory (set HOME or --data-dir)".into()),
            ),
            Some(d) => match Store::open(d) {
                Ok(s) => (Some(s), None),
                Err(e) => (None, Some(format!("notes unavailable: {e}"))),
            },
        };
        Notes {
            store,
            error,
            author,
            placed: Vec::new(),
            version: -1,
            last_poll: Instant::now(),
        }
    }

    /// Read and place the notes of `report`.
    pub fn load(&mut self, report: &Report) {
        self.placed.clear();
        let Some(store) = &self.store else {
            return;
        };
        self.version = store.data_version().unwrap_or(-1);
        let notes = match store.for_report(&report.id()) {
            Ok(n) => n,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let views = note::paragraph_views(report);
        let mut placed: Vec<Placed> = note::locate_all(&notes, &views)
            .into_iter()
            .map(|(n, p)| Placed {
                note: n.clone(),
                paragraph: match p {
                    Placement::Orphan => None,
                    p => p.index(),
                },
            })
            .collect();
        placed.sort_by_key(|p| (p.paragraph.is_none(), p.paragraph, p.note.id));
        self.placed = placed;
    }

    /// Re-read when another process changed the database (checked at most every [`POLL`]).
    /// Returns whether anything changed.
    pub fn poll(&mut self, report: Option<&Report>) -> bool {
        if self.last_poll.elapsed() < POLL {
            return false;
        }
        self.last_poll = Instant::now();
        let Some(store) = &self.store else {
            return false;
        };
        let v = store.data_version().unwrap_or(self.version);
        if v == self.version {
            return false;
        }
        if let Some(r) = report {
            self.load(r);
        }
        self.version = v;
        true
    }

    /// Notes on paragraph `k` of the open report.
    pub fn on_paragraph(&self, k: usize) -> impl Iterator<Item = &Placed> {
        self.placed.iter().filter(move |p| p.paragraph == Some(k))
    }

    /// Save the editor's draft if it changed and enough time passed (or `force`).
    pub fn save_draft(&mut self, editor: &mut Editor, force: bool) {
        if !editor.draft_dirty || (!force && editor.last_draft.elapsed() < DRAFT_EVERY) {
            return;
        }
        if let Some(store) = &mut self.store {
            if store
                .save_draft(&self.author, &editor.target.key(), &editor.text())
                .is_ok()
            {
                editor.draft_dirty = false;
                editor.last_draft = Instant::now();
            }
        }
    }

    /// Save the note in the editor; the draft goes only after the note is safe.
    pub fn save(&mut self, editor: &Editor) -> Result<Note, String> {
        let store = self
            .store
            .as_mut()
            .ok_or_else(|| self.error.clone().unwrap_or_default())?;
        let body = editor.text();
        let note = match &editor.target {
            Target::New {
                report,
                anchor,
                figure,
            } => store.add(NewNote {
                report_id: report.clone(),
                anchor: anchor.clone(),
                figure: figure.clone(),
                body,
                author: self.author.clone(),
            }),
            Target::Existing { id, .. } => store.update(*id, &body),
        }
        .map_err(|e| e.to_string())?;
        let _ = store.clear_draft(&self.author, &editor.target.key());
        Ok(note)
    }

    /// Throw the editor's draft away.
    pub fn discard(&mut self, editor: &Editor) {
        if let Some(store) = &mut self.store {
            let _ = store.clear_draft(&self.author, &editor.target.key());
        }
    }

    /// Delete (recoverably) note `id`.
    pub fn delete(&mut self, id: i64) -> Result<(), String> {
        let store = self
            .store
            .as_mut()
            .ok_or_else(|| self.error.clone().unwrap_or_default())?;
        store.delete(id).map_err(|e| e.to_string())
    }

    /// Every note, for the all-notes view.
    pub fn all(&self) -> Vec<Note> {
        self.store
            .as_ref()
            .and_then(|s| s.list(&NoteFilter::default()).ok())
            .unwrap_or_default()
    }

    /// Unsaved drafts of this author left by an earlier session.
    pub fn leftover_drafts(&self) -> Vec<(Target, String)> {
        let Some(store) = &self.store else {
            return Vec::new();
        };
        store
            .drafts(&self.author)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| Some((serde_json::from_str(&d.key).ok()?, d.text)))
            .collect()
    }
}

/// The author of notes written in this process: `$USER`, else `unknown`.
pub fn local_author() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}
