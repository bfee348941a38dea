//! Rates stated without a `%`: as nil (`败诉率为零`, `纠错率为0`), which is 0 %, or as a
//! bare number after a rate, index or coefficient (`万人成讼率降至0.52`), which is that number
//! in no unit: a rate per ten thousand people is no percentage.

use super::{finish, Cursor, Figure, FigureKind, Raw, OTHER_TIMES};

/// How a rate is said to be nil before its `零` or `0`: `败诉率为零`, `纠错率均为0`.
const ZERO_AFTER: &[&str] = &[
    "率为",
    "率均为",
    "率降为",
    "率降至",
    "率保持为",
    "率保持在",
    "率是",
];

/// A rate stated as nil, `败诉率为零` or `复议纠错率为0`: 0 %, though no `%` is written.
pub(super) fn zero_rate_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    if !matches!(chars[start].1, '零' | '0' | '０') {
        return None;
    }
    // The nil stands alone: not `0.5`, `05`, `零售` or `零星`.
    if chars
        .get(start + 1)
        .is_some_and(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '．')
    {
        return None;
    }
    let before = &text[chars[start.saturating_sub(5)].0..chars[start].0];
    if !ZERO_AFTER.iter().any(|w| before.ends_with(w)) {
        return None;
    }
    let raw = Raw {
        value: 0.0,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx: false,
    };
    Some(finish(
        text,
        chars,
        start,
        chars.get(start + 1).map_or(text.len(), |&(b, _)| b),
        raw,
    ))
}

/// Words naming a rate, index or coefficient, whose value may be written without a unit.
const RATE_WORDS: &[&str] = &["率", "指数", "系数"];

/// What may stand between a rate and its value, besides the [`TO_LINKS`] of a change:
/// `为`, `从` …, or nothing (`万人成讼率0.52`).
const RATE_LINKS: &[&str] = &[
    "",
    "为",
    "均为",
    "仅为",
    "是",
    "达",
    "达到",
    "控制在",
    "保持在",
    "保持为",
    "稳定在",
    "从",
    "由",
];

/// Links that end a change to a value: `降至0.52`, also after the value before it
/// (`由0.68下降至0.52`).
const TO_LINKS: &[&str] = &[
    "降至",
    "降为",
    "降到",
    "下降至",
    "下降到",
    "下降为",
    "减少至",
    "减少到",
    "提高至",
    "提高到",
    "提高为",
    "提升至",
    "提升到",
    "上升至",
    "上升到",
    "升至",
    "增至",
    "增长至",
    "增长到",
];

/// Verbs of a change against another time, stated in the rate's own terms: `较上年下降0.16`.
const CHANGE_LINKS: &[&str] = &["下降了", "下降", "上升", "提高", "降低", "减少", "增加"];

/// Does `before` (the text before a number in no unit) state that number as a rate's value?
/// After the rate and a link (`万人成讼率降至`), a year (`万人成讼率2022年为`), a change
/// against another time (`万人成讼率较上年下降`), or the rate's value before it in a series
/// (`由0.68下降至`, `为0.68，2023年为`). `depth` bounds how far back a series is followed.
fn stated_after_rate(before: &str, depth: u8) -> bool {
    let rate_ends = |s: &str| RATE_WORDS.iter().any(|w| s.ends_with(w));
    let links = RATE_LINKS.iter().chain(TO_LINKS).chain(CHANGE_LINKS);
    // `由上年的32.6`: the value of another time, before the change to this one.
    if from_rate(before, rate_ends) {
        return true;
    }
    links.into_iter().any(|link| {
        let Some(mut head) = before.strip_suffix(link) else {
            return false;
        };
        // A change is a change against another time, not any rise (`排名上升2`).
        if CHANGE_LINKS.contains(link) {
            let Some(against) = against_another_time(head) else {
                return false;
            };
            head = against;
        }
        let head = without_year(head);
        if rate_ends(head) {
            return true;
        }
        // The value before: `由0.68下降至`, `为0.68，2023年为`, `为0.52，较上年下降`.
        let value = without_number(head);
        // (A series needs its link: `0.68，0.52` alone says nothing of what the second is.)
        if depth >= 3 || link.is_empty() {
            return false;
        }
        if value.len() < head.len() {
            return from_rate(value, rate_ends);
        }
        let Some(earlier) = head.strip_suffix(['，', '、', ',']) else {
            return false;
        };
        let number = without_number(earlier);
        number.len() < earlier.len() && stated_after_rate(number, depth + 1)
    })
}

/// Whether `s` ends with `由` or `从` after a rate, another time between them or not:
/// `万人成讼率由`, `万人成讼率由上年的`, `万人成讼率从2022年的`.
fn from_rate(s: &str, rate_ends: impl Fn(&str) -> bool) -> bool {
    let s = s
        .strip_suffix('的')
        .and_then(|h| {
            OTHER_TIMES
                .iter()
                .find_map(|t| h.strip_suffix(t))
                .or_else(|| Some(without_year(h)).filter(|y| y.len() < h.len()))
        })
        .unwrap_or(s);
    ["由", "从"]
        .iter()
        .any(|from| s.strip_suffix(from).is_some_and(&rate_ends))
}

/// `s` without a comparison with another time at its end (`较上年`, `比2022年`, `同比`).
fn against_another_time(s: &str) -> Option<&str> {
    if let Some(head) = s.strip_suffix("同比").or_else(|| s.strip_suffix("环比")) {
        return Some(head);
    }
    let time = OTHER_TIMES
        .iter()
        .find_map(|t| s.strip_suffix(t))
        .or_else(|| Some(without_year(s)).filter(|h| h.len() < s.len()))?;
    time.strip_suffix('较').or_else(|| time.strip_suffix('比'))
}

/// `s` without the number at its end (`由0.68` → `由`).
fn without_number(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．')
}

/// `s` without a year at its end (`2022年`, `2022年度`).
fn without_year(s: &str) -> &str {
    let head = s
        .strip_suffix("年度")
        .or_else(|| s.strip_suffix('年'))
        .unwrap_or(s);
    let digits = head.trim_end_matches(|c: char| c.is_ascii_digit());
    match head.len() - digits.len() {
        4 => digits,
        _ => s,
    }
}

/// A number in no unit stated as a rate's value: `万人成讼率降至0.52`, `基尼系数为0.31`,
/// `由0.68下降至0.52`, `2022年为0.68，2023年为0.52，较上年下降0.16` (see [`stated_after_rate`]).
pub(super) fn rate_value_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    let mut cur = Cursor {
        text,
        chars,
        at: start,
    };
    let (value, _) = cur.number()?;
    // The value ends its clause, or a change goes on from it (`由0.68下降至`); anything else
    // makes it a name (`指数2.0版`) or a count.
    let rest = &text[cur.byte()..];
    let ends = rest
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '.' | '．' | '%' | '％'));
    if !ends && !TO_LINKS.iter().any(|link| rest.starts_with(link)) {
        return None;
    }
    if !stated_after_rate(&text[..chars[start].0], 0) {
        return None;
    }
    let raw = Raw {
        value,
        unit: String::new(),
        kind: FigureKind::Quantity,
        approx: false,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}
