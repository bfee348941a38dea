//! `fazhi compare`, `fazhi table` and `fazhi history` from the command line: what a reviewer
//! comparing districts and years reads.

use crate::common::run::{fazhi_env, json};

/// `fazhi ARGS` with no user configuration and a cache of its own.
fn fazhi(args: &[&str]) -> (String, String, bool) {
    let tmp = std::env::temp_dir();
    fazhi_env(
        &[
            ("XDG_CONFIG_HOME", tmp.join("fazhi-no-config")),
            ("XDG_CACHE_HOME", tmp.join("fazhi-compare-cache")),
        ],
        args,
    )
    .parts()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/history/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn table_of_xzfy_has_a_row_per_district_and_columns_for_applications_accepted_and_received() {
    let (out, err, ok) = fazhi(&["table", "行政复议", "--csv"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "a header and five districts:\n{out}");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(&header[..3], ["id", "district", "year"]);
    let row = |district: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.split(',').nth(1) == Some(district))
            .unwrap_or_else(|| panic!("no row for {district}:\n{out}"))
            .split(',')
            .collect()
    };
    let (wendeng, shuncheng, tiexi) = (row("文登区"), row("顺城区"), row("铁西区"));
    // 顺城区 received 97 applications and accepted 48 of them: 文登区's 82 accepted face the
    // 48, and the 97 received are a column of their own with 铁西区's 19.
    let accepted = (3..header.len())
        .find(|&c| wendeng[c] == "82件")
        .unwrap_or_else(|| panic!("no column holds 文登区's 82件:\n{out}"));
    assert_eq!(shuncheng[accepted], "48件", "{out}");
    assert!(
        header[accepted].contains("受理行政复议"),
        "{}",
        header[accepted]
    );
    let received = (3..header.len())
        .find(|&c| shuncheng[c] == "97件")
        .unwrap_or_else(|| panic!("no column holds 顺城区's 97件:\n{out}"));
    assert_ne!(received, accepted);
    assert_eq!(tiexi[received], "19件", "{out}");
    assert_eq!(wendeng[received], "", "{out}");
    for district in ["千山区", "周村区"] {
        row(district);
    }
}

#[test]
fn table_columns_each_say_what_they_count_and_fragments_are_no_column() {
    // Three districts whose wording the bundled samples do not hold.
    let lib = format!("{}/tests/fixtures/table", env!("CARGO_MANIFEST_DIR"));
    let v = json(&["table", "行政复议", "--library", &lib, "--json"]);
    let columns: Vec<String> = (v["columns"].as_array().unwrap().iter())
        .map(|c| c["label"].as_str().unwrap().to_string())
        .collect();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{v:#}");
    let values = |column: usize| -> Vec<String> {
        let cell = |r: &serde_json::Value| r["cells"][column]["text"].as_str().map(String::from);
        rows.iter().map(|r| cell(r).unwrap_or_default()).collect()
    };
    let holding = |text: &str| {
        (0..columns.len())
            .find(|&c| values(c).iter().any(|t| t == text))
            .unwrap_or_else(|| panic!("no column holds {text}: {columns:?}"))
    };
    // One column for the applications received however each district words it (`收到`,
    // `接收`); 天河区's are those accepted (`受理`), which no other district states.
    let applications = holding("175件");
    assert!(
        columns[applications].contains("行政复议申请"),
        "{columns:?}"
    );
    let mut stated = values(applications);
    stated.sort();
    assert_eq!(stated, ["", "175件", "98件"]);
    // `审结160件` after the applications received concludes those applications: a column.
    let concluded = holding("160件");
    assert!(columns[concluded].contains("审结"), "{columns:?}");
    let mut stated = values(concluded);
    stated.sort();
    assert_eq!(stated, ["160件", "186件", "90件"]);
    // Case files filed are a column; those cleared up count something else and only one
    // district states them.
    let filed = holding("35卷");
    assert!(values(filed).contains(&"20卷".to_string()));
    assert!(!values(filed).contains(&"40卷".to_string()), "{columns:?}");
    // `事项` alone says nothing of what was counted, nor does an act only one district
    // states: no column holds them.
    for fragment in ["210件", "12类", "9类"] {
        assert!(
            (0..columns.len()).all(|c| !values(c).contains(&fragment.to_string())),
            "{fragment} is in a column: {columns:?}"
        );
    }
    assert!(
        columns.iter().all(|c| c.chars().count() >= 3),
        "{columns:?}"
    );
}

#[test]
fn table_can_be_sorted_and_printed_as_markdown_and_json() {
    let (md, err, ok) = fazhi(&["table", "xzfy", "--md", "--sort", "1"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines[0].starts_with("| 报告 |"), "{md}");
    assert!(lines[1].starts_with("|---|"), "{md}");
    // Largest first in the first column (the applications accepted): 文登区's 82件 leads.
    assert!(lines[2].starts_with("| 文登区 2023 | 82件 |"), "{md}");
    let v = json(&["table", "复议", "--json"]);
    let columns = v["columns"].as_array().unwrap();
    assert!(!columns.is_empty());
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for row in rows {
        assert_eq!(row["cells"].as_array().unwrap().len(), columns.len());
        assert!(row["id"].as_str().unwrap().contains('-'));
    }
    let (_, err, ok) = fazhi(&["table", "xzfy", "--sort", "没有这一列"]);
    assert!(!ok);
    assert!(err.contains("columns are:"), "{err}");
}

#[test]
fn compare_pairs_the_applications_for_reconsideration_both_reports_state() {
    let v = json(&["compare", "371003-2023", "220302-2024", "--json"]);
    assert_eq!(v["a"], "371003-2023");
    assert_eq!(v["b"], "220302-2024");
    let pairs = v["pairs"].as_array().unwrap();
    let xzfy = pairs
        .iter()
        .find(|p| p["a"]["text"] == "82件")
        .unwrap_or_else(|| panic!("82件 is not paired: {pairs:#?}"));
    // 铁西区 received 19 and accepted 16: accepted faces accepted.
    assert_eq!(xzfy["b"]["text"], "16件");
    assert_eq!(xzfy["change"]["delta"], -66.0);
    assert!(xzfy["label"].as_str().unwrap().contains("行政复议"));
    // Every figure is either paired or listed as one side's own.
    let count = |key: &str| v[key].as_array().unwrap().len();
    let (figures_a, err, ok) = fazhi(&["figures", "371003-2023", "--json"]);
    assert!(ok, "{err}");
    let figures_a: serde_json::Value = serde_json::from_str(&figures_a).unwrap();
    let not_dates = figures_a
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "date")
        .count();
    assert_eq!(pairs.len() + count("only_a"), not_dates);
    // Sections are aligned: 文登区's （五） on disputes faces 铁西区's （六）.
    let sections = v["sections"].as_array().unwrap();
    assert!(sections.iter().any(|s| s["topics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "行政复议")));
}

#[test]
fn compare_text_says_how_a_figure_changed() {
    let (out, err, ok) = fazhi(&["compare", "文登区 2023", "顺城区 2024"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("文登区 2023 (371003-2023)  ↔  顺城区 2024 (210411-2024)"));
    let line = out
        .lines()
        .find(|l| l.starts_with("受理行政复议申请"))
        .unwrap_or_else(|| panic!("{out}"));
    // 顺城区 received 97 applications and accepted 48: accepted faces accepted.
    assert!(line.contains("82件 → 48件"), "{line}");
    assert!(line.ends_with("−34件 (−41.5%)"), "{line}");
    assert!(out.contains("Only in 文登区 2023"));
}

#[test]
fn compare_csv_lists_pairs_then_each_sides_own_figures_and_topics() {
    let (out, err, ok) = fazhi(&["compare", "371003-2023", "210311-2023", "--csv"]);
    assert!(ok, "{err}");
    let kinds: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(kinds.contains(&"pair"));
    assert!(kinds.contains(&"only_a"));
    assert!(kinds.contains(&"only_b"));
    // Rows come grouped in this order.
    let order = ["pair", "only_a", "only_b", "topic_only_a", "topic_only_b"];
    let ranks: Vec<usize> = kinds
        .iter()
        .map(|k| order.iter().position(|o| o == k).expect(k))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
    let columns = out.lines().next().unwrap().split(',').count();
    for line in out.lines() {
        // No field in these reports holds a comma, so every row has the header's columns.
        assert_eq!(line.split(',').count(), columns, "{line}");
    }
}

#[test]
fn history_of_a_district_over_two_years_shows_each_change_exactly() {
    let lib = fixture("zhanggong");
    let (out, err, ok) = fazhi(&["history", "章贡区", "--library", &lib]);
    assert!(ok, "{err}");
    let line = |label: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label}:\n{out}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(line("FIGURE"), ["FIGURE", "2022", "2023", "CHANGE"]);
    // `受理36件` and `办结33件` after the applications received are done to them: a row each.
    for row in [
        ["收到行政复议申请", "40件", "52件", "+12件 (+30.0%)"],
        ["受理行政复议申请", "36件", "47件", "+11件 (+30.6%)"],
        ["办结行政复议申请", "33件", "45件", "+12件 (+36.4%)"],
        ["行政机关负责人出庭应诉率", "95%", "100%", "+5 pp"],
        ["培训执法人员", "800人次", "760人次", "−40人次 (−5.0%)"],
    ] {
        assert_eq!(line(row[0]), row);
    }
    // A figure only one year states is not a row.
    assert!(!out.contains("5万份"), "{out}");
}

#[test]
fn history_of_one_topic_follows_a_sample_into_a_second_year() {
    let lib = fixture("wendeng");
    let v = json(&["history", "371003", "行政复议", "--library", &lib, "--json"]);
    assert_eq!(v["years"], serde_json::json!(["2023", "2024"]));
    let figures = v["figures"].as_array().unwrap();
    let applied = figures
        .iter()
        .find(|f| f["values"][0]["text"] == "82件")
        .unwrap_or_else(|| panic!("{figures:#?}"));
    assert_eq!(applied["values"][1]["text"], "97件");
    assert_eq!(applied["changes"][1]["delta"], 15.0);
    // The other figures of the topic did not change between the two files.
    for f in figures.iter().filter(|f| f["values"][0]["text"] != "82件") {
        assert_eq!(f["changes"][1]["delta"], 0.0, "{f}");
    }
}

#[test]
fn history_of_an_unknown_district_names_the_ones_there_are() {
    let (_, err, ok) = fazhi(&["history", "不存在区"]);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("千山区") && err.contains("文登区"), "{err}");
}

#[test]
fn a_change_on_the_year_before_never_faces_a_value_of_another_report() {
    let dir = crate::common::temp::TempDir::new("compare-by");
    // Two Guizhou districts in wording of our own: one states only how much its
    // applications grew, the other how many it received.
    std::fs::write(
        dir.join("yunyan.txt"),
        "云岩区人民政府关于2023年法治政府建设情况的报告\n一、行政复议工作\n全年办理行政复议案件较上年增加9件，办结率95%。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("huaxi.txt"),
        "花溪区人民政府关于2023年法治政府建设情况的报告\n一、行政复议工作\n全年办理行政复议案件97件，办结率98%。\n",
    )
    .unwrap();
    let lib = dir.display().to_string();
    let v = json(&[
        "compare",
        "云岩区 2023",
        "花溪区 2023",
        "--json",
        "--library",
        &lib,
    ]);
    let pairs = v["pairs"].as_array().unwrap();
    assert!(
        pairs.iter().all(|p| p["a"]["text"] != "9件"),
        "a change paired with a value: {pairs:#?}"
    );
    assert!(pairs.iter().any(|p| p["a"]["text"] == "95%"), "{pairs:#?}");
    let (csv, err, ok) = fazhi(&["table", "行政复议", "--csv", "--library", &lib]);
    assert!(ok, "{err}");
    assert!(
        !csv.contains("9件"),
        "a change in a column of values:\n{csv}"
    );
    assert!(csv.contains("95%") && csv.contains("98%"), "{csv}");
}

#[test]
fn a_report_stating_a_count_twice_makes_one_column_not_two() {
    let dir = crate::common::temp::TempDir::new("cli-table-twice");
    let report = |district: &str, body: &str| {
        format!(
            "{district}人民政府\n关于2023年法治政府建设情况的报告\n\n一、行政复议工作\n{body}\n二、存在的不足\n基层执法力量不足。\n"
        )
    };
    // Summaries often state a count, and the section on it states it again.
    let files = [
        (
            "hexi.txt",
            report(
                "天津市河西区",
                "全年受理行政复议申请120件。在行政复议方面，受理行政复议申请120件，依法办结112件。",
            ),
        ),
        (
            "lixia.txt",
            report(
                "济南市历下区",
                "受理行政复议申请86件，依法办结80件。全区受理行政复议申请86件。",
            ),
        ),
        (
            "wuhou.txt",
            report("成都市武侯区", "受理行政复议申请143件。"),
        ),
    ];
    let t = table_of(&dir, &files);
    let (v, columns) = (&t.table, &t.columns);
    let applications: Vec<&String> = columns
        .iter()
        .filter(|c| c.starts_with("受理行政复议申请"))
        .collect();
    assert_eq!(applications.len(), 1, "{columns:?}");
    assert_eq!(v["rows"].as_array().unwrap().len(), 3, "{v:#}");
}

#[test]
fn the_table_shows_a_reports_own_year_not_the_year_before_it_states() {
    let dir = crate::common::temp::TempDir::new("cli-table-years");
    let head = |district: &str| {
        format!("{district}人民政府\n关于2023年法治政府建设情况的报告\n\n一、行政复议工作\n")
    };
    // One report gives a table of two years, another a change in words, a third the count.
    let files = [
        (
            "yuhang.md",
            format!(
                "{}行政复议工作情况见下表。\n\n| 指标 | 2022年 | 2023年 |\n|---|---|---|\n| 受理行政复议申请 | 75件 | 82件 |\n",
                head("杭州市余杭区")
            ),
        ),
        (
            "xiangzhou.txt",
            format!(
                "{}受理行政复议申请从2022年的64件增加到2023年的71件。\n",
                head("珠海市香洲区")
            ),
        ),
        (
            "jiangbei.txt",
            format!("{}全年受理行政复议申请90件。\n", head("重庆市江北区")),
        ),
    ];
    let t = table_of(&dir, &files);
    let (v, columns) = (&t.table, &t.columns);
    let column = columns
        .iter()
        .position(|c| c == "受理行政复议申请")
        .unwrap_or_else(|| panic!("{columns:?}"));
    let mut cells: Vec<String> = (v["rows"].as_array().unwrap().iter())
        .filter_map(|r| r["cells"][column]["text"].as_str().map(String::from))
        .collect();
    cells.sort();
    assert_eq!(cells, ["71件", "82件", "90件"], "{v:#}");
    // Side by side, the value before the change faces nothing either.
    let env = [("XDG_CACHE_HOME", dir.join("cache"))];
    let run =
        crate::common::run::fazhi_env(&env, &["compare", "香洲区", "江北区", "--library", &t.lib]);
    assert!(
        run.stdout.contains("受理行政复议申请  71件 → 90件"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("64件"), "{}", run.stdout);
}

/// `fazhi table 行政复议 --json` over a library of `files` written into `dir`.
struct TableRun {
    lib: String,
    table: serde_json::Value,
    /// The columns' labels.
    columns: Vec<String>,
}

fn table_of<T: AsRef<str>>(dir: &std::path::Path, files: &[(&str, T)]) -> TableRun {
    for (name, text) in files {
        std::fs::write(dir.join(name), text.as_ref()).unwrap();
    }
    let lib = dir.display().to_string();
    let env = [("XDG_CACHE_HOME", dir.join("cache"))];
    let run =
        crate::common::run::fazhi_env(&env, &["table", "行政复议", "--library", &lib, "--json"]);
    let table: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON table");
    let columns = (table["columns"].as_array().unwrap().iter())
        .map(|c| c["label"].as_str().unwrap().to_string())
        .collect();
    TableRun {
        lib,
        table,
        columns,
    }
}

#[test]
fn a_target_for_the_year_ahead_is_in_no_column_of_the_table() {
    let dir = crate::common::temp::TempDir::new("cli-table-plan");
    let report = |district: &str, city: &str, done: &str, target: &str| {
        format!(
            "{city}{district}人民政府关于2024年度法治政府建设情况的报告\n\
             一、主要成效\n（一）加强行政复议工作\n全年办理行政复议案件120件，纠错率{done}。\n\
             二、2025年工作打算\n（一）强化复议监督\n确保行政复议纠错率控制在{target}。\n"
        )
    };
    std::fs::write(
        dir.join("a.txt"),
        report("新华区", "石家庄市", "8.9%", "10%以下"),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        report("鹿泉区", "石家庄市", "6.2%", "5%以下"),
    )
    .unwrap();
    let lib = dir.to_str().unwrap();
    let v = json(&["table", "行政复议", "--library", lib, "--json"]);
    let texts: Vec<String> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["cells"].as_array().unwrap().iter())
        .filter_map(|c| c["text"].as_str().map(String::from))
        .collect();
    assert!(
        texts.contains(&"8.9%".to_string()) && texts.contains(&"6.2%".to_string()),
        "{v:#}"
    );
    assert!(!texts.iter().any(|t| t.contains("以下")), "{v:#}");
}

#[test]
fn a_districts_history_sets_no_target_beside_the_years_values() {
    let dir = crate::common::temp::TempDir::new("cli-history-plan");
    let report = |year: u16, done: &str, target: &str| {
        format!(
            "石家庄市新华区人民政府关于{year}年度法治政府建设情况的报告\n\
             一、主要成效\n全年办理行政复议案件120件，纠错率{done}。\n\
             二、{}年工作打算\n确保行政复议纠错率控制在{target}。\n",
            year + 1
        )
    };
    std::fs::write(dir.join("2023.txt"), report(2023, "9.4%", "9%以下")).unwrap();
    std::fs::write(dir.join("2024.txt"), report(2024, "8.9%", "8%以下")).unwrap();
    let (out, err, ok) = fazhi(&["history", "新华区", "--library", dir.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("9.4%") && out.contains("8.9%"), "{out}");
    assert!(!out.contains("以下"), "{out}");
}

#[test]
fn compare_pairs_a_target_only_with_the_other_reports_target() {
    let dir = crate::common::temp::TempDir::new("cli-compare-plan");
    // Two Hebei districts in wording of our own: 新华区 states what its year did and what it
    // aims at; 鹿泉区 states only its aim.
    std::fs::write(
        dir.join("a.txt"),
        "石家庄市新华区人民政府关于2024年度法治政府建设情况的报告\n\
         一、主要成效\n（一）加强行政复议工作\n全年办理行政复议案件120件，行政复议纠错率8.9%。\n\
         二、2025年工作打算\n（一）强化复议监督\n确保行政复议纠错率控制在10%以下。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "石家庄市鹿泉区人民政府关于2024年度法治政府建设情况的报告\n\
         一、主要成效\n（一）加强行政复议工作\n全年办理行政复议案件95件。\n\
         二、2025年工作打算\n（一）强化复议监督\n确保行政复议纠错率控制在5%以下。\n",
    )
    .unwrap();
    let lib = dir.display().to_string();
    let env = [("XDG_CACHE_HOME", dir.join("cache"))];
    let run = fazhi_env(
        &env,
        &["compare", "新华区", "鹿泉区", "--json", "--library", &lib],
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON comparison");
    let pairs = v["pairs"].as_array().unwrap();
    let partner = |text: &str| {
        pairs
            .iter()
            .find(|p| p["a"]["text"] == text)
            .map(|p| p["b"]["text"].as_str().unwrap().to_string())
    };
    // The year's 8.9% does not face an aim; the aims face each other.
    assert_eq!(partner("8.9%"), None, "{pairs:#?}");
    assert_eq!(partner("10%以下").as_deref(), Some("5%以下"), "{pairs:#?}");
    let only_a: Vec<&str> = (v["only_a"].as_array().unwrap().iter())
        .filter_map(|f| f["text"].as_str())
        .collect();
    assert!(only_a.contains(&"8.9%"), "{only_a:?}");
}

#[test]
fn a_number_alone_in_a_cell_shows_with_its_headers_unit_in_tables_and_topics() {
    let dir = crate::common::temp::TempDir::new("cli-table-units");
    let report = |city: &str, district: &str, received: u32| {
        format!(
            "{city}{district}人民政府关于2023年法治政府建设情况的报告\n一、主要成效\n（一）行政复议工作\n\
             全年收到行政复议申请{received}件。\n\
             | 类别 | 受理（件） | 化解率 |\n| 行政复议 | {} | 93.8% |\n",
            received - 3
        )
    };
    let run = table_of(
        &dir,
        &[
            ("a.txt", report("海西蒙古族藏族自治州", "格尔木市", 100)),
            ("b.txt", report("西宁市", "湟中区", 60)),
        ],
    );
    assert!(
        run.columns.iter().any(|c| c == "行政复议受理"),
        "{:?}",
        run.columns
    );
    let env = [("XDG_CACHE_HOME", dir.join("cache"))];
    for args in [["table", "行政复议"], ["topic", "行政复议"]] {
        let out = fazhi_env(&env, &[args[0], args[1], "--library", &run.lib]).stdout;
        assert!(out.contains("97件") && out.contains("57件"), "{out}");
    }
}
