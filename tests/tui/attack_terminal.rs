//! The reader in a real terminal (tmux), attacked: every signal that ends it must give the
//! terminal back (cooked mode, main screen, mouse off, cursor shown), and a report that is
//! one huge paragraph must not freeze it — `q` still quits.
//!
//! Each test has its own tmux server (`tmux -L <unique>`), HOME and XDG directories. Waits
//! are bounded polls used as hang guards, never timing asserts. `FAZHI_SKIP_TMUX=1` skips
//! these tests where tmux cannot be installed.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for the screen before calling it a hang. Generous: the machine is
/// shared and a debug build reads a 2 MB paragraph slowly.
const PATIENCE: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);
const PROMPT: &str = "fazhi-test$ ";

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT", 3);
}

#[test]
fn sigterm_and_sighup_still_restore_the_terminal() {
    signal_restores_the_terminal("TERM", 15);
    signal_restores_the_terminal("HUP", 1);
}

fn signal_restores_the_terminal(signal: &str, number: i32) {
    let Some(t) = Tmux::start(&signal.to_lowercase()) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reader", |s| s.contains("Reports"));
    t.keys(&["j", "Enter"]);
    t.wait_for("a report open", |s| s.contains("文登区 2023"));
    let pid = t.reader_pid();
    let sent = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success(), "could not send SIG{signal}");
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(128 + number), "{after}");
    t.assert_terminal_restored(&after);
}

#[test]
fn a_report_of_one_two_megabyte_paragraph_opens_scrolls_and_quits_on_q() {
    let Some(t) = Tmux::start("huge") else {
        return;
    };
    let file = t.dir.join("huge.txt");
    let sentence = "本区坚持依法行政，全面推进法治政府建设，受理行政复议申请12件。";
    let mut text = String::from("某某区人民政府关于2023年法治政府建设情况的报告\n\n");
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(sentence);
    }
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    t.run_reader(&[file.to_str().unwrap()]);
    t.wait_for("the library", |s| s.contains("Reports 1"));
    t.keys(&["Enter"]);
    t.wait_for("the paragraph", |s| s.contains("依法行政"));
    for _ in 0..5 {
        t.keys(&["NPage"]);
    }
    t.keys(&["G", "g", "q"]);
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(0), "{after}");
    t.assert_terminal_restored(&after);
}

struct Tmux {
    socket: String,
    dir: PathBuf,
    /// The server's socket file, which tmux leaves behind when the server is killed.
    socket_path: PathBuf,
}

impl Tmux {
    fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            if std::env::var("FAZHI_SKIP_TMUX").as_deref() == Ok("1") {
                return None;
            }
            panic!("tmux is not installed (FAZHI_SKIP_TMUX=1 skips these tests)");
        }
        let socket = format!("fazhi-attack-{}-{name}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["home", "config", "data", "state", "cache"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let mut t = Tmux {
            socket,
            dir,
            socket_path: PathBuf::new(),
        };
        let started = t
            .command()
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "fazhi"])
            .args(["-x", "120", "-y", "36"])
            .arg(format!("env 'PS1={PROMPT}' bash --norc --noprofile"))
            .env("HOME", t.dir.join("home"))
            .env("XDG_CONFIG_HOME", t.dir.join("config"))
            .env("XDG_DATA_HOME", t.dir.join("data"))
            .env("XDG_STATE_HOME", t.dir.join("state"))
            .env("XDG_CACHE_HOME", t.dir.join("cache"))
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .output()
            .unwrap();
        check(&started, "new-session");
        t.socket_path = PathBuf::from(t.format("#{socket_path}"));
        t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));
        Some(t)
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket]);
        c
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().unwrap();
        check(&out, &args.join(" "));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "fazhi"];
        args.extend(keys);
        self.tmux(&args);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "fazhi"])
    }

    fn format(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "fazhi", format])
            .trim()
            .to_string()
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "hang: waited {PATIENCE:?} for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Start the reader (with `files` as its library) through a script that records its
    /// pid, then prints its exit code and what `stty -a` says it left behind.
    fn run_reader(&self, files: &[&str]) {
        let script = self.dir.join("run.sh");
        let quoted: Vec<String> = files.iter().map(|f| format!("'{f}'")).collect();
        std::fs::write(
            &script,
            format!(
                "sh -c 'echo $$ > \"$0\"; exec \"$@\"' '{pid}' '{bin}' --fresh --lang en {files}\n\
                 echo \"EXIT=$?\"\nstty -a\necho STTY_END\n",
                pid = self.dir.join("fazhi.pid").display(),
                bin = env!("CARGO_BIN_EXE_fazhi"),
                files = quoted.join(" "),
            ),
        )
        .unwrap();
        self.tmux(&[
            "send-keys",
            "-t",
            "fazhi",
            "-l",
            &format!("sh '{}'", script.display()),
        ]);
        self.keys(&["Enter"]);
    }

    fn reader_pid(&self) -> u32 {
        let file = self.dir.join("fazhi.pid");
        let start = Instant::now();
        loop {
            if let Some(pid) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return pid;
            }
            assert!(start.elapsed() < PATIENCE, "no pid in {}", file.display());
            std::thread::sleep(POLL);
        }
    }

    fn wait_for_exit(&self) -> String {
        self.wait_for("the reader to exit and stty to report", |s| {
            exit_code(s).is_some() && s.contains("STTY_END")
        })
    }

    /// Cooked mode with echo, the main screen, no mouse reporting, a visible cursor.
    fn assert_terminal_restored(&self, screen: &str) {
        let stty: Vec<&str> = screen
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for flag in ["icanon", "echo", "isig"] {
            assert!(stty.contains(&flag), "stty shows -{flag}:\n{screen}");
        }
        assert_eq!(self.format("#{alternate_on}"), "0", "alternate screen");
        assert_eq!(self.format("#{mouse_any_flag}"), "0", "mouse reporting");
        assert_eq!(self.format("#{cursor_flag}"), "1", "cursor hidden");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
        let _ = std::fs::remove_file(&self.socket_path);
        if let Some(pid) = std::fs::read_to_string(self.dir.join("fazhi.pid"))
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .filter(|&pid| is_our_reader(pid))
        {
            let _ = Command::new("kill")
                .args(["-s", "KILL", &pid.to_string()])
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Is `pid` a live process of the fazhi binary (checked before a kill, as pids are reused)?
fn is_our_reader(pid: u32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .is_ok_and(|c| c.starts_with(env!("CARGO_BIN_EXE_fazhi").as_bytes()))
}

fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "tmux {what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn exit_code(screen: &str) -> Option<i32> {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("EXIT="))
        .and_then(|c| c.parse().ok())
}
