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
    // The first of several paths to one file wins: a real path before a linked one, then
    // the smallest.
    let linked = walk.found.iter().any(|f| f.via_link);
    let found = sorted_by_path(walk.found, |f| (f.via_link, f.path.components()));
    let mut ids = HashSet::new();
    let files: Vec<(PathBuf, std::fs::Metadata)> = found
        .into_iter()
        .filter(|f| ids.insert(identity(&f.meta)))
        .map(|f| (f.path, f.meta))
        .collect();
    // Without linked files the order above is already by path alone.
    let files = if linked {
        sorted_by_path(files, |f| (false, f.0.components()))
    } else {
        files
    };
    (files, walk.problems)
}

/// `items` sorted by `key`: a path's components, split once each rather than again in
/// every comparison (`Path`'s own order compares components, and sorting 25,000 paths
/// that way cost more than stat'ing them).
fn sorted_by_path<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> (bool, std::path::Components<'_>),
) -> Vec<T> {
    let mut order: Vec<(bool, Vec<std::path::Component<'_>>, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (first, parts) = key(item);
            (first, parts.collect(), i)
        })
        .collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

impl Walk {
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata, via_link: bool) {
        match user_file::special_kind(meta) {
            None => self.found.push(Found {
                via_link,
                path: path.to_path_buf(),
                meta: meta.clone(),
            }),
            Some(kind) => self
                .problems
                .push(Error::reading(path, ReadError::NotRegular(kind))),
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
                    match entry.metadata() {
                        Ok(m) if self.dirs_seen.insert(identity(&m)) => stack.push(path),
                        _ => {}
                    }
                } else if is_report_name(&path) {
                    if let Ok(m) = entry.metadata() {
                        self.file(&path, &m, via_link);
                    }
                }
            }
        }
    }
}
