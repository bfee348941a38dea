//! Topics: the common ground every report covers, whatever its headings say.
//!
//! Reports word their headings differently (`（七）健全完善社会矛盾纠纷行政预防调处化解体系`,
//! `（六）聚焦公平正义，矛盾化解更加精准`), but they cover the topics of
//! 《法治政府建设实施纲要（2021—2025年）》. The topic list is data (`data/topics.toml`, embedded;
//! a user file can extend or replace it).
//!
//! Topics form a shallow tree: a sub-topic such as 行政复议 names its `parent` 矛盾纠纷化解.
//! A sub-topic is a topic in its own right — `fazhi topic 行政复议` lists exactly the sections
//! about 行政复议 — and a section tagged with a sub-topic is also tagged with its parent.
//!
//! A section is tagged with a topic when
//! 1. its heading, or the heading of an enclosing section, contains one of the topic's
//!    `headings` words (children of `二、存在的不足` are about shortcomings whatever they say), or
//! 2. its own body mentions the topic's `keywords` often enough: at least `min_hits` times
//!    and at least once per 1000 characters. Reports rarely give 行政复议 its own heading —
//!    it lives inside a 矛盾纠纷 or 依法行政 section — so the body matters, but a passing
//!    mention (`学习《行政复议法》`) must not tag a section about something else.
//!
//! Longer than our ~600-line rule: loading, tagging and the per-report rows share the topic
//! table, its parent links and the keyword index, and the ranking rule (heading, enclosing
//! heading, sub-topic, body) is easier to check in one place.

mod tagged;
mod words;

pub use tagged::Tagged;

use words::Words;

use crate::library::Reports;
use crate::report::{Figure, FigureKind, Report};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The bundled topic list.
const BUNDLED: &str = include_str!("../data/topics.toml");

/// Name under which errors in the bundled list are reported.
const BUNDLED_NAME: &str = "bundled:topics.toml";

/// A section's body must mention a topic at least this often per 1000 characters.
const BODY_HITS_PER_1000_CHARS: usize = 1;

/// Default for [`Topic::min_hits`].
const DEFAULT_MIN_HITS: usize = 2;

/// Problems with a topics file; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    /// The file could not be read.
    #[error("{path}: cannot read topics file: {source}")]
    Io {
        /// The topics file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{path}: not a valid topics file: {message}")]
    Parse {
        /// The topics file.
        path: PathBuf,
        /// What the TOML parser said (with line and column).
        message: String,
    },
    /// The file parses, but a topic in it is wrong.
    #[error("{path}:{line}: {problem}")]
    Invalid {
        /// The topics file.
        path: PathBuf,
        /// Line of the topic's `name`.
        line: usize,
        /// What is wrong, naming the topic.
        problem: String,
    },
}

/// One topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// Canonical name, e.g. `行政复议`.
    pub name: String,
    /// Other names a user may type, e.g. `复议`.
    pub aliases: Vec<String>,
    /// Index of the broader topic in [`Topics::all`], e.g. 矛盾纠纷化解 for 行政复议.
    pub parent: Option<usize>,
    /// Words that tag a section whose heading (or an ancestor's heading) contains them.
    pub headings: Vec<String>,
    /// Words counted in a section's body text.
    pub keywords: Vec<String>,
    /// How many keyword occurrences a section body needs to be tagged.
    pub min_hits: usize,
}

/// The topic list, in file order (which is also the order topics are offered in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    topics: Vec<Topic>,
    /// Each topic's direct sub-topics.
    children: Vec<Vec<usize>>,
    /// Every topic's keywords, to count them all in one pass over a section body.
    keywords: Words,
    /// Every topic's heading words, to find all a heading names in one pass.
    headings: Words,
}

/// How a section got a topic; decides which of its figures belong to the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Heading,
    Body,
}

/// One section's topics: (topic, how it was found, how strongly).
type SectionTags = Vec<(usize, Source, Rank)>;

/// How strongly a section is about a topic; smaller is stronger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Named by a heading this many levels up (0 = the section's own).
    Heading(usize),
    /// Named by a sub-topic's heading this many levels up.
    ThroughSubTopic(usize),
    /// Only the body is about it, with this many keyword hits (more is stronger).
    Body(std::cmp::Reverse<usize>),
}

impl Rank {
    /// The rank a parent topic gets from its sub-topic's.
    fn inherited(self) -> Rank {
        match self {
            Rank::Heading(up) | Rank::ThroughSubTopic(up) => Rank::ThroughSubTopic(up),
            body => body,
        }
    }
}

/// The topic to show after `current` when `t` is pressed again: the next of the section's
/// ranked topics, round to the first.
pub fn next_topic(ranked: &[usize], current: usize) -> Option<usize> {
    let at = ranked.iter().position(|&t| t == current)?;
    ranked.get((at + 1) % ranked.len()).copied()
}

/// One report's sections on a topic; backs the TUI topic view and `fazhi topic --json/--csv`.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRow {
    /// Index of the report in the slice given to [`Topics::topic_rows`].
    pub report: usize,
    /// County-level division, e.g. `千山区`.
    pub district: Option<String>,
    /// The year reported on.
    pub year: Option<u16>,
    /// Short name, e.g. `千山区 2023`.
    pub name: String,
    /// The report's sections tagged with the topic, in document order (empty when the report
    /// does not cover the topic, so a comparison shows the gap).
    pub sections: Vec<TopicSection>,
}

/// One section on a topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicSection {
    /// Index in [`Report::sections`].
    pub section: usize,
    /// Section path, e.g. `一/（七）`.
    pub path: String,
    /// Heading marker as written, e.g. `（七）`.
    pub number: String,
    /// Heading text.
    pub title: String,
    /// Figures of the section about the topic (dates left out). All figures when the heading
    /// names the topic; when only the body does, those in sentences that mention the topic.
    pub figures: Vec<Figure>,
    /// Under a heading of the year ahead (`下一步工作打算`): its figures are targets.
    pub plan: bool,
}

/// The shape of a topics file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    topic: Vec<RawTopic>,
}

/// One `[[topic]]` table before its parent is resolved.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: toml::Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    parent: Option<String>,
    #[serde(default)]
    headings: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    min_hits: Option<usize>,
    /// The file the topic came from, and the line of its `name`, for errors.
    #[serde(skip)]
    at: (PathBuf, usize),
}

impl Topics {
    /// The topics shipped with fazhi (`data/topics.toml`).
    pub fn bundled() -> Topics {
        let raw = parse_raw(BUNDLED, Path::new(BUNDLED_NAME)).and_then(|file| build(file.topic));
        // The bundled file is fixed at compile time and checked by a unit test.
        raw.expect("bundled topics.toml is valid")
    }

    /// Load a user topics file. Its topics extend the bundled list (a topic with a bundled
    /// name replaces it in place); with `replace = true` at the top they are the whole list.
    pub fn load(path: &Path) -> Result<Topics, TopicError> {
        // A regular file only: a FIFO would block the reader's start forever.
        let text = crate::user_file::read_text(path).map_err(|why| TopicError::Io {
            path: path.to_path_buf(),
            source: match why {
                crate::user_file::ReadError::Io(e) => e,
                other => std::io::Error::other(other.to_string()),
            },
        })?;
        Topics::from_toml(&text, path)
    }

    /// Like [`Topics::load`] for text already read; `path` names it in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Topics, TopicError> {
        let user = parse_raw(text, path)?;
        let mut merged = if user.replace {
            Vec::new()
        } else {
            parse_raw(BUNDLED, Path::new(BUNDLED_NAME))?.topic
        };
        let mut seen = HashSet::new();
        let mut slots: HashMap<String, usize> = merged
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.get_ref().clone(), i))
            .collect();
        for topic in user.topic {
            let name = topic.name.get_ref().clone();
            if !seen.insert(name.clone()) {
                return Err(invalid(&topic, format!("topic {name} is defined twice")));
            }
            match slots.get(&name) {
                Some(&i) => merged[i] = topic,
                None => {
                    slots.insert(name, merged.len());
                    merged.push(topic);
                }
            }
        }
        build(merged)
    }

    /// All topics in order.
    pub fn all(&self) -> &[Topic] {
        &self.topics
    }

    /// The topic at `index`, if any.
    pub fn get(&self, index: usize) -> Option<&Topic> {
        self.topics.get(index)
    }

    /// Number of topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// True when there are no topics (a user file with `replace = true` and no topics).
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// Find the topic a user means: a name or alias in Chinese (`行政复议`, `复议`), or typed
    /// in pinyin — full, initials or mixed (`xingzhengfuyi`, `xzfy`, `xz复议`) — or, failing
    /// that, a Chinese fragment found in exactly one topic's name or aliases (`营商`).
    /// Names win over aliases, and earlier topics over later ones.
    pub fn resolve(&self, query: &str) -> Option<usize> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        // Names first, then aliases: a name is what the user most likely means.
        let passes: [fn(&Topic) -> &[String]; 2] =
            [|t| std::slice::from_ref(&t.name), |t| &t.aliases];
        for words in passes {
            if let Some(i) = self
                .topics
                .iter()
                .position(|t| words(t).iter().any(|w| w == query))
            {
                return Some(i);
            }
        }
        for words in passes {
            if let Some(i) = self
                .topics
                .iter()
                .position(|t| words(t).iter().any(|w| crate::pinyin::spells(w, query)))
            {
                return Some(i);
            }
        }
        let mut containing =
            self.topics.iter().enumerate().filter(|(_, t)| {
                t.name.contains(query) || t.aliases.iter().any(|a| a.contains(query))
            });
        match (containing.next(), containing.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// Topic indices of every section of `report`, one list per section, ranked by what
    /// the section is about: topics named by its own heading first, then by an enclosing
    /// heading, then those only its body text is about (most keyword hits first); ties in
    /// topic order. `t` in the reader opens the first.
    pub fn tag_report(&self, report: &Report) -> Vec<Vec<usize>> {
        self.tag_sources(report, false)
            .into_iter()
            .map(|mut tags| {
                tags.sort_by_key(|&(t, _, rank)| (rank, t));
                tags.into_iter().map(|(t, _, _)| t).collect()
            })
            .collect()
    }

    /// Per report, the sections on `topic` with their figures.
    /// Reports are gone through a chunk at a time ([`Reports::each_chunk`]).
    pub fn topic_rows(&self, reports: &(impl Reports + ?Sized), topic: usize) -> Vec<TopicRow> {
        let mut rows = Vec::with_capacity(reports.count());
        reports.each_chunk(&mut |first, chunk| {
            let tags = crate::cores::map(chunk, |r| self.tag_sources(r, true));
            rows.extend(self.rows_of(first, chunk, &tags, topic));
        });
        rows
    }

    /// [`Topics::topic_rows`] of every topic, in topic order; each report is tagged once.
    pub fn all_topic_rows(&self, reports: &(impl Reports + ?Sized)) -> Vec<Vec<TopicRow>> {
        let mut rows: Vec<Vec<TopicRow>> = vec![Vec::new(); self.topics.len()];
        reports.each_chunk(&mut |first, chunk| {
            let tags = crate::cores::map(chunk, |r| self.tag_sources(r, true));
            for (t, rows) in rows.iter_mut().enumerate() {
                rows.extend(self.rows_of(first, chunk, &tags, t));
            }
        });
        rows
    }

    /// Per report, the sections on `topic`, given every report's tags; `reports` are the
    /// library's from `first` on.
    fn rows_of(
        &self,
        first: usize,
        reports: &[Report],
        tags: &[Vec<SectionTags>],
        topic: usize,
    ) -> Vec<TopicRow> {
        let terms = self.terms(topic);
        reports
            .iter()
            .zip(tags)
            .enumerate()
            .map(|(r, (report, tags))| {
                let sections = tags
                    .iter()
                    .enumerate()
                    .filter_map(|(s, tags)| {
                        let (_, source, _) = tags.iter().find(|(t, _, _)| *t == topic)?;
                        Some(topic_section(report, s, *source, &terms))
                    })
                    .collect();
                TopicRow {
                    report: first + r,
                    district: report.meta.district.clone(),
                    year: report.meta.year,
                    name: report.short_name(),
                    sections,
                }
            })
            .collect()
    }

    /// Per section, the topics with how each was found and how strongly, sorted by topic
    /// and closed under `parent`. `with_figures`: a figure that counts what a topic is about
    /// (`收到行政复议申请128件`) says more than a passing mention, so its label's words count
    /// once more. That finds every section with figures of a topic, which a topic's rows
    /// want; it stays out of what a section is about, by which `compare` aligns sections
    /// (a figure of 营商环境 in an enforcement section does not make it face 政府职能).
    fn tag_sources(&self, report: &Report, with_figures: bool) -> Vec<SectionTags> {
        // Per section, the topics its own heading names.
        let named: Vec<Vec<bool>> = report
            .sections
            .iter()
            .map(|s| self.headings.named(&s.title))
            .collect();
        (0..report.sections.len())
            .map(|s| {
                let mut tags: Vec<(usize, Source, Rank)> = Vec::new();
                let body: String = report.sections[s]
                    .paragraphs
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect();
                let body_chars = body.chars().count();
                let mut counts = self.keywords.hits(&body);
                if with_figures {
                    let labels: String = (report.sections[s].paragraphs.iter())
                        .flat_map(|p| &p.figures)
                        .flat_map(|f| [f.label.as_str(), "\n"])
                        .collect();
                    for (count, extra) in counts.iter_mut().zip(self.keywords.hits(&labels)) {
                        *count += extra;
                    }
                }
                let chain = report.ancestry(s);
                for (t, topic) in self.topics.iter().enumerate() {
                    // How far up the heading that names the topic is: 0 = this section's own.
                    let by_heading = chain.iter().rev().position(|&a| named[a][t]);
                    if let Some(up) = by_heading {
                        tags.push((t, Source::Heading, Rank::Heading(up)));
                        continue;
                    }
                    let hits = counts[t];
                    if hits >= topic.min_hits
                        && hits * 1000 >= body_chars * BODY_HITS_PER_1000_CHARS
                    {
                        tags.push((t, Source::Body, Rank::Body(std::cmp::Reverse(hits))));
                    }
                }
                // A section on a sub-topic is on its parent too; the parent keeps the
                // strongest reason (a heading beats a body count), ranked after the sub-topic.
                // A walk up stops at a topic that gains nothing from it, so long chains
                // (topics.toml may nest thousands deep) cost each topic a few visits, not one
                // per descendant.
                let mut best: Vec<Option<(Source, Rank)>> = vec![None; self.topics.len()];
                for &(t, source, rank) in &tags {
                    best[t] = Some((source, rank));
                }
                for (t, _, _) in std::mem::take(&mut tags) {
                    let Some((source, rank)) = best[t] else {
                        continue;
                    };
                    let inherited = rank.inherited();
                    let mut at = self.topics[t].parent;
                    while let Some(p) = at {
                        let next = match best[p] {
                            None => (source, inherited),
                            Some((_, r)) if source == Source::Heading => {
                                (Source::Heading, r.min(inherited))
                            }
                            Some((have, r)) => (have, r.min(inherited)),
                        };
                        if best[p] == Some(next) {
                            break;
                        }
                        best[p] = Some(next);
                        at = self.topics[p].parent;
                    }
                }
                tags = best
                    .iter()
                    .enumerate()
                    .filter_map(|(t, b)| b.map(|(source, rank)| (t, source, rank)))
                    .collect();
                tags
            })
            .collect()
    }

    /// Every word that signals `topic` in a sentence: its own and its sub-topics' names,
    /// aliases, heading words and keywords.
    fn terms(&self, topic: usize) -> Vec<String> {
        let mut family = vec![topic];
        let mut k = 0;
        while let Some(&t) = family.get(k) {
            family.extend(&self.children[t]);
            k += 1;
        }
        family.sort_unstable();
        let mut terms = Vec::new();
        for t in family {
            let entry = &self.topics[t];
            terms.push(entry.name.clone());
            terms.extend(entry.aliases.iter().cloned());
            terms.extend(entry.headings.iter().cloned());
            terms.extend(entry.keywords.iter().cloned());
        }
        terms
    }
}

/// A section on a topic with the figures that belong to it.
fn topic_section(report: &Report, s: usize, source: Source, terms: &[String]) -> TopicSection {
    let section = &report.sections[s];
    let figures = section
        .paragraphs
        .iter()
        .flat_map(|p| {
            p.figures.iter().filter(move |f| {
                f.kind != FigureKind::Date
                    && (source == Source::Heading || sentence_mentions(&p.text, f, terms))
            })
        })
        .cloned()
        .collect();
    TopicSection {
        section: s,
        path: report.path(s),
        number: section.number.clone(),
        title: section.title.clone(),
        figures,
        plan: report.in_plan(s),
    }
}

/// True when the sentence around `figure` in `text` contains one of `terms`. Clauses joined
/// by `，` stay together: in `收到行政复议申请19件，受理16件` both figures are about 行政复议.
fn sentence_mentions(text: &str, figure: &Figure, terms: &[String]) -> bool {
    let is_end = |c: char| matches!(c, '。' | '；' | '！' | '？' | ';');
    let (start, end) = (figure.range.start, figure.range.end);
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        // A figure whose range does not fit its paragraph cannot be placed in a sentence.
        return false;
    };
    let from = before.rfind(is_end).map_or(0, |i| {
        i + before[i..].chars().next().map_or(0, char::len_utf8)
    });
    let to = end + after.find(is_end).unwrap_or(after.len());
    let sentence = &text[from..to];
    terms
        .iter()
        .any(|t| !t.is_empty() && sentence.contains(t.as_str()))
}

fn invalid(topic: &RawTopic, problem: String) -> TopicError {
    TopicError::Invalid {
        path: topic.at.0.clone(),
        line: topic.at.1,
        problem,
    }
}

fn parse_raw(text: &str, path: &Path) -> Result<RawFile, TopicError> {
    let mut file: RawFile =
        toml::from_str(text).map_err(|e: toml::de::Error| TopicError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim().replace('\n', " "),
        })?;
    for t in &mut file.topic {
        let line = text.as_bytes()[..t.name.span().start.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        t.at = (path.to_path_buf(), line);
    }
    Ok(file)
}

/// Check raw topics and resolve parent names to indices, in time linear in the number of
/// topics (a user file may nest thousands).
fn build(raw: Vec<RawTopic>) -> Result<Topics, TopicError> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(raw.len());
    for (i, t) in raw.iter().enumerate() {
        let name = t.name.get_ref();
        if name.trim().is_empty() {
            return Err(invalid(t, format!("topic #{} has an empty name", i + 1)));
        }
        if index.insert(name, i).is_some() {
            return Err(invalid(t, format!("topic {name} is defined twice")));
        }
        let words = t.aliases.iter().chain(&t.headings).chain(&t.keywords);
        if words.into_iter().any(|w| w.trim().is_empty()) {
            return Err(invalid(t, format!("topic {name} has an empty word")));
        }
        if t.min_hits == Some(0) {
            return Err(invalid(
                t,
                format!("topic {name}: min_hits must be at least 1"),
            ));
        }
    }
    let mut topics = Vec::with_capacity(raw.len());
    for t in &raw {
        let parent = match &t.parent {
            None => None,
            Some(p) => Some(*index.get(p.as_str()).ok_or_else(|| {
                invalid(
                    t,
                    format!("topic {}: parent {p} is not a topic", t.name.get_ref()),
                )
            })?),
        };
        topics.push(Topic {
            name: t.name.get_ref().clone(),
            aliases: t.aliases.clone(),
            parent,
            headings: t.headings.clone(),
            keywords: t.keywords.clone(),
            min_hits: t.min_hits.unwrap_or(DEFAULT_MIN_HITS),
        });
    }
    // Cycles: walk up from each topic, stopping at a topic already known to reach the top;
    // every topic is walked through once.
    let mut state = vec![Walked::No; topics.len()];
    for start in 0..topics.len() {
        let mut at = Some(start);
        while let Some(t) = at {
            match state[t] {
                Walked::Fine => break,
                Walked::Now(s) if s == start => {
                    return Err(invalid(
                        &raw[t],
                        format!("topic {}: parents form a cycle", topics[t].name),
                    ))
                }
                _ => {}
            }
            state[t] = Walked::Now(start);
            at = topics[t].parent;
        }
        let mut at = Some(start);
        while let Some(t) = at.filter(|&t| state[t] != Walked::Fine) {
            state[t] = Walked::Fine;
            at = topics[t].parent;
        }
    }
    let keywords = Words::keywords(&topics);
    let headings = Words::headings(&topics);
    let children = children(&topics);
    Ok(Topics {
        topics,
        keywords,
        headings,
        children,
    })
}

/// Where the cycle check has been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walked {
    No,
    /// On the walk up from this topic.
    Now(usize),
    /// Reaches a topic without parent.
    Fine,
}

/// Each topic's direct sub-topics.
fn children(topics: &[Topic]) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); topics.len()];
    for (i, t) in topics.iter().enumerate() {
        if let Some(p) = t.parent {
            children[p].push(i);
        }
    }
    children
}

#[cfg(test)]
mod tests;
