//! Parse throughput on the five bundled samples: `cargo run --release --example parse_samples
//! [ROUNDS]`. Prints the first parse (which loads the word segmenter's dictionary) apart from
//! the steady rate over ROUNDS rounds (default 200). Used for BENCHMARKS.md.

use std::time::Instant;

const SAMPLES: [&str; 5] = [
    include_str!("../reports/jilin-siping-tiexi-2024.txt"),
    include_str!("../reports/liaoning-anshan-qianshan-2023.txt"),
    include_str!("../reports/liaoning-fushun-shuncheng-2024.txt"),
    include_str!("../reports/shandong-weihai-wendeng-2023.txt"),
    include_str!("../reports/shandong-zibo-zhoucun-2023.txt"),
];

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let t = Instant::now();
    let first = fazhi::report::parse("sample", SAMPLES[0]);
    println!(
        "first parse (one report, cold): {:.1} ms, {} sections",
        t.elapsed().as_secs_f64() * 1e3,
        first.sections.len()
    );
    let bytes: usize = SAMPLES.iter().map(|s| s.len()).sum::<usize>() * rounds;
    let t = Instant::now();
    let mut figures = 0;
    for _ in 0..rounds {
        for s in SAMPLES {
            figures += fazhi::report::parse("sample", s).figures().count();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{rounds} rounds x 5 samples: {:.1} MB/s, {:.3} ms per report, {} figures per round",
        bytes as f64 / 1e6 / secs,
        secs * 1e3 / (rounds * 5) as f64,
        figures / rounds
    );
}
