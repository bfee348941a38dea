//! Reopening where the user left off: the report, paragraph and scroll position, saved per
//! user in the XDG state dir.

use super::app::{App, Pane, Place};
use super::nav::ReportRow;
use super::view::ScrollPos;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What is saved: the report by id (indices change when the library changes).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Saved {
    /// Report id, `210311-2023`.
    pub report: String,
    /// Passage under the cursor.
    pub cursor: usize,
    /// First passage shown and the line within it.
    pub top: (usize, usize),
}

/// The place to save for this app.
pub fn saved(app: &App) -> Option<Saved> {
    let r = app.report()?;
    Some(Saved {
        report: r.id(),
        cursor: app.view.cursor,
        top: (app.view.top.passage, app.view.top.line),
    })
}

/// Write the position file; failures are not worth interrupting a quit for.
pub fn save(path: &Path, app: &App) -> std::io::Result<()> {
    let Some(s) = saved(app) else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec(&s)?)?;
    std::fs::rename(tmp, path)
}

/// Go back to the saved place, if the file is there and names a report we have.
pub fn restore(path: &Path, app: &mut App) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let Ok(s) = serde_json::from_slice::<Saved>(&bytes) else {
        return;
    };
    if let Some(report) = app.library.index_of(&s.report) {
        app.restore(Place {
            report,
            cursor: s.cursor,
            top: ScrollPos {
                passage: s.top.0,
                line: s.top.1,
            },
        });
        app.report_cursor = app
            .report_rows
            .iter()
            .position(|r| *r == ReportRow::Year(report))
            .unwrap_or(app.report_cursor);
        app.focus = Pane::Content;
    }
}
