//! The command line: every flag and subcommand (clap), and what the global flags resolve to.

use crate::library::Library;
use crate::store::{CachePolicy, Store};
use crate::topic::Topics;
use crate::tui::keymap::Keymap;
use crate::tui::lang::Lang;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// fazhi (法治): read, compare and annotate rule-of-law government reports.
#[derive(Debug, Parser)]
#[command(name = "fazhi", version)]
pub struct Cli {
    /// Open this folder (searched recursively for .txt/.md/.docx/.doc/.wps/.pdf/.html/.htm) or a file instead
    /// of the bundled reports; repeatable.
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
    Keys {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search every heading and paragraph of the library.
    Search {
        /// Text to find (or a regular expression with --regex).
        query: String,
        /// Treat the query as a regular expression.
        #[arg(long)]
        regex: bool,
        /// Find the text only as typed: not its full-width or Traditional spellings.
        #[arg(long, conflicts_with = "regex")]
        exact: bool,
        /// Print how many matches each report has (reports with none left out), not the
        /// matches.
        #[arg(long, short = 'c')]
        count: bool,
        /// Print JSON (an array, written as matches are found).
        #[arg(long)]
        json: bool,
    },
    /// Parse the library ahead of time into the cache, so the reader opens it at once.
    Index {
        /// Print the summary as JSON on stdout (progress stays on stderr).
        #[arg(long)]
        json: bool,
    },
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
    /// Two reports side by side: sections aligned by topic, shared figures with their change.
    Compare {
        /// The first report: an id (371003-2023) or "district year" in quotes.
        a: String,
        /// The second report.
        b: String,
        /// Print CSV: pairs, then the figures and topics of one side only.
        #[arg(long)]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One topic's figures across the library: a row per report, a column per figure label
    /// that at least two reports state.
    Table {
        /// Topic name, alias or pinyin (行政复议, 复议, xzfy).
        #[arg(num_args = 1.., required = true)]
        topic: Vec<String>,
        /// Sort the rows by this column (a label or its number from 1), largest first.
        #[arg(long, value_name = "COLUMN")]
        sort: Option<String>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// One district's figures year by year, with the change into the latest year.
    History {
        /// District name (文登区), with its prefecture when the name repeats (四平市铁西区),
        /// or its code (371003).
        district: String,
        /// Only figures under this topic, or whose label contains this text.
        filter: Option<String>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Notes: list, export, import.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Serve the reader over SSH to the keys in an authorized_keys file.
    Serve(ServeArgs),
    /// Print a shell completion script: `fazhi completions bash > /etc/bash_completion.d/fazhi`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `fazhi man > ~/.local/share/man/man1/fazhi.1`.
    Man,
    /// Add reports (files, folders, or http:// addresses) to your library in
    /// $XDG_DATA_HOME/fazhi/library, printing what was read from each.
    Add {
        /// Files, folders or addresses.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Take a report out of your library (its notes stay).
    Remove {
        /// Report id, or district and year.
        id: String,
    },
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
/// How a figure table is printed (`table`, `history`): text unless a flag says otherwise.
#[derive(Debug, clap::Args)]
pub struct TableOutput {
    /// Print CSV.
    #[arg(long)]
    pub csv: bool,
    /// Print a Markdown table.
    #[arg(long)]
    pub md: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl TableOutput {
    /// The format the flags choose.
    pub fn format(&self) -> super::compare::Format {
        super::compare::Format::from_flags(self.json, self.csv, self.md)
    }
}

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
    /// Close a connection that has not logged in this many seconds after it opened (0: never).
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub login_grace_time: u64,
    /// Connections logging in at once, as OpenSSH's MaxStartups: past START a new one is
    /// dropped with RATE% chance, rising to every one at FULL. (OpenSSH's default is
    /// 10:30:100; a class of 30 readers connecting at once must all get in.)
    #[arg(long, default_value = "32:30:100", value_name = "START:RATE:FULL")]
    pub max_startups: crate::ssh::admit::Startups,
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

    /// The library the arguments name: `--library` and file arguments, else the bundled
    /// reports together with the user's library (`fazhi add`).
    pub fn open_library(&self) -> Library {
        self.open_library_with(&[])
    }

    /// [`Cli::open_library`] with report files a command names (`fazhi show mine.docx`)
    /// added, unless a `--library` folder already holds them.
    pub fn open_library_with(&self, named: &[PathBuf]) -> Library {
        let mut paths = self.library_paths();
        if paths.is_empty() {
            let dir = crate::user_library::dir(self.notes_dir().as_deref());
            return crate::user_library::open_with_bundled(
                dir.as_deref(),
                named,
                &self.cache_policy(),
            );
        }
        let roots: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
        for file in named {
            let inside = file
                .canonicalize()
                .is_ok_and(|f| roots.iter().any(|r| f.starts_with(r)));
            if !inside {
                paths.push(file.clone());
            }
        }
        let (library, stats) = Library::open_with(&paths, &self.cache_policy(), &|_, _| {});
        store_unwritten(stats.cache_error);
        library
    }

    /// The library as a store, for the commands that read only its tables and text: the
    /// store file brought up to date when the library is given by paths and may be cached,
    /// else a store built in memory from the opened library.
    pub fn open_store(&self) -> (Store, Vec<crate::error::Error>) {
        let paths = self.library_paths();
        let policy = self.cache_policy();
        if !paths.is_empty() && policy != CachePolicy::Off {
            let r = crate::library::refresh::refresh(&paths, &policy, &|_, _| {});
            store_unwritten(r.stats.cache_error);
            return (r.store, r.problems);
        }
        let lib = self.open_library();
        (Store::from_reports(&lib.reports()), lib.problems)
    }

    /// Refuse file arguments that name nothing, suggesting the subcommand one is probably a
    /// typo of (`fazhi lsit`: did you mean `list`?) rather than opening an empty reader.
    pub fn check_files(&self) -> Result<()> {
        let Some(missing) = self.files.iter().find(|f| !f.exists()) else {
            return Ok(());
        };
        let arg = missing.display().to_string();
        // The same closeness clap uses for its own suggestions.
        let suggestion = <Cli as clap::CommandFactory>::command()
            .get_subcommands()
            .map(|c| (strsim::jaro(&arg, c.get_name()), c.get_name().to_string()))
            .filter(|(closeness, _)| *closeness > 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match suggestion {
            Some((_, name)) => {
                anyhow::bail!("{arg}: no such file or subcommand; did you mean `{name}`?")
            }
            None => anyhow::bail!("{arg}: no such file or subcommand (see fazhi --help)"),
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

/// Say so when the library store could not be written (a full disk, a read-only cache): the
/// command goes on from the store built in memory, and the next one tries again.
fn store_unwritten(why: Option<String>) {
    if let Some(why) = why {
        eprintln!("fazhi: {why} (went on without it)");
    }
}
