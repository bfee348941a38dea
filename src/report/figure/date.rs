//! Dates written with digits: a year (`2023年`, `2021—2025年`), a month (`5月份`) or a day
//! (`2024年2月1日`), read after their number so they are never counted as figures.

use super::{Cursor, FigureKind, Raw};

/// Dates: `2023年`, `2023 年度`, `2024年2月1日`, `2021—2025年`, `5月份`, `9月30日`.
pub(super) fn date_after(cur: &mut Cursor, value: f64, int_digits: usize) -> Option<Raw> {
    let save = cur.at;
    let is_year = int_digits == 4 && (1900.0..2100.0).contains(&value) && value.fract() == 0.0;
    if is_year {
        // A year range: `2021—2025年`, `2021-2025 年`.
        if matches!(cur.peek(), Some('—' | '–' | '-' | '－' | '~' | '～' | '至')) {
            let before = cur.at;
            cur.at += 1;
            if let Some((_, 4)) = cur.number() {
                cur.eat_spaces();
                if cur.eat("年") {
                    return Some(date_raw(value));
                }
            }
            cur.at = before;
        }
        cur.eat_spaces();
        if cur.eat("年") {
            let after_year = cur.at;
            cur.eat_spaces();
            if cur.number().is_some() {
                cur.eat_spaces();
                if cur.eat("月") {
                    let after_month = cur.at;
                    cur.eat_spaces();
                    if cur.number().is_some() {
                        cur.eat_spaces();
                        if !(cur.eat("日") || cur.eat("号")) {
                            cur.at = after_month;
                        }
                    } else {
                        cur.at = after_month;
                    }
                    cur.eat("份");
                    return Some(date_raw(value));
                }
            }
            cur.at = after_year;
            cur.eat("度");
            return Some(date_raw(value));
        }
        cur.at = save;
        return None;
    }
    if int_digits <= 2 && value.fract() == 0.0 {
        cur.eat_spaces();
        if cur.eat("月") && (1.0..=12.0).contains(&value) {
            let after_month = cur.at;
            if cur.eat("份") {
                return Some(date_raw(value));
            }
            cur.eat_spaces();
            if cur.number().is_some() {
                cur.eat_spaces();
                if cur.eat("日") || cur.eat("号") {
                    return Some(date_raw(value));
                }
            }
            cur.at = after_month;
            // `3个月` is a duration, handled by units; `3月` alone is a month.
            return Some(date_raw(value));
        }
        // A day without its month is a date only in `每月15日`; `压缩至10日` is a duration.
        let after_month = cur.chars[..cur.at - int_digits]
            .last()
            .is_some_and(|&(_, c)| c == '月');
        if after_month && cur.eat("日") && (1.0..=31.0).contains(&value) {
            return Some(date_raw(value));
        }
    }
    cur.at = save;
    None
}

fn date_raw(value: f64) -> Raw {
    Raw {
        value,
        unit: String::new(),
        kind: FigureKind::Date,
        approx: false,
    }
}
