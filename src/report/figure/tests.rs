//! Unit tests of the parent module.

use super::*;

fn one(text: &str) -> Figure {
    let figs = extract(text);
    assert_eq!(figs.len(), 1, "{text}: {figs:?}");
    figs.into_iter().next().unwrap()
}

#[test]
fn counts_money_percent_with_labels() {
    let f = one("受理行政复议申请82件，");
    assert_eq!(
        (f.text.as_str(), f.value, f.unit.as_str()),
        ("82件", 82.0, "件")
    );
    assert_eq!(f.label, "受理行政复议申请");
    let f = one("投入资金393.08万元。");
    assert_eq!(
        (f.kind, f.value, f.unit.as_str()),
        (FigureKind::Money, 3_930_800.0, "元")
    );
    let f = one("挽回损失32万余元");
    assert!(f.approx && f.value == 320_000.0 && f.text == "32万余元");
    let f = one("可网办率为 97.87%");
    assert_eq!(
        (f.kind, f.value, f.label.as_str()),
        (FigureKind::Percent, 97.87, "可网办率")
    );
    let f = one("参训人员 960 人");
    assert_eq!((f.text.as_str(), f.value), ("960 人", 960.0));
    let f = one("惠及56.5万人");
    assert_eq!(f.value, 565_000.0);
    let f = one("培训400余人次");
    assert!(f.approx && f.unit == "人次");
    let f = one("巡航3316余海里");
    assert_eq!((f.kind, f.unit.as_str()), (FigureKind::Quantity, "海里"));
    let f = one("压缩至7个工作日");
    assert_eq!(f.unit, "个工作日");
    let f = one("发放１２３份");
    assert_eq!(f.value, 123.0);
    let f = one("近3年");
    assert!(f.approx && f.text == "近3年");
    let f = one("40%以上村");
    assert!(f.approx && f.text == "40%以上");
}

#[test]
fn dates_are_dates() {
    for t in [
        "2024年2月1日",
        "2023年",
        "2023 年度",
        "5月份",
        "9月30日",
        "2021—2025年",
    ] {
        assert_eq!(one(t).kind, FigureKind::Date, "{t}");
    }
    assert_eq!(
        one("《法治政府建设实施纲要（2021—2025年）》").text,
        "2021—2025年"
    );
    assert_eq!(one("“2023年度法治人物”").kind, FigureKind::Date);
}

#[test]
fn names_and_numbers_are_not_figures() {
    for t in [
        "鞍千委〔2024〕6号",
        "“八五”普法",
        "“三项制度”",
        "“1+N”清单体系",
        "“123”工作模式",
        "第3批",
        "12345热线",
        "开展“15分钟政务服务圈”体验官活动",
        "建立“7个纳入”长效机制",
        "“9.16”特大电信诈骗案",
    ] {
        assert!(extract(t).is_empty(), "{t}: {:?}", extract(t));
    }
}
