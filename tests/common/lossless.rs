//! Nothing lost: every character a user wrote (other than the artefacts fazhi drops:
//! `[image: …]`, Markdown `#` and `**`, page numbers such as `- 3 -`, and the `---` override
//! block) is shown exactly once, in order. The two sides compared, and the report's own invariants, for the lossless and
//! property tests, `fazhi show`'s test and `examples/fuzz.rs`.

use fazhi::report::meta::split_override_block;
use fazhi::report::parse::clean_line;
use fazhi::report::Report;

/// Non-whitespace characters of the input after cleaning, override block excluded.
pub fn written(text: &str) -> String {
    let (_, _, rest) = split_override_block(text);
    rest.lines()
        .flat_map(|l| clean_line(l).chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

/// Non-whitespace characters of the parsed report in reading order, override block excluded.
pub fn shown(text: &str, r: &Report) -> String {
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
    // (A table set out in spaces is shown as `| … |` rows: the bars are the reader's.)
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

/// What is wrong with a parsed report, if anything: a figure or point that is not its
/// paragraph's own text, a section whose parent is not an earlier, higher heading, an id
/// that is empty or has whitespace (it is typed in commands).
pub fn broken(r: &Report) -> Option<String> {
    let paragraphs = r
        .preamble
        .iter()
        .chain(r.sections.iter().flat_map(|s| &s.paragraphs));
    for p in paragraphs {
        for f in &p.figures {
            if p.text.get(f.range.clone()) != Some(f.text.as_str()) {
                return Some(format!(
                    "figure {:?} at {:?} of {:?}",
                    f.text, f.range, p.text
                ));
            }
        }
        if let Some(pt) = p
            .points
            .iter()
            .find(|pt| p.text.get((*pt).clone()).is_none())
        {
            return Some(format!("point {pt:?} outside {:?}", p.text));
        }
    }
    for (i, s) in r.sections.iter().enumerate() {
        if let Some(p) = s
            .parent
            .filter(|&p| p >= i || r.sections[p].level >= s.level)
        {
            return Some(format!("section {i} has parent {p}"));
        }
    }
    let id = r.id();
    if id.is_empty() || id.contains(char::is_whitespace) {
        return Some(format!("id {id:?}"));
    }
    None
}
