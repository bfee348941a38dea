//! Rankings: `位列全市第2名`, `排名全省第三位`. A place in a ranking is what a reviewer
//! compares across districts and years, though any other `第` number (`第三批`, `第一责任人`)
//! orders or names things and is no figure.

use super::{finish, numeral, Cursor, Figure, FigureKind, Raw};

/// The unit of a place in a ranking.
pub const RANK_UNIT: &str = "名次";

/// Verbs that put a place in a ranking before `第`, longest first; a move from one place to
/// another puts it there too (`上升为第二名`).
pub const RANK_VERBS: &[&str] = &[
    "上升为",
    "上升到",
    "上升至",
    "提升为",
    "提升到",
    "提升至",
    "前进到",
    "前移至",
    "跃升至",
    "跃居",
    "下降为",
    "下降到",
    "下降至",
    "位列",
    "位居",
    "稳居",
    "跻身",
    "进入",
    "名列",
    "排名",
    "排在",
    "排位",
    "升至",
    "降至",
    "居",
    "排",
];

/// Most characters between the verb and `第`: a scope such as `全市`, `全省县区`, `同类地区`.
const SCOPE_MAX: usize = 5;

/// Words a scope of a ranking ends with when it names its group: `中心城区`, `主城区`.
const GROUP_ENDS: &[&str] = &["城区", "区县", "县区", "县市", "市县", "县（市、区）"];

/// Most characters of a group ranked among before `中`: `全省100个县（市、区）`.
const GROUP_MAX: usize = 14;

/// The place at `start` (a digit or a numeral right after `第`) when a ranking verb, maybe with
/// its scope (`全市`), stands before the `第`: `第2名`, `第三位`, `第1`.
pub(super) fn rank_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    let at = start.checked_sub(1)?;
    // `位列全市前三`: among the first places, at most the third (an approximate place).
    let among_first = chars[at].1 == '前';
    if chars[at].1 != '第' && !among_first {
        return None;
    }
    if !ranked_before(&text[..chars[at].0], 0) && (among_first || !moved_from(text, chars, at)) {
        return None;
    }
    let mut cur = Cursor {
        text,
        chars,
        at: start,
    };
    let value = match cur.number() {
        Some((v, _)) if v.fract() == 0.0 => v,
        Some(_) => return None,
        None => {
            let run = chars[start..]
                .iter()
                .take_while(|&&(_, c)| numeral::is_numeral(c))
                .count();
            let written: String = chars[start..start + run].iter().map(|&(_, c)| c).collect();
            cur.at = start + run;
            // A lone digit is a place here (`第三位`), though `numeral::value` takes none.
            let lone = (run == 1).then(|| numeral::digit(chars[start].1)).flatten();
            numeral::value(&written).or(lone)? as f64
        }
    };
    if value < 1.0 {
        return None;
    }
    let _ = cur.eat("名") || cur.eat("位");
    // `第一批` orders batches: a place ends the phrase, or a move goes on from it.
    let moves_on = [
        "上升", "提升", "下降", "跃升", "前进", "前移", "升至", "降至", "跃居",
    ]
    .iter()
    .any(|v| text[cur.byte()..].starts_with(v));
    if cur.peek().is_some_and(char::is_alphanumeric) && !moves_on {
        return None;
    }
    let raw = Raw {
        value,
        unit: RANK_UNIT.into(),
        kind: FigureKind::Quantity,
        approx: among_first,
    };
    Some(finish(text, chars, at, cur.byte(), raw))
}

/// Whether the text before a `第` puts what follows in a ranking: a ranking verb, maybe with
/// its scope (`排名全省`), or another place in a ranking before it (`位列全省第三、全市`).
fn ranked_before(before: &str, depth: u8) -> bool {
    let scoped = |scope: &str| {
        // `全州8个县市中的`, `14个师中的`: the group it was ranked among.
        let among = scope
            .trim_end_matches('的')
            .strip_suffix('中')
            .is_some_and(|group| {
                group.chars().count() <= GROUP_MAX
                    && group
                        .chars()
                        .all(|c| c.is_alphanumeric() || "（）()、".contains(c))
            });
        // `全市县（市、区）`: a scope naming its group.
        let group = scope.chars().count() <= GROUP_MAX
            && scope.ends_with(['）', ')'])
            && scope
                .chars()
                .all(|c| c.is_alphabetic() || "（）()、".contains(c));
        // `常州市`, `常州市各辖市（区）`: a named place stands for `全市`.
        let named = scope
            .char_indices()
            .take(4)
            .find(|&(k, c)| k > 0 && matches!(c, '市' | '省' | '州' | '盟'))
            .map(|(k, c)| &scope[k + c.len_utf8()..]);
        let rest_of = |rest: &str| {
            rest.is_empty()
                || rest.chars().count() <= SCOPE_MAX && rest.chars().all(|c| c.is_alphabetic())
                || group
        };
        // `中心城区`, `主城区`, `同类区县`: a short scope naming the group it is among.
        let kind = scope.chars().count() <= SCOPE_MAX + 1
            && scope.chars().all(char::is_alphabetic)
            && GROUP_ENDS.iter().any(|g| scope.ends_with(g));
        scope.is_empty()
            || among
            || kind
            || (scope.starts_with('全') || scope.starts_with("同类")) && rest_of(scope)
            || named.is_some_and(|rest| {
                scope
                    .chars()
                    .all(|c| c.is_alphabetic() || "（）()、".contains(c))
                    && rest_of(rest)
            })
    };
    // The verb stands within a scope's length of the `第`: only that end of the text is read.
    let near = &before[crate::report::text::floor_char(before, before.len().saturating_sub(60))..];
    let after_verb = RANK_VERBS.iter().any(|verb| {
        near.rmatch_indices(verb).next().is_some_and(|(k, _)| {
            // `安排第2名讲解员`: `排` alone ranks only where it is no part of another verb.
            let part_of_verb =
                *verb == "排" && near[..k].ends_with(['安', '编', '彩', '并', '联', '竖', '横']);
            !part_of_verb && scoped(&near[k + verb.len()..])
        })
    });
    if after_verb || depth > 2 {
        return after_verb;
    }
    // `、全市` after `位列全省第三`: strip the scope, the pause, then the earlier place.
    let Some(head) = before
        .rfind(['、', '，'])
        .filter(|&k| scoped(&before[k + '、'.len_utf8()..]))
        .map(|k| &before[..k])
    else {
        return false;
    };
    let head = head.trim_end_matches(['名', '位']);
    let place = head.trim_end_matches(|c: char| c.is_ascii_digit() || numeral::is_numeral(c));
    place.len() < head.len()
        && place
            .strip_suffix('第')
            .is_some_and(|rest| ranked_before(rest, depth + 1))
}

/// `由上年的第五名上升为第二名`, `由2021年度的第七位`: a place named with `名` or `位` after
/// `由`/`从` (and the time it was held) is the place a ranking moved from.
fn moved_from(text: &str, chars: &[(usize, char)], at: usize) -> bool {
    let before = text[..chars[at].0].trim_end_matches('的');
    let before = super::OTHER_TIMES
        .iter()
        .find_map(|t| before.strip_suffix(t))
        .or_else(|| year_end(before))
        .unwrap_or(before);
    let digits_end = chars[at + 1..]
        .iter()
        .position(|&(_, c)| !(c.is_ascii_digit() || numeral::is_numeral(c)))
        .map_or(chars.len(), |n| at + 1 + n);
    (before.ends_with('由') || before.ends_with('从'))
        && chars
            .get(digits_end)
            .is_some_and(|&(_, c)| c == '名' || c == '位')
}

/// `before` without the year it ends with (`2021年度`, `２０２１年`), if it ends with one.
fn year_end(before: &str) -> Option<&str> {
    let head = before
        .strip_suffix("年度")
        .or_else(|| before.strip_suffix('年'))?;
    let digits = head
        .chars()
        .rev()
        .take_while(|&c| crate::report::text::digit(c).is_some() || numeral::digit(c).is_some())
        .count();
    (digits == 4).then(|| {
        let cut = head.char_indices().rev().nth(3).map_or(0, |(b, _)| b);
        &head[..cut]
    })
}

/// `位列全市各区县首位`: first place, said without a number.
pub(super) fn first_place_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    let at = chars[start].0;
    if !text[at..].starts_with("首位") || !ranked_before(&text[..at], 0) {
        return None;
    }
    let raw = Raw {
        value: 1.0,
        unit: RANK_UNIT.into(),
        kind: FigureKind::Quantity,
        approx: false,
    };
    Some(finish(text, chars, start, at + "首位".len(), raw))
}
