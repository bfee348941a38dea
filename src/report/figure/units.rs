//! The measure words after which a number is a figure, and the kind each makes it.

use super::FigureKind;

/// Units after which a number is a figure, longest first within each kind.
pub(super) const UNITS: &[(&str, FigureKind)] = &[
    ("个工作日", FigureKind::Quantity),
    ("个百分点", FigureKind::Quantity),
    ("个千分点", FigureKind::Quantity),
    ("平方公里", FigureKind::Quantity),
    ("平方米", FigureKind::Quantity),
    ("工作日", FigureKind::Quantity),
    ("百分点", FigureKind::Quantity),
    ("千分点", FigureKind::Quantity),
    ("个月", FigureKind::Quantity),
    ("小时", FigureKind::Quantity),
    ("分钟", FigureKind::Quantity),
    ("公里", FigureKind::Quantity),
    ("千米", FigureKind::Quantity),
    ("海里", FigureKind::Quantity),
    ("公顷", FigureKind::Quantity),
    ("立方米", FigureKind::Quantity),
    ("千瓦时", FigureKind::Quantity),
    ("千瓦", FigureKind::Quantity),
    ("公斤", FigureKind::Quantity),
    ("千克", FigureKind::Quantity),
    ("斤", FigureKind::Quantity),
    ("个季度", FigureKind::Quantity),
    ("学时", FigureKind::Quantity),
    ("课时", FigureKind::Quantity),
    ("米", FigureKind::Quantity),
    ("亩", FigureKind::Quantity),
    ("吨", FigureKind::Quantity),
    ("天", FigureKind::Quantity),
    ("日", FigureKind::Quantity),
    ("周", FigureKind::Quantity),
    ("岁", FigureKind::Quantity),
    ("倍", FigureKind::Quantity),
    ("年", FigureKind::Quantity),
    ("人次", FigureKind::Count),
    ("件次", FigureKind::Count),
    ("户次", FigureKind::Count),
    ("场次", FigureKind::Count),
    ("件套", FigureKind::Count),
    ("家次", FigureKind::Count),
    ("项次", FigureKind::Count),
    ("个次", FigureKind::Count),
    ("车次", FigureKind::Count),
    ("架次", FigureKind::Count),
    ("班次", FigureKind::Count),
    ("条次", FigureKind::Count),
    ("台次", FigureKind::Count),
    ("辆次", FigureKind::Count),
    ("艘次", FigureKind::Count),
    ("头只", FigureKind::Count),
    ("余件", FigureKind::Count),
    ("件", FigureKind::Count),
    ("人", FigureKind::Count),
    ("户", FigureKind::Count),
    ("项", FigureKind::Count),
    ("份", FigureKind::Count),
    ("次", FigureKind::Count),
    ("个", FigureKind::Count),
    ("家", FigureKind::Count),
    ("场", FigureKind::Count),
    ("起", FigureKind::Count),
    ("条", FigureKind::Count),
    ("卷", FigureKind::Count),
    ("篇", FigureKind::Count),
    ("期", FigureKind::Count),
    ("批次", FigureKind::Count),
    ("批", FigureKind::Count),
    ("名", FigureKind::Count),
    ("所", FigureKind::Count),
    ("处", FigureKind::Count),
    ("类", FigureKind::Count),
    ("部", FigureKind::Count),
    ("本", FigureKind::Count),
    ("套", FigureKind::Count),
    ("支", FigureKind::Count),
    ("座", FigureKind::Count),
    ("辆", FigureKind::Count),
    ("台", FigureKind::Count),
    ("宗", FigureKind::Count),
    ("笔", FigureKind::Count),
    ("例", FigureKind::Count),
    ("位", FigureKind::Count),
    ("村", FigureKind::Count),
    ("轮次", FigureKind::Count),
    ("轮", FigureKind::Count),
    ("封", FigureKind::Count),
    ("册", FigureKind::Count),
    ("张", FigureKind::Count),
    ("块", FigureKind::Count),
    ("组", FigureKind::Count),
    ("队", FigureKind::Count),
    ("节", FigureKind::Count),
    ("堂", FigureKind::Count),
    ("间", FigureKind::Count),
    ("章", FigureKind::Count),
    ("单", FigureKind::Count),
    ("子项", FigureKind::Count),
    ("大项", FigureKind::Count),
    ("大类", FigureKind::Count),
    ("小项", FigureKind::Count),
    ("艘", FigureKind::Count),
    ("栋", FigureKind::Count),
    ("幢", FigureKind::Count),
    ("种", FigureKind::Count),
    ("门", FigureKind::Count),
    ("棵", FigureKind::Count),
    ("株", FigureKind::Count),
    ("头", FigureKind::Count),
    ("只", FigureKind::Count),
    ("首", FigureKind::Count),
    ("幅", FigureKind::Count),
    ("盏", FigureKind::Count),
    ("顶", FigureKind::Count),
    ("通", FigureKind::Count),
    ("讲", FigureKind::Count),
    ("枚", FigureKind::Count),
    ("面", FigureKind::Count),
    ("集", FigureKind::Count),
    ("元", FigureKind::Money),
    ("分", FigureKind::Quantity),
];

/// A unit that here starts a word naming something rather than measuring the number:
/// `3分局`, `2分队`, `三分之一` are no scores (`98.96分` is).
pub(super) fn names_a_thing(unit: &str, after: &str) -> bool {
    // `3.6万通电话` counts calls; `2项通过审查`, `5个通知` never reach here (their own unit
    // comes first), but a bare number before `通过`, `通报` … is no count of calls.
    if unit == "通" {
        return [
            "过", "知", "报", "讯", "道", "信", "行", "车", "用", "畅", "达", "关", "航", "俗",
            "往", "告", "缉", "则", "识", "晓", "融", "勤", "办", "联", "心", "州", "化", "辽",
        ]
        .iter()
        .any(|w| after.starts_with(w));
    }
    if unit == "集" {
        return [
            "中", "体", "团", "镇", "市", "聚", "成", "约", "合", "结", "资", "散",
        ]
        .iter()
        .any(|w| after.starts_with(w));
    }
    // `颁布实施4周年` is an anniversary, no four weeks.
    if unit == "周" {
        return after.starts_with('年');
    }
    if unit == "面" {
        return ["向", "积", "临", "对", "貌", "上", "前"]
            .iter()
            .any(|w| after.starts_with(w));
    }
    unit == "分"
        && [
            "局", "队", "院", "所", "公司", "中心", "会", "行", "社", "之", "钟", "管", "部", "支",
            "站", "片", "层", "类", "别", "段", "期",
        ]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Units after which a written-out numeral is a count: `三百二十六宗`, `十二件`. Fewer than
/// after digits, because numerals name things far more often than digits do (`十个方面`,
/// `二十条措施`, `千村`).
pub(super) const WRITTEN_OUT_UNITS: &[&str] = &[
    "人次", "件次", "件", "宗", "起", "人", "名", "户", "家", "项", "次", "场", "篇", "份", "例",
    "元",
];
