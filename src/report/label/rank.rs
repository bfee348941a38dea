//! Labels of places in a ranking: what was ranked (`法治政府建设考评排名`), or, when the
//! ranking's own words name only where it ranked (`在全州排名第二位`), the subject before it.

use super::{fit_subject, phrase_before, words, Word, LABEL_MAX};
use crate::report::figure::{Figure, RANK_VERBS};

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
    // `考评中`, `考核里`: where the ranking was made.
    while ws
        .last()
        .is_some_and(|w| matches!(w.text, "中" | "里" | "上"))
    {
        ws.pop();
    }
    let what = phrase_before(text, &ws);
    // `满意度达98.56%，在全州排名第二位`: where it ranked (`全州`, `全市18个县（区）`) says
    // nothing of what ranked, which is the subject before it.
    let scope = what.is_empty()
        || what.starts_with('全') && what.chars().count() <= 4
        || what.chars().any(|c| c.is_ascii_digit())
        || ["县（区）", "区县", "县区", "县市区", "乡镇", "旗县"]
            .iter()
            .any(|g| what.ends_with(g));
    if let Some(label) = carried
        .as_deref()
        .filter(|_| scope)
        .and_then(|c| fit_subject(c.strip_suffix("排名").unwrap_or(c), "排名"))
    {
        return label;
    }
    ranking_of(&what)
}

/// `在全盟法治政府建设年度考评中，我旗由第五名上升为第二名`: a move in a ranking is named by the
/// ranking it was made in (`在…中`), else by what its clause names before `在`, else `排名`.
pub(super) fn ranking_in(text: &str, at: usize) -> String {
    let sentence = text[..at]
        .rfind(['。', '；', '！', '？'])
        .map_or(0, |k| k + '。'.len_utf8());
    let made_in = text[sentence..at].rfind("中，").and_then(|end| {
        let start = text[sentence..sentence + end].rfind('在')? + '在'.len_utf8();
        let ws = words(text, sentence + start..sentence + end);
        Some(phrase_before(text, &ws))
    });
    // `全县法治政府建设考评在全州排名由第九位…`: else what stands before `在` in its clause.
    let before_scope = || {
        let clause = text[..at]
            .rfind(['，', '。', '；'])
            .map_or(0, |k| k + '，'.len_utf8());
        let k = text[clause..at].find('在').filter(|&k| k > 0)?;
        Some(phrase_before(text, &words(text, clause..clause + k)))
    };
    let what = made_in.or_else(before_scope).unwrap_or_default();
    ranking_of(&what)
}

/// The ranking of `what` (`考评排名`), or `排名` alone when that would be too long.
fn ranking_of(what: &str) -> String {
    let label = format!("{}排名", what.strip_suffix("排名").unwrap_or(what));
    match label.chars().count() <= LABEL_MAX {
        true => label,
        false => "排名".to_string(),
    }
}
