//! What comparing needs of one report, worked out once: its figures with their label keys
//! and character pairs, the topics of each row the side-by-side view aligns, and every topic
//! it covers. The reader keeps one per report beside its topic tags
//! ([`crate::topic::Tagged`]), so comparing a report again, or with another, only pairs.

use super::counted::Counted;
use super::{comparable_unit, label_key, sorted_pairs, Placed};
use crate::report::{Change, FigureKind, Report};
use std::sync::{Arc, OnceLock};

/// One report made ready for [`super::compare_prepared`].
#[derive(Debug, Default)]
pub struct Prepared {
    /// Every figure that is not a date, in document order.
    pub(super) figures: Vec<Candidate>,
    /// Its figures by kind and unit: only figures of one kind and unit pair.
    pub(super) units: Vec<Unit>,
    /// The sections the view aligns (the top two levels), in order.
    pub(super) rows: Vec<AlignRow>,
    /// Every topic some section is tagged with, sorted.
    pub(super) covered: Vec<usize>,
}

/// A figure that may pair, with what pairing compares.
#[derive(Debug)]
pub(super) struct Candidate {
    /// The figure and its section's path, shared with every comparison that shows it.
    pub(super) placed: Arc<Placed>,
    /// [`label_key`] of its label.
    pub(super) key: String,
    /// The key's character pairs, sorted ([`sorted_pairs`]).
    pub(super) pairs: Vec<(char, char)>,
    /// The topics of its section, sorted.
    pub(super) topics: Vec<usize>,
    /// Under a heading of the year ahead ([`Report::in_plan`]): a target.
    pub(super) plan: bool,
    /// What its label counts, read when a comparison first asks.
    counted: OnceLock<Counted>,
}

/// A character pair, a figure whose label holds it, and how many times.
pub(super) type Posting = ((char, char), u32, u16);

/// The figures of one kind and unit ([`comparable_unit`]).
#[derive(Debug)]
pub(super) struct Unit {
    pub(super) kind: FigureKind,
    pub(super) unit: String,
    /// Changes against another time (`比上年增加15件`, [`Change::By`]): they face only each
    /// other, never a value.
    pub(super) by: bool,
    /// Its figures, in document order.
    pub(super) figures: Vec<u32>,
    /// Each character pair of the labels that say what they count ([`Candidate::says_what`]),
    /// with the figure holding it and how often: sorted, so that pairing finds the figures
    /// sharing a pair with a label without comparing it to every other.
    pub(super) postings: Vec<Posting>,
    /// Each topic of each of its figures, with the figure: sorted by topic.
    pub(super) by_topic: Vec<(usize, u32)>,
}

impl Candidate {
    /// Does its label say what it counts? A label of one or two characters (`事项`, `审结`)
    /// is a fragment: it names a thing or an act, not what of it was counted, and two such
    /// labels agreeing says nothing about their figures.
    pub(super) fn says_what(&self) -> bool {
        // Three characters make two pairs.
        self.pairs.len() >= 2
    }

    /// What its label counts ([`Counted`]), read once: only labels already close in
    /// characters to another are ever read, which keeps the segmenter off most figures.
    pub(super) fn counted(&self) -> &Counted {
        self.counted.get_or_init(|| Counted::of(&self.key))
    }
}

/// A section the view aligns, with the topics of it and of its subsections that have no row
/// of their own.
#[derive(Debug)]
pub(super) struct AlignRow {
    /// Section index.
    pub(super) section: usize,
    /// Its heading level (1 or 2).
    pub(super) level: u8,
    /// Topics, sorted, no repeats.
    pub(super) topics: Vec<usize>,
    /// The character pairs (sorted) of its title without digits or spaces, and that title:
    /// `2023年推进…` and `2024年度推进…` head the same part of two years' reports.
    pub(super) title: (Vec<(char, char)>, String),
}

impl Prepared {
    /// The unit of B that A's `unit` can face: the same kind and unit, both values or both
    /// changes.
    pub(super) fn facing(&self, unit: &Unit) -> Option<&Unit> {
        (self.units.iter()).find(|u| u.kind == unit.kind && u.unit == unit.unit && u.by == unit.by)
    }

    /// Prepare `report`, whose sections are tagged with `tags` ([`crate::topic::Topics::tag_report`]).
    pub fn new(report: &Report, tags: &[Vec<usize>]) -> Prepared {
        let tags_of = |s: usize| tags.get(s).map_or(&[][..], Vec::as_slice);
        // Each section's path once, not once per figure.
        let paths: Vec<String> = (0..report.sections.len()).map(|s| report.path(s)).collect();
        let plans: Vec<bool> = (0..report.sections.len())
            .map(|s| report.in_plan(s))
            .collect();
        let figures = report
            .figures()
            .filter(|(_, _, f)| f.kind != FigureKind::Date && !f.is_earlier())
            .map(|(s, _, f)| {
                let key = label_key(&f.label);
                let mut topics = s.map(|s| tags_of(s).to_vec()).unwrap_or_default();
                topics.sort_unstable();
                Candidate {
                    placed: Arc::new(Placed {
                        section: s.map(|s| paths[s].clone()).unwrap_or_default(),
                        figure: f.clone(),
                    }),
                    pairs: sorted_pairs(&key),
                    key,
                    topics,
                    plan: s.is_some_and(|s| plans[s]),
                    counted: OnceLock::new(),
                }
            })
            .collect::<Vec<_>>();
        let mut units: Vec<Unit> = Vec::new();
        for (i, c) in figures.iter().enumerate() {
            let f = &c.placed.figure;
            let by = f.change == Some(Change::By);
            let unit = comparable_unit(&f.unit);
            let at = match units
                .iter()
                .position(|u| u.kind == f.kind && u.unit == unit && u.by == by)
            {
                Some(at) => at,
                None => {
                    units.push(Unit {
                        kind: f.kind,
                        unit: unit.to_string(),
                        by,
                        figures: Vec::new(),
                        postings: Vec::new(),
                        by_topic: Vec::new(),
                    });
                    units.len() - 1
                }
            };
            let unit = &mut units[at];
            let i = i as u32;
            unit.figures.push(i);
            unit.by_topic.extend(c.topics.iter().map(|&t| (t, i)));
            if c.says_what() {
                for run in c.pairs.chunk_by(|x, y| x == y) {
                    unit.postings.push((run[0], i, run.len() as u16));
                }
            }
        }
        for unit in &mut units {
            unit.postings.sort_unstable();
            unit.by_topic.sort_unstable();
        }
        let mut rows: Vec<AlignRow> = Vec::new();
        for (s, section) in report.sections.iter().enumerate() {
            if section.level <= 2 {
                let title: String = (section.title.chars())
                    .filter(|c| !c.is_numeric() && !c.is_whitespace())
                    .collect();
                rows.push(AlignRow {
                    section: s,
                    level: section.level,
                    topics: Vec::new(),
                    title: (sorted_pairs(&title), title),
                });
            }
            // A deeper section adds its topics to the row of its nearest aligned ancestor.
            if let Some(row) = rows.last_mut() {
                row.topics.extend_from_slice(tags_of(s));
            }
        }
        for row in &mut rows {
            row.topics.sort_unstable();
            row.topics.dedup();
        }
        let mut covered: Vec<usize> = tags.iter().flatten().copied().collect();
        covered.sort_unstable();
        covered.dedup();
        Prepared {
            figures,
            units,
            rows,
            covered,
        }
    }
}

/// The postings of pair `p`, in figure order.
pub(super) fn postings_of(postings: &[Posting], p: (char, char)) -> &[Posting] {
    let start = postings.partition_point(|q| q.0 < p);
    let end = start + postings[start..].partition_point(|q| q.0 == p);
    &postings[start..end]
}

/// How many elements two sorted lists share, repeats counted as often as both hold them.
pub(super) fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
