//! What a figure's label counts, and what was done to it: two labels close in characters may
//! still count different things (`清查规范性文件` and `规范性文件`, `党政机关` and
//! `法定行政机关`, `参加政府常务会议` and `审查政府常务会议题材料`), and a change between
//! such figures would mislead.
//!
//! A label is cut into words as the parser cut its clause. Its last word is its head: the
//! thing counted or the rate measured (a one-character last word such as `率` or `品` joins the
//! word before it). Two labels agree when their heads are the same word (or one ends with the
//! other, the rest of it then a word before the head) and neither adds a
//! word the other lacks that is not a plain qualifier of the thing: a noun (`部门`,
//! `行政机关`), a place, a set phrase. An act (`清查`, `配备`, `出庭`), a manner or degree
//! (`成功`, `一次性`, `基本`) or a different head changes what is counted. A word adds nothing
//! when the other label's words before its head hold all its characters (`行政应诉` against
//! `行政诉讼应诉`), and words that mean the same act in these reports (`收到`, `接到`; `办结`,
//! `审结`) are one word. Receiving is not accepting: a report that `收到` 97 applications may
//! have `受理` 48 of them, so the two never face each other.

use crate::report::label::label_words;

/// Words that name one act in these reports: the first of each row stands for the others.
const SAME_ACT: &[&[&str]] = &[
    &["收到", "接收", "新收", "接到"],
    &["办结", "审结"],
    &["答复", "回复"],
];

/// Acts and degrees the segmenter tags as nouns: they change what is counted all the same.
const NOT_QUALIFIERS: &[&str] = &["办理", "出庭", "备案", "基本"];

/// A label read as its head and the words before it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Counted {
    /// The thing counted or the rate measured.
    head: String,
    /// The words before the head: (word, does it only qualify the thing counted).
    before: Vec<(String, bool)>,
}

impl Counted {
    /// Read `label` (a [`super::label_key`]).
    pub(super) fn of(label: &str) -> Counted {
        let mut words: Vec<(String, bool)> = label_words(label)
            .into_iter()
            .map(|(word, tag)| {
                let word = canonical(word);
                let qualifies = !NOT_QUALIFIERS.contains(&word)
                    && (tag.starts_with('n') || matches!(tag, "j" | "l" | "r" | "s"));
                (word.to_string(), qualifies)
            })
            .collect();
        let mut head = words.pop().map(|(w, _)| w).unwrap_or_default();
        if head.chars().count() == 1 {
            if let Some((word, _)) = words.pop() {
                head = word + &head;
            }
        }
        Counted {
            head,
            before: words,
        }
    }

    /// Do the two labels count the same thing, done the same way? A head that ends with the
    /// other's (`应诉案件` against `案件`) is that head with a word before it (`应诉`), which
    /// must add nothing, as any other.
    pub(super) fn agrees(&self, other: &Counted) -> bool {
        let (mine, theirs) = (self.split_to(&other.head), other.split_to(&self.head));
        match (mine, theirs) {
            (Some(mine), Some(theirs)) => {
                mine.adds_nothing_to(&theirs) && theirs.adds_nothing_to(&mine)
            }
            _ => false,
        }
    }

    /// This label with `head` as its head, when its own head ends with it: what comes before
    /// `head` in its own becomes a word before it, not known to only qualify.
    fn split_to(&self, head: &str) -> Option<Counted> {
        let rest = self.head.strip_suffix(head)?;
        let mut before = self.before.clone();
        if !rest.is_empty() {
            before.push((rest.to_string(), false));
        }
        Some(Counted {
            head: head.to_string(),
            before,
        })
    }

    /// Is every word before the head that `other` lacks a plain qualifier?
    fn adds_nothing_to(&self, other: &Counted) -> bool {
        let theirs: String = other.before.iter().map(|(w, _)| w.as_str()).collect();
        self.before
            .iter()
            .all(|(word, qualifies)| *qualifies || word.chars().all(|c| theirs.contains(c)))
    }
}

/// The word standing for the act `word` names, or `word`.
fn canonical(word: &str) -> &str {
    SAME_ACT
        .iter()
        .find(|row| row.contains(&word))
        .map_or(word, |row| row[0])
}
