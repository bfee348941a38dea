//! Figures of two numbers: a range (`5至8个工作日`, one figure at its upper end) and a ratio
//! (`1:1200`, the second term per one of the first).

use super::units::{self, UNITS};
use super::{approx_suffix, multiplier, Cursor, FigureKind, Raw};

/// Words a few characters before `1:1200` that make it a ratio rather than a time of day.
const RATIO_WORDS: &[&str] = &["之比", "比例", "配比", "比为", "比达", "比值"];

/// A ratio, `人民调解员与常住人口之比达1:1200`: unit `:` and the second term per one of the
/// first as its value (1200), so ratios of two reports compare.
pub(super) fn ratio_after(cur: &mut Cursor, first: f64, start: usize) -> Option<Raw> {
    let before = &cur.text[cur.chars[start.saturating_sub(8)].0..cur.chars[start].0];
    if first == 0.0 || !RATIO_WORDS.iter().any(|w| before.contains(w)) {
        return None;
    }
    let save = cur.at;
    if !(cur.eat(":") || cur.eat("：") || cur.eat("∶")) {
        return None;
    }
    match cur.number() {
        Some((second, _)) => Some(Raw {
            value: second / first,
            unit: ":".into(),
            kind: FigureKind::Quantity,
            approx: false,
        }),
        None => {
            cur.at = save;
            None
        }
    }
}

/// Words that join the two ends of a range: `5至8个工作日`, `2-3倍`.
const RANGE_JOINS: &[&str] = &["至", "到", "-", "－", "—", "～", "~"];

/// The upper end of a range of shares after its lower end and `%` (`10%至15%`), the cursor
/// moved past it; `None`, the cursor left, when no larger share follows.
pub(super) fn percent_upper(cur: &mut Cursor, low: f64) -> Option<f64> {
    let save = cur.at;
    let high = (|| {
        RANGE_JOINS.iter().find(|j| cur.eat(j))?;
        let (high, _) = cur.number()?;
        (cur.eat("%") || cur.eat("％")).then_some(high)
    })()
    .filter(|&high| high > low);
    if high.is_none() {
        cur.at = save;
    }
    high
}

/// A range, `5至8个工作日`, `提高2-3倍`, `5至8万元`: one figure, approximate, valued at its upper
/// end (the commitment `压缩至5至8个工作日` makes). Only when the second number has a unit
/// of its own and is the larger, so `1-2月` and lists stay as they were.
pub(super) fn range_after(cur: &mut Cursor, first: f64) -> Option<Raw> {
    let save = cur.at;
    let found = (|| {
        let (low_multiplier, _) = multiplier(cur);
        RANGE_JOINS.iter().find(|j| cur.eat(j))?;
        let (second, _) = cur.number()?;
        let (high_multiplier, _) = multiplier(cur);
        let low = first
            * if low_multiplier > 1.0 {
                low_multiplier
            } else {
                high_multiplier
            };
        let high = second * high_multiplier;
        if high <= low {
            return None;
        }
        if cur.eat("%") || cur.eat("％") {
            return Some(("%", FigureKind::Percent, high));
        }
        let rest = &cur.text[cur.byte()..];
        let &(unit, kind) = UNITS
            .iter()
            .find(|(u, _)| rest.starts_with(u) && !units::names_a_thing(u, &rest[u.len()..]))?;
        cur.at += unit.chars().count();
        Some((unit.trim_start_matches('余'), kind, high))
    })();
    match found {
        Some((unit, kind, value)) => {
            approx_suffix(cur);
            Some(Raw {
                value,
                unit: unit.to_string(),
                kind,
                approx: true,
            })
        }
        None => {
            cur.at = save;
            None
        }
    }
}
