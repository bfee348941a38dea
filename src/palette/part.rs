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
use super::{PaletteIndex, BONUS_BOUNDARY, BONUS_CONSECUTIVE, SCORE_EXACT};
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
/// parts (see [`PaletteIndex::scan_parts`]).
#[derive(Default)]
pub(super) struct PartTable {
    /// Per part, its [`PartScan`] packed, or [`UNSCANNED`].
    scans: Vec<AtomicU64>,
    /// Per part, its [`Bounds`] packed, and the most it may score when its scan is
    /// [`UNSURE`]; both written before its scan is published.
    bounds: Vec<AtomicU64>,
    uppers: Vec<AtomicU64>,
    /// One bit per part known not to match this keystroke, alone or with what follows.
    dead: Vec<u64>,
}

/// A keystroke's view of a [`PartTable`].
#[derive(Clone, Copy)]
pub(super) struct Parts<'a> {
    scans: &'a [AtomicU64],
    bounds: &'a [AtomicU64],
    uppers: &'a [AtomicU64],
    dead: &'a [u64],
}

/// In a [`PartScan`]'s `open` (whose bit 0 is otherwise never set): its score is only the
/// best match found inside its clauses, and a match across them might score up to its upper
/// bound; it was left unscanned because a keystroke's best hits may not need it.
const UNSURE: u16 = 1;

/// A part a keystroke matched, or left a partial match in that may go on after it, with
/// the most a unit holding it can score, from [`PaletteIndex::scan_parts`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Alive {
    pub(super) part: u32,
    /// At most what a unit scores whose last part it is: its own score, or the upper bound of
    /// a match across its clauses.
    pub(super) last: i32,
    /// At most what a unit scores that has parts after it: also what a match going on from
    /// it into them can score.
    pub(super) inner: i32,
}

impl PartTable {
    /// The table for `parts` parts, every one [`UNSCANNED`] and the parts `dead` dead.
    fn reset(&mut self, parts: usize, dead: impl Iterator<Item = u32>) -> Parts<'_> {
        self.scans.truncate(parts);
        for cell in &mut self.scans {
            *cell.get_mut() = UNSCANNED;
        }
        self.scans.resize_with(parts, || AtomicU64::new(UNSCANNED));
        self.bounds.resize_with(parts, AtomicU64::default);
        self.uppers.resize_with(parts, AtomicU64::default);
        self.dead.clear();
        self.dead.resize(parts.div_ceil(64), 0);
        for p in dead {
            self.dead[p as usize / 64] |= 1 << (p % 64);
        }
        Parts {
            scans: &self.scans,
            bounds: &self.bounds,
            uppers: &self.uppers,
            dead: &self.dead,
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
    /// Score every unit of `pool` without field bonus, scanning each one's parts; returns the
    /// matching ones in pool order.
    #[cfg(test)]
    pub(super) fn score_units(&self, plan: &Plan, pool: &[u32]) -> Vec<(i32, u32)> {
        let mut table = PartTable::default();
        let parts = table.reset(self.part_starts.len() - 1, std::iter::empty());
        each(pool, |u, scratch| {
            let (score, _) = self.unit_score(plan, parts, u, false, scratch)?;
            Some((score, u))
        })
    }

    /// Scan the parts `pool` for this keystroke, with `table` as its per-part scans: a
    /// palette keeps the table from one keystroke to the next, so a large index does not
    /// allocate and fault in a table on every key. Returns the view of the table that
    /// [`PaletteIndex::unit_score`] reads, and the parts that stay alive, with what their units
    /// can score at most.
    ///
    /// A part whose clauses might match across them is left unsure, with an upper bound, and
    /// only scanned whole once a unit holding it needs its exact score.
    pub(super) fn scan_parts<'t>(
        &self,
        plan: &Plan,
        pool: &[u32],
        table: &'t mut PartTable,
    ) -> (Parts<'t>, Vec<Alive>) {
        // A part that was not alive for the previous keystroke is not for this one: it is
        // not scanned when nothing before it in a unit can go on into it.
        let parts = table.reset(self.part_starts.len() - 1, self.part_units.dropped(pool));
        if plan.impossible {
            return (parts, Vec::new());
        }
        // The most any text can score: per step of the query, a character typed as itself,
        // taken right after the last one, at a word start.
        let ceiling = plan.len as i32 * (SCORE_EXACT + BONUS_CONSECUTIVE + BONUS_BOUNDARY);
        let start = &plan.start;
        let alive = each(pool, |p, scratch| {
            // Every match, whole or partial, takes up the query's first character here.
            let (bloom, initials) = (self.part_blooms[p as usize], self.part_initials[p as usize]);
            if bloom & start.bloom != start.bloom || initials & start.initials != start.initials {
                return None;
            }
            let scan = self.part_scan(plan, parts, p, true, false, scratch);
            // A partial match can only go on into a part after this one.
            let open = if self.part_units.leads(p) {
                scan.open & !UNSURE
            } else {
                0
            };
            if scan.score == i32::MIN && scan.open & UNSURE == 0 && open == 0 {
                return None;
            }
            let last = if scan.open & UNSURE != 0 {
                parts.uppers[p as usize].load(Ordering::Relaxed) as u32 as i32
            } else {
                scan.score
            };
            let inner = if open == 0 {
                last
            } else if plan.bounded {
                let bounds = Bounds::unpack(parts.bounds[p as usize].load(Ordering::Relaxed));
                // Letters typed as themselves count only if a part after it has them.
                let letters = self.part_units.letters_after[p as usize] & plan.letters != 0;
                last.max(if letters {
                    bounds.letters
                } else {
                    bounds.plain
                })
            } else {
                ceiling
            };
            Some(Alive {
                part: p,
                last: last.min(ceiling),
                inner: inner.min(ceiling),
            })
        });
        (parts, alive)
    }

    /// Unit `u`'s exact score without field bonus, from its parts' scans in `parts` (made
    /// now if no thread has made them this keystroke; two threads meeting a part at once both
    /// scan it, to the same result); `None` when it does not match.
    ///
    /// With `lazy`, a unit whose parts might match across them scores only between the best
    /// match inside one part and an upper bound: `(lower, upper)`, the lower [`i32::MIN`] when
    /// no part matches alone; without it, or when it is sure, the two are equal.
    pub(super) fn unit_score(
        &self,
        plan: &Plan,
        parts: Parts,
        u: u32,
        lazy: bool,
        scratch: &mut Scratch,
    ) -> Option<(i32, i32)> {
        if !self.may_match(plan, u) {
            return None;
        }
        let (scan, _, upper) = self.join(plan, parts, self.parts_of(u), false, lazy, scratch);
        (upper != i32::MIN).then_some((scan.score, upper))
    }

    /// Part `p` scanned alone, from `parts` when a thread has scanned it this keystroke
    /// (with `lazy`, maybe [`UNSURE`]). A dead part is not scanned unless a partial match
    /// may go on into it from a part before it (`entered`): it matches nothing and leaves no
    /// partial match that goes on, and what it takes up is needed only then.
    fn part_scan(
        &self,
        plan: &Plan,
        parts: Parts,
        p: u32,
        lazy: bool,
        entered: bool,
        scratch: &mut Scratch,
    ) -> PartScan {
        let cell = &parts.scans[p as usize];
        let word = cell.load(Ordering::Acquire);
        if word == UNSCANNED && !entered && parts.dead[p as usize / 64] & 1 << (p % 64) != 0 {
            return PartScan {
                score: i32::MIN,
                open: 0,
                takes: 0,
            };
        }
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
        let mut entered = false;
        for (scan, &id) in scans.iter_mut().zip(ids) {
            *scan = self.part_scan(plan, parts, id, lazy, entered, scratch);
            entered |= scan.open & !UNSURE != 0;
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
