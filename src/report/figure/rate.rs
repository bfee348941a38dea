//! Rates stated without a `%`: as nil (`败诉率为零`, `纠错率为0`), which is 0 %, or as a
//! bare number after a rate, index or coefficient (`万人成讼率降至0.52`), which is that number
//! in no unit: a rate per ten thousand people is no percentage.

use super::{finish, Cursor, Figure, FigureKind, Raw};

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

/// A number in no unit stated as a rate's value: `万人成讼率降至0.52`, `基尼系数为0.31`, and
/// the second value of `由0.68下降至0.52`.
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
    let before = &text[..chars[start].0];
    let rate_ends = |s: &str| RATE_WORDS.iter().any(|w| s.ends_with(w));
    let stated = RATE_LINKS.iter().chain(TO_LINKS).any(|link| {
        let Some(head) = before.strip_suffix(link) else {
            return false;
        };
        if rate_ends(head) {
            return true;
        }
        // `由0.68下降至`: the value before, after its rate and `由` or `从`.
        if !TO_LINKS.contains(link) {
            return false;
        }
        let number = head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．');
        number.len() < head.len()
            && ["由", "从"]
                .iter()
                .any(|from| number.strip_suffix(from).is_some_and(rate_ends))
    });
    if !stated {
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
