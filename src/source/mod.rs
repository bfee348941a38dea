//! Report files as they arrive: plain text, Word (`.docx`, and the old `.doc`/`.wps`), PDF and
//! web pages saved from a site, each turned into the plain text the parser reads. A file's format is told by its
//! content first (a `.txt` that is really a PDF is read as a PDF), then by its extension.

pub mod doc;
pub mod docx;
pub mod html;
pub mod pdf;

use crate::error::Error;
use crate::report::text;
use std::cell::Cell;
use std::path::Path;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown.
    Text,
    /// A Word document (or another ZIP archive, which is then refused).
    Docx,
    /// A PDF.
    Pdf,
    /// A web page.
    Html,
    /// An old binary Word (`.doc`) or WPS document.
    OldWord,
    /// Rich Text (often saved from a site under a `.doc` name), which is refused.
    Rtf,
}

impl Format {
    /// How `fazhi` names the format to the user.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "Word",
            Format::Pdf => "PDF",
            Format::Html => "web page",
            Format::OldWord => "old Word",
            Format::Rtf => "RTF",
        }
    }
}

/// Extensions a folder is searched for (lower case; the search ignores case).
pub const EXTENSIONS: &[&str] = &["txt", "md", "docx", "pdf", "html", "htm", "doc", "wps"];

/// Whether a file in a folder is taken for a report, by its extension.
pub fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The format of `bytes`, read from `path`: magic bytes first, then the extension.
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::OldWord;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = lower.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with("<!doctype html") || start.starts_with("<html") || lower.contains("<body")
    {
        return Format::Html;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => Format::Html,
        Some("pdf") => Format::Pdf,
        Some("docx") => Format::Docx,
        Some("doc" | "wps") => Format::OldWord,
        _ => Format::Text,
    }
}

/// The text of one file, ready for the parser; errors name the file and say what to do.
pub fn to_text(path: &Path, bytes: &[u8]) -> Result<String, Error> {
    let problem = |problem: String| Error::Format {
        path: path.to_path_buf(),
        problem,
    };
    // A file of no bytes is empty whatever its name says, not a damaged archive or PDF.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    match detect(path, bytes) {
        Format::Text => text::decode(bytes).map_err(|p| match p {
            text::DecodeProblem::Empty => Error::Empty {
                path: path.to_path_buf(),
            },
            text::DecodeProblem::Binary(why) => Error::NotText {
                path: path.to_path_buf(),
                why,
            },
        }),
        Format::Docx => docx::to_text(bytes).map_err(problem),
        Format::Pdf => pdf::to_text(bytes).map_err(problem),
        Format::Html => html::to_text(bytes).map_err(problem),
        Format::OldWord => doc::to_text(bytes).map_err(problem),
        Format::Rtf => Err(problem(
            "an RTF document, which fazhi cannot read; open it and save it as .docx".into(),
        )),
    }
}

/// The lines of a table row: `| 行政复议案件 | 75件 | 82件 |\n` when it has two cells or more,
/// each of one short line (the parser reads it as a row); else each cell's paragraphs as
/// lines, as a table used for layout reads. Shared by both Word readers.
pub(crate) fn table_row(cells: Vec<Vec<String>>) -> String {
    const CELL_MAX: usize = 60;
    let short = cells.len() >= 2
        && cells.iter().all(|c| {
            c.len() <= 1
                && c.iter()
                    .all(|p| p.chars().count() <= CELL_MAX && !p.contains('\n'))
        });
    if short {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| c.concat().trim().replace('|', "｜"))
            .collect();
        return format!("| {} |\n", cells.join(" | "));
    }
    let mut out = String::new();
    for p in cells.concat() {
        out.push_str(&p);
        out.push('\n');
    }
    out
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on this thread now is one `quietly` catches (so a panic hook should
/// neither print it nor restore the terminal).
pub fn panic_is_caught() -> bool {
    QUIET.with(Cell::get)
}

/// Run `f`, turning a panic into `None` without printing it. The PDF reader panics on some
/// damaged files instead of returning an error; one bad file must not take the library (or
/// the terminal) down with it. Panics elsewhere still print as before.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_is_caught() {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_none_and_leaves_panics_loud_again() {
        assert_eq!(quietly(|| 7), Some(7));
        assert_eq!(quietly(|| -> u8 { panic!("damaged font") }), None);
        assert!(!panic_is_caught());
    }

    #[test]
    fn content_decides_before_the_extension() {
        let p = Path::new("report.txt");
        assert_eq!(detect(p, b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(detect(p, b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(
            detect(p, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Format::OldWord
        );
        assert_eq!(detect(p, b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect(Path::new("r.doc"), b"{\\rtf1\\ansi"), Format::Rtf);
        assert_eq!(detect(Path::new("r.HTM"), "报告".as_bytes()), Format::Html);
        assert_eq!(detect(p, "报告".as_bytes()), Format::Text);
    }
}
