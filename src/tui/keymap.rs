//! Keymaps: which key asks for which [`Action`].
//!
//! A keymap is a TOML file. fazhi ships two, `keymaps/default.toml` (vim-flavoured, with
//! arrows) and `keymaps/emacs.toml`; a user's file is laid over the default:
//!
//! ```toml
//! # a user's keymap file, laid over keymaps/default.toml
//! # inherit = false    # uncomment to start from nothing instead of the default keymap
//!
//! [keys]
//! "ctrl-f" = "page_down"  # adds a key (or replaces what ctrl-f did)
//! "M" = "none"            # unbinds M; every other default key stays
//! "G" = "bottom"          # the same key as "shift-g"
//! ```
//!
//! - **`[keys]`**: one `"key" = "action"` line per key. The action is an [`Action`] name
//!   (`down`, `prev_pane`, `search_everywhere`, … as `fazhi keys` lists them) or `"none"`,
//!   which unbinds the key. A key has one action; an action may have many keys.
//! - **`inherit`** (default `true`): keys the file binds replace the inherited binding for
//!   that key, and every other inherited key stays. With `inherit = false` the file is the
//!   whole keymap. The shipped files say `inherit = false` because each stands alone.
//!
//! Keys are written as
//!
//! - a single character, case-sensitive: `j`, `G`, `?`, `/`, `]`, `{`, `1`, `-`;
//! - a name, case-insensitive: `up down left right enter esc tab backtab space pageup pagedown
//!   home end backspace delete insert f1`…`f12`;
//! - either, after modifiers `ctrl-`, `alt-`, `shift-` in any order: `ctrl-p`, `alt-<`,
//!   `shift-tab`, `ctrl-alt-v`.
//!
//! Keys are compared the way terminals deliver them, so these pairs are one key (binding
//! both in one file is a duplicate): `G` and `shift-g`; `shift-tab` and `backtab`; `ctrl-i`
//! and `tab`, `ctrl-m` and `enter`, `ctrl-[` and `esc` (a terminal sends the same byte for
//! each). `shift-` only goes with letters and named keys: write `?`, not `shift-/`, because
//! which character shift makes depends on the keyboard layout. `ctrl-G` (ctrl-shift-g) is
//! its own key, but most terminals send it as `ctrl-g`.
//!
//! A bad file is refused with the file, the line and the problem, e.g.
//! `keymap.toml:7: unknown action "palete" (did you mean "palette"?)`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use super::action::{Action, Group};

/// The shipped default keymap, also the base a user's keymap inherits from.
const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
/// The shipped emacs-flavoured keymap.
const EMACS_TOML: &str = include_str!("../../keymaps/emacs.toml");
/// The action name that unbinds a key.
const UNBIND: &str = "none";

/// Which key asks for which [`Action`]: at most one action per key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// In the order the files wrote them, so listings follow the file.
    bindings: Vec<Binding>,
}

/// One heading of the help overlay, as [`Keymap::help`] builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    /// The heading.
    pub group: Group,
    /// The group's bound actions in [`Action::ALL`] order, each with its keys as written.
    pub entries: Vec<(Action, Vec<String>)>,
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
    /// A binding names no [`Action`].
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

impl Keymap {
    /// The shipped default keymap (`keymaps/default.toml`).
    pub fn default_map() -> Keymap {
        Keymap::shipped("keymaps/default.toml", DEFAULT_TOML)
    }

    /// The shipped emacs-flavoured keymap (`keymaps/emacs.toml`).
    pub fn emacs() -> Keymap {
        Keymap::shipped("keymaps/emacs.toml", EMACS_TOML)
    }

    /// Reads a user keymap file and lays it over the default keymap.
    pub fn load(path: impl AsRef<Path>) -> Result<Keymap, KeymapError> {
        Keymap::default_map().overlay_file(path)
    }

    /// Parses user keymap `text` and lays it over the default keymap; `name` is the file
    /// name errors start with.
    pub fn from_str(name: &str, text: &str) -> Result<Keymap, KeymapError> {
        Keymap::default_map().overlay(name, text)
    }

    /// Reads a keymap file and lays it over this keymap (e.g. a user's file over
    /// [`Keymap::emacs`]).
    pub fn overlay_file(&self, path: impl AsRef<Path>) -> Result<Keymap, KeymapError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.overlay(&path.display().to_string(), &text)
    }

    /// Parses keymap `text` and lays it over this keymap: keys it binds replace this
    /// keymap's binding for that key, `"none"` unbinds, `inherit = false` drops this keymap.
    /// `name` is the file name errors start with.
    pub fn overlay(&self, name: &str, text: &str) -> Result<Keymap, KeymapError> {
        let file: KeymapFile = toml::from_str(text).map_err(|e| KeymapError::Toml {
            file: name.to_string(),
            line: e.span().map(|span| line_of(text, span.start)),
            // TOML puts "expected …" on a second line; errors reach the user as one line.
            message: e.message().trim().lines().collect::<Vec<_>>().join("; "),
        })?;
        // The map sorted the keys by text; file order makes "first" and listings honest.
        let mut entries: Vec<_> = file.keys.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);

        let mut keymap = if file.inherit {
            self.clone()
        } else {
            Keymap { bindings: vec![] }
        };
        // Duplicates are checked within this file only: replacing an inherited key is the
        // point of a user file.
        let mut seen: Vec<(Key, &str, usize)> = Vec::new();
        for (written, action) in &entries {
            let line = line_of(text, written.span().start);
            let written = written.get_ref().as_str();
            let key = Key::parse(written).ok_or_else(|| KeymapError::UnknownKey {
                file: name.to_string(),
                line,
                key: written.to_string(),
            })?;
            if let Some(&(_, first, first_line)) = seen.iter().find(|(k, ..)| *k == key) {
                return Err(KeymapError::DuplicateKey {
                    file: name.to_string(),
                    line,
                    key: written.to_string(),
                    first: first.to_string(),
                    first_line,
                });
            }
            seen.push((key, written, line));
            let action = parse_action(action.get_ref()).map_err(|suggestion| {
                KeymapError::UnknownAction {
                    file: name.to_string(),
                    line: line_of(text, action.span().start),
                    name: action.get_ref().clone(),
                    suggestion,
                }
            })?;
            keymap.bind(key, written, action);
        }
        Ok(keymap)
    }

    /// The action `event` asks for, if any. Key releases (sent by some Windows and kitty
    /// terminals) ask for nothing, so an action fires once per press.
    pub fn resolve(&self, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.action)
    }

    /// Every binding as `(key as written, action)`, grouped by action in [`Action::ALL`]
    /// order (so by [`Group`]) and in file order within an action: `fazhi keys` lists this.
    pub fn bindings(&self) -> Vec<(String, Action)> {
        let mut bindings: Vec<&Binding> = self.bindings.iter().collect();
        // A stable sort keeps file order among one action's keys.
        bindings.sort_by_key(|b| b.action);
        bindings
            .into_iter()
            .map(|b| (b.written.clone(), b.action))
            .collect()
    }

    /// The keys bound to `action`, as written, in file order (for status-line hints).
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.written.clone())
            .collect()
    }

    /// What the help overlay shows: each [`Group`] in [`Group::ALL`] order with its bound
    /// actions in [`Action::ALL`] order and their keys as written. Unbound actions and
    /// groups left empty are skipped, since there is nothing to press.
    pub fn help(&self) -> Vec<HelpSection> {
        Group::ALL
            .iter()
            .map(|&group| {
                let entries = Action::ALL
                    .iter()
                    .filter(|a| a.group() == group)
                    .map(|&a| (a, self.keys_for(a)))
                    .filter(|(_, keys)| !keys.is_empty())
                    .collect();
                HelpSection { group, entries }
            })
            .filter(|section| !section.entries.is_empty())
            .collect()
    }

    /// Parses a keymap that ships inside the binary.
    fn shipped(name: &str, text: &str) -> Keymap {
        Keymap { bindings: vec![] }
            .overlay(name, text)
            // tests/keymap.rs loads every shipped keymap, so this cannot fail in a release.
            .unwrap_or_else(|e| panic!("shipped keymap is broken: {e}"))
    }

    /// Binds `key` to `action`, replacing its binding in place; `None` unbinds it.
    fn bind(&mut self, key: Key, written: &str, action: Option<Action>) {
        let existing = self.bindings.iter().position(|b| b.key == key);
        match (existing, action) {
            (Some(i), Some(action)) => {
                self.bindings[i] = Binding {
                    key,
                    written: written.to_string(),
                    action,
                }
            }
            (Some(i), None) => {
                self.bindings.remove(i);
            }
            (None, Some(action)) => self.bindings.push(Binding {
                key,
                written: written.to_string(),
                action,
            }),
            (None, None) => {}
        }
    }
}

impl Default for Keymap {
    /// The shipped default keymap.
    fn default() -> Keymap {
        Keymap::default_map()
    }
}

/// One `"key" = "action"` line that survived.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    key: Key,
    /// As the file wrote it, because that is how the user will look for it in help.
    written: String,
    action: Action,
}

/// A keymap file as TOML sees it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default = "inherit_by_default")]
    inherit: bool,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<String>>,
}

fn inherit_by_default() -> bool {
    true
}

/// A key in one canonical spelling, so that every way a terminal or a file says the same
/// key compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// Parses the key syntax of the module docs; `None` if it is not a key.
    fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // "ctrl--" is ctrl and "-": a modifier needs something after its dash.
        while let Some((prefix, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            let modifier = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if modifiers.contains(modifier) {
                return None;
            }
            modifiers |= modifier;
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_control() => return None,
            // Shift on a symbol means a different symbol on each layout; ask for the symbol.
            (Some(c), None) if modifiers.contains(KeyModifiers::SHIFT) && !has_case(c) => {
                return None
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase())?,
        };
        Some(Key::canonical(code, modifiers))
    }

    /// The key a terminal event is.
    fn from_event(event: &KeyEvent) -> Key {
        Key::canonical(event.code, event.modifiers)
    }

    /// One spelling per key. Terminals disagree on shifted characters: `G` arrives as
    /// `G`+shift (most), `G` (kitty with alternate keys) or `g`+shift (kitty without), and
    /// `?` with or without shift. So shift is folded into the character and dropped.
    fn canonical(code: KeyCode, mut modifiers: KeyModifiers) -> Key {
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                match c {
                    // Legacy terminals send these ctrl keys as the very same byte as a named
                    // key; kitty tells them apart. Treat them as the named key everywhere so
                    // a binding behaves the same in every terminal.
                    'i' | 'm' | '[' if modifiers.contains(KeyModifiers::CONTROL) => {
                        modifiers.remove(KeyModifiers::CONTROL);
                        match c {
                            'i' => KeyCode::Tab,
                            'm' => KeyCode::Enter,
                            _ => KeyCode::Esc,
                        }
                    }
                    c if shift => KeyCode::Char(to_upper(c)),
                    c => KeyCode::Char(c),
                }
            }
            // Shift-tab arrives as BackTab, BackTab+shift or (kitty) Tab+shift.
            KeyCode::Tab if shift => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            code => code,
        };
        Key { code, modifiers }
    }
}

/// The named keys of the key syntax, lowercased.
fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        _ => {
            let n: u8 = name.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// Whether shift changes `c` in a way every layout agrees on (letters, any script).
fn has_case(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase()
}

/// The uppercase of `c` when that is one character (it is for every letter a key makes).
fn to_upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// The action an action name in a file means: `Ok(None)` unbinds; `Err` carries the
/// closest real name for the "did you mean" hint.
fn parse_action(name: &str) -> Result<Option<Action>, Option<&'static str>> {
    if name == UNBIND {
        return Ok(None);
    }
    if let Some(action) = Action::from_name(name) {
        return Ok(Some(action));
    }
    // "Prev-Pane" is a near miss of "prev_pane", so compare in the names' own spelling.
    let spelled = name.to_lowercase().replace(['-', ' '], "_");
    let closest = Action::ALL
        .iter()
        .map(|a| a.name())
        .chain([UNBIND])
        .map(|candidate| (edit_distance(&spelled, candidate), candidate))
        .min();
    Err(closest
        .filter(|&(distance, _)| distance <= 2 && distance < name.chars().count())
        .map(|(_, candidate)| candidate))
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|| panic!("{text:?} should parse"))
    }

    fn event(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent::new(code, modifiers))
    }

    #[test]
    fn spellings_of_one_key_are_one_key() {
        assert_eq!(key("G"), key("shift-g"));
        assert_eq!(key("shift-tab"), key("backtab"));
        assert_eq!(key("ctrl-i"), key("tab"));
        assert_eq!(key("ctrl-m"), key("Enter"));
        assert_eq!(key("ctrl-["), key("esc"));
        assert_eq!(key("space"), key(" "));
        assert_eq!(key("ctrl-alt-v"), key("alt-ctrl-v"));
        assert_ne!(key("ctrl-g"), key("ctrl-G"));
    }

    #[test]
    fn terminals_spellings_of_shifted_keys_are_one_key() {
        let g = key("G");
        assert_eq!(event(KeyCode::Char('G'), KeyModifiers::SHIFT), g);
        assert_eq!(event(KeyCode::Char('G'), KeyModifiers::NONE), g);
        assert_eq!(event(KeyCode::Char('g'), KeyModifiers::SHIFT), g);
        assert_eq!(event(KeyCode::Char('?'), KeyModifiers::SHIFT), key("?"));
        assert_eq!(
            event(KeyCode::BackTab, KeyModifiers::SHIFT),
            key("shift-tab")
        );
        assert_eq!(event(KeyCode::Tab, KeyModifiers::SHIFT), key("backtab"));
    }

    #[test]
    fn modifier_dash_needs_a_key_after_it() {
        assert_eq!(key("-").code, KeyCode::Char('-'));
        assert_eq!(
            key("ctrl--"),
            Key::canonical(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("f12").code, KeyCode::F(12));
    }

    #[test]
    fn non_keys_are_refused() {
        for text in [
            "",
            "ctlr-p",
            "ctrl-",
            "ctrl-ctrl-p",
            "shift-/",
            "f13",
            "f0",
            "\t",
            "jj",
        ] {
            assert_eq!(Key::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn near_miss_action_names_get_a_suggestion() {
        assert_eq!(parse_action("palete"), Err(Some("palette")));
        assert_eq!(parse_action("Prev-Pane"), Err(Some("prev_pane")));
        assert_eq!(parse_action("x"), Err(None));
        assert_eq!(parse_action("none"), Ok(None));
    }
}
