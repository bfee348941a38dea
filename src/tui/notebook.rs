//! The reader's notebook: the notes store, the open report's notes placed on its
//! paragraphs, and the editor's draft, which is saved as the user types (on the notes
//! thread, see [`NotesJob`]) so that a killed program or a dropped SSH connection loses
//! nothing.

use super::jobs::NotesJob;
use super::popup::editor::Editor;
use crate::library::Library;
use crate::note::{self, Anchor, NewNote, Note, NoteFilter, Placement, Store};
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// Reads, note and draft writes and change polls, off the UI thread.
    job: Option<NotesJob>,
    /// Counts reads of `placed` asked for, so an older read from the notes thread is dropped.
    generation: u64,
    /// A read of the open report's notes is under way on the notes thread.
    loading: bool,
    /// A save is under way on the notes thread.
    saving: bool,
    /// The outcome of a save made here, when there is no notes thread.
    saved: Option<Result<Note, String>>,
    /// The note (uuid) to select once the open report's notes arrive: one just jumped to.
    wanted: Option<String>,
}

/// How long typing may go unsaved in the draft when drafts are written on the UI thread (no
/// notes thread could be started); with the notes thread every edit is queued to it.
const DRAFT_EVERY: Duration = Duration::from_millis(250);

impl Notes {
    /// Open the store in `dir` (or record why not: browsing goes on without notes).
    pub fn open(dir: Option<&Path>, author: String) -> Notes {
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
        let job = store
            .as_ref()
            .and_then(|s| NotesJob::start(s, author.clone()));
        Notes {
            store,
            error,
            author,
            placed: Vec::new(),
            job,
            generation: 0,
            loading: false,
            saving: false,
            saved: None,
            wanted: None,
        }
    }

    /// Read and place the notes of report `report` of `library`: on the notes thread, so
    /// they arrive through [`Notes::poll`] (here only when there is no notes thread).
    pub fn load(&mut self, library: &Arc<Library>, report: usize) {
        // Whatever the notes thread is still reading is older than this.
        self.generation += 1;
        self.placed.clear();
        self.loading = false;
        self.wanted = None;
        let Some(r) = library.get(report) else {
            return;
        };
        match (&self.job, &self.store) {
            (Some(job), _) => {
                job.load(Arc::clone(library), report, self.generation);
                self.loading = true;
            }
            (None, Some(store)) => match place(store, &r) {
                Ok(placed) => self.placed = placed,
                Err(e) => self.error = Some(e.to_string()),
            },
            (None, None) => {}
        }
    }

    /// Take up the notes the notes thread read: those asked for by [`Notes::load`], and when
    /// it saw another process change the database, report `current` of `library` read again.
    /// A read older than the last one asked for is dropped. Returns whether anything changed.
    pub fn poll(&mut self, library: &Arc<Library>, current: usize) -> bool {
        let Some(job) = &self.job else {
            return false;
        };
        if job.take_changed() && current < library.len() {
            job.load(Arc::clone(library), current, self.generation);
        }
        match job.take_loaded() {
            Some((generation, placed)) if generation == self.generation => {
                self.loading = false;
                if let Some(placed) = placed {
                    self.placed = placed;
                }
                true
            }
            _ => false,
        }
    }

    /// Select note `uuid` of the open report when its notes are placed (see
    /// [`Notes::take_wanted`]).
    pub fn want(&mut self, uuid: String) {
        self.wanted = Some(uuid);
    }

    /// Where the wanted note is among the placed notes, once they are there.
    pub fn take_wanted(&mut self) -> Option<usize> {
        let wanted = self.wanted.as_ref()?;
        let k = self.placed.iter().position(|p| &p.note.uuid == wanted)?;
        self.wanted = None;
        Some(k)
    }

    /// Is a read or a save under way, whose outcome the screen will show?
    pub fn busy(&self) -> bool {
        self.loading || self.saving
    }

    /// Notes on paragraph `k` of the open report.
    pub fn on_paragraph(&self, k: usize) -> impl Iterator<Item = &Placed> {
        self.placed.iter().filter(move |p| p.paragraph == Some(k))
    }

    /// Save the editor's draft if it changed and enough time passed (or `force`).
    pub fn save_draft(&mut self, editor: &mut Editor, force: bool) {
        let throttled = self.job.is_none() && editor.last_draft.elapsed() < DRAFT_EVERY;
        // A note being saved has its draft forgotten once it is safe; none may follow.
        if !editor.draft_dirty || editor.saving || (!force && throttled) {
            return;
        }
        let (key, text) = (editor.target.key(), editor.text());
        let saved = match (&self.job, &mut self.store) {
            (Some(job), _) => {
                job.save_draft(key, text);
                true
            }
            (None, Some(store)) => store.save_draft(&self.author, &key, &text).is_ok(),
            (None, None) => false,
        };
        if saved {
            editor.draft_dirty = false;
            editor.last_draft = Instant::now();
        }
    }

    /// Wait until every queued draft is written (the session is ending); later drafts are
    /// written directly.
    pub fn finish_writes(&mut self) {
        self.job = None;
    }

    /// Forget a draft, after whatever drafts are still queued for it.
    fn clear_draft(&mut self, key: String) {
        match (&self.job, &mut self.store) {
            (Some(job), _) => job.clear_draft(key),
            (None, Some(store)) => {
                let _ = store.clear_draft(&self.author, &key);
            }
            (None, None) => {}
        }
    }

    /// Start saving the note in the editor, on the notes thread after the drafts queued
    /// before it; the outcome comes from [`Notes::take_saved`]. Errs at once without a store.
    pub fn save(&mut self, editor: &Editor) -> Result<(), String> {
        let (target, body) = (editor.target.clone(), editor.text());
        match (&self.job, &mut self.store) {
            (Some(job), _) => {
                job.save(target, body);
                self.saving = true;
            }
            (None, Some(store)) => {
                self.saved = Some(write_note(store, &self.author, &target, body));
            }
            (None, None) => return Err(self.error.clone().unwrap_or_default()),
        }
        Ok(())
    }

    /// The outcome of the save under way, once there is one.
    pub fn take_saved(&mut self) -> Option<Result<Note, String>> {
        let outcome = self
            .saved
            .take()
            .or_else(|| self.job.as_ref()?.take_saved());
        if outcome.is_some() {
            self.saving = false;
        }
        outcome
    }

    /// Throw the editor's draft away.
    pub fn discard(&mut self, editor: &Editor) {
        self.clear_draft(editor.target.key());
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

    /// Unsaved drafts of this author left by an earlier session, each with the note it
    /// edits (read once, at the start, so restoring it waits on nothing).
    pub fn leftover_drafts(&self) -> Vec<Leftover> {
        let Some(store) = &self.store else {
            return Vec::new();
        };
        store
            .drafts(&self.author)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| {
                let target: Target = serde_json::from_str(&d.key).ok()?;
                let note = match &target {
                    Target::Existing { id, .. } => store.get(*id).ok().flatten(),
                    Target::New { .. } => None,
                };
                Some(Leftover {
                    target,
                    text: d.text,
                    note,
                })
            })
            .collect()
    }
}

/// A draft an earlier session left unsaved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// What it was written for.
    pub target: Target,
    /// Its text.
    pub text: String,
    /// The note it edits, as saved (`None` for a new note, or a note since deleted).
    pub note: Option<Note>,
}

impl Leftover {
    /// Where the draft's note is anchored.
    pub fn anchor(&self) -> Option<&Anchor> {
        match &self.target {
            Target::New { anchor, .. } => Some(anchor),
            Target::Existing { .. } => self.note.as_ref().map(|n| &n.anchor),
        }
    }

    /// The text quoted above the editor.
    pub fn quote(&self) -> String {
        match (&self.target, &self.note) {
            (
                Target::New {
                    figure: Some(f), ..
                },
                _,
            ) => format!("{f} — {}", self.anchor().map_or("", |a| &a.quote.exact)),
            _ => self
                .anchor()
                .map(|a| a.quote.exact.clone())
                .unwrap_or_default(),
        }
    }

    /// The note's saved text, to tell whether the draft changes it.
    pub fn original(&self) -> &str {
        self.note.as_ref().map_or("", |n| &n.body)
    }
}

/// Write the note `target` names with `body` as `author`, then forget its draft (a draft
/// left behind would be offered back next time); the error is one line naming the file.
pub(super) fn write_note(
    store: &mut Store,
    author: &str,
    target: &Target,
    body: String,
) -> Result<Note, String> {
    let note = match target {
        Target::New {
            report,
            anchor,
            figure,
        } => store.add(NewNote {
            report_id: report.clone(),
            anchor: anchor.clone(),
            figure: figure.clone(),
            body,
            author: author.to_string(),
        }),
        Target::Existing { id, .. } => store.update(*id, &body),
    }
    .map_err(|e| e.to_string())?;
    // The note is safe; a draft that stays only offers it again.
    let _ = store.clear_draft(author, &target.key());
    Ok(note)
}

/// The notes of `report` in `store`, each placed on its paragraph (orphans last).
pub(super) fn place(store: &Store, report: &Report) -> Result<Vec<Placed>, note::NoteError> {
    let notes = store.for_report(&report.id())?;
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
    Ok(placed)
}

/// The author of notes written in this process: `$USER`, else `unknown`.
pub fn local_author() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}
