//! The `fazhi` subcommands on the bundled reports, as a user at a shell sees them.

use crate::common::run::{fazhi, json};

#[test]
fn list_json_has_one_row_per_bundled_report() {
    let rows = json(&["list", "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for row in rows {
        for field in [
            "id",
            "district",
            "prefecture",
            "province",
            "code",
            "year",
            "title",
            "sections",
            "figures",
        ] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        assert!(row["sections"].as_u64().unwrap() > 0);
        assert!(row["figures"].as_u64().unwrap() > 0);
    }
    let mut ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "210311-2023",
            "210411-2024",
            "220302-2024",
            "370306-2023",
            "371003-2023"
        ]
    );
    let qianshan = rows.iter().find(|r| r["id"] == "210311-2023").unwrap();
    assert_eq!(qianshan["district"], "千山区");
    assert_eq!(qianshan["prefecture"], "鞍山市");
    assert_eq!(qianshan["province"], "辽宁省");
    assert_eq!(qianshan["code"], "210311");
    assert_eq!(qianshan["year"], 2023);
    assert_eq!(qianshan["sections"], 17);
}

#[test]
fn list_prints_a_table_with_a_header() {
    let run = fazhi(&["list"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert!(lines[0].starts_with("ID"));
    assert!(lines
        .iter()
        .any(|l| l.contains("210311-2023") && l.contains("千山区")));
}

#[test]
fn global_options_may_come_before_the_subcommand() {
    let dir = crate::common::temp::TempDir::new("cli-cmd-global");
    let path = dir.join("qianshan.txt");
    std::fs::write(
        &path,
        include_str!("../../reports/liaoning-anshan-qianshan-2023.txt"),
    )
    .unwrap();
    let p = path.display().to_string();
    for args in [
        ["--library", p.as_str(), "list", "--json"],
        ["list", "--json", "--library", p.as_str()],
    ] {
        let rows = json(&args);
        assert_eq!(rows.as_array().unwrap().len(), 1, "{args:?}");
        assert_eq!(rows[0]["id"], "210311-2023");
    }
}

#[test]
fn show_json_has_the_section_tree() {
    let doc = json(&["show", "千山区", "2023", "--json"]);
    assert_eq!(doc["id"], "210311-2023");
    let top = doc["sections"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    let one = &top[0];
    assert_eq!(one["number"], "一、");
    assert_eq!(one["level"], 1);
    assert_eq!(one["title"], "推进法治政府建设的主要举措和成效");
    assert!(one["paragraphs"].is_array());
    let children = one["children"].as_array().unwrap();
    assert_eq!(children.len(), 12);
    assert_eq!(children[0]["level"], 2);
    let grandchildren = children[0]["children"].as_array().unwrap();
    assert_eq!(grandchildren.len(), 2);
    assert_eq!(grandchildren[0]["title"], "加强习近平法治思想学习培训");
    let paras = grandchildren[0]["paragraphs"].as_array().unwrap();
    assert!(paras[0]
        .as_str()
        .unwrap()
        .starts_with("一是坚持“第一议题”制度"));
    assert!(doc["preamble"][0].as_str().unwrap().starts_with("2023年"));
}

#[test]
fn show_one_section_by_its_path() {
    let run = fazhi(&["show", "210311-2023", "--section", "一/（一）"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.trim_start()
            .starts_with("(一)加强党的领导，完善法治政府建设推进机制"),
        "{out}"
    );
    assert!(out.contains("1.加强习近平法治思想学习培训"));
    assert!(out.contains("2.加强党对法治政府建设的统一领导"));
    assert!(
        !out.contains("健全完善政府机构职能体系"),
        "only that section"
    );
    // Half-width brackets name the same section.
    let half = fazhi(&["show", "210311-2023", "--section", "一/(一)"]);
    assert_eq!(half.stdout, run.stdout);
    let doc = json(&["show", "210311-2023", "--section", "一/（一）", "--json"]);
    assert_eq!(doc["sections"].as_array().unwrap().len(), 1);
    assert_eq!(doc["sections"][0]["path"], "一/(一)");
}

#[test]
fn show_an_unknown_section_is_one_line_listing_the_sections() {
    let run = fazhi(&["show", "210311-2023", "--section", "九"]);
    assert_ne!(run.code, 0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("九") && lines[0].contains("一/（十二）"),
        "{lines:?}"
    );
}

#[test]
fn figures_json_has_value_kind_label_and_section() {
    let figs = json(&["figures", "文登区", "2023", "--json"]);
    let figs = figs.as_array().unwrap();
    let f = figs
        .iter()
        .find(|f| f["text"] == "82件")
        .expect("82件 in Wendeng");
    assert_eq!(f["value"], 82.0);
    assert_eq!(f["kind"], "count");
    assert_eq!(f["unit"], "件");
    assert_eq!(f["label"], "受理行政复议申请");
    assert_eq!(f["section"], "一/（五）");
    let money = figs.iter().find(|f| f["text"] == "393.08万元").unwrap();
    assert_eq!(money["value"], 3_930_800.0);
    assert_eq!(money["kind"], "money");
}

#[test]
fn figures_json_places_every_figure_by_paragraph_and_character_range() {
    let figs = json(&["figures", "210311-2023", "--json"]);
    let doc = json(&["show", "210311-2023", "--json"]);
    // Section path → its paragraphs, from `show --json`.
    fn walk(s: &serde_json::Value, out: &mut Vec<(String, Vec<String>)>) {
        let paras = s["paragraphs"].as_array().unwrap();
        let texts = paras.iter().map(|p| p.as_str().unwrap().to_string());
        out.push((s["path"].as_str().unwrap().to_string(), texts.collect()));
        for c in s["children"].as_array().unwrap() {
            walk(c, out);
        }
    }
    let mut sections = Vec::new();
    for s in doc["sections"].as_array().unwrap() {
        walk(s, &mut sections);
    }
    let norm = |p: &str| p.replace('（', "(").replace('）', ")");
    let mut seen = std::collections::HashSet::new();
    for f in figs.as_array().unwrap() {
        let section = f["section"].as_str().unwrap();
        let paragraph = f["paragraph"].as_u64().expect("paragraph") as usize;
        let range = f["range"].as_array().expect("range");
        let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
        let text: Vec<char> = if section.is_empty() {
            doc["preamble"][paragraph]
                .as_str()
                .unwrap()
                .chars()
                .collect()
        } else {
            let (_, paras) = sections
                .iter()
                .find(|(p, _)| norm(p) == norm(section))
                .unwrap_or_else(|| panic!("no section {section}"));
            paras[paragraph].chars().collect()
        };
        let at: String = text[start as usize..end as usize].iter().collect();
        assert_eq!(at, f["text"].as_str().unwrap(), "{f}");
        assert!(seen.insert((section.to_string(), paragraph, start)), "{f}");
    }
}

#[test]
fn figures_csv_has_a_header_and_one_row_per_figure() {
    let run = fazhi(&["figures", "371003-2023", "--csv"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "text,value,unit,kind,approx,label,section,paragraph,start,end,target"
    );
    let n = json(&["figures", "371003-2023", "--json"])
        .as_array()
        .unwrap()
        .len();
    assert_eq!(lines.len(), n + 1);
    assert!(
        lines.iter().any(|l| l.starts_with("82件,82,件,count,")),
        "{}",
        run.stdout
    );
}

#[test]
fn figures_say_which_are_targets_for_the_year_ahead() {
    let dir = crate::common::temp::TempDir::new("cli-figures-target");
    let file = dir.join("r.txt");
    std::fs::write(
        &file,
        "银川市永宁县人民政府关于2024年法治政府建设情况的报告\n\
         一、主要成效\n全县办结行政复议案件42件，纠错率7.1%。\n\
         二、下一步工作打算\n（一）提升复议质效\n力争纠错率保持在8%以内，新培育“法律明白人”300名。\n",
    )
    .unwrap();
    let figs = json(&["--no-cache", "figures", file.to_str().unwrap(), "--json"]);
    let target = |text: &str| {
        let f = (figs.as_array().unwrap().iter())
            .find(|f| f["text"] == text)
            .unwrap_or_else(|| panic!("no {text}: {figs:#}"));
        f["target"].as_bool().unwrap()
    };
    assert!(!target("42件") && !target("7.1%"), "{figs:#}");
    assert!(target("8%以内") && target("300名"), "{figs:#}");
}

#[test]
fn an_ambiguous_report_is_one_line_listing_the_candidates() {
    let run = fazhi(&["show", "2023"]);
    assert_ne!(run.code, 0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    for id in ["210311-2023", "371003-2023", "370306-2023"] {
        assert!(lines[0].contains(id), "{lines:?}");
    }
    assert!(!lines[0].contains("210411-2024"));
    assert!(run.stdout.is_empty());
}

#[test]
fn an_unknown_report_is_one_line_suggesting_the_reports() {
    let run = fazhi(&["figures", "朝阳区", "2023"]);
    assert_ne!(run.code, 0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("朝阳区 2023"), "{lines:?}");
    assert!(lines[0].contains("210311-2023"), "{lines:?}");
}

#[test]
fn check_reports_a_new_file() {
    let dir = crate::common::temp::TempDir::new("cli-cmd-check");
    let path = dir.join("zhoucun.md");
    std::fs::write(
        &path,
        include_str!("../../reports/shandong-zibo-zhoucun-2023.txt"),
    )
    .unwrap();
    let p = path.display().to_string();
    let run = fazhi(&["check", &p]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(&p));
    assert!(run.stdout.contains("370306-2023"));
    assert!(run.stdout.contains("周村区 · 淄博市 · 山东省"));
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);
    let v = json(&["check", "--json", &p]);
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[0]["sections"], 19);
}

#[test]
fn a_typo_of_a_subcommand_is_an_error_suggesting_it_not_an_empty_reader() {
    for (typo, meant) in [("lsit", "list"), ("shwo", "show"), ("figuers", "figures")] {
        let run = fazhi(&[typo]);
        assert_eq!(run.code, 1, "{typo}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "no screen drawn: {:?}", run.stdout);
        assert_eq!(
            run.stderr.trim(),
            format!("fazhi: {typo}: no such file or subcommand; did you mean `{meant}`?")
        );
    }
}

#[test]
fn a_missing_report_file_is_one_line_naming_it() {
    let missing = std::env::temp_dir().join("fazhi-no-such-dir/千山区2023.txt");
    let run = fazhi(&[missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("千山区2023.txt: no such file"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn completions_know_the_subcommands_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = fazhi(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for sub in ["figures", "notes", "serve"] {
            assert!(run.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    let run = fazhi(&["completions", "tcsh"]);
    assert_ne!(run.code, 0, "an unknown shell is refused");
    assert!(run.stderr.contains("tcsh"), "{}", run.stderr);
}

#[test]
fn man_prints_a_manual_page_with_the_subcommands() {
    let run = fazhi(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH fazhi 1"), "{}", run.stdout);
    for sub in ["figures", "notes", "completions"] {
        assert!(run.stdout.contains(sub), "man page lacks {sub}");
    }
}

/// A folder holding one report file of `text`, with its own data and cache homes.
struct OneFile {
    dir: crate::common::temp::TempDir,
    /// The report file's path.
    file: String,
}

impl OneFile {
    fn new(name: &str, file: &str, text: &str) -> OneFile {
        let dir = crate::common::temp::TempDir::new(name);
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        OneFile {
            file: path.display().to_string(),
            dir,
        }
    }

    /// `fazhi ARGS` with this folder's homes: (stdout, stderr, success).
    fn run(&self, args: &[&str]) -> (String, String, bool) {
        let env = [
            ("XDG_DATA_HOME", self.dir.join("data")),
            ("XDG_CACHE_HOME", self.dir.join("cache")),
        ];
        crate::common::run::fazhi_env(&env, args).parts()
    }
}

#[test]
fn a_report_named_by_its_file_is_read_for_show_figures_and_compare() {
    let one = OneFile::new(
        "cli-cmd-named-file",
        "nanshan.txt",
        "深圳市南山区人民政府关于2024年度法治政府建设工作情况的报告\n一、主要举措\n（一）化解行政争议\n全年共收到行政复议申请三百二十六宗，受理行政复议申请298宗。\n",
    );
    let (file, run) = (one.file.as_str(), |args: &[&str]| one.run(args));
    let (out, err, ok) = run(&["show", file]);
    assert!(ok, "{err}");
    assert!(out.starts_with("深圳市南山区人民政府关于2024年度"), "{out}");
    let (out, err, ok) = run(&["figures", file]);
    assert!(ok, "{err}");
    assert!(
        out.contains("三百二十六宗") && out.contains("298宗"),
        "{out}"
    );
    // Beside a bundled report: the two are compared, the file's figures facing 文登区's.
    let (out, err, ok) = run(&["compare", file, "371003-2023"]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("南山区 2024 (440305-2024)  ↔  文登区 2023"),
        "{out}"
    );
    // Cases counted in 宗, as Guangdong writes, face cases counted in 件.
    let line = out
        .lines()
        .find(|l| l.contains("298宗"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("298宗 → 82件"), "{line}");
    // A mistyped path says so before listing the reports it could have meant.
    let (_, err, ok) = run(&["figures", "reports/nanshan.docx"]);
    assert!(!ok);
    assert!(
        err.starts_with("fazhi: reports/nanshan.docx: no such file, and no report matches"),
        "{err}"
    );
}

#[test]
fn a_part_heading_shows_its_marker_and_title_apart_in_show_and_search() {
    let one = OneFile::new(
        "cli-cmd-part-heading",
        "jiangshan.txt",
        "江山市人民政府关于2023年度法治政府建设情况的报告\n第一部分 主要工作\n（一）化解行政争议\n全年办理行政复议案件41件。\n第二部分、存在问题\n基层执法力量不足。\n",
    );
    let (file, run) = (one.file.as_str(), |args: &[&str]| one.run(args));
    let (out, err, ok) = run(&["show", file]);
    assert!(ok, "{err}");
    // `第一部分` has no mark of its own after it, so a space keeps it off the title; a
    // marker with one (`第二部分、`) is shown as written.
    assert!(out.contains("\n第一部分 主要工作\n"), "{out}");
    assert!(out.contains("\n第二部分、存在问题\n"), "{out}");
    let lib = one.dir.display().to_string();
    let (out, err, ok) = run(&["search", "主要工作", "--library", &lib]);
    assert!(ok, "{err}");
    assert!(out.contains("第一部分 [[主要工作]]"), "{out}");
}

#[test]
fn help_names_every_kind_of_file_a_library_folder_is_searched_for() {
    let run = fazhi(&["--help"]);
    assert_eq!(run.code, 0);
    for ext in fazhi::source::EXTENSIONS {
        assert!(
            run.stdout.contains(&format!(".{ext}")),
            ".{ext}: {}",
            run.stdout
        );
    }
}
