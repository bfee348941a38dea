//! Lists: a run of figures labelled in order from a `、` list before them
//! (`受理、办结行政复议案件分别为82件、79件`), a list's members completed with the words they
//! share, and a clause of changes or rates `分别` each of the figures before it.

use super::{
    before_is_list, fit_subject, is_rate, label_words, phrase_before, Word, CHANGE_VERBS, COMPARED,
    LABEL_MAX,
};
use crate::report::figure::{Change, Figure, FigureKind};
use std::ops::Range;

/// `办理行政处罚案件312件，罚没款46.8万元，同比分别下降8.2%和15.7%`: a clause of changes
/// `分别` and nothing else names changes each of the figures `stated` before it, in order.
pub(super) fn changes_each(
    text: &str,
    start: usize,
    stated: &[usize],
    figures: &mut [Figure],
    clause: Range<usize>,
) {
    let Some((own, lead)) = each_of_stated(text, start, stated, figures, clause) else {
        return;
    };
    let lead = compared_as_with(&lead.replace("分别", ""));
    let change = lead.trim_end_matches(['为', '了', '达']);
    if !COMPARED.iter().any(|c| change.starts_with(c))
        || !CHANGE_VERBS.iter().any(|v| change.ends_with(v))
    {
        return;
    }
    let subjects = &stated[stated.len() - own.len()..];
    // `信访总量163批402人次，同比分别下降…`: one subject counted in two units is told apart
    // by the unit.
    let one = subjects
        .iter()
        .all(|&s| figures[s].label == figures[subjects[0]].label);
    for (&k, &s) in own.iter().zip(subjects) {
        let subject = match one {
            true => format!("{}（{}）", figures[s].label, figures[s].unit),
            false => figures[s].label.clone(),
        };
        if let Some(label) = fit_subject(&subject, change) {
            figures[k].label = label;
            figures[k].change = Some(Change::By);
        }
    }
}

/// `办理县人大代表建议74件和县政协提案92件，满意率分别为97.3%、98.9%`: a rate `分别` of
/// the things `stated` before it, each in order (`县人大代表建议满意率`), the act that
/// handled them dropped.
pub(super) fn rates_each(
    text: &str,
    start: usize,
    stated: &[usize],
    figures: &mut [Figure],
    clause: Range<usize>,
) {
    let Some((own, lead)) = each_of_stated(text, start, stated, figures, clause) else {
        return;
    };
    let Some(rate) = (lead.trim_start_matches(['，', ',']).split_once("分别"))
        .map(|(rate, _)| rate)
        .filter(|r| is_rate(r) && r.chars().count() <= 6)
    else {
        return;
    };
    if !own.iter().all(|&k| figures[k].kind == FigureKind::Percent) {
        return;
    }
    let subjects = &stated[stated.len() - own.len()..];
    let things: Vec<String> = subjects
        .iter()
        .map(|&s| {
            let words = label_words(&figures[s].label);
            let acts: usize = (words.iter())
                .take_while(|(w, tag)| {
                    tag.starts_with('v') && *tag != "vn"
                        || ["办理", "承办", "受理", "收到", "处理", "审理"].contains(w)
                })
                .map(|(w, _)| w.len())
                .sum();
            figures[s].label[acts..].to_string()
        })
        .collect();
    // (Things all alike say nothing apart: `办理建议12件、提案8件` needs two names.)
    if things.iter().any(String::is_empty) || things.windows(2).any(|p| p[0] == p[1]) {
        return;
    }
    for (&k, thing) in own.iter().zip(&things) {
        if let Some(label) = fit_subject(thing, rate) {
            figures[k].label = label;
        }
    }
}

/// The figures of a clause that speaks `分别` of each of the figures `stated` before it (two
/// or more, no more than were stated), with the clause's words before the first of them.
fn each_of_stated<'t>(
    text: &'t str,
    start: usize,
    stated: &[usize],
    figures: &[Figure],
    clause: Range<usize>,
) -> Option<(Vec<usize>, &'t str)> {
    let own: Vec<usize> = clause
        .filter(|&k| figures[k].kind != FigureKind::Date)
        .collect();
    let lead = &text[start..figures[*own.first()?].range.start];
    (own.len() >= 2 && own.len() <= stated.len() && lead.contains("分别")).then_some((own, lead))
}

/// `与2022年相比减少` said as `较2022年减少` (also `和上年相比`, `同去年相比`), the shape the
/// other comparisons have.
pub(super) fn compared_as_with(lead: &str) -> String {
    let lead = lead.trim_start_matches(['，', ',']);
    let Some(rest) = lead.strip_prefix(['与', '和', '同', '跟']) else {
        return lead.to_string();
    };
    match rest.split_once("相比") {
        Some((when, change)) if when.chars().count() <= 8 && !when.is_empty() => {
            format!("较{when}{}", change.trim_start_matches(['，', ',']))
        }
        _ => lead.to_string(),
    }
}

/// `受理、办结行政复议案件分别为82件、79件` and `新建、改造5.2万、1.8万平方米`: a run of
/// figures separated only by `、` takes its labels, in order, from a `、` list before it.
pub(super) fn paired_lists(
    text: &str,
    clause_start: usize,
    figs: &mut [Figure],
    gaps: &[Vec<Word>],
    done: &mut [bool],
) {
    let mut j = 0;
    while j < figs.len() {
        let mut k = j + 1;
        while k < figs.len() && figs[k].kind != FigureKind::Date && before_is_list(&gaps[k]) {
            k += 1;
        }
        // (`应急队伍79支1,100余人` counts teams and people: no list of two things.)
        let one_unit = figs[j..k].iter().all(|f| f.unit == figs[j].unit);
        if k - j >= 2 && figs[j].kind != FigureKind::Date && one_unit {
            let before = &gaps[j];
            let cut = before
                .iter()
                .position(|w| w.text.starts_with("分别"))
                .unwrap_or(before.len());
            // `申请数、受理数同比分别增长23.5%和19.8%`: a change of each member.
            let compared = before[..cut]
                .iter()
                .rposition(|w| COMPARED.contains(&w.text))
                .filter(|&c| c > 0);
            let verb = before[cut..]
                .iter()
                .flat_map(|w| CHANGE_VERBS.iter().filter(|v| w.text.ends_with(**v)))
                .next();
            let (items, change) = match (compared, verb) {
                // (`较上年`: the comparison runs up to `分别`.)
                (Some(c), Some(verb)) => (
                    list_items(text, &before[..c]),
                    Some(format!(
                        "{}{verb}",
                        &text[before[c].range.start..before[cut - 1].range.end]
                    )),
                ),
                _ => (list_items(text, &before[..cut]), None),
            };
            // `事故起数、死亡人数实现“双下降”，分别下降18.2%、25%`: the members are listed in
            // the clause before, and each changed by its figure.
            let (items, change) = match (items.is_empty() && j == 0, verb) {
                (true, Some(verb)) if before[..cut].iter().all(|w| !w.is_noun()) => {
                    match members_before(text, clause_start) {
                        Some(members) => (members, Some(verb.to_string())),
                        None => (items, change),
                    }
                }
                _ => (items, change),
            };
            if items.len() == k - j {
                for (n, item) in items.into_iter().enumerate() {
                    let changed = change.as_deref().and_then(|c| fit_subject(&item, c));
                    if changed.is_some() {
                        figs[j + n].change = Some(Change::By);
                    }
                    figs[j + n].label = changed.unwrap_or(item);
                    done[j + n] = true;
                }
            }
        }
        j = k;
    }
}

/// The members of a `、` list that is the subject of the clause before `at` (which starts
/// a clause): `安全生产事故起数、死亡人数实现“双下降”`, up to its predicate.
fn members_before(text: &str, at: usize) -> Option<Vec<String>> {
    let head = text[..at].trim_end();
    let head = head.strip_suffix(['，', ','])?;
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| super::clause_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let ws = super::words(text, start..head.len());
    let first = ws.iter().position(|w| w.text == "、")?;
    // The predicate: the last verb of the clause, or `均`/`都` before it.
    let end = ws
        .iter()
        .rposition(Word::is_verb)
        .filter(|&v| v > first + 1)?;
    let end = match end.checked_sub(1) {
        Some(e) if matches!(ws[e].text, "均" | "都" | "全部") => e,
        _ => end,
    };
    let items = list_items(text, &ws[..end]);
    (items.len() >= 2).then_some(items)
}

/// The members of a `、` list, each completed with the words it shares with the last one
/// (`受理、办结行政复议案件` → `受理行政复议案件`, `办结行政复议案件`).
pub(super) fn list_items(text: &str, ws: &[Word]) -> Vec<String> {
    let parts: Vec<&[Word]> = ws
        .split(|w| matches!(w.text, "、" | "和" | "及" | "以及"))
        .collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return Vec::new();
    }
    let last = parts[parts.len() - 1];
    // `调处土地、婚姻家庭、邻里等纠纷`: every member is the kind the noun after `等` names
    // (`土地纠纷`); the act before the first is done to them all.
    if let Some(at) = last.iter().position(|w| w.text == "等") {
        let head = &last[at + 1..];
        if at > 0 && !head.is_empty() && head.iter().all(Word::is_noun) {
            let head = &text[head[0].range.start..head[head.len() - 1].range.end];
            let members = parts.iter().enumerate().map(|(n, p)| {
                let p = if n + 1 == parts.len() { &p[..at] } else { p };
                // Who acted and the act stand before the first member's last verb.
                let from = match n {
                    0 => p[..p.len() - 1]
                        .iter()
                        .rposition(Word::is_verb)
                        .map_or(0, |v| v + 1),
                    _ => 0,
                };
                format!(
                    "{}{head}",
                    &text[p[from].range.start..p[p.len() - 1].range.end]
                )
            });
            return members.filter(|m| m.chars().count() <= LABEL_MAX).collect();
        }
    }
    let tail_from = last.iter().position(|w| !w.is_verb()).unwrap_or(last.len());
    let shared = &last[tail_from..];
    // `公职律师、法律顾问覆盖率`: a rate ending the last member is the rate of every member.
    let rate = last
        .last()
        .filter(|w| last.len() > 1 && is_rate(w.text))
        .map(|w| w.text);
    parts
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let own = phrase_before(text, p);
            let whole = &text[p[0].range.start..p[p.len() - 1].range.end];
            // (`立案数、结案数`: a count named as one keeps its `数`.)
            let own = if own.is_empty() {
                whole.to_string()
            } else if whole.ends_with(&format!("{own}数")) {
                format!("{own}数")
            } else {
                own
            };
            let verbs_only = p.iter().all(|w| w.is_verb());
            // (`维持、驳回、撤销、确认违法`: a tail that is no thing is no object of them all.)
            let object = shared.iter().any(Word::is_plain_noun);
            if n + 1 < parts.len() && verbs_only && tail_from > 0 && object {
                let tail = &text[shared[0].range.start..shared[shared.len() - 1].range.end];
                format!("{own}{tail}")
            } else if let Some(rate) = rate.filter(|_| p.last().is_some_and(|w| !is_rate(w.text))) {
                format!("{own}{rate}")
            } else {
                own
            }
        })
        .collect()
}
