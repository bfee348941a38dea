//! `fazhi add` and `fazhi remove`: the command-line side of [`crate::user_library`].

use crate::user_library;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Add each input (file, folder or address) and print what was read from it, as
/// `fazhi check` does. Exit code 1 when any input could not be added.
pub fn add(data_dir: Option<&Path>, inputs: &[String], out: &mut dyn Write) -> Result<i32> {
    let dir = user_library::dir(data_dir).context("no data folder: set HOME or --data-dir")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut status = 0;
    for input in inputs {
        for result in user_library::add(&dir, input) {
            match result {
                Ok(added) => {
                    writeln!(
                        out,
                        "added {} ({}) → {}",
                        added.input,
                        added.format.name(),
                        added.text.display()
                    )?;
                    super::check::write_check(Path::new(&added.input), &added.report, out)?;
                }
                Err(e) => {
                    status = 1;
                    eprintln!("fazhi: {e}");
                }
            }
        }
    }
    writeln!(out, "library: {}", dir.display())?;
    Ok(status)
}

/// Take the report `id` out of the user's library; its notes stay.
pub fn remove(data_dir: Option<&Path>, id: &str, out: &mut dyn Write) -> Result<i32> {
    let dir = user_library::dir(data_dir).context("no data folder: set HOME or --data-dir")?;
    match user_library::remove(&dir, id) {
        Ok(removed) => {
            for p in removed {
                writeln!(out, "removed {}", p.display())?;
            }
            writeln!(
                out,
                "notes on {id} are kept; add the report again to see them"
            )?;
            Ok(0)
        }
        Err(e) => {
            eprintln!("fazhi: {e}");
            Ok(1)
        }
    }
}
