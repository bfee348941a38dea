//! `fazhi keys`: the active keymap, one binding a line.

use super::output::{write_json, write_table};
use super::Cli;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A binding in `fazhi keys --json`.
#[derive(Serialize)]
struct KeyRow {
    key: String,
    action: &'static str,
    description: String,
}

/// Print every binding of the active keymap with its action's name and description.
pub fn keys(cli: &Cli, json: bool, out: &mut dyn Write) -> Result<()> {
    let keymap = cli.load_keymap()?;
    let lang = cli.ui_lang();
    let rows: Vec<KeyRow> = keymap
        .bindings()
        .into_iter()
        .map(|(key, action)| KeyRow {
            key,
            action: action.name(),
            description: lang.describe(action).to_string(),
        })
        .collect();
    if json {
        return write_json(&rows, out);
    }
    let table: Vec<[String; 3]> = rows
        .into_iter()
        .map(|r| [r.key, r.action.to_string(), r.description])
        .collect();
    write_table(&table, out)
}
