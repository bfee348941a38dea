//! Acts done to things a report has just counted, named alone after the count:
//! `收到行政复议申请126件，受理118件，审结110件` labels the 118 `受理行政复议申请`. Which words are
//! such acts, which count things that are then handled, and when an act is done to the things
//! carried over (the same unit, no more of them than were counted, not a part of them).

use super::{label_words, LABEL_MAX};
use crate::report::figure::{Figure, FigureKind};

/// Acts done to things a report has just counted, which it names alone after the count:
/// `收到行政复议申请126件，受理118件，审结110件`, `取消行政许可事项6项，下放15项`.
const HANDLING_ACTS: &[&str] = &[
    "受理",
    "不予受理",
    "立案",
    "办结",
    "审结",
    "答复",
    "回复",
    "转办",
    "化解",
    "调处",
    "调解",
    "下放",
    "取消",
    "整改",
    "采纳",
    "移送",
    "转交",
    "废止",
    "修改",
    "修订",
    "宣布失效",
    "保留",
    "调解成功",
    "成功调解",
    "化解成功",
    "成功化解",
    "解决",
    "当场解决",
    "办复",
    "纠错",
    "直接纠错",
    "纠正",
    "驳回",
];

/// Acts that count things which are then handled: `收到行政复议申请`, `排查矛盾纠纷`.
const COUNTING_ACTS: &[&str] = &[
    "收到",
    "接收",
    "新收",
    "接到",
    "受理",
    "办理",
    "排查",
    "摸排",
    "梳理",
    "清理",
    "清查",
    "审查",
    "发现",
    "提出",
    "收集",
    "征集",
    "登记",
    "不予受理",
];

/// Words before an act that leave it the same act (`依法办结` is `办结`, `经审查依法受理` is
/// `受理`), longest first.
const ACT_PREFIXES: &[&str] = &[
    "经审查依法",
    "审查依法",
    "经审查",
    "依法予以",
    "依法",
    "予以",
    "已",
    "均",
    "决定",
];

/// The label of a count whose phrase is an `act` of [`HANDLING_ACTS`] alone, after a
/// count of things (`carried`, which may start with its own act: `收到行政复议申请`, and its
/// unit and value `count`): the act done to those things (`受理行政复议申请`). `None` when
/// `carried` counts no thing (a rate, `…率`) or something else: another unit
/// (`接待来访群众500人次，化解300件`), or fewer things than were handled when no act was done
/// to them yet (`其中婚姻家庭纠纷320起，化解1498起`: a part of them). Acts done one after
/// another (`取消6项，下放15项`) each count their own.
pub(super) fn handled(
    act: &str,
    carried: &str,
    count: (&str, f64),
    fig: &Figure,
) -> Option<String> {
    let act = ACT_PREFIXES
        .iter()
        .find_map(|p| act.strip_prefix(p))
        .unwrap_or(act);
    // `建议保留` is an act of its own: what was proposed, not done.
    let core = act.strip_prefix("建议").unwrap_or(act);
    if fig.kind != FigureKind::Count || !HANDLING_ACTS.contains(&core) {
        return None;
    }
    let words = label_words(carried);
    if carried.ends_with(['率', '比', '度']) {
        return None;
    }
    // The carried label's own act, if it has one: the things are what follows it
    // (`热线受理诉求` → `诉求`). Any other verb belongs to the things (`征收补偿纠纷`).
    let mut at = 0;
    let mut own = 0;
    let mut acted = false;
    let is_act = |w: &str| HANDLING_ACTS.contains(&w) || COUNTING_ACTS.contains(&w);
    for (k, (word, _)) in words.iter().take(4).enumerate() {
        at += word.len();
        if is_act(word) {
            // The first act is the label's own: `提出/修改/意见` counts opinions on changes.
            // What is found and then settled is settled (`排查/调处/纠纷`).
            own = at;
            acted = HANDLING_ACTS.contains(word);
            if matches!(*word, "排查" | "摸排") {
                for (next, _) in words[k + 1..].iter().take_while(|(w, _)| is_act(w)) {
                    own += next.len();
                    acted |= HANDLING_ACTS.contains(next);
                }
            }
            break;
        }
    }
    if count.0 != fig.unit || (!acted && fig.value > count.1) {
        return None;
    }
    let thing = &carried[own..];
    // An outcome counted before (`维持71件，纠错17件`) is no thing to act on: both are
    // outcomes of the same cases.
    const OUTCOMES: &[&str] = &[
        "维持",
        "结案",
        "和解",
        "撤销",
        "驳回",
        "纠错",
        "终止",
        "撤回",
        "变更",
        "确认违法",
        "调解和解",
        "责令履行",
    ];
    if OUTCOMES.contains(&thing) {
        return None;
    }
    let rest: Vec<(&str, &str)> = label_words(thing);
    // Things, not an act: a noun among them, one word the segmenter takes for a verb
    // (`诉求`), or what is filed (`复议/v 申请/v` are applications).
    let filed = rest
        .last()
        .is_some_and(|(w, _)| ["申请", "投诉", "举报", "建议", "意见"].contains(w));
    if !rest.iter().any(|(_, tag)| tag.starts_with('n')) && rest.len() != 1 && !filed {
        return None;
    }
    // Accepting is done to what is filed (`受理…申请`, `…案件`), not to a kind of suit
    // (`行政诉讼11件，…决定不予受理1件` speaks of the applications before it).
    let accepting = matches!(core, "受理" | "不予受理" | "立案");
    if accepting && (thing.ends_with("诉讼") || thing.ends_with("应诉")) {
        return None;
    }
    let label = format!("{act}{thing}");
    (thing.chars().count() >= 2 && label.chars().count() <= LABEL_MAX).then_some(label)
}
