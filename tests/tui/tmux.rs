//! The reader in a real terminal: the `fazhi` binary run from a shell inside tmux, driven by
//! key presses, read back with `capture-pane`, and checked for handing the terminal back.
//!
//! Each test has its own tmux server, HOME and XDG directories, and kills its server when it
//! ends, also when it fails. Every wait is a bounded poll, never a fixed sleep.
//!
//! tmux must be installed; `FAZHI_SKIP_TMUX=1` skips these tests where it cannot be.

use crate::common::tmux::{self, exit_code, status, POLL, PROMPT};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// How long to wait for the screen to show something before failing.
const PATIENCE: Duration = Duration::from_secs(10);
/// The five districts of the bundled library.
const DISTRICTS: [&str; 5] = ["千山区", "顺城区", "文登区", "铁西区", "周村区"];

#[test]
fn reader_opens_scrolls_searches_and_quits_back_to_a_cooked_shell() {
    let Some(t) = Tmux::start("quit", 120, 36) else {
        return;
    };
    t.run_reader();
    t.wait_for("the reports pane with all five districts", |s| {
        s.contains("Reports") && DISTRICTS.iter().all(|d| s.contains(d))
    });

    // The cursor starts on the first report (铁西区 2024); one down is 文登区 2023.
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 open", |s| {
        s.contains("威海市文登区人民政府") && status(s).contains("文登区 2023")
    });
    t.keys(&["]"]);
    let at_section = t.wait_for("the first section", |s| {
        status(s).contains("文登区 2023 › 一、")
    });
    t.keys(&["NPage"]);
    t.wait_for("a page further on", |s| {
        position(status(s)) != position(status(&at_section))
    });

    t.keys(&["/"]);
    t.wait_for("the search prompt", |s| status(s).contains(" /"));
    t.text("复议");
    t.keys(&["Enter"]);
    t.wait_for("the first of several matches", |s| {
        status(s).contains("/复议 match 1/")
    });
    t.keys(&["n"]);
    t.wait_for("the second match", |s| status(s).contains("/复议 match 2/"));

    t.keys(&["q"]);
    let after = t.wait_for_exit();
    assert_eq!(
        exit_code(&after),
        Some(0),
        "q should quit cleanly:\n{after}"
    );
    t.assert_terminal_restored(&after);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

/// A hung-up or terminated reader leaves raw mode and the alternate screen on its way out.
fn signal_restores_the_terminal(signal: &str) {
    let Some(t) = Tmux::start(&signal.to_lowercase(), 120, 36) else {
        return;
    };
    t.run_reader();
    t.wait_for("the reader", |s| s.contains("Reports"));
    // Open a report first, so the signal arrives in the middle of reading.
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 open", |s| status(s).contains("文登区 2023"));
    let pid = t.reader_pid();
    let sent = Command::new("sh")
        .args(["-c", &format!("kill -s {signal} {pid}")])
        .status()
        .expect("sh to send a signal");
    assert!(sent.success(), "could not send SIG{signal} to {pid}");
    let after = t.wait_for_exit();
    let number = if signal == "HUP" { 1 } else { 15 };
    assert_eq!(
        exit_code(&after),
        Some(128 + number),
        "the exit status tells the signal:\n{after}"
    );
    t.assert_terminal_restored(&after);
}

#[test]
fn resizing_the_window_redraws_at_the_new_size() {
    let Some(t) = Tmux::start("resize", 120, 36) else {
        return;
    };
    t.run_reader();
    t.wait_for("the reader", |s| s.contains("Reports"));
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 with the reports pane", |s| {
        s.contains("Reports") && status(s).contains("文登区 2023")
    });
    t.wait_for_frame(120, 36);

    t.tmux(&["resize-window", "-t", "fazhi", "-x", "80", "-y", "24"]);
    let narrow = t.wait_for_frame(80, 24);
    assert!(
        !narrow.contains("Reports") && !narrow.contains("Outline"),
        "at 80 columns the side panes fold away:\n{narrow}"
    );
    assert!(status(&narrow).contains("文登区 2023"), "{narrow}");

    t.tmux(&["resize-window", "-t", "fazhi", "-x", "120", "-y", "36"]);
    let wide = t.wait_for_frame(120, 36);
    assert!(
        wide.contains("Reports"),
        "the reports pane comes back:\n{wide}"
    );

    t.keys(&["q"]);
    let after = t.wait_for_exit();
    t.assert_terminal_restored(&after);
}

#[test]
fn small_terminal_80x24_shows_content_and_status() {
    let Some(t) = Tmux::start("small", 80, 24) else {
        return;
    };
    t.run_reader();
    let screen = t.wait_for_frame(80, 24);
    assert!(
        screen.contains("四平市铁西区人民政府") && screen.contains("2024年，铁西区"),
        "the first report's title and text:\n{screen}"
    );
    assert!(
        status(&screen).contains("铁西区 2024") && status(&screen).contains("¶ 1/"),
        "the status line names the report and the position:\n{screen}"
    );
    t.keys(&["q"]);
    let after = t.wait_for_exit();
    t.assert_terminal_restored(&after);
}

#[test]
fn compare_at_80x24_scrolls_flips_exports_a_table_and_quits_cleanly() {
    let Some(t) = Tmux::start("compare", 80, 24) else {
        return;
    };
    t.run_reader();
    t.wait_for_frame(80, 24);
    // The first report is 铁西区 2024; compare it with 顺城区 2024, found by pinyin.
    t.keys(&["c"]);
    t.wait_for("the chooser", |s| s.contains("Compare 铁西区 2024 with"));
    t.text("shuncheng");
    t.keys(&["Enter"]);
    let a = t.wait_for("A side by side, one column", |s| {
        s.contains("A 铁西区 2024") && s.contains("Tab")
    });
    t.keys(&["]", "]"]);
    let scrolled = t.wait_for("scrolled by two rows", |s| s != a);
    t.keys(&["Tab"]);
    t.wait_for("flipped to B", |s| {
        s.contains("B 顺城区 2024  Tab") && s != scrolled
    });
    t.keys(&["Escape"]);
    t.wait_for("back in the reader", |s| !s.contains("Side by side"));

    // The 行政复议 topic as a table, written to a file typed in the status line.
    t.keys(&[":"]);
    t.text("xzfy");
    t.keys(&["Enter"]);
    t.wait_for("the topic view", |s| s.contains("行政复议"));
    t.keys(&["T"]);
    t.wait_for("the table", |s| s.contains("· table ·"));
    let out = t.dir.join("review.csv");
    t.keys(&["w"]);
    t.wait_for("the export prompt", |s| s.contains("Export to"));
    t.text(&out.display().to_string());
    t.keys(&["Enter"]);
    t.wait_for("the export done", |s| s.contains("wrote 5 rows"));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("id,district,year,"), "{csv}");
    assert!(csv.contains("82件") && csv.contains("97件"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        6,
        "a header and five districts:\n{csv}"
    );

    t.keys(&["Escape"]);
    t.wait_for("the table closed", |s| !s.contains("· table ·"));
    t.keys(&["q"]);
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(0), "{after}");
    t.assert_terminal_restored(&after);
}

/// Once its terminal is gone, crossterm 0.28's event reader can spin on the dead tty
/// (crossterm#793); the reader must still end when the SIGHUP comes.
#[test]
fn closing_the_terminal_ends_the_reader() {
    let Some(t) = Tmux::start("close", 120, 36) else {
        return;
    };
    t.run_reader();
    t.wait_for("the reader", |s| s.contains("Reports"));
    let pid = t.reader_pid();
    // What closing the terminal window or losing the ssh connection does: the pty goes away.
    t.tmux(&["kill-server"]);
    let start = Instant::now();
    while running(pid) {
        assert!(
            start.elapsed() < PATIENCE,
            "the reader (pid {pid}) still runs {PATIENCE:?} after its terminal closed"
        );
        std::thread::sleep(POLL);
    }
}

#[test]
fn a_note_written_in_the_terminal_is_there_after_a_restart() {
    let Some(t) = Tmux::start("note", 140, 40) else {
        return;
    };
    t.run_reader();
    t.wait_for("the reader", |s| s.contains("Reports"));
    t.keys(&["j", "Enter", "]", "]", "j", "a"]);
    t.wait_for("the note editor", |s| s.contains("Ctrl-S save"));
    t.text("合法性审查率100%连续两年？核对2022年报告");
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.keys(&["q"]);
    let after = t.wait_for_exit();
    t.assert_terminal_restored(&after);

    t.run_reader();
    t.wait_for("the reader again", |s| s.contains("Reports"));
    t.keys(&["j", "Enter", "]", "]", "4"]);
    let screen = t.wait_for("the note listed in the notes pane", |s| {
        s.contains("4 Notes 1") && s.contains("合法性审查率")
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains("✎一是深化法治政府示范创建")),
        "the paragraph is marked in the gutter:\n{screen}"
    );
    t.keys(&["q"]);
    t.wait_for_exit();
}

#[test]
fn a_draft_typed_before_sigkill_is_offered_back() {
    let Some(t) = Tmux::start("draft", 140, 40) else {
        return;
    };
    t.write_a_note("写到一半的笔记");
    // The draft reaches the database within a moment of typing; wait for it there.
    let data = t.dir.join("data/fazhi");
    let start = Instant::now();
    loop {
        let saved = fazhi::note::Store::open(&data)
            .ok()
            .and_then(|s| s.drafts(&user()).ok())
            .is_some_and(|d| d.iter().any(|d| d.text == "写到一半的笔记"));
        if saved {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "no draft in {}", data.display());
        std::thread::sleep(POLL);
    }
    let pid = t.reader_pid();
    Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    while running(pid) {
        assert!(start.elapsed() < PATIENCE, "pid {pid} survived SIGKILL");
        std::thread::sleep(POLL);
    }
    std::fs::remove_file(t.dir.join("fazhi.pid")).unwrap();
    // A killed program leaves the terminal as it was; the user types `reset` (here: the
    // parts of it tmux needs) before starting again.
    t.text("stty sane; printf '\\033[?1049l'; clear");
    t.keys(&["Enter"]);
    t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));

    t.run_reader();
    t.wait_for("the draft offered back", |s| s.contains("Restore it?"));
    t.keys(&["y"]);
    let screen = t.wait_for("the editor with the draft", |s| {
        s.contains("Ctrl-S save") && s.contains("写到一半的笔记")
    });
    assert!(status(&screen).contains("文登区 2023"), "{screen}");
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.keys(&["q"]);
    let after = t.wait_for_exit();
    t.assert_terminal_restored(&after);
}

#[test]
fn a_panic_gives_the_terminal_back_prints_why_and_keeps_the_draft() {
    let Some(t) = Tmux::start("panic", 140, 40) else {
        return;
    };
    // Debug builds panic on F12 when this is set (see `tui/input.rs`).
    t.text("export FAZHI_DEBUG_PANIC=1");
    t.keys(&["Enter"]);
    t.write_a_note("出错前写的笔记");
    t.keys(&["F12"]);
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(101), "a panic's status:\n{after}");
    assert!(
        after.contains("panicked") && after.contains("F12 pressed"),
        "the panic message on the normal screen:\n{after}"
    );
    t.assert_terminal_restored(&after);

    t.keys(&["C-l"]);
    t.run_reader();
    t.wait_for("the draft offered back", |s| s.contains("Restore it?"));
    t.keys(&["y"]);
    t.wait_for("the editor with the draft", |s| {
        s.contains("Ctrl-S save") && s.contains("出错前写的笔记")
    });
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.keys(&["q"]);
    t.wait_for_exit();
}

/// The note author the reader records: `$USER` of the session.
fn user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// One tmux server with one session running a plain shell, and a scratch directory for
/// HOME, the XDG directories and the run script. Dropping it kills the server and any
/// reader left running.
struct Tmux {
    server: tmux::Server,
    dir: PathBuf,
    /// The server's socket file, which tmux leaves behind when the server is killed.
    socket_path: PathBuf,
}

/// The session every test drives.
const TARGET: &str = "fazhi";

impl Tmux {
    /// A session of `width`×`height` with a shell at its prompt; `None` when tmux is missing
    /// and `FAZHI_SKIP_TMUX=1`.
    fn start(name: &str, width: u16, height: u16) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            if std::env::var("FAZHI_SKIP_TMUX").as_deref() == Ok("1") {
                eprintln!("skipped: tmux is not installed and FAZHI_SKIP_TMUX=1");
                return None;
            }
            panic!(
                "tmux is not installed: these tests run the reader in a real terminal. \
                 Install it (apt-get install tmux) or set FAZHI_SKIP_TMUX=1 to skip them."
            );
        }
        let unique = format!("fazhi-test-{}-{name}", std::process::id());
        let dir = std::env::temp_dir().join(&unique);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["home", "config", "data", "state", "cache"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        std::fs::write(dir.join("run.sh"), run_script(&dir)).unwrap();
        let mut t = Tmux {
            server: tmux::Server::new(unique, PATIENCE),
            dir,
            socket_path: PathBuf::new(),
        };
        // The server copies this environment into the session, so the shell and the reader
        // see only the scratch directories: no saved position, keymap or notes leak in.
        let started = t
            .server
            .command()
            .args(["-f", "/dev/null", "new-session", "-d", "-s", TARGET])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(tmux::shell())
            .env("HOME", t.dir.join("home"))
            .env("XDG_CONFIG_HOME", t.dir.join("config"))
            .env("XDG_DATA_HOME", t.dir.join("data"))
            .env("XDG_STATE_HOME", t.dir.join("state"))
            .env("XDG_CACHE_HOME", t.dir.join("cache"))
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        tmux::check(&started, "new-session");
        t.socket_path = PathBuf::from(t.format("#{socket_path}"));
        t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));
        Some(t)
    }

    /// Run a tmux command and return what it printed.
    fn tmux(&self, args: &[&str]) -> String {
        self.server.tmux(args)
    }

    /// Press keys by tmux name (`j`, `Enter`, `NPage`).
    fn keys(&self, keys: &[&str]) {
        self.server.keys(TARGET, keys);
    }

    /// Type text literally, UTF-8 included.
    fn text(&self, text: &str) {
        self.server.text(TARGET, text);
    }

    /// The visible screen, one line per row, wrapped lines joined.
    fn screen(&self) -> String {
        self.server.screen(TARGET)
    }

    /// A tmux format such as `#{alternate_on}` for the pane.
    fn format(&self, format: &str) -> String {
        self.server.format(TARGET, format)
    }

    /// Poll the screen until `ready` holds; fail with the last screen after [`PATIENCE`].
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.server.wait_for(TARGET, what, ready)
    }

    /// Wait until the screen is a whole frame of `width`×`height`: every row of the panes
    /// starts and ends on a border at the right columns, and the status line is on the last
    /// row.
    fn wait_for_frame(&self, width: usize, height: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            let problem = match frame_problem(&screen, width, height) {
                None => return screen,
                Some(p) => p,
            };
            if start.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for a {width}x{height} frame: {problem}\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Start the reader from the shell through the run script.
    fn run_reader(&self) {
        self.text(&format!("sh '{}'", self.dir.join("run.sh").display()));
        self.keys(&["Enter"]);
    }

    /// Run the reader, open 文登区 2023 and type `text` in a note on its first paragraph,
    /// without saving it.
    fn write_a_note(&self, text: &str) {
        self.run_reader();
        self.wait_for("the reader", |s| s.contains("Reports"));
        self.keys(&["j", "Enter", "]", "]", "j", "a"]);
        self.wait_for("the note editor", |s| s.contains("Ctrl-S save"));
        self.text(text);
        self.wait_for("the typed text", |s| s.contains(text));
    }

    /// Run the reader with more arguments (`--library DIR`).
    fn run_reader_with(&self, args: &str) {
        let script = self.dir.join("run-with.sh");
        let plain = run_script(&self.dir);
        std::fs::write(
            &script,
            plain.replacen("--lang en", &format!("--lang en {args}"), 1),
        )
        .unwrap();
        self.text(&format!("sh '{}'", script.display()));
        self.keys(&["Enter"]);
    }

    /// The reader's process id, which the run script records before it starts the reader.
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
            assert!(
                start.elapsed() < PATIENCE,
                "no pid in {} after {PATIENCE:?}",
                file.display()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Wait for the reader to exit and the run script to print the terminal's settings.
    fn wait_for_exit(&self) -> String {
        self.server.wait_for_exit(TARGET)
    }

    /// The terminal is as a shell needs it: line editing and echo on, the main screen back,
    /// no mouse reporting, a visible cursor.
    fn assert_terminal_restored(&self, screen: &str) {
        self.server.assert_terminal_restored(TARGET, screen);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Also on a failed test: leave no server, socket or reader behind. A reader whose
        // terminal is gone may spin instead of exiting (see the ignored test), so kill it.
        let _ = self.server.command().arg("kill-server").output();
        let _ = std::fs::remove_file(&self.socket_path);
        if let Some(pid) = std::fs::read_to_string(self.dir.join("fazhi.pid"))
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .filter(|&pid| is_our_reader(pid))
        {
            let _ = Command::new("sh")
                .args(["-c", &format!("kill -s KILL {pid}")])
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The script the shell runs: record the reader's pid (`exec` keeps it), start the reader,
/// then print its exit code and the terminal settings it left behind. `sh` does not reset
/// the terminal after a child, unlike an interactive bash after a child killed by a
/// signal, so `stty` shows exactly what the reader left. The markers it prints are not in
/// the command line the shell echoes, so the tests cannot mistake one for the other.
fn run_script(dir: &Path) -> String {
    format!(
        "sh -c 'echo $$ > \"$0\"; exec \"$@\"' '{pid}' '{bin}' --fresh --lang en\n\
         echo \"EXIT=$?\"\n\
         stty -a\n\
         echo STTY_END\n",
        pid = dir.join("fazhi.pid").display(),
        bin = env!("CARGO_BIN_EXE_fazhi"),
    )
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

/// Is `pid` a live reader started by these tests? Checked before killing it, in case the
/// reader has exited and its pid been reused.
fn is_our_reader(pid: u32) -> bool {
    running(pid)
        && std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|cmdline| cmdline.starts_with(env!("CARGO_BIN_EXE_fazhi").as_bytes()))
}

/// `¶ 3/33` from the status line.
fn position(status: &str) -> Option<&str> {
    let at = status.find('¶')?;
    status[at..].split_whitespace().nth(1)
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

#[test]
fn a_library_folder_appears_with_no_key_pressed() {
    let Some(t) = Tmux::start("library", 140, 40) else {
        return;
    };
    let reports = concat!(env!("CARGO_MANIFEST_DIR"), "/reports");
    t.run_reader_with(&format!("--library '{reports}'"));
    // Nothing is typed: the screen must fill in on its own once the folder is read.
    let screen = t.wait_for("the library's reports, with no key pressed", |s| {
        s.contains("文登区") && s.contains("周村区")
    });
    assert!(!status(&screen).contains("loading reports"), "{screen}");
    t.keys(&["q"]);
    t.wait_for_exit();
}

#[test]
fn a_broken_keymap_file_opens_the_reader_with_the_default_keys_and_lists_every_problem() {
    let Some(t) = Tmux::start("badkeys", 140, 40) else {
        return;
    };
    let dir = t.dir.join("config/fazhi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("keymap.toml"),
        "[normal]\n\"ctlr-p\" = \"palette\"\n\"q\" = \"qiut\"\n",
    )
    .unwrap();
    t.run_reader();
    let screen = t.wait_for("a warning in the status line", |s| {
        status(s).contains("keymap not used (2 problems")
    });
    assert!(screen.contains("Reports"), "{screen}");
    // The default keys work: `q` quits (the broken file would have made it "qiut").
    t.keys(&["q"]);
    let after = t.wait_for_exit();
    assert!(
        after.contains(r#"keymap.toml:2: unknown key "ctlr-p""#),
        "{after}"
    );
    assert!(
        after.contains(r#"keymap.toml:3: unknown action "qiut""#),
        "{after}"
    );
    assert_eq!(exit_code(&after), Some(0), "{after}");
}
