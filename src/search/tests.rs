//! Unit tests of the parent module.

use super::*;
use crate::library::Library;

fn all(ix: &SearchIndex, q: &Query) -> Vec<TextMatch> {
    let mut hits = Vec::new();
    ix.search(q, &AtomicBool::new(false), &mut |h| {
        hits.push(h);
        ControlFlow::Continue(())
    });
    hits
}

#[test]
fn required_literals_are_really_required() {
    assert_eq!(required_literal(r"\d+件").as_deref(), Some("件"));
    assert_eq!(required_literal("行政复?议").as_deref(), Some("行政"));
    assert_eq!(
        required_literal("受理(行政)?复议申请").as_deref(),
        Some("复议申请")
    );
    assert_eq!(
        required_literal(r"[件项]\d{2}个工作日").as_deref(),
        Some("个工作日")
    );
    assert_eq!(required_literal("复议|诉讼"), None);
    assert_eq!(required_literal("(?i)abc"), None);
    assert_eq!(required_literal(r"\d+"), None);
}

#[test]
fn literal_and_regex_find_the_same_places() {
    let lib = Library::bundled();
    let ix = SearchIndex::build(&lib.reports);
    let lit = all(&ix, &Query::literal("行政复议").unwrap());
    let re = all(&ix, &Query::regex("行政复议").unwrap());
    assert!(lit.len() > 5);
    assert_eq!(lit, re);
    for h in &lit {
        assert_eq!(
            &text_at(&lib.reports, h.place).unwrap()[h.range.clone()],
            "行政复议"
        );
    }
    // Without a required literal the regex runs on every piece, and agrees.
    let counts = all(&ix, &Query::regex(r"\d+件").unwrap());
    let slow = all(&ix, &Query::regex(r"[0-9]+(件)").unwrap());
    assert!(!counts.is_empty());
    assert_eq!(counts.len(), slow.len());
}

#[test]
fn cancel_and_break_stop_the_search() {
    let lib = Library::bundled();
    let ix = SearchIndex::build(&lib.reports);
    let q = Query::literal("法治").unwrap();
    let out = ix.search(&q, &AtomicBool::new(true), &mut |_| {
        ControlFlow::Continue(())
    });
    assert_eq!(
        out,
        SearchSummary {
            hits: 0,
            stopped: true
        }
    );
    let out = ix.search(&q, &AtomicBool::new(false), &mut |_| ControlFlow::Break(()));
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
    let samples = Library::bundled().reports;
    let reports: Vec<Report> = (0..60).flat_map(|_| samples.iter().cloned()).collect();
    let ix = SearchIndex::build(&reports);
    assert!(ix.chunks().len() >= 4, "{} chunks", ix.chunks().len());
    // Every place, in document order, with the matches a plain scan finds there.
    let mut expected = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        let mut places: Vec<TextPlace> = (0..report.preamble.len())
            .map(|p| TextPlace {
                report: r,
                section: None,
                paragraph: Some(p),
            })
            .collect();
        for (s, section) in report.sections.iter().enumerate() {
            places.push(TextPlace {
                report: r,
                section: Some(s),
                paragraph: None,
            });
            places.extend((0..section.paragraphs.len()).map(|p| TextPlace {
                report: r,
                section: Some(s),
                paragraph: Some(p),
            }));
        }
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
    let out = ix.search(
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
    let s = snippet(text, at..at + "行政复议".len(), 3);
    assert_eq!(s.text, "…八九十行政复议甲乙丙…");
    assert_eq!(s.matched, 4..8);
    let s = snippet(text, at..at + "行政复议".len(), 100);
    assert_eq!(s.text, text);
    assert_eq!(s.matched, 10..14);
}
