//! The command palette: every topic, section heading and figure of all reports, found by
//! typing Chinese, pinyin (full syllables, initials, or both), or Chinese and pinyin mixed.
//!
//! [`PaletteIndex::build`] turns reports into [`Candidate`]s and precomputes, once, the pinyin
//! of every distinct character. [`PaletteIndex::query`] scores candidates on each keystroke.
//!
//! The index is built in stages, a file each: `build` (candidates, the glyph arena, the
//! one- and two-letter tables), `plan` (a query compiled against the glyphs), `matcher`
//! (scoring candidates against a plan) and `rank` (ordering, highlights, the empty query).
//!
//! # Matching
//!
//! Each character of a candidate can take up a piece of the query:
//! - itself (`复` for 复, `a` for `A`),
//! - any of its readings in full (`xing` or `hang` for 行),
//! - the first letter of a reading (`x` for 行), or, at the end of the query only, a longer
//!   beginning of one (`xin`, which is what the user has typed so far on the way to `xing`).
//!
//! Characters may be skipped (a fuzzy match), so `xzfy`, `xingzhengfuyi`, `xz复议` and `复议`
//! all find 行政复议, and `zfzn` finds 政府职能. The best way of taking up the query is found by
//! dynamic programming, so a choice such as `xian` = 西安 or 先 is never made greedily.
//! One limit keeps fuzziness sensible: a character typed by a lone initial must be followed
//! directly by the next taken character (the matcher state, `Scratch`, says why), except at the end of the query.
//!
//! This is a purpose-built matcher rather than `fuzzy_matcher::skim::SkimMatcherV2`: skim can
//! only match one string, while a candidate here is a lattice (every heteronym reading of every
//! character, mixed with the characters themselves), and skim measured 0.4 µs per candidate
//! even on misses, 60 ms per keystroke at 150,000 candidates before any pinyin.
//!
//! # Ranking
//!
//! Scores follow the spirit of skim/fzf. A query letter is worth more inside a whole syllable
//! than as an initial, and a character typed as itself is worth more than any reading of it:
//! - a character typed as itself scores [`SCORE_EXACT`]; a reading typed in full scores
//!   [`SCORE_FULL_LETTER`] per letter; an initial scores [`SCORE_INITIAL`] — so `hang` never
//!   outranks an exact hit of 行, `hang` on 行 beats `h`+`an`+`g` spread over 行政执法案卷评查合格,
//!   and whole syllables beat stray initials. Part of a reading ([`SCORE_PREFIX_LETTER`] per
//!   letter) only counts at the end of the query, where the user is still typing: `zhen`+`g`
//!   is not a way to type 政关;
//! - each character taken right after the previous one adds [`BONUS_CONSECUTIVE`], and each gap
//!   costs [`PENALTY_GAP_START`] plus [`PENALTY_GAP_EXTENSION`] per further skipped character, so
//!   a contiguous, whole-word hit beats a scattered one; characters skipped before the first
//!   hit or after the last cost nothing;
//! - a character at the start of a field or after punctuation/space adds [`BONUS_BOUNDARY`];
//! - the field matters: a topic name adds [`BONUS_TOPIC`], a section heading (with its
//!   breadcrumb, so `qianshan xzzf` works) [`BONUS_HEADING`]; a section's topic tags and a
//!   figure's label and value add nothing — so a heading hit beats a figure-label hit of the
//!   same quality. A figure's location is shown but not searched;
//! - for equal scores, candidates of the current report come first, then recent jumps (most
//!   recent first), then topics before sections before figures, then index order.
//!
//! # Speed and memory
//!
//! Candidates are scored through their *units*, the distinct strings that are searched: a
//! figure's label and value (`受理行政复议申请 82件` recurs across reports), a section's topic
//! tags, a heading. A field's score depends on its characters alone, so each unit is scored
//! once per keystroke and only the best-scoring units are followed back to their candidates
//! (`unit`); the ranking is exactly that of scoring every candidate on its own.
//!
//! Per query, a table says for each distinct character which pieces of the query it can take
//! up, so scanning a unit is one table look-up per character. A one-letter query matches
//! nearly everything, so its answer is precomputed per unit (`Letters`, stored letter by
//! letter so a query reads one contiguous column), and only the units that can hold its best
//! hits are ranked. Large sets are scored on all cores, in small
//! shares taken on demand, so a thread that waits for a core on a busy machine does not hold up
//! the answer. Only the best [`MAX_HITS`] hits are ranked in full and get highlight positions.
//!
//! A candidate costs its [`Candidate`] (kind and shown text) and a few fixed-width rows
//! (its fields, owner, postings); characters, signatures and letter tables are per unit, and
//! candidate keys are found from the order candidates are built in rather than a map.
//!
//! A unit is stored as *parts* (a heading as its report's name, its section numbers and its
//! title; a figure as its label and value), each distinct part once, and a long part also as
//! its clauses, each once (`part`). A keystroke scans each distinct part once; a unit scores the
//! best of its parts, unless a match may cross from one part into the next, which a bound from
//! the rest of the query settles (`part`). So a unit scores at most the best bound of its parts,
//! and the best units are found from the parts (`unit`): parts in order of their bound, each
//! leading to the units that hold it, a unit scored when first met, until enough candidates
//! are posted above every unit not yet met. A keystroke visits the units that can rank, not
//! all that match (of 600,000 units at 25,000 reports, `xingzheng` matches 195,000 and meets
//! 20,000).
//!
//! When a query extends the previous one, only the parts left alive by it are scanned (a part
//! that matched, or left a partial match that may go on into a part after it), and a part it
//! left dead is not scanned again unless a partial match may go on into it; the per-part table
//! and that pool are kept in the [`QueryCache`]. (Measured: `benches/palette.rs`,
//! `benches/find.rs`.)

mod build;
mod matcher;
mod part;
mod plan;
mod rank;
mod unit;

use build::{FieldRef, Glyph};
use std::collections::HashMap;
use std::ops::Range;
use unit::{PartUnits, Postings};

/// Score of a candidate character typed as itself. Above the best pinyin can score for one
/// character (6 letters × [`SCORE_FULL_LETTER`] = 78), so a reading never beats the character.
pub const SCORE_EXACT: i32 = 80;
/// Score per letter of a reading typed in full (`hang` for 行: 4 × 13).
pub const SCORE_FULL_LETTER: i32 = 13;
/// Score per letter of a reading typed in part, at the end of the query (`xin` on the way to
/// `xing`).
pub const SCORE_PREFIX_LETTER: i32 = 11;
/// Score of a character typed as the first letter of a reading (`x` for 行).
pub const SCORE_INITIAL: i32 = 4;
/// Added for each character taken right after the previous taken character.
pub const BONUS_CONSECUTIVE: i32 = 8;
/// Added for a character taken at the start of a field or after punctuation or space.
pub const BONUS_BOUNDARY: i32 = 6;
/// Subtracted once for each run of skipped characters between two taken ones.
pub const PENALTY_GAP_START: i32 = 12;
/// Subtracted for each skipped character in a run after the first.
pub const PENALTY_GAP_EXTENSION: i32 = 1;
/// Added to a match in a topic's name.
pub const BONUS_TOPIC: i32 = 24;
/// Added to a match in a topic's aliases.
pub const BONUS_TOPIC_ALIAS: i32 = 16;
/// Added to a match in a section's heading (its breadcrumb and title).
pub const BONUS_HEADING: i32 = 8;
/// How many hits [`PaletteIndex::query`] returns at most; a palette shows far fewer.
pub const MAX_HITS: usize = 200;
/// Longer queries are cut to this many characters (nobody types more into a palette).
pub const MAX_QUERY_CHARS: usize = 64;

/// What a candidate leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// A topic, by index in [`Topics::all`](crate::topic::Topics::all).
    Topic(usize),
    /// A whole report, by index; only in an index of reports ([`PaletteIndex::reports`]).
    Report(usize),
    /// A section of a report.
    Section {
        /// Report index.
        report: usize,
        /// Index in [`Report::sections`](crate::report::Report::sections).
        section: usize,
    },
    /// A figure in a paragraph.
    Figure {
        /// Report index.
        report: usize,
        /// Section index, `None` for the preamble.
        section: Option<usize>,
        /// Paragraph index within the section (or the preamble).
        paragraph: usize,
        /// Figure index within the paragraph.
        figure: usize,
    },
}

/// Identifies a candidate across index rebuilds (as long as the reports stay the same), e.g.
/// in the list of recent jumps.
pub type CandidateKey = CandidateKind;

impl CandidateKind {
    /// The report this candidate belongs to; `None` for topics.
    pub fn report(&self) -> Option<usize> {
        match *self {
            CandidateKind::Topic(_) => None,
            CandidateKind::Report(report)
            | CandidateKind::Section { report, .. }
            | CandidateKind::Figure { report, .. } => Some(report),
        }
    }

    /// Where a figure is in its report: (section, paragraph, figure), in document order.
    fn figure_place(&self) -> Option<(Option<usize>, usize, usize)> {
        match *self {
            CandidateKind::Figure {
                section,
                paragraph,
                figure,
                ..
            } => Some((section, paragraph, figure)),
            _ => None,
        }
    }

    /// Tie-break rank: topics before sections before figures.
    fn rank(&self) -> u32 {
        match self {
            CandidateKind::Report(_) => 3,
            CandidateKind::Topic(_) => 2,
            CandidateKind::Section { .. } => 1,
            CandidateKind::Figure { .. } => 0,
        }
    }
}

/// One entry of the palette.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What choosing it leads to.
    pub kind: CandidateKind,
    /// What is shown, e.g. `千山区 2023 › 一、 › （七）健全完善社会矛盾纠纷… 〔矛盾纠纷化解 行政复议〕`
    /// or `受理行政复议申请 82件 · 文登区 2023 › 一/（五）`.
    pub text: String,
}

/// Which candidates a query looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Topics and the candidates of this report only.
    CurrentReport(usize),
    /// Everything; candidates of `current` (if any) win ties.
    All {
        /// The report being read.
        current: Option<usize>,
    },
}

/// One result of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`PaletteIndex::candidates`].
    pub candidate: usize,
    /// Higher is better; 0 for an empty query.
    pub score: i64,
    /// Char indices into the candidate's text to highlight (also for pinyin matches: the
    /// characters whose readings were typed).
    pub matched: Vec<usize>,
}

/// One palette's memory of its previous query, so that a query extending it (`xz` → `xzf`)
/// rescores only the previous matches (a candidate that does not match `xz` cannot match
/// `xzf`). It belongs to whoever types: each reader (each SSH session) keeps its own, so
/// sessions sharing one [`PaletteIndex`] neither wait on each other nor spoil each other's
/// cache.
#[derive(Debug, Default)]
pub struct QueryCache {
    previous: Option<Previous>,
    /// The per-part scans of a keystroke, kept for the next one.
    parts: part::PartTable,
}

/// The result of the previous query.
#[derive(Debug)]
struct Previous {
    /// The [`PaletteIndex::id`] it was computed on: candidate ids mean nothing in another index.
    index: u64,
    query: Vec<char>,
    scope: Scope,
    /// What may match: parts for [`Scope::All`] (a unit matching a longer query has a part
    /// that matched this one or left a partial match that may go on), candidates for a report.
    pool: Vec<u32>,
}

/// The palette's candidates with their precomputed pinyin.
///
/// Stored compactly: a candidate is its [`Candidate`] and a few fixed-width rows; the
/// characters that are searched are kept once per distinct string (a *unit*, see `unit`), and
/// the per-query tables (signatures, one- and two-letter answers) are per unit too.
#[derive(Debug)]
pub struct PaletteIndex {
    candidates: Vec<Candidate>,
    /// Candidate `c`'s fields are `fields[field_starts[c]..field_starts[c + 1]]`.
    field_starts: Vec<u32>,
    fields: Vec<FieldRef>,
    /// Every part's characters as glyph ids, with the [`BOUNDARY`] flag.
    arena: Vec<u16>,
    glyphs: Vec<Glyph>,
    glyph_ids: HashMap<char, u16>,
    /// Every reading, as characters to compare with the query.
    syllables: Vec<Vec<char>>,
    /// Part `p`'s characters are `arena[part_starts[p]..part_starts[p + 1]]`.
    part_starts: Vec<u32>,
    /// Part `p`'s clauses are `clauses[r.0..r.1]` for `r = clause_ranges[p]` (none for a part
    /// of one clause); a clause is a part of its own.
    clause_ranges: Vec<(u32, u32)>,
    clauses: Vec<u32>,
    /// Per part: the letters (as in `letter_bit`) it has as characters of their own (`APP`).
    part_letters: Vec<u32>,
    /// Per part: its [`Signature`](build::Signature), as `blooms` and `initials` are per unit.
    part_blooms: Vec<u128>,
    part_initials: Vec<u32>,
    /// Unit `u` is the parts `parts[unit_parts[u]..unit_parts[u + 1]]`, its characters theirs
    /// one after the other.
    unit_parts: Vec<u32>,
    parts: Vec<u32>,
    /// Per unit: its [`Signature::bloom`].
    blooms: Vec<u128>,
    /// Per unit: its [`Signature::initials`].
    initials: Vec<u32>,
    /// [`Letters`] of every unit, stored by letter: `single[l][u]`, `pairs[a][u]`. A
    /// query reads the one column of its first letter, which is contiguous, instead of a
    /// cache line of every unit.
    single: Vec<Vec<u8>>,
    pairs: Vec<Vec<u32>>,
    /// From units back to candidates.
    postings: Postings,
    /// From parts back to units.
    part_units: PartUnits,
    /// The most fields a candidate has, so the most times it is posted.
    max_fields: usize,
    /// Per candidate, for ranking without touching the candidates: report index + 1 (0 for a
    /// topic) shifted left by 2, with the kind's tie-break rank in the low 2 bits.
    owners: Vec<u32>,
    /// Candidates of the topics, then of each report (its sections, then its figures).
    topic_range: Range<usize>,
    report_ranges: Vec<Range<usize>>,
    /// Distinct for every index built in this process, so a [`QueryCache`] filled on one
    /// index is not reused on a rebuilt one.
    id: u64,
}

impl PaletteIndex {
    /// All candidates; [`Hit::candidate`] indexes this.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// How many candidates a query in `scope` looks at.
    pub fn scope_len(&self, scope: Scope) -> usize {
        let (topics, report) = self.scope_ranges(scope);
        topics.len() + report.len()
    }

    /// The candidate with this key, if the index has it: found from the order candidates are
    /// built in rather than kept in a map (which would cost as much as the candidates).
    pub fn find(&self, key: &CandidateKey) -> Option<usize> {
        let at = match *key {
            CandidateKind::Topic(t) => t,
            // Only in the palette restricted to reports, one candidate each.
            CandidateKind::Report(report) => self.report_ranges.get(report)?.start,
            CandidateKind::Section { report, section } => {
                self.report_ranges.get(report)?.start + section
            }
            CandidateKind::Figure { report, .. } => {
                let range = self.report_ranges.get(report)?.clone();
                let own = &self.candidates[range.clone()];
                // A report's sections come first, then its figures in document order.
                let sections = own.partition_point(|c| c.kind.figure_place().is_none());
                let found = own[sections..]
                    .binary_search_by_key(&key.figure_place(), |c| c.kind.figure_place())
                    .ok()?;
                range.start + sections + found
            }
        };
        (self.candidates.get(at)?.kind == *key).then_some(at)
    }

    /// The best hits for `query` in `scope`, best first, at most [`MAX_HITS`], scoring every
    /// candidate in scope. A palette that queries on each keystroke uses
    /// [`PaletteIndex::query_cached`] instead.
    ///
    /// `recent` lists recent jumps, most recent first; they win ties. An empty query lists
    /// the topics first, then the recent jumps, then the rest in document order. Whitespace in
    /// the query is ignored and case does not matter.
    pub fn query(&self, query: &str, scope: Scope, recent: &[CandidateKey]) -> Vec<Hit> {
        self.query_cached(&mut QueryCache::default(), query, scope, recent)
    }

    /// As [`PaletteIndex::query`], reusing `cache` when this query extends the previous one
    /// made with it on this index; the answer is the same either way.
    pub fn query_cached(
        &self,
        cache: &mut QueryCache,
        query: &str,
        scope: Scope,
        recent: &[CandidateKey],
    ) -> Vec<Hit> {
        let q: Vec<char> = query
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .take(MAX_QUERY_CHARS)
            .collect();
        if q.is_empty() {
            return self.browse(scope, recent);
        }
        let plan = self.plan(&q);
        let reuse = cache
            .previous
            .take()
            .filter(|p| p.index == self.id && p.scope == scope && q.starts_with(&p.query))
            .map(|p| p.pool);
        // The whole index is scored by unit, one report's candidates one by one.
        let (pool, hits) = match scope {
            Scope::All { .. } => {
                let (matches, pool) = match (plan.len, plan.first) {
                    // One letter: every unit's answer is precomputed.
                    (1, Some(l)) => (self.single_units(l), self.part_units.used.clone()),
                    _ => {
                        let pool = reuse.as_deref().unwrap_or(&self.part_units.used);
                        self.best_units(&plan, pool, &mut cache.parts)
                    }
                };
                (pool, self.rank_units(&plan, &matches, scope, recent))
            }
            Scope::CurrentReport(_) => {
                let pool = reuse.unwrap_or_else(|| self.scope_ids(scope));
                let matches = self.score_all(&plan, &pool);
                let hits = self.rank(&plan, &matches, scope, recent);
                (matches.into_iter().map(|(_, c)| c).collect(), hits)
            }
        };
        cache.previous = Some(Previous {
            index: self.id,
            query: q,
            scope,
            pool,
        });
        hits
    }
}

#[cfg(test)]
mod tests;
