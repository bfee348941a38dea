//! Palette latency per keystroke: `cargo bench --bench palette`.
//!
//! Types `xzfy`, `xingzhengfuyi`, `复议` and `zfzn` one character at a time (the index reuses
//! the previous query's matches when a query extends it, as in the TUI) and prints p50/p99
//! of the time per keystroke over
//! (a) the five bundled sample reports, replicated to about a real library's size, and
//! (b) at least 150,000 synthetic candidates recombined from the samples' real headings and
//!     figure labels.
//!
//! The goal is p99 ≤ 16 ms per keystroke (one frame) for (b), pinyin included. CPU time per
//! keystroke (all threads) is printed too: on a shared machine wall time includes waiting for
//! a core, and (a), whose keystrokes need well under a millisecond of CPU, shows how much.
//!
//! With `FAZHI_BENCH_LIBRARY=DIR` (and `FAZHI_BENCH_CACHE=DIR` for its store) it measures that
//! library instead, as the reader opens it: the palette's build time, its memory (RSS
//! before and after building it, per candidate) and the same keystrokes, over
//! `FAZHI_BENCH_ROUNDS` rounds (default 5).

mod common;

use fazhi::palette::{PaletteIndex, QueryCache, Scope};
use fazhi::report::{Figure, FigureKind, Meta, Paragraph, Report, Section};
use fazhi::topic::Topics;
use std::time::{Duration, Instant};

const QUERIES: [&str; 4] = ["xzfy", "xingzhengfuyi", "复议", "zfzn"];
const ROUNDS: usize = 25;
const SYNTHETIC_MIN: usize = 150_000;

fn main() {
    let topics = Topics::bundled();
    if std::env::var_os("FAZHI_BENCH_LIBRARY").is_some() {
        return library(&topics);
    }
    let samples = sample_reports();

    // (a) The samples replicated ten times: about what a reviewer's library holds.
    let library: Vec<Report> = (0..10).flat_map(|_| samples.iter().cloned()).collect();
    run("(a) bundled samples ×10", library.len(), ROUNDS, || {
        PaletteIndex::build(&library, &topics)
    });

    // (b) Synthetic reports from recombined real headings and labels.
    let synthetic = synthetic_reports(&samples);
    run("(b) synthetic", synthetic.len(), ROUNDS, || {
        PaletteIndex::build(&synthetic, &topics)
    });
}

/// A library on disk, opened from its store as the reader opens it.
fn library(topics: &Topics) {
    let dir = common::library_dir();
    let policy = fazhi::store::CachePolicy::Dir(common::cache_dir(&dir));
    let (lib, _) =
        fazhi::library::Library::open_with(std::slice::from_ref(&dir), &policy, &|_, _| {});
    let rounds = std::env::var("FAZHI_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let before = common::rss_mb().unwrap_or(f64::NAN);
    // Built a chunk of decoded reports at a time, as the reader builds it.
    let index = run(&dir.display().to_string(), lib.len(), rounds, || {
        PaletteIndex::build_chunked(lib.len(), |r| lib.chunk(r), topics)
    });
    let after = common::rss_mb().unwrap_or(f64::NAN);
    let candidates = index.candidates().len() as f64;
    println!(
        "  RSS: {before:.0} MiB loaded, {after:.0} MiB with the palette: {:.0} bytes a candidate",
        (after - before) * 1024.0 * 1024.0 / candidates
    );
}

fn run(
    name: &str,
    reports: usize,
    rounds: usize,
    build: impl FnOnce() -> PaletteIndex,
) -> PaletteIndex {
    let started = Instant::now();
    let index = build();
    let build = started.elapsed();
    println!(
        "\n{name}: {} reports, {} candidates, index built in {:.0?}",
        reports,
        index.candidates().len(),
        build
    );
    let scope = Scope::All { current: Some(0) };
    let mut all = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    let mut per_key: Vec<Vec<Vec<Duration>>> = QUERIES
        .iter()
        .map(|q| vec![Vec::new(); q.chars().count()])
        .collect();
    let mut hits = vec![0; QUERIES.len()];
    let mut cpu = Vec::new();
    let mut cache = QueryCache::default();
    for _ in 0..rounds {
        for (qi, query) in QUERIES.iter().enumerate() {
            let chars: Vec<char> = query.chars().collect();
            for n in 1..=chars.len() {
                let typed: String = chars[..n].iter().collect();
                let c = cpu_time();
                let t = Instant::now();
                let result = index.query_cached(&mut cache, &typed, scope, &[]);
                let dt = t.elapsed();
                cpu.push(cpu_time().saturating_sub(c));
                hits[qi] = result.len();
                per_query[qi].push(dt);
                per_key[qi][n - 1].push(dt);
                all.push(dt);
            }
        }
    }
    for (qi, query) in QUERIES.iter().enumerate() {
        let keys: Vec<String> = per_key[qi]
            .iter()
            .map(|d| format!("{:.1}", ms(percentile(d, 0.99))))
            .collect();
        println!(
            "  {query:<14} p50 {:6.2} ms  p99 {:6.2} ms  ({} shown)  p99 per keystroke: {}",
            ms(percentile(&per_query[qi], 0.5)),
            ms(percentile(&per_query[qi], 0.99)),
            hits[qi],
            keys.join(" ")
        );
    }
    println!(
        "  all keystrokes  p50 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms  ({} samples)",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(percentile(&all, 1.0)),
        all.len()
    );
    println!(
        "  CPU time (all threads) per keystroke: p50 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms",
        ms(percentile(&cpu, 0.5)),
        ms(percentile(&cpu, 0.99)),
        ms(percentile(&cpu, 1.0)),
    );
    index
}

/// CPU time used by this process so far, all threads (including finished ones) together.
/// The machine is shared, so wall time includes waiting for a core; CPU time does not.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_PROCESS_CPUTIME_ID is always supported
    // on Linux, and on failure `ts` stays zero, which only spoils the measurement.
    unsafe {
        libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts);
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

/// The bundled sample reports, parsed.
fn sample_reports() -> Vec<Report> {
    fazhi::library::Library::bundled().into_reports()
}

/// Reports built from recombined real heading halves (split at `，`) and real figure labels,
/// under real district names, until there are at least [`SYNTHETIC_MIN`] candidates.
fn synthetic_reports(samples: &[Report]) -> Vec<Report> {
    let halves: Vec<String> = samples
        .iter()
        .flat_map(|r| r.sections.iter())
        .flat_map(|s| {
            s.title
                .split(['，', ','])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|h| h.chars().count() >= 4)
        .collect();
    let figures: Vec<Figure> = samples
        .iter()
        .flat_map(|r| r.sections.iter())
        .flat_map(|s| s.paragraphs.iter())
        .flat_map(|p| p.figures.iter().cloned())
        .filter(|f| !f.label.is_empty() && f.kind != FigureKind::Date)
        .collect();
    let districts: Vec<String> = include_str!("../data/divisions.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
        .collect();
    assert!(
        !halves.is_empty() && !figures.is_empty(),
        "samples have headings and figures"
    );
    let mut reports = Vec::new();
    let mut candidates = 0;
    let mut seed = 0usize;
    let mut next = || {
        // A fixed linear congruential sequence: the same candidates on every run.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    while candidates < SYNTHETIC_MIN {
        let mut sections = Vec::new();
        for top in 0..4 {
            let top_index = sections.len();
            sections.push(Section {
                level: 1,
                number: format!("{}、", ["一", "二", "三", "四"][top]),
                title: halves[next() % halves.len()].clone(),
                run_in: false,
                parent: None,
                paragraphs: Vec::new(),
            });
            for sub in 0..25 {
                let title = format!(
                    "{}，{}",
                    halves[next() % halves.len()],
                    halves[next() % halves.len()]
                );
                let mut text = String::new();
                let mut figs = Vec::new();
                for _ in 0..3 {
                    let f = &figures[next() % figures.len()];
                    let from = text.len() + f.label.len();
                    text.push_str(&f.label);
                    text.push_str(&f.text);
                    text.push('，');
                    figs.push(Figure {
                        range: from..from + f.text.len(),
                        ..f.clone()
                    });
                }
                sections.push(Section {
                    level: 2,
                    number: format!("（{}）", sub + 1),
                    title,
                    run_in: false,
                    parent: Some(top_index),
                    paragraphs: vec![Paragraph {
                        text,
                        figures: figs,
                        points: Vec::new(),
                    }],
                });
            }
        }
        candidates += sections.len()
            + sections
                .iter()
                .map(|s| s.paragraphs.iter().map(|p| p.figures.len()).sum::<usize>())
                .sum::<usize>();
        reports.push(Report {
            source: format!("synthetic:{}", reports.len()),
            meta: Meta {
                district: Some(districts[reports.len() % districts.len()].clone()),
                year: Some(2021 + (reports.len() % 4) as u16),
                ..Meta::default()
            },
            front_matter: Vec::new(),
            preamble: Vec::new(),
            sections,
            sign_off: Vec::new(),
            warnings: Vec::new(),
        });
    }
    reports
}
