//! Memory of the reader at scale: peak resident memory after loading the library (from the
//! store when `FAZHI_BENCH_CACHE` holds an up-to-date one, else cold) and after building the
//! palette's candidates as the reader does (reports decoded a chunk at a time from the
//! store), then where the resident memory is: the process's own (anonymous) and the mapped
//! store's pages (file). Run in its own process so nothing else raises the high-water mark:
//! `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench memory`.

mod common;

use common::result;
use fazhi::library::Library;
use fazhi::palette::PaletteIndex;
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
    let topics = fazhi::topic::Topics::bundled();
    let palette = PaletteIndex::build_chunked(lib.len(), |r| lib.chunk(r), &topics);
    assert!(!palette.candidates().is_empty());
    let peak = common::peak_rss_mb().unwrap_or(f64::NAN);
    result(&format!("peak_rss_with_palette_{mode}_mb"), peak, "MB");
    for (field, metric) in [("RssAnon", "anon"), ("RssFile", "file")] {
        let mb = common::status_mb(field).unwrap_or(f64::NAN);
        result(&format!("rss_{metric}_with_palette_{mode}_mb"), mb, "MB");
    }
}
