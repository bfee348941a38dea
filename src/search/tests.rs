//! Unit tests of the parent module.

use super::*;
use crate::library::Library;
use crate::report::Report;
use crate::store::Store;

fn all(ix: &Store, q: &Query) -> Vec<TextMatch> {
    let mut hits = Vec::new();
    search(ix.corpus(), q, &AtomicBool::new(false), &mut |h| {
        hits.push(h);
        ControlFlow::Continue(())
    });
    hits
}

#[test]
fn required_literals_are_really_required() {
    let lits = |p: &str| {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .utf8(false)
            .build()
            .parse(p)
            .unwrap();
        required_literals(&hir).map(|l| {
            let mut l: Vec<String> = l
                .into_iter()
                .map(|b| String::from_utf8(b).unwrap())
                .collect();
            l.sort();
            l
        })
    };
    assert_eq!(lits(r"\d+件"), Some(vec!["件".to_string()]));
    assert_eq!(lits("复议|诉讼"), Some(vec!["复议".into(), "诉讼".into()]));
    assert_eq!(lits(r"\d+"), None);
    assert_eq!(lits(r"a*"), None);
    assert_eq!(lits(r"(行政)?复议"), Some(vec!["复议".into()]));
}

#[test]
fn literal_and_regex_find_the_same_places() {
    let lib = Library::bundled().reports();
    let ix = Store::from_reports(&lib);
    let lit = all(&ix, &Query::literal("行政复议").unwrap());
    let re = all(&ix, &Query::regex("行政复议").unwrap());
    assert!(lit.len() > 5);
    assert_eq!(lit, re);
    for h in &lit {
        assert_eq!(
            &text_at(&lib, h.place).unwrap()[h.range.clone()],
            "行政复议"
        );
    }
    // The sample reports write counts in ASCII digits: `\d` finds those as `[0-9]` does.
    let counts = all(&ix, &Query::regex(r"\d+件").unwrap());
    let ascii = all(&ix, &Query::regex(r"[0-9]+(件)").unwrap());
    assert!(!counts.is_empty());
    assert_eq!(counts, ascii);
}

#[test]
fn cancel_and_break_stop_the_search() {
    let lib = Library::bundled().reports();
    let ix = Store::from_reports(&lib);
    let q = Query::literal("法治").unwrap();
    let out = search(ix.corpus(), &q, &AtomicBool::new(true), &mut |_| {
        ControlFlow::Continue(())
    });
    assert_eq!(
        out,
        SearchSummary {
            hits: 0,
            stopped: true
        }
    );
    let out = search(ix.corpus(), &q, &AtomicBool::new(false), &mut |_| {
        ControlFlow::Break(())
    });
    assert_eq!(
        out,
        SearchSummary {
            hits: 1,
            stopped: true
        }
    );
}

#[test]
fn a_library_of_many_megabytes_gives_every_hit_in_document_order() {
    let samples = Library::bundled().into_reports();
    let reports: Vec<Report> = (0..60).flat_map(|_| samples.iter().cloned()).collect();
    let ix = Store::from_reports(&reports);
    assert!(chunks(ix.corpus(), CHUNK).len() >= 4);
    // Every place, in document order, with the matches a plain scan finds there.
    let mut expected = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        let places = corpus::pieces(report).map(|(part, _)| TextPlace { report: r, part });
        for place in places {
            let text = text_at(&reports, place).unwrap();
            expected.extend(text.match_indices("行政复议").map(|(at, m)| TextMatch {
                place,
                range: at..at + m.len(),
            }));
        }
    }
    assert!(expected.len() > 1000);
    assert_eq!(all(&ix, &Query::literal("行政复议").unwrap()), expected);
    assert_eq!(all(&ix, &Query::regex("行政复议").unwrap()), expected);
    // Stopping after some hits passes exactly those on, in order.
    let mut first = Vec::new();
    let out = search(
        ix.corpus(),
        &Query::literal("行政复议").unwrap(),
        &AtomicBool::new(false),
        &mut |h| {
            first.push(h);
            if first.len() == 700 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    assert_eq!(out.hits, 700);
    assert!(out.stopped);
    assert_eq!(first, expected[..700]);
}

#[test]
fn snippets_cut_long_text_and_count_chars() {
    let text = "一二三四五六七八九十行政复议甲乙丙丁戊己庚辛壬癸";
    let at = text.find("行政复议").unwrap();
    let s = snippet(text.as_bytes(), at..at + "行政复议".len(), 3);
    assert_eq!(s.text, "…八九十行政复议甲乙丙…");
    assert_eq!(s.matched, 4..8);
    let s = snippet(text.as_bytes(), at..at + "行政复议".len(), 100);
    assert_eq!(s.text, text);
    assert_eq!(s.matched, 10..14);
}

/// A report from nowhere in the samples: its counts in full-width digits, its title and
/// sign-off naming the government.
fn unseen() -> Report {
    crate::report::parse(
        "unseen.txt",
        "某某县人民政府\n关于2024年法治政府建设情况的报告\n\n\
         2024年，我县法治政府建设取得新进展。\n\
         一、主要工作\n\
         全年办理行政复议案件２５件，行政诉讼12件，\n\
         其中纠正３件。\n\
         二、存在问题\n\
         基层执法力量不足。\n\n\
         某某县人民政府\n2025年1月20日\n",
    )
}

#[test]
fn every_line_shown_is_searched_and_unicode_digits_match() {
    let reports = vec![unseen()];
    let ix = Store::from_reports(&reports);
    let gov = all(&ix, &Query::literal("人民政府").unwrap());
    let parts: Vec<Part> = gov.iter().map(|h| h.place.part).collect();
    assert!(
        matches!(parts.first(), Some(Part::FrontMatter(_))),
        "{parts:?}"
    );
    assert!(matches!(parts.last(), Some(Part::SignOff(_))), "{parts:?}");
    let title = all(&ix, &Query::literal("法治政府建设情况的报告").unwrap());
    assert_eq!(title.len(), 1, "the title line is searched");
    let counts: Vec<String> = all(&ix, &Query::regex(r"\d+件").unwrap())
        .iter()
        .map(|h| text_at(&reports, h.place).unwrap()[h.range.clone()].to_string())
        .collect();
    assert_eq!(counts, ["２５件", "12件", "３件"]);
    // Headings are searched as shown: marker and title.
    let heading = all(&ix, &Query::literal("二、存在").unwrap());
    assert_eq!(heading.len(), 1);
    assert_eq!(heading[0].place.part, Part::Heading(1));
}

/// The non-empty matches of `re` run over each line of `reports` alone, in order.
fn each_line_alone(reports: &[Report], re: &regex::Regex) -> Vec<TextMatch> {
    let mut found = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        for (part, line) in corpus::pieces(report) {
            let place = TextPlace { report: r, part };
            found.extend(
                re.find_iter(&line)
                    .filter(|m| !m.is_empty())
                    .map(|m| TextMatch {
                        place,
                        range: m.range(),
                    }),
            );
        }
    }
    found
}

#[test]
fn a_regex_never_matches_across_lines_and_anchors_at_each_line() {
    let reports = vec![unseen()];
    let ix = Store::from_reports(&reports);
    // `作\s*全` would run from the heading `一、主要工作` into the next line; it must not,
    // and the alternative is still found in the lines after, each match once.
    let hits = all(&ix, &Query::regex(r"作\s*全|行政").unwrap());
    let found: Vec<String> = hits
        .iter()
        .map(|h| text_at(&reports, h.place).unwrap()[h.range.clone()].to_string())
        .collect();
    assert_eq!(found, ["行政", "行政"]);
    let ends = all(&ix, &Query::regex(r"[，。]\s*$").unwrap());
    let endings: Vec<String> = ends
        .iter()
        .map(|h| text_at(&reports, h.place).unwrap()[h.range.clone()].to_string())
        .collect();
    assert!(endings.len() >= 3, "{endings:?}");
    let starts = all(&ix, &Query::regex(r"^某某县").unwrap());
    assert_eq!(starts.len(), 2);
    // Against the regex run over each line alone, for patterns that can match `\n`.
    for pattern in [r"行政\w{2}|\s", r"\S\s*件", r"[^，]+，", r"件\s*\S"] {
        let re = regex::Regex::new(pattern).unwrap();
        let expected = each_line_alone(&reports, &re);
        assert!(!expected.is_empty(), "{pattern}");
        assert_eq!(
            all(&ix, &Query::regex(pattern).unwrap()),
            expected,
            "{pattern}"
        );
    }
}

/// Every match of `query` in `ix`, searched in runs of `chunk` bytes on all cores.
fn in_chunks(ix: &Store, query: &Query, chunk: usize) -> Vec<TextMatch> {
    let mut hits = Vec::new();
    let each = |found: Vec<LineMatch<'_>>| {
        found
            .into_iter()
            .map(|h| TextMatch {
                place: h.place,
                range: h.range,
            })
            .collect::<Vec<_>>()
    };
    let done = search_chunks(
        ix.corpus(),
        query,
        chunk,
        &AtomicBool::new(false),
        &each,
        &mut |found| {
            hits.extend(found);
            ControlFlow::Continue(())
        },
    );
    assert!(done);
    hits
}

#[test]
fn every_split_of_the_text_between_threads_gives_each_line_alone_matches_in_order() {
    // The unseen report first and last, so matches sit at the very start and end of the
    // text, between samples that make several runs of a few kilobytes.
    let mut reports = vec![unseen()];
    reports.extend(Library::bundled().into_reports());
    reports.push(unseen());
    let ix = Store::from_reports(&reports);
    assert!(chunks(ix.corpus(), 4096).len() >= 8);
    let queries = [
        r"某某县人民政府",
        r"^某某县",
        r"1月20日$",
        r"\A\S",
        r"。$",
        r"作\s*全|行政",
        r"[^，]+，",
        r"\d+件",
        r"\s",
    ];
    for pattern in queries {
        let re = regex::Regex::new(pattern).unwrap();
        let expected = each_line_alone(&reports, &re);
        assert!(expected.len() >= 2, "{pattern}");
        let query = Query::regex(pattern).unwrap();
        for chunk in [1, 50, 4096, usize::MAX] {
            assert_eq!(
                in_chunks(&ix, &query, chunk),
                expected,
                "{pattern} in runs of {chunk} bytes"
            );
        }
    }
    // A literal too, the first and last lines included.
    let lit = Query::literal("某某县人民政府").unwrap();
    let first = in_chunks(&ix, &lit, usize::MAX);
    assert_eq!(first.first().unwrap().place.report, 0);
    assert_eq!(first.last().unwrap().place.report, reports.len() - 1);
    for chunk in [1, 50, 4096] {
        assert_eq!(in_chunks(&ix, &lit, chunk), first, "runs of {chunk} bytes");
    }
}

#[test]
fn snippets_at_the_ends_of_a_line_and_of_damaged_text() {
    let text = "行政复议甲乙丙";
    let s = snippet(text.as_bytes(), 0.."行政".len(), 2);
    assert_eq!((s.text.as_str(), s.matched), ("行政复议…", 0..2));
    let at = text.find("乙丙").unwrap();
    let s = snippet(text.as_bytes(), at..text.len(), 2);
    assert_eq!((s.text.as_str(), s.matched), ("…议甲乙丙", 3..5));
    let s = snippet(text.as_bytes(), at..at + 3, 0);
    assert_eq!((s.text.as_str(), s.bytes), ("…乙…", 3..6));
    // A byte that is not UTF-8 shows as `�` and the offsets still point at the match.
    let mut bytes = text.as_bytes().to_vec();
    bytes[1] = 0xFF;
    let at = text.find("甲").unwrap();
    let s = snippet(&bytes, at..at + 3, 10);
    assert_eq!(s.text.chars().nth(s.matched.start), Some('甲'));
    assert!(s.text.contains('\u{FFFD}'), "{}", s.text);
    assert_eq!(&s.text[s.bytes.clone()], "甲");
}

fn reverse_suffix(pattern: &str) -> Option<ReverseSuffix> {
    let hir = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .utf8(false)
        .build()
        .parse(pattern)
        .unwrap();
    ReverseSuffix::new(&hir)
}

#[test]
fn only_patterns_whose_head_cannot_hold_their_final_literal_are_searched_backwards() {
    for pattern in [r"\d+件", r"(\d+)件", r"[0-9０-９]*万元", r"(?:第\d+|\d+)项"] {
        assert!(reverse_suffix(pattern).is_some(), "{pattern}");
    }
    // `.` and `\w` hold `件`, `\s` holds a line break, `\b` looks around, and the last two
    // end in no literal.
    for pattern in [
        r".+件",
        r"\w+件",
        r"\s*件",
        r"\b\d+件",
        r"\d+件$",
        r"\d+(?i:k)",
    ] {
        assert!(reverse_suffix(pattern).is_none(), "{pattern}");
    }
}

proptest::proptest! {
    #[test]
    fn searching_back_from_the_final_literal_finds_what_each_line_alone_gives(
        parts in proptest::collection::vec(0usize..9, 0..60),
        pattern in 0usize..6,
    ) {
        // Digits ASCII and full-width, the literal's characters, a line break and a byte
        // that is not UTF-8, in any order.
        const PIECES: [&[u8]; 9] =
            [b"1", "２".as_bytes(), "件".as_bytes(), "万".as_bytes(), "元".as_bytes(), b"\n", b"x", b"\xE4", "第".as_bytes()];
        // The last: the literal ends in a character the head can hold, so a match may not
        // start inside the one before.
        const PATTERNS: [&str; 6] =
            [r"\d+件", r"\d*万元", r"(第\d|x)+件件", r"(\d+)件", r"[1x]?元", r"[x1]*元x"];
        let hay: Vec<u8> = parts.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        let re = regex::bytes::Regex::new(PATTERNS[pattern]).unwrap();
        let mut expected = Vec::new();
        let mut at = 0;
        for line in hay.split(|&b| b == b'\n') {
            expected.extend(re.find_iter(line).map(|m| at + m.start()..at + m.end()));
            at += line.len() + 1;
        }
        let reverse = reverse_suffix(PATTERNS[pattern]).unwrap();
        proptest::prop_assert_eq!(reverse.matches(&hay).unwrap(), expected);
    }
}
