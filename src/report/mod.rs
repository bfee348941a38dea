//! The pure core: a report parsed into front matter, sections, paragraphs and figures.
//!
//! Nothing here touches a terminal. `parse` turns text into a [`Report`] and never fails;
//! problems become [`Report::warnings`].

pub mod district;
pub mod figure;
pub mod gazetteer;
pub mod hant;
pub mod label;
pub mod meta;
pub mod numeral;
pub mod parse;
pub mod runon;
pub(crate) mod table;
pub mod text;
pub mod web_meta;

use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use figure::{Change, Figure, FigureKind};
pub use gazetteer::Gazetteer;
pub use meta::Meta;

/// One parsed report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Where it came from: a path, or `bundled:<name>` for the embedded samples.
    pub source: String,
    /// District, year, issuers … inferred from the text (or given in a `---` block).
    pub meta: Meta,
    /// Front-matter lines as written (issuer, document number, signer, title, addressee,
    /// and any `---` override block).
    pub front_matter: Vec<String>,
    /// Body text before the first heading (the opening paragraph or two).
    pub preamble: Vec<Paragraph>,
    /// Every heading of the body, in document order; the tree is given by `parent`.
    pub sections: Vec<Section>,
    /// Sign-off lines at the end (issuer, date, `(此件公开发布)`).
    pub sign_off: Vec<String>,
    /// Things a person adding this report should know (district not decided, no headings …).
    pub warnings: Vec<String>,
}

/// A heading with the paragraphs directly under it (not those of its children).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`.
    pub level: u8,
    /// The marker as written, e.g. `（一）`, `(一)`, `1.`.
    pub number: String,
    /// Heading text without the marker; for a run-in heading, the text up to the first `。`.
    pub title: String,
    /// The title ended with a `。` (usually running into its body on the same line); that
    /// `。` was dropped from `title` and belongs to the heading.
    pub run_in: bool,
    /// Index of the enclosing section in [`Report::sections`].
    pub parent: Option<usize>,
    /// The body paragraphs of this section.
    pub paragraphs: Vec<Paragraph>,
}

impl Section {
    /// The heading as shown: marker and title, with a space between when the marker ends in
    /// no mark of its own (`第一部分 主要工作`, but `一、总体情况` and `（一）推进依法行政`).
    pub fn heading(&self) -> String {
        format!("{}{}{}", self.number, self.marker_gap(), self.title)
    }

    /// How the section is named among its children's ancestors (`千山区 2023 › 一、 › （三）`):
    /// its marker as written, or its title when it has none.
    pub fn crumb(&self) -> &str {
        if self.number.is_empty() {
            &self.title
        } else {
            &self.number
        }
    }

    /// How the section is named in a path ([`Report::path`]): its marker without a trailing
    /// `、`, or its title when it has no marker (a bare `存在的问题和不足`).
    pub fn path_step(&self) -> &str {
        match self.number.trim_end_matches('、') {
            "" => &self.title,
            number => number,
        }
    }

    /// What goes between the marker and the title in [`Section::heading`]: a space, or
    /// nothing.
    pub fn marker_gap(&self) -> &'static str {
        let spaced = self
            .number
            .chars()
            .last()
            // `㈠` is a closed mark of its own, as `（一）` is.
            .is_some_and(|c| c.is_alphanumeric() && text::enclosed_number(c).is_none())
            && !self.title.is_empty();
        if spaced {
            " "
        } else {
            ""
        }
    }
}

/// A body paragraph after page-break joins and artefact removal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paragraph {
    /// The text as shown (joined across page breaks, artefacts dropped).
    pub text: String,
    /// Figures found in `text`; their ranges are byte offsets into `text`.
    pub figures: Vec<Figure>,
    /// Byte ranges in `text` of inline point markers (`一是`, `二是` …).
    pub points: Vec<Range<usize>>,
}

impl Report {
    /// Stable identifier: `<code>-<year>`, or the file's name when either is unknown (so two
    /// reports of unknown district do not share `unknown-unknown`). In a library, a second
    /// report with the same id gets `-2`, a third `-3` (see [`Report::base_id`]).
    pub fn id(&self) -> String {
        self.meta
            .library_id
            .clone()
            .unwrap_or_else(|| self.base_id())
    }

    /// The id before the library makes it unique: `<code>-<year>`, else the file's stem with
    /// anything but letters, digits, `-` and `_` made `-` (`关于2023年的报告 (1).txt` →
    /// `关于2023年的报告-1`).
    pub fn base_id(&self) -> String {
        if let Some(id) = self.meta.code_year() {
            return id;
        }
        let name = self.source.strip_prefix("bundled:").unwrap_or(&self.source);
        let stem = std::path::Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let mut id = String::new();
        for c in stem.chars() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                id.push(c);
            } else if !id.ends_with('-') {
                id.push('-');
            }
        }
        let id = id.trim_matches('-');
        if id.is_empty() {
            "report".to_string()
        } else {
            id.to_string()
        }
    }

    /// Indices of the children of section `index` (or of the top level when `None`).
    pub fn children(&self, index: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == index)
            .map(|(i, _)| i)
    }

    /// The chain of section indices from the top level down to `index`.
    pub fn ancestry(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut at = index;
        while let Some(p) = self.sections[at].parent {
            chain.push(p);
            at = p;
        }
        chain.reverse();
        chain
    }

    /// Whether section `s` stands under a heading of what is planned for the year ahead
    /// (`四、2025年工作打算`, `下一步工作安排`), itself or by an ancestor: its figures are
    /// targets, not what the year did.
    pub fn in_plan(&self, s: usize) -> bool {
        const PLAN: &[&str] = &["下一步", "打算", "工作计划", "工作安排"];
        let mut at = Some(s);
        while let Some(i) = at {
            let Some(section) = self.sections.get(i) else {
                return false;
            };
            if PLAN.iter().any(|p| section.title.contains(p)) {
                return true;
            }
            at = section.parent;
        }
        false
    }

    /// Section path of markers, e.g. `一/（五）/2.`, as used by the CLI and notes.
    pub fn path(&self, index: usize) -> String {
        self.ancestry(index)
            .iter()
            .map(|&i| self.sections[i].path_step())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Find a section by its path (`一/（五）`); markers compare loosely
    /// (full- or half-width brackets, `1.` = `1、`).
    pub fn find_path(&self, path: &str) -> Option<usize> {
        let want: Vec<String> = path.split('/').map(text::marker_key).collect();
        (0..self.sections.len()).find(|&i| {
            let have: Vec<String> = self
                .ancestry(i)
                .iter()
                .map(|&j| text::marker_key(self.sections[j].path_step()))
                .collect();
            have == want
        })
    }

    /// All figures of the report with the index of their section (`None` = preamble).
    pub fn figures(&self) -> impl Iterator<Item = (Option<usize>, &Paragraph, &Figure)> {
        let pre = self
            .preamble
            .iter()
            .flat_map(|p| p.figures.iter().map(move |f| (None, p, f)));
        let body = self.sections.iter().enumerate().flat_map(|(i, s)| {
            s.paragraphs
                .iter()
                .flat_map(move |p| p.figures.iter().map(move |f| (Some(i), p, f)))
        });
        pre.chain(body)
    }

    /// All figures with their section (`None` = preamble) and the paragraph's index in it.
    pub fn positioned_figures(
        &self,
    ) -> impl Iterator<Item = (Option<usize>, usize, &Paragraph, &Figure)> {
        let pre = self.preamble.iter().enumerate().map(|(k, p)| (None, k, p));
        let body = self.sections.iter().enumerate().flat_map(|(i, s)| {
            s.paragraphs
                .iter()
                .enumerate()
                .map(move |(k, p)| (Some(i), k, p))
        });
        pre.chain(body)
            .flat_map(|(s, k, p)| p.figures.iter().map(move |f| (s, k, p, f)))
    }

    /// A short human name: `千山区 2023`.
    pub fn short_name(&self) -> String {
        self.meta.short_name()
    }
}

pub use parse::parse;
