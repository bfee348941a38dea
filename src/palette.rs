//! The command palette: every topic, section heading and figure of all reports, found by
//! typing Chinese, pinyin (full syllables, initials, or both), or Chinese and pinyin mixed.
//!
//! [`PaletteIndex::build`] turns reports into [`Candidate`]s and precomputes, once, the pinyin
//! of every distinct character. [`PaletteIndex::query`] scores candidates on each keystroke.
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
//! # Speed
//!
//! Per query, a table says for each distinct character which pieces of the query it can take
//! up, so scanning a candidate is one table look-up per character. When a query extends the
//! previous one, only the previous matches are rescored (a candidate that does not match
//! `xz` cannot match `xzf`). The first two letters of a pinyin query match nearly everything,
//! so their answers are precomputed per candidate (`Letters`, stored letter by letter so a
//! query reads one contiguous column); a per-candidate signature skips candidates lacking a
//! typed Chinese character. Large candidate sets are scored on all cores, in small shares taken
//! on demand, so a thread that waits for a core on a busy machine does not hold up the answer.
//! Only the best [`MAX_HITS`] hits are ranked in full and get highlight positions.
//!
//! What is left is inherent to fuzzy pinyin over this kind of text: 行政 is in nearly every
//! heading, so after `xingzh` some 40,000 of 150,000 candidates still match and each must be
//! scored; bounding scores from the previous keystroke does not help, because the best
//! thousands of them score within a few points of each other. (Measured: `benches/palette.rs`.)

use crate::report::{FigureKind, Report};
use crate::topic::Topics;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

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

/// How many candidates a thread scores at a time when a query runs on several cores.
const SHARE: usize = 4096;
/// Below this many candidates a query runs on one core: threads would cost more than they save.
const PARALLEL_THRESHOLD: usize = 20_000;
/// Flag in the character arena: the character starts a word (see [`BONUS_BOUNDARY`]).
const BOUNDARY: u16 = 1 << 15;
/// Mask of the glyph id in the arena. Ids are 15 bits so that scanning the arena, which is
/// what a keystroke mostly does, reads half the memory it would with 32-bit ids.
const ID_MASK: u16 = !BOUNDARY;
/// How many glyph ids there can be.
const GLYPH_SPACE: usize = ID_MASK as usize + 1;
/// The glyph that stands for every character beyond the first 32,767 distinct ones (reports
/// use well under 10,000); those characters can then no longer be matched.
const OVERFLOW_GLYPH: u16 = ID_MASK;
/// "No position yet" in the matcher's state.
const NONE: u32 = u32::MAX;

/// What a candidate leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// A topic, by index in [`Topics::all`].
    Topic(usize),
    /// A section of a report.
    Section {
        /// Report index.
        report: usize,
        /// Index in [`Report::sections`].
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
            CandidateKind::Section { report, .. } | CandidateKind::Figure { report, .. } => {
                Some(report)
            }
        }
    }

    /// Tie-break rank: topics before sections before figures.
    fn rank(&self) -> u32 {
        match self {
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

/// A distinct character of the index with its readings.
#[derive(Debug)]
struct Glyph {
    /// Lowercased, as compared with the query.
    lower: char,
    /// Indices into [`PaletteIndex::syllables`]; empty for characters without pinyin.
    readings: Vec<u16>,
    /// Letters (as in [`letter_bit`]) that can take this character alone: initials, one-letter
    /// readings, the character itself.
    starts: u32,
    /// Of those, the ones that are not a lone initial: one-letter readings, the character.
    strong: u32,
    /// The character itself, when it is a letter.
    exact: u32,
    /// First two letters of each reading of two letters or more.
    digraphs: Vec<(u8, u8)>,
}

impl Glyph {
    /// Score of this character typed as the one letter `l` (0–25), as the matcher scores it.
    fn single_score(&self, l: usize) -> i32 {
        let bit = 1 << l;
        if self.exact & bit != 0 {
            SCORE_EXACT
        } else if self.strong & bit != 0 {
            SCORE_FULL_LETTER
        } else if self.starts & bit != 0 {
            SCORE_INITIAL
        } else {
            0
        }
    }
}

/// What one- and two-letter queries match in a candidate, precomputed because the first two
/// keystrokes of a pinyin query match nearly every candidate and would otherwise mean scanning
/// all of them.
#[derive(Debug, Clone, Copy)]
struct Letters {
    /// Per letter: the candidate's score for that one-letter query; 0 when it does not match.
    single: [u8; 26],
    /// Per first letter: the second letters with which a two-letter query may match (a
    /// superset: the matcher still decides, and scores).
    pairs: [u32; 26],
}

/// One field of one candidate, in the character arena.
#[derive(Debug, Clone, Copy)]
struct Field {
    /// Offset of the field's first character in the arena.
    start: u32,
    /// Number of characters.
    len: u32,
    /// Char index of the field's first character in the candidate's text.
    text_offset: u32,
    /// Field bonus added to any match in it.
    bonus: i32,
}

/// The result of the previous query, reused when the next one extends it.
#[derive(Debug)]
struct Previous {
    query: Vec<char>,
    scope: Scope,
    /// Candidates that matched, with their scores.
    matches: Vec<(i32, u32)>,
}

/// The palette's candidates with their precomputed pinyin.
#[derive(Debug)]
pub struct PaletteIndex {
    candidates: Vec<Candidate>,
    /// Candidate → its fields in `fields`.
    field_ranges: Vec<Range<u32>>,
    fields: Vec<Field>,
    /// Every candidate character as a glyph id, with the [`BOUNDARY`] flag.
    arena: Vec<u16>,
    glyphs: Vec<Glyph>,
    glyph_ids: HashMap<char, u16>,
    /// Every reading, as characters to compare with the query.
    syllables: Vec<Vec<char>>,
    /// Per candidate: its [`Signature::bloom`].
    blooms: Vec<u128>,
    /// Per candidate: its [`Signature::initials`].
    initials: Vec<u32>,
    /// [`Letters`] of every candidate, stored by letter: `single[l][c]`, `pairs[a][c]`. A
    /// query reads the one column of its first letter, which is contiguous, instead of a
    /// cache line of every candidate.
    single: Vec<Vec<u8>>,
    pairs: Vec<Vec<u32>>,
    /// Per candidate, for ranking without touching the candidates: report index + 1 (0 for a
    /// topic) shifted left by 2, with the kind's tie-break rank in the low 2 bits.
    owners: Vec<u32>,
    /// Candidates of the topics, then of each report.
    topic_range: Range<usize>,
    report_ranges: Vec<Range<usize>>,
    by_key: HashMap<CandidateKey, usize>,
    previous: Mutex<Option<Previous>>,
}

/// A piece of the query a glyph can take up: query chars `from..to`, worth `score`.
#[derive(Debug, Clone, Copy)]
struct Step {
    from: u8,
    to: u8,
    score: i16,
    /// A lone initial: one letter that is not a whole reading (see [`Scratch`]).
    initial: bool,
}

/// Where a glyph's steps are in [`Plan::steps`].
#[derive(Debug, Clone, Copy)]
struct StepRange {
    start: u32,
    end: u32,
}

/// A query position as a bit of a 16-bit mask; positions from 15 on share the top bit.
fn position_bit(a: usize) -> u16 {
    1 << a.min(15)
}

/// A query compiled against the index's glyphs.
struct Plan {
    len: usize,
    /// Per glyph id, its steps in `steps`, highest `from` first.
    steps_of: Vec<StepRange>,
    /// Per glyph id, the [`position_bit`]s of where its steps start. A character whose steps
    /// all start where no partial match has got to yet is skipped without looking at them;
    /// kept apart from `steps_of` and small so that this test, made for every character of
    /// every candidate, reads a table that stays in the fastest cache. It has a slot for every
    /// possible id, so the test needs no bounds check; only the slots of glyphs in use are ever
    /// read.
    froms: Box<[u16; GLYPH_SPACE]>,
    steps: Vec<Step>,
    /// What a candidate must contain to match at all.
    need: Signature,
    /// The query has a Chinese character no candidate contains.
    impossible: bool,
    /// The query's first character when it is a letter (as a number 0–25).
    first: Option<usize>,
    /// The query's first two characters when both are letters.
    pair: Option<(usize, usize)>,
}

/// A cheap summary of a candidate's characters, to skip most candidates without scanning them.
#[derive(Debug, Clone, Copy, Default)]
struct Signature {
    /// One bit per character (hashed; two characters may share a bit).
    bloom: u128,
    /// One bit per letter `a`–`z` that starts a reading of a character, or is a character.
    initials: u32,
}

/// The bloom bit of a glyph id (a multiplicative hash spreads consecutive ids).
fn bloom_bit(id: u16) -> u128 {
    1u128 << (u32::from(id).wrapping_mul(0x9E37_79B1) >> 25)
}

/// The bit of an ASCII lowercase letter in [`Signature::initials`].
fn letter_bit(c: char) -> Option<u32> {
    c.is_ascii_lowercase().then(|| 1 << (c as u32 - 'a' as u32))
}

/// Reusable state of the matcher for one query length.
///
/// A partial match is a set of taken characters; a run is a stretch of them with no gap. A run
/// that is a single character typed by its initial alone is *weak*: no gap may follow it. Without
/// this rule `xingzheng` would match almost any text as 13 scattered initials (x…i…n…g…), and
/// every candidate would survive every keystroke. The last run is exempt: the user may be in
/// the middle of typing it. (`xzfy` spread over 行…政…复…议 therefore matches only while the
/// query is `x`.)
struct Scratch {
    /// Per query position (see [`Slot`]); fixed-size and indexed by a masked position so that
    /// the matcher's hottest accesses need no bounds checks.
    slots: Box<[Slot; SLOTS]>,
    /// When tracing: every partial match as (field-relative position, previous node).
    nodes: Vec<(u32, u32)>,
}

/// Room for every query position, `0..=MAX_QUERY_CHARS`, rounded up to a power of two.
const SLOTS: usize = (MAX_QUERY_CHARS + 1).next_power_of_two();

/// The matcher's state for the partial matches that take up the query up to one position.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Where the latest partial matches ending here are.
    last_pos: u32,
    /// Their best score and node, whatever their last run.
    last_any: (i32, u32),
    /// Their best score and node among those whose last run is not weak (may take a gap).
    last_strong: (i32, u32),
    /// Best `score + position × PENALTY_GAP_EXTENSION` over older, not weak partial matches;
    /// gap penalties grow linearly, so this one number ranks all of them.
    older: (i32, u32),
}

impl Slot {
    const EMPTY: Slot = Slot {
        last_pos: NONE,
        last_any: (i32::MIN, NONE),
        last_strong: (i32::MIN, NONE),
        older: (i32::MIN, NONE),
    };
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            slots: Box::new([Slot::EMPTY; SLOTS]),
            nodes: Vec::new(),
        }
    }

    /// The slot of query position `to`.
    #[inline(always)]
    fn slot(&mut self, to: usize) -> &mut Slot {
        &mut self.slots[to & (SLOTS - 1)]
    }

    /// Record a partial match of the query up to `to` taking position `p` last.
    #[inline(always)]
    fn offer<const TRACE: bool>(&mut self, to: usize, p: u32, val: i32, strong: bool, prev: u32) {
        let slot = self.slot(to);
        if slot.last_pos != p {
            if slot.last_pos != NONE {
                let (v, node) = slot.last_strong;
                if v != i32::MIN {
                    let key = v + slot.last_pos as i32 * PENALTY_GAP_EXTENSION;
                    if key > slot.older.0 {
                        slot.older = (key, node);
                    }
                }
            }
            slot.last_pos = p;
            slot.last_any = (i32::MIN, NONE);
            slot.last_strong = (i32::MIN, NONE);
        }
        let better_any = val > slot.last_any.0;
        let better_strong = strong && val > slot.last_strong.0;
        if !better_any && !better_strong {
            return;
        }
        let node = if TRACE {
            self.nodes.push((p, prev));
            (self.nodes.len() - 1) as u32
        } else {
            NONE
        };
        let slot = self.slot(to);
        if better_any {
            slot.last_any = (val, node);
        }
        if better_strong {
            slot.last_strong = (val, node);
        }
    }
}

impl PaletteIndex {
    /// Build the candidates of all topics and reports and precompute their pinyin.
    pub fn build(reports: &[Report], topics: &Topics) -> PaletteIndex {
        let mut builder = Builder::default();
        for (t, topic) in topics.all().iter().enumerate() {
            let mut text = topic.name.clone();
            let name_len = text.chars().count();
            let mut fields = vec![(0..name_len, BONUS_TOPIC)];
            if !topic.aliases.is_empty() {
                text.push('（');
                let aliases = topic.aliases.join("、");
                fields.push((
                    name_len + 1..name_len + 1 + aliases.chars().count(),
                    BONUS_TOPIC_ALIAS,
                ));
                text.push_str(&aliases);
                text.push('）');
            }
            builder.push(CandidateKind::Topic(t), text, fields);
        }
        let topic_range = 0..builder.candidates.len();
        let mut report_ranges = Vec::with_capacity(reports.len());
        for (r, (report, tags)) in reports.iter().zip(tag_all(reports, topics)).enumerate() {
            let start = builder.candidates.len();
            add_report(&mut builder, r, report, topics, &tags);
            report_ranges.push(start..builder.candidates.len());
        }
        builder.finish(topic_range, report_ranges)
    }

    /// All candidates; [`Hit::candidate`] indexes this.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The candidate with this key, if the index has it.
    pub fn find(&self, key: &CandidateKey) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The best hits for `query` in `scope`, best first, at most [`MAX_HITS`].
    ///
    /// `recent` lists recent jumps, most recent first; they win ties. An empty query lists
    /// the topics first, then the recent jumps, then the rest in document order. Whitespace in
    /// the query is ignored and case does not matter.
    pub fn query(&self, query: &str, scope: Scope, recent: &[CandidateKey]) -> Vec<Hit> {
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
        let mut previous = self
            .previous
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let reuse = previous
            .as_ref()
            .filter(|p| p.scope == scope && q.starts_with(&p.query))
            .map(|p| p.matches.iter().map(|&(_, c)| c).collect::<Vec<u32>>());
        let pool = reuse.unwrap_or_else(|| self.scope_ids(scope));
        let matches = self.score_all(&plan, &pool);
        let hits = self.rank(&plan, &matches, scope, recent);
        *previous = Some(Previous {
            query: q,
            scope,
            matches,
        });
        hits
    }

    /// Candidate ids in `scope`, in index order.
    fn scope_ids(&self, scope: Scope) -> Vec<u32> {
        let ids = |r: Range<usize>| r.map(|i| i as u32);
        match scope {
            Scope::All { .. } => ids(0..self.candidates.len()).collect(),
            Scope::CurrentReport(r) => {
                let report = self.report_ranges.get(r).cloned().unwrap_or(0..0);
                ids(self.topic_range.clone()).chain(ids(report)).collect()
            }
        }
    }

    /// The empty query: topics, recent jumps, then everything else in order.
    fn browse(&self, scope: Scope, recent: &[CandidateKey]) -> Vec<Hit> {
        let in_scope: Vec<u32> = self.scope_ids(scope);
        let recent_ids: Vec<usize> = recent
            .iter()
            .filter_map(|k| self.find(k))
            .filter(|&c| in_scope.binary_search(&(c as u32)).is_ok())
            .collect();
        let topics = self.topic_range.clone();
        let mut order: Vec<usize> = topics.clone().collect();
        for c in recent_ids {
            if !order.contains(&c) {
                order.push(c);
            }
        }
        let rest = in_scope.iter().map(|&c| c as usize);
        for c in rest {
            if order.len() >= MAX_HITS {
                break;
            }
            if !topics.contains(&c) && !order.contains(&c) {
                order.push(c);
            }
        }
        order.truncate(MAX_HITS);
        order
            .into_iter()
            .map(|candidate| Hit {
                candidate,
                score: 0,
                matched: Vec::new(),
            })
            .collect()
    }

    /// Compile the query: for each glyph, the pieces of the query it can take up.
    fn plan(&self, q: &[char]) -> Plan {
        let mut steps_of = Vec::with_capacity(self.glyphs.len());
        let mut froms = Box::new([0u16; GLYPH_SPACE]);
        let mut steps: Vec<Step> = Vec::new();
        for glyph in &self.glyphs {
            let start = steps.len();
            let mut add = |from: usize, to: usize, score: i32, initial: bool| {
                let step = Step {
                    from: from as u8,
                    to: to as u8,
                    score: score as i16,
                    initial,
                };
                let slot = steps[start..]
                    .iter_mut()
                    .find(|s| s.from == step.from && s.to == step.to);
                match slot {
                    Some(s) if s.score < step.score => *s = step,
                    Some(_) => {}
                    None => steps.push(step),
                }
            };
            for from in 0..q.len() {
                if q[from] == glyph.lower {
                    add(from, from + 1, SCORE_EXACT, false);
                }
                for &r in &glyph.readings {
                    let reading = &self.syllables[usize::from(r)];
                    let common = reading
                        .iter()
                        .zip(&q[from..])
                        .take_while(|(a, b)| a == b)
                        .count();
                    for taken in 1..=common {
                        let (score, initial) = if taken == reading.len() {
                            (taken as i32 * SCORE_FULL_LETTER, false)
                        } else if taken == 1 {
                            (SCORE_INITIAL, true)
                        } else if from + taken == q.len() {
                            (taken as i32 * SCORE_PREFIX_LETTER, false)
                        } else {
                            continue;
                        };
                        add(from, from + taken, score, initial);
                    }
                }
            }
            steps[start..].sort_by_key(|s| std::cmp::Reverse(s.from));
            steps_of.push(StepRange {
                start: start as u32,
                end: steps.len() as u32,
            });
            froms[steps_of.len() - 1] = steps[start..]
                .iter()
                .fold(0, |m, s| m | position_bit(usize::from(s.from)));
        }
        // What every match must contain: the query's Chinese characters (which only match
        // themselves) and a character with the query's first letter as an initial.
        let mut need = Signature::default();
        let mut impossible = false;
        for &c in q {
            if crate::pinyin::has_reading(c) {
                match self.glyph_ids.get(&c) {
                    Some(&id) => need.bloom |= bloom_bit(id),
                    None => impossible = true,
                }
            }
        }
        if let Some(bit) = letter_bit(q[0]) {
            need.initials |= bit;
        }
        let letter = |c: char| c.is_ascii_lowercase().then(|| c as usize - 'a' as usize);
        let first = letter(q[0]);
        let pair = match q {
            [a, b, ..] => letter(*a).zip(letter(*b)),
            _ => None,
        };
        Plan {
            len: q.len(),
            steps_of,
            froms,
            steps,
            need,
            impossible,
            first,
            pair,
        }
    }

    /// Score every candidate of `pool`; returns the matching ones in pool order.
    fn score_all(&self, plan: &Plan, pool: &[u32]) -> Vec<(i32, u32)> {
        if plan.impossible {
            return Vec::new();
        }
        if let (1, Some(l)) = (plan.len, plan.first) {
            // One letter: the answer was computed when the index was built.
            return pool
                .iter()
                .filter_map(|&c| match self.single[l][c as usize] {
                    0 => None,
                    score => Some((i32::from(score), c)),
                })
                .collect();
        }
        let need = plan.need;
        let pairs = plan.pair.map(|(a, b)| (&self.pairs[a], 1u32 << b));
        let may_match = move |c: u32| {
            let c = c as usize;
            (need.bloom == 0 || self.blooms[c] & need.bloom == need.bloom)
                && (need.initials == 0 || self.initials[c] & need.initials == need.initials)
                && pairs.is_none_or(|(column, bit)| column[c] & bit != 0)
        };
        let score_chunk = |chunk: &[u32]| {
            let mut scratch = Scratch::new();
            chunk
                .iter()
                .filter(|&&c| may_match(c))
                .filter_map(|&c| {
                    self.best_field::<false>(plan, c as usize, &mut scratch)
                        .map(|(score, _, _)| (score, c))
                })
                .collect::<Vec<_>>()
        };
        if pool.len() < PARALLEL_THRESHOLD {
            return score_chunk(pool);
        }
        // Small shares rather than one half per core: on a shared machine a thread may wait
        // for a core, and the others then score its shares.
        let shares: Vec<&[u32]> = pool.chunks(SHARE).collect();
        crate::cores::map(&shares, |share| score_chunk(share)).concat()
    }

    /// Sort matches by score and ties, keep the best [`MAX_HITS`], and find their highlights.
    fn rank(
        &self,
        plan: &Plan,
        matches: &[(i32, u32)],
        scope: Scope,
        recent: &[CandidateKey],
    ) -> Vec<Hit> {
        let current = match scope {
            Scope::CurrentReport(r) => Some(r),
            Scope::All { current } => current,
        };
        let recent_rank: HashMap<u32, u32> = recent
            .iter()
            .enumerate()
            .rev()
            .filter_map(|(i, k)| Some((self.find(k)? as u32, i as u32)))
            .collect();
        // Owner codes as in `owners`: report + 1, or 0 for a topic.
        let current = current.map_or(u32::MAX, |r| r as u32 + 1);
        // One integer per match orders by score, then current report, recent, kind.
        let mut keyed: Vec<(u64, u32)> = matches
            .iter()
            .map(|&(score, c)| {
                let owner = self.owners[c as usize];
                let is_current = owner >> 2 == current;
                let recency = if recent_rank.is_empty() {
                    0
                } else {
                    recent_rank.get(&c).map_or(0, |&i| 0xFFFF - i.min(0xFFFE))
                };
                let tie = (u64::from(is_current) << 20)
                    | (u64::from(recency) << 2)
                    | u64::from(owner & 3);
                let score = u64::from((score as i64 - i64::from(i32::MIN)) as u32);
                ((score << 32) | tie, c)
            })
            .collect();
        let order = |a: &(u64, u32), b: &(u64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if keyed.len() > MAX_HITS {
            keyed.select_nth_unstable_by(MAX_HITS - 1, order);
            keyed.truncate(MAX_HITS);
        }
        keyed.sort_unstable_by(order);
        let mut scratch = Scratch::new();
        keyed
            .into_iter()
            .filter_map(|(_, c)| {
                let (score, field, node) =
                    self.best_field::<true>(plan, c as usize, &mut scratch)?;
                let mut matched = Vec::new();
                let mut at = node;
                while at != NONE {
                    let (pos, prev) = scratch.nodes[at as usize];
                    matched.push((field.text_offset + pos) as usize);
                    at = prev;
                }
                matched.reverse();
                Some(Hit {
                    candidate: c as usize,
                    score: i64::from(score),
                    matched,
                })
            })
            .collect()
    }

    /// The best match of the query over the candidate's fields: score with field bonus, the
    /// field, and (when tracing) the last node of the alignment in `scratch.nodes`.
    fn best_field<const TRACE: bool>(
        &self,
        plan: &Plan,
        candidate: usize,
        scratch: &mut Scratch,
    ) -> Option<(i32, Field, u32)> {
        let range = &self.field_ranges[candidate];
        let mut best: Option<(i32, Field, u32)> = None;
        if TRACE {
            scratch.nodes.clear();
        }
        for field in &self.fields[range.start as usize..range.end as usize] {
            if let Some((score, node)) = self.align::<TRACE>(plan, field, scratch) {
                let score = score + field.bonus;
                if best.is_none_or(|(b, _, _)| score > b) {
                    best = Some((score, *field, node));
                }
            }
        }
        best
    }

    /// Best way of taking up the whole query in one field (see the module docs); `None` when
    /// the field does not match. With `TRACE`, partial matches are logged in `scratch.nodes`
    /// and the returned node ends the best one.
    fn align<const TRACE: bool>(
        &self,
        plan: &Plan,
        field: &Field,
        s: &mut Scratch,
    ) -> Option<(i32, u32)> {
        let m = plan.len;
        for slot in &mut s.slots[..=m] {
            slot.last_pos = NONE;
            slot.older = (i32::MIN, NONE);
        }
        let chars = &self.arena[field.start as usize..(field.start + field.len) as usize];
        // Query positions some partial match has reached (0 always has), as `position_bit`s.
        let mut alive: u16 = 1;
        let mut best: Option<(i32, u32)> = None;
        for (p, &packed) in chars.iter().enumerate() {
            let glyph = usize::from(packed & ID_MASK);
            if plan.froms[glyph] & alive == 0 {
                continue;
            }
            self.take::<TRACE>(plan, packed, p as u32, &mut alive, &mut best, s);
        }
        best
    }

    /// Offer every way the character `packed` at field position `p` can extend the partial
    /// matches, updating `alive` and, when the whole query is taken up, `best`.
    #[inline(always)]
    fn take<const TRACE: bool>(
        &self,
        plan: &Plan,
        packed: u16,
        p: u32,
        alive: &mut u16,
        best: &mut Option<(i32, u32)>,
        s: &mut Scratch,
    ) {
        let m = plan.len;
        let range = plan.steps_of[usize::from(packed & ID_MASK)];
        let boundary = if packed & BOUNDARY != 0 {
            BONUS_BOUNDARY
        } else {
            0
        };
        // Steps come highest `from` first, so a step never reads a state written at this
        // same character (which would take one character twice).
        for step in &plan.steps[range.start as usize..range.end as usize] {
            let from = usize::from(step.from);
            if *alive & position_bit(from) == 0 {
                continue;
            }
            let to = usize::from(step.to);
            *alive |= position_bit(to);
            let gain = i32::from(step.score) + boundary;
            if from == 0 {
                s.offer::<TRACE>(to, p, gain, !step.initial, NONE);
            } else {
                let state = *s.slot(from);
                let last = state.last_pos;
                if last != NONE && last + 1 == p && state.last_any.0 != i32::MIN {
                    // Right after the previous character: the run grows, so it is strong.
                    let (v, node) = state.last_any;
                    s.offer::<TRACE>(to, p, v + BONUS_CONSECUTIVE + gain, true, node);
                }
                let mut gap = (i32::MIN, NONE);
                if last != NONE && last + 1 < p && state.last_strong.0 != i32::MIN {
                    let (v, node) = state.last_strong;
                    let skipped = (p - last - 1) as i32;
                    gap = (
                        v - PENALTY_GAP_START - (skipped - 1) * PENALTY_GAP_EXTENSION,
                        node,
                    );
                }
                let (key, node) = state.older;
                if key != i32::MIN {
                    let v = key - PENALTY_GAP_START - (p as i32 - 2) * PENALTY_GAP_EXTENSION;
                    if v > gap.0 {
                        gap = (v, node);
                    }
                }
                if gap.0 != i32::MIN {
                    s.offer::<TRACE>(to, p, gap.0 + gain, !step.initial, gap.1);
                }
            }
            if to == m {
                let done = s.slot(to);
                if done.last_pos == p && done.last_any.0 != i32::MIN {
                    let (v, node) = done.last_any;
                    if best.is_none_or(|(b, _)| v > b) {
                        *best = Some((v, node));
                    }
                }
            }
        }
    }
}

/// Collects candidates and their characters.
#[derive(Default)]
struct Builder {
    candidates: Vec<Candidate>,
    field_ranges: Vec<Range<u32>>,
    fields: Vec<Field>,
    arena: Vec<u16>,
    glyphs: Vec<Glyph>,
    glyph_ids: HashMap<char, u16>,
    syllables: Vec<String>,
    syllable_ids: HashMap<String, u16>,
    /// Per candidate, as in [`PaletteIndex`].
    blooms: Vec<u128>,
    initials: Vec<u32>,
    /// [`Letters`] of every candidate, by letter as in [`PaletteIndex`] (26 columns once the
    /// first candidate is in): filled in place, so a large index is never held twice.
    single: Vec<Vec<u8>>,
    pairs: Vec<Vec<u32>>,
}

impl Builder {
    fn push(&mut self, kind: CandidateKind, text: String, fields: Vec<(Range<usize>, i32)>) {
        let chars: Vec<char> = text.chars().collect();
        let base = self.arena.len() as u32;
        let mut signature = Signature::default();
        for (i, &c) in chars.iter().enumerate() {
            let id = self.glyph(c);
            let glyph = &self.glyphs[id as usize];
            signature.bloom |= bloom_bit(id);
            let letters = glyph
                .readings
                .iter()
                .filter_map(|&r| self.syllables[usize::from(r)].chars().next());
            for letter in letters.chain(std::iter::once(glyph.lower)) {
                signature.initials |= letter_bit(letter).unwrap_or(0);
            }
            let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
            self.arena
                .push(if starts_word { id | BOUNDARY } else { id });
        }
        let first = self.fields.len() as u32;
        for (range, bonus) in &fields {
            // A field starts a word whatever precedes it (`（七）` before a heading).
            if let Some(c) = self.arena.get_mut(base as usize + range.start) {
                *c |= BOUNDARY;
            }
            self.fields.push(Field {
                start: base + range.start as u32,
                len: range.len() as u32,
                text_offset: range.start as u32,
                bonus: *bonus,
            });
        }
        self.field_ranges.push(first..self.fields.len() as u32);
        self.blooms.push(signature.bloom);
        self.initials.push(signature.initials);
        let letters = self.letters_of(base as usize, &fields);
        self.single.resize_with(26, Vec::new);
        self.pairs.resize_with(26, Vec::new);
        for l in 0..26 {
            self.single[l].push(letters.single[l]);
            self.pairs[l].push(letters.pairs[l]);
        }
        self.candidates.push(Candidate { kind, text });
    }

    /// The one- and two-letter summary of the candidate whose characters start at `base`.
    fn letters_of(&self, base: usize, fields: &[(Range<usize>, i32)]) -> Letters {
        let mut out = Letters {
            single: [0; 26],
            pairs: [0; 26],
        };
        for (range, bonus) in fields {
            let packed = &self.arena[base + range.start..base + range.end];
            let glyph = |p: usize| &self.glyphs[(packed[p] & ID_MASK) as usize];
            // Letters that can start a character anywhere after position p + 1.
            let mut later = 0u32;
            for p in (0..packed.len()).rev() {
                let g = glyph(p);
                let boundary = if packed[p] & BOUNDARY != 0 {
                    BONUS_BOUNDARY
                } else {
                    0
                };
                for l in 0..26 {
                    let score = g.single_score(l);
                    if score > 0 {
                        let total = (score + boundary + bonus).clamp(0, i32::from(u8::MAX)) as u8;
                        out.single[l] = out.single[l].max(total);
                    }
                }
                for &(a, b) in &g.digraphs {
                    out.pairs[usize::from(a)] |= 1 << b;
                }
                let next = if p + 1 < packed.len() {
                    glyph(p + 1).starts
                } else {
                    0
                };
                for l in 0..26 {
                    let bit = 1 << l;
                    if g.starts & bit != 0 {
                        out.pairs[l] |= next;
                    }
                    if g.strong & bit != 0 {
                        out.pairs[l] |= later;
                    }
                }
                later |= next;
            }
        }
        out
    }

    /// The glyph id of `c`, computing its readings the first time it is seen.
    fn glyph(&mut self, c: char) -> u16 {
        if let Some(&id) = self.glyph_ids.get(&c) {
            return id;
        }
        if self.glyphs.len() >= usize::from(OVERFLOW_GLYPH) {
            if self.glyphs.len() == usize::from(OVERFLOW_GLYPH) {
                self.glyphs.push(Glyph {
                    lower: char::REPLACEMENT_CHARACTER,
                    readings: Vec::new(),
                    starts: 0,
                    strong: 0,
                    exact: 0,
                    digraphs: Vec::new(),
                });
            }
            self.glyph_ids.insert(c, OVERFLOW_GLYPH);
            return OVERFLOW_GLYPH;
        }
        let readings = if crate::pinyin::has_reading(c) {
            crate::pinyin::char_readings(c)
                .into_iter()
                .map(|r| self.syllable(r))
                .collect()
        } else {
            Vec::new()
        };
        let lower = c.to_lowercase().next().unwrap_or(c);
        let exact = letter_bit(lower).unwrap_or(0);
        let (mut starts, mut strong, mut digraphs) = (exact, exact, Vec::new());
        for &r in &readings {
            let reading = self.syllables[usize::from(r)].as_bytes();
            let bit = reading
                .first()
                .and_then(|&b| letter_bit(char::from(b)))
                .unwrap_or(0);
            starts |= bit;
            if reading.len() == 1 {
                strong |= bit;
            }
            if let [a, b, ..] = reading {
                if a.is_ascii_lowercase() && b.is_ascii_lowercase() {
                    digraphs.push((a - b'a', b - b'a'));
                }
            }
        }
        let id = self.glyphs.len() as u16;
        self.glyphs.push(Glyph {
            lower,
            readings,
            starts,
            strong,
            exact,
            digraphs,
        });
        self.glyph_ids.insert(c, id);
        id
    }

    fn syllable(&mut self, reading: String) -> u16 {
        if let Some(&id) = self.syllable_ids.get(&reading) {
            return id;
        }
        // Plain pinyin has about 420 syllables, far below u16::MAX.
        let id = self.syllables.len() as u16;
        self.syllables.push(reading.clone());
        self.syllable_ids.insert(reading, id);
        id
    }

    fn finish(self, topic_range: Range<usize>, report_ranges: Vec<Range<usize>>) -> PaletteIndex {
        let by_key = self
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.kind, i))
            .collect();
        let owners = self
            .candidates
            .iter()
            .map(|c| (c.kind.report().map_or(0, |r| r as u32 + 1) << 2) | c.kind.rank())
            .collect();
        PaletteIndex {
            candidates: self.candidates,
            field_ranges: self.field_ranges,
            fields: self.fields,
            arena: self.arena,
            glyphs: self.glyphs,
            glyph_ids: self.glyph_ids,
            syllables: self.syllables.iter().map(|s| s.chars().collect()).collect(),
            blooms: self.blooms,
            initials: self.initials,
            single: pad_columns(self.single),
            pairs: pad_columns(self.pairs),
            owners,
            topic_range,
            report_ranges,
            by_key,
            previous: Mutex::new(None),
        }
    }
}

/// Add the sections and figures of one report.
/// The 26 letter columns, also when no candidate was added.
fn pad_columns<T>(mut columns: Vec<Vec<T>>) -> Vec<Vec<T>> {
    columns.resize_with(26, Vec::new);
    columns
}

/// Every report's section topics ([`Topics::tag_report`]), tagged on all cores: in a large
/// library this is much of the time it takes to build the palette.
fn tag_all(reports: &[Report], topics: &Topics) -> Vec<Vec<Vec<usize>>> {
    crate::cores::map(reports, |r| topics.tag_report(r))
}

fn add_report(
    builder: &mut Builder,
    r: usize,
    report: &Report,
    topics: &Topics,
    tags: &[Vec<usize>],
) {
    let name = report.short_name();
    for (s, section) in report.sections.iter().enumerate() {
        let mut text = name.clone();
        for &a in &report.ancestry(s) {
            text.push_str(" › ");
            text.push_str(&report.sections[a].number);
            if a == s {
                text.push_str(&section.title);
            }
        }
        let heading = 0..text.chars().count();
        let mut fields = vec![(heading.clone(), BONUS_HEADING)];
        let names: Vec<&str> = tags[s]
            .iter()
            .filter_map(|&t| topics.get(t))
            .map(|t| t.name.as_str())
            .collect();
        if !names.is_empty() {
            let joined = names.join(" ");
            let start = heading.end + 2;
            fields.push((start..start + joined.chars().count(), 0));
            text.push_str(" 〔");
            text.push_str(&joined);
            text.push('〕');
        }
        builder.push(
            CandidateKind::Section {
                report: r,
                section: s,
            },
            text,
            fields,
        );
    }
    let paragraphs = report
        .preamble
        .iter()
        .enumerate()
        .map(|(p, para)| (None, p, para))
        .chain(report.sections.iter().enumerate().flat_map(|(s, section)| {
            section
                .paragraphs
                .iter()
                .enumerate()
                .map(move |(p, para)| (Some(s), p, para))
        }));
    for (section, paragraph, para) in paragraphs {
        for (figure, f) in para.figures.iter().enumerate() {
            // Dates (`2023年`) are everywhere and nobody jumps to one.
            if f.kind == FigureKind::Date {
                continue;
            }
            let mut text = String::new();
            if !f.label.is_empty() {
                text.push_str(&f.label);
                text.push(' ');
            }
            text.push_str(&f.text);
            // Only what is counted is searched; the location is shown so reports can be told
            // apart (the scope narrows to one report). Searching it too would nearly double
            // the characters scanned per keystroke, figures being most of the candidates.
            let searched = 0..text.chars().count();
            text.push_str(" · ");
            text.push_str(&name);
            if let Some(s) = section {
                text.push_str(" › ");
                text.push_str(&report.path(s));
            }
            builder.push(
                CandidateKind::Figure {
                    report: r,
                    section,
                    paragraph,
                    figure,
                },
                text,
                vec![(searched, 0)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Meta, Paragraph, Section};

    /// An index over the bundled topics and one report with letters, digits and one-letter
    /// readings (啊 a, 额 e, 哦 o), which take the less common paths of the matcher.
    fn index() -> PaletteIndex {
        PaletteIndex::build(&[report()], &Topics::bundled())
    }

    fn report() -> Report {
        let titles = [
            "ABC规范性文件a审查",
            "啊额哦行政复议",
            "x 行 z 政",
            "2023年OK办结e件",
        ];
        let sections = titles
            .iter()
            .map(|t| Section {
                level: 2,
                number: "（一）".to_string(),
                title: t.to_string(),
                run_in: false,
                parent: None,
                paragraphs: vec![Paragraph {
                    text: String::new(),
                    figures: Vec::new(),
                    points: Vec::new(),
                }],
            })
            .collect();
        Report {
            source: "test".to_string(),
            meta: Meta::default(),
            front_matter: Vec::new(),
            preamble: Vec::new(),
            sections,
            sign_off: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The matcher's own answer, without the precomputed shortcuts.
    fn slow(index: &PaletteIndex, query: &str, candidate: usize) -> Option<i32> {
        let q: Vec<char> = query.chars().collect();
        let plan = index.plan(&q);
        let mut scratch = Scratch::new();
        index
            .best_field::<false>(&plan, candidate, &mut scratch)
            .map(|(score, _, _)| score)
    }

    #[test]
    fn one_letter_table_agrees_with_the_matcher() {
        let index = index();
        for l in 0..26u8 {
            let q = char::from(b'a' + l).to_string();
            for c in 0..index.candidates.len() {
                let table = match index.single[usize::from(l)][c] {
                    0 => None,
                    s => Some(i32::from(s)),
                };
                assert_eq!(
                    table,
                    slow(&index, &q, c),
                    "{q} on {}",
                    index.candidates[c].text
                );
            }
        }
    }

    #[test]
    fn two_letter_filter_keeps_every_match() {
        let index = index();
        let mut kept_out = 0;
        for a in 0..26u8 {
            for b in 0..26u8 {
                let q: String = [char::from(b'a' + a), char::from(b'a' + b)]
                    .iter()
                    .collect();
                for c in 0..index.candidates.len() {
                    let allowed = index.pairs[usize::from(a)][c] & (1 << b) != 0;
                    let matches = slow(&index, &q, c).is_some();
                    assert!(
                        allowed || !matches,
                        "{q} matches {}",
                        index.candidates[c].text
                    );
                    kept_out += usize::from(!allowed);
                }
            }
        }
        assert!(
            kept_out > 0,
            "the filter must rule something out to be worth having"
        );
    }

    #[test]
    fn lone_initials_may_not_be_followed_by_a_gap() {
        let index = index();
        let find = |title: &str| {
            index
                .candidates
                .iter()
                .position(|c| c.text.contains(title))
                .expect("candidate")
        };
        let spaced = find("x 行 z 政");
        // `x` then `z`: the literal letters are whole characters, so gaps after them are fine.
        assert!(slow(&index, "xz", spaced).is_some());
        // 行 … 政 typed as initials (`hang`, `zheng`) with a gap between: not a match …
        assert!(slow(&index, "hz", spaced).is_none());
        let fuyi = find("啊额哦行政复议");
        assert!(slow(&index, "xzfy", fuyi).is_some());
        // … but one-letter readings are whole syllables: 啊…哦 may be typed `ao` with a gap.
        assert!(slow(&index, "ao", fuyi).is_some());
        assert!(slow(&index, "aofy", fuyi).is_some());
    }

    #[test]
    fn scoring_on_several_threads_matches_one_thread() {
        let reports = vec![report(); PARALLEL_THRESHOLD / 4 + 1];
        let index = PaletteIndex::build(&reports, &Topics::bundled());
        let pool: Vec<u32> = (0..index.candidates.len() as u32).collect();
        assert!(pool.len() >= PARALLEL_THRESHOLD);
        for query in ["xz", "xzfy", "复议", "ok"] {
            let q: Vec<char> = query.chars().collect();
            let plan = index.plan(&q);
            let mut scratch = Scratch::new();
            let serial: Vec<(i32, u32)> = pool
                .iter()
                .filter_map(|&c| {
                    let (score, _, _) =
                        index.best_field::<false>(&plan, c as usize, &mut scratch)?;
                    Some((score, c))
                })
                .collect();
            assert!(!serial.is_empty(), "{query}");
            assert_eq!(index.score_all(&plan, &pool), serial, "{query}");
        }
    }
}
