//! Unit tests of the parent module.

use super::*;

#[test]
fn chinese_counting_reads_like_chinese() {
    let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1005]
        .iter()
        .map(|&n| chinese_counting(n))
        .collect();
    assert_eq!(
        got,
        [
            "一",
            "九",
            "十",
            "十一",
            "十九",
            "二十",
            "二十一",
            "九十九",
            "一百",
            "一百零一",
            "一百一十",
            "一千零五"
        ]
    );
}

#[test]
fn level_text_uses_each_levels_own_format() {
    let xml = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>"#;
    let n = Numbering::parse(xml);
    let mut c = Counters::default();
    let mut next = |id: &str, l| c.next(&n, id, l).unwrap();
    assert_eq!(next("3", 0), "一、");
    assert_eq!(next("3", 1), "（一）");
    assert_eq!(next("3", 1), "（二）");
    assert_eq!(next("3", 2), "一.1 ", "%1 is shown in level 1's own format");
    assert_eq!(next("3", 0), "二、");
    assert_eq!(
        next("3", 1),
        "（一）",
        "a higher level restarts the lower ones"
    );
    assert_eq!(next("3", 1), "（二）");
    assert_eq!(next("4", 1), "（一）", "a startOverride restarts the level");
}

#[test]
fn tables_become_paragraphs_and_deleted_or_fallback_text_is_not_read() {
    let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
      <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
        <w:r><w:t>甲</w:t><w:tab/><w:t>乙 &amp; 丙</w:t></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格一</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>单元格二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
      <w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:t>留下的</w:t></w:r>
        <mc:AlternateContent><mc:Choice><w:r><w:t>文本框</w:t></w:r></mc:Choice>
        <mc:Fallback><w:r><w:t>文本框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
    </w:body></w:document>"#;
    let text = paragraphs(xml, &Numbering::default(), &HashMap::new()).unwrap();
    assert_eq!(text, "甲\t乙 & 丙\n| 单元格一 | 单元格二 |\n留下的文本框\n");
}

#[test]
fn heading_styles_carry_their_numbering() {
    let numbering = Numbering::parse(
        r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="H1"/></w:lvl>
          <w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:pStyle w:val="H2"/></w:lvl>
        </w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
    );
    // H1 names the list; H2 is based on H1 and is bound to level 2 from the level side.
    let styles = style_numbering(
        r#"<w:styles xmlns:w="w">
          <w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>
          <w:style w:styleId="H2"><w:basedOn w:val="H1"/></w:style></w:styles>"#,
    );
    let p = |style: &str, t: &str| {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#)
    };
    let xml = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}{}{}{}</w:body></w:document>",
        p("H1", "总体情况"),
        p("H2", "深化改革"),
        p("H2", "依法决策"),
        p("H1", "存在问题")
    );
    let text = paragraphs(&xml, &numbering, &styles).unwrap();
    assert_eq!(
        text,
        "一、总体情况\n（一）深化改革\n（二）依法决策\n二、存在问题\n"
    );
}
