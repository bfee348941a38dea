//! `fazhi keys`: the active keymap, one binding a line.

use super::output::write_table;
use super::Cli;
use anyhow::Result;
use std::io::Write;

/// Print every binding of the active keymap with its action's name and description.
pub fn keys(cli: &Cli, out: &mut dyn Write) -> Result<()> {
    let keymap = cli.load_keymap()?;
    let lang = cli.ui_lang();
    let rows: Vec<[String; 3]> = keymap
        .bindings()
        .into_iter()
        .map(|(key, action)| {
            [
                key,
                action.name().to_string(),
                lang.describe(action).to_string(),
            ]
        })
        .collect();
    write_table(&rows, out)
}
