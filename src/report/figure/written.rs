//! Numbers written out in Chinese numerals rather than digits: counts and sums of money
//! (`三百二十六件`, `贰佰壹拾叁万元`, `律师事务所三家，`), rough sizes (`近千人`, `十余个`),
//! percentages (`百分之九十五点五`, `千分之三`), shares in tenths (`九成以上`), fractions and
//! halves (`三分之二`, `一半`), and doubling (`翻了一番`).

use super::units::{UNITS, WRITTEN_OUT_UNITS};
use super::{approx_suffix, finish, numeral, Cursor, Figure, FigureKind, Raw, APPROX_BEFORE};
use crate::report::text::is_han;
use std::ops::Not;

/// A count (or sum of money) written out in numerals: at least one digit and one power
/// (`三百二十六`, `贰佰壹拾叁万`, not `三` or `万人`) or a power alone after a word of rough size
/// (`近千人`, `上万份`), not an ordinal (`第二十三次`), followed by a unit of
/// [`WRITTEN_OUT_UNITS`], or by another unit when the figure closes its clause
/// (`提出意见四十余条。`, not `出台二十条措施`).
pub(super) fn written_out_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    // `第二十三次` orders; `3百余万元` mixes digits in, which no reading here takes whole.
    if start > 0 && (chars[start - 1].1 == '第' || chars[start - 1].1.is_ascii_digit()) {
        return None;
    }
    let end = start + run;
    let numeral = &text[chars[start].0..chars.get(end).map_or(text.len(), |&(b, _)| b)];
    let has_digit = numeral
        .chars()
        .any(|c| numeral::digit(c).is_some_and(|d| d > 0));
    // `近千人`, `上万份`: a power alone is a figure only after a word that makes it a rough
    // size; alone it is a word as often (`千家万户`, `万无一失`).
    let rough = (!has_digit)
        .then(|| rough_before(text, chars, start))
        .flatten();
    // `十余个`, `千余名`: a power and `余` is a rough size too.
    let some_over = !has_digit && chars.get(end).is_some_and(|&(_, c)| c == '余');
    if !has_digit && rough.is_none() && !some_over {
        return None;
    }
    let value = match numeral {
        "万" => 10_000,
        "亿" => 100_000_000,
        _ if numeral.chars().all(|c| numeral::digit(c).is_none()) || has_digit => {
            numeral::value(numeral)?
        }
        _ => return None,
    } as f64;
    let mut cur = Cursor {
        text,
        chars,
        at: end,
    };
    let mut approx = cur.eat("余") || cur.eat("多") || rough.is_some();
    // `三百余万元`: the power of the sum after its rough size.
    let value = match () {
        _ if approx && cur.eat("万") => value * 10_000.0,
        _ if approx && cur.eat("亿") => value * 100_000_000.0,
        _ => value,
    };
    let (unit, kind, must_close) = written_unit(&text[cur.byte()..])?;
    // `十五个乡镇`: a count of places or bodies, whatever follows (not `十个方面`, one power).
    let must_close = must_close && !(unit == "个" && has_digit);
    cur.at += unit.chars().count();
    approx |= approx_suffix(&mut cur);
    if must_close && !closes_clause(chars, cur.at) {
        return None;
    }
    // `上` and `过` are no approximation word elsewhere (`上年`), so `finish` would leave them out.
    let start = match rough {
        Some(word) if !APPROX_BEFORE.contains(&word) => start - word.chars().count(),
        _ => start,
    };
    let raw = Raw {
        value,
        unit: unit.to_string(),
        kind,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}

/// Units a written-out numeral never counts in: `一百周年`, and `十五日` of a date written out
/// (`二〇二四年一月十五日`).
const NEVER_AFTER_NUMERALS: &[&str] = &["周", "日", "年", "分"];

/// The unit at the start of `rest` after a written-out numeral, its kind, and whether the
/// figure must close its clause to count: outside [`WRITTEN_OUT_UNITS`] a numeral names a
/// thing as often as it counts one (`二十条措施`, `十个方面`).
fn written_unit(rest: &str) -> Option<(&'static str, FigureKind, bool)> {
    let &(unit, kind) = UNITS.iter().find(|(u, _)| rest.starts_with(u))?;
    if NEVER_AFTER_NUMERALS.contains(&unit) {
        return None;
    }
    Some((unit, kind, !WRITTEN_OUT_UNITS.contains(&unit)))
}

/// Whether a figure ending at char `at` ends its clause: punctuation, the end of the text, or
/// the next figure of the same things (`接待来访六十二批一百九十余人次`).
fn closes_clause(chars: &[(usize, char)], at: usize) -> bool {
    chars.get(at).is_none_or(|&(_, c)| {
        "，。；、：！？）)\n".contains(c) || numeral::is_numeral(c) || c.is_ascii_digit()
    })
}

/// Words before a lone power that make it a rough size: `近千`, `上万`, `逾百`, `过万`.
const ROUGH_BEFORE: &[&str] = &["将近", "接近", "超过", "突破", "近", "上", "逾", "超", "过"];

/// The word before `start` that makes a lone power a rough size, if there is one.
fn rough_before(text: &str, chars: &[(usize, char)], start: usize) -> Option<&'static str> {
    let before = &text[chars[start.saturating_sub(2)].0..chars[start].0];
    let word = ROUGH_BEFORE.iter().find(|w| before.ends_with(**w))?;
    // `成千上万` is a figure of speech, and in `线上`, `以上` the 上 ends another word.
    let ends_a_word = ["千上", "线上", "网上", "以上", "之上", "加上"]
        .iter()
        .any(|w| before.ends_with(w));
    (!(*word == "上" && ends_a_word)).then_some(*word)
}

/// A percentage written out: `百分之百`, `百分之九十五`, `百分之九十八点五`, and per mille,
/// `千分之三`.
pub(super) fn written_percent_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
) -> Option<Figure> {
    // `千分之三` is 0.3 %, on the one scale of every share, like `‰`.
    let rest = &text[chars[start].0..];
    let per = if rest.starts_with("百分之") {
        1.0
    } else if rest.starts_with("千分之") {
        10.0
    } else {
        return None;
    };
    let from = start + 3;
    let run = chars[from..]
        .iter()
        .take_while(|&&(_, c)| numeral::is_numeral(c))
        .count();
    let numeral = &text[chars.get(from)?.0..chars.get(from + run).map_or(text.len(), |&(b, _)| b)];
    // A lone digit has no power (`百分之五`), which `numeral::value` refuses elsewhere.
    let whole = match numeral.chars().collect::<Vec<_>>()[..] {
        [c] => numeral::digit(c).or((c == '百').then_some(100))?,
        _ => numeral::value(numeral)?,
    };
    let mut end = from + run;
    let mut value = whole as f64;
    // `点五`: decimals digit by digit.
    if chars.get(end).is_some_and(|&(_, c)| c == '点') {
        let decimals: Vec<u64> = chars[end + 1..]
            .iter()
            .map_while(|&(_, c)| numeral::digit(c))
            .collect();
        if !decimals.is_empty() {
            let mut scale = 1.0;
            for d in &decimals {
                scale /= 10.0;
                value += *d as f64 * scale;
            }
            end += 1 + decimals.len();
        }
    }
    let mut cur = Cursor {
        text,
        chars,
        at: end,
    };
    let approx = approx_suffix(&mut cur);
    let end_byte = cur.byte();
    let raw = Raw {
        value: value / per,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx,
    };
    Some(finish(text, chars, start, end_byte, raw))
}

/// A share in tenths: `九成以上`, `近八成`, `两成` (90 %, 80 %, 20 %). Not `一成`, which is
/// mostly `一成不变`, and not the start of a word (`三成员`, `七成熟`).
pub(super) fn tenths_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    if run != 1 || chars.get(start + 1).map(|&(_, c)| c) != Some('成') {
        return None;
    }
    // `一成` is a tenth only with a word of rough size after it (`一成左右`) or before it
    // (`不足一成`).
    let rough_after = ["左右", "以上", "以下", "多"]
        .iter()
        .any(|w| text[chars.get(start + 2).map_or(text.len(), |&(b, _)| b)..].starts_with(w));
    let rough_before = ["不足", "不到", "近", "超过", "逾", "约"]
        .iter()
        .any(|w| text[..chars[start].0].ends_with(w));
    let tenths = numeral::digit(chars[start].1)
        .filter(|&d| (2..=9).contains(&d) || d == 1 && (rough_after || rough_before))?;
    let next = chars.get(start + 2).map(|&(_, c)| c);
    if next.is_some_and(|c| "员熟本果效立为功绩交就长型品都份分年套".contains(c))
    {
        return None;
    }
    // `九成五`: and five hundredths.
    let hundredths = chars
        .get(start + 2)
        .and_then(|&(_, c)| numeral::digit(c))
        .filter(|_| {
            chars
                .get(start + 3)
                .is_none_or(|&(_, c)| !numeral::is_numeral(c) && c != '成')
        });
    let mut cur = Cursor {
        text,
        chars,
        at: start + 2 + usize::from(hundredths.is_some()),
    };
    let approx = approx_suffix(&mut cur);
    let raw = Raw {
        value: (tenths * 10 + hundredths.unwrap_or(0)) as f64,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}

/// Quantities a lone digit may measure: `提高两个百分点`, `压缩至三个工作日`, `增长两倍`.
const LONE_QUANTITIES: &[&str] = &["个百分点", "百分点", "个工作日", "工作日", "倍"];

/// Units in which `一` is a count (`开展督察一次。`); in others it is a word (`一个`, `一家`).
const ONCE_UNITS: &[&str] = &["次", "场", "轮", "期", "批", "件", "起", "宗", "例", "倍"];

/// A count in one written-out digit, after what it counts and closing its clause:
/// `律师事务所三家，`, `听取汇报两次。`, `出台制度十项；`, `开展督察一次。`. A lone digit is a
/// word as often as a count (`三项制度`, `两个维护`, `最多跑一次`), so it must end its clause,
/// `一` counts only in [`ONCE_UNITS`], and no digit counts after a word that picks, orders or
/// makes a frequency (`这三家`, `前三名`, `每年两次`, `以下两项`).
pub(super) fn lone_count_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    if run != 1 || start == 0 {
        return None;
    }
    let value = match chars[start].1 {
        '十' | '拾' => 10,
        c => numeral::digit(c).filter(|d| (1..=9).contains(d))?,
    };
    let before = chars[start - 1].1;
    let picks = "第这那该此其各每前后首头末上下年月周日天";
    // (`“马背调解队”八支`: a quoted name is a noun before its count.)
    if !(is_han(before) || before == '”') || picks.contains(before) {
        return None;
    }
    let near = &text[chars[start.saturating_sub(3)].0..chars[start].0];
    // (`六届二次、三次全会`: a session of a congress, numbered.)
    if near.contains('每') || near.contains('届') {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: start + 1,
    };
    let (unit, kind, _) = written_unit(&text[cur.byte()..])?;
    // `三元`, `两米` are too rare as counts to be worth a word's risk.
    let counts = kind == FigureKind::Count || LONE_QUANTITIES.contains(&unit);
    if !counts || value == 1 && !ONCE_UNITS.contains(&unit) || before == '跑' {
        return None;
    }
    cur.at += unit.chars().count();
    let approx = approx_suffix(&mut cur);
    if !closes_clause(chars, cur.at) {
        return None;
    }
    // `三至五名`: a range, valued at its upper end as ranges of digits are.
    let low = start.checked_sub(2).filter(|&k| {
        "至到-—~～".contains(chars[k + 1].1)
            && numeral::digit(chars[k].1).is_some_and(|d| (1..value).contains(&d))
            && (k == 0 || !numeral::is_numeral(chars[k - 1].1))
    });
    let raw = Raw {
        value: value as f64,
        unit: unit.to_string(),
        kind,
        approx: approx || low.is_some(),
    };
    Some(finish(text, chars, low.unwrap_or(start), cur.byte(), raw))
}

/// A share written as a fraction, `三分之二`, `四分之一`, `万分之三`, as a percentage (66.7 %,
/// 25 %, 0.03 %) on the one scale of every share. `百分之` and `千分之` are read by
/// [`written_percent_at`], with their decimals.
pub(super) fn fraction_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    let of = start + run;
    if text.get(chars.get(of)?.0..)?.starts_with("分之").not() {
        return None;
    }
    let whole = small_value(&text[chars[start].0..chars[of].0])?;
    let from = of + 2;
    let part_run = chars[from.min(chars.len())..]
        .iter()
        .take_while(|&&(_, c)| numeral::is_numeral(c))
        .count();
    let end = from + part_run;
    let part =
        small_value(&text[chars.get(from)?.0..chars.get(end).map_or(text.len(), |&(b, _)| b)])?;
    if part == 0 || part > whole {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: end,
    };
    let approx = approx_suffix(&mut cur);
    let raw = Raw {
        value: part as f64 / whole as f64 * 100.0,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}

/// A numeral that may be a lone digit or power (`三`, `十`, `万`) as well as a whole one.
fn small_value(numeral: &str) -> Option<u64> {
    match numeral.chars().collect::<Vec<_>>()[..] {
        [c] => numeral::digit(c).or(match c {
            '十' | '拾' => Some(10),
            '百' => Some(100),
            '千' => Some(1_000),
            '万' => Some(10_000),
            _ => None,
        }),
        _ => numeral::value(numeral),
    }
}

/// Doubling said in `番`: `翻了一番` is twice, `翻两番` four times the value compared with, a
/// multiple like `是上年的2倍`. Not `三番五次` or `一番努力`, where no `翻` comes before.
pub(super) fn doubling_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    let times = match (run, chars[start].1) {
        (1, '一') => 1,
        (1, '两' | '二') => 2,
        (1, '三') => 3,
        _ => return None,
    };
    if chars.get(start + 1)?.1 != '番' {
        return None;
    }
    let verb = match (
        start.checked_sub(2).map(|i| chars[i].1),
        chars[start.checked_sub(1)?].1,
    ) {
        (Some('翻'), '了') => start - 2,
        (_, '翻') => start - 1,
        _ => return None,
    };
    let mut cur = Cursor {
        text,
        chars,
        at: start + 2,
    };
    let approx = approx_suffix(&mut cur);
    let raw = Raw {
        value: f64::from(1u32 << times),
        unit: "倍".into(),
        kind: FigureKind::Quantity,
        approx,
    };
    Some(finish(text, chars, verb, cur.byte(), raw))
}

/// Half, `一半`, as a share of 50 %: `占比超过一半`, `占一半左右`. Not `一半时间` (a half of
/// something named after it) or `一年半`.
pub(super) fn half_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    if run != 1 || chars[start].1 != '一' || chars.get(start + 1)?.1 != '半' {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: start + 2,
    };
    let approx = approx_suffix(&mut cur);
    if !closes_clause(chars, cur.at) && !text[cur.byte()..].starts_with('的') {
        return None;
    }
    let raw = Raw {
        value: 50.0,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}
