//! Popups over the reader: the note editor, a yes/no question, and the list of all notes.
//! Each takes the keys while it is open and answers with an [`Outcome`] that the app
//! carries out, so a popup never reaches into the rest of the app.

use super::notes::{Editor, Target};
use crate::note::Note;
use crate::palette::Hit;
use crate::topic::TopicRow;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this note?
    DeleteNote(i64),
    /// Reopen this unsaved draft from an earlier session?
    RestoreDraft(Target, String),
}

/// The list of every note, filtered as you type.
pub struct AllNotes {
    /// The filter line: words match note text, report and section (pinyin too); `#tag`
    /// keeps notes with that tag.
    pub input: TextArea<'static>,
    /// Every note, read when the list opened.
    pub notes: Vec<Note>,
    /// Short report names by report id.
    pub names: std::collections::HashMap<String, String>,
    /// Indices into `notes` that pass the filter, best first.
    pub shown: Vec<usize>,
    /// Selected row of `shown`.
    pub cursor: usize,
}

/// The palette: one input line, results below, a preview of the highlighted one.
pub struct Palette {
    /// The query.
    pub input: TextArea<'static>,
    /// All reports (`true`) or only the open one.
    pub all: bool,
    /// Results of the current query, best first.
    pub hits: Vec<Hit>,
    /// Selected row of `hits`.
    pub cursor: usize,
}

/// One topic across all reports: a row per report, its sections and their figures.
pub struct TopicView {
    /// Topic index.
    pub topic: usize,
    /// Rows as [`crate::topic::Topics::topic_rows`] gives them (reports without the topic
    /// have no sections).
    pub rows: Vec<TopicRow>,
    /// Selected (row, section) pair, as an index into [`TopicView::entries`].
    pub cursor: usize,
}

impl TopicView {
    /// The selectable entries: (row, section index within the row).
    pub fn entries(&self) -> Vec<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| (0..row.sections.len()).map(move |s| (r, s)))
            .collect()
    }
}

/// Search across the whole library: results stream in from a worker thread while typing
/// goes on.
pub struct Everywhere {
    /// The query line.
    pub input: TextArea<'static>,
    /// Regular expression instead of literal text.
    pub regex: bool,
    /// Matches so far, in library order.
    pub hits: Vec<crate::search::Hit>,
    /// Selected row of `hits`.
    pub cursor: usize,
    /// Why the query cannot run (a bad regex), shown instead of results.
    pub error: Option<String>,
    /// The worker for the current query, if it is still sending.
    pub job: Option<SearchJob>,
}

/// A search running on another thread.
pub struct SearchJob {
    /// Set to stop it (a newer query replaced it, or the popup closed).
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Matches as they are found; closed when the search ends.
    pub results: std::sync::mpsc::Receiver<crate::search::Hit>,
}

impl Drop for SearchJob {
    fn drop(&mut self) {
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// An open popup.
pub enum Popup {
    /// Search across all reports.
    Everywhere(Box<Everywhere>),
    /// The palette.
    Palette(Box<Palette>),
    /// A topic across reports.
    Topic(Box<TopicView>),
    /// Writing a note.
    Editor(Box<Editor>),
    /// A yes/no question, with its text.
    Confirm(Question, String),
    /// All notes.
    AllNotes(Box<AllNotes>),
}

/// What the app must do after a key in a popup.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing more; the popup stays.
    Stay,
    /// Close the popup.
    Close,
    /// Save the note being edited.
    SaveNote,
    /// Discard the note being edited (its draft too).
    DiscardNote,
    /// The editor text changed: keep the draft safe.
    Typed,
    /// The answer to a question.
    Answer(Question, bool),
    /// The all-notes filter changed.
    Refilter,
    /// Go to this note.
    JumpToNote(Note),
    /// The palette query changed.
    Requery,
    /// Switch the palette between this report and all reports.
    ToggleScope,
    /// Go where the selected palette result leads.
    Pick,
    /// Open this report at this section (from the topic view).
    OpenSection(usize, usize),
    /// Show the open section's next topic (`t` again in the topic view).
    NextTopic,
    /// The search-everywhere query changed (or switched between literal and regex).
    Research,
    /// Go to the selected search-everywhere match.
    GotoMatch,
}

/// Hand a key to the open popup. `scope_key` says whether the key is the keymap's
/// palette-scope key.
pub fn key(popup: &mut Popup, key: KeyEvent, scope_key: bool) -> Outcome {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match popup {
        Popup::Everywhere(e) => match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Char('r') if ctrl => {
                e.regex = !e.regex;
                Outcome::Research
            }
            KeyCode::Down | KeyCode::Tab => {
                e.cursor = (e.cursor + 1).min(e.hits.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Up | KeyCode::BackTab => {
                e.cursor = e.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::PageDown => {
                e.cursor = (e.cursor + 10).min(e.hits.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::PageUp => {
                e.cursor = e.cursor.saturating_sub(10);
                Outcome::Stay
            }
            KeyCode::Enter => Outcome::GotoMatch,
            KeyCode::Char('m') if ctrl => Outcome::Stay,
            _ => {
                if e.input.input(key) {
                    e.cursor = 0;
                    Outcome::Research
                } else {
                    Outcome::Stay
                }
            }
        },
        Popup::Palette(p) => match key.code {
            _ if scope_key => Outcome::ToggleScope,
            KeyCode::Esc => Outcome::Close,
            KeyCode::Down | KeyCode::Tab => {
                p.cursor = (p.cursor + 1).min(p.hits.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Char('n' | 'j') if ctrl => {
                p.cursor = (p.cursor + 1).min(p.hits.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Up | KeyCode::BackTab => {
                p.cursor = p.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::Char('p' | 'k') if ctrl => {
                p.cursor = p.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::PageDown => {
                p.cursor = (p.cursor + 10).min(p.hits.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::PageUp => {
                p.cursor = p.cursor.saturating_sub(10);
                Outcome::Stay
            }
            KeyCode::Enter => Outcome::Pick,
            KeyCode::Char('m') if ctrl => Outcome::Stay,
            _ => {
                if p.input.input(key) {
                    p.cursor = 0;
                    Outcome::Requery
                } else {
                    Outcome::Stay
                }
            }
        },
        Popup::Topic(t) => {
            let n = t.entries().len();
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') => Outcome::Close,
                KeyCode::Down | KeyCode::Char('j') => {
                    t.cursor = (t.cursor + 1).min(n.saturating_sub(1));
                    Outcome::Stay
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    t.cursor = t.cursor.saturating_sub(1);
                    Outcome::Stay
                }
                KeyCode::Char('t') => Outcome::NextTopic,
                KeyCode::Enter => match t.entries().get(t.cursor) {
                    Some(&(r, s)) => {
                        Outcome::OpenSection(t.rows[r].report, t.rows[r].sections[s].section)
                    }
                    None => Outcome::Stay,
                },
                _ => Outcome::Stay,
            }
        }
        Popup::Editor(ed) => match key.code {
            KeyCode::Char('s') if ctrl => Outcome::SaveNote,
            KeyCode::Esc => {
                if !ed.changed() || ed.confirm_discard {
                    Outcome::DiscardNote
                } else {
                    ed.confirm_discard = true;
                    Outcome::Stay
                }
            }
            _ => {
                ed.confirm_discard = false;
                if ed.textarea.input(key) {
                    ed.draft_dirty = true;
                    Outcome::Typed
                } else {
                    Outcome::Stay
                }
            }
        },
        Popup::Confirm(q, _) => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Outcome::Answer(q.clone(), true),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Outcome::Answer(q.clone(), false),
            _ => Outcome::Stay,
        },
        Popup::AllNotes(list) => match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Down => {
                list.cursor = (list.cursor + 1).min(list.shown.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Char('n') if ctrl => {
                list.cursor = (list.cursor + 1).min(list.shown.len().saturating_sub(1));
                Outcome::Stay
            }
            KeyCode::Up => {
                list.cursor = list.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::Char('p') if ctrl => {
                list.cursor = list.cursor.saturating_sub(1);
                Outcome::Stay
            }
            KeyCode::Enter => match list.shown.get(list.cursor) {
                Some(&i) => Outcome::JumpToNote(list.notes[i].clone()),
                None => Outcome::Stay,
            },
            KeyCode::Char('m') if ctrl => Outcome::Stay,
            _ => {
                if list.input.input(key) {
                    Outcome::Refilter
                } else {
                    Outcome::Stay
                }
            }
        },
    }
}

/// Paste into the popup's text input.
pub fn paste(popup: &mut Popup, text: &str) -> Outcome {
    match popup {
        Popup::Editor(ed) => {
            ed.textarea.insert_str(text);
            ed.draft_dirty = true;
            Outcome::Typed
        }
        Popup::AllNotes(list) => {
            list.input.insert_str(text.replace(['\n', '\r'], " "));
            Outcome::Refilter
        }
        Popup::Palette(p) => {
            p.input.insert_str(text.replace(['\n', '\r'], " "));
            p.cursor = 0;
            Outcome::Requery
        }
        Popup::Everywhere(e) => {
            e.input.insert_str(text.replace(['\n', '\r'], " "));
            e.cursor = 0;
            Outcome::Research
        }
        Popup::Confirm(..) | Popup::Topic(..) => Outcome::Stay,
    }
}

impl AllNotes {
    /// Apply the filter: `#tag` words must be tags of the note, `@name` words must match the
    /// report, other words must all appear in the note's text, report or section.
    pub fn refilter(&mut self) {
        use fuzzy_matcher::skim::SkimMatcherV2;
        use fuzzy_matcher::FuzzyMatcher;
        let query = self.input.lines().join(" ");
        let words: Vec<&str> = query.split_whitespace().collect();
        // Note texts are short and few, so skim's fuzzy matcher ranks them directly; pinyin
        // is tried where the characters do not match.
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<(i64, usize)> = (0..self.notes.len())
            .filter_map(|i| {
                let n = &self.notes[i];
                let name = self.names.get(&n.report_id).cloned().unwrap_or_default();
                let tags = n.tags();
                let mut score = 0;
                for w in &words {
                    if let Some(tag) = w.strip_prefix('#').or_else(|| w.strip_prefix('＃')) {
                        tags.iter().any(|t| t.contains(tag)).then_some(())?;
                    } else if let Some(r) = w.strip_prefix('@') {
                        (name.contains(r) || n.report_id.contains(r)).then_some(())?;
                    } else {
                        let hay =
                            format!("{} {} {} {}", n.body, name, n.anchor.section_path, n.author);
                        score += match matcher.fuzzy_match(&hay, w) {
                            Some(s) => s,
                            None if spelled_within(&format!("{} {}", n.body, name), w) => 1,
                            None if n.anchor.quote.exact.contains(w) => 1,
                            None => return None,
                        };
                    }
                }
                Some((score, i))
            })
            .collect();
        // Best first; equal scores keep the store's order (report, then time).
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }
}

/// Does some run of characters of `hay` spell `query` in pinyin (full readings, initials or
/// the characters themselves, as the palette reads them)? `zfanjuan` is in 执法案卷.
fn spelled_within(hay: &str, query: &str) -> bool {
    let chars: Vec<char> = hay.chars().collect();
    let q = query.chars().count();
    (0..chars.len()).any(|start| {
        (1..=q.min(chars.len() - start)).any(|len| {
            let window: String = chars[start..start + len].iter().collect();
            crate::pinyin::spells(&window, query)
        })
    })
}
