//! Ranking: ordering matches by score and tie-breaks, keeping the best, and tracing their
//! highlights; and the empty query's listing.

use super::matcher::{Scratch, NONE};
use super::plan::Plan;
use super::{CandidateKey, Hit, PaletteIndex, Scope, MAX_HITS};
use std::collections::HashMap;
use std::ops::Range;

impl PaletteIndex {
    /// Candidate ids in `scope`, in index order.
    pub(super) fn scope_ids(&self, scope: Scope) -> Vec<u32> {
        let (topics, report) = self.scope_ranges(scope);
        topics.chain(report).map(|i| i as u32).collect()
    }

    /// The candidates of `scope`, in index order, as two ranges (for the whole index, the
    /// topics and every report's candidates after them).
    pub(super) fn scope_ranges(&self, scope: Scope) -> (Range<usize>, Range<usize>) {
        match scope {
            Scope::All { .. } => (
                self.topic_range.clone(),
                self.topic_range.end..self.candidates.len(),
            ),
            Scope::CurrentReport(r) => (
                self.topic_range.clone(),
                self.report_ranges.get(r).cloned().unwrap_or(0..0),
            ),
        }
    }

    /// The empty query: topics, recent jumps, then everything else in order.
    pub(super) fn browse(&self, scope: Scope, recent: &[CandidateKey]) -> Vec<Hit> {
        let (topic_ids, report_ids) = self.scope_ranges(scope);
        let recent_ids: Vec<usize> = recent
            .iter()
            .filter_map(|k| self.find(k))
            .filter(|c| topic_ids.contains(c) || report_ids.contains(c))
            .collect();
        let topics = self.topic_range.clone();
        let mut order: Vec<usize> = topics.clone().collect();
        for c in recent_ids {
            if !order.contains(&c) {
                order.push(c);
            }
        }
        for c in report_ids {
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

    /// Sort matches by score and ties, keep the best [`MAX_HITS`], and find their highlights.
    pub(super) fn rank(
        &self,
        plan: &Plan,
        matches: &[(i32, u32)],
        scope: Scope,
        recent: &[CandidateKey],
    ) -> Vec<Hit> {
        let ties = self.ties(scope, recent);
        let keyed = matches
            .iter()
            .map(|&(score, c)| self.keyed(&ties, score, c))
            .collect();
        self.top(plan, keyed)
    }

    /// What breaks ties between equal scores in `scope` with these recent jumps.
    pub(super) fn ties(&self, scope: Scope, recent: &[CandidateKey]) -> Ties {
        let current = match scope {
            Scope::CurrentReport(r) => Some(r),
            Scope::All { current } => current,
        };
        Ties {
            // Owner codes as in `owners`: report + 1, or 0 for a topic.
            current: current.map_or(u32::MAX, |r| r as u32 + 1),
            recent: recent
                .iter()
                .enumerate()
                .rev()
                .filter_map(|(i, k)| Some((self.find(k)? as u32, i as u32)))
                .collect(),
        }
    }

    /// One integer per match that orders by score, then current report, recent, kind.
    pub(super) fn keyed(&self, ties: &Ties, score: i32, c: u32) -> (u64, u32) {
        let owner = self.owners[c as usize];
        let is_current = owner >> 2 == ties.current;
        let recency = if ties.recent.is_empty() {
            0
        } else {
            ties.recent.get(&c).map_or(0, |&i| 0xFFFF - i.min(0xFFFE))
        };
        let tie = (u64::from(is_current) << 20) | (u64::from(recency) << 2) | u64::from(owner & 3);
        let score = u64::from((score as i64 - i64::from(i32::MIN)) as u32);
        ((score << 32) | tie, c)
    }

    /// The best [`MAX_HITS`] of `keyed` (from [`PaletteIndex::keyed`]), best first, with
    /// their highlights.
    pub(super) fn top(&self, plan: &Plan, mut keyed: Vec<(u64, u32)>) -> Vec<Hit> {
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
}

/// What breaks ties between equal scores (see [`PaletteIndex::keyed`]).
pub(super) struct Ties {
    /// The owner code of the current report, `u32::MAX` when there is none.
    current: u32,
    /// Recent jumps: candidate → place in the list, most recent 0.
    recent: HashMap<u32, u32>,
}
