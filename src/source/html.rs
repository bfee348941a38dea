//! Web pages saved from a government site (`.html`, `.htm`). The report is the smallest
//! part of the page that holds nearly all of its report-like text (sentences, headings);
//! navigation, breadcrumbs, share buttons and footers around it are dropped. The page's
//! metadata table (`索引号` `发布机构` `文号` `发布日期` …) is kept as lines at the top, where
//! the parser reads it as front matter.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Less report-like text than this (in characters) and the page holds no report.
const MIN_REPORT_CHARS: usize = 150;

/// The text of a saved web page, or why there is none (a sentence saying what to do).
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let html = decode(bytes);
    let page = Page::read(&html);
    // A site that marks its whole page as furniture (`<div class="nav-wrap">` around
    // everything) still has a report in it: look again without trusting the marks.
    page.report_text(true)
        .or_else(|| page.report_text(false))
        .ok_or_else(|| {
            "no report text found in this web page; save the report's own page, \
         or copy its text into a .txt file"
                .to_string()
        })
}

/// The page's text. Bytes that are valid UTF-8 are UTF-8 whatever the page declares (a page
/// saved by a browser or an editor keeps the `gb2312` its server declared); other bytes are
/// in the declared charset, else, declared UTF-8 or nothing, in whichever of GB18030 and
/// Big5 reads as common text (as a `.txt` file is read).
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|i| {
        let label: String = head[i + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    match declared {
        Some(e) if e != encoding_rs::UTF_8 => e.decode(bytes).0.into_owned(),
        _ => crate::report::text::decode(bytes).unwrap_or_else(|_| {
            encoding_rs::GB18030
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }),
    }
}

/// Elements whose content is never text of the page.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "select", "button", "head",
    "object", "textarea",
];
/// Elements that are page furniture: their text may hold the metadata table, never the body.
const CHROME: &[&str] = &["nav", "header", "footer", "aside", "menu"];
/// Class or id words that mark page furniture on sites that use plain `div`s.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "breadcrumb",
    "crumb",
    "crumbs",
    "share",
    "bdsharebuttonbox",
    "footer",
    "foot",
    "header",
    "sidebar",
    "position",
    "location",
    "dqwz",
    "toolbar",
];
/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "center",
    "form",
    "hr",
    "tbody",
    "thead",
    "body",
];
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source",
    "track", "param",
];

struct Elem {
    name: String,
    parent: Option<usize>,
    chrome: bool,
    heading: bool,
}

/// One line of the page's text and the innermost element it sits in.
struct Block {
    elem: Option<usize>,
    text: String,
    chrome: bool,
    heading: bool,
}

/// A cell longer than this, in characters, is page layout rather than data.
const CELL_MAX: usize = 60;

/// A table row being read. Whether its table holds data (short cells, read as one `| … |`
/// line however many `<p>` a cell has) or lays out a page (read as lines) is known only at
/// its end, so it keeps both.
#[derive(Default)]
struct Row {
    /// Each cell's text; the last is the cell being read.
    cells: Vec<String>,
    /// The row's lines, each with the element it is in.
    lines: Vec<(String, Option<usize>)>,
}

impl Row {
    /// The end of a line inside the row: it joins the current cell and the row's lines.
    fn commit(&mut self, line: &mut String, stack: &[usize]) {
        let text = collapse(line);
        line.clear();
        if text.is_empty() {
            return;
        }
        match self.cells.last_mut() {
            Some(cell) if !cell.is_empty() => {
                cell.push(' ');
                cell.push_str(&text);
            }
            Some(cell) => cell.push_str(&text),
            None => self.cells.push(text.clone()),
        }
        self.lines.push((text, stack.last().copied()));
    }
}

#[derive(Default)]
struct Page {
    elems: Vec<Elem>,
    blocks: Vec<Block>,
    title: String,
}

impl Page {
    fn read(html: &str) -> Page {
        let mut emitter = DefaultEmitter::default();
        // Without this, `<` inside a script would open tags.
        emitter.naively_switch_states(true);
        let mut page = Page::default();
        let mut stack: Vec<usize> = Vec::new();
        let mut hidden = 0usize;
        let mut in_title = false;
        let mut line = String::new();
        let mut row: Option<Row> = None;
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    if name == "title" {
                        in_title = true;
                    }
                    if name == "tr" {
                        page.end_row(row.take(), &mut line, &stack);
                        page.flush(&mut line, &stack);
                        row = Some(Row::default());
                    } else if name == "table" {
                        // A table inside a row's cell: the outer table lays out the page.
                        if let Some(mut r) = row.take() {
                            r.commit(&mut line, &stack);
                            page.lay_out(r);
                        }
                        page.flush(&mut line, &stack);
                    } else if matches!(name.as_str(), "td" | "th") {
                        match row.as_mut() {
                            Some(r) => {
                                r.commit(&mut line, &stack);
                                r.cells.push(String::new());
                            }
                            None => line.push_str("  "),
                        }
                    } else if name == "br" && stack.last().is_some_and(|&e| page.elems[e].heading) {
                        // `<h1>…关于2023年度<br>法治政府建设…报告</h1>`: a title set on two
                        // lines is one title.
                    } else if BLOCKS.contains(&name.as_str()) {
                        match row.as_mut() {
                            Some(r) => r.commit(&mut line, &stack),
                            None => page.flush(&mut line, &stack),
                        }
                    }
                    if VOID.contains(&name.as_str()) || tag.self_closing {
                        continue;
                    }
                    let marked = ["class", "id"].iter().any(|a| {
                        tag.attributes.get(a.as_bytes()).is_some_and(|v| {
                            String::from_utf8_lossy(v)
                                .to_ascii_lowercase()
                                .split(|c: char| !c.is_ascii_alphanumeric())
                                .any(|w| CHROME_WORDS.contains(&w))
                        })
                    });
                    let parent = stack.last().copied();
                    let up = parent.map(|p| &page.elems[p]);
                    page.elems.push(Elem {
                        chrome: CHROME.contains(&name.as_str())
                            || marked
                            || up.is_some_and(|p| p.chrome),
                        heading: matches!(name.as_str(), "h1" | "h2" | "h3")
                            || up.is_some_and(|p| p.heading),
                        parent,
                        name,
                    });
                    stack.push(page.elems.len() - 1);
                    if HIDDEN.contains(&page.elems[page.elems.len() - 1].name.as_str()) {
                        hidden += 1;
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    if name == "title" {
                        in_title = false;
                    }
                    if matches!(name.as_str(), "tr" | "table") {
                        page.end_row(row.take(), &mut line, &stack);
                    }
                    if BLOCKS.contains(&name.as_str()) {
                        match row.as_mut() {
                            Some(r) => r.commit(&mut line, &stack),
                            None => page.flush(&mut line, &stack),
                        }
                    }
                    // Close up to the matching open element; a stray end tag closes nothing.
                    if let Some(k) = stack.iter().rposition(|&e| page.elems[e].name == name) {
                        for e in stack.drain(k..) {
                            if HIDDEN.contains(&page.elems[e].name.as_str()) {
                                hidden -= 1;
                            }
                        }
                    }
                }
                Token::String(s) => {
                    let s = String::from_utf8_lossy(&s);
                    if in_title {
                        page.title.push_str(&s);
                    } else if hidden == 0 {
                        line.push_str(&s);
                    }
                }
                _ => {}
            }
        }
        page.end_row(row.take(), &mut line, &stack);
        page.flush(&mut line, &stack);
        page
    }

    fn flush(&mut self, line: &mut String, stack: &[usize]) {
        let text = collapse(line);
        line.clear();
        self.push(text, stack.last().copied());
    }

    /// End of a table row: a row of short cells is one `| … |` line, flushed where the row
    /// is; a row with a long cell lays out the page and keeps its lines.
    fn end_row(&mut self, row: Option<Row>, line: &mut String, stack: &[usize]) {
        let Some(mut r) = row else { return };
        r.commit(line, stack);
        if r.cells.iter().all(|c| c.chars().count() <= CELL_MAX) {
            *line = table_row(&r.cells);
        } else {
            self.lay_out(r);
        }
    }

    /// A row that lays out the page: its lines, each in the element it was in.
    fn lay_out(&mut self, row: Row) {
        for (text, elem) in row.lines {
            self.push(text, elem);
        }
    }

    fn push(&mut self, text: String, elem: Option<usize>) {
        if text.is_empty() {
            return;
        }
        let e = elem.map(|e| &self.elems[e]);
        self.blocks.push(Block {
            elem,
            text,
            chrome: e.is_some_and(|e| e.chrome),
            heading: e.is_some_and(|e| e.heading),
        });
    }

    /// Whether block `b` lies inside element `e` (`None` = the whole page).
    fn inside(&self, b: &Block, e: Option<usize>) -> bool {
        let Some(e) = e else { return true };
        let mut at = b.elem;
        while let Some(i) = at {
            if i == e {
                return true;
            }
            at = self.elems[i].parent;
        }
        false
    }

    /// The report's text, with the metadata lines first; `None` when the page holds too
    /// little report-like text. `marks`: whether furniture marks (`nav`, `class="footer"`)
    /// are trusted.
    fn report_text(&self, marks: bool) -> Option<String> {
        let chrome = |b: &Block| marks && b.chrome;
        let weight = |b: &Block| if chrome(b) { 0 } else { reportish(&b.text) };
        let total: usize = self.blocks.iter().map(weight).sum();
        if total < MIN_REPORT_CHARS {
            return None;
        }
        // The body: the smallest element holding nearly all the report-like text. Each
        // line counts towards every element around it.
        let mut weights = vec![0usize; self.elems.len()];
        let mut sizes = vec![0usize; self.elems.len()];
        for b in &self.blocks {
            let (w, n) = (weight(b), b.text.chars().count());
            let mut at = b.elem;
            while let Some(i) = at {
                weights[i] += w;
                sizes[i] += n;
                at = self.elems[i].parent;
            }
        }
        let body = (0..self.elems.len())
            .filter(|&e| !(marks && self.elems[e].chrome) && weights[e] * 10 >= total * 9)
            .min_by_key(|&e| sizes[e]);
        let in_body = |b: &Block| self.inside(b, body) && !chrome(b);
        let mut out = String::new();
        for b in self
            .blocks
            .iter()
            .filter(|b| !in_body(b) && has_meta_key(&b.text))
        {
            out.push_str(&b.text);
            out.push('\n');
        }
        let lines: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| in_body(b) && !is_furniture(&b.text))
            .map(|b| b.text.as_str())
            .collect();
        let titled = lines
            .iter()
            .take(8)
            .any(|l| names_report(l) && !l.contains('。'));
        if !titled {
            let first_body = self.blocks.iter().position(in_body).unwrap_or(0);
            let heading = self.blocks[..first_body]
                .iter()
                .rev()
                .find(|b| b.heading && !chrome(b) && names_report(&b.text))
                .map(|b| b.text.clone())
                .or_else(|| {
                    collapse(&self.title)
                        .split(['_', '|', '-', '–', '—'])
                        .find(|p| names_report(p))
                        .map(|p| p.trim().to_string())
                });
            if let Some(h) = heading {
                out.push_str(&h);
                out.push('\n');
            }
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        Some(out)
    }
}

/// A table row's cells as one line, `| 行政复议案件 | 75件 | 82件 |`, which the parser reads as a
/// row; a row of one cell, or of the site's metadata, is its text.
fn table_row(cells: &[String]) -> String {
    let mut cells: Vec<String> = cells
        .iter()
        .map(|c| collapse(c).replace('|', "｜"))
        .filter(|c| !c.is_empty())
        .collect();
    if is_key_value_row(&cells) {
        for key in cells.iter_mut().step_by(2) {
            key.push('：');
        }
    }
    let joined = cells.join("  ");
    // The site's metadata table (`索 引 号：… 主题分类：…`) stays lines of key–value pairs.
    if cells.len() < 2 || has_meta_key(&joined) {
        return joined;
    }
    format!("| {} |", cells.join(" | "))
}

/// HTML whitespace collapsed to single spaces (no-break spaces too); the ideographic
/// space, which is text, is kept.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// How much of a line reads like report text: its length if it is a Chinese sentence, a
/// heading or a long line; else nothing (menus, link lists, dates).
fn reportish(l: &str) -> usize {
    let n = l.chars().count();
    let chinese = l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let shaped = crate::report::text::ends_sentence(l)
        || crate::report::parse::marker(l).is_some()
        || n >= 40;
    if chinese && shaped && !is_furniture(l) {
        n
    } else {
        0
    }
}

/// A site's metadata table row with its keys in cells of their own, without colons
/// (`<th>发文字号</th><td>普府〔2025〕8号</td>`): keys and values alternate. A report's own
/// table headed `| 名称 | 数量 |` is not one: a lone `名称` or `标题` key must name a report.
fn is_key_value_row(cells: &[String]) -> bool {
    let key = |c: &String| -> Option<&'static str> {
        let bare: String = c
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect();
        crate::report::web_meta::WEB_KEYS
            .iter()
            .copied()
            .find(|k| *k == bare)
    };
    let keys: Option<Vec<&str>> = cells.iter().step_by(2).map(key).collect();
    match keys.as_deref() {
        _ if !cells.len().is_multiple_of(2) || cells.is_empty() => false,
        Some([one]) if matches!(*one, "名称" | "标题") => names_report(&cells[1]),
        Some(_) => true,
        None => false,
    }
}

/// A metadata line: `索 引 号：…  发布机构：…`.
fn has_meta_key(l: &str) -> bool {
    use crate::report::web_meta::pairs;
    // Folded to Simplified (`文號`) only when the line has a colon for a key to end in.
    pairs(l).is_some()
        || l.contains(['：', ':']) && pairs(&crate::report::hant::simplified(l)).is_some()
}

/// A line that names a report, in Simplified or Traditional characters (`报告`, `報告`).
fn names_report(l: &str) -> bool {
    l.contains("报告") || l.contains("報告")
}

/// Breadcrumbs (`首页 > 政务公开 > …`), share and print buttons, font size switches.
fn is_furniture(l: &str) -> bool {
    let n = l.chars().count();
    let arrows = l.matches(['>', '＞', '»', '›']).count();
    if n <= 100 && arrows >= 2 && !crate::report::text::ends_sentence(l) {
        return true;
    }
    if l.starts_with("当前位置") || l.starts_with("您现在的位置") || l.starts_with("您的位置")
    {
        return true;
    }
    const TOOLS: &[&str] = &[
        "分享到",
        "打印本页",
        "【打印】",
        "关闭窗口",
        "【关闭】",
        "字体：",
        "字号：",
        "【大 中 小】",
        "扫一扫",
        "收藏本页",
        "浏览次数",
        "访问量",
        "加入收藏",
    ];
    // `字号：` is the font size switch, but also ends `发文字号：`, a metadata key.
    let l = l.replace("文字号", "");
    n <= 60 && TOOLS.iter().any(|t| l.contains(t))
}

#[cfg(test)]
mod tests;
