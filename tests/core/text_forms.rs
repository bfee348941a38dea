//! Report text in the forms it arrives in from the web: a site's metadata block on top,
//! Traditional characters, a body that lost its line breaks.

use fazhi::report::parse;

#[test]
fn traditional_mirror_gets_its_district_and_is_shown_as_written() {
    let text = "瀋陽市和平區人民政府關於2023年法治政府建設情況的報告\n\
                一、主要舉措和成效\n\
                （一）加強黨的領導。全區各級機關學習習近平法治思想12次。\n\
                二、存在的不足\n\
                執法規範化水平有待提高。\n\
                瀋陽市和平區人民政府\n\
                2024年2月1日\n";
    let r = parse("mirror.txt", text);
    assert_eq!(
        r.meta.district.as_deref(),
        Some("和平区"),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.meta.prefecture.as_deref(), Some("沈阳市"));
    assert_eq!(r.meta.code.as_deref(), Some("210102"));
    assert_eq!(r.meta.year, Some(2023));
    assert_eq!(r.meta.date.as_deref(), Some("2024-02-01"));
    assert_eq!(r.sections.len(), 3);
    assert_eq!(
        r.sections[1].title, "加強黨的領導",
        "headings shown as written"
    );
    assert_eq!(
        r.front_matter,
        ["瀋陽市和平區人民政府關於2023年法治政府建設情況的報告"],
        "front matter shown as written"
    );
}

#[test]
fn web_metadata_block_is_front_matter_and_gives_number_issuer_and_date() {
    let text = "名    称：某市某县人民政府关于2024年法治政府建设情况的报告\n\
                索 引 号:000014349/2025-00021　　主题分类：政务公开\n\
                发文机关：某县人民政府  文　　号：某政发〔2025〕7号\n\
                发布日期：2025-03-02  成文日期：2025年2月27日\n\
                2024年，全县坚持依法行政，法治政府建设取得新成效。现将有关情况报告如下：\n\
                一、主要举措\n\
                （一）深化改革。全年办理事项1200件。\n";
    let r = parse("page.txt", text);
    assert_eq!(r.front_matter.len(), 4, "{:?}", r.front_matter);
    assert_eq!(
        r.meta.title,
        "某市某县人民政府关于2024年法治政府建设情况的报告"
    );
    assert_eq!(r.meta.year, Some(2024));
    assert_eq!(r.meta.doc_number.as_deref(), Some("某政发〔2025〕7号"));
    assert_eq!(
        r.meta.issuers,
        ["某市某县人民政府"],
        "the title names the issuer"
    );
    assert_eq!(r.meta.date.as_deref(), Some("2025-02-27"));
    assert!(r.preamble[0].text.starts_with("2024年，全县"));
    assert_eq!(r.sections.len(), 2);
}

#[test]
fn a_body_on_one_line_gets_the_outline_it_would_have_with_line_breaks() {
    let lines = [
        "和平区人民政府关于2022年法治政府建设情况的报告",
        "2022年，和平区深入贯彻习近平法治思想，坚持依法行政，为全区经济社会高质量发展提供了有力法治保障。",
        "一、2022年推进法治政府建设的主要举措",
        "（一）坚持党的领导。全年召开常务会议学法12次，组织专题讲座5场，覆盖干部1500余人次。",
        "（二）深化放管服改革。全区政务服务事项网办率达到98.5%，平均办理时限压缩60%。",
        "二、存在的不足和原因",
        "基层执法力量仍显薄弱，执法人员专业素质有待进一步提升，执法规范化水平仍需提高。",
        "三、2023年工作安排",
        "1.持续深化法治政府建设。推动法治政府建设各项任务落地见效，全面提升依法行政水平。",
        "2.加强执法队伍建设。开展执法人员培训不少于3次，全面提高执法人员业务能力。",
        "和平区人民政府",
        "2023年2月10日",
    ];
    // The same file name for both: 和平区 is in 沈阳市 and in 天津市, so the id falls back to
    // the file's name, which must not be what differs.
    let broken = parse("和平区.txt", &lines.join("\n"));
    let one = parse("和平区.txt", &lines.join(" "));
    let outline = |r: &fazhi::report::Report| -> Vec<(u8, String, String)> {
        r.sections
            .iter()
            .map(|s| (s.level, s.number.clone(), s.title.clone()))
            .collect()
    };
    assert_eq!(outline(&one), outline(&broken));
    assert_eq!(outline(&one).len(), 7);
    assert_eq!(one.id(), broken.id());
    assert_eq!(one.meta.date, broken.meta.date);
    assert_eq!(one.sign_off, broken.sign_off);
}

#[test]
fn a_web_page_mirrored_in_traditional_gets_its_title_number_and_year() {
    let body = "<p>2023年，和平區堅持依法行政，全面推進法治政府建設，取得明顯成效。</p>".repeat(4);
    let html = format!(
        "<html><head><title>瀋陽市和平區人民政府關於2023年法治政府建設情況的報告_政務公開</title></head>\
         <body><div class=\"nav\">網站首頁 | 政務公開</div><table class=\"meta\">\
         <tr><td>索引號：</td><td>0012/2024-00123</td><td>釋出機構：</td><td>瀋陽市和平區人民政府</td></tr>\
         <tr><td>文號：</td><td>沈和政發〔2024〕3號</td><td>釋出日期：</td><td>2024-03-01</td></tr></table>\
         <div class=\"article\"><h1>瀋陽市和平區人民政府關於2023年度<br>法治政府建設情況的報告</h1>{body}\
         <p>一、主要舉措和成效</p><p>（一）加強黨的領導。全區收到行政復議申請56件。</p>\
         <p>二、存在的不足</p><p>執法規範化水平有待提高。</p>\
         <p>瀋陽市和平區人民政府</p><p>2024年2月1日</p></div></body></html>"
    );
    let text =
        fazhi::source::to_text(std::path::Path::new("mirror.html"), html.as_bytes()).unwrap();
    let r = parse("mirror.html", &text);
    assert_eq!(
        r.meta.title,
        "沈阳市和平区人民政府关于2023年度法治政府建设情况的报告"
    );
    assert_eq!(
        r.meta.district.as_deref(),
        Some("和平区"),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.meta.year, Some(2023));
    assert_eq!(r.meta.doc_number.as_deref(), Some("沈和政发〔2024〕3号"));
}
