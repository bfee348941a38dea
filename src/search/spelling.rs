//! The other spellings of a literal query. A report may write digits, Latin letters and
//! brackets full-width (`２５件`, `ＰＰＰ`, `（一）`), and a report mirrored into Traditional
//! writes `行政複議` for `行政复议`: a reviewer typing `25件` or `行政复议` means those too.
//! Each character of the query stands for every character that folds to the same one
//! (full-width to ASCII, Traditional to Simplified by `fast2s`'s table), so a match is
//! always as many characters long as the query.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use memchr::memmem;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Spellings searched as a set of literals at most; a query with more (a long Traditional
/// phrase) is searched as one pattern of character classes instead.
const MAX_SPELLINGS: usize = 64;

/// The character `c` stands for: ASCII for its full-width form, Simplified for Traditional.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c if c.len_utf8() == 3 => {
            let mut buf = [0; 4];
            fast2s::convert(c.encode_utf8(&mut buf))
                .chars()
                .next()
                .unwrap_or(c)
        }
        c => c,
    }
}

/// Every character that folds as `c` does, `c` first.
fn forms(c: char) -> Vec<char> {
    let folded = fold(c);
    let mut forms = vec![c];
    let mut add = |x: char| {
        if !forms.contains(&x) {
            forms.push(x);
        }
    };
    add(folded);
    if folded.is_ascii_graphic() {
        add(char::from_u32(folded as u32 + 0xFEE0).unwrap_or(folded));
    } else if folded == ' ' {
        add('\u{3000}');
    }
    for &t in traditional().get(&folded).map_or(&[][..], Vec::as_slice) {
        add(t);
    }
    forms
}

/// Simplified characters and the Traditional ones that fold to each, made once from
/// `fast2s`'s one-way table by folding every character of the CJK blocks it covers
/// (about 3 ms).
fn traditional() -> &'static HashMap<char, Vec<char>> {
    static T: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut map: HashMap<char, Vec<char>> = HashMap::new();
        let blocks = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            let s = fold(c);
            if s != c {
                map.entry(s).or_default().push(c);
            }
        }
        map
    })
}

/// Finds every spelling of a query in a text.
#[derive(Debug)]
pub enum Spellings {
    /// A run of the query's characters spelt one way only (`行政` of `行政复议`), found with
    /// `memmem`; the characters either side are checked against their forms where it is
    /// found. A set of literals is much slower on Chinese text: `aho-corasick` picks
    /// "rare" bytes to skip to, and no byte of UTF-8 Chinese is rare (measured: 203 ms
    /// against 39 ms for `行政复议` over 62 MB).
    Anchored(Box<Anchored>),
    /// No such run (`25`, `100%`), a few spellings: each a literal.
    Literals(Box<AhoCorasick>),
    /// Too many to list: one pattern, a class of forms per character.
    Pattern(Box<regex::bytes::Regex>),
}

/// A query found from a run of characters with one spelling.
#[derive(Debug)]
pub struct Anchored {
    anchor: memmem::Finder<'static>,
    /// The forms of each character before the anchor, nearest first, in UTF-8.
    before: Vec<Vec<Vec<u8>>>,
    /// The forms of each character after it, in order.
    after: Vec<Vec<Vec<u8>>>,
}

impl Anchored {
    /// The query spelt in `forms`, found from its longest run of one-form characters
    /// (in bytes); `None` when no character is spelt one way only.
    fn new(forms: &[Vec<char>]) -> Option<Anchored> {
        let mut best: Option<Range<usize>> = None;
        let mut start = 0;
        for i in 0..=forms.len() {
            if i == forms.len() || forms[i].len() > 1 {
                let bytes = |r: &Range<usize>| -> usize {
                    forms[r.clone()].iter().map(|f| f[0].len_utf8()).sum()
                };
                if i > start && best.as_ref().is_none_or(|b| bytes(&(start..i)) > bytes(b)) {
                    best = Some(start..i);
                }
                start = i + 1;
            }
        }
        let run = best?;
        let utf8 = |f: &Vec<char>| -> Vec<Vec<u8>> {
            f.iter().map(|c| c.to_string().into_bytes()).collect()
        };
        let anchor: String = forms[run.clone()].iter().map(|f| f[0]).collect();
        Some(Anchored {
            anchor: memmem::Finder::new(anchor.as_bytes()).into_owned(),
            before: forms[..run.start].iter().rev().map(utf8).collect(),
            after: forms[run.end..].iter().map(utf8).collect(),
        })
    }

    /// The match around the anchor found at `at`, if the characters either side are
    /// forms of the query's.
    fn around(&self, hay: &[u8], at: usize) -> Option<Range<usize>> {
        let mut start = at;
        for forms in &self.before {
            let f = forms.iter().find(|f| hay[..start].ends_with(f))?;
            start -= f.len();
        }
        let mut end = at + self.anchor.needle().len();
        for forms in &self.after {
            let f = forms.iter().find(|f| hay[end..].starts_with(f))?;
            end += f.len();
        }
        Some(start..end)
    }

    fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = Range<usize>> + 'h {
        let mut done = 0;
        self.anchor.find_iter(hay).filter_map(move |at| {
            let m = self.around(hay, at).filter(|m| m.start >= done)?;
            done = m.end;
            Some(m)
        })
    }
}

impl Spellings {
    /// The spellings of `query` (case-sensitive, or ignoring ASCII case), or `None` when
    /// it is spelt one way only and a plain search for it will do.
    pub fn new(query: &str, ignore_ascii_case: bool) -> Option<Spellings> {
        let forms: Vec<Vec<char>> = query
            .chars()
            .map(|c| {
                let mut f = forms(c);
                if ignore_ascii_case && c.is_ascii_alphabetic() {
                    f.extend(forms(if c.is_ascii_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }));
                }
                f
            })
            .collect();
        if forms.iter().all(|f| f.len() == 1) {
            return None;
        }
        if let Some(anchored) = Anchored::new(&forms) {
            return Some(Spellings::Anchored(Box::new(anchored)));
        }
        let count = forms.iter().try_fold(1usize, |n, f| {
            n.checked_mul(f.len()).filter(|&n| n <= MAX_SPELLINGS)
        });
        if count.is_some() {
            let mut spellings = vec![String::new()];
            for f in &forms {
                spellings = spellings
                    .iter()
                    .flat_map(|s| f.iter().map(move |&c| format!("{s}{c}")))
                    .collect();
            }
            let finder = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(&spellings)
                .ok()?;
            return Some(Spellings::Literals(Box::new(finder)));
        }
        let pattern: String = forms
            .iter()
            .map(|f| {
                let class: Vec<String> = f
                    .iter()
                    .map(|c| regex_syntax::escape(c.encode_utf8(&mut [0; 4])))
                    .collect();
                format!("(?:{})", class.join("|"))
            })
            .collect();
        regex::bytes::Regex::new(&pattern)
            .ok()
            .map(|re| Spellings::Pattern(Box::new(re)))
    }

    /// Byte ranges of the spellings found in `hay`, leftmost first, not overlapping.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> Box<dyn Iterator<Item = Range<usize>> + 'h> {
        match self {
            Spellings::Anchored(a) => Box::new(a.find_iter(hay)),
            Spellings::Literals(ac) => Box::new(ac.find_iter(hay).map(|m| m.range())),
            Spellings::Pattern(re) => Box::new(re.find_iter(hay).map(|m| m.range())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(query: &str, hay: &'a str, ignore_case: bool) -> Vec<&'a str> {
        let s = Spellings::new(query, ignore_case).expect("spelt more than one way");
        s.find_iter(hay.as_bytes()).map(|r| &hay[r]).collect()
    }

    #[test]
    fn full_width_and_traditional_fold_to_what_a_reviewer_types() {
        assert_eq!(fold('２'), '2');
        assert_eq!(fold('％'), '%');
        assert_eq!(fold('（'), '(');
        assert_eq!(fold('複'), '复');
        assert_eq!(fold('議'), '议');
        assert_eq!(fold('法'), '法');
        assert!(Spellings::new("法治", false).is_none(), "spelt one way");
    }

    #[test]
    fn every_spelling_is_found_wherever_it_stands() {
        let hay = "行政複議，行政复议、行政復议。行政复";
        assert_eq!(
            found("行政复议", hay, false),
            ["行政複議", "行政复议", "行政復议"]
        );
        // Typed in Traditional, the Simplified text is found too.
        assert_eq!(found("複議", "复议", false), ["复议"]);
        // At the very start and end of the text, where the anchor has no room around it.
        assert_eq!(found("25件", "２５件", false), ["２５件"]);
        assert_eq!(found("件25", "件２５", false), ["件２５"]);
        assert!(found("25件", "5件", false).is_empty());
        // No character spelt one way only: the spellings as literals.
        assert_eq!(
            found("2023", "２０２３年，2023年，2024年", false),
            ["２０２３", "2023"]
        );
        // Matches do not overlap.
        assert_eq!(found("议议", "议議议", false), ["议議"]);
    }

    #[test]
    fn ascii_case_is_ignored_only_when_asked() {
        assert_eq!(found("ppp", "PPP项目与ｐｐｐ模式", true), ["PPP", "ｐｐｐ"]);
        assert_eq!(found("ppp", "PPP项目与ｐｐｐ模式", false), ["ｐｐｐ"]);
        assert_eq!(found("ppp项目", "PPP项目", true), ["PPP项目"]);
    }

    #[test]
    fn a_query_with_too_many_spellings_to_list_is_one_pattern() {
        let s = Spellings::new("复议复议复议", false).unwrap();
        assert!(matches!(s, Spellings::Pattern(_)), "{s:?}");
        let hay = "经複議復议複議，结束";
        assert_eq!(
            s.find_iter(hay.as_bytes())
                .map(|r| &hay[r])
                .collect::<Vec<_>>(),
            ["複議復议複議"]
        );
    }
}
