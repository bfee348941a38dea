//! What a reader sees of the body text: paragraphs joined across page breaks, run-in
//! headings split into title and body, Markdown and image artefacts gone.

use crate::common::rng::Rng;
use crate::common::samples::{QIANSHAN, SAMPLES, WENDENG, ZHOUCUN};
use fazhi::report::{parse, Change, Paragraph, Report};

fn all_paragraphs(r: &Report) -> Vec<&Paragraph> {
    r.preamble
        .iter()
        .chain(r.sections.iter().flat_map(|s| &s.paragraphs))
        .collect()
}

/// The one paragraph containing `needle`.
fn paragraph_with<'a>(r: &'a Report, needle: &str) -> &'a Paragraph {
    let found: Vec<&Paragraph> = all_paragraphs(r)
        .into_iter()
        .filter(|p| p.text.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "paragraphs containing {needle}");
    found[0]
}

#[test]
fn a_sentence_split_by_a_page_break_reads_as_one_paragraph() {
    let r = parse("qianshan", QIANSHAN);
    paragraph_with(&r, "不断提升国家工作人员法治素养。");
    let p = paragraph_with(&r, "行政权力 764");
    assert!(p.text.contains("行政权力 764项（1386子项）"), "{}", p.text);
    let p = paragraph_with(&r, "四是完善行政决策机制。");
    assert!(
        p.text
            .contains("贯彻落实国务院《重大行政决策程序暂行条例》"),
        "{}",
        p.text
    );
}

#[test]
fn a_number_split_from_its_unit_by_a_page_break_is_one_figure() {
    let r = parse("qianshan", QIANSHAN);
    let p = paragraph_with(&r, "行政权力 764");
    let f = p
        .figures
        .iter()
        .find(|f| f.text.contains("764"))
        .expect("764项");
    assert_eq!(f.text, "764项");
    assert_eq!(f.value, 764.0);
    assert_eq!(&p.text[f.range.clone()], "764项");
}

#[test]
fn a_run_in_heading_continues_across_a_page_break() {
    let r = parse("zhoucun", ZHOUCUN);
    let i = r.find_path("一/（一）").unwrap();
    let s = &r.sections[i];
    assert_eq!(s.title, "全面依法履行政府职能，营商环境持续优化");
    assert!(s.run_in);
    let p = paragraph_with(&r, "务专区”并");
    assert!(p.text.contains("务专区”并接入“爱山东”"), "{}", p.text);
    assert!(s.paragraphs.iter().any(|q| std::ptr::eq(q, p)));
}

#[test]
fn a_run_in_heading_has_its_title_up_to_the_first_full_stop() {
    let r = parse("wendeng", WENDENG);
    let i = r.find_path("一/（一）").unwrap();
    let s = &r.sections[i];
    assert_eq!(s.title, "政府职能依法全面履行");
    assert!(s.run_in);
    assert!(
        s.paragraphs[0].text.starts_with("一是"),
        "{}",
        s.paragraphs[0].text
    );
}

#[test]
fn inline_points_are_marked_not_made_headings() {
    let r = parse("wendeng", WENDENG);
    let i = r.find_path("一/（一）").unwrap();
    let s = &r.sections[i];
    assert_eq!(r.children(Some(i)).count(), 0);
    let p = &s.paragraphs[0];
    let points: Vec<&str> = p.points.iter().map(|r| &p.text[r.clone()]).collect();
    assert!(points.len() >= 3, "{points:?}");
    assert_eq!(&points[..3], ["一是", "二是", "三是"]);
}

#[test]
fn markdown_heading_level_comes_from_the_chinese_marker() {
    let text = "关于2023年法治政府建设情况的报告\n\n导语。\n\n## **一、甲**\n\n正文一。\n\n### 二、乙\n\n（一）子项\n\n正文二。\n\n#### 三、丙\n\n正文三。\n\n**四、丁**\n\n正文四。\n";
    let r = parse("md", text);
    let top: Vec<(&str, &str, u8)> = r
        .children(None)
        .map(|i| {
            let s = &r.sections[i];
            (s.number.as_str(), s.title.as_str(), s.level)
        })
        .collect();
    assert_eq!(
        top,
        [
            ("一、", "甲", 1),
            ("二、", "乙", 1),
            ("三、", "丙", 1),
            ("四、", "丁", 1)
        ]
    );
    let two = r.find_path("二/（一）").unwrap();
    assert_eq!(r.sections[two].level, 2);
    assert_eq!(r.sections[two].paragraphs[0].text, "正文二。");
}

#[test]
fn zhoucun_markdown_headings_are_level_one_without_hashes() {
    let r = parse("zhoucun", ZHOUCUN);
    for i in r.children(None) {
        let s = &r.sections[i];
        assert!(!s.title.contains('#') && !s.number.contains('#'), "{s:?}");
    }
    assert!(r.meta.title.starts_with("中共周村区委"), "{}", r.meta.title);
}

#[test]
fn image_references_are_dropped() {
    let r = parse("wendeng", WENDENG);
    for l in &r.front_matter {
        assert!(!l.contains("[image"), "{l}");
    }
    for p in all_paragraphs(&r) {
        assert!(!p.text.contains("[image"), "{}", p.text);
    }
    let r = parse(
        "t",
        "[image: image1]标题关于2023年的报告\n一、总体\n正文[image: x]继续。\n",
    );
    assert_eq!(r.sections[0].paragraphs[0].text, "正文继续。");
}

#[test]
fn no_paragraph_of_a_sample_is_empty_or_contains_an_artefact() {
    for text in SAMPLES {
        let r = parse("sample", text);
        for p in all_paragraphs(&r) {
            assert!(!p.text.trim().is_empty());
            assert!(
                !p.text.contains("**") && !p.text.contains("[image"),
                "{}",
                p.text
            );
            assert!(!p.text.starts_with('#'), "{}", p.text);
        }
    }
}

#[test]
fn a_complete_sentence_is_not_joined_with_the_next_paragraph() {
    let r = parse("qianshan", QIANSHAN);
    let one = paragraph_with(&r, "一是坚持“第一议题”制度");
    assert!(!one.text.contains("二是坚持领导干部带头学法"));
    assert!(one.text.ends_with('。'));
}

#[test]
fn a_heading_ending_in_a_full_stop_keeps_it() {
    let r = parse("t", "报告\n一、总体情况。\n正文。\n（一）分项。\n");
    for s in &r.sections {
        assert!(s.run_in, "{s:?}");
        assert!(!s.title.ends_with('。'), "{s:?}");
    }
    assert_eq!(r.sections[0].paragraphs[0].text, "正文。");
}

/// What a reader sees of a report, whitespace aside: headings and their paragraphs.
fn outline(r: &Report) -> Vec<String> {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let mut out: Vec<String> = r.preamble.iter().map(|p| squeeze(&p.text)).collect();
    for s in &r.sections {
        out.push(format!(
            "{} {} {} {:?}",
            s.level, s.number, s.title, s.parent
        ));
        out.extend(s.paragraphs.iter().map(|p| squeeze(&p.text)));
    }
    out
}

#[test]
fn a_page_break_anywhere_inside_a_sentence_changes_nothing() {
    use fazhi::report::parse::marker;
    use fazhi::report::text::ends_sentence;
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut splits = 0;
    for (k, text) in SAMPLES.iter().enumerate() {
        let base = parse("base", text);
        let want = outline(&base);
        let paragraphs: Vec<&str> = all_paragraphs(&base)
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        for round in 0..30 {
            let mut lines: Vec<String> = Vec::new();
            for line in text.lines() {
                let t = line.trim();
                let n = t.chars().count();
                // Body paragraphs, and the body of run-in headings (after the title's `。`).
                let first = if paragraphs.contains(&t) {
                    1
                } else if marker(t).is_some() {
                    t.chars().position(|c| c == '。').map_or(n, |p| p + 2)
                } else {
                    n
                };
                if n < first + 3 || rng.below(3) != 0 {
                    lines.push(line.to_string());
                    continue;
                }
                // A split point inside a sentence, whose tail does not look like a heading.
                let split = (0..5).find_map(|_| {
                    let at = t.char_indices().nth(first + rng.below(n - first - 1))?.0;
                    let (a, b) = t.split_at(at);
                    let ok = !ends_sentence(a)
                        && !a.trim().is_empty()
                        && !b.trim().is_empty()
                        && marker(b.trim_start()).is_none();
                    ok.then(|| (a.to_string(), b.to_string()))
                });
                match split {
                    Some((a, b)) => {
                        splits += 1;
                        lines.push(a);
                        lines.extend(std::iter::repeat_n(String::new(), rng.below(4)));
                        lines.push(b);
                    }
                    None => lines.push(line.to_string()),
                }
            }
            let broken = lines.join("\n");
            let r = parse("broken", &broken);
            let got = outline(&r);
            if got != want {
                let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
                panic!(
                    "sample {k} round {round}: differs at item {at}\n want {:?}\n  got {:?}",
                    want.get(at),
                    got.get(at)
                );
            }
            let values = |r: &Report| -> Vec<(u64, String)> {
                r.figures()
                    .map(|(_, _, f)| (f.value.to_bits(), f.unit.clone()))
                    .collect()
            };
            assert_eq!(
                values(&r),
                values(&base),
                "sample {k} round {round}: figures"
            );
            assert_eq!(r.id(), base.id());
        }
    }
    assert!(splits > 800, "only {splits} page breaks tried");
}

/// A report as saved from a county site (written for this test): a byline under the title,
/// its parts as bare lines with no number, `（一）title：body` headings, and the site's
/// buttons under the sign-off.
const SAVED_PAGE: &str = include_str!("../fixtures/outline/gansu-saved-page-bare-parts.txt");

#[test]
fn a_heading_ended_by_a_colon_runs_into_a_body_whose_figures_are_seen() {
    let r = parse("anning", SAVED_PAGE);
    let s = r
        .sections
        .iter()
        .find(|s| s.number == "（二）")
        .expect("（二）");
    assert_eq!(s.title, "深化行政审批制度改革：");
    let figures: Vec<&str> = s.paragraphs[0]
        .figures
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(figures, ["99.2%", "4.6万件"]);
    // A heading line that is only its title keeps it whole.
    assert!(r.sections.iter().any(|s| s.title == "规范执法行为："));
}

#[test]
fn parts_written_as_bare_lines_are_headings_and_name_their_paths() {
    let r = parse("anning", SAVED_PAGE);
    let bare: Vec<(&str, u8)> = r
        .sections
        .iter()
        .filter(|s| s.number.is_empty())
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        bare,
        [
            ("主要工作及成效", 1),
            ("存在的问题和不足", 1),
            ("2025年工作打算", 1)
        ]
    );
    let problems = r.find_path("存在的问题和不足").expect("found by its title");
    assert!(r.sections[problems].paragraphs[0].text.starts_with("一是"));
    let first = r
        .find_path("主要工作及成效/（一）")
        .expect("a child by path");
    assert_eq!(r.path(first), "主要工作及成效/（一）");
    // `工作中，…` after a sentence cut by a page break goes on with it.
    paragraph_with(&r, "在推进复议案件繁简分流工作中，平均办案周期缩短至32天。");
}

#[test]
fn a_saved_pages_byline_and_buttons_stay_out_of_the_body() {
    let r = parse("anning", SAVED_PAGE);
    assert!(r.front_matter.iter().any(|l| l.starts_with("发布时间")));
    assert_eq!(r.preamble.len(), 1, "{:?}", r.preamble);
    assert_eq!(r.meta.date.as_deref(), Some("2025-03-10"));
    assert_eq!(r.meta.issuers, ["兰州市安宁区人民政府"]);
    assert_eq!(
        r.sign_off.last().map(String::as_str),
        Some("【打印本页】【关闭窗口】")
    );
}

#[test]
fn headings_numbered_with_enclosed_characters_nest_and_are_found_by_their_plain_path() {
    let r = parse(
        "enclosed",
        "某自治县2023年度法治政府建设情况报告\n一、主要成效\n㈠加强组织领导。县政府常务会议专题学法6次。\n⑴细化责任清单\n㈡推进依法行政。审查规范性文件12件。\n二、存在不足\n一是基层执法力量薄弱。\n",
    );
    let outline: Vec<(u8, String)> = r.sections.iter().map(|s| (s.level, s.heading())).collect();
    let want = [
        (1, "一、主要成效"),
        (2, "㈠加强组织领导"),
        (4, "⑴细化责任清单"),
        (2, "㈡推进依法行政"),
        (1, "二、存在不足"),
    ];
    assert_eq!(
        outline,
        want.map(|(l, h)| (l, h.to_string())),
        "{:?}",
        r.sections
    );
    // Typed without the enclosed character, as a user on a plain keyboard would.
    let second = r.find_path("一/(二)").expect("found as (二)");
    assert_eq!(r.sections[second].title, "推进依法行政");
    assert_eq!(r.sections[second].paragraphs[0].figures[0].text, "12件");
    assert!(r.find_path("一/（一）/(1)").is_some());
}

#[test]
fn page_numbers_copied_out_of_a_pdf_leave_the_text_and_the_sign_off_whole() {
    let r = parse(
        "yuelu",
        "长沙市岳麓区人民政府\n关于2023年度法治政府建设工作情况的报告\n\n市人民政府：\n一、主要举措\n（一）优化营商环境\n上线“一件事一次办”事项156项，办理\n— 2 —\n量达2.8万件。\n- 3 -\n开展联合检查87次。\n第4页 共5页\n二、存在的问题\n基层执法力量不足。\n\n长沙市岳麓区人民政府\n二〇二四年一月二十五日\n－5－\n",
    );
    let p = paragraph_with(&r, "一件事一次办");
    assert_eq!(p.text, "上线“一件事一次办”事项156项，办理量达2.8万件。");
    assert!(
        all_paragraphs(&r).iter().all(|p| !p.text.contains('—')
            && !p.text.contains("- 3 -")
            && !p.text.contains("第4页")),
        "{:?}",
        all_paragraphs(&r)
    );
    assert_eq!(r.sections[1].paragraphs.len(), 2, "{:?}", r.sections[1]);
    // A date written in numerals with tens (`二十五日`) and a page number after it.
    assert_eq!(r.meta.date.as_deref(), Some("2024-01-25"));
    assert_eq!(
        r.sign_off,
        ["长沙市岳麓区人民政府", "二〇二四年一月二十五日"]
    );
    // A number alone on its line may be a table's cell: it stays.
    let r = parse("bare", "某县报告\n一、举措\n办理案件\n\n3\n\n件。\n");
    assert!(all_paragraphs(&r).iter().any(|p| p.text.contains('3')));
}

#[test]
fn headings_numbered_with_a_closing_bracket_only_are_headings_found_as_bracketed() {
    let r = parse(
        "halfbracket",
        "某县2023年法治政府建设情况报告\n一、主要工作\n1）加强组织领导\n县政府常务会议学法6次。\n2) 推进依法决策\n审查重大行政决策5件。\n二、下一步打算\n推进执法规范化。\n",
    );
    let outline: Vec<String> = r.sections.iter().map(|s| s.heading()).collect();
    assert_eq!(
        outline,
        [
            "一、主要工作",
            "1）加强组织领导",
            "2)推进依法决策",
            "二、下一步打算"
        ]
    );
    // The heading is not joined to the sentence below it.
    let first = r.find_path("一/(1)").expect("found as (1)");
    assert_eq!(r.sections[first].title, "加强组织领导");
    assert_eq!(
        r.sections[first].paragraphs[0].text,
        "县政府常务会议学法6次。"
    );
    assert_eq!(r.sections[first].parent, Some(0));
    // `一）` is `（一）` with its opening bracket left out, under `一、` and over `1．`.
    let r = parse(
        "halfcn",
        "某市2021年法治政府建设情况的报告\n一、主要举措\n一）坚持高位推动，强化组织保障\n市政府常务会议研究法治政府建设重大事项8次。\n二）深化改革\n1．推进审批提速。企业开办时间压缩至0.5个工作日。\n二、存在的问题\n",
    );
    let outline: Vec<(u8, String)> = r.sections.iter().map(|s| (s.level, s.heading())).collect();
    assert_eq!(
        outline,
        [
            (1, "一、主要举措".to_string()),
            (2, "一）坚持高位推动，强化组织保障".to_string()),
            (2, "二）深化改革".to_string()),
            (3, "1．推进审批提速".to_string()),
            (1, "二、存在的问题".to_string()),
        ]
    );
    let first = r.find_path("一/(一)").expect("found as (一)");
    assert_eq!(
        r.sections[first].paragraphs[0].text,
        "市政府常务会议研究法治政府建设重大事项8次。"
    );
    // A list of sentences numbered so stays a list of paragraphs.
    let r = parse(
        "listed",
        "某县报告\n一、问题\n1）执法力量不足，需要加强。\n2）宣传不够深入，需要改进。\n",
    );
    assert_eq!(r.sections.len(), 1, "{:?}", r.sections);
}

#[test]
fn a_numbered_item_that_states_figures_in_a_sentence_is_a_paragraph_whose_figures_are_seen() {
    let r = parse(
        "items",
        "某市司法局2024年法治政府建设年度报告\n一、主要举措\n（一）抓行政复议，发挥主渠道作用\n全年收到行政复议申请237件。\n二、存在的不足\n（一）行政复议案件增长较快，工作人员仅5名，人均办案47.4件，案多人少矛盾突出。\n（二）法律服务资源分布不均衡，部分乡镇没有律师事务所。\n三、主要安排\n（一）强化复议监督：力争调解率达到40%以上，纠错率不低于15%。\n",
    );
    let outline: Vec<String> = r.sections.iter().map(|s| s.heading()).collect();
    assert_eq!(
        outline,
        [
            "一、主要举措",
            "（一）抓行政复议，发挥主渠道作用",
            "二、存在的不足",
            "三、主要安排",
            "（一）强化复议监督：",
        ]
    );
    // The shortcomings are the part's paragraphs, the second too once the list reads so.
    let shortcomings = &r.sections[2].paragraphs;
    assert_eq!(shortcomings.len(), 2, "{shortcomings:?}");
    let figures: Vec<&str> = shortcomings[0]
        .figures
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(figures, ["5名", "47.4件"]);
    assert!(shortcomings[1].text.starts_with("（二）法律服务资源"));
}

#[test]
fn a_sign_off_under_a_sites_related_links_and_buttons_is_still_read() {
    for tail in [
        "\n【我要纠错】【打印本页】【关闭窗口】\n上一篇：涿州市司法局2024年度部门决算公开\n下一篇：涿州市司法局关于开展2025年普法考核的通知\n",
        "\n相关链接\n涿州市司法局关于2023年度法治政府建设情况的报告\n涿州市2024年度行政复议工作白皮书\n",
        "\n（联系人：市司法局 陈某某，电话：0312-3861234）\n",
    ] {
        let r = parse(
            "zhuozhou",
            &format!("涿州市司法局2024年法治政府建设年度报告\n一、主要举措\n全年办理行政复议案件237件。\n二、主要安排\n推进执法规范化。\n\n涿州市司法局\n2025年1月15日\n{tail}"),
        );
        assert_eq!(r.meta.date.as_deref(), Some("2025-01-15"), "{tail}");
        assert_eq!(r.meta.issuers, ["涿州市司法局"], "{tail}");
        assert_eq!(r.sign_off[..2], ["涿州市司法局", "2025年1月15日"], "{tail}");
        let last = &r.sections[1].paragraphs;
        assert_eq!(last.len(), 1, "{tail}: {last:?}");
        assert!(last[0].figures.is_empty(), "{tail}: {last:?}");
    }
    // A closing paragraph with sentences after the date is the body's, not site matter.
    let r = parse(
        "body-after",
        "某县报告\n一、主要举措\n全年办理案件12件。\n\n某县人民政府\n2025年1月15日\n附件说明：本报告数据截至2024年12月31日，共涉及部门32个。\n",
    );
    assert_eq!(r.meta.date, None);
}

/// The figures of a report's table rows as (text, value, unit, label, change).
fn table_figures(r: &Report) -> Vec<(String, f64, String, String, Option<Change>)> {
    all_paragraphs(r)
        .into_iter()
        .filter(|p| p.text.starts_with('|'))
        .flat_map(|p| &p.figures)
        .map(|f| {
            (
                f.text.clone(),
                f.value,
                f.unit.clone(),
                f.label.clone(),
                f.change,
            )
        })
        .collect()
}

#[test]
fn numbers_alone_in_a_statistical_table_are_figures_in_the_unit_its_names_give() {
    use Change::{After, Before};
    let figure = |t: &str, v: f64, u: &str, l: &str, c: Option<Change>| {
        (t.to_string(), v, u.to_string(), l.to_string(), c)
    };
    // Years across, units in the rows' names; the header's years are no figures.
    let r = parse(
        "across",
        "某区2023年法治政府建设情况报告\n一、主要成效\n全年办理案件12件。\n附表：2022—2023年主要指标\n| 指标 | 2022年 | 2023年 |\n| 行政复议申请（宗） | 398 | 627 |\n| 出庭应诉率（%） | 97.8 | 100 |\n| 行政处罚案件（万宗） | 2.05 | 2.37 |\n",
    );
    assert_eq!(
        table_figures(&r),
        [
            figure("398", 398.0, "宗", "行政复议申请", Some(Before)),
            figure("627", 627.0, "宗", "行政复议申请", Some(After)),
            figure("97.8", 97.8, "%", "出庭应诉率", Some(Before)),
            figure("100", 100.0, "%", "出庭应诉率", Some(After)),
            figure("2.05", 20_500.0, "宗", "行政处罚案件", Some(Before)),
            figure("2.37", 23_700.0, "宗", "行政处罚案件", Some(After)),
        ]
    );
    // The appendix is a part of its own, not the last heading's.
    let appendix = r.sections.last().expect("appendix");
    assert_eq!(appendix.title, "附表：2022—2023年主要指标");
    // So does `附：`.
    let r2 = parse(
        "attached",
        "某区2023年法治政府建设情况报告\n三、2024年工作安排\n推进执法规范化。\n附：2023年主要指标\n| 指标 | 2022年 | 2023年 |\n| 行政复议申请（宗） | 398 | 627 |\n",
    );
    assert_eq!(
        r2.sections.last().map(|s| s.title.as_str()),
        Some("附：2023年主要指标")
    );
    assert_eq!(appendix.paragraphs.len(), 4);
    assert!(r.sections[0].paragraphs.len() == 1);

    // Years down, units in the columns' headers.
    let r = parse(
        "down",
        "某市报告\n一、成效\n| 年份 | 行政复议新收案件(件) | 败诉率 | 罚没款(亿元) |\n| 2023 | 703 | 11.5% | 1.50 |\n| 2024 | 1126 | 8.6% | 1.37 |\n",
    );
    assert_eq!(
        table_figures(&r),
        [
            figure("703", 703.0, "件", "行政复议新收案件", Some(Before)),
            figure("11.5%", 11.5, "%", "败诉率", Some(Before)),
            figure("1.50", 150_000_000.0, "元", "罚没款", Some(Before)),
            figure("1126", 1126.0, "件", "行政复议新收案件", Some(After)),
            figure("8.6%", 8.6, "%", "败诉率", Some(After)),
            figure("1.37", 137_000_000.0, "元", "罚没款", Some(After)),
        ]
    );

    // A column of changes: signed, and named as a change of its row.
    let r = parse(
        "changes",
        "某县报告\n一、成效\n| 项目 | 数量 | 同比 |\n| 行政处罚决定（件） | 12865 | -9.7% |\n| 行政许可（件） | 62417 | 增长6.2% |\n| 行政诉讼（件） | 96 | 下降4.0% |\n",
    );
    let got = table_figures(&r);
    assert_eq!(got[0], figure("12865", 12865.0, "件", "行政处罚决定", None));
    assert_eq!(
        got[1],
        figure("-9.7%", -9.7, "%", "行政处罚决定同比", Some(Change::By))
    );
    assert_eq!(got[3].3, "行政许可同比");
    assert_eq!((got[3].1, got[5].1), (6.2, -4.0));

    // A signed number alone under a header that names its unit keeps its sign.
    let r = parse(
        "signed",
        "某县报告\n一、成效\n| 项目 | 同比（单位：%） |\n| 行政诉讼 | -4.0 |\n",
    );
    assert_eq!(
        table_figures(&r),
        [figure("-4.0", -4.0, "%", "行政诉讼同比", Some(Change::By))]
    );

    // A column of units gives each row's.
    let r = parse(
        "unit column",
        "某县报告\n一、成效\n| 项目 | 数量 | 单位 |\n| 行政复议案件 | 3 | 件 |\n| 罚没款 | 46.8 | 万元 |\n",
    );
    assert_eq!(
        table_figures(&r),
        [
            figure("3", 3.0, "件", "行政复议案件", None),
            figure("46.8", 468_000.0, "元", "罚没款", None),
        ]
    );

    // No unit anywhere: a bare number is no figure.
    let r = parse(
        "plain",
        "某县报告\n一、成效\n| 项目 | 数量 |\n| 窗口 | 12 |\n",
    );
    assert!(table_figures(&r).is_empty());
}

#[test]
fn a_number_alone_in_a_cell_is_shown_in_the_unit_its_header_gives() {
    let r = parse(
        "shown",
        "某区报告\n一、成效\n办理案件12件，增长5.2%。\n| 指标 | 2022年 | 2023年 | 同比（%） |\n| 行政处罚案件（万宗） | 2.05 | 2.37 | -9.7 |\n| 罚没款（亿元） | 1.5 | 1.37 | 0 |\n| 行政复议申请（宗） | 1,398 | 627 | 3 |\n",
    );
    let shown: Vec<String> = all_paragraphs(&r)
        .into_iter()
        .flat_map(|p| &p.figures)
        .map(|f| f.shown().into_owned())
        .collect();
    assert_eq!(
        shown,
        [
            "12件",
            "5.2%",
            "2.05万宗",
            "2.37万宗",
            "-9.7%",
            "1.5亿元",
            "1.37亿元",
            "0%",
            "1,398宗",
            "627宗",
            "3%"
        ]
    );
    // A column of changes in its own unit is in that unit, not the row's.
    let change = all_paragraphs(&r)
        .into_iter()
        .flat_map(|p| &p.figures)
        .find(|f| f.text == "-9.7")
        .expect("the change");
    assert_eq!((change.value, change.unit.as_str()), (-9.7, "%"));
}

#[test]
fn hard_wrapped_text_joins_lines_that_end_a_sentence_at_the_margin_and_breaks_at_indents() {
    let r = parse(
        "wrapped",
        "某区2024年法治政府建设情况报告\n　　2024年，某区坚持以习近平法治思想为指导，扎实\n推进法治政府建设，现将有关情况报告如下：\n　　一、主要举措和成效\n　　（一）优化营商环境。深化行政审批制度改革，全\n区政务服务事项网上可办率达到99.3%，全程网办率\n86.7%。推行告知承诺制审批事项214项，全年办理\n“一件事一次办”主题服务1.46万件。\n新增经营主体1.38万户，同比增长12.6%，其中新增\n企业3,215户。\n　　（二）推进依法决策。全年召开区政府常务会议32\n次，审议重大行政决策事项6项\n　　另有规范性文件11件，提出修改意见\n1,046条。\n",
    );
    let first = &r.sections[1].paragraphs;
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0]
        .text
        .ends_with("1.46万件。新增经营主体1.38万户，同比增长12.6%，其中新增企业3,215户。"));
    // An indented line starts a paragraph even after a sentence that did not end.
    let second = &r.sections[2].paragraphs;
    assert_eq!(second.len(), 2, "{second:?}");
    assert_eq!(second[1].text, "另有规范性文件11件，提出修改意见1,046条。");
    // Text that is not wrapped keeps a paragraph for each line that ends a sentence.
    let r = parse(
        "lines",
        "某区报告\n一、举措\n全年办理案件12件。\n新增经营主体1.38万户。\n",
    );
    assert_eq!(r.sections[0].paragraphs.len(), 2);
}

#[test]
fn numbered_headings_under_parts_nest_in_them() {
    let r = parse(
        "parts",
        "某州2024年法治政府建设情况报告\n第一部分  2024年度主要做法及成效\n一、加强党的领导\n州政府常务会议学法6次。\n（一）压实责任\n开展述法12人次。\n二、深化改革\n网上可办率99%。\n第二部分 存在的问题\n一是执法力量不足。\n",
    );
    let outline: Vec<(u8, String)> = r.sections.iter().map(|s| (s.level, s.heading())).collect();
    let want = [
        (1, "第一部分 2024年度主要做法及成效"),
        (2, "一、加强党的领导"),
        (3, "（一）压实责任"),
        (2, "二、深化改革"),
        (1, "第二部分 存在的问题"),
    ];
    assert_eq!(outline, want.map(|(l, h)| (l, h.to_string())));
    assert_eq!(r.sections[1].parent, Some(0));
    let second = r.find_path("第一部分/二").expect("found under its part");
    assert_eq!(r.sections[second].title, "深化改革");
}

#[test]
fn a_sites_greeting_and_type_size_buttons_are_not_the_reports() {
    let r = parse(
        "greeting",
        "浙江省人民政府 温州市人民政府 欢迎访问瑞安市人民政府门户网站！\n瑞安市人民政府关于2024年度法治政府建设工作情况的报告\n发布时间：2025-01-16 09:12:45    来源：瑞安市司法局    【字体：大 中 小】    打印\n一、主要举措\n统一公文字体字号大中小标准，审查规范性文件12件。\n",
    );
    assert_eq!(
        r.meta.title,
        "瑞安市人民政府关于2024年度法治政府建设工作情况的报告"
    );
    assert!(
        !r.front_matter.iter().any(|l| l.contains("欢迎访问")),
        "{:?}",
        r.front_matter
    );
    assert!(
        r.front_matter
            .iter()
            .any(|l| l == "发布时间：2025-01-16 09:12:45    来源：瑞安市司法局"),
        "{:?}",
        r.front_matter
    );
    // Words about type in a sentence are the report's own.
    assert!(r.sections[0].paragraphs[0]
        .text
        .starts_with("统一公文字体字号大中小标准"));
}

#[test]
fn a_line_broken_after_a_decimal_point_goes_on_into_the_number() {
    let text = "平远县人民政府关于2023年法治政府建设情况的报告\n\n一、主要成效\n\n　　全县行政处罚案件办理12608件，罚没款金额2735.\n6万元，听证18件。\n\n　　全年收到行政复议申请126件.\n2024年将继续推进。\n";
    let r = parse("wrap.txt", text);
    let p = paragraph_with(&r, "罚没款金额");
    assert!(p.text.contains("2735.6万元，听证18件。"), "{}", p.text);
    let money = p
        .figures
        .iter()
        .find(|f| f.text == "2735.6万元")
        .expect("a sum");
    assert_eq!(money.label, "罚没款金额");
    // A full stop after a number, then a new sentence of a year, is two paragraphs.
    assert!(!paragraph_with(&r, "126件.").text.contains("2024年"));
}

#[test]
fn a_tables_cell_is_labelled_by_its_row_and_the_measure_its_column_heads() {
    let labels = |text: &str| -> Vec<(String, String)> {
        let r = parse("columns", text);
        table_figures(&r)
            .into_iter()
            .map(|(t, _, _, l, _)| (t, l))
            .collect()
    };
    let pair = |t: &str, l: &str| (t.to_string(), l.to_string());
    // Measures across, units in their headers (a county's enforcement table).
    assert_eq!(
        labels(
            "某县报告\n一、成效\n| 执法领域 | 立案数（件） | 结案数（件） | 罚没金额（万元） |\n\
             | 生态环境 | 57 | 52 | 96.4 |\n| 合计 | 212 | 201 | 530.2 |\n"
        ),
        [
            pair("57", "生态环境立案数"),
            pair("52", "生态环境结案数"),
            pair("96.4", "生态环境罚没金额"),
            pair("212", "立案数合计"),
            pair("201", "结案数合计"),
            pair("530.2", "罚没金额合计"),
        ]
    );
    // A target beside what was done: the target says so, the value done is the row's.
    assert_eq!(
        labels(
            "某区报告\n一、成效\n| 指标名称 | 年度目标 | 完成值 |\n| 行政复议纠错率 | 10%以内 | 7.6% |\n"
        ),
        [
            pair("10%以内", "行政复议纠错率年度目标"),
            pair("7.6%", "行政复议纠错率"),
        ]
    );
    // A column of row numbers first: the names are in the second.
    assert_eq!(
        labels(
            "某县报告\n一、成效\n| 序号 | 类别 | 受理（件） | 化解率 |\n| 1 | 劳动争议 | 140 | 96.4% |\n| 2 | 邻里纠纷 | 318 | 99.1% |\n"
        ),
        [
            pair("140", "劳动争议受理"),
            pair("96.4%", "劳动争议化解率"),
            pair("318", "邻里纠纷受理"),
            pair("99.1%", "邻里纠纷化解率"),
        ]
    );
    // Rows counted 1, 2 with no header over them: the names are still in the second column.
    assert_eq!(
        labels("某县报告\n一、成效\n| 1 | 劳动争议 | 140件 |\n| 2 | 邻里纠纷 | 318件 |\n"),
        [pair("140件", "劳动争议"), pair("318件", "邻里纠纷")]
    );
}
