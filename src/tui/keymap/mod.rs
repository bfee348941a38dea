//! Keymaps: which key asks for which [`Action`].
//!
//! A keymap is a TOML file. fazhi ships two, `keymaps/default.toml` (vim-flavoured, with
//! arrows) and `keymaps/emacs.toml`; a user's file is laid over the default:
//!
//! ```toml
//! # a user's keymap file, laid over keymaps/default.toml
//! # inherit = false    # uncomment to start from nothing instead of the default keymap
//!
//! [normal]
//! "ctrl-f" = "page_down"  # adds a key (or replaces what ctrl-f did)
//! "M" = "none"            # unbinds M; every other default key stays
//! "G" = "bottom"          # the same key as "shift-g"
//!
//! [palette]
//! "ctrl-g" = "cancel"     # close the palette with ctrl-g too
//! ```
//!
//! - **Sections** are the [`Context`]s a key can be pressed in: `[normal]` (reading; `[keys]`
//!   is the same section), `[search]` (typing a search), `[palette]` (the palette, search
//!   everywhere and all notes: lists with a query line), `[list]` (the topic view),
//!   `[editor]` (the note editor), `[confirm]` (a yes/no question) and `[help]`. Every key
//!   press resolves to an action once, in the context that has the keys; a popup with a
//!   text input takes as text only the keys its context leaves unbound.
//! - **Bindings**: one `"key" = "action"` line per key. The action is an [`Action`] name
//!   (`down`, `prev_pane`, `search_everywhere`, … as `fazhi keys` lists them) or `"none"`,
//!   which unbinds the key. A key has one action per section; an action may have many keys.
//!   An action that does nothing in a section (`save` in `[normal]`) is refused.
//! - **`inherit`** (default `true`): keys the file binds replace the inherited binding for
//!   that key in that section, and every other inherited key stays. With `inherit = false`
//!   each section the file writes is the whole of that section (a section it leaves out is
//!   inherited, so popups always keep a way out). The shipped files say `inherit = false`
//!   because each stands alone.
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
//! A bad file is refused with every problem, each with the file and the line, e.g.
//! `keymap.toml:7: unknown action "palete" (did you mean "palette"?)`; the reader then
//! starts with the default keymap and says so.

use std::collections::BTreeMap;
use std::path::Path;

use crossterm::event::{KeyEvent, KeyEventKind};
use serde::Deserialize;
use toml::Spanned;

use super::action::{Action, Group};

mod context;
mod error;
mod key;

pub use context::Context;
pub use error::{KeymapError, KeymapErrors};
use key::Key;

/// The shipped default keymap, also the base a user's keymap inherits from.
const DEFAULT_TOML: &str = include_str!("../../../keymaps/default.toml");
/// The shipped emacs-flavoured keymap.
const EMACS_TOML: &str = include_str!("../../../keymaps/emacs.toml");
/// The action name that unbinds a key.
const UNBIND: &str = "none";

/// Which key asks for which [`Action`] in each [`Context`]: at most one action per key and
/// context.
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
    pub fn load(path: impl AsRef<Path>) -> Result<Keymap, KeymapErrors> {
        Keymap::default_map().overlay_file(path)
    }

    /// Parses user keymap `text` and lays it over the default keymap; `name` is the file
    /// name errors start with.
    pub fn from_str(name: &str, text: &str) -> Result<Keymap, KeymapErrors> {
        Keymap::default_map().overlay(name, text)
    }

    /// Reads a keymap file and lays it over this keymap (e.g. a user's file over
    /// [`Keymap::emacs`]).
    pub fn overlay_file(&self, path: impl AsRef<Path>) -> Result<Keymap, KeymapErrors> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.overlay(&path.display().to_string(), &text)
    }

    /// Parses keymap `text` and lays it over this keymap: keys it binds replace this
    /// keymap's binding for that key in that section, `"none"` unbinds, `inherit = false`
    /// drops this keymap. `name` is the file name errors start with. Every problem is
    /// reported, not just the first.
    pub fn overlay(&self, name: &str, text: &str) -> Result<Keymap, KeymapErrors> {
        let file: KeymapFile = toml::from_str(text).map_err(|e| KeymapError::Toml {
            file: name.to_string(),
            line: e.span().map(|span| line_of(text, span.start)),
            // TOML puts "expected …" on a second line; errors reach the user as one line.
            message: e.message().trim().lines().collect::<Vec<_>>().join("; "),
        })?;
        let sections = file.sections();
        let keymap = if file.inherit {
            self.clone()
        } else {
            // A section the file leaves out entirely keeps this keymap's: a file written
            // before sections existed (only `[keys]`) must not leave popups without a way
            // out.
            let written: Vec<Context> = sections
                .iter()
                .filter(|(_, table)| !table.is_empty())
                .map(|&(c, _)| c)
                .collect();
            Keymap {
                bindings: self
                    .bindings
                    .iter()
                    .filter(|b| !written.contains(&b.context))
                    .cloned()
                    .collect(),
            }
        };
        let mut keymap = keymap;
        let mut errors = Vec::new();
        for (context, table) in sections {
            keymap.overlay_section(name, text, context, table, &mut errors);
        }
        errors.sort_by_key(KeymapError::line);
        if errors.is_empty() {
            Ok(keymap)
        } else {
            Err(KeymapErrors(errors))
        }
    }

    /// Lays one section of a file over this keymap, collecting what is wrong with it.
    fn overlay_section(
        &mut self,
        name: &str,
        text: &str,
        context: Context,
        table: Vec<Line<'_>>,
        errors: &mut Vec<KeymapError>,
    ) {
        // Duplicates are checked within this file only: replacing an inherited key is the
        // point of a user file.
        let mut seen: Vec<(Key, &str, usize)> = Vec::new();
        for (written, action) in table {
            let line = line_of(text, written.span().start);
            let written = written.get_ref().as_str();
            let Some(key) = Key::parse(written) else {
                errors.push(KeymapError::UnknownKey {
                    file: name.to_string(),
                    line,
                    key: written.to_string(),
                });
                continue;
            };
            if let Some(&(_, first, first_line)) = seen.iter().find(|(k, ..)| *k == key) {
                errors.push(KeymapError::DuplicateKey {
                    file: name.to_string(),
                    line,
                    key: written.to_string(),
                    first: first.to_string(),
                    first_line,
                });
                continue;
            }
            seen.push((key, written, line));
            let parsed = match parse_action(action.get_ref()) {
                Ok(parsed) => parsed,
                Err(suggestion) => {
                    errors.push(KeymapError::UnknownAction {
                        file: name.to_string(),
                        line: line_of(text, action.span().start),
                        name: action.get_ref().clone(),
                        suggestion,
                    });
                    continue;
                }
            };
            if let Some(a) = parsed.filter(|&a| !context.allows(a)) {
                errors.push(KeymapError::Misplaced {
                    file: name.to_string(),
                    line: line_of(text, action.span().start),
                    action: a.name().to_string(),
                    context: context.name(),
                });
                continue;
            }
            self.bind(context, key, written, parsed);
        }
    }

    /// The action `event` asks for while reading ([`Context::Normal`]), if any.
    pub fn resolve(&self, event: &KeyEvent) -> Option<Action> {
        self.resolve_in(Context::Normal, event)
    }

    /// The action `event` asks for in `context`, if any. Key releases (sent by some Windows
    /// and kitty terminals) ask for nothing, so an action fires once per press.
    pub fn resolve_in(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key == key)
            .map(|b| b.action)
    }

    /// Every binding for reading as `(key as written, action)`, grouped by action in
    /// [`Action::ALL`] order (so by [`Group`]) and in file order within an action: `fazhi
    /// keys` lists this.
    pub fn bindings(&self) -> Vec<(String, Action)> {
        self.bindings_in(Context::Normal)
    }

    /// [`Keymap::bindings`] of one context.
    pub fn bindings_in(&self, context: Context) -> Vec<(String, Action)> {
        let mut bindings: Vec<&Binding> = self
            .bindings
            .iter()
            .filter(|b| b.context == context)
            .collect();
        // A stable sort keeps file order among one action's keys.
        bindings.sort_by_key(|b| b.action);
        bindings
            .into_iter()
            .map(|b| (b.written.clone(), b.action))
            .collect()
    }

    /// The keys bound to `action` while reading, as written, in file order (for
    /// status-line hints).
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.keys_in(Context::Normal, action)
    }

    /// The keys bound to `action` in `context`, as written, in file order.
    pub fn keys_in(&self, context: Context, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(|b| b.written.clone())
            .collect()
    }

    /// What the help overlay shows for reading: each [`Group`] in [`Group::ALL`] order with
    /// its bound actions in [`Action::ALL`] order and their keys as written. Unbound actions
    /// and groups left empty are skipped, since there is nothing to press.
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

    /// What help shows for another context: its bound actions in [`Action::ALL`] order with
    /// their keys.
    pub fn help_in(&self, context: Context) -> Vec<(Action, Vec<String>)> {
        Action::ALL
            .iter()
            .map(|&a| (a, self.keys_in(context, a)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// Parses a keymap that ships inside the binary.
    fn shipped(name: &str, text: &str) -> Keymap {
        Keymap { bindings: vec![] }
            .overlay(name, text)
            // tests/tui/keymap.rs loads every shipped keymap, so this cannot fail in a release.
            .unwrap_or_else(|e| panic!("shipped keymap is broken: {e}"))
    }

    /// Binds `key` to `action` in `context`, replacing its binding in place; `None` unbinds.
    fn bind(&mut self, context: Context, key: Key, written: &str, action: Option<Action>) {
        let existing = self
            .bindings
            .iter()
            .position(|b| b.context == context && b.key == key);
        let binding = |action| Binding {
            context,
            key,
            written: written.to_string(),
            action,
        };
        match (existing, action) {
            (Some(i), Some(action)) => self.bindings[i] = binding(action),
            (Some(i), None) => {
                self.bindings.remove(i);
            }
            (None, Some(action)) => self.bindings.push(binding(action)),
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
    context: Context,
    key: Key,
    /// As the file wrote it, because that is how the user will look for it in help.
    written: String,
    action: Action,
}

/// The bindings of one section, as TOML sees them.
type Table = BTreeMap<Spanned<String>, Spanned<String>>;

/// One `"key" = "action"` line as written, with where each half is.
type Line<'a> = (&'a Spanned<String>, &'a Spanned<String>);

/// A keymap file as TOML sees it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default = "inherit_by_default")]
    inherit: bool,
    /// The first keymap files had one section, `[keys]`: it is `[normal]`.
    #[serde(default)]
    keys: Table,
    #[serde(default)]
    normal: Table,
    #[serde(default)]
    search: Table,
    #[serde(default)]
    palette: Table,
    #[serde(default)]
    list: Table,
    #[serde(default)]
    editor: Table,
    #[serde(default)]
    confirm: Table,
    #[serde(default)]
    help: Table,
}

impl KeymapFile {
    /// Each context's bindings in file order (the maps sorted them by text; file order makes
    /// "first" in duplicate messages and listings honest).
    fn sections(&self) -> Vec<(Context, Vec<Line<'_>>)> {
        fn in_order<'a>(tables: &[&'a Table]) -> Vec<Line<'a>> {
            let mut entries: Vec<_> = tables.iter().flat_map(|t| t.iter()).collect();
            entries.sort_by_key(|(key, _)| key.span().start);
            entries
        }
        vec![
            (Context::Normal, in_order(&[&self.keys, &self.normal])),
            (Context::Search, in_order(&[&self.search])),
            (Context::Palette, in_order(&[&self.palette])),
            (Context::List, in_order(&[&self.list])),
            (Context::Editor, in_order(&[&self.editor])),
            (Context::Confirm, in_order(&[&self.confirm])),
            (Context::Help, in_order(&[&self.help])),
        ]
    }
}

fn inherit_by_default() -> bool {
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_miss_action_names_get_a_suggestion() {
        assert_eq!(parse_action("palete"), Err(Some("palette")));
        assert_eq!(parse_action("Prev-Pane"), Err(Some("prev_pane")));
        assert_eq!(parse_action("x"), Err(None));
        assert_eq!(parse_action("none"), Ok(None));
    }
}
