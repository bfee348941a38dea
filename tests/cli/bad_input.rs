//! Bad input a user will feed the real `fazhi` binary: odd encodings and line endings, empty,
//! binary and huge files, reports without headings, year or district. Each gets a useful
//! result or one clear line naming the file and the problem — never a panic.

use crate::common::run::fazhi;
use crate::common::temp::TempDir;
use serde_json::Value;
use std::path::Path;

use crate::common::samples::QIANSHAN;

fn temp_dir(test: &str) -> TempDir {
    TempDir::new(&format!("cli-bad-{test}"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path.display().to_string()
}

/// `fazhi check --json FILE` for one file that should be readable.
fn check_json(path: &str) -> Value {
    let run = fazhi(&["check", "--json", path]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).expect("check --json is JSON");
    v[0].clone()
}

/// `fazhi check PATH` fails (exit 1) with one line that names the file: the line.
fn check_fails_in_one_line(path: &str) -> String {
    let run = fazhi(&["check", path]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(path), "{lines:?}");
    lines[0].to_string()
}

fn section_count(v: &Value) -> u64 {
    v["sections"].as_u64().unwrap()
}

#[test]
fn a_gbk_file_reads_like_its_utf8_original() {
    let dir = temp_dir("gbk");
    let utf8 = write(&dir, "utf8.txt", QIANSHAN.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(QIANSHAN);
    assert!(!unmappable);
    let gbk = write(&dir, "gbk.txt", &gbk);
    let a = check_json(&utf8);
    let b = check_json(&gbk);
    assert_eq!(b["id"], "210311-2023");
    assert_eq!(b["meta"]["title"], a["meta"]["title"]);
    assert_eq!(section_count(&b), section_count(&a));
    assert_eq!(b["figures"], a["figures"]);
}

#[test]
fn every_sample_in_gbk_reads_like_its_utf8_original() {
    let dir = temp_dir("gbk-all");
    let samples = crate::common::samples::NAMED;
    for (name, text) in samples {
        let utf8 = check_json(&write(&dir, &format!("{name}-utf8.txt"), text.as_bytes()));
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable, "{name}");
        let gbk = check_json(&write(&dir, &format!("{name}-gbk.txt"), &gbk));
        assert_eq!(gbk["id"], utf8["id"], "{name}");
        assert_eq!(gbk["meta"], utf8["meta"], "{name}");
        assert_eq!(gbk["sections"], utf8["sections"], "{name}");
        assert_eq!(gbk["figures"], utf8["figures"], "{name}");
    }
}

#[test]
fn a_utf8_file_with_a_bom_has_no_bom_in_its_title() {
    let dir = temp_dir("bom");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(QIANSHAN.trim_start().as_bytes());
    let path = write(&dir, "bom.txt", &bytes);
    let v = check_json(&path);
    assert_eq!(v["id"], "210311-2023");
    assert!(!v["meta"]["issuers"].to_string().contains('\u{feff}'));
    assert!(!v["meta"]["title"].as_str().unwrap().contains('\u{feff}'));
}

#[test]
fn a_utf16_file_with_a_bom_is_read() {
    let dir = temp_dir("utf16");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in QIANSHAN.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let path = write(&dir, "utf16.txt", &bytes);
    let v = check_json(&path);
    assert_eq!(v["id"], "210311-2023");
    assert_eq!(section_count(&v), 17);
}

#[test]
fn crlf_and_cr_line_endings_read_like_lf() {
    let dir = temp_dir("eol");
    let lf = check_json(&write(&dir, "lf.txt", QIANSHAN.as_bytes()));
    let crlf = QIANSHAN.replace('\n', "\r\n");
    let crlf = check_json(&write(&dir, "crlf.txt", crlf.as_bytes()));
    let cr = QIANSHAN.replace('\n', "\r");
    let cr = check_json(&write(&dir, "cr.txt", cr.as_bytes()));
    for v in [&crlf, &cr] {
        assert_eq!(v["id"], "210311-2023");
        assert_eq!(v["sections"], lf["sections"]);
        assert_eq!(v["figures"], lf["figures"]);
        assert_eq!(v["meta"], lf["meta"]);
    }
}

#[test]
fn a_number_alone_in_a_table_cell_is_listed_in_its_headers_unit_and_kept_as_written_in_json() {
    let dir = temp_dir("cells");
    let path = write(
        &dir,
        "cells.txt",
        "千山区人民政府关于2023年法治政府建设情况的报告\n\n一、主要举措\n全年受理行政复议申请82件。\n\n附表：主要指标\n| 指标 | 2022年 | 2023年 |\n| 行政处罚案件（万宗） | 2.05 | 2.37 |\n"
            .as_bytes(),
    );
    let run = fazhi(&["figures", "--library", &path, "210311-2023"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = (run.stdout.lines())
        .find(|l| l.contains("行政处罚案件"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(row.contains("2.05万宗"), "{}", run.stdout);
    let json = fazhi(&["figures", "--library", &path, "210311-2023", "--json"]);
    let figs: Value = serde_json::from_str(&json.stdout).unwrap();
    let f = (figs.as_array().unwrap().iter())
        .find(|f| f["text"] == "2.37")
        .unwrap_or_else(|| panic!("no 2.37 as written in {figs}"));
    assert_eq!(
        (f["value"].as_f64(), f["unit"].as_str()),
        (Some(23_700.0), Some("宗"))
    );
}

#[test]
fn full_width_digits_are_figures_shown_as_written() {
    let dir = temp_dir("fullwidth");
    let path = write(
        &dir,
        "fw.txt",
        "千山区人民政府关于２０２３年法治政府建设情况的报告\n\n一、主要举措\n全年受理行政复议申请１２３件，办结率１００％。\n"
            .as_bytes(),
    );
    let run = fazhi(&["figures", "--library", &path, "210311-2023", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let figs: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = figs
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "１２３件")
        .unwrap_or_else(|| panic!("no １２３件 in {figs}"));
    assert_eq!(f["value"], 123.0);
    assert_eq!(f["kind"], "count");
    let show = fazhi(&["show", "--library", &path, "210311-2023"]);
    assert!(show.stdout.contains("１２３件"), "{}", show.stdout);
}

#[test]
fn an_empty_file_is_one_line_naming_it() {
    let dir = temp_dir("empty");
    let path = write(&dir, "empty.txt", b"");
    let blank = write(&dir, "blank.txt", b"  \r\n\n\t\n");
    for p in [&path, &blank] {
        let line = check_fails_in_one_line(p);
        assert!(line.contains("empty"), "{line}");
    }
}

#[test]
fn a_file_of_only_images_and_markup_is_one_line_naming_it() {
    let dir = temp_dir("artefacts");
    let path = write(
        &dir,
        "images.md",
        b"[image: image1][image: image1]\n\n## \n**\n",
    );
    let line = check_fails_in_one_line(&path);
    assert!(line.contains("empty"), "{line}");
}

#[test]
fn check_json_marks_a_bad_file_not_ok_with_its_error() {
    let dir = temp_dir("checkjson");
    let empty = write(&dir, "empty.txt", b"");
    let good = write(&dir, "good.txt", QIANSHAN.as_bytes());
    let run = fazhi(&["check", "--json", &empty, &good]);
    assert_eq!(run.code, 1);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON even with a bad file");
    assert_eq!(v[0]["ok"], false);
    assert!(v[0]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(v[1]["ok"], true);
    assert_eq!(v[1]["id"], "210311-2023");
}

#[test]
fn a_binary_file_is_one_line_naming_it() {
    let dir = temp_dir("binary");
    // A tiny PNG-like header and bytes that are no text encoding.
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    let path = write(&dir, "picture.txt", &bytes);
    let line = check_fails_in_one_line(&path);
    assert!(line.contains("not a text file"), "{line}");
}

#[test]
fn a_nonexistent_file_is_one_line_with_its_path() {
    let dir = temp_dir("missing");
    let path = dir.join("no-such-report.txt").display().to_string();
    check_fails_in_one_line(&path);
}

#[test]
fn a_library_that_cannot_be_opened_is_one_line_and_a_failure() {
    let dir = temp_dir("nolibrary");
    let path = dir.join("missing-folder").display().to_string();
    for args in [
        vec!["list", "--library", &path],
        vec!["show", "--library", &path, "千山区"],
    ] {
        let run = fazhi(&args);
        assert_eq!(run.code, 1, "{args:?}");
        let lines = run.lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains(&path), "{lines:?}");
    }
}

#[test]
fn one_bad_file_does_not_hide_the_good_ones() {
    let dir = temp_dir("mixed");
    let good = write(&dir, "good.txt", QIANSHAN.as_bytes());
    let bad = write(&dir, "bad.txt", b"");
    let run = fazhi(&["check", &bad, &good]);
    assert_eq!(run.code, 1, "a bad file fails the check");
    assert!(run.stdout.contains("210311-2023"), "{}", run.stdout);
    // In a library folder, the bad file is one line on stderr and the rest is listed.
    let run = fazhi(&["list", "--library", &dir.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("210311-2023"));
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&bad) && errors[0].contains("empty"),
        "{errors:?}"
    );
}

#[test]
fn a_ten_megabyte_single_line_finishes_without_a_panic() {
    let dir = temp_dir("huge");
    let one_line: String = QIANSHAN.split_whitespace().collect();
    let mut text = String::with_capacity(10 * 1024 * 1024 + one_line.len());
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&one_line);
    }
    let path = write(&dir, "huge.txt", text.as_bytes());
    let run = fazhi(&["check", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&path));
    assert!(run.stdout.contains("210311"), "{}", run.stdout);
}

#[test]
fn a_report_without_headings_is_readable_with_a_warning() {
    let dir = temp_dir("noheadings");
    let path = write(
        &dir,
        "flat.txt",
        "千山区人民政府关于2023年法治政府建设情况的报告\n\n今年我们受理行政复议申请6件。\n\n明年继续努力。\n"
            .as_bytes(),
    );
    let run = fazhi(&["check", &path]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("warning: no headings"),
        "{}",
        run.stdout
    );
    let show = fazhi(&["show", "--library", &path, "千山区", "2023"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("今年我们受理行政复议申请6件。"));
    assert!(show.stdout.contains("明年继续努力。"));
}

#[test]
fn a_report_without_year_or_district_is_listed_as_unknown_with_warnings() {
    let dir = temp_dir("unknown");
    let path = write(
        &dir,
        "mystery.txt",
        "工作总结\n\n一、主要举措\n加强法治建设。\n".as_bytes(),
    );
    let run = fazhi(&["check", &path]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("id          mystery"), "{}", run.stdout);
    assert!(run.stdout.contains("warning: year"), "{}", run.stdout);
    assert!(run.stdout.contains("warning: district"), "{}", run.stdout);
    let list = fazhi(&["list", "--json", "--library", &path]);
    let rows: Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows[0]["id"], "mystery");
    assert!(!rows[0]["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn an_override_block_sets_district_prefecture_and_year() {
    let dir = temp_dir("override");
    let path = write(
        &dir,
        "override.txt",
        "---\ndistrict: 铁西区\nprefecture: 鞍山市\nyear: 2022\n---\n关于2024年法治政府建设情况的报告\n\n一、主要举措\n加强法治建设。\n"
            .as_bytes(),
    );
    let v = check_json(&path);
    assert_eq!(v["id"], "210303-2022");
    assert_eq!(v["meta"]["district"], "铁西区");
    assert_eq!(v["meta"]["prefecture"], "鞍山市");
    assert_eq!(v["meta"]["year"], 2022);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn tiexi_is_resolved_from_the_text_or_reported_ambiguous() {
    let dir = temp_dir("tiexi");
    let body = "\n\n一、主要举措\n铁西区加强法治建设。\n";
    let shenyang = write(
        &dir,
        "shenyang.txt",
        format!("沈阳市铁西区人民政府关于2023年法治政府建设情况的报告{body}").as_bytes(),
    );
    let v = check_json(&shenyang);
    assert_eq!(v["id"], "210106-2023");
    assert_eq!(v["meta"]["prefecture"], "沈阳市");

    let bare = write(
        &dir,
        "bare.txt",
        format!("铁西区人民政府关于2023年法治政府建设情况的报告{body}").as_bytes(),
    );
    let v = check_json(&bare);
    assert_eq!(v["id"], "bare", "never a silent guess: the file's name");
    assert_eq!(v["meta"]["code"], Value::Null);
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("ambiguous"), "{warnings}");
    for city in ["沈阳市", "鞍山市", "四平市"] {
        assert!(warnings.contains(city), "{warnings}");
    }
    let run = fazhi(&["check", &bare]);
    assert!(
        run.stdout.contains("warning: district 铁西区 is ambiguous"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_cut_mid_character_or_with_a_stray_character_reads_with_a_warning() {
    let dir = temp_dir("undecoded");
    let utf8 = QIANSHAN.as_bytes();
    // A download cut in the middle of the last character.
    let cut = write(
        &dir,
        "cut-utf8.txt",
        &[utf8, "完".as_bytes()].concat()[..utf8.len() + 2],
    );
    // The same in GBK, and one GBK character pasted into UTF-8 text.
    let (gbk, _, _) = encoding_rs::GBK.encode(QIANSHAN);
    let cut_gbk = write(&dir, "cut-gbk.txt", &[&gbk[..], &[0xB5]].concat());
    let at = QIANSHAN.find("二、").unwrap();
    let (stray, _, _) = encoding_rs::GBK.encode("法");
    let mixed = write(
        &dir,
        "stray.txt",
        &[&utf8[..at], &stray[..], &utf8[at..]].concat(),
    );
    for path in [cut, cut_gbk, mixed] {
        let v = check_json(&path);
        assert_eq!(v["id"], "210311-2023", "{path}");
        let warnings = v["warnings"].to_string();
        assert!(
            warnings.contains("could not be decoded"),
            "{path}: {warnings}"
        );
    }
}

#[test]
fn a_big5_file_of_traditional_text_is_read_as_big5() {
    let dir = temp_dir("big5");
    let text = "瀋陽市和平區人民政府關於2023年法治政府建設情況的報告\n\n\
                一、主要舉措和成效\n\n\
                （一）加強黨的領導。全區各級機關學習習近平法治思想12次，審查行政規範性文件36件。\n\n\
                二、存在的不足\n\n\
                執法規範化水平有待提高，基層法治力量仍顯薄弱。\n\n\
                瀋陽市和平區人民政府\n\
                2024年2月1日\n";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    let v = check_json(&write(&dir, "big5.txt", &big5));
    assert_eq!(v["meta"]["district"], "和平区", "{v}");
    assert_eq!(v["meta"]["year"], 2023, "{v}");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn a_page_saved_complete_is_read_without_its_assets_folder() {
    let dir = temp_dir("saved-page");
    let page =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wendeng.html"))
            .unwrap();
    write(&dir, "报告.html", &page);
    std::fs::create_dir_all(dir.join("报告_files")).unwrap();
    write(
        &dir.join("报告_files"),
        "share.html",
        "<html><body>分享到</body></html>".as_bytes(),
    );
    // A folder of that name with no page beside it is still read.
    std::fs::create_dir_all(dir.join("other_files")).unwrap();
    write(
        &dir.join("other_files"),
        "stray.html",
        b"<html><body>x</body></html>",
    );
    let run = fazhi(&[
        "--no-cache",
        "--library",
        &dir.display().to_string(),
        "list",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("文登区"), "{}", run.stdout);
    assert!(!run.stderr.contains("share.html"), "{}", run.stderr);
    assert!(run.stderr.contains("stray.html"), "{}", run.stderr);
}

#[test]
fn utf16_saved_without_its_bom_reads_like_its_utf8_original() {
    let dir = temp_dir("utf16-nobom");
    let utf8 = check_json(&write(&dir, "utf8.txt", QIANSHAN.as_bytes()));
    let le: Vec<u8> = QIANSHAN.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = QIANSHAN.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let v = check_json(&write(&dir, name, &bytes));
        assert_eq!(v["id"], utf8["id"], "{name}");
        assert_eq!(v["figures"], utf8["figures"], "{name}");
    }
}

#[test]
fn a_web_page_declaring_the_wrong_charset_reads_in_the_one_its_bytes_are_in() {
    let dir = temp_dir("wrong-charset");
    let page = "<html><head><meta charset=\"gb2312\"><title>铁西区人民政府关于2024年法治政府建设情况的报告</title></head>\
                <body><h1>铁西区人民政府关于2024年法治政府建设情况的报告</h1><p>一、主要工作</p>\
                <p>全年办理行政复议案件25件，化解行政争议19件，行政机关负责人出庭应诉率100%。</p>\
                <p>二、存在的问题</p><p>基层法治力量仍然薄弱，部分执法人员法治意识有待提高，\
                行政执法规范化水平与群众期待还有差距，法治宣传教育的针对性和实效性需要进一步增强。</p>\
                <p>三、下一步工作安排</p><p>持续深化法治政府建设，加强行政执法监督，全面提升依法行政水平。</p>\
                </body></html>";
    let utf8 = write(&dir, "utf8-says-gb2312.html", page.as_bytes());
    let says_utf8 = page.replace("gb2312", "utf-8");
    let (gbk, _, _) = encoding_rs::GBK.encode(&says_utf8);
    let gbk = write(&dir, "gbk-says-utf8.html", &gbk);
    for path in [utf8, gbk] {
        let v = check_json(&path);
        assert_eq!(v["meta"]["district"], "铁西区", "{path}: {v}");
        assert_eq!(v["meta"]["year"], 2024, "{path}: {v}");
    }
}
