//! One OpenSSH lab for the tests of `fazhi serve`: keys for alice (`alice@laptop`), bob
//! and mallory made by ssh-keygen, an authorized_keys holding alice's and bob's, the server
//! run on a free loopback port in scratch HOME and XDG directories with its log collected,
//! and the real `ssh` client run against it, to its end or in a terminal.
//!
//! Dropping a lab kills its server and removes its directory, also when the test fails.
//! Every wait is a bounded poll, a hang guard and never a timing assert.

use super::run::output_within;
use super::temp::{scratch_user, TempDir};
use super::wait::until;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long to wait for something before failing. Generous: the machine may be shared.
pub const PATIENCE: Duration = Duration::from_secs(20);
/// The comment of alice's key, and so the author of her notes.
pub const ALICE: &str = "alice@laptop";

/// Whether the OpenSSH client (and script(1), for a client in a terminal) is here; panics
/// with how to get them unless `FAZHI_SKIP_SSH=1`.
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
    panic!(
        "ssh, ssh-keygen and script are needed: these tests connect to `fazhi serve` with the \
         real client (apt-get install openssh-client bsdutils), or set FAZHI_SKIP_SSH=1"
    );
}

/// Make an ed25519 key pair at `path` (and `path.pub`) with this passphrase and comment.
pub fn keygen(path: &Path, passphrase: &str, comment: &str) {
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f"])
        .arg(path)
        .output()
        .expect("run ssh-keygen");
    assert!(made.status.success(), "ssh-keygen: {made:?}");
}

/// A scratch directory with keys for alice, bob and mallory, and perhaps a running server.
pub struct Lab {
    pub dir: TempDir,
    child: Option<Child>,
    pub port: u16,
    log: Arc<Mutex<Vec<String>>>,
    /// Variables set for the server on top of the scratch user's, e.g. `FAZHI_DEBUG_PANIC`.
    pub server_env: Vec<(&'static str, &'static str)>,
}

impl Lab {
    /// Keys made, authorized_keys holding alice's and bob's (not mallory's); no server yet.
    /// `None` when ssh is missing and skipping is allowed.
    pub fn new(name: &str) -> Option<Lab> {
        if !have_ssh() {
            return None;
        }
        let dir = TempDir::new(&format!("ssh-{name}"));
        std::fs::create_dir_all(dir.join("keys")).unwrap();
        std::fs::create_dir_all(dir.join("config/fazhi")).unwrap();
        for (who, comment) in [("alice", ALICE), ("bob", ""), ("mallory", "mallory@evil")] {
            keygen(&dir.join("keys").join(who), "", comment);
        }
        let lab = Lab {
            dir,
            child: None,
            server_env: Vec::new(),
            port: 0,
            log: Arc::new(Mutex::new(Vec::new())),
        };
        lab.authorize(&format!("{}\n{}\n", lab.public("alice"), lab.public("bob")));
        Some(lab)
    }

    /// `who`'s private key file.
    pub fn key(&self, who: &str) -> PathBuf {
        self.dir.join("keys").join(who)
    }

    /// `who`'s public key line (`ssh-ed25519 AAAA… comment`).
    pub fn public(&self, who: &str) -> String {
        std::fs::read_to_string(self.key(who).with_extension("pub"))
            .unwrap()
            .trim()
            .to_string()
    }

    /// Replace authorized_keys: the server reads it again for each new connection.
    pub fn authorize(&self, text: &str) {
        std::fs::write(self.dir.join("config/fazhi/authorized_keys"), text).unwrap();
    }

    /// The server's data directory (host key, notes).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data").join("fazhi")
    }

    /// `cmd` with the lab's HOME and XDG directories.
    pub fn env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        scratch_user(cmd, &self.dir)
    }

    /// `fazhi serve` with `args` added, in `sh -c` with `umask`.
    fn command(&self, umask: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_fazhi"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .envs(self.server_env.iter().copied());
        self.env(&mut cmd);
        cmd
    }

    /// Start the server (umask 022), or start it again after [`Lab::terminate`], and wait
    /// until it listens.
    pub fn serve(&mut self, args: &[&str]) {
        self.serve_with_umask("022", args);
    }

    /// As [`Lab::serve`], under this umask.
    pub fn serve_with_umask(&mut self, umask: &str, args: &[&str]) {
        let mut child = self
            .command(umask, args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fazhi serve starts");
        let stderr = child.stderr.take().unwrap();
        let earlier = self.log.lock().unwrap().len();
        let log = Arc::clone(&self.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push(line);
            }
        });
        let line = until(PATIENCE, || {
            let found = self.log.lock().unwrap()[earlier..]
                .iter()
                .find(|l| l.contains("listening on"))
                .cloned();
            if let Some(status) = child.try_wait().unwrap() {
                panic!("fazhi serve exited ({status}):\n{}", self.log_text());
            }
            found.ok_or_else(|| format!("fazhi serve to listen:\n{}", self.log_text()))
        });
        self.child = Some(child);
        let addr = line
            .split("listening on ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap();
        self.port = addr.rsplit(':').next().unwrap().parse().unwrap();
    }

    /// Run the server expecting it to refuse to start: its output.
    pub fn serve_refused(&self, args: &[&str]) -> Output {
        let child = self
            .command("022", args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        output_within(
            child,
            PATIENCE,
            &format!("fazhi serve {args:?} (expected to refuse)"),
        )
    }

    /// Every line the server has logged, across restarts.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Wait for `n` log lines matching `ready`; all the matching lines.
    pub fn wait_log(&self, what: &str, n: usize, ready: impl Fn(&str) -> bool) -> Vec<String> {
        until(PATIENCE, || {
            let log = self.log.lock().unwrap();
            let found: Vec<String> = log.iter().filter(|l| ready(l)).cloned().collect();
            match found.len() >= n {
                true => Ok(found),
                false => Err(format!("{n} × {what} in the log:\n{}", log.join("\n"))),
            }
        })
    }

    /// Wait for the first log line matching `ready`.
    pub fn wait_log_line(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.wait_log(what, 1, ready).swap_remove(0)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("a running server").id()
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

    /// Send SIGTERM and wait for the server to exit; its exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        exit_code(self.child.as_mut().unwrap(), || {
            "the server to exit after SIGTERM".into()
        })
    }

    /// The ssh arguments for `who`, before the test's own: no user configuration, agent or
    /// known hosts, nothing asked.
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
        args.push(self.key(who).display().to_string());
        args
    }

    /// `ssh` as `who` with `extra` to its end (the host among them).
    pub fn ssh(&self, who: &str, extra: &[&str]) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.args(self.ssh_args(who)).args(extra);
        cmd
    }

    /// Run ssh as `who` to its end, without a terminal.
    pub fn ssh_output(&self, who: &str, extra: &[&str]) -> Output {
        let child = self
            .ssh(who, extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        output_within(child, PATIENCE, &format!("ssh {extra:?}"))
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

    /// `who` gets in with a 100×30 terminal, is shown the reader, and `q` ends ssh cleanly:
    /// what must still hold after an attack.
    pub fn reads_and_quits(&self, who: &str) {
        let mut client = Client::start(self, who, "stty cols 100 rows 30");
        client.wait_for_reader();
        client.type_keys("q");
        assert_eq!(client.exit_code(), Some(0), "{}", client.text());
    }

    /// A shell line (for a terminal in tmux) that connects as `who` with a terminal, then
    /// prints how ssh ended and the terminal settings left behind, as
    /// [`super::tmux::Server::wait_for_exit`] expects.
    pub fn ssh_script(&self, who: &str) -> String {
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
    }
}

/// An ssh client with a terminal whose output is collected by threads and whose stdin
/// takes typed keys.
pub struct Client {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    /// `ssh -t` as `who` in a terminal made by script(1); `setup` runs in the client's
    /// shell before ssh (e.g. `stty cols 65535 rows 65535`).
    pub fn start(lab: &Lab, who: &str, setup: &str) -> Client {
        Client::start_with(&lab.ssh_args(who), setup)
    }

    /// As [`Client::start`], with these ssh arguments before the host.
    pub fn start_with(args: &[String], setup: &str) -> Client {
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let line = format!("{setup}\nexec ssh -t {} 127.0.0.1", quoted.join(" "));
        Client::collect(Command::new("script").args(["-qfec", &line, "/dev/null"]))
    }

    /// `ssh -tt` as `who` from a pipe: a terminal is asked for without a size, so the
    /// server picks one.
    pub fn without_size(lab: &Lab, who: &str) -> Client {
        Client::collect(&mut lab.ssh(who, &["-tt", "127.0.0.1"]))
    }

    fn collect(cmd: &mut Command) -> Client {
        let mut child = cmd
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

    /// Everything the client printed so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        until(PATIENCE, || {
            let text = self.text();
            if ready(&text) {
                return Ok(());
            }
            let tail: String = text
                .chars()
                .skip(text.chars().count().saturating_sub(600))
                .collect();
            Err(format!("{what}; the client got (end):\n{tail:?}"))
        })
    }

    /// The reader's first frame: its status line shows the position in a report.
    pub fn wait_for_reader(&self) {
        self.wait_for("the reader's first frame", |s| {
            s.contains("¶ 1/") || (s.contains(" 1/") && s.contains("段"))
        });
    }

    pub fn type_keys(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(keys.as_bytes()).unwrap();
    }

    /// Wait for ssh to end; its exit code.
    pub fn exit_code(&mut self) -> Option<i32> {
        let out = Arc::clone(&self.out);
        exit_code(&mut self.child, || {
            format!(
                "ssh to end; it got:\n{}",
                String::from_utf8_lossy(&out.lock().unwrap())
            )
        })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait for `child` to exit; its exit code. `missing` says what it was, should it hang.
fn exit_code(child: &mut Child, missing: impl Fn() -> String) -> Option<i32> {
    until(PATIENCE, || match child.try_wait().unwrap() {
        Some(status) => Ok(status.code()),
        None => Err(missing()),
    })
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

/// Permission bits of a file.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}
