//! The least work any `fazhi search LITERAL` must do, to know what speed is possible at all:
//! with the matches handed over for free (found before the clock starts, as a perfect
//! index would), what is left is stat'ing every file (a store may not be trusted without)
//! and cutting and printing each match's line from freshly mapped text. Both run on all
//! cores, as `fazhi search` does.
//!
//! ```text
//! cargo run --release --example search_floor -- DIR 行政复议 > /dev/null
//! ```
//!
//! Prints (to stderr) the matches and the milliseconds of each part. The process's own start
//! (`fazhi --version`, about 2 ms) comes on top for a whole command.
//!
//! With `--bare` after the literal, each match is printed as the 240 bytes around it, with no
//! character boundaries, names or marks: what is left is touching the mapped pages that hold
//! the matches and copying them out, the least any search that shows its matches can do.

use fazhi::library::refresh::refresh;
use fazhi::search::snippet_into;
use fazhi::store::{CachePolicy, Store};
use memchr::memmem;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_floor DIR LITERAL [--bare]";
    let dir = PathBuf::from(args.next().expect(usage));
    let literal = args.next().expect(usage);
    let bare = args.next().is_some_and(|a| a == "--bare");
    let policy = CachePolicy::Xdg;
    let roots = [dir];
    let store_file = policy.file_for(&roots).expect("a cache folder");
    // Before the clock: the store made current, and every match found (piece, range).
    let (sources, matches) = {
        let store = refresh(&roots, &policy, &|_, _| {}).store;
        let corpus = store.corpus();
        let finder = memmem::Finder::new(literal.as_bytes());
        let matches: Vec<(usize, usize)> = (0..corpus.len())
            .flat_map(|i| finder.find_iter(corpus.piece(i)).map(move |at| (i, at)))
            .collect();
        let sources: Vec<PathBuf> = store.rows().map(|r| PathBuf::from(r.source())).collect();
        (sources, matches)
    };
    let clock = Instant::now();
    let stats = fazhi::cores::map(&sources, |p| std::fs::symlink_metadata(p).is_ok());
    let stat_ms = clock.elapsed().as_secs_f64() * 1e3;
    let store = Store::open(&store_file).expect("the store just written");
    let open_ms = clock.elapsed().as_secs_f64() * 1e3 - stat_ms;
    let corpus = store.corpus();
    let halves: Vec<&[(usize, usize)]> = matches.chunks(matches.len().div_ceil(2).max(1)).collect();
    let printed = if bare {
        fazhi::cores::map(&halves, |half| {
            let mut out = Vec::with_capacity(half.len() * 300);
            for &(i, at) in *half {
                let piece = corpus.piece(i);
                out.extend_from_slice(&piece[at.saturating_sub(120)..(at + 120).min(piece.len())]);
                out.push(b'\n');
            }
            out
        })
    } else {
        fazhi::cores::map(&halves, |half| {
            let (mut out, mut text) = (Vec::with_capacity(half.len() * 300), String::new());
            // A report's names read once for all its matches, as `fazhi search` does.
            let (mut current, mut name, mut id) = (usize::MAX, String::new(), "");
            for &(i, at) in *half {
                let report = corpus.place(i).report;
                if report != current {
                    let r = store.report(report);
                    (current, name, id) = (report, r.short_name(), r.id());
                }
                let (_, bytes) =
                    snippet_into(corpus.piece(i), at..at + literal.len(), 40, &mut text);
                for part in [
                    &name,
                    " (",
                    id,
                    ")  ",
                    &text[..bytes.start],
                    "[[",
                    &text[bytes.clone()],
                    "]]",
                    &text[bytes.end..],
                    "\n",
                ] {
                    out.extend_from_slice(part.as_bytes());
                }
            }
            out
        })
    };
    let mut stdout = std::io::stdout().lock();
    for out in &printed {
        stdout.write_all(out).expect("stdout");
    }
    stdout.flush().expect("stdout");
    let total_ms = clock.elapsed().as_secs_f64() * 1e3;
    eprintln!(
        "{} files ({} stat'ed), {} matches: stat {stat_ms:.1} ms, open the store {open_ms:.1} ms, \
         {} {:.1} ms, together {total_ms:.1} ms",
        sources.len(),
        stats.iter().filter(|&&ok| ok).count(),
        matches.len(),
        if bare { "copy out" } else { "cut + print" },
        total_ms - stat_ms - open_ms,
    );
}
