//! Re-anchoring notes after the report file changed.

use fazhi::note::anchor::{anchor_at, FUZZY_THRESHOLD};
use fazhi::note::{
    locate, locate_all, locate_in_report, paragraph_views, NewNote, ParagraphView, Placement, Store,
};
use fazhi::report::{Meta, Paragraph, Report, Section};
use std::collections::HashMap;
use std::ops::Range;

const PREAMBLE: &str = "2023年，在市委、市政府的坚强领导下，我区深入学习贯彻习近平法治思想，法治政府建设取得新成效。现将有关情况报告如下。";
const STUDY: &str = "区政府常务会议学法12次，组织领导干部旁听庭审活动2场，参加人数达到320人。";
const REVIEW_A: &str = "全年共办理行政复议案件58件，审结52件，纠错率为8.6%，";
const REVIEW_B: &str = "行政机关负责人出庭应诉率达到100%。";
const ENFORCE_TYPO: &str =
    "严格规范公正文明执法，全面推形行政执法三项制度，全年开展执法检查236次，查处违法案件41起。";
const ENFORCE: &str =
    "严格规范公正文明执法，全面推行行政执法三项制度，全年开展执法检查236次，查处违法案件41起。";
const SERVICE: &str = "推进“放管服”改革，政务服务事项网上可办率达到98.5%，一网通办水平不断提升。";
const WEAK: &str = "存在的不足：法治宣传教育针对性不强，基层法治力量仍然薄弱。";

/// Paragraph views numbered within their sections, like [`paragraph_views`] does.
fn views<'a>(texts: &[(&str, &'a str)]) -> Vec<ParagraphView<'a>> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    texts
        .iter()
        .map(|&(path, text)| {
            let n = counts.entry(path).or_insert(0);
            *n += 1;
            ParagraphView {
                section_path: path.to_string(),
                paragraph: *n - 1,
                text,
            }
        })
        .collect()
}

/// The report as first published: a page break split the review paragraph in two.
const ORIGINAL: [(&str, &str); 7] = [
    ("", PREAMBLE),
    ("一", STUDY),
    ("一", REVIEW_A),
    ("一", REVIEW_B),
    ("一", ENFORCE_TYPO),
    ("二", SERVICE),
    ("二", WEAK),
];

fn original() -> Vec<ParagraphView<'static>> {
    views(&ORIGINAL)
}

/// A later edition of the report: the original's paragraphs `replaced` give way to
/// `with` (section, text) — none to delete them, an empty range to insert.
fn revised<'a>(replaced: Range<usize>, with: &[(&'static str, &'a str)]) -> Vec<ParagraphView<'a>> {
    let mut texts: Vec<(&str, &'a str)> = ORIGINAL.to_vec();
    texts.splice(replaced, with.iter().copied());
    views(&texts)
}

fn anchor_on(text: &str) -> fazhi::note::Anchor {
    let v = original();
    let i = v.iter().position(|p| p.text == text).unwrap();
    anchor_at(&v, i, None).unwrap()
}

#[test]
fn unchanged_report_is_exact() {
    let v = original();
    for (i, p) in v.iter().enumerate() {
        assert_eq!(locate(&anchor_on(p.text), &v), Placement::Exact(i));
    }
}

#[test]
fn joined_paragraph_still_found() {
    let joined = format!("{REVIEW_A}{REVIEW_B}");
    let fixed = revised(2..4, &[("一", &joined)]);
    // The first half keeps its position; the second half is now inside it.
    assert_eq!(locate(&anchor_on(REVIEW_A), &fixed), Placement::Exact(2));
    assert_eq!(locate(&anchor_on(REVIEW_B), &fixed), Placement::Moved(2));
    // The paragraph after the join moved up one.
    assert_eq!(
        locate(&anchor_on(ENFORCE_TYPO), &fixed),
        Placement::Moved(3)
    );
    assert_eq!(locate(&anchor_on(WEAK), &fixed), Placement::Exact(5));
}

#[test]
fn inserted_paragraph_before() {
    let inserted = revised(
        1..1,
        &[(
            "一",
            "坚持党的领导，区委常委会会议专题研究法治政府建设工作4次。",
        )],
    );
    assert_eq!(locate(&anchor_on(STUDY), &inserted), Placement::Moved(2));
    assert_eq!(locate(&anchor_on(REVIEW_B), &inserted), Placement::Moved(4));
    assert_eq!(locate(&anchor_on(SERVICE), &inserted), Placement::Exact(6));
}

#[test]
fn corrected_character_is_fuzzy() {
    let corrected = revised(4..5, &[("一", ENFORCE)]);
    match locate(&anchor_on(ENFORCE_TYPO), &corrected) {
        Placement::Fuzzy(4, sim) => assert!((FUZZY_THRESHOLD..1.0).contains(&sim), "{sim}"),
        other => panic!("expected Fuzzy(4, _), got {other:?}"),
    }
}

#[test]
fn two_corrections_and_a_shift_still_fuzzy() {
    let edited = ENFORCE.replace("236", "263");
    let shifted = revised(
        1..5,
        &[
            ("一", "新增一段说明文字。"),
            ("一", STUDY),
            ("一", REVIEW_A),
            ("一", REVIEW_B),
            ("一", &edited),
        ],
    );
    assert!(matches!(
        locate(&anchor_on(ENFORCE_TYPO), &shifted),
        Placement::Fuzzy(5, _)
    ));
}

#[test]
fn partial_quote_with_typo_inside_joined_paragraph() {
    let v = original();
    let start = ENFORCE_TYPO.find("全面").unwrap();
    let end = ENFORCE_TYPO.find("制度").unwrap() + "制度".len();
    let anchor = anchor_at(&v, 4, Some(start..end)).unwrap();
    assert_eq!(anchor.quote.exact, "全面推形行政执法三项制度");
    assert!(anchor
        .quote
        .prefix
        .ends_with("100%。\n严格规范公正文明执法，"));
    assert_eq!(anchor.quote.prefix.chars().count(), 32);

    let joined = format!("{REVIEW_B}{ENFORCE}");
    let fixed = revised(3..5, &[("一", &joined)]);
    assert!(matches!(locate(&anchor, &fixed), Placement::Fuzzy(3, _)));
}

#[test]
fn deleted_paragraph_is_orphan() {
    let deleted = revised(4..5, &[]);
    assert_eq!(
        locate(&anchor_on(ENFORCE_TYPO), &deleted),
        Placement::Orphan
    );
}

#[test]
fn rewritten_paragraph_is_orphan_not_misplaced() {
    let rewritten = revised(
        4..5,
        &[(
            "一",
            "深化行政执法体制改革，推动执法力量向基层下沉，执法质效持续提升。",
        )],
    );
    assert_eq!(
        locate(&anchor_on(ENFORCE_TYPO), &rewritten),
        Placement::Orphan
    );
}

fn para(text: &str) -> Paragraph {
    Paragraph {
        text: text.to_string(),
        figures: Vec::new(),
        points: Vec::new(),
    }
}

fn section(level: u8, number: &str, parent: Option<usize>, texts: &[&str]) -> Section {
    Section {
        level,
        number: number.to_string(),
        title: String::new(),
        run_in: false,
        parent,
        paragraphs: texts.iter().map(|t| para(t)).collect(),
    }
}

fn report(sections: Vec<Section>) -> Report {
    Report {
        source: "test".to_string(),
        meta: Meta {
            code: Some("210311".to_string()),
            year: Some(2023),
            ..Meta::default()
        },
        front_matter: Vec::new(),
        sign_off: Vec::new(),
        preamble: vec![para(PREAMBLE)],
        sections,
        warnings: Vec::new(),
    }
}

#[test]
fn views_of_a_report() {
    let r = report(vec![
        section(1, "一、", None, &[]),
        section(2, "（一）", Some(0), &[STUDY, REVIEW_A]),
        section(1, "二、", None, &[SERVICE]),
    ]);
    let v = paragraph_views(&r);
    let got: Vec<(&str, usize)> = v
        .iter()
        .map(|p| (p.section_path.as_str(), p.paragraph))
        .collect();
    assert_eq!(
        got,
        vec![("", 0), ("一/（一）", 0), ("一/（一）", 1), ("二", 0)]
    );
    let a = anchor_at(&v, 2, None).unwrap();
    assert_eq!(locate_in_report(&a, &r), Placement::Exact(2));
}

/// A note whose paragraph was deleted from the report stays in the store and is listed
/// (as an orphan, with its quote) by `locate_all`.
#[test]
fn orphan_note_is_still_listed() {
    let dir = crate::common::temp::TempDir::new("anchor-orphan");
    let before = report(vec![
        section(1, "一、", None, &[STUDY, ENFORCE_TYPO]),
        section(1, "二、", None, &[WEAK]),
    ]);
    let v = paragraph_views(&before);
    let mut store = Store::open(&dir).unwrap();
    for i in 1..v.len() {
        store
            .add(NewNote {
                report_id: before.id(),
                anchor: anchor_at(&v, i, None).unwrap(),
                figure: None,
                body: format!("第{i}条意见 #待核实"),
                author: "审阅人".to_string(),
            })
            .unwrap();
    }

    let after = report(vec![
        section(1, "一、", None, &[STUDY]),
        section(1, "二、", None, &[WEAK]),
    ]);
    let notes = store.for_report(&after.id()).unwrap();
    assert_eq!(notes.len(), 3);
    let placed = locate_all(&notes, &paragraph_views(&after));
    assert_eq!(placed.len(), 3, "every note is returned, orphans included");
    let orphans: Vec<_> = placed
        .iter()
        .filter(|(_, p)| *p == Placement::Orphan)
        .collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].0.anchor.quote.exact, ENFORCE_TYPO);
    assert_eq!(orphans[0].0.body, "第2条意见 #待核实");
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A short quote occurring in several paragraphs: after an insertion the remembered
/// position holds another paragraph with the same phrase; the context finds the right one.
#[test]
fn short_quote_follows_context_not_position() {
    let before = views(&[
        ("一", "完善行政复议体制，行政复议委员会召开会议3次。"),
        ("一", "加强行政应诉工作，行政复议纠错率为8.6%。"),
    ]);
    let text = before[1].text;
    let start = text.find("行政复议").unwrap();
    let anchor = anchor_at(&before, 1, Some(start..start + "行政复议".len())).unwrap();
    let after = views(&[
        ("一", "新增：推进行政复议规范化建设。"),
        ("一", "完善行政复议体制，行政复议委员会召开会议3次。"),
        ("一", "加强行政应诉工作，行政复议纠错率为8.6%。"),
    ]);
    assert_eq!(locate(&anchor, &before), Placement::Exact(1));
    assert_eq!(locate(&anchor, &after), Placement::Moved(2));
}
