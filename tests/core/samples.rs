//! What a reader sees of the five bundled sample reports: who wrote them, for which year,
//! and how their sections are nested. These are the issue's acceptance criteria.

use crate::common::samples::{QIANSHAN, SHUNCHENG, TIEXI, WENDENG, ZHOUCUN};
use fazhi::report::{parse, Report};

fn report(text: &str) -> Report {
    parse("test", text)
}

/// Number of children of each level-1 section, in order.
fn level2_counts(r: &Report) -> Vec<usize> {
    r.children(None)
        .map(|i| r.children(Some(i)).count())
        .collect()
}

struct Expected {
    text: &'static str,
    id: &'static str,
    district: &'static str,
    prefecture: &'static str,
    province: &'static str,
    year: u16,
    level2: &'static [usize],
}

const EXPECTED: &[Expected] = &[
    Expected {
        text: QIANSHAN,
        id: "210311-2023",
        district: "千山区",
        prefecture: "鞍山市",
        province: "辽宁省",
        year: 2023,
        level2: &[12, 0, 0],
    },
    Expected {
        text: SHUNCHENG,
        id: "210411-2024",
        district: "顺城区",
        prefecture: "抚顺市",
        province: "辽宁省",
        year: 2024,
        level2: &[6, 3, 3, 3],
    },
    Expected {
        text: WENDENG,
        id: "371003-2023",
        district: "文登区",
        prefecture: "威海市",
        province: "山东省",
        year: 2023,
        level2: &[7, 2, 2, 3],
    },
    Expected {
        text: TIEXI,
        id: "220302-2024",
        district: "铁西区",
        prefecture: "四平市",
        province: "吉林省",
        year: 2024,
        level2: &[7, 0, 3, 4],
    },
    Expected {
        text: ZHOUCUN,
        id: "370306-2023",
        district: "周村区",
        prefecture: "淄博市",
        province: "山东省",
        year: 2023,
        level2: &[5, 3, 3, 4],
    },
];

#[test]
fn each_sample_is_identified_by_district_prefecture_province_and_year() {
    for e in EXPECTED {
        let r = report(e.text);
        assert_eq!(r.id(), e.id);
        assert_eq!(r.meta.district.as_deref(), Some(e.district), "{}", e.id);
        assert_eq!(r.meta.prefecture.as_deref(), Some(e.prefecture), "{}", e.id);
        assert_eq!(r.meta.province.as_deref(), Some(e.province), "{}", e.id);
        assert_eq!(r.meta.year, Some(e.year), "{}", e.id);
        assert_eq!(r.meta.code.as_deref(), Some(&e.id[..6]), "{}", e.id);
    }
}

#[test]
fn each_sample_has_the_expected_outline() {
    for e in EXPECTED {
        let r = report(e.text);
        let top: Vec<usize> = r.children(None).collect();
        assert_eq!(top.len(), e.level2.len(), "{}: level-1 sections", e.id);
        for &i in &top {
            assert_eq!(r.sections[i].level, 1, "{}: {}", e.id, r.sections[i].title);
        }
        assert_eq!(level2_counts(&r), e.level2, "{}: level-2 sections", e.id);
        for (i, s) in r.sections.iter().enumerate() {
            if let Some(p) = s.parent {
                assert!(r.sections[p].level < s.level, "{}: {}", e.id, r.path(i));
            }
        }
    }
}

#[test]
fn samples_raise_no_warnings() {
    for e in EXPECTED {
        let r = report(e.text);
        assert!(r.warnings.is_empty(), "{}: {:?}", e.id, r.warnings);
    }
}

#[test]
fn qianshan_first_subsection_has_two_numbered_points() {
    let r = report(QIANSHAN);
    let i = r.find_path("一/（一）").expect("一/（一）");
    let kids: Vec<&str> = r
        .children(Some(i))
        .map(|k| r.sections[k].title.as_str())
        .collect();
    assert_eq!(
        kids,
        [
            "加强习近平法治思想学习培训",
            "加强党对法治政府建设的统一领导"
        ]
    );
    assert!(r.children(Some(i)).all(|k| r.sections[k].level == 3));
}

#[test]
fn shuncheng_subsections_of_part_one_have_their_numbered_points() {
    let r = report(SHUNCHENG);
    let one = r.children(None).next().unwrap();
    let counts: Vec<usize> = r
        .children(Some(one))
        .map(|i| r.children(Some(i)).count())
        .collect();
    assert_eq!(counts, [3, 3, 3, 3, 4, 3]);
}

#[test]
fn document_numbers_come_from_the_front_matter() {
    assert_eq!(
        report(QIANSHAN).meta.doc_number.as_deref(),
        Some("鞍千委〔2024〕6号")
    );
    assert_eq!(
        report(WENDENG).meta.doc_number.as_deref(),
        Some("威文政发〔2024〕2号")
    );
}

#[test]
fn dates_of_issue_come_from_the_sign_off() {
    assert_eq!(report(QIANSHAN).meta.date.as_deref(), Some("2024-02-01"));
    assert_eq!(report(SHUNCHENG).meta.date.as_deref(), Some("2025-01-03"));
}

#[test]
fn issuers_signers_and_addressee_are_metadata() {
    let r = report(QIANSHAN);
    assert_eq!(r.meta.signers, ["董春安", "赵宇旭"]);
    assert_eq!(r.meta.addressee.as_deref(), Some("市委"));
    assert!(r.meta.issuers.iter().any(|i| i.contains("千山区")));
    assert!(r.meta.title.ends_with("关于2023年法治政府建设情况的报告"));
    // Front matter and sign-off are not body text.
    assert!(r.front_matter.iter().any(|l| l.contains("签发人")));
    assert!(r.sign_off.iter().any(|l| l == "2024年2月1日"));
    let r = report(SHUNCHENG);
    assert!(r.sign_off.iter().any(|l| l.contains("此件公开发布")));
    assert_eq!(
        r.meta.title,
        "抚顺市顺城区人民政府关于2024年法治政府建设情况的报告"
    );
}

#[test]
fn the_year_reported_on_is_the_title_year_not_the_publication_year() {
    // Qianshan's document is numbered 〔2024〕 and dated 2024 but reports on 2023.
    let r = report(QIANSHAN);
    assert_eq!(r.meta.year, Some(2023));
}

#[test]
fn no_section_title_contains_a_page_break_fragment() {
    for e in EXPECTED {
        let r = report(e.text);
        let lines: Vec<String> = e
            .text
            .lines()
            .map(fazhi::report::parse::clean_line)
            .collect();
        for (i, s) in r.sections.iter().enumerate() {
            let t = &s.title;
            assert!(!t.is_empty(), "{}: {} has no title", e.id, r.path(i));
            // The heading is exactly one source line: marker, title, and (run-in) its body.
            let line = lines
                .iter()
                .map(|l| l.trim())
                .find(|l| {
                    l.starts_with(&s.number)
                        && l[s.number.len()..].trim_start().starts_with(t.as_str())
                })
                .unwrap_or_else(|| panic!("{}: {} {t} is not one source line", e.id, r.path(i)));
            let rest = line[s.number.len()..].trim_start()[t.len()..].trim();
            if s.run_in {
                assert!(rest.starts_with('。'), "{}: {}", e.id, r.path(i));
            } else {
                assert!(
                    rest.is_empty(),
                    "{}: {} title cut short: {line}",
                    e.id,
                    r.path(i)
                );
            }
            assert!(t.chars().count() <= 60, "{}: {t}", e.id);
        }
    }
}
