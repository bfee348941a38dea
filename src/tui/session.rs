//! Starting and finishing a reader session: the same for a local terminal and an SSH
//! channel, so both get the user's topics, notes, a left-over draft offered back, and the
//! reading position restored at the start and saved (with the draft) at the end.

use super::app::App;
use super::keymap::{Keymap, KeymapErrors};
use super::lang::Lang;
use super::notebook::Notes;
use super::theme::Theme;
use crate::library::{Library, Loading};
use crate::palette::PaletteIndex;
use crate::topic::Topics;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything a session starts from.
pub struct Start {
    /// The reports (empty while `loading` fills it in).
    pub library: Arc<Library>,
    /// A library still loading in the background; the reader opens at once and shows it
    /// when it is ready.
    pub loading: Option<Loading>,
    /// Keys → actions.
    pub keymap: Keymap,
    /// Styles.
    pub theme: Theme,
    /// UI language.
    pub lang: Lang,
    /// The topic list.
    pub topics: Arc<Topics>,
    /// The palette's candidates when already built for these reports and topics (a server
    /// builds them once for every session).
    pub palette: Option<Arc<PaletteIndex>>,
    /// The notes store's directory (`None`: no notes, and the reader says why).
    pub notes_dir: Option<PathBuf>,
    /// Whose notes and drafts these are.
    pub author: String,
    /// Where the reading position is kept.
    pub position: Option<PathBuf>,
    /// Go back to the saved position (false: `--fresh`).
    pub resume: bool,
    /// Something to tell the user on the first screen (a keymap that was not used).
    pub warning: Option<String>,
    /// The user is at another machine (`fazhi serve`): the reader writes no file they name,
    /// since it would be written as the server's user.
    pub remote: bool,
}

/// A running session: the app, and what its end must save.
pub struct Session {
    /// The reader.
    pub app: App,
    position: Option<PathBuf>,
}

/// The keymap to start with: `loaded`, or when the user's file was refused, the default
/// keymap and every problem of the file (the reader starts anyway and says so).
pub fn keymap_or_default(
    loaded: anyhow::Result<Keymap>,
) -> anyhow::Result<(Keymap, Option<KeymapErrors>)> {
    match loaded {
        Ok(keymap) => Ok((keymap, None)),
        Err(e) => match e.downcast::<KeymapErrors>() {
            Ok(problems) => Ok((Keymap::default_map(), Some(problems))),
            Err(e) => Err(e),
        },
    }
}

impl Session {
    /// Set up the reader: topics, palette, notes (offering back a left-over draft) and the
    /// saved reading position — at once, or once the library has loaded.
    pub fn start(start: Start) -> Session {
        let mut app = App::new(start.library, start.keymap, start.theme, start.lang);
        app.set_topics(start.topics);
        if let Some(index) = start.palette {
            app.share_palette(index);
        }
        app.attach_notes(Notes::open(start.notes_dir.as_deref(), start.author));
        app.remote = start.remote;
        if app.message.is_none() {
            app.message = start.warning;
        }
        let resume_from = start.position.clone().filter(|_| start.resume);
        match start.loading {
            Some(loading) => {
                app.resume_from = resume_from;
                app.start_loading(loading);
            }
            None => {
                if let Some(path) = &resume_from {
                    super::resume::restore(path, &mut app);
                }
            }
        }
        Session {
            app,
            position: start.position,
        }
    }

    /// End the session, however it ended (quit, error, signal, lost connection): an open
    /// editor's text goes to its draft and waits until written, and the reading position is
    /// saved. A session dropped without this — a panic unwinding through its owner — does
    /// the same on drop.
    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // While a panic unwinds, the app may be half-updated; the draft is still the
        // editor's text, which is what must not be lost.
        self.app.flush_draft();
        self.app.notes.finish_writes();
        if let Some(path) = &self.position {
            // Losing the reading position is not worth an error at the end of a session.
            let _ = super::resume::save(path, &self.app);
        }
    }
}
