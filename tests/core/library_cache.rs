//! The cache of parsed reports: used when files are unchanged, never trusted when they or the
//! cache changed, and invisible in what the user sees.

use crate::common::run::{fazhi_env, Run};
use crate::common::temp::TempDir;
use fazhi::library::Library;
use fazhi::store::CachePolicy;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A folder with copies of the five sample reports, `library` inside the returned temp dir
/// (which goes when dropped), so a cache may sit beside it.
fn sample_library(name: &str) -> (TempDir, PathBuf) {
    let root = TempDir::new(&format!("cache-{name}"));
    let dir = root.join("library");
    fs::create_dir_all(&dir).unwrap();
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    for f in fs::read_dir(reports).unwrap() {
        let f = f.unwrap().path();
        fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    (root, dir)
}

fn open(lib: &Path, cache: &Path) -> (Library, fazhi::library::LoadStats) {
    Library::open_with(
        &[lib.to_path_buf()],
        &CachePolicy::Dir(cache.to_path_buf()),
        &|_, _| {},
    )
}

fn file(lib: &Path, name: &str) -> PathBuf {
    lib.join(name)
}

fn all_text(lib: &Library) -> String {
    lib.reports()
        .iter()
        .flat_map(|r| r.sections.iter().flat_map(|s| &s.paragraphs))
        .map(|p| p.text.as_str())
        .collect()
}

#[test]
fn unchanged_files_come_from_the_cache_and_changed_ones_are_parsed_again() {
    let (_root, lib) = sample_library("changed");
    let cache = lib.with_file_name("cache");
    let (first, stats) = open(&lib, &cache);
    assert_eq!((stats.parsed, stats.from_cache), (5, 0));
    let (_, stats) = open(&lib, &cache);
    assert_eq!((stats.parsed, stats.from_cache), (0, 5));

    // An edit with a newer mtime.
    let path = file(&lib, "liaoning-anshan-qianshan-2023.txt");
    let text = fs::read_to_string(&path).unwrap();
    assert!(!all_text(&first).contains("缓存测试新句子"));
    fs::write(&path, text.replacen("。", "。缓存测试新句子。", 3)).unwrap();
    let later = SystemTime::now() + Duration::from_secs(5);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (second, stats) = open(&lib, &cache);
    assert_eq!((stats.parsed, stats.from_cache), (1, 4));
    assert!(all_text(&second).contains("缓存测试新句子"));
    assert_eq!(second.len(), 5);
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_seen_by_the_content_hash() {
    let (_root, lib) = sample_library("same-stamp");
    let cache = lib.with_file_name("cache");
    open(&lib, &cache);
    let path = file(&lib, "shandong-weihai-wendeng-2023.txt");
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    // Same number of bytes: one CJK character for another.
    assert!(text.contains("文登区"));
    fs::write(&path, text.replacen("法治", "法制", 1)).unwrap();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(fs::metadata(&path).unwrap().len() as usize, text.len());
    let (lib2, stats) = open(&lib, &cache);
    assert_eq!((stats.parsed, stats.from_cache), (1, 4));
    let fresh = Library::open_with(std::slice::from_ref(&lib), &CachePolicy::Off, &|_, _| {}).0;
    assert_eq!(all_text(&lib2), all_text(&fresh));
}

/// Run the real binary with its cache in `cache_home`.
fn fazhi(cache_home: &Path, args: &[&str]) -> Run {
    fazhi_env(&[("XDG_CACHE_HOME", cache_home)], args)
}

fn cache_files(cache_home: &Path) -> Vec<PathBuf> {
    fs::read_dir(cache_home.join("fazhi"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn list_json_is_the_same_with_and_without_the_cache() {
    let (_root, lib) = sample_library("list");
    let home = lib.with_file_name("xdg-cache");
    let dir = lib.to_str().unwrap();
    let plain = fazhi(&home, &["list", "--json", "--no-cache", "--library", dir]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(cache_files(&home).is_empty(), "--no-cache wrote a cache");
    let cold = fazhi(&home, &["list", "--json", "--library", dir]);
    assert_eq!(cache_files(&home).len(), 1);
    let warm = fazhi(&home, &["list", "--json", "--library", dir]);
    assert_eq!(cold.stdout, plain.stdout);
    assert_eq!(warm.stdout, plain.stdout);
    assert!(warm.stderr.is_empty(), "{}", warm.stderr);
    // `show --json` carries every paragraph: also identical from the cache.
    let show = |extra: &[&str]| {
        let mut args = vec!["show", "千山区", "2023", "--json", "--library", dir];
        args.extend(extra);
        fazhi(&home, &args).stdout
    };
    assert_eq!(show(&[]), show(&["--no-cache"]));
}

#[test]
fn a_damaged_cache_is_rebuilt_without_a_word_to_the_user() {
    let (_root, lib) = sample_library("corrupt");
    let home = lib.with_file_name("xdg-cache");
    let dir = lib.to_str().unwrap();
    let expected = fazhi(&home, &["list", "--json", "--no-cache", "--library", dir]).stdout;
    fazhi(&home, &["index", "--library", dir]);
    let cache = cache_files(&home).pop().expect("index wrote a cache");
    let good = fs::read(&cache).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"this is not a cache file at all".repeat(1000)),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("flipped byte in a report", {
            let mut b = good.clone();
            b[good.len() / 3] ^= 0x5a;
            b
        }),
        ("flipped byte in the index", {
            let mut b = good.clone();
            b[good.len() - 40] ^= 0x5a;
            b
        }),
    ];
    for (what, bytes) in damages {
        fs::write(&cache, &bytes).unwrap();
        let run = fazhi(&home, &["list", "--json", "--library", dir]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{what}: {}", run.stderr);
        assert_eq!(run.stdout, expected, "{what}");
        // And the cache was rewritten whole.
        assert_eq!(fs::read(&cache).unwrap().len(), good.len(), "{what}");
    }
}

#[test]
fn index_reports_progress_and_fills_the_cache() {
    let (_root, lib) = sample_library("index");
    let home = lib.with_file_name("xdg-cache");
    let dir = lib.to_str().unwrap();
    let run = fazhi(&home, &["index", "--library", dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("indexed 5/5 reports"), "{}", run.stderr);
    assert!(run.stderr.contains("5 parsed"), "{}", run.stderr);
    let again = fazhi(&home, &["index", "--library", dir]);
    assert!(
        again.stderr.contains("5 from the cache, 0 parsed"),
        "{}",
        again.stderr
    );
    let none = fazhi(&home, &["index"]);
    assert_ne!(none.code, 0);
    assert_eq!(none.stderr.lines().count(), 1, "{}", none.stderr);
}

#[test]
fn index_json_prints_the_counts_on_stdout_and_progress_on_stderr() {
    let (_root, lib) = sample_library("index-json");
    let home = lib.with_file_name("xdg-cache");
    let dir = lib.to_str().unwrap();
    let run = fazhi(&home, &["index", "--json", "--library", dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("indexed 5/5 reports"), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(v["reports"], 5, "{v}");
    assert_eq!(v["parsed"], 5, "{v}");
    assert_eq!(v["from_cache"], 0, "{v}");
    assert!(v["cache_file"].is_string(), "{v}");
    let again = fazhi(&home, &["index", "--json", "--library", dir]);
    let v: serde_json::Value = serde_json::from_str(&again.stdout).expect("JSON on stdout");
    assert_eq!(v["from_cache"], 5, "{v}");
}

#[test]
fn a_generated_library_has_districts_and_years() {
    let root = TempDir::new("cache-generated");
    let dir = root.path();
    fazhi::synth::write_library(&dir, 20, 1).unwrap();
    let (lib, stats) =
        Library::open_with(std::slice::from_ref(&dir), &CachePolicy::Off, &|_, _| {});
    assert_eq!(stats.files, 20);
    assert!(lib.problems.is_empty(), "{:?}", lib.problems);
    assert_eq!(lib.len(), 20);
    let gazetteer = fazhi::report::Gazetteer::bundled();
    for r in &lib.reports() {
        // Files are named `<code>-<year>.txt`: what the text says must be decided from it.
        let name = Path::new(&r.source).file_stem().unwrap().to_str().unwrap();
        let (code, year) = name.split_once('-').unwrap();
        assert_eq!(r.meta.year.map(|y| y.to_string()).as_deref(), Some(year));
        assert!(r.sections.len() >= 4, "{}", r.source);
        // The parser recognises names of up to eight characters; longer ones (开发区 …)
        // are a known gap of metadata inference, not of the generator.
        if gazetteer.by_code(code).unwrap().name.chars().count() <= 8 {
            assert_eq!(r.id(), name, "{}: {:?}", r.source, r.warnings);
            assert!(r.meta.district.is_some());
        }
    }
}

#[test]
fn progress_counts_every_file_in_order_and_background_loading_finishes() {
    let (_root, lib) = sample_library("progress");
    let cache = lib.with_file_name("cache");
    let calls = std::sync::Mutex::new(Vec::new());
    let (loaded, _) = Library::open_with(
        std::slice::from_ref(&lib),
        &CachePolicy::Dir(cache.clone()),
        &|done, total| calls.lock().unwrap().push((done, total)),
    );
    assert_eq!(loaded.len(), 5);
    assert_eq!(
        calls.into_inner().unwrap(),
        (1..=5).map(|d| (d, 5)).collect::<Vec<_>>()
    );
    let loading = fazhi::library::Loading::start(vec![lib], CachePolicy::Dir(cache));
    let (background, stats) = loading.finish();
    assert_eq!(stats.from_cache, 5);
    let names = |l: &Library| l.rows().map(|r| r.id().to_string()).collect::<Vec<_>>();
    assert_eq!(names(&background), names(&loaded));
}

#[test]
fn views_over_a_library_a_chunk_at_a_time_equal_those_over_all_its_reports_at_once() {
    // More reports than a chunk: rows found in the second and third chunks must still name
    // their own reports.
    let dir = TempDir::new("cache-chunked");
    let files = dir.join("library");
    fazhi::synth::write_library(&files, fazhi::library::CHUNK * 2 + 3, 1).unwrap();
    let policy = CachePolicy::Dir(dir.join("cache"));
    let (lib, _) = Library::open_with(std::slice::from_ref(&files), &policy, &|_, _| {});
    let all = lib.reports();
    let topics = fazhi::topic::Topics::bundled();
    fn json(v: &impl serde::Serialize) -> String {
        serde_json::to_string(v).unwrap()
    }
    assert_eq!(
        json(&topics.all_topic_rows(&lib)),
        json(&topics.all_topic_rows(&all))
    );
    let fuyi = topics.resolve("行政复议").unwrap();
    let table = fazhi::compare::table(&topics, &lib, fuyi);
    assert!(
        table.rows.len() > fazhi::library::CHUNK,
        "{}",
        table.rows.len()
    );
    for row in &table.rows {
        assert_eq!(row.name, lib.row(row.report).short_name());
    }
    assert_eq!(
        json(&table),
        json(&fazhi::compare::table(&topics, &all, fuyi))
    );
    // The district with the most years, its reports spread over the chunks.
    let metas = lib.metas();
    let most = (0..lib.len())
        .max_by_key(|&i| metas.iter().filter(|m| m.code == metas[i].code).count())
        .unwrap();
    let years = lib.district(metas[most].code.as_deref().unwrap()).unwrap();
    assert!(years.len() >= 2, "{years:?}");
    let history = fazhi::compare::history(&topics, &lib, &years, None);
    assert_eq!(
        json(&history),
        json(&fazhi::compare::history(&topics, &all, &years, None))
    );
    let _ = fs::remove_dir_all(&dir);
}
