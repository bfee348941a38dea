//! Metadata: district, prefecture, province, code, year, issuers, document number, date.

use serde::Serialize;

/// What the report says about itself.
#[derive(Debug, Clone, Default, Serialize)]
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
}

impl Meta {
    /// `<code>-<year>`; an undecided part is `unknown`.
    pub fn id(&self) -> String {
        format!(
            "{}-{}",
            self.code.as_deref().unwrap_or("unknown"),
            self.year.map_or("unknown".to_string(), |y| y.to_string())
        )
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

/// Every county-level division of China, from `data/divisions.tsv`.
pub struct Gazetteer {
    /// All divisions in file order.
    pub divisions: Vec<Division>,
}

/// One county-level division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// GB/T 2260 code.
    pub code: String,
    /// County-level name.
    pub name: String,
    /// Prefecture-level name (empty for directly administered counties).
    pub prefecture: String,
    /// Province-level name.
    pub province: String,
}
