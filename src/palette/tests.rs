//! Checks of the matcher against its precomputed shortcuts and its parallel path.

use super::matcher::{Scratch, PARALLEL_THRESHOLD};
use super::*;
use crate::report::{Meta, Paragraph, Report, Section};
use crate::topic::Topics;

/// An index over the bundled topics and one report with letters, digits and one-letter
/// readings (啊 a, 额 e, 哦 o), which take the less common paths of the matcher.
fn index() -> PaletteIndex {
    PaletteIndex::build(&[report()], &Topics::bundled())
}

fn report() -> Report {
    let titles = [
        "ABC规范性文件a审查",
        "啊额哦行政复议",
        "x 行 z 政",
        "2023年OK办结e件",
    ];
    let sections = titles
        .iter()
        .map(|t| Section {
            level: 2,
            number: "（一）".to_string(),
            title: t.to_string(),
            run_in: false,
            parent: None,
            paragraphs: vec![Paragraph {
                text: String::new(),
                figures: Vec::new(),
                points: Vec::new(),
            }],
        })
        .collect();
    Report {
        source: "test".to_string(),
        meta: Meta::default(),
        front_matter: Vec::new(),
        preamble: Vec::new(),
        sections,
        sign_off: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The matcher's own answer, without the precomputed shortcuts.
fn slow(index: &PaletteIndex, query: &str, candidate: usize) -> Option<i32> {
    let q: Vec<char> = query.chars().collect();
    let plan = index.plan(&q);
    let mut scratch = Scratch::new();
    index
        .best_field::<false>(&plan, candidate, &mut scratch)
        .map(|(score, _, _)| score)
}

#[test]
fn one_letter_table_agrees_with_the_matcher() {
    let index = index();
    for l in 0..26u8 {
        let q = char::from(b'a' + l).to_string();
        for c in 0..index.candidates.len() {
            let table = match index.single[usize::from(l)][c] {
                0 => None,
                s => Some(i32::from(s)),
            };
            assert_eq!(
                table,
                slow(&index, &q, c),
                "{q} on {}",
                index.candidates[c].text
            );
        }
    }
}

#[test]
fn two_letter_filter_keeps_every_match() {
    let index = index();
    let mut kept_out = 0;
    for a in 0..26u8 {
        for b in 0..26u8 {
            let q: String = [char::from(b'a' + a), char::from(b'a' + b)]
                .iter()
                .collect();
            for c in 0..index.candidates.len() {
                let allowed = index.pairs[usize::from(a)][c] & (1 << b) != 0;
                let matches = slow(&index, &q, c).is_some();
                assert!(
                    allowed || !matches,
                    "{q} matches {}",
                    index.candidates[c].text
                );
                kept_out += usize::from(!allowed);
            }
        }
    }
    assert!(
        kept_out > 0,
        "the filter must rule something out to be worth having"
    );
}

#[test]
fn lone_initials_may_not_be_followed_by_a_gap() {
    let index = index();
    let find = |title: &str| {
        index
            .candidates
            .iter()
            .position(|c| c.text.contains(title))
            .expect("candidate")
    };
    let spaced = find("x 行 z 政");
    // `x` then `z`: the literal letters are whole characters, so gaps after them are fine.
    assert!(slow(&index, "xz", spaced).is_some());
    // 行 … 政 typed as initials (`hang`, `zheng`) with a gap between: not a match …
    assert!(slow(&index, "hz", spaced).is_none());
    let fuyi = find("啊额哦行政复议");
    assert!(slow(&index, "xzfy", fuyi).is_some());
    // … but one-letter readings are whole syllables: 啊…哦 may be typed `ao` with a gap.
    assert!(slow(&index, "ao", fuyi).is_some());
    assert!(slow(&index, "aofy", fuyi).is_some());
}

#[test]
fn scoring_on_several_threads_matches_one_thread() {
    let reports = vec![report(); PARALLEL_THRESHOLD / 4 + 1];
    let index = PaletteIndex::build(&reports, &Topics::bundled());
    let pool: Vec<u32> = (0..index.candidates.len() as u32).collect();
    assert!(pool.len() >= PARALLEL_THRESHOLD);
    for query in ["xz", "xzfy", "复议", "ok"] {
        let q: Vec<char> = query.chars().collect();
        let plan = index.plan(&q);
        let mut scratch = Scratch::new();
        let serial: Vec<(i32, u32)> = pool
            .iter()
            .filter_map(|&c| {
                let (score, _, _) = index.best_field::<false>(&plan, c as usize, &mut scratch)?;
                Some((score, c))
            })
            .collect();
        assert!(!serial.is_empty(), "{query}");
        assert_eq!(index.score_all(&plan, &pool), serial, "{query}");
    }
}
