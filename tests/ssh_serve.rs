//! `fazhi serve` with the real OpenSSH client: the reader over SSH in tmux, shared notes,
//! who gets in, what is refused, the limits, and giving every terminal back on SIGTERM.
//!
//! Each test runs its own server on a free loopback port with its own keys, HOME and XDG
//! directories, and kills what it started when it ends, also when it fails. Every wait is a
//! bounded poll.
//!
//! `ssh` and `ssh-keygen` (openssh-client) and tmux must be installed; `FAZHI_SKIP_SSH=1`
//! skips these tests where they cannot be.

mod common;

use common::tmux::{self, exit_code, status, POLL, PROMPT};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for something to show before failing.
const PATIENCE: Duration = Duration::from_secs(15);
/// The five districts of the bundled library.
const DISTRICTS: [&str; 5] = ["千山区", "顺城区", "文登区", "铁西区", "周村区"];
/// The comment of alice's key, and so the author of her notes.
const ALICE: &str = "alice@laptop";

/// Whether the OpenSSH client is here; panics with how to get it unless `FAZHI_SKIP_SSH=1`.
fn have_ssh() -> bool {
    let found = ["ssh", "ssh-keygen"]
        .iter()
        .all(|tool| Command::new(tool).arg("-V").output().is_ok());
    if found {
        return true;
    }
    if std::env::var("FAZHI_SKIP_SSH").as_deref() == Ok("1") {
        eprintln!("skipped: the OpenSSH client is not installed and FAZHI_SKIP_SSH=1");
        return false;
    }
    panic!(
        "the OpenSSH client is not installed: these tests connect to `fazhi serve` with it. \
         Install it (apt-get install openssh-client) or set FAZHI_SKIP_SSH=1 to skip them."
    );
}

/// A running `fazhi serve` with its scratch directory: keys for alice (comment
/// `alice@laptop`) and bob (no comment) in authorized_keys, and mallory's, which is not.
/// Dropping it kills the server and removes the directory.
struct Server {
    dir: PathBuf,
    child: Option<Child>,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Start a server with `args` added; `None` when ssh is missing and skipping is allowed.
    fn start(name: &str, args: &[&str]) -> Option<Server> {
        if !have_ssh() {
            return None;
        }
        let dir = std::env::temp_dir().join(format!("fazhi-ssh-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["home", "config", "data", "state", "cache", "keys"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let mut authorized = String::new();
        for (who, comment) in [("alice", ALICE), ("bob", ""), ("mallory", "mallory@evil")] {
            let key = dir.join("keys").join(who);
            let made = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(&key)
                .output()
                .unwrap();
            assert!(made.status.success(), "ssh-keygen: {made:?}");
            if who != "mallory" {
                authorized += &std::fs::read_to_string(key.with_extension("pub")).unwrap();
            }
        }
        let config = dir.join("config").join("fazhi");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("authorized_keys"), authorized).unwrap();
        let mut server = Server {
            dir,
            child: None,
            port: 0,
            log: Arc::new(Mutex::new(Vec::new())),
        };
        server.spawn(args);
        Some(server)
    }

    /// Run `fazhi serve` (again) on a free port and wait for it to listen.
    fn spawn(&mut self, args: &[&str]) {
        let mut child = self
            .env(&mut Command::new(env!("CARGO_BIN_EXE_fazhi")))
            .args(["serve", "--listen", "127.0.0.1:0", "--lang", "en"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fazhi serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::clone(&self.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push(line);
            }
        });
        let start = Instant::now();
        let earlier = self.log.lock().unwrap().len();
        let line = loop {
            let log = self.log.lock().unwrap();
            if let Some(l) = log[earlier..].iter().find(|l| l.contains("listening on")) {
                break l.clone();
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("fazhi serve exited ({status}):\n{}", log.join("\n"));
            }
            assert!(
                start.elapsed() < PATIENCE,
                "fazhi serve did not listen within {PATIENCE:?}:\n{}",
                log.join("\n")
            );
            drop(log);
            std::thread::sleep(POLL);
        };
        self.child = Some(child);
        let addr = line
            .split("listening on ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap();
        self.port = addr.rsplit(':').next().unwrap().parse().unwrap();
    }

    /// The scratch HOME and XDG directories, and nothing of the user's.
    fn env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        cmd.env("HOME", self.dir.join("home"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_STATE_HOME", self.dir.join("state"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .env("LC_ALL", "C.UTF-8")
            .env_remove("NO_COLOR")
            .env_remove("TMUX")
            // Debug builds panic on F12 with this (`tui/input.rs`); only the panic test
            // presses F12.
            .env("FAZHI_DEBUG_PANIC", "1")
    }

    fn key(&self, who: &str) -> PathBuf {
        self.dir.join("keys").join(who)
    }

    /// The ssh command line for `who`, before any options of the test's own.
    fn ssh_args(&self, who: &str) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=10",
            "-p",
        ]
        .map(String::from)
        .to_vec();
        args.push(self.port.to_string());
        args.push("-i".into());
        args.push(self.key(who).display().to_string());
        args
    }

    /// `ssh` as `who` with `extra` arguments, host last unless `extra` has it.
    fn ssh(&self, who: &str, extra: &[&str]) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.args(self.ssh_args(who)).args(extra);
        cmd
    }

    /// Run ssh to the end, bounded by ssh's own timeouts and the server's refusals.
    fn ssh_output(&self, who: &str, extra: &[&str]) -> Output {
        let mut child = self
            .ssh(who, extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("ssh {extra:?} did not end within {PATIENCE:?}");
            }
            std::thread::sleep(POLL);
        }
        child.wait_with_output().unwrap()
    }

    /// The shell line that connects as `who` with a terminal, then prints how ssh ended and
    /// the terminal settings left behind.
    fn ssh_script(&self, who: &str) -> String {
        let args: Vec<String> = self
            .ssh_args(who)
            .into_iter()
            .map(|a| format!("'{a}'"))
            .collect();
        let script = self.dir.join(format!("ssh-{who}.sh"));
        std::fs::write(
            &script,
            format!(
                "ssh -t {} 127.0.0.1\necho \"EXIT=$?\"\nstty -a\necho STTY_END\n",
                args.join(" ")
            ),
        )
        .unwrap();
        format!("sh '{}'", script.display())
    }

    /// Wait for a log line matching `ready` and return it.
    fn wait_log(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self.log.lock().unwrap().iter().find(|l| ready(l)) {
                return l.clone();
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "waited {PATIENCE:?} for {what} in the server log:\n{}",
                    self.log.lock().unwrap().join("\n")
                );
            }
            std::thread::sleep(POLL);
        }
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Send SIGTERM and wait for the server to exit; its exit code.
    fn terminate(&mut self) -> Option<i32> {
        let pid = self.pid();
        let sent = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let child = self.child.as_mut().unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the server did not exit within {PATIENCE:?} of SIGTERM"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("server log:\n{}", self.log.lock().unwrap().join("\n"));
        }
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One tmux server with one window per client; dropping it kills the tmux server.
struct Tmux {
    server: tmux::Server,
}

impl Tmux {
    fn start(server: &Server, name: &str, width: u16, height: u16) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is not installed (apt-get install tmux)"
        );
        let t = Tmux {
            server: tmux::Server::new(format!("fazhi-ssh-{}-{name}", std::process::id()), PATIENCE),
        };
        let started = server
            .env(&mut t.server.command())
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "fazhi"])
            .args([
                "-n",
                "w0",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(tmux::shell())
            .output()
            .unwrap();
        tmux::check(&started, "new-session");
        t.wait_for("w0", "the shell prompt", |s| s.contains(PROMPT.trim_end()));
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        self.server.tmux(args)
    }

    /// A second window with its own shell.
    fn new_window(&self, name: &str) {
        self.tmux(&["new-window", "-t", "fazhi", "-n", name, &tmux::shell()]);
        self.wait_for(name, "the shell prompt", |s| s.contains(PROMPT.trim_end()));
    }

    fn target(window: &str) -> String {
        format!("fazhi:{window}")
    }

    fn keys(&self, window: &str, keys: &[&str]) {
        self.server.keys(&Tmux::target(window), keys);
    }

    fn text(&self, window: &str, text: &str) {
        self.server.text(&Tmux::target(window), text);
    }

    fn run(&self, window: &str, line: &str) {
        self.text(window, line);
        self.keys(window, &["Enter"]);
    }

    fn wait_for(&self, window: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.server.wait_for(&Tmux::target(window), what, ready)
    }

    /// Wait until the reader's first screen: the reports pane with every district.
    fn wait_for_reader(&self, window: &str) -> String {
        self.wait_for(window, "the reports pane with all five districts", |s| {
            s.contains("Reports") && DISTRICTS.iter().all(|d| s.contains(d))
        })
    }

    /// Wait for ssh to end and the script to print the terminal's settings.
    fn wait_for_exit(&self, window: &str) -> String {
        self.server.wait_for_exit(&Tmux::target(window))
    }

    /// The client's terminal is as a shell needs it: cooked, main screen, no mouse
    /// reporting, a visible cursor.
    fn assert_terminal_restored(&self, window: &str, screen: &str) {
        self.server
            .assert_terminal_restored(&Tmux::target(window), screen);
    }
}

#[test]
fn over_ssh_the_reader_opens_a_report_takes_a_note_and_quits_to_a_cooked_shell() {
    let Some(server) = Server::start("reader", &[]) else {
        return;
    };
    let t = Tmux::start(&server, "reader", 120, 36);
    t.run("w0", &server.ssh_script("alice"));
    t.wait_for_reader("w0");

    // One down from the first report (铁西区 2024) is 文登区 2023.
    t.keys("w0", &["j", "Enter"]);
    t.wait_for("w0", "文登区 2023 open", |s| {
        s.contains("威海市文登区人民政府") && status(s).contains("文登区 2023")
    });
    t.keys("w0", &["a"]);
    t.wait_for("w0", "the note editor", |s| s.contains("Ctrl-S save"));
    t.text("w0", "依法行政 over ssh");
    t.keys("w0", &["C-s"]);
    t.wait_for("w0", "the editor closed", |s| !s.contains("Ctrl-S save"));
    t.keys("w0", &["4"]);
    t.wait_for("w0", "the note in the notes pane", |s| {
        s.contains("依法行政 over ssh")
    });

    t.keys("w0", &["q"]);
    let after = t.wait_for_exit("w0");
    assert_eq!(
        exit_code(&after),
        Some(0),
        "q should end ssh cleanly:\n{after}"
    );
    t.assert_terminal_restored("w0", &after);
    let line = server.wait_log("alice's connection line", |l| {
        l.contains("user=alice@laptop")
    });
    assert!(
        line.contains("key=SHA256:") && line.contains("127.0.0.1:") && line.ends_with("quit"),
        "one line with user, key, address, duration and how it ended: {line}"
    );
}

#[test]
fn a_note_written_in_one_session_shows_in_another_with_its_author() {
    let Some(server) = Server::start("shared", &[]) else {
        return;
    };
    let t = Tmux::start(&server, "shared", 120, 36);
    t.new_window("w1");
    t.run("w0", &server.ssh_script("alice"));
    t.run("w1", &server.ssh_script("bob"));
    for w in ["w0", "w1"] {
        t.wait_for_reader(w);
        t.keys(w, &["j", "Enter"]);
        t.wait_for(w, "文登区 2023 open", |s| {
            status(s).contains("文登区 2023")
        });
    }
    t.keys("w1", &["4"]);
    t.wait_for("w1", "bob's empty notes pane", |s| s.contains("Notes"));

    t.keys("w0", &["a"]);
    t.wait_for("w0", "the note editor", |s| s.contains("Ctrl-S save"));
    t.text("w0", "共享笔记 from alice");
    t.keys("w0", &["C-s"]);

    // Bob presses nothing: the note arrives by polling.
    let seen = t.wait_for("w1", "alice's note in bob's notes pane", |s| {
        s.contains("共享笔记 from alice")
    });
    t.keys("w1", &["M"]);
    let all = t.wait_for("w1", "the all-notes list", |s| s.contains("All notes"));
    assert!(
        all.contains(ALICE),
        "the note's author is alice's key comment:\n{all}\n(notes pane was:\n{seen})"
    );
    // Esc and q in one read would be alt-q: let the popup close first.
    t.keys("w1", &["Escape"]);
    t.wait_for("w1", "the all-notes list closed", |s| {
        !s.contains("All notes")
    });
    for w in ["w0", "w1"] {
        t.keys(w, &["q"]);
        let after = t.wait_for_exit(w);
        t.assert_terminal_restored(w, &after);
    }
}

#[test]
fn resizing_the_client_window_resizes_the_remote_reader() {
    let Some(server) = Server::start("resize", &[]) else {
        return;
    };
    let t = Tmux::start(&server, "resize", 120, 36);
    t.run("w0", &server.ssh_script("alice"));
    t.wait_for_reader("w0");
    t.tmux(&["resize-window", "-t", "fazhi", "-x", "80", "-y", "24"]);
    let narrow = t.wait_for("w0", "the reader redrawn at 80x24", |s| {
        s.lines().count() == 24 && !s.contains("Reports") && status(s).contains("¶")
    });
    assert!(status(&narrow).contains("铁西区 2024"), "{narrow}");
    t.tmux(&["resize-window", "-t", "fazhi", "-x", "120", "-y", "36"]);
    t.wait_for("w0", "the reports pane back at 120x36", |s| {
        s.lines().count() == 36 && s.contains("Reports")
    });
    t.keys("w0", &["q"]);
    let after = t.wait_for_exit("w0");
    t.assert_terminal_restored("w0", &after);
}

/// Alice (window w0) and bob (w1) in the reader, alice half-way through a note: `draft`
/// typed in the editor.
fn alice_writing_bob_reading(server: &Server, name: &str, draft: &str) -> Tmux {
    let t = Tmux::start(server, name, 120, 36);
    t.new_window("w1");
    t.run("w0", &server.ssh_script("alice"));
    t.run("w1", &server.ssh_script("bob"));
    t.wait_for_reader("w0");
    t.wait_for_reader("w1");
    t.keys("w0", &["a"]);
    t.wait_for("w0", "the note editor", |s| s.contains("Ctrl-S save"));
    t.text("w0", draft);
    t.wait_for("w0", "the typed draft", |s| s.contains(draft));
    t
}

#[test]
fn sigterm_gives_every_client_its_terminal_back_and_keeps_drafts() {
    let Some(mut server) = Server::start("sigterm", &[]) else {
        return;
    };
    // Alice is half-way through a note when the server stops.
    let t = alice_writing_bob_reading(&server, "sigterm", "未完的草稿");

    assert_eq!(
        server.terminate(),
        Some(0),
        "a stopped server exits cleanly"
    );
    for w in ["w0", "w1"] {
        let after = t.wait_for_exit(w);
        assert!(
            after.contains("fazhi: the server is stopping; your drafts are saved."),
            "the client is told why:\n{after}"
        );
        assert_eq!(exit_code(&after), Some(1), "ended by the server:\n{after}");
        t.assert_terminal_restored(w, &after);
    }
    let log = server.log.lock().unwrap().join("\n");
    assert_eq!(
        log.matches("server stopping").count(),
        2,
        "one line per connection:\n{log}"
    );
    drop(log);

    // The draft survived: alice is offered it back by a new server on the same data.
    server.spawn(&[]);
    t.run("w0", &server.ssh_script("alice"));
    t.wait_for("w0", "the draft offered back", |s| {
        s.contains("unsaved note draft") && s.contains("未完的草稿")
    });
}

#[test]
fn a_panicking_session_ends_alone_and_keeps_its_draft() {
    let Some(mut server) = Server::start("panic", &[]) else {
        return;
    };
    let t = alice_writing_bob_reading(&server, "panic", "出错前的草稿");
    t.keys("w0", &["F12"]);
    let after = t.wait_for_exit("w0");
    assert!(
        after.contains("fazhi: this session hit an internal error and was closed."),
        "the client is told why:\n{after}"
    );
    assert_eq!(exit_code(&after), Some(1), "{after}");
    t.assert_terminal_restored("w0", &after);
    let line = server.wait_log("alice's connection line", |l| {
        l.contains("user=alice@laptop") && l.contains("panic: FAZHI_DEBUG_PANIC")
    });
    assert!(line.contains("127.0.0.1:"), "{line}");

    // Bob reads on, and the server is still there for alice.
    t.keys("w1", &["j", "Enter"]);
    t.wait_for("w1", "bob opens 文登区 2023", |s| {
        status(s).contains("文登区 2023")
    });
    t.keys("w0", &["C-l"]);
    t.run("w0", &server.ssh_script("alice"));
    t.wait_for("w0", "the draft offered back", |s| {
        s.contains("unsaved note draft") && s.contains("出错前的草稿")
    });
    assert_eq!(server.terminate(), Some(0), "the server exits cleanly");
}

#[test]
fn a_wrong_key_is_denied() {
    let Some(server) = Server::start("denied", &[]) else {
        return;
    };
    let out = server.ssh_output("mallory", &["127.0.0.1", "true"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("Permission denied (publickey)"),
        "only public keys are offered, and mallory's is refused: {stderr}"
    );
    server.wait_log("mallory's refusal", |l| l.contains("permission denied"));

    let out = server.ssh_output(
        "alice",
        &[
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
            "127.0.0.1",
            "true",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("Permission denied (publickey)"),
        "no password or keyboard-interactive is offered, even to a known user: {stderr}"
    );
}

#[test]
fn commands_and_sessions_without_a_terminal_are_refused_with_a_message() {
    let Some(server) = Server::start("refused", &[]) else {
        return;
    };
    let out = server.ssh_output("alice", &["127.0.0.1", "ls", "/"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing is run: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("commands are not run here"), "{stderr}");

    let out = server.ssh_output("alice", &["-T", "127.0.0.1"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fazhi needs a terminal: use ssh -t"),
        "{stderr}"
    );

    let out = server.ssh_output("alice", &["-s", "127.0.0.1", "sftp"]);
    assert!(!out.status.success(), "sftp is refused: {out:?}");
}

#[test]
fn port_forwarding_is_refused() {
    let Some(server) = Server::start("forward", &[]) else {
        return;
    };
    // -R: the server refuses to listen for the client.
    let out = server.ssh_output(
        "alice",
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
            "127.0.0.1",
        ],
    );
    assert!(!out.status.success(), "-R should fail: {out:?}");

    // -L: the client listens, but the server refuses to connect anywhere for it.
    let target = TcpListener::bind("127.0.0.1:0").unwrap();
    target.set_nonblocking(true).unwrap();
    let local = free_port();
    let forward = format!("{local}:127.0.0.1:{}", target.local_addr().unwrap().port());
    let mut ssh = server
        .ssh("alice", &["-N", "-L", &forward, "127.0.0.1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut stream = loop {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", local)) {
            break s;
        }
        assert!(start.elapsed() < PATIENCE, "ssh -L never listened");
        std::thread::sleep(POLL);
    };
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = stream.write_all(b"hello");
    let mut buf = [0u8; 16];
    let read = stream.read(&mut buf);
    assert!(
        matches!(read, Ok(0)) || read.is_err(),
        "the forwarded connection is closed at once: {read:?}"
    );
    assert!(
        target.accept().is_err(),
        "nothing reached the forward's target"
    );
    let _ = ssh.kill();
    let _ = ssh.wait();
    server.wait_log("the refusal", |l| {
        l.contains("refused forwarding to 127.0.0.1:")
    });
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A client with a pty from a pipe (`ssh -tt`), whose output is collected by a thread.
struct Scripted {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Scripted {
    fn start(server: &Server, who: &str) -> Scripted {
        let mut child = server
            .ssh(who, &["-tt", "127.0.0.1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(Vec::new()));
        for mut pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = Arc::clone(&out);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = pipe.read(&mut buf) {
                    out.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
        Scripted { child, out }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !ready(&self.text()) {
            assert!(
                start.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {what}; got:\n{}",
                self.text()
            );
            std::thread::sleep(POLL);
        }
    }

    /// The first frame: the status line with the position in the first report (at the
    /// 80x24 a client without a size gets, the side panes are folded away).
    fn wait_for_first_frame(&self) {
        self.wait_for("the first frame", |s| s.contains("¶ 1/"));
    }

    fn exit_code(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(start.elapsed() < PATIENCE, "ssh did not end");
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn twenty_sessions_at_once_all_reach_the_first_screen_and_all_get_their_terminals_back() {
    let Some(mut server) = Server::start("twenty", &[]) else {
        return;
    };
    let mut clients: Vec<Scripted> = (0..20)
        .map(|i| Scripted::start(&server, if i % 2 == 0 { "alice" } else { "bob" }))
        .collect();
    for c in &clients {
        c.wait_for_first_frame();
    }
    // Half quit; the server is stopped under the other half.
    let (quitters, stayers) = clients.split_at_mut(10);
    for c in quitters.iter() {
        c.child.stdin.as_ref().unwrap().write_all(b"q").unwrap();
    }
    for c in quitters.iter_mut() {
        assert_eq!(c.exit_code(), Some(0), "{}", c.text());
    }
    assert_eq!(server.terminate(), Some(0));
    for c in stayers.iter_mut() {
        assert_eq!(c.exit_code(), Some(1), "{}", c.text());
        let out = c.text();
        let (entered, left) = (out.rfind("\x1b[?1049h"), out.rfind("\x1b[?1049l"));
        assert!(
            left > entered && out[left.unwrap()..].contains("\x1b[?25h"),
            "the main screen and the cursor come back last: {:?}",
            &out[out.len().saturating_sub(200)..]
        );
        assert!(out.ends_with("fazhi: the server is stopping; your drafts are saved.\r\n"));
    }
}

#[test]
fn a_full_server_tells_the_next_client_to_come_back_later() {
    let Some(server) = Server::start("full", &["--max-sessions", "1"]) else {
        return;
    };
    let first = Scripted::start(&server, "alice");
    first.wait_for_first_frame();
    let mut second = Scripted::start(&server, "bob");
    second.wait_for("the refusal", |s| s.contains("the server is full"));
    assert_eq!(second.exit_code(), Some(1));
}

#[test]
fn an_idle_session_is_closed_and_its_terminal_restored() {
    let Some(server) = Server::start("idle", &["--idle-timeout", "2"]) else {
        return;
    };
    let t = Tmux::start(&server, "idle", 120, 36);
    t.run("w0", &server.ssh_script("alice"));
    t.wait_for_reader("w0");
    let after = t.wait_for_exit("w0");
    assert!(after.contains("closed after 2 s without input"), "{after}");
    t.assert_terminal_restored("w0", &after);
}

#[test]
fn too_many_connections_from_one_address_are_turned_away() {
    let Some(server) = Server::start("rate", &["--max-connections-per-minute", "2"]) else {
        return;
    };
    let greeting = |_: usize| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut buf = vec![0u8; 256];
        let n = s.read(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    assert!(greeting(1).starts_with("SSH-2.0-"));
    assert!(greeting(2).starts_with("SSH-2.0-"));
    assert!(greeting(3).contains("too many connections"));
}

#[test]
fn without_authorized_keys_the_server_says_how_to_make_them() {
    if !have_ssh() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("fazhi-ssh-{}-nokeys", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("cp ~/.ssh/id_ed25519.pub")
            && stderr.contains("config/fazhi/authorized_keys"),
        "{stderr}"
    );
}

#[test]
fn the_host_key_is_made_once_and_its_fingerprint_printed() {
    let Some(mut server) = Server::start("hostkey", &[]) else {
        return;
    };
    let fingerprint = |log: &str| {
        log.split("host key ")
            .nth(1)
            .map(|s| s.trim_end_matches(')').to_string())
            .unwrap()
    };
    let first = fingerprint(&server.wait_log("the start line", |l| l.contains("host key")));
    let key = server
        .dir
        .join("data")
        .join("fazhi")
        .join("ssh_host_ed25519_key");
    let keygen = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&keygen.stdout).contains(&first),
        "the printed fingerprint is the key's: {first} vs {keygen:?}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the host key is private");

    server.terminate();
    server.spawn(&[]);
    let log = server.log.lock().unwrap().clone();
    let starts: Vec<&String> = log.iter().filter(|l| l.contains("host key")).collect();
    assert_eq!(starts.len(), 2, "{log:?}");
    let second = fingerprint(starts[1]);
    assert_eq!(first, second, "the host key is reused");
}
