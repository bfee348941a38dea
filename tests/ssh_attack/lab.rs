//! The scratch server and the OpenSSH client the attacks use.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for something before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);
/// How often to look while waiting.
pub const POLL: Duration = Duration::from_millis(50);

/// Whether the OpenSSH client is here; panics with how to get it unless `FAZHI_SKIP_SSH=1`.
pub fn have_ssh() -> bool {
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
pub struct Lab {
    pub dir: PathBuf,
    pub child: Option<Child>,
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Lab {
    /// Keys made, authorized_keys holding alice's and bob's; `None` when skipping.
    pub fn new(name: &str) -> Option<Lab> {
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
    pub fn public(&self, who: &str) -> String {
        std::fs::read_to_string(self.dir.join("keys").join(format!("{who}.pub")))
            .unwrap()
            .trim()
            .to_string()
    }

    /// Replace authorized_keys: the server reads it again for each new connection.
    pub fn authorize(&self, text: &str) {
        std::fs::write(self.dir.join("config/fazhi/authorized_keys"), text).unwrap();
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data").join("fazhi")
    }

    /// `fazhi serve` with the lab's XDG directories, `args` added, in `sh -c` with `umask`.
    pub fn command(&self, umask: &str, args: &[&str]) -> Command {
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
    pub fn serve(&mut self, args: &[&str]) {
        self.serve_with_umask("022", args);
    }

    pub fn serve_with_umask(&mut self, umask: &str, args: &[&str]) {
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
    pub fn serve_refused(&self, args: &[&str]) -> Output {
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

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Wait for `n` log lines matching `ready`; all the matching lines.
    pub fn wait_log(&self, what: &str, n: usize, ready: impl Fn(&str) -> bool) -> Vec<String> {
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

    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// The server is still running (it did not abort).
    pub fn assert_up(&mut self) {
        let status = self.child.as_mut().unwrap().try_wait().unwrap();
        assert!(
            status.is_none(),
            "the server exited ({status:?}):\n{}",
            self.log_text()
        );
    }

    /// The ssh arguments for `who`, before the test's own.
    pub fn ssh_args(&self, who: &str) -> Vec<String> {
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
    pub fn ssh_output(&self, who: &str, extra: &[&str]) -> Output {
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
    pub fn gets_in(&self, who: &str, from: &str) -> bool {
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
pub struct Client {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    /// `setup` runs in the client's shell before ssh (e.g. `stty cols 65535 rows 65535`).
    pub fn start(lab: &Lab, who: &str, setup: &str) -> Client {
        Client::start_with(&lab.ssh_args(who), setup)
    }

    /// As [`Client::start`], with these ssh arguments before the host.
    pub fn start_with(args: &[String], setup: &str) -> Client {
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
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

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
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
    pub fn wait_for_reader(&self) {
        self.wait_for("the reader's first frame", |s| {
            s.contains("¶ 1/") || (s.contains(" 1/") && s.contains("段"))
        });
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(keys.as_bytes())
            .unwrap();
    }

    pub fn exit_code(&mut self) -> Option<i32> {
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
pub fn memory_kb(pid: u32) -> (u64, u64) {
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

pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}
