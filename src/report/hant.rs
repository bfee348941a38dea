//! Traditional Chinese: a report published in Traditional characters (`…區人民政府關於…報告`)
//! is matched, for its title, district and front matter, through its Simplified form, while
//! its text is shown as written. The mapping is `fast2s`'s character table: one character
//! for one, so line structure and lengths in characters are kept.

use super::{Gazetteer, Report};
use std::sync::OnceLock;

/// Whether `sample` is written in Traditional characters: several of its characters
/// change in Simplified. (One is not enough: a few characters, such as 著, are Simplified
/// too and still mapped.)
pub fn is_traditional(sample: &str) -> bool {
    let simple = fast2s::convert(sample);
    let changed = sample
        .chars()
        .zip(simple.chars())
        .filter(|(a, b)| a != b)
        .count();
    changed >= 3
}

/// `s` in Simplified characters, with division names in the gazetteer's spelling.
pub fn simplified(s: &str) -> String {
    let mut t = fast2s::convert(s);
    for (wrong, right) in fixups() {
        if t.contains(wrong.as_str()) {
            t = t.replace(wrong.as_str(), right);
        }
    }
    t
}

/// Where character-for-character mapping misspells a place: names in the gazetteer that
/// the mapping changes (a Simplified character that is also a Traditional one, as in
/// 乾安县), mapped back; and 瀋陽, whose 瀋 is 沈 only in that name (elsewhere 渖).
/// Measured reason for this small table: `fast2s` maps characters, not words, and the
/// word-level crates are GPL (`zhconv`) or much larger.
fn fixups() -> &'static [(String, String)] {
    static F: OnceLock<Vec<(String, String)>> = OnceLock::new();
    F.get_or_init(|| {
        let mut names: Vec<&str> = Gazetteer::bundled()
            .divisions
            .iter()
            .flat_map(|d| [d.name.as_str(), d.prefecture.as_str(), d.province.as_str()])
            .collect();
        names.sort_unstable();
        names.dedup();
        // A misspelling that is itself part of another name (干县 in 新干县) cannot be
        // told from it and is left alone.
        let mut v: Vec<(String, String)> = names
            .iter()
            .filter_map(|&n| {
                let c = fast2s::convert(n);
                (c != n && !names.iter().any(|m| m.contains(c.as_str())))
                    .then(|| (c, n.to_string()))
            })
            .collect();
        v.push(("渖阳".into(), "沈阳".into()));
        v
    })
}

/// A copy of `report` with all its text in Simplified characters, to infer metadata from.
pub fn simplified_report(report: &Report) -> Report {
    let mut r = report.clone();
    let all = r.front_matter.iter_mut().chain(r.sign_off.iter_mut());
    for s in all {
        *s = simplified(s);
    }
    for p in r.preamble.iter_mut() {
        p.text = simplified(&p.text);
    }
    for sec in r.sections.iter_mut() {
        sec.title = simplified(&sec.title);
        for p in sec.paragraphs.iter_mut() {
            p.text = simplified(&p.text);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_come_out_in_the_gazetteers_spelling() {
        assert_eq!(simplified("瀋陽市和平區"), "沈阳市和平区");
        assert_eq!(
            simplified("鞍山市千山區人民政府關於"),
            "鞍山市千山区人民政府关于"
        );
        assert_eq!(simplified("吉林省乾安縣"), "吉林省乾安县");
        assert_eq!(simplified("江西省新幹縣"), "江西省新干县");
    }
}
