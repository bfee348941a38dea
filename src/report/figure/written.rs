//! Numbers written out in Chinese numerals rather than digits: counts and sums of money
//! (`三百二十六件`, `贰佰壹拾叁万元`), percentages (`百分之九十五点五`) and shares in tenths
//! (`九成以上`).

use super::units::WRITTEN_OUT_UNITS;
use super::{approx_suffix, finish, numeral, Cursor, Figure, FigureKind, Raw};

/// A count (or sum of money) written out in numerals: at least one digit and one power
/// (`三百二十六`, `贰佰壹拾叁万`, not `三` or `万人`), not an ordinal (`第二十三次`),
/// followed by a unit of [`WRITTEN_OUT_UNITS`].
pub(super) fn written_out_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    run: usize,
) -> Option<Figure> {
    if start > 0 && chars[start - 1].1 == '第' {
        return None;
    }
    let end = start + run;
    let numeral = &text[chars[start].0..chars.get(end).map_or(text.len(), |&(b, _)| b)];
    if !numeral
        .chars()
        .any(|c| numeral::digit(c).is_some_and(|d| d > 0))
    {
        return None;
    }
    let value = numeral::value(numeral)? as f64;
    let mut cur = Cursor {
        text,
        chars,
        at: end,
    };
    let mut approx = cur.eat("余") || cur.eat("多");
    let rest = &text[cur.byte()..];
    let unit = WRITTEN_OUT_UNITS.iter().find(|u| rest.starts_with(**u))?;
    cur.at += unit.chars().count();
    approx |= approx_suffix(&mut cur);
    let raw = Raw {
        value,
        unit: unit.to_string(),
        kind: match *unit {
            "元" => FigureKind::Money,
            _ => FigureKind::Count,
        },
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}

/// A percentage written out: `百分之百`, `百分之九十五`, `百分之九十八点五`.
pub(super) fn written_percent_at(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
) -> Option<Figure> {
    const PERCENT: &str = "百分之";
    if !text[chars[start].0..].starts_with(PERCENT) {
        return None;
    }
    let from = start + PERCENT.chars().count();
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
    let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
    let raw = Raw {
        value,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx: false,
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
    let tenths = match run {
        1 => numeral::digit(chars[start].1).filter(|d| (2..=9).contains(d))?,
        _ => return None,
    };
    if chars.get(start + 1).map(|&(_, c)| c) != Some('成') {
        return None;
    }
    let next = chars.get(start + 2).map(|&(_, c)| c);
    if next.is_some_and(|c| "员熟本果效立为功绩交就长型品都份分年套".contains(c))
    {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: start + 2,
    };
    let approx = approx_suffix(&mut cur);
    let raw = Raw {
        value: tenths as f64 * 10.0,
        unit: "%".into(),
        kind: FigureKind::Percent,
        approx,
    };
    Some(finish(text, chars, start, cur.byte(), raw))
}
