//! The words of all topics found in a text in one pass. Tagging every section of a large
//! library means looking for hundreds of keywords in each body and dozens of heading words
//! in each heading: one Aho-Corasick pass finds every occurrence of every word at once (a
//! lookup of each character's keywords, and a `contains` per heading word, did the same at
//! a fifth of the speed at 2,500 reports).

use super::Topic;
use aho_corasick::AhoCorasick;
use std::collections::HashMap;

/// One kind of word (keywords, or heading words) of every topic.
#[derive(Debug, Clone)]
pub(super) struct Words {
    /// Every distinct word, found overlapping so that the claiming rule of [`Words::hits`]
    /// sees all. `None` only when the automaton cannot be built (far beyond any topics file).
    finder: Option<AhoCorasick>,
    /// The distinct words, in the finder's pattern order.
    patterns: Vec<String>,
    /// Per pattern: the (topic, rank) it is a word of. A topic's keywords are ranked longest
    /// first, in file order among equal lengths: the order in which they claim text.
    owners: Vec<Vec<(usize, usize)>>,
    topics: usize,
}

impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        (&self.patterns, &self.owners, self.topics)
            == (&other.patterns, &other.owners, other.topics)
    }
}

impl Eq for Words {}

impl Words {
    /// The topics' keywords, ranked for [`Words::hits`].
    pub(super) fn keywords(topics: &[Topic]) -> Words {
        Words::new(topics, |t| {
            let mut ranked: Vec<&String> = t.keywords.iter().filter(|k| !k.is_empty()).collect();
            ranked.sort_by_key(|k| std::cmp::Reverse(k.len()));
            ranked
        })
    }

    /// The topics' heading words, for [`Words::named`].
    pub(super) fn headings(topics: &[Topic]) -> Words {
        Words::new(topics, |t| {
            t.headings.iter().filter(|h| !h.is_empty()).collect()
        })
    }

    fn new<'a>(topics: &'a [Topic], words: impl Fn(&'a Topic) -> Vec<&'a String>) -> Words {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (t, topic) in topics.iter().enumerate() {
            for (rank, word) in words(topic).into_iter().enumerate() {
                let p = *index.entry(word).or_insert_with(|| {
                    patterns.push(word.clone());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                owners[p].push((t, rank));
            }
        }
        Words {
            finder: AhoCorasick::new(&patterns).ok(),
            patterns,
            owners,
            topics: topics.len(),
        }
    }

    /// Call `f(topic, rank, start, end)` for every occurrence in `text`, overlapping.
    fn each(&self, text: &str, mut f: impl FnMut(usize, usize, usize, usize)) {
        for m in self
            .finder
            .iter()
            .flat_map(|a| a.find_overlapping_iter(text))
        {
            for &(t, rank) in &self.owners[m.pattern().as_usize()] {
                f(t, rank, m.start(), m.end());
            }
        }
    }

    /// Per topic, the occurrences of its keywords in `text`: longest keyword first and
    /// without overlaps, so that `行政复议` is one hit and not also a hit for `复议`.
    pub(super) fn hits(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        self.each(text, |t, rank, start, end| {
            found.push((t, rank, start, end))
        });
        found.sort_unstable();
        let mut hits = vec![0; self.topics];
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            claimed.clear();
            for same in group.chunk_by(|a, b| a.1 == b.1) {
                // Occurrences of one keyword do not overlap each other either.
                let mut after = 0;
                for &(t, _, start, end) in same {
                    if start < after {
                        continue;
                    }
                    after = end;
                    if claimed.iter().all(|&(s, e)| end <= s || e <= start) {
                        claimed.push((start, end));
                        hits[t] += 1;
                    }
                }
            }
        }
        hits
    }

    /// Per topic, whether `text` holds one of its words.
    pub(super) fn named(&self, text: &str) -> Vec<bool> {
        let mut named = vec![false; self.topics];
        self.each(text, |t, _, _, _| named[t] = true);
        named
    }
}
