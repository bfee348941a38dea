//! What comparing costs at library scale: two reports side by side (`fazhi compare`, `c` in
//! the reader), a topic's figure table across every report (`fazhi table`, the topic view's
//! table mode) next to the topic view it extends, and one district's history.
//! `FAZHI_BENCH_LIBRARY=DIR cargo bench --bench compare`.

mod common;

use common::{ms, percentile, result};
use fazhi::cache::CachePolicy;
use fazhi::compare;
use fazhi::library::Library;
use fazhi::topic::Topics;
use std::time::Instant;

fn main() {
    let dir = common::library_dir();
    let cache = CachePolicy::Dir(common::cache_dir(&dir));
    let (lib, _) = Library::open_with(std::slice::from_ref(&dir), &cache, &|_, _| {});
    let n = lib.reports.len();
    eprintln!("library {} ({n} reports)", dir.display());
    let topics = Topics::bundled();

    // Side by side: 200 pairs of reports spread over the library, each a district against
    // the report after it (often the same district's next year).
    let step = (n / 200).max(1);
    let mut times: Vec<f64> = (0..n.saturating_sub(1))
        .step_by(step)
        .map(|i| {
            let t = Instant::now();
            let cmp = compare::compare(&topics, &lib.reports[i], &lib.reports[i + 1]);
            std::hint::black_box(cmp.pairs.len());
            ms(t)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    result("compare_two_reports_p50", percentile(&times, 50), "ms");
    result("compare_two_reports_p99", percentile(&times, 99), "ms");

    let xzfy = topics.resolve("行政复议").expect("bundled topic");
    let t = Instant::now();
    let rows = topics.topic_rows(&lib.reports, xzfy);
    result("topic_view_rows", ms(t), "ms");
    std::hint::black_box(rows.len());
    let t = Instant::now();
    let table = compare::table(&topics, &lib.reports, xzfy);
    result("topic_table", ms(t), "ms");
    result("topic_table_columns", table.columns.len() as f64, "columns");

    let district = lib.reports[0].meta.code.clone().unwrap_or_default();
    let t = Instant::now();
    let years = lib
        .district(&district)
        .expect("the first report's district");
    let history = compare::history(&topics, &lib.reports, &years, None);
    result("district_history", ms(t), "ms");
    result("district_history_years", history.rows.len() as f64, "years");
}
