//! The `fazhi` binary: parse arguments, run, map errors to an exit code.

use anyhow::Context;
use clap::Parser;
use fazhi::cli::{self, Cli};
use fazhi::library::{Library, Loading};
use fazhi::tui::notes::{self, Notes};
use fazhi::tui::{app::App, resume, terminal, theme::Theme};
use std::sync::Arc;

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(&args, command, &mut out)
        }
        None => reader(&args),
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
    let keymap = args.load_keymap()?;
    let topics = args.load_topics()?;
    let paths = args.library_paths();
    // The bundled reports (and the user's own, kept as text) parse in milliseconds; a
    // folder loads in the background so the first frame comes at once.
    let library = if paths.is_empty() {
        let dir = fazhi::user_library::dir(args.notes_dir().as_deref());
        fazhi::user_library::open_with_bundled(dir.as_deref(), &args.cache_policy())
    } else {
        Library::default()
    };
    let mut app = App::new(Arc::new(library), keymap, Theme::from_env(), args.ui_lang());
    app.set_topics(Arc::new(topics));
    app.attach_notes(Notes::open(
        args.notes_dir().as_deref(),
        notes::local_author(),
    ));
    let position = fazhi::xdg::state_dir().map(|d| d.join("position.json"));
    if paths.is_empty() {
        if let (Some(path), false) = (&position, args.fresh) {
            resume::restore(path, &mut app);
        }
    } else {
        if !args.fresh {
            app.resume_from = position.clone();
        }
        app.start_loading(Loading::start(paths, args.cache_policy()));
    }
    let ended = terminal::run_local(&mut app).context("terminal")?;
    if let Some(path) = &position {
        // Losing the reading position is not worth an error after a clean quit.
        let _ = resume::save(path, &app);
    }
    Ok(match ended {
        terminal::Ended::Quit => 0,
        terminal::Ended::Signal(sig) => 128 + sig,
    })
}
