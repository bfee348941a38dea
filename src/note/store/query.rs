//! Reading and writing notes and drafts: each write one `BEGIN IMMEDIATE` transaction.

use super::{
    begin_write, classify, draft_from_row, note_from_row, Draft, ImportSummary, NewNote,
    NoteFilter, Store, NOTE_COLUMNS, NOW,
};
use crate::note::{Anchor, Note, NoteError};
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    /// Add a note; returns it with its id, uuid and timestamps.
    pub fn add(&mut self, note: NewNote) -> Result<Note, NoteError> {
        if note.body.trim().is_empty() {
            return Err(NoteError::Invalid("the note is empty".into()));
        }
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = begin_write(&mut self.conn).map_err(err)?;
        let uuid = new_uuid(&tx).map_err(err)?;
        let id = insert(
            &tx,
            &Row {
                uuid: &uuid,
                report_id: &note.report_id,
                anchor: &note.anchor,
                figure: note.figure.as_deref(),
                body: &note.body,
                author: &note.author,
                times: None,
            },
        )
        .map_err(err)?;
        write_tags(&tx, id, &note.body).map_err(err)?;
        let saved = get_note(&tx, id).map_err(err)?;
        tx.commit().map_err(err)?;
        saved.ok_or(NoteError::NotFound { path, id })
    }

    /// Replace the body of note `id`; returns the note as saved.
    pub fn update(&mut self, id: i64, body: &str) -> Result<Note, NoteError> {
        if body.trim().is_empty() {
            return Err(NoteError::Invalid(
                "the note would be empty; delete it instead".into(),
            ));
        }
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = begin_write(&mut self.conn).map_err(err)?;
        let n = tx
            .execute(
                &format!(
                    "UPDATE notes SET body = ?2, updated = {NOW} WHERE id = ?1 AND deleted IS NULL"
                ),
                params![id, body],
            )
            .map_err(err)?;
        if n == 0 {
            return Err(NoteError::NotFound { path, id });
        }
        write_tags(&tx, id, body).map_err(err)?;
        let saved = get_note(&tx, id).map_err(err)?;
        tx.commit().map_err(err)?;
        saved.ok_or(NoteError::NotFound { path, id })
    }

    /// Delete note `id`. The row is kept, marked deleted, so [`Store::restore`] can undo it.
    pub fn delete(&mut self, id: i64) -> Result<(), NoteError> {
        self.change_one(
            &format!("UPDATE notes SET deleted = {NOW} WHERE id = ?1 AND deleted IS NULL"),
            id,
        )
    }

    /// Undo [`Store::delete`] of note `id`.
    pub fn restore(&mut self, id: i64) -> Result<Note, NoteError> {
        self.change_one(
            "UPDATE notes SET deleted = NULL WHERE id = ?1 AND deleted IS NOT NULL",
            id,
        )?;
        self.get(id)?.ok_or(NoteError::NotFound {
            path: self.path.clone(),
            id,
        })
    }

    /// Deleted notes, most recently deleted first, so the TUI can offer to restore them.
    pub fn deleted(&self) -> Result<Vec<Note>, NoteError> {
        self.query(
            &format!(
                "SELECT {NOTE_COLUMNS} FROM notes WHERE deleted IS NOT NULL \
                 ORDER BY deleted DESC, id DESC"
            ),
            &[],
        )
    }

    /// The live note with this id, if any.
    pub fn get(&self, id: i64) -> Result<Option<Note>, NoteError> {
        get_note(&self.conn, id).map_err(|e| self.err(e))
    }

    /// Live notes matching `filter`, ordered by report, then creation time (then uuid, so
    /// the order is the same in every copy of the notes).
    pub fn list(&self, filter: &NoteFilter) -> Result<Vec<Note>, NoteError> {
        let tag = filter
            .tag
            .as_deref()
            .map(|t| t.trim_start_matches(['#', '＃']));
        self.query(
            &format!(
                "SELECT {NOTE_COLUMNS} FROM notes n WHERE deleted IS NULL \
                 AND (?1 IS NULL OR report_id = ?1) \
                 AND (?2 IS NULL OR EXISTS \
                     (SELECT 1 FROM note_tags t WHERE t.note_id = n.id AND t.tag = ?2)) \
                 ORDER BY report_id, created, id"
            ),
            &[&filter.report, &tag],
        )
    }

    /// Live notes on one report.
    pub fn for_report(&self, report_id: &str) -> Result<Vec<Note>, NoteError> {
        self.list(&NoteFilter {
            report: Some(report_id.to_string()),
            tag: None,
        })
    }

    /// A number that changes whenever *another* connection (another fazhi process)
    /// commits to the database; this store's own writes do not change it. Cheap enough
    /// to poll on every TUI tick: when it differs from the last value, reload the notes.
    pub fn data_version(&self) -> Result<i64, NoteError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Save (or overwrite) the draft `key` of `user`. Meant to be called every few
    /// keystrokes: one small committed write, so the text survives the TUI being killed.
    pub fn save_draft(&mut self, user: &str, key: &str, text: &str) -> Result<(), NoteError> {
        self.conn
            .execute(
                &format!(
                    "INSERT INTO drafts (user, key, text, saved) VALUES (?1, ?2, ?3, {NOW}) \
                     ON CONFLICT (user, key) DO UPDATE SET text = excluded.text, \
                     saved = excluded.saved"
                ),
                params![user, key, text],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The draft `key` of `user`, if one was saved. It stays saved until
    /// [`Store::clear_draft`], so clear it only after the note itself was added.
    pub fn draft(&self, user: &str, key: &str) -> Result<Option<Draft>, NoteError> {
        self.conn
            .query_row(
                "SELECT user, key, text, saved FROM drafts WHERE user = ?1 AND key = ?2",
                params![user, key],
                draft_from_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// All drafts of `user`, most recent first (to offer recovery at start-up).
    pub fn drafts(&self, user: &str) -> Result<Vec<Draft>, NoteError> {
        let mut stmt = self
            .conn
            .prepare("SELECT user, key, text, saved FROM drafts WHERE user = ?1 ORDER BY saved DESC, key")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([user], draft_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Forget the draft `key` of `user` (no error if there is none).
    pub fn clear_draft(&mut self, user: &str, key: &str) -> Result<(), NoteError> {
        self.conn
            .execute(
                "DELETE FROM drafts WHERE user = ?1 AND key = ?2",
                params![user, key],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Merge notes by uuid in one transaction: new uuids are added with their own
    /// timestamps and author; a known uuid takes the incoming body only when the incoming
    /// `updated` is later. Ids of `notes` are ignored.
    pub(crate) fn merge(&mut self, notes: &[Note]) -> Result<ImportSummary, NoteError> {
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = begin_write(&mut self.conn).map_err(err)?;
        let mut counts = ImportSummary::default();
        for note in notes {
            if note.body.trim().is_empty() {
                return Err(NoteError::Import(format!(
                    "note {} has an empty body",
                    note.uuid
                )));
            }
            let known: Option<(i64, String, bool)> = tx
                .query_row(
                    "SELECT id, updated, deleted IS NOT NULL FROM notes WHERE uuid = ?1",
                    [&note.uuid],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(err)?;
            match known {
                None => {
                    let row = Row {
                        uuid: &note.uuid,
                        report_id: &note.report_id,
                        anchor: &note.anchor,
                        figure: note.figure.as_deref(),
                        body: &note.body,
                        author: &note.author,
                        times: Some((&note.created, &note.updated)),
                    };
                    let id = insert(&tx, &row).map_err(err)?;
                    write_tags(&tx, id, &note.body).map_err(err)?;
                    counts.added += 1;
                }
                // RFC 3339 UTC strings of one format order like the times they denote.
                Some((id, updated, false)) if note.updated > updated => {
                    tx.execute(
                        "UPDATE notes SET body = ?2, updated = ?3 WHERE id = ?1",
                        params![id, note.body, note.updated],
                    )
                    .map_err(err)?;
                    write_tags(&tx, id, &note.body).map_err(err)?;
                    counts.updated += 1;
                }
                Some(_) => counts.unchanged += 1,
            }
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }

    /// Run `sql`, an `UPDATE` of note `?1`; an error naming the note when no row changed.
    fn change_one(&mut self, sql: &str, id: i64) -> Result<(), NoteError> {
        let n = self.conn.execute(sql, [id]).map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(NoteError::NotFound {
                path: self.path.clone(),
                id,
            });
        }
        Ok(())
    }

    fn query(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Note>, NoteError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(args, note_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

/// A note's row as written: a new note's, or an imported one's with its own timestamps.
struct Row<'a> {
    uuid: &'a str,
    report_id: &'a str,
    anchor: &'a Anchor,
    figure: Option<&'a str>,
    body: &'a str,
    author: &'a str,
    /// Created and updated; `None` stamps the row now.
    times: Option<(&'a str, &'a str)>,
}

/// Insert `row` (without its tags); returns its id.
fn insert(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<i64> {
    let (created, updated) = row.times.unzip();
    conn.query_row(
        &format!(
            "INSERT INTO notes (uuid, report_id, section_path, paragraph, quote_exact, \
             quote_prefix, quote_suffix, figure, body, author, created, updated) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, COALESCE(?11, {NOW}), \
             COALESCE(?12, {NOW})) RETURNING id"
        ),
        params![
            row.uuid,
            row.report_id,
            row.anchor.section_path,
            row.anchor.paragraph as i64,
            row.anchor.quote.exact,
            row.anchor.quote.prefix,
            row.anchor.quote.suffix,
            row.figure,
            row.body,
            row.author,
            created,
            updated,
        ],
        |r| r.get(0),
    )
}

/// A random (version 4) UUID from SQLite's CSPRNG, which is seeded by the OS.
fn new_uuid(conn: &Connection) -> rusqlite::Result<String> {
    let mut b: [u8; 16] = conn.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

fn write_tags(conn: &Connection, id: i64, body: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM note_tags WHERE note_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached("INSERT INTO note_tags (note_id, tag) VALUES (?1, ?2)")?;
    for tag in crate::note::tags(body) {
        stmt.execute(params![id, tag])?;
    }
    Ok(())
}

fn get_note(conn: &Connection, id: i64) -> rusqlite::Result<Option<Note>> {
    conn.query_row(
        &format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1 AND deleted IS NULL"),
        [id],
        note_from_row,
    )
    .optional()
}
