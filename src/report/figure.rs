//! Figures: numbers a reader wants highlighted, with unit, kind, value and label.

use serde::Serialize;
use std::ops::Range;

/// What a figure measures; each kind is styled differently in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Things counted: `82件`, `960 人`, `56.5万人`.
    Count,
    /// `97.87%`.
    Percent,
    /// `393.08万元`; the value is in yuan.
    Money,
    /// Other quantities: `3316余海里`, `7个工作日`.
    Quantity,
    /// Dates and years: `2023年`, `2024年2月1日`, `5月份`.
    Date,
}

/// One figure inside a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The figure as written, approximation words included: `32万余元`.
    pub text: String,
    /// The numeric value with multipliers applied (`393.08万元` → 3930800).
    pub value: f64,
    /// The unit without multiplier: `元`, `件`, `%`, `人次`.
    pub unit: String,
    /// What kind of figure this is.
    pub kind: FigureKind,
    /// Approximate (`余` `多` `近` `以上` `约` …).
    pub approx: bool,
    /// The words just before it that say what is counted.
    pub label: String,
    /// Byte range of `text` in the paragraph.
    pub range: Range<usize>,
}
