//! Property tests (proptest, shrinking) for every parser of user input: reports (arbitrary
//! bytes and report-shaped text), metadata, figures, keymaps, topics and note imports.
//! Never a panic; for reports, nothing lost.
//!
//! `cargo test --test prop_core` runs a quick 64 cases per property; a long run:
//! `PROPTEST_CASES=20000 nice cargo test --release --test prop_core` (see RELIABILITY.md).

use fazhi::report::meta::split_override_block;
use fazhi::report::parse::{clean_line, parse};
use fazhi::report::text::decode;
use fazhi::report::{figure, Report};
use proptest::prelude::*;
use std::path::Path;

/// Non-whitespace characters of the input after cleaning, override block excluded.
fn expected_chars(text: &str) -> String {
    let (_, _, rest) = split_override_block(text);
    rest.lines()
        .map(clean_line)
        .flat_map(|l| l.chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Non-whitespace characters of the parsed report in reading order, override block excluded.
fn shown_chars(text: &str, r: &Report) -> String {
    let (_, block, _) = split_override_block(text);
    let mut s = String::new();
    for l in r.front_matter.iter().skip(block.len()) {
        s.push_str(l);
    }
    for p in &r.preamble {
        s.push_str(&p.text);
    }
    for sec in &r.sections {
        s.push_str(&sec.number);
        s.push_str(&sec.title);
        if sec.run_in {
            s.push('。');
        }
        for p in &sec.paragraphs {
            s.push_str(&p.text);
        }
    }
    for l in &r.sign_off {
        s.push_str(l);
    }
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_report(text: &str) -> Result<(), TestCaseError> {
    let r = parse("prop.txt", text);
    prop_assert_eq!(expected_chars(text), shown_chars(text, &r), "text lost");
    for p in r
        .preamble
        .iter()
        .chain(r.sections.iter().flat_map(|s| &s.paragraphs))
    {
        for f in &p.figures {
            prop_assert_eq!(p.text.get(f.range.clone()), Some(f.text.as_str()));
        }
        for pt in &p.points {
            prop_assert!(p.text.get(pt.clone()).is_some());
        }
    }
    for (i, s) in r.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            prop_assert!(p < i && r.sections[p].level < s.level, "bad parent");
        }
    }
    let id = r.id();
    prop_assert!(
        !id.is_empty() && !id.contains(char::is_whitespace),
        "id {:?}",
        id
    );
    Ok(())
}

/// One line of something that looks like a report: headings of every level, issuer and
/// sign-off lines, document numbers, figures, artefacts, page-break debris, junk.
fn report_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("某某区人民政府".to_string()),
        Just("关于2023年法治政府建设情况的报告".to_string()),
        Just("中共某某区委".to_string()),
        Just("某政发〔2024〕6号".to_string()),
        Just("区委：".to_string()),
        Just("签发人：张三".to_string()),
        Just("2024年1月31日".to_string()),
        Just("（此件公开发布）".to_string()),
        Just("一、".to_string()),
        Just("（二）".to_string()),
        Just("(三)".to_string()),
        Just("3.".to_string()),
        Just("（4）".to_string()),
        Just("一是".to_string()),
        Just("加强组织领导。".to_string()),
        Just("受理行政复议申请1,234件，办结率97.87%，".to_string()),
        Just("挽回损失393.08万元余".to_string()),
        Just("[image: 图1]".to_string()),
        Just("# ".to_string()),
        Just("**".to_string()),
        Just("---".to_string()),
        Just("district: 千山区".to_string()),
        Just("- 2 -".to_string()),
        Just("。".to_string()),
        Just("，".to_string()),
        Just("１２３４".to_string()),
        "[\\PC]{0,6}",
        "[一二三四五六七八九十（）()、.。0-9 ]{0,5}",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn report_text() -> impl Strategy<Value = String> {
    let line_end = prop_oneof![Just("\n"), Just("\r\n"), Just("\n\n"), Just("\r")];
    proptest::collection::vec((report_line(), line_end), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, e)| format!("{l}{e}"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn arbitrary_bytes_never_panic_and_lose_no_text(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(&bytes) {
            check_report(&text)?;
        }
    }

    #[test]
    fn arbitrary_text_loses_nothing(text in "\\PC{0,300}") {
        check_report(&text)?;
    }

    #[test]
    fn report_shaped_text_loses_nothing(text in report_text()) {
        check_report(&text)?;
    }

    #[test]
    fn metadata_only_names_what_the_text_says(text in report_text()) {
        let r = parse("prop.txt", &text);
        if let Some(year) = r.meta.year {
            prop_assert!((1949..=2100).contains(&year) || text.contains(&year.to_string()), "{}", year);
        }
        if let Some(code) = &r.meta.code {
            prop_assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "{}", code);
        }
    }

    #[test]
    fn figures_point_at_their_own_text_in_order(text in report_text()) {
        let figures = figure::extract(&text);
        let mut end = 0;
        for f in &figures {
            prop_assert_eq!(text.get(f.range.clone()), Some(f.text.as_str()));
            prop_assert!(f.range.start >= end, "figures overlap");
            prop_assert!(f.value.is_finite());
            end = f.range.end;
        }
    }

    #[test]
    fn any_keymap_text_loads_or_gives_a_line_naming_the_file_per_problem(text in keymap_text()) {
        if let Err(e) = fazhi::tui::keymap::Keymap::from_str("my.toml", &text) {
            // Every problem is listed, one a line, each naming the file.
            let msg = e.to_string();
            prop_assert!(!msg.is_empty());
            for line in msg.lines() {
                prop_assert!(line.starts_with("my.toml"), "{}", msg);
            }
        }
    }

    #[test]
    fn any_topics_text_loads_or_gives_one_line_naming_the_file(text in topics_text()) {
        if let Err(e) = fazhi::topic::Topics::from_toml(&text, Path::new("t.toml")) {
            let msg = e.to_string();
            prop_assert!(msg.starts_with("t.toml"), "{}", msg);
            prop_assert!(!msg.contains('\n'), "{}", msg);
        }
    }

    #[test]
    fn any_import_text_is_refused_or_imported_without_losing_notes(
        junk in "\\PC{0,200}",
        cut in any::<usize>(),
        mode in 0..4u8,
    ) {
        let dir = std::env::temp_dir().join(format!(
            "fazhi-prop-import-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut store = fazhi::note::Store::open(&dir).unwrap();
        store.add(fazhi::note::NewNote {
            report_id: "210311-2023".into(),
            anchor: fazhi::note::Anchor {
                section_path: "一/（五）".into(),
                paragraph: 2,
                quote: fazhi::note::TextQuote {
                    exact: "行政复议案件58件".into(),
                    prefix: "上文".into(),
                    suffix: "下文".into(),
                },
            },
            figure: None,
            body: "kept".into(),
            author: "me".into(),
        }).unwrap();
        let notes = store.list(&Default::default()).unwrap();
        let before = notes.len();
        // An export of the store, whole, cut short, or with junk put inside it.
        let valid = fazhi::note::export_json(&notes);
        let at = (0..=valid.len()).rev().filter(|&i| valid.is_char_boundary(i)).find(|&i| i <= cut % (valid.len() + 1)).unwrap_or(0);
        let text = match mode {
            0 => junk.clone(),
            1 => valid.clone(),
            2 => valid[..at].to_string(),
            _ => format!("{}{junk}{}", &valid[..at], &valid[at..]),
        };
        let result = fazhi::note::import(&mut store, &text);
        let after = store.list(&Default::default()).unwrap();
        prop_assert!(after.iter().any(|n| n.body == "kept"), "a note was lost");
        match result {
            Ok(s) => prop_assert_eq!(after.len(), before + s.added),
            Err(_) => prop_assert_eq!(after.len(), before, "a refused import changed the store"),
        }
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn keymap_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[keys]\n".to_string()),
        Just("[normal]\n".to_string()),
        Just("\"j\" = \"down\"\n".to_string()),
        Just("\"ctrl-x\" = \"quit\"\n".to_string()),
        Just("\"C-M-S-F12\" = \"palette\"\n".to_string()),
        Just("\"\" = \"\"\n".to_string()),
        Just("down = [\"j\", \"Down\"]\n".to_string()),
        Just("inherit = \"emacs\"\n".to_string()),
        Just("= \n".to_string()),
        "[\\PC]{0,10}\n",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn topics_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("replace = true\n".to_string()),
        Just("[[topic]]\n".to_string()),
        Just("name = \"甲\"\n".to_string()),
        Just("name = \"乙\"\n".to_string()),
        Just("name = \"\"\n".to_string()),
        Just("parent = \"甲\"\n".to_string()),
        Just("parent = \"乙\"\n".to_string()),
        Just("keywords = [\"复议\", \"\"]\n".to_string()),
        Just("headings = [\"复议\"]\n".to_string()),
        Just("min_hits = 0\n".to_string()),
        Just("min_hits = -1\n".to_string()),
        "[\\PC]{0,10}\n",
    ];
    proptest::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}
