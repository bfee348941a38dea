//! Driving a real terminal: a tmux server of our own (its own socket) whose session runs
//! as a scratch user, shells at a known prompt, keys and text sent to a target, the screen
//! read back with bounded polls, and the checks that a program gave the terminal back.

use super::temp::scratch_user;
use super::wait::until;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// The shells' prompt.
pub const PROMPT: &str = "fazhi-test$ ";
/// The session every test makes; its first window is `w0`.
pub const SESSION: &str = "fazhi";
/// The five districts of the bundled library.
pub const DISTRICTS: [&str; 5] = ["千山区", "顺城区", "文登区", "铁西区", "周村区"];

/// The command a window runs: bash without start-up files, at [`PROMPT`]. (tmux leaves PS1
/// out of a session's environment, so it is set here.)
pub fn shell() -> String {
    format!("env 'PS1={PROMPT}' bash --norc --noprofile")
}

/// Whether tmux is here; panics with how to get it unless `FAZHI_SKIP_TMUX=1`.
pub fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    if std::env::var("FAZHI_SKIP_TMUX").as_deref() == Ok("1") {
        eprintln!("skipped: tmux is not installed and FAZHI_SKIP_TMUX=1");
        return false;
    }
    panic!(
        "tmux is not installed: these tests run the reader in a real terminal. \
         Install it (apt-get install tmux) or set FAZHI_SKIP_TMUX=1 to skip them."
    );
}

/// One tmux server on its own socket (`tmux -L`); dropping it kills the server.
pub struct Server {
    socket: String,
    /// The socket file, which tmux leaves behind when the server is killed.
    socket_path: PathBuf,
    /// How long a wait may take before the test fails.
    patience: Duration,
}

impl Server {
    /// A server on a socket named for `name` and this process, with session [`SESSION`] of
    /// `width`×`height` whose window `w0` runs [`shell`] at its prompt. The server copies
    /// its environment into the session, so the shells and what they run see only the
    /// scratch user below `home` (see [`scratch_user`]). `None` when tmux is missing and
    /// skipping is allowed.
    pub fn start(
        name: &str,
        patience: Duration,
        home: &Path,
        width: u16,
        height: u16,
    ) -> Option<Server> {
        if !have_tmux() {
            return None;
        }
        let mut server = Server {
            socket: format!("fazhi-{}-{name}", std::process::id()),
            socket_path: PathBuf::new(),
            patience,
        };
        let started = scratch_user(&mut server.command(), home)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                SESSION,
                "-n",
                "w0",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(shell())
            .output()
            .expect("run tmux");
        check(&started, "new-session");
        server.socket_path = PathBuf::from(server.format(SESSION, "#{socket_path}"));
        server.wait_for_prompt(SESSION);
        Some(server)
    }

    /// A further window `name` in the session, at its shell's prompt; its target.
    pub fn new_window(&self, name: &str) -> String {
        self.tmux(&["new-window", "-t", SESSION, "-n", name, &shell()]);
        let target = format!("{SESSION}:{name}");
        self.wait_for_prompt(&target);
        target
    }

    /// Wait for the shell's prompt in `target`.
    pub fn wait_for_prompt(&self, target: &str) -> String {
        self.wait_for(target, "the shell prompt", |s| {
            s.contains(PROMPT.trim_end())
        })
    }

    /// `tmux -u -L SOCKET`, to add arguments to.
    pub fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket]);
        c
    }

    /// Run a tmux command and return what it printed; fail the test when tmux fails.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run tmux");
        check(&out, &args.join(" "));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Press keys by tmux name (`j`, `Enter`, `NPage`) in `target`.
    pub fn keys(&self, target: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", target];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Type text literally, UTF-8 included.
    pub fn text(&self, target: &str, text: &str) {
        self.tmux(&["send-keys", "-t", target, "-l", text]);
    }

    /// Type a command line in `target`'s shell and press Enter.
    pub fn run(&self, target: &str, line: &str) {
        self.text(target, line);
        self.keys(target, &["Enter"]);
    }

    /// The visible screen of `target`, one line per row, wrapped lines joined.
    pub fn screen(&self, target: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", target])
    }

    /// A tmux format such as `#{alternate_on}` for `target`'s pane.
    pub fn format(&self, target: &str, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", target, format])
            .trim()
            .to_string()
    }

    /// Poll `target`'s screen until `ready` holds; fail with the last screen when patience
    /// runs out.
    pub fn wait_for(&self, target: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        until(self.patience, || {
            let screen = self.screen(target);
            match ready(&screen) {
                true => Ok(screen),
                false => Err(format!("{what} in {target}; the screen shows:\n{screen}")),
            }
        })
    }

    /// Wait until the program started by a run script has exited and the script printed
    /// `EXIT=…` and the terminal's settings (`stty -a` between markers ending in `STTY_END`).
    pub fn wait_for_exit(&self, target: &str) -> String {
        self.wait_for(target, "the program to exit and stty to report", |s| {
            exit_code(s).is_some() && s.contains("STTY_END") && s.trim_end().ends_with('$')
        })
    }

    /// Press `q` in `target`: the program quits cleanly (exit 0) and gives the terminal
    /// back. The screen after.
    pub fn quit(&self, target: &str) -> String {
        self.keys(target, &["q"]);
        let after = self.wait_for_exit(target);
        assert_eq!(
            exit_code(&after),
            Some(0),
            "q should quit cleanly:\n{after}"
        );
        self.assert_terminal_restored(target, &after);
        after
    }

    /// The terminal is as a shell needs it: line editing and echo on (in `screen`, which
    /// shows `stty -a`), the main screen back, no mouse reporting, a visible cursor.
    pub fn assert_terminal_restored(&self, target: &str, screen: &str) {
        let stty: Vec<&str> = screen
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for flag in ["icanon", "echo", "isig"] {
            assert!(
                stty.contains(&flag),
                "stty should show `{flag}` (cooked mode), not `-{flag}`:\n{screen}"
            );
        }
        assert_eq!(
            self.format(target, "#{alternate_on}"),
            "0",
            "still on the alternate screen:\n{screen}"
        );
        assert_eq!(
            self.format(target, "#{mouse_any_flag}"),
            "0",
            "mouse reporting left on"
        );
        assert_eq!(
            self.format(target, "#{cursor_flag}"),
            "1",
            "cursor left hidden"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Also on a failed test: leave no server or socket behind.
        let _ = self.command().arg("kill-server").output();
        let _ = std::fs::remove_file(&self.socket_path);
    }
}

/// Fail the test when a tmux command failed.
pub fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "tmux {what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The code after `EXIT=` that a run script printed.
pub fn exit_code(screen: &str) -> Option<i32> {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("EXIT="))
        .and_then(|c| c.parse().ok())
}

/// The reader's first screen at a width that shows the reports pane: the pane with every
/// district of the bundled library.
pub fn shows_library(screen: &str) -> bool {
    screen.contains("Reports") && DISTRICTS.iter().all(|d| screen.contains(d))
}

/// The last non-empty line: the reader's status line.
pub fn status(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}
