//! Parts: a unit is stored as parts (a heading as its report's name, its section numbers and
//! its title; a figure as its label and its value), and a long part in turn as its clauses.
//! Each distinct part is scanned once per keystroke, and a unit is scored by joining its
//! parts' scans (a part by joining its clauses'), scanning them together only when a match
//! across them might score more than the best inside one.
//!
//! When no partial match left by a part scanned alone can go on into the parts after it (it
//! may take a gap or ends on the part's last character, but no later character can take up
//! the query from where it stopped), no match crosses from that part into the next: the unit
//! scores the best of its parts alone. Gap costs depend on distances only, skipped leading
//! characters cost nothing and boundaries are stored as in the whole field, so this is exact.
//! A part that stays open need not cost a scan either: what a match going on from it can
//! still score is bounded (its [`Bounds`], from [`Plan::completion`]), and when that is no
//! more than the best match inside one part, no match across parts can change the score. So a
//! title or a label that recurs across reports is scanned once, not once per report, a clause
//! that recurs across titles (`推进严格规范公正文明执法`) once, and a title is scanned whole only
//! when a match across its clauses might score more, and even then only if it could reach the
//! keystroke's best hits.

use super::matcher::{each, Scratch};
use super::plan::Plan;
use super::PaletteIndex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Parts joined at most (a unit's parts, a part's clauses); more are scanned together.
const MAX_JOINED: usize = 12;

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

impl PaletteIndex {
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
    /// the gap to the next (or gets [`super::BONUS_CONSECUTIVE`] when it ended on the part's last
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
        const NO_BOUNDS: Bounds = Bounds {
            plain: i32::MIN,
            letters: i32::MIN,
        };
        if ids.len() > MAX_JOINED {
            let (scan, bounds) = self.scan_alone(plan, ids, scratch);
            return (scan, bounds, scan.score);
        }
        let mut scans = [PartScan {
            score: i32::MIN,
            open: 0,
            takes: 0,
        }; MAX_JOINED];
        let (mut best, mut upper) = (i32::MIN, i32::MIN);
        for (scan, &id) in scans.iter_mut().zip(ids) {
            *scan = self.part_scan(plan, parts, id, lazy, scratch);
            if scan.open & UNSURE != 0 {
                scan.open &= !UNSURE;
                upper = upper.max(parts.uppers[id as usize].load(Ordering::Relaxed) as u32 as i32);
            }
            best = best.max(scan.score);
        }
        upper = upper.max(best);
        // Whether a part after the `i`th has letters of the query as characters of their own.
        let letters_after = |i: usize| {
            plan.letters != 0
                && ids[i + 1..]
                    .iter()
                    .any(|&id| self.part_letters[id as usize] & plan.letters != 0)
        };
        let (mut later, mut open, mut takes) = (0u16, 0u16, 0u16);
        let (mut from, mut bounds) = (None, NO_BOUNDS);
        for (i, (&scan, &id)) in scans.iter().zip(ids).enumerate().rev() {
            let crossing = scan.open & later;
            // A unit's score needs a part's bounds only when a match may cross from it.
            if crossing != 0 || want_bounds {
                let own = Bounds::unpack(parts.bounds[id as usize].load(Ordering::Relaxed));
                // What is taken up after the part: letters typed as themselves only if a
                // later part has them (or, beyond these parts, by the caller's choice).
                let bound = if letters_after(i) {
                    own.letters
                } else {
                    own.plain
                };
                if crossing != 0 {
                    if !plan.bounded || bound > best {
                        from = Some(i);
                        upper = upper.max(if plan.bounded { bound } else { i32::MAX });
                    }
                    // Partial matches that cross into later parts reach past where they
                    // cross: they may go on after these parts too.
                    let lowest = crossing & crossing.wrapping_neg();
                    open |= !(lowest | (lowest - 1));
                }
                bounds.plain = bounds.plain.max(bound);
                bounds.letters = bounds.letters.max(own.letters);
            }
            open |= scan.open;
            takes |= scan.takes;
            later |= scan.takes;
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
}
