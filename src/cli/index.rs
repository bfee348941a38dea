//! `fazhi index`: parse a library into the cache ahead of time.

use super::Cli;
use crate::library::Library;
use anyhow::Result;

/// `fazhi index`: load the library into the cache, with progress on stderr.
pub fn index(cli: &Cli) -> Result<i32> {
    let paths = cli.library_paths();
    anyhow::ensure!(
        !paths.is_empty(),
        "nothing to index: pass --library DIR (the bundled reports need no cache)"
    );
    anyhow::ensure!(!cli.no_cache, "--no-cache and index contradict each other");
    let progress = |done: usize, total: usize| {
        // About twenty lines however large the library.
        if done == total || done.is_multiple_of(total.div_ceil(20).max(1)) {
            eprintln!("indexed {done}/{total} reports…");
        }
    };
    let (lib, stats) = Library::open_with(&paths, &cli.cache_policy(), &progress);
    for p in &lib.problems {
        eprintln!("fazhi: {p}");
    }
    if let Some(e) = stats.cache_error {
        anyhow::bail!(e);
    }
    eprintln!(
        "{} reports: {} from the cache, {} parsed{}",
        lib.reports.len(),
        stats.from_cache,
        stats.parsed,
        stats
            .cache_file
            .map(|f| format!("; cache {}", f.display()))
            .unwrap_or_default()
    );
    Ok(0)
}
