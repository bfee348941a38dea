//! The terminal around the app: raw mode, the event loop, and always giving the terminal
//! back — on quit, error, panic, SIGTERM, SIGHUP, SIGINT and SIGQUIT.

use super::app::{App, Effect, Msg};
use super::input::handle;
use super::ui;
use crossterm::event::{self, Event};
use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Put the terminal in the reader's mode: raw, alternate screen, mouse, bracketed paste.
pub fn enter(out: &mut impl Write) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    write_enter(out)
}

/// The escape sequences of [`enter`] alone, without touching this process's tty: for a
/// terminal at the other end of a connection.
pub fn write_enter(out: &mut impl Write) -> io::Result<()> {
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )
}

/// Give the terminal back as it was. Safe to call more than once.
pub fn leave(out: &mut impl Write) {
    let _ = write_leave(out);
    let _ = terminal::disable_raw_mode();
}

/// The escape sequences of [`leave`] alone, without touching this process's tty.
pub fn write_leave(out: &mut impl Write) -> io::Result<()> {
    execute!(
        out,
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    )
}

/// Restore the terminal before a panic of the reader's thread is printed, so the message
/// is readable on the normal screen; the draft and the reading position are saved after it,
/// as the panic unwinds through the [`Session`](super::session::Session).
fn install_panic_hook() {
    let reader = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic the PDF reader raises and fazhi catches is not the reader's end.
        if crate::source::panic_is_caught() {
            return;
        }
        // A worker's panic (a report that broke the loader) is not either: the reader goes
        // on drawing, and needs the terminal it is drawing on.
        if std::thread::current().id() == reader {
            leave(&mut io::stdout());
        }
        previous(info);
    }));
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal stopped it (its number).
    Signal(i32),
}

/// How long the loop gets to notice a signal before the watcher ends the process itself.
const SIGNAL_GRACE: Duration = Duration::from_millis(1500);

/// Watch for SIGTERM, SIGHUP, SIGINT and SIGQUIT (raw mode turns Ctrl-C into a key, but
/// `kill -INT` and a parent's process-group signal still come): set `stop` so the loop ends cleanly, and if it does not
/// within [`SIGNAL_GRACE`] — crossterm's reader can spin forever on a terminal that is gone
/// (crossterm#793) — restore what can be restored and exit with 128 + the signal.
fn watch_signals(stop: Arc<AtomicBool>, signal: Arc<AtomicI32>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            signal.store(sig, Ordering::SeqCst);
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            leave(&mut io::stdout());
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Run the reader on the local terminal until the user quits or a signal arrives.
pub fn run_local(app: &mut App) -> anyhow::Result<Ended> {
    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(AtomicI32::new(0));
    watch_signals(Arc::clone(&stop), Arc::clone(&signal))?;
    install_panic_hook();
    let mut stdout = io::stdout();
    enter(&mut stdout)?;
    let result = (|| -> anyhow::Result<()> {
        let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let size = term.size()?;
        handle(app, Msg::Resize(size.width, size.height));
        event_loop(&mut term, app, &stop, || {
            if event::poll(Duration::from_millis(100))? {
                Ok(Some(event::read()?))
            } else {
                Ok(None)
            }
        })
    })();
    leave(&mut stdout);
    result?;
    Ok(match signal.load(Ordering::SeqCst) {
        0 => Ended::Quit,
        sig => Ended::Signal(sig),
    })
}

/// Draw, wait for input, update; until quit or `stop`. `next` returns the next event or
/// `None` after a short wait, so `stop` is checked a few times a second.
pub fn event_loop<W: Write>(
    term: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    stop: &AtomicBool,
    mut next: impl FnMut() -> io::Result<Option<Event>>,
) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.quitting() && !stop.load(Ordering::Relaxed) {
        if dirty {
            let effects = app.take_effects();
            if effects.contains(&Effect::Redraw) {
                term.clear()?;
            }
            term.draw(|f| ui::draw(f, app))?;
            for effect in effects {
                match effect {
                    Effect::Copy(text) => {
                        let backend = term.backend_mut();
                        write!(backend, "{}", osc52(&text))?;
                        backend.flush()?;
                    }
                    Effect::Redraw => {}
                }
            }
            dirty = false;
        }
        let Some(ev) = next()? else {
            // Idle: drafts get saved, other processes' notes show up, and background work
            // (loading the library, indexing, searching) shows its progress and its end.
            let was_busy = app.busy();
            handle(app, Msg::Tick);
            dirty |= was_busy || app.busy() || app.popup().is_some() || app.notes_changed();
            continue;
        };
        let msg = match ev {
            Event::Key(k) => Msg::Key(k),
            Event::Mouse(m) => Msg::Mouse(m),
            Event::Paste(s) => Msg::Paste(s),
            Event::Resize(w, h) => {
                // Resize to the size the event names rather than asking the backend: over
                // SSH the viewport is fixed and only the event knows the client's size.
                let area = Rect::new(0, 0, w, h);
                if term.get_frame().area() != area {
                    term.resize(area)?;
                }
                Msg::Resize(w, h)
            }
            _ => continue,
        };
        handle(app, msg);
        dirty = true;
    }
    // Whatever ended the loop, an open editor's text goes to its draft.
    app.flush_draft();
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard; inside tmux it is wrapped so tmux
/// passes it on.
pub fn osc52(text: &str) -> String {
    let seq = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if std::env::var_os("TMUX").is_some() {
        format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}

/// Standard base64, which OSC 52 requires.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, &b| a << 8 | b as u32) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b"Man"), "TWFu");
        assert_eq!(super::base64(b"Ma"), "TWE=");
        assert_eq!(super::base64(b"M"), "TQ==");
        assert_eq!(super::base64("法".as_bytes()), "5rOV");
    }
}
