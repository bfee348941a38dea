//! The gazetteer: every county-level division of China (`data/divisions.tsv`), and finding
//! division names, and the names of the places around them, in a text.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Every county-level division of China, from `data/divisions.tsv`.
pub struct Gazetteer {
    /// All divisions in file order.
    pub divisions: Vec<Division>,
    /// Name → indices into `divisions` (names repeat: 铁西区 ×3).
    by_name: HashMap<String, Vec<usize>>,
    /// Length in characters of the longest name (`石家庄高新技术产业开发区`: 12).
    longest: usize,
    /// Every character a name ends with (区 县 市 旗 州 盟 省 …): only there can one end.
    last_chars: Vec<char>,
}

/// One county-level division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// GB/T 2260 code.
    pub code: String,
    /// County-level name.
    pub name: String,
    /// Prefecture-level name (empty for directly administered counties).
    pub prefecture: String,
    /// Province-level name.
    pub province: String,
}

/// The gazetteer shipped with fazhi (`data/divisions.tsv`).
const DIVISIONS_TSV: &str = include_str!("../../data/divisions.tsv");

impl Gazetteer {
    /// The bundled gazetteer, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_tsv(DIVISIONS_TSV))
    }

    /// Parse `code\tname\tprefecture\tprovince` lines; `#` lines and the header are skipped.
    pub fn from_tsv(tsv: &str) -> Gazetteer {
        let divisions = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(Division {
                    code: f.next()?.to_string(),
                    name: f.next()?.to_string(),
                    prefecture: f.next()?.to_string(),
                    province: f.next()?.to_string(),
                })
            })
            .collect::<Vec<Division>>();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            by_name.entry(d.name.clone()).or_default().push(i);
        }
        let longest = by_name.keys().map(|n| n.chars().count()).max().unwrap_or(0);
        let mut last_chars: Vec<char> = by_name.keys().filter_map(|n| n.chars().last()).collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        Gazetteer {
            divisions,
            by_name,
            longest,
            last_chars,
        }
    }

    /// Divisions with exactly this name.
    pub fn named(&self, name: &str) -> Vec<&Division> {
        self.by_name.get(name).map_or_else(Vec::new, |v| {
            v.iter().map(|&i| &self.divisions[i]).collect()
        })
    }

    /// The division with this code.
    pub fn by_code(&self, code: &str) -> Option<&Division> {
        self.divisions.iter().find(|d| d.code == code)
    }

    /// Division names in `text`, longest match at each position, with their counts.
    pub fn names_in(&self, text: &str) -> Vec<(String, usize)> {
        let idx = &self.by_name;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (k, &(b, c)) in chars.iter().enumerate() {
            if self.last_chars.binary_search(&c).is_err() {
                continue;
            }
            let end = b + c.len_utf8();
            let best = (2..=self.longest)
                .rev()
                .filter(|&n| n <= k + 1)
                .map(|n| &text[chars[k + 1 - n].0..end])
                .find(|name| idx.contains_key(*name));
            if let Some(name) = best {
                *counts.entry(name).or_default() += 1;
            }
        }
        let mut v: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// How often each of `needles` occurs in `text`, in one pass over the text however many
/// needles there are. Occurrences of different needles may overlap: `四平市` inside
/// `四平市铁西区` counts for both.
pub fn occurrences<'a>(
    text: &str,
    needles: impl IntoIterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&'a str, usize> = needles
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| (n, 0))
        .collect();
    let mut lengths: Vec<usize> = counts.keys().map(|n| n.chars().count()).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let mut last_chars: Vec<char> = counts.keys().filter_map(|n| n.chars().last()).collect();
    last_chars.sort_unstable();
    last_chars.dedup();
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    for (k, c) in text.chars().enumerate() {
        // Only where a needle can end is there anything to look up.
        if last_chars.binary_search(&c).is_err() {
            continue;
        }
        let end = starts[k] + c.len_utf8();
        for &n in lengths.iter().take_while(|&&n| n <= k + 1) {
            if let Some(count) = counts.get_mut(&text[starts[k + 1 - n]..end]) {
                *count += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_counts_every_needle_in_one_pass_overlaps_included() {
        let text = "四平市铁西区人民政府。铁西区、四平市，吉林省四平市铁西区。";
        let counts = occurrences(
            text,
            ["四平市铁西区", "四平市", "铁西区", "吉林", "沈阳市", ""],
        );
        assert_eq!(counts["四平市铁西区"], 2);
        assert_eq!(counts["四平市"], 3);
        assert_eq!(counts["铁西区"], 3);
        assert_eq!(counts["吉林"], 1);
        assert_eq!(counts["沈阳市"], 0);
        assert!(!counts.contains_key(""));
        for needle in ["四平市", "铁西区", "吉林"] {
            assert_eq!(counts[needle], text.matches(needle).count(), "{needle}");
        }
    }

    #[test]
    fn a_name_is_found_wherever_it_ends_even_at_the_start_or_end() {
        let counts = occurrences("文登区", ["文登区", "文登", "登区"]);
        assert_eq!(
            (counts["文登区"], counts["文登"], counts["登区"]),
            (1, 1, 1)
        );
        assert_eq!(occurrences("", ["文登区"])["文登区"], 0);
    }
}
