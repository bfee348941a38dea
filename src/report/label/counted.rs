//! What is counted, said more fully than the words next to the number: a figure each or on
//! average of what was just counted (`户均挽回经济损失`), things picked out by what is then done
//! to them (`不予处罚的经营主体`), bodies rather than their staff (`8个镇（街道）`), the act a
//! list's first item opens with (`审查拟发文件`), and the line a generic thing came through
//! (`12345热线受理来电`).

use super::{
    clause_end, is_rate, label_words, names_a_place, Word, LABEL_MAX, LEADING, OFFICES,
    SUBJECT_ENDS, VAGUE_VERBS,
};
use crate::report::figure::{Figure, FigureKind};

/// `培育“法律明白人”1,960名，平均每村（社区）7.5名`, `挽回经济损失2,150万元，户均约1.9万元`:
/// a figure labelled only by what it is each or on average of (`平均每村（社区）`, `户均`)
/// measures what was just counted in its unit (`carried`, `count`), from its act on.
pub(super) fn per_unit_of(
    fig: &Figure,
    label: String,
    carried: Option<&str>,
    count: Option<(&str, f64)>,
) -> String {
    let scope = if label.ends_with('均') && label.chars().count() <= 3 {
        label.as_str()
    } else if let Some(each) = label.strip_prefix("平均").filter(|l| l.starts_with('每')) {
        each
    } else if let Some(each) = label.strip_suffix("平均").filter(|l| l.starts_with('每')) {
        each
    } else if label.starts_with('每') {
        label.as_str()
    } else {
        return label;
    };
    let (Some(things), Some((unit, _))) = (carried, count) else {
        return label;
    };
    let words = label_words(scope);
    let only_scope = words
        .iter()
        .all(|(w, tag)| !tag.starts_with('v') || w.ends_with('均'));
    let same_unit = unit == fig.unit || fig.kind == FigureKind::Money && unit.ends_with('元');
    if !only_scope || !same_unit || is_rate(things) {
        return label;
    }
    // From the act on: `村（社区）培育“法律明白人”` → `培育“法律明白人”`.
    let mut at = 0;
    let mut from = 0;
    for (w, tag) in label_words(things) {
        if tag.starts_with('v') {
            from = at;
            break;
        }
        at += w.len();
    }
    let thing = &things[from..];
    let per = format!("{scope}{thing}");
    match per.chars().count() <= LABEL_MAX {
        true => per,
        false => label,
    }
}

/// `对58件规范性文件开展全面清理`, `对情节轻微的87家企业不予处罚`: things counted after `对`,
/// `将` or `把` are picked out by what is then done to them, to the end of the clause
/// (`开展全面清理的规范性文件`).
pub(super) fn acted_on(
    text: &str,
    before: &[Word],
    after: &[Word],
    counted: &str,
) -> Option<String> {
    if !before.iter().any(|w| matches!(w.text, "对" | "将" | "把")) {
        return None;
    }
    // The things: what is counted after the number (`执法/v 案卷`), up to what is done to
    // them (`不予`, `进行`, … when the segmenter ran the act into them).
    let start = after.first()?.range.start;
    let mut end = after
        .iter()
        .position(|w| w.range.end > start + counted.len())
        .unwrap_or(after.len());
    if let Some(k) = (1..end).find(|&k| {
        [
            "不予", "免予", "予以", "依法", "进行", "开展", "实施", "实行",
        ]
        .contains(&after[k].text)
    }) {
        end = k;
    }
    if end == 0 || !counted.starts_with(&text[after[0].range.clone()]) {
        return None;
    }
    let things = &text[after[0].range.start..after[end - 1].range.end];
    let act = &after[end..];
    let light = act.first().is_some_and(|w| w.text == "进行");
    let act = &act[usize::from(light)..];
    let (first, last) = (act.first()?, act.last()?);
    let to_clause_end = text[last.range.end..].chars().next().is_none_or(clause_end);
    if !(first.is_verb() || matches!(first.tag, "d" | "p"))
        || act.iter().any(Word::ends_phrase)
        || !to_clause_end
    {
        return None;
    }
    let done = &text[first.range.start..last.range.end];
    let label = format!("{done}的{things}");
    (label.chars().count() <= LABEL_MAX && done.chars().count() >= 2).then_some(label)
}

/// Nouns of the members of a body, which say whose only with it.
const MEMBERS: &[&str] = &["成员", "委员", "组成人员", "队员", "会员", "成员单位"];

/// `区政府法律顾问团9名成员列席常务会议`: members counted are the members of the body named
/// right before the number (`区政府法律顾问团成员`), and only they, not what they then do.
pub(super) fn members_of(text: &str, before: &[Word], counted: String) -> String {
    let Some(member) = MEMBERS.iter().find(|m| counted.starts_with(**m)) else {
        return counted;
    };
    let body = before
        .iter()
        .rev()
        .take_while(|w| w.is_noun() && !LEADING.contains(&w.text))
        .last();
    match body {
        Some(first) => {
            let end = before.last().map_or(first.range.end, |w| w.range.end);
            let label = format!("{}{member}", &text[first.range.start..end]);
            match label.chars().count() <= LABEL_MAX {
                true => label,
                false => member.to_string(),
            }
        }
        None => counted,
    }
}

/// `8个镇（街道）综合执法人员`: `个` (or `家`, `所`) counts the bodies, not the staff of them
/// named after: the label stops at the body. A body has one head, so `46个县直单位主要负责人`
/// counts heads as well, and stops at them (not at `书面` after them).
pub(super) fn bodies_not_their_people(fig: &Figure, counted: String) -> String {
    if matches!(fig.unit.as_str(), "个" | "家" | "所") {
        // (Only a word left after them: `书面`, not what they did, `现场述法`.)
        if let Some(k) = counted.find("负责人") {
            let end = k + "负责人".len();
            if counted[end..].chars().count() <= 2 {
                return counted[..end].to_string();
            }
        }
    }
    const PEOPLE: &[&str] = &["人员", "法律顾问", "干部", "律师", "网格员", "调解员"];
    const BODIES: &[&str] = &["单位", "部门", "机关", "企业", "学校", "社区", "街道"];
    if !matches!(fig.unit.as_str(), "个" | "家" | "所")
        || !PEOPLE.iter().any(|p| counted.contains(p))
    {
        return counted;
    }
    let body = |w: &str| {
        let name = w.split(['（', '(']).next().unwrap_or(w);
        names_a_place(name)
            || BODIES.iter().any(|b| name.ends_with(b))
            || OFFICES.iter().any(|o| name.ends_with(o))
    };
    let words = label_words(&counted);
    let mut at = 0;
    let mut cut = None;
    let mut open = false;
    for (w, tag) in &words[..words.len().saturating_sub(1)] {
        at += w.len();
        open = (open || w.contains(['（', '('])) && !w.contains(['）', ')']);
        // Up to a body's name, its brackets closed; not past the first of the people, nor
        // past what picks some bodies out (`7个乡镇尚无法学专业执法人员`).
        if PEOPLE.iter().any(|p| w.ends_with(p)) {
            break;
        }
        if cut.is_some() && !(tag.starts_with('n') || matches!(*tag, "a" | "b" | "x" | "vn")) {
            return counted;
        }
        if (body(w) || w.contains(['）', ')'])) && !open {
            cut = Some(at);
        }
    }
    // (The prefix is a body: its name before any brackets.)
    let cut = cut.filter(|&c| body(counted[..c].split(['（', '(']).next().unwrap_or("")));
    match cut {
        Some(at) => counted[..at].to_string(),
        None => counted,
    }
}

/// Acts of reviewing or handling: a verbal noun (`备案/vn`) that is one opens with an act,
/// where `执法/vn 案卷` is a kind of file.
const REVIEWS: &[&str] = &[
    "审查", "审核", "评查", "备案", "清理", "办理", "检查", "督查", "审议", "研究", "制定", "出台",
    "修订",
];

/// `审查常务会议议题88件、拟发文件121份`: the items of a pause-mark list of counts, each
/// with its own thing, share the act the first one opens with (`审查拟发文件`); items after
/// `区长带头…` share who led by example.
pub(super) fn share_the_act(figs: &mut [Figure], gaps: &[Vec<Word>]) {
    let mut first = 0;
    for j in 1..figs.len() {
        let listed = gaps[j].first().is_some_and(|w| w.text == "、")
            && figs[j].kind == figs[first].kind
            && figs[j].change.is_none();
        if !listed {
            first = j;
            continue;
        }
        // `区长带头出庭应诉3次、旁听庭审2次`: who led by example led each item.
        if let Some(at) = figs[first].label.find("带头") {
            let led = format!(
                "{}{}",
                &figs[first].label[..at + "带头".len()],
                figs[j].label
            );
            if !figs[j].label.contains("带头") && led.chars().count() <= LABEL_MAX {
                figs[j].label = led;
            }
            continue;
        }
        let opening = label_words(&figs[first].label);
        // (The office that acted is not part of the act: `司法局审查…`.)
        let office = opening
            .first()
            .is_some_and(|(w, tag)| tag.starts_with('n') && OFFICES.iter().any(|o| w.ends_with(o)));
        let opening = &opening[usize::from(office && opening.len() > 2)..];
        let Some(&(act, tag)) = opening.first() else {
            continue;
        };
        // (An item that opens with an act of its own keeps it: `废止7件、宣布失效3件`.)
        let own = label_words(&figs[j].label);
        // (`法治宣传/vn 长廊` is a kind of thing, not an act: a verbal noun acts only when
        // it reviews or handles.)
        let acts = |w: &(&str, &str)| {
            w.1.starts_with('v')
                && w.0.chars().count() > 1
                && (w.1 != "vn" || REVIEWS.iter().any(|r| w.0.ends_with(r)))
        };
        // (One act: `按要求审核备案…` opens with a run of them.)
        let one_act = opening.get(1).is_some_and(|w| !w.1.starts_with('v'));
        // (`合法性审查` is one review.)
        let review = REVIEWS.iter().any(|r| act.ends_with(r));
        if !tag.starts_with('v')
            || !one_act
            || act.chars().count() < 2
            || tag == "vn" && !review
            || VAGUE_VERBS.contains(&act)
            || opening.len() < 2
            || own.first().is_none_or(acts)
        {
            continue;
        }
        let label = format!("{act}{}", figs[j].label);
        if label.chars().count() <= LABEL_MAX {
            figs[j].label = label;
        }
    }
}

/// `12345热线全年受理来电9.8万件`, `法律援助中心办理案件768件`: a generic thing received or
/// handled (`来电`, `案件`) says what it is only with the line or office it came through,
/// which stays before the act (who acted is dropped elsewhere).
pub(super) fn through_channel(text: &str, phrase: &[Word], start: usize, label: String) -> String {
    const GENERIC: &[&str] = &[
        "来电",
        "案件",
        "诉求",
        "来信",
        "意见建议",
        "问题",
        "咨询",
        "投诉",
        "线索",
    ];
    const CHANNELS: &[&str] = &[
        "热线", "信箱", "窗口", "平台", "中心", "电话", "专线", "网站",
    ];
    let generic = label.chars().count() <= 6
        && GENERIC.iter().any(|g| label.ends_with(g))
        && label_words(&label)
            .first()
            .is_some_and(|(_, tag)| tag.starts_with('v'));
    if !generic {
        return label;
    }
    let subject: Vec<&Word> = phrase
        .iter()
        .take_while(|w| w.range.end <= start)
        .take_while(|w| !LEADING.contains(&w.text) && !SUBJECT_ENDS.contains(&w.text))
        .collect();
    let (Some(first), Some(last)) = (subject.first(), subject.last()) else {
        return label;
    };
    let channel = &text[first.range.start..last.range.end];
    let names_one = CHANNELS.iter().any(|c| channel.ends_with(c))
        || OFFICES
            .iter()
            .any(|o| channel.ends_with(o) && channel.len() > o.len());
    let joined = format!("{channel}{label}");
    match names_one && joined.chars().count() <= LABEL_MAX {
        true => joined,
        false => label,
    }
}
