//! Parse throughput and library load, cold (no cache) and warm (from the cache).
//! `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench load`; see bench/compare.sh.

mod common;

use common::{ms, result};
use fazhi::library::Library;
use fazhi::report::{self, text};
use fazhi::store::CachePolicy;
use std::time::Instant;

fn main() {
    let dir = common::library_dir();
    let files = common::files(&dir);
    let n = files.len();
    let runs = if n > 10_000 { 1 } else { 3 };
    eprintln!("library {} ({n} reports)", dir.display());

    // Parse alone, one core, on up to 2,500 files already in memory.
    let texts: Vec<(String, String)> = files
        .iter()
        .take(2_500)
        .map(|f| {
            let bytes = std::fs::read(f).expect("read report");
            let t = text::decode(&bytes).expect("text");
            (f.display().to_string(), t)
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let t = Instant::now();
    let sections: usize = texts
        .iter()
        .map(|(src, t)| report::parse(src, t).sections.len())
        .sum();
    let secs = t.elapsed().as_secs_f64();
    assert!(sections > 0);
    result("parse_mb_per_s_1core", bytes as f64 / 1e6 / secs, "MB/s");
    drop(texts);

    let corpus: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    result("corpus_mb", corpus as f64 / 1e6, "MB");
    result("reports", n as f64, "reports");

    let paths = [dir.clone()];
    // Wall-clock and CPU milliseconds of one load.
    let time = |policy: &CachePolicy| {
        let (t, cpu) = (Instant::now(), common::cpu_ms());
        let (lib, _) = Library::open_with(&paths, policy, &|_, _| {});
        let elapsed = (ms(t), common::cpu_ms() - cpu);
        assert_eq!(lib.len(), n);
        elapsed
    };
    let median = |mut v: Vec<(f64, f64)>| {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v[v.len() / 2]
    };
    let (cold, cold_cpu) = median((0..runs).map(|_| time(&CachePolicy::Off)).collect());
    result("load_cold_ms", cold, "ms");
    result("load_cold_cpu_ms", cold_cpu, "ms");
    result(
        "parse_mb_per_s_all_cores",
        corpus as f64 / 1e6 / (cold / 1e3),
        "MB/s",
    );

    let cache = common::cache_dir(&dir);
    let _ = std::fs::remove_dir_all(&cache);
    let (first, _) = time(&CachePolicy::Dir(cache.clone()));
    result("load_first_run_ms", first, "ms");
    let (warm, warm_cpu) = median(
        (0..runs)
            .map(|_| time(&CachePolicy::Dir(cache.clone())))
            .collect(),
    );
    result("load_warm_ms", warm, "ms");
    result("load_warm_cpu_ms", warm_cpu, "ms");
    let size: u64 = std::fs::read_dir(&cache)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    result("cache_mb", size as f64 / 1e6, "MB");
}
