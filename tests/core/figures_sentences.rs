//! Sentences written for these tests, imagined from reports of other provinces (none is from
//! the bundled samples): each names the figures a reader should see and what each measures.

use fazhi::report::figure::extract;
use fazhi::report::{Change, Figure, FigureKind};

/// The non-date figures of a sentence.
fn figures(text: &str) -> Vec<Figure> {
    extract(text)
        .into_iter()
        .filter(|f| f.kind != FigureKind::Date)
        .collect()
}

/// Assert the figures of `text`, in order, as (figure text, a phrase its label holds).
fn expect(text: &str, want: &[(&str, &str)]) {
    let got = figures(text);
    let pairs: Vec<(&str, &str)> = got
        .iter()
        .map(|f| (f.text.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(got.len(), want.len(), "{text}\n got {pairs:?}");
    for (f, (figure, label)) in got.iter().zip(want) {
        assert_eq!(f.text, *figure, "{text}\n got {pairs:?}");
        assert!(
            f.label.contains(label) && f.label.chars().count() <= 16,
            "{text}: {figure} labelled {:?}, want {label}\n got {pairs:?}",
            f.label
        );
    }
}

#[test]
fn the_thing_counted_after_the_measure_word_is_the_label() {
    expect("市教育局指导44所学校开展法治教育。", &[("44所", "学校")]);
    expect("为230个企业提供免费法律体检。", &[("230个", "企业")]);
    expect(
        "全省新增1100多万个就业岗位。",
        &[("1100多万个", "就业岗位")],
    );
    expect(
        "县司法局组织12场普法讲座，覆盖群众3000余人。",
        &[("12场", "普法讲座"), ("3000余人", "覆盖群众")],
    );
    expect("与5家律师事务所签订合作协议。", &[("5家", "律师事务所")]);
    expect("向27个乡镇派驻法律顾问。", &[("27个", "乡镇")]);
    expect("聘请8名专职人民调解员。", &[("8名", "人民调解员")]);
    expect(
        "建成36个村级公共法律服务工作室。",
        &[("36个", "公共法律服务工作室")],
    );
}

#[test]
fn the_noun_phrase_before_a_number_is_kept_with_its_verb() {
    expect(
        "全年共受理行政复议申请82件。",
        &[("82件", "受理行政复议申请")],
    );
    expect(
        "市本级办理法律援助案件1260件，挽回经济损失3200余万元。",
        &[("1260件", "法律援助案件"), ("3200余万元", "挽回经济损失")],
    );
    expect(
        "今年以来我县累计审查规范性文件57件。",
        &[("57件", "审查规范性文件")],
    );
    expect(
        "全市行政机关负责人出庭应诉率达98.6%。",
        &[("98.6%", "出庭应诉率")],
    );
    let f = &figures("全县共受理行政复议申请82件。")[0];
    assert!(
        !f.label.starts_with("全县") && !f.label.starts_with('共'),
        "{}",
        f.label
    );
}

#[test]
fn from_and_to_values_share_their_subject_and_are_marked() {
    let figs = figures("行政复议纠错率从8%提高到12%。");
    assert_eq!(figs.len(), 2);
    assert_eq!(figs[0].label, figs[1].label);
    assert!(figs[0].label.contains("纠错率"), "{}", figs[0].label);
    assert_eq!(figs[0].change, Some(Change::Before));
    assert_eq!(figs[1].change, Some(Change::After));
    let figs = figures("审批时限由20个工作日压缩至5个工作日。");
    assert_eq!(
        (figs[0].change, figs[1].change),
        (Some(Change::Before), Some(Change::After))
    );
    assert!(
        figs.iter().all(|f| f.label.contains("审批时限")),
        "{figs:?}"
    );
    let figs = figures("群众满意度从91.2％上升到96.5％。");
    assert!(figs.iter().all(|f| f.label.contains("满意度")), "{figs:?}");
    let figs = figures("一审败诉率由15%下降至6.3%，");
    assert!(figs.iter().all(|f| f.label.contains("败诉率")), "{figs:?}");
    // Without `从`, a single value is not marked.
    assert_eq!(figures("网办率提高到95%。")[0].change, None);
}

#[test]
fn respectively_pairs_each_figure_with_its_own_subject() {
    expect(
        "受理、办结行政复议案件分别为82件、79件。",
        &[("82件", "受理行政复议案件"), ("79件", "办结行政复议案件")],
    );
    expect(
        "地区生产总值、一般公共预算收入、居民人均可支配收入分别增长5.1%、6.8%、7.2%。",
        &[
            ("5.1%", "地区生产总值"),
            ("6.8%", "一般公共预算收入"),
            ("7.2%", "居民人均可支配收入"),
        ],
    );
    expect(
        "行政许可、行政处罚、行政检查事项分别为103项、529项、108项。",
        &[
            ("103项", "行政许可"),
            ("529项", "行政处罚"),
            ("108项", "行政检查"),
        ],
    );
    expect(
        "全年调解、化解矛盾纠纷分别为4200件和4150件。",
        &[("4200件", "调解"), ("4150件", "化解")],
    );
    expect(
        "一审、二审案件分别为30件、12件。",
        &[("30件", "一审"), ("12件", "二审")],
    );
    expect(
        "市级、县级法律顾问分别为45名、210名。",
        &[("45名", "市级"), ("210名", "县级法律顾问")],
    );
}

#[test]
fn a_list_sharing_a_unit_gives_every_member_that_unit() {
    let figs = figures("新建、改造、维修办公用房5.2万、1.8万、0.9万平方米。");
    let got: Vec<(&str, &str, f64)> = figs
        .iter()
        .map(|f| (f.text.as_str(), f.unit.as_str(), f.value))
        .collect();
    assert_eq!(
        got,
        [
            ("5.2万", "平方米", 52_000.0),
            ("1.8万", "平方米", 18_000.0),
            ("0.9万平方米", "平方米", 9_000.0)
        ]
    );
    assert!(figs[0].label.contains("新建"), "{figs:?}");
    assert!(figs[1].label.contains("改造"), "{figs:?}");
    assert!(figs[2].label.contains("维修"), "{figs:?}");
    let figs = figures("办理时限压缩为3、5、7个工作日。");
    assert_eq!(figs.len(), 3, "{figs:?}");
    assert!(figs.iter().all(|f| f.unit == "个工作日"), "{figs:?}");
    let figs = figures("两个园区分别新增绿地12和8公顷。");
    assert_eq!(figs.len(), 2, "{figs:?}");
    assert!(figs.iter().all(|f| f.unit == "公顷"), "{figs:?}");
    let figs = figures("办结率分别为96%、98%和100%。");
    assert_eq!(figs.len(), 3);
    assert!(figs.iter().all(|f| f.label.contains("办结率")), "{figs:?}");
}

#[test]
fn subjects_are_carried_over_within_a_sentence() {
    expect(
        "共办理行政复议案件54件，其中调解结案20件，撤回8件。",
        &[
            ("54件", "行政复议案件"),
            ("20件", "调解结案"),
            ("8件", "撤回"),
        ],
    );
    expect(
        "收到群众来信300件，已办结285件，正在办理15件。",
        &[
            ("300件", "群众来信"),
            ("285件", "办结"),
            ("15件", "正在办理"),
        ],
    );
    expect(
        "接收行政复议申请120件，受理98件、不予受理14件。",
        &[
            ("120件", "行政复议申请"),
            ("98件", "受理"),
            ("14件", "不予受理"),
        ],
    );
    let figs = figures("开展普法宣传活动80场、90场，");
    assert!(
        figs.iter().all(|f| f.label.contains("普法宣传活动")),
        "{figs:?}"
    );
    // A new sentence starts afresh.
    let figs = figures("全年调解纠纷900件。其中，76件。");
    assert_ne!(figs[1].label, "其中");
}

#[test]
fn every_figure_is_found_with_compound_units_and_approximation() {
    let f = &figures("全省社会消费品零售总额达2.1万亿元。")[0];
    assert_eq!((f.unit.as_str(), f.value), ("元", 2.1e12));
    assert_eq!(f.kind, FigureKind::Money);
    let f = &figures("粮食产量稳定在1300亿斤以上。")[0];
    assert_eq!((f.unit.as_str(), f.value, f.approx), ("斤", 1.3e11, true));
    let f = &figures("全域面积1.66万平方公里。")[0];
    assert_eq!((f.unit.as_str(), f.value), ("平方公里", 16_600.0));
    expect("“法律明白人”工程惠及2.6万群众。", &[("2.6万", "群众")]);
    expect("服务近3万市场主体。", &[("近3万", "市场主体")]);
    let f = &figures("服务近3万市场主体。")[0];
    assert!(f.approx && f.value == 30_000.0);
    let f = &figures("办理案件１２3件。")[0];
    assert_eq!(f.value, 123.0);
    let f = &figures("群众满意率９５．５％。")[0];
    assert_eq!((f.kind, f.value), (FigureKind::Percent, 95.5));
    for (text, figure) in [
        ("培训执法人员约500人次。", "约500人次"),
        ("受理案件超过1200件。", "超过1200件"),
        ("覆盖人口逾10万人。", "逾10万人"),
        ("调解纠纷300件左右。", "300件左右"),
        ("建成驿站将近40个。", "将近40个"),
    ] {
        let f = &figures(text)[0];
        assert_eq!(f.text, figure, "{text}");
        assert!(f.approx, "{text}");
    }
}

#[test]
fn years_dates_ordinals_document_numbers_and_names_are_not_figures() {
    for text in [
        "2024年3月15日召开会议。",
        "印发《某某县法治政府建设规划（2021—2025年）》。",
        "第5次会议审议通过。",
        "某政办发〔2024〕12号文件。",
        "深入实施“八五”普法规划。",
        "构建“1+N”制度体系。",
        "推行“365”服务模式。",
        "拨打12345热线反映问题。",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn labels_never_start_or_end_on_a_function_word_or_bare_verb() {
    for text in [
        "为230个企业提供法律服务。",
        "和116个村签订协议。",
        "对涉及的28个部门进行检查。",
        "与5家企业签订协议。",
        "指导44所学校完成调整。",
        "县政府设立12个服务站。",
        "实现100%全覆盖。",
    ] {
        for f in figures(text) {
            let first = f.label.chars().next().map(String::from).unwrap_or_default();
            assert!(
                !f.label.is_empty()
                    && !["为", "和", "对", "与", "将", "在", "从", "由", "等"]
                        .contains(&first.as_str())
                    && !["指导", "设立", "建设", "实现", "确定"].contains(&f.label.as_str()),
                "{text}: {} labelled {:?}",
                f.text,
                f.label
            );
        }
    }
}

/// The labels of the non-date figures of `text`, exactly.
fn labels(text: &str) -> Vec<String> {
    figures(text).into_iter().map(|f| f.label).collect()
}

/// The figures of a sentence as (text, label, how it changed).
fn marked(text: &str) -> Vec<(String, String, Option<Change>)> {
    figures(text)
        .into_iter()
        .map(|f| (f.text, f.label, f.change))
        .collect()
}

/// One row of [`marked`], as a test writes it.
fn mark(text: &str, label: &str, change: Option<Change>) -> (String, String, Option<Change>) {
    (text.to_string(), label.to_string(), change)
}

#[test]
fn the_counted_noun_ends_the_label_before_the_clauses_own_verb() {
    assert_eq!(labels("市教育局指导44所学校开展法治教育。"), ["学校"]);
    assert_eq!(labels("为120家企业提供合规指导。"), ["企业"]);
    // A verb inside a compound noun still belongs to it.
    assert_eq!(labels("新建8处应急避难场所。"), ["应急避难场所"]);
}

#[test]
fn a_thousands_separator_does_not_cut_the_label_off() {
    assert_eq!(
        labels("组织全区1,235名领导干部参加年度学法考试。"),
        labels("组织全区1235名领导干部参加年度学法考试。")
    );
    assert_eq!(
        labels("全市2,046项政务服务事项实现全程网办。"),
        ["政务服务事项"]
    );
}

#[test]
fn counts_written_out_in_numerals_are_figures() {
    let figs =
        figures("全年共办理行政复议案件三百二十六宗，其中纠错二十一件，涉及一百多名当事人。");
    let got: Vec<(&str, f64, bool)> = figs
        .iter()
        .map(|f| (f.text.as_str(), f.value, f.approx))
        .collect();
    assert_eq!(
        got,
        [
            ("三百二十六宗", 326.0, false),
            ("二十一件", 21.0, false),
            ("一百多名", 100.0, true)
        ]
    );
    assert_eq!(figs[0].label, "办理行政复议案件");
    assert_eq!(figs[2].label, "当事人");
    assert_eq!(figures("培训两千余人次。")[0].value, 2000.0);
}

#[test]
fn numerals_that_name_or_order_things_are_not_figures() {
    for text in [
        "全面落实行政执法三项制度。",
        "召开第二十三次常务会议。",
        "从十个方面推进法治建设，出台二十条措施。",
        "深入开展万人助万企活动，千人进万家。",
        "二〇二四年，一是加强领导，二是完善制度。",
        "编制“十四五”规划，开展“十大行动”。",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn a_change_on_the_year_before_is_marked_and_says_what_changed() {
    let figs = figures("网上可办率达99.6%，比上年提高2.3个百分点。");
    assert_eq!(figs[0].change, None);
    assert_eq!(
        (figs[1].label.as_str(), figs[1].change),
        ("网上可办率比上年提高", Some(Change::By))
    );
    let figs = figures("受理行政复议申请82件，较去年同期增加15件。");
    assert_eq!(figs[0].change, None);
    assert_eq!(figs[1].change, Some(Change::By));
    assert!(figs[1].label.starts_with("受理行政复议申请"), "{figs:?}");
    // No subject before it in the sentence: still a change.
    assert_eq!(figures("同比增长12.5%。")[0].change, Some(Change::By));
}

/// The label and change of each non-date figure of `text`.
fn changes(text: &str) -> Vec<(String, Option<Change>)> {
    figures(text)
        .into_iter()
        .map(|f| (f.label, f.change))
        .collect()
}

#[test]
fn a_change_belongs_to_the_clauses_own_subject_before_one_carried_over() {
    // The second clause names what fell: the first clause's subject is not it.
    assert_eq!(
        labels("公安机关查处治安案件1.2万起，刑事案件立案数同比下降11%。"),
        ["公安机关查处治安案件", "刑事案件立案数同比下降"]
    );
    // A subject too long to carry whole keeps its end, the thing that changed.
    assert_eq!(
        labels("全市各级行政机关一审行政诉讼案件数量为412件，较去年下降8.9%。"),
        [
            "行政机关一审行政诉讼案件数量",
            "一审行政诉讼案件数量较去年下降"
        ]
    );
}

#[test]
fn a_change_against_a_named_year_is_a_change_and_ends_on_its_verb() {
    let got = changes("全年行政复议案件数量较2021年同期下降了17.2%。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, Some(Change::By), "{got:?}");
    assert!(
        got[0].0.ends_with("较2021年同期下降") && got[0].0.contains("案件数量"),
        "{got:?}"
    );
    assert_eq!(
        changes("行政诉讼案件败诉率较2022年下降4.6个百分点。")[0].1,
        Some(Change::By)
    );
}

#[test]
fn from_and_to_values_with_the_first_ones_year_between_share_their_subject() {
    assert_eq!(
        changes("群众对法治政府建设的满意度由2022年的91.3%提升至93.5%。"),
        [
            ("法治政府建设的满意度".to_string(), Some(Change::Before)),
            ("法治政府建设的满意度".to_string(), Some(Change::After))
        ]
    );
}

#[test]
fn words_that_only_lead_up_to_a_number_are_not_the_label() {
    assert_eq!(labels("执法人员持证率仅为87%。"), ["执法人员持证率"]);
    assert_eq!(
        labels("行政机关负责人出庭应诉率高达100%。"),
        ["行政机关负责人出庭应诉率"]
    );
    assert_eq!(
        labels("重大行政决策合法性审查率、集体讨论决定率均达100%。"),
        ["决策合法性审查率、集体讨论决定率"]
    );
    assert_eq!(
        labels("乡镇（街道）合法性审查覆盖率实现100%。"),
        ["乡镇（街道）合法性审查覆盖率"]
    );
    // A time word before a one-character verb is part of the verb: `新收`, not `收`.
    assert_eq!(
        labels("全年新收行政复议案件1,023件。"),
        ["新收行政复议案件"]
    );
}

#[test]
fn a_share_of_the_figure_before_it_says_whose_share() {
    assert_eq!(
        labels("全市行政执法人员4,215人，其中持有执法证件的3,987人，占94.6%。"),
        ["行政执法人员", "持有执法证件", "持有执法证件占比"]
    );
}

#[test]
fn percentages_written_out_are_figures() {
    for (text, value, label) in [
        ("网上办案率达到百分之百。", 100.0, "网上办案率"),
        ("群众满意度达百分之九十五。", 95.0, "群众满意度"),
        ("结案率为百分之九十八点五。", 98.5, "结案率"),
        ("败诉率降至百分之五。", 5.0, "败诉率"),
    ] {
        let got = figures(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(
            (got[0].kind, got[0].value, got[0].label.as_str()),
            (FigureKind::Percent, value, label),
            "{text}"
        );
    }
    let growth = figures("收案量增长百分之一百五十。");
    assert_eq!(growth.len(), 1, "{growth:?}");
    assert_eq!(growth[0].value, 150.0);
    // `百分之` with no numeral after it is no figure.
    assert!(figures("提高了百分之，见附表。").is_empty());
}

#[test]
fn per_mille_scores_and_batches_are_figures_with_their_own_units() {
    let f = &figures("全县行政复议案件纠错率为8.7‰。")[0];
    assert_eq!((f.text.as_str(), f.kind), ("8.7‰", FigureKind::Percent));
    // On the scale of a per cent, so it faces a `%` of another report.
    assert!((f.value - 0.87).abs() < 1e-9, "{f:?}");
    assert_eq!(f.label, "行政复议案件纠错率");
    let f = &figures("群众安全感满意度98.96分，位列全市第二。")[0];
    assert_eq!(
        (f.text.as_str(), f.kind, f.label.as_str()),
        ("98.96分", FigureKind::Quantity, "群众安全感满意度")
    );
    // `分` that starts a name or a fraction is no score.
    for text in ["设立3分局。", "组建2分队开展巡查。", "约占3分之1。"] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
    assert_eq!(
        figures("接待来访群众1200余批次3600余人次。")[0].text,
        "1200余批次"
    );
}

#[test]
fn from_and_to_values_each_with_a_year_share_their_subject() {
    assert_eq!(
        changes("行政案件败诉率从2022年的12%下降到2023年的7.5%。"),
        [
            ("行政案件败诉率".to_string(), Some(Change::Before)),
            ("行政案件败诉率".to_string(), Some(Change::After))
        ]
    );
}

#[test]
fn an_average_before_its_number_is_not_part_of_the_label() {
    assert_eq!(labels("审批时限平均压缩至3个工作日。"), ["审批时限"]);
    // Leading the phrase, it is.
    assert_eq!(labels("平均响应时间缩短至2小时。"), ["平均响应时间"]);
}

#[test]
fn from_and_to_values_with_the_year_before_named_in_words_share_their_subject() {
    for (text, subject) in [
        ("群众满意率由上年的92.1%提高到95.4%。", "群众满意率"),
        ("行政复议纠错率从去年的6.5%下降至4.2%。", "行政复议纠错率"),
        (
            "案件平均办理时长从年初的15天缩短到9天。",
            "案件平均办理时长",
        ),
    ] {
        assert_eq!(
            changes(text),
            [
                (subject.to_string(), Some(Change::Before)),
                (subject.to_string(), Some(Change::After))
            ],
            "{text}"
        );
    }
}

#[test]
fn a_change_verb_alone_changes_the_subject_carried_over() {
    assert_eq!(
        changes("全市共办理法律援助案件12,456件，较上年增加1,023件，增长8.9%。"),
        [
            ("办理法律援助案件".to_string(), None),
            ("办理法律援助案件较上年增加".to_string(), Some(Change::By)),
            ("办理法律援助案件增长".to_string(), Some(Change::By)),
        ]
    );
    assert_eq!(
        changes("受理行政复议申请82件，下降了6%。"),
        [
            ("受理行政复议申请".to_string(), None),
            ("受理行政复议申请下降".to_string(), Some(Change::By)),
        ]
    );
    // A level reached is no change by the number: `提高到` is where it got to.
    assert_eq!(changes("网上可办率提高到99%。")[0].1, None);
}

#[test]
fn a_rate_ending_a_list_is_the_rate_of_every_member() {
    assert_eq!(
        labels("公职律师、法律顾问覆盖率分别达98.5%和100%。"),
        ["公职律师覆盖率", "法律顾问覆盖率"]
    );
    // One number for several rates names them all.
    assert_eq!(
        labels("市本级行政规范性文件备案审查率、报备率、及时率均达到100%。"),
        ["备案审查率、报备率、及时率"]
    );
    // Not a list of rates but of things counted together: both, before the change.
    assert_eq!(
        labels("行政复议、行政诉讼案件均同比下降12%。"),
        ["行政复议、行政诉讼案件同比下降"]
    );
}

#[test]
fn shares_in_tenths_and_calls_counted_are_figures() {
    let f = &figures("案卷合格率九成以上。")[0];
    assert_eq!(
        (f.text.as_str(), f.kind, f.label.as_str(), f.approx),
        ("九成以上", FigureKind::Percent, "案卷合格率", true)
    );
    assert!((f.value - 90.0).abs() < 1e-9, "{f:?}");
    let f = &figures("近八成的群众表示满意。")[0];
    assert_eq!((f.text.as_str(), f.value as i64), ("近八成", 80));
    for text in ["一成不变地执行制度。", "三成员单位参加。", "七成熟的方案。"]
    {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
    assert_eq!(labels("建成3个站点，形成长效机制。"), ["站点"]);
    let f = &figures("12345热线累计接听来电1.8万通。")[0];
    assert_eq!(
        (f.text.as_str(), f.kind, f.label.as_str()),
        ("1.8万通", FigureKind::Count, "12345热线累计接听来电")
    );
    // `通过`, `通报` start words of their own.
    assert_eq!(
        labels("全年3次通过集中学法，通报3次。"),
        ["集中学法", "通报"]
    );
    assert_eq!(figures("全年3通报。"), []);
}

#[test]
fn a_counted_thing_named_by_the_segmenter_keeps_its_first_character() {
    assert_eq!(
        labels("政务服务事项即办件比例提升至68%。"),
        ["政务服务事项即办件比例"]
    );
}

#[test]
fn who_and_how_words_of_other_provinces_stay_out_of_the_label() {
    // A banner's own words: `全旗`, `旗直部门`, `苏木镇`.
    assert_eq!(labels("全旗47个旗直部门全部完成年度述法。"), ["旗直部门"]);
    assert!(labels("全旗仅有58.3%的苏木镇配备了专职法制审核人员。")[0].starts_with("苏木镇"));
    // An adverb after the thing counted ends it.
    assert_eq!(
        labels("13个镇（街道）中仍有2个未配备专职法制审核人员。")[0],
        "镇（街道）"
    );
    assert_eq!(
        labels("13个镇（街道）主要负责人全部完成年度述法。"),
        ["镇（街道）主要负责人"]
    );
    // A point's number, the office itself, and bounds before the number.
    assert_eq!(
        labels("三是行政复议案件办理周期平均为48天。"),
        ["行政复议案件办理周期"]
    );
    assert_eq!(
        labels("全年我局办理行政复议申请共计237件。"),
        ["办理行政复议申请"]
    );
    assert_eq!(
        labels("开展普法宣传不少于200场次，网上培训时长不低于60学时。"),
        ["开展普法宣传", "网上培训时长"]
    );
    assert_eq!(
        labels("三是确保行政复议纠错率稳定在10%左右。"),
        ["行政复议纠错率"]
    );
    assert_eq!(figures("全年开展执法监督检查3轮次。")[0].text, "3轮次");
}

#[test]
fn a_share_is_no_change_and_the_value_compared_with_is_the_earlier_one() {
    assert_eq!(
        changes("执法人员中法学专业占比不足三成。"),
        [("执法人员中法学专业占比".to_string(), None)]
    );
    assert_eq!(
        changes("受理案件139件，结案48件，占比34.5%。")[2],
        ("结案占比".to_string(), None)
    );
    assert_eq!(
        changes("全年办理行政复议申请237件，较2023年的142件增加95件，增幅66.9%。"),
        [
            ("办理行政复议申请".to_string(), None),
            ("办理行政复议申请".to_string(), Some(Change::Before)),
            ("办理行政复议申请增加".to_string(), Some(Change::By)),
            ("办理行政复议申请增幅".to_string(), Some(Change::By)),
        ]
    );
}

#[test]
fn sums_of_money_written_out_in_numerals_are_figures() {
    let f = &figures("全年罚没款共计人民币二千三百五十万元。")[0];
    assert_eq!(
        (f.text.as_str(), f.kind, f.label.as_str()),
        ("二千三百五十万元", FigureKind::Money, "罚没款")
    );
    assert!((f.value - 23_500_000.0).abs() < 1e-6, "{f:?}");
    // The forms written on cheques and receipts.
    let f = &figures("公证收费共计人民币贰佰壹拾叁万元。")[0];
    assert_eq!((f.kind, f.value as i64), (FigureKind::Money, 2_130_000));
    for text in [
        "加强执法队伍建设。",
        "陆续开展专项行动。",
        "壹号院区整治完成。",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn a_rough_size_said_with_a_power_alone_is_an_approximate_figure() {
    let text = "组织法治讲座近百场，覆盖干部群众近千人，发放宣传资料上万份，逾千名群众参与。";
    expect(
        text,
        &[
            ("近百场", "法治讲座"),
            ("近千人", "覆盖干部群众"),
            ("上万份", "宣传资料"),
            ("逾千名", "群众"),
        ],
    );
    let values: Vec<(f64, bool)> = figures(text).iter().map(|f| (f.value, f.approx)).collect();
    assert_eq!(
        values,
        [
            (100.0, true),
            (1_000.0, true),
            (10_000.0, true),
            (1_000.0, true)
        ]
    );
    assert_eq!(figures("罚没款上千万元。")[0].value, 10_000_000.0);
    // Powers alone in words and idioms are no sizes.
    for text in [
        "成千上万群众受益。",
        "把法治送进千家万户。",
        "确保万无一失。",
        "线上万人同步收看。",
        "惠及百姓生活。",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn a_rate_stated_as_nil_is_a_figure_of_none() {
    expect(
        "行政诉讼败诉率为零，行政复议纠错率均为0。",
        &[("零", "行政诉讼败诉率"), ("0", "行政复议纠错率")],
    );
    let f = &figures("全县行政诉讼败诉率为零。")[0];
    assert_eq!(
        (f.kind, f.value, f.unit.as_str()),
        (FigureKind::Percent, 0.0, "%")
    );
    for text in [
        "发展率为零售企业服务。",
        "纠错率为0.5个百分点以下。",
        "实现零投诉。",
        "编号为0。",
    ] {
        let nil = figures(text).into_iter().find(|f| f.value == 0.0);
        assert!(nil.is_none(), "{text}: {nil:?}");
    }
}

#[test]
fn a_ratio_is_the_second_term_per_one_of_the_first_and_a_time_of_day_is_none() {
    let f = &figures("全县人民调解员与常住人口之比达1:1200。")[0];
    assert_eq!(
        (f.text.as_str(), f.unit.as_str(), f.value),
        ("1:1200", ":", 1_200.0)
    );
    assert!(f.label.contains("之比"), "{f:?}");
    let f = &figures("公职律师与机关工作人员配比为1：50。")[0];
    assert_eq!((f.text.as_str(), f.value), ("1：50", 50.0));
    for text in ["比赛于9:30开始。", "办公时间为8:30至17:30。"] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn a_rate_written_out_per_mille_is_a_tenth_of_a_percent() {
    let got: Vec<(String, f64, String)> =
        figures("民转刑案件发生率控制在千分之三以内，刑事案件发案率为千分之二点五。")
            .into_iter()
            .map(|f| (f.text, f.value, f.label))
            .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1), ("千分之三以内", 0.3));
    assert!(got[0].2.contains("民转刑案件发生率"), "{got:?}");
    assert_eq!(got[1].0, "千分之二点五");
    assert!((got[1].1 - 0.25).abs() < 1e-9, "{got:?}");
}

#[test]
fn a_figure_opening_a_bracket_counts_what_stands_before_it() {
    expect(
        "审核区政府规范性文件（15件）、区政府合同（203件），新收行政复议案件（共1,246件），同比增长23.5%。",
        &[
            ("15件", "区政府规范性文件"),
            ("203件", "区政府合同"),
            ("1,246件", "新收行政复议案件"),
            ("23.5%", "同比增长"),
        ],
    );
    // A bracket after a figure says more of that figure.
    expect(
        "共梳理行政权力764项（1386子项）。",
        &[("764项", "行政权力"), ("1386子项", "行政权力")],
    );
    let f = &figures("共梳理行政权力764项（1386子项）。")[1];
    assert!(!f.label.contains("764"), "{f:?}");
    // A bracket that names its own thing keeps its label.
    expect(
        "办理行政复议案件213件（其中维持148件）。",
        &[("213件", "办理行政复议案件"), ("148件", "维持")],
    );
}

#[test]
fn a_range_is_one_figure_at_its_upper_end() {
    let text = "审批时限压缩至5至8个工作日，审批效率提高3到5倍，平均配备1至2名法制工作人员，投入5至8万元。";
    expect(
        text,
        &[
            ("5至8个工作日", "审批时限"),
            ("3到5倍", "审批效率"),
            ("1至2名", "法制工作人员"),
            ("5至8万元", "投入"),
        ],
    );
    let got: Vec<(f64, bool)> = figures(text).iter().map(|f| (f.value, f.approx)).collect();
    assert_eq!(
        got,
        [(8.0, true), (5.0, true), (2.0, true), (80_000.0, true)]
    );
    // Months, lists and times of day are no ranges.
    expect("1-2月受理案件12件。", &[("12件", "受理案件")]);
    expect("新建、改造8、12个。", &[("8", ""), ("12个", "")]);
    assert!(figures("9:30至17:30对外办公。").is_empty());
}

#[test]
fn days_without_a_month_are_a_duration() {
    expect(
        "案件平均审理期限压缩至45日以内，办理时限再压缩10日。",
        &[("45日以内", "案件平均审理期限"), ("10日", "办理时限")],
    );
    let f = &figures("办理时限再压缩10日。")[0];
    assert_eq!((f.kind, f.unit.as_str()), (FigureKind::Quantity, "日"));
    // The day of every month is still a date.
    let all = extract("每月15日为集中学法日。");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].kind, FigureKind::Date);
}

#[test]
fn a_multiple_of_another_years_value_is_a_change_of_its_subject() {
    let text = "推送普法信息412条，阅读量是2019年的2.3倍。收到行政复议申请1,534件，相当于上年的1.8倍。网上办件量为去年同期的2倍。";
    expect(
        text,
        &[
            ("412条", "推送普法信息"),
            ("2.3倍", "阅读量"),
            ("1,534件", "收到行政复议申请"),
            ("1.8倍", "收到行政复议申请"),
            ("2倍", "网上办件量"),
        ],
    );
    let changes: Vec<Option<Change>> = figures(text).iter().map(|f| f.change).collect();
    assert_eq!(
        changes,
        [
            None,
            Some(Change::By),
            None,
            Some(Change::By),
            Some(Change::By)
        ]
    );
}

#[test]
fn changes_stated_each_in_turn_follow_the_figures_before_them() {
    let got: Vec<(String, Option<Change>)> =
        figures("办理行政处罚案件312件，罚没款46.8万元，同比分别下降8.2%和15.7%。")
            .into_iter()
            .map(|f| (f.label, f.change))
            .collect();
    assert_eq!(
        got[2..],
        [
            ("办理行政处罚案件同比下降".to_string(), Some(Change::By)),
            ("罚没款同比下降".to_string(), Some(Change::By)),
        ]
    );
}

#[test]
fn bounds_are_approximate_and_how_long_a_rate_held_is_not_its_name() {
    expect(
        "开展普法活动不少于60场，行政复议纠错率不低于15%，行政机关负责人出庭应诉率连续三年保持100%。",
        &[
            ("不少于60场", "开展普法活动"),
            ("不低于15%", "行政复议纠错率"),
            ("100%", "出庭应诉率"),
        ],
    );
    let got = figures("开展普法活动不少于60场，出庭应诉率连续三年保持100%。");
    assert!(got[0].approx && !got[1].approx, "{got:?}");
    assert_eq!(got[1].label, "出庭应诉率");
}

#[test]
fn what_a_share_or_a_total_passed_is_no_part_of_its_label() {
    expect(
        "具有法律职业资格的仅占8.6%，“i晋江”APP累计注册用户突破110万人。",
        &[("8.6%", "具有法律职业资格"), ("110万人", "注册用户")],
    );
    // (A running total keeps its word.)
    let got = figures("累计注册用户突破110万人。");
    assert_eq!(got[0].label, "累计注册用户", "{got:?}");
}

#[test]
fn two_nouns_joined_before_the_noun_they_share_are_one_label() {
    expect(
        "评查行政处罚和行政许可案卷420卷。",
        &[("420卷", "行政处罚和行政许可案卷")],
    );
    // A conjunction between clauses of doing still ends the label.
    expect(
        "加强执法监督和开展专项检查12次。",
        &[("12次", "开展专项检查")],
    );
}

#[test]
fn things_listed_with_a_pause_mark_before_their_count_are_one_label() {
    let labels =
        |text: &str| -> Vec<String> { figures(text).into_iter().map(|f| f.label).collect() };
    assert_eq!(
        labels("全年清理规章、规范性文件58件。"),
        ["清理规章、规范性文件"]
    );
    assert_eq!(labels("组织开展讲座、培训24场。"), ["组织开展讲座、培训"]);
    // A list of counts keeps one label per count.
    assert_eq!(
        labels("办理行政复议案件31件、行政应诉案件17件。"),
        ["办理行政复议案件", "行政应诉案件"]
    );
}

#[test]
fn a_score_stated_with_wei_is_named_without_it() {
    let got = figures("群众满意度测评得分为93.4分，考核评分为88分。");
    let labels: Vec<&str> = got.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["群众满意度测评得分", "考核评分"], "{got:?}");
    // `分为` that divides is no score: `划分为3类` keeps its verb.
    let got = figures("将执法事项划分为3类。");
    assert!(got[0].label.contains("划分"), "{got:?}");
}

#[test]
fn a_list_cut_short_by_the_label_length_starts_with_a_word() {
    let got = figures("举办党委理论学习中心组、区政府常务会议法治专题讲座12次。");
    assert!(!got[0].label.starts_with('、'), "{got:?}");
    assert!(got[0].label.ends_with("法治专题讲座"), "{got:?}");
}

#[test]
fn a_subject_cut_to_fit_its_change_does_not_start_inside_a_compound() {
    let got = figures("全区法治政府建设群众满意度测评得分为92.6分，较上年提高1.8分。");
    let labels: Vec<&str> = got.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "法治政府建设群众满意度测评得分",
            "群众满意度测评得分较上年提高"
        ],
        "{got:?}"
    );
}

#[test]
fn a_short_aside_right_before_the_number_stays_with_its_noun() {
    expect(
        "全县设立公共法律服务站（室）213个。",
        &[("213个", "公共法律服务站（室）")],
    );
    expect("配备村（居）法律顾问326名。", &[("326名", "法律顾问")]);
    expect(
        "建成镇（街道）综合行政执法队(所)9支，覆盖率100%。",
        &[("9支", "综合行政执法队(所)"), ("100%", "覆盖率")],
    );
}

#[test]
fn a_list_joined_by_he_at_its_end_keeps_the_verb_and_every_member() {
    assert_eq!(
        labels("清理地方性法规、规章和规范性文件共计315件。"),
        ["清理地方性法规、规章和规范性文件"]
    );
    assert_eq!(
        labels("审查合同、协议及招投标文件87份。"),
        ["审查合同、协议及招投标文件"]
    );
    // Two nouns sharing the noun after them stay one thing, as before.
    assert_eq!(
        labels("评查行政处罚和行政许可案卷240卷。"),
        ["评查行政处罚和行政许可案卷"]
    );
}

#[test]
fn a_rate_stated_without_a_unit_is_a_figure() {
    let got = figures("全县万人成讼率降至0.52，基尼系数为0.31。");
    let seen: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|f| (f.text.as_str(), f.label.as_str(), f.unit.as_str()))
        .collect();
    assert_eq!(
        seen,
        [("0.52", "万人成讼率", ""), ("0.31", "基尼系数", "")],
        "{got:?}"
    );
    assert_eq!(got[0].value, 0.52);
    // From one value to another, each with its subject and marked as such.
    assert_eq!(
        marked("万人成讼率由0.68下降至0.52。"),
        [
            mark("0.68", "万人成讼率", Some(Change::Before)),
            mark("0.52", "万人成讼率", Some(Change::After))
        ]
    );
    // A number after other words, or naming a thing, is still no figure.
    assert!(figures("率先推行“1+3”模式，完成改革任务").is_empty());
    // A place in a ranking is a ranking, not the index's value.
    let got = figures("法治指数测评排名第3。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].text.as_str(), got[0].unit.as_str()),
        ("第3", "名次")
    );
    assert!(figures("效率提升明显，2项改革入选")
        .iter()
        .all(|f| f.text == "2项"));
}

#[test]
fn an_act_named_alone_after_a_count_of_things_received_is_done_to_those_things() {
    assert_eq!(
        labels("共收到行政复议申请126件，受理118件，不予受理8件，审结110件。"),
        [
            "收到行政复议申请",
            "受理行政复议申请",
            "不予受理行政复议申请",
            "审结行政复议申请"
        ]
    );
    // A change between them says nothing of what the act was done to.
    assert_eq!(
        labels("收到行政复议申请412宗，同比上升18.4%，其中受理386宗。"),
        [
            "收到行政复议申请",
            "收到行政复议申请同比上升",
            "受理行政复议申请"
        ]
    );
    assert_eq!(
        labels("排查矛盾纠纷1,260件，化解1,198件，化解率95.1%。"),
        ["排查矛盾纠纷", "化解矛盾纠纷", "化解率"]
    );
    // Only an act done to what was counted: an outcome or a rate is left as it is said.
    assert_eq!(
        labels("办理行政复议案件54件，其中维持30件，纠错率9.3%。"),
        ["办理行政复议案件", "维持", "纠错率"]
    );
    // Nor after a rate. A sentence that opens with the act goes on with the things
    // the one before counted.
    assert_eq!(labels("出庭应诉率100%，受理3件。"), ["出庭应诉率", "受理"]);
    assert_eq!(labels("收到申请40件。受理36件。"), ["收到申请", "受理申请"]);
    // Nor in another unit: visitors are not what was resolved.
    assert_eq!(
        labels("接待来访群众500人次，化解300件。"),
        ["接待来访群众", "化解"]
    );
}

#[test]
fn an_act_on_items_named_alone_after_a_count_of_them_is_done_to_them() {
    assert_eq!(
        labels("全区共取消行政许可事项6项，下放15项。"),
        ["取消行政许可事项", "下放行政许可事项"]
    );
    assert_eq!(
        labels("发现安全隐患120处，整改112处。"),
        ["发现安全隐患", "整改安全隐患"]
    );
    assert_eq!(
        labels("提出修改意见310条，采纳298条。"),
        ["提出修改意见", "采纳修改意见"]
    );
}

#[test]
fn the_office_that_did_it_is_not_part_of_what_it_counted() {
    assert_eq!(
        labels("区信访局受理群众来信来访2,134件次。"),
        ["受理群众来信来访"]
    );
    assert_eq!(
        labels("县人民法院审结行政诉讼案件89件。"),
        ["审结行政诉讼案件"]
    );
    assert_eq!(labels("各司法所调解纠纷460件。"), ["调解纠纷"]);
    // Who is counted stays: people, not offices.
    assert_eq!(
        labels("行政机关负责人出庭应诉78件。"),
        ["行政机关负责人出庭应诉"]
    );
    // (`新` before an act keeps it: the newly set up.)
    assert_eq!(labels("新设立司法所3个。"), ["新设立司法所"]);
}

#[test]
fn a_place_or_a_word_ending_like_an_office_is_kept() {
    assert_eq!(
        labels("驻公安派出所调解室调解案件145件，驻法院调解室调解案件63件。"),
        ["驻公安派出所调解室调解案件", "驻法院调解室调解案件"]
    );
    assert_eq!(labels("部门联合率达72.43%。"), ["部门联合率"]);
    assert_eq!(
        labels("群众来信办复率、办结率均为100%。"),
        ["群众来信办复率、办结率"]
    );
}

#[test]
fn acts_named_one_after_another_are_all_done_to_the_things_first_counted() {
    assert_eq!(
        labels("共清理行政规范性文件72件，建议保留60件、废止3件、宣布失效7件。"),
        [
            "清理行政规范性文件",
            "建议保留行政规范性文件",
            "废止行政规范性文件",
            "宣布失效行政规范性文件"
        ]
    );
}

#[test]
fn a_list_ending_in_deng_names_what_is_counted() {
    assert_eq!(
        labels("审查行政规范性文件、重大决策、合同等156件。"),
        ["行政规范性文件、重大决策、合同"]
    );
    assert_eq!(
        labels("建成法治文化公园、法治广场等阵地37个。"),
        ["建成法治文化公园、法治广场等阵地"]
    );
}

#[test]
fn two_nouns_joined_by_ji_are_counted_together_with_their_verb() {
    assert_eq!(
        labels("清理规章及规范性文件148件，其中废止19件、修改7件。"),
        [
            "清理规章及规范性文件",
            "废止规章及规范性文件",
            "修改规章及规范性文件"
        ]
    );
}

#[test]
fn a_bare_act_after_a_subject_and_gong_keeps_the_subject() {
    assert_eq!(
        labels("乡镇公共法律服务工作站共建成24个。"),
        ["乡镇公共法律服务工作站建成"]
    );
    // As before, a subject doing a counted thing is left out.
    assert_eq!(
        labels("行政执法部门共办理“不罚”案件35件。"),
        ["办理“不罚”案件"]
    );
}

#[test]
fn a_verb_that_goes_to_the_number_is_not_part_of_the_label() {
    assert_eq!(labels("“跨域通办”事项增至286项。"), ["“跨域通办”事项"]);
}

#[test]
fn a_word_the_segmenter_takes_for_a_place_is_kept_unless_it_names_one() {
    assert_eq!(
        labels("刑事案件同比下降23.5%，治安案件下降14.2%。"),
        ["刑事案件同比下降", "治安案件下降"]
    );
    assert_eq!(labels("千山区受理行政复议申请6件。"), ["受理行政复议申请"]);
    assert_eq!(
        labels("一般企业投资项目审批平均用时58天。"),
        ["一般企业投资项目审批平均用时"]
    );
}

#[test]
fn members_of_a_list_the_noun_after_deng_sums_up_are_each_that_kind() {
    assert_eq!(
        labels("各乡镇人民调解委员会调处土地、婚姻家庭、邻里等纠纷分别为1026起、734起、589起。"),
        ["土地纠纷", "婚姻家庭纠纷", "邻里纠纷"]
    );
}

#[test]
fn a_share_of_a_group_is_named_by_what_that_share_does() {
    assert_eq!(
        labels("全县14个乡镇中仅有5个配备了法学专业人员。"),
        ["乡镇", "乡镇配备法学专业人员"]
    );
}

#[test]
fn an_act_on_something_keeps_its_verb_before_dui() {
    assert_eq!(labels("减少对企业干扰4100余次。"), ["减少对企业干扰"]);
}

#[test]
fn a_difference_from_an_average_is_a_change_of_the_subject_carried_over() {
    let got = figures("行政诉讼败诉率2.1%，低于全省平均水平1.3个百分点。");
    let seen: Vec<(&str, Option<Change>)> =
        got.iter().map(|f| (f.label.as_str(), f.change)).collect();
    assert_eq!(
        seen,
        [
            ("行政诉讼败诉率", None),
            ("行政诉讼败诉率低于全省平均水平", Some(Change::By))
        ],
        "{got:?}"
    );
    // A bound is no change.
    let got = figures("每人年度学法时长不低于40学时。");
    assert_eq!(got[0].change, None, "{got:?}");
}

#[test]
fn an_act_done_to_things_just_counted_keeps_the_whole_thing_and_only_that_count() {
    // The things are all the label but an act of counting them.
    for (sentence, want) in [
        ("征收补偿纠纷320件，调解315件。", "调解征收补偿纠纷"),
        ("涉企投诉举报320件，办结315件。", "办结涉企投诉举报"),
        ("办理行政许可事项1200件，办结1190件。", "办结行政许可事项"),
        ("12345热线受理诉求5600件，办结5580件。", "办结诉求"),
        (
            "收到行政复议申请126件，依法予以受理118件。",
            "受理行政复议申请",
        ),
    ] {
        assert_eq!(labels(sentence)[1], want, "{sentence}");
    }
    // Not more than were counted: a part of them is not what was handled.
    for (sentence, want) in [
        (
            "排查矛盾纠纷1520起，其中婚姻家庭纠纷320起，化解1498起。",
            "化解",
        ),
        (
            "收到行政复议申请126件，其中涉及征地拆迁的45件，受理118件。",
            "受理",
        ),
        ("审查规范性文件56件，其中县政府文件12件，修改8件。", "修改"),
    ] {
        assert_eq!(labels(sentence).last().unwrap(), want, "{sentence}");
    }
}

#[test]
fn an_act_ending_like_an_office_is_no_office() {
    assert_eq!(labels("上级交办信访案件45件。"), ["上级交办信访案件"]);
    assert_eq!(labels("督办信访案件45件。"), ["督办信访案件"]);
    assert_eq!(
        labels("县直部门受理行政复议申请12件。"),
        ["县直部门受理行政复议申请"]
    );
}

#[test]
fn a_version_or_an_edition_after_an_index_is_no_figure() {
    assert!(figures("推出营商环境指数2.0版。").is_empty());
    assert!(figures("建成法治指数3.0评估体系。").is_empty());
    assert_eq!(labels("法治指数为0.86。"), ["法治指数"]);
}

#[test]
fn a_list_of_acts_or_proposals_sums_up_as_one_thing() {
    assert_eq!(
        labels("化解征地拆迁、劳资纠纷等156件。"),
        ["化解征地拆迁、劳资纠纷"]
    );
}

#[test]
fn a_street_cut_off_its_place_name_is_left_out_with_it() {
    assert_eq!(labels("城南街道化解矛盾纠纷320起。"), ["化解矛盾纠纷"]);
}

#[test]
fn a_change_in_per_mille_points_keeps_its_unit() {
    let got = figures("万人犯罪率较上年下降0.2个千分点。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].text.as_str(), got[0].unit.as_str()),
        ("0.2个千分点", "个千分点")
    );
    assert_eq!(got[0].change, Some(Change::By));
}

#[test]
fn a_rate_in_no_unit_stated_by_year_or_as_a_change_is_a_figure() {
    let got = figures("万人成讼率2022年为0.68，2023年为0.52，较上年下降0.16。");
    let seen: Vec<(&str, Option<Change>)> = got
        .iter()
        .filter(|f| f.kind != FigureKind::Date)
        .map(|f| (f.text.as_str(), f.change))
        .collect();
    assert_eq!(
        seen,
        [("0.68", None), ("0.52", None), ("0.16", Some(Change::By))],
        "{got:?}"
    );
    // A change of something else in no unit is still no figure.
    assert!(figures("排名较上年上升3位次").iter().all(|f| f.text != "3"));
    assert!(figures("群众满意度较上年提高，排名上升2").is_empty());
}

#[test]
fn a_ranking_is_a_figure_named_by_what_was_ranked() {
    let got = figures("在2024年度全市法治政府建设考评中位列第2名。");
    let ranks: Vec<(&str, f64, &str, &str)> = got
        .iter()
        .filter(|f| f.kind != FigureKind::Date)
        .map(|f| (f.text.as_str(), f.value, f.unit.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        ranks,
        [("第2名", 2.0, "名次", "法治政府建设考评排名")],
        "{got:?}"
    );
    let got = figures("法治政府建设满意度测评排名全省第三位。");
    assert_eq!(
        got.iter()
            .map(|f| (f.text.as_str(), f.value))
            .collect::<Vec<_>>(),
        [("第三位", 3.0)],
        "{got:?}"
    );
    // An ordinal that ranks nothing is still no figure.
    for sentence in [
        "组织开展第三批法治政府建设示范创建。",
        "第一责任人职责落实到位。",
        "排名第一批次的项目已完成。",
    ] {
        assert!(figures(sentence).is_empty(), "{sentence}");
    }
}

#[test]
fn a_count_in_one_written_out_digit_that_ends_its_clause_is_a_figure() {
    expect(
        "全县现有律师事务所三家，基层法律服务所五家、公证处一家。",
        &[("三家", "律师事务所"), ("五家", "基层法律服务所")],
    );
    expect(
        "县委常委会专题听取法治政府建设情况汇报两次。",
        &[("两次", "听取法治政府建设情况汇报")],
    );
    expect("全年出台配套制度十项；", &[("十项", "配套制度")]);
    expect(
        "发生行政败诉案件四起以上。",
        &[("四起以上", "行政败诉案件")],
    );
    assert_eq!(figures("新聘法律顾问共三名。")[0].value, 3.0);
    expect("配合上级开展法治督察一次。", &[("一次", "法治督察")]);
    expect(
        "执法案卷评查合格率为97%，较上年上升了四个百分点。",
        &[("97%", "执法案卷评查合格率"), ("四个百分点", "")],
    );
    expect("组织执法人员轮训两轮，", &[("两轮", "执法人员轮训")]);
    // A lone digit is a word as often: inside a phrase, before what it counts, after a word
    // that picks or orders, in a frequency, or `一`.
    for sentence in [
        "全面落实行政执法三项制度。",
        "坚决做到两个维护，落实三件实事。",
        "推行一站式服务，实现最多跑一次。",
        "这三家律师事务所均已完成年检。",
        "法律顾问每年两次，到村开展服务。",
        "由县领导一年两次，带队督察。",
        "重点推进以下两项：",
        "选派骨干一名。",
        "一人一档，一企一策。",
        "二〇二四年一月十五日",
    ] {
        assert!(
            figures(sentence).is_empty(),
            "{sentence}: {:?}",
            figures(sentence)
        );
    }
}

#[test]
fn a_share_written_as_a_fraction_is_a_percentage() {
    let got = figures("超过三分之二的行政争议在复议阶段得到化解，四分之一的乡镇建成法治文化阵地。");
    let shares: Vec<(&str, f64, bool, &str)> = got
        .iter()
        .map(|f| {
            (
                f.text.as_str(),
                (f.value * 10.0).round() / 10.0,
                f.approx,
                f.unit.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [
            ("超过三分之二", 66.7, true, "%"),
            ("四分之一", 25.0, false, "%")
        ],
        "{got:?}"
    );
    let got = figures("万人成讼率降至万分之三。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].value - 0.03).abs() < 1e-9, "{got:?}");
    // `十分` is "very" and `部分` a part: no numeral stands on both sides of `分之`.
    for sentence in ["工作十分之重要。", "各部分之间相互衔接。"] {
        assert!(
            figures(sentence).is_empty(),
            "{sentence}: {:?}",
            figures(sentence)
        );
    }
}

#[test]
fn doubling_said_in_fan_is_a_multiple_of_the_year_before() {
    let got = figures("全年网上办件量比上年翻了一番，线上调解案件数翻两番。");
    let multiples: Vec<(&str, f64, &str, Option<Change>)> = got
        .iter()
        .map(|f| (f.text.as_str(), f.value, f.unit.as_str(), f.change))
        .collect();
    assert_eq!(
        multiples,
        [
            ("翻了一番", 2.0, "倍", Some(Change::By)),
            ("翻两番", 4.0, "倍", Some(Change::By))
        ],
        "{got:?}"
    );
    assert!(got[0].label.contains("网上办件量"), "{got:?}");
    assert!(got[1].label.contains("线上调解案件"), "{got:?}");
    // Turning pages or an idiom is no multiple.
    for sentence in ["翻阅卷宗一番后作出决定。", "三番五次上门调解。"] {
        assert!(
            figures(sentence).iter().all(|f| f.unit != "倍"),
            "{sentence}"
        );
    }
}

#[test]
fn a_count_written_out_in_any_unit_counts_when_it_closes_its_clause() {
    expect("对草案提出修改意见四十余条。", &[("四十余条", "修改意见")]);
    expect("编印蒙汉双语普法手册二万册，", &[("二万册", "普法手册")]);
    expect("修订完善应急预案十五部。", &[("十五部", "应急预案")]);
    expect(
        "市级领导接待群众来访六十二批一百九十余人次。",
        &[("六十二批", "接待群众来访"), ("一百九十余人次", "")],
    );
    let got = figures("牧民少跑路程累计约十二万公里。");
    assert_eq!(
        got.iter()
            .map(|f| (f.value, f.unit.as_str(), f.approx))
            .collect::<Vec<_>>(),
        [(120_000.0, "公里", true)],
        "{got:?}"
    );
    // Before what they count, numerals in these units name things as often: no figure.
    for sentence in [
        "出台优化营商环境二十条措施。",
        "建党一百周年。",
        "二〇二四年一月十五日",
        "成绩九十分。",
    ] {
        assert!(
            figures(sentence).is_empty(),
            "{sentence}: {:?}",
            figures(sentence)
        );
    }
}

#[test]
fn a_rate_before_zai_is_what_the_figure_measures() {
    expect(
        "提出审查意见一千三百余条，采纳率在九成以上。",
        &[("一千三百余条", "审查意见"), ("九成以上", "采纳率")],
    );
    expect(
        "各类纠纷调解成功率均在95%以上。",
        &[("95%以上", "调解成功率")],
    );
}

#[test]
fn a_share_of_people_who_do_something_is_named_by_them() {
    expect(
        "调研中约有四分之一的执法人员未参加过相关培训。",
        &[("四分之一", "执法人员未参加过相关培训")],
    );
    expect(
        "问卷显示，仅有12%的受访群众不了解行政复议渠道。",
        &[("12%", "受访群众不了解行政复议渠道")],
    );
    // A rate before the share is what it measures, whatever follows.
    expect(
        "政务服务事项网上可办率达到100%的目标全面实现。",
        &[("100%", "网上可办率")],
    );
}

#[test]
fn a_range_written_out_is_one_figure() {
    let got = figures("每个村（社区）配备“法律明白人”三至五名。");
    assert_eq!(
        got.iter()
            .map(|f| (f.text.as_str(), f.value, f.approx))
            .collect::<Vec<_>>(),
        [("三至五名", 5.0, true)],
        "{got:?}"
    );
    assert!(got[0].label.ends_with("法律明白人”"), "{got:?}");
}

#[test]
fn times_counted_of_vehicles_and_head_of_livestock_keep_their_unit() {
    let got = figures("出动执法车辆2,900余台次，保障了近30万头只牲畜安全越冬。");
    assert_eq!(
        got.iter().map(|f| f.unit.as_str()).collect::<Vec<_>>(),
        ["台次", "头只"],
        "{got:?}"
    );
    assert_eq!(figures("群众满意率达九成五以上。")[0].value, 95.0);
}

#[test]
fn yue_wei_makes_a_figure_approximate() {
    for sentence in [
        "清偿率约为91%。",
        "民营企业占比约为92%。",
        "复议工作人员约占8%。",
    ] {
        let got = figures(sentence);
        assert!(got.len() == 1 && got[0].approx, "{sentence}: {got:?}");
    }
    assert!(!figures("清偿率为91%。")[0].approx);
}

#[test]
fn half_is_a_share_of_fifty_per_cent() {
    let got = figures("新增人员中双语执法人员占比超过一半，自然灾害类占一半左右。");
    assert_eq!(
        got.iter()
            .map(|f| (f.value, f.unit.as_str(), f.approx))
            .collect::<Vec<_>>(),
        [(50.0, "%", true), (50.0, "%", true)],
        "{got:?}"
    );
    assert!(got[0].label.contains("双语执法人员占比"), "{got:?}");
    for sentence in ["一半时间在路上。", "事半功倍。", "一年半以来，"] {
        assert!(
            figures(sentence).iter().all(|f| f.unit != "%"),
            "{sentence}"
        );
    }
}

#[test]
fn a_multiple_in_one_written_out_digit_is_a_figure() {
    expect(
        "推动移动端可办事项增加一倍。",
        &[("一倍", "移动端可办事项")],
    );
    expect(
        "集中审批事项较改革前多出近一倍。",
        &[("近一倍", "集中审批事项")],
    );
}

#[test]
fn another_word_before_what_is_counted_is_no_part_of_it() {
    assert_eq!(figures("另有公职律师7名。")[0].label, "公职律师");
}

#[test]
fn a_sum_involved_is_the_sum_of_what_was_counted_before() {
    expect(
        "适用免罚情形办结案件63件，涉及金额约22万元。",
        &[("63件", "办结案件"), ("约22万元", "办结案件涉及金额")],
    );
    let got = figures("调解成功率为98.9%，涉及金额约2,150万元。");
    assert_eq!(got[1].label, "涉及金额", "{got:?}");
}

#[test]
fn a_rate_from_another_time_before_its_value_is_still_stated() {
    let got = figures("万人成讼率由上年的32.6下降到27.8。");
    assert_eq!(
        got.iter()
            .map(|f| (f.text.as_str(), f.label.as_str()))
            .collect::<Vec<_>>(),
        [("32.6", "万人成讼率"), ("27.8", "万人成讼率")],
        "{got:?}"
    );
    assert_eq!(got[0].change, Some(Change::Before));
}

#[test]
fn things_or_acts_joined_by_he_are_counted_together() {
    let label = |s: &str| figures(s)[0].label.clone();
    assert_eq!(
        label("审查镇街和部门报备文件27件。"),
        "审查镇街和部门报备文件"
    );
    assert_eq!(
        label("挽回和避免经济损失约1,700万元。"),
        "挽回和避免经济损失"
    );
    assert!(label("审查各类协议和合同一百五十余份。").contains("协议和合同"));
}

#[test]
fn those_a_de_phrase_picks_out_are_what_is_counted() {
    let label = |s: &str| figures(s)[0].label.clone();
    assert_eq!(
        label("全县持有执法证件的人员共342名。"),
        "持有执法证件的人员"
    );
    assert_eq!(
        label("其中通晓蒙汉双语的执法人员达到一百三十人。"),
        "通晓蒙汉双语的执法人员"
    );
    // A place or a time before 的 picks out nothing.
    assert_eq!(label("全县的律师共58名。"), "律师");
}

#[test]
fn a_value_shortened_from_one_to_another_is_named_by_its_subject() {
    let got = figures("项目审批平均用时由45个工作日缩短为20个工作日。");
    assert_eq!(
        got.iter()
            .map(|f| (f.label.as_str(), f.change))
            .collect::<Vec<_>>(),
        [
            ("项目审批平均用时", Some(Change::Before)),
            ("项目审批平均用时", Some(Change::After))
        ],
        "{got:?}"
    );
}

#[test]
fn counts_of_two_kinds_side_by_side_do_not_share_a_list() {
    let got = figures("组建苏木镇、嘎查两级应急队伍79支1,100余人。");
    assert!(got[0].label.contains("应急队伍"), "{got:?}");
}

#[test]
fn a_ranking_after_its_subjects_value_is_the_ranking_of_that_subject() {
    let got = figures("群众安全感满意度达98.56%，在全州排名第二位。");
    assert_eq!(got[1].label, "群众安全感满意度排名", "{got:?}");
    let got = figures("全县万人成讼率0.8，在全市各县（区）中排名第四。");
    assert_eq!(got.last().unwrap().label, "万人成讼率排名", "{got:?}");
    // Its own subject stays.
    let got = figures("法治政府建设考评排名全省第三位。");
    assert_eq!(got[0].label, "法治政府建设考评排名", "{got:?}");
}

#[test]
fn a_place_moved_from_one_to_another_and_places_in_two_scopes_are_figures() {
    let got = figures("在全盟法治政府建设年度考评中，我旗由上年的第五名上升为第二名。");
    assert_eq!(
        got.iter()
            .map(|f| (f.text.as_str(), f.value, f.change))
            .collect::<Vec<_>>(),
        [
            ("第五名", 5.0, Some(Change::Before)),
            ("第二名", 2.0, Some(Change::After))
        ],
        "{got:?}"
    );
    assert!(
        got[0].label.ends_with("法治政府建设年度考评排名"),
        "{got:?}"
    );
    let got = figures("全县法治政府建设考评在全州排名由第九位跃升至第四位。");
    assert_eq!(
        got.iter()
            .map(|f| (f.value, f.label.as_str()))
            .collect::<Vec<_>>(),
        [(9.0, "法治政府建设考评排名"), (4.0, "法治政府建设考评排名")],
        "{got:?}"
    );
    let got = figures("在营商环境评价中，本区位列全省第三、全市第一。");
    assert_eq!(
        got.iter().map(|f| f.value).collect::<Vec<_>>(),
        [3.0, 1.0],
        "{got:?}"
    );
    // Not a place: an order of batches, or a first responsible person.
    for sentence in ["由第三批试点单位承担。", "由第一责任人负责督办。"] {
        assert!(
            figures(sentence).is_empty(),
            "{sentence}: {:?}",
            figures(sentence)
        );
    }
}

#[test]
fn rough_written_out_sizes_and_counts_of_places_are_figures() {
    let got = figures("全县十五个乡镇和三十二个县直部门全部配备法律顾问，发放宣传资料万余份，挽回损失三百余万元，满意度提高一成左右，组建“马背调解队”八支。");
    let shown: Vec<(&str, f64, bool)> = got
        .iter()
        .map(|f| (f.text.as_str(), f.value, f.approx))
        .collect();
    assert_eq!(
        shown,
        [
            ("十五个", 15.0, false),
            ("三十二个", 32.0, false),
            ("万余份", 10_000.0, true),
            ("三百余万元", 3_000_000.0, true),
            ("一成左右", 10.0, true),
            ("八支", 8.0, false)
        ],
        "{got:?}"
    );
    assert_eq!(figures("培训执法人员十余次。")[0].value, 10.0);
    assert!(figures("一成不变地推进。").is_empty());
}

#[test]
fn acts_listed_with_a_last_act_of_two_words_do_not_borrow_its_second() {
    let got = figures("审结的案件中，维持、驳回、撤销、确认违法分别为22件、5件、6件、2件。");
    assert_eq!(
        got.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
        ["维持", "驳回", "撤销", "确认违法"],
        "{got:?}"
    );
    // An object shared by acts listed is still theirs.
    let got = figures("受理、办结行政复议案件分别为82件、79件。");
    assert_eq!(
        got.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
        ["受理行政复议案件", "办结行政复议案件"],
        "{got:?}"
    );
}

#[test]
fn words_the_segmenter_would_cut_stay_whole_in_labels() {
    let label = |s: &str| figures(s)[0].label.clone();
    assert_eq!(label("全县在岗执法人员508人。"), "在岗执法人员");
    assert_eq!(
        label("区行政复议委员会全年新收复议申请三百零五件。"),
        "新收复议申请"
    );
    assert_eq!(label("初信初访一次性化解率达94%。"), "初信初访一次性化解率");
    assert_eq!(
        label("利用新媒体平台推送普法信息1,360条。"),
        "利用新媒体平台推送普法信息"
    );
    assert_eq!(label("每万人拥有律师数0.9名。"), "每万人拥有律师");
    assert_eq!(
        label("全区9个综合执法部门共有在编在岗执法人员613人。"),
        "综合执法部门"
    );
}

#[test]
fn a_half_kind_or_a_mixed_number_is_not_cut_or_misread() {
    let got = figures("组建专业扑火队4支、半专业扑火队和群众义务扑火队60余支。");
    assert!(got[1].label.contains("组建半专业扑火队"), "{got:?}");
    // `3百余万元` mixes a digit into a written-out number: no figure, rather than 100万元.
    assert!(figures("减免费用3百余万元。")
        .iter()
        .all(|f| f.value != 1_000_000.0));
    let got = figures("办理行政处罚案件52件，涉及金额85万元。");
    assert_eq!(got[1].label, "办理行政处罚案件涉及金额", "{got:?}");
    let got = figures("持有执法证件的人员342名，涉及金额85万元。");
    assert_eq!(got[1].label, "涉及金额", "{got:?}");
}

#[test]
fn lectures_seals_and_banners_are_counted() {
    expect("邀请专家为机关干部授课6讲。", &[("6讲", "授课")]);
    expect("收缴伪造的公章35枚。", &[("35枚", "公章")]);
    expect("收到群众赠送锦旗12面。", &[("12面", "锦旗")]);
    // Not a count of banners: a number before `面向`.
    assert!(figures("开设3面向企业的窗口。")
        .iter()
        .all(|f| f.unit != "面"));
}

#[test]
fn places_moved_from_a_named_year_placed_with_pai_or_among_a_group_are_found() {
    let got = figures("全县法治政府建设考评排名由2021年度的第七位上升至第三位。");
    let shown: Vec<(f64, Option<Change>)> = got
        .iter()
        .filter(|f| f.unit == "名次")
        .map(|f| (f.value, f.change))
        .collect();
    assert_eq!(
        shown,
        [(7.0, Some(Change::Before)), (3.0, Some(Change::After))],
        "{got:?}"
    );
    expect(
        "法治建设考核在全市9个区县中排第4位。",
        &[("9个", "区县"), ("第4位", "法治建设考核排名")],
    );
    expect(
        "本县法治建设成效考核位列全州8个县市中的第1名。",
        &[("8个", "县市"), ("第1名", "法治建设成效考核")],
    );
    // `安排` is no ranking verb.
    assert!(figures("安排第2名讲解员值守。").is_empty());
}

#[test]
fn things_joined_by_or_and_like_words_share_the_count() {
    expect("作出变更或撤销决定7件。", &[("7件", "变更或撤销决定")]);
    expect("驳回或确认违法4件。", &[("4件", "驳回或确认违法")]);
    expect(
        "群众满意和比较满意率达96.5%。",
        &[("96.5%", "满意和比较满意率")],
    );
    expect("信用A类和B类企业合计120家。", &[("120家", "A类和B类企业")]);
    expect(
        "法律顾问团由9名律师和高校教师组成。",
        &[("9名", "律师和高校教师")],
    );
    // Two counts, each its own: the second count is not folded into the first.
    expect(
        "选聘2名律师和1名公证员。",
        &[("2名", "律师"), ("1名", "公证员")],
    );
}

#[test]
fn a_count_for_each_place_or_person_says_so() {
    expect("每个社区至少配备2名网格员。", &[("2名", "每个社区网格员")]);
    expect(
        "组织全员轮训，每人每年不少于40学时。",
        &[("不少于40学时", "每人每年")],
    );
    expect(
        "确保每名执法人员参训不少于3天。",
        &[("不少于3天", "每名执法人员参训")],
    );
}

#[test]
fn qualifiers_that_pick_out_what_was_counted_are_kept() {
    expect("新登记市场主体2150户。", &[("2150户", "新登记市场主体")]);
    expect(
        "以乡镇政府为被申请人的8件，以部门为被申请人的11件。",
        &[
            ("8件", "以乡镇政府为被申请人"),
            ("11件", "以部门为被申请人"),
        ],
    );
    expect(
        "驳回3件，告知申请人向有关部门申请5件。",
        &[("3件", "驳回"), ("5件", "告知申请人向有关部门申请")],
    );
}

#[test]
fn a_count_beside_the_kinds_it_falls_into_counts_what_came_before() {
    expect(
        "梳理权责事项8个类别312项。",
        &[("8个", "类别"), ("312项", "权责事项")],
    );
    expect(
        "制定工作要点4个方面31条。",
        &[("4个", "方面"), ("31条", "工作要点")],
    );
}

#[test]
fn a_running_total_is_not_what_was_newly_made() {
    let got = figures("今年新建法治文化公园3个，累计达到十一个。");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].label.contains("新建法治文化公园"), "{got:?}");
    assert!(
        got[1].label.contains("累计") && got[1].label.contains("法治文化公园"),
        "{got:?}"
    );
    assert!(!got[1].label.contains("新建"), "{got:?}");
}

#[test]
fn a_total_after_a_count_for_each_is_no_count_for_each() {
    let got = figures("每个社区配备“法律明白人”二至四名，合计一千二百余名。");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].label.starts_with("每个社区"), "{got:?}");
    assert!(
        got[1].label.contains("法律明白人") && !got[1].label.contains('每'),
        "{got:?}"
    );
    // A count that names its own things after the kinds keeps them.
    expect(
        "涵盖城建、水利等6个领域215条事项。",
        &[("6个", "领域"), ("215条", "事项")],
    );
}

#[test]
fn a_place_among_a_group_is_named_by_the_ranking_the_sentence_names() {
    expect(
        "本市在全省2023年度营商环境评价中获评优秀，位列16个城市中的第3名。",
        &[("16个", "城市"), ("第3名", "营商环境评价排名")],
    );
}

#[test]
fn acts_on_applications_counted_before_name_the_applications() {
    expect(
        "复议机构全年收到复议申请61件，依法受理54件，审结50件。",
        &[
            ("61件", "收到复议申请"),
            ("54件", "受理复议申请"),
            ("50件", "审结复议申请"),
        ],
    );
    expect(
        "全年收到复议申请四十件，经审查依法受理33件，不予受理5件。",
        &[
            ("四十件", "收到复议申请"),
            ("33件", "受理复议申请"),
            ("5件", "不予受理复议申请"),
        ],
    );
    // A semicolon goes on with the same things.
    expect(
        "共收到行政复议申请60件，同比增加12%；受理55件，审结50件。",
        &[
            ("60件", "收到行政复议申请"),
            ("12%", "同比增加"),
            ("55件", "受理行政复议申请"),
            ("50件", "审结行政复议申请"),
        ],
    );
}

#[test]
fn a_sum_involved_is_that_of_the_contracts_or_promises_counted_before() {
    expect(
        "对县政府签订的41份合同进行合法性审查，涉及金额9.6亿元。",
        &[("41份", "合同"), ("9.6亿元", "合同涉及金额")],
    );
    expect(
        "兑现招商引资承诺17项，涉及资金0.9亿元。",
        &[("17项", "兑现招商引资承诺"), ("0.9亿元", "承诺涉及资金")],
    );
}

#[test]
fn changes_of_one_subject_counted_in_two_units_say_which_unit() {
    expect(
        "全县信访总量163批402人次，同比分别下降8.4%和11.2%。",
        &[
            ("163批", "信访总量"),
            ("402人次", "信访总量"),
            ("8.4%", "信访总量（批）同比下降"),
            ("11.2%", "信访总量（人次）同比下降"),
        ],
    );
}

#[test]
fn a_share_of_a_whole_names_what_it_is_a_share_of() {
    expect(
        "全县取得法律职业资格的公务员87名，占公务员总数的4.1%。",
        &[("87名", "公务员"), ("4.1%", "公务员占公务员")],
    );
}

#[test]
fn a_passive_act_stays_with_what_it_was_done_to() {
    expect(
        "全年行政机关被诉案件27件。",
        &[("27件", "行政机关被诉案件")],
    );
    expect("收回被占耕地45亩。", &[("45亩", "被占耕地")]);
}

#[test]
fn a_list_of_levels_or_grades_names_the_thing_of_the_first() {
    expect(
        "累计创建全国民主法治示范村2个、省级九个、市级15个。",
        &[
            ("2个", "全国民主法治示范村"),
            ("九个", "省级民主法治示范村"),
            ("15个", "市级民主法治示范村"),
        ],
    );
    expect(
        "纳税信用A级企业326家、B级1,064家。",
        &[("326家", "A级企业"), ("1,064家", "B级企业")],
    );
}

#[test]
fn places_listed_before_an_act_are_who_did_it_and_leave_no_pause_mark() {
    let got = figures("与周边的昌吉市、阜康市签订执法协作协议4份。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].label.ends_with("执法协作协议"), "{got:?}");
    assert!(
        !got[0].label.starts_with(['、', '和']) && !got[0].label.contains("阜康市"),
        "{got:?}"
    );
}

#[test]
fn heads_of_two_kinds_of_office_are_the_people_counted() {
    expect(
        "组织47名部门和镇（街道）主要负责人现场述法。",
        &[("47名", "部门和镇（街道）主要负责人")],
    );
    let got = figures("组织47名部门和镇（街道）主要负责人现场述法。");
    assert!(!got[0].label.contains("现场"), "{got:?}");
    expect(
        "全县31个县直单位和12个乡镇全部签订责任书。",
        &[("31个", "县直单位"), ("12个", "乡镇")],
    );
}

#[test]
fn a_share_of_a_total_does_not_borrow_the_last_item_of_a_list() {
    let got = figures("其中治安、交通、环保类案件分别为21件、14件和9件，合计占全部案件的62.9%。");
    let share = got.iter().find(|f| f.text == "62.9%").expect("the share");
    assert!(!share.label.contains("环保"), "{got:?}");
}

#[test]
fn places_among_a_group_without_all_and_episodes_are_found() {
    expect("本县居全市县（市、区）第5位。", &[("第5位", "排名")]);
    expect("制作普法微视频24集。", &[("24集", "普法微视频")]);
    // Not episodes: `集中`, `集体`.
    assert!(figures("3集中整治。").iter().all(|f| f.unit != "集"));
}

#[test]
fn a_total_in_a_clause_of_its_own_counts_what_the_clause_before_made() {
    let got = figures("新建一批法治文化公园和法治广场，共21个。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].label.contains("法治文化公园"), "{got:?}");
}

#[test]
fn an_average_changed_from_one_value_to_another_is_a_pair() {
    let got = figures("群众办事跑动次数由平均3.6次减少到0.9次。");
    let shown: Vec<(&str, Option<Change>)> =
        got.iter().map(|f| (f.text.as_str(), f.change)).collect();
    assert_eq!(
        shown,
        [
            ("3.6次", Some(Change::Before)),
            ("0.9次", Some(Change::After))
        ],
        "{got:?}"
    );
    assert!(got[0].label.contains("跑动次数"), "{got:?}");
}

#[test]
fn members_of_a_list_changed_by_each_figure_of_a_fenbie_are_changes() {
    expect(
        "立案数、结案数较上年分别下降9%和6%。",
        &[("9%", "立案数较上年下降"), ("6%", "结案数较上年下降")],
    );
    assert_eq!(
        marked("全年行政诉讼案件、行政复议案件同比分别下降12.6%和8.1%。"),
        [
            mark("12.6%", "行政诉讼案件同比下降", Some(Change::By)),
            mark("8.1%", "行政复议案件同比下降", Some(Change::By))
        ]
    );
}

#[test]
fn a_part_that_takes_a_share_is_named_a_share() {
    expect("其中网上办理占72%。", &[("72%", "网上办理占比")]);
    // A rate is its own share.
    expect("结案率占比达95%。", &[("95%", "结案率")]);
}

#[test]
fn a_ceiling_is_a_bound_not_a_value_reached() {
    let got = figures(
        "投资项目审批全流程控制在45个工作日以内，纠错率控制在10%以下，在15个工作日以内作出答复。",
    );
    let shown: Vec<(&str, bool)> = got.iter().map(|f| (f.text.as_str(), f.approx)).collect();
    assert_eq!(
        shown,
        [
            ("45个工作日以内", true),
            ("10%以下", true),
            ("15个工作日以内", true)
        ],
        "{got:?}"
    );
    assert!(got[0].label.contains("投资项目审批"), "{got:?}");
    assert!(got[1].label.contains("纠错率"), "{got:?}");
    assert!(got[2].label.contains("作出答复"), "{got:?}");
}

#[test]
fn a_full_width_comma_between_thousands_is_a_separator_only_before_a_unit() {
    let got = figures(
        "全年作出行政处罚决定１２，６５４件，罚没金额２，１８０万元，其中适用简易程序的7，912件。",
    );
    let shown: Vec<(&str, f64)> = got.iter().map(|f| (f.text.as_str(), f.value)).collect();
    assert_eq!(
        shown,
        [
            ("１２，６５４件", 12654.0),
            ("２，１８０万元", 21_800_000.0),
            ("7，912件", 7912.0)
        ],
        "{got:?}"
    );
    // A clause's comma between two numbers stays a comma: `12，345人次` after a count of
    // cases is a second figure, not one of 12,345.
    let got = figures("共调解纠纷1，23件，其中12，3456人次参与。");
    assert!(
        got.iter().all(|f| f.value != 123.0 && f.value != 123456.0),
        "{got:?}"
    );
    let got = figures("办理案件１２，６５４。");
    assert!(got.iter().all(|f| f.value != 12654.0), "{got:?}");
}

#[test]
fn parts_that_did_something_are_named_by_what_they_did() {
    expect(
        "重大行政决策事项9项，其中4项举行了听证会、5项开展了风险评估。",
        &[
            ("9项", "重大行政决策事项"),
            ("4项", "举行了听证会"),
            ("5项", "开展了风险评估"),
        ],
    );
}

#[test]
fn an_average_says_it_is_one() {
    expect(
        "全县司法所平均只有2.3名工作人员。",
        &[("2.3名", "司法所平均工作人员")],
    );
    expect(
        "各镇承接赋权事项平均87项。",
        &[("87项", "承接赋权事项平均")],
    );
    expect(
        "培育“法律明白人”1,650名，村均7名。",
        &[("1,650名", "法律明白人"), ("7名", "村均")],
    );
}

#[test]
fn places_in_a_named_citys_ranking_and_first_place_are_found() {
    let got = figures("调解成功率98.1%，居扬州市第一；依法行政考核位列扬州市各县（市、区）首位。");
    let places: Vec<(&str, f64)> = got
        .iter()
        .filter(|f| f.unit == "名次")
        .map(|f| (f.text.as_str(), f.value))
        .collect();
    assert_eq!(places, [("第一", 1.0), ("首位", 1.0)], "{got:?}");
    // Not a place: the first of something else.
    assert!(figures("首位列入考核的单位。").is_empty());
}

#[test]
fn a_place_among_the_first_is_an_approximate_place() {
    let got = figures("综合考评连续两年位列全市前三，营商环境评价排名全省前10名。");
    let places: Vec<(&str, f64, bool)> = got
        .iter()
        .filter(|f| f.unit == "名次")
        .map(|f| (f.text.as_str(), f.value, f.approx))
        .collect();
    assert_eq!(
        places,
        [("前三", 3.0, true), ("前10名", 10.0, true)],
        "{got:?}"
    );
    // Not a place: the first three of something; and `排名前三名` is a place, not a count.
    assert!(figures("前三季度办理案件。")
        .iter()
        .all(|f| f.unit != "名次"));
    let got = figures("考核结果排名前三名。");
    assert!(got.iter().all(|f| f.unit == "名次"), "{got:?}");
}

#[test]
fn those_counted_are_picked_out_by_what_they_did() {
    expect(
        "组织4,600名国家工作人员参加年度学法考试。",
        &[("4,600名", "国家工作人员参加年度学法考试")],
    );
    expect(
        "帮助215家企业完成信用修复。",
        &[("215家", "企业完成信用修复")],
    );
    expect(
        "全县仍有4个街道尚未配备专职法制审核人员。",
        &[("4个", "街道尚未配备专职法制审核人员")],
    );
    // What they were counted for is not what picks them out.
    assert_eq!(labels("市教育局指导44所学校开展法治教育。"), ["学校"]);
    assert_eq!(labels("为230个企业提供免费法律体检。"), ["企业"]);
}

#[test]
fn changes_each_of_a_list_named_in_the_clause_before_or_compared_with_a_year() {
    let figs = figures("全县交通事故起数、受伤人数实现“双降”，分别下降12.4%、9.1%。");
    let got: Vec<(&str, Option<Change>)> =
        figs.iter().map(|f| (f.label.as_str(), f.change)).collect();
    assert_eq!(figs.len(), 2, "{got:?}");
    assert!(
        figs[0].label.contains("交通事故起数") && figs[0].label.ends_with("下降"),
        "{got:?}"
    );
    assert!(
        figs[1].label.contains("受伤人数") && figs[1].label.ends_with("下降"),
        "{got:?}"
    );
    assert!(figs.iter().all(|f| f.change == Some(Change::By)), "{got:?}");
    let figs = figures("办理行政处罚案件2,310件，罚没款890万元，与上年相比分别减少6.5%和3.2%。");
    let got: Vec<(&str, Option<Change>)> =
        figs.iter().map(|f| (f.label.as_str(), f.change)).collect();
    assert_eq!(figs.len(), 4, "{got:?}");
    assert!(
        figs[2].label.contains("行政处罚案件") && figs[2].label.contains("较上年减少"),
        "{got:?}"
    );
    assert!(
        figs[3].label.contains("罚没款") && figs[3].change == Some(Change::By),
        "{got:?}"
    );
    // Without a list before, the clause says nothing of each.
    let figs = figures("全县实现“双降”，分别下降12.4%、9.1%。");
    assert!(
        figs.iter()
            .all(|f| f.change != Some(Change::By) || !f.label.contains("全县实现")),
        "{figs:?}"
    );
}

#[test]
fn values_cut_or_slimmed_to_another_are_before_and_after() {
    for text in [
        "不动产登记办理时限从原来的10个工作日缩减为3个工作日。",
        "县级考核指标由45项精简为28项。",
        "涉企检查事项由86项压减为41项。",
    ] {
        let figs = figures(text);
        assert_eq!(figs.len(), 2, "{text}: {figs:?}");
        assert_eq!(
            (figs[0].change, figs[1].change),
            (Some(Change::Before), Some(Change::After)),
            "{text}: {figs:?}"
        );
        assert_eq!(figs[0].label, figs[1].label, "{text}");
        assert!(
            !figs[0].label.contains("原来") && !figs[0].label.contains("精简"),
            "{text}: {figs:?}"
        );
    }
    let figs = figures("便民服务中心由原来的18个窗口精简为6个综合窗口。");
    assert!(
        figs.iter().all(|f| f.label == "便民服务中心窗口"),
        "{figs:?}"
    );
    assert_eq!(figs[1].change, Some(Change::After));
    // A cut by an amount is a change by it, not a value after.
    let figs = figures("审批时限压减了12个工作日。");
    assert_ne!(figs[0].change, Some(Change::After), "{figs:?}");
}

#[test]
fn things_listed_with_a_pause_mark_are_counted_together_whatever_their_last_words() {
    expect(
        "上线企业、个人全生命周期服务事项42项。",
        &[("42项", "企业、个人全生命周期服务事项")],
    );
    expect(
        "在黄河滩区、伊河沿线开展联合执法90余次。",
        &[("90余次", "黄河滩区、伊河沿线")],
    );
    expect(
        "排查城区、乡镇结合部隐患点位35处。",
        &[("35处", "城区、乡镇结合部隐患点位")],
    );
    expect(
        "转移安置危旧房屋居住人员和在建工地人员1,200余人。",
        &[("1,200余人", "在建工地人员")],
    );
    expect(
        "各乡镇人民调解组织调处纠纷312件。",
        &[("312件", "人民调解组织调处纠纷")],
    );
    expect("开展以案释法活动46场。", &[("46场", "以案释法活动")]);
}

#[test]
fn places_among_a_named_group_or_the_first_few_and_moves_by_places() {
    let figs = figures("在全省县域法治建设评估中排名中心城区第5位，较上年上升2位。");
    assert_eq!(figs.len(), 2, "{figs:?}");
    assert_eq!((figs[0].value, figs[0].unit.as_str()), (5.0, "名次"));
    assert!(
        figs[1].label.contains("排名") && figs[1].label.ends_with("较上年上升"),
        "{figs:?}"
    );
    assert_eq!(figs[1].change, Some(Change::By));
    let figs = figures("政务服务满意度位居主城区第一。");
    assert_eq!((figs.len(), figs[0].unit.as_str()), (1, "名次"), "{figs:?}");
    let figs = figures("力争群众安全感测评进入全市前5名。");
    assert_eq!(
        figs[0].unit, "名次",
        "a place among the first five: {figs:?}"
    );
    assert!(figs[0].approx);
    let figs = figures("法治建设考评位列第6名，比上年前移3个位次。");
    assert!(
        figs[1].label.ends_with("前移") && figs[1].change == Some(Change::By),
        "{figs:?}"
    );
    // A count of people after a verb of rising is still a count.
    expect("新进入律师队伍3名。", &[("3名", "律师队伍")]);
    expect("参训人员上升到320名。", &[("320名", "参训人员")]);
}

#[test]
fn sessions_anniversaries_and_points_said_roughly() {
    assert!(figures("认真贯彻区委十二届四次、五次全会精神。").is_empty());
    assert!(figures("开展宪法颁布实施40周年宣传活动。").is_empty());
    let figs = figures("结案率比全市平均水平高出3个多百分点。");
    assert_eq!(
        (figs.len(), figs[0].unit.as_str(), figs[0].approx),
        (1, "个百分点", true),
        "{figs:?}"
    );
    let figs = figures("持证律师占比不足一成。");
    assert_eq!((figs.len(), figs[0].value), (1, 10.0), "{figs:?}");
    assert!(figs[0].approx);
    // Still counts.
    expect("组织集中学法两次。", &[("两次", "组织集中学法")]);
    expect(
        "培训持续3周，覆盖学员200名。",
        &[("3周", "培训持续"), ("200名", "覆盖学员")],
    );
}

#[test]
fn acts_alone_after_a_count_are_done_to_the_things_counted_even_in_the_next_sentence() {
    expect(
        "清理现行有效的规范性文件56件，决定废止7件、宣布失效3件、修改5件。",
        &[
            ("56件", "规范性文件"),
            ("7件", "废止规范性文件"),
            ("3件", "宣布失效规范性文件"),
            ("5件", "修改规范性文件"),
        ],
    );
    expect(
        "排查调处各类矛盾纠纷1,468起，调解成功1,431起。",
        &[
            ("1,468起", "排查调处各类矛盾纠纷"),
            ("1,431起", "调解成功各类矛盾纠纷"),
        ],
    );
    expect(
        "各级调解组织受理纠纷2,310件，调解成功2,265件。",
        &[("2,310件", "受理纠纷"), ("2,265件", "调解成功纠纷")],
    );
    expect(
        "全年收到行政复议申请143件，同比增长12%。已审结128件。",
        &[
            ("143件", "收到行政复议申请"),
            ("12%", "同比增长"),
            ("128件", "审结行政复议申请"),
        ],
    );
    // Another unit, or a sentence about something else, is no act on those things.
    expect(
        "全年收到行政复议申请143件。审结案卷评查12卷。",
        &[("143件", "收到行政复议申请"), ("12卷", "审结案卷评查")],
    );
    expect(
        "全年收到行政复议申请143件。办结群众来信56封。",
        &[("143件", "收到行政复议申请"), ("56封", "办结群众来信")],
    );
}

#[test]
fn a_running_total_keeps_its_word() {
    expect(
        "累计归集电子证照210余类。",
        &[("210余类", "累计归集电子证照")],
    );
    expect(
        "全区累计认定守信企业36家。",
        &[("36家", "累计认定守信企业")],
    );
    // Said after the thing, it is only a filler.
    expect(
        "办理法律援助案件累计1,024件。",
        &[("1,024件", "办理法律援助案件")],
    );
}

#[test]
fn a_figure_each_or_on_average_measures_what_was_just_counted() {
    expect(
        "全镇共有网格员240名，平均每村（社区）12名。",
        &[("240名", "网格员"), ("12名", "每村（社区）")],
    );
    assert!(labels("全镇共有网格员240名，平均每村（社区）12名。")[1].ends_with("网格员"));
    expect(
        "为农民工追回欠薪1,380万元，人均约0.8万元。",
        &[("1,380万元", "追回欠薪"), ("约0.8万元", "人均追回欠薪")],
    );
    expect(
        "市民热线全年受理诉求8.1万件，日均约220件。",
        &[("8.1万件", "受理诉求"), ("约220件", "日均受理诉求")],
    );
    // In another unit it says nothing of them.
    expect(
        "全年受理诉求8.1万件，日均约220人次。",
        &[("8.1万件", "受理诉求"), ("约220人次", "日均")],
    );
    let figs = figures("每个服务站每季度至少开展3次普法活动。");
    assert!(figs[0].label.starts_with("每个服务站每季度"), "{figs:?}");
    assert!(figs[0].approx, "at least three: {figs:?}");
    assert!(figures("每个村至少配备2名网格员。")[0].approx);
    expect(
        "培育“法律明白人”1,200名，每个村至少3名。",
        &[
            ("1,200名", "“法律明白人”"),
            ("至少3名", "每个村培育“法律明白人”"),
        ],
    );
}

#[test]
fn a_clause_with_de_before_the_noun_counted_is_part_of_it() {
    expect(
        "备案审查规范性文件24件，纠正3件存在问题的文件。",
        &[("24件", "规范性文件"), ("3件", "存在问题的文件")],
    );
    expect("约谈5个投诉较多的单位。", &[("5个", "投诉较多的单位")]);
    // Without a clause the noun alone, and a 的 of a later clause is not read.
    expect("建成12个调解室，群众的满意度提升。", &[("12个", "调解室")]);
    // Whose things, or the team they make up, leave the count of them.
    expect("评查15个执法部门的案卷。", &[("15个", "执法部门")]);
    expect("由9名律师组成的服务团。", &[("9名", "律师")]);
}

#[test]
fn things_counted_after_dui_or_jiang_are_picked_out_by_what_is_done_to_them() {
    expect(
        "对43件规范性文件开展专项清理。",
        &[("43件", "开展专项清理的规范性文件")],
    );
    expect(
        "对情节轻微的87家企业不予行政处罚。",
        &[("87家", "不予行政处罚的企业")],
    );
    expect(
        "组织对210件执法案卷进行评查。",
        &[("210件", "评查的执法案卷")],
    );
    // Without 对 or 将, or with nothing done after, the things alone.
    expect("评查执法案卷210件。", &[("210件", "评查执法案卷")]);
    expect("对全县28个乡镇。", &[("28个", "乡镇")]);
}

#[test]
fn items_of_a_list_of_counts_share_the_act_the_first_opens_with() {
    expect(
        "全年审查区政府常务会议议题64件、拟发文件98份、重大合同协议35份。",
        &[
            ("64件", "审查区政府常务会议议题"),
            ("98份", "审查拟发文件"),
            ("35份", "审查重大合同协议"),
        ],
    );
    expect(
        "审核行政合同71件、规范性文件9件。",
        &[("71件", "审核行政合同"), ("9件", "审核规范性文件")],
    );
    // An item with an act of its own keeps it; a kind of file is no act.
    expect(
        "审查规范性文件56件，废止7件、宣布失效3件。",
        &[
            ("56件", "规范性文件"),
            ("7件", "废止规范性文件"),
            ("3件", "宣布失效规范性文件"),
        ],
    );
    assert_eq!(
        labels("评查执法案卷120卷、行政处罚案卷45卷。")[1],
        "行政处罚案卷"
    );
}

#[test]
fn bodies_are_counted_not_the_people_of_them_named_after() {
    expect(
        "全县18个乡镇（街道）和52个县直单位主要负责人书面述法。",
        &[("18个", "乡镇（街道）"), ("52个", "县直单位")],
    );
    assert!(labels("全县52个县直单位主要负责人书面述法。")[0].starts_with("县直单位主要负责人"));
    assert_eq!(
        labels("6个镇（街道）综合执法人员不足10人。")[0],
        "镇（街道）"
    );
    // People counted are people.
    expect("配备综合执法人员86名。", &[("86名", "综合执法人员")]);
    expect("聘请12名法律顾问。", &[("12名", "法律顾问")]);
}

#[test]
fn a_range_of_shares_is_one_figure() {
    let figs = figures("涉企检查频次压降10%至15%。");
    assert_eq!(figs.len(), 1, "{figs:?}");
    assert_eq!(
        (figs[0].text.as_str(), figs[0].value, figs[0].approx),
        ("10%至15%", 15.0, true)
    );
    // A list of two shares stays two.
    assert_eq!(figures("分别为10%、15%。").len(), 2);
}

#[test]
fn cases_against_whom_keep_who() {
    expect(
        "全县法院审结以县政府为被告的一审案件41件。",
        &[("41件", "以县政府为被告的一审案件")],
    );
    // Without 以 it stays the short head.
    expect("作为被告的案件41件。", &[("41件", "案件")]);
}

#[test]
fn accepting_is_done_to_what_is_filed_not_to_a_kind_of_suit() {
    assert_eq!(
        labels("共受理行政复议申请9件，行政诉讼14件，经审理，决定不予受理2件。")[2],
        "决定不予受理"
    );
    assert_eq!(labels("收到群众投诉52件，受理47件。")[1], "受理群众投诉");
}

#[test]
fn a_change_compared_with_something_said_with_xiangbi() {
    expect(
        "行政复议纠错率为12.6%，与全省平均水平相比高出3个多百分点。",
        &[
            ("12.6%", "行政复议纠错率"),
            ("3个多百分点", "较全省平均水平高出"),
        ],
    );
    assert!(
        labels("行政复议纠错率为12.6%，与全省平均水平相比高出3个多百分点。")[1]
            .starts_with("行政复议纠错率")
    );
}

#[test]
fn a_generic_thing_keeps_the_line_or_office_it_came_through() {
    expect(
        "12345便民热线全年受理来电7.6万件。",
        &[("7.6万件", "12345便民热线受理来电")],
    );
    expect(
        "县法律援助中心办理案件652件。",
        &[("652件", "法律援助中心办理案件")],
    );
    expect(
        "“县长信箱”收到群众来信1,120件。",
        &[("1,120件", "“县长信箱”收到群众来信")],
    );
    // Not a place, and not a thing that says what it is.
    expect("城南街道受理诉求320件。", &[("320件", "受理诉求")]);
    expect(
        "县信访局受理群众来信来访1,860件次。",
        &[("1,860件次", "受理群众来信来访")],
    );
}

#[test]
fn a_measure_named_alone_measures_what_the_clause_before_counted() {
    // A stock of the things counted, without the act that made new ones.
    assert_eq!(
        labels("全年新登记经营主体2.4万户，总量达到11.6万户。"),
        ["新登记经营主体", "经营主体总量"]
    );
    // The reach of an activity, without `开展`.
    assert_eq!(
        labels("组织法律服务小分队下乡服务15次，行程1,800余公里。")[1],
        "下乡服务行程"
    );
    assert_eq!(
        labels("开展“宪法进万家”活动230场，受众8万余人次。"),
        ["开展“宪法进万家”活动", "“宪法进万家”活动受众"]
    );
    // The money of what was counted, act and all.
    assert_eq!(
        labels("新招引项目12个，签约资金8.6亿元。"),
        ["新招引项目", "新招引项目签约资金"]
    );
    // How much what changed changed.
    assert_eq!(
        labels("审批时限由法定的平均20个工作日压减至4.8个工作日，压减幅度达76%。")[2],
        "审批时限压减幅度"
    );
    // A rate before measures nothing of this kind, and a measure with nothing before stays.
    assert_eq!(labels("调解成功率98.1%，总量2,310件。")[1], "总量");
    assert_eq!(labels("全县经营主体总量达到11.6万户。"), ["经营主体总量"]);
}

#[test]
fn a_score_named_alone_is_of_the_assessment_its_sentence_names() {
    assert_eq!(
        labels("在全市法治政府建设年度考核中，我区得分96.2分，位列第三。"),
        ["法治政府建设年度考核得分", "法治政府建设年度考核得分排名"]
    );
    assert_eq!(
        labels("组织全县执法人员参加法律知识考试，参考率100%，平均成绩88.4分。"),
        ["参考率", "法律知识考试平均成绩"]
    );
    // No assessment named: the score stays what it is.
    assert_eq!(labels("我区得分96.2分。"), ["得分"]);
}

#[test]
fn items_of_a_list_share_a_compound_review_a_new_making_and_who_led_them() {
    assert_eq!(
        labels("合法性审查区政府规范性文件12件、行政合同96件、其他涉法事项210件。"),
        [
            "合法性审查区政府规范性文件",
            "合法性审查行政合同",
            "合法性审查涉法事项"
        ]
    );
    assert_eq!(
        labels("新建法治文化广场3个、法治宣传长廊7条。"),
        ["新建法治文化广场", "新建法治宣传长廊"]
    );
    assert_eq!(
        labels("区长带头出庭应诉3次、旁听庭审2次。"),
        ["区长带头出庭应诉", "区长带头旁听庭审"]
    );
    // The office that acted is no part of the act shared.
    assert_eq!(
        labels("市司法局审查市政府规范性文件7件、行政协议86份。")[1],
        "审查行政协议"
    );
    // An item with an act of its own keeps it.
    let own = &labels("决定废止规章7件、宣布失效3件。")[1];
    assert!(own.starts_with("宣布失效"), "{own}");
}

#[test]
fn bodies_doing_an_act_are_counted_without_the_act() {
    assert_eq!(
        labels("全区96个人民调解委员会排查化解矛盾纠纷2,310件。"),
        ["人民调解委员会", "人民调解委员会排查化解矛盾纠纷"]
    );
    assert_eq!(labels("280名网格员常态化开展隐患排查。"), ["网格员"]);
    assert_eq!(
        labels("101个人民调解委员会调解纠纷2,846件。")[0],
        "人民调解委员会"
    );
    // A body that is what the act made stays whole.
    assert_eq!(labels("建成12个公共法律服务中心。"), ["公共法律服务中心"]);
}

#[test]
fn things_merged_into_fewer_are_a_value_before_and_after() {
    assert_eq!(
        marked("全旗综合执法队伍由19支整合为9支。"),
        [
            mark("19支", "综合执法队伍", Some(Change::Before)),
            mark("9支", "综合执法队伍", Some(Change::After)),
        ]
    );
}

#[test]
fn a_first_value_set_by_law_is_the_value_before() {
    assert_eq!(
        marked("审批时限由法定的平均15个工作日压减至3个工作日。"),
        [
            mark("15个工作日", "审批时限", Some(Change::Before)),
            mark("3个工作日", "审批时限", Some(Change::After)),
        ]
    );
}

#[test]
fn new_ones_keep_new_before_a_verbal_noun() {
    assert_eq!(
        labels("三是新培育“法律明白人”300名左右。"),
        ["新培育“法律明白人”"]
    );
    assert_eq!(labels("全年新发展经营主体5,937户。"), ["新发展经营主体"]);
}

#[test]
fn members_counted_are_of_the_body_named_before_them() {
    assert_eq!(
        labels("县政府法律顾问团11名成员列席常务会议18次。")[0],
        "县政府法律顾问团成员"
    );
    // Named after the number, the members keep their body as written.
    assert_eq!(
        labels("全县共有村（居）委会委员1,200名。"),
        ["村（居）委会委员"]
    );
}

#[test]
fn a_running_total_with_nothing_named_is_of_all_the_things_counted_so_far() {
    assert_eq!(
        labels("新建成市级法治文化阵地4个，累计达31个。"),
        ["新建成市级法治文化阵地", "累计建成市级法治文化阵地"]
    );
    // A stock of them, with who holds it before.
    assert_eq!(
        labels("新培育盟级民主法治示范嘎查村2个，全旗总数达到15个。")[1],
        "盟级民主法治示范嘎查村总数"
    );
    // Too long with 累计 before it: the things, then 累计.
    assert_eq!(
        labels("新创建省级民主法治示范村（社区）3个，累计达27个。")[1],
        "省级民主法治示范村（社区）累计"
    );
}

#[test]
fn a_share_of_those_a_de_clause_picks_out_is_named_by_the_clause() {
    assert_eq!(
        labels("全县58个部门主要负责人开展述法，其中评议为“好”等次的占四分之一。")[1],
        "评议为“好”等次占比"
    );
}

#[test]
fn kinds_listed_before_the_noun_counted_are_of_it() {
    assert_eq!(
        labels("为46家盐湖化工、新能源企业开展“法治体检”。"),
        ["盐湖化工、新能源企业"]
    );
    assert_eq!(
        labels("市政府常务会议审议规范性文件和涉法议题31件。"),
        ["常务会议审议规范性文件和涉法议题"]
    );
    // Each with a count of its own: no list.
    assert_eq!(labels("走访5家企业、2所学校。"), ["企业", "学校"]);
}

#[test]
fn a_rate_said_of_each_thing_counted_before_is_named_for_it() {
    assert_eq!(
        labels("全年承办市人大代表建议58件和市政协提案71件，满意率分别为96.5%、99.2%。")[2..],
        ["市人大代表建议满意率", "市政协提案满意率"]
    );
    // Things alike say nothing apart: the rate stays as written.
    assert_eq!(
        labels("办理建议12件、建议8件，满意率分别为96%、98%。")[2..],
        ["满意率", "满意率"]
    );
}

#[test]
fn correcting_and_a_contracts_value_are_of_the_things_counted_before() {
    assert_eq!(
        labels("全年办结复议案件121件，纠错17件。"),
        ["办结复议案件", "纠错复议案件"]
    );
    assert_eq!(
        labels("审核政府合同74份，标的额9.8亿元。"),
        ["审核政府合同", "审核政府合同标的额"]
    );
}
