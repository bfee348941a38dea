//! Running the real `fazhi` binary as a user at a shell would.

use serde_json::Value;
use std::ffi::OsStr;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

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

/// `fazhi ARGS` with these environment variables set (and `NO_COLOR`). Fails the test when
/// fazhi panics, whatever the test expects of the run otherwise.
pub fn fazhi_env<V: AsRef<OsStr>>(env: &[(&str, V)], args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fazhi"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run fazhi");
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

/// Wait for `child` to end and collect what it printed; kill it and fail the test when it
/// runs past `patience` (a hang guard, not a timing assert).
pub fn output_within(mut child: Child, patience: Duration, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().expect("wait for a child").is_none() {
        if start.elapsed() > patience {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not end within {patience:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collect a child's output")
}
