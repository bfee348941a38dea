//! The command palette: pinyin and Chinese fuzzy matching, ranking and highlights.

use crate::common::{qianshan, reports, section_index, tiexi};
use fazhi::palette::{CandidateKind, Hit, PaletteIndex, QueryCache, Scope};
use fazhi::report::Report;
use fazhi::topic::Topics;

const ALL: Scope = Scope::All { current: None };

fn setup() -> (Vec<Report>, Topics, PaletteIndex) {
    let reports = reports();
    let topics = Topics::bundled();
    let index = PaletteIndex::build(&reports, &topics);
    (reports, topics, index)
}

fn text<'a>(index: &'a PaletteIndex, hit: &Hit) -> &'a str {
    &index.candidates()[hit.candidate].text
}

/// The characters a hit highlights, in order.
fn highlighted(index: &PaletteIndex, hit: &Hit) -> String {
    let chars: Vec<char> = text(index, hit).chars().collect();
    hit.matched.iter().map(|&i| chars[i]).collect()
}

/// True when `query` types `chars`: each character as itself, a full reading or an initial,
/// except that the last may be typed in part (the user is still typing).
fn typed_as(chars: &str, query: &str) -> bool {
    if fazhi::pinyin::spells(chars, query) {
        return true;
    }
    let Some(last) = chars.chars().last() else {
        return false;
    };
    let head = &chars[..chars.len() - last.len_utf8()];
    query.char_indices().any(|(k, _)| {
        let tail = &query[k..];
        fazhi::pinyin::spells(head, &query[..k])
            && fazhi::pinyin::char_readings(last)
                .iter()
                .any(|r| r.starts_with(tail))
    })
}

/// True when the hit is a section about 行政复议: tagged with the topic, or so titled.
fn is_fuyi_section(reports: &[Report], topics: &Topics, index: &PaletteIndex, hit: &Hit) -> bool {
    let fuyi = topics.resolve("行政复议").expect("bundled topic");
    match index.candidates()[hit.candidate].kind {
        CandidateKind::Section { report, section } => {
            reports[report].sections[section].title.contains("行政复议")
                || topics.tag_report(&reports[report])[section].contains(&fuyi)
        }
        _ => false,
    }
}

#[test]
fn fuyi_sections_rank_near_the_top_however_typed() {
    let (reports, topics, index) = setup();
    for q in ["xzfy", "xingzhengfuyi", "复议", "xz复议", "行政复议"] {
        let hits = index.query(q, ALL, &[]);
        let top: Vec<&str> = hits.iter().take(5).map(|h| text(&index, h)).collect();
        assert_eq!(
            index.candidates()[hits[0].candidate].kind,
            CandidateKind::Topic(topics.resolve("行政复议").expect("topic")),
            "{q}: {top:?}"
        );
        assert!(
            hits.iter()
                .take(5)
                .any(|h| is_fuyi_section(&reports, &topics, &index, h)),
            "{q}: {top:?}"
        );
    }
}

#[test]
fn initials_find_government_functions() {
    let (reports, _, index) = setup();
    let hits = index.query("zfzn", ALL, &[]);
    let top: Vec<&str> = hits.iter().take(5).map(|h| text(&index, h)).collect();
    assert!(top[0].starts_with("政府职能与营商环境"), "{top:?}");
    let section = CandidateKind::Section {
        report: 0,
        section: section_index(&reports[0], "政府职能依法全面履行"),
    };
    assert!(
        hits.iter()
            .take(5)
            .any(|h| index.candidates()[h.candidate].kind == section),
        "{top:?}"
    );
}

#[test]
fn pinyin_highlights_point_at_the_chinese_characters() {
    let (_, _, index) = setup();
    let hits = index.query("xzfy", ALL, &[]);
    assert_eq!(text(&index, &hits[0]), "行政复议（复议）");
    assert_eq!(hits[0].matched, vec![0, 1, 2, 3]);
    for q in ["xzfy", "xingzhengfuyi", "xz复议", "zfzn", "hangzheng"] {
        for hit in index.query(q, ALL, &[]).iter().take(20) {
            let chars = highlighted(&index, hit);
            assert!(typed_as(&chars, q), "{q}: {chars} in {}", text(&index, hit));
        }
    }
    for hit in index.query("复议", ALL, &[]).iter().take(20) {
        assert_eq!(highlighted(&index, hit), "复议");
    }
}

#[test]
fn pinyin_never_outranks_the_character_itself() {
    let (_, _, index) = setup();
    let exact = index.query("行", ALL, &[]);
    for q in ["hang", "xing"] {
        let pinyin = index.query(q, ALL, &[]);
        assert!(
            exact[0].score > pinyin[0].score,
            "{q}: {} vs {}",
            exact[0].score,
            pinyin[0].score
        );
        for hit in &pinyin {
            if let Some(same) = exact.iter().find(|e| e.candidate == hit.candidate) {
                assert!(
                    same.score > hit.score,
                    "{q} beat 行 on {}",
                    text(&index, hit)
                );
            }
        }
    }
    // The heteronym reading does find 行.
    let hang = index.query("hang", ALL, &[]);
    assert_eq!(highlighted(&index, &hang[0]), "行");
}

#[test]
fn contiguous_beats_scattered_and_heading_beats_figure() {
    let (reports, _, index) = setup();
    let hits = index.query("xzfy", Scope::CurrentReport(1), &[]);
    let rank = |kind: CandidateKind| {
        hits.iter()
            .position(|h| index.candidates()[h.candidate].kind == kind)
    };
    let heading = CandidateKind::Section {
        report: 1,
        section: section_index(&reports[1], "提升行政复议工作质效"),
    };
    let figure = CandidateKind::Figure {
        report: 1,
        section: Some(3),
        paragraph: 0,
        figure: 0,
    };
    assert!(
        text(&index, &hits[rank(figure).expect("figure hit")]).starts_with("收到行政复议申请 31件")
    );
    assert!(
        rank(heading) < rank(figure),
        "heading {:?} figure {:?}",
        rank(heading),
        rank(figure)
    );
    // 行政执法…体系 spells x-z-…-f…y only with gaps; it must come after the contiguous hits.
    let scattered = CandidateKind::Section {
        report: 1,
        section: 1,
    };
    if let Some(s) = rank(scattered) {
        assert!(rank(figure) < Some(s));
    }
    // Across reports: 行(政)执法…严 in a heading spells xzfy only with a gap, so the contiguous
    // 行政复议 in a figure label comes first despite the heading bonus.
    let hits = index.query("xzfy", ALL, &[]);
    let rank = |kind: CandidateKind| {
        hits.iter()
            .position(|h| index.candidates()[h.candidate].kind == kind)
    };
    let scattered = CandidateKind::Section {
        report: 0,
        section: section_index(&reports[0], "行政执法严格规范公正文明"),
    };
    let figure = CandidateKind::Figure {
        report: 0,
        section: Some(4),
        paragraph: 1,
        figure: 0,
    };
    assert!(
        text(&index, &hits[rank(figure).expect("figure hit")]).starts_with("受理行政复议申请 82件")
    );
    assert!(
        rank(figure) < rank(scattered),
        "figure {:?} scattered {:?}",
        rank(figure),
        rank(scattered)
    );
}

#[test]
fn ties_go_to_the_current_report_then_recent_jumps() {
    let (reports, _, index) = setup();
    let qianshan_fig = CandidateKind::Figure {
        report: 1,
        section: Some(3),
        paragraph: 0,
        figure: 0,
    };
    let tiexi_fig = CandidateKind::Figure {
        report: 2,
        section: Some(2),
        paragraph: 0,
        figure: 1,
    };
    assert_eq!(
        reports[2].sections[2].paragraphs[0].figures[1].label,
        "收到行政复议申请"
    );
    let order = |scope: Scope, recent: &[CandidateKind]| {
        let hits = index.query("收到行政复议申请", scope, recent);
        let pos = |k: CandidateKind| {
            hits.iter()
                .position(|h| index.candidates()[h.candidate].kind == k)
        };
        assert_eq!(
            hits[pos(qianshan_fig).expect("hit")].score,
            hits[pos(tiexi_fig).expect("hit")].score
        );
        pos(qianshan_fig) < pos(tiexi_fig)
    };
    assert!(order(ALL, &[]), "index order when nothing else decides");
    assert!(!order(Scope::All { current: Some(2) }, &[]));
    assert!(order(Scope::All { current: Some(1) }, &[]));
    assert!(!order(ALL, &[tiexi_fig, qianshan_fig]));
    assert!(order(ALL, &[qianshan_fig, tiexi_fig]));
}

#[test]
fn empty_query_lists_topics_first_then_recent() {
    let (_, topics, index) = setup();
    let recent = CandidateKind::Section {
        report: 2,
        section: 2,
    };
    let hits = index.query("  ", ALL, &[recent]);
    for (t, hit) in hits.iter().take(topics.len()).enumerate() {
        assert_eq!(
            index.candidates()[hit.candidate].kind,
            CandidateKind::Topic(t)
        );
    }
    assert_eq!(
        index.candidates()[hits[topics.len()].candidate].kind,
        recent
    );
}

#[test]
fn current_report_scope_keeps_topics_and_that_report() {
    let (_, _, index) = setup();
    let hits = index.query("fy", Scope::CurrentReport(2), &[]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let report = index.candidates()[hit.candidate].kind.report();
        assert!(
            report.is_none() || report == Some(2),
            "{}",
            text(&index, hit)
        );
    }
}

#[test]
fn typing_incrementally_gives_the_same_results_as_a_fresh_query() {
    let (reports, topics, index) = setup();
    let mut cache = QueryCache::default();
    for query in ["xingzhengfuyi", "zfzn", "xz复议"] {
        let chars: Vec<char> = query.chars().collect();
        for n in 1..=chars.len() {
            let q: String = chars[..n].iter().collect();
            let fresh = PaletteIndex::build(&reports, &topics).query(&q, ALL, &[]);
            assert_eq!(index.query_cached(&mut cache, &q, ALL, &[]), fresh, "{q}");
        }
        // Deleting back to a shorter query must not keep the narrower result.
        let fresh = PaletteIndex::build(&reports, &topics).query("x", ALL, &[]);
        assert_eq!(index.query_cached(&mut cache, "x", ALL, &[]), fresh);
    }
}

#[test]
fn two_readers_typing_on_one_shared_index_each_get_their_own_results() {
    let (_, _, index) = setup();
    let (mut first, mut second) = (QueryCache::default(), QueryCache::default());
    index.query_cached(&mut first, "xz", ALL, &[]);
    // The second reader types something unrelated in between …
    index.query_cached(&mut second, "zfzn", ALL, &[]);
    // … and the first reader's next keystroke still narrows its own query, and vice versa.
    assert_eq!(
        index.query_cached(&mut first, "xzf", ALL, &[]),
        index.query("xzf", ALL, &[])
    );
    assert_eq!(
        index.query_cached(&mut second, "zfzny", ALL, &[]),
        index.query("zfzny", ALL, &[])
    );
}

#[test]
fn a_palette_kept_open_while_the_library_grows_answers_from_the_new_index() {
    let topics = Topics::bundled();
    let small = PaletteIndex::build(&[tiexi()], &topics);
    let mut cache = QueryCache::default();
    // Typed while only one report had loaded: matches are candidates of the small index.
    assert!(!small.query_cached(&mut cache, "xz", ALL, &[]).is_empty());
    let grown = PaletteIndex::build(&[qianshan(), tiexi()], &topics);
    assert_eq!(
        grown.query_cached(&mut cache, "xzfy", ALL, &[]),
        grown.query("xzfy", ALL, &[])
    );
}

#[test]
fn heteronym_readings_all_match() {
    let (_, topics, index) = setup();
    let major = CandidateKind::Topic(topics.resolve("重大行政决策").expect("topic"));
    for q in ["zhongdaxingzheng", "chongdahangzheng", "zdxz"] {
        let hits = index.query(q, ALL, &[]);
        assert_eq!(index.candidates()[hits[0].candidate].kind, major, "{q}");
    }
    let tie = PaletteIndex::build(&[tiexi(), qianshan()], &topics);
    assert!(tie.query("nosuchthing", ALL, &[]).is_empty());
}

#[test]
fn district_in_the_breadcrumb_narrows_sections() {
    let (reports, _, index) = setup();
    let hits = index.query("qianshanxzfy", ALL, &[]);
    let want = CandidateKind::Section {
        report: 1,
        section: section_index(&reports[1], "提升行政复议工作质效"),
    };
    assert_eq!(
        index.candidates()[hits[0].candidate].kind,
        want,
        "{}",
        text(&index, &hits[0])
    );
    assert_eq!(highlighted(&index, &hits[0]), "千山行政复议");
}
