//! Expected outlines as fixture files: each report in `tests/fixtures/outline/` (`.txt` or
//! `.md`, written for these tests with headings as other provinces write them) sits next to
//! its `.outline`, the outline a reader sees. `FAZHI_BLESS=1 cargo test --test core outlines`
//! rewrites the `.outline` files from the parser (then read the diff before committing).

use fazhi::report::{parse, Report};
use std::path::{Path, PathBuf};

/// The outline as the fixture files spell it: the report's identity, the paragraphs before
/// the first heading, then one line per section, indented by level, with its paragraph count
/// and `run-in` when the heading's line went on with body text; warnings last.
fn outline(r: &Report) -> String {
    let mut out = format!(
        "report {} {} {}\npreamble ¶{}\n",
        r.id(),
        r.meta.district.as_deref().unwrap_or("?"),
        r.meta.year.map_or("?".into(), |y| y.to_string()),
        r.preamble.len()
    );
    for s in &r.sections {
        out.push_str(&format!(
            "{}{}{} ¶{}{}\n",
            "  ".repeat(usize::from(s.level) - 1),
            s.number,
            s.title,
            s.paragraphs.len(),
            if s.run_in { " run-in" } else { "" }
        ));
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outline");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/outline")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_fixture_report_has_its_expected_outline() {
    let inputs = fixtures();
    assert!(inputs.len() >= 3, "fixtures missing: {inputs:?}");
    let bless = std::env::var_os("FAZHI_BLESS").is_some();
    let mut wrong = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).expect("fixture is UTF-8");
        let got = outline(&parse(&input.display().to_string(), &text));
        let expected_file = input.with_extension("outline");
        if bless {
            std::fs::write(&expected_file, &got).expect("write outline");
            continue;
        }
        let want = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{} missing", expected_file.display()));
        if got != want {
            wrong.push(format!(
                "{}:\n--- expected\n{want}--- parsed\n{got}",
                input.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn numbered_items_that_are_sentences_keep_their_figures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outline/zhejiang-parts-and-numbered-sentences.txt");
    let r = parse(
        &path.display().to_string(),
        &std::fs::read_to_string(&path).unwrap(),
    );
    let figures: Vec<&str> = r
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .flat_map(|p| &p.figures)
        .map(|f| f.text.as_str())
        .collect();
    for want in ["412件", "8.4%", "100%"] {
        assert!(figures.contains(&want), "{want} not among {figures:?}");
    }
}
