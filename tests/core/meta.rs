//! Which district and year a report is about, when the text is less tidy than the samples.
//! Names repeat across China; fazhi decides from the text or says it cannot — never a
//! silent guess.

use fazhi::report::{parse, Report};

fn report(text: &str) -> Report {
    parse("test.txt", text)
}

fn warns_about(r: &Report, needle: &str) -> bool {
    r.warnings.iter().any(|w| w.contains(needle))
}

const BODY: &str =
    "\n\n一、主要举措\n（一）加强领导\n铁西区全面加强法治建设，受理行政复议申请12件。\n";

#[test]
fn tiexi_with_its_city_in_the_title_is_that_citys_tiexi() {
    let r = report(&format!(
        "沈阳市铁西区人民政府关于2023年法治政府建设情况的报告{BODY}"
    ));
    assert_eq!(r.id(), "210106-2023");
    assert_eq!(r.meta.prefecture.as_deref(), Some("沈阳市"));
    let r = report(&format!(
        "四平市铁西区人民政府\n关于2024年度法治政府建设情况的报告{BODY}"
    ));
    assert_eq!(r.id(), "220302-2024");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn tiexi_resolved_from_a_city_named_in_the_body() {
    let r = report(
        "铁西区人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n在鞍山市委、市政府的坚强领导下，铁西区加强法治。\n",
    );
    assert_eq!(r.meta.code.as_deref(), Some("210303"));
}

#[test]
fn a_bare_tiexi_is_reported_as_ambiguous_with_its_candidates() {
    let r = report(&format!(
        "铁西区人民政府关于2023年法治政府建设情况的报告{BODY}"
    ));
    assert_eq!(r.meta.code, None, "never a silent guess");
    assert_eq!(r.id(), "test", "an id of unknown code is the file's name");
    assert_eq!(r.meta.district.as_deref(), Some("铁西区"));
    let w = r
        .warnings
        .iter()
        .find(|w| w.contains("ambiguous"))
        .expect("an ambiguity warning");
    for city in ["沈阳市", "鞍山市", "四平市"] {
        assert!(w.contains(city), "{w}");
    }
}

#[test]
fn the_province_alone_does_not_pick_between_two_tiexis_in_it() {
    // 沈阳市 and 鞍山市 are both in 辽宁省.
    let r = report(
        "铁西区人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n在辽宁省委的领导下，铁西区加强法治。\n",
    );
    assert_eq!(r.meta.code, None);
    assert!(warns_about(&r, "ambiguous"), "{:?}", r.warnings);
}

#[test]
fn a_report_without_district_or_year_is_unknown_with_warnings() {
    let r = report("今年我们加强了法治建设。\n\n一、主要举措\n加强法治。\n");
    assert_eq!(r.id(), "test");
    assert!(warns_about(&r, "year"), "{:?}", r.warnings);
    assert!(warns_about(&r, "district"), "{:?}", r.warnings);
    assert_eq!(r.sections.len(), 1);
}

#[test]
fn a_city_report_is_about_the_city_not_a_district_it_mentions() {
    let r = report(
        "鞍山市人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n千山区率先完成改革。\n",
    );
    assert_eq!(r.id(), "210300-2023");
    assert_eq!(r.meta.district.as_deref(), Some("鞍山市"));
}

#[test]
fn a_district_found_only_in_the_body_is_flagged() {
    let r = report("关于2023年法治政府建设情况的报告\n\n一、主要举措\n千山区率先完成改革。\n");
    assert_eq!(r.meta.district.as_deref(), Some("千山区"));
    assert!(
        warns_about(&r, "only mentioned in the body"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn an_override_block_sets_district_prefecture_and_year() {
    let text = "---\ndistrict: 铁西区\nprefecture: 鞍山市\nyear: 2022\n---\n关于2024年法治政府建设情况的报告\n\n一、主要举措\n加强法治。\n";
    let r = report(text);
    assert_eq!(r.id(), "210303-2022");
    assert_eq!(r.meta.district.as_deref(), Some("铁西区"));
    assert_eq!(r.meta.prefecture.as_deref(), Some("鞍山市"));
    assert_eq!(r.meta.province.as_deref(), Some("辽宁省"));
    assert_eq!(r.meta.year, Some(2022));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // The block is front matter, not body text.
    assert_eq!(r.front_matter[0], "---");
    assert!(r.preamble.iter().all(|p| !p.text.contains("district")));
    assert_eq!(r.sections[0].title, "主要举措");
}

#[test]
fn an_override_year_may_be_full_width_or_end_in_nian() {
    for year in ["２０２２", "2022年", "2022 年度", "\"2022\""] {
        let r = report(&format!(
            "---\ndistrict: 千山区\nyear: {year}\n---\n关于2024年法治政府建设情况的报告\n\n一、举措\n正文。\n"
        ));
        assert_eq!(r.id(), "210311-2022", "{year}");
    }
}

#[test]
fn an_override_year_that_is_not_a_year_is_a_warning() {
    let r = report("---\ndistrict: 千山区\nyear: 二〇二三\n---\n报告\n\n一、举措\n正文。\n");
    assert_eq!(r.meta.year, None);
    assert!(warns_about(&r, "二〇二三"), "{:?}", r.warnings);
}

#[test]
fn an_override_block_by_code() {
    let r =
        report("---\ncode: 220302\n---\n关于2024年法治政府建设情况的报告\n\n一、举措\n正文。\n");
    assert_eq!(r.id(), "220302-2024");
    assert_eq!(r.meta.prefecture.as_deref(), Some("四平市"));
}

#[test]
fn a_report_with_no_headings_is_readable_with_a_warning() {
    let r = report("千山区人民政府关于2023年法治政府建设情况的报告\n\n正文第一段。\n\n正文第二段，没有标题。\n");
    assert!(r.sections.is_empty());
    assert_eq!(r.preamble.len(), 2);
    assert!(warns_about(&r, "no headings"), "{:?}", r.warnings);
    assert_eq!(r.id(), "210311-2023");
}

#[test]
fn the_year_may_be_written_with_spaces_or_full_width_digits() {
    let r = report("千山区人民政府关于 2023 年度法治政府建设工作的报告\n\n一、举措\n正文。\n");
    assert_eq!(r.meta.year, Some(2023));
    let r = report("千山区人民政府关于２０２３年法治政府建设情况的报告\n\n一、举措\n正文。\n");
    assert_eq!(r.meta.year, Some(2023));
    let r = report("千山区人民政府关于二〇二三年法治政府建设情况的报告\n\n一、举措\n正文。\n");
    assert_eq!(r.meta.year, Some(2023));
}

#[test]
fn a_sign_off_date_with_absurd_numbers_is_not_a_date_and_does_not_crash() {
    let r = report("千山区人民政府关于2023年法治政府建设情况的报告\n\n一、举措\n正文。\n\n千山区人民政府\n99999999999999999年1月1日\n");
    assert_eq!(r.meta.date, None);
    let r = report("千山区人民政府关于2023年法治政府建设情况的报告\n\n一、举措\n正文。\n\n千山区人民政府\n二〇二四年二月一日\n");
    assert_eq!(r.meta.date.as_deref(), Some("2024-02-01"));
}

#[test]
fn a_city_named_before_its_district_qualifies_it_and_is_not_the_district() {
    // The body talks about the city more than the district; the issuer is still the district.
    let r = report(
        "威海市文登区人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n落实威海市部署，威海市考核优秀，威海市示范创建。\n",
    );
    assert_eq!(r.id(), "371003-2023");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_development_zone_with_a_long_name_is_found() {
    let r = report(
        "合肥经济技术开发区管委会关于2023年法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n合肥经济技术开发区全面加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("合肥经济技术开发区"));
    assert_eq!(r.meta.prefecture.as_deref(), Some("合肥市"));
    assert_eq!(r.meta.province.as_deref(), Some("安徽省"));
    assert_eq!(r.id(), "340177-2023");
    let r = report(
        "石家庄高新技术产业开发区2024年法治政府建设工作报告\n\n一、主要举措\n（一）加强领导\n开发区全面加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("石家庄高新技术产业开发区"));
}

#[test]
fn a_municipality_report_is_about_the_municipality() {
    let r = report(
        "上海市人民政府\n\n上海市人民政府关于2025年度法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n全市加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("上海市"));
    assert_eq!(r.id(), "310000-2025");
    assert_eq!(r.short_name(), "上海市 2025");
    // One of its districts, with the municipality named first, is that district.
    let r = report(
        "上海市浦东新区人民政府关于2025年度法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n浦东新区加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("浦东新区"));
}

#[test]
fn a_province_or_league_report_is_about_it() {
    let r = report(
        "湖北省人民政府关于2023年度法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n全省加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("湖北省"));
    let r = report(
        "锡林郭勒盟行政公署关于2023年法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n全盟加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("锡林郭勒盟"));
    // A county of a province is that county, not the province.
    let r = report(
        "湖北省恩施土家族苗族自治州利川市人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n（一）加强领导\n利川市加强法治建设。\n",
    );
    assert_eq!(r.meta.district.as_deref(), Some("利川市"));
}

#[test]
fn a_repeated_name_elsewhere_in_china_is_settled_by_how_the_body_names_its_places() {
    let title =
        |name: &str| format!("{name}人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n");
    // Only the province's short name: 吉林 points at 长春市朝阳区, not 北京市朝阳区.
    let r = report(&format!(
        "{}吉林全省推进依法行政，朝阳区加强法治。\n",
        title("朝阳区")
    ));
    assert_eq!(r.id(), "220104-2023", "{:?}", r.warnings);
    // The city named outweighs another province named once for a neighbour.
    let r = report(&format!(
        "{}在福州市的指导下，鼓楼区会同江苏省有关部门开展交流。\n",
        title("鼓楼区")
    ));
    assert_eq!(
        r.meta.prefecture.as_deref(),
        Some("福州市"),
        "{:?}",
        r.warnings
    );
    // City and district written together once outweigh another province named often.
    let r = report(&format!(
        "{}南京市鼓楼区与福建省、福建省、福建省、福建省、福建省的同行交流。\n",
        title("鼓楼区")
    ));
    assert_eq!(r.id(), "320106-2023", "{:?}", r.warnings);
    // Nothing in the text to choose by: said, not guessed.
    let r = report(&format!("{}鼓楼区加强法治。\n", title("鼓楼区")));
    assert_eq!(r.meta.code, None);
    assert!(warns_about(&r, "ambiguous"), "{:?}", r.warnings);
}

#[test]
fn a_sign_off_date_in_numerals_reads_its_tens() {
    for (written, want) in [
        ("二〇二四年一月二十五日", "2024-01-25"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二〇二四年十月十日", "2024-10-10"),
        ("二〇二四年三月二十日", "2024-03-20"),
        ("2024年2月11日", "2024-02-11"),
    ] {
        let r = report(&format!(
            "千山区人民政府关于2023年法治政府建设情况的报告\n\n一、举措\n正文。\n\n千山区人民政府\n{written}\n"
        ));
        assert_eq!(r.meta.date.as_deref(), Some(want), "{written}");
    }
    let r = report("千山区人民政府关于2023年法治政府建设情况的报告\n\n一、举措\n正文。\n\n千山区人民政府\n二〇二四年十十月一日\n");
    assert_eq!(r.meta.date, None);
}

#[test]
fn a_year_in_the_title_of_a_plan_quoted_before_the_year_is_not_the_year() {
    let r = report(
        "湖州市吴兴区人民政府关于法治政府建设情况的报告\n\n市政府：\n\n今年，吴兴区全面落实《法治政府建设实施纲要（2021—2025年）》，扎实推进各项工作。现将有关情况报告如下：\n\n一、2023年法治政府建设主要举措和成效\n\n全年收到行政复议申请126件。\n",
    );
    assert_eq!(r.meta.year, Some(2023), "{:?}", r.meta);
    // With no year anywhere but in the plan's title, the year is unknown and said so.
    let r = report(
        "湖州市吴兴区人民政府关于法治政府建设情况的报告\n\n今年，吴兴区全面落实《法治政府建设实施纲要（2021—2025年）》。\n\n一、主要举措和成效\n\n全年收到行政复议申请126件。\n",
    );
    assert_eq!(r.meta.year, None, "{:?}", r.meta);
    assert!(warns_about(&r, "year"));
    // The end of a range is no year either: `2021年至2025年`.
    let r = report(
        "某县人民政府关于法治政府建设情况的报告\n\n2021年至2025年规划期内，我县持续推进法治政府建设。\n\n一、主要举措\n\n全年收到行政复议申请12件。\n",
    );
    assert_eq!(r.meta.year, None, "{:?}", r.meta);
}

#[test]
fn two_reports_pasted_into_one_file_are_warned_about() {
    let one = "宁海县人民政府关于2023年法治政府建设情况的报告\n\n一、主要工作\n\n全年收到行政复议申请12件。\n\n宁海县人民政府\n2024年2月1日\n";
    let two = "象山县人民政府关于2023年法治政府建设情况的报告\n\n一、主要工作\n\n全年收到行政复议申请8件。\n\n象山县人民政府\n2024年2月5日\n";
    let r = report(&format!("{one}\n{two}"));
    assert!(warns_about(&r, "a second report title"), "{:?}", r.warnings);
    assert!(!warns_about(&report(one), "a second report title"));
}

/// A report as a reviewer copies it from a government site (select all, paste): the
/// breadcrumb, the title, the site's metadata table, the title again, then the document,
/// then the site's footer.
const COPIED_PAGE: &str = "当前位置：首页 > 信息公开 > 法治政府建设 > 年度报告\n\
     \n\
     东至县人民政府关于2023年度法治政府建设工作情况的报告\n\
     \n\
     索 引 号：003187521/202403-00007\n\
     发布机构：东至县人民政府\n\
     文　　号：东政〔2024〕11号\n\
     发布时间：2024-03-05 16:20\n\
     \n\
     东至县人民政府关于2023年度法治政府建设工作情况的报告\n\
     \n\
     【字体：大 中 小】　【打印本页】　【关闭窗口】\n\
     \n\
     池州市人民政府：\n\
     \n\
     2023年，我县坚持依法行政，现将有关情况报告如下。\n\
     \n\
     一、主要工作\n\
     全年办理行政复议案件31件，行政机关负责人出庭应诉率100%。\n\
     \n\
     东至县人民政府\n\
     2024年2月28日\n\
     \n\
     主办单位：东至县人民政府办公室　　承办单位：东至县数据资源管理局\n\
     皖ICP备05001234号-1　　网站标识码：3417210001\n";

#[test]
fn text_copied_from_a_web_page_gives_its_title_number_addressee_and_issuer() {
    let r = report(COPIED_PAGE);
    assert_eq!(
        r.meta.title,
        "东至县人民政府关于2023年度法治政府建设工作情况的报告"
    );
    assert_eq!(r.meta.doc_number.as_deref(), Some("东政〔2024〕11号"));
    assert_eq!(r.meta.addressee.as_deref(), Some("池州市人民政府"));
    assert_eq!(r.meta.issuers, ["东至县人民政府"]);
    assert_eq!(r.meta.date.as_deref(), Some("2024-02-28"));
    assert_eq!(r.meta.district.as_deref(), Some("东至县"));
    // The site's matter is not the body, and the title said twice is one report.
    assert!(!warns_about(&r, "second report title"), "{:?}", r.warnings);
    let first = r.preamble.first().map(|p| p.text.as_str()).unwrap_or("");
    assert!(first.starts_with("2023年，我县"), "{first}");
}

#[test]
fn a_document_number_and_its_signer_on_one_line_are_both_read() {
    let r = report(
        "石屏县人民政府文件\n\n\
         石政报〔2024〕7号　　　　　　　　签发人：李　强\n\n\
         石屏县人民政府\n关于2023年度法治政府建设情况的报告\n\n红河州人民政府：\n\n\
         一、主要工作\n全年办理行政复议案件9件。\n",
    );
    assert_eq!(r.meta.doc_number.as_deref(), Some("石政报〔2024〕7号"));
    assert_eq!(r.meta.signers, ["李强"]);
    assert_eq!(r.meta.addressee.as_deref(), Some("红河州人民政府"));
}

#[test]
fn a_word_header_set_in_a_table_gives_its_number_and_signer() {
    // How the Word readers write a header laid out in a two-cell table.
    let r = report(
        "长葛市人民政府文件\n\
         | 长政文〔2024〕12号 | 签发人：李明 |\n\
         长葛市人民政府\n关于2023年度法治政府建设情况的报告\n许昌市人民政府：\n\
         一、主要工作成效\n全年办理行政复议案件36件。\n",
    );
    assert_eq!(r.meta.doc_number.as_deref(), Some("长政文〔2024〕12号"));
    assert_eq!(r.meta.signers, ["李明"]);
    assert_eq!(
        r.meta.title,
        "长葛市人民政府关于2023年度法治政府建设情况的报告"
    );
    assert_eq!(r.meta.issuers, ["长葛市人民政府"]);
}

/// The text of every section's paragraphs, run together.
fn sections_text(r: &Report) -> String {
    r.sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .map(|p| p.text.as_str())
        .collect()
}

#[test]
fn a_record_block_under_the_signature_is_sign_off_not_body() {
    let r = report(
        "东明县人民政府\n关于2024年度法治政府建设情况的报告\n菏泽市人民政府：\n\
         一、主要工作\n全年办理行政复议案件19件。\n\n东明县人民政府\n2025年2月3日\n\n\
         （此件主动公开）\n\n抄送：县委办公室，县人大常委会办公室，县政协办公室。\n\
         东明县人民政府办公室　　　　2025年2月4日印发\n（共印15份）\n",
    );
    assert_eq!(r.meta.date.as_deref(), Some("2025-02-03"));
    let body = sections_text(&r);
    assert!(
        !body.contains("抄送") && !body.contains("印发") && !body.contains("2025年2月3日"),
        "{body}"
    );
    assert!(
        r.sign_off.iter().any(|l| l.starts_with("抄送")),
        "{:?}",
        r.sign_off
    );
    // A sentence that starts like one is still body.
    let r = report(
        "东明县人民政府\n关于2024年度法治政府建设情况的报告\n一、主要工作\n\
         全年办理行政复议案件19件。\n抄送相关部门的文件12件均已办结。\n\
         2024年12月，县政府制定并印发\n",
    );
    let body = sections_text(&r);
    assert!(
        body.contains("文件12件") && body.ends_with("制定并印发"),
        "{body}"
    );
}

#[test]
fn the_date_in_brackets_under_the_title_is_front_matter_and_the_addressee_follows() {
    let r = report(
        "枝江市人民政府关于2023年度法治政府建设工作情况的报告\n（2024年2月6日）\n宜昌市人民政府：\n\
         2023年，我市深入推进法治政府建设。现将有关情况报告如下。\n\
         一、主要工作\n全年办理行政复议案件23件。\n",
    );
    assert_eq!(r.meta.addressee.as_deref(), Some("宜昌市人民政府"));
    assert_eq!(r.meta.date.as_deref(), Some("2024-02-06"));
    assert_eq!(
        r.meta.title,
        "枝江市人民政府关于2023年度法治政府建设工作情况的报告"
    );
    let first = &r.preamble[0].text;
    assert!(first.starts_with("2023年，我市"), "{first}");
}

#[test]
fn an_attachment_under_the_signature_is_part_of_the_report_and_its_table_gives_figures() {
    // A 宁夏 county's 文件 copied as text, in wording of our own: the signed date, then the
    // attachment with a table set out in spaces, then the record block.
    // (Lines joined, not continued: a continued line would drop their full-width indents.)
    let text = [
        "永宁县人民政府",
        "关于2024年法治政府建设情况的报告",
        "银川市人民政府：",
        "一、主要成效",
        "　　全县办结行政复议案件42件。",
        "　　附件：永宁县2024年主要指标完成情况",
        "",
        "　　　　　　　　　　　　永宁县人民政府",
        "　　　　　　　　　　　　2025年2月20日",
        "（此件公开发布）",
        "附件",
        "永宁县2024年主要指标完成情况",
        "序号　指标名称　　　　　　目标值　　完成值",
        "1　　行政复议纠错率　　　15%以内　　8.2%",
        "2　　培育“法律明白人”（名）　　1000　　1020",
        "抄送：县委办公室，县人大常委会办公室。",
        "永宁县人民政府办公室　　　　2025年2月20日印发",
    ]
    .join("\n");
    let text = text.as_str();
    let r = report(text);
    assert_eq!(r.meta.date.as_deref(), Some("2025-02-20"));
    assert_eq!(r.sign_off[..2], ["永宁县人民政府", "2025年2月20日"]);
    assert!(
        r.sign_off.iter().any(|l| l.starts_with("抄送")),
        "{:?}",
        r.sign_off
    );
    // The line naming the attachment above the signature is the body's last paragraph.
    let note = r.sections[0].paragraphs.last().map(|p| p.text.as_str());
    assert_eq!(note, Some("附件：永宁县2024年主要指标完成情况"));
    let last = r.sections.last().expect("the attachment's section");
    assert_eq!(last.title, "附件　永宁县2024年主要指标完成情况");
    let figures: Vec<(&str, &str)> = (last.paragraphs.iter())
        .flat_map(|p| &p.figures)
        .filter(|f| f.kind != fazhi::report::FigureKind::Date)
        .map(|f| (f.text.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("15%以内", "行政复议纠错率目标值"),
            ("8.2%", "行政复议纠错率"),
            ("1000", "培育“法律明白人”目标值"),
            ("1020", "培育“法律明白人”"),
        ]
    );
    // Prose for an attachment is kept too, and the signature's date is still the date.
    let prose = text.replace(
        "序号　指标名称　　　　　　目标值　　完成值\n\
         1　　行政复议纠错率　　　15%以内　　8.2%\n\
         2　　培育“法律明白人”（名）　　1000　　1020\n",
        "全县行政复议纠错率8.2%，出庭应诉率100%。\n",
    );
    let r = report(&prose);
    assert_eq!(r.meta.date.as_deref(), Some("2025-02-20"));
    let last = r.sections.last().expect("the attachment's section");
    assert!(
        (last.paragraphs.iter()).any(|p| p.text == "全县行政复议纠错率8.2%，出庭应诉率100%。"),
        "{last:?}"
    );
}
