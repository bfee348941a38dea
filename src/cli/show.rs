//! `fazhi show`: a report, or one section of it, as text or a JSON tree.

use super::output::write_json;
use crate::report::Report;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Write;

/// A section in `fazhi show --json`.
#[derive(Serialize)]
struct SectionTree<'a> {
    number: &'a str,
    level: u8,
    title: &'a str,
    path: String,
    paragraphs: Vec<&'a str>,
    children: Vec<SectionTree<'a>>,
}

/// The children of every section (`None` = top level), built in one pass so a report with
/// very many sections stays fast.
struct Children {
    top: Vec<usize>,
    of: Vec<Vec<usize>>,
}

impl Children {
    fn of(r: &Report) -> Children {
        let mut c = Children {
            top: Vec::new(),
            of: vec![Vec::new(); r.sections.len()],
        };
        for (i, s) in r.sections.iter().enumerate() {
            match s.parent {
                Some(p) => c.of[p].push(i),
                None => c.top.push(i),
            }
        }
        c
    }

    fn get(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            Some(p) => &self.of[p],
            None => &self.top,
        }
    }
}

fn tree<'a>(r: &'a Report, kids: &Children, parent: Option<usize>) -> Vec<SectionTree<'a>> {
    kids.get(parent)
        .iter()
        .map(|&i| section_tree(r, kids, i))
        .collect()
}

fn section_tree<'a>(r: &'a Report, kids: &Children, i: usize) -> SectionTree<'a> {
    let s = &r.sections[i];
    SectionTree {
        number: &s.number,
        level: s.level,
        title: &s.title,
        path: r.path(i),
        paragraphs: s.paragraphs.iter().map(|p| p.text.as_str()).collect(),
        children: tree(r, kids, Some(i)),
    }
}

/// `fazhi show --json`.
#[derive(Serialize)]
struct ShowJson<'a> {
    id: String,
    #[serde(flatten)]
    meta: &'a crate::report::Meta,
    source: &'a str,
    preamble: Vec<&'a str>,
    sections: Vec<SectionTree<'a>>,
    warnings: &'a [String],
}

pub fn show(r: &Report, section: Option<&str>, json: bool, out: &mut dyn Write) -> Result<()> {
    let only = match section {
        Some(path) => Some(r.find_path(path).with_context(|| {
            let paths: Vec<String> = (0..r.sections.len()).map(|i| r.path(i)).collect();
            format!(
                "{}: no section {path}; sections are: {}",
                r.short_name(),
                paths.join(" ")
            )
        })?),
        None => None,
    };
    if json {
        let kids = Children::of(r);
        let sections = match only {
            Some(i) => vec![section_tree(r, &kids, i)],
            None => tree(r, &kids, None),
        };
        let doc = ShowJson {
            id: r.id(),
            meta: &r.meta,
            source: &r.source,
            preamble: if only.is_some() {
                Vec::new()
            } else {
                r.preamble.iter().map(|p| p.text.as_str()).collect()
            },
            sections,
            warnings: &r.warnings,
        };
        write_json(&doc, out)?;
        return Ok(());
    }
    match only {
        Some(i) => {
            let subtree: Vec<usize> = (i..r.sections.len())
                .take_while(|&j| j == i || r.ancestry(j).contains(&i))
                .collect();
            for j in subtree {
                write_section(r, j, out)?;
            }
        }
        None => {
            // Every line of the text is shown: the front matter as written (issuer, title,
            // document number, addressee — an opening sentence taken for an issuer is not
            // lost), the body, and the sign-off; only a `---` override block is left out.
            for line in front_matter_as_written(r) {
                writeln!(out, "{line}")?;
            }
            writeln!(out, "{} · {}\n", r.short_name(), r.id())?;
            for p in &r.preamble {
                writeln!(out, "{}\n", p.text)?;
            }
            for j in 0..r.sections.len() {
                write_section(r, j, out)?;
            }
            for line in &r.sign_off {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// The front-matter lines without a leading `---` override block.
fn front_matter_as_written(r: &Report) -> &[String] {
    let lines = &r.front_matter;
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            return &lines[end + 2..];
        }
    }
    lines
}

fn write_section(r: &Report, i: usize, out: &mut dyn Write) -> Result<()> {
    let s = &r.sections[i];
    let indent = "  ".repeat(s.level as usize - 1);
    // A run-in heading's `。` was taken off its title; it is part of the text.
    let stop = if s.run_in { "。" } else { "" };
    writeln!(out, "{indent}{}{stop}\n", s.heading())?;
    for p in &s.paragraphs {
        writeln!(out, "{indent}{}\n", p.text)?;
    }
    Ok(())
}
