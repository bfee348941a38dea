//! Labels: what a figure measures, read from the words of its clause.
//!
//! A word segmenter (jieba, with part-of-speech tags) cuts only the clauses that hold a
//! figure, so a label always starts and ends on a word boundary. The label is the noun
//! phrase the number quantifies when one follows it (`指导44所学校` → `学校`), else the
//! phrase before it without who/when words and fillers (`全年共受理行政复议申请82件` →
//! `受理行政复议申请`). Lists are paired in order (`受理、办结…分别为82件、79件`), and a
//! `从8%提高到12%` pair shares its subject, marked before and after.
//!
//! Longer than our ~600-line rule on purpose: the label rules are one ordered decision (the
//! noun after the measure word, from/to, 分别 lists, shared units, carried subjects, then the
//! phrase before), and they read best top to bottom in the order they are tried. What an act
//! named alone is done to (`act`), what a place in a ranking ranks (`rank`), lists (`list`),
//! from/to pairs (`from_to`), levels (`level`), what is counted said more fully
//! (`counted`) and what a measure named alone measures (`measure`) are rules of their own,
//! apart.

use super::figure::{Change, Figure, FigureKind, OTHER_TIMES, RANK_UNIT};
use super::gazetteer::Gazetteer;
use act::handled;
use counted::{
    acted_on, bodies_not_their_people, members_of, per_unit_of, share_the_act, through_channel,
};
use from_to::from_to;
use jieba_rs::Jieba;
use level::at_level;
use list::{changes_each, compared_as_with, list_items, paired_lists, rates_each};
use measure::{measure_of, running_total, scored_in, share_of_those};
use rank::ranked;
use std::ops::Range;
use std::sync::LazyLock;

mod act;
mod counted;
mod from_to;
mod level;
mod list;
mod measure;
mod rank;

/// Longest label, in characters.
pub const LABEL_MAX: usize = 16;

/// jieba's dictionary (`dict.txt` as shipped in jieba-rs 0.11, MIT licence) cut to the words
/// seen at least 5 times in its corpus (136k of 349k
/// entries: it loads in about 0.1 s instead of 0.26 s, measured in release, and every cut
/// still falls between words), less `中排` (in these reports always `在…中/排第4位`) and
/// with `新建` a verb, not a place (`新建法治文化广场3个`; the district 新建区 is in the
/// gazetteer), then every division of the gazetteer as a place name and the domain words of
/// `data/lexicon.txt`.
static SEGMENTER: LazyLock<Jieba> = LazyLock::new(|| {
    let mut dict = String::from(include_str!("../../data/jieba-dict.txt"));
    for d in &Gazetteer::bundled().divisions {
        for name in [&d.name, &d.prefecture, &d.province] {
            if name.chars().count() > 1 {
                dict.push_str(&format!("{name} 2000 ns\n"));
            }
        }
    }
    for line in include_str!("../../data/lexicon.txt").lines() {
        if !line.starts_with('#') && !line.trim().is_empty() {
            dict.push_str(line);
            dict.push('\n');
        }
    }
    // The dictionary is bundled and checked by a test; should it ever fail to load, labels
    // degrade to single characters rather than the parser failing.
    Jieba::with_dict(&mut dict.as_bytes()).unwrap_or_else(|_| Jieba::empty())
});

/// A word of a clause: its text, part of speech and byte range in the paragraph.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    tag: &'a str,
    range: Range<usize>,
}

impl Word<'_> {
    /// Nouns, place words (`窗口/s`), names in quotes, abbreviations.
    fn is_noun(&self) -> bool {
        self.tag.starts_with('n')
            || matches!(self.tag, "vn" | "an" | "j" | "l" | "eng" | "s" | "zg")
    }
    /// A noun that is not a verb used as one (`办理/vn` alone is not a thing counted).
    fn is_plain_noun(&self) -> bool {
        self.is_noun() && self.tag != "vn"
    }
    fn is_verb(&self) -> bool {
        self.tag.starts_with('v') && self.tag != "vn"
    }
    /// Prepositions, conjunctions and punctuation end a phrase.
    fn ends_phrase(&self) -> bool {
        matches!(self.tag, "p" | "x" | "uj" | "ul")
            || FUNCTION.contains(&self.text)
            || self.text.chars().all(|c| !c.is_alphanumeric())
    }
}

/// Words that never say what is counted on their own.
const FUNCTION: &[&str] = &[
    "为", "和", "对", "与", "将", "在", "从", "由", "等", "向", "把", "被", "给", "及", "以及",
    "同", "跟", "或", "并", "且", "而", "以", "于", "按", "让", "使", "经", "通过", "针对", "围绕",
    "、", "其中", "的", "包括", "包含", "含", "涵盖", "即", "每", "但", "但是", "因此", "所以",
    "并且", "或者", "同时",
];

/// Who, when and how-much words that lead a phrase but are not what is counted.
const LEADING: &[&str] = &[
    "今年以来",
    "今年",
    "全年",
    "年内",
    "年度",
    "以来",
    "其中",
    "目前",
    "截至",
    "现已",
    "现",
    "全区",
    "全市",
    "全县",
    "全镇",
    "全省",
    "全旗",
    "我区",
    "我市",
    "我县",
    "本级",
    "各级",
    "全",
    "年",
    "区",
    "市",
    "县",
    "镇",
    "旗",
    "局",
    "是",
    "确保",
    "力争",
    "已",
    "已经",
    "共",
    "共计",
    "累计",
    "先后",
    "均",
    "都",
    "还",
    "又",
    "再",
    "全部",
    "总共",
    "一共",
    "合计",
    "陆续",
    "相继",
    "积极",
    "主动",
    "依法",
    "切实",
    "深入",
    "持续",
    "不断",
    "进一步",
    "率先",
    "首次",
    "新",
    "此外",
    "同时",
    "另外",
    "另有",
    "另",
    "有",
    "并",
];

/// Whether the sentence before `at` says what follows is of this year (`今年以来`, `全年`).
fn this_year(text: &str, at: usize) -> bool {
    let sentence = text[..at]
        .rfind(sentence_end)
        .map_or(0, |k| k + '。'.len_utf8());
    let head = &text[sentence..at];
    [
        "今年", "全年", "年内", "以来", "本年", "年度", "年，", "年,",
    ]
    .iter()
    .any(|w| head.contains(w))
}

/// Words that end a subject and start what was done: `部门共办理…`, `全区累计培训…`.
const SUBJECT_ENDS: &[&str] = &[
    "共",
    "共计",
    "共有",
    "累计",
    "全年",
    "先后",
    "总共",
    "一共",
    "合计",
    "今年以来",
];

/// How the names of offices end (`信访局`, `人民法院`, `司法所`, `执法队`): an office
/// before the act it did is who acted, not what is counted.
const OFFICES: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "院",
    "厅",
    "所",
    "中心",
    "队",
    "站",
];

/// Is a word the segmenter tags as a place (`ns`) a division's name (`千山区`, `威海市`)?
/// It tags some words of the domain as places too (`治安`), which are what is counted.
fn names_a_place(word: &str) -> bool {
    word.ends_with(['省', '市', '县', '区', '镇', '乡', '旗', '州', '盟', '村'])
        || word.ends_with("街道")
}

/// Words that end a place's name when the segmenter cuts them off it (`城南/街道`).
const PLACE_ENDS: &[&str] = &["街道", "镇", "乡", "社区", "村"];

/// Verbs that go to the number after them (`增至286项`), one word to the segmenter.
const TO_VERBS: &[&str] = &[
    "增至",
    "降至",
    "升至",
    "减至",
    "增到",
    "降到",
    "升到",
    "减到",
    "调整至",
    "调整为",
];

/// Filler words between a phrase and its number: `受理申请共计82件`, `优秀率达100%`.
const TRAILING: &[&str] = &[
    "分别为",
    "分别是",
    "突破",
    "仅占",
    "只占",
    "占",
    "保持",
    "始终保持",
    "分别",
    "达到",
    "超过",
    "共计",
    "累计",
    "总计",
    "合计",
    "总数",
    "为",
    "是",
    "达",
    "计",
    "共",
    "了",
    "约",
    "有",
    "逾",
    "近",
    "超",
    "至",
    "到",
    "均",
    "已",
    "数",
    "先后",
    "全部",
    "共有",
    "总",
    "均为",
    "已达",
    "实现",
    "平均",
    "人民币",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "少于",
    "低于",
    "高于",
    "多于",
    "稳定在",
    "在",
    "均在",
    "保持在",
    "控制在",
    "维持在",
];

/// Characters that, alone or together, only lead up to a number: a word made of nothing else
/// (`仅为`, `高达`, `均达`, or `高` left by `达`) is a filler however the segmenter cut it.
const FILLER_CHARS: &str = "为达到是约仅只均已高共计有逾近超";

/// A word made only of [`FILLER_CHARS`].
fn is_filler(word: &str) -> bool {
    word.chars().all(|c| FILLER_CHARS.contains(c))
}

/// Words that measure a figure against another time: `比上年`, `较去年同期`, `同比`.
const COMPARED: &[&str] = &["比", "较", "同比", "环比"];

/// Verbs that alone say nothing about what a number measures.
const VAGUE_VERBS: &[&str] = &[
    "实现", "达到", "建设", "设立", "确定", "指导", "完成", "开展", "组织", "举办", "提供", "新增",
    "建立", "形成", "推动", "覆盖", "惠及", "涉及", "包括", "有", "是", "帮助", "协助", "引导",
    "推进", "打造", "建成", "培育", "召开", "参与", "参加",
];

/// Characters that end a clause; a label never crosses one.
fn clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | '\n' | '（' | '）' | '(' | ')' | ',' | ';' | ':'
    )
}

/// Characters that end a sentence; a subject is carried over only inside one. (Not `；`,
/// which goes on with the same things: `收到申请52件，同比增加40.5%；受理46件`.)
fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '\n')
}

/// A bracketed aside this short belongs to the word before it: `村（社区）`, `镇(街道)`.
const ASIDE_MAX: usize = 4;

/// Byte offsets of the brackets of short asides (`（社区）`), which do not end a clause.
fn aside_brackets(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut inside = Vec::new();
    for (k, &(b, c)) in chars.iter().enumerate() {
        if matches!(c, '（' | '(') {
            let close = chars[k + 1..]
                .iter()
                .take(ASIDE_MAX + 1)
                .position(|&(_, c)| matches!(c, '）' | ')'));
            if let Some(n) = close.filter(|&n| n > 0) {
                let words = &chars[k + 1..k + 1 + n];
                if words
                    .iter()
                    .all(|&(_, c)| !clause_end(c) && !c.is_ascii_digit())
                {
                    inside.push(b);
                    inside.push(chars[k + 1 + n].0);
                }
            }
        }
    }
    inside
}

/// Label every figure of a paragraph (dates get none), in place.
pub fn label(text: &str, figures: &mut [Figure]) {
    let mut start = 0;
    let mut first = 0;
    let mut carried: Option<String> = None;
    let asides = aside_brackets(text);
    // A thousands separator (`1,235名`) is part of its figure, not the end of a clause.
    // Figures are in order and disjoint: the first ending after `b` is the only candidate.
    let in_figure = |b: usize| {
        figures
            .get(figures.partition_point(|f| f.range.end <= b))
            .is_some_and(|f| f.range.contains(&b))
    };
    let ends = text
        .char_indices()
        .filter(|&(b, c)| clause_end(c) && !asides.contains(&b) && !in_figure(b))
        .map(|(b, c)| (b, b + c.len_utf8(), sentence_end(c)))
        .chain(std::iter::once((text.len(), text.len(), true)))
        .collect::<Vec<_>>();
    let mut previous = 0..0;
    // The sentence's figures so far that are no change: what `同比分别下降` speaks of.
    let mut stated: Vec<usize> = Vec::new();
    // The unit and value of the figure whose label is carried, when it is a figure's.
    let mut carried_count: Option<(String, f64)> = None;
    // What the sentence before counted last, for an act that opens the next one
    // (`收到行政复议申请178件。已审结163件`), and whether a figure of this sentence came yet.
    let mut last_sentence: Option<(String, (String, f64))> = None;
    let mut opened = false;
    for (end, next, sentence) in ends {
        let count = figures[first..]
            .iter()
            .take_while(|f| f.range.start < end)
            .count();
        let clause = first..first + count;
        if figures[clause.clone()]
            .iter()
            .any(|f| f.kind != FigureKind::Date)
        {
            // `764项（1386子项）`: a bracket after a figure says more of that figure.
            let open = text[..start].chars().next_back().map_or(0, char::len_utf8);
            let elaborates = figures[..first].last().is_some_and(|f| {
                f.range.end <= start - open && text[f.range.end..start - open].trim().is_empty()
            });
            label_clause(
                text,
                start..end,
                &mut figures[clause.clone()],
                &mut carried,
                &mut carried_count,
            );
            if !opened {
                opens_with_act(
                    &mut figures[clause.clone()],
                    last_sentence.take(),
                    &mut carried,
                    &mut carried_count,
                );
                opened = true;
            }
            if !elaborates {
                bracketed(
                    text,
                    start,
                    previous.clone(),
                    &mut figures[clause.clone()],
                    &mut carried,
                    &mut carried_count,
                );
            }
            changes_each(text, start, &stated, figures, clause.clone());
            rates_each(text, start, &stated, figures, clause.clone());
            // `新建一批法治文化公园和法治广场，共21个`: a figure its own clause names nothing
            // for counts what the clause before it made.
            for k in clause.clone() {
                if figures[k].kind != FigureKind::Date && figures[k].label.is_empty() {
                    figures[k].label = phrase_before(text, &words(text, previous.clone()));
                }
            }
            stated.extend(
                clause.filter(|&k| {
                    figures[k].kind != FigureKind::Date && figures[k].change.is_none()
                }),
            );
        }
        first += count;
        previous = start..end;
        start = next;
        if sentence {
            last_sentence = carried.take().zip(carried_count.take());
            opened = false;
            stated.clear();
        }
    }
}

/// `收到行政复议申请178件，较上年增加64件。已审结163件`: a sentence that opens with an act
/// alone does it to what the sentence before counted (`last`), when [`handled`] agrees.
fn opens_with_act(
    figs: &mut [Figure],
    last: Option<(String, (String, f64))>,
    carried: &mut Option<String>,
    carried_count: &mut Option<(String, f64)>,
) {
    let Some((things, count)) = last else { return };
    let Some(fig) = figs.iter_mut().find(|f| f.kind != FigureKind::Date) else {
        return;
    };
    if let Some(label) = handled(&fig.label, &things, (&count.0, count.1), fig) {
        fig.label = label;
        *carried = Some(things);
        *carried_count = Some(count);
    }
}

/// What may stand before the figure that opens a bracket: `（共15件）`.
const BRACKET_LEADS: &[&str] = &["", "共", "计", "共计", "合计", "累计"];

/// `新收行政复议案件（1,246件）`: a figure opening a bracket counts what stands before the
/// bracket (the `previous` clause), which the clause inside does not name.
fn bracketed(
    text: &str,
    start: usize,
    previous: Range<usize>,
    figs: &mut [Figure],
    carried: &mut Option<String>,
    carried_count: &mut Option<(String, f64)>,
) {
    if !text[..start].ends_with(['（', '(']) {
        return;
    }
    let Some(f) = figs.iter_mut().find(|f| f.kind != FigureKind::Date) else {
        return;
    };
    if !BRACKET_LEADS.contains(&text[start..f.range.start].trim()) {
        return;
    }
    let label = phrase_before(text, &words(text, previous));
    if !label.is_empty() {
        f.label = label.clone();
        *carried = Some(label);
        *carried_count = Some((f.unit.clone(), f.value));
    }
}

/// A quoted name up to this many characters is one noun: `“不罚”案件`, `“黑诊所”`.
const QUOTED_MAX: usize = 12;

/// Segment a piece of the paragraph into words with byte ranges in the paragraph. A short
/// quoted name becomes one noun, and a short bracketed aside joins the word before it.
fn words(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let piece = &text[range.clone()];
    let raw: Vec<Word> = SEGMENTER
        .tag(piece, false)
        .into_iter()
        .map(|t| {
            let at = range.start + (t.word.as_ptr() as usize - piece.as_ptr() as usize);
            Word {
                text: t.word,
                tag: t.tag,
                range: at..at + t.word.len(),
            }
        })
        .filter(|w| !w.text.trim().is_empty())
        .collect();
    let mut out: Vec<Word> = Vec::with_capacity(raw.len());
    let mut k = 0;
    while k < raw.len() {
        let w = &raw[k];
        // The segmenter may tag the last character of a noun on its own (`服务/站/v`): a
        // one-character word before an aside is taken as the noun it ends.
        let closing = match w.text {
            "“" => Some("”"),
            "（" | "("
                if out
                    .last()
                    .is_some_and(|p| p.is_noun() || p.text.chars().count() == 1) =>
            {
                Some("）")
            }
            _ => None,
        };
        let close = closing.and_then(|c| {
            raw[k + 1..]
                .iter()
                .position(|x| x.text == c || (c == "）" && x.text == ")"))
                .map(|n| k + 1 + n)
        });
        if let Some(end) = close {
            let span = w.range.start..raw[end].range.end;
            let chars = text[span.clone()].chars().count() - 2;
            if (1..=QUOTED_MAX).contains(&chars) {
                if w.text == "“" {
                    out.push(Word {
                        text: &text[span.clone()],
                        tag: "nz",
                        range: span,
                    });
                } else if chars <= ASIDE_MAX {
                    let prev = out.pop().expect("checked above");
                    let joined = prev.range.start..span.end;
                    out.push(Word {
                        text: &text[joined.clone()],
                        tag: if prev.is_noun() { prev.tag } else { "n" },
                        range: joined,
                    });
                } else {
                    out.push(w.clone());
                    k += 1;
                    continue;
                }
                k = end + 1;
                continue;
            }
        }
        out.push(w.clone());
        k += 1;
    }
    out
}

/// Label the figures of one clause. `carried_count` is the unit and value of the figure
/// whose label is `carried`, when it is a figure's.
fn label_clause(
    text: &str,
    clause: Range<usize>,
    figs: &mut [Figure],
    carried: &mut Option<String>,
    carried_count: &mut Option<(String, f64)>,
) {
    // The words between figures: gaps[j] is before figure j, gaps[n] after the last.
    let mut bounds = vec![clause.start];
    for f in figs.iter() {
        bounds.push(f.range.start.max(*bounds.last().unwrap_or(&0)));
        bounds.push(f.range.end);
    }
    bounds.push(clause.end.max(*bounds.last().unwrap_or(&0)));
    let gaps: Vec<Vec<Word>> = bounds
        .chunks(2)
        .map(|b| words(text, b[0]..b[1].max(b[0])))
        .collect();
    let mut done = vec![false; figs.len()];
    let part = text[clause.clone()].trim_start().starts_with("其中");
    paired_lists(text, clause.start, figs, &gaps, &mut done);
    from_to(text, figs, &gaps, &mut done);
    for j in 0..figs.len() {
        if figs[j].kind == FigureKind::Date {
            continue;
        }
        if !done[j] {
            // `91 大项 203 小项督察整改任务`: figures side by side count the same thing.
            let mut after = &gaps[j + 1];
            let mut k = j + 1;
            while k < figs.len() && before_is_list(after) && !gaps[k + 1].is_empty() {
                after = &gaps[k + 1];
                k += 1;
            }
            let after = if noun_after(text, after).is_empty() {
                &gaps[j + 1]
            } else {
                after
            };
            // `较2022年下降4.6个百分点`: the year compared with is a figure of its own, so
            // the comparison before it joins the words before this one.
            let joined: Vec<Word>;
            let before = match j.checked_sub(1) {
                Some(d)
                    if figs[d].kind == FigureKind::Date
                        && (gaps[d].last().is_some_and(|w| COMPARED.contains(&w.text))
                            || figs[j].unit == "倍"
                                && gaps[d]
                                    .last()
                                    .is_some_and(|w| MULTIPLE_VERBS.contains(&w.text))) =>
                {
                    let date = Word {
                        text: &text[figs[d].range.clone()],
                        tag: "t",
                        range: figs[d].range.clone(),
                    };
                    joined = [&gaps[d][..], &[date], &gaps[j][..]].concat();
                    &joined[..]
                }
                _ => &gaps[j][..],
            };
            let count = carried_count.as_ref().map(|(u, v)| (u.as_str(), *v));
            let plain = match kinds_before(text, figs, &gaps, j) {
                Some(what) => Plain::of(what),
                None => plain_label(text, &figs[j], before, after, carried, count),
            };
            figs[j].label = per_unit_of(&figs[j], plain.label, carried.as_deref(), count);
            if figs[j].change.is_none() {
                figs[j].change = plain
                    .change
                    .or_else(|| compared_at(before).map(|_| Change::By));
            }
            // What changed goes on to the next figure, not the change itself:
            // `较上年增加1,023件，增长8.9%` → `办理法律援助案件增长`.
            match plain.carry {
                Carry::Label => {}
                Carry::Subject(subject) => {
                    // A subject of its own clause (`立案数同比下降`) is no figure's.
                    if carried.as_deref() != Some(subject.as_str()) {
                        *carried_count = None;
                    }
                    *carried = Some(subject);
                    continue;
                }
                Carry::Keep => continue,
            }
        }
        if !figs[j].label.is_empty() {
            *carried = Some(for_all(&figs[j].label).to_string());
            // `其中县政府文件12件，修改8件`: a part of what was counted is not what is then
            // handled.
            *carried_count = (!part).then(|| (figs[j].unit.clone(), figs[j].value));
        }
    }
    share_the_act(figs, &gaps);
}

/// `label` without what makes it a count for each (`每个村（社区）配备…` → `村（社区）配备…`),
/// to go on to a figure that is not: `…三到五名，合计四千七百余名`.
fn for_all(label: &str) -> &str {
    if !label.starts_with('每') {
        return label;
    }
    let words = label_words(label);
    match &words[..] {
        [(each, _), (unit, "q"), ..] if *each == "每" => &label[each.len() + unit.len()..],
        [(each, _), rest @ ..] if each.starts_with('每') && !rest.is_empty() => {
            &label[each.len()..]
        }
        _ => label,
    }
}

/// Nouns of the kinds a number of things falls into: `8个类别312项`.
const KINDS: &[&str] = &[
    "方面", "类别", "大类", "门类", "领域", "板块", "环节", "层级", "批次", "方向", "维度",
];

/// `梳理权责事项8个类别312项`: a count right after the kinds the count before it falls
/// into counts what stands before them both.
fn kinds_before(text: &str, figs: &[Figure], gaps: &[Vec<Word>], j: usize) -> Option<String> {
    let previous = &figs[j.checked_sub(1)?];
    match &gaps[j][..] {
        // (`5个领域234条事项` names its own.)
        [kind]
            if KINDS.contains(&kind.text)
                && previous.label == kind.text
                && noun_after(text, &gaps[j + 1]).is_empty() =>
        {
            Some(phrase_before(text, &gaps[j - 1])).filter(|w| !w.is_empty())
        }
        _ => None,
    }
}

/// Verbs that alone before a number state a change: `，增长8.9%`.
const CHANGE_VERBS: &[&str] = &[
    "增长", "增加", "下降", "减少", "上升", "提高", "降低", "提升", "回落", "增幅", "降幅",
];

/// A figure's label outside lists and from/to pairs, with the change it states.
struct Plain {
    label: String,
    change: Option<Change>,
    /// What the next figure of the sentence may take as its subject.
    carry: Carry,
}

/// What a figure leaves to the next one to carry over as its subject.
enum Carry {
    /// Its label.
    Label,
    /// What changed, not the change (`办理法律援助案件`, not `…较上年增加`).
    Subject(String),
    /// Nothing new: the subject carried to it goes on.
    Keep,
}

impl Plain {
    fn of(label: String) -> Plain {
        Plain {
            label,
            change: None,
            carry: Carry::Label,
        }
    }
}

/// The label of a figure outside lists and from/to pairs, and the change it states.
fn plain_label(
    text: &str,
    fig: &Figure,
    before: &[Word],
    after: &[Word],
    carried: &Option<String>,
    carried_count: Option<(&str, f64)>,
) -> Plain {
    if fig.unit == RANK_UNIT {
        return Plain::of(ranked(text, fig, before, carried));
    }
    if let Some(label) = rank::moved_by(text, fig, before, after, carried) {
        return Plain {
            label,
            change: Some(Change::By),
            carry: Carry::Keep,
        };
    }
    let counted = bodies_not_their_people(fig, noun_after(text, after));
    let counted = members_of(text, before, counted);
    if fig.kind == FigureKind::Count && !counted.is_empty() {
        // `每个社区至少配备2名网格员`: a count for each of something says for what;
        // `司法所平均只有2.5名工作人员`, an average, says of what.
        // (`每个工作室每月`: each of one, each month: from the first.)
        let each = before
            .iter()
            .rposition(|w| w.text.starts_with('每'))
            .map(|k| {
                let mut first = k;
                let mut at = k;
                while at > 0 {
                    let w = &before[at - 1];
                    if w.text.starts_with('每') {
                        first = at - 1;
                    } else if !(w.is_noun() || w.tag == "q") {
                        break;
                    }
                    at -= 1;
                }
                (first, k)
            });
        let average = before.iter().rposition(|w| w.text == "平均");
        let per = match (each, average) {
            (Some((first, k)), _) => {
                let n = before[k + 1..]
                    .iter()
                    .take_while(|w| w.is_noun() || w.tag == "q")
                    .count();
                Some(text[before[first].range.start..before[k + n].range.end].to_string())
            }
            (None, Some(k)) => Some(format!("{}平均", phrase_before(text, &before[..k]))),
            _ => None,
        };
        return match per {
            Some(per) if (per.chars().count() + counted.chars().count()) <= LABEL_MAX => {
                Plain::of(format!("{per}{counted}"))
            }
            _ => Plain::of(
                acted_on(text, before, after, &counted)
                    .or_else(|| did(text, after, &counted))
                    .unwrap_or(counted),
            ),
        };
    }
    // `20个工作日内向社会公布`, `15个工作日以内作出答复`: a time limit is labelled by what
    // must happen within it.
    let within = after
        .first()
        .is_some_and(|w| matches!(w.text, "内" | "以内" | "之内"));
    if fig.kind == FigureKind::Quantity && (within || fig.text.ends_with("以内")) {
        let then = phrase_after(text, &after[usize::from(within)..]);
        if !then.is_empty() {
            return Plain::of(then);
        }
    }
    // A multiple of another time's value is a change of its subject (or of the one carried
    // over), never of the time compared with: `阅读量是2019年的2.3倍` (the subject before
    // `是`), `办件量比上年翻了一番` (doubling, whether or not the time is named: the subject
    // before any comparison).
    if fig.unit == "倍" {
        let subject_end = match fig.text.starts_with('翻') {
            true => Some(compared_at(before).unwrap_or(before.len())),
            false => multiple_of(before),
        };
        if let Some(k) = subject_end {
            let own = phrase_before(text, &before[..k]);
            let subject = match own.is_empty() {
                true => carried.clone(),
                false => Some(own),
            };
            if let Some(label) = subject {
                return Plain {
                    label,
                    change: Some(Change::By),
                    carry: Carry::Keep,
                };
            }
        }
    }
    // `网上可办率达99.6%，比上年提高2.3个百分点`: a change on the year before is a change of
    // the clause's own subject (`立案数同比下降`) or else of the one carried over, and says so.
    if let Some(k) = compared_at(before) {
        // `下降了17.2%`: the change ends on its verb.
        let verb_end = before[k..]
            .iter()
            .rposition(|w| !matches!(w.text, "了" | "为") && !is_filler(w.text))
            .map_or(k, |n| k + n);
        let change = compared_as_with(&text[before[k].range.start..before[verb_end].range.end]);
        let change = change.as_str();
        let own = phrase_before(text, &before[..k]);
        // The subject runs up to the comparison: fillers dropped before a number stay here
        // (`立案数同比下降`).
        let own = match before.first() {
            Some(w) if !own.is_empty() => text[w.range.start..before[k].range.start]
                .rfind(own.as_str())
                .map_or(own.as_str(), |at| {
                    &text[w.range.start + at..before[k].range.start]
                }),
            _ => "",
        };
        // `行政复议、行政诉讼案件均同比下降`: what changed is the cases, not `案件均`.
        let own = own.strip_suffix('均').unwrap_or(own);
        let subject = if own.is_empty() || VAGUE_VERBS.contains(&own) {
            carried.as_deref()
        } else {
            Some(own)
        };
        if let Some(s) = subject {
            // `较2023年的142件增加95件`: the value compared with is the earlier value.
            let earlier = before.last().is_some_and(|w| w.text == "的");
            let (change, kind) = match earlier {
                true => ("", Change::Before),
                false => (change, Change::By),
            };
            if let Some(label) = fit_subject(s, change) {
                return Plain {
                    label,
                    change: Some(kind),
                    carry: Carry::Subject(s.to_string()),
                };
            }
        }
    }
    // `较上年增加1,023件，增长8.9%`: a change verb alone changes the subject carried over.
    let verb = match before {
        [w] | [w, Word { text: "了", .. }] if CHANGE_VERBS.contains(&w.text) => Some(w.text),
        _ => None,
    };
    if let Some(verb) = verb {
        let label = carried.as_deref().and_then(|s| fit_subject(s, verb));
        return Plain {
            label: label.unwrap_or_else(|| verb.to_string()),
            change: Some(Change::By),
            carry: Carry::Keep,
        };
    }
    if let Some(rates) = rates_alike(text, before) {
        return Plain::of(rates);
    }
    // `约有25%的执法人员未参加培训`: a share of those who do something, after nothing or after
    // `有`, is named by them.
    let existential = before
        .last()
        .is_none_or(|w| is_filler(w.text) && w.text.contains('有'));
    if fig.kind == FigureKind::Percent && existential {
        if let [Word { text: "的", .. }, rest @ ..] = after {
            let those = phrase_after(text, rest);
            if !those.is_empty() {
                return Plain::of(those);
            }
        }
    }
    let mut phrase = phrase_before(text, before);
    // `各镇承接赋权事项平均87项`: a count on average is no total (a time on average is the
    // time: `审批时限平均压缩至3个工作日` stays `审批时限`).
    let averaged = before
        .iter()
        .rev()
        .find(|w| !is_filler(w.text) && !TRAILING.contains(&w.text) || w.text == "平均")
        .is_some_and(|w| w.text == "平均");
    if fig.kind == FigureKind::Count
        && averaged
        && !phrase.is_empty()
        && phrase.chars().count() + 2 <= LABEL_MAX
    {
        phrase.push_str("平均");
    }
    // `14个乡镇中仅有5个配备了法学专业人员`: those of the group that do what follows.
    if let Some(group) = phrase.strip_suffix('中').filter(|g| g.chars().count() >= 2) {
        let does: Vec<&Word> = after
            .iter()
            .filter(|w| !matches!(w.text, "了" | "过"))
            .take_while(|w| !w.ends_phrase())
            .collect();
        if does.first().is_some_and(|w| w.is_verb()) {
            let label: String = std::iter::once(group)
                .chain(does.iter().map(|w| w.text))
                .collect();
            if label.chars().count() <= LABEL_MAX {
                return Plain::of(label);
            }
        }
    }
    if let Some(label) = measure_of(&phrase, carried.as_deref())
        .or_else(|| running_total(before, carried.as_deref()))
        .or_else(|| share_of_those(text, before, fig).filter(|_| phrase.is_empty()))
    {
        return Plain::of(label);
    }
    if let Some(label) = scored_in(text, fig, &phrase) {
        return Plain::of(label);
    }
    // `办结案件63件，涉及金额约22万元`: the sum is that of what was counted before (not of a
    // rate: `调解成功率98.9%，涉及金额…`).
    if matches!(
        phrase.as_str(),
        "金额" | "涉及金额" | "涉案金额" | "总金额" | "涉及资金"
    ) {
        // (Only of things a sum is involved in: `人员涉及金额` says nothing.)
        let acted = |c: &&str| {
            [
                "案件", "纠纷", "合同", "协议", "项目", "事项", "申请", "账款", "诉求", "决策",
                "投诉", "处罚", "承诺",
            ]
            .iter()
            .any(|t| c.ends_with(t))
        };
        let things = carried.as_deref().filter(|c| !is_rate(c)).filter(acted);
        if let Some(label) = things.and_then(|s| fit_subject(s, &phrase)) {
            return Plain::of(label);
        }
    }
    // `持证的3,987人，占94.6%`: a share of the subject carried over; `占公务员总数的4.1%`,
    // of the whole it names.
    if matches!(phrase.as_str(), "占" | "约占" | "约" | "占比") {
        if let Some(label) = carried.as_deref().and_then(|s| fit_subject(s, "占比")) {
            return Plain::of(label);
        }
    }
    // (`分别为21件、14件和9件，合计占全部案件的62.9%`: the share of all of them, not of the
    // last one carried.)
    let summed = before.iter().any(|w| {
        matches!(
            w.text,
            "合计" | "共计" | "总计" | "共" | "合" | "累计" | "总共"
        )
    });
    if fig.kind == FigureKind::Percent
        && phrase.starts_with('占')
        && phrase.chars().count() > 1
        && !summed
    {
        let whole = carried.as_deref().filter(|c| !is_rate(c));
        if let Some(label) = whole.and_then(|s| fit_subject(s, &phrase)) {
            return Plain::of(label);
        }
    }
    // `收到行政复议申请19件，受理16件`: the 16 are applications accepted.
    if let Some(label) = carried
        .as_deref()
        .zip(carried_count)
        .and_then(|(c, count)| handled(&phrase, c, count, fig))
    {
        // The things stay what the next act is done to: `废止3件` after `建议保留60件`.
        return Plain {
            label,
            change: None,
            carry: Carry::Keep,
        };
    }
    if let Some(label) = carried.as_deref().and_then(|c| at_level(&phrase, c)) {
        return Plain::of(label);
    }
    // `其中网上办理占72%`: a part taking its share of the whole is named a share.
    let takes = before
        .iter()
        .rev()
        .find(|w| !matches!(w.text, "到" | "了" | "达" | "约" | "近" | "超过"))
        .is_some_and(|w| matches!(w.text, "占" | "约占" | "仅占" | "只占"));
    if fig.kind == FigureKind::Percent && takes && !phrase.starts_with('占') && !is_rate(&phrase) {
        if let Some(label) = fit_subject(&phrase, "占比").filter(|_| !phrase.is_empty()) {
            return Plain::of(label);
        }
    }
    Plain::of(unchanged_label(
        text, phrase, before, after, counted, carried,
    ))
}

/// [`plain_label`] of a figure that is no change: the phrase before it unless that says
/// nothing, then what it counts, the words after it or the subject carried over.
fn unchanged_label(
    text: &str,
    phrase: String,
    before: &[Word],
    after: &[Word],
    counted: String,
    carried: &Option<String>,
) -> String {
    let weak = phrase.is_empty() || VAGUE_VERBS.contains(&phrase.as_str());
    if !weak {
        return phrase;
    }
    if let Some(c) = carried
        .as_ref()
        .filter(|_| !before.is_empty() && before_is_list(before))
    {
        return c.clone();
    }
    if !counted.is_empty() {
        return counted;
    }
    // `，3件已办结`: nothing before it, so the words after say what it counts.
    let then = phrase_after(text, after);
    if !then.is_empty() {
        return then;
    }
    if !phrase.is_empty() {
        return phrase;
    }
    // `新建法治文化公园3个，累计达到十一个`: the running total is of all of them, not of the
    // newly made.
    let total = before.iter().any(|w| matches!(w.text, "累计" | "总计"));
    match carried {
        Some(c) if total => {
            let all = ["新建", "新增", "新设", "新"]
                .iter()
                .find_map(|n| c.strip_prefix(n))
                .unwrap_or(c);
            let label = format!("累计{all}");
            match label.chars().count() <= LABEL_MAX {
                true => label,
                false => c.clone(),
            }
        }
        Some(c) => c.clone(),
        None => then,
    }
}

/// `subject` then `change` within [`LABEL_MAX`], the subject's leading words dropped as
/// needed (`一审行政诉讼案件数量较去年下降`): what changed ends the subject, so its end stays.
fn fit_subject(subject: &str, change: &str) -> Option<String> {
    let room = LABEL_MAX.checked_sub(change.chars().count())?;
    let words = label_words(subject);
    let mut chars = subject.chars().count();
    let mut from = 0;
    let mut k = 0;
    // (A cut never leaves a joint first: `、进景区…`, `和乡镇负责人…`.)
    let joint = |w: &(&str, &str)| matches!(w.1, "c" | "p" | "x") && !w.0.starts_with('“');
    while let Some((w, tag)) = words.get(k) {
        // A verb right after a dropped noun ends that noun's compound (`法治政府/建设`):
        // it goes with it rather than start the label.
        let compound_tail = k > 0 && tag.starts_with('v') && words[k - 1].1.starts_with('n');
        let fits = chars <= room && !(from > 0 && compound_tail);
        if fits && !(from > 0 && joint(&words[k])) {
            break;
        }
        if k + 1 == words.len() {
            return None;
        }
        chars -= w.chars().count();
        from += w.len();
        k += 1;
    }
    (chars <= room).then(|| format!("{}{change}", &subject[from..]))
}

/// `备案审查率、报备率、及时率均达到100%`: one number for a list of rates is the value of
/// each, so the label names them all (each by its last word when all in full do not fit).
fn rates_alike(text: &str, before: &[Word]) -> Option<String> {
    let all = before
        .iter()
        .rposition(|w| w.text.starts_with('均') || matches!(w.text, "都" | "皆"))?;
    if !before[all + 1..]
        .iter()
        .all(|w| TRAILING.contains(&w.text) || is_filler(w.text))
    {
        return None;
    }
    let ws = &before[..all];
    let from = ws
        .iter()
        .rposition(|w| w.ends_phrase() && !matches!(w.text, "、" | "和" | "及"))
        .map_or(0, |k| k + 1);
    let items = list_items(text, &ws[from..]);
    if items.len() < 2 || !items.iter().all(|i| is_rate(i)) {
        return None;
    }
    // Too long in full: the longest member loses its first word, while it keeps three
    // characters, until the list fits (`报/备率` keeps `报备率`).
    let mut cut: Vec<&str> = items.iter().map(String::as_str).collect();
    let length = |cut: &[&str]| cut.iter().map(|i| i.chars().count() + 1).sum::<usize>() - 1;
    while length(&cut) > LABEL_MAX {
        let (k, longest) = cut
            .iter()
            .enumerate()
            .max_by_key(|(_, i)| i.chars().count())
            .map(|(k, i)| (k, *i))?;
        let first = label_words(longest).first().map(|(w, _)| w.len())?;
        let rest = &longest[first..];
        if rest.chars().count() < 3 {
            return None;
        }
        cut[k] = rest;
    }
    Some(cut.join("、"))
}

/// A word naming a rate or share: `覆盖率`, `比例`, `占比`.
fn is_rate(word: &str) -> bool {
    word.ends_with('率') || word.ends_with("比例") || word.ends_with("占比")
}

/// Where a `比上年`-like comparison starts among the words before a figure (`占/比` is a
/// share, not a comparison).
fn compared_at(before: &[Word]) -> Option<usize> {
    before.iter().enumerate().rev().find_map(|(k, w)| {
        let share = w.text == "比" && k > 0 && before[k - 1].text == "占";
        // `低于全省平均水平1.3个百分点`: against an average, not a bound (`低于40学时`).
        let average = matches!(w.text, "低于" | "高于")
            && before[k + 1..].iter().any(|w| w.text.contains("平均"));
        // `与全省平均水平相比高出`.
        let with = matches!(w.text, "与" | "和" | "同" | "跟")
            && before[k + 1..].iter().any(|w| w.text == "相比");
        ((COMPARED.contains(&w.text) && !share) || average || with).then_some(k)
    })
}

/// Only list separators (or nothing) stand between this figure and the one before it.
fn before_is_list(before: &[Word]) -> bool {
    before.iter().all(|w| {
        matches!(
            w.text,
            "、" | "和" | "及" | "与" | "以及" | "或" | "至" | "到"
        )
    })
}

/// Acts that pick out those counted before them: `4,600名国家工作人员参加学法考试` counts
/// those who sat the test, `4个街道尚未配备审核人员` the streets without one. (Other acts are
/// what the things were counted for: `44所学校开展普法` counts schools.)
const PICKING_ACTS: &[&str] = &[
    "参加", "参与", "完成", "接受", "旁听", "获评", "通过", "签订", "尚未", "未", "没有",
];

/// `counted` (the noun phrase opening `after`) with the act after it that picks them out,
/// when that act is one of [`PICKING_ACTS`] and the whole fits a label.
fn did(text: &str, after: &[Word], counted: &str) -> Option<String> {
    let start = after.first()?.range.start;
    let k = after
        .iter()
        .position(|w| w.range.end == start + counted.len())?;
    let act = &after[k + 1..];
    // (`47个部门全部完成述法` are all of them: nothing is picked out.)
    let first = act.iter().position(|w| !matches!(w.text, "已" | "已经"))?;
    if !PICKING_ACTS.contains(&act[first].text) {
        return None;
    }
    // The act with what it was done to (`参加` alone, its object cut off, says too little).
    let end = act.iter().position(Word::ends_phrase).unwrap_or(act.len());
    let last = act[..end]
        .last()
        .filter(|w| !w.tag.starts_with(['f', 'u', 'p', 'd', 'r']))?;
    let label = &text[start..last.range.end];
    (end > first + 1 && label.chars().count() <= LABEL_MAX).then(|| label.to_string())
}

/// The noun phrase right after a figure: `44所学校开展` → `学校`, `10个常驻部门` →
/// `常驻部门`, `8类柔性执法方式` → `柔性执法方式`, `200余名科级以上领导干部`.
fn noun_after(text: &str, after: &[Word]) -> String {
    let is_modifier = |w: &Word| {
        !w.ends_phrase() && matches!(w.tag, "v" | "a" | "b" | "d" | "h" | "ag" | "vd" | "f")
    };
    let fits = |k: usize| {
        text[after[0].range.start..after[k].range.end]
            .chars()
            .count()
            <= LABEL_MAX
    };
    // `纠正2件存在问题的文件`, `3个问题较多的部门`: a clause with `的` before the noun counted.
    if let Some(de) = after.iter().take(6).position(|w| w.text == "的") {
        let clause = &after[..de];
        let nouns = after[de + 1..]
            .iter()
            .take_while(|w| w.is_noun() && !w.ends_phrase() && !LEADING.contains(&w.text))
            .count();
        // The clause starts with what it says of them (`存在问题`, `违规持有`) or ends with
        // how many or much (`问题较多`); `16名律师组成的服务队` counts the lawyers, and
        // `28个执法单位的案卷` the units.
        let predicate = |w: &Word| w.is_verb() || matches!(w.tag, "a" | "d" | "b");
        let says_something = clause.first().is_some_and(|w| predicate(w) && !w.is_noun())
            || clause.last().is_some_and(|w| w.tag == "a")
            || clause.len() >= 2 && clause[clause.len() - 2].tag == "d";
        // (`28个执法单位的案卷`: whose, not which.)
        let whose = clause.last().is_some_and(|w| {
            names_a_place(w.text)
                || OFFICES.iter().any(|o| w.text.ends_with(o))
                || ["单位", "部门", "企业", "机关", "学校", "社区", "街道"].contains(&w.text)
        });
        let says_something = says_something
            && !whose
            && !clause
                .iter()
                .any(|w| matches!(w.text, "组成" | "构成" | "组建" | "牵头"));
        if de > 0
            && nouns > 0
            && says_something
            && clause.iter().all(|w| !w.ends_phrase())
            && fits(de + nouns)
        {
            return text[after[0].range.start..after[de + nouns].range.end].to_string();
        }
    }
    // Modifiers, then nouns (with `以上`-like words between them).
    let mut k = 0;
    while k < after.len() && is_modifier(&after[k]) && !after[k].is_noun() {
        k += 1;
    }
    let mut end = None;
    // `46家盐湖化工、新能源企业`: kinds listed before the noun counted are of it, when no
    // count of their own comes after them (`5家企业、2所学校`).
    // (The kinds after the mark must fit whole: a list cut short names less than one kind.)
    let listed = |k: usize| {
        let kinds = (after[k + 1..].iter())
            .take_while(|w| w.is_noun() || matches!(w.tag, "a" | "b"))
            .count();
        after[k].text == "、"
            && kinds > 0
            && fits(k + kinds)
            && !(after[k + 1..].iter())
                .take_while(|w| !w.ends_phrase() || w.text == "、")
                .any(|w| w.tag == "m")
    };
    // `13个镇（街道）中仍有…`, `主要负责人全部完成…`: an adverb ends what is counted.
    while k < after.len()
        && (!after[k].ends_phrase() || end.is_some() && listed(k))
        && !matches!(
            after[k].text,
            "仍" | "全部" | "均" | "都" | "也" | "还" | "已"
        )
        && fits(k)
    {
        if after[k].is_noun() {
            end = Some(k);
            // `96个人民调解委员会排查化解矛盾纠纷2,310件`: bodies doing an act are what is
            // counted, not the act (the next figure's).
            let body = after[k].is_plain_noun()
                && (OFFICES.iter().chain(&["组织", "机构", "部门", "单位"]))
                    .any(|o| after[k].text.ends_with(o));
            let acts = after.get(k + 1).is_some_and(|w| w.tag.starts_with('v'));
            if body && acts {
                return text[after[0].range.start..after[k].range.end].to_string();
            }
        } else if !matches!(after[k].tag, "f" | "a" | "b") && after[k].text != "、" {
            break;
        }
        k += 1;
    }
    let Some(mut end) = end else {
        return String::new();
    };
    // One verb between nouns when plain nouns end the phrase: `应急避难场所`, `柔性执法方式`;
    // not a clause's own verb: `44所学校开展普法` counts schools.
    if end + 2 < after.len() + 1
        && after
            .get(end + 1)
            .is_some_and(|w| w.is_verb() && !VAGUE_VERBS.contains(&w.text))
    {
        let tail: Vec<usize> = (end + 2..after.len())
            .take_while(|&i| after[i].is_plain_noun() && fits(i))
            .collect();
        let closes = tail
            .last()
            .is_some_and(|&i| after.get(i + 1).is_none_or(|w| w.ends_phrase()));
        if closes {
            end = *tail.last().unwrap_or(&end);
        }
    }
    // `9名律师和高校教师组成`, `47名部门和镇（街道）主要负责人`: the count is of both kinds
    // (a second count would stand between them: `2名律师和1名公证员`).
    if after
        .get(end + 1)
        .is_some_and(|w| matches!(w.text, "和" | "与" | "及"))
    {
        let mut tail: Vec<usize> = (end + 2..after.len())
            .take_while(|&i| {
                (after[i].is_plain_noun()
                    && after[i].tag != "s"
                    && !matches!(after[i].text, "现场" | "当场" | "线上" | "线下")
                    || matches!(after[i].tag, "b" | "a"))
                    && fits(i)
            })
            .collect();
        while tail.last().is_some_and(|&i| !after[i].is_plain_noun()) {
            tail.pop();
        }
        // (What follows says how or where they act: `现场述法`.)
        let closes = tail.last().is_some_and(|&i| {
            after.get(i + 1).is_none_or(|w| {
                w.ends_phrase()
                    || w.is_verb()
                    || matches!(w.tag, "s" | "d")
                    || matches!(w.text, "现场" | "当场" | "线上" | "线下")
            })
        });
        if closes {
            end = *tail.last().unwrap_or(&end);
        }
    }
    let first_noun = after.iter().position(|w| w.is_noun()).unwrap_or(0);
    if first_noun == end && after[end].tag == "vn" {
        return String::new();
    }
    text[after[0].range.start..after[end].range.end].to_string()
}

/// The words after a figure up to the clause's end, when nothing before it says what it
/// counts: `共 960 人参与测评` → `参与测评`.
fn phrase_after(text: &str, after: &[Word]) -> String {
    let skip = after
        .iter()
        .take_while(|w| w.tag == "p" || FUNCTION.contains(&w.text))
        .count();
    let after = &after[skip..];
    let mut end = 0;
    let mut chars = 0;
    for (k, w) in after.iter().enumerate() {
        chars += w.text.chars().count();
        // (`召开了听证会`: an aspect word goes on.)
        if w.ends_phrase() && !matches!(w.text, "了" | "过") || chars > LABEL_MAX {
            break;
        }
        end = k + 1;
    }
    match end {
        0 => String::new(),
        _ => text[after[0].range.start..after[end - 1].range.end].to_string(),
    }
}

/// The phrase before a figure that says what is counted, on word boundaries.
fn phrase_before(text: &str, before: &[Word]) -> String {
    let mut ws: &[Word] = before;
    // Fillers between the phrase and its number; `审批时限压缩至` drops the verb with `至`.
    loop {
        // `村均`, `户均`: an average for each, not a filler.
        let per = |last: &Word, rest: &[Word]| {
            last.text == "均"
                && rest
                    .last()
                    .is_some_and(|w| w.text.chars().count() == 1 && w.is_noun())
        };
        match ws.split_last() {
            Some((last, rest))
                if (TRAILING.contains(&last.text) || is_filler(last.text))
                    && !rest.is_empty()
                    && !per(last, rest) =>
            {
                let verb_then_to = matches!(last.text, "至" | "到")
                    && rest.len() > 1
                    && rest.last().is_some_and(|w| w.is_verb());
                ws = if verb_then_to {
                    &rest[..rest.len() - 1]
                } else {
                    rest
                };
            }
            Some((last, rest)) if last.tag == "uj" => ws = rest,
            // `合同等156件`: what the list is counted as stands before `等`; `事项增至286项`:
            // the verb going to the number is no part of what is counted.
            Some((last, rest))
                if (matches!(last.text, "等" | "等等") || TO_VERBS.contains(&last.text))
                    && !rest.is_empty() =>
            {
                ws = rest
            }
            // `出庭应诉率连续三年保持100%`: how long it has held is no part of the rate.
            Some((years, [rest @ .., running]))
                if running.text == "连续" && years.text.ends_with('年') && !rest.is_empty() =>
            {
                ws = rest;
            }
            _ => break,
        }
    }
    // Back to a function word or punctuation, at most LABEL_MAX characters. A ratio names
    // both its terms: `人民调解员与常住人口之比`.
    let ratio = ws
        .last()
        .is_some_and(|w| ["之比", "比例", "配比"].contains(&w.text));
    let mut from = ws.len();
    let mut chars = 0;
    while from > 0 {
        let w = &ws[from - 1];
        let n = w.text.chars().count();
        let joins_terms = ratio && matches!(w.text, "与" | "和" | "同");
        // `行政处罚和行政许可案卷`: two nouns joined before the noun they share are one thing.
        // So are two plain nouns (`规章及规范性文件`).
        let coordinates = matches!(w.text, "和" | "与" | "及")
            && from >= 2
            && ws[from - 2].is_plain_noun()
            && from < ws.len()
            && (ws[from..].len() >= 2 || ws[from].is_plain_noun())
            && ws[from..].iter().all(Word::is_noun);
        // `审查镇街和部门报备文件`, `挽回和避免经济损失`, `变更或撤销决定`: two words of a
        // kind joined by `和` or `或` (two places or things, two acts) share what follows
        // them; so do `满意和比较满意率` (the first said again in what follows) and
        // `A类和B类企业` (one measure word after each).
        let parallel =
            matches!(w.text, "和" | "与" | "及" | "或") && from >= 2 && from < ws.len() && {
                let (a, b) = (&ws[from - 2], &ws[from]);
                let thing = |w: &Word| w.is_noun() || w.tag == "a";
                let rest = &text[b.range.start..ws[ws.len() - 1].range.end];
                (thing(a) && thing(b))
                    || (a.is_verb() && b.is_verb())
                    || a.text.chars().count() >= 2 && rest.contains(a.text)
                    || a.tag == "q" && ws.get(from + 1).is_some_and(|c| c.text == a.text)
            };
        // `清理规章、规范性文件58件`: things listed with a pause mark are counted together,
        // and so is the last one joined by `和` (`法规、规章和规范性文件`).
        // (The segmenter tags some nouns of such lists as adjectives or verbs: `合同/a`,
        // `征地拆迁/v`, `人大代表建议/v`.)
        let member = |w: &Word| w.is_noun() || w.is_verb() || w.tag == "a";
        // After the mark, also the words of a place or kind (`清江沿线`, `劳动保障类`,
        // `全生命周期`).
        let in_list = |w: &Word| {
            member(w)
                || matches!(w.tag, "f" | "t" | "q" | "l")
                || matches!(w.text, "、" | "和" | "及" | "以及" | "等")
        };
        let listed = w.text == "、"
            && from >= 2
            && member(&ws[from - 2])
            && from < ws.len()
            && ws[from..].iter().all(in_list);
        let closes_list = matches!(w.text, "和" | "及" | "以及")
            && from >= 2
            && ws[from - 2].is_noun()
            && from < ws.len()
            && ws[from..].iter().all(Word::is_noun)
            && ws[..from - 1]
                .iter()
                .rev()
                .take_while(|w| member(w) || w.text == "、")
                .any(|w| w.text == "、");
        // `被诉案件`, `被占耕地`: a passive act on the thing.
        let passive = w.text == "被"
            && ws
                .get(from)
                .is_some_and(|n| n.text.chars().count() == 1 && n.tag.starts_with('v'));
        // `告知申请人向有关部门申请`: told to apply elsewhere, not an application made there.
        let toward = w.text == "向"
            && from >= 2
            && ws[from..].iter().any(Word::is_verb)
            && (ws[from - 2].is_verb()
                || ws[from - 2].is_noun() && from >= 3 && ws[from - 3].is_verb());
        // `每名执法人员参训`: for each of them.
        let each = w.text == "每" && ws.get(from).is_some_and(|n| n.tag == "q" || n.is_noun());
        // `减少对企业干扰`: an act on something keeps its verb.
        let object = w.text == "对"
            && from >= 2
            && ws[from - 2].is_verb()
            && ws[from..].first().is_some_and(Word::is_noun);
        // `法治文化公园、法治广场等阵地`: a list the noun after `等` sums up.
        let sums_up = w.text == "等"
            && from >= 2
            && member(&ws[from - 2])
            && from < ws.len()
            && ws[from..].iter().all(Word::is_noun)
            && ws[..from - 1].iter().any(|w| w.text == "、");
        if (w.ends_phrase()
            && !joins_terms
            && !coordinates
            && !parallel
            && !listed
            && !closes_list
            && !sums_up
            && !each
            && !passive
            && !toward
            && !object)
            || chars + n > LABEL_MAX
        {
            break;
        }
        chars += n;
        from -= 1;
    }
    // `以乡镇政府为被申请人的8件`: the cases with that respondent.
    if let Some(k) = with_as(ws, from) {
        let fits = text[ws[k].range.start..ws[from - 1].range.start]
            .chars()
            .count()
            + chars
            <= LABEL_MAX;
        if fits {
            from = k;
            chars = text[ws[from].range.start..ws[ws.len() - 1].range.end]
                .chars()
                .count();
        }
    }
    // `持有执法证件的人员`: a short head picked out by a `的` clause of what they did is
    // counted with it (`全县的律师` is all of them: no act, no clause).
    if chars <= 4 && from >= 2 && from < ws.len() && ws[from - 1].text == "的" {
        let mut start = from - 1;
        let mut n = chars + 1;
        while start > 0
            && !ws[start - 1].ends_phrase()
            && n + ws[start - 1].text.chars().count() <= LABEL_MAX
        {
            start -= 1;
            n += ws[start].text.chars().count();
        }
        // `以行政机关为被告的一审案件`: the clause runs back over `为` to its `以`.
        if let Some(k) = with_as(ws, start) {
            let more: usize = ws[k..start].iter().map(|w| w.text.chars().count()).sum();
            if n + more <= LABEL_MAX {
                start = k;
            }
        }
        // (The segmenter tags some verbs as names: `通晓/nr 蒙汉/ns 双语/nz`.)
        let clause = &ws[start..from - 1];
        let who_or_where =
            |w: &Word| matches!(w.tag, "r" | "ns" | "t" | "m" | "f") || LEADING.contains(&w.text);
        if clause.iter().any(Word::is_verb) || clause.len() >= 2 && !clause.iter().all(who_or_where)
        {
            from = start;
        }
    }
    let mut phrase = &ws[from..];
    // A list cut short by the length keeps no pause mark (or `和`) in front.
    while phrase
        .first()
        .is_some_and(|w| matches!(w.text, "、" | "和" | "及" | "与"))
    {
        phrase = &phrase[1..];
    }
    // A subject before `共`, `累计` … is who did it, not what is counted:
    // `行政执法部门共办理“不罚”案件` → `办理“不罚”案件`.
    // But when only an act is left, the subject is what it made: `服务平台共建成247个` →
    // `服务平台建成`, without the `共`.
    let mut left_out = None;
    let with_subject = phrase;
    if let Some(k) = phrase[..phrase.len().saturating_sub(1)]
        .iter()
        .rposition(|w| SUBJECT_ENDS.contains(&w.text))
    {
        let bare_act = matches!(&phrase[k + 1..], [w] if w.is_verb() || w.tag == "vn");
        // (`累计` before an act stays: a running total, unless the sentence says it is this
        // year's: `今年以来，全区累计受理`.)
        let running = phrase[k].text == "累计"
            && phrase[k + 1].is_verb()
            && !this_year(text, phrase[k].range.start);
        if bare_act && k > 0 {
            left_out = Some(phrase[k].range.clone());
        } else {
            phrase = &phrase[k + usize::from(!running)..];
        }
    }
    // Who and when are not what is counted: `我区共受理` → `受理`, `城南/街道化解` → `化解`.
    let mut placed = false;
    while let Some((first, rest)) = phrase.split_first() {
        // `正在推进` keeps its time word: one word alone would say less.
        let one_left = rest.len() == 1;
        // `新收案件`: a one-character verb keeps the character before it (`收案件` is no label).
        let glued = first.text.chars().count() == 1
            && rest.first().is_some_and(|w| {
                w.text.chars().count() == 1 && w.is_verb() && !matches!(w.text, "是" | "有")
            });
        // `每人每年`, `每名执法人员`: for each of them; `新登记`, `新培育/vn`: the new ones;
        // `累计归集`: all gathered so far, not this year's.
        let kept = first.text.starts_with('每')
            || first.text == "新" && rest.first().is_some_and(|w| w.tag.starts_with('v'))
            || first.text == "累计"
                && rest.first().is_some_and(Word::is_verb)
                && !this_year(text, first.range.start);
        if glued || kept {
            break;
        }
        let leads = LEADING.contains(&first.text)
            || (first.tag == "t" && !one_left)
            // (`半/m 专业扑火队` is a kind of team, not a number of them.)
            || matches!(first.tag, "m" | "r" | "q" | "f") && first.text != "半"
            || (first.tag == "ns" && names_a_place(first.text) && !rest.is_empty())
            || (first.tag == "ns" && rest.len() > 1 && PLACE_ENDS.contains(&rest[0].text))
            || (PLACE_ENDS.contains(&first.text) && placed && !rest.is_empty())
            // `玛纳斯县、沙湾市签订`: the next place of a list of them.
            || (matches!(first.text, "、" | "和" | "及" | "与") && placed && !rest.is_empty());
        placed = first.tag == "ns" || placed && matches!(first.text, "、" | "和" | "及" | "与");
        if !leads {
            break;
        }
        phrase = rest;
    }
    // `信访局受理群众来信来访`: the office that acted (a name of up to three words, `信访/局`)
    // is not what it counted. A name is more than its ending (`部门联合率` keeps `部门`), and
    // holds no one-character verb (`驻/派出所/调解/室` is a place, not who acted).
    let acted = (1..phrase.len().saturating_sub(1).min(4)).find(|&k| {
        let name = &text[phrase[0].range.start..phrase[k - 1].range.end];
        // `交办`, `督办` are acts, not offices.
        OFFICES
            .iter()
            .any(|o| name.ends_with(o) && name.len() > o.len())
            && phrase[k - 1].is_noun()
            && phrase[k].is_verb()
            && phrase[..k]
                .iter()
                .all(|w| !(w.is_verb() && w.text.chars().count() == 1))
    });
    if let Some(k) = acted {
        phrase = &phrase[k..];
    }
    match (phrase.first(), phrase.last()) {
        (Some(a), Some(b)) if !FUNCTION.contains(&b.text) || phrase.len() > 1 => {
            let whole = a.range.start..b.range.end;
            let label = &match left_out.filter(|r| whole.start < r.start) {
                Some(r) => format!("{}{}", &text[whole.start..r.start], &text[r.end..whole.end]),
                None => text[whole].to_string(),
            };
            // `测评得分为93分`: the segmenter cuts `得/分为`, but the score is `得分`, then `为`.
            let score = ["得分为", "评分为", "打分为", "积分为", "总分为"]
                .iter()
                .any(|s| label.ends_with(s));
            let label = match score {
                true => label[..label.len() - "为".len()].to_string(),
                false => label.to_string(),
            };
            through_channel(text, with_subject, a.range.start, label)
        }
        _ => String::new(),
    }
}

/// `以乡镇政府为被申请人`: where `ws[at - 1]` is the `为` of `以` and names, the `以`'s index.
fn with_as(ws: &[Word], at: usize) -> Option<usize> {
    if at < 3 || ws[at - 1].text != "为" {
        return None;
    }
    let names = ws[..at - 1]
        .iter()
        .rev()
        .take_while(|w| w.is_noun())
        .count();
    let k = (at - 1).checked_sub(names + 1)?;
    (names > 0 && ws[k].text == "以").then_some(k)
}

/// Verbs that make a number of times a multiple of another time's value: `是上年的1.6倍`.
const MULTIPLE_VERBS: &[&str] = &["是", "为", "相当于", "达", "达到"];

/// Where `是`/`相当于` stands in `…是上年的` before a multiple, if the words say so.
fn multiple_of(before: &[Word]) -> Option<usize> {
    let (last, rest) = before.split_last()?;
    if last.text != "的" {
        return None;
    }
    let times = rest
        .iter()
        .rev()
        .take_while(|w| w.tag == "t" || OTHER_TIMES.contains(&w.text))
        .count();
    let k = rest.len().checked_sub(times + 1)?;
    (times > 0 && MULTIPLE_VERBS.contains(&rest[k].text)).then_some(k)
}

/// The words of a figure's label with their parts of speech (`受理/v 行政复议/n 申请/v`),
/// cut by the segmenter the labels were made with: comparing reports asks of two labels what
/// each counts and what was done to it.
pub fn label_words(label: &str) -> Vec<(&str, &str)> {
    SEGMENTER
        .tag(label, false)
        .into_iter()
        .filter(|t| !t.word.trim().is_empty())
        .map(|t| (t.word, t.tag))
        .collect()
}

/// `label` shortened to at most `width` terminal cells with a leading `…`: its start goes,
/// because a Chinese noun phrase ends on the thing counted (`…法律援助案件`). Panes use it
/// so that a figure is always shown whole and only its label gives way.
pub fn shorten(label: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(label) <= width {
        return label.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for c in label.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_dictionary_loads_and_knows_domain_words() {
        let words: Vec<&str> = SEGMENTER
            .cut("千山区受理行政复议申请", false)
            .iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(words, ["千山区", "受理", "行政复议", "申请"]);
    }

    #[test]
    fn shorten_keeps_the_end_of_a_label_within_the_width() {
        assert_eq!(shorten("办理各类法律援助案件", 20), "办理各类法律援助案件");
        assert_eq!(shorten("办理各类法律援助案件", 13), "…法律援助案件");
        assert_eq!(shorten("办理各类法律援助案件", 2), "…");
        assert_eq!(shorten("abc", 0), "");
    }
}
