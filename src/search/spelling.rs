//! The other spellings of a literal query. A report may write digits, Latin letters and
//! brackets full-width (`２５件`, `ＰＰＰ`, `（一）`), and a report mirrored into Traditional
//! writes `行政複議` for `行政复议`: a reviewer typing `25件` or `行政复议` means those too.
//! Each character of the query stands for every character that folds to the same one
//! (full-width to ASCII, Traditional to Simplified by `fast2s`'s table), so a match is
//! always as many characters long as the query.

use memchr::memmem;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

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

/// Simplified characters and the Traditional ones that fold to each: `data/traditional.txt`,
/// a line a Simplified character, a tab and its Traditional forms. The table is `fast2s`'s
/// one-way table turned round (the test below checks it still is); made from `fast2s` at run
/// time it cost every search about 6 ms (folding every character of the CJK blocks), read
/// from the file 0.2 ms.
fn traditional() -> &'static HashMap<char, Vec<char>> {
    static T: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("../../data/traditional.txt")
            .lines()
            .filter_map(|l| {
                let (simple, forms) = l.split_once('\t')?;
                Some((simple.chars().next()?, forms.chars().collect()))
            })
            .collect()
    })
}

/// [`traditional`] as `fast2s` gives it: every character of the CJK blocks it covers that
/// folds to another, under that one.
#[cfg(test)]
fn traditional_from_fast2s() -> std::collections::BTreeMap<char, Vec<char>> {
    let mut map: std::collections::BTreeMap<char, Vec<char>> = Default::default();
    let blocks = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
        let s = fold(c);
        if s != c {
            map.entry(s).or_default().push(c);
        }
    }
    map
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
    /// No such run (`2023`, `100%`): the query in each of its forms throughout.
    Uniform(Vec<memmem::Finder<'static>>),
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
        // No character spelt one way only (`2023`, `100%`): the query in each form at once
        // (all ASCII, all full-width), each found with `memmem`. (A set of every mix, as
        // `aho-corasick` literals, took 67 ms against 35 ms for `2023` over 62 MB, and a
        // report mixes no forms inside one word.)
        let most = forms.iter().map(Vec::len).max().unwrap_or(1);
        let mut spellings: Vec<String> = (0..most)
            .map(|k| forms.iter().map(|f| f[k.min(f.len() - 1)]).collect())
            .collect();
        spellings.dedup();
        Some(Spellings::Uniform(
            spellings
                .iter()
                .map(|s| memmem::Finder::new(s.as_bytes()).into_owned())
                .collect(),
        ))
    }

    /// Byte ranges of the spellings found in `hay`, leftmost first, not overlapping.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> Box<dyn Iterator<Item = Range<usize>> + 'h> {
        match self {
            Spellings::Anchored(a) => Box::new(a.find_iter(hay)),
            Spellings::Uniform(finders) => {
                let mut found: Vec<Range<usize>> = finders
                    .iter()
                    .flat_map(|f| f.find_iter(hay).map(|at| at..at + f.needle().len()))
                    .collect();
                found.sort_by_key(|r| r.start);
                let mut done = 0;
                found.retain(|r| {
                    let keep = r.start >= done;
                    if keep {
                        done = r.end;
                    }
                    keep
                });
                Box::new(found.into_iter())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data/traditional.txt` as `fast2s` makes it.
    fn table() -> String {
        traditional_from_fast2s()
            .into_iter()
            .map(|(s, forms)| format!("{s}\t{}\n", forms.into_iter().collect::<String>()))
            .collect()
    }

    #[test]
    fn the_bundled_table_is_fast2s_turned_round() {
        let bundled = include_str!("../../data/traditional.txt");
        assert!(
            bundled == table(),
            "data/traditional.txt is out of date: run \
             `cargo test --lib write_traditional_table -- --ignored`"
        );
        assert_eq!(traditional()[&'复'], ['復', '複']);
    }

    #[test]
    #[ignore = "writes data/traditional.txt"]
    fn write_traditional_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/traditional.txt");
        std::fs::write(path, table()).unwrap();
    }

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
        assert_eq!(found("议议", "議議議", false), ["議議"]);
    }

    #[test]
    fn ascii_case_is_ignored_only_when_asked() {
        assert_eq!(found("ppp", "PPP项目与ｐｐｐ模式", true), ["PPP", "ｐｐｐ"]);
        assert_eq!(found("ppp", "PPP项目与ｐｐｐ模式", false), ["ｐｐｐ"]);
        assert_eq!(found("ppp项目", "PPP项目", true), ["PPP项目"]);
    }

    #[test]
    fn a_query_with_no_character_spelt_one_way_is_found_in_each_form() {
        assert_eq!(
            found("复议", "经複議、复议、復議", false),
            ["複議", "复议", "復議"]
        );
        assert_eq!(
            found("100%", "达１００％，超100%", false),
            ["１００％", "100%"]
        );
    }
}
