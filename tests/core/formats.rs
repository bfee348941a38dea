//! Reports in Word (old and new), PDF and web-page form read as their text originals do. The fixtures in
//! tests/fixtures/ are made from the samples by tests/fixtures/make.sh.

use crate::common::temp::TempDir;
use fazhi::library::{read_report, Library};
use fazhi::report::{parse, Report};
use fazhi::store::CachePolicy;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("reports")
        .join(name);
    parse(name, &std::fs::read_to_string(path).unwrap())
}

/// (level, marker, title) of every heading.
fn outline(r: &Report) -> Vec<(u8, String, String)> {
    r.sections
        .iter()
        .map(|s| (s.level, s.number.clone(), s.title.clone()))
        .collect()
}

/// Every non-space character of the preamble, headings, paragraphs and sign-off.
fn body_chars(r: &Report) -> String {
    let mut s: String = r.preamble.iter().map(|p| p.text.as_str()).collect();
    for sec in &r.sections {
        s.push_str(&sec.number);
        s.push_str(&sec.title);
        for p in &sec.paragraphs {
            s.push_str(&p.text);
        }
    }
    s.extend(r.sign_off.iter().map(String::as_str));
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn figures(r: &Report) -> Vec<String> {
    r.figures().map(|(_, _, f)| f.text.clone()).collect()
}

/// Same id, title, place, year, issuers and document number (the date is compared by
/// each test: a web page's metadata table can give one the text does not).
fn same_metadata(got: &Report, want: &Report) {
    assert_eq!(got.id(), want.id());
    assert_eq!(got.meta.title, want.meta.title);
    assert_eq!(got.meta.district, want.meta.district);
    assert_eq!(got.meta.year, want.meta.year);
    assert_eq!(got.meta.issuers, want.meta.issuers);
    assert_eq!(got.meta.doc_number, want.meta.doc_number);
}

#[test]
fn word_numbering_gives_the_headings_the_text_writes_out() {
    for (docx, txt) in [
        ("fushun-numbered.docx", "liaoning-fushun-shuncheng-2024.txt"),
        ("tiexi-numbered.docx", "jilin-siping-tiexi-2024.txt"),
    ] {
        let got = read_report(&fixture(docx)).unwrap();
        let want = sample(txt);
        same_metadata(&got, &want);
        assert_eq!(got.meta.date, want.meta.date);
        assert_eq!(outline(&got), outline(&want), "{docx}");
        assert_eq!(body_chars(&got), body_chars(&want), "{docx}: nothing lost");
        let all = format!("{:?}", got);
        assert!(
            !all.contains("内部资料"),
            "{docx}: the running header is dropped"
        );
        assert!(!all.contains("— 1 —"), "{docx}: the footer is dropped");
    }
}

#[test]
fn an_old_binary_word_document_reads_as_its_text_with_its_table_as_rows() {
    // Written by LibreOffice from the 周村区 sample, with a table, a link and a page footer.
    let got = read_report(&fixture("zhoucun.doc")).unwrap();
    let want = sample("shandong-zibo-zhoucun-2023.txt");
    same_metadata(&got, &want);
    assert_eq!(outline(&got), outline(&want));
    let rows = row_figures(&got, "行政复议案件");
    assert_eq!(rows.len(), 1, "the table row is one row: {rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("36件", "行政复议案件")
    );
    // Everything else is the text's own figures, in order.
    let mut figs = figures(&got);
    figs.retain(|f| f != "36件" && f != "58件");
    assert_eq!(figs, figures(&want));
    let text = body_chars(&got);
    assert!(
        text.contains("全文见周村区人民政府网站。"),
        "a link's text is kept"
    );
    assert!(
        !text.contains("HYPERLINK") && !text.contains("http"),
        "its code is not"
    );
    assert!(
        !text.contains("—1—") && !text.contains("PAGE"),
        "the footer is not read"
    );
    // WPS Office's .wps is the same format.
    let (_root, dir) = tempdir("wps");
    std::fs::copy(fixture("zhoucun.doc"), dir.join("zhoucun.wps")).unwrap();
    let wps = read_report(&dir.join("zhoucun.wps")).unwrap();
    assert_eq!(figures(&wps), figures(&got));
}

#[test]
fn pdf_with_a_text_layer_gives_the_same_outline_and_figures() {
    // Simple TrueType fonts (reportlab) and a CID-keyed Type0 font (fpdf2, as Word writes).
    for pdf in ["tiexi.pdf", "tiexi-type0.pdf"] {
        let got = read_report(&fixture(pdf)).unwrap();
        let want = sample("jilin-siping-tiexi-2024.txt");
        same_metadata(&got, &want);
        assert_eq!(got.meta.date, want.meta.date, "{pdf}");
        assert_eq!(outline(&got), outline(&want), "{pdf}");
        assert_eq!(figures(&got), figures(&want), "{pdf}");
        let text = body_chars(&got);
        for page_number in ["—1—", "—2—", "-1-", "-2-"] {
            assert!(!text.contains(page_number), "{pdf}: page numbers dropped");
        }
        assert_eq!(
            text.matches("关于2024年度法治政府建设情况的报告").count(),
            0,
            "{pdf}: the running title on pages 2+ is not in the body"
        );
        assert!(text == body_chars(&want), "{pdf}: nothing lost or added");
    }
}

#[test]
fn a_pdfs_running_header_above_its_title_is_no_title_and_full_lines_of_figures_run_on() {
    let r = read_report(&fixture("zhungeer-running-header.pdf")).unwrap();
    assert_eq!(
        r.meta.title,
        "准格尔旗人民政府关于2024年度法治政府建设情况的报告"
    );
    assert_eq!(r.meta.district.as_deref(), Some("准格尔旗"));
    // The addressee, in smaller type, is a line of its own, not the title's end.
    assert!(
        r.front_matter.iter().any(|l| l == "鄂尔多斯市人民政府："),
        "{:?}",
        r.front_matter
    );
    assert!(
        !r.front_matter
            .iter()
            .any(|l| l.contains("准格尔旗人民政府 2024年度")),
        "the running header: {:?}",
        r.front_matter
    );
    // A line full of figures that ends on `。` at the margin goes on into the next.
    let text: Vec<&str> = r
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        text.iter()
            .any(|p| p.contains("下降3.7个百分点。全旗336个人民调解委员会")),
        "{text:?}"
    );
    // The table's cells, set apart by wide gaps, are a row each, read under its headers.
    use fazhi::report::Change::{After, Before};
    let s = |t: &str| t.to_string();
    assert_eq!(
        row_figures(&r, "| 行政复议申请（件）"),
        [
            (s("143"), s("行政复议申请"), Some(Before)),
            (s("166"), s("行政复议申请"), Some(Before)),
            (s("198"), s("行政复议申请"), Some(After)),
        ]
    );
    assert!(
        text.contains(&"| 指标 | 2022年 | 2023年 | 2024年 |"),
        "{text:?}"
    );
}

#[test]
fn saved_web_page_reads_the_metadata_table_and_drops_the_site_around_the_report() {
    let got = read_report(&fixture("wendeng.html")).unwrap();
    let want = sample("shandong-weihai-wendeng-2023.txt");
    same_metadata(&got, &want);
    assert_eq!(got.meta.doc_number.as_deref(), Some("威文政发〔2024〕2号"));
    assert_eq!(
        (want.meta.date.as_deref(), got.meta.date.as_deref()),
        (None, Some("2024-02-26")),
        "the text has no date; the table's 成文日期 gives it"
    );
    assert_eq!(outline(&got), outline(&want));
    assert_eq!(body_chars(&got), body_chars(&want), "nothing lost or added");
    let front = got.front_matter.join("\n");
    assert!(
        front.contains("索 引 号"),
        "the metadata table is front matter: {front}"
    );
    for chrome in [
        "网站首页",
        "首页 > 政务公开",
        "分享到",
        "打印本页",
        "ICP备",
        "浏览次数",
    ] {
        assert!(!format!("{got:?}").contains(chrome), "{chrome} dropped");
    }
}

#[test]
fn a_second_open_of_word_pdf_and_web_files_comes_from_the_cache() {
    let (_root, dir) = tempdir("cache");
    for f in ["tiexi-numbered.docx", "tiexi.pdf", "wendeng.html"] {
        std::fs::copy(fixture(f), dir.join(f)).unwrap();
    }
    let cache = CachePolicy::Dir(dir.join("cache"));
    let (first, stats) = Library::open_with(std::slice::from_ref(&dir), &cache, &|_, _| {});
    assert_eq!((first.len(), stats.parsed), (3, 3), "{:?}", first.problems);
    let (second, stats) = Library::open_with(std::slice::from_ref(&dir), &cache, &|_, _| {});
    assert_eq!((stats.from_cache, stats.parsed), (3, 0));
    assert_eq!(second.len(), 3);
}

/// A fresh temp dir (removed when dropped) and an empty `lib` folder in it.
fn tempdir(tag: &str) -> (TempDir, PathBuf) {
    let root = TempDir::new(&format!("formats-{tag}"));
    let lib = root.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    (root, lib)
}

/// A ZIP archive holding one text file: not a Word document.
fn plain_zip() -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("readme.txt", opts).unwrap();
    z.write_all("这不是报告".as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn bad_files_each_get_one_line_saying_what_to_do_and_the_rest_still_loads() {
    let (_root, dir) = tempdir("bad");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/jilin-siping-tiexi-2024.txt"),
        dir.join("good.txt"),
    )
    .unwrap();
    std::fs::copy(fixture("scan.pdf"), dir.join("scan.pdf")).unwrap();
    let pdf = std::fs::read(fixture("tiexi.pdf")).unwrap();
    std::fs::write(dir.join("cut.pdf"), &pdf[..pdf.len() / 2]).unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 1000));
    std::fs::write(dir.join("old.doc"), &ole).unwrap();
    std::fs::write(dir.join("old.wps"), &ole).unwrap();
    let doc = std::fs::read(fixture("zhoucun.doc")).unwrap();
    std::fs::write(dir.join("cut.doc"), &doc[..doc.len() / 2]).unwrap();
    std::fs::write(dir.join("rich.doc"), "{\\rtf1\\ansi\\ansicpg936 报告}").unwrap();
    std::fs::write(dir.join("archive.docx"), plain_zip()).unwrap();
    std::fs::copy(fixture("password.pdf"), dir.join("password.pdf")).unwrap();
    std::fs::copy(fixture("cid-font.pdf"), dir.join("cid-font.pdf")).unwrap();
    std::fs::write(dir.join("nothing.pdf"), b"").unwrap();
    std::fs::write(dir.join("nothing.docx"), b"").unwrap();
    std::fs::write(
        dir.join("portal.html"),
        "<html><body><nav>网站首页 | 政务公开 | 无障碍</nav><div class=\"list\">\
         <a>关于2023年法治政府建设情况的报告</a><a>通知公告</a></div>\
         <div class=\"footer\">版权所有</div></body></html>",
    )
    .unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--no-cache", "--library"])
        .arg(&dir)
        .arg("list")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("铁西区"),
        "the good report still loads: {stdout}"
    );
    let expect = [
        ("scan.pdf", "OCR it first"),
        ("cut.pdf", "truncated PDF"),
        ("old.doc", "damaged old Word document"),
        ("old.wps", "damaged old Word document"),
        ("cut.doc", "damaged old Word document"),
        ("rich.doc", "an RTF document"),
        ("archive.docx", "not a Word document"),
        ("portal.html", "no report text found"),
        ("password.pdf", "password-protected PDF"),
        (
            "cid-font.pdf",
            "fonts are not embedded (Chinese encoding UniGB-UCS2-H)",
        ),
        ("nothing.pdf", "empty file"),
        ("nothing.docx", "empty file"),
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expect.len(), "one line each: {stderr}");
    for (file, what) in expect {
        assert!(
            lines.iter().any(|l| l.contains(file) && l.contains(what)),
            "{file}: {what}\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn damaged_copies_of_every_format_give_an_answer_never_a_panic() {
    for name in [
        "tiexi-numbered.docx",
        "tiexi.pdf",
        "tiexi-type0.pdf",
        "wendeng.html",
        "scan.pdf",
        "zhoucun.doc",
    ] {
        let good = std::fs::read(fixture(name)).unwrap();
        let path = Path::new(name);
        for k in 1..8 {
            let cut = &good[..good.len() * k / 8];
            let _ = fazhi::source::to_text(path, cut);
            // Overwrite a run of bytes in the middle of the file, as a bad download does.
            let mut garbled = good.clone();
            let at = good.len() * k / 8;
            for b in garbled.iter_mut().skip(at).take(64) {
                *b = b.wrapping_mul(31).wrapping_add(7);
            }
            if let Err(e) = fazhi::source::to_text(path, &garbled) {
                let line = e.to_string();
                assert!(line.starts_with(name) && !line.contains('\n'), "{line}");
            }
        }
    }
}

/// A Word document whose body is `paragraphs` then a table of `rows`, each cell one
/// paragraph: the smallest `.docx` Word opens.
fn docx_with_table(paragraphs: &[&str], rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let mut body: String = paragraphs.iter().map(|p| para(p)).collect();
    body.push_str("<w:tbl>");
    for row in rows {
        body.push_str("<w:tr>");
        for cell in *row {
            body.push_str(&format!("<w:tc>{}</w:tc>", para(cell)));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    body.push_str(&para("某县人民政府"));
    body.push_str(&para("2024年3月1日"));
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(document.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

/// (figure, label, change) of every non-date figure in a paragraph holding `needle`.
fn row_figures(r: &Report, needle: &str) -> Vec<(String, String, Option<fazhi::report::Change>)> {
    let p = r
        .preamble
        .iter()
        .chain(r.sections.iter().flat_map(|s| &s.paragraphs))
        .find(|p| p.text.contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with {needle}"));
    p.figures
        .iter()
        .filter(|f| f.kind != fazhi::report::FigureKind::Date)
        .map(|f| (f.text.clone(), f.label.clone(), f.change))
        .collect()
}

#[test]
fn a_table_of_figures_by_year_reads_as_rows_in_word_web_pages_and_markdown() {
    use fazhi::report::Change::{After, Before};
    let intro = [
        "某县人民政府关于2023年法治政府建设情况的报告",
        "一、主要工作",
        "全年共受理行政复议申请82件，依法审结79件，行政机关负责人出庭应诉率达到100%，行政复议决定履行率100%。",
        "2023年，某县人民政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要，推进严格规范公正文明执法，法治政府建设取得新成效。主要数据见下表：",
    ];
    let rows: [&[&str]; 3] = [
        &["指标", "2022年", "2023年"],
        &["行政复议案件", "75件", "82件"],
        &["出庭应诉率", "95%", "100%"],
    ];
    let (_root, dir) = tempdir("table");
    std::fs::write(dir.join("report.docx"), docx_with_table(&intro, &rows)).unwrap();
    let html_rows: String = rows
        .iter()
        .map(|r| {
            let cells: String = r.iter().map(|c| format!("<td>{c}</td>")).collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    let html_intro: String = intro.iter().map(|p| format!("<p>{p}</p>")).collect();
    std::fs::write(
        dir.join("report.html"),
        format!(
            "<html><body><div class=\"article\">{html_intro}<table>{html_rows}</table><p>某县人民政府</p><p>2024年3月1日</p></div></body></html>"
        ),
    )
    .unwrap();
    // As editors of government sites save them: each cell's text in a `<p>`, and the whole
    // article laid out in a table of its own.
    let p_rows: String = rows
        .iter()
        .map(|r| {
            let cells: String = r
                .iter()
                .map(|c| format!("<td><p style=\"text-align:center\">{c}</p></td>"))
                .collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    std::fs::write(
        dir.join("report-p.html"),
        format!(
            "<html><body><table><tr><td>{html_intro}<table>{p_rows}</table><p>某县人民政府</p><p>2024年3月1日</p></td></tr></table></body></html>"
        ),
    )
    .unwrap();
    let md_rows: Vec<String> = rows
        .iter()
        .map(|r| format!("| {} |", r.join(" | ")))
        .collect();
    std::fs::write(
        dir.join("report.md"),
        format!(
            "{}\n\n{}\n|---|---|---|\n{}\n\n某县人民政府\n2024年3月1日\n",
            intro.join("\n\n"),
            md_rows[0],
            md_rows[1..].join("\n")
        ),
    )
    .unwrap();
    for file in ["report.docx", "report.html", "report-p.html", "report.md"] {
        let r = read_report(&dir.join(file)).unwrap();
        let s = |t: &str| t.to_string();
        assert_eq!(
            row_figures(&r, "| 行政复议案件"),
            [
                (s("75件"), s("行政复议案件"), Some(Before)),
                (s("82件"), s("行政复议案件"), Some(After))
            ],
            "{file}"
        );
        assert_eq!(
            row_figures(&r, "| 出庭应诉率"),
            [
                (s("95%"), s("出庭应诉率"), Some(Before)),
                (s("100%"), s("出庭应诉率"), Some(After))
            ],
            "{file}"
        );
        // Each row is a paragraph of its own, not joined with the next.
        let rows_seen = r.sections[0]
            .paragraphs
            .iter()
            .filter(|p| p.text.starts_with('|'))
            .count();
        assert_eq!(rows_seen, 3, "{file}");
    }
}

#[test]
fn a_pdf_set_in_two_columns_reads_the_left_column_before_the_right() {
    let r = read_report(&fixture("two-column.pdf")).unwrap();
    assert_eq!(
        r.meta.title,
        "安定区人民政府关于2023年度法治政府建设情况的报告"
    );
    assert_eq!(r.meta.date.as_deref(), Some("2024-01-30"));
    let headings: Vec<String> = r.sections.iter().map(|s| s.heading()).collect();
    assert!(
        headings.ends_with(&[
            "二、存在的不足".to_string(),
            "三、下一步工作打算".to_string()
        ]),
        "{headings:?}"
    );
    // Each paragraph is whole: read across the page, the opening would run into the
    // right column's `一是基层…`.
    let opening = &r.preamble[0].text;
    assert!(
        opening.starts_with("2023年，安定区人民政府坚持以习近平新时代")
            && opening.ends_with("现将有关情况报告如下。"),
        "{opening}"
    );
    let last = r.sections.last().unwrap();
    assert!(
        last.paragraphs[0]
            .text
            .contains("不少于40学时，为建设幸福美好新安定"),
        "{:?}",
        last.paragraphs
    );
}

#[test]
fn a_sites_metadata_table_with_keys_in_cells_of_their_own_gives_the_number_and_date() {
    let (_root, dir) = tempdir("th-keys");
    let page = "<html><head><title>报告</title></head><body>\
        <table><tr><th>信息索引号</th><td>QX-2025-0031</td><th>主题分类</th><td>综合政务</td></tr>\
        <tr><th>发文字号</th><td>青府〔2025〕6号</td><th>成文日期</th><td>2025-02-12</td></tr>\
        <tr><th>标&nbsp;&nbsp;题</th><td colspan=\"3\">青县人民政府关于2024年度法治政府建设情况的报告</td></tr></table>\
        <div class=\"article\"><h1>青县人民政府关于2024年度法治政府建设情况的报告</h1>\
        <p>沧州市人民政府：</p><p>2024年，我县深入推进法治政府建设。现将有关情况报告如下：</p>\
        <h3>一、主要成效</h3><p>全年办理行政复议案件41件，同比下降8.9%。县政府常务会议专题研究法治政府建设工作4次，\
        审查县政府规范性文件12件、重大行政决策事项6项，组织行政执法人员培训1,200余人次。</p>\
        <p>深化“放管服”改革，政务服务事项网上可办率达到98%，企业开办时间压缩至1个工作日。</p>\
        <table><tr><th>名称</th><th>数量</th></tr><tr><td>行政诉讼案件</td><td>17件</td></tr></table>\
        <p>青县人民政府</p><p>2025年2月12日</p></div></body></html>";
    std::fs::write(dir.join("qingxian.html"), page).unwrap();
    let r = read_report(&dir.join("qingxian.html")).unwrap();
    assert_eq!(r.meta.doc_number.as_deref(), Some("青府〔2025〕6号"));
    assert_eq!(r.meta.date.as_deref(), Some("2025-02-12"));
    assert_eq!(r.meta.district.as_deref(), Some("青县"));
    // The report's own table headed 名称 | 数量 stays a table.
    let rows = row_figures(&r, "行政诉讼案件");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("17件", "行政诉讼案件")
    );
    assert!(!format!("{r:?}").contains("名称："), "{r:?}");
}
