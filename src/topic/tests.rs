//! Unit tests of the parent module.

use super::*;

#[test]
fn bundled_topics_are_valid_and_complete() {
    let topics = Topics::bundled();
    for name in [
        "党的领导与第一责任人",
        "政府职能与营商环境",
        "行政复议",
        "存在的不足",
        "下一年度安排",
    ] {
        assert!(topics.all().iter().any(|t| t.name == name), "{name}");
    }
    let fuyi = topics.resolve("行政复议").expect("行政复议");
    let parent = topics.all()[fuyi].parent.expect("行政复议 has a parent");
    assert_eq!(topics.all()[parent].name, "矛盾纠纷化解");
}

#[test]
fn hits_do_not_overlap() {
    let topic = |name: &str, keywords: &[&str]| Topic {
        name: name.to_string(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        ..Topics::bundled().all()[0].clone()
    };
    let keywords = Words::keywords(&[
        topic("a", &["复议", "行政复议"]),
        topic("b", &["复议"]),
        topic("c", &["aa"]),
    ]);
    assert_eq!(keywords.hits("行政复议和复议"), vec![2, 2, 0]);
    assert_eq!(keywords.hits(""), vec![0, 0, 0]);
    // One keyword's occurrences do not overlap: `aaa` holds one `aa`.
    assert_eq!(keywords.hits("aaa"), vec![0, 0, 1]);
}

#[test]
fn a_heading_names_every_topic_whose_heading_word_it_holds() {
    let topic = |name: &str, headings: &[&str]| Topic {
        name: name.to_string(),
        headings: headings.iter().map(|h| h.to_string()).collect(),
        ..Topics::bundled().all()[0].clone()
    };
    let headings = Words::headings(&[
        topic("复议", &["行政复议"]),
        topic("纠纷", &["矛盾纠纷", "复议"]),
        topic("执法", &["执法"]),
    ]);
    // `行政复议` holds `复议` too: both topics are named, overlapping.
    assert_eq!(
        headings.named("（三）深化行政复议体制改革"),
        vec![true, true, false]
    );
    assert_eq!(
        headings.named("二、严格规范公正文明执法"),
        vec![false, false, true]
    );
    assert_eq!(headings.named(""), vec![false, false, false]);
}

#[test]
fn user_file_extends_replaces_and_overrides() {
    let path = Path::new("mine.toml");
    let extra = "[[topic]]\nname = \"乡村振兴\"\nkeywords = [\"乡村\"]\n";
    let extended = Topics::from_toml(extra, path).expect("valid");
    assert_eq!(extended.len(), Topics::bundled().len() + 1);
    let replaced = Topics::from_toml(&format!("replace = true\n{extra}"), path).expect("valid");
    assert_eq!(replaced.len(), 1);
    let over = "[[topic]]\nname = \"信访\"\nkeywords = [\"来信来访\"]\n";
    let overridden = Topics::from_toml(over, path).expect("valid");
    let i = overridden.resolve("信访").expect("信访");
    assert_eq!(overridden.all()[i].keywords, vec!["来信来访".to_string()]);
    assert_eq!(overridden.all()[i].parent, None);
}

#[test]
fn invalid_topics_are_reported_with_the_file() {
    let path = Path::new("bad.toml");
    let cases = [
        ("[[topic]]\nname = \"\"\n", "empty name"),
        ("[[topic]]\nname = \"甲\"\nparent = \"乙\"\n", "parent 乙"),
        ("[[topic]]\nname = \"甲\"\nmin_hits = 0\n", "min_hits"),
        ("[[topic]]\nname = \"甲\"\n[[topic]]\nname = \"甲\"\n", "twice"),
        (
            "replace = true\n[[topic]]\nname = \"甲\"\nparent = \"乙\"\n[[topic]]\nname = \"乙\"\nparent = \"甲\"\n",
            "cycle",
        ),
        ("[[topic]]\nnmae = \"甲\"\n", "nmae"),
    ];
    for (text, problem) in cases {
        let message = Topics::from_toml(text, path)
            .expect_err(problem)
            .to_string();
        assert!(message.starts_with("bad.toml:"), "{message}");
        assert!(message.contains(problem), "{message}");
    }
}

#[test]
fn tagged_reports_keep_the_topics_tag_report_gives_and_none_beyond_the_library() {
    let topics = Topics::bundled();
    let report = crate::report::parse(
        "a.txt",
        "南明区人民政府关于2023年法治政府建设情况的报告\n一、做好行政复议工作\n共收到行政复议申请30件。\n",
    );
    let tagged = Tagged::new(1);
    let first = tagged.get(&topics, 0, &report).to_vec();
    assert_eq!(first, topics.tag_report(&report));
    assert!(first[0].contains(&topics.resolve("行政复议").unwrap()));
    // Asked again, the same tags (the first answer is kept, not recomputed).
    assert!(std::ptr::eq(
        tagged.get(&topics, 0, &report),
        tagged.get(&topics, 0, &report)
    ));
    assert!(tagged.get(&topics, 1, &report).is_empty());
}
