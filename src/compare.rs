//! Comparing reports: two reports side by side (sections aligned by topic, figures paired
//! with their change), one district's figures year by year, and a table of one topic's
//! figures across the library. Pure: no terminal, no I/O.
//!
//! Two figures say the same thing when their units agree and their labels do: the same label
//! after the filler words a report adds (`共`, `全年`, `我区` …) are dropped, or labels close
//! enough by shared character pairs (`收到行政复议申请` and `接收行政复议案件申请`). Failing a
//! label, two figures with the same unit in sections on the same topic pair when each is the
//! only one of its unit there and their labels still share a good part of their words. A
//! label of one word (`事项`, `审结`) is a fragment that says nothing of what was counted: its
//! figure pairs with none and is in no column of a table. Close labels must also count the same
//! thing done the same way (`counted`): `清查规范性文件` is not `制定规范性文件`.
//!
//! Longer than our ~600-line rule: pairing two reports, aligning their sections, the figure
//! table and a district's history all rest on one notion of "the same figure"
//! ([`label_key`], [`similarity`], the unit), kept in one file so it is defined once.

mod counted;
mod export;
mod prepared;

pub use export::{csv_field, markdown, table_csv, table_markdown, table_text};
pub use prepared::Prepared;

use crate::library::Reports;
use crate::report::figure::RANK_UNIT;
use crate::report::{Figure, FigureKind, Report};
use crate::topic::{TopicRow, Topics};
use counted::Counted;
use prepared::{shared, Candidate};
use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// Labels at least this similar (Dice coefficient of character pairs) name the same thing.
const SIMILAR: f64 = 0.5;

/// Figures paired for their unit alone (each the only one of it in a topic) need labels at
/// least this similar: a generic word in common (`工作`, `事项`) is not enough.
const RELATED: f64 = 0.3;

/// Words a report puts before what it counts without changing what is counted.
const FILLERS: &[&str] = &[
    "今年以来",
    "全年共",
    "全年",
    "年内",
    "累计共",
    "累计",
    "共计",
    "总计",
    "其中",
    "全区",
    "全市",
    "全县",
    "全旗",
    "我区",
    "我市",
    "我县",
    "本区",
    "本市",
    "本县",
    "截至目前",
    "目前",
    "已",
    "共",
    "合计",
];

/// A figure with where it stands in its report.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    /// Section path (`一/（七）`), empty for the preamble.
    pub section: String,
    /// The figure.
    #[serde(flatten)]
    pub figure: Figure,
}

/// How far a figure moved from one report to the other.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// `b − a` in the figures' unit (percentage points for percents).
    pub delta: f64,
    /// `(b − a) / a` as a percentage; none when `a` is zero or the figures are percents or
    /// places in a ranking (second to fourth is no 100 % change).
    pub relative: Option<f64>,
}

impl Change {
    /// The change from `a` to `b`.
    pub fn between(a: &Figure, b: &Figure) -> Change {
        let delta = b.value - a.value;
        let relative = (a.kind != FigureKind::Percent && a.unit != RANK_UNIT && a.value != 0.0)
            .then(|| delta / a.value * 100.0);
        Change { delta, relative }
    }

    /// `+15 (+18.3%)`, `−2 pp` for percents, `±0`.
    pub fn describe(&self, unit: &str) -> String {
        if self.delta == 0.0 {
            return "±0".to_string();
        }
        let sign = if self.delta > 0.0 { "+" } else { "−" };
        let amount = number(self.delta.abs());
        match (unit, self.relative) {
            ("%", _) => format!("{sign}{amount} pp"),
            (_, Some(r)) => format!("{sign}{amount}{unit} ({}{:.1}%)", sign, r.abs()),
            (_, None) => format!("{sign}{amount}{unit}"),
        }
    }
}

/// The same figure in two reports.
#[derive(Debug, Clone, Serialize)]
pub struct FigurePair {
    /// The label they share (A's label).
    pub label: String,
    /// In report A.
    #[serde(serialize_with = "one")]
    pub a: Arc<Placed>,
    /// In report B.
    #[serde(serialize_with = "one")]
    pub b: Arc<Placed>,
    /// From A to B.
    pub change: Change,
    /// `label` when the labels matched, `unit` when paired by unit within one topic.
    pub by: &'static str,
}

/// One row of the side-by-side view: a section of A facing the section of B on the same
/// topics, or facing nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Aligned {
    /// Section index in A.
    pub a: Option<usize>,
    /// Section index in B.
    pub b: Option<usize>,
    /// Topics the two share (names), empty when one side is missing.
    pub topics: Vec<String>,
}

/// Two reports compared.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Id of A.
    pub a: String,
    /// Id of B.
    pub b: String,
    /// Sections of both, aligned by topic, in A's order with B's unmatched ones in between.
    pub sections: Vec<Aligned>,
    /// Figures both state.
    pub pairs: Vec<FigurePair>,
    /// Figures only A states.
    #[serde(serialize_with = "all")]
    pub only_a: Vec<Arc<Placed>>,
    /// Figures only B states.
    #[serde(serialize_with = "all")]
    pub only_b: Vec<Arc<Placed>>,
    /// Topics only A covers.
    pub topics_only_a: Vec<String>,
    /// Topics only B covers.
    pub topics_only_b: Vec<String>,
}

/// A figure shared with the report it was prepared from, written as the figure itself.
fn one<S: Serializer>(placed: &Arc<Placed>, s: S) -> Result<S::Ok, S::Error> {
    placed.as_ref().serialize(s)
}

/// Shared figures, written as a list of the figures themselves.
fn all<S: Serializer>(placed: &[Arc<Placed>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(placed.iter().map(Arc::as_ref))
}

/// Compare report `a` with report `b`.
pub fn compare(topics: &Topics, a: &Report, b: &Report) -> Comparison {
    compare_prepared(
        topics,
        (a, &Prepared::new(a, &topics.tag_report(a))),
        (b, &Prepared::new(b, &topics.tag_report(b))),
    )
}

/// [`compare`] with each report already [`Prepared`], as the reader keeps them
/// ([`crate::topic::Tagged`]): only aligning and pairing is left, and the figures are shared
/// with the preparations rather than copied.
pub fn compare_prepared(
    topics: &Topics,
    (a, pa): (&Report, &Prepared),
    (b, pb): (&Report, &Prepared),
) -> Comparison {
    let sections = align(topics, pa, pb);
    let (fa, fb) = (&pa.figures, &pb.figures);
    let Pairing {
        pairs,
        used_a,
        used_b,
    } = pair(pa, pb);
    let pairs = pairs
        .into_iter()
        .map(|(i, j, by)| FigurePair {
            label: fa[i].placed.figure.label.clone(),
            change: Change::between(&fa[i].placed.figure, &fb[j].placed.figure),
            a: Arc::clone(&fa[i].placed),
            b: Arc::clone(&fb[j].placed),
            by,
        })
        .collect();
    let unused = |all: &[Candidate], used: &[bool]| {
        (0..all.len())
            .filter(|&i| !used[i])
            .map(|i| Arc::clone(&all[i].placed))
            .collect()
    };
    // Topics one side covers and the other does not: both lists are sorted.
    let only = |mine: &[usize], theirs: &[usize]| {
        mine.iter()
            .filter(|t| theirs.binary_search(t).is_err())
            .map(|&t| topics.all()[t].name.clone())
            .collect()
    };
    Comparison {
        a: a.id(),
        b: b.id(),
        sections,
        pairs,
        only_a: unused(fa, &used_a),
        only_b: unused(fb, &used_b),
        topics_only_a: only(&pa.covered, &pb.covered),
        topics_only_b: only(&pb.covered, &pa.covered),
    }
}

/// Figures of A and B paired: (index in A, index in B, how), best matches first.
struct Pairing {
    pairs: Vec<(usize, usize, &'static str)>,
    used_a: Vec<bool>,
    used_b: Vec<bool>,
}

/// Pair the figures of two reports; each figure pairs at most once. Two figures pair by label
/// when their labels are similar ([`SIMILAR`]) and count the same thing ([`Counted`]); a
/// target for the year ahead ([`prepared::Candidate::plan`]) pairs only with a target.
fn pair(pa: &Prepared, pb: &Prepared) -> Pairing {
    let (a, b) = (&pa.figures, &pb.figures);
    // Only figures of one kind and unit can pair: each unit of A with the same of B.
    let units: Vec<(&prepared::Unit, &prepared::Unit)> = (pa.units.iter())
        .filter_map(|ua| Some((ua, pb.facing(ua)?)))
        .collect();
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    // Per figure of B, the character pairs its label shares with the label of A's figure at
    // hand, counted from B's postings: only figures sharing a pair are looked at.
    let mut common = vec![0u16; b.len()];
    let mut touched: Vec<usize> = Vec::new();
    for &(ua, ub) in &units {
        // Labels that are fragments never pair.
        for i in ua.figures.iter().map(|&i| i as usize) {
            let x = &a[i];
            if !x.says_what() {
                continue;
            }
            for run in x.pairs.chunk_by(|p, q| p == q) {
                for &(_, j, n) in prepared::postings_of(&ub.postings, run[0]) {
                    let j = j as usize;
                    if common[j] == 0 {
                        touched.push(j);
                    }
                    common[j] += n.min(run.len() as u16);
                }
            }
            for j in touched.drain(..) {
                let shared = std::mem::take(&mut common[j]) as usize;
                let y = &b[j];
                // Figures pair by label only within a topic both sections are on (or when
                // neither has one): the same words mean different things in different parts.
                let same_topic = x.topics.iter().any(|t| y.topics.contains(t))
                    || x.topics.is_empty() && y.topics.is_empty();
                let sim = 2.0 * shared as f64 / (x.pairs.len() + y.pairs.len()) as f64;
                // A target for the year ahead faces only a target: the year's 8.9% is not
                // measured against the other's aim of under 5%.
                if same_topic
                    && x.plan == y.plan
                    && sim >= SIMILAR
                    && (x.key == y.key || x.counted().agrees(y.counted()))
                {
                    scored.push((sim, i, j));
                }
            }
        }
    }
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in scored {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j, "label"));
        }
    }
    // Fallback: the only unpaired figure of a unit in a topic on each side, taken in the
    // order of topic and unit.
    let mut lone: Vec<(usize, &str, usize, usize)> = Vec::new();
    for &(ua, ub) in &units {
        let (ta, tb) = (
            topic_runs(&ua.by_topic, &used_a),
            topic_runs(&ub.by_topic, &used_b),
        );
        for (t, i) in ta {
            if let Some(&(_, j)) = tb.iter().find(|&&(u, _)| u == t) {
                lone.push((t, &ua.unit, i, j));
            }
        }
    }
    lone.sort_unstable();
    for (_, _, i, j) in lone {
        // Labels that share little or nothing say different things even when the unit and
        // the topic agree, a fragment says nothing, and labels that count different things
        // do not pair however close they are.
        let related = a[i].plan == b[j].plan
            && a[i].says_what()
            && b[j].says_what()
            && dice((&a[i].key, &a[i].pairs), (&b[j].key, &b[j].pairs)) >= RELATED
            && a[i].counted().agrees(b[j].counted());
        if !used_a[i] && !used_b[j] && related {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j, "unit"));
        }
    }
    pairs.sort_by_key(|&(i, _, _)| i);
    Pairing {
        pairs,
        used_a,
        used_b,
    }
}

/// The topics in which exactly one figure of a unit is not `used`, with that figure, from
/// the unit's figures by topic (sorted by topic).
fn topic_runs(by_topic: &[(usize, u32)], used: &[bool]) -> Vec<(usize, usize)> {
    let free = by_topic.iter().filter(|&&(_, i)| !used[i as usize]);
    let free: Vec<(usize, usize)> = free.map(|&(t, i)| (t, i as usize)).collect();
    free.chunk_by(|x, y| x.0 == y.0)
        .filter_map(|run| match run {
            [one] => Some(*one),
            _ => None,
        })
        .collect()
}

/// Align the sections of two reports by the topics they are tagged with. Sections of the two
/// top levels are aligned (deeper ones go with their parent); a section faces the section of
/// the other report that shares the most topics with it.
fn align(topics: &Topics, a: &Prepared, b: &Prepared) -> Vec<Aligned> {
    let (ra, rb) = (&a.rows, &b.rows);
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, x) in ra.iter().enumerate() {
        for (j, y) in rb.iter().enumerate() {
            let both = shared(&x.topics, &y.topics);
            let either = x.topics.len() + y.topics.len() - both;
            let jaccard = if both > 0 {
                both as f64 / either as f64
            } else {
                0.0
            };
            // A heading on no topic (`主要举措和成效`) still faces the same heading.
            let title = dice((&x.title.1, &x.title.0), (&y.title.1, &y.title.0));
            let score = jaccard.max(if title >= SIMILAR { title } else { 0.0 });
            if score > 0.0 {
                // Sections at the same level are the better match among equals.
                let level = x.level == y.level;
                scored.push((score + if level { 0.01 } else { 0.0 }, i, j));
            }
        }
    }
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut partner_of_a: Vec<Option<usize>> = vec![None; ra.len()];
    let mut taken_b = vec![false; rb.len()];
    for (_, i, j) in scored {
        if partner_of_a[i].is_none() && !taken_b[j] {
            partner_of_a[i] = Some(j);
            taken_b[j] = true;
        }
    }
    let mut out = Vec::new();
    let mut shown_b = vec![false; rb.len()];
    for (i, partner) in partner_of_a.iter().enumerate() {
        if let Some(j) = *partner {
            // B's unmatched sections that come before this partner are shown first, so both
            // columns read in their own order as far as the alignment allows.
            for k in 0..j {
                if !taken_b[k] && !shown_b[k] {
                    shown_b[k] = true;
                    out.push(Aligned {
                        a: None,
                        b: Some(rb[k].section),
                        topics: Vec::new(),
                    });
                }
            }
            shown_b[j] = true;
            out.push(Aligned {
                a: Some(ra[i].section),
                b: Some(rb[j].section),
                topics: ra[i]
                    .topics
                    .iter()
                    .filter(|t| rb[j].topics.binary_search(t).is_ok())
                    .map(|&t| topics.all()[t].name.clone())
                    .collect(),
            });
        } else {
            out.push(Aligned {
                a: Some(ra[i].section),
                b: None,
                topics: Vec::new(),
            });
        }
    }
    for k in 0..rb.len() {
        if !shown_b[k] {
            out.push(Aligned {
                a: None,
                b: Some(rb[k].section),
                topics: Vec::new(),
            });
        }
    }
    out
}

/// One column of a figure table: figures that say the same thing in different reports.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// The header: the label most of its figures carry (the shortest among equals).
    pub label: String,
    /// The unit its figures share.
    pub unit: String,
}

/// One report's row of a figure table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Index of the report in the slice given.
    pub report: usize,
    /// `文登区 2023`.
    pub name: String,
    /// One cell per column; `None` where the report does not say.
    pub cells: Vec<Option<Placed>>,
}

/// Figures of many reports in columns: [`table`] across the library, [`history`] across years.
#[derive(Debug, Clone, Serialize)]
pub struct FigureTable {
    /// The columns, the most widely stated first.
    pub columns: Vec<Column>,
    /// The rows, in the order of the reports given.
    pub rows: Vec<Row>,
}

impl FigureTable {
    /// Per row, the change in `column` from the nearest row above that states it: none for
    /// a row without the figure or with nothing above. On a district's years (oldest first)
    /// this is the change from one year to the next.
    pub fn changes(&self, column: usize) -> Vec<Option<Change>> {
        let mut last: Option<&Figure> = None;
        self.rows
            .iter()
            .map(|row| {
                let here = &row.cells.get(column)?.as_ref()?.figure;
                let change = last.map(|prev| Change::between(prev, here));
                last = Some(here);
                change
            })
            .collect()
    }

    /// Sort the rows by the value in `column` (rows without one last), largest first unless
    /// `ascending`.
    pub fn sort_by(&mut self, column: usize, ascending: bool) {
        self.rows.sort_by(|x, y| {
            let value = |r: &Row| {
                r.cells
                    .get(column)
                    .cloned()
                    .flatten()
                    .map(|c| c.figure.value)
            };
            match (value(x), value(y)) {
                (Some(p), Some(q)) if ascending => p.total_cmp(&q),
                (Some(p), Some(q)) => q.total_cmp(&p),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
    }
}

/// The figure table of `topic`: one row per report that covers it, one column per figure
/// label that at least two reports state under that topic. The reports are gone through a
/// chunk at a time ([`Reports`]).
pub fn table(topics: &Topics, reports: &(impl Reports + ?Sized), topic: usize) -> FigureTable {
    table_of_rows(&topics.topic_rows(reports, topic))
}

/// [`table`] from the topic's rows ([`Topics::topic_rows`]), for a topic view that has them:
/// no report is read again.
pub fn table_of_rows(rows: &[TopicRow]) -> FigureTable {
    let covered: Vec<&TopicRow> = rows.iter().filter(|r| !r.sections.is_empty()).collect();
    let names: Vec<String> = covered.iter().map(|row| row.name.clone()).collect();
    let per_report: Vec<(usize, Vec<Placed>)> = covered
        .iter()
        .map(|row| {
            // A target for the year ahead (`把纠错率控制在10%以下`) is not what the year did:
            // it faces no other report's figure.
            let figures = row
                .sections
                .iter()
                .filter(|s| !s.plan)
                .flat_map(|s| {
                    s.figures.iter().map(|figure| Placed {
                        section: s.path.clone(),
                        figure: figure.clone(),
                    })
                })
                .collect();
            (row.report, figures)
        })
        .collect();
    columns_of(&names, per_report, 2)
}

/// One district's figures by year: a row per report of the district (oldest first), a
/// column per label stated in at least two of its years. `filter` keeps only figures under a
/// topic (a name the topics resolve) or whose label contains it. Only the district's reports
/// are read ([`Reports::each_of`]).
pub fn history(
    topics: &Topics,
    reports: &(impl Reports + ?Sized),
    district: &[usize],
    filter: Option<&str>,
) -> FigureTable {
    let topic = filter.and_then(|f| topics.resolve(f));
    /// One report's row of the table, and its year to order it by.
    struct Year {
        year: Option<u16>,
        name: String,
        row: (usize, Vec<Placed>),
    }
    let mut years: Vec<Year> = Vec::new();
    reports.each_of(district, &mut |r, report| {
        let prepared = Prepared::new(report, &topics.tag_report(report));
        // (A target for the year ahead is not what the year did.)
        let figures = prepared
            .figures
            .into_iter()
            .filter(|c| !c.plan)
            .filter(|c| match (topic, filter) {
                (Some(t), _) => c.topics.contains(&t),
                (None, Some(f)) => c.placed.figure.label.contains(f),
                (None, None) => true,
            })
            .map(|c| Arc::unwrap_or_clone(c.placed))
            .collect();
        years.push(Year {
            year: report.meta.year,
            name: report.short_name(),
            row: (r, figures),
        });
    });
    // Stable: a district's reports of one year stay in the order given.
    years.sort_by_key(|y| y.year);
    let (names, per_report): (Vec<String>, Vec<_>) =
        years.into_iter().map(|y| (y.name, y.row)).unzip();
    columns_of(&names, per_report, 2)
}

/// Group the figures of several reports into columns of figures that say the same thing
/// (similar labels that count the same thing, [`Counted`]), at most one per report in each,
/// and keep the columns stated by `min` reports or more. A fragment label is in no column.
/// `names` are the rows' names, one per report of `per_report`.
fn columns_of(names: &[String], per_report: Vec<(usize, Vec<Placed>)>, min: usize) -> FigureTable {
    struct Group {
        unit: String,
        kind: FigureKind,
        /// What its first label counts: every other label of the column agrees with it.
        counted: Counted,
        /// Its distinct label keys, each with its [`sorted_pairs`]: at national scale a
        /// column holds thousands of figures but a few dozen ways of saying them.
        keys: Vec<(String, Vec<(char, char)>)>,
        labels: Vec<String>,
        cells: HashMap<usize, Placed>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    // Each distinct label read once.
    let mut counted: HashMap<String, Counted> = HashMap::new();
    // Character pair → groups whose labels hold it, so a figure is compared only with the
    // groups it could join.
    let mut by_pair: HashMap<(char, char), Vec<usize>> = HashMap::new();
    for (row, (_, figures)) in per_report.iter().enumerate() {
        for placed in figures {
            let f = &placed.figure;
            // `比上年增加15件` is a change, not a value a column of values can hold, and the
            // value before a change is another year's.
            if f.change == Some(crate::report::Change::By) || f.is_earlier() {
                continue;
            }
            let key = label_key(&f.label);
            // A fragment (`事项`, `审结`) says nothing of what was counted: no column.
            if key.chars().count() < 3 {
                continue;
            }
            let pairs = sorted_pairs(&key);
            candidates.clear();
            for p in &pairs {
                candidates.extend(by_pair.get(p).into_iter().flatten());
            }
            candidates.sort_unstable();
            candidates.dedup();
            // A report saying the same thing twice (`不予受理2件` in two sentences) keeps its
            // first: a second column headed like the first would only confuse.
            let repeated = candidates.iter().any(|&g| {
                let g = &groups[g];
                g.unit == comparable_unit(&f.unit)
                    && g.kind == f.kind
                    && g.cells
                        .get(&row)
                        .is_some_and(|p| label_key(&p.figure.label) == key)
            });
            if repeated {
                continue;
            }
            let mut scored: Vec<(f64, usize)> = candidates
                .iter()
                .copied()
                .filter(|&g| {
                    let g = &groups[g];
                    g.unit == comparable_unit(&f.unit)
                        && g.kind == f.kind
                        && !g.cells.contains_key(&row)
                })
                .map(|g| {
                    let sim = groups[g]
                        .keys
                        .iter()
                        .map(|(k, kp)| dice((k, kp), (&key, &pairs)))
                        .fold(0.0, f64::max);
                    (sim, g)
                })
                .filter(|&(sim, _)| sim >= SIMILAR)
                .collect();
            scored.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
            // The most similar column whose labels count what this one does.
            let best = scored.into_iter().find(|&(_, g)| {
                let group = &groups[g];
                group.keys.iter().any(|(k, _)| *k == key) || {
                    let mine = counted
                        .entry(key.clone())
                        .or_insert_with(|| Counted::of(&key));
                    mine.agrees(&group.counted)
                }
            });
            let g = match best {
                Some((_, g)) => g,
                None => {
                    groups.push(Group {
                        unit: comparable_unit(&f.unit).to_string(),
                        kind: f.kind,
                        counted: counted
                            .entry(key.clone())
                            .or_insert_with(|| Counted::of(&key))
                            .clone(),
                        keys: Vec::new(),
                        labels: Vec::new(),
                        cells: HashMap::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[g];
            if !group.keys.iter().any(|(k, _)| *k == key) {
                for &p in &pairs {
                    let list = by_pair.entry(p).or_default();
                    if list.last() != Some(&g) {
                        list.push(g);
                    }
                }
                group.keys.push((key, pairs));
            }
            group.labels.push(f.label.clone());
            group.cells.insert(row, placed.clone());
        }
    }
    let mut kept: Vec<Group> = groups
        .into_iter()
        .filter(|g| g.cells.len() >= min)
        .collect();
    // Stable: among equally common columns, the one first met comes first.
    kept.sort_by_key(|g| std::cmp::Reverse(g.cells.len()));
    let columns = kept
        .iter()
        .map(|g| Column {
            label: header(&g.labels),
            unit: g.unit.clone(),
        })
        .collect();
    let rows = per_report
        .iter()
        .enumerate()
        .map(|(row, (report, _))| Row {
            report: *report,
            name: names[row].clone(),
            cells: kept.iter().map(|g| g.cells.get(&row).cloned()).collect(),
        })
        .collect();
    FigureTable { columns, rows }
}

/// The label most figures of a column carry; the shortest among equals.
fn header(labels: &[String]) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in labels {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    let mut best: Vec<(&str, usize)> = counts.into_iter().collect();
    best.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then(x.0.chars().count().cmp(&y.0.chars().count()))
            .then(x.0.cmp(y.0))
    });
    best.first().map(|(l, _)| l.to_string()).unwrap_or_default()
}

/// A label without the filler words that do not change what is counted.
pub fn label_key(label: &str) -> String {
    let mut key: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = key.len();
        for filler in FILLERS {
            if let Some(rest) = key.strip_prefix(filler) {
                if !rest.is_empty() {
                    key = rest.to_string();
                }
            }
        }
        if key.len() == before {
            return key;
        }
    }
}

/// Dice coefficient of the character pairs of two labels: 1 for equal labels, 0 when they
/// differ and either is shorter than three characters (`受理` is not `受理转报`).
pub fn similarity(a: &str, b: &str) -> f64 {
    dice((a, &sorted_pairs(a)), (b, &sorted_pairs(b)))
}

/// [`similarity`] of two labels given with their [`sorted_pairs`], which pairing figures
/// computes once per figure rather than once per comparison.
fn dice((a, pa): (&str, &[(char, char)]), (b, pb): (&str, &[(char, char)])) -> f64 {
    if a == b {
        return if a.is_empty() { 0.0 } else { 1.0 };
    }
    // Three characters make two pairs.
    if pa.len() < 2 || pb.len() < 2 {
        return 0.0;
    }
    // Pairs both labels hold, counted with repeats.
    2.0 * shared(pa, pb) as f64 / (pa.len() + pb.len()) as f64
}

fn pairs_of(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The character pairs of `s`, sorted, as [`dice`] takes them.
fn sorted_pairs(s: &str) -> Vec<(char, char)> {
    let mut pairs = pairs_of(s);
    pairs.sort_unstable();
    pairs
}

/// The unit a figure is compared in: cases are counted in 件, in 宗 (as Guangdong and Fujian
/// write) or in 起, so `298宗` faces `82件`; any other unit only faces itself.
pub fn comparable_unit(unit: &str) -> &str {
    match unit {
        "宗" | "起" => "件",
        _ => unit,
    }
}

/// A number without trailing zeros: `15`, `2.5`, `0.13`.
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests;
