//! Running the real `fazhi` binary as a user at a shell would.

use serde_json::Value;
use std::ffi::OsStr;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// What one run of `fazhi` printed, and how it ended.
pub struct Run {
    /// Exit code; -1 when ended by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Non-empty lines of stdout and stderr together.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .chain(self.stderr.lines())
            .filter(|l| !l.trim().is_empty())
            .collect()
    }

    /// (stdout, stderr, exited 0).
    pub fn parts(self) -> (String, String, bool) {
        let ok = self.code == 0;
        (self.stdout, self.stderr, ok)
    }
}

/// `fazhi ARGS` without colour.
pub fn fazhi(args: &[&str]) -> Run {
    fazhi_env::<&str>(&[], args)
}

/// How long one run of `fazhi` may take before it counts as a hang: generous, as a debug
/// build on a shared two-core machine has taken over 60 s to check a 10 MB one-line report.
const HANG: Duration = Duration::from_secs(300);

/// `fazhi ARGS` with these environment variables set (and `NO_COLOR`), stdin empty. Fails
/// the test when fazhi panics or hangs (killed after [`HANG`]), whatever the test expects
/// of the run otherwise.
pub fn fazhi_env<V: AsRef<OsStr>>(env: &[(&str, V)], args: &[&str]) -> Run {
    fazhi_within(env, args, HANG)
}

/// As [`fazhi_env`], killed and failed after `hang`: for inputs made to hang fazhi.
pub fn fazhi_within<V: AsRef<OsStr>>(env: &[(&str, V)], args: &[&str], hang: Duration) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fazhi"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fazhi");
    let out = output_within(child, hang, &format!("fazhi {args:?}"));
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "fazhi {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// The JSON `fazhi ARGS` prints; fails the test unless it exits 0 with valid JSON.
pub fn json(args: &[&str]) -> Value {
    let run = fazhi(args);
    assert_eq!(run.code, 0, "fazhi {args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("fazhi {args:?}: {e}"))
}

/// Wait for `child` to end and collect what it printed (read as it comes, so a child that
/// prints more than a pipe holds is not blocked); kill it and fail the test when it runs
/// past `patience` (a hang guard, not a timing assert).
pub fn output_within(child: Child, patience: Duration, what: &str) -> Output {
    let pid = child.id();
    let (done, output) = mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match output.recv_timeout(patience) {
        Ok(out) => out.expect("collect a child's output"),
        Err(_) => {
            // Not reaped yet (the collecting thread has not returned), so the pid is still
            // the child's.
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            panic!("{what} did not end within {patience:?}");
        }
    }
}
