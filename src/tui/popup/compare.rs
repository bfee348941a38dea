//! Two reports side by side, and the chooser that picks the second one.

use super::Reply;
use crate::compare::Comparison;
use crate::report::Report;
use crate::tui::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashSet;
use tui_textarea::TextArea;

/// Which report a narrow terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The open report.
    A,
    /// The report it is compared with.
    B,
}

/// The open report (A) beside another (B), one row per pair of aligned sections.
pub struct SideBySide {
    /// Report A (the open one).
    pub a: usize,
    /// Report B.
    pub b: usize,
    /// Sections aligned by topic and figures paired.
    pub cmp: Comparison,
    /// The first line shown, counted over all rows as laid out for the current width.
    pub top: usize,
    /// The side a narrow terminal shows.
    pub side: Side,
    /// Paragraphs of A with notes on them: (section path, paragraph within the section).
    pub noted_a: HashSet<(String, usize)>,
    /// Paragraphs of B with notes on them.
    pub noted_b: HashSet<(String, usize)>,
}

impl SideBySide {
    /// An action from the keymap while the view is open.
    pub fn act(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Cancel | Action::Quit) => Reply::Close,
            Some(Action::NextPane | Action::PrevPane | Action::Left | Action::Right) => {
                self.side = match self.side {
                    Side::A => Side::B,
                    Side::B => Side::A,
                };
                Reply::Stay
            }
            Some(
                a @ (Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::HalfPageUp
                | Action::HalfPageDown
                | Action::Top
                | Action::Bottom
                | Action::NextSection
                | Action::PrevSection
                | Action::Open),
            ) => Reply::Compare(a),
            _ => Reply::Stay,
        }
    }
}

/// Why a report is offered near the top of the chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kin {
    /// The same district in an earlier year, latest first.
    EarlierYear,
    /// The same prefecture (or, lacking one, province) in the same year.
    Neighbour,
    /// Any other report.
    Other,
}

/// Choosing report B: every other report, the related ones first, filtered as you type.
pub struct Chooser {
    /// Report A.
    pub a: usize,
    /// The filter.
    pub input: TextArea<'static>,
    /// Every other report with its kinship to A, in the order offered.
    pub all: Vec<(usize, Kin)>,
    /// Indices into `all` that pass the filter.
    pub shown: Vec<usize>,
    /// Selected row of `shown`.
    pub cursor: usize,
}

impl Chooser {
    /// The reports to compare `a` with: the same district's earlier years first, then the
    /// same year in the same prefecture, then the rest by name.
    pub fn new<'a>(reports: &'a [Report], a: usize) -> Chooser {
        let me = &reports[a].meta;
        let mut all: Vec<(usize, Kin)> = reports
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != a)
            .map(|(i, r)| {
                let m = &r.meta;
                let same_district = m.district.is_some()
                    && m.district == me.district
                    && m.prefecture == me.prefecture;
                let region =
                    |m: &'a crate::report::Meta| m.prefecture.as_ref().or(m.province.as_ref());
                let kin = if same_district && m.year < me.year {
                    Kin::EarlierYear
                } else if !same_district && m.year == me.year && region(m) == region(me) {
                    Kin::Neighbour
                } else {
                    Kin::Other
                };
                (i, kin)
            })
            .collect();
        // One key per report (a sort by comparator would build names again and again).
        all.sort_by_cached_key(|&(i, kin)| {
            let m = &reports[i].meta;
            let latest_first = match kin {
                Kin::EarlierYear => std::cmp::Reverse(m.year),
                _ => std::cmp::Reverse(None),
            };
            (kin, latest_first, m.short_name())
        });
        let mut c = Chooser {
            a,
            input: TextArea::default(),
            shown: (0..all.len()).collect(),
            all,
            cursor: 0,
        };
        c.refilter(reports);
        c
    }

    /// Keep the reports whose place names or year contain the filter, or whose names it
    /// spells in pinyin (`wd` or `wendeng` for 文登区).
    pub fn refilter(&mut self, reports: &[Report]) {
        let q = self.input.lines().join("").trim().to_lowercase();
        self.shown = (0..self.all.len())
            .filter(|&k| {
                if q.is_empty() {
                    return true;
                }
                let m = &reports[self.all[k].0].meta;
                let names = [&m.province, &m.prefecture, &m.district];
                let text: String = names.iter().filter_map(|n| n.as_deref()).collect();
                let year = m.year.map(|y| y.to_string()).unwrap_or_default();
                q.split_whitespace().all(|w| {
                    text.contains(w)
                        || year.contains(w)
                        || names
                            .iter()
                            .filter_map(|n| n.as_deref())
                            .any(|n| spells_start(n, w))
                })
            })
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    /// The report under the cursor.
    pub fn chosen(&self) -> Option<usize> {
        self.shown.get(self.cursor).map(|&k| self.all[k].0)
    }

    /// A key while the chooser is open: arrows move, `Enter` compares, the rest is text.
    pub fn key(&mut self, key: KeyEvent) -> Reply {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Char('g') if ctrl => Reply::Close,
            KeyCode::Down | KeyCode::Tab => {
                self.cursor = (self.cursor + 1).min(last);
                Reply::Stay
            }
            KeyCode::Char('n' | 'j') if ctrl => {
                self.cursor = (self.cursor + 1).min(last);
                Reply::Stay
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::Char('p' | 'k') if ctrl => {
                self.cursor = self.cursor.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::Enter => match self.chosen() {
                Some(b) => Reply::CompareWith(b),
                None => Reply::Stay,
            },
            KeyCode::Char('m') if ctrl => Reply::Stay,
            _ => {
                if self.input.input(key) {
                    self.cursor = 0;
                    Reply::Rechoose
                } else {
                    Reply::Stay
                }
            }
        }
    }
}

/// `query` spells the start of `name` in pinyin: `wd` and `wendeng` for 文登区.
fn spells_start(name: &str, query: &str) -> bool {
    name.char_indices()
        .skip(1)
        .map(|(i, _)| &name[..i])
        .chain(std::iter::once(name))
        .any(|prefix| crate::pinyin::spells(prefix, query))
}
