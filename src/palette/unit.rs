//! Units: the distinct searched strings of the index. Most figures share their label and value
//! with figures of other reports (`受理行政复议申请 82件`), and every section shares its topic
//! tags, so a keystroke scores each distinct string once instead of once per candidate, and
//! only the best-scoring strings are followed back to their candidates ([`Postings`]).
//!
//! A field's score is a function of its characters alone (boundaries included: a field always
//! starts a word), so a candidate's score is the best over its fields of its unit's score plus
//! the field's bonus, exactly as if each candidate were scored on its own.

use super::build::FieldRef;
use super::plan::Plan;
use super::rank::Ties;
use super::{CandidateKey, Hit, PaletteIndex, Scope, MAX_HITS};
use std::cmp::Reverse;
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

    /// The field bonus of item `item`.
    pub(super) fn bonus_of(&self, item: usize) -> i32 {
        i32::from(self.bonus[item])
    }

    /// The candidates of item `item`, ascending.
    pub(super) fn of(&self, item: usize) -> &[u32] {
        &self.candidates[self.item_starts[item] as usize..self.item_starts[item + 1] as usize]
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

    /// Of the units `unsure` (lower bound, upper bound, unit) found while scoring `matches`,
    /// those that can reach the best [`MAX_HITS`] candidates and must be scored exactly, and
    /// the others: only those whose upper bound (with their best field bonus) reaches the
    /// floor above which enough candidates are sure to be found. Each candidate is posted at
    /// most `max_fields` times (once per field), so the floor counts that many postings per
    /// candidate; when there are not enough, every unsure unit is scored.
    pub(super) fn to_resolve(
        &self,
        matches: &[(i32, u32)],
        unsure: Vec<(i32, i32, u32)>,
    ) -> (Vec<u32>, Vec<(i32, i32, u32)>) {
        let known = matches
            .iter()
            .copied()
            .chain(unsure.iter().map(|&(lower, _, u)| (lower, u)))
            .filter(|&(score, _)| score != i32::MIN);
        let need = MAX_HITS * self.max_fields.max(1);
        let floor = self.posted(known).and_then(|Posted { top, posted, .. }| {
            let mut sum = 0;
            posted.iter().enumerate().find_map(|(below, &n)| {
                sum += n;
                (sum >= need).then_some(top - below as i32)
            })
        });
        let p = &self.postings;
        let (now, later): (Vec<_>, Vec<_>) = unsure.into_iter().partition(|&(_, upper, u)| {
            let bonus = p.items_of(u).next().map_or(0, |item| p.bonus_of(item));
            floor.is_none_or(|floor| upper.saturating_add(bonus) >= floor)
        });
        (now.into_iter().map(|(_, _, u)| u).collect(), later)
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
