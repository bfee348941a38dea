//! The library store as a user at a shell meets it: `fazhi list` and `fazhi search` follow
//! every edit, removal and addition of a file, survive a damaged or outdated store, share it
//! between processes, and find what a plain scan of the shown text finds.

use crate::common::run::{fazhi_env, Run};
use crate::common::samples::NAMED;
use crate::common::temp::TempDir;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A report of a county none of the samples is from: full-width counts, the government in
/// its title, body and sign-off.
const GANZHOU: &str = "张掖市甘州区人民政府\n\
关于2024年度法治政府建设情况的报告\n\
\n\
市人民政府：\n\
2024年，甘州区人民政府坚持依法行政，全年办理行政复议案件２５件。\n\
一、主要工作\n\
（一）深化行政复议体制改革\n\
全年受理行政复议申请３６件，办结３１件；行政诉讼案件18件，出庭应诉率１００％。\n\
二、存在的问题\n\
基层执法人员不足，区人民政府将持续推进。\n\
\n\
张掖市甘州区人民政府\n\
2025年2月10日\n";

/// A library folder with the samples and [`GANZHOU`], and a cache home for its store.
struct Library {
    dir: TempDir,
}

impl Library {
    fn new(name: &str) -> Library {
        let dir = TempDir::new(&format!("store-{name}"));
        fs::create_dir_all(dir.join("lib")).unwrap();
        for (file, text) in NAMED {
            fs::write(dir.join("lib").join(format!("{file}.txt")), text).unwrap();
        }
        fs::write(dir.join("lib/gansu-zhangye-ganzhou-2024.txt"), GANZHOU).unwrap();
        Library { dir }
    }

    fn lib(&self) -> PathBuf {
        self.dir.join("lib")
    }

    /// `fazhi ARGS --library LIB` with the store under this library's cache home.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with(&[], args)
    }

    /// [`Library::run`] with more variables in its environment.
    fn run_with(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let lib = self.lib();
        let mut all = args.to_vec();
        all.extend(["--library", lib.to_str().unwrap()]);
        let cache = self.dir.join("cache");
        let mut vars = vec![("XDG_CACHE_HOME", cache.to_str().unwrap())];
        vars.extend_from_slice(env);
        let run = fazhi_env(&vars, &all);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
        run
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args).stdout).expect("JSON on stdout")
    }

    /// The store file (one per library).
    fn store(&self) -> PathBuf {
        let files: Vec<PathBuf> = fs::read_dir(self.dir.join("cache/fazhi"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }

    /// Ids of `fazhi list --json`.
    fn ids(&self) -> Vec<String> {
        let list = self.json(&["list", "--json"]);
        let rows = list.as_array().unwrap();
        rows.iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// `fazhi search --json` hits, counted by report id.
    fn hits(&self, args: &[&str]) -> BTreeMap<String, usize> {
        let mut all = vec!["search", "--json"];
        all.extend(args);
        let hits = self.json(&all);
        let mut counts = BTreeMap::new();
        for h in hits.as_array().unwrap() {
            *counts
                .entry(h["report"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        counts
    }
}

fn set_mtime(path: &Path, t: SystemTime) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_times(fs::FileTimes::new().set_modified(t)).unwrap();
}

#[test]
fn an_edit_keeping_size_and_mtime_is_seen_by_list_and_search() {
    let l = Library::new("edit");
    let file = l.lib().join("gansu-zhangye-ganzhou-2024.txt");
    // An old mtime, so the file is not "racy": only its stat can tell the edit.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    set_mtime(&file, old);
    assert_eq!(l.hits(&["--exact", "２５件"]).values().sum::<usize>(), 1);
    let edited = GANZHOU.replace("２５件", "４７件");
    assert_eq!(edited.len(), GANZHOU.len());
    fs::write(&file, &edited).unwrap();
    set_mtime(&file, old);
    assert_eq!(fs::metadata(&file).unwrap().len(), GANZHOU.len() as u64);
    assert!(l.hits(&["--exact", "２５件"]).is_empty());
    assert_eq!(l.hits(&["--exact", "４７件"]).values().sum::<usize>(), 1);
    // And the reports decoded from the store (`show`) are the edited ones too.
    let show = l.run(&["show", "甘州区", "2024"]);
    assert!(show.stdout.contains("４７件"), "{}", show.stdout);
}

#[test]
fn a_removed_file_leaves_list_and_a_new_one_joins_it() {
    let l = Library::new("remove");
    let before = l.ids();
    assert_eq!(before.len(), 6);
    fs::remove_file(l.lib().join("qianshan.txt")).unwrap();
    let after = l.ids();
    assert_eq!(after.len(), 5, "{after:?}");
    assert!(!l.hits(&["千山区"]).keys().any(|k| k.starts_with("210311")));
    fs::write(l.lib().join("again.txt"), NAMED[0].1).unwrap();
    assert_eq!(l.ids(), before);
    let index = l.run(&["index"]);
    assert!(
        index.stderr.contains("6 from the cache, 0 parsed"),
        "{}",
        index.stderr
    );
}

#[test]
fn a_damaged_truncated_or_older_store_is_rebuilt_and_answers_the_same() {
    let l = Library::new("damaged");
    let expected = l.run(&["search", "--json", "人民政府"]).stdout;
    let list = l.run(&["list", "--json"]).stdout;
    let store = l.store();
    let good = fs::read(&store).unwrap();
    let mut older = good.clone();
    // The format's version is the second word of the header, the header's checksum its
    // last: a store of another version with a good checksum is still not read.
    older[8..16].copy_from_slice(&4u64.to_le_bytes());
    let sum = fazhi::store::hash64(&older[..120]);
    older[120..128].copy_from_slice(&sum.to_le_bytes());
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("older version", older),
        ("truncated", good[..good.len() - 1000].to_vec()),
        ("header only", good[..128].to_vec()),
        ("flipped byte in the tables", {
            let mut b = good.clone();
            b[300] ^= 0x41;
            b
        }),
        (
            "an old cache file",
            b"FAZHI\x00C\x01\x04\x00\x00\x00".repeat(50),
        ),
    ];
    for (what, bytes) in damages {
        fs::write(&store, &bytes).unwrap();
        let run = l.run(&["search", "--json", "人民政府"]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_eq!(run.stdout, expected, "{what}");
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
        assert_eq!(
            fs::read(&store).unwrap().len(),
            good.len(),
            "{what}: rebuilt whole"
        );
        assert_eq!(l.run(&["list", "--json"]).stdout, list, "{what}");
    }
}

#[test]
fn a_store_write_killed_half_way_leaves_no_file_behind_for_good() {
    let l = Library::new("leftover");
    l.run(&["index"]);
    let store = l.store();
    // What a writer killed mid-write leaves: a temporary file named for its pid. One of a
    // process that has exited, and one of a process still running (this test), which may
    // still be writing it.
    let exited = std::process::Command::new("true").spawn().unwrap();
    let gone_pid = exited.id();
    let mut exited = exited;
    exited.wait().unwrap();
    let gone = store.with_extension(format!("tmp{gone_pid}-0"));
    let live = store.with_extension(format!("tmp{}-0", std::process::id()));
    fs::write(&gone, vec![0u8; 4096]).unwrap();
    fs::write(&live, vec![0u8; 4096]).unwrap();
    // The next write of the store sweeps what dead writers left.
    fs::write(l.lib().join("again.txt"), NAMED[0].1).unwrap();
    l.run(&["index"]);
    assert!(!gone.exists(), "the dead writer's file is removed");
    assert!(live.exists(), "a running writer's file is left alone");
    fs::remove_file(&live).unwrap();
    assert_eq!(l.store(), store);
}

#[test]
fn processes_share_one_store_while_another_rewrites_it() {
    let l = Library::new("shared");
    let expected = l.run(&["search", "--json", "行政复议"]).stdout;
    assert!(expected.len() > 1000);
    // An edit makes every process below find the store stale and write a new one while the
    // others map the old one or the new one.
    let file = l.lib().join("shuncheng.txt");
    fs::write(&file, format!("{}\n", NAMED[1].1)).unwrap();
    let lib = l.lib();
    let runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    fazhi_env(
                        &[("XDG_CACHE_HOME", l.dir.join("cache"))],
                        &[
                            "search",
                            "--json",
                            "行政复议",
                            "--library",
                            lib.to_str().unwrap(),
                        ],
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, expected);
    }
    // One store is left, whole, and no temporary file.
    l.store();
    assert_eq!(l.run(&["search", "--json", "行政复议"]).stdout, expected);
}

/// Per report, the matches of `find` in each line `fazhi show` prints of it.
fn scan_shown(l: &Library, find: &dyn Fn(&str) -> usize) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in l.ids() {
        let shown = l.run(&["show", &id]).stdout;
        // The one line fazhi adds: `千山区 2023 · 210311-2023`.
        let n: usize = shown
            .lines()
            .filter(|line| !line.ends_with(&format!(" · {id}")))
            .map(find)
            .sum();
        if n > 0 {
            counts.insert(id, n);
        }
    }
    counts
}

#[test]
fn search_finds_what_a_plain_scan_of_the_shown_text_finds() {
    let l = Library::new("scan");
    for literal in ["人民政府", "行政复议", "法治政府建设情况的报告", "２５件"]
    {
        let scan = scan_shown(&l, &|line| line.matches(literal).count());
        assert!(!scan.is_empty(), "{literal}");
        assert_eq!(l.hits(&["--exact", literal]), scan, "{literal}");
    }
    // Without --exact, a literal is found in each of its spellings.
    let spellings = ["25件", "２５件", "2５件", "２5件"];
    let scan = scan_shown(&l, &|line| {
        spellings.iter().map(|s| line.matches(s).count()).sum()
    });
    assert!(
        scan.len() > l.hits(&["--exact", "２５件"]).len(),
        "{scan:?}"
    );
    assert_eq!(l.hits(&["２５件"]), scan);
    assert_eq!(l.hits(&["25件"]), scan);
    for pattern in [
        r"\d+件",
        r"[０-９]+",
        r"人民政府\S{0,3}",
        r"\d+(\.\d+)?[%％]",
        // Anchored at each line's start, as the line alone would be. (`$` and `\A` are left
        // to the unit tests: `show` prints a paragraph the parser joined on its source
        // lines, so its lines end and start where the searched ones do not.)
        r"^[^，]{2}",
    ] {
        let re = regex::Regex::new(pattern).unwrap();
        let scan = scan_shown(&l, &|line| re.find_iter(line).count());
        assert!(!scan.is_empty(), "{pattern}");
        assert_eq!(l.hits(&["--regex", pattern]), scan, "{pattern}");
    }
    // The full-width counts and the title line are among the matches.
    let hits = l.json(&["search", "--json", "--regex", r"\d+件"]);
    let texts: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains("３６件")), "{texts:?}");
    let title = l.json(&["search", "--json", "年度法治政府建设"]);
    assert_eq!(title[0]["part"], "front_matter", "{title}");
}

#[test]
fn search_prints_the_same_however_its_work_is_split_between_threads() {
    let l = Library::new("split");
    let queries: [&[&str]; 6] = [
        &["search", "行政复议"],
        &["search", "--json", "人民政府"],
        &["search", "--regex", r"^[^，]{2}"],
        &["search", "--json", "--regex", r"[。：]$"],
        &["search", "--regex", r"作\s*全|\d+件"],
        // Searched back from each `件`.
        &["search", "--json", "--regex", r"\d+件"],
    ];
    for args in queries {
        // The default chunk holds this whole library: one piece of work, one thread.
        let whole = l.run(args);
        assert_eq!(whole.code, 0, "{args:?}: {}", whole.stderr);
        // A line, a few lines, a report or so per piece: every boundary case of the split.
        for bytes in ["1", "300", "5000"] {
            let split = l.run_with(&[("FAZHI_SEARCH_CHUNK_BYTES", bytes)], args);
            assert_eq!(
                split.stdout, whole.stdout,
                "{args:?} in chunks of {bytes} bytes"
            );
            assert_eq!(
                split.stderr, whole.stderr,
                "{args:?} in chunks of {bytes} bytes"
            );
        }
    }
}

/// `fazhi ARGS --library LIB` as if the disk filled up after `kib` KiB of any file it
/// writes: the shell caps file sizes (`ulimit -f`) and ignores the signal the cap sends, so a
/// write past it fails (`EFBIG`) as one on a full disk does (`ENOSPC`).
fn run_on_a_full_disk(l: &Library, kib: u32, args: &[&str]) -> (String, String, i32) {
    let lib = l.lib();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            kib * 2
        ))
        .arg(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .args(["--library", lib.to_str().unwrap()])
        .env("XDG_CACHE_HOME", l.dir.join("cache"))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_store_write_cut_off_by_a_full_disk_loses_no_report_and_leaves_nothing_behind() {
    let l = Library::new("full-disk");
    // The store of these six reports is hundreds of KiB: the disk is full a few reports in.
    let (list, err, code) = run_on_a_full_disk(&l, 24, &["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Value = serde_json::from_str(&list).expect("JSON on stdout");
    let ids: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    // One line says the store could not be written and why, naming it.
    let said: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("library store"))
        .collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(
        said[0].contains(".store") && said[0].contains("large"),
        "{err}"
    );
    // Every report reads whole from what could be kept, as from a store written in full.
    let shown: Vec<String> = ids
        .iter()
        .map(|id| {
            let (out, err, code) = run_on_a_full_disk(&l, 24, &["show", id]);
            assert_eq!(code, 0, "{id}: {err}");
            out
        })
        .collect();
    assert!(shown.iter().any(|s| s.contains("３６件")), "{shown:?}");
    // With room again, the store is written; no half-written file is left beside it.
    assert_eq!(l.ids(), ids);
    let store = l.store();
    assert!(fs::metadata(&store).unwrap().len() > 24 * 1024);
    for (id, before) in ids.iter().zip(&shown) {
        assert_eq!(&l.run(&["show", id]).stdout, before, "{id}");
    }
}
