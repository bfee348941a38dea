//! Figures: numbers a reader wants highlighted, with unit, kind, value and label.

use serde::{Deserialize, Serialize};
use std::ops::Range;

mod date;
mod pair;
mod rank;
mod rate;
mod units;
mod written;

use super::numeral;
use super::text::digit;
use pair::{range_after, ratio_after};
use rank::rank_at;
pub use rank::{RANK_UNIT, RANK_VERBS};
use rate::{rate_value_at, zero_rate_at};
use units::UNITS;
use written::{
    doubling_at, fraction_at, half_at, lone_count_at, tenths_at, written_out_at, written_percent_at,
};

/// What a figure measures; each kind is styled differently in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Things counted: `82件`, `960 人`, `56.5万人`.
    Count,
    /// `97.87%`.
    Percent,
    /// `393.08万元`; the value is in yuan.
    Money,
    /// Other quantities: `3316余海里`, `7个工作日`.
    Quantity,
    /// Dates and years: `2023年`, `2024年2月1日`, `5月份`.
    Date,
}

/// One figure inside a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure as written, approximation words included: `32万余元`.
    pub text: String,
    /// The numeric value with multipliers applied (`393.08万元` → 3930800).
    pub value: f64,
    /// The unit without multiplier: `元`, `件`, `%`, `人次`.
    pub unit: String,
    /// What kind of figure this is.
    pub kind: FigureKind,
    /// Approximate (`余` `多` `近` `以上` `约` …).
    pub approx: bool,
    /// What the number measures, on word boundaries: `受理行政复议申请`, `学校`.
    pub label: String,
    /// Byte range of `text` in the paragraph.
    pub range: Range<usize>,
    /// The value before or after a change (`纠错率从8%提高到12%`), when it is one.
    pub change: Option<Change>,
}

impl Figure {
    /// The value before a change (`从8%提高到12%`'s 8%, a table's earlier year): what the
    /// report says of another time, so it faces no other report's value.
    pub fn is_earlier(&self) -> bool {
        self.change == Some(Change::Before)
    }

    /// The figure as a reader should see it: its text, or for a number alone in a table's
    /// cell, the number in the unit its header gives (`179.8` under `（万件）` is `179.8万件`,
    /// `-9.7` under `（%）` is `-9.7%`).
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        let digits = self.text.trim_start_matches(['-', '－', '−', '+']);
        let bare = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'));
        let written: Option<f64> = digits.replace(',', "").parse().ok();
        let (Some(written), true, false) = (written, bare, self.unit.is_empty()) else {
            return Cow::Borrowed(&self.text);
        };
        // What the header's `万` or `亿` multiplied the written number by.
        let times = (self.value / written).abs();
        let near = |x: f64| (times - x).abs() <= x * 1e-9;
        let power = match () {
            _ if near(1.0) || written == 0.0 && self.value == 0.0 => "",
            _ if near(10_000.0) => "万",
            _ if near(100_000_000.0) => "亿",
            _ => return Cow::Borrowed(&self.text),
        };
        Cow::Owned(format!("{}{power}{}", self.text, self.unit))
    }
}

/// How a figure stands to a change: `从8%` is before, `提高到12%` after, and `比上年增加15件`
/// is the change itself, by this much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The value changed from.
    Before,
    /// The value changed to.
    After,
    /// The amount of a change against another time: `比上年增加15件`, `同比增长12.5%`. Not
    /// the thing itself, so it never faces a plain figure of another report.
    By,
}

/// How a report names another time a figure is compared with (`较上年`, `是去年同期的`),
/// longest first so that the end of a text is stripped whole.
pub(crate) const OTHER_TIMES: &[&str] = &[
    "上年同期",
    "去年同期",
    "上年度",
    "上一年",
    "同期",
    "上年",
    "去年",
    "前年",
];

/// Find every figure in a paragraph, in order, and label it (see [`super::label`]). Dates
/// and years are included with [`FigureKind::Date`]; list markers, document numbers and
/// numbers that name things (`“123”工作模式`, `“1+N”`) are not figures because no unit
/// follows them.
pub fn extract(text: &str) -> Vec<Figure> {
    let mut figures = scan(text);
    super::label::label(text, &mut figures);
    figures
}

/// The figures of a paragraph without their labels.
pub(crate) fn scan(text: &str) -> Vec<Figure> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let names = quoted_names(&chars);
    let mut figures = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let starts_number = digit(c).is_some()
            && (i == 0 || !is_number_char(chars[i - 1].1) && !chars[i - 1].1.is_ascii_alphabetic());
        if starts_number {
            // Names are sorted and disjoint: the first that ends after `i` is the only candidate.
            let in_name = names
                .get(names.partition_point(|r| r.end <= i))
                .is_some_and(|r| r.start < i);
            // (A place first: `排名全省前10名` is no count of ten.)
            let fig = rank_at(text, &chars, i)
                .or_else(|| figure_at(text, &chars, i))
                .or_else(|| zero_rate_at(text, &chars, i))
                .or_else(|| rate_value_at(text, &chars, i))
                .filter(|f| !in_name || f.kind == FigureKind::Date && f.text.contains('年'));
            if let Some(fig) = fig {
                let end_byte = fig.range.end;
                figures.push(fig);
                i = chars.partition_point(|&(b, _)| b < end_byte);
                continue;
            }
            // Skip the rest of this number so its tail digits do not start a figure.
            while i < chars.len() && is_number_char(chars[i].1) {
                i += 1;
            }
            continue;
        }
        if c == '首' {
            if let Some(fig) = rank::first_place_at(text, &chars, i) {
                let end_byte = fig.range.end;
                figures.push(fig);
                i = chars.partition_point(|&(b, _)| b < end_byte);
                continue;
            }
        }
        if numeral::is_numeral(c) && (i == 0 || !numeral::is_numeral(chars[i - 1].1)) {
            let run = chars[i..]
                .iter()
                .take_while(|&&(_, c)| numeral::is_numeral(c))
                .count();
            let in_name = names
                .get(names.partition_point(|r| r.end <= i))
                .is_some_and(|r| r.start < i);
            if let Some(fig) = (!in_name)
                .then(|| {
                    written_percent_at(text, &chars, i)
                        .or_else(|| fraction_at(text, &chars, i, run))
                        .or_else(|| doubling_at(text, &chars, i, run))
                        .or_else(|| half_at(text, &chars, i, run))
                        .or_else(|| tenths_at(text, &chars, i, run))
                        .or_else(|| (run == 1).then(|| zero_rate_at(text, &chars, i)).flatten())
                        .or_else(|| written_out_at(text, &chars, i, run))
                        .or_else(|| lone_count_at(text, &chars, i, run))
                        .or_else(|| rank_at(text, &chars, i))
                })
                .flatten()
            {
                let end_byte = fig.range.end;
                figures.push(fig);
                i = chars.partition_point(|&(b, _)| b < end_byte);
            } else {
                i += run;
            }
            continue;
        }
        i += 1;
    }
    figures
}

/// Quoted names are at most this many chars between the quotes: `“15分钟政务服务圈”`.
const NAME_MAX: usize = 20;

/// Char-index ranges of short quoted names (`“7个纳入”`, `“1+N”`, `“9.16”`), quotes
/// included. A number inside one names a thing; it is not a figure (a year still is a date).
fn quoted_names(chars: &[(usize, char)]) -> Vec<Range<usize>> {
    let mut names = Vec::new();
    let mut open: Option<usize> = None;
    for (k, &(_, c)) in chars.iter().enumerate() {
        match c {
            '“' => open = Some(k),
            '”' => {
                if let Some(o) = open.take() {
                    if k - o - 1 <= NAME_MAX {
                        names.push(o..k + 1);
                    }
                }
            }
            '。' | '；' | '\n' => open = None,
            _ => {}
        }
    }
    names
}

const SPACES: [char; 3] = [' ', '\u{3000}', '\u{a0}'];

fn is_number_char(c: char) -> bool {
    digit(c).is_some() || c == '.' || c == '．'
}

/// A small cursor over the paragraph's chars.
struct Cursor<'a> {
    text: &'a str,
    chars: &'a [(usize, char)],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|&(_, c)| c)
    }
    fn byte(&self) -> usize {
        self.chars.get(self.at).map_or(self.text.len(), |&(b, _)| b)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.byte()..].starts_with(s) {
            self.at += s.chars().count();
            true
        } else {
            false
        }
    }
    fn eat_spaces(&mut self) {
        let mut n = 0;
        while n < 2 && self.peek().is_some_and(|c| SPACES.contains(&c)) {
            self.at += 1;
            n += 1;
        }
    }
    /// An unsigned number: digits, an optional decimal part, `,` thousands groups (and `，`
    /// ones between a group of one to three digits and a unit: `１２，６５４件`).
    fn number(&mut self) -> Option<(f64, usize)> {
        let mut int = String::new();
        let mut digits = 0;
        // Digits since the last separator.
        let mut group = 0;
        while let Some(d) = self.peek().and_then(digit) {
            int.push(char::from_digit(d, 10)?);
            self.at += 1;
            digits += 1;
            group += 1;
            let three_then = |after: fn(char) -> bool| {
                self.chars.len() > self.at + 3
                    && (1..=3).all(|k| digit(self.chars[self.at + k].1).is_some())
                    && self.chars.get(self.at + 4).is_none_or(|&(_, c)| after(c))
            };
            // Thousands separator: `30,000`. A full-width comma also ends clauses, so only
            // where a unit follows the group (`分别为12，654` lists two numbers).
            let separated = match self.peek() {
                Some(',') => three_then(|c| digit(c).is_none()),
                Some('，') => {
                    (group <= 3 && group == digits || group == 3)
                        && three_then(|c| c.is_alphabetic() || matches!(c, '.' | '．'))
                }
                _ => false,
            };
            if separated {
                self.at += 1;
                group = 0;
            }
        }
        if digits == 0 {
            return None;
        }
        if matches!(self.peek(), Some('.' | '．'))
            && self
                .chars
                .get(self.at + 1)
                .is_some_and(|&(_, c)| digit(c).is_some())
        {
            int.push('.');
            self.at += 1;
            while let Some(d) = self.peek().and_then(digit) {
                int.push(char::from_digit(d, 10)?);
                self.at += 1;
            }
        }
        int.parse().ok().map(|v| (v, digits))
    }
}

fn figure_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    let prev = start.checked_sub(1).map(|i| chars[i].1);
    // Document numbers (`〔2024〕6号`) and ordinals (`第3批`) are not figures.
    if matches!(prev, Some('〔' | '[' | '［' | '第' | '【')) {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: start,
    };
    let (value, int_digits) = cur.number()?;
    if let Some(d) = date::date_after(&mut cur, value, int_digits) {
        return Some(finish(text, chars, start, cur.byte(), d));
    }
    if let Some(raw) = ratio_after(&mut cur, value, start) {
        return Some(finish(text, chars, start, cur.byte(), raw));
    }
    cur.eat_spaces();
    let per_mille = cur.eat("‰");
    if per_mille || cur.eat("%") || cur.eat("％") {
        // `10%至15%`: a range of shares, valued at its upper end as other ranges are.
        let upper = (!per_mille)
            .then(|| pair::percent_upper(&mut cur, value))
            .flatten();
        let approx = approx_suffix(&mut cur) || upper.is_some();
        let value = upper.unwrap_or(value);
        let raw = Raw {
            // `8.7‰` is 0.87 per cent: one scale, so it faces a `%` of another report.
            value: if per_mille { value / 10.0 } else { value },
            unit: "%".into(),
            kind: FigureKind::Percent,
            approx,
        };
        return Some(finish(text, chars, start, cur.byte(), raw));
    }
    if let Some(raw) = range_after(&mut cur, value) {
        return Some(finish(text, chars, start, cur.byte(), raw));
    }
    let (multiplier, mut approx) = multiplier(&mut cur);
    let rest = &text[cur.byte()..];
    let Some((unit, kind)) = UNITS
        .iter()
        .find(|(u, _)| rest.starts_with(u) && !units::names_a_thing(u, &rest[u.len()..]))
    else {
        // `惠及2.6万群众`: a number in 万 or 亿 with no measure word counts the noun after it.
        // `5.2万、1.8万、0.9万平方米`: a list takes the unit that ends it.
        let (unit, kind) = match shared_unit(&cur) {
            Some((u, k)) => (u.to_string(), k),
            None if multiplier >= 10_000.0 => (String::new(), FigureKind::Count),
            None => return None,
        };
        if kind == FigureKind::Quantity && unit == "年" && int_digits == 4 {
            return None;
        }
        let raw = Raw {
            value: value * multiplier,
            unit,
            kind,
            approx,
        };
        return Some(finish(text, chars, start, cur.byte(), raw));
    };
    cur.at += unit.chars().count();
    let unit = unit.trim_start_matches('余');
    approx |= unit.len() < UNITS.iter().find(|(u, _)| rest.starts_with(u))?.0.len();
    let rough = approx_suffix(&mut cur);
    approx |= rough;
    // `2个多百分点`: points, not two of something.
    let (unit, kind) = match UNITS.iter().find(|(u, _)| *u == "个百分点") {
        Some(&(points, kind))
            if unit == "个" && rough && text[cur.byte()..].starts_with("百分点") =>
        {
            cur.at += "百分点".chars().count();
            (points, kind)
        }
        _ => (unit, *kind),
    };
    let raw = Raw {
        value: value * multiplier,
        unit: unit.to_string(),
        kind,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}

/// `万`, `亿`, `万亿`, `千` after a number, with `余`/`多` on either side.
fn multiplier(cur: &mut Cursor) -> (f64, bool) {
    let mut approx = cur.eat("余") || cur.eat("多");
    let mut multiplier = 1.0;
    if cur.eat("万") {
        multiplier = 10_000.0;
        if cur.eat("亿") {
            multiplier = 1e12;
        }
    } else if cur.eat("亿") {
        multiplier = 100_000_000.0;
    } else if !["千米", "千瓦", "千克"]
        .iter()
        .any(|u| cur.text[cur.byte()..].starts_with(u))
        && cur.eat("千")
    {
        multiplier = 1_000.0;
    }
    if multiplier > 1.0 {
        approx |= cur.eat("余") || cur.eat("多");
        cur.eat_spaces();
    }
    (multiplier, approx)
}

/// Members of a list before its unit (`5.2万、1.8万、0.9万平方米`, `8、12个`) take that unit;
/// at most this many members follow.
const LIST_MAX: usize = 12;

/// The unit that ends the list this number starts or continues, if it is one.
fn shared_unit(at: &Cursor) -> Option<(&'static str, FigureKind)> {
    let mut cur = Cursor {
        text: at.text,
        chars: at.chars,
        at: at.at,
    };
    for _ in 0..LIST_MAX {
        if !["、", "和", "及", "至", "到", "-", "—", "～", "~"]
            .iter()
            .any(|s| cur.eat(s))
        {
            return None;
        }
        cur.eat("近");
        cur.eat("约");
        cur.number()?;
        cur.eat_spaces();
        if cur.eat("%") || cur.eat("％") {
            return Some(("%", FigureKind::Percent));
        }
        multiplier(&mut cur);
        let rest = &cur.text[cur.byte()..];
        if let Some((u, k)) = UNITS.iter().find(|(u, _)| rest.starts_with(u)) {
            return Some((u.trim_start_matches('余'), *k));
        }
    }
    None
}

/// What was read of a figure before its text and label are cut out.
struct Raw {
    value: f64,
    unit: String,
    kind: FigureKind,
    approx: bool,
}

/// `98%以上`, `5%以下`, `3天左右`, `45个工作日以内`: a bound or a rough size after the number.
fn approx_suffix(cur: &mut Cursor) -> bool {
    ["以上", "以下", "以内", "左右", "余", "多"]
        .iter()
        .any(|s| cur.eat(s))
}

/// Words before a number that make it approximate, longest first.
pub(super) const APPROX_BEFORE: &[&str] = &[
    "不少于",
    "不低于",
    "至少",
    "最少",
    "最多",
    "不超过",
    "不高于",
    "超过",
    "将近",
    "接近",
    "大约",
    "不足",
    "不到",
    "少于",
    "低于",
    "高于",
    "多于",
    "近",
    "约",
    "逾",
    "超",
];

/// Cut out the figure text, with a leading approximation word (`近`, `超过` …).
fn finish(text: &str, chars: &[(usize, char)], start: usize, end: usize, raw: Raw) -> Figure {
    let mut from = start;
    let mut approx = raw.approx;
    if raw.kind != FigureKind::Date {
        let before = &text[chars[start.saturating_sub(3)].0..chars[start].0];
        if let Some(word) = APPROX_BEFORE.iter().find(|w| before.ends_with(**w)) {
            from = start - word.chars().count();
            approx = true;
        }
        // `约为91%`, `约占8%`: approximate, though `为`, `占` are no part of the figure.
        approx |= ["约为", "约占", "约有", "约达"]
            .iter()
            .any(|w| before.ends_with(w));
        // `至少配备2名`: a floor said before the act.
        let wider = &text[chars[start.saturating_sub(4)].0..chars[start].0];
        approx |= ["至少", "最少", "不少于"]
            .iter()
            .any(|w| wider.starts_with(w))
            && !wider.contains(['，', '。', '；', '、']);
    }
    let begin = chars[from].0;
    Figure {
        text: text[begin..end].to_string(),
        value: raw.value,
        unit: raw.unit,
        kind: raw.kind,
        approx,
        label: String::new(),
        range: begin..end,
        change: None,
    }
}

#[cfg(test)]
mod tests;
