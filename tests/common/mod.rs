//! The tests' support module, one copy of each helper: hand-built reports (here; they mirror
//! what the parser produces for the sample reports: real headings and sentences, figures
//! with labels), [`run`] (the `fazhi` binary as a user runs it), [`temp`] (temporary
//! directories and a scratch user), [`samples`] (the bundled reports' text), [`rng`],
//! [`lossless`] (what "nothing lost" compares), [`notes`] (a note to store), [`tmux`] (a
//! real terminal) and [`ssh`] (an OpenSSH lab around `fazhi serve`), with [`wait`] for
//! their bounded polls.

#![allow(dead_code)] // each test crate uses part of the fixture

pub mod lossless;
pub mod notes;
pub mod rng;
pub mod run;
pub mod samples;
pub mod ssh;
pub mod temp;
pub mod tmux;
pub mod wait;

use fazhi::report::{Figure, FigureKind, Meta, Paragraph, Report, Section};

/// A paragraph whose figures are given in order as (figure text, label, kind); each is looked
/// up in `text` after the previous one.
pub fn para(text: &str, figures: &[(&str, &str, FigureKind)]) -> Paragraph {
    let mut from = 0;
    let figures = figures
        .iter()
        .map(|&(fig, label, kind)| {
            let start = from
                + text[from..]
                    .find(fig)
                    .unwrap_or_else(|| panic!("{fig} not in {text}"));
            from = start + fig.len();
            let value: f64 = fig
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
                .parse()
                .unwrap_or(0.0);
            Figure {
                text: fig.to_string(),
                value,
                unit: fig
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .to_string(),
                kind,
                approx: false,
                label: label.to_string(),
                range: start..start + fig.len(),
                change: None,
            }
        })
        .collect();
    Paragraph {
        text: text.to_string(),
        figures,
        points: Vec::new(),
    }
}

/// A section; `parent` is an index into the sections built so far.
pub fn section(
    level: u8,
    number: &str,
    title: &str,
    parent: Option<usize>,
    paragraphs: Vec<Paragraph>,
) -> Section {
    Section {
        level,
        number: number.to_string(),
        title: title.to_string(),
        run_in: false,
        parent,
        paragraphs,
    }
}

pub fn report(district: &str, year: u16, sections: Vec<Section>) -> Report {
    Report {
        source: format!("test:{district}"),
        meta: Meta {
            district: Some(district.to_string()),
            year: Some(year),
            ..Meta::default()
        },
        front_matter: Vec::new(),
        sign_off: Vec::new(),
        preamble: vec![para(
            "2023年，在区委的坚强领导下，我区深入学习贯彻习近平法治思想。",
            &[("2023年", "", FigureKind::Date)],
        )],
        sections,
        warnings: Vec::new(),
    }
}

/// 文登区 2023: 行政复议 inside `（五）社会矛盾纠纷依法有效化解`, a passing mention in 行政执法.
pub fn wendeng() -> Report {
    use FigureKind::*;
    report(
        "文登区",
        2023,
        vec![
            section(1, "一、", "2023年推进法治政府建设的主要举措和成效", None, vec![]),
            section(2, "（一）", "政府职能依法全面履行", Some(0), vec![para(
                "一是深化法治政府示范创建。持续优化法治化营商环境，政务服务事项网上可办率达到100%，清理涉企审批事项36项。",
                &[("100%", "政务服务事项网上可办率达到", Percent), ("36项", "清理涉企审批事项", Count)],
            )]),
            section(2, "（二）", "依法行政制度体系不断完善", Some(0), vec![para(
                "一是加强规范性文件备案审查及合法性审查工作，审查规范性文件23件，开展合法性审查156件。",
                &[("23件", "审查规范性文件", Count), ("156件", "开展合法性审查", Count)],
            )]),
            section(2, "（三）", "行政执法严格规范公正文明", Some(0), vec![para(
                "一是创新行政执法方式。组织全区执法人员专题培训班，加强对习近平法治思想、《行政处罚法》及新修订的《行政复议法》的学习宣传培训，严格落实行政执法公示制度、执法全过程记录制度，培训执法人员960人。二是推行包容审慎监管，办理首违不罚案件112件，行政执法案卷评查合格率达到97.87%。",
                &[("960人", "培训执法人员", Count), ("112件", "办理首违不罚案件", Count), ("97.87%", "行政执法案卷评查合格率达到", Percent)],
            )]),
            section(2, "（五）", "社会矛盾纠纷依法有效化解", Some(0), vec![
                para(
                    "一是践行“浦江经验”，全面开展矛盾纠纷排查化解，调解各类矛盾纠纷4985件，调解成功率达98%以上。",
                    &[("4985件", "调解各类矛盾纠纷", Count), ("98%", "调解成功率达", Percent)],
                ),
                para(
                    "四是提升行政复议工作水平，加强行政应诉工作。制定《威海市文登区行政复议质量提升方案》，对行政复议案件进行全面自查复核。今年以来，我区共受理行政复议申请82件，审结76件。行政机关负责人出庭应诉率100%。",
                    &[("82件", "受理行政复议申请", Count), ("76件", "审结", Count), ("100%", "行政机关负责人出庭应诉率", Percent)],
                ),
            ]),
            section(1, "二、", "2023年推进法治政府建设存在的不足和原因", None, vec![]),
            section(2, "（一）", "法治化营商环境有待进一步优化", Some(5), vec![para("联合执法工作机制落实不到位，执法标准不统一。", &[])]),
            section(1, "四、", "2024年推进法治政府建设的主要安排", None, vec![]),
            section(2, "（一）", "加大法治政府建设力度", Some(7), vec![para("扎实推进法治政府建设，深入贯彻落实《法治政府建设实施纲要》。", &[])]),
        ],
    )
}

/// 千山区 2023: the 行政复议 work has its own level-3 heading under `（七）`.
pub fn qianshan() -> Report {
    use FigureKind::*;
    report(
        "千山区",
        2023,
        vec![
            section(1, "一、", "推进法治政府建设的主要举措和成效", None, vec![]),
            section(2, "（五）", "健全完善行政执法工作体系，全面推进严格规范公正文明执法", Some(0), vec![para(
                "全面推行行政执法“三项制度”，开展行政执法案卷评查，评查案卷1122卷。",
                &[("1122卷", "评查案卷", Count)],
            )]),
            section(2, "（七）", "健全完善社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义", Some(0), vec![para(
                "千山区5个乡镇（街道）积极整合职能，将矛盾化解在最基层。2023年，全区共受理各类矛盾纠纷120件，调处纠纷96件，办理各类法律援助案件206件。",
                &[("120件", "受理各类矛盾纠纷", Count), ("96件", "调处纠纷", Count), ("206件", "办理各类法律援助案件", Count)],
            )]),
            section(3, "1.", "提升行政复议工作质效", Some(2), vec![para(
                "充分发挥行政复议化解行政争议主渠道作用，全年收到行政复议申请31件，实质性化解行政争议案件12件。",
                &[("31件", "收到行政复议申请", Count), ("12件", "实质性化解行政争议案件", Count)],
            )]),
            section(2, "（十一）", "全面加强政府诚信建设", Some(0), vec![para(
                "开展政务诚信专项治理，清理政府失信事项5项。",
                &[("5项", "清理政府失信事项", Count)],
            )]),
            section(1, "三、", "下一步工作安排", None, vec![para("持续深化法治政府建设，推动各项任务落地见效。", &[])]),
        ],
    )
}

/// 铁西区 2024: 行政复议 inside `（六）聚焦公平正义，矛盾化解更加精准`; a passing mention of
/// 《行政复议法》 in a section about leadership.
pub fn tiexi() -> Report {
    use FigureKind::*;
    report(
        "铁西区",
        2024,
        vec![
            section(1, "一、", "2024年法治政府建设基本情况", None, vec![]),
            section(2, "（一）", "聚焦作用发挥，政府履职更加高效", Some(0), vec![para(
                "深化“放管服”改革，梳理行政权力764项，政务服务事项全部进驻大厅。",
                &[("764项", "梳理行政权力", Count)],
            )]),
            section(2, "（六）", "聚焦公平正义，矛盾化解更加精准", Some(0), vec![para(
                "推进行政调解与人民调解、司法调解有效衔接。驻公安派出所调解室调解案件145件。收到行政复议申请19件，受理16件，不予受理2件，办结16件。申诉求决类导入行政复议程序1件，导入人民调解程序222件。行政应诉案件3件，负责人出庭应诉率为100%。",
                &[("145件", "驻公安派出所调解室调解案件", Count), ("19件", "收到行政复议申请", Count), ("16件", "受理", Count), ("2件", "不予受理", Count), ("1件", "申诉求决类导入行政复议程序", Count), ("222件", "导入人民调解程序", Count), ("3件", "行政应诉案件", Count), ("100%", "负责人出庭应诉率为", Percent)],
            )]),
            section(1, "三、", "党政主要负责人履行推进法治建设第一责任人职责情况", None, vec![]),
            section(2, "（三）", "抓住关键少数，发挥关键作用", Some(3), vec![para(
                "出台《铁西区贯彻落实〈关于进一步加强领导班子和领导干部学法用法若干措施〉任务清单》，构建“1+N”清单体系。区委理论学习中心组专题学习习近平法治思想，政府领导班子举办《中华人民共和国行政复议法》《重大行政决策程序暂行条例》法治专题讲座，提升运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力，全年开展专题讲座12场。",
                &[("12场", "全年开展专题讲座", Count)],
            )]),
        ],
    )
}

/// The three reports in library order.
pub fn reports() -> Vec<Report> {
    vec![wendeng(), qianshan(), tiexi()]
}

/// Index of the section of `report` whose title is `title`.
pub fn section_index(report: &Report, title: &str) -> usize {
    report
        .sections
        .iter()
        .position(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title}"))
}
