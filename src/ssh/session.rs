//! One reader over one SSH channel: the same [`App`](crate::tui::app::App) and drawing as on a local terminal, run
//! in its own thread, fed by the bytes the client types and drawing into the channel.

use super::input::{Parser, ESC_WAIT};
use super::Shared;
use crate::tui::app::{handle, Msg};
use crate::tui::lang::Lang;
use crate::tui::session::{Session, Start};
use crate::tui::terminal;
use crossterm::event::Event;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::server::Handle;
use russh::ChannelId;
use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::Receiver;

/// How often the loop wakes without input: to save drafts, show other sessions' notes and
/// notice a server shutdown.
const TICK: Duration = Duration::from_millis(100);

/// What the connection passes to its session thread.
#[derive(Debug)]
pub enum Input {
    /// Bytes the client typed.
    Data(Vec<u8>),
    /// The client's terminal has a new size (columns, rows).
    Resize(u16, u16),
}

/// How a session ended: for the server log and for the line the client sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// The client went away (closed the channel or the connection).
    ClientGone,
    /// No input for the idle timeout.
    Idle(Duration),
    /// The server is stopping.
    Shutdown,
    /// The session panicked; the message is the panic's.
    Panic(String),
    /// Drawing or the notes failed.
    Error(String),
}

impl Ending {
    /// The line shown to the client after its terminal is restored, if any, in the
    /// session's language.
    fn message(&self, lang: Lang) -> Option<String> {
        let zh = lang == Lang::Zh;
        match self {
            Ending::Quit | Ending::ClientGone => None,
            Ending::Idle(d) if zh => {
                Some(format!("fazhi：{}无输入，会话已关闭。", human(*d, lang)))
            }
            Ending::Idle(d) => Some(format!(
                "fazhi: closed after {} without input.",
                human(*d, lang)
            )),
            Ending::Shutdown if zh => Some("fazhi：服务器正在停止；草稿已保存。".into()),
            Ending::Shutdown => {
                Some("fazhi: the server is stopping; your drafts are saved.".into())
            }
            Ending::Panic(_) if zh => Some("fazhi：会话遇到内部错误，已关闭。".into()),
            Ending::Panic(_) => {
                Some("fazhi: this session hit an internal error and was closed.".into())
            }
            Ending::Error(e) => Some(format!("fazhi: {e}")),
        }
    }

    /// The exit status the client's ssh returns.
    pub fn exit_status(&self) -> u32 {
        match self {
            Ending::Quit => 0,
            _ => 1,
        }
    }
}

impl std::fmt::Display for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ending::Quit => write!(f, "quit"),
            Ending::ClientGone => write!(f, "client closed"),
            Ending::Idle(d) => write!(f, "idle for {}", human(*d, Lang::En)),
            Ending::Shutdown => write!(f, "server stopping"),
            Ending::Panic(m) => write!(f, "panic: {m}"),
            Ending::Error(e) => write!(f, "error: {e}"),
        }
    }
}

fn human(d: Duration, lang: Lang) -> String {
    let s = d.as_secs();
    match lang {
        Lang::Zh if s >= 60 && s.is_multiple_of(60) => format!("{} 分钟", s / 60),
        Lang::Zh => format!("{s} 秒"),
        Lang::En if s >= 60 && s.is_multiple_of(60) => format!("{} min", s / 60),
        Lang::En => format!("{s} s"),
    }
}

/// Who the session is for and what it starts with.
pub struct Setup {
    /// What every session shares.
    pub shared: Arc<Shared>,
    /// Whose notes and drafts these are.
    pub author: String,
    /// Where this author's reading position is kept.
    pub position: Option<PathBuf>,
    /// The client's terminal size (columns, rows).
    pub size: (u16, u16),
    /// End the session after this long without input.
    pub idle: Duration,
}

/// The client's terminal, as a writer: bytes are kept until `flush`, then sent as one
/// channel message, waiting while the connection is busy (so a slow client slows only its
/// own session).
pub struct Output {
    rt: tokio::runtime::Handle,
    handle: Handle,
    id: ChannelId,
    buf: Vec<u8>,
    /// Set when the reader is over: what is written then goes nowhere.
    closed: Arc<AtomicBool>,
}

impl Output {
    /// A writer into channel `id` of the connection behind `handle`.
    pub fn new(rt: tokio::runtime::Handle, handle: Handle, id: ChannelId) -> Output {
        Output {
            rt,
            handle,
            id,
            buf: Vec::new(),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Another writer into the same channel.
    fn reopen(&self) -> Output {
        Output::new(self.rt.clone(), self.handle.clone(), self.id)
    }

    /// A switch that makes this writer send nothing more: ratatui shows the cursor when its
    /// terminal is dropped, and if the client has gone it prints the failure to the server's
    /// log, a line naming no connection. `guarded` gives the terminal back through another
    /// writer.
    fn closer(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.closed)
    }

    /// Tell the client the session is over: exit status, end of data, channel closed.
    pub fn finish(self, exit_status: u32) {
        let (handle, id) = (self.handle, self.id);
        // Each fails only when the client is already gone.
        self.rt.block_on(async move {
            let _ = handle.exit_status_request(id, exit_status).await;
            let _ = handle.eof(id).await;
            let _ = handle.close(id).await;
        });
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.buf);
        if self.closed.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.rt
            .block_on(self.handle.data(self.id, data))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client gone"))
    }
}

/// Run the reader until the user quits, the client goes, input stops for `setup.idle` or
/// `shutdown` is set; then restore the client's terminal, say why it ended, pass the ending
/// to `ended` and close the channel. A panic ends only this session.
///
/// `ended` runs before the channel closes: once it closes the client may hang up at once,
/// and whoever logs the connection must already know why it ended.
pub fn run(
    setup: &Setup,
    input: Receiver<Input>,
    out: Output,
    shutdown: &AtomicBool,
    ended: impl FnOnce(&Ending),
) -> Ending {
    let mut last = out.reopen();
    let lang = setup.shared.lang;
    let ending = guarded(&mut last, lang, || reader(setup, input, out, shutdown));
    ended(&ending);
    last.finish(ending.exit_status());
    ending
}

/// Run `body`, catching a panic; then write the sequences that give a terminal back and the
/// line saying why the session ended.
fn guarded(out: &mut impl Write, lang: Lang, body: impl FnOnce() -> Ending) -> Ending {
    let ending = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(ending) => ending,
        Err(panic) => Ending::Panic(
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into()),
        ),
    };
    // Fails (harmlessly) when the client is already gone.
    let _ = terminal::write_leave(out);
    if let Some(line) = ending.message(lang) {
        let _ = write!(out, "{line}\r\n");
    }
    let _ = out.flush();
    ending
}

fn reader(setup: &Setup, mut input: Receiver<Input>, out: Output, shutdown: &AtomicBool) -> Ending {
    let shared = &setup.shared;
    let mut session = Session::start(Start {
        library: Arc::clone(&shared.library),
        loading: None,
        keymap: shared.keymap.clone(),
        theme: shared.theme.clone(),
        lang: shared.lang,
        topics: Arc::clone(&shared.topics),
        palette: shared.palette.get().cloned(),
        notes_dir: shared.notes_dir.clone(),
        author: setup.author.clone(),
        position: setup.position.clone(),
        resume: true,
        warning: None,
        remote: true,
    });
    let app = &mut session.app;
    app.share_report_index(shared.report_index.clone());
    let rt = out.rt.clone();
    let stop = AtomicBool::new(false);
    let mut ending = None;
    let result = (|| -> anyhow::Result<()> {
        let mut out = out;
        let closed = out.closer();
        terminal::write_enter(&mut out)?;
        let (w, h) = setup.size;
        let viewport = Viewport::Fixed(Rect::new(0, 0, w, h));
        let mut term =
            Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport })?;
        term.clear()?;
        handle(app, Msg::Resize(w, h));
        let mut parser = Parser::new();
        let mut queue = VecDeque::new();
        let mut last_input = Instant::now();
        let result = terminal::event_loop(&mut term, app, &stop, || loop {
            if let Some(ev) = queue.pop_front() {
                return Ok(Some(ev));
            }
            let why = if shutdown.load(Ordering::Relaxed) {
                Some(Ending::Shutdown)
            } else if last_input.elapsed() >= setup.idle {
                Some(Ending::Idle(setup.idle))
            } else {
                None
            };
            if why.is_some() {
                ending = why;
                stop.store(true, Ordering::Relaxed);
                return Ok(None);
            }
            let wait = if parser.pending() { ESC_WAIT } else { TICK };
            // The timer must be made inside the runtime, so inside the async block.
            match rt.block_on(async { tokio::time::timeout(wait, input.recv()).await }) {
                Ok(Some(Input::Data(bytes))) => {
                    last_input = Instant::now();
                    queue.extend(parser.feed(&bytes));
                }
                Ok(Some(Input::Resize(w, h))) => queue.push_back(Event::Resize(w, h)),
                Ok(None) => {
                    ending = Some(Ending::ClientGone);
                    stop.store(true, Ordering::Relaxed);
                    return Ok(None);
                }
                Err(_) => {
                    let keys = parser.flush();
                    if keys.is_empty() {
                        return Ok(None);
                    }
                    queue.extend(keys);
                }
            }
        });
        closed.store(true, Ordering::Relaxed);
        result
    })();
    // Whatever ended the session, nothing typed is lost and the place is kept.
    session.finish();
    match (result, ending) {
        (Err(e), _) if is_broken_pipe(&e) => Ending::ClientGone,
        (Err(e), _) => Ending::Error(format!("{e:#}")),
        (Ok(()), Some(ending)) => ending,
        (Ok(()), None) => Ending::Quit,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_session_still_gives_the_terminal_back_and_says_so() {
        let mut out = Vec::new();
        let ending = guarded(&mut out, Lang::En, || panic!("boom"));
        assert_eq!(ending, Ending::Panic("boom".into()));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\x1b[?1049l"),
            "alternate screen left: {text:?}"
        );
        assert!(text.contains("\x1b[?25h"), "cursor shown: {text:?}");
        assert!(text.contains("\x1b[?1000l"), "mouse off: {text:?}");
        assert!(
            text.contains("\x1b[?2004l"),
            "bracketed paste off: {text:?}"
        );
        assert!(
            text.ends_with("internal error and was closed.\r\n"),
            "{text:?}"
        );
    }

    #[test]
    fn only_a_quit_exits_zero() {
        assert_eq!(Ending::Quit.exit_status(), 0);
        for e in [
            Ending::Shutdown,
            Ending::Idle(Duration::from_secs(60)),
            Ending::Panic("x".into()),
        ] {
            assert_eq!(e.exit_status(), 1, "{e}");
        }
    }

    #[test]
    fn the_client_is_told_why_a_session_was_closed() {
        let en = Lang::En;
        assert_eq!(
            Ending::Idle(Duration::from_secs(1800)).message(en).unwrap(),
            "fazhi: closed after 30 min without input."
        );
        assert_eq!(
            Ending::Idle(Duration::from_secs(2)).message(en).unwrap(),
            "fazhi: closed after 2 s without input."
        );
        assert!(Ending::Shutdown.message(en).unwrap().contains("stopping"));
        assert_eq!(Ending::Quit.message(en), None);
    }

    #[test]
    fn a_chinese_session_is_told_in_chinese() {
        assert_eq!(
            Ending::Shutdown.message(Lang::Zh).unwrap(),
            "fazhi：服务器正在停止；草稿已保存。"
        );
        assert_eq!(
            Ending::Idle(Duration::from_secs(1800))
                .message(Lang::Zh)
                .unwrap(),
            "fazhi：30 分钟无输入，会话已关闭。"
        );
    }
}
