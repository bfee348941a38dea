//! Nothing is lost: every character a user wrote (other than the artefacts fazhi drops:
//! `[image: …]`, Markdown `#` and `**`, and the `---` override block) is shown exactly once,
//! in order, in the front matter, preamble, sections or sign-off of the parsed report.
//! Checked on the samples and on a few hundred messy inputs made from them.

use crate::common::rng::Rng;
use crate::common::samples::SAMPLES;
use fazhi::report::meta::split_override_block;
use fazhi::report::parse::{clean_line, parse};
use fazhi::report::text::decode;
use fazhi::report::Report;

/// Non-whitespace characters of the input after cleaning, override block excluded.
fn expected_chars(text: &str) -> String {
    let (_, _, rest) = split_override_block(text);
    rest.lines()
        .map(clean_line)
        .flat_map(|l| l.chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Non-whitespace characters of the report, in reading order, override block excluded.
fn shown_chars(text: &str, r: &Report) -> String {
    let (_, block, _) = split_override_block(text);
    assert!(
        r.front_matter.len() >= block.len() && r.front_matter[..block.len()] == block[..],
        "the --- block opens the front matter"
    );
    let mut s = String::new();
    for l in &r.front_matter[block.len()..] {
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

/// Parse `text` and check nothing was lost, duplicated or reordered. On failure the input
/// is saved to a temp file and the first difference shown.
fn assert_lossless(name: &str, text: &str) {
    let r = parse(name, text);
    let want = expected_chars(text);
    let got = shown_chars(text, &r);
    if want != got {
        let w: Vec<char> = want.chars().collect();
        let g: Vec<char> = got.chars().collect();
        let at = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
        let ctx = |v: &[char]| -> String {
            v[at.saturating_sub(20)..(at + 20).min(v.len())]
                .iter()
                .collect()
        };
        let path = std::env::temp_dir().join(format!("fazhi-lossless-{name}.txt"));
        std::fs::write(&path, text).ok();
        panic!(
            "{name}: text lost or reordered at char {at} (input saved to {})\n want …{}…\n  got …{}…\n want {} chars, got {}",
            path.display(),
            ctx(&w),
            ctx(&g),
            w.len(),
            g.len()
        );
    }
    // Figures and points point into their paragraphs.
    for p in r
        .preamble
        .iter()
        .chain(r.sections.iter().flat_map(|s| &s.paragraphs))
    {
        for f in &p.figures {
            assert_eq!(p.text.get(f.range.clone()), Some(f.text.as_str()), "{name}");
        }
        for pt in &p.points {
            assert!(p.text.get(pt.clone()).is_some(), "{name}");
        }
    }
    for (i, s) in r.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            assert!(p < i && r.sections[p].level < s.level, "{name}: bad parent");
        }
    }
}

#[test]
fn no_sample_loses_any_text() {
    for (i, text) in SAMPLES.iter().enumerate() {
        assert_lossless(&format!("sample{i}"), text);
    }
}

const MARKERS: &[&str] = &[
    "一、",
    "二、",
    "十二、",
    "（一）",
    "(一)",
    "（十一）",
    "( 三 )",
    "1.",
    "2．",
    "3、",
    "12.",
    "（1）",
    "(2)",
    "（１）",
    "１.",
    "一是",
    "二是",
    "（",
    "）",
    "、",
];

const WORDS: &[&str] = &[
    "加强党的领导",
    "。",
    "，",
    "；",
    "：",
    "”",
    "“",
    "“1+N”",
    "“八五”",
    "82件",
    "393.08万元",
    "32万余元",
    "97.87%",
    "１２３件",
    "2023年",
    "关于2023年法治政府建设情况的报告",
    "报告",
    "签发人：张三",
    "鞍千委〔2024〕6号",
    "2024年2月1日",
    "（此件公开发布）",
    "市委：",
    "---",
    "district: 千山区",
    "#",
    "##",
    "**",
    "[image: y]",
    "[image:",
    "]",
    " ",
    "\u{3000}",
    "\t",
    "铁西区",
    "人民政府",
    "中共千山区委员会",
    "行政权力 764",
    "项（1386子项）",
    "不断提升",
    "。”",
    "一",
    "9",
    ".",
    "\u{a0}",
];

fn junk_line(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(60) {
        s.push_str(rng.pick(MARKERS));
    }
    for _ in 0..rng.below(8) {
        if rng.chance(25) {
            s.push_str(rng.pick(MARKERS));
        } else {
            s.push_str(rng.pick(WORDS));
        }
    }
    s
}

fn full_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Split a line at a random char position, as a page break would.
fn page_break(rng: &mut Rng, line: &str, out: &mut Vec<String>) {
    let n = line.chars().count();
    if n < 2 {
        out.push(line.to_string());
        return;
    }
    let at = 1 + rng.below(n - 1);
    let (b, _) = line.char_indices().nth(at).unwrap_or((line.len(), ' '));
    out.push(line[..b].to_string());
    for _ in 0..rng.below(3) {
        out.push(String::new());
    }
    out.push(line[b..].to_string());
}

fn decorate(rng: &mut Rng, line: String) -> String {
    let mut line = line;
    if rng.chance(15) {
        line = format!("**{line}**");
    }
    if rng.chance(15) {
        line = format!("{} {line}", "#".repeat(1 + rng.below(4)));
    }
    if rng.chance(5) {
        let at = line
            .char_indices()
            .map(|(b, _)| b)
            .nth(rng.below(line.chars().count() + 1));
        let at = at.unwrap_or(line.len());
        line.insert_str(at, "[image: image3]");
    }
    if rng.chance(10) {
        line = full_width_digits(&line);
    }
    if rng.chance(5) {
        line = format!("\u{3000}\u{3000}{line}  ");
    }
    line
}

/// A messy report made by recombining lines of the samples.
fn messy_report(rng: &mut Rng) -> String {
    let sample: Vec<&str> = rng.pick(&SAMPLES).lines().collect();
    let all: Vec<&str> = SAMPLES.iter().flat_map(|s| s.lines()).collect();
    let mut source: Vec<String> = Vec::new();
    // Usually keep a real beginning and end so front matter and sign-off are exercised.
    let keep_head = rng.chance(60);
    if keep_head {
        source.extend(sample.iter().take(rng.below(14)).map(|s| s.to_string()));
    }
    for _ in 0..rng.below(60) {
        let line = match rng.below(100) {
            0..=64 => rng.pick(&all).to_string(),
            65..=84 => junk_line(rng),
            85..=89 => "[image: image1][image: image1]".to_string(),
            _ => String::new(),
        };
        source.push(line);
    }
    if rng.chance(50) {
        let n = rng.below(6);
        source.extend(
            sample[sample.len().saturating_sub(n)..]
                .iter()
                .map(|s| s.to_string()),
        );
    }
    let mut lines = Vec::new();
    for line in source {
        let line = decorate(rng, line);
        if rng.chance(15) {
            page_break(rng, &line, &mut lines);
        } else {
            lines.push(line);
        }
        for _ in 0..rng.below(3).saturating_sub(1) {
            lines.push(String::new());
        }
    }
    let mut text = String::new();
    if rng.chance(10) {
        text.push_str("---\ndistrict: 铁西区\nprefecture: 鞍山市\nyear: 2023\n---\n");
    }
    let eol = match rng.below(10) {
        0..=5 => "\n",
        6..=8 => "\r\n",
        _ => "\r",
    };
    text.push_str(&lines.join(eol));
    if rng.chance(50) {
        text.push_str(eol);
    }
    text
}

#[test]
fn messy_reports_lose_no_text() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..400 {
        let text = messy_report(&mut rng);
        assert_lossless(&format!("messy{case}"), &text);
        // The same input read as a file: CR and CRLF become LF first.
        if let Ok(decoded) = decode(text.as_bytes()) {
            assert_lossless(&format!("messy{case}-decoded"), &decoded);
        }
    }
}

#[test]
fn random_bytes_never_panic_and_lose_no_text() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let alphabet: Vec<u8> = "一、（1）1.。，报告\n\r#*[image: ]年月日〔〕号-"
        .bytes()
        .collect();
    for case in 0..300 {
        let n = rng.below(2000);
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                if rng.chance(50) {
                    rng.pick(&alphabet)
                } else {
                    rng.next() as u8
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert_lossless(&format!("bytes{case}"), &text);
        let _ = decode(&bytes).map(|t| parse("bytes", &t));
    }
}

#[test]
fn a_heading_alone_with_a_full_stop_keeps_the_full_stop() {
    assert_lossless("stop", "一、总体情况。\n（一）分项。\n正文。\n");
}

#[test]
fn a_page_break_inside_a_marker_loses_nothing() {
    assert_lossless("marker", "报告\n\n（\n\n一）加强党的领导\n\n1\n\n.学习。\n");
}
