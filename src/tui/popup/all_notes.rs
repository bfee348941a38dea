//! Every note in one list, filtered as you type (`#tag`, `@report`, pinyin).

use super::Reply;
use super::{type_in_line, PAGE};
use crate::note::Note;
use crate::tui::action::Action;
use crate::tui::nav::step;
use crossterm::event::KeyEvent;
use tui_textarea::TextArea;

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

impl AllNotes {
    /// Every note in `notes`, with report names from `names`, unfiltered.
    pub fn new(notes: Vec<Note>, names: std::collections::HashMap<String, String>) -> AllNotes {
        let mut list = AllNotes {
            input: TextArea::default(),
            notes,
            names,
            shown: Vec::new(),
            cursor: 0,
        };
        list.refilter();
        list
    }

    /// A key while the list is open: the action the keymap's `[palette]` section gives it,
    /// or else text for the filter.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        match action {
            Some(Action::Open) => match self.shown.get(self.cursor) {
                Some(&i) => Reply::ViewNote(self.notes[i].clone()),
                None => Reply::Stay,
            },
            Some(Action::Cancel) => Reply::Close,
            Some(a) => {
                self.cursor = step(self.cursor, self.shown.len(), a, PAGE);
                Reply::Stay
            }
            None if type_in_line(&mut self.input, key) => Reply::Refilter,
            None => Reply::Stay,
        }
    }

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
