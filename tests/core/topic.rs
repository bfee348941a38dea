//! Topics: resolving what the user typed, tagging sections, and the rows of `fazhi topic`.

use crate::common::{qianshan, reports, section_index, tiexi, wendeng};
use fazhi::topic::{TopicError, Topics};
use std::path::PathBuf;

fn topic(topics: &Topics, name: &str) -> usize {
    topics
        .all()
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no topic {name}"))
}

fn names(topics: &Topics, tags: &[usize]) -> Vec<String> {
    tags.iter().map(|&t| topics.all()[t].name.clone()).collect()
}

#[test]
fn resolve_accepts_chinese_alias_and_pinyin() {
    let topics = Topics::bundled();
    let fuyi = topic(&topics, "行政复议");
    for q in [
        "行政复议",
        "复议",
        "xzfy",
        "xingzhengfuyi",
        "xz复议",
        " XZFY ",
    ] {
        assert_eq!(topics.resolve(q), Some(fuyi), "{q}");
    }
    assert_eq!(
        topics.resolve("zfzn"),
        Some(topic(&topics, "政府职能与营商环境"))
    );
    assert_eq!(
        topics.resolve("营商"),
        Some(topic(&topics, "政府职能与营商环境"))
    );
    assert_eq!(topics.resolve("乡村振兴"), None);
    assert_eq!(topics.resolve(""), None);
    // 行政 is part of several names: ambiguous, so no guess.
    assert_eq!(topics.resolve("行政"), None);
}

#[test]
fn body_mentions_tag_a_section_but_a_passing_mention_does_not() {
    let topics = Topics::bundled();
    let report = wendeng();
    let tags = topics.tag_report(&report);
    assert_eq!(tags.len(), report.sections.len());
    let fuyi = topic(&topics, "行政复议");
    let dispute = section_index(&report, "社会矛盾纠纷依法有效化解");
    assert!(
        tags[dispute].contains(&fuyi),
        "{:?}",
        names(&topics, &tags[dispute])
    );
    assert!(tags[dispute].contains(&topic(&topics, "矛盾纠纷化解")));
    let enforcement = section_index(&report, "行政执法严格规范公正文明");
    assert!(tags[enforcement].contains(&topic(&topics, "行政执法")));
    assert!(
        !tags[enforcement].contains(&fuyi),
        "one mention of 《行政复议法》 is not about 行政复议"
    );

    let tiexi = tiexi();
    let tags = topics.tag_report(&tiexi);
    let leaders = section_index(&tiexi, "抓住关键少数，发挥关键作用");
    assert!(!tags[leaders].contains(&fuyi));
    assert!(tags[leaders].contains(&topic(&topics, "党的领导与第一责任人")));
    let justice = section_index(&tiexi, "聚焦公平正义，矛盾化解更加精准");
    assert!(
        tags[justice].contains(&fuyi) && tags[justice].contains(&topic(&topics, "矛盾纠纷化解"))
    );
}

#[test]
fn a_figure_counting_what_a_topic_is_about_backs_a_single_mention() {
    let topics = Topics::bundled();
    let fuyi = topic(&topics, "行政复议");
    // A 宁夏 county's disputes section in wording of our own: 行政复议 named once, then
    // what was done with the applications.
    let with_figures = fazhi::report::parse(
        "yongning.txt",
        "永宁县人民政府关于2024年法治政府建设情况的报告\n一、主要成效\n（一）多元化解纠纷\n\
         县政府收到行政复议申请128件，审结115件，纠错率14.8%。依托调解中心开展诉前化解，\
         化解行政争议33件。\n（二）严格规范执法\n全县行政执法机关落实行政复议决定，\
         开展执法案卷评查，评查案卷312卷。\n",
    );
    let rows = topics.topic_rows(&vec![with_figures], fuyi);
    let paths: Vec<&str> = (rows[0].sections.iter()).map(|s| s.path.as_str()).collect();
    // A passing mention with no figure of it is not listed.
    assert_eq!(paths, ["一/（一）"]);
    let figures: Vec<&str> = (rows[0].sections[0].figures.iter())
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(figures, ["128件", "115件", "14.8%"]);
}

#[test]
fn headings_tag_sections_and_their_subsections() {
    let topics = Topics::bundled();
    let report = qianshan();
    let tags = topics.tag_report(&report);
    let sub = section_index(&report, "提升行政复议工作质效");
    assert_eq!(
        names(&topics, &tags[sub]),
        vec!["行政复议".to_string(), "矛盾纠纷化解".to_string()],
        "own heading gives 行政复议 (ranked first), the parent heading 矛盾纠纷化解"
    );
    let credit = section_index(&report, "全面加强政府诚信建设");
    assert!(tags[credit].contains(&topic(&topics, "政府诚信")));
    let next = section_index(&report, "下一步工作安排");
    assert!(tags[next].contains(&topic(&topics, "下一年度安排")));

    let report = wendeng();
    let tags = topics.tag_report(&report);
    let weak = section_index(&report, "法治化营商环境有待进一步优化");
    assert!(
        tags[weak].contains(&topic(&topics, "存在的不足")),
        "inherited from 二、…不足"
    );
    assert!(tags[weak].contains(&topic(&topics, "政府职能与营商环境")));
    let plan = section_index(&report, "加大法治政府建设力度");
    assert!(tags[plan].contains(&topic(&topics, "下一年度安排")));
    let top = section_index(&report, "2023年推进法治政府建设的主要举措和成效");
    assert!(tags[top].is_empty(), "{:?}", names(&topics, &tags[top]));
}

#[test]
fn topic_rows_list_every_report_with_the_figures_about_the_topic() {
    let topics = Topics::bundled();
    let reports = reports();
    let fuyi = topic(&topics, "行政复议");
    let rows = topics.topic_rows(&reports, fuyi);
    assert_eq!(rows.len(), 3);
    let labels = |row: usize| -> Vec<String> {
        rows[row]
            .sections
            .iter()
            .flat_map(|s| s.figures.iter().map(|f| format!("{}{}", f.label, f.text)))
            .collect()
    };

    assert_eq!(
        (rows[0].district.as_deref(), rows[0].year),
        (Some("文登区"), Some(2023))
    );
    assert_eq!(rows[0].sections.len(), 1);
    assert_eq!(rows[0].sections[0].path, "一/（五）");
    assert_eq!(rows[0].sections[0].title, "社会矛盾纠纷依法有效化解");
    assert_eq!(
        labels(0),
        vec!["受理行政复议申请82件", "审结76件"],
        "调解 and 应诉 figures are not 复议"
    );

    assert_eq!(rows[1].name, "千山区 2023");
    assert_eq!(rows[1].sections.len(), 1);
    assert_eq!(rows[1].sections[0].path, "一/（七）/1.");
    assert_eq!(
        labels(1),
        vec!["收到行政复议申请31件", "实质性化解行政争议案件12件"]
    );

    assert_eq!(
        labels(2),
        vec![
            "收到行政复议申请19件",
            "受理16件",
            "不予受理2件",
            "申诉求决类导入行政复议程序1件",
            "导入人民调解程序222件"
        ],
        "the 调解 figure shares a sentence with 行政复议; the 应诉 ones do not"
    );

    let json = serde_json::to_string(&rows).expect("rows serialize");
    assert!(
        json.contains("\"district\":\"文登区\"") && json.contains("受理行政复议申请"),
        "{json}"
    );
}

#[test]
fn parent_topic_rows_include_sub_topic_sections() {
    let topics = Topics::bundled();
    let rows = topics.topic_rows(&reports(), topic(&topics, "矛盾纠纷化解"));
    let titles: Vec<&str> = rows[1].sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "健全完善社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义",
            "提升行政复议工作质效"
        ]
    );
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fazhi-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

#[test]
fn load_reports_bad_files_by_name() {
    let bad = temp_file(
        "bad-topics.toml",
        "[[topic]]\nname = \"甲\"\nkeywords = \"不是列表\"\n",
    );
    let err = Topics::load(&bad).expect_err("keywords must be a list");
    assert!(matches!(err, TopicError::Parse { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&bad.display().to_string()),
        "{err}"
    );
    std::fs::remove_file(&bad).ok();

    let missing = std::env::temp_dir().join("fazhi-no-such-topics.toml");
    let err = Topics::load(&missing).expect_err("missing file");
    assert!(matches!(err, TopicError::Io { .. }));
    assert!(
        err.to_string().starts_with(&missing.display().to_string()),
        "{err}"
    );

    let orphan = temp_file(
        "orphan.toml",
        "[[topic]]\nname = \"甲\"\nparent = \"不存在\"\n",
    );
    let err = Topics::load(&orphan).expect_err("unknown parent");
    assert!(
        err.to_string().contains("orphan.toml") && err.to_string().contains("不存在"),
        "{err}"
    );
    std::fs::remove_file(&orphan).ok();
}

#[test]
fn load_extends_the_bundled_topics() {
    let path = temp_file(
        "extra.toml",
        "[[topic]]\nname = \"乡村振兴\"\naliases = [\"乡村\"]\nheadings = [\"乡村\"]\n",
    );
    let topics = Topics::load(&path).expect("valid file");
    std::fs::remove_file(&path).ok();
    assert_eq!(topics.len(), Topics::bundled().len() + 1);
    assert_eq!(topics.resolve("xczx"), Some(topics.len() - 1));
    assert!(topics.resolve("xzfy").is_some());
}
