//! Synthetic report libraries for tests and benchmarks: report-shaped text made by
//! recombining the headings and paragraphs of the bundled reports under districts from the
//! gazetteer, with the same messiness real files have (Markdown `##`/`**`, run-in
//! headings, page-break splits, full-width digits, `[image: …]` lines).
//!
//! Deterministic: the same count and seed give the same files, byte for byte, on every
//! machine (an own xorshift generator, no dependency).

use crate::library::Library;
use crate::report::gazetteer::{Division, Gazetteer};
use std::path::{Path, PathBuf};

/// A small deterministic random number generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (0 is allowed).
    pub fn new(seed: u64) -> Rng {
        Rng((seed ^ 0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Headings and paragraphs of the bundled reports, with their place names, to recombine.
struct Pool {
    headings: [Vec<String>; 3],
    paragraphs: Vec<String>,
    /// (district, prefecture, province) of each bundled report, replaced in borrowed text.
    places: Vec<[String; 3]>,
}

impl Pool {
    fn bundled() -> Pool {
        let lib = Library::bundled();
        let mut pool = Pool {
            headings: Default::default(),
            paragraphs: Vec::new(),
            places: Vec::new(),
        };
        for r in &lib.reports() {
            let m = &r.meta;
            pool.places.push([
                m.district.clone().unwrap_or_default(),
                m.prefecture.clone().unwrap_or_default(),
                m.province.clone().unwrap_or_default(),
            ]);
            for s in &r.sections {
                let level = usize::from(s.level.clamp(1, 3)) - 1;
                pool.headings[level].push(s.title.clone());
                pool.paragraphs
                    .extend(s.paragraphs.iter().map(|p| p.text.clone()));
            }
        }
        pool.places.retain(|p| p.iter().all(|s| !s.is_empty()));
        pool
    }
}

/// One generated report.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path relative to the library root: `<province>/<code>-<year>.txt`.
    pub path: PathBuf,
    /// The division it is about.
    pub division: Division,
    /// The year reported on.
    pub year: u16,
    /// The file's text.
    pub text: String,
}

/// Generate `count` reports (about 20 KB each) for distinct (division code, year) pairs,
/// years 2016–2025. At most one report per code and year, so `count` is capped at ten times
/// the number of divisions.
pub fn generate(count: usize, seed: u64) -> impl Iterator<Item = Generated> {
    let pool = Pool::bundled();
    // A few codes appear twice in the gazetteer; one file per code and year.
    let mut seen = std::collections::HashSet::new();
    let divisions: Vec<&Division> = Gazetteer::bundled()
        .divisions
        .iter()
        .filter(|d| seen.insert(d.code.as_str()))
        .collect();
    let mut rng = Rng::new(seed);
    let mut pairs: Vec<(usize, u16)> = (0..divisions.len())
        .flat_map(|d| (2016..=2025).map(move |y| (d, y)))
        .collect();
    // Partial Fisher–Yates: only the first `count` places are needed.
    let count = count.min(pairs.len());
    for i in 0..count {
        let j = i + rng.below(pairs.len() - i);
        pairs.swap(i, j);
    }
    pairs.truncate(count);
    pairs.into_iter().map(move |(d, year)| {
        let division = divisions[d].clone();
        let text = report_text(&pool, &division, year, &mut rng);
        Generated {
            path: PathBuf::from(&division.province).join(format!("{}-{year}.txt", division.code)),
            division,
            year,
            text,
        }
    })
}

/// Write `count` generated reports under `dir`; returns the number of bytes written.
pub fn write_library(dir: &Path, count: usize, seed: u64) -> std::io::Result<u64> {
    let mut bytes = 0;
    for g in generate(count, seed) {
        let path = dir.join(&g.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &g.text)?;
        bytes += g.text.len() as u64;
    }
    Ok(bytes)
}

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn report_text(pool: &Pool, d: &Division, year: u16, rng: &mut Rng) -> String {
    // Directly administered counties have no prefecture: the province stands in.
    let city = if d.prefecture.is_empty() {
        d.province.as_str()
    } else {
        d.prefecture.as_str()
    };
    // The title names city and district (`四平市铁西区人民政府关于…`) so a name shared by
    // several districts resolves; issuer and sign-off name the district alone, as most
    // real reports do.
    let gov = format!("{}人民政府", d.name);
    let titled = if city == d.name {
        gov.clone()
    } else {
        format!("{city}{gov}")
    };
    let localise = |text: &String| {
        let mut t = text.clone();
        for [district, prefecture, province] in &pool.places {
            t = t
                .replace(district.as_str(), &d.name)
                .replace(prefecture.as_str(), city)
                .replace(province.as_str(), &d.province);
        }
        t
    };
    let target = 14_000 + rng.below(12_000);
    let mut out = String::with_capacity(target + 4_000);
    if rng.chance(30) {
        out.push_str("[image: image1]\n\n");
    }
    out.push_str(&gov);
    out.push_str("\n\n");
    if rng.chance(50) {
        let abbr: String = city.chars().take(1).chain(d.name.chars().take(1)).collect();
        out.push_str(&format!(
            "{abbr}政发〔{}〕{}号\n\n",
            year + 1,
            1 + rng.below(30)
        ));
    }
    let du = if rng.chance(50) { "年度" } else { "年" };
    out.push_str(&format!("{titled}关于{year}{du}法治政府建设情况的报告\n\n"));
    out.push_str(
        rng.pick(&["市委、市政府：\n\n", "市人民政府：\n\n", ""])
            .as_ref(),
    );
    out.push_str(&format!(
        "{year}年，{}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实习近平法治思想，法治政府建设取得明显成效。现将有关情况报告如下：\n\n",
        d.name
    ));
    let mut h1 = 0;
    while out.len() < target && h1 < CN.len() {
        let title = localise(rng.pick(&pool.headings[0]));
        let line = format!("{}、{title}", CN[h1]);
        match rng.below(10) {
            0 | 1 => out.push_str(&format!("## {line}\n\n")),
            2 => out.push_str(&format!("### **{line}**\n\n")),
            _ => out.push_str(&format!("{line}\n\n")),
        }
        h1 += 1;
        for numeral in CN.iter().take(2 + rng.below(4)) {
            let (open, close) = if rng.chance(15) {
                ("(", ")")
            } else {
                ("（", "）")
            };
            let title = localise(rng.pick(&pool.headings[1]));
            let title = title.trim_end_matches('。');
            let marker = format!("{open}{numeral}{close}");
            if rng.chance(25) {
                // Run-in: title and body on one line.
                let body = messy(&localise(rng.pick(&pool.paragraphs)), rng);
                out.push_str(&format!("{marker}{title}。{body}\n\n"));
            } else if rng.chance(10) {
                out.push_str(&format!("**{marker}{title}**\n\n"));
            } else {
                out.push_str(&format!("{marker}{title}\n\n"));
            }
            for _ in 0..1 + rng.below(3) {
                paragraph(&mut out, &localise(rng.pick(&pool.paragraphs)), rng);
            }
            if rng.chance(20) && !pool.headings[2].is_empty() {
                for n in 1..=2 + rng.below(3) {
                    let dot = *rng.pick(&[".", "．", "、"]);
                    let title = localise(rng.pick(&pool.headings[2]));
                    out.push_str(&format!("{n}{dot}{}\n\n", title.trim_end_matches('。')));
                    paragraph(&mut out, &localise(rng.pick(&pool.paragraphs)), rng);
                }
            }
        }
    }
    out.push_str(&format!(
        "{gov}\n\n{}年{}月{}日\n",
        year + 1,
        1 + rng.below(3),
        1 + rng.below(28)
    ));
    if rng.chance(30) {
        out.push_str("\n（此件公开发布）\n");
    }
    out
}

/// Append a body paragraph, sometimes split by a page break mid-sentence and sometimes
/// followed by an image placeholder.
fn paragraph(out: &mut String, text: &str, rng: &mut Rng) {
    let text = messy(text, rng);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if rng.chance(15) && chars.len() > 20 {
        let at = chars[5 + rng.below(chars.len() - 10)].0;
        let (a, b) = text.split_at(at);
        // Only where the parser can tell it is a break: the first part does not end a
        // sentence and the second does not look like a heading.
        if !crate::report::text::ends_sentence(a)
            && crate::report::parse::marker(b).is_none()
            && !b.starts_with(['。', '，', '；', '：', '、', '）', '”'])
        {
            out.push_str(&format!("{a}\n\n{b}\n\n"));
            return;
        }
    }
    out.push_str(&text);
    out.push_str("\n\n");
    if rng.chance(4) {
        out.push_str(&format!("[image: image{}]\n\n", 2 + rng.below(9)));
    }
}

/// Sometimes write the digits of a paragraph full-width, as PDF conversions do.
fn messy(text: &str, rng: &mut Rng) -> String {
    if rng.chance(10) {
        text.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                c => c,
            })
            .collect()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_library() {
        let a: Vec<String> = generate(5, 7).map(|g| g.text).collect();
        let b: Vec<String> = generate(5, 7).map(|g| g.text).collect();
        let c: Vec<String> = generate(5, 8).map(|g| g.text).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
