//! Temporary directories, one per test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh, empty directory under the temp dir, named for the test and this process, and
/// removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// `$TMPDIR/fazhi-NAME-PID`, emptied first.
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("fazhi-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        TempDir(dir)
    }

    /// The directory as an owned path.
    pub fn path(&self) -> PathBuf {
        self.0.clone()
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `cmd` as a user whose HOME and XDG directories are below `dir`, in a UTF-8 locale, with
/// nothing of the person running the tests: no saved position, keymap, notes, colour switch
/// or enclosing tmux leaks in. The directories are not made here: the program makes them.
pub fn scratch_user<'a>(cmd: &'a mut Command, dir: &Path) -> &'a mut Command {
    cmd.env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("LC_ALL", "C.UTF-8")
        .env_remove("NO_COLOR")
        .env_remove("TMUX")
        .env_remove("TMUX_PANE")
}
