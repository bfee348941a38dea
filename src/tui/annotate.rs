//! Notes from the reader: writing, editing and deleting a note on the paragraph (or figure)
//! under the cursor, the list of all notes, and finding a note's paragraph again.

use super::app::{App, Pane};
use super::notebook::{Leftover, Notes, Target};
use super::popup::{AllNotes, Editor, NoteView, Popup, Question};
use super::reading::Passage;
use crate::note::Anchor;
use std::sync::Arc;

impl App {
    /// Use this notes store: load the open report's notes and offer back a draft an earlier
    /// session left unsaved.
    pub fn attach_notes(&mut self, notes: Notes) {
        self.notes = notes;
        self.reload_notes();
        if let Some(e) = &self.notes.error {
            self.message = Some(e.clone());
        }
        if let Some(left) = self.notes.leftover_drafts().into_iter().next() {
            let question = self.lang.restore_draft(&left.text);
            self.popup = Some(Popup::Confirm(
                Question::RestoreDraft(Box::new(left)),
                question,
            ));
        }
    }

    /// Save the open editor's draft now (the session is ending).
    pub fn flush_draft(&mut self) {
        if let Some(Popup::Editor(ed)) = &mut self.popup {
            self.notes.save_draft(ed, true);
        }
    }

    /// Did notes change under us since this was last asked? (Tells the loop to redraw.)
    pub fn notes_changed(&mut self) -> bool {
        std::mem::take(&mut self.notes_changed)
    }

    /// Read the open report's notes again; they show when the notes thread has them.
    pub fn reload_notes(&mut self) {
        let library = Arc::clone(&self.library);
        self.notes.load(&library, self.current);
        self.note_cursor = self
            .note_cursor
            .min(self.notes.placed.len().saturating_sub(1));
    }

    /// Index of passage `b` among the report's paragraphs (as notes count them).
    pub fn paragraph_index(&self, b: usize) -> Option<usize> {
        match self.view.passages.get(b)? {
            Passage::Heading(_) => None,
            Passage::Para { .. } => Some(
                self.view.passages[..b]
                    .iter()
                    .filter(|x| matches!(x, Passage::Para { .. }))
                    .count(),
            ),
        }
    }

    /// The passage of paragraph `k`.
    pub fn passage_of_paragraph(&self, k: usize) -> Option<usize> {
        self.view
            .passages
            .iter()
            .enumerate()
            .filter(|(_, x)| matches!(x, Passage::Para { .. }))
            .nth(k)
            .map(|(i, _)| i)
    }

    /// Open report `i` and put the cursor on the paragraph `anchor` finds there (the
    /// report's text is enough: its notes need not be read yet). False when none is found.
    fn goto_anchor(&mut self, i: usize, anchor: Option<&Anchor>) -> bool {
        if i != self.current {
            self.open_report(i);
        }
        let report = self.library.report(i);
        let paragraph = anchor.and_then(|a| crate::note::locate_in_report(a, &report).index());
        match paragraph.and_then(|k| self.passage_of_paragraph(k)) {
            Some(b) => {
                self.move_cursor_to(b);
                self.focus = Pane::Content;
                true
            }
            None => false,
        }
    }

    /// Open the report a left-over draft was written in, at its paragraph.
    pub(super) fn goto_leftover(&mut self, left: &Leftover) {
        let (Target::New { report, .. } | Target::Existing { report, .. }) = &left.target;
        if let Some(i) = self.library.index_of(report) {
            self.goto_anchor(i, left.anchor());
        }
    }

    /// The note selected in the notes pane, or else the first note on the cursor paragraph.
    fn selected_note(&self) -> Option<&crate::note::Note> {
        if self.focus == Pane::Notes {
            return self.notes.placed.get(self.note_cursor).map(|p| &p.note);
        }
        let k = self.paragraph_index(self.view.cursor)?;
        self.notes.on_paragraph(k).next().map(|p| &p.note)
    }

    /// Open the editor for a new note on the cursor paragraph (or on the chosen figure).
    pub(super) fn annotate(&mut self) {
        if self.notes.store.is_none() {
            self.message = self.notes.error.clone();
            return;
        }
        let Some(r) = self.library.get(self.current) else {
            return;
        };
        let Some(k) = self.paragraph_index(self.view.cursor) else {
            self.message = Some(self.lang.annotate_where());
            return;
        };
        let views = crate::note::paragraph_views(&r);
        let figure = self
            .chosen_figure
            .filter(|&(b, _)| b == self.view.cursor)
            .and_then(|f| {
                let p = self.view.passages[f.0].paragraph(&r)?;
                p.figures.get(f.1).cloned()
            });
        let span = figure.as_ref().map(|f| f.range.clone());
        let Some(anchor) = crate::note::anchor_at(&views, k, span) else {
            return;
        };
        let target = Target::New {
            report: r.id(),
            anchor,
            figure: figure.as_ref().map(|f| f.text.clone()),
        };
        let quote = match &figure {
            Some(f) => format!("{} {} — {}", f.label, f.text, views[k].text),
            None => views[k].text.to_string(),
        };
        self.popup = Some(Popup::Editor(Box::new(Editor::new(target, quote, "", ""))));
    }

    pub(super) fn edit_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            self.message = Some(self.lang.no_note_here());
            return;
        };
        let target = Target::Existing {
            id: note.id,
            report: note.report_id.clone(),
        };
        let quote = note.anchor.quote.exact.clone();
        self.popup = Some(Popup::Editor(Box::new(Editor::new(
            target, quote, &note.body, &note.body,
        ))));
    }

    pub(super) fn delete_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            self.message = Some(self.lang.no_note_here());
            return;
        };
        let question = self.lang.confirm_delete(&note.body);
        self.popup = Some(Popup::Confirm(Question::DeleteNote(note.id), question));
    }

    pub(super) fn all_notes(&mut self) {
        let names = self
            .library
            .rows()
            .map(|r| (r.id().to_string(), r.short_name()))
            .collect();
        let list = AllNotes::new(self.notes.all(), names);
        self.popup = Some(Popup::AllNotes(Box::new(list)));
    }

    /// Show `note` in full, with its quote; `Enter` there goes to its paragraph.
    pub(super) fn view_note(&mut self, note: crate::note::Note) {
        let report = self.library.index_of(&note.report_id).map_or_else(
            || note.report_id.clone(),
            |i| self.library.row(i).short_name(),
        );
        self.popup = Some(Popup::Note(Box::new(NoteView {
            note,
            report,
            scroll: 0,
        })));
    }

    /// Open the note's report and put the cursor on its paragraph.
    pub fn jump_to_note(&mut self, note: &crate::note::Note) {
        let Some(i) = self.library.index_of(&note.report_id) else {
            self.message = Some(self.lang.report_missing(&note.report_id));
            return;
        };
        self.remember();
        if !self.goto_anchor(i, Some(&note.anchor)) {
            self.message = Some(self.lang.orphan_note());
        }
        // Its row in the notes pane is selected now, or when the report's notes arrive.
        self.notes.want(note.uuid.clone());
        self.note_cursor = self.notes.take_wanted().unwrap_or(0);
    }
}
