//! The matcher: scoring a candidate against a query plan by dynamic programming over its
//! characters (the rules are in the module docs of [`super`]), on all cores for large pools.
//!
//! Units are scored through their parts, each scanned once per keystroke (`part`); this
//! module is the scan itself.

use super::build::{Field, FieldRef, BOUNDARY, ID_MASK};
use super::plan::{position_bit, Plan};
use super::{
    PaletteIndex, BONUS_BOUNDARY, BONUS_CONSECUTIVE, MAX_QUERY_CHARS, PENALTY_GAP_EXTENSION,
    PENALTY_GAP_START,
};

/// How many candidates a thread scores at a time when a query runs on several cores.
const SHARE: usize = 4096;
/// Below this many candidates a query runs on one core: threads would cost more than they save.
pub(super) const PARALLEL_THRESHOLD: usize = 20_000;
/// "No position yet" in the matcher's state.
pub(super) const NONE: u32 = u32::MAX;

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
    pub(super) takes: u16,
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
    pub(super) fn open(&self, m: usize, len: u32) -> u16 {
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
    pub(super) fn bound(&self, plan: &Plan, len: u32, completion: &[Option<i32>]) -> i32 {
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
    pub(super) fn may_match(&self, plan: &Plan, u: u32) -> bool {
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
    pub(super) fn parts_of(&self, u: u32) -> &[u32] {
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
    pub(super) fn scan<const TRACE: bool>(
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

/// As [`each`] for ids that each cost a unit's scoring: on all cores from two shares on, and
/// with `scratch` for fewer, so that many small pools scored in a row share one [`Scratch`]
/// rather than each making its own.
pub(super) fn each_in<T: Send>(
    ids: &[u32],
    scratch: &mut Scratch,
    f: impl Fn(u32, &mut Scratch) -> Option<T> + Sync,
) -> Vec<T> {
    if ids.len() < 2 * SHARE {
        return one_core(ids, scratch, &f);
    }
    spread(ids, &f)
}

/// `f` of every id of `ids` that gives a result, in order; on all cores when there are many.
pub(super) fn each<T: Send>(
    ids: &[u32],
    f: impl Fn(u32, &mut Scratch) -> Option<T> + Sync,
) -> Vec<T> {
    if ids.len() < PARALLEL_THRESHOLD {
        return one_core(ids, &mut Scratch::new(), &f);
    }
    spread(ids, &f)
}

/// `f` of every id of `ids` that gives a result, in order, on this thread with `scratch`.
fn one_core<T>(
    ids: &[u32],
    scratch: &mut Scratch,
    f: &impl Fn(u32, &mut Scratch) -> Option<T>,
) -> Vec<T> {
    ids.iter().filter_map(|&id| f(id, scratch)).collect()
}

/// [`each`] on all cores.
fn spread<T: Send>(ids: &[u32], f: &(impl Fn(u32, &mut Scratch) -> Option<T> + Sync)) -> Vec<T> {
    // Small shares rather than one half per core: on a shared machine a thread may wait for a
    // core, and the others then score its shares.
    let shares: Vec<&[u32]> = ids.chunks(SHARE).collect();
    let done = crate::cores::map(&shares, |share| one_core(share, &mut Scratch::new(), f));
    let mut out = Vec::with_capacity(done.iter().map(Vec::len).sum());
    for share in done {
        out.extend(share);
    }
    out
}
