//! A stable-Rust fuzz harness (cargo-fuzz needs nightly): mutated inputs fed to every
//! parser of user input for a given time, each run checked for panics and, for reports,
//! for lost text. Inputs that fail are written to `target/fuzz-failures/` to become
//! regression tests.
//!
//! `FUZZ_SECS=600 nice cargo run --example fuzz` (default 10 s per target); `FUZZ_TARGET=report`
//! runs one target. The mutator is a seeded xorshift over byte flips, splices of seed
//! fragments, truncations and repeats; the seeds are the bundled reports and small
//! hand-made files of each format (a notes export for `import`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

// The tests' own report check, note, samples and RNG, so the fuzzer and the tests agree on
// what "nothing lost" means.
#[path = "../tests/common/lossless.rs"]
mod lossless;
#[path = "../tests/common/notes.rs"]
mod notes;
#[allow(dead_code)] // the fuzzer draws only numbers
#[path = "../tests/common/rng.rs"]
mod rng;
#[allow(dead_code)] // the fuzzer takes only the texts, not their names
#[path = "../tests/common/samples.rs"]
mod samples;

use rng::Rng;
use samples::SAMPLES;

/// One mutation of `seed`, using fragments of `pool`.
fn mutate(rng: &mut Rng, seed: &[u8], pool: &[&[u8]]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let src = pool[rng.below(pool.len())];
                let from = rng.below(src.len());
                let len = rng.below(200).min(src.len() - from);
                out.splice(at..at, src[from..from + len].iter().copied());
            }
            2 => out.truncate(at),
            3 => {
                let end = (at + rng.below(100)).min(out.len());
                let piece = out[at..end].to_vec();
                for _ in 0..rng.below(50) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            4 => {
                let end = (at + rng.below(300)).min(out.len());
                out.drain(at..end);
            }
            _ => out.insert(at, rng.next() as u8),
        }
    }
    out
}

/// Parse `text`: nothing lost, and the report holds together.
fn lossless(text: &str) {
    let r = fazhi::report::parse::parse("fuzz.txt", text);
    assert_eq!(
        lossless::written(text),
        lossless::shown(text, &r),
        "text lost"
    );
    if let Some(problem) = lossless::broken(&r) {
        panic!("{problem}");
    }
}

/// A real `fazhi notes export --format json` of two notes, to mutate.
fn import_seed() -> String {
    let dir = std::env::temp_dir().join(format!("fazhi-fuzz-seed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = fazhi::note::Store::open(&dir).expect("a notes store for the seed");
    for (report, body) in [
        ("210311-2023", "口径不一致 #待核实"),
        ("371003-2023", "对比"),
    ] {
        store
            .add(fazhi::note::NewNote {
                figure: Some("58件".into()),
                ..notes::on_review(report, body, "李")
            })
            .expect("add a seed note");
    }
    let json = fazhi::note::export_json(&store.list(&Default::default()).expect("list"));
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    json
}

thread_local! {
    static STORE: std::cell::RefCell<fazhi::note::Store> = std::cell::RefCell::new({
        let dir = std::env::temp_dir().join(format!("fazhi-fuzz-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        fazhi::note::Store::open(&dir).expect("a notes store for the import target")
    });
}

type Target = (&'static str, Vec<Vec<u8>>, fn(&[u8]));

fn targets() -> Vec<Target> {
    let reports: Vec<Vec<u8>> = SAMPLES.iter().map(|s| s.as_bytes().to_vec()).collect();
    vec![
        ("report", reports.clone(), |b| {
            if let Ok(text) = fazhi::report::text::decode(b) {
                lossless(&text);
            }
        }),
        ("figures", reports, |b| {
            let text = String::from_utf8_lossy(b);
            for f in fazhi::report::figure::extract(&text) {
                assert_eq!(text.get(f.range.clone()), Some(f.text.as_str()));
            }
        }),
        (
            "keymap",
            vec![
                include_bytes!("../keymaps/default.toml").to_vec(),
                include_bytes!("../keymaps/emacs.toml").to_vec(),
            ],
            |b| {
                if let Err(e) =
                    fazhi::tui::keymap::Keymap::from_str("k.toml", &String::from_utf8_lossy(b))
                {
                    assert!(!e.to_string().contains('\n'), "{e}");
                }
            },
        ),
        ("import", vec![import_seed().into_bytes()], |b| {
            // One store for the whole run: imports pile up, as they would for a user.
            STORE.with(|store| {
                let mut store = store.borrow_mut();
                let before = store.list(&Default::default()).unwrap().len();
                match fazhi::note::import(&mut store, &String::from_utf8_lossy(b)) {
                    Ok(s) => assert_eq!(
                        store.list(&Default::default()).unwrap().len(),
                        before + s.added
                    ),
                    Err(e) => {
                        assert!(!e.to_string().contains('\n'), "{e}");
                        assert_eq!(store.list(&Default::default()).unwrap().len(), before);
                    }
                }
            })
        }),
        (
            "topics",
            vec![include_bytes!("../data/topics.toml").to_vec()],
            |b| {
                if let Err(e) = fazhi::topic::Topics::from_toml(
                    &String::from_utf8_lossy(b),
                    Path::new("t.toml"),
                ) {
                    assert!(!e.to_string().contains('\n'), "{e}");
                }
            },
        ),
    ]
}

fn main() {
    let secs: u64 = std::env::var("FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let only = std::env::var("FUZZ_TARGET").ok();
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let failures = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    std::panic::set_hook(Box::new(|_| {}));
    for (name, seeds, run) in targets() {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let pool: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
        let mut rng = Rng(seed);
        let start = Instant::now();
        let (mut runs, mut failed) = (0u64, 0u64);
        while start.elapsed() < Duration::from_secs(secs) {
            let pick = rng.below(pool.len());
            let input = mutate(&mut rng, pool[pick], &pool);
            runs += 1;
            if catch_unwind(AssertUnwindSafe(|| run(&input))).is_err() {
                failed += 1;
                let _ = std::fs::create_dir_all(&failures);
                let _ = std::fs::write(failures.join(format!("{name}-{runs}.bin")), &input);
            }
        }
        println!("fuzz {name}: {runs} inputs in {secs} s, {failed} failures");
    }
}
