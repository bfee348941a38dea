//! fazhi: read, compare and annotate China's annual rule-of-law government reports.
//!
//! The library is the pure core (no terminal): [`report`] parses, [`library`] holds all
//! reports, [`note`] stores notes. The binary's TUI and CLI are thin shells around it.

pub mod cli;
pub mod error;
pub mod library;
pub mod note;
pub mod report;
pub mod tui;
pub mod xdg;
