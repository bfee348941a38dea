//! `fazhi index`: bring a library's store up to date ahead of time.

use super::output::write_json;
use super::Cli;
use crate::library::refresh::{refresh, Refreshed};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// `fazhi index --json`: what was indexed.
#[derive(Serialize)]
struct IndexJson {
    reports: usize,
    from_cache: usize,
    parsed: usize,
    cache_file: Option<PathBuf>,
    problems: Vec<String>,
}

/// `fazhi index`: parse what changed into the library's store, with progress on stderr.
pub fn index(cli: &Cli, json: bool, out: &mut dyn Write) -> Result<i32> {
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
    let Refreshed {
        store,
        problems,
        stats,
    } = refresh(&paths, &cli.cache_policy(), &progress);
    for p in &problems {
        eprintln!("fazhi: {p}");
    }
    if let Some(e) = stats.cache_error {
        anyhow::bail!(e);
    }
    if json {
        write_json(
            &IndexJson {
                reports: store.len(),
                from_cache: stats.from_cache,
                parsed: stats.parsed,
                cache_file: stats.cache_file,
                problems: problems.iter().map(ToString::to_string).collect(),
            },
            out,
        )?;
        return Ok(0);
    }
    eprintln!(
        "{} reports: {} from the cache, {} parsed{}",
        store.len(),
        stats.from_cache,
        stats.parsed,
        stats
            .cache_file
            .map(|f| format!("; cache {}", f.display()))
            .unwrap_or_default()
    );
    Ok(0)
}
