//! Why a keymap file is refused: every problem, each with its file and line.

use std::path::PathBuf;

/// Every problem of a refused keymap file, in file order. Displays one per line.
#[derive(Debug)]
pub struct KeymapErrors(pub Vec<KeymapError>);

impl std::fmt::Display for KeymapErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for KeymapErrors {}

impl From<KeymapError> for KeymapErrors {
    fn from(e: KeymapError) -> KeymapErrors {
        KeymapErrors(vec![e])
    }
}

/// Why a keymap file was refused. Displays as one line starting `file:line:`.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or not shaped like a keymap (e.g. a number as action).
    #[error("{}: {message}", location(file, *line))]
    Toml {
        /// The file's name.
        file: String,
        /// Where the TOML parser stopped, when it says.
        line: Option<usize>,
        /// The TOML parser's complaint.
        message: String,
    },
    /// A binding names no [`Action`](crate::tui::action::Action).
    #[error("{file}:{line}: unknown action {name:?}{}", did_you_mean(*suggestion))]
    UnknownAction {
        /// The file's name.
        file: String,
        /// The binding's line.
        line: usize,
        /// The name as written.
        name: String,
        /// The closest action name, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A binding's key is not in the key syntax.
    #[error("{file}:{line}: unknown key {key:?}")]
    UnknownKey {
        /// The file's name.
        file: String,
        /// The binding's line.
        line: usize,
        /// The key as written.
        key: String,
    },
    /// An action bound in a section where it does nothing (`save` in `[normal]`).
    #[error("{file}:{line}: {action:?} does nothing in [{context}]")]
    Misplaced {
        /// The file's name.
        file: String,
        /// The binding's line.
        line: usize,
        /// The action as written.
        action: String,
        /// The section.
        context: &'static str,
    },
    /// Two bindings in one file are the same key once spelled alike (`G` and `shift-g`).
    #[error("{file}:{line}: duplicate key {key:?}: same key as {first:?} on line {first_line}")]
    DuplicateKey {
        /// The file's name.
        file: String,
        /// The second binding's line.
        line: usize,
        /// The second binding's key as written.
        key: String,
        /// The first binding's key as written.
        first: String,
        /// The first binding's line.
        first_line: usize,
    },
}

impl KeymapError {
    /// The line the problem is on (0 when there is none), for listing problems in order.
    pub(super) fn line(&self) -> usize {
        match self {
            KeymapError::Io { .. } => 0,
            KeymapError::Toml { line, .. } => line.unwrap_or(0),
            KeymapError::UnknownAction { line, .. }
            | KeymapError::UnknownKey { line, .. }
            | KeymapError::Misplaced { line, .. }
            | KeymapError::DuplicateKey { line, .. } => *line,
        }
    }
}

/// `file:line`, or just `file` when the line is unknown.
fn location(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

/// The ` (did you mean "x"?)` tail of an unknown-action message.
fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean {s:?}?)"))
        .unwrap_or_default()
}
