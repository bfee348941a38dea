use super::*;

#[test]
fn a_metadata_row_with_keys_in_cells_of_their_own_reads_as_pairs() {
    let row = |cells: &[&str]| table_row(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let line = row(&["发文字号", "普府〔2025〕8号", "发布日期", "2025-03-04"]);
    let pairs = crate::report::web_meta::pairs(&line).unwrap();
    assert_eq!(
        pairs,
        [
            ("发文字号", "普府〔2025〕8号".to_string()),
            ("发布日期", "2025-03-04".to_string())
        ]
    );
    let line = row(&["标 题", "普陀区人民政府关于2024年法治政府建设情况的报告"]);
    assert!(crate::report::web_meta::pairs(&line).is_some(), "{line}");
    // A report's own tables stay tables.
    assert_eq!(row(&["名称", "数量"]), "| 名称 | 数量 |");
    assert_eq!(
        row(&["文号", "普府〔2025〕8号", "备注"]),
        "| 文号 | 普府〔2025〕8号 | 备注 |"
    );
}

#[test]
fn breadcrumbs_and_buttons_are_furniture() {
    assert!(is_furniture("首页 > 政务公开 > 法治政府建设"));
    assert!(is_furniture("分享到： 微信 微博"));
    assert!(!is_furniture("全年办理案件>100件。"));
    assert!(is_furniture("字号：大 中 小"));
    assert!(!is_furniture(
        "发文字号：青府〔2025〕6号 成文日期：2025-02-12"
    ));
}

#[test]
fn a_declared_charset_the_bytes_are_not_in_gives_way() {
    let page =
        "<html><head><meta charset=\"gb2312\"></head><body><p>法治政府建设</p></body></html>";
    assert!(
        decode(page.as_bytes()).contains("法治政府建设"),
        "UTF-8 declared gb2312"
    );
    let page = page.replace("gb2312", "utf-8");
    let (gbk, _, _) = encoding_rs::GBK.encode(&page);
    assert!(decode(&gbk).contains("法治政府建设"), "GBK declared utf-8");
}

#[test]
fn declared_gbk_pages_decode() {
    let (bytes, _, _) = encoding_rs::GBK
        .encode("<html><head><meta charset=\"gbk\"></head><body><p>法治政府建设</p></body></html>");
    assert!(decode(&bytes).contains("法治政府建设"));
}

#[test]
fn a_page_marked_all_over_as_furniture_still_gives_its_report() {
    let body = "<p>2023年，本区坚持依法行政，全面推进法治政府建设，取得明显成效。</p>".repeat(6)
        + "<p>一、主要举措</p><p>（一）深化改革。全年办理事项1200件，网办率达到98%。</p>";
    let html = format!(
        "<html><body><div class=\"nav-wrap\"><ul><li>首页</li></ul>\
         <h1>某区关于2023年法治政府建设情况的报告</h1>{body}</div></body></html>"
    );
    let text = to_text(html.as_bytes()).unwrap();
    assert!(
        text.contains("某区关于2023年法治政府建设情况的报告\n"),
        "{text}"
    );
    assert!(text.contains("（一）深化改革"), "{text}");
}

#[test]
fn a_title_set_on_two_lines_is_one_line() {
    let body = "<p>2023年，本县坚持依法行政，全面推进法治政府建设，取得明显成效。</p>".repeat(6);
    let html = format!(
        "<html><body><div class=\"article\"><h1 class=\"title\">平远县人民政府关于2023年度\
         <br>法治政府建设工作情况的报告</h1>{body}<p>一、主要举措</p><p>收到申请12件。</p>\
         <p>第一段<br>第二段</p></div></body></html>"
    );
    let text = to_text(html.as_bytes()).unwrap();
    assert!(
        text.contains("平远县人民政府关于2023年度法治政府建设工作情况的报告\n"),
        "{text}"
    );
    // Outside a heading a break still ends a line.
    assert!(text.contains("第一段\n"), "{text}");
}
