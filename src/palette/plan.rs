//! The query plan: a query compiled against the index's glyphs, saying for each glyph which
//! pieces of the query it can take up, and what a candidate must contain to match at all.

use super::build::{bloom_bit, letter_bit, Signature, GLYPH_SPACE};
use super::{
    PaletteIndex, BONUS_CONSECUTIVE, SCORE_EXACT, SCORE_FULL_LETTER, SCORE_INITIAL,
    SCORE_PREFIX_LETTER,
};

/// A piece of the query a glyph can take up: query chars `from..to`, worth `score`.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlanStep {
    pub(super) from: u8,
    pub(super) to: u8,
    pub(super) score: i16,
    /// A lone initial: one letter that is not a whole reading (see [`Scratch`]).
    pub(super) initial: bool,
}

/// Where a glyph's steps are in [`Plan::steps`].
#[derive(Debug, Clone, Copy)]
pub(super) struct StepRange {
    pub(super) start: u32,
    pub(super) end: u32,
}

/// A query position as a bit of a 16-bit mask; positions from 15 on share the top bit.
pub(super) fn position_bit(a: usize) -> u16 {
    1 << a.min(15)
}

/// A query compiled against the index's glyphs.
pub(super) struct Plan {
    pub(super) len: usize,
    /// Per glyph id, its steps in `steps`, highest `from` first.
    pub(super) steps_of: Vec<StepRange>,
    /// Per glyph id, the [`position_bit`]s of where its steps start. A character whose steps
    /// all start where no partial match has got to yet is skipped without looking at them;
    /// kept apart from `steps_of` and small so that this test, made for every character of
    /// every candidate, reads a table that stays in the fastest cache. It has a slot for every
    /// possible id, so the test needs no bounds check; only the slots of glyphs in use are ever
    /// read.
    pub(super) froms: Box<[u16; GLYPH_SPACE]>,
    pub(super) steps: Vec<PlanStep>,
    /// What a candidate must contain to match at all.
    pub(super) need: Signature,
    /// What a text must contain for a match to start in it: a character that takes up the
    /// query's first character.
    pub(super) start: Signature,
    /// The query has a Chinese character no candidate contains.
    pub(super) impossible: bool,
    /// The query's first character when it is a letter (as a number 0–25).
    pub(super) first: Option<usize>,
    /// The query's first two characters when both are letters.
    pub(super) pair: Option<(usize, usize)>,
    /// Per query position `a`, at most what taking up the query from `a` to its end can
    /// score, with [`BONUS_CONSECUTIVE`] for every step (`None` when nothing can): the bound
    /// by which a part's clauses are joined without scanning the part (see `matcher`).
    /// `completion` leaves out a letter typed as itself (`p` for the `P` of `APP`), which
    /// `completion_letters` counts.
    pub(super) completion: Vec<Option<i32>>,
    pub(super) completion_letters: Vec<Option<i32>>,
    /// The query's letters, as in `letter_bit`.
    pub(super) letters: u32,
    /// Every character the query can take is a letter, digit or Chinese character, so a
    /// character taken right after another never starts a word: what `completion` assumes.
    pub(super) bounded: bool,
}

impl PaletteIndex {
    /// Compile the query: for each glyph, the pieces of the query it can take up.
    pub(super) fn plan(&self, q: &[char]) -> Plan {
        let mut steps_of = Vec::with_capacity(self.glyphs.len());
        let mut froms = Box::new([0u16; GLYPH_SPACE]);
        let mut steps: Vec<PlanStep> = Vec::new();
        let mut bounded = q.iter().all(|c| c.is_alphanumeric());
        for glyph in &self.glyphs {
            let start = steps.len();
            let mut add = |from: usize, to: usize, score: i32, initial: bool| {
                let step = PlanStep {
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
            bounded &= glyph.alphanumeric || steps.len() == start;
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
        let mut start = Signature::default();
        if let Some(bit) = letter_bit(q[0]) {
            need.initials |= bit;
            start.initials = bit;
        } else if let (true, Some(&id)) =
            (crate::pinyin::has_reading(q[0]), self.glyph_ids.get(&q[0]))
        {
            start.bloom = bloom_bit(id);
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
            start,
            impossible,
            first,
            pair,
            completion: self.completion(q, false),
            completion_letters: self.completion(q, true),
            letters: q.iter().fold(0, |l, &c| l | letter_bit(c).unwrap_or(0)),
            bounded,
        }
    }

    /// [`Plan::completion`] (with `letters`, [`Plan::completion_letters`]): the best any
    /// text could score from each position, taking every step the plan's glyphs could.
    fn completion(&self, q: &[char], letters: bool) -> Vec<Option<i32>> {
        let m = q.len();
        let mut best: Vec<Option<i32>> = vec![None; m + 1];
        best[m] = Some(0);
        for a in (0..m).rev() {
            let mut steps: Vec<(usize, i32)> = Vec::new();
            if q[a].is_ascii_lowercase() {
                if letters {
                    steps.push((a + 1, SCORE_EXACT));
                }
                for reading in &self.syllables {
                    let common = reading
                        .iter()
                        .zip(&q[a..])
                        .take_while(|(x, y)| x == y)
                        .count();
                    if common == 0 {
                        continue;
                    }
                    steps.push((a + 1, SCORE_INITIAL));
                    if common == reading.len() {
                        steps.push((a + common, common as i32 * SCORE_FULL_LETTER));
                    } else if a + common == m {
                        steps.push((m, common as i32 * SCORE_PREFIX_LETTER));
                    }
                }
            } else {
                steps.push((a + 1, SCORE_EXACT));
            }
            best[a] = steps
                .iter()
                .filter_map(|&(to, score)| Some(best[to]? + score + BONUS_CONSECUTIVE))
                .max();
        }
        best
    }
}
