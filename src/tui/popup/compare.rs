//! Two reports side by side, and the chooser that picks the second one.

use super::{type_in_line, Reply, PAGE};
use crate::compare::Comparison;
use crate::palette::{CandidateKey, CandidateKind, Hit, PaletteIndex, QueryCache, Scope};
use crate::report::Meta;
use crate::report::Report;
use crate::tui::action::Action;
use crate::tui::nav::step;
use crossterm::event::KeyEvent;
use std::collections::HashSet;
use std::sync::Arc;
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
    /// Reports A and B, held while the view is open.
    pub reports: (Arc<Report>, Arc<Report>),
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

/// Choosing report B: the palette restricted to reports ([`PaletteIndex::reports`]), keys
/// from the keymap's `[palette]` section. Reports related to A come first while the query is
/// empty, and ahead of other reports that match a query equally well.
pub struct Chooser {
    /// Report A.
    pub a: usize,
    /// The query.
    pub input: TextArea<'static>,
    /// Reports related to A, in the order offered: the same district's earlier years (latest
    /// first), then the same year in the same prefecture (by name).
    pub related: Vec<(usize, Kin)>,
    /// The reports matching the query (A left out), best first, with their matches.
    pub hits: Vec<(usize, Hit)>,
    /// Selected row of `hits`.
    pub cursor: usize,
    /// This chooser's previous query, so each keystroke rescores only what still matches.
    pub cache: QueryCache,
}

impl Chooser {
    /// The chooser for comparing report `a`, before any query.
    pub fn new(reports: &[Meta], a: usize) -> Chooser {
        let me = &reports[a];
        // The prefecture, or lacking one the province.
        fn region(m: &Meta) -> Option<&String> {
            m.prefecture.as_ref().or(m.province.as_ref())
        }
        let mut related: Vec<(usize, Kin)> = reports
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != a)
            .filter_map(|(i, m)| {
                let same_district = m.district.is_some()
                    && m.district == me.district
                    && m.prefecture == me.prefecture;
                if same_district && m.year < me.year {
                    Some((i, Kin::EarlierYear))
                } else if !same_district && m.year == me.year && region(m) == region(me) {
                    Some((i, Kin::Neighbour))
                } else {
                    None
                }
            })
            .collect();
        related.sort_by_cached_key(|&(i, kin)| {
            let m = &reports[i];
            let latest_first = match kin {
                Kin::EarlierYear => std::cmp::Reverse(m.year),
                _ => std::cmp::Reverse(None),
            };
            (kin, latest_first, m.short_name())
        });
        Chooser {
            a,
            input: TextArea::default(),
            related,
            hits: Vec::new(),
            cursor: 0,
            cache: QueryCache::default(),
        }
    }

    /// Match the query against `index` (made by [`PaletteIndex::reports`] from the library).
    pub fn requery(&mut self, index: &PaletteIndex) {
        let query = self.input.lines().join("");
        let first: Vec<CandidateKey> = self
            .related
            .iter()
            .map(|&(r, _)| CandidateKind::Report(r))
            .collect();
        let scope = Scope::All { current: None };
        let hits = index.query_cached(&mut self.cache, &query, scope, &first);
        self.hits = hits
            .into_iter()
            .filter_map(|h| Some((index.candidates()[h.candidate].kind.report()?, h)))
            .filter(|&(r, _)| r != self.a)
            .collect();
        self.cursor = self.cursor.min(self.hits.len().saturating_sub(1));
    }

    /// Why report `r` is offered first, if it is.
    pub fn kin(&self, r: usize) -> Kin {
        self.related
            .iter()
            .find(|&&(i, _)| i == r)
            .map_or(Kin::Other, |&(_, kin)| kin)
    }

    /// The report under the cursor.
    pub fn chosen(&self) -> Option<usize> {
        self.hits.get(self.cursor).map(|&(r, _)| r)
    }

    /// A key while the chooser is open: the action the keymap's `[palette]` section gives it,
    /// or else text for the query.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        match action {
            Some(Action::Open) => self.chosen().map_or(Reply::Stay, Reply::CompareWith),
            Some(Action::Cancel) => Reply::Close,
            Some(a) => {
                self.cursor = step(self.cursor, self.hits.len(), a, PAGE);
                Reply::Stay
            }
            None if type_in_line(&mut self.input, key) => {
                self.cursor = 0;
                Reply::Rechoose
            }
            None => Reply::Stay,
        }
    }
}
