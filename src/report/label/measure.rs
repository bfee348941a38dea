//! What a measure named alone measures. `总量`, `行程`, `受众`, `幅度`, `得分` say how much of
//! something, not of what: the clause before says what (`新登记经营主体2.4万户，总量达到
//! 11.6万户`), or the assessment the sentence names (`在全市年度考核中，我区得分96.2分`).

use super::{fit_subject, is_rate, label_words, names_a_place, words, Figure, Word, LEADING};
use crate::report::figure::FigureKind;

/// Stocks of things: the things without the act that made new ones (`经营主体总量`).
const STOCKS: &[&str] = &["总量", "总数", "总户数", "存量", "总规模"];

/// What an activity reached or covered: of the activity, without `开展` (`普法活动受众`).
const REACH: &[&str] = &[
    "行程",
    "里程",
    "受众",
    "覆盖群众",
    "覆盖人群",
    "惠及群众",
    "服务群众",
    "参与群众",
    "参加群众",
    "参与人数",
    "参加人数",
    "参与人次",
    "参加人次",
    "参加人员",
    "参加干部",
];

/// Money of things counted (`新招引项目签约资金`): the things as counted, act and all.
const MONEY: &[&str] = &[
    "标的额",
    "标的金额",
    "签约资金",
    "签约金额",
    "总投资",
    "投资额",
    "投资总额",
    "合同金额",
    "到位资金",
];

/// How much something changed (`审批时限…压减幅度达76%` → `审批时限压减幅度`): of what
/// changed, as carried.
const CHANGE_SIZES: &[&str] = &[
    "幅度",
    "压减幅度",
    "压缩幅度",
    "精简幅度",
    "缩减幅度",
    "降幅",
    "增幅",
    "减幅",
    "下降幅度",
    "提升幅度",
    "提高幅度",
];

/// Acts that only hold an activity: `开展“宪法进万家”活动` is the activity.
const HOLD: &[&str] = &["开展", "举办", "组织", "举行", "开设", "进行"];

/// The label of a measure named alone (`phrase`) after a clause that counted `carried`:
/// the stock of those things, the reach of those activities, their money. A rate measures
/// nothing of this kind.
pub(super) fn measure_of(phrase: &str, carried: Option<&str>) -> Option<String> {
    let carried = carried.filter(|c| !c.is_empty() && !is_rate(c))?;
    let words = label_words(carried);
    let skipped = |skip: &dyn Fn(&str, &str) -> bool| -> usize {
        (words.iter())
            .take_while(|(w, tag)| skip(w, tag))
            .map(|(w, _)| w.len())
            .sum()
    };
    // (A carried label may open on a list's joint: `和乡镇负责人…`, `、进社区…`.)
    let lead = skipped(&|w, tag| matches!(tag, "c" | "p" | "x") && !w.starts_with('“'));
    let from = if STOCKS.contains(&phrase) {
        // (`新/a 登记/v 经营/vn 主体/n`: the acts are verbs, and `新` with the act after it,
        // `新/a 培育/vn`.)
        match words.first() {
            Some(("新", _)) => words
                .iter()
                .take(2)
                .take_while(|(w, tag)| *w == "新" || tag.starts_with('v'))
                .map(|(w, _)| w.len())
                .sum(),
            _ => skipped(&|_, tag| tag.starts_with('v') && tag != "vn"),
        }
    } else if REACH.contains(&phrase) {
        // (Through the act that holds it, with how or where before: `双语开展…`.)
        match words.iter().take(4).position(|(w, _)| HOLD.contains(w)) {
            Some(k) => words[..=k].iter().map(|(w, _)| w.len()).sum(),
            None => 0,
        }
    } else if MONEY.contains(&phrase) || CHANGE_SIZES.contains(&phrase) {
        0
    } else {
        return None;
    };
    let subject = carried.get(from.max(lead)..).filter(|s| !s.is_empty())?;
    fit_subject(subject, phrase)
}

/// Scores (`得分`, `平均成绩`) are of an assessment.
const SCORES: &[&str] = &[
    "得分",
    "总分",
    "综合得分",
    "平均分",
    "平均成绩",
    "成绩",
    "分数",
    "考核得分",
];

/// Words an assessment's name ends with.
const ASSESSMENTS: &[&str] = &[
    "考核", "考评", "测评", "考试", "评估", "评议", "竞赛", "测试", "评比", "评选", "评价",
];

/// `在全市法治政府建设年度考核中，我区得分96.2分` → `法治政府建设年度考核得分`: a score
/// named alone is of the assessment its sentence names last before it.
pub(super) fn scored_in(text: &str, fig: &Figure, phrase: &str) -> Option<String> {
    if !SCORES.contains(&phrase) {
        return None;
    }
    let before = text.get(..fig.range.start)?;
    let start = before
        .rfind(['。', '；', '！', '？'])
        .map_or(0, |i| i + '。'.len_utf8());
    let ws = words(text, start..fig.range.start);
    let last = ws
        .iter()
        .rposition(|w| ASSESSMENTS.iter().any(|a| w.text.ends_with(a)))?;
    // Back over the assessment's name, to who holds it or takes part in it.
    let first = (0..last)
        .rev()
        .take_while(|&k| {
            let w = &ws[k];
            !(w.ends_phrase()
                || w.text.starts_with('全')
                || names_a_place(w.text)
                || w.tag == "m"
                || matches!(
                    w.text,
                    "参加" | "参与" | "组织" | "开展" | "举办" | "进行" | "接受" | "通过" | "中"
                ))
        })
        .last()
        .unwrap_or(last);
    let name = &text[ws[first].range.start..ws[last].range.end];
    fit_subject(name, phrase)
}

/// `新创建省级民主法治示范村（社区）3个，累计达27个`, `全旗总数达到15个`: a running total
/// or a stock with nothing named is of the things counted before, all of them so far
/// (`累计创建…`, `…总数`), not the new ones.
pub(super) fn running_total(before: &[Word], carried: Option<&str>) -> Option<String> {
    let said: Vec<&str> = (before.iter())
        .map(|w| w.text)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .filter(|w| *w == "累计" || !LEADING.contains(w))
        .collect();
    let head = *said.first()?;
    let filler = said[1..]
        .iter()
        .all(|w| matches!(*w, "达" | "达到" | "共" | "共计" | "为" | "已达"));
    let carried = carried.filter(|c| filler && !is_rate(c))?;
    match head {
        "累计" => {
            let things = (carried.strip_prefix("新增"))
                .or_else(|| carried.strip_prefix('新'))
                .unwrap_or(carried);
            let label = format!("累计{things}");
            match label.chars().count() <= super::LABEL_MAX {
                true => Some(label),
                false => fit_subject(things, "累计"),
            }
        }
        "总数" | "总量" => measure_of(head, Some(carried)),
        _ => None,
    }
}

/// `其中评议为“好”等次的占四分之一`: the share of those the `的` clause before `占` picks
/// out (`评议为“好”等次占比`), not of what was counted before.
pub(super) fn share_of_those(text: &str, before: &[Word], fig: &Figure) -> Option<String> {
    if fig.kind != FigureKind::Percent {
        return None;
    }
    let takes = before
        .iter()
        .rposition(|w| matches!(w.text, "占" | "约占" | "仅占" | "只占"))?;
    let clause = &before[..takes];
    let de = clause
        .iter()
        .rposition(|w| w.text == "的")
        .filter(|&d| d + 1 == clause.len())?;
    let first = clause[..de]
        .iter()
        .rposition(|w| matches!(w.text, "其中" | "，" | "；" | "。" | ","))
        .map_or(0, |k| k + 1);
    if first >= de {
        return None;
    }
    fit_subject(
        &text[clause[first].range.start..clause[de - 1].range.end],
        "占比",
    )
}
