//! fazhi: read, compare and annotate China's annual rule-of-law government reports.
//!
//! The library is the pure core (no terminal): [`report`] parses, [`library`] holds all
//! reports. The binary's TUI and CLI are thin shells around it.

pub mod error;
pub mod palette;
pub mod pinyin;
pub mod report;
pub mod topic;
