//! Export notes (Markdown for reading, our JSON, W3C Web Annotation JSON-LD) and import
//! them back. Import merges by uuid, so importing the same file twice adds nothing.

use super::anchor::{locate, paragraph_views};
use super::store::{ImportSummary, Store};
use super::{Anchor, Note, NoteError, TextQuote};
use crate::report::Report;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// `format` field of our JSON export.
const FORMAT: &str = "fazhi-notes";

/// Version of our JSON export; bump when a field changes meaning.
const FORMAT_VERSION: u32 = 1;

/// JSON-LD context of the W3C Web Annotation Data Model.
const W3C_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// `target.source` is this followed by the report id.
const SOURCE_PREFIX: &str = "fazhi:report/";

/// `conformsTo` of the FragmentSelector carrying section path and paragraph index.
const FRAGMENT_SCHEME: &str = "fazhi:paragraph";

/// Our JSON export file.
#[derive(Serialize, Deserialize)]
struct Export {
    format: String,
    version: u32,
    notes: Vec<Exported>,
}

/// A note as exported: everything but the database-local id.
#[derive(Serialize, Deserialize)]
struct Exported {
    uuid: String,
    report_id: String,
    anchor: Anchor,
    figure: Option<String>,
    body: String,
    author: String,
    created: String,
    updated: String,
}

/// A section path and its notes, for [`export_markdown`].
type SectionGroup<'n> = (&'n str, Vec<&'n Note>);

/// Notes as Markdown for reading and printing: `#` per report (titled with its district and
/// title when the report is in `reports`), `##` per section, each note with its quote as a
/// blockquote. A note on a figure quotes the whole paragraph the figure is in and names the
/// figure with its label (`数据：办理行政复议案件 9 次`), since the figure alone (`9 次`) says
/// nothing. Groups come in the order their first note has in `notes`, so sort the notes by
/// document position first for document order.
pub fn export_markdown(notes: &[Note], reports: &[Report]) -> String {
    let mut groups: Vec<(&str, Vec<SectionGroup<'_>>)> = Vec::new();
    for note in notes {
        let at = match groups.iter().position(|r| r.0 == note.report_id) {
            Some(at) => at,
            None => {
                groups.push((&note.report_id, Vec::new()));
                groups.len() - 1
            }
        };
        let sections = &mut groups[at].1;
        let path = note.anchor.section_path.as_str();
        match sections.iter_mut().find(|s| s.0 == path) {
            Some(s) => s.1.push(note),
            None => sections.push((path, vec![note])),
        }
    }

    let mut out = String::new();
    for (id, sections) in groups {
        let report = reports.iter().find(|r| r.id() == id);
        match report {
            Some(r) => out.push_str(&format!(
                "# {} · {} ({id})\n\n",
                r.short_name(),
                r.meta.title
            )),
            None => out.push_str(&format!("# {id}\n\n")),
        }
        for (path, notes) in sections {
            let heading = if path.is_empty() { "前言" } else { path };
            out.push_str(&format!("## {heading}\n\n"));
            for note in notes {
                let figure = report.and_then(|r| figure_of(note, r));
                let quote = figure.map_or(note.anchor.quote.exact.as_str(), |(_, p)| p);
                for line in quote.lines() {
                    out.push_str(&format!("> {line}\n"));
                }
                out.push('\n');
                out.push_str(note.body.trim_end());
                out.push_str("\n\n");
                out.push_str(&format!(
                    "— {} · {} · 第 {} 段",
                    note.author,
                    note.updated,
                    note.anchor.paragraph + 1
                ));
                match (&note.figure, figure) {
                    (Some(text), Some((label, _))) if !label.is_empty() => {
                        out.push_str(&format!(" · 数据：{label} {text}"));
                    }
                    (Some(text), _) => out.push_str(&format!(" · 数据：{text}")),
                    (None, _) => {}
                }
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// The label of the figure a note is about, and the text of the paragraph it is in, where
/// the note is found in `report` now; `None` for a note not on a figure, or not found.
fn figure_of<'r>(note: &Note, report: &'r Report) -> Option<(&'r str, &'r str)> {
    let text = note.figure.as_deref()?;
    let views = paragraph_views(report);
    let view = &views[locate(&note.anchor, &views).index()?];
    let paragraph = if view.section_path.is_empty() {
        report.preamble.get(view.paragraph)?
    } else {
        let section = report.find_path(&view.section_path)?;
        report.sections[section].paragraphs.get(view.paragraph)?
    };
    let figure = paragraph.figures.iter().find(|f| f.text == text)?;
    Some((&figure.label, &paragraph.text))
}

/// Notes in our own versioned JSON format (everything but the database-local ids).
pub fn export_json(notes: &[Note]) -> String {
    let export = Export {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        notes: notes
            .iter()
            .map(|n| Exported {
                uuid: n.uuid.clone(),
                report_id: n.report_id.clone(),
                anchor: n.anchor.clone(),
                figure: n.figure.clone(),
                body: n.body.clone(),
                author: n.author.clone(),
                created: n.created.clone(),
                updated: n.updated.clone(),
            })
            .collect(),
    };
    to_pretty(&export)
}

/// Notes as a W3C Web Annotation `AnnotationCollection` (JSON-LD).
///
/// Each note's target has the source `fazhi:report/<id>`, a `TextQuoteSelector` (refined
/// by a second one quoting the figure, for a note on a figure) and a `FragmentSelector`
/// `section=<path>&paragraph=<n>` (percent-encoded).
pub fn export_w3c(notes: &[Note]) -> String {
    let items: Vec<Value> = notes.iter().map(annotation).collect();
    to_pretty(&json!({
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": "fazhi notes",
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }))
}

fn annotation(note: &Note) -> Value {
    let quote = &note.anchor.quote;
    let mut text_quote = json!({
        "type": "TextQuoteSelector",
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
    });
    if let Some(figure) = &note.figure {
        text_quote["refinedBy"] = json!({ "type": "TextQuoteSelector", "exact": figure });
    }
    json!({
        "id": annotation_id(&note.uuid),
        "type": "Annotation",
        "motivation": "commenting",
        "creator": { "type": "Person", "name": note.author },
        "created": note.created,
        "modified": note.updated,
        "body": {
            "type": "TextualBody",
            "value": note.body,
            "format": "text/plain",
            "purpose": "commenting",
        },
        "target": {
            "source": format!("{SOURCE_PREFIX}{}", note.report_id),
            "selector": [
                text_quote,
                {
                    "type": "FragmentSelector",
                    "conformsTo": FRAGMENT_SCHEME,
                    "value": format!(
                        "section={}&paragraph={}",
                        percent_encode(&note.anchor.section_path),
                        note.anchor.paragraph
                    ),
                },
            ],
        },
    })
}

/// The annotation IRI of a note: `urn:uuid:<uuid>` for our notes; a note imported from
/// another tool keeps that tool's IRI as its uuid, and exports it unchanged.
fn annotation_id(uuid: &str) -> String {
    if uuid.contains(':') {
        uuid.to_string()
    } else {
        format!("urn:uuid:{uuid}")
    }
}

/// Serialising a `Value` or plain structs cannot fail; the fallback keeps this panic-free.
fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Import an [`export_json`] or [`export_w3c`] text (or a single W3C `Annotation`) into
/// `store`. All or nothing: a text with any unusable note imports none. Idempotent: notes
/// are matched by uuid, and a known note only takes an incoming body that is newer.
pub fn import(store: &mut Store, text: &str) -> Result<ImportSummary, NoteError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| NoteError::Import(format!("not JSON ({e})")))?;
    let notes = if value.get("format").and_then(Value::as_str) == Some(FORMAT) {
        from_ours(value)?
    } else if value.get("@context").is_some() || value.get("type").is_some() {
        from_w3c(&value)?
    } else {
        return Err(NoteError::Import(
            "neither a fazhi notes export nor W3C Web Annotation JSON".into(),
        ));
    };
    store.merge(&notes)
}

fn from_ours(value: Value) -> Result<Vec<Note>, NoteError> {
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return Err(NoteError::Import(format!(
            "written by a newer fazhi (format version {version}, this build reads up to \
             {FORMAT_VERSION}); upgrade fazhi"
        )));
    }
    let export: Export = serde_json::from_value(value)
        .map_err(|e| NoteError::Import(format!("malformed fazhi notes export ({e})")))?;
    export
        .notes
        .into_iter()
        .map(|n| {
            check_note(Note {
                id: 0,
                uuid: n.uuid,
                report_id: n.report_id,
                anchor: n.anchor,
                figure: n.figure,
                body: n.body,
                author: n.author,
                created: n.created,
                updated: n.updated,
            })
        })
        .collect()
}

fn from_w3c(value: &Value) -> Result<Vec<Note>, NoteError> {
    match value.get("type").and_then(Value::as_str) {
        Some("Annotation") => Ok(vec![from_annotation(value)?]),
        Some("AnnotationCollection") => {
            let mut page = value.get("first");
            let mut notes = Vec::new();
            while let Some(p) = page {
                let items = p
                    .get("items")
                    .and_then(Value::as_array)
                    .ok_or_else(|| NoteError::Import("an AnnotationPage has no items".into()))?;
                for item in items {
                    notes.push(from_annotation(item)?);
                }
                // Pages linked by `next` must be embedded; a URL cannot be followed offline.
                page = p.get("next").filter(|n| n.is_object());
            }
            Ok(notes)
        }
        Some("AnnotationPage") => value
            .get("items")
            .and_then(Value::as_array)
            .ok_or_else(|| NoteError::Import("the AnnotationPage has no items".into()))?
            .iter()
            .map(from_annotation)
            .collect(),
        other => Err(NoteError::Import(format!(
            "W3C type {} is not an Annotation, AnnotationPage or AnnotationCollection",
            other.unwrap_or("(missing)")
        ))),
    }
}

fn from_annotation(a: &Value) -> Result<Note, NoteError> {
    let id = str_at(a, "id")?;
    let uuid = id.strip_prefix("urn:uuid:").unwrap_or(id);
    let bad = |what: &str| NoteError::Import(format!("annotation {id}: {what}"));

    let body = match a.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().find(|b| {
            matches!(
                b.get("purpose").and_then(Value::as_str),
                None | Some("commenting")
            )
        }),
        other => other,
    }
    .and_then(|b| b.get("value"))
    .and_then(Value::as_str)
    .ok_or_else(|| bad("no TextualBody value"))?;

    let creator = match a.get("creator") {
        Some(Value::String(s)) => s.as_str(),
        Some(c) => c
            .get("name")
            .or_else(|| c.get("nickname"))
            .and_then(Value::as_str)
            .unwrap_or(""),
        None => "",
    };
    let created = str_at(a, "created").map_err(|_| bad("no created time"))?;
    let updated = a.get("modified").and_then(Value::as_str).unwrap_or(created);

    let target = a.get("target").ok_or_else(|| bad("no target"))?;
    let report_id = target
        .get("source")
        .and_then(Value::as_str)
        .and_then(|s| s.strip_prefix(SOURCE_PREFIX))
        .ok_or_else(|| bad("target source is not a fazhi:report/<id>"))?;
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(all)) => all.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let of_type = |t: &str| {
        selectors
            .iter()
            .copied()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(t))
    };
    let quote = of_type("TextQuoteSelector").ok_or_else(|| bad("no TextQuoteSelector"))?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let figure = quote
        .get("refinedBy")
        .and_then(|r| r.get("exact"))
        .and_then(Value::as_str)
        .map(str::to_string);
    // Without our fragment (an annotation from another tool) the quote alone anchors it.
    let (section_path, paragraph) = match of_type("FragmentSelector")
        .filter(|f| f.get("conformsTo").and_then(Value::as_str) == Some(FRAGMENT_SCHEME))
        .and_then(|f| f.get("value").and_then(Value::as_str))
    {
        Some(v) => parse_fragment(v).ok_or_else(|| bad("malformed fazhi:paragraph fragment"))?,
        None => (String::new(), 0),
    };

    check_note(Note {
        id: 0,
        uuid: uuid.to_string(),
        report_id: report_id.to_string(),
        anchor: Anchor {
            section_path,
            paragraph,
            quote: TextQuote {
                exact: text(quote, "exact"),
                prefix: text(quote, "prefix"),
                suffix: text(quote, "suffix"),
            },
        },
        figure,
        body: body.to_string(),
        author: creator.to_string(),
        created: created.to_string(),
        updated: updated.to_string(),
    })
}

fn str_at<'v>(v: &'v Value, key: &str) -> Result<&'v str, NoteError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| NoteError::Import(format!("an annotation has no {key}")))
}

/// Reject notes the store could not use, naming them.
fn check_note(note: Note) -> Result<Note, NoteError> {
    let problem = if note.uuid.trim().is_empty() {
        Some("no uuid")
    } else if note.report_id.trim().is_empty() {
        Some("no report id")
    } else if note.body.trim().is_empty() {
        Some("an empty body")
    } else if note.anchor.quote.exact.is_empty() {
        Some("an empty quote")
    } else {
        None
    };
    match problem {
        Some(p) => Err(NoteError::Import(format!("note {:?} has {p}", note.uuid))),
        None => Ok(note),
    }
}

fn parse_fragment(value: &str) -> Option<(String, usize)> {
    let mut section = None;
    let mut paragraph = None;
    for pair in value.split('&') {
        let (k, v) = pair.split_once('=')?;
        match k {
            "section" => section = Some(percent_decode(v)?),
            "paragraph" => paragraph = Some(v.parse().ok()?),
            _ => {}
        }
    }
    Some((section?, paragraph?))
}

/// Percent-encode everything but RFC 3986 unreserved characters (so `/`, `&`, `=` and
/// CJK in a section path cannot be confused with the fragment's own syntax).
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trip() {
        let path = "一/（五）/2.&x=1%";
        let enc = percent_encode(path);
        assert!(enc.is_ascii() && !enc.contains('/') && !enc.contains('&'));
        assert_eq!(percent_decode(&enc).as_deref(), Some(path));
        assert_eq!(percent_decode("%E4%B8"), None);
        assert_eq!(percent_decode("%Z1"), None);
        assert_eq!(percent_decode("%4"), None);
    }

    #[test]
    fn fragment_parsing() {
        assert_eq!(
            parse_fragment("section=%E4%B8%80&paragraph=3"),
            Some(("一".to_string(), 3))
        );
        assert_eq!(
            parse_fragment("section=&paragraph=0"),
            Some((String::new(), 0))
        );
        assert_eq!(parse_fragment("paragraph=x"), None);
        assert_eq!(parse_fragment("junk"), None);
    }
}
