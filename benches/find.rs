//! Search across the library (literal and regex) and palette filtering per keystroke.
//! `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench find`; with `FAZHI_BENCH_CANDIDATES=FILE`
//! the palette's candidate texts are written there, one a line (for `fzf --filter`).

mod common;

use common::{ms, percentile, result};
use fazhi::library::Library;
use fazhi::palette::{PaletteIndex, QueryCache, Scope};
use fazhi::search::{self, Query};
use fazhi::store::CachePolicy;
use fazhi::topic::Topics;
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Literal queries: common, rarer, and one that is not there.
const LITERALS: &[&str] = &[
    "行政复议",
    "行政执法",
    "合法性审查",
    "营商环境",
    "不存在的词组",
];
const REGEX: &str = r"\d+件";

fn main() {
    let dir = common::library_dir();
    let (lib, _) = Library::open_with(
        std::slice::from_ref(&dir),
        &CachePolicy::Dir(common::cache_dir(&dir)),
        &|_, _| {},
    );
    let n = lib.len();
    let rounds = if n > 10_000 { 5 } else { 20 };
    eprintln!("library {} ({n} reports)", dir.display());

    // The text is searched where the store maps it: there is no index to build.
    let corpus = lib.store().corpus();
    result("search_text_mb", corpus.text.len() as f64 / 1e6, "MB");
    let cancel = AtomicBool::new(false);
    let run = |name: &str, q: &Query| {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            hits = search::search(corpus, q, &cancel, &mut |_| ControlFlow::Continue(())).hits;
            times.push(ms(t));
        }
        times.sort_by(f64::total_cmp);
        result(&format!("search_{name}_ms"), percentile(&times, 50), "ms");
        eprintln!("  {name}: {hits} hits");
        percentile(&times, 50)
    };
    let mut literal_total = 0.0;
    for (i, q) in LITERALS.iter().enumerate() {
        literal_total += run(&format!("literal{}", i + 1), &Query::literal(q).unwrap());
    }
    result(
        "search_literal_mean_ms",
        literal_total / LITERALS.len() as f64,
        "ms",
    );
    run("regex", &Query::regex(REGEX).unwrap());

    let topics = Topics::bundled();
    let t = Instant::now();
    let palette = PaletteIndex::build(&lib.reports(), &topics);
    result("palette_build_ms", ms(t), "ms");
    result(
        "palette_candidates",
        palette.candidates().len() as f64,
        "candidates",
    );
    if let Some(path) = std::env::var_os("FAZHI_BENCH_CANDIDATES") {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("candidates file"));
        for c in palette.candidates() {
            writeln!(f, "{}", c.text.replace('\n', " ")).expect("write candidates");
        }
    }
    // Typing a query one key at a time, as in the reader.
    let mut times = Vec::new();
    let mut cache = QueryCache::default();
    for _ in 0..rounds {
        for word in ["xzfy", "行政复议", "fuyi"] {
            let mut typed = String::new();
            for c in word.chars() {
                typed.push(c);
                let t = Instant::now();
                let hits =
                    palette.query_cached(&mut cache, &typed, Scope::All { current: None }, &[]);
                times.push(ms(t));
                std::hint::black_box(hits);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    result("palette_keystroke_p50_ms", percentile(&times, 50), "ms");
    result("palette_keystroke_p99_ms", percentile(&times, 99), "ms");
}
