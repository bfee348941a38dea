//! Word documents (`.docx`): the paragraphs of `word/document.xml` in order, one a line,
//! with Word's automatic numbering rendered from `word/numbering.xml`, since many reports
//! carry their heading markers (`一、` `（一）` `1.`) only there. Table cells become
//! paragraphs of their own; headers, footers, footnotes and deleted text are not read.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// A part larger than this, unpacked, is not a report (and may be a ZIP bomb).
const PART_LIMIT: u64 = 64 << 20;

/// The text of a `.docx` file, or why there is none (a sentence saying what to do).
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("damaged ZIP archive ({e}); save the report again as .docx"))?;
    let document = read_part(&mut zip, "word/document.xml")?.ok_or_else(|| {
        "a ZIP archive, but not a Word document (no word/document.xml); \
         unpack it, or save the report as .docx"
            .to_string()
    })?;
    let numbering = match read_part(&mut zip, "word/numbering.xml")? {
        Some(x) => Numbering::parse(&x),
        None => Numbering::default(),
    };
    let styles = match read_part(&mut zip, "word/styles.xml")? {
        Some(x) => style_numbering(&x),
        None => HashMap::new(),
    };
    paragraphs(&document, &numbering, &styles)
        .map_err(|e| format!("damaged Word document ({e}); save it again as .docx"))
}

fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("damaged ZIP archive ({e}); save it again as .docx")),
    };
    let mut s = String::new();
    file.take(PART_LIMIT)
        .read_to_string(&mut s)
        .map_err(|e| format!("cannot unpack {name} ({e}); save it again as .docx"))?;
    Ok(Some(s))
}

/// The `w:val` (or another `w:` attribute) of an element.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// One level of a numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:suff`: what follows the marker (`tab` by default, `space`, `nothing`).
    space_after: bool,
    /// A paragraph style bound to this level (`w:pStyle`), as heading styles are.
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            space_after: false,
            style: None,
        }
    }
}

/// A `w:num`: which abstract definition it uses and which levels it restarts.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: Vec<(usize, u32)>,
}

/// `word/numbering.xml`.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abs: Option<String> = None;
        let mut lvl: Option<usize> = None;
        let mut num: Option<String> = None;
        let mut over: Option<usize> = None;
        loop {
            let (e, empty) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    match e.local_name().as_ref() {
                        "abstractNum" => abs = None,
                        "lvl" => lvl = None,
                        "num" => num = None,
                        "lvlOverride" => over = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let val = || attr(&e, "w:val");
            match e.local_name().as_ref() {
                "abstractNum" if !empty => abs = attr(&e, "w:abstractNumId"),
                "num" if !empty => {
                    num = attr(&e, "w:numId");
                    if let Some(id) = &num {
                        n.nums.insert(id.clone(), Num::default());
                    }
                }
                "lvl" if !empty && num.is_none() => {
                    lvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok());
                    if let (Some(a), Some(l)) = (&abs, lvl) {
                        let levels = n.abstracts.entry(a.clone()).or_default();
                        if levels.len() <= l {
                            levels.resize(l + 1, Level::default());
                        }
                    }
                }
                "lvlOverride" if !empty => {
                    over = attr(&e, "w:ilvl").and_then(|v| v.parse().ok());
                }
                "abstractNumId" => {
                    if let (Some(id), Some(v)) = (&num, val()) {
                        n.nums.entry(id.clone()).or_default().abstract_id = v;
                    }
                }
                "startOverride" => {
                    if let (Some(id), Some(l), Some(v)) =
                        (&num, over, val().and_then(|v| v.parse().ok()))
                    {
                        n.nums
                            .entry(id.clone())
                            .or_default()
                            .start_overrides
                            .push((l, v));
                    }
                }
                name => {
                    let (Some(a), Some(l), None) = (&abs, lvl, &num) else {
                        continue;
                    };
                    let Some(level) = n.abstracts.get_mut(a).and_then(|v| v.get_mut(l)) else {
                        continue;
                    };
                    match name {
                        "start" => level.start = val().and_then(|v| v.parse().ok()).unwrap_or(1),
                        "numFmt" => level.format = val().unwrap_or_default(),
                        "lvlText" => level.text = val().unwrap_or_default(),
                        "suff" => level.space_after = val().as_deref() == Some("space"),
                        "pStyle" => level.style = val(),
                        _ => {}
                    }
                }
            }
        }
        n
    }
}

/// Counters of the lists met so far. Word counts per abstract definition: two `w:num`s
/// sharing one continue each other's numbering unless one restarts a level.
#[derive(Default)]
struct Counters {
    counts: HashMap<String, [Option<u32>; 9]>,
    seen_nums: HashSet<String>,
}

impl Counters {
    /// The marker of the next paragraph numbered `num_id` at `ilvl`, as Word shows it.
    fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: usize) -> Option<String> {
        let num = numbering.nums.get(num_id)?;
        let levels = numbering.abstracts.get(&num.abstract_id)?;
        let level = levels.get(ilvl)?;
        let counts = self.counts.entry(num.abstract_id.clone()).or_default();
        if self.seen_nums.insert(num_id.to_string()) {
            for &(l, start) in &num.start_overrides {
                if let Some(c) = counts.get_mut(l) {
                    *c = Some(start.saturating_sub(1));
                }
            }
        }
        let ilvl = ilvl.min(8);
        counts[ilvl] = Some(counts[ilvl].map_or(level.start, |c| c + 1));
        for c in counts.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let k = match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => k as usize - 1,
                _ => {
                    out.push(c);
                    continue;
                }
            };
            chars.next();
            let l = levels.get(k).cloned().unwrap_or_default();
            out.push_str(&format_number(counts[k].unwrap_or(l.start), &l.format));
        }
        if level.space_after {
            out.push(' ');
        }
        Some(out)
    }
}

/// A counter value in a `w:numFmt` style; unknown styles fall back to decimal, as Word does.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "japaneseCounting" => chinese_counting(n),
        "ideographTraditional" => heavenly_stem(n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "upperLetter" | "lowerLetter" => {
            let c = char::from(b'A' + ((n.max(1) - 1) % 26) as u8);
            let s = c.to_string().repeat(((n.max(1) - 1) / 26 + 1) as usize);
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "upperRoman" | "lowerRoman" => {
            let s = roman(n);
            if format == "lowerRoman" {
                s.to_lowercase()
            } else {
                s
            }
        }
        _ => n.to_string(),
    }
}

/// `chineseCounting`: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五.
fn chinese_counting(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return D[0].into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [(n / 1000, "千"), (n / 100 % 10, "百"), (n / 10 % 10, "十")];
    let mut s = String::new();
    let mut zero = false;
    for (d, unit) in parts {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        // 十一 not 一十一 when the number is below twenty.
        if !(unit == "十" && d == 1 && n < 20) {
            s.push_str(D[d as usize]);
        }
        s.push_str(unit);
    }
    if !n.is_multiple_of(10) {
        if zero {
            s.push('零');
        }
        s.push_str(D[(n % 10) as usize]);
    }
    s
}

/// `ideographTraditional`: 甲 乙 丙 … 癸, then again.
fn heavenly_stem(n: u32) -> String {
    const S: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    S[((n.max(1) - 1) % 10) as usize].to_string()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A paragraph style's numbering (`numId`, `ilvl`) and the style it is based on.
#[derive(Debug, Default, Clone)]
struct StyleNum {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// `word/styles.xml`: the numbering each paragraph style carries.
fn style_numbering(xml: &str) -> HashMap<String, StyleNum> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut cur: Option<(String, StyleNum)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let val = attr(&e, "w:val");
                match (e.local_name().as_ref(), cur.as_mut()) {
                    ("style", _) => cur = attr(&e, "w:styleId").map(|id| (id, StyleNum::default())),
                    ("numId", Some((_, s))) => s.num_id = val,
                    ("ilvl", Some((_, s))) => s.ilvl = val.and_then(|v| v.parse().ok()),
                    ("basedOn", Some((_, s))) => s.based_on = val,
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                if let Some((id, s)) = cur.take() {
                    out.insert(id, s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The numbering of paragraph style `id`, following `basedOn` (a few steps at most).
fn style_num(
    styles: &HashMap<String, StyleNum>,
    numbering: &Numbering,
    id: &str,
) -> Option<(String, usize)> {
    let mut at = styles.get(id)?;
    for _ in 0..8 {
        if let Some(num_id) = &at.num_id {
            let ilvl = at.ilvl.or_else(|| {
                // A heading style bound from the level side: the level names the style.
                let num = numbering.nums.get(num_id)?;
                numbering
                    .abstracts
                    .get(&num.abstract_id)?
                    .iter()
                    .position(|l| l.style.as_deref() == Some(id))
            });
            return Some((num_id.clone(), ilvl.unwrap_or(0)));
        }
        at = styles.get(at.based_on.as_deref()?)?;
    }
    None
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Elements whose content is not the document's current text: the fallback copy of a
/// drawing (the text box is also in the preferred choice), text moved away, and the old
/// properties recorded by tracked changes.
const SKIPPED: &[&str] = &["Fallback", "moveFrom", "pPrChange", "rPrChange", "del"];

fn paragraphs(
    xml: &str,
    numbering: &Numbering,
    styles: &HashMap<String, StyleNum>,
) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Text boxes hold paragraphs inside a paragraph.
    let mut stack: Vec<Para> = Vec::new();
    let mut counters = Counters::default();
    let mut skip = 0usize;
    let mut in_text = false;
    let mut in_run = 0usize;
    // Tables: how deep, and the row being read (its cells' paragraphs).
    let mut tables = 0usize;
    let mut row: Option<Vec<Vec<String>>> = None;
    loop {
        let event = reader.read_event()?;
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => skip = 1,
            Event::Start(e) | Event::Empty(e) => {
                let para = stack.last_mut();
                match (e.local_name().as_ref(), para) {
                    ("tbl", _) => {
                        tables += 1;
                        // A table inside a cell: the row around it is read as lines.
                        if let Some(cells) = row.take() {
                            for p in cells.concat() {
                                out.push_str(&p);
                                out.push('\n');
                            }
                        }
                    }
                    ("tr", _) if tables == 1 => row = Some(Vec::new()),
                    ("tc", _) => {
                        if let Some(cells) = row.as_mut() {
                            cells.push(Vec::new());
                        }
                    }
                    ("p", _) => stack.push(Para::default()),
                    ("pStyle", Some(p)) => p.style = attr(&e, "w:val"),
                    ("numId", Some(p)) => p.num_id = attr(&e, "w:val"),
                    ("ilvl", Some(p)) => p.ilvl = attr(&e, "w:val").and_then(|v| v.parse().ok()),
                    ("r", _) => in_run += 1,
                    ("t", _) => in_text = true,
                    ("tab", Some(p)) if in_run > 0 => p.text.push('\t'),
                    // A page or column break is layout; a line break is text.
                    ("br" | "cr", Some(p))
                        if in_run > 0 && attr(&e, "w:type").is_none_or(|t| t == "textWrapping") =>
                    {
                        p.text.push('\n')
                    }
                    ("noBreakHyphen", Some(p)) => p.text.push('-'),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => in_run = in_run.saturating_sub(1),
                "p" => {
                    if let Some(p) = stack.pop() {
                        let num = match (&p.num_id, &p.style) {
                            (Some(id), _) => Some((id.clone(), p.ilvl.unwrap_or(0))),
                            (None, Some(s)) => style_num(styles, numbering, s),
                            _ => None,
                        };
                        // numId 0 switches numbering off.
                        let marker = num
                            .filter(|(id, _)| id != "0")
                            .and_then(|(id, ilvl)| counters.next(numbering, &id, ilvl));
                        let text = marker.unwrap_or_default() + &p.text;
                        // A paragraph of a table cell waits for its row; a text box's
                        // paragraph inside one is part of the cell's paragraph.
                        match row.as_mut().and_then(|cells| cells.last_mut()) {
                            Some(cell) if stack.is_empty() => cell.push(text),
                            _ => match stack.last_mut() {
                                Some(outer) if row.is_some() => {
                                    outer.text.push_str(&text);
                                }
                                _ => {
                                    out.push_str(&text);
                                    out.push('\n');
                                }
                            },
                        }
                    }
                }
                "tr" => {
                    if let Some(cells) = row.take() {
                        out.push_str(&super::table_row(cells));
                    }
                }
                "tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.text
                        .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = stack.last_mut() {
                    let name = r.xml_content(quick_xml::XmlVersion::Implicit1_0);
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => p.text.push(c),
                        _ => p.text.push_str(
                            quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""),
                        ),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
