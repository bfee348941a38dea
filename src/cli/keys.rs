//! `fazhi keys`: the active keymap, one binding a line, context by context.

use super::output::{write_json, write_table};
use super::Cli;
use crate::tui::keymap::Context;
use crate::tui::lang::Lang;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A binding in `fazhi keys --json`.
#[derive(Serialize)]
struct KeyRow {
    /// The keymap section it is in: `normal`, `palette`, `editor` …
    context: &'static str,
    key: String,
    action: &'static str,
    description: String,
}

/// Print every binding of the active keymap with its action's name and description: the
/// reading keys first, then each popup's, under a `[context]` line as in the keymap file.
pub fn keys(cli: &Cli, json: bool, out: &mut dyn Write) -> Result<()> {
    let keymap = cli.load_keymap()?;
    let lang = cli.ui_lang();
    let rows: Vec<KeyRow> = Context::ALL
        .iter()
        .flat_map(|&context| {
            keymap
                .bindings_in(context)
                .into_iter()
                .map(move |(key, action)| KeyRow {
                    context: context.name(),
                    key,
                    action: action.name(),
                    description: lang.describe(action).to_string(),
                })
        })
        .collect();
    if json {
        return write_json(&rows, out);
    }
    for (i, &context) in Context::ALL.iter().enumerate() {
        let title = match lang {
            Lang::Zh => context.title_zh(),
            Lang::En => context.title(),
        };
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "[{}] {title}", context.name())?;
        let table: Vec<[String; 3]> = rows
            .iter()
            .filter(|r| r.context == context.name())
            .map(|r| [r.key.clone(), r.action.to_string(), r.description.clone()])
            .collect();
        write_table(&table, out)?;
    }
    Ok(())
}
