//! Unit tests of the parent module.

use super::counted::Counted;
use super::*;

#[test]
fn filler_words_do_not_change_a_label() {
    assert_eq!(label_key("共受理行政复议申请"), "受理行政复议申请");
    assert_eq!(label_key("全年累计办理"), "办理");
    assert_eq!(label_key("共"), "共");
    assert_eq!(label_key(" 我区 培训 "), "培训");
}

#[test]
fn similar_labels_score_by_shared_character_pairs() {
    assert_eq!(similarity("出庭应诉率", "出庭应诉率"), 1.0);
    assert!(similarity("受理行政复议申请", "收到行政复议案件申请") >= SIMILAR);
    assert!(similarity("受理行政复议申请", "办理法律援助案件") < SIMILAR);
    assert_eq!(similarity("", ""), 0.0);
    assert_eq!(similarity("件", "人"), 0.0);
    assert_eq!(similarity("受理", "受理转报"), 0.0);
}

#[test]
fn changes_are_described_with_sign_unit_and_percentage() {
    let f = |value: f64, unit: &str, kind| Figure {
        text: String::new(),
        value,
        unit: unit.into(),
        kind,
        approx: false,
        label: String::new(),
        range: 0..0,
        change: None,
    };
    let up = Change::between(
        &f(82.0, "件", FigureKind::Count),
        &f(97.0, "件", FigureKind::Count),
    );
    assert_eq!(up.describe("件"), "+15件 (+18.3%)");
    let down = Change::between(
        &f(100.0, "%", FigureKind::Percent),
        &f(97.5, "%", FigureKind::Percent),
    );
    assert_eq!(down.describe("%"), "−2.5 pp");
    let from_zero = Change::between(
        &f(0.0, "件", FigureKind::Count),
        &f(3.0, "件", FigureKind::Count),
    );
    assert_eq!(from_zero.describe("件"), "+3件");
    let same = Change::between(
        &f(5.0, "件", FigureKind::Count),
        &f(5.0, "件", FigureKind::Count),
    );
    assert_eq!(same.describe("件"), "±0");
    // Second to fourth place is two places down, not a 100 % change.
    let places = Change::between(
        &f(2.0, "名次", FigureKind::Quantity),
        &f(4.0, "名次", FigureKind::Quantity),
    );
    assert_eq!(places.describe("名次"), "+2名次");
}

fn report(name: &str, body: &str) -> Report {
    crate::report::parse(name, body)
}

#[test]
fn sections_face_the_section_on_the_same_topic_or_an_empty_cell() {
    let topics = Topics::bundled();
    let a = report(
        "a.txt",
        "南明区人民政府关于2022年法治政府建设情况的报告\n\
         一、做好行政复议工作\n共收到行政复议申请30件。\n\
         二、加强普法宣传\n开展普法活动60场次。\n\
         三、存在的不足\n基层力量薄弱。\n",
    );
    let b = report(
        "b.txt",
        "南明区人民政府关于2023年法治政府建设情况的报告\n\
         一、深入开展普法\n开展普法活动75场次。\n\
         二、严格规范公正文明执法\n培训执法人员300人次。\n\
         三、存在的不足\n执法队伍专业化不够。\n",
    );
    let cmp = compare(&topics, &a, &b);
    let title = |r: &Report, s: Option<usize>| s.map(|s| r.sections[s].title.clone());
    let rows: Vec<(Option<String>, Option<String>)> = cmp
        .sections
        .iter()
        .map(|row| (title(&a, row.a), title(&b, row.b)))
        .collect();
    let faces = |x: &str| {
        rows.iter()
            .find(|r| r.0.as_deref() == Some(x))
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(faces("做好行政复议工作"), None);
    assert_eq!(faces("加强普法宣传").as_deref(), Some("深入开展普法"));
    assert_eq!(faces("存在的不足").as_deref(), Some("存在的不足"));
    assert!(rows.contains(&(None, Some("严格规范公正文明执法".to_string()))));
    // Every section of both reports is in exactly one row.
    assert_eq!(rows.iter().filter(|r| r.0.is_some()).count(), 3);
    assert_eq!(rows.iter().filter(|r| r.1.is_some()).count(), 3);
    let pair = &cmp.pairs[0];
    assert_eq!(
        (pair.a.figure.text.as_str(), pair.b.figure.text.as_str()),
        ("60场次", "75场次")
    );
    assert_eq!(pair.change.describe("场次"), "+15场次 (+25.0%)");
    assert_eq!(cmp.only_a.len(), 1);
    assert_eq!(cmp.only_a[0].figure.text, "30件");
    assert!(cmp.topics_only_a.contains(&"行政复议".to_string()));
    assert!(cmp.topics_only_b.contains(&"行政执法".to_string()));
}

#[test]
fn repeated_character_pairs_count_as_often_as_both_labels_hold_them() {
    // 办理 twice on one side, once on the other: counted once (3 shared of 5 + 3 pairs).
    assert_eq!(similarity("办理办理案件", "办理案件"), 0.75);
    assert_eq!(similarity("办理案件", "办理办理案件"), 0.75);
}

#[test]
fn a_year_changes_from_the_nearest_earlier_year_that_states_the_figure() {
    let topics = Topics::bundled();
    let year = |y: u16, body: &str| {
        report(
            &format!("{y}.txt"),
            &format!(
                "南明区人民政府关于{y}年法治政府建设情况的报告\n一、做好行政复议工作\n{body}\n"
            ),
        )
    };
    let reports = vec![
        year(2021, "共收到行政复议申请40件，办结行政复议案件30件。"),
        year(2022, "办结行政复议案件33件。"),
        year(2023, "共收到行政复议申请52件，办结行政复议案件33件。"),
    ];
    let table = history(&topics, &reports, &[2, 0, 1], None);
    let column = |label: &str| {
        table
            .columns
            .iter()
            .position(|c| c.label.contains(label))
            .unwrap_or_else(|| panic!("no {label} column: {:?}", table.columns))
    };
    let described = |c: usize| -> Vec<Option<String>> {
        let unit = &table.columns[c].unit;
        table
            .changes(c)
            .into_iter()
            .map(|ch| ch.map(|ch| ch.describe(unit)))
            .collect()
    };
    // 2022 does not state the applications: 2023 is measured against 2021.
    assert_eq!(
        described(column("申请")),
        [None, None, Some("+12件 (+30.0%)".to_string())]
    );
    assert_eq!(
        described(column("办结")),
        [
            None,
            Some("+3件 (+10.0%)".to_string()),
            Some("±0".to_string())
        ]
    );
}

#[test]
fn fragment_labels_and_figures_sharing_only_a_unit_and_a_word_do_not_pair() {
    // Wording of two districts the bundled samples do not hold.
    let a = report(
        "qingyang.txt",
        "四川省成都市青羊区人民政府\n关于2023年法治政府建设情况的报告\n\
         一、深化“放管服”改革\n（一）优化政务服务。全面梳理涉企审批，涉及12类事项。\
         组织执法人员业务培训3次。评查行政处罚案卷43卷。全年共接收行政复议申请45件。\n",
    );
    let b = report(
        "xihu.txt",
        "浙江省杭州市西湖区人民政府\n关于2023年法治政府建设情况的报告\n\
         一、深化“放管服”改革\n（一）优化政务服务。将涉企审批整合为7类事项。\
         开展合法性审查工作人员轮训2次。评查案卷120卷。收到行政复议案件申请52件。\n",
    );
    let cmp = compare(&Topics::bundled(), &a, &b);
    let pairs: Vec<(&str, &str, &str)> = cmp
        .pairs
        .iter()
        .map(|p| (p.a.figure.text.as_str(), p.b.figure.text.as_str(), p.by))
        .collect();
    // The applications by their labels, the case files by their unit and a label that still
    // says what was reviewed.
    assert_eq!(
        pairs,
        [("43卷", "120卷", "unit"), ("45件", "52件", "label")]
    );
    // `事项` alone says nothing of which items; training and a review course share only a
    // unit and the word 人员.
    let texts = |side: &[Arc<Placed>]| -> Vec<String> {
        side.iter().map(|p| p.figure.text.clone()).collect()
    };
    assert_eq!(texts(&cmp.only_a), ["12类", "3次"]);
    assert_eq!(texts(&cmp.only_b), ["7类", "2次"]);
}

#[test]
fn headings_on_no_topic_face_the_same_heading_of_another_year() {
    let year = |y: &str, extra: &str| {
        report(
            &format!("{y}.txt"),
            &format!(
                "贵州省贵阳市南明区人民政府\n关于{y}年法治政府建设情况的报告\n\
                 一、{y}年{extra}法治政府建设主要成效\n全区上下共同努力。\n\
                 二、下一步工作打算\n继续推进。\n"
            ),
        )
    };
    let (a, b) = (year("2022", ""), year("2023", "度"));
    let cmp = compare(&Topics::bundled(), &a, &b);
    let title =
        |r: &Report, s: Option<usize>| s.map_or("—".to_string(), |s| r.sections[s].title.clone());
    let rows: Vec<(String, String)> = cmp
        .sections
        .iter()
        .map(|row| (title(&a, row.a), title(&b, row.b)))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "2022年法治政府建设主要成效".to_string(),
                "2023年度法治政府建设主要成效".to_string()
            ),
            ("下一步工作打算".to_string(), "下一步工作打算".to_string()),
        ]
    );
}

#[test]
fn labels_pair_only_when_they_count_the_same_thing_done_the_same_way() {
    let agree = |x: &str, y: &str| Counted::of(x).agrees(&Counted::of(y));
    // The same act in other words, a qualifier of the thing counted, a set phrase.
    for (x, y) in [
        ("收到行政复议申请", "接收行政复议申请"),
        ("接收行政复议申请", "收到行政复议案件申请"),
        ("接到行政复议申请", "收到行政复议申请"),
        ("行政应诉案件", "行政诉讼应诉案件"),
        ("办理行政应诉案件", "办理行政诉讼应诉案件"),
        ("负责人出庭应诉率", "行政机关负责人出庭应诉率"),
        ("审结行政复议案件", "办结行政复议案件"),
        ("规范性文件", "部门规范性文件"),
    ] {
        assert!(agree(x, y), "{x} and {y} count the same thing");
        assert!(agree(y, x), "{y} and {x} count the same thing");
    }
    // A different act, an act only one side names, a different thing counted, a manner.
    for (x, y) in [
        ("受理行政复议申请", "收到行政复议申请"),
        ("受理行政复议申请", "接收行政复议案件申请"),
        ("清查规范性文件", "制定规范性文件"),
        ("清查规范性文件", "规范性文件"),
        ("党政机关", "法定行政机关"),
        ("参加政府常务会议", "审查政府常务会议题材料"),
        ("配备人民调解员", "调解员"),
        ("受理各类矛盾纠纷", "调解各类矛盾纠纷"),
        ("行政执法部门", "行政执法主体"),
        ("行政应诉案件", "区政府出庭行政应诉案件"),
        ("化解率", "一次性化解率"),
        ("可网办率", "网办率"),
        ("满意率", "基本满意率"),
    ] {
        assert!(!agree(x, y), "{x} and {y} count different things");
        assert!(!agree(y, x), "{y} and {x} count different things");
    }
}

#[test]
fn figures_whose_labels_count_different_things_do_not_pair_however_close() {
    // Wording of two districts the bundled samples do not hold.
    let a = report(
        "yuelu.txt",
        "湖南省长沙市岳麓区人民政府\n关于2023年法治政府建设情况的报告\n\
         一、做好行政复议应诉工作\n全年受理行政复议申请128件，办理行政应诉案件46件。\n\
         二、加强规范性文件管理\n全面清查规范性文件37件。\n\
         三、深化政务公开\n公开权责清单的党政机关21个。区政府领导参加政府常务会议12次。\n",
    );
    let b = report(
        "gusu.txt",
        "江苏省苏州市姑苏区人民政府\n关于2024年法治政府建设情况的报告\n\
         一、做好行政复议应诉工作\n收到行政复议申请143件，办理行政诉讼应诉案件51件。\n\
         二、加强规范性文件管理\n制定规范性文件6件。\n\
         三、深化政务公开\n公开权责清单的法定行政机关18个。司法局审查政府常务会议题材料40次。\n",
    );
    let cmp = compare(&Topics::bundled(), &a, &b);
    let pairs: Vec<(&str, &str, &str, &str)> = cmp
        .pairs
        .iter()
        .map(|p| {
            let (x, y) = (&p.a.figure, &p.b.figure);
            (
                x.label.as_str(),
                x.text.as_str(),
                y.label.as_str(),
                y.text.as_str(),
            )
        })
        .collect();
    // Applications accepted are not applications received: 128 accepted against 143
    // received would be no change at all.
    assert_eq!(
        pairs,
        [("办理行政应诉案件", "46件", "办理行政诉讼应诉案件", "51件")]
    );
    let texts = |side: &[Arc<Placed>]| -> Vec<String> {
        side.iter().map(|p| p.figure.text.clone()).collect()
    };
    assert_eq!(texts(&cmp.only_a), ["128件", "37件", "21个", "12次"]);
    assert_eq!(texts(&cmp.only_b), ["143件", "6件", "18个", "40次"]);
}
