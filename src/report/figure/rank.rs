//! Rankings: `位列全市第2名`, `排名全省第三位`. A place in a ranking is what a reviewer
//! compares across districts and years, though any other `第` number (`第三批`, `第一责任人`)
//! orders or names things and is no figure.

use super::{finish, numeral, Cursor, Figure, FigureKind, Raw};

/// The unit of a place in a ranking.
pub const RANK_UNIT: &str = "名次";

/// Verbs that put a place in a ranking before `第`, longest first.
pub const RANK_VERBS: &[&str] = &["位列", "位居", "名列", "排名", "排在", "排位", "居"];

/// Most characters between the verb and `第`: a scope such as `全市`, `全省县区`, `同类地区`.
const SCOPE_MAX: usize = 5;

/// The place at `start` (a digit or a numeral right after `第`) when a ranking verb, maybe with
/// its scope (`全市`), stands before the `第`: `第2名`, `第三位`, `第1`.
pub(super) fn rank_at(text: &str, chars: &[(usize, char)], start: usize) -> Option<Figure> {
    let at = start.checked_sub(1)?;
    if chars[at].1 != '第' {
        return None;
    }
    let before = &text[..chars[at].0];
    let ranked = RANK_VERBS.iter().any(|verb| {
        before.rmatch_indices(verb).next().is_some_and(|(k, _)| {
            let scope = &before[k + verb.len()..];
            scope.is_empty()
                || scope.chars().count() <= SCOPE_MAX
                    && (scope.starts_with('全') || scope.starts_with("同类"))
                    && scope.chars().all(|c| c.is_alphabetic())
        })
    });
    if !ranked {
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
    // `第一批` orders batches: a place ends the phrase.
    if cur.peek().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let raw = Raw {
        value,
        unit: RANK_UNIT.into(),
        kind: FigureKind::Quantity,
        approx: false,
    };
    Some(finish(text, chars, at, cur.byte(), raw))
}
