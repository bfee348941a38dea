//! `fazhi topics` and `fazhi topic NAME`.

use super::output::{csv_field, write_json, write_table};
use crate::library::Library;
use crate::topic::Topics;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// `fazhi topics`: every topic with the sections tagged with it, report by report.
pub fn topics(topics: &Topics, lib: &Library, json: bool, out: &mut dyn Write) -> Result<()> {
    #[derive(Serialize)]
    struct TopicJson<'a> {
        name: &'a str,
        aliases: &'a [String],
        parent: Option<&'a str>,
        reports: Vec<crate::topic::TopicRow>,
    }
    let mut rows = topics.all_topic_rows(lib).into_iter();
    let all: Vec<TopicJson> = topics
        .all()
        .iter()
        .map(|t| TopicJson {
            name: &t.name,
            aliases: &t.aliases,
            parent: t
                .parent
                .and_then(|p| topics.get(p))
                .map(|p| p.name.as_str()),
            reports: rows
                .next()
                .unwrap_or_default()
                .into_iter()
                .filter(|r| !r.sections.is_empty())
                .collect(),
        })
        .collect();
    if json {
        write_json(&all, out)?;
        return Ok(());
    }
    for t in &all {
        let parent = t.parent.map(|p| format!(" (⊂ {p})")).unwrap_or_default();
        writeln!(out, "{}{parent}", t.name)?;
        for r in &t.reports {
            let paths: Vec<&str> = r.sections.iter().map(|s| s.path.as_str()).collect();
            writeln!(out, "  {}  {}", r.name, paths.join(" "))?;
        }
    }
    Ok(())
}

/// `fazhi topic NAME`: one row per report covering the topic.
pub fn topic_table(
    topics: &Topics,
    topic: usize,
    lib: &Library,
    csv: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<crate::topic::TopicRow> = topics
        .topic_rows(lib, topic)
        .into_iter()
        .filter(|r| !r.sections.is_empty())
        .collect();
    if json {
        #[derive(Serialize)]
        struct Row<'a> {
            id: String,
            #[serde(flatten)]
            row: &'a crate::topic::TopicRow,
        }
        let rows: Vec<Row> = rows
            .iter()
            .map(|r| Row {
                id: lib.report(r.report).id(),
                row: r,
            })
            .collect();
        write_json(&rows, out)?;
        return Ok(());
    }
    let figures = |s: &crate::topic::TopicSection| {
        s.figures
            .iter()
            .map(|f| {
                if f.label.is_empty() {
                    f.shown().into_owned()
                } else {
                    format!("{} {}", f.label, f.shown())
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if csv {
        writeln!(out, "id,district,year,section,title,figures")?;
        for r in &rows {
            for s in &r.sections {
                writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    lib.report(r.report).id(),
                    csv_field(r.district.as_deref().unwrap_or("")),
                    r.year.map_or(String::new(), |y| y.to_string()),
                    csv_field(&s.path),
                    csv_field(&s.title),
                    csv_field(&figures(s))
                )?;
            }
        }
        return Ok(());
    }
    let name = topics.get(topic).map_or("", |t| t.name.as_str());
    writeln!(out, "{name}: {} of {} reports", rows.len(), lib.len())?;
    let mut table = vec![[
        "REPORT".to_string(),
        "SECTION".into(),
        "TITLE".into(),
        "FIGURES".into(),
    ]];
    for r in &rows {
        for s in &r.sections {
            table.push([r.name.clone(), s.path.clone(), s.title.clone(), figures(s)]);
        }
    }
    write_table(&table, out)
}
