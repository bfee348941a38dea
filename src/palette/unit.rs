//! Units: the distinct searched strings of the index. Most figures share their label and value
//! with figures of other reports (`受理行政复议申请 82件`), and every section shares its topic
//! tags, so a keystroke scores each distinct string once instead of once per candidate, and
//! only the best-scoring strings are followed back to their candidates ([`Postings`]).
//!
//! A field's score is a function of its characters alone (boundaries included: a field always
//! starts a word), so a candidate's score is the best over its fields of its unit's score plus
//! the field's bonus, exactly as if each candidate were scored on its own.
//!
//! Most units that match a keystroke cannot rank among its best hits, and they are not scored
//! at all: a unit scores at most what its parts allow, so the best units are found from the
//! parts ([`PartUnits`], [`PaletteIndex::best_units`]).

use super::build::FieldRef;
use super::matcher::{each_in, Scratch};
use super::part::PartTable;
use super::plan::Plan;
use super::rank::Ties;
use super::{CandidateKey, Hit, PaletteIndex, Scope, MAX_HITS};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The most levels [`PaletteIndex::best_units`] tells apart.
const MAX_LEVELS: usize = 1 << 16;
use std::ops::Range;

/// Which candidates each unit appears in, and with what field bonus: the way back from a
/// matched unit to the candidates a user sees. An *item* is a unit with one field bonus.
#[derive(Debug)]
pub(super) struct Postings {
    /// Per unit, its items (one more entry than units: unit `u`'s items are
    /// `unit_items[u]..unit_items[u + 1]`).
    unit_items: Vec<u32>,
    /// Per item, its field bonus.
    bonus: Vec<u8>,
    /// Per item, its candidates in `candidates` (one more entry than items).
    item_starts: Vec<u32>,
    /// Candidate ids, ascending within an item.
    candidates: Vec<u32>,
}

impl Postings {
    /// The postings of `fields` (candidate `c`'s are `fields[field_starts[c]..field_starts[c + 1]]`)
    /// over `units` units.
    pub(super) fn build(field_starts: &[u32], fields: &[FieldRef], units: usize) -> Postings {
        let mut entries: Vec<(u32, u8, u32)> = Vec::with_capacity(fields.len());
        for (c, range) in field_starts.windows(2).enumerate() {
            for f in &fields[range[0] as usize..range[1] as usize] {
                entries.push((f.unit, f.bonus, c as u32));
            }
        }
        entries.sort_unstable_by_key(|&(u, b, c)| (u, Reverse(b), c));
        entries.dedup();
        let mut unit_items = vec![0u32; units + 1];
        let mut bonus = Vec::new();
        let mut item_starts = Vec::new();
        let mut candidates = Vec::with_capacity(entries.len());
        let mut previous = None;
        for (u, b, c) in entries {
            if previous != Some((u, b)) {
                previous = Some((u, b));
                unit_items[u as usize + 1] += 1;
                bonus.push(b);
                item_starts.push(candidates.len() as u32);
            }
            candidates.push(c);
        }
        item_starts.push(candidates.len() as u32);
        for u in 0..units {
            unit_items[u + 1] += unit_items[u];
        }
        Postings {
            unit_items,
            bonus,
            item_starts,
            candidates,
        }
    }

    /// Unit `u`'s items, best bonus first.
    pub(super) fn items_of(&self, u: u32) -> Range<usize> {
        let u = u as usize;
        self.unit_items[u] as usize..self.unit_items[u + 1] as usize
    }

    /// The best field bonus of unit `u` (its items come best bonus first).
    pub(super) fn best_bonus(&self, u: u32) -> u8 {
        self.items_of(u).next().map_or(0, |item| self.bonus[item])
    }

    /// The field bonus of item `item`.
    pub(super) fn bonus_of(&self, item: usize) -> i32 {
        i32::from(self.bonus[item])
    }

    /// The candidates of item `item`, ascending.
    pub(super) fn of(&self, item: usize) -> &[u32] {
        &self.candidates[self.item_starts[item] as usize..self.item_starts[item + 1] as usize]
    }
}

/// From parts back to the units that hold them: the way from a keystroke's best parts to its
/// best units ([`PaletteIndex::best_units`]).
#[derive(Debug)]
pub(super) struct PartUnits {
    /// Part `p`'s units are `units[starts[p]..starts[p + 1]]`: first those it is the last
    /// part of (up to `inner[p]`), then those with parts after it.
    starts: Vec<u32>,
    inner: Vec<u32>,
    units: Vec<u32>,
    /// Per part, the best field bonus of its units.
    bonus: Vec<u8>,
    /// Per part, the letters (as in `letter_bit`) that parts after it have as characters of
    /// their own, in any unit.
    pub(super) letters_after: Vec<u32>,
    /// The parts some unit holds, ascending: what a keystroke scans when it cannot start
    /// from the previous one's parts.
    pub(super) used: Vec<u32>,
    /// One bit per part that is a clause of a part: its partial matches may go on into the
    /// next clause.
    clause: Vec<u64>,
}

impl PartUnits {
    /// The units of `part_count` parts, unit `u` being `parts[unit_parts[u]..unit_parts[u + 1]]`.
    pub(super) fn build(
        unit_parts: &[u32],
        parts: &[u32],
        part_count: usize,
        part_letters: &[u32],
        clauses: &[u32],
        postings: &Postings,
    ) -> PartUnits {
        let units = || {
            unit_parts.windows(2).enumerate().map(|(u, w)| {
                let row = &parts[w[0] as usize..w[1] as usize];
                (u as u32, row)
            })
        };
        let (mut last, mut inner) = (vec![0u32; part_count], vec![0u32; part_count]);
        let mut bonus = vec![0u8; part_count];
        let mut letters_after = vec![0u32; part_count];
        for (u, row) in units() {
            let best = postings.best_bonus(u);
            let mut after = 0;
            for (i, &p) in row.iter().enumerate().rev() {
                let p = p as usize;
                if i + 1 == row.len() {
                    last[p] += 1;
                } else {
                    inner[p] += 1;
                }
                bonus[p] = bonus[p].max(best);
                letters_after[p] |= after;
                after |= part_letters[p];
            }
        }
        let mut starts = Vec::with_capacity(part_count + 1);
        let mut at = 0;
        for p in 0..part_count {
            starts.push(at);
            at += last[p] + inner[p];
        }
        starts.push(at);
        let inner: Vec<u32> = (0..part_count).map(|p| starts[p] + last[p]).collect();
        let (mut next_last, mut next_inner) = (starts.clone(), inner.clone());
        let mut held = vec![0u32; at as usize];
        for (u, row) in units() {
            for (i, &p) in row.iter().enumerate() {
                let next = if i + 1 == row.len() {
                    &mut next_last[p as usize]
                } else {
                    &mut next_inner[p as usize]
                };
                held[*next as usize] = u;
                *next += 1;
            }
        }
        let used = (0..part_count as u32)
            .filter(|&p| starts[p as usize] < starts[p as usize + 1])
            .collect();
        let mut clause = vec![0u64; part_count.div_ceil(64)];
        for &p in clauses {
            clause[p as usize / 64] |= 1 << (p % 64);
        }
        PartUnits {
            clause,
            starts,
            inner,
            units: held,
            bonus,
            letters_after,
            used,
        }
    }

    /// The parts held by units, not clauses, and not in `pool` (ascending, of `used`): those
    /// known dead when `pool` holds what the previous keystroke left alive.
    pub(super) fn dropped<'a>(&'a self, pool: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
        let mut alive = pool.iter().copied().peekable();
        self.used.iter().copied().filter(move |&p| {
            while alive.next_if(|&a| a < p).is_some() {}
            alive.next_if_eq(&p).is_none() && self.clause[p as usize / 64] & 1 << (p % 64) == 0
        })
    }

    /// Whether part `p` has parts after it in some unit.
    pub(super) fn leads(&self, p: u32) -> bool {
        !self.of(p, true).is_empty()
    }

    /// The units part `p` is the last part of (`inner` false), or has parts after it in.
    fn of(&self, p: u32, inner: bool) -> &[u32] {
        let p = p as usize;
        let range = if inner {
            self.inner[p]..self.starts[p + 1]
        } else {
            self.starts[p]..self.inner[p]
        };
        &self.units[range.start as usize..range.end as usize]
    }
}

/// Postings counted by level, from [`PaletteIndex::posted`].
struct Posted {
    /// The best level.
    top: i32,
    /// The worst level.
    bottom: i32,
    /// Postings at each level, `top` first.
    posted: Vec<usize>,
}

impl PaletteIndex {
    /// How many units the index has.
    pub(super) fn unit_count(&self) -> usize {
        self.unit_parts.len() - 1
    }

    /// How many postings `units` (score without field bonus, unit) make at each level (score
    /// plus field bonus), best first; `None` when they post nothing.
    fn posted(&self, units: impl Iterator<Item = (i32, u32)> + Clone) -> Option<Posted> {
        let p = &self.postings;
        let (mut top, mut bottom) = (i32::MIN, i32::MAX);
        for (score, u) in units.clone() {
            let items = p.items_of(u);
            if !items.is_empty() {
                // A unit's items come best bonus first.
                top = top.max(score + p.bonus_of(items.start));
                bottom = bottom.min(score + p.bonus_of(items.end - 1));
            }
        }
        if top == i32::MIN {
            return None;
        }
        let mut posted = vec![0usize; (top - bottom) as usize + 1];
        for (score, u) in units {
            for item in p.items_of(u) {
                posted[(top - score - p.bonus_of(item)) as usize] += p.of(item).len();
            }
        }
        Some(Posted {
            top,
            bottom,
            posted,
        })
    }

    /// The units matching the one-letter query `l` (as a number 0–25) that can hold its best
    /// [`MAX_HITS`] candidates, with their scores from the column computed when the index was
    /// built.
    ///
    /// A one-letter score is exact, so a unit's best item posts at its score plus its best
    /// field bonus, and at least one candidate there. Once enough units lie strictly above a
    /// level, no unit at or below it can rank among the best or tie with them (as in
    /// [`PaletteIndex::best_units`]); those are left out, and ranking reads far fewer units:
    /// nearly every unit has an `x`.
    pub(super) fn single_units(&self, l: usize) -> Vec<(i32, u32)> {
        let p = &self.postings;
        let column = &self.single[l];
        // The level of a unit's best item.
        let level = |u: usize, score: u8| usize::from(score) + usize::from(p.best_bonus(u as u32));
        let mut units = [0usize; 2 * (u8::MAX as usize + 1)];
        for (u, &score) in column.iter().enumerate() {
            if score != 0 {
                units[level(u, score)] += 1;
            }
        }
        let need = MAX_HITS * self.max_fields.max(1);
        let mut above = 0;
        let cut = (0..units.len()).rev().find(|&at| {
            let enough = above >= need;
            above += units[at];
            enough
        });
        column
            .iter()
            .enumerate()
            .filter(|&(u, &score)| score != 0 && cut.is_none_or(|cut| level(u, score) > cut))
            .map(|(u, &score)| (i32::from(score), u as u32))
            .collect()
    }

    /// The units that can hold the best [`MAX_HITS`] candidates for `plan`, with their exact
    /// scores (without field bonus), found from the parts `pool`; and the parts that stay
    /// alive, for the next keystroke.
    ///
    /// A unit scores at most the best of what its parts allow ([`Alive`]). So parts are taken
    /// in order of that bound plus the best field bonus of their units, and each unit is
    /// scored when first met, until enough candidates are posted above the next part's
    /// bound: no unit still unmet can rank among the best then, nor tie with them. The units
    /// met are ranked by [`PaletteIndex::rank_units`] as if every unit had been scored.
    pub(super) fn best_units(
        &self,
        plan: &Plan,
        pool: &[u32],
        table: &mut PartTable,
    ) -> (Vec<(i32, u32)>, Vec<u32>) {
        let (parts, alive) = self.scan_parts(plan, pool, table);
        let pu = &self.part_units;
        // (bound, part, whether it leads to the units with parts after it)
        let mut entries: Vec<(i32, u32, bool)> = Vec::with_capacity(alive.len() * 2);
        for a in &alive {
            let bonus = i32::from(pu.bonus[a.part as usize]);
            for (key, inner) in [(a.last, false), (a.inner, true)] {
                // A bound of nothing leads to no match: a unit that matches is met through
                // another of its parts.
                if key != i32::MIN && !pu.of(a.part, inner).is_empty() {
                    entries.push((key.saturating_add(bonus), a.part, inner));
                }
            }
        }
        let pool = alive.iter().map(|a| a.part).collect();
        let (Some(top), Some(lowest)) = (
            entries.iter().map(|e| e.0).max(),
            entries.iter().map(|e| e.0).min(),
        ) else {
            return (Vec::new(), pool);
        };
        // Best first by counting: bounds span a few thousand values at most (the gaps of a
        // long text can cost more; those lowest levels are taken as one). Level `l` is at
        // `top - l`; a level below the last (`span - 1`) is counted there, and no stop counts
        // the last level.
        let span = (top.saturating_sub(lowest) as usize).min(MAX_LEVELS) + 1;
        // Below, `level` is such an index.
        let at = |level: i32| (top.saturating_sub(level).max(0) as usize).min(span - 1);
        let mut offsets = vec![0usize; span + 1];
        for e in &entries {
            offsets[at(e.0) + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut sorted = vec![(0u32, false); entries.len()];
        let mut fill = offsets.clone();
        for &(bound, part, inner) in &entries {
            sorted[fill[at(bound)]] = (part, inner);
            fill[at(bound)] += 1;
        }
        let need = MAX_HITS * self.max_fields.max(1);
        let mut posted = vec![0usize; span];
        let (mut above, mut counted) = (0usize, 0usize);
        let mut seen = vec![0u64; self.unit_count().div_ceil(64)];
        let mut matches = Vec::new();
        // Units whose match across parts is not scanned yet, by the level of their upper
        // bound with their best field bonus (`at` of it), lowest first.
        let mut unsure: BinaryHeap<Reverse<(usize, u32)>> = BinaryHeap::new();
        let mut batch = Vec::new();
        let mut scratch = Scratch::new();
        let post = |scored: &[(i32, u32)], posted: &mut [usize]| {
            for &(score, u) in scored {
                for item in self.postings.items_of(u) {
                    posted[at(score + self.postings.bonus_of(item))] +=
                        self.postings.of(item).len();
                }
            }
        };
        for level in 0..=span {
            // The unsure units that may score above this level are scanned now.
            batch.clear();
            while let Some(&Reverse((bound, u))) = unsure.peek() {
                if bound >= level {
                    break;
                }
                unsure.pop();
                batch.push(u);
            }
            let sure = each_in(&batch, &mut scratch, |u, scratch| {
                let (score, _) = self.unit_score(plan, parts, u, false, scratch)?;
                (score != i32::MIN).then_some((score, u))
            });
            post(&sure, &mut posted);
            matches.extend(sure);
            let Some(bucket) = offsets
                .get(level + 1)
                .map(|&end| &sorted[offsets[level]..end])
            else {
                break;
            };
            if bucket.is_empty() {
                continue;
            }
            // Every unit not met yet, or unsure, scores at most this level: stop once enough
            // candidates are posted strictly above it.
            while counted < level {
                above += posted[counted];
                counted += 1;
            }
            if above >= need {
                break;
            }
            batch.clear();
            for &(part, inner) in bucket {
                for &u in pu.of(part, inner) {
                    let (word, bit) = (u as usize / 64, 1u64 << (u % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        batch.push(u);
                    }
                }
            }
            let scored = each_in(&batch, &mut scratch, |u, scratch| {
                let (lower, upper) = self.unit_score(plan, parts, u, true, scratch)?;
                Some((lower, upper, u))
            });
            let mut sure = Vec::with_capacity(scored.len());
            for (lower, upper, u) in scored {
                if lower == upper {
                    sure.push((lower, u));
                } else {
                    let bonus = i32::from(self.postings.best_bonus(u));
                    unsure.push(Reverse((at(upper.saturating_add(bonus)).max(level), u)));
                }
            }
            post(&sure, &mut posted);
            matches.extend(sure);
        }
        (matches, pool)
    }

    /// The best [`MAX_HITS`] candidates of the whole index for matched `units` (score without
    /// field bonus, unit), ranked as [`PaletteIndex::rank`] ranks candidates: items are taken
    /// best score first, a whole score at a time, until at least [`MAX_HITS`] distinct
    /// candidates are in. A candidate first met at some score has no better one, and every
    /// candidate tied with the last one taken is in, so the tie-breaks decide as they would
    /// over all candidates.
    ///
    /// Most keystrokes match far more items than are shown, so the items are first counted by
    /// score and only those from the score by which [`MAX_HITS`] candidates are posted are
    /// gathered and sorted; when a candidate posted twice leaves that short, all are.
    pub(super) fn rank_units(
        &self,
        plan: &Plan,
        units: &[(i32, u32)],
        scope: Scope,
        recent: &[CandidateKey],
    ) -> Vec<Hit> {
        let Some(Posted {
            top,
            bottom,
            posted,
        }) = self.posted(units.iter().copied())
        else {
            return Vec::new();
        };
        let mut floor = top;
        let mut sum = 0;
        for &n in &posted {
            sum += n;
            if sum >= MAX_HITS {
                break;
            }
            floor -= 1;
        }
        let floor = floor.max(bottom);
        let ties = self.ties(scope, recent);
        let mut keyed = self.keyed_from(units, top, floor, &ties);
        if keyed.len() < MAX_HITS && floor > bottom {
            keyed = self.keyed_from(units, top, bottom, &ties);
        }
        self.top(plan, keyed)
    }

    /// The candidates of the items scoring `floor` or more (at most `top`), keyed for
    /// ranking, a whole score at a time until at least [`MAX_HITS`] are in.
    fn keyed_from(
        &self,
        units: &[(i32, u32)],
        top: i32,
        floor: i32,
        ties: &Ties,
    ) -> Vec<(u64, u32)> {
        let p = &self.postings;
        let mut items: Vec<(i32, u32)> = Vec::new();
        for &(score, u) in units {
            for item in p.items_of(u) {
                let level = score + p.bonus_of(item);
                if level >= floor {
                    items.push((level, item as u32));
                }
            }
        }
        // Best first by counting: scores span a few thousand values at most.
        let mut offsets = vec![0usize; (top - floor) as usize + 2];
        for &(s, _) in &items {
            offsets[(top - s) as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut sorted = vec![0u32; items.len()];
        let mut fill = offsets.clone();
        for &(s, item) in &items {
            let at = &mut fill[(top - s) as usize];
            sorted[*at] = item;
            *at += 1;
        }
        let mut seen = vec![0u64; self.candidates.len().div_ceil(64)];
        let mut keyed = Vec::new();
        for level in 0..offsets.len() - 1 {
            if keyed.len() >= MAX_HITS {
                break;
            }
            let score = top - level as i32;
            for &item in &sorted[offsets[level]..offsets[level + 1]] {
                for &c in p.of(item as usize) {
                    let (word, bit) = (c as usize / 64, 1u64 << (c % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        keyed.push(self.keyed(ties, score, c));
                    }
                }
            }
        }
        keyed
    }
}
