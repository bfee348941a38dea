use super::*;

#[test]
fn markers() {
    let lv = |s: &str| marker(s).map(|m| m.level);
    assert_eq!(lv("一、推进法治"), Some(1));
    assert_eq!(lv("十二、其他"), Some(1));
    assert_eq!(lv("（一）政府职能"), Some(2));
    assert_eq!(lv("(一) 加强党的领导"), Some(2));
    assert_eq!(lv("1. 加强学习"), Some(3));
    assert_eq!(lv("1．加强学习"), Some(3));
    assert_eq!(lv("1、加强学习"), Some(3));
    assert_eq!(lv("（1）细则"), Some(4));
    assert_eq!(lv("(1)细则"), Some(4));
    assert_eq!(lv("一是坚持"), None);
    assert_eq!(lv("2024年，顺城区"), None);
    assert_eq!(lv("97.87%的事项"), None);
    assert_eq!(lv("1.87万件套"), None);
    assert_eq!(lv("㈠加强组织领导。"), Some(2));
    assert_eq!(lv("㈩其他"), Some(2));
    assert_eq!(lv("⑴细则"), Some(4));
    assert_eq!(lv("⒇细则"), Some(4));
}

#[test]
fn cleans_artefacts_only() {
    assert_eq!(clean_line("[image: image1][image: image1]"), "");
    assert_eq!(
        clean_line("## **二、党政主要负责人**"),
        "二、党政主要负责人"
    );
    assert_eq!(clean_line("#### 四、安排"), "四、安排");
    assert_eq!(clean_line("第#1号"), "第#1号");
    assert_eq!(
        clean_line("【字体：大 中 小】【打印本页】【关闭窗口】某市人民政府："),
        "某市人民政府："
    );
    assert_eq!(
        clean_line("【打印本页】【关闭窗口】"),
        "【打印本页】【关闭窗口】"
    );
    assert_eq!(
        clean_line("【典型案例】某镇调解纠纷"),
        "【典型案例】某镇调解纠纷"
    );
    assert_eq!(clean_line("- 全年办理案件12件。"), "全年办理案件12件。");
    assert_eq!(clean_line("* 二是加强培训。"), "二是加强培训。");
    assert_eq!(clean_line("-2.5%"), "-2.5%");
    assert_eq!(clean_line("- 3 -"), "");
}

#[test]
fn run_in_headings_and_page_breaks() {
    let r = parse(
        "t",
        "一、主要举措\n（一）政府职能依法全面履行。一是深化改革，不断提升\n\n国家工作人员法治素养。\n行政权力 764\n\n项（1386子项）。\n",
    );
    assert_eq!(r.sections.len(), 2);
    let s = &r.sections[1];
    assert_eq!(
        (s.level, s.title.as_str(), s.parent),
        (2, "政府职能依法全面履行", Some(0))
    );
    assert_eq!(s.paragraphs.len(), 2);
    assert_eq!(
        s.paragraphs[0].text,
        "一是深化改革，不断提升国家工作人员法治素养。"
    );
    assert_eq!(s.paragraphs[0].points.len(), 1);
    assert_eq!(s.paragraphs[1].figures[0].text, "764项");
}
