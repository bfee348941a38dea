//! The `fazhi` binary: parse arguments, run, map errors to an exit code.

use anyhow::Context;
use clap::Parser;
use fazhi::cli::{self, Cli};
use fazhi::library::{Library, Loading};
use fazhi::tui::notebook;
use fazhi::tui::session::{keymap_or_default, Session, Start};
use fazhi::tui::{terminal, theme::Theme};
use std::sync::Arc;

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(&args, command, &mut out)
        }
        None => args.check_files().and_then(|()| reader(&args)),
    };
    match code {
        Ok(c) => std::process::exit(c),
        Err(e) => {
            eprintln!("fazhi: {e:#}");
            std::process::exit(1);
        }
    }
}

/// The interactive reader on this terminal; the exit code is 128 + the signal when one ended it.
fn reader(args: &Cli) -> anyhow::Result<i32> {
    let (keymap, problems) = keymap_or_default(args.load_keymap())?;
    let warning = problems.as_ref().map(|p| {
        args.ui_lang()
            .keymap_not_used(p.0.len(), &p.0[0].to_string())
    });
    let topics = args.load_topics()?;
    let paths = args.library_paths();
    // The bundled reports (and the user's own, kept as text) parse in milliseconds; a
    // folder loads in the background so the first frame comes at once.
    let (library, loading) = if paths.is_empty() {
        let dir = fazhi::user_library::dir(args.notes_dir().as_deref());
        let library =
            fazhi::user_library::open_with_bundled(dir.as_deref(), &[], &args.cache_policy());
        (library, None)
    } else {
        let loading = Loading::start(paths, args.cache_policy());
        (Library::default(), Some(loading))
    };
    let mut session = Session::start(Start {
        library: Arc::new(library),
        loading,
        keymap,
        theme: Theme::from_env(),
        lang: args.ui_lang(),
        topics: Arc::new(topics),
        palette: None,
        notes_dir: args.notes_dir(),
        author: notebook::local_author(),
        position: fazhi::xdg::state_dir().map(|d| d.join("position.json")),
        resume: !args.fresh,
        warning,
        remote: false,
    });
    let ended = terminal::run_local(&mut session.app);
    // The draft and the position are kept even when drawing failed.
    session.finish();
    if let Some(problems) = problems {
        eprintln!("fazhi: the keymap was not used; the default keymap was:\n{problems}");
    }
    Ok(match ended.context("terminal")? {
        terminal::Ended::Quit => 0,
        terminal::Ended::Signal(sig) => 128 + sig,
    })
}
