//! Generate a synthetic library of report files for benchmarks:
//!
//! ```text
//! cargo run --release --example gen_library -- --reports 2500 --seed 1 --out /tmp/lib-2500
//! ```
//!
//! Files are `<out>/<province>/<code>-<year>.txt`, about 20 KB each; the same count and seed
//! always give the same files (see `fazhi::synth`).

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut reports = 100usize;
    let mut seed = 1u64;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--reports" => reports = value()?.parse().context("--reports")?,
            "--seed" => seed = value()?.parse().context("--seed")?,
            "--out" => out = Some(PathBuf::from(value()?)),
            _ => bail!("unknown argument {flag}; usage: --reports N --seed S --out DIR"),
        }
    }
    let out = out.context("--out DIR is required")?;
    let bytes = fazhi::synth::write_library(&out, reports, seed)
        .with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!(
        "wrote {reports} reports ({:.1} MB) to {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
