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

/// The matcher's own answer on unit `u` alone, without field bonus.
fn slow_unit(index: &PaletteIndex, query: &str, u: usize) -> Option<i32> {
    let q: Vec<char> = query.chars().collect();
    let plan = index.plan(&q);
    let field = index.unit_field(u as u32, 0, 0);
    index
        .align::<false>(&plan, &field, &mut Scratch::new())
        .map(|(score, _)| score)
}

/// Unit `u`'s characters, for messages.
fn unit_text(index: &PaletteIndex, u: usize) -> String {
    let parts = &index.parts[index.unit_parts[u] as usize..index.unit_parts[u + 1] as usize];
    parts
        .iter()
        .flat_map(|&p| index.part_chars(p))
        .map(|&id| index.glyphs[usize::from(id & build::ID_MASK)].lower)
        .collect()
}

#[test]
fn one_letter_table_agrees_with_the_matcher() {
    let index = index();
    for l in 0..26u8 {
        let q = char::from(b'a' + l).to_string();
        for u in 0..index.unit_count() {
            let table = match index.single[usize::from(l)][u] {
                0 => None,
                s => Some(i32::from(s)),
            };
            assert_eq!(
                table,
                slow_unit(&index, &q, u),
                "{q} on {}",
                unit_text(&index, u)
            );
        }
        // Per candidate, the best of its units with their field bonus.
        let plan = index.plan(&[char::from(b'a' + l)]);
        for c in 0..index.candidates.len() {
            let table = index.score_all(&plan, &[c as u32]).first().map(|m| m.0);
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
            for u in 0..index.unit_count() {
                let allowed = index.pairs[usize::from(a)][u] & (1 << b) != 0;
                let matches = slow_unit(&index, &q, u).is_some();
                assert!(allowed || !matches, "{q} matches {}", unit_text(&index, u));
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

/// Words headings and figure labels are made of: heteronyms (行 重 长), one-letter readings
/// (啊 额), letters and digits, words that share initials (政 / 执 / 治), and punctuation that
/// cuts a long title into clauses.
const WORDS: [&str; 14] = [
    "行政", "复议", "执法", "政治", "重点", "长效", "啊额", "银行", "AB", "x 行", "2023年", "治理",
    "，", "、",
];

/// A report whose section titles and figure labels are built from [`WORDS`]: `titles` and
/// `labels` are lists of word indices; figure values are `n件`.
fn made_report(name: usize, titles: &[Vec<usize>], labels: &[(Vec<usize>, u8)]) -> Report {
    let join = |words: &[usize]| {
        words
            .iter()
            .map(|&w| WORDS[w % WORDS.len()])
            .collect::<String>()
    };
    let mut sections: Vec<Section> = titles
        .iter()
        .map(|t| Section {
            level: 1,
            number: "一、".to_string(),
            title: join(t),
            run_in: false,
            parent: None,
            paragraphs: Vec::new(),
        })
        .collect();
    let figures = labels
        .iter()
        .map(|(label, n)| crate::report::Figure {
            text: format!("{n}件"),
            value: f64::from(*n),
            unit: "件".to_string(),
            kind: crate::report::FigureKind::Count,
            approx: false,
            label: join(label),
            range: 0..0,
            change: None,
        })
        .collect();
    if let Some(first) = sections.first_mut() {
        first.paragraphs.push(Paragraph {
            text: String::new(),
            figures,
            points: Vec::new(),
        });
    }
    Report {
        source: format!("made:{name}"),
        meta: Meta {
            district: Some(["千山区", "文登区", "重庆"][name % 3].to_string()),
            year: Some(2020 + name as u16 % 3),
            ..Meta::default()
        },
        sections,
        ..report()
    }
}

/// Pieces queries are typed from: characters, full readings, initials, stray letters.
const PIECES: [&str; 22] = [
    "x", "xing", "hang", "z", "zheng", "zh", "f", "fuyi", "复", "行", "zhi", "a", "e", "ab", "2",
    "chong", "qs", "wd", "wendeng", "202", "yi", "j",
];

type Made = Vec<(Vec<Vec<usize>>, Vec<(Vec<usize>, u8)>)>;

/// Reports with `titles` section titles and `figures` figures each, `reports` of them.
fn made_library(
    reports: std::ops::Range<usize>,
    titles: std::ops::Range<usize>,
    figures: std::ops::Range<usize>,
) -> impl proptest::strategy::Strategy<Value = Made> {
    let words = || proptest::collection::vec(0..WORDS.len(), 1..7);
    // Few distinct figure values, so labels and values repeat across reports as they do in
    // a real library.
    let figure = (words(), 1u8..4);
    proptest::collection::vec(
        (
            proptest::collection::vec(words(), titles),
            proptest::collection::vec(figure, figures),
        ),
        reports,
    )
}

fn library() -> impl proptest::strategy::Strategy<Value = Made> {
    // Enough reports that some queries match more than MAX_HITS candidates.
    made_library(1..40, 1..4, 0..8)
}

fn build(made: &Made) -> PaletteIndex {
    let reports: Vec<Report> = made
        .iter()
        .enumerate()
        .map(|(i, (titles, labels))| made_report(i, titles, labels))
        .collect();
    PaletteIndex::build(&reports, &Topics::bundled())
}

/// The index of `made` with the query typed from `pieces`, and its plan.
fn planned(made: &Made, pieces: &[usize]) -> (PaletteIndex, String, super::plan::Plan) {
    let index = build(made);
    let query: String = pieces.iter().map(|&p| PIECES[p]).collect();
    let q: Vec<char> = query.chars().collect();
    let plan = index.plan(&q);
    (index, query, plan)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Scoring distinct strings and following the best back to their candidates ranks
    /// exactly as scoring every candidate on its own, ties and highlights included.
    #[test]
    fn scoring_by_unit_ranks_as_scoring_every_candidate(
        made in library(),
        pieces in proptest::collection::vec(0..PIECES.len(), 1..5),
        current in proptest::option::of(0usize..40),
        recent in proptest::collection::vec(0usize..400, 0..3),
    ) {
        let index = build(&made);
        let query: String = pieces.iter().map(|&p| PIECES[p]).collect();
        let recent: Vec<CandidateKey> = recent
            .iter()
            .filter_map(|&r| index.candidates.get(r).map(|c| c.kind))
            .collect();
        let scope = Scope::All { current };
        let q: Vec<char> = query.chars().collect();
        let plan = index.plan(&q);
        let every: Vec<u32> = (0..index.candidates.len() as u32).collect();
        let expected = index.rank(&plan, &index.score_all(&plan, &every), scope, &recent);
        proptest::prop_assert_eq!(index.query(&query, scope, &recent), expected, "{}", query);
    }

    /// Scanning each distinct part of a unit once (a heading's report name, numbers and title;
    /// a figure's label and value) and joining them scores every unit as scanning it whole.
    #[test]
    fn scoring_units_by_their_parts_scores_as_scanning_them_whole(
        made in library(),
        pieces in proptest::collection::vec(0..PIECES.len(), 1..5),
    ) {
        let (index, query, plan) = planned(&made, &pieces);
        let every: Vec<u32> = (0..index.unit_count() as u32).collect();
        let by_parts = index.score_units(&plan, &every);
        let whole: Vec<(i32, u32)> = every
            .iter()
            .filter_map(|&u| Some((slow_unit(&index, &query, u as usize)?, u)))
            .collect();
        proptest::prop_assert_eq!(by_parts, whole, "{}", query);
    }

    /// Skipping the characters that cannot go on from any partial match (a weak run goes on
    /// only at the next character) never changes a unit's score: every unit scores as when
    /// every character is offered every step of the query.
    #[test]
    fn skipping_characters_no_match_can_use_scores_as_offering_every_one(
        made in library(),
        pieces in proptest::collection::vec(0..PIECES.len(), 1..7),
    ) {
        let (index, query, plan) = planned(&made, &pieces);
        for u in 0..index.unit_count() {
            let parts = &index.parts[index.unit_parts[u] as usize..index.unit_parts[u + 1] as usize];
            proptest::prop_assert_eq!(
                slow_unit(&index, &query, u),
                index.scan_every_character(&plan, parts),
                "{} on {}", query, unit_text(&index, u)
            );
        }
    }

    /// Backspace, a changed scope or a pasted query that does not extend the previous one
    /// answer as the same query typed afresh: the narrowing falls back to a full scan.
    #[test]
    fn backspace_and_a_changed_scope_answer_as_a_fresh_query(
        made in library(),
        pieces in proptest::collection::vec(0..PIECES.len(), 1..5),
        this_report in 0usize..40,
    ) {
        let index = build(&made);
        let query: String = pieces.iter().map(|&p| PIECES[p]).collect();
        let all = Scope::All { current: None };
        let mut cache = QueryCache::default();
        let chars: Vec<char> = query.chars().collect();
        for n in 1..=chars.len() {
            let typed: String = chars[..n].iter().collect();
            index.query_cached(&mut cache, &typed, all, &[]);
        }
        for n in (0..chars.len()).rev() {
            let typed: String = chars[..n].iter().collect();
            let kept = index.query_cached(&mut cache, &typed, all, &[]);
            proptest::prop_assert_eq!(kept, index.query(&typed, all, &[]), "{}", typed);
        }
        let report = Scope::CurrentReport(this_report);
        let scoped = index.query_cached(&mut cache, &query, report, &[]);
        proptest::prop_assert_eq!(scoped, index.query(&query, report, &[]), "{}", query);
        let back = index.query_cached(&mut cache, &query, all, &[]);
        proptest::prop_assert_eq!(back, index.query(&query, all, &[]), "{}", query);
    }

    /// A query typed one key at a time (each keystroke rescoring the previous one's matches)
    /// answers as the whole query pasted at once, in either scope.
    #[test]
    fn typing_a_query_key_by_key_answers_as_pasting_it(
        made in library(),
        pieces in proptest::collection::vec(0..PIECES.len(), 1..5),
        this_report in proptest::option::of(0usize..40),
    ) {
        let index = build(&made);
        let query: String = pieces.iter().map(|&p| PIECES[p]).collect();
        let scope = match this_report {
            Some(r) => Scope::CurrentReport(r),
            None => Scope::All { current: None },
        };
        let mut cache = QueryCache::default();
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let keyed = index.query_cached(&mut cache, &typed, scope, &[]);
            proptest::prop_assert_eq!(keyed, index.query(&typed, scope, &[]), "{}", typed);
        }
    }
}

/// Pieces that start a query matching much of a [`large_library`].
const COMMON: [&str; 8] = ["x", "xing", "z", "zh", "zheng", "xz", "行", "zhi"];

/// A library where most queries match more candidates than are shown, so that ranking keeps
/// only the items that can be shown.
fn large_library() -> impl proptest::strategy::Strategy<Value = Made> {
    made_library(150..300, 2..5, 4..12)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Typing into a large library, each keystroke shows what scoring every candidate afresh
    /// shows (the same best [`MAX_HITS`], so the same count), though ranking sorts only the
    /// items that can be shown; backspacing to each shorter query does too.
    #[test]
    fn typing_into_a_large_library_shows_what_scoring_every_candidate_shows(
        made in large_library(),
        first in 0..COMMON.len(),
        pieces in proptest::collection::vec(0..PIECES.len(), 0..5),
        current in proptest::option::of(0usize..300),
    ) {
        let index = build(&made);
        let query: String =
            std::iter::once(COMMON[first]).chain(pieces.iter().map(|&p| PIECES[p])).collect();
        let scope = Scope::All { current };
        let every: Vec<u32> = (0..index.candidates.len() as u32).collect();
        let afresh = |typed: &str| {
            let q: Vec<char> = typed.chars().collect();
            let plan = index.plan(&q);
            index.rank(&plan, &index.score_all(&plan, &every), scope, &[])
        };
        let chars: Vec<char> = query.chars().collect();
        let mut cache = QueryCache::default();
        for n in (1..=chars.len()).chain((1..chars.len()).rev()) {
            let typed: String = chars[..n].iter().collect();
            let keyed = index.query_cached(&mut cache, &typed, scope, &[]);
            proptest::prop_assert_eq!(keyed, afresh(&typed), "{}", typed);
        }
    }
}

#[test]
fn every_candidate_is_found_by_its_key() {
    let made: Made = vec![
        (
            vec![vec![0, 1]],
            vec![(vec![2], 1), (vec![2], 1), (vec![3], 2)],
        ),
        (vec![vec![4], vec![5]], vec![(vec![2], 1)]),
    ];
    let index = build(&made);
    for (i, c) in index.candidates.iter().enumerate() {
        assert_eq!(index.find(&c.kind), Some(i), "{}", c.text);
    }
    let missing = CandidateKind::Figure {
        report: 1,
        section: Some(0),
        paragraph: 0,
        figure: 9,
    };
    assert_eq!(index.find(&missing), None);
    assert_eq!(
        index.find(&CandidateKind::Section {
            report: 7,
            section: 0
        }),
        None
    );
}

/// A title or label cut into clauses scores as scanned whole when a match goes on from one
/// clause into the next, and into the figure's value after it (`行` … `执` … `件`).
#[test]
fn a_match_across_clauses_scores_as_the_whole_string() {
    // 行政复议，执法 / 长效治理、行政 as titles and labels, each figure `2件`.
    let made: Made = vec![(
        vec![vec![0, 1, 12, 2], vec![5, 11, 13, 0]],
        vec![(vec![0, 1, 12, 2], 2), (vec![5, 11, 13, 0, 1], 2)],
    )];
    let index = build(&made);
    assert!(
        !index.clauses.is_empty(),
        "the titles and labels are cut into clauses"
    );
    for query in [
        "xingzhij",
        "xzzf",
        "xingzhifa",
        "zhilixingzheng",
        "fuyizhi2",
        "cxzl",
    ] {
        assert!(units_score_as_whole(&index, query) > 0, "{query} matches");
    }
}

/// Checks that every unit scores by its parts as scanned whole; returns how many match.
fn units_score_as_whole(index: &PaletteIndex, query: &str) -> usize {
    let q: Vec<char> = query.chars().collect();
    let plan = index.plan(&q);
    let every: Vec<u32> = (0..index.unit_count() as u32).collect();
    let whole: Vec<(i32, u32)> = every
        .iter()
        .filter_map(|&u| Some((slow_unit(index, query, u as usize)?, u)))
        .collect();
    assert_eq!(index.score_units(&plan, &every), whole, "{query}");
    whole.len()
}

/// A match begun in a label's clause goes on into the figure's value, where a letter is
/// typed as itself: `xingzhia` takes 行治 in the first clause of `行治啊行，治理` and the `A`
/// of `3A`, which outscores 行治啊 inside the clause; the bound that lets the value be
/// skipped must count letters typed as themselves when the value has them.
#[test]
fn a_match_across_clauses_goes_on_into_the_value_after_them() {
    let mut report = made_report(0, &[vec![0]], &[]);
    report.sections[0].paragraphs.push(Paragraph {
        text: String::new(),
        figures: vec![crate::report::Figure {
            text: "3A".to_string(),
            value: 3.0,
            unit: "A".to_string(),
            kind: crate::report::FigureKind::Count,
            approx: false,
            label: "行治啊行，治理".to_string(),
            range: 0..0,
            change: None,
        }],
        points: Vec::new(),
    });
    let index = PaletteIndex::build(&[report], &Topics::bundled());
    assert_eq!(
        units_score_as_whole(&index, "xingzhia"),
        1,
        "only the figure"
    );
}

#[test]
fn scoring_by_unit_cuts_at_max_hits_as_scoring_every_candidate_does() {
    // 480 figures `x 行` + k × `啊额` + `政治` with 40 gap lengths: 40 scores, each shared by
    // figures of many reports, so the best MAX_HITS end inside a tie.
    let made: Made = (0..60)
        .map(|r| {
            let labels = (0..8)
                .map(|f| {
                    let gap = (r * 7 + f) % 40;
                    let mut words = vec![9];
                    words.extend(std::iter::repeat_n(6, gap));
                    words.push(3);
                    (words, 1)
                })
                .collect();
            (vec![vec![1]], labels)
        })
        .collect();
    let index = build(&made);
    let every: Vec<u32> = (0..index.candidates.len() as u32).collect();
    for query in ["xz", "行政", "xingzh", "hz"] {
        let q: Vec<char> = query.chars().collect();
        let plan = index.plan(&q);
        for current in [None, Some(0), Some(33)] {
            let scope = Scope::All { current };
            let expected = index.rank(&plan, &index.score_all(&plan, &every), scope, &[]);
            assert_eq!(index.query(query, scope, &[]), expected, "{query}");
        }
    }
    let hits = index.query("xz", Scope::All { current: None }, &[]);
    assert_eq!(hits.len(), MAX_HITS, "more candidates match than are shown");
}

#[test]
fn a_candidate_matched_by_two_fields_counts_once_when_ranking_cuts() {
    // Each report's section `行政复议` matches by its heading and by its topic tags, so the
    // best scores post every section twice: the candidates from further down (the figures
    // `银行行政复议`) must still fill the rows shown.
    let made: Made = (0..150)
        .map(|_| (vec![vec![0, 1]], vec![(vec![7, 0, 1], 1)]))
        .collect();
    let index = build(&made);
    let every: Vec<u32> = (0..index.candidates.len() as u32).collect();
    let plan = index.plan(&['行', '政', '复', '议']);
    let scope = Scope::All { current: None };
    let expected = index.rank(&plan, &index.score_all(&plan, &every), scope, &[]);
    let hits = index.query("行政复议", scope, &[]);
    assert_eq!(hits.len(), MAX_HITS);
    assert_eq!(hits, expected);
}
