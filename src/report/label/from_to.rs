//! From/to pairs: `纠错率从8%提高到12%`, the first value marked as the one before the change
//! and the second as the one after, both labelled by what changed.

use super::rank::ranking_in;
use super::{phrase_before, Word, CHANGE_VERBS, LABEL_MAX};
use crate::report::figure::{Change, Figure, FigureKind, RANK_UNIT};

/// When a from/to pair's first value was, named in words between `从` and the value.
const FROM_WHEN: &[&str] = &[
    "上年",
    "去年",
    "前年",
    "上一年",
    "上年度",
    "上一年度",
    "年初",
    "年底",
    "期初",
    "同期",
    "上年同期",
    "去年同期",
    "改革前",
    "此前",
    "以前",
    "原来",
    "原先",
    "原",
    "过去",
    "以往",
    "原有",
    // (What the first value was set by: `由法定的20个工作日压减至4.8个工作日`.)
    "法定",
    "规定",
    "承诺",
];

/// `纠错率从8%提高到12%`: both figures are labelled `纠错率`, the first marked as the value
/// before the change and the second as the value after.
pub(super) fn from_to(text: &str, figs: &mut [Figure], gaps: &[Vec<Word>], done: &mut [bool]) {
    // `由上年的92.1%提高到95.4%`: when the first value is, named in words, may stand between;
    // so may `平均` (`由平均4.2次减少到0.8次`, `由法定的平均20个工作日`).
    let from_at = |ws: &[Word]| {
        let at = ws.iter().rposition(|w| matches!(w.text, "从" | "由"))?;
        let rest: String = ws[at + 1..].iter().map(|w| w.text).collect();
        // (`上年的平均`, `法定的平均`, `平均`.)
        let when = rest.strip_suffix("平均").unwrap_or(&rest);
        let when = when.strip_suffix('的').unwrap_or(when);
        let when = when.strip_suffix("平均").unwrap_or(when);
        (when.is_empty() || FROM_WHEN.contains(&when)).then_some(at)
    };
    let starts_from = |ws: &[Word]| from_at(ws).is_some();
    for j in 0..figs.len().saturating_sub(1) {
        // `由2022年的91.3%提升至93.5%`: the year of the first value stands between.
        let before = match j.checked_sub(1) {
            Some(d)
                if figs[d].kind == FigureKind::Date
                    && starts_from(&gaps[d])
                    && gaps[j].iter().all(|w| w.text == "的") =>
            {
                &gaps[d]
            }
            _ => &gaps[j],
        };
        let between = &gaps[j + 1];
        // `由45个工作日缩短为20个工作日`, `由32项精简为24项`: `为` after a verb of change is
        // `到`.
        let joined: String = between.iter().map(|w| w.text).collect();
        let changed_to = joined.strip_suffix('为').is_some_and(|v| {
            CHANGE_VERBS
                .iter()
                .chain(&[
                    "缩短", "压缩", "延长", "降", "减", "精简", "提速", "扩大", "增", "整合",
                    "合并", "归并",
                ])
                .any(|c| v.ends_with(c))
        });
        // `由原来的29个窗口精简为11个`: what the first value counts stands after it.
        // (Not the verb itself: `精简/为`, `提高到`; the segmenter tags some verbs as nouns.)
        let verb_words = match between.last() {
            Some(w) if w.text.chars().count() > 1 => 1,
            _ => 2,
        };
        let counted = between
            .iter()
            .take_while(|w| w.is_noun())
            .count()
            .min(between.len().saturating_sub(verb_words));
        let to = (between
            .last()
            .is_some_and(|w| w.text.ends_with('到') || w.text.ends_with('至'))
            || changed_to)
            && between.len() <= 3 + counted;
        // `下降到2023年的7.5%`: the value after is past the year of its own.
        let after = match figs.get(j + 2) {
            Some(f)
                if figs[j + 1].kind == FigureKind::Date
                    && f.kind != FigureKind::Date
                    && gaps[j + 2].iter().all(|w| w.text == "的") =>
            {
                j + 2
            }
            _ => j + 1,
        };
        if !starts_from(before) || !to || done[j] || done[after] {
            continue;
        }
        let at = from_at(before).expect("checked above");
        let label = match figs[j].unit == RANK_UNIT {
            true => ranking_in(text, figs[j].range.start),
            false => phrase_before(text, &before[..at]),
        };
        let label = match counted {
            0 => label,
            n => {
                let noun = &text[between[0].range.start..between[n - 1].range.end];
                match label.chars().count() + noun.chars().count() <= LABEL_MAX {
                    true => format!("{label}{noun}"),
                    false => noun.to_string(),
                }
            }
        };
        for (k, change) in [(j, Change::Before), (after, Change::After)] {
            figs[k].label = label.clone();
            figs[k].change = Some(change);
            done[k] = true;
        }
    }
}
