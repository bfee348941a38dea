//! `fazhi serve` attacked on purpose with the real OpenSSH client: a client asking for a
//! 65535×65535 terminal, silent connections trying to lock everyone out, authorized_keys
//! options that must be honoured, host keys the server must refuse, and the modes of what it
//! makes. Each attack is followed by a real user getting in, which is what must still hold.
//!
//! Each test runs its own server on a free loopback port with its own keys and XDG
//! directories, and kills what it started when it ends. Every wait is a bounded poll; no
//! test asserts a time. `ssh`, `ssh-keygen` and `script` must be installed;
//! `FAZHI_SKIP_SSH=1` skips these tests where they cannot be.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for something before failing.
const PATIENCE: Duration = Duration::from_secs(20);
/// How often to look while waiting.
const POLL: Duration = Duration::from_millis(50);

/// Whether the OpenSSH client is here; panics with how to get it unless `FAZHI_SKIP_SSH=1`.
fn have_ssh() -> bool {
    let found = ["ssh", "ssh-keygen", "script"].iter().all(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found {
        return true;
    }
    if std::env::var("FAZHI_SKIP_SSH").as_deref() == Ok("1") {
        eprintln!("skipped: ssh, ssh-keygen or script is missing and FAZHI_SKIP_SSH=1");
        return false;
    }
    panic!("ssh, ssh-keygen and script are needed (apt-get install openssh-client bsdutils), or set FAZHI_SKIP_SSH=1");
}

/// A scratch directory with keys for alice (`alice@laptop`), bob and mallory, and perhaps a
/// running server. Dropping it kills the server and removes the directory.
struct Lab {
    dir: PathBuf,
    child: Option<Child>,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Lab {
    /// Keys made, authorized_keys holding alice's and bob's; `None` when skipping.
    fn new(name: &str) -> Option<Lab> {
        if !have_ssh() {
            return None;
        }
        let dir = std::env::temp_dir().join(format!("fazhi-attack-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("keys")).unwrap();
        std::fs::create_dir_all(dir.join("config/fazhi")).unwrap();
        for (who, comment) in [
            ("alice", "alice@laptop"),
            ("bob", ""),
            ("mallory", "mallory@evil"),
        ] {
            let made = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(dir.join("keys").join(who))
                .output()
                .unwrap();
            assert!(made.status.success(), "ssh-keygen: {made:?}");
        }
        let lab = Lab {
            dir,
            child: None,
            port: 0,
            log: Arc::new(Mutex::new(Vec::new())),
        };
        lab.authorize(&format!("{}\n{}\n", lab.public("alice"), lab.public("bob")));
        Some(lab)
    }

    /// `who`'s public key line (`ssh-ed25519 AAAA… comment`).
    fn public(&self, who: &str) -> String {
        std::fs::read_to_string(self.dir.join("keys").join(format!("{who}.pub")))
            .unwrap()
            .trim()
            .to_string()
    }

    /// Replace authorized_keys: the server reads it again for each new connection.
    fn authorize(&self, text: &str) {
        std::fs::write(self.dir.join("config/fazhi/authorized_keys"), text).unwrap();
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data").join("fazhi")
    }

    /// `fazhi serve` with the lab's XDG directories, `args` added, in `sh -c` with `umask`.
    fn command(&self, umask: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_fazhi"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("HOME", self.dir.join("home"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_STATE_HOME", self.dir.join("state"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null());
        cmd
    }

    /// Start the server (umask 022) and wait until it listens.
    fn serve(&mut self, args: &[&str]) {
        self.serve_with_umask("022", args);
    }

    fn serve_with_umask(&mut self, umask: &str, args: &[&str]) {
        let mut child = self
            .command(umask, args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::clone(&self.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push(line);
            }
        });
        let start = Instant::now();
        let line = loop {
            if let Some(l) = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains("listening on"))
            {
                break l.clone();
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("fazhi serve exited ({status}):\n{}", self.log_text());
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no listening line:\n{}",
                self.log_text()
            );
            std::thread::sleep(POLL);
        };
        self.child = Some(child);
        let addr = line
            .split("listening on ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        self.port = addr.rsplit(':').next().unwrap().parse().unwrap();
    }

    /// Run the server expecting it to refuse to start: its output.
    fn serve_refused(&self, args: &[&str]) -> Output {
        let mut child = self
            .command("022", args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("fazhi serve {args:?} started instead of refusing");
            }
            std::thread::sleep(POLL);
        }
        child.wait_with_output().unwrap()
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Wait for `n` log lines matching `ready`; all the matching lines.
    fn wait_log(&self, what: &str, n: usize, ready: impl Fn(&str) -> bool) -> Vec<String> {
        let start = Instant::now();
        loop {
            let found: Vec<String> = self
                .log
                .lock()
                .unwrap()
                .iter()
                .filter(|l| ready(l))
                .cloned()
                .collect();
            if found.len() >= n {
                return found;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {n} × {what} in the log:\n{}",
                self.log_text()
            );
            std::thread::sleep(POLL);
        }
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// The server is still running (it did not abort).
    fn assert_up(&mut self) {
        let status = self.child.as_mut().unwrap().try_wait().unwrap();
        assert!(
            status.is_none(),
            "the server exited ({status:?}):\n{}",
            self.log_text()
        );
    }

    /// The ssh arguments for `who`, before the test's own.
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
        ]
        .map(String::from)
        .to_vec();
        args.extend(["-p".into(), self.port.to_string(), "-i".into()]);
        args.push(self.dir.join("keys").join(who).display().to_string());
        args
    }

    /// Run ssh as `who` with `extra` to its end.
    fn ssh_output(&self, who: &str, extra: &[&str]) -> Output {
        let mut child = Command::new("ssh")
            .args(self.ssh_args(who))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("ssh {extra:?} did not end");
            }
            std::thread::sleep(POLL);
        }
        child.wait_with_output().unwrap()
    }

    /// Whether `who`, connecting from `from`, is let in: a logged-in client asking to run a
    /// command is told commands are not run (exit 1); a refused one gets "Permission denied".
    fn gets_in(&self, who: &str, from: &str) -> bool {
        let out = self.ssh_output(
            who,
            &["-o", &format!("BindAddress={from}"), "127.0.0.1", "true"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(1) if stderr.contains("commands are not run here") => true,
            Some(255) if stderr.contains("Permission denied") => false,
            _ => panic!(
                "neither in nor refused: {out:?}\nserver log:\n{}",
                self.log_text()
            ),
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("server log:\n{}", self.log_text());
        }
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An ssh client (`ssh -t`) in a terminal made by script(1), its size set by `stty` first; the output
/// is collected by a thread and keys are typed into its stdin.
struct Client {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    /// `setup` runs in the client's shell before ssh (e.g. `stty cols 65535 rows 65535`).
    fn start(lab: &Lab, who: &str, setup: &str) -> Client {
        let quoted: Vec<String> = lab.ssh_args(who).iter().map(|a| format!("'{a}'")).collect();
        let line = format!("{setup}\nexec ssh -t {} 127.0.0.1", quoted.join(" "));
        let mut child = Command::new("script")
            .args(["-qfec", &line, "/dev/null"])
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
                let mut buf = [0u8; 65536];
                while let Ok(n @ 1..) = pipe.read(&mut buf) {
                    out.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
        Client { child, out }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !ready(&self.text()) {
            let tail: String = self
                .text()
                .chars()
                .rev()
                .take(600)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {what}; the client got (end):\n{tail:?}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// The reader's first frame: its status line shows the position in a report.
    fn wait_for_reader(&self) {
        self.wait_for("the reader's first frame", |s| {
            s.contains("¶ 1/") || (s.contains(" 1/") && s.contains("段"))
        });
    }

    fn type_keys(&mut self, keys: &str) {
        self.child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(keys.as_bytes())
            .unwrap();
    }

    fn exit_code(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "ssh did not end; got:\n{}",
                self.text()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident and peak memory of a process, in KB (`VmRSS`, `VmHWM`).
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_65535_square_terminal_is_drawn_at_the_cap_and_the_server_stays_up_for_others() {
    let Some(mut lab) = Lab::new("huge-pty") else {
        return;
    };
    lab.serve(&[]);
    let go = lab.dir.join("go");
    // The size comes in pty-req; then, once the reader is drawn, a window-change asks for
    // 60000×60000 (stty on the client's terminal sends SIGWINCH to ssh).
    let setup = format!(
        "stty cols 65535 rows 65535; (while [ ! -e '{}' ]; do sleep 0.05; done; stty cols 60000 rows 60000 </dev/tty) &",
        go.display()
    );
    let mut huge = Client::start(&lab, "alice", &setup);
    huge.wait_for_reader();
    let (rss_first, _) = memory_kb(lab.pid());
    std::fs::write(&go, "").unwrap();
    let drawn = huge.text().len();
    // Clamped to the same 500×200, it changes nothing on screen; the session answers.
    huge.wait_for("an answer to the window change", |s| s.len() > drawn);
    lab.assert_up();
    let (rss, peak) = memory_kb(lab.pid());
    eprintln!("server memory with a 65535x65535 pty: first frame {rss_first} KB, after 60000x60000 window-change {rss} KB, peak {peak} KB");
    assert!(
        peak < 1024 * 1024,
        "a client's terminal size must not decide the server's memory: peak {peak} KB"
    );
    // The frame is drawn at the cap, 500 columns: a row cursor position past 200 or a
    // column past 500 never appears.
    let text = huge.text();
    assert!(
        !text.contains("\x1b[201;") && !text.contains(";501H"),
        "drawn past 500x200"
    );

    // Someone else still gets in and reads, and both quit cleanly.
    let mut other = Client::start(&lab, "bob", "stty cols 100 rows 30");
    other.wait_for_reader();
    other.type_keys("q");
    assert_eq!(other.exit_code(), Some(0), "{}", other.text());
    huge.type_keys("q");
    assert_eq!(huge.exit_code(), Some(0));
    lab.assert_up();
}

#[test]
fn silent_connections_are_cut_after_the_login_grace_time_and_a_real_user_gets_in() {
    let Some(mut lab) = Lab::new("silent") else {
        return;
    };
    lab.serve(&[
        "--login-grace-time",
        "2",
        "--max-connections-per-minute",
        "1000",
    ]);
    // 128 connections that never log in: half send nothing at all, half send an SSH
    // version line and then nothing.
    let mut silent: Vec<TcpStream> = (0..128)
        .map(|i| {
            let mut s = TcpStream::connect(("127.0.0.1", lab.port)).unwrap();
            if i % 2 == 1 {
                s.write_all(b"SSH-2.0-silent\r\n").unwrap();
            }
            s.set_read_timeout(Some(PATIENCE)).unwrap();
            s
        })
        .collect();
    // Each either got the server's version line (accepted) or a line turning it away
    // (max startups: 100 at most may be logging in).
    let mut accepted = 0;
    let mut turned_away = 0;
    for s in &mut silent {
        let mut buf = [0u8; 256];
        let n = s.read(&mut buf).unwrap();
        let said = String::from_utf8_lossy(&buf[..n]);
        if said.starts_with("SSH-2.0-") {
            accepted += 1;
        } else {
            assert!(
                said.contains("too many connections are logging in"),
                "{said:?}"
            );
            turned_away += 1;
        }
    }
    assert!(
        accepted <= 100 && turned_away >= 28,
        "accepted {accepted}, turned away {turned_away}"
    );
    // Every accepted one is closed by the server at the end of its grace time.
    for s in &mut silent {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    let cut = lab.wait_log("grace time endings", accepted, |l| {
        l.contains("login grace time (2 s) over")
    });
    assert_eq!(cut.len(), accepted);
    eprintln!("128 silent connections: {accepted} accepted and cut after 2 s, {turned_away} turned away at once");
    let mut alice = Client::start(&lab, "alice", "stty cols 100 rows 30");
    alice.wait_for_reader();
    alice.type_keys("q");
    assert_eq!(alice.exit_code(), Some(0));
    lab.assert_up();
}

#[test]
fn silent_connections_do_not_take_the_session_slots() {
    let Some(mut lab) = Lab::new("slots") else {
        return;
    };
    lab.serve(&["--max-sessions", "1", "--max-startups", "50:30:100"]);
    // 40 connections sit silent, well within their grace time, more than the 2 × 1 that
    // once filled the server.
    let silent: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(("127.0.0.1", lab.port)).unwrap())
        .collect();
    let mut alice = Client::start(&lab, "alice", "stty cols 100 rows 30");
    alice.wait_for_reader();
    // The one session slot is alice's: the next reader is told the server is full.
    let mut bob = Client::start(&lab, "bob", "stty cols 100 rows 30");
    bob.wait_for("the refusal", |s| {
        s.contains("the server is full (1 sessions)")
    });
    assert_eq!(bob.exit_code(), Some(1));
    alice.type_keys("q");
    assert_eq!(alice.exit_code(), Some(0));
    drop(silent);
}

#[test]
fn from_patterns_let_in_only_the_addresses_they_match() {
    let Some(mut lab) = Lab::new("from") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    let bob = lab.public("bob");
    for (from, inside, outside) in [
        ("127.0.6.1", "127.0.6.1", "127.0.0.1"),
        ("10.9.9.9,127.0.6.*", "127.0.6.1", "127.0.0.1"),
        ("127.0.6.0/24", "127.0.6.200", "127.0.7.1"),
        ("127.0.0.0/8,!127.0.6.1", "127.0.0.1", "127.0.6.1"),
        ("127.0.?.1", "127.0.6.1", "127.0.66.1"),
    ] {
        lab.authorize(&format!("from=\"{from}\" {alice}\n{bob}\n"));
        assert!(
            lab.gets_in("alice", inside),
            "from=\"{from}\" lets in {inside}"
        );
        assert!(
            !lab.gets_in("alice", outside),
            "from=\"{from}\" keeps out {outside}"
        );
        assert!(lab.gets_in("bob", outside), "bob's line has no from=");
    }
    lab.wait_log("a refusal naming the pattern", 1, |l| {
        l.starts_with("fazhi serve: 127.0.0.1:") && l.contains("does not match from=\"127.0.6.1\"")
    });
}

#[test]
fn the_issues_restricted_key_is_refused_from_an_address_it_does_not_name() {
    let Some(mut lab) = Lab::new("issue") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    lab.authorize(&format!(
        "from=\"10.9.9.9\",no-pty,expiry-time=\"20000101\" {alice}\n"
    ));
    assert!(!lab.gets_in("alice", "127.0.6.1"));
}

#[test]
fn expired_keys_are_refused_and_unexpired_ones_let_in() {
    let Some(mut lab) = Lab::new("expiry") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    lab.authorize(&format!("expiry-time=\"20000101\" {alice}\n"));
    assert!(!lab.gets_in("alice", "127.0.0.1"));
    lab.wait_log("the expiry refusal", 1, |l| l.contains("the key expired"));
    lab.authorize(&format!("expiry-time=\"209912312359\" {alice}\n"));
    assert!(lab.gets_in("alice", "127.0.0.1"));
}

#[test]
fn a_no_pty_key_is_told_the_reader_needs_a_terminal() {
    let Some(mut lab) = Lab::new("nopty") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    for options in ["no-pty", "restrict"] {
        lab.authorize(&format!("{options} {alice}\n"));
        let mut client = Client::start(&lab, "alice", "stty cols 100 rows 30");
        client.wait_for("the refusal", |s| {
            s.contains("may not have a terminal (no-pty")
        });
        assert_eq!(client.exit_code(), Some(1), "{options}");
    }
    lab.wait_log("the no-pty refusal", 2, |l| {
        l.contains("user=alice@laptop: refused a terminal: authorized_keys line 1 says no-pty")
    });
    lab.authorize(&format!("restrict,pty {alice}\n"));
    let mut client = Client::start(&lab, "alice", "stty cols 100 rows 30");
    client.wait_for_reader();
    client.type_keys("q");
    assert_eq!(client.exit_code(), Some(0));
}

#[test]
fn a_command_line_or_unknown_option_refuses_that_key_only() {
    let Some(mut lab) = Lab::new("command") else {
        return;
    };
    let alice = lab.public("alice");
    let bob = lab.public("bob");
    lab.authorize(&format!(
        "command=\"echo a, b \\\"c\\\"\",no-pty {alice}\n{bob}\nfrobnicate,from=\"127.0.0.1\" {}\n",
        lab.public("mallory")
    ));
    lab.serve(&[]);
    lab.wait_log("a warning at start", 1, |l| {
        l.contains("authorized_keys:1: this key will be refused: option command= is not supported")
    });
    assert!(!lab.gets_in("alice", "127.0.0.1"));
    assert!(
        lab.gets_in("bob", "127.0.0.1"),
        "the other lines still work"
    );
    assert!(!lab.gets_in("mallory", "127.0.0.1"));
    lab.wait_log("the refusals naming the option", 1, |l| {
        l.contains("refused by authorized_keys line 3: option frobnicate is not supported")
    });
}

#[test]
fn an_authorized_keys_file_saved_with_a_byte_order_mark_works() {
    let Some(mut lab) = Lab::new("bom") else {
        return;
    };
    lab.authorize(&format!("\u{feff}{}\n", lab.public("alice")));
    lab.serve(&[]);
    assert!(lab.gets_in("alice", "127.0.0.1"));
}

#[test]
fn a_host_key_with_a_passphrase_is_refused_at_start_in_one_line() {
    let Some(lab) = Lab::new("passphrase") else {
        return;
    };
    let key = lab.dir.join("host_key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "secret", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    let out = lab.serve_refused(&["--host-key", key.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(key.to_str().unwrap()) && stderr.contains("passphrase"),
        "{stderr}"
    );

    std::fs::write(&key, "not a key at all\n").unwrap();
    let out = lab.serve_refused(&["--host-key", key.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(key.to_str().unwrap()), "{stderr}");
}

#[test]
fn a_host_key_others_can_read_is_refused_at_start_in_one_line() {
    let Some(lab) = Lab::new("open-key") else {
        return;
    };
    let key = lab.dir.join("host_key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = lab.serve_refused(&["--host-key", key.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("mode 0644") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert_eq!(mode(&key), 0o644, "the key is left as it was");
}

#[test]
fn the_data_dir_is_made_private_whatever_the_umask() {
    for umask in ["022", "000", "277"] {
        let Some(mut lab) = Lab::new(&format!("umask-{umask}")) else {
            return;
        };
        lab.serve_with_umask(umask, &[]);
        assert_eq!(mode(&lab.data_dir()), 0o700, "umask {umask}");
        assert_eq!(
            mode(&lab.dir.join("state/fazhi/ssh")),
            0o700,
            "umask {umask}"
        );
        assert_eq!(
            mode(&lab.data_dir().join("ssh_host_ed25519_key")) & 0o077,
            0,
            "umask {umask}"
        );
    }
}

#[test]
fn a_chinese_session_is_told_in_chinese_that_the_server_stops_and_every_log_line_names_its_connection(
) {
    let Some(mut lab) = Lab::new("zh") else {
        return;
    };
    let alice = lab.public("alice");
    lab.authorize(&format!(
        "{alice}\nfrom=\"10.0.0.1\" {}\n",
        lab.public("bob")
    ));
    lab.serve(&["--lang", "zh"]);
    let mut client = Client::start(&lab, "alice", "stty cols 100 rows 30");
    client.wait_for_reader();
    // A client that vanishes mid-session, and some refusals, so the log has lines of
    // every kind.
    let vanishing = Client::start(&lab, "alice", "stty cols 90 rows 20");
    vanishing.wait_for_reader();
    drop(vanishing);
    lab.wait_log("the vanished session's line", 1, |l| l.contains("client"));
    assert!(!lab.gets_in("bob", "127.0.0.1"));
    let forward = lab.ssh_output("alice", &["-W", "127.0.0.1:9", "127.0.0.1"]);
    assert!(!forward.status.success());
    let kill = Command::new("kill")
        .args(["-TERM", &lab.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    assert_eq!(client.exit_code(), Some(1));
    assert!(
        client
            .text()
            .ends_with("fazhi：服务器正在停止；草稿已保存。\r\n"),
        "{:?}",
        client.text()
    );
    let start = Instant::now();
    while lab.child.as_mut().unwrap().try_wait().unwrap().is_none() {
        assert!(start.elapsed() < PATIENCE, "the server did not stop");
        std::thread::sleep(POLL);
    }
    let log = lab.log.lock().unwrap().clone();
    let about_connections: Vec<&String> = log
        .iter()
        .filter(|l| !l.contains("listening on") && !l.starts_with("fazhi serve: stopping"))
        .collect();
    assert!(about_connections.len() >= 4, "{log:#?}");
    for line in about_connections {
        assert!(
            line.starts_with("fazhi serve: 127.0.0.1:"),
            "no connection prefix: {line}"
        );
        assert!(line.contains(" user="), "no user: {line}");
    }
}

/// What a client types is parsed by the server ([`fazhi::ssh::input::Parser`]): whatever
/// bytes arrive, split however, the parser never panics, never loops, never makes more
/// events than bytes, and text split across reads is the same keys as text sent at once.
mod input_parser {
    use crossterm::event::Event;
    use fazhi::ssh::input::Parser;
    use proptest::prelude::*;

    /// Feed every read, then flush until nothing is pending, as the session does when the
    /// client goes quiet: all the events.
    fn parse(reads: &[Vec<u8>]) -> Vec<Event> {
        let mut parser = Parser::new();
        let mut events = Vec::new();
        for read in reads {
            events.extend(parser.feed(read));
        }
        // Each flush consumes at least one byte of what is pending, and at most a few bytes
        // are ever pending: a loop here would be a parser that never settles.
        for _ in 0..64 {
            if !parser.pending() {
                return events;
            }
            events.extend(parser.flush());
        }
        panic!("the parser is still pending after 64 flushes of {reads:?}");
    }

    /// Run `body` on another thread and fail if it does not end: a parser that loops must
    /// fail the test rather than hang the suite.
    fn bounded(body: impl FnOnce() + Send + 'static) {
        let (done, wait) = std::sync::mpsc::channel();
        let runner = std::thread::spawn(move || {
            body();
            let _ = done.send(());
        });
        match wait.recv_timeout(std::time::Duration::from_secs(600)) {
            Ok(()) => runner.join().unwrap(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                // The body panicked: pass its panic on.
                if let Err(p) = runner.join() {
                    std::panic::resume_unwind(p)
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the input parser did not finish: it loops")
            }
        }
    }

    /// Bytes a terminal might send and bytes no terminal would: escape sequences, their
    /// pieces, mouse reports, paste markers, broken UTF-8, Chinese.
    fn client_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            any::<u8>().prop_map(|b| vec![b]),
            Just(b"\x1b".to_vec()),
            Just(b"\x1b[".to_vec()),
            Just(b"\x1b[200~".to_vec()),
            Just(b"\x1b[201~".to_vec()),
            Just(b"\x1b[<0;65535;65535M".to_vec()),
            Just(b"\x1b[M".to_vec()),
            Just(b"\x1bO".to_vec()),
            Just(b"\x1b[[".to_vec()),
            Just("法治政府".as_bytes().to_vec()),
            proptest::collection::vec(0x20u8..0x40, 0..40),
            "[0-9;]{0,12}[A-Za-z~]".prop_map(|s| format!("\x1b[{s}").into_bytes()),
        ];
        proptest::collection::vec(piece, 0..64).prop_map(|v| v.concat())
    }

    /// `bytes` cut at the given points.
    fn cut(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut reads = Vec::new();
        let mut from = 0;
        for p in points.into_iter().chain([bytes.len()]) {
            reads.push(bytes[from..p].to_vec());
            from = p;
        }
        reads
    }

    #[test]
    fn any_bytes_in_any_reads_never_panic_loop_or_multiply() {
        bounded(|| {
            proptest!(|(bytes in client_bytes(), cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
                let reads = cut(&bytes, &cuts);
                let events = parse(&reads);
                prop_assert!(events.len() <= bytes.len(), "{} events from {} bytes", events.len(), bytes.len());
            });
        });
    }

    #[test]
    fn text_without_escapes_is_the_same_keys_however_it_is_split() {
        bounded(|| {
            let text = proptest::collection::vec(
                any::<u8>().prop_filter("no ESC", |b| *b != 0x1b),
                0..200,
            );
            proptest!(|(bytes in text, cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
                prop_assert_eq!(parse(&cut(&bytes, &cuts)), parse(std::slice::from_ref(&bytes)));
            });
        });
    }

    #[test]
    fn a_paste_is_one_paste_event_with_its_text_however_it_is_split() {
        bounded(|| {
            proptest!(|(text in "\\PC{0,80}", cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
                let bytes = format!("\x1b[200~{text}\x1b[201~").into_bytes();
                // A read that ends in a lone ESC is the Esc key, by design (a terminal sends a
                // sequence in one write): no read ends right after the opening ESC.
                let cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).filter(|&c| c != 1).collect();
                let events = parse(&cut(&bytes, &cuts));
                prop_assert_eq!(events, vec![Event::Paste(text)]);
            });
        });
    }
}
