//! Metadata: district, prefecture, province, code, year, issuers, document number, date,
//! inferred from the front matter, the sign-off and the body with the help of the
//! [gazetteer](super::gazetteer); which division a report is about is
//! [`district`](super::district)'s question.

use serde::{Deserialize, Serialize};

/// What the report says about itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    /// Report title as written (`…关于2023年法治政府建设情况的报告`).
    pub title: String,
    /// County-level division, e.g. `千山区`.
    pub district: Option<String>,
    /// Prefecture-level city, e.g. `鞍山市`.
    pub prefecture: Option<String>,
    /// Province, e.g. `辽宁省`.
    pub province: Option<String>,
    /// GB/T 2260 code, e.g. `210311`.
    pub code: Option<String>,
    /// The year reported on (from the title, not the publication year).
    pub year: Option<u16>,
    /// Issuing bodies.
    pub issuers: Vec<String>,
    /// Document number, e.g. `鞍千委〔2024〕6号`.
    pub doc_number: Option<String>,
    /// Signer line names (`签发人：…`).
    pub signers: Vec<String>,
    /// Addressee, e.g. `市委`.
    pub addressee: Option<String>,
    /// Date of issue as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The report's id in its library, given by
    /// [`Library::from_reports`](crate::library::Library::from_reports) so that no two reports
    /// share one; `None` outside a library. Not cached: it depends on the other reports.
    #[serde(skip)]
    pub library_id: Option<String>,
}

impl Meta {
    /// `<code>-<year>`, when both are known.
    pub fn code_year(&self) -> Option<String> {
        Some(format!("{}-{}", self.code.as_deref()?, self.year?))
    }

    /// `千山区 2023`.
    pub fn short_name(&self) -> String {
        format!(
            "{} {}",
            self.district.as_deref().unwrap_or("?"),
            self.year.map_or("?".to_string(), |y| y.to_string())
        )
    }
}

use super::text::{digit, floor_char};
use super::web_meta::WebMeta;
use super::Report;

mod sign_off;
use sign_off::is_page_chrome;
pub use sign_off::{sign_off, SignOff};

/// Values from a `---` block at the top of a file, which override inference.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `district:`
    pub district: Option<String>,
    /// `prefecture:`
    pub prefecture: Option<String>,
    /// `province:`
    pub province: Option<String>,
    /// `code:`
    pub code: Option<String>,
    /// `year:`
    pub year: Option<u16>,
    /// A `year:` value that is not a year, to warn about.
    pub bad_year: Option<String>,
}

/// Split a leading `---` … `---` block off the text: (overrides, the block's lines, the rest).
pub fn split_override_block(text: &str) -> (Overrides, Vec<String>, &str) {
    let mut o = Overrides::default();
    let trimmed = text.trim_start_matches('\u{feff}');
    let start = trimmed.len() - trimmed.trim_start().len();
    let body = &trimmed[start..];
    if !body.starts_with("---") {
        return (o, Vec::new(), text);
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        offset += line.len();
        let l = line.trim();
        if n > 0 && l == "---" {
            lines.push(l.to_string());
            return (o, lines, &body[offset..]);
        }
        lines.push(l.to_string());
        if let Some((k, v)) = l.split_once(':').or_else(|| l.split_once('：')) {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim() {
                "district" => o.district = Some(v),
                "prefecture" => o.prefecture = Some(v),
                "province" => o.province = Some(v),
                "code" => o.code = Some(v),
                "year" => {
                    o.year = parse_year(&v);
                    o.bad_year = o.year.is_none().then_some(v);
                }
                _ => {}
            }
        }
    }
    // No closing `---`: not a block after all.
    (Overrides::default(), Vec::new(), text)
}

/// A year as written in a `---` block: `2023`, `２０２３`, `2023年`, `2023年度`.
fn parse_year(v: &str) -> Option<u16> {
    let v = v
        .trim()
        .trim_end_matches('度')
        .trim_end_matches('年')
        .trim();
    let mut year: u32 = 0;
    for c in v.chars() {
        year = year.checked_mul(10)?.checked_add(digit(c)?)?;
    }
    (v.chars().count() == 4 && (1900..2100).contains(&year)).then_some(year as u16)
}

/// Where the front matter is: its line indices and the first body line.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Indices (into the cleaned lines) of front-matter lines.
    pub lines: Vec<usize>,
    /// First line of the body.
    pub end: usize,
    /// Lines that make up the title.
    pub title: Vec<usize>,
}

/// Locate the front matter: everything up to the title (`…报告`) and the lines right after it
/// that are a document number, a signer or an addressee.
pub fn front_matter(lines: &[String], nonempty: &[usize]) -> FrontMatter {
    let looks_front = |l: &str| {
        let n = l.chars().count();
        n <= 100
            && !super::text::ends_sentence(l)
            && super::parse::marker(l).is_none()
            && !is_breadcrumb(l)
    };
    let mut fm = FrontMatter::default();
    let Some(pos) = nonempty.iter().take(15).position(|&i| {
        let l = lines[i].trim();
        looks_front(l) && l.contains("报告") && !l.contains("报告如下")
    }) else {
        return fm;
    };
    let mut title_start = pos;
    let t = lines[nonempty[pos]].trim();
    if !t.contains("关于") && pos > 0 {
        // A title broken over two lines: `…人民政府关于2024年` / `法治政府建设情况的报告`.
        let prev = lines[nonempty[pos - 1]].trim();
        if prev.contains("关于") && looks_front(prev) {
            title_start = pos - 1;
        }
    }
    fm.title = nonempty[title_start..=pos].to_vec();
    let mut last = pos;
    for (k, &i) in nonempty.iter().enumerate().skip(pos + 1).take(4) {
        let l = lines[i].trim();
        // A site's byline under the title: `发布时间：2024-03-28　来源：区司法局`.
        let byline = super::web_meta::pairs(l).is_some()
            || ["来源：", "来源:", "信息来源："]
                .iter()
                .any(|k| l.starts_with(k));
        // (A copied page's buttons may stand between the title and the addressee.)
        if is_doc_number(l)
            || l.starts_with("签发人")
            || dated_line(l).is_some()
            || is_addressee(l)
            || byline
            || is_page_chrome(l)
        {
            last = k;
        } else {
            break;
        }
    }
    fm.lines = nonempty[..=last].to_vec();
    fm.end = nonempty[last] + 1;
    fm
}

/// A site's trail to the page (`首页 > 信息公开 > 年度报告`, `当前位置：…`), copied with it.
pub fn is_breadcrumb(l: &str) -> bool {
    let l = l.trim();
    [
        "当前位置",
        "您的位置",
        "您现在的位置",
        "你的位置",
        "所在位置",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || l.matches(['>', '›', '»', '＞']).count() >= 2
}

/// The date a report was delivered, in brackets under its title (`（2024年2月6日）`), as
/// `YYYY-MM-DD`.
fn dated_line(l: &str) -> Option<String> {
    let inner = l
        .trim()
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?;
    (inner.chars().count() <= 16).then(|| parse_date(inner))?
}

fn is_doc_number(l: &str) -> bool {
    l.chars().count() <= 30
        && (l.contains('〔') || l.contains('[') || l.contains('［'))
        && l.ends_with('号')
}

fn is_addressee(l: &str) -> bool {
    l.chars().count() <= 30 && (l.ends_with('：') || l.ends_with(':'))
}

/// The names of a `签发人` line. A two-character name is often set with a space inside it
/// (`李　强`): single characters side by side are one name.
fn names(s: &str) -> Vec<String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < parts.len() {
        let single = |p: &str| p.chars().count() == 1;
        if single(parts[k]) && parts.get(k + 1).is_some_and(|p| single(p)) {
            out.push(format!("{}{}", parts[k], parts[k + 1]));
            k += 2;
        } else {
            out.push(parts[k].to_string());
            k += 1;
        }
    }
    out
}

/// A line of the issuers' names under a report (`东至县人民政府`), not a site's footer
/// (`主办单位：…办公室`), which has a colon.
fn is_issuer_line(l: &str) -> bool {
    let n = l.chars().count();
    (2..=40).contains(&n)
        && !l.contains(['。', '，', '；', ',', ';', '：', ':'])
        && super::parse::marker(l).is_none()
        && [
            "政府",
            "委员会",
            "区委",
            "县委",
            "市委",
            "办公室",
            "局",
            "院",
            "委",
        ]
        .iter()
        .any(|s| l.ends_with(s))
}

/// `2024年2月1日` (also `2024 年 2 月 1 日`, full-width digits, `二〇二四年二月一日`) → `2024-02-01`.
pub fn parse_date(l: &str) -> Option<String> {
    let mut nums = Vec::new();
    let mut cur: Option<u32> = None;
    // After `十` a digit is the units (`二十五`), elsewhere the next place (`二〇二四`).
    let mut after_ten = false;
    let mut seps = Vec::new();
    for c in l.chars() {
        let d = digit(c).or_else(|| cn_digit(c));
        match (d, c) {
            (Some(d), _) if after_ten => {
                cur = Some(cur.unwrap_or(0).checked_add(d)?);
                after_ten = false;
            }
            (Some(d), _) => cur = Some(cur.unwrap_or(0).checked_mul(10)?.checked_add(d)?),
            (None, '十') if !after_ten => {
                cur = Some(cur.unwrap_or(1).checked_mul(10)?);
                after_ten = true;
            }
            (None, ' ' | '\u{3000}') => {}
            (None, '年' | '月' | '日') => {
                nums.push(cur.take()?);
                seps.push(c);
                after_ten = false;
            }
            _ => return None,
        }
    }
    if seps != ['年', '月', '日'] || cur.is_some() {
        return None;
    }
    let (y, m, d) = (nums[0], nums[1], nums[2]);
    ((1900..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn cn_digit(c: char) -> Option<u32> {
    super::numeral::digit(c).map(|d| d as u32)
}

/// Work out the metadata of a parsed report. Warnings say what could not be decided.
pub fn infer(
    report: &Report,
    front: &FrontMatter,
    overrides: &Overrides,
    web: &WebMeta,
    warnings: &mut Vec<String>,
) -> Meta {
    let mut meta = Meta::default();
    let front_lines: Vec<&str> = report
        .front_matter
        .iter()
        .flat_map(|l| super::table::cells_or_line(l))
        .filter(|l| !l.starts_with("---") && !l.contains(": "))
        .filter(|l| super::web_meta::pairs(l).is_none())
        .collect();
    let title_count = front.title.len();
    // The title lines are the last title_count lines before doc number/addressee lines.
    let title_lines: Vec<&str> = front_lines
        .iter()
        .copied()
        .filter(|l| {
            !is_doc_number(l)
                && !l.contains("签发人")
                && dated_line(l).is_none()
                && !is_addressee(l)
                && !is_breadcrumb(l)
                && !is_page_chrome(l)
        })
        .collect();
    let title_at = title_lines.len().saturating_sub(title_count);
    let mut title: String = title_lines[title_at..].concat();
    let issuer_lines = &title_lines[..title_at];
    if title.starts_with("关于") {
        if let Some(last) = issuer_lines.last() {
            title = format!("{last}{title}");
        }
    }
    if title.is_empty() {
        title = web.title.clone().unwrap_or_default();
    }
    meta.title = title.clone();
    meta.doc_number = web.doc_number.clone();
    for l in &front_lines {
        // `石政报〔2024〕7号　　　签发人：李　强`: a 文件's number and signer share a line.
        let (number, signer) = match l.find("签发人") {
            Some(k) => (l[..k].trim(), Some(&l[k + "签发人".len()..])),
            None => (*l, None),
        };
        if is_doc_number(number) {
            meta.doc_number = Some(number.to_string());
        }
        if let Some(s) = signer {
            meta.signers = names(s.trim_start_matches(['：', ':']));
        } else if is_addressee(l) {
            meta.addressee = Some(l.trim_end_matches(['：', ':']).to_string());
        }
    }
    // Issuers: the sign-off if it names them, else the title's prefix, else lines above it.
    let sign_issuers: Vec<String> = report
        .sign_off
        .iter()
        .filter(|l| is_issuer_line(l))
        .flat_map(|l| l.split_whitespace().map(str::to_string))
        .collect();
    let title_prefix = title.split("关于").next().unwrap_or("");
    meta.issuers = if !sign_issuers.is_empty() {
        sign_issuers
    } else if title.contains("关于") && !title_prefix.trim().is_empty() {
        title_prefix
            .split_whitespace()
            .map(str::to_string)
            .collect()
    } else {
        issuer_lines.iter().map(|l| l.to_string()).collect()
    };
    if meta.issuers.is_empty() {
        meta.issuers = web.issuer.iter().cloned().collect();
    }
    meta.date = report
        .sign_off
        .iter()
        .find_map(|l| parse_date(l))
        .or_else(|| front_lines.iter().find_map(|l| dated_line(l)))
        .or_else(|| web.date.clone());

    // Then the opening paragraph, where a quoted plan's years are not the year reported on
    // (`《法治政府建设实施纲要（2021—2025年）》`), then the first heading (`一、2023年主要举措`).
    meta.year = overrides
        .year
        .or_else(|| year_in(&title))
        .or_else(|| {
            report
                .preamble
                .first()
                .and_then(|p| year_in(&outside_book_titles(&p.text[..floor_char(&p.text, 300)])))
        })
        .or_else(|| report.sections.first().and_then(|s| year_in(&s.title)));
    if let Some(bad) = &overrides.bad_year {
        warnings.push(format!(
            "year `{bad}` in the --- block is not a year like 2023"
        ));
    }
    if meta.year.is_none() {
        warnings.push("year reported on not found in the title; add `year:` in a --- block".into());
    }

    super::district::resolve(report, &meta, overrides, warnings).apply(&mut meta);
    meta
}

/// `text` with the titles of documents it quotes (`《…》`) blanked out.
fn outside_book_titles(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .map(|c| {
            match c {
                '《' => depth += 1,
                '》' => depth = depth.saturating_sub(1),
                _ if depth > 0 => return ' ',
                _ => {}
            }
            c
        })
        .collect()
}

/// A year in a title: `关于2023年` `关于 2023 年度` → 2023.
fn year_in(text: &str) -> Option<u16> {
    // Arabic (also full-width) or Chinese digits: `2023年`, `２０２３年`, `二〇二三年`.
    let value = |c: char| digit(c).or_else(|| cn_digit(c));
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        if i > 0 && value(chars[i - 1]).is_some() {
            continue;
        }
        let Some(y) = chars[i..i + 4]
            .iter()
            .try_fold(0u32, |a, &c| Some(a * 10 + value(c)?))
        else {
            continue;
        };
        let mut rest = chars[i + 4..]
            .iter()
            .filter(|c| !matches!(c, ' ' | '\u{3000}'));
        let after = rest.next();
        // `2021—2025年`, `2021年至2025年`: neither end of a span of years is the year reported on.
        let spans = |c: &char| matches!(c, '—' | '–' | '-' | '~' | '～' | '至' | '到');
        let ends_a_span = chars[..i]
            .iter()
            .rfind(|c| !matches!(c, ' ' | '\u{3000}'))
            .is_some_and(spans);
        let starts_a_span = rest.next().is_some_and(spans);
        if after == Some(&'年') && (1990..2100).contains(&y) && !ends_a_span && !starts_a_span {
            return Some(y as u16);
        }
    }
    None
}
