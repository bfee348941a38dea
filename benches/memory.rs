//! Peak memory after loading the library (from the cache when `FAZHI_BENCH_CACHE` holds one,
//! else cold), after building the search index, and after building the palette's candidates. Run in its own process so nothing else
//! raises the high-water mark: `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench memory`.

mod common;

use common::result;
use fazhi::library::Library;
use fazhi::search::SearchIndex;
use fazhi::store::CachePolicy;

fn main() {
    let dir = common::library_dir();
    let policy = match std::env::var("FAZHI_BENCH_MEMORY").as_deref() {
        Ok("cold") => CachePolicy::Off,
        _ => CachePolicy::Dir(common::cache_dir(&dir)),
    };
    let (lib, stats) = Library::open_with(std::slice::from_ref(&dir), &policy, &|_, _| {});
    let mode = if stats.from_cache > 0 { "warm" } else { "cold" };
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_after_load_{mode}_mb"), peak, "MB");
    let ix = SearchIndex::build(lib.all());
    assert!(!ix.is_empty());
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_with_search_index_{mode}_mb"), peak, "MB");
    let palette = fazhi::palette::PaletteIndex::build(lib.all(), &fazhi::topic::Topics::bundled());
    assert!(!palette.candidates().is_empty());
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_with_palette_{mode}_mb"), peak, "MB");
}
