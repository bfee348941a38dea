//! What `fazhi show` prints keeps every character of the report: the input's characters
//! (less the artefacts fazhi drops on purpose — `[image: …]`, Markdown `#`/`**`, a `---`
//! override block — and whitespace) appear in the output, in order. Checked on the five
//! bundled reports and on hand-written report-shaped files with the shapes that lost text
//! before: an opening sentence that looks like an issuer line, run-in headings ending in
//! `。`, a sign-off, a document number, an addressee.

use crate::common::lossless::written;
use crate::common::run::{fazhi, json};
use crate::common::samples::NAMED as SAMPLES;
use crate::common::temp::TempDir;

/// Report-shaped text written for this test, not taken from the samples.
const FIXTURES: [(&str, &str); 4] = [
    (
        "opening-like-issuer",
        "某某县人民政府关于2023年度法治政府建设工作情况的报告\n\n县委：\n某某县人民政府全面贯彻落实党中央决策部署\n现将有关情况报告如下：\n一、主要工作\n（一）加强组织领导。成立由县长任组长的领导小组，召开专题会议4次。\n（二）推进依法决策。重大行政决策事项12件全部经合法性审查。\n二、存在的不足\n基层执法力量不足。\n\n某某县人民政府\n2024年1月20日\n",
    ),
    (
        "doc-number-signer-addressee",
        "某某市某某区人民政府文件\n某政发〔2024〕3号\n签发人：王某\n某某区人民政府\n关于2023年法治政府建设情况的报告\n市政府：\n2023年，我区坚持以习近平法治思想为指导。\n一、工作举措。一是健全制度。二是强化监督。\n1.规范执法。全年办理行政处罚案件356件。\n（1）开展培训。培训执法人员1200人次。\n二、下一步打算\n继续推进。\n（此件公开发布）\n",
    ),
    (
        "run-in-headings-only",
        "关于2022年法治政府建设情况的报告\n一、强化领导。\n二、完善制度。建立清单3项。\n三、加强监督。\n",
    ),
    (
        "markdown-and-images",
        "# 某县2024年法治政府建设年度报告\n\n**一、总体情况。**全县受理行政复议案件58件。\n[image: 图表1]\n（一）**依法行政**。依法办理。\n\n某县人民政府\n2025年3月1日\n",
    ),
];

/// `fazhi show` of `text` saved as a report file: its output.
fn show(name: &str, text: &str) -> String {
    let dir = TempDir::new(&format!("attack-show-{name}"));
    let file = dir.join(format!("{name}.txt"));
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let rows = json(&["list", "--json", "--no-cache", "--library", file]);
    let id = rows[0]["id"].as_str().expect("one report");
    let run = fazhi(&["show", "--no-cache", "--library", file, id]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    run.stdout
}

/// Every input character appears in the output in order; on failure, where it broke.
fn assert_shown(name: &str, text: &str) {
    let want: Vec<char> = written(text).chars().collect();
    let output = show(name, text);
    let got: Vec<char> = output.chars().filter(|c| !c.is_whitespace()).collect();
    let mut at = 0;
    for (k, c) in want.iter().enumerate() {
        match got[at..].iter().position(|g| g == c) {
            Some(p) => at += p + 1,
            None => {
                let ctx: String = want[k.saturating_sub(15)..(k + 15).min(want.len())]
                    .iter()
                    .collect();
                panic!("{name}: `show` dropped {c:?} (char {k}) in …{ctx}…\n{output}");
            }
        }
    }
    // Not a subsequence by luck: the output adds only one line (name · id) to the text.
    let extra = got.len() - want.len();
    assert!(extra < 40, "{name}: {extra} characters added to the text");
}

#[test]
fn show_prints_every_character_of_the_five_bundled_reports() {
    for (name, text) in SAMPLES {
        assert_shown(name, text);
    }
}

#[test]
fn show_prints_every_character_of_hand_written_report_shapes() {
    for (name, text) in FIXTURES {
        assert_shown(name, text);
    }
}
