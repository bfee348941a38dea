//! The sign-off under a report: its issuers and signed date, the notes and record block
//! under them, a site's matter under a saved page, and an attachment under the signature,
//! which is the report's own.

use super::{is_issuer_line, parse_date};
use std::ops::Range;

/// Where the sign-off is: issuer lines and a date at the end, and `(此件公开发布)`.
#[derive(Debug, Clone, Default)]
pub struct SignOff {
    /// First line of the sign-off (or the number of lines when there is none).
    pub start: usize,
    /// Indices of sign-off lines.
    pub lines: Vec<usize>,
    /// The date line, if any.
    pub date: Option<usize>,
    /// An attachment under the signature (`附件` on a line of its own, then its title and
    /// what it holds): lines of the report, which follow its body.
    pub appendix: Option<Range<usize>>,
}

/// Find the sign-off after `body_start`.
pub fn sign_off(lines: &[String], nonempty: &[usize], body_start: usize) -> SignOff {
    let mut so = SignOff {
        start: lines.len(),
        ..Default::default()
    };
    let mut tail: Vec<usize> = nonempty
        .iter()
        .copied()
        .filter(|&i| i >= body_start)
        .collect();
    // An attachment under the signature is the report's; a record block under it
    // (`抄送：…`, `…印发`) is still the sign-off's.
    let mut record = Vec::new();
    if let Some(h) = appendix_head(lines, &tail) {
        let mut end = tail.len();
        while end > h + 1 && {
            let l = lines[tail[end - 1]].trim();
            is_publication_note(l) || is_page_chrome(l) || is_record_line(l)
        } {
            end -= 1;
        }
        record = tail.split_off(end);
        let last = tail[end - 1];
        so.appendix = Some(tail[h]..last + 1);
        tail.truncate(h);
    }
    let mut k = tail.len();
    // Trailing notes like `(此件公开发布)`, and a saved page's `【打印本页】【关闭窗口】`.
    while k > 0 && {
        let l = lines[tail[k - 1]].trim();
        is_publication_note(l) || is_page_chrome(l) || is_record_line(l)
    } {
        k -= 1;
    }
    // A site's matter under the signature (related links, `上一篇：…`, a contact note)
    // hides it: a signed date a few short lines up, under an issuer, is the sign-off still.
    if !(k > 0 && parse_date(lines[tail[k - 1]].trim()).is_some()) {
        let signed = (k.saturating_sub(TRAILING_MAX).max(1)..k).rev().find(|&d| {
            parse_date(lines[tail[d]].trim()).is_some()
                && is_issuer_line(lines[tail[d - 1]].trim())
                && tail[d + 1..k]
                    .iter()
                    .all(|&i| is_trailing_matter(&lines[i]))
        });
        if let Some(d) = signed {
            k = d + 1;
        }
    }
    if k > 0 && parse_date(lines[tail[k - 1]].trim()).is_some() {
        so.date = Some(tail[k - 1]);
        k -= 1;
        while k > 0 && is_issuer_line(lines[tail[k - 1]].trim()) {
            k -= 1;
        }
    } else if k == tail.len() {
        return so;
    }
    so.lines = tail[k..].to_vec();
    so.start = so.lines.first().copied().unwrap_or(lines.len());
    so.lines.extend(record);
    so
}

/// Where an attachment under a signature starts in `tail` (line indices): a line of its own
/// (`附件`, `附件2`, `附件：`) after a signed date under an issuer, with at most a site's
/// matter or a publication note between them.
fn appendix_head(lines: &[String], tail: &[usize]) -> Option<usize> {
    let is_head = |l: &str| {
        l.strip_prefix("附件").is_some_and(|rest| {
            let rest = rest.trim_end_matches(['：', ':']);
            rest.chars().count() <= 2
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || crate::report::text::is_cn_numeral(c))
        })
    };
    (2..tail.len())
        .filter(|&h| is_head(lines[tail[h]].trim()))
        .find(|&h| {
            let signed = (1..h).rev().take(TRAILING_MAX).find(|&d| {
                parse_date(lines[tail[d]].trim()).is_some()
                    && is_issuer_line(lines[tail[d - 1]].trim())
            });
            signed.is_some_and(|d| (tail[d + 1..h].iter()).all(|&i| is_trailing_matter(&lines[i])))
        })
}

/// At most this many lines of a site's matter under a signature.
const TRAILING_MAX: usize = 10;

/// A line a site puts under a document rather than a line of it: short, no sentence, no
/// table row or heading (`相关链接`, `上一篇：…`, `（联系人：…，电话：…）`).
fn is_trailing_matter(l: &str) -> bool {
    let l = l.trim();
    is_page_chrome(l)
        || is_publication_note(l)
        || (l.chars().count() <= 80
            && !l.ends_with(['。', '！', '？', '；'])
            && !l.starts_with('|')
            && crate::report::parse::marker(l).is_none())
}

/// A line of the record block a 文件 ends with, under its signature: who else gets a copy
/// (`抄送：…`), and who printed it when (`…办公室　　2025年1月20日印发`, `（共印20份）`).
fn is_record_line(l: &str) -> bool {
    let l = l.trim();
    let copies = ["抄送", "抄报", "分送", "发送"].iter().any(|k| {
        l.strip_prefix(k)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
    });
    let printed = l.ends_with("印发")
        && l.chars().count() <= 60
        && !l.contains(['，', '。', ','])
        && ['年', '月', '日'].iter().all(|c| l.contains(*c));
    let run = l.starts_with(['（', '(']) && l.contains("共印") && l.chars().count() <= 20;
    copies || printed || run
}

fn is_publication_note(l: &str) -> bool {
    (l.starts_with('(') || l.starts_with('（'))
        && (l.ends_with(')') || l.ends_with('）'))
        && (l.contains("公开") || l.contains("发布") || l.contains("此件"))
        && l.chars().count() <= 20
}

/// The buttons and share links under a document on a government site.
pub(super) fn is_page_chrome(l: &str) -> bool {
    const CHROME: &[&str] = &[
        "打印本页",
        "关闭窗口",
        "我要纠错",
        "打印",
        "关闭",
        "分享到",
        "扫一扫",
        "返回顶部",
        "收藏",
    ];
    let only_buttons = l.starts_with('【')
        && l.ends_with('】')
        && l.split(['【', '】'])
            .filter(|b| !b.trim().is_empty())
            .all(|b| CHROME.iter().any(|c| b.contains(c)) || b.contains("字体"));
    l.chars().count() <= 40 && (only_buttons || l.starts_with("分享到") || l.starts_with("扫一扫"))
}
