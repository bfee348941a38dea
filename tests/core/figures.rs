//! The figures a reader sees highlighted: which numbers count, their values, kinds and labels.

use crate::common::samples::{QIANSHAN, SHUNCHENG, TIEXI, WENDENG, ZHOUCUN};
use fazhi::report::figure::extract;
use fazhi::report::{parse, Figure, FigureKind, Report};

const SAMPLES: [&str; 5] = [QIANSHAN, SHUNCHENG, WENDENG, TIEXI, ZHOUCUN];

fn figures_of(text: &str) -> Vec<Figure> {
    let r: Report = parse("sample", text);
    r.figures().map(|(_, _, f)| f.clone()).collect()
}

fn all_sample_figures() -> Vec<Figure> {
    SAMPLES.iter().flat_map(|t| figures_of(t)).collect()
}

fn find<'a>(figs: &'a [Figure], text: &str) -> &'a Figure {
    figs.iter()
        .find(|f| f.text == text)
        .unwrap_or_else(|| panic!("no figure {text}"))
}

#[test]
fn sample_figures_are_found_with_unit_and_approximation() {
    let figs = all_sample_figures();
    for t in [
        "26918件",
        "393.08万元",
        "32万余元",
        "97.87%",
        "16.13%",
        "11796元",
        "3498人次",
        "960 人",
        "764项",
    ] {
        find(&figs, t);
    }
}

#[test]
fn figure_kinds_match_what_is_measured() {
    let figs = all_sample_figures();
    assert_eq!(find(&figs, "26918件").kind, FigureKind::Count);
    assert_eq!(find(&figs, "3498人次").kind, FigureKind::Count);
    assert_eq!(find(&figs, "3498人次").unit, "人次");
    assert_eq!(find(&figs, "960 人").kind, FigureKind::Count);
    assert_eq!(find(&figs, "97.87%").kind, FigureKind::Percent);
    assert_eq!(find(&figs, "16.13%").kind, FigureKind::Percent);
    assert_eq!(find(&figs, "11796元").kind, FigureKind::Money);
    assert_eq!(find(&figs, "393.08万元").kind, FigureKind::Money);
}

#[test]
fn figure_values_apply_multipliers() {
    let figs = all_sample_figures();
    let f = find(&figs, "393.08万元");
    assert!((f.value - 3_930_800.0).abs() < 1e-6, "{}", f.value);
    assert_eq!(f.unit, "元");
    assert!(!f.approx);
    assert_eq!(find(&figs, "97.87%").value, 97.87);
    assert_eq!(find(&figs, "960 人").value, 960.0);
    assert_eq!(find(&figs, "11796元").value, 11796.0);
    let f = &extract("全区覆盖群众56.5万人。")[0];
    assert_eq!((f.text.as_str(), f.value), ("56.5万人", 565_000.0));
    assert_eq!(f.kind, FigureKind::Count);
}

#[test]
fn approximation_words_belong_to_the_figure() {
    let figs = all_sample_figures();
    let f = find(&figs, "32万余元");
    assert!(f.approx);
    assert_eq!(f.value, 320_000.0);
    assert_eq!(f.kind, FigureKind::Money);
    for (text, want) in [
        ("培训400余人次", "400余人次"),
        ("发放30000余份", "30000余份"),
        ("挽回经济损失7000余万元", "7000余万元"),
        ("参加人数近200人", "近200人"),
        ("覆盖率达90%以上", "90%以上"),
        ("培训100多人", "100多人"),
    ] {
        let f = extract(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert_eq!(f[0].text, want);
        assert!(f[0].approx, "{text}");
    }
}

#[test]
fn names_and_document_numbers_are_not_figures() {
    let figs = all_sample_figures();
    for f in &figs {
        assert!(!f.text.contains('〔') && !f.text.contains('”'), "{f:?}");
    }
    for t in ["〔2024〕6号", "“八五”", "“三项制度”", "“1+N”", "“123”"] {
        let hits = extract(t);
        assert!(hits.is_empty(), "{t}: {hits:?}");
    }
    // In context, in the samples: nothing inside these names is a figure.
    for text in SAMPLES {
        let r = parse("sample", text);
        for (_, p, f) in r.figures() {
            let before = &p.text[..f.range.start];
            let after = &p.text[f.range.end..];
            assert!(
                !before.ends_with('〔') && !before.ends_with('“'),
                "{f:?} in {}",
                p.text
            );
            assert!(!after.starts_with('”'), "{f:?}");
            for name in ["“八五”", "“三项制度”", "“1+N”", "“123”"] {
                if let Some(at) = p.text.find(name) {
                    let span = at..at + name.len();
                    assert!(
                        f.range.end <= span.start || f.range.start >= span.end,
                        "{f:?} inside {name}"
                    );
                }
            }
        }
    }
}

#[test]
fn document_number_in_the_front_matter_is_not_a_body_figure() {
    let figs = figures_of(QIANSHAN);
    assert!(figs.iter().all(|f| f.text != "6号"));
}

#[test]
fn a_year_range_in_a_title_is_a_date() {
    let f = extract("《法治政府建设实施纲要（2021—2025年）》");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FigureKind::Date);
    for t in ["2024年2月1日", "5月份", "9月30日", "2023年"] {
        let f = extract(t);
        assert_eq!(f.len(), 1, "{t}: {f:?}");
        assert_eq!(f[0].kind, FigureKind::Date, "{t}");
    }
}

#[test]
fn the_label_says_what_is_counted() {
    let f = &extract("受理行政复议申请82件")[0];
    assert_eq!(f.label, "受理行政复议申请");
    // Who counted and when are not part of the label.
    for text in [
        "我区共受理行政复议申请82件",
        "今年以来，全区累计受理行政复议申请82件",
        "2023年共受理行政复议申请82件",
    ] {
        assert_eq!(
            extract(text).last().unwrap().label,
            "受理行政复议申请",
            "{text}"
        );
    }
    // The real 82件 in Wendeng: `我区共受理行政复议申请82件`.
    let figs = figures_of(WENDENG);
    let f = find(&figs, "82件");
    assert_eq!(f.value, 82.0);
    assert_eq!(f.kind, FigureKind::Count);
    assert_eq!(f.label, "受理行政复议申请");
    let f = find(&figs, "393.08万元");
    assert_eq!(f.label, "减免处罚金额");
    let figs = figures_of(QIANSHAN);
    assert_eq!(find(&figs, "97.87%").label, "可网办率");
}

#[test]
fn full_width_digits_are_read_but_shown_as_written() {
    let f = extract("发放宣传资料１２３件。");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].text, "１２３件");
    assert_eq!(f[0].value, 123.0);
    assert_eq!(f[0].kind, FigureKind::Count);
}

#[test]
fn figure_ranges_point_at_their_text() {
    for text in SAMPLES {
        let r = parse("sample", text);
        for (_, p, f) in r.figures() {
            assert_eq!(&p.text[f.range.clone()], f.text);
        }
    }
}

#[test]
fn list_markers_are_not_figures() {
    let r = parse(
        "t",
        "关于2023年法治政府建设情况的报告\n一、总体\n1.加强学习\n（1）细则正文。\n(2)再一条。\n",
    );
    assert_eq!(
        r.figures().count(),
        0,
        "{:?}",
        r.figures().map(|x| x.2).collect::<Vec<_>>()
    );
}

#[test]
fn every_example_of_the_figures_table_has_its_kind() {
    let table = [
        (
            FigureKind::Count,
            &[
                "82件",
                "960 人",
                "9221户",
                "1122项",
                "400余人次",
                "30000余份",
                "56.5万人",
                "1.87万件套",
            ][..],
        ),
        (
            FigureKind::Percent,
            &["100%", "97.87%", "5.30%", "16.13%", "80%"][..],
        ),
        (
            FigureKind::Money,
            &["11796元", "393.08万元", "7000余万元", "300万元"][..],
        ),
        (
            FigureKind::Quantity,
            &["3316余海里", "2万余米", "7个工作日", "20个工作日"][..],
        ),
        (
            FigureKind::Date,
            &["2023年", "2024年2月1日", "5月份", "9月30日"][..],
        ),
    ];
    for (kind, examples) in table {
        for text in examples {
            let paragraph = format!("其中{text}。");
            let figs = extract(&paragraph);
            assert_eq!(figs.len(), 1, "{text}: {figs:?}");
            assert_eq!(figs[0].text, *text);
            assert_eq!(figs[0].kind, kind, "{text}");
        }
    }
    let approx: Vec<bool> = [
        "400余人次",
        "30000余份",
        "7000余万元",
        "3316余海里",
        "2万余米",
    ]
    .iter()
    .map(|t| extract(t)[0].approx)
    .collect();
    assert!(approx.iter().all(|&a| a));
    assert_eq!(extract("1.87万件套")[0].value, 18_700.0);
    assert_eq!(extract("2万余米")[0].value, 20_000.0);
}
