//! Levels and grades: `全国2个、省级九个`, a count named only by its level is of the thing
//! named before it at another level.

use super::LABEL_MAX;
use std::ops::Range;

/// Levels and grades that name no thing alone: `省级`, `B级`, `A类`.
const LEVELS: &[&str] = &[
    "国家级",
    "全国",
    "省级",
    "自治区级",
    "市级",
    "州级",
    "盟级",
    "县级",
    "区级",
    "旗级",
    "乡镇级",
    "乡级",
    "镇级",
    "村级",
];

/// Where a level or grade stands in `s` (`A级` in `纳税信用A级企业`), if one does.
fn level_in(s: &str) -> Option<Range<usize>> {
    LEVELS
        .iter()
        .find_map(|l| s.find(l).map(|k| k..k + l.len()))
        .or_else(|| {
            s.char_indices()
                .find(|&(k, c)| c.is_ascii_uppercase() && s[k + 1..].starts_with(['级', '类']))
                .map(|(k, _)| k..k + 1 + '级'.len_utf8())
        })
}

/// `示范村：全国2个、省级九个`: a count named only by its level (or grade) is of the thing
/// named before it at another level.
pub(super) fn at_level(phrase: &str, carried: &str) -> Option<String> {
    // (Levels are short: most phrases are not looked through.)
    if phrase.chars().count() > 4 || level_in(phrase) != Some(0..phrase.len()) {
        return None;
    }
    let at = level_in(carried)?;
    let label = format!("{}{phrase}{}", &carried[..at.start], &carried[at.end..]);
    (label != carried && label.chars().count() <= LABEL_MAX).then_some(label)
}
