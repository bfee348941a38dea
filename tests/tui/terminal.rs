//! The reader in a real terminal, for the tests in `tmux.rs` and `attack_terminal.rs`: the
//! `fazhi` binary started from a shell inside tmux through a script that records its pid
//! and, once it ends, prints its exit code and the terminal settings it left behind.
//!
//! Each terminal has its own tmux server and a scratch HOME and XDG directories, and kills
//! its server and any reader left running when it is dropped, also when a test fails.

use crate::common::temp::TempDir;
use crate::common::tmux::{self, SESSION};
use crate::common::wait::until;
use std::process::Command;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// How long to wait for the screen to show something before failing.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// One tmux session running a plain shell, and the scratch directory for HOME, the XDG
/// directories and the run script.
pub struct Terminal {
    server: tmux::Server,
    pub dir: TempDir,
}

impl Terminal {
    /// A terminal of `width`×`height` with a shell at its prompt, waiting at most
    /// [`PATIENCE`]; `None` when tmux is missing and `FAZHI_SKIP_TMUX=1`.
    pub fn start(name: &str, width: u16, height: u16) -> Option<Terminal> {
        Terminal::start_patient(name, width, height, PATIENCE)
    }

    /// As [`Terminal::start`], waiting at most `patience` for each screen.
    pub fn start_patient(
        name: &str,
        width: u16,
        height: u16,
        patience: Duration,
    ) -> Option<Terminal> {
        let dir = TempDir::new(&format!("tmux-{name}"));
        let server = tmux::Server::start(&format!("tui-{name}"), patience, &dir, width, height)?;
        Some(Terminal { server, dir })
    }

    /// Run a tmux command and return what it printed.
    pub fn tmux(&self, args: &[&str]) -> String {
        self.server.tmux(args)
    }

    /// Press keys by tmux name (`j`, `Enter`, `NPage`).
    pub fn keys(&self, keys: &[&str]) {
        self.server.keys(SESSION, keys);
    }

    /// Type text literally, UTF-8 included.
    pub fn text(&self, text: &str) {
        self.server.text(SESSION, text);
    }

    /// Type a command line in the shell and press Enter.
    pub fn run(&self, line: &str) {
        self.server.run(SESSION, line);
    }

    /// Poll the screen until `ready` holds; fail with the last screen when patience runs
    /// out.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.server.wait_for(SESSION, what, ready)
    }

    /// Wait until the screen is a whole frame of `width`×`height`: every row of the panes
    /// starts and ends on a border at the right columns, and the status line is on the last
    /// row.
    pub fn wait_for_frame(&self, width: usize, height: usize) -> String {
        let what = format!("a whole {width}x{height} frame");
        self.wait_for(&what, |s| frame_problem(s, width, height).is_none())
    }

    /// Start the reader (`--fresh --lang en` and `args`) from the shell through the run
    /// script. `sh` does not reset the terminal after a child, unlike an interactive bash
    /// after a child killed by a signal, so `stty` shows exactly what the reader left. The
    /// markers the script prints are not in the command line the shell echoes, so the
    /// tests cannot mistake one for the other.
    pub fn run_reader(&self, args: &[&str]) {
        let script = self.dir.join("run.sh");
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        std::fs::write(
            &script,
            format!(
                "sh -c 'echo $$ > \"$0\"; exec \"$@\"' '{pid}' '{bin}' --fresh --lang en {args}\n\
                 echo \"EXIT=$?\"\nstty -a\necho STTY_END\n",
                pid = self.dir.join("fazhi.pid").display(),
                bin = env!("CARGO_BIN_EXE_fazhi"),
                args = quoted.join(" "),
            ),
        )
        .unwrap();
        self.run(&format!("sh '{}'", script.display()));
    }

    /// Run the reader, open 文登区 2023 and type `text` in a note on its first paragraph,
    /// without saving it.
    pub fn write_a_note(&self, text: &str) {
        self.run_reader(&[]);
        self.wait_for("the reader", |s| s.contains("Reports"));
        self.keys(&["j", "Enter", "]", "]", "j", "a"]);
        self.wait_for("the note editor", |s| s.contains("Ctrl-S save"));
        self.text(text);
        self.wait_for("the typed text", |s| s.contains(text));
    }

    /// The reader's process id, which the run script records before it starts the reader.
    pub fn reader_pid(&self) -> u32 {
        let file = self.dir.join("fazhi.pid");
        until(PATIENCE, || {
            std::fs::read_to_string(&file)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| format!("a pid in {}", file.display()))
        })
    }

    /// Wait for the reader to exit and the run script to print the terminal's settings.
    pub fn wait_for_exit(&self) -> String {
        self.server.wait_for_exit(SESSION)
    }

    /// Press `q`: the reader quits cleanly (exit 0) and gives the terminal back. The
    /// screen after.
    pub fn quit(&self) -> String {
        self.server.quit(SESSION)
    }

    /// The terminal is as a shell needs it: line editing and echo on, the main screen back,
    /// no mouse reporting, a visible cursor.
    pub fn assert_terminal_restored(&self, screen: &str) {
        self.server.assert_terminal_restored(SESSION, screen);
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // A reader whose terminal is gone may spin instead of exiting (crossterm#793), so
        // kill one left running.
        let _ = self.server.command().arg("kill-server").output();
        if let Some(pid) = std::fs::read_to_string(self.dir.join("fazhi.pid"))
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .filter(|&pid| is_our_reader(pid))
        {
            let _ = Command::new("kill")
                .args(["-s", "KILL", &pid.to_string()])
                .status();
        }
    }
}

/// Is process `pid` alive? A zombie has exited and only waits for its parent.
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat.rsplit_once(") ")?.1.chars().next()?;
            Some(state != 'Z')
        })
        .unwrap_or(false)
}

/// Wait until process `pid` has ended (`after` says what should have ended it).
pub fn wait_until_ended(pid: u32, after: &str) {
    until(PATIENCE, || match running(pid) {
        true => Err(format!("pid {pid} to end after {after}")),
        false => Ok(()),
    })
}

/// Is `pid` a live reader started by these tests? Checked before killing it, in case the
/// reader has exited and its pid been reused.
fn is_our_reader(pid: u32) -> bool {
    running(pid)
        && std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|cmdline| cmdline.starts_with(env!("CARGO_BIN_EXE_fazhi").as_bytes()))
}

/// What is wrong with `screen` as a whole `width`×`height` frame of the reader, if anything.
fn frame_problem(screen: &str, width: usize, height: usize) -> Option<String> {
    let rows: Vec<&str> = screen.lines().collect();
    if rows.len() != height {
        return Some(format!("{} rows, not {height}", rows.len()));
    }
    let left = ['┌', '┏', '│', '┃', '└', '┗'];
    let right = ['┐', '┓', '│', '┃', '┘', '┛'];
    for (i, row) in rows[..height - 1].iter().enumerate() {
        let row = row.trim_end();
        if row.width() != width {
            return Some(format!("row {} is {} columns wide", i + 1, row.width()));
        }
        let (first, last) = (row.chars().next()?, row.chars().last()?);
        if !left.contains(&first) || !right.contains(&last) {
            return Some(format!("row {} has no border at its ends: {row}", i + 1));
        }
    }
    if !rows[height - 1].contains('¶') {
        return Some("no status line on the last row".into());
    }
    None
}
