//! What an SSH client types, as bytes, turned into the crossterm events the reader handles.
//!
//! Locally crossterm reads the tty itself; over SSH the server has no tty, only the bytes the
//! client's terminal sends. The mapping follows crossterm's own (raw mode) so the reader
//! behaves the same over SSH as at home: `\r` is Enter, `\x7f` Backspace, `\n` Ctrl-J,
//! control bytes are Ctrl-letters, `ESC x` is Alt-x, CSI and SS3 sequences are the special
//! keys, SGR (and X10) mouse reports are mouse events and `ESC [200~ … ESC [201~` is a paste.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::time::Duration;

/// How long to wait for the rest of an escape sequence before a buffered ESC counts as the
/// Esc key on its own.
pub const ESC_WAIT: Duration = Duration::from_millis(30);

/// Pastes longer than this are cut, so one client cannot grow the server without bound.
const MAX_PASTE: usize = 1 << 20;

/// Longest CSI sequence we wait for; anything longer is not a key and is dropped.
const MAX_CSI: usize = 32;

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns the bytes of successive reads into events, keeping an unfinished sequence for the
/// next read.
#[derive(Debug, Default)]
pub struct Parser {
    buf: Vec<u8>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
}

/// What the bytes at the front of the buffer are.
#[derive(Debug, PartialEq)]
enum Step {
    /// An event, taking this many bytes.
    Event(Event, usize),
    /// Bytes that mean nothing to the reader (unknown sequences, broken UTF-8).
    Skip(usize),
    /// The start of a bracketed paste, this many bytes long.
    PasteStart(usize),
    /// A sequence whose end has not arrived yet.
    Incomplete,
}

impl Parser {
    /// A parser with nothing buffered.
    pub fn new() -> Parser {
        Parser::default()
    }

    /// The events in one read from the client. A lone ESC at the end of a read is the Esc
    /// key: terminals send a whole escape sequence in one write, so nothing more is coming.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut at = 0;
        loop {
            if let Some(paste) = &mut self.paste {
                let rest = &self.buf[at..];
                if let Some(end) = find(rest, PASTE_END) {
                    push_capped(paste, &rest[..end]);
                    out.push(Event::Paste(String::from_utf8_lossy(paste).into_owned()));
                    self.paste = None;
                    at += end + PASTE_END.len();
                    continue;
                }
                // The end marker may be split across reads: keep what could be its start.
                let keep = partial_suffix(rest, PASTE_END);
                push_capped(paste, &rest[..rest.len() - keep]);
                at = self.buf.len() - keep;
                break;
            }
            if at == self.buf.len() {
                break;
            }
            match step(&self.buf[at..]) {
                Step::Event(e, n) => {
                    out.push(e);
                    at += n;
                }
                Step::Skip(n) => at += n,
                Step::PasteStart(n) => {
                    self.paste = Some(Vec::new());
                    at += n;
                }
                Step::Incomplete => break,
            }
        }
        self.buf.drain(..at);
        if self.paste.is_none() && self.buf == [ESC] {
            self.buf.clear();
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        out
    }

    /// Whether an unfinished sequence is waiting; if nothing comes within [`ESC_WAIT`], call
    /// [`Parser::flush`]. An unfinished paste is not: pastes arrive over many reads.
    pub fn pending(&self) -> bool {
        self.paste.is_none() && !self.buf.is_empty()
    }

    /// Nothing more came: a buffered ESC is the Esc key and what follows it is typed as it
    /// is; a broken UTF-8 character is dropped.
    pub fn flush(&mut self) -> Vec<Event> {
        if !self.pending() {
            return Vec::new();
        }
        let rest = self.buf.split_off(1);
        let first = std::mem::take(&mut self.buf);
        let mut out = Vec::new();
        if first == [ESC] {
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        out.extend(self.feed(&rest));
        out
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// A typed character; capitals carry Shift, as crossterm reports them.
fn char_key(c: char) -> Event {
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes at the end of `hay` are a proper prefix of `needle`.
fn partial_suffix(hay: &[u8], needle: &[u8]) -> usize {
    (1..needle.len())
        .rev()
        .find(|&n| hay.len() >= n && hay.ends_with(&needle[..n]))
        .unwrap_or(0)
}

fn push_capped(paste: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE.saturating_sub(paste.len());
    paste.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// The event at the front of `b` (not empty).
fn step(b: &[u8]) -> Step {
    let ctrl = |c: char| Step::Event(key(KeyCode::Char(c), KeyModifiers::CONTROL), 1);
    match b[0] {
        ESC => escape(b),
        b'\r' => Step::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        // In raw mode `\n` is Ctrl-J: the terminal sends `\r` for Enter.
        b'\n' => ctrl('j'),
        b'\t' => Step::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f => Step::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0 => ctrl(' '),
        c @ 0x01..=0x1a => ctrl((c - 1 + b'a') as char),
        c @ 0x1c..=0x1f => ctrl((c - 0x1c + b'4') as char),
        _ => utf8(b),
    }
}

fn utf8(b: &[u8]) -> Step {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    let have = b.len().min(len);
    if b[1..have].iter().any(|&c| c & 0xc0 != 0x80) {
        return Step::Skip(1);
    }
    if have < len {
        return Step::Incomplete;
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => s
            .chars()
            .next()
            .map_or(Step::Skip(len), |c| Step::Event(char_key(c), len)),
        Err(_) => Step::Skip(1),
    }
}

fn escape(b: &[u8]) -> Step {
    match b.get(1) {
        None => Step::Incomplete,
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            None => Step::Incomplete,
            Some(&f) => match ss3_key(f) {
                Some(code) => Step::Event(key(code, KeyModifiers::NONE), 3),
                None => Step::Skip(3),
            },
        },
        // ESC ESC: the first is the Esc key, the second starts whatever comes next.
        Some(&ESC) => Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        // ESC then a key is that key with Alt (the terminal's "meta sends escape").
        Some(_) => match step(&b[1..]) {
            Step::Event(Event::Key(mut k), n) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Event(Event::Key(k), n + 1)
            }
            Step::Event(_, n) | Step::Skip(n) | Step::PasteStart(n) => Step::Skip(n + 1),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

/// `ESC O x`: what terminals in application-cursor mode send for arrows, Home, End, F1–F4;
/// also the final letter of `ESC [ … x`.
fn ss3_key(f: u8) -> Option<KeyCode> {
    Some(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + f - b'P'),
        _ => return None,
    })
}

/// `ESC [ params final`.
fn csi(b: &[u8]) -> Step {
    // The Linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E`.
    if b.get(2) == Some(&b'[') {
        return match b.get(3) {
            None => Step::Incomplete,
            Some(&f @ b'A'..=b'E') => {
                Step::Event(key(KeyCode::F(1 + f - b'A'), KeyModifiers::NONE), 4)
            }
            Some(_) => Step::Skip(4),
        };
    }
    let mut end = 2;
    loop {
        if end - 2 >= MAX_CSI {
            return Step::Skip(end);
        }
        match b.get(end) {
            None => return Step::Incomplete,
            Some(0x40..=0x7e) => break,
            Some(0x20..=0x3f) => end += 1,
            // Not part of a sequence: drop what came before, read the byte afresh.
            Some(_) => return Step::Skip(end),
        }
    }
    let params = &b[2..end];
    let last = b[end];
    let len = end + 1;
    if b.starts_with(PASTE_START) {
        return Step::PasteStart(PASTE_START.len());
    }
    if let Some(sgr) = params.strip_prefix(b"<") {
        return match sgr_mouse(sgr, last == b'M') {
            Some(m) => Step::Event(Event::Mouse(m), len),
            None => Step::Skip(len),
        };
    }
    if last == b'M' && params.is_empty() {
        return x10_mouse(b);
    }
    let nums: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let modifiers = modifiers(nums.get(1).copied().unwrap_or(1));
    let code = match last {
        b'Z' => return Step::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT), len),
        b'~' => tilde_key(nums[0]),
        // `ESC [ 1;5 A`: the same letters as `ESC O A`, with modifiers.
        letter => ss3_key(letter),
    };
    let Some(code) = code else {
        return Step::Skip(len);
    };
    Step::Event(key(code, modifiers), len)
}

/// `ESC [ n ~`.
fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

/// The xterm modifier parameter: 1 + a bit set of Shift 1, Alt 2, Ctrl 4, Super 8.
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    for (bit, modifier) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
    ] {
        if bits & bit != 0 {
            m |= modifier;
        }
    }
    m
}

/// A mouse report's button byte: the button in the low two bits, Shift 4, Alt 8, Ctrl 16,
/// motion 32, wheel 64. `press` is false for a release.
fn mouse(cb: u16, column: u16, row: u16, press: bool) -> Option<MouseEvent> {
    let button = match cb & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => MouseButton::Left,
    };
    let kind = if cb & 64 != 0 {
        match cb & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        if cb & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if !press || cb & 3 == 3 {
        // X10 reports every release as button 3: which one is not known.
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if cb & bit != 0 {
            modifiers |= modifier;
        }
    }
    Some(MouseEvent {
        kind,
        column: column.checked_sub(1)?,
        row: row.checked_sub(1)?,
        modifiers,
    })
}

/// `ESC [ < b ; x ; y M|m` (1-based cells).
fn sgr_mouse(params: &[u8], press: bool) -> Option<MouseEvent> {
    let mut it = std::str::from_utf8(params).ok()?.split(';');
    let mut next = || it.next()?.parse::<u16>().ok();
    let (cb, x, y) = (next()?, next()?, next()?);
    mouse(cb, x, y, press)
}

/// `ESC [ M b x y`, each a byte offset by 32.
fn x10_mouse(b: &[u8]) -> Step {
    let Some(&[cb, x, y]) = b.get(3..6) else {
        return Step::Incomplete;
    };
    let at = |v: u8| u16::from(v).saturating_sub(32);
    match mouse(at(cb), at(x), at(y), true) {
        Some(m) => Step::Event(Event::Mouse(m), 6),
        None => Step::Skip(6),
    }
}

#[cfg(test)]
mod tests;
