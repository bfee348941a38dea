//! Labels of places in a ranking: what was ranked (`法治政府建设考评排名`), or, when the
//! ranking's own words name only where it ranked (`在全州排名第二位`), the subject before it.

use super::{fit_subject, phrase_before, words, Word, COMPARED, LABEL_MAX};
use crate::report::figure::{Figure, FigureKind, RANK_VERBS};

/// `考评中位列全市第2名`: a place in a ranking is named by what was ranked (`考评排名`), the
/// words before the ranking verb, or `排名` alone.
pub(super) fn ranked(
    text: &str,
    fig: &Figure,
    before: &[Word],
    carried: &Option<String>,
) -> String {
    let start = before.first().map_or(fig.range.start, |w| w.range.start);
    let verb_at = RANK_VERBS
        .iter()
        .filter_map(|v| text[start..fig.range.start].rfind(v))
        .max()
        .map_or(fig.range.start, |k| start + k);
    let mut ws: Vec<Word> = before
        .iter()
        .take_while(|w| w.range.end <= verb_at)
        .cloned()
        .collect();
    // `考评中`, `考核里`, `县市中的`: where the ranking was made.
    while ws
        .last()
        .is_some_and(|w| matches!(w.text, "中" | "里" | "上" | "的"))
    {
        ws.pop();
    }
    let what = phrase_before(text, &ws);
    // `满意度达98.56%，在全州排名第二位`: where it ranked (`全州`, `全市18个县（区）`) says
    // nothing of what ranked: that is the subject before `在` or the verb in its own clause
    // (`法治建设考核在全市9个区县中排第4位`), else the subject before it, else the ranking
    // the sentence names (`在兵团法治建设考核中获评优秀，位列14个师中的第2名`).
    if !is_scope(&what) {
        return ranking_of(&what);
    }
    if let Some(own) = before_scope(text, fig.range.start).filter(|o| !o.is_empty()) {
        return ranking_of(&own);
    }
    if let Some(label) = carried
        .as_deref()
        .filter(|c| !is_scope(c))
        .and_then(|c| fit_subject(c.strip_suffix("排名").unwrap_or(c), "排名"))
    {
        return label;
    }
    ranking_of(&made_in(text, fig.range.start).unwrap_or(what))
}

/// Verbs of a ranking moving by some places: `较上年上升3位`, `前移2个位次`.
const MOVES: &[&str] = &[
    "上升", "提升", "前移", "前进", "跃升", "提高", "下降", "后移", "后退", "下滑", "回落",
];

/// `排名第4位，较上一年度上升3位`: places a ranking the sentence names moved by, labelled by
/// that ranking (the place's label, `carried`, or the ranking the sentence was made in) and
/// the move, rather than counted as three of something.
pub(super) fn moved_by(
    text: &str,
    fig: &Figure,
    before: &[Word],
    after: &[Word],
    carried: &Option<String>,
) -> Option<String> {
    let places = matches!(fig.unit.as_str(), "位" | "名" | "位次" | "名次")
        || fig.unit == "个"
            && after
                .first()
                .is_some_and(|w| matches!(w.text, "位次" | "名次"));
    let (verb, rest) = before.split_last()?;
    if fig.kind != FigureKind::Count || !places || !MOVES.contains(&verb.text) {
        return None;
    }
    let sentence = text[..fig.range.start]
        .rfind(['。', '；', '！', '？'])
        .map_or(0, |k| k + '。'.len_utf8());
    let head = &text[sentence..verb.range.start];
    if !(RANK_VERBS.iter().any(|v| head.contains(v)) && head.contains('第')) {
        return None;
    }
    let ranking = carried
        .clone()
        .filter(|c| c.ends_with("排名"))
        .unwrap_or_else(|| ranking_in(text, fig.range.start));
    let compared = rest
        .iter()
        .rposition(|w| COMPARED.contains(&w.text))
        .map_or("", |c| &text[rest[c].range.start..verb.range.start]);
    // The ranking's name is kept whole before the year it is compared with.
    let change = match ranking.chars().count() + compared.chars().count() + 2 <= LABEL_MAX {
        true => format!("{compared}{}", verb.text),
        false => verb.text.to_string(),
    };
    fit_subject(&ranking, &change).or_else(|| Some(format!("排名{change}")))
}

/// Whether `what` names only where a place was held: `全州`, `全市18个县（区）`, `区县`.
fn is_scope(what: &str) -> bool {
    what.is_empty()
        || what.starts_with('全') && what.chars().count() <= 4
        || what.chars().any(|c| c.is_ascii_digit())
        || GROUPS.iter().any(|g| what.ends_with(g))
}

/// `在全盟法治政府建设年度考评中，我旗由第五名上升为第二名`: a move in a ranking is named by the
/// ranking it was made in (`在…中`), else by what its clause names before `在`, else `排名`.
pub(super) fn ranking_in(text: &str, at: usize) -> String {
    let what = made_in(text, at)
        .or_else(|| before_scope(text, at))
        .unwrap_or_default();
    ranking_of(&what)
}

/// The last ranking the sentence before `at` says it was made in (`在…考评中`), leaving out
/// groups ranked among (`在全市12个县（市、区）中`) and the year it was made in.
fn made_in(text: &str, at: usize) -> Option<String> {
    let sentence = text[..at]
        .rfind(['。', '；', '！', '？'])
        .map_or(0, |k| k + '。'.len_utf8());
    let head = &text[sentence..at];
    head.rmatch_indices('中').find_map(|(end, _)| {
        let start = head[..end].rfind('在')? + '在'.len_utf8();
        let made = &head[start..end];
        // `兵团2023年度法治建设考核`: what follows the year.
        let made = made
            .rfind('年')
            .filter(|&y| made[..y].ends_with(|c: char| c.is_ascii_digit()))
            .map_or(made, |y| {
                made[y..].trim_start_matches('年').trim_start_matches('度')
            });
        let from = sentence + end - made.len();
        let what = phrase_before(text, &words(text, from..sentence + end));
        (!is_scope(&what) && !what.contains('，')).then_some(what)
    })
}

/// Groups ranked among, which say where a place was held, not what was ranked.
const GROUPS: &[&str] = &[
    "县（区）",
    "县（市）",
    "（市、区）",
    "区县",
    "县区",
    "县市区",
    "县市",
    "乡镇",
    "旗县",
    "城市",
    "地区",
    "单位",
    "部门",
    "师",
];

/// What stands before `在` or the ranking verb in the clause ending at `at`
/// (`全县法治政府建设考评` of `全县法治政府建设考评在全州排名…`), if anything does.
fn before_scope(text: &str, at: usize) -> Option<String> {
    let clause = text[..at]
        .rfind(['，', '。', '；'])
        .map_or(0, |k| k + '，'.len_utf8());
    let head = &text[clause..at];
    // (Not `居` or `排` alone, which begin or end other words: `居民`, `安排`.)
    let k = RANK_VERBS
        .iter()
        .filter(|v| v.chars().count() > 1)
        .chain(&["在"])
        .filter_map(|v| head.find(v))
        .min()
        .filter(|&k| k > 0)?;
    Some(phrase_before(text, &words(text, clause..clause + k)))
}

/// The ranking of `what` (`考评排名`), or `排名` alone when that would be too long.
fn ranking_of(what: &str) -> String {
    let label = format!("{}排名", what.strip_suffix("排名").unwrap_or(what));
    match label.chars().count() <= LABEL_MAX {
        true => label,
        false => "排名".to_string(),
    }
}
