//! Property tests (proptest, shrinking) for every parser of user input: reports (arbitrary
//! bytes and report-shaped text), metadata, figures, keymaps, topics and note imports.
//! Never a panic; for reports, nothing lost.
//!
//! Report-shaped text comes from the one generator in `lossless.rs`, checked by its
//! [`assert_lossless`]. `cargo test --test core prop::` runs a quick 64 cases per property;
//! a long run: `PROPTEST_CASES=20000 nice cargo test --release --test core prop::` (see
//! RELIABILITY.md).

use super::lossless::{assert_lossless, messy_report};
use crate::common::notes::on_review;
use fazhi::report::figure;
use fazhi::report::parse::parse;
use fazhi::report::text::decode;
use proptest::prelude::*;
use std::path::Path;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn arbitrary_bytes_never_panic_and_lose_no_text(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(&bytes) {
            assert_lossless("prop-bytes", &text);
        }
    }

    #[test]
    fn arbitrary_text_loses_nothing(text in "\\PC{0,300}") {
        assert_lossless("prop-text", &text);
    }

    #[test]
    fn metadata_only_names_what_the_text_says(text in messy_report()) {
        let r = parse("prop.txt", &text);
        if let Some(year) = r.meta.year {
            prop_assert!((1949..=2100).contains(&year) || text.contains(&year.to_string()), "{}", year);
        }
        if let Some(code) = &r.meta.code {
            prop_assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "{}", code);
        }
    }

    #[test]
    fn figures_point_at_their_own_text_in_order(text in messy_report()) {
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
        store.add(on_review("210311-2023", "kept", "me")).unwrap();
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
