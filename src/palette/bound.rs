//! Bounds on a unit's score when the query grows, so that a keystroke extending the previous
//! query (typing) runs the dynamic program only on the units that can still reach the rows
//! shown, and answers exactly as scoring every unit.
//!
//! # The bound
//!
//! Let q′ be q with one more character c at its end, and M′ the best match of q′ in a unit.
//! Take M′'s last step (the piece of q′ its last taken character takes up) back by c:
//! - The step took up c alone (c itself, c as a one-letter reading or as an initial).
//!   Dropping that character leaves a match of q: its steps are all valid for q, and its last
//!   run may now be weak, which the last run may be. M′ had gained the step, the character's
//!   boundary bonus and at most [`BONUS_CONSECUTIVE`] (a gap only costs), which is at most
//!   the unit's one-letter score of c (its best one-character step with boundary, `Letters`)
//!   plus [`BONUS_CONSECUTIVE`]; for c not a letter, at most [`SCORE_EXACT`] with both bonuses.
//!   A letter no character of the unit takes alone cannot end a match this way.
//! - The step took up the last L ≥ 2 letters of q′ as part or all of a reading. The same
//!   character can take up those letters but c, at the end of q (a part of a reading, or an
//!   initial when one letter is left), everything else unchanged: M′ is worth at most the
//!   difference of the two steps more. That depends on the query only: the most over every
//!   reading in the index that begins with those letters (`Added::extensions`), and the case
//!   is impossible when none does, or when the unit has no reading beginning with their
//!   first two (`Letters::pairs`).
//!
//! So score(q′) ≤ score(q) + the larger of the two, a unit for which neither is possible does
//! not match q′, and over several added characters the gains add up. A unit the last
//! keystroke did not score keeps such a bound instead of its score: it is an upper bound all
//! the same, and the unit stays in the pool until a keystroke scores it.
//!
//! # Scoring in order of bound
//!
//! Units are scored from the highest bound (with their best field bonus) down, a batch of
//! whole bound levels at a time, until at least [`MAX_HITS`] distinct candidates score at
//! least the lowest bound level scored. Every candidate scoring that much is then known
//! exactly (its best field is in a unit whose bound is at least its score, so was scored),
//! and no candidate below it can be shown, since [`PaletteIndex::rank_units`] stops at the
//! first whole score that brings [`MAX_HITS`]: ranking the scored units alone answers as
//! ranking them all.

use super::matcher::{each, PartTable, PARALLEL_THRESHOLD};
use super::plan::Plan;
use super::{
    CandidateKey, Hit, PaletteIndex, Scope, BONUS_BOUNDARY, BONUS_CONSECUTIVE, MAX_HITS,
    SCORE_EXACT, SCORE_FULL_LETTER, SCORE_INITIAL, SCORE_PREFIX_LETTER,
};

/// Units scored in the first batch; each next batch is twice as large, so a keystroke whose
/// bounds cut little costs a few more rounds, not a unit at a time. Tests use small libraries,
/// so there it is small too, or every keystroke would score its whole pool in one batch.
const FIRST_BATCH: usize = if cfg!(test) { 8 } else { 4096 };

/// In [`PaletteIndex::rank_grown`], a unit not scored (scores never reach it).
const UNSCORED: i32 = i32::MAX;
/// In [`PaletteIndex::rank_grown`], a unit scored that does not match.
const NO_MATCH: i32 = i32::MIN;

/// What the characters a query grew by can add to a unit's score (see the module docs).
pub(super) struct Growth {
    added: Vec<Added>,
}

/// One added character.
struct Added {
    /// The character as a letter 0–25, `None` when it is not a letter.
    letter: Option<usize>,
    /// What a step taking up the character as the end of a longer piece of a reading can add
    /// at most, per piece, most first: only a unit with a reading that begins with the piece
    /// can take it, so each comes with the piece's first two letters when both are letters
    /// (a unit without them as a reading's start, `Letters::pairs`, has no such reading).
    extensions: Vec<(Option<(usize, usize)>, i32)>,
}

impl PaletteIndex {
    /// How `q` grew from its first `before` characters.
    pub(super) fn growth(&self, before: usize, q: &[char]) -> Growth {
        let letter = |c: char| c.is_ascii_lowercase().then(|| c as usize - 'a' as usize);
        let added = (before..q.len())
            .map(|n| {
                let c = q[n];
                let mut extensions = Vec::new();
                for a in 0..n {
                    let piece = &q[a..=n];
                    let taken = piece.len() as i32;
                    let most = self
                        .syllables
                        .iter()
                        .filter(|r| r.len() >= piece.len() && r[..piece.len()] == *piece)
                        .map(|r| {
                            let gained = if r.len() == piece.len() {
                                taken * SCORE_FULL_LETTER
                            } else {
                                taken * SCORE_PREFIX_LETTER
                            };
                            let kept = match taken - 1 {
                                1 => SCORE_INITIAL,
                                left => left * SCORE_PREFIX_LETTER,
                            };
                            gained - kept
                        })
                        .max();
                    if let Some(most) = most {
                        extensions.push((letter(piece[0]).zip(letter(piece[1])), most));
                    }
                }
                extensions.sort_by_key(|&(_, most)| std::cmp::Reverse(most));
                Added {
                    letter: letter(c),
                    extensions,
                }
            })
            .collect();
        Growth { added }
    }

    /// Unit `u`'s bound for the grown query from `bound`, its score or bound before; `None`
    /// when it cannot match the grown query.
    pub(super) fn grown(&self, growth: &Growth, bound: i32, u: u32) -> Option<i32> {
        let mut bound = bound;
        for added in &growth.added {
            let alone = match added.letter {
                Some(l) => match self.single[l][u as usize] {
                    0 => i32::MIN,
                    single => i32::from(single) + BONUS_CONSECUTIVE,
                },
                None => SCORE_EXACT + BONUS_BOUNDARY + BONUS_CONSECUTIVE,
            };
            let extension = added
                .extensions
                .iter()
                .find(|(start, _)| {
                    start.is_none_or(|(a, b)| self.pairs[a][u as usize] & (1 << b) != 0)
                })
                .map_or(i32::MIN, |&(_, most)| most);
            let gain = alone.max(extension);
            if gain == i32::MIN {
                return None;
            }
            bound += gain;
        }
        Some(bound)
    }

    /// The answer to a query that grew by `growth` from the one that left `pool` (units with
    /// their score or a bound on it), scoring only the units that can reach the rows shown.
    /// Returns the pool for the next keystroke (the units scored and matching with their
    /// scores, the others with their bounds) and the hits.
    pub(super) fn rank_grown(
        &self,
        plan: &Plan,
        pool: &[(i32, u32)],
        growth: &Growth,
        table: &mut PartTable,
        scope: Scope,
        recent: &[CandidateKey],
    ) -> (Vec<(i32, u32)>, Vec<Hit>) {
        if plan.impossible {
            return (Vec::new(), Vec::new());
        }
        let postings = &self.postings;
        let mut bounded: Vec<(i32, u32)> = Vec::with_capacity(pool.len());
        let (mut top, mut bottom) = (i32::MIN, i32::MAX);
        for &(bound, u) in pool {
            if let Some(bound) = self.grown(growth, bound, u) {
                let best = bound + postings.best_bonus(u);
                top = top.max(best);
                bottom = bottom.min(best);
                bounded.push((bound, u));
            }
        }
        if bounded.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // Highest bound with bonus first, by counting; `sorted` holds places in `bounded`.
        let level = |&(bound, u): &(i32, u32)| (top - bound - postings.best_bonus(u)) as usize;
        let mut starts = vec![0usize; (top - bottom) as usize + 2];
        for entry in &bounded {
            starts[level(entry) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut sorted = vec![0u32; bounded.len()];
        let mut fill = starts.clone();
        for (at, entry) in bounded.iter().enumerate() {
            let to = &mut fill[level(entry)];
            sorted[*to] = at as u32;
            *to += 1;
        }
        let parts = self.part_table(plan, table);
        let parallel = sorted.len() >= PARALLEL_THRESHOLD;
        // Per place in `bounded`: its exact score once scored.
        let mut exact = vec![UNSCORED; bounded.len()];
        // Candidates posted at each level (from `top` down, to `bottom`) by the units scored.
        let mut posted = vec![0usize; starts.len() - 1];
        let mut scored: Vec<(i32, u32)> = Vec::new();
        let (mut levels, mut batch) = (0, FIRST_BATCH);
        while levels + 1 < starts.len() {
            let from = starts[levels];
            while levels + 1 < starts.len() && starts[levels] - from < batch {
                levels += 1;
            }
            let places = &sorted[from..starts[levels]];
            // On all cores when the whole pool is large, however small the batch.
            let found = each(places, parallel, |at, scratch| {
                let u = bounded[at as usize].1;
                self.score_unit(plan, parts, u, scratch).map(|s| (s, at))
            });
            for &at in places {
                exact[at as usize] = NO_MATCH;
            }
            for &(score, at) in &found {
                exact[at as usize] = score;
                let u = bounded[at as usize].1;
                for item in postings.items_of(u) {
                    let at = top - score - postings.bonus_of(item);
                    if let Some(n) = posted.get_mut(at as usize) {
                        *n += postings.of(item).len();
                    }
                }
                scored.push((score, u));
            }
            // Every unit bounded at `floor` or more is scored.
            let floor = top - levels as i32 + 1;
            if posted[..levels].iter().sum::<usize>() >= MAX_HITS
                && self.shown_at_least(&scored, floor)
            {
                break;
            }
            batch *= 2;
        }
        let hits = self.rank_units(plan, &scored, scope, recent);
        // In unit order, as the pool came, so that the next keystroke reads the per-unit
        // tables in order.
        let next = bounded
            .iter()
            .zip(&exact)
            .filter_map(|(&(bound, u), &score)| match score {
                UNSCORED => Some((bound, u)),
                NO_MATCH => None,
                score => Some((score, u)),
            })
            .collect();
        (next, hits)
    }

    /// Whether at least [`MAX_HITS`] distinct candidates score `floor` or more through the
    /// `scored` units.
    fn shown_at_least(&self, scored: &[(i32, u32)], floor: i32) -> bool {
        let postings = &self.postings;
        let mut seen = vec![0u64; self.candidates.len().div_ceil(64)];
        let mut count = 0;
        for &(score, u) in scored {
            for item in postings.items_of(u) {
                if score + postings.bonus_of(item) < floor {
                    continue;
                }
                for &c in postings.of(item) {
                    let (word, bit) = (c as usize / 64, 1u64 << (c % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        count += 1;
                        if count >= MAX_HITS {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}
