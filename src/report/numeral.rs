//! Numbers written out in Chinese numerals: `三百二十六`, `一千零五`, `两万`, `十二`.
//!
//! Only the written-out form with powers (十 百 千 万 亿) is read here. Digit-by-digit
//! numerals (`二〇二四`) are years, read by the metadata of the report.

/// The value of a numeral digit: `〇`/`零` to `九`, `两`, and the forms written on money
/// (`壹` to `玖`).
pub fn digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Powers inside a group of four digits (`拾佰仟` on money).
fn small_power(c: char) -> Option<u64> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1_000),
        _ => None,
    }
}

/// Is `c` part of a written-out numeral?
pub fn is_numeral(c: char) -> bool {
    digit(c).is_some() || small_power(c).is_some() || matches!(c, '万' | '亿')
}

/// The value of a written-out numeral, or `None` when `s` is not one: empty, digits side by
/// side (`二四`), powers out of order (`十百`), or no power at all (`三`, a lone digit
/// is a word as often as a number: `三是`, `一批`).
pub fn value(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    // The group below the next 万/亿, and the digit waiting for its power.
    let mut group: u64 = 0;
    let mut pending: Option<u64> = None;
    // Powers inside a group must fall: 千 then 百 then 十.
    let mut last_small = u64::MAX;
    // One 万 group below each 亿: `一亿二千万`.
    let mut wan = false;
    let mut powers = 0;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some_and(|p| p != 0) && d != 0 {
                return None;
            }
            pending = Some(d);
        } else if let Some(p) = small_power(c) {
            if p >= last_small {
                return None;
            }
            // `十二`: a leading 十 is one ten.
            let d = pending
                .take()
                .unwrap_or(u64::from(group == 0 && total == 0));
            if d == 0 {
                return None;
            }
            group += d * p;
            last_small = p;
            powers += 1;
        } else if matches!(c, '万' | '亿') {
            let g = group + pending.take().unwrap_or(0);
            if g == 0 && total == 0 {
                return None;
            }
            if c == '万' {
                if wan {
                    return None;
                }
                total = total.checked_add(g.checked_mul(10_000)?)?;
            } else {
                total = total.checked_add(g)?.checked_mul(100_000_000)?;
            }
            wan = c == '万';
            group = 0;
            last_small = u64::MAX;
            powers += 1;
        } else {
            return None;
        }
    }
    if powers == 0 {
        return None;
    }
    Some(total + group + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn written_out_numerals_read_as_their_values() {
        for (s, v) in [
            ("三百二十六", 326),
            ("十二", 12),
            ("二十", 20),
            ("一百零五", 105),
            ("一千零五十", 1_050),
            ("两万", 20_000),
            ("三万五千", 35_000),
            ("十万", 100_000),
            ("一亿二千万", 120_000_000),
            ("一万亿", 1_000_000_000_000),
            ("九千九百九十九", 9_999),
            ("百", 100),
        ] {
            assert_eq!(value(s), Some(v), "{s}");
        }
    }

    #[test]
    fn words_and_digit_by_digit_years_are_not_numerals() {
        for s in [
            "",
            "三",
            "二四",
            "二〇二四",
            "十百",
            "百千",
            "万亿",
            "三是",
            "零十",
            "万万",
        ] {
            assert_eq!(value(s), None, "{s}");
        }
    }
}
