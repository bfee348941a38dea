//! Command-line interface: argument parsing and the non-interactive subcommands.

use crate::cache::CachePolicy;
use crate::library::Library;
use crate::report::{Figure, Report};
use crate::search::{self, Query, SearchIndex};
use crate::topic::Topics;
use crate::tui::keymap::Keymap;
use crate::tui::lang::Lang;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::ops::{ControlFlow, Range};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use unicode_width::UnicodeWidthStr;

/// fazhi (法治): read, compare and annotate rule-of-law government reports.
#[derive(Debug, Parser)]
#[command(name = "fazhi", version)]
pub struct Cli {
    /// Open this folder (searched recursively for .txt/.md) or file instead of the bundled
    /// reports; repeatable.
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Vec<PathBuf>,
    /// Report files to open in the reader.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Keymap: `emacs`, `default`, or a file laid over the default (else
    /// ~/.config/fazhi/keymap.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// UI language: zh or en (default: from LANG/LC_ALL).
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    /// Where notes are kept (default: $XDG_DATA_HOME/fazhi).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Parse every file instead of using the cache of parsed reports.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Start at the first report instead of where you left off.
    #[arg(long)]
    pub fresh: bool,
    /// Subcommand; without one the interactive reader starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One row per report.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A report as readable text (or JSON).
    Show {
        /// Report id (210311-2023), district and year (千山区 2023).
        #[arg(num_args = 1.., required = true)]
        report: Vec<String>,
        /// Only this section, by its path of markers: 一/（五）.
        #[arg(long)]
        section: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The figures of a report.
    Figures {
        /// Report id or district and year.
        #[arg(num_args = 1.., required = true)]
        report: Vec<String>,
        /// Print CSV.
        #[arg(long)]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the active keymap.
    Keys,
    /// Search every heading and paragraph of the library.
    Search {
        /// Text to find (or a regular expression with --regex).
        query: String,
        /// Treat the query as a regular expression.
        #[arg(long)]
        regex: bool,
        /// Print JSON (an array, written as matches are found).
        #[arg(long)]
        json: bool,
    },
    /// Parse the library ahead of time into the cache, so the reader opens it at once.
    Index,
    /// Topics with the sections tagged with each, per report.
    Topics {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One topic across all reports: a row per report with its sections and figures.
    Topic {
        /// Topic name, alias or pinyin (行政复议, 复议, xzfy).
        #[arg(num_args = 1.., required = true)]
        topic: Vec<String>,
        /// Print CSV.
        #[arg(long)]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Notes: list, export, import.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Serve the reader over SSH to the keys in an authorized_keys file.
    Serve(ServeArgs),
    /// Check report files before adding them: metadata, outline and warnings.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `fazhi serve …`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR")]
    pub listen: String,
    /// Public keys allowed in, OpenSSH format; each key's comment names its notes' author
    /// (default: $XDG_CONFIG_HOME/fazhi/authorized_keys).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// The server's Ed25519 host key, made on first start (default: ssh_host_ed25519_key in
    /// the data dir).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Readers running at once; more are told the server is full.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_sessions: usize,
    /// Close a session after this many seconds without a key pressed.
    #[arg(long, default_value_t = 1800, value_name = "SECS")]
    pub idle_timeout: u64,
    /// Keys a client may try on one connection.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_auth_attempts: usize,
    /// New connections one address may open per minute.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub max_connections_per_minute: usize,
}

/// `fazhi notes …`.
#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// List notes.
    List {
        /// Only notes on this report (id or district and year).
        #[arg(long)]
        report: Option<String>,
        /// Only notes with this #tag.
        #[arg(long)]
        tag: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export every note.
    Export {
        /// md (for reading), json (fazhi's own) or w3c (Web Annotation JSON-LD).
        #[arg(long, default_value = "md", value_parser = ["md", "json", "w3c"])]
        format: String,
    },
    /// Import notes from a json or w3c export (notes already there are not duplicated).
    Import {
        /// The exported file.
        file: PathBuf,
    },
}

impl Cli {
    /// The notes directory: `--data-dir`, else the XDG data dir.
    pub fn notes_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone().or_else(crate::xdg::data_dir)
    }

    /// The active keymap: `--keymap FILE`, else the user's file in the XDG config dir, else
    /// the default. A bad file is an error naming the file, line and problem.
    pub fn load_keymap(&self) -> Result<Keymap> {
        // The shipped keymaps by name, so `--keymap emacs` works from any directory.
        match self.keymap.as_deref().and_then(|p| p.to_str()) {
            Some("default") if !Path::new("default").exists() => return Ok(Keymap::default_map()),
            Some("emacs") if !Path::new("emacs").exists() => return Ok(Keymap::emacs()),
            _ => {}
        }
        let user = self
            .keymap
            .clone()
            .or_else(|| crate::xdg::config_dir().map(|d| d.join("keymap.toml")))
            .filter(|p| self.keymap.is_some() || p.exists());
        Ok(match user {
            Some(path) => Keymap::load(&path)?,
            None => Keymap::default_map(),
        })
    }

    /// The topic list: the bundled one, extended (or replaced) by `topics.toml` in the XDG
    /// config dir when there is one.
    pub fn load_topics(&self) -> Result<Topics> {
        match crate::xdg::config_dir().map(|d| d.join("topics.toml")) {
            Some(p) if p.exists() => Ok(Topics::load(&p)?),
            _ => Ok(Topics::bundled()),
        }
    }

    /// The UI language from `--lang` or the locale.
    pub fn ui_lang(&self) -> Lang {
        match self.lang.as_deref() {
            Some("zh") => Lang::Zh,
            Some(_) => Lang::En,
            None => Lang::from_env(),
        }
    }

    /// The library the arguments name: `--library` and file arguments, else the bundled one.
    pub fn open_library(&self) -> Library {
        let paths = self.library_paths();
        if paths.is_empty() {
            Library::bundled()
        } else {
            Library::open_with(&paths, &self.cache_policy(), &|_, _| {}).0
        }
    }

    /// `--library` folders and file arguments.
    pub fn library_paths(&self) -> Vec<PathBuf> {
        self.library.iter().chain(&self.files).cloned().collect()
    }

    /// The cache to use: none with `--no-cache`, else the XDG cache dir.
    pub fn cache_policy(&self) -> CachePolicy {
        if self.no_cache {
            CachePolicy::Off
        } else {
            CachePolicy::Xdg
        }
    }
}

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
    if let Command::Check { files, json } = command {
        return check(files, *json, out);
    }
    if let Command::Index = command {
        return index(cli);
    }
    if let Command::Serve(args) = command {
        serve(cli, args)?;
        return Ok(0);
    }
    if let Command::Keys = command {
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
        write_table(&rows, out)?;
        return Ok(0);
    }
    let lib = cli.open_library();
    for p in &lib.problems {
        eprintln!("fazhi: {p}");
    }
    if lib.reports.is_empty() && !lib.problems.is_empty() {
        // Nothing could be opened: the lines above say why.
        return Ok(1);
    }
    match command {
        Command::List { json } => list(&lib, *json, out)?,
        Command::Show {
            report,
            section,
            json,
        } => {
            let r = &lib.reports[lib.find(&report.join(" "))?];
            show(r, section.as_deref(), *json, out)?;
        }
        Command::Figures { report, csv, json } => {
            let r = &lib.reports[lib.find(&report.join(" "))?];
            figures(r, *csv, *json, out)?;
        }
        Command::Notes(cmd) => notes(cli, &lib, cmd, out)?,
        Command::Topics { json } => topics(&cli.load_topics()?, &lib, *json, out)?,
        Command::Topic { topic, csv, json } => {
            let topics = cli.load_topics()?;
            let query = topic.join(" ");
            let Some(t) = topics.resolve(&query) else {
                let names: Vec<&str> = topics.all().iter().map(|t| t.name.as_str()).collect();
                anyhow::bail!("no topic \"{query}\"; topics are: {}", names.join(" "));
            };
            topic_table(&topics, t, &lib, *csv, *json, out)?;
        }
        Command::Search { query, regex, json } => return search(&lib, query, *regex, *json, out),
        Command::Check { .. } | Command::Keys | Command::Index | Command::Serve(_) => {
            unreachable!("handled above")
        }
    }
    Ok(0)
}

/// `fazhi serve`: the paths from the arguments or the XDG directories, then serve until
/// SIGTERM.
fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let authorized_keys = args
        .authorized_keys
        .clone()
        .or_else(|| crate::xdg::config_dir().map(|d| d.join("authorized_keys")))
        .context("no authorized_keys: set HOME or pass --authorized-keys FILE")?;
    let notes_dir = cli.notes_dir();
    let host_key = args
        .host_key
        .clone()
        .or_else(|| notes_dir.as_ref().map(|d| d.join("ssh_host_ed25519_key")))
        .context("no host key: set HOME or pass --host-key FILE")?;
    let opts = crate::ssh::Options {
        listen: args.listen.clone(),
        authorized_keys,
        host_key,
        max_sessions: args.max_sessions,
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        max_auth_attempts: args.max_auth_attempts,
        connections_per_minute: args.max_connections_per_minute,
    };
    let library = cli.open_library();
    for p in &library.problems {
        eprintln!("fazhi: {p}");
    }
    let shared = crate::ssh::Shared {
        library: std::sync::Arc::new(library),
        keymap: cli.load_keymap()?,
        theme: crate::tui::theme::Theme::from_env(),
        lang: cli.ui_lang(),
        notes_dir,
        positions_dir: crate::xdg::state_dir().map(|d| d.join("ssh")),
        topics: std::sync::Arc::new(cli.load_topics()?),
        palette: std::sync::OnceLock::new(),
    };
    crate::ssh::serve(opts, shared)
}

/// A row of `fazhi list --json`.
#[derive(Serialize)]
struct ListRow<'a> {
    id: String,
    district: Option<&'a str>,
    prefecture: Option<&'a str>,
    province: Option<&'a str>,
    code: Option<&'a str>,
    year: Option<u16>,
    title: &'a str,
    sections: usize,
    figures: usize,
    source: &'a str,
    warnings: &'a [String],
}

fn list_row(r: &Report) -> ListRow<'_> {
    ListRow {
        id: r.id(),
        district: r.meta.district.as_deref(),
        prefecture: r.meta.prefecture.as_deref(),
        province: r.meta.province.as_deref(),
        code: r.meta.code.as_deref(),
        year: r.meta.year,
        title: &r.meta.title,
        sections: r.sections.len(),
        figures: r.figures().count(),
        source: &r.source,
        warnings: &r.warnings,
    }
}

fn list(lib: &Library, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        let rows: Vec<ListRow> = lib.reports.iter().map(list_row).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut rows = vec![[
        "ID".to_string(),
        "DISTRICT".into(),
        "PREFECTURE".into(),
        "PROVINCE".into(),
        "YEAR".into(),
        "SECTIONS".into(),
        "FIGURES".into(),
    ]];
    for r in &lib.reports {
        let row = list_row(r);
        rows.push([
            row.id,
            row.district.unwrap_or("?").into(),
            row.prefecture.unwrap_or("?").into(),
            row.province.unwrap_or("?").into(),
            row.year.map_or("?".into(), |y| y.to_string()),
            row.sections.to_string(),
            row.figures.to_string(),
        ]);
    }
    write_table(&rows, out)
}

/// Print rows as columns padded by display width (CJK counts double).
fn write_table<const N: usize>(rows: &[[String; N]], out: &mut dyn Write) -> Result<()> {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < N {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A section in `fazhi show --json`.
#[derive(Serialize)]
struct SectionTree<'a> {
    number: &'a str,
    level: u8,
    title: &'a str,
    path: String,
    paragraphs: Vec<&'a str>,
    children: Vec<SectionTree<'a>>,
}

/// The children of every section (`None` = top level), built in one pass so a report with
/// very many sections stays fast.
struct Children {
    top: Vec<usize>,
    of: Vec<Vec<usize>>,
}

impl Children {
    fn of(r: &Report) -> Children {
        let mut c = Children {
            top: Vec::new(),
            of: vec![Vec::new(); r.sections.len()],
        };
        for (i, s) in r.sections.iter().enumerate() {
            match s.parent {
                Some(p) => c.of[p].push(i),
                None => c.top.push(i),
            }
        }
        c
    }

    fn get(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            Some(p) => &self.of[p],
            None => &self.top,
        }
    }
}

fn tree<'a>(r: &'a Report, kids: &Children, parent: Option<usize>) -> Vec<SectionTree<'a>> {
    kids.get(parent)
        .iter()
        .map(|&i| section_tree(r, kids, i))
        .collect()
}

fn section_tree<'a>(r: &'a Report, kids: &Children, i: usize) -> SectionTree<'a> {
    let s = &r.sections[i];
    SectionTree {
        number: &s.number,
        level: s.level,
        title: &s.title,
        path: r.path(i),
        paragraphs: s.paragraphs.iter().map(|p| p.text.as_str()).collect(),
        children: tree(r, kids, Some(i)),
    }
}

/// `fazhi show --json`.
#[derive(Serialize)]
struct ShowJson<'a> {
    id: String,
    #[serde(flatten)]
    meta: &'a crate::report::Meta,
    source: &'a str,
    preamble: Vec<&'a str>,
    sections: Vec<SectionTree<'a>>,
    warnings: &'a [String],
}

fn show(r: &Report, section: Option<&str>, json: bool, out: &mut dyn Write) -> Result<()> {
    let only = match section {
        Some(path) => Some(r.find_path(path).with_context(|| {
            let paths: Vec<String> = (0..r.sections.len()).map(|i| r.path(i)).collect();
            format!(
                "{}: no section {path}; sections are: {}",
                r.short_name(),
                paths.join(" ")
            )
        })?),
        None => None,
    };
    if json {
        let kids = Children::of(r);
        let sections = match only {
            Some(i) => vec![section_tree(r, &kids, i)],
            None => tree(r, &kids, None),
        };
        let doc = ShowJson {
            id: r.id(),
            meta: &r.meta,
            source: &r.source,
            preamble: if only.is_some() {
                Vec::new()
            } else {
                r.preamble.iter().map(|p| p.text.as_str()).collect()
            },
            sections,
            warnings: &r.warnings,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    match only {
        Some(i) => {
            let subtree: Vec<usize> = (i..r.sections.len())
                .take_while(|&j| j == i || r.ancestry(j).contains(&i))
                .collect();
            for j in subtree {
                write_section(r, j, out)?;
            }
        }
        None => {
            // Every line of the text is shown: the front matter as written (issuer, title,
            // document number, addressee — an opening sentence taken for an issuer is not
            // lost), the body, and the sign-off; only a `---` override block is left out.
            for line in front_matter_as_written(r) {
                writeln!(out, "{line}")?;
            }
            writeln!(out, "{} · {}\n", r.short_name(), r.id())?;
            for p in &r.preamble {
                writeln!(out, "{}\n", p.text)?;
            }
            for j in 0..r.sections.len() {
                write_section(r, j, out)?;
            }
            for line in &r.sign_off {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// The front-matter lines without a leading `---` override block.
fn front_matter_as_written(r: &Report) -> &[String] {
    let lines = &r.front_matter;
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            return &lines[end + 2..];
        }
    }
    lines
}

fn write_section(r: &Report, i: usize, out: &mut dyn Write) -> Result<()> {
    let s = &r.sections[i];
    let indent = "  ".repeat(s.level as usize - 1);
    // A run-in heading's `。` was taken off its title; it is part of the text.
    let stop = if s.run_in { "。" } else { "" };
    writeln!(out, "{indent}{}{}{stop}\n", s.number, s.title)?;
    for p in &s.paragraphs {
        writeln!(out, "{indent}{}\n", p.text)?;
    }
    Ok(())
}

/// A row of `fazhi figures --json`.
#[derive(Serialize)]
struct FigureRow<'a> {
    text: &'a str,
    value: f64,
    unit: &'a str,
    kind: crate::report::FigureKind,
    approx: bool,
    label: &'a str,
    section: String,
}

fn figure_rows(r: &Report) -> Vec<FigureRow<'_>> {
    r.figures()
        .map(|(sec, _, f): (Option<usize>, _, &Figure)| FigureRow {
            text: &f.text,
            value: f.value,
            unit: &f.unit,
            kind: f.kind,
            approx: f.approx,
            label: &f.label,
            section: sec.map_or(String::new(), |i| r.path(i)),
        })
        .collect()
}

fn figures(r: &Report, csv: bool, json: bool, out: &mut dyn Write) -> Result<()> {
    let rows = figure_rows(r);
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
    } else if csv {
        writeln!(out, "text,value,unit,kind,approx,label,section")?;
        for f in &rows {
            let kind = serde_json::to_value(f.kind)?;
            writeln!(
                out,
                "{},{},{},{},{},{},{}",
                csv_field(f.text),
                f.value,
                csv_field(f.unit),
                kind.as_str().unwrap_or(""),
                f.approx,
                csv_field(f.label),
                csv_field(&f.section)
            )?;
        }
    } else {
        let mut table = vec![[
            "SECTION".to_string(),
            "KIND".into(),
            "FIGURE".into(),
            "LABEL".into(),
        ]];
        for f in &rows {
            let kind = serde_json::to_value(f.kind)?;
            table.push([
                f.section.clone(),
                kind.as_str().unwrap_or("").to_string(),
                f.text.to_string(),
                f.label.to_string(),
            ]);
        }
        write_table(&table, out)?;
    }
    Ok(())
}

/// Quote a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `fazhi check --json` per file.
#[derive(Serialize)]
struct CheckJson<'a> {
    file: String,
    ok: bool,
    error: Option<String>,
    id: Option<String>,
    meta: Option<&'a crate::report::Meta>,
    sections: usize,
    figures: usize,
    warnings: Vec<String>,
}

fn check(files: &[PathBuf], json: bool, out: &mut dyn Write) -> Result<i32> {
    let mut status = 0;
    let mut docs = Vec::new();
    let parsed: Vec<_> = files
        .iter()
        .map(|f| (f, crate::library::read_report(f)))
        .collect();
    for (file, result) in &parsed {
        match result {
            Err(e) => {
                status = 1;
                if json {
                    docs.push(CheckJson {
                        file: file.display().to_string(),
                        ok: false,
                        error: Some(e.to_string()),
                        id: None,
                        meta: None,
                        sections: 0,
                        figures: 0,
                        warnings: Vec::new(),
                    });
                } else {
                    writeln!(out, "{e}")?;
                }
            }
            Ok(r) => {
                if json {
                    docs.push(CheckJson {
                        file: file.display().to_string(),
                        ok: true,
                        error: None,
                        id: Some(r.id()),
                        meta: Some(&r.meta),
                        sections: r.sections.len(),
                        figures: r.figures().count(),
                        warnings: r.warnings.clone(),
                    });
                } else {
                    write_check(file, r, out)?;
                }
            }
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &docs)?;
        writeln!(out)?;
    }
    Ok(status)
}

fn write_check(file: &std::path::Path, r: &Report, out: &mut dyn Write) -> Result<()> {
    let m = &r.meta;
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "?".into());
    writeln!(out, "{}", file.display())?;
    writeln!(out, "  id          {}", r.id())?;
    writeln!(out, "  title       {}", m.title)?;
    writeln!(
        out,
        "  district    {} · {} · {} ({})",
        opt(&m.district),
        opt(&m.prefecture),
        opt(&m.province),
        opt(&m.code)
    )?;
    writeln!(
        out,
        "  year        {}",
        m.year.map_or("?".into(), |y| y.to_string())
    )?;
    writeln!(out, "  issuers     {}", m.issuers.join(" "))?;
    if let Some(d) = &m.doc_number {
        writeln!(out, "  doc number  {d}")?;
    }
    if let Some(d) = &m.date {
        writeln!(out, "  date        {d}")?;
    }
    writeln!(
        out,
        "  body        {} sections, {} paragraphs before the first heading, {} figures",
        r.sections.len(),
        r.preamble.len(),
        r.figures().count()
    )?;
    writeln!(out, "  outline")?;
    for (i, s) in r.sections.iter().enumerate() {
        let title: String = s.title.chars().take(40).collect();
        writeln!(
            out,
            "    {}{}{} ({} ¶)",
            "  ".repeat(s.level as usize - 1),
            s.number,
            title,
            r.sections[i].paragraphs.len()
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}

fn notes(cli: &Cli, lib: &Library, cmd: &NotesCommand, out: &mut dyn Write) -> Result<()> {
    use crate::note::{self, NoteFilter, Store};
    let dir = cli
        .notes_dir()
        .context("no data directory: set HOME or pass --data-dir")?;
    let mut store = Store::open(&dir)?;
    match cmd {
        NotesCommand::List { report, tag, json } => {
            let report = match report {
                Some(r) => Some(lib.reports[lib.find(r)?].id()),
                None => None,
            };
            let notes = store.list(&NoteFilter {
                report,
                tag: tag.clone(),
            })?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &notes)?;
                writeln!(out)?;
            } else {
                let name = |id: &str| {
                    lib.reports
                        .iter()
                        .find(|r| r.id() == id)
                        .map_or(id.to_string(), |r| r.short_name())
                };
                for n in &notes {
                    let path = if n.anchor.section_path.is_empty() {
                        "¶".to_string()
                    } else {
                        n.anchor.section_path.clone()
                    };
                    writeln!(
                        out,
                        "{}  {} › {}  {}  — {} {}",
                        n.id,
                        name(&n.report_id),
                        path,
                        n.body.replace('\n', " "),
                        n.author,
                        n.updated
                    )?;
                }
            }
        }
        NotesCommand::Export { format } => {
            let notes = store.list(&NoteFilter::default())?;
            let text = match format.as_str() {
                "json" => note::export_json(&notes),
                "w3c" => note::export_w3c(&notes),
                _ => {
                    let titles = lib
                        .reports
                        .iter()
                        .map(|r| (r.id(), format!("{} · {}", r.short_name(), r.meta.title)))
                        .collect();
                    note::export_markdown(&notes, &titles)
                }
            };
            write!(out, "{text}")?;
        }
        NotesCommand::Import { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("{}: cannot read", file.display()))?;
            let summary = note::import(&mut store, &text)
                .with_context(|| format!("{}: cannot import", file.display()))?;
            writeln!(
                out,
                "imported {} new, {} updated, {} unchanged",
                summary.added, summary.updated, summary.unchanged
            )?;
        }
    }
    Ok(())
}

/// `fazhi topics`: every topic with the sections tagged with it, report by report.
fn topics(topics: &Topics, lib: &Library, json: bool, out: &mut dyn Write) -> Result<()> {
    #[derive(Serialize)]
    struct TopicJson<'a> {
        name: &'a str,
        aliases: &'a [String],
        parent: Option<&'a str>,
        reports: Vec<crate::topic::TopicRow>,
    }
    let mut rows = topics.all_topic_rows(&lib.reports).into_iter();
    let all: Vec<TopicJson> = topics
        .all()
        .iter()
        .map(|t| TopicJson {
            name: &t.name,
            aliases: &t.aliases,
            parent: t
                .parent
                .and_then(|p| topics.get(p))
                .map(|p| p.name.as_str()),
            reports: rows
                .next()
                .unwrap_or_default()
                .into_iter()
                .filter(|r| !r.sections.is_empty())
                .collect(),
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
        return Ok(());
    }
    for t in &all {
        let parent = t.parent.map(|p| format!(" (⊂ {p})")).unwrap_or_default();
        writeln!(out, "{}{parent}", t.name)?;
        for r in &t.reports {
            let paths: Vec<&str> = r.sections.iter().map(|s| s.path.as_str()).collect();
            writeln!(out, "  {}  {}", r.name, paths.join(" "))?;
        }
    }
    Ok(())
}

/// `fazhi topic NAME`: one row per report covering the topic.
fn topic_table(
    topics: &Topics,
    topic: usize,
    lib: &Library,
    csv: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<crate::topic::TopicRow> = topics
        .topic_rows(&lib.reports, topic)
        .into_iter()
        .filter(|r| !r.sections.is_empty())
        .collect();
    if json {
        #[derive(Serialize)]
        struct Row<'a> {
            id: String,
            #[serde(flatten)]
            row: &'a crate::topic::TopicRow,
        }
        let rows: Vec<Row> = rows
            .iter()
            .map(|r| Row {
                id: lib.reports[r.report].id(),
                row: r,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let figures = |s: &crate::topic::TopicSection| {
        s.figures
            .iter()
            .map(|f| {
                if f.label.is_empty() {
                    f.text.clone()
                } else {
                    format!("{} {}", f.label, f.text)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if csv {
        writeln!(out, "id,district,year,section,title,figures")?;
        for r in &rows {
            for s in &r.sections {
                writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    lib.reports[r.report].id(),
                    csv_field(r.district.as_deref().unwrap_or("")),
                    r.year.map_or(String::new(), |y| y.to_string()),
                    csv_field(&s.path),
                    csv_field(&s.title),
                    csv_field(&figures(s))
                )?;
            }
        }
        return Ok(());
    }
    let name = topics.get(topic).map_or("", |t| t.name.as_str());
    writeln!(
        out,
        "{name}: {} of {} reports",
        rows.len(),
        lib.reports.len()
    )?;
    let mut table = vec![[
        "REPORT".to_string(),
        "SECTION".into(),
        "TITLE".into(),
        "FIGURES".into(),
    ]];
    for r in &rows {
        for s in &r.sections {
            table.push([r.name.clone(), s.path.clone(), s.title.clone(), figures(s)]);
        }
    }
    write_table(&table, out)
}

/// `fazhi index`: load the library into the cache, with progress on stderr.
fn index(cli: &Cli) -> Result<i32> {
    let paths = cli.library_paths();
    anyhow::ensure!(
        !paths.is_empty(),
        "nothing to index: pass --library DIR (the bundled reports need no cache)"
    );
    anyhow::ensure!(!cli.no_cache, "--no-cache and index contradict each other");
    let progress = |done: usize, total: usize| {
        // About twenty lines however large the library.
        if done == total || done.is_multiple_of(total.div_ceil(20).max(1)) {
            eprintln!("indexed {done}/{total} reports…");
        }
    };
    let (lib, stats) = Library::open_with(&paths, &cli.cache_policy(), &progress);
    for p in &lib.problems {
        eprintln!("fazhi: {p}");
    }
    if let Some(e) = stats.cache_error {
        anyhow::bail!(e);
    }
    eprintln!(
        "{} reports: {} from the cache, {} parsed{}",
        lib.reports.len(),
        stats.from_cache,
        stats.parsed,
        stats
            .cache_file
            .map(|f| format!("; cache {}", f.display()))
            .unwrap_or_default()
    );
    Ok(0)
}

/// A match in `fazhi search --json`.
#[derive(Serialize)]
struct SearchRow<'a> {
    report: String,
    district: Option<&'a str>,
    year: Option<u16>,
    /// Section path (`一/（二）`); empty for the text before the first heading.
    section: String,
    /// Title of that section.
    heading: &'a str,
    /// Paragraph index in the section; `None` when the match is in the heading.
    paragraph: Option<usize>,
    text: String,
    /// Character offsets of the match in `text`.
    #[serde(rename = "match")]
    matched: [usize; 2],
}

/// Characters of context either side of a match.
const SNIPPET_CONTEXT: usize = 40;

/// `fazhi search`: print matches as they are found. Exit code 1 when there are none, as
/// with grep.
fn search(lib: &Library, query: &str, regex: bool, json: bool, out: &mut dyn Write) -> Result<i32> {
    let q = if regex {
        Query::regex(query)?
    } else {
        Query::literal(query)?
    };
    let ix = SearchIndex::build(&lib.reports);
    let tty = std::io::stdout().is_terminal();
    let mut failed = None;
    let mut first = true;
    if json {
        write!(out, "[")?;
    }
    let outcome = ix.search(&q, &AtomicBool::new(false), &mut |hit| {
        let r = &lib.reports[hit.place.report];
        let text = search::text_at(&lib.reports, hit.place).unwrap_or_default();
        let snip = search::snippet(text, hit.range, SNIPPET_CONTEXT);
        let section = hit.place.section.map_or(String::new(), |i| r.path(i));
        let written = if json {
            let row = SearchRow {
                report: r.id(),
                district: r.meta.district.as_deref(),
                year: r.meta.year,
                heading: hit.place.section.map_or("", |i| &r.sections[i].title),
                section,
                paragraph: hit.place.paragraph,
                matched: [snip.matched.start, snip.matched.end],
                text: snip.text,
            };
            serde_json::to_string(&row)
                .map_err(std::io::Error::other)
                .and_then(|j| write!(out, "{}\n  {j}", if first { "" } else { "," }))
        } else {
            let (open, close) = if tty {
                ("\x1b[1;31m", "\x1b[0m")
            } else {
                ("[[", "]]")
            };
            let chars: Vec<char> = snip.text.chars().collect();
            let part = |r: Range<usize>| chars[r].iter().collect::<String>();
            writeln!(
                out,
                "{} ({})  {}  {}{open}{}{close}{}",
                r.short_name(),
                r.id(),
                if section.is_empty() { "¶" } else { &section },
                part(0..snip.matched.start),
                part(snip.matched.clone()),
                part(snip.matched.end..chars.len())
            )
        };
        first = false;
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    if json {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    eprintln!(
        "{} matches (searched {} reports)",
        outcome.hits,
        lib.reports.len()
    );
    Ok(if outcome.hits == 0 { 1 } else { 0 })
}
