//! Notes at scale: `cargo bench --bench notes`.
//!
//! (a) adding 1000 notes to a fresh store one by one, and listing them;
//! (b) re-anchoring 1000 notes on a 300-paragraph report after every eleventh paragraph was
//!     removed. Orphans cost most: every paragraph is compared with their quote. With a tiny
//!     vocabulary every paragraph passes the cheap bigram pre-check, the worst case.

use fazhi::note::anchor::{anchor_at, Locator};
use fazhi::note::{Anchor, NewNote, NoteFilter, ParagraphView, Placement, Store, TextQuote};
use std::time::Instant;

fn main() {
    store();
    locate();
}

fn store() {
    let dir = std::env::temp_dir().join(format!("fazhi-bench-notes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut store = Store::open(&dir).expect("open store");
    let started = Instant::now();
    for i in 0..1000 {
        store
            .add(NewNote {
                report_id: "210311-2023".to_string(),
                anchor: Anchor {
                    section_path: "一/（五）".to_string(),
                    paragraph: i,
                    quote: TextQuote {
                        exact: format!("第{i}段：行政复议案件58件，纠错率8.6%。"),
                        prefix: "上文。\n".to_string(),
                        suffix: "\n下文".to_string(),
                    },
                },
                figure: None,
                body: format!("意见 {i} #待核实"),
                author: "李审阅".to_string(),
            })
            .expect("add");
    }
    let added = started.elapsed();
    let started = Instant::now();
    let notes = store.list(&NoteFilter::default()).expect("list");
    let listed = started.elapsed();
    assert_eq!(notes.len(), 1000);
    println!("(a) add 1000 notes {added:.0?}, list 1000 notes {listed:.1?}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn locate() {
    for (label, vocabulary) in [("varied text", 48), ("worst case, 6 phrases", 6)] {
        let texts = synthetic_paragraphs(330, vocabulary);
        let old: Vec<ParagraphView<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| ParagraphView {
                section_path: format!("{}", i / 30),
                paragraph: i % 30,
                text: t,
            })
            .collect();
        let anchors: Vec<_> = (0..1000)
            .map(|n| anchor_at(&old, (n * 7) % old.len(), None).expect("anchor"))
            .collect();
        // Every eleventh paragraph is dropped from the new version.
        let new: Vec<ParagraphView<'_>> = old
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 11 != 0)
            .map(|(_, p)| p.clone())
            .collect();
        let started = Instant::now();
        let locator = Locator::new(&new);
        let placed: Vec<Placement> = anchors.iter().map(|a| locator.locate(a)).collect();
        let elapsed = started.elapsed();
        let orphans = placed.iter().filter(|p| **p == Placement::Orphan).count();
        println!(
            "(b) {label}: locate 1000 notes in {} paragraphs ({orphans} orphans): {elapsed:.1?}",
            new.len()
        );
    }
}

/// Pseudo-report text: `n` paragraphs of 25 phrases drawn from the first
/// `vocabulary` entries of a list of report phrases.
fn synthetic_paragraphs(n: usize, vocabulary: usize) -> Vec<String> {
    const WORDS: [&str; 48] = [
        "依法行政",
        "行政复议",
        "执法检查",
        "政务公开",
        "合法性审查",
        "法治宣传",
        "规范性文件",
        "行政应诉",
        "重大决策",
        "基层治理",
        "营商环境",
        "监督制约",
        "区委常委会",
        "专题研究",
        "年度考核",
        "领导干部",
        "旁听庭审",
        "述法报告",
        "公平竞争审查",
        "信用监管",
        "双随机一公开",
        "综合行政执法",
        "街道社区",
        "矛盾纠纷",
        "人民调解",
        "公共法律服务",
        "律师顾问",
        "备案审查",
        "清理文件",
        "听证程序",
        "专家论证",
        "风险评估",
        "集体讨论",
        "网上可办",
        "一网通办",
        "数据共享",
        "安全生产",
        "生态环境",
        "市场监管",
        "城市管理",
        "文化旅游",
        "交通运输",
        "卫生健康",
        "应急管理",
        "自然资源",
        "住房建设",
        "农业农村",
        "人力资源",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let mut t = format!("第{i}项：");
            for _ in 0..25 {
                t.push_str(WORDS[(next() % vocabulary as u64) as usize]);
                t.push_str(if next() % 3 == 0 { "。" } else { "，" });
            }
            t
        })
        .collect()
}
