//! The parser scored against a hand-written gold file: every figure a reviewer would count
//! in the five samples, with the label a reviewer would use (tests/fixtures/figures.gold.tsv).

use fazhi::report::{parse, Figure, Report};

use crate::common::samples::NAMED as SAMPLES;
const GOLD: &str = include_str!("../fixtures/figures.gold.tsv");

/// A label is useful when it holds the gold phrase and is short enough for a column header.
fn useful(label: &str, gold: &str) -> bool {
    let n = label.chars().count();
    gold.split('|')
        .any(|g| label.contains(g) && (n <= 16 || n <= g.chars().count() + 6))
}

struct Score {
    total: usize,
    found: usize,
    useful: usize,
    misses: Vec<String>,
}

fn score() -> Score {
    let reports: Vec<Report> = SAMPLES
        .iter()
        .map(|(name, text)| parse(&format!("bundled:{name}"), text))
        .collect();
    let mut s = Score {
        total: 0,
        found: 0,
        useful: 0,
        misses: Vec::new(),
    };
    for line in GOLD
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, path, para, figure, occurrence, labels] = cols[..] else {
            panic!("gold line has not 6 columns: {line}");
        };
        let r = reports
            .iter()
            .find(|r| r.id() == id)
            .unwrap_or_else(|| panic!("no sample {id}"));
        let paragraphs = if path.is_empty() {
            &r.preamble
        } else {
            let sec = r
                .find_path(path)
                .unwrap_or_else(|| panic!("{id}: no section {path}"));
            &r.sections[sec].paragraphs
        };
        let p = &paragraphs[para.parse::<usize>().expect("paragraph index")];
        let k: usize = occurrence.parse().expect("occurrence");
        let start = p
            .text
            .match_indices(figure)
            // `1件` is not inside `11件`.
            .filter(|(at, _)| {
                !p.text[..*at].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == '．')
            })
            .nth(k)
            .unwrap_or_else(|| panic!("{id} {path} ¶{para}: no {figure} #{k}"))
            .0;
        let range = start..start + figure.len();
        s.total += 1;
        let hit: Option<&Figure> = p
            .figures
            .iter()
            .find(|f| f.range.start < range.end && range.start < f.range.end);
        match hit {
            None => s
                .misses
                .push(format!("MISSED  {id} {path} ¶{para} {figure}")),
            Some(f) => {
                s.found += 1;
                if useful(&f.label, labels) {
                    s.useful += 1;
                } else {
                    s.misses.push(format!(
                        "LABEL   {id} {path} ¶{para} {figure}: {:?} want {labels}",
                        f.label
                    ));
                }
            }
        }
    }
    s
}

#[test]
fn labels_match_what_a_reviewer_would_write_for_the_samples() {
    let s = score();
    for m in &s.misses {
        println!("{m}");
    }
    let found = s.found as f64 / s.total as f64 * 100.0;
    let useful = s.useful as f64 / s.total as f64 * 100.0;
    println!(
        "gold: {} figures, found {} ({found:.1}%), useful labels {} ({useful:.1}%)",
        s.total, s.found, s.useful
    );
    assert!(s.total >= 250, "the gold file has {} figures", s.total);
    assert!(found >= 98.0, "found {found:.1}% of the gold figures");
    assert!(useful >= 90.0, "useful labels {useful:.1}%");
}
