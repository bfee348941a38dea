//! Shared by the scale benches: where the library is, and how results are printed.

#![allow(dead_code)] // each bench uses part of it

use std::path::{Path, PathBuf};

/// The library to measure: `$FAZHI_BENCH_LIBRARY`, else a 200-report library generated
/// once under the temp dir.
pub fn library_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FAZHI_BENCH_LIBRARY") {
        return PathBuf::from(dir);
    }
    let dir = std::env::temp_dir().join("fazhi-bench-library-200");
    if !dir.exists() {
        let tmp = dir.with_extension("partial");
        let _ = std::fs::remove_dir_all(&tmp);
        fazhi::synth::write_library(&tmp, 200, 1).expect("generate a library");
        std::fs::rename(&tmp, &dir).expect("generated library in place");
    }
    dir
}

/// Where the benches keep the library's cache: `$FAZHI_BENCH_CACHE`, else next to the
/// library.
pub fn cache_dir(library: &Path) -> PathBuf {
    std::env::var_os("FAZHI_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| library.with_extension("cache"))
}

/// Every report file under `dir`, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read library dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "txt" || x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One result line: `metric<TAB>value<TAB>unit`, read by bench/compare.sh.
pub fn result(metric: &str, value: f64, unit: &str) {
    println!("{metric}\t{value:.3}\t{unit}");
}

/// The `p`-th percentile (0–100) of sorted `times`.
pub fn percentile(sorted: &[f64], p: usize) -> f64 {
    sorted[(sorted.len() - 1) * p / 100]
}

/// Peak resident memory of this process so far, in MB (`VmHWM` in /proc/self/status).
pub fn peak_rss_mb() -> Option<f64> {
    status_mb("VmHWM")
}

/// Resident memory of this process now, in MB (`VmRSS` in /proc/self/status): what a
/// structure built after a transient peak (loading) keeps.
pub fn rss_mb() -> Option<f64> {
    status_mb("VmRSS")
}

/// A memory field of /proc/self/status (`VmHWM`, `RssAnon`, `RssFile` …), in MB.
pub fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Milliseconds since `t`.
pub fn ms(t: std::time::Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// CPU time (user + system, all threads) this process has used, in milliseconds, from
/// /proc/self/stat (10 ms resolution). On a shared machine it says what the work costs when
/// wall-clock time mostly says how busy the neighbours are.
pub fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the `(comm)`, which may contain spaces: state is field 3, utime 14.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    f.get(11)
        .zip(f.get(12))
        .map_or(f64::NAN, |(u, s)| (u + s) * 10.0)
}
