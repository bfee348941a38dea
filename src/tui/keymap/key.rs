//! Keys as keymap files write them and as terminals send them, in one canonical spelling.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key in one canonical spelling, so that every way a terminal or a file says the same
/// key compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// Parses the key syntax of the module docs; `None` if it is not a key.
    pub fn parse(text: &str) -> Option<Key> {
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
    pub fn from_event(event: &KeyEvent) -> Key {
        Key::canonical(event.code, event.modifiers)
    }

    /// One spelling per key. Terminals disagree on shifted characters: `G` arrives as
    /// `G`+shift (most), `G` (kitty with alternate keys) or `g`+shift (kitty without), and
    /// `?` with or without shift. So shift is folded into the character and dropped.
    pub fn canonical(code: KeyCode, mut modifiers: KeyModifiers) -> Key {
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
}
