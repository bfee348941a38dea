//! `fazhi search` over the bundled reports, as a user at a shell sees it.

use crate::common::run::fazhi;
use serde_json::Value;

/// The text between `[[` and `]]` on a result line (stdout is not a terminal here).
fn marked(line: &str) -> &str {
    let start = line.find("[[").expect("match marked") + 2;
    let end = line[start..].find("]]").expect("match closed") + start;
    &line[start..end]
}

#[test]
fn literal_search_finds_every_district_with_section_paths() {
    let run = fazhi(&["search", "行政复议"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for district in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
        assert!(
            lines.iter().any(|l| l.starts_with(district)),
            "no match in {district}:\n{}",
            run.stdout
        );
    }
    for l in &lines {
        assert_eq!(marked(l), "行政复议", "{l}");
        // `千山区 2023 (210311-2023)  一/（五）  …`: a section path after the id.
        let path = l.split("  ").nth(1).expect("section column");
        assert!(
            path == "¶" || path.starts_with(['一', '二', '三', '四', '五', '六']),
            "{l}"
        );
    }
    assert!(lines.iter().any(|l| l.contains("  一/（")), "nested paths");
    assert!(run.stderr.contains(&format!("{} matches", lines.len())));
}

#[test]
fn regex_search_marks_whole_matches() {
    let run = fazhi(&["search", "--regex", r"\d+件"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let marks: Vec<&str> = run.stdout.lines().map(marked).collect();
    assert!(marks.len() > 10, "{}", run.stdout);
    assert!(marks.contains(&"82件"), "{marks:?}");
    for m in marks {
        let digits = m.strip_suffix('件').expect(m);
        assert!(
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()),
            "{m}"
        );
    }
}

#[test]
fn json_gives_place_snippet_and_char_offsets() {
    let run = fazhi(&["search", "行政复议", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert!(rows.len() > 5);
    for row in &rows {
        for key in [
            "report",
            "district",
            "year",
            "section",
            "paragraph",
            "text",
            "match",
        ] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
        let text: Vec<char> = row["text"].as_str().unwrap().chars().collect();
        let m = row["match"].as_array().unwrap();
        let (a, b) = (
            m[0].as_u64().unwrap() as usize,
            m[1].as_u64().unwrap() as usize,
        );
        assert_eq!(text[a..b].iter().collect::<String>(), "行政复议", "{row}");
        assert!(row["report"]
            .as_str()
            .unwrap()
            .ends_with(&row["year"].to_string()));
    }
    let districts: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|r| r["district"].as_str()).collect();
    assert_eq!(districts.len(), 5, "{districts:?}");
}

#[test]
fn invalid_regex_is_a_one_line_error() {
    let run = fazhi(&["search", "--regex", "行政(复议"]);
    assert_ne!(run.code, 0);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("fazhi: invalid regex"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_match_exits_1_with_empty_results() {
    let run = fazhi(&["search", "没有这个词"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let run = fazhi(&["search", "没有这个词", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        Value::Array(vec![])
    );
}

#[test]
fn count_gives_each_report_its_matches_as_the_matches_themselves_do() {
    for query in [&["行政复议"][..], &["--regex", r"\d+件"]] {
        // The matches, counted by report, as `search --json` lists them.
        let mut all = vec!["search", "--json"];
        all.extend(query);
        let hits: Value = serde_json::from_str(&fazhi(&all).stdout).unwrap();
        let mut expected: Vec<(String, u64)> = Vec::new();
        for h in hits.as_array().unwrap() {
            let id = h["report"].as_str().unwrap();
            match expected.last_mut() {
                Some((r, n)) if r == id => *n += 1,
                _ => expected.push((id.to_string(), 1)),
            }
        }
        let mut args = vec!["search", "--count", "--json"];
        args.extend(query);
        let counted: Value = serde_json::from_str(&fazhi(&args).stdout).unwrap();
        let got: Vec<(String, u64)> = (counted.as_array().unwrap().iter())
            .map(|r| {
                let id = r["report"].as_str().unwrap().to_string();
                (id, r["matches"].as_u64().unwrap())
            })
            .collect();
        assert_eq!(got, expected, "{query:?}");
        // As text: `文登区 2023 (371003-2023)  10`, one line per report.
        args.retain(|a| *a != "--json");
        let run = fazhi(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{}", run.stdout);
        for (line, (id, n)) in lines.iter().zip(&expected) {
            assert!(line.ends_with(&format!("({id})  {n}")), "{line}");
        }
        let total: u64 = expected.iter().map(|e| e.1).sum();
        assert!(
            run.stderr
                .contains(&format!("{total} matches in {} reports", expected.len())),
            "{}",
            run.stderr
        );
    }
    // Reports without a match are left out; none at all is exit code 1, as with grep.
    let run = fazhi(&["search", "-c", "千山区"]);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let run = fazhi(&["search", "-c", "不存在的说法"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
}

/// A library of two reports a reviewer may be sent: one mirrored into Traditional, one
/// with full-width digits.
fn spelled_library() -> crate::common::temp::TempDir {
    let dir = crate::common::temp::TempDir::new("cli-search-spellings");
    std::fs::write(
        dir.join("heping.txt"),
        "瀋陽市和平區人民政府關於2023年法治政府建設情況的報告\n\n\
         一、主要工作\n全年辦理行政複議案件25件，行政複議決定全部履行。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("qianshan.txt"),
        "鞍山市千山区人民政府关于２０２３年法治政府建设情况的报告\n\n\
         一、主要工作\n全年受理行政复议申请２５件，（一）类案件办结率１００％。\n",
    )
    .unwrap();
    dir
}

/// The matched text of each JSON row.
fn matched(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
            let [a, b] = [0, 1].map(|i| r["match"][i].as_u64().unwrap() as usize);
            text[a..b].iter().collect()
        })
        .collect()
}

#[test]
fn a_literal_finds_its_traditional_and_full_width_spellings_unless_exact() {
    let dir = spelled_library();
    let lib = dir.display().to_string();
    let search = |args: &[&str]| {
        let mut all = vec!["search", "--library", &lib, "--json"];
        all.extend_from_slice(args);
        let run = fazhi(&all);
        let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
        matched(&rows)
    };
    let mut found = search(&["行政复议"]);
    found.sort();
    assert_eq!(found, ["行政复议", "行政複議", "行政複議"]);
    // Typed in Traditional, it finds the Simplified report too.
    assert_eq!(search(&["行政複議"]).len(), 3);
    assert_eq!(search(&["25件"]), ["25件", "２５件"]);
    assert_eq!(search(&["100%"]), ["１００％"]);
    assert_eq!(search(&["(一)"]), ["（一）"]);
    assert_eq!(search(&["--exact", "行政复议"]), ["行政复议"]);
    assert_eq!(search(&["--exact", "25件"]), ["25件"]);
    // Text that is not spelt another way is not found through a fold.
    assert!(search(&["行政诉讼"]).is_empty());
}
