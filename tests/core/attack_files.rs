//! Files put in a library on purpose to hang or flood fazhi: a FIFO named like a report, a
//! symlink to `/dev/zero`, directory loops, a link back to the parent, a file over the size
//! limit; and reports whose code or year is unknown, which must still get ids of their own.
//! Each run of the real binary has a hang guard: it is killed after a generous timeout and
//! the test fails, so a regression shows as a failure, not a stuck CI job.

use crate::common::run::{fazhi_within, Run};
use crate::common::samples::QIANSHAN;
use crate::common::temp::TempDir;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

/// Run the real binary with a cache of these tests' own; kill it and fail if it takes
/// longer than a minute (a hang).
fn fazhi(args: &[&str]) -> Run {
    let cache = std::env::temp_dir().join("fazhi-attack-cache");
    fazhi_within(&[("XDG_CACHE_HOME", cache)], args, Duration::from_secs(60))
}

fn temp_dir(test: &str) -> TempDir {
    TempDir::new(&format!("attack-{test}"))
}

/// Make a FIFO at `path`.
pub fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Rows of `fazhi list --json`.
fn list(library: &Path) -> (Vec<serde_json::Value>, String) {
    let run = fazhi(&["list", "--json", "--no-cache", "--library", s(library)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    (rows, run.stderr)
}

#[test]
fn a_fifo_named_like_a_report_is_skipped_with_a_warning_naming_it() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("qianshan.txt"), QIANSHAN).unwrap();
    mkfifo(&dir.join("x.txt"));
    let (rows, stderr) = list(&dir);
    assert_eq!(rows.len(), 1, "the real report is listed");
    let warning: Vec<&str> = stderr.lines().filter(|l| l.contains("x.txt")).collect();
    assert_eq!(warning.len(), 1, "{stderr}");
    assert!(
        warning[0].contains("not a regular file (a FIFO)"),
        "{stderr}"
    );
}

#[test]
fn a_fifo_given_as_the_file_to_check_or_read_does_not_hang() {
    let dir = temp_dir("fifo-explicit");
    let fifo = dir.join("x.txt");
    mkfifo(&fifo);
    let check = fazhi(&["check", s(&fifo)]);
    assert_eq!(check.code, 1);
    assert!(check
        .stdout
        .contains("x.txt: skipped: not a regular file (a FIFO)"));
    let show = fazhi(&["list", "--no-cache", "--library", s(&fifo)]);
    assert_eq!(show.code, 1);
    assert!(
        show.stderr.contains("not a regular file (a FIFO)"),
        "{}",
        show.stderr
    );
}

#[test]
fn a_symlink_to_dev_zero_is_skipped_not_read_forever() {
    let dir = temp_dir("zero");
    std::fs::write(dir.join("qianshan.txt"), QIANSHAN).unwrap();
    symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    let (rows, stderr) = list(&dir);
    assert_eq!(rows.len(), 1);
    assert!(
        stderr.contains("zero.txt: skipped: not a regular file (a character device)"),
        "{stderr}"
    );
}

#[test]
fn two_links_to_the_folder_itself_end_and_list_the_report_once() {
    let dir = temp_dir("loops");
    std::fs::write(dir.join("qianshan.txt"), QIANSHAN).unwrap();
    symlink(".", dir.join("a")).unwrap();
    symlink(".", dir.join("b")).unwrap();
    let (rows, _) = list(&dir);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("/qianshan.txt"));
}

#[test]
fn a_link_back_to_the_parent_lists_each_report_once_under_its_real_path() {
    let dir = temp_dir("up");
    std::fs::write(dir.join("qianshan.txt"), QIANSHAN).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/tiexi.txt"),
        include_str!("../../reports/jilin-siping-tiexi-2024.txt"),
    )
    .unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
    // A link to a file already listed, and a second name for the library itself.
    symlink("qianshan.txt", dir.join("again.txt")).unwrap();
    let (rows, _) = list(&dir);
    let sources: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources
        .iter()
        .all(|s| !s.contains("/up/") && !s.ends_with("again.txt")));
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_its_size() {
    let dir = temp_dir("big");
    std::fs::write(dir.join("qianshan.txt"), QIANSHAN).unwrap();
    let big = std::fs::File::create(dir.join("huge.txt")).unwrap();
    // Sparse: 65 MB on paper, nothing on disk.
    big.set_len(65 * 1024 * 1024).unwrap();
    let (rows, stderr) = list(&dir);
    assert_eq!(rows.len(), 1);
    assert!(
        stderr.contains("huge.txt: skipped: 65 MB is over the 64 MB limit for one file"),
        "{stderr}"
    );
}

#[test]
fn two_reports_of_unknown_code_get_two_ids_and_both_open() {
    let dir = temp_dir("unknown");
    let body = "\n\n一、主要举措\n加强法治建设，受理案件{n}件。\n";
    std::fs::write(
        dir.join("甲.txt"),
        format!("工作总结{}", body.replace("{n}", "3")),
    )
    .unwrap();
    std::fs::write(
        dir.join("乙 (1).txt"),
        format!("工作总结{}", body.replace("{n}", "7")),
    )
    .unwrap();
    let (rows, _) = list(&dir);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "{ids:?}");
    for (id, n) in ids.iter().zip(["7", "3"]) {
        let show = fazhi(&["show", "--no-cache", "--library", s(&dir), id]);
        assert_eq!(show.code, 0, "{id}: {}", show.stderr);
        assert!(
            show.stdout.contains(&format!("受理案件{n}件")),
            "{id}: {}",
            show.stdout
        );
    }
}

#[test]
fn two_copies_of_one_report_get_distinct_ids_and_a_district_query_lists_both() {
    let dir = temp_dir("copies");
    std::fs::write(dir.join("a.txt"), QIANSHAN).unwrap();
    std::fs::write(dir.join("b.md"), QIANSHAN).unwrap();
    let (rows, _) = list(&dir);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["210311-2023", "210311-2023-2"]);
    let show = fazhi(&["show", "--no-cache", "--library", s(&dir), "千山区", "2023"]);
    assert_eq!(show.code, 1);
    assert!(show.stderr.contains("ambiguous"), "{}", show.stderr);
    assert!(show.stderr.contains("210311-2023-2"), "{}", show.stderr);
    let second = fazhi(&["show", "--no-cache", "--library", s(&dir), "210311-2023-2"]);
    assert_eq!(second.code, 0);
}
