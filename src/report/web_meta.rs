//! Metadata blocks from government web pages (`索 引 号：…  发布机构：…`), at the top of a
//! saved page or of text copied from one. They are front matter, never body, and give the
//! title, issuer, document number and date when the report's own text does not.

use super::meta::parse_date;

/// Keys of the metadata tables government sites put above a document, longest first where
/// one ends another (`信息名称` before `名称`).
pub const WEB_KEYS: &[&str] = &[
    "信息名称",
    "文件名称",
    "名称",
    "标题",
    "信息索引号",
    "索引号",
    "发布机构",
    "发文机关",
    "发文单位",
    "发文字号",
    "文号",
    "发布日期",
    "发布时间",
    // `發布` as Taiwan's wording folds it (`釋出`), on pages mirrored into Traditional.
    "释出机构",
    "释出日期",
    "生成日期",
    "成文日期",
    "发文日期",
    "主题分类",
    "主题词",
    "体裁分类",
    "组配分类",
    "服务对象",
    "公开方式",
    "公开范围",
    "有效性",
    "所属机构",
];

/// What a metadata block says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebMeta {
    /// `名称` / `信息名称` / `标题`.
    pub title: Option<String>,
    /// `发文机关` / `发布机构`.
    pub issuer: Option<String>,
    /// `文号` / `发文字号`.
    pub doc_number: Option<String>,
    /// `成文日期`, else `发布日期` / `生成日期`, as `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// The key–value pairs of a metadata line, when the line starts with a key: `名    称：`,
/// `索 引 号:` (any spacing inside the key, full- or half-width colon), several on a line.
pub fn pairs(line: &str) -> Option<Vec<(&'static str, String)>> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // (key, where the key starts, where its value starts) for each key found.
    let mut found: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match key_at(&chars, i) {
            Some((key, next)) => {
                found.push((key, chars[i].0, chars.get(next).map_or(line.len(), |c| c.0)));
                i = next;
            }
            None => i += 1,
        }
    }
    let first = found.first()?;
    if !line[..first.1].trim().is_empty() {
        return None;
    }
    let out = found
        .iter()
        .enumerate()
        .map(|(k, &(key, _, from))| {
            let to = found.get(k + 1).map_or(line.len(), |n| n.1);
            (key, line[from..to].trim().to_string())
        })
        .collect();
    Some(out)
}

/// A key starting at char `i`, spaces allowed between its characters and before its colon;
/// returns the key and the char index after the colon.
fn key_at(chars: &[(usize, char)], i: usize) -> Option<(&'static str, usize)> {
    let space = |c: char| c.is_whitespace() || c == '\u{3000}';
    WEB_KEYS.iter().find_map(|key| {
        let mut j = i;
        for (n, k) in key.chars().enumerate() {
            if n > 0 {
                while chars.get(j).is_some_and(|c| space(c.1)) {
                    j += 1;
                }
            }
            if chars.get(j)?.1 != k {
                return None;
            }
            j += 1;
        }
        while chars.get(j).is_some_and(|c| space(c.1)) {
            j += 1;
        }
        matches!(chars.get(j)?.1, '：' | ':').then_some((*key, j + 1))
    })
}

/// Lines a copied page may have above its metadata block: the trail to the page and the
/// title (said again under the block).
const ABOVE_BLOCK: usize = 2;

/// How many of the first non-empty lines form a metadata block (with the breadcrumb and
/// title a copied page has above it), and what they say.
pub fn leading_block(lines: &[String], nonempty: &[usize]) -> (usize, WebMeta) {
    let mut meta = WebMeta::default();
    let mut dates: Vec<(&str, String)> = Vec::new();
    let above = nonempty
        .iter()
        .take(ABOVE_BLOCK + 1)
        .position(|&i| pairs(&lines[i]).is_some())
        .filter(|&k| {
            nonempty[..k].iter().all(|&i| {
                let l = lines[i].trim();
                super::meta::is_breadcrumb(l) || l.contains("报告") && !l.ends_with('。')
            })
        });
    let Some(above) = above else {
        return (0, meta);
    };
    if let Some(&t) = nonempty[..above]
        .iter()
        .find(|&&i| !super::meta::is_breadcrumb(&lines[i]))
    {
        meta.title = Some(lines[t].trim().to_string());
    }
    let mut count = above;
    for &i in &nonempty[above..] {
        let Some(pairs) = pairs(&lines[i]) else { break };
        count += 1;
        for (key, value) in pairs {
            if value.is_empty() {
                continue;
            }
            match key {
                "信息名称" | "文件名称" | "名称" | "标题" => meta.title = Some(value),
                "发文机关" | "发文单位" => meta.issuer = Some(value),
                "发布机构" | "释出机构" => {
                    meta.issuer.get_or_insert(value);
                }
                "文号" | "发文字号" if value != "无" && value != "/" => {
                    meta.doc_number.get_or_insert(value);
                }
                "成文日期" | "发文日期" | "发布日期" | "释出日期" | "发布时间" | "生成日期" => {
                    if let Some(d) = date(&value) {
                        dates.push((key, d));
                    }
                }
                _ => {}
            }
        }
    }
    // The date the document was written beats the date the site published it.
    meta.date = [
        "成文日期",
        "发文日期",
        "发布日期",
        "释出日期",
        "发布时间",
        "生成日期",
    ]
    .iter()
    .find_map(|k| dates.iter().find(|(d, _)| d == k).map(|(_, v)| v.clone()));
    (count, meta)
}

/// `2024-03-15`, `2024/3/15 10:20`, `2024.03.15`, `2024年3月15日` → `2024-03-15`.
fn date(v: &str) -> Option<String> {
    if let Some(d) = v
        .find('日')
        .and_then(|end| parse_date(&v[..end + '日'.len_utf8()]))
    {
        return Some(d);
    }
    let head = v.split_whitespace().next()?;
    let mut parts = head.split(['-', '/', '.']);
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    ((1900..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_any_spacing_and_several_on_a_line() {
        let p = pairs("索 引 号:11370000MB0000/2024-00012  主题分类：  政务公开").unwrap();
        assert_eq!(
            p,
            [
                ("索引号", "11370000MB0000/2024-00012".to_string()),
                ("主题分类", "政务公开".to_string())
            ]
        );
        let p = pairs("名    称：某区人民政府关于2023年法治政府建设情况的报告").unwrap();
        assert_eq!(p[0].0, "名称");
        assert!(pairs("一、名称：不是元数据").is_none());
        assert!(pairs("2023年，我区坚持……").is_none());
    }

    #[test]
    fn block_gives_title_issuer_number_and_written_date() {
        let lines: Vec<String> = [
            "信息名称：某县人民政府关于2024年法治政府建设情况的报告",
            "发布机构：某县司法局　　发文机关：某县人民政府",
            "文　　号：某政发〔2025〕3号  发布日期：2025-03-20 09:30",
            "成文日期：2025年3月18日",
            "某县人民政府关于2024年法治政府建设情况的报告",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (n, m) = leading_block(&lines, &[0, 1, 2, 3, 4]);
        assert_eq!(n, 4);
        assert_eq!(m.issuer.as_deref(), Some("某县人民政府"));
        assert_eq!(m.doc_number.as_deref(), Some("某政发〔2025〕3号"));
        assert_eq!(m.date.as_deref(), Some("2025-03-18"));
        assert!(m.title.unwrap().ends_with("的报告"));
    }
}
