//! Command-line interface: argument parsing (`args`) and the non-interactive subcommands,
//! one file each; [`output`] holds the table, CSV and JSON writers they share.

mod args;
mod check;
mod compare;
mod figures;
mod index;
mod keys;
mod library;
mod list;
mod notes;
pub mod output;
mod search;
mod serve;
mod show;
mod topics;

pub use args::{Cli, Command, NotesCommand, ServeArgs};
pub use output::csv_field;

use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

/// Run a subcommand, writing to `out`. Returns the process exit code.
/// A reader that stops early (`fazhi list | head`) is not an error.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<i32> {
    match run_command(cli, command, out) {
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(0)
        }
        other => other,
    }
}

fn run_command(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<i32> {
    // The subcommands that do not read the library.
    match command {
        Command::Check { files, json } => return check::check(files, *json, out),
        Command::Add { inputs } => return library::add(cli.notes_dir().as_deref(), inputs, out),
        Command::Remove { id } => return library::remove(cli.notes_dir().as_deref(), id, out),
        Command::Index { json } => return index::index(cli, *json, out),
        Command::Serve(args) => {
            serve::serve(cli, args)?;
            return Ok(0);
        }
        Command::Keys { json } => {
            keys::keys(cli, *json, out)?;
            return Ok(0);
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "fazhi", out);
            return Ok(0);
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            return Ok(0);
        }
        // The commands that read the store's tables and text, not the reports.
        Command::List { json } => {
            let (store, problems) = cli.open_store();
            if nothing_opened(&problems, store.is_empty()) {
                return Ok(1);
            }
            list::list(&store, *json, out)?;
            return Ok(0);
        }
        Command::Search {
            query,
            regex,
            count,
            json,
            exact,
        } => {
            let (store, problems) = cli.open_store();
            if nothing_opened(&problems, store.is_empty()) {
                return Ok(1);
            }
            let q = search::query(query, *regex, *exact)?;
            return if *count {
                search::count(&store, &q, *json, out)
            } else {
                search::search(&store, &q, *json, out)
            };
        }
        _ => {}
    }
    // A report named by its file (`fazhi show mine.docx`) is read into the library first.
    let named: Vec<PathBuf> = match command {
        Command::Show { report, .. } | Command::Figures { report, .. } => vec![report.join(" ")],
        Command::Compare { a, b, .. } => vec![a.clone(), b.clone()],
        _ => Vec::new(),
    }
    .into_iter()
    .map(PathBuf::from)
    .filter(|p| p.is_file())
    .collect();
    let lib = cli.open_library_with(&named);
    // A name that can only be a file (`mine.docx`, `reports/x.txt`) and matches no report
    // is most likely a mistyped path: say so first.
    let find = |query: &str| -> Result<usize> {
        lib.find(query).map_err(|e| {
            let path = std::path::Path::new(query);
            if looks_like_a_file(path) && !path.exists() {
                anyhow::anyhow!("{query}: no such file, and {e}")
            } else {
                e.into()
            }
        })
    };
    if nothing_opened(&lib.problems, lib.is_empty()) {
        return Ok(1);
    }
    match command {
        Command::Show {
            report,
            section,
            json,
        } => {
            let r = lib.report(find(&report.join(" "))?);
            show::show(&r, section.as_deref(), *json, out)?;
        }
        Command::Figures { report, csv, json } => {
            let r = lib.report(find(&report.join(" "))?);
            figures::figures(&r, *csv, *json, out)?;
        }
        Command::Notes(cmd) => return notes::notes(cli, &lib, cmd, out),
        Command::Topics { json } => topics::topics(&cli.load_topics()?, &lib, *json, out)?,
        Command::Topic { topic, csv, json } => {
            let topics = cli.load_topics()?;
            let t = resolve_topic(&topics, &topic.join(" "))?;
            topics::topic_table(&topics, t, &lib, *csv, *json, out)?;
        }
        Command::Compare { a, b, csv, json } => {
            let (a, b) = (find(a)?, find(b)?);
            let format = compare::Format::from_flags(*json, *csv, false);
            compare::compare(&cli.load_topics()?, &lib, a, b, format, out)?;
        }
        Command::Table {
            topic,
            sort,
            output,
        } => {
            let topics = cli.load_topics()?;
            let t = resolve_topic(&topics, &topic.join(" "))?;
            let mut table = crate::compare::table(&topics, &lib, t);
            if let Some(sort) = sort {
                table.sort_by(compare::column(&table, sort)?, false);
            }
            compare::table(&lib, &table, output.format(), out)?;
        }
        Command::History {
            district,
            filter,
            output,
        } => {
            let topics = cli.load_topics()?;
            let reports = lib.district(district)?;
            let table = crate::compare::history(&topics, &lib, &reports, filter.as_deref());
            compare::history(&table, &lib, output.format(), out)?;
        }
        Command::Check { .. }
        | Command::List { .. }
        | Command::Search { .. }
        | Command::Add { .. }
        | Command::Remove { .. }
        | Command::Keys { .. }
        | Command::Index { .. }
        | Command::Serve(_)
        | Command::Completions { .. }
        | Command::Man => {
            unreachable!("handled above")
        }
    }
    Ok(0)
}

/// Print the files that could not be opened; true when nothing could, so the command stops
/// (the lines printed say why).
fn nothing_opened(problems: &[crate::error::Error], empty: bool) -> bool {
    for p in problems {
        eprintln!("fazhi: {p}");
    }
    empty && !problems.is_empty()
}

/// The topic a user means, or an error listing the topics.
fn resolve_topic(topics: &crate::topic::Topics, query: &str) -> Result<usize> {
    topics.resolve(query).ok_or_else(|| {
        let names: Vec<&str> = topics.all().iter().map(|t| t.name.as_str()).collect();
        anyhow::anyhow!("no topic \"{query}\"; topics are: {}", names.join(" "))
    })
}

/// A path separator or a report file's extension: no report id or district has one.
fn looks_like_a_file(p: &std::path::Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    p.to_str().is_some_and(|s| s.contains('/'))
        || matches!(
            ext.as_deref(),
            Some("txt" | "md" | "docx" | "pdf" | "html" | "htm")
        )
}
