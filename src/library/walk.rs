//! Finding the report files under the paths a user gives: each file once, whatever the
//! symlinks (`ln -s . a` loops, `ln -s .. sub/up` leads back), and never a FIFO or device.

use crate::error::Error;
use crate::user_file::{self, ReadError};
use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What a file or folder is, whatever path reached it: (device, inode).
type Identity = (u64, u64);

fn identity(meta: &std::fs::Metadata) -> Identity {
    (meta.dev(), meta.ino())
}

/// Whether a file in a folder is a report by its name (a file named explicitly always is).
pub(super) fn is_report_name(path: &Path) -> bool {
    crate::source::is_report_file(path)
}

/// A report file found, and whether a symlink led to it.
struct Found {
    via_link: bool,
    path: PathBuf,
    meta: std::fs::Metadata,
}

#[derive(Default)]
struct Walk {
    dirs_seen: HashSet<Identity>,
    found: Vec<Found>,
    problems: Vec<Error>,
    /// Folders reached through a symlink, walked after every real folder so a report is
    /// listed under its real path when it has one.
    linked_dirs: Vec<PathBuf>,
    /// Plain files named like reports, and whether a symlinked folder led to them: stat'ed
    /// once every folder is read, on all cores (at 25,000 files the stats are most of the
    /// walk, and each is a system call that waits on nothing but the CPU).
    unstated: Vec<(PathBuf, bool)>,
}

/// The report files under `paths` (folders searched recursively for `.txt` and `.md`), sorted,
/// each file once; and one problem per path that was skipped (a FIFO, socket or device named
/// like a report, a dangling link, an unreadable folder). Each file comes with the metadata
/// it was found with, so no one needs to stat it again.
pub(super) fn report_files(paths: &[PathBuf]) -> (Vec<(PathBuf, std::fs::Metadata)>, Vec<Error>) {
    let mut walk = Walk::default();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => walk.problems.push(Error::reading(p, ReadError::Io(e))),
            Ok(meta) if meta.is_dir() => walk.dir(p, &meta, false),
            Ok(meta) => walk.file(p, &meta, false),
        }
    }
    while let Some(d) = walk.linked_dirs.pop() {
        if let Ok(meta) = std::fs::metadata(&d) {
            walk.dir(&d, &meta, true);
        }
    }
    let unstated = std::mem::take(&mut walk.unstated);
    let metas = crate::cores::map(&unstated, |(path, _)| std::fs::symlink_metadata(path));
    for ((path, via_link), meta) in unstated.into_iter().zip(metas) {
        // A file removed since its folder was read is no report.
        if let Ok(meta) = meta {
            walk.file_owned(path, meta, via_link);
        }
    }
    // The first of several paths to one file wins: a real path before a linked one, then
    // the smallest.
    let linked = walk.found.iter().any(|f| f.via_link);
    let found = sorted_by_path(walk.found, |f| (f.via_link, &f.path));
    let mut ids = HashSet::new();
    let files: Vec<(PathBuf, std::fs::Metadata)> = found
        .into_iter()
        .filter(|f| ids.insert(identity(&f.meta)))
        .map(|f| (f.path, f.meta))
        .collect();
    // Without linked files the order above is already by path alone.
    let files = if linked {
        sorted_by_path(files, |f| (false, &f.0))
    } else {
        files
    };
    (files, walk.problems)
}

/// `items` sorted by `key`: whether a link led to it, then its path's components, in
/// `Path`'s order. Each path becomes one string of bytes compared with `memcmp`: per
/// component a tag (root, `.`, `..`, name: the order of `Component`'s variants), its bytes
/// and a 0, which no name holds, so a name sorts before every longer name it begins.
/// Comparing components in every comparison cost more than stat'ing 25,000 files.
fn sorted_by_path<T>(items: Vec<T>, key: impl Fn(&T) -> (bool, &Path)) -> Vec<T> {
    use std::os::unix::ffi::OsStrExt;
    use std::path::Component;
    let mut order: Vec<(Vec<u8>, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (linked, path) = key(item);
            let mut bytes = Vec::with_capacity(path.as_os_str().len() + 16);
            bytes.push(u8::from(linked));
            for part in path.components() {
                let (tag, name) = match part {
                    Component::Prefix(p) => (1, p.as_os_str().as_bytes()),
                    Component::RootDir => (2, &b""[..]),
                    Component::CurDir => (3, &b""[..]),
                    Component::ParentDir => (4, &b""[..]),
                    Component::Normal(n) => (5, n.as_bytes()),
                };
                bytes.push(tag);
                bytes.extend_from_slice(name);
                bytes.push(0);
            }
            (bytes, i)
        })
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&(_, i)| slots[i].take()).collect()
}

impl Walk {
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata, via_link: bool) {
        self.file_owned(path.to_path_buf(), meta.clone(), via_link);
    }

    fn file_owned(&mut self, path: PathBuf, meta: std::fs::Metadata, via_link: bool) {
        match user_file::special_kind(&meta) {
            None => self.found.push(Found {
                via_link,
                path,
                meta,
            }),
            Some(kind) => self
                .problems
                .push(Error::reading(&path, ReadError::NotRegular(kind))),
        }
    }

    /// Walk `root` and every real folder under it; symlinked folders go to `linked_dirs`.
    fn dir(&mut self, root: &Path, meta: &std::fs::Metadata, via_link: bool) {
        if !self.dirs_seen.insert(identity(meta)) {
            return;
        }
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.problems.push(Error::reading(&dir, ReadError::Io(e)));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    match std::fs::metadata(&path) {
                        Ok(m) if m.is_dir() => self.linked_dirs.push(path),
                        Ok(m) if is_report_name(&path) => self.file(&path, &m, true),
                        Err(e) if is_report_name(&path) => {
                            self.problems.push(Error::reading(&path, ReadError::Io(e)))
                        }
                        _ => {}
                    }
                } else if kind.is_dir() {
                    if saved_page_assets(&path) {
                        continue;
                    }
                    match entry.metadata() {
                        Ok(m) if self.dirs_seen.insert(identity(&m)) => stack.push(path),
                        _ => {}
                    }
                } else if is_report_name(&path) {
                    self.unstated.push((path, via_link));
                }
            }
        }
    }
}

/// `报告_files/` beside `报告.html`: the images, scripts and frames a browser saves with a
/// page ("save complete"), which are no reports of their own.
fn saved_page_assets(dir: &Path) -> bool {
    let Some(stem) = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix("_files"))
    else {
        return false;
    };
    ["html", "htm"]
        .iter()
        .any(|ext| dir.with_file_name(format!("{stem}.{ext}")).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn paths_sort_as_their_components_do(
            paths in proptest::collection::vec(
                (proptest::bool::ANY, proptest::collection::vec("[-a./\\\\ 年\\x01]{0,3}", 0..4)),
                0..40,
            ),
            absolute in proptest::bool::ANY,
        ) {
            let items: Vec<(bool, PathBuf)> = paths
                .into_iter()
                .map(|(linked, parts)| {
                    let mut p = PathBuf::from(if absolute { "/lib" } else { "lib" });
                    p.extend(parts.iter().filter(|s| !s.is_empty()));
                    (linked, p)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| (a.0, a.1.components()).cmp(&(b.0, b.1.components())));
            let got = sorted_by_path(items, |(linked, p)| (*linked, p));
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
