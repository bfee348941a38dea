//! The matcher: scoring a candidate against a query plan by dynamic programming over its
//! characters (the rules are in the module docs of [`super`]), on all cores for large pools.
//!
//! A unit is stored as parts (a heading as its report's name, its section numbers and its
//! title; a figure as its label and its value), and each distinct part is scanned once per
//! keystroke. When no partial match left by a part scanned alone can go on into the parts
//! after it (it may take a gap or ends on the part's last character, but no later character
//! can take up the query from where it stopped), no match crosses from that part into the
//! next: the unit scores the best of that part alone and the rest of its parts. Gap costs
//! depend on distances only, skipped leading characters cost nothing and boundaries are
//! stored as in the whole field, so this is exact; only the parts from the first one that
//! stays open (`qianshan xzzf` in 千山区's headings) are scanned together. So a title or a
//! label that recurs across reports is scanned once, not once per report.
//!
//! A part that stays open need not cost a scan either: what a match going on from it can
//! still score is bounded (its [`Bounds`], from [`Plan::completion`]), and when that is no
//! more than the best match inside one part, no match across parts can change the score.
//! A long part is in turn stored as its clauses (cut after punctuation), joined the same
//! way, so a title is scored from clauses that recur across titles (`推进严格规范公正文明执法`)
//! and scanned whole only when a match across its clauses might score more.

use super::build::{Field, FieldRef, BOUNDARY, ID_MASK};
use super::plan::{position_bit, Plan};
use super::{
    PaletteIndex, BONUS_BOUNDARY, BONUS_CONSECUTIVE, MAX_QUERY_CHARS, PENALTY_GAP_EXTENSION,
    PENALTY_GAP_START,
};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many candidates a thread scores at a time when a query runs on several cores.
const SHARE: usize = 4096;
/// Below this many candidates a query runs on one core: threads would cost more than they save.
pub(super) const PARALLEL_THRESHOLD: usize = 20_000;
/// Parts joined at most (a unit's parts, a part's clauses); more are scanned together.
const MAX_JOINED: usize = 16;
/// "No position yet" in the matcher's state.
pub(super) const NONE: u32 = u32::MAX;

/// What scanning one part alone, once per keystroke, says about it.
#[derive(Debug, Clone, Copy)]
struct PartScan {
    /// Its score as a whole field, [`i32::MIN`] when it does not match.
    score: i32,
    /// The [`position_bit`]s of its partial matches that may go on into a following part.
    open: u16,
    /// The [`position_bit`]s its characters can take up the query from.
    takes: u16,
}

/// The scans of every part for one keystroke, filled by the scoring threads as they meet
/// parts (see [`PaletteIndex::score_units_in`]).
#[derive(Default)]
pub(super) struct PartTable {
    /// Per part, its [`PartScan`] packed, or [`UNSCANNED`].
    scans: Vec<AtomicU64>,
    /// Per part, its [`Bounds`] packed, and the most it may score when its scan is
    /// [`UNSURE`]; both written before its scan is published.
    bounds: Vec<AtomicU64>,
    uppers: Vec<AtomicU64>,
}

/// A keystroke's view of a [`PartTable`].
#[derive(Clone, Copy)]
struct Parts<'a> {
    scans: &'a [AtomicU64],
    bounds: &'a [AtomicU64],
    uppers: &'a [AtomicU64],
}

/// In a [`PartScan`]'s `open` (whose bit 0 is otherwise never set): its score is only the
/// best match found inside its clauses, and a match across them might score up to its upper
/// bound; it was left unscanned because a keystroke's best hits may not need it.
const UNSURE: u16 = 1;

/// What [`PaletteIndex::score_units_in`] found.
#[derive(Debug, Default)]
pub(super) struct Scored {
    /// Units with their exact score.
    pub(super) matches: Vec<(i32, u32)>,
    /// While scoring, units whose score is only known to lie between the two (the first
    /// [`i32::MIN`] when no match inside one part was found); then the units left unscored
    /// because they cannot reach the best hits.
    pub(super) unsure: Vec<(i32, i32, u32)>,
}

impl PartTable {
    /// The table for `parts` parts, every one [`UNSCANNED`].
    fn reset(&mut self, parts: usize) -> Parts<'_> {
        self.scans.truncate(parts);
        for cell in &mut self.scans {
            *cell.get_mut() = UNSCANNED;
        }
        self.scans.resize_with(parts, || AtomicU64::new(UNSCANNED));
        self.bounds.resize_with(parts, AtomicU64::default);
        self.uppers.resize_with(parts, AtomicU64::default);
        Parts {
            scans: &self.scans,
            bounds: &self.bounds,
            uppers: &self.uppers,
        }
    }
}

impl std::fmt::Debug for PartTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PartTable({} parts)", self.scans.len())
    }
}

/// At most what a match could score that takes up the query partly in a part and goes on
/// into characters after it, from [`Plan::completion`] (`plain`) or
/// [`Plan::completion_letters`] (`letters`); [`i32::MIN`] when no partial match goes on.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    plain: i32,
    letters: i32,
}

impl Bounds {
    fn pack(self) -> u64 {
        u64::from(self.plain as u32) | u64::from(self.letters as u32) << 32
    }

    fn unpack(word: u64) -> Bounds {
        Bounds {
            plain: word as u32 as i32,
            letters: (word >> 32) as u32 as i32,
        }
    }
}

/// A [`PartScan`] not made yet, in the table the scoring threads fill as they meet parts. No
/// scan packs to it: `open` never has bit 0 (no partial match stops at the query's start).
const UNSCANNED: u64 = u64::MAX;

impl PartScan {
    /// Packed into one word, so threads share the table without locks.
    fn pack(self) -> u64 {
        u64::from(self.score as u32) | u64::from(self.open) << 32 | u64::from(self.takes) << 48
    }

    fn unpack(word: u64) -> PartScan {
        PartScan {
            score: word as u32 as i32,
            open: (word >> 32) as u16,
            takes: (word >> 48) as u16,
        }
    }
}

/// Reusable state of the matcher for one query length.
///
/// A partial match is a set of taken characters; a run is a stretch of them with no gap. A run
/// that is a single character typed by its initial alone is *weak*: no gap may follow it. Without
/// this rule `xingzheng` would match almost any text as 13 scattered initials (x…i…n…g…), and
/// every candidate would survive every keystroke. The last run is exempt: the user may be in
/// the middle of typing it. (`xzfy` spread over 行…政…复…议 therefore matches only while the
/// query is `x`.)
pub(super) struct Scratch {
    /// Per query position (see [`Slot`]); fixed-size and indexed by a masked position so that
    /// the matcher's hottest accesses need no bounds checks.
    slots: Box<[Slot; SLOTS]>,
    /// When tracing: every partial match as (field-relative position, previous node).
    pub(super) nodes: Vec<(u32, u32)>,
    /// The [`position_bit`]s the last scan's characters can take up the query from.
    takes: u16,
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

/// Which query positions a scan has reached that a later character may still go on from, as
/// [`position_bit`]s. A partial match may take a gap after its last run only when that run is
/// not weak, and a weak one goes on only at the very next character: so a position is usable
/// at a character if a strong partial match ever ended there, or any did at the character
/// before. Every other position holds nothing a step could use, and a character whose steps
/// all start there is skipped. (Positions from 15 on share a bit, which only skips less.)
#[derive(Debug, Default, Clone, Copy)]
struct Reach {
    /// Positions where a strong partial match has ended, at any character so far.
    strong: u16,
    /// Positions offered a partial match at the current character.
    last: u16,
}

impl Reach {
    /// Positions the next character may go on from (position 0 always).
    #[inline(always)]
    fn usable(self) -> u16 {
        1 | self.strong | self.last
    }

    /// A partial match was offered up to position `to` at the current character.
    #[inline(always)]
    fn offered(&mut self, to: usize, strong: bool) {
        let bit = position_bit(to);
        self.last |= bit;
        if strong {
            self.strong |= bit;
        }
    }
}

impl Scratch {
    pub(super) fn new() -> Scratch {
        Scratch {
            slots: Box::new([Slot::EMPTY; SLOTS]),
            nodes: Vec::new(),
            takes: 0,
        }
    }

    /// After a scan of `len` characters for a query of `m`: the [`position_bit`]s of the
    /// partial matches that may go on into characters after them (they may take a gap, or
    /// end on the last character).
    fn open(&self, m: usize, len: u32) -> u16 {
        let mut open = 0;
        for (a, slot) in self.slots[..m].iter().enumerate().skip(1) {
            if slot.last_pos != NONE
                && (slot.last_pos + 1 == len
                    || slot.last_strong.0 != i32::MIN
                    || slot.older.0 != i32::MIN)
            {
                open |= position_bit(a);
            }
        }
        open
    }

    /// After a scan of `len` characters: at most what a match going on from one of its
    /// partial matches into characters after them can score, taking up the rest of the query
    /// with at most `completion` (see [`Plan::completion`]); [`i32::MIN`] when none goes on.
    fn bound(&self, plan: &Plan, len: u32, completion: &[Option<i32>]) -> i32 {
        let mut best = i32::MIN;
        for (a, slot) in self.slots[..plan.len].iter().enumerate().skip(1) {
            let Some(rest) = completion[a] else { continue };
            if slot.last_pos == NONE {
                continue;
            }
            // Right after the clause's last character, with that character's bonuses.
            if slot.last_pos + 1 == len && slot.last_any.0 != i32::MIN {
                best = best.max(slot.last_any.0 + BONUS_BOUNDARY + rest);
            }
            // After a gap: the longer the gap, the less; counted from the clause's end.
            let mut gap_from = i32::MIN;
            if slot.last_strong.0 != i32::MIN {
                let after = (len - 1 - slot.last_pos) as i32;
                gap_from = slot.last_strong.0 - after * PENALTY_GAP_EXTENSION;
            }
            if slot.older.0 != i32::MIN {
                gap_from = gap_from.max(slot.older.0 - (len as i32 - 1) * PENALTY_GAP_EXTENSION);
            }
            if gap_from != i32::MIN {
                let first = PENALTY_GAP_EXTENSION - PENALTY_GAP_START + BONUS_BOUNDARY;
                best = best.max(gap_from + first + rest - BONUS_CONSECUTIVE);
            }
        }
        best
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
    /// Score every candidate of `pool`; returns the matching ones in pool order.
    pub(super) fn score_all(&self, plan: &Plan, pool: &[u32]) -> Vec<(i32, u32)> {
        let single = |single: &[u8], c: u32| {
            let best = self
                .fields_of(c as usize)
                .iter()
                .filter(|f| single[f.unit as usize] != 0)
                .map(|f| i32::from(single[f.unit as usize]) + i32::from(f.bonus))
                .max()?;
            Some(best.min(i32::from(u8::MAX)))
        };
        self.score_pool(plan, pool, single, |c, scratch| {
            let fields = self.fields_of(c as usize);
            if !fields.iter().any(|f| self.may_match(plan, f.unit)) {
                return None;
            }
            self.best_field::<false>(plan, c as usize, scratch)
                .map(|(score, _, _)| score)
        })
    }

    /// Score every unit of `pool`, without field bonus; returns the matching ones in pool order.
    #[cfg(test)]
    pub(super) fn score_units(&self, plan: &Plan, pool: &[u32]) -> Vec<(i32, u32)> {
        self.score_units_in(plan, pool, &mut PartTable::default(), false)
            .matches
    }

    /// Score every unit of `pool` without field bonus, with `table` as the per-part scans of
    /// this keystroke: a palette keeps it from one keystroke to the next, so a large index
    /// does not allocate and fault in a table on every key.
    ///
    /// With `lazy`, a part or unit whose match across its clauses or parts might outscore
    /// the best match inside one is not scanned whole at first; only the units that could
    /// reach the best hits then are ([`PaletteIndex::to_resolve`]), and the others are left
    /// [`Scored::unsure`].
    pub(super) fn score_units_in(
        &self,
        plan: &Plan,
        pool: &[u32],
        table: &mut PartTable,
        lazy: bool,
    ) -> Scored {
        if plan.impossible {
            return Scored::default();
        }
        if let (1, Some(l)) = (plan.len, plan.first) {
            let column = &self.single[l];
            let matches = pool
                .iter()
                .filter(|&&u| column[u as usize] != 0)
                .map(|&u| (i32::from(column[u as usize]), u))
                .collect();
            return Scored {
                matches,
                unsure: Vec::new(),
            };
        }
        // Each part is scanned by the first thread that meets it; two threads meeting it at
        // once both scan it, to the same result.
        let parts = table.reset(self.part_starts.len() - 1);
        let scored = each(pool, |u, scratch| {
            if !self.may_match(plan, u) {
                return None;
            }
            let (scan, _, upper) = self.join(plan, parts, self.parts_of(u), false, lazy, scratch);
            (upper != i32::MIN).then_some((scan.score, upper, u))
        });
        let mut out = Scored::default();
        for (score, upper, u) in scored {
            if score == upper {
                out.matches.push((score, u));
            } else {
                out.unsure.push((score, upper, u));
            }
        }
        if !out.unsure.is_empty() {
            let (ids, rest) = self.to_resolve(&out.matches, std::mem::take(&mut out.unsure));
            out.matches.extend(each(&ids, |u, scratch| {
                let (scan, _, _) = self.join(plan, parts, self.parts_of(u), false, false, scratch);
                (scan.score != i32::MIN).then_some((scan.score, u))
            }));
            out.unsure = rest;
        }
        out
    }

    /// Part `p` scanned alone, from `parts` when a thread has scanned it this keystroke
    /// (with `lazy`, maybe [`UNSURE`]).
    fn part_scan(
        &self,
        plan: &Plan,
        parts: Parts,
        p: u32,
        lazy: bool,
        scratch: &mut Scratch,
    ) -> PartScan {
        let cell = &parts.scans[p as usize];
        let word = cell.load(Ordering::Acquire);
        // An unsure scan is made sure (once a unit needs its exact score) by scanning again.
        if word != UNSCANNED && (lazy || PartScan::unpack(word).open & UNSURE == 0) {
            return PartScan::unpack(word);
        }
        let (start, end) = self.clause_ranges[p as usize];
        let (scan, bounds, upper) = match &self.clauses[start as usize..end as usize] {
            [] => {
                let (scan, bounds) = self.scan_alone(plan, &[p], scratch);
                (scan, bounds, scan.score)
            }
            clauses => self.join(plan, parts, clauses, true, lazy, scratch),
        };
        parts.bounds[p as usize].store(bounds.pack(), Ordering::Relaxed);
        parts.uppers[p as usize].store(u64::from(upper as u32), Ordering::Relaxed);
        // Published after its bounds, which a thread reads once it sees the scan.
        cell.store(scan.pack(), Ordering::Release);
        scan
    }

    /// The parts `ids` scanned one after the other, with nothing before them.
    fn scan_alone(&self, plan: &Plan, ids: &[u32], scratch: &mut Scratch) -> (PartScan, Bounds) {
        let score = self.scan::<false>(plan, ids, scratch);
        let len: usize = ids.iter().map(|&p| self.part_chars(p).len()).sum();
        let len = len as u32;
        let scan = PartScan {
            score: score.map_or(i32::MIN, |(s, _)| s),
            open: scratch.open(plan.len, len),
            takes: scratch.takes,
        };
        let bounds = Bounds {
            plain: scratch.bound(plan, len, &plan.completion),
            letters: scratch.bound(plan, len, &plan.completion_letters),
        };
        (scan, bounds)
    }

    /// The parts `ids` one after the other (a unit's parts, or a part's clauses), from each
    /// one's scan alone, which is made once per keystroke whatever shares the part.
    ///
    /// A match going on from one part into a later one may score more than the best match
    /// inside one part. Such a match takes up the query to some position in a part, pays for
    /// the gap to the next (or gets [`BONUS_CONSECUTIVE`] when it ended on the part's last
    /// character) and takes up the rest after it, which scores at most
    /// [`Plan::completion`] from there; a part's [`Bounds`] is the best of that over its
    /// partial matches. Only from the first part where that bound is above the best match
    /// inside one part are the parts scanned together, so a heading whose report name ends
    /// in `兴` is not scanned whole for `xingzheng` when its title has `行政` in one clause.
    /// Its [`Bounds`] are made only when `want_bounds` (a part's clauses, not a unit's parts).
    /// With `lazy`, parts are not scanned together but the scan is [`UNSURE`], between its
    /// score and the upper bound returned last (which is the score when it is sure).
    fn join(
        &self,
        plan: &Plan,
        parts: Parts,
        ids: &[u32],
        want_bounds: bool,
        lazy: bool,
        scratch: &mut Scratch,
    ) -> (PartScan, Bounds, i32) {
        const NONE: (PartScan, Bounds) = (
            PartScan {
                score: i32::MIN,
                open: 0,
                takes: 0,
            },
            Bounds {
                plain: i32::MIN,
                letters: i32::MIN,
            },
        );
        if ids.len() > MAX_JOINED {
            let (scan, bounds) = self.scan_alone(plan, ids, scratch);
            return (scan, bounds, scan.score);
        }
        let mut each = [NONE; MAX_JOINED];
        let mut upper = i32::MIN;
        for (e, &id) in each.iter_mut().zip(ids) {
            e.0 = self.part_scan(plan, parts, id, lazy, scratch);
            if e.0.open & UNSURE != 0 {
                e.0.open &= !UNSURE;
                upper = upper.max(parts.uppers[id as usize].load(Ordering::Relaxed) as u32 as i32);
            }
        }
        let each = &each[..ids.len()];
        let best = each.iter().map(|e| e.0.score).max().unwrap_or(i32::MIN);
        upper = upper.max(best);
        let (mut later, mut letters, mut from) = (0u16, false, None);
        let (mut open, mut takes, mut bounds) = (0u16, 0u16, NONE.1);
        for (i, (&(scan, ..), &id)) in each.iter().zip(ids).enumerate().rev() {
            let crossing = scan.open & later;
            // A unit's score needs a part's bounds only when a match may cross from it.
            let own = if crossing != 0 || want_bounds {
                Bounds::unpack(parts.bounds[id as usize].load(Ordering::Relaxed))
            } else {
                NONE.1
            };
            // What is taken up after the part: letters typed as themselves only if a later
            // part has them (or, beyond these parts, by the caller's choice of `letters`).
            let bound = if letters { own.letters } else { own.plain };
            if crossing != 0 {
                if !plan.bounded || bound > best {
                    from = Some(i);
                    upper = upper.max(if plan.bounded { bound } else { i32::MAX });
                }
                // Partial matches that cross into later parts reach past where they cross:
                // they may go on after these parts too.
                let lowest = crossing & crossing.wrapping_neg();
                open |= !(lowest | (lowest - 1));
            }
            open |= scan.open;
            takes |= scan.takes;
            bounds.plain = bounds.plain.max(bound);
            bounds.letters = bounds.letters.max(own.letters);
            later |= scan.takes;
            letters |= self.part_letters[id as usize] & plan.letters != 0;
        }
        let mut scan = PartScan {
            score: best,
            open,
            takes,
        };
        match from {
            Some(i) if !lazy => {
                let (rest, rest_bounds) = self.scan_alone(plan, &ids[i..], scratch);
                scan.score = scan.score.max(rest.score);
                scan.open |= rest.open;
                bounds.plain = bounds.plain.max(rest_bounds.plain);
                bounds.letters = bounds.letters.max(rest_bounds.letters);
                upper = scan.score;
            }
            _ if upper > best => scan.open |= UNSURE,
            _ => {}
        }
        (scan, bounds, upper)
    }

    /// Score every id of `pool`: a one-letter query by `single` from the one-letter column
    /// computed when the index was built, any other by `score`, on all cores when the pool is
    /// large. Returns the matching ids in pool order.
    fn score_pool<S, F>(&self, plan: &Plan, pool: &[u32], single: S, score: F) -> Vec<(i32, u32)>
    where
        S: Fn(&[u8], u32) -> Option<i32>,
        F: Fn(u32, &mut Scratch) -> Option<i32> + Sync,
    {
        if plan.impossible {
            return Vec::new();
        }
        if let (1, Some(l)) = (plan.len, plan.first) {
            let column = &self.single[l];
            return pool
                .iter()
                .filter_map(|&id| single(column, id).map(|s| (s, id)))
                .collect();
        }
        each(pool, |id, scratch| score(id, scratch).map(|s| (s, id)))
    }

    /// Whether unit `u` has what a match of `plan` needs (a cheap test that may say yes
    /// wrongly, never no wrongly).
    fn may_match(&self, plan: &Plan, u: u32) -> bool {
        let (u, need) = (u as usize, &plan.need);
        (need.bloom == 0 || self.blooms[u] & need.bloom == need.bloom)
            && (need.initials == 0 || self.initials[u] & need.initials == need.initials)
            && plan
                .pair
                .is_none_or(|(a, b)| self.pairs[a][u] & (1 << b) != 0)
    }

    /// Candidate `c`'s fields.
    fn fields_of(&self, c: usize) -> &[FieldRef] {
        &self.fields[self.field_starts[c] as usize..self.field_starts[c + 1] as usize]
    }

    /// Unit `u` as a field with this text offset and bonus.
    pub(super) fn unit_field(&self, u: u32, text_offset: u32, bonus: i32) -> Field {
        Field {
            unit: u,
            text_offset,
            bonus,
        }
    }

    /// Unit `u`'s parts.
    fn parts_of(&self, u: u32) -> &[u32] {
        let u = u as usize;
        &self.parts[self.unit_parts[u] as usize..self.unit_parts[u + 1] as usize]
    }

    /// Part `p`'s characters.
    pub(super) fn part_chars(&self, p: u32) -> &[u16] {
        let p = p as usize;
        &self.arena[self.part_starts[p] as usize..self.part_starts[p + 1] as usize]
    }

    /// The best match of the query over the candidate's fields: score with field bonus, the
    /// field, and (when tracing) the last node of the alignment in `scratch.nodes`.
    pub(super) fn best_field<const TRACE: bool>(
        &self,
        plan: &Plan,
        candidate: usize,
        scratch: &mut Scratch,
    ) -> Option<(i32, Field, u32)> {
        let mut best: Option<(i32, Field, u32)> = None;
        if TRACE {
            scratch.nodes.clear();
        }
        for f in self.fields_of(candidate) {
            let field = self.unit_field(f.unit, f.text_offset, i32::from(f.bonus));
            if let Some((score, node)) = self.align::<TRACE>(plan, &field, scratch) {
                let score = score + field.bonus;
                if best.is_none_or(|(b, _, _)| score > b) {
                    best = Some((score, field, node));
                }
            }
        }
        best
    }

    /// Best way of taking up the whole query in one field (see the module docs); `None` when
    /// the field does not match. With `TRACE`, partial matches are logged in `scratch.nodes`
    /// and the returned node ends the best one.
    pub(super) fn align<const TRACE: bool>(
        &self,
        plan: &Plan,
        field: &Field,
        s: &mut Scratch,
    ) -> Option<(i32, u32)> {
        self.scan::<TRACE>(plan, self.parts_of(field.unit), s)
    }

    /// [`PaletteIndex::align`] over the characters of `parts`, one after the other.
    ///
    /// A character is looked at only when one of its steps starts where a partial match can
    /// still go on (see [`Reach`]); the others cannot change any state.
    fn scan<const TRACE: bool>(
        &self,
        plan: &Plan,
        parts: &[u32],
        s: &mut Scratch,
    ) -> Option<(i32, u32)> {
        let m = plan.len;
        for slot in &mut s.slots[..=m] {
            slot.last_pos = NONE;
            slot.older = (i32::MIN, NONE);
        }
        let mut reach = Reach::default();
        let mut best: Option<(i32, u32)> = None;
        let (mut p, mut takes) = (0, 0);
        for &part in parts {
            for &packed in self.part_chars(part) {
                let froms = plan.froms[usize::from(packed & ID_MASK)];
                takes |= froms;
                let usable = reach.usable();
                reach.last = 0;
                if froms & usable != 0 {
                    self.take::<TRACE>(plan, packed, p, usable, &mut reach, &mut best, s);
                }
                p += 1;
            }
        }
        s.takes = takes;
        best
    }

    /// [`PaletteIndex::scan`] without skipping: every character offered every step, as the
    /// rules read. The reference the skipping is tested against.
    #[cfg(test)]
    pub(super) fn scan_every_character(&self, plan: &Plan, parts: &[u32]) -> Option<i32> {
        let s = &mut Scratch::new();
        for slot in &mut s.slots[..=plan.len] {
            slot.last_pos = NONE;
            slot.older = (i32::MIN, NONE);
        }
        let (mut reach, mut best, mut p) = (Reach::default(), None, 0);
        for &part in parts {
            for &packed in self.part_chars(part) {
                self.take::<false>(plan, packed, p, u16::MAX, &mut reach, &mut best, s);
                p += 1;
            }
        }
        best.map(|(score, _)| score)
    }

    /// Offer every way the character `packed` at field position `p` can extend the partial
    /// matches at the `usable` positions, recording what it reaches in `reach` and, when the
    /// whole query is taken up, updating `best`.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn take<const TRACE: bool>(
        &self,
        plan: &Plan,
        packed: u16,
        p: u32,
        usable: u16,
        reach: &mut Reach,
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
            if usable & position_bit(from) == 0 {
                continue;
            }
            let to = usize::from(step.to);
            let gain = i32::from(step.score) + boundary;
            if from == 0 {
                reach.offered(to, !step.initial);
                s.offer::<TRACE>(to, p, gain, !step.initial, NONE);
            } else {
                let state = *s.slot(from);
                let last = state.last_pos;
                if last != NONE && last + 1 == p && state.last_any.0 != i32::MIN {
                    // Right after the previous character: the run grows, so it is strong.
                    let (v, node) = state.last_any;
                    reach.offered(to, true);
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
                    reach.offered(to, !step.initial);
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

/// `f` of every id of `ids` that gives a result, in order; on all cores when there are many.
pub(super) fn each<T: Send>(
    ids: &[u32],
    f: impl Fn(u32, &mut Scratch) -> Option<T> + Sync,
) -> Vec<T> {
    let chunk = |chunk: &[u32]| {
        let mut scratch = Scratch::new();
        let mut out = Vec::with_capacity(chunk.len());
        out.extend(chunk.iter().filter_map(|&id| f(id, &mut scratch)));
        out
    };
    if ids.len() < PARALLEL_THRESHOLD {
        return chunk(ids);
    }
    // Small shares rather than one half per core: on a shared machine a thread may wait for a
    // core, and the others then score its shares.
    let shares: Vec<&[u32]> = ids.chunks(SHARE).collect();
    let done = crate::cores::map(&shares, |share| chunk(share));
    let mut out = Vec::with_capacity(done.iter().map(Vec::len).sum());
    for share in done {
        out.extend(share);
    }
    out
}
