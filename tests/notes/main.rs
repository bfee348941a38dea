//! Notes: anchoring to paragraphs through edits of the report, the SQLite store (several
//! processes, refusals, drafts) and export/import. One test binary for all of them.

#[path = "../common/mod.rs"]
mod common;

mod anchor;
mod attack;
mod reimport;
mod store;
