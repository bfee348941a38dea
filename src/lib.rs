//! fazhi: read, compare and annotate China's annual rule-of-law government reports.
//!
//! The library is the pure core (no terminal): [`report`] parses, [`library`] holds all
//! reports, [`topic`] tags sections, [`palette`] and [`pinyin`] find things by characters or
//! pinyin, [`note`] stores notes. The binary's TUI and CLI are thin shells around it; [`ssh`]
//! serves the TUI over SSH.

pub mod cli;
pub mod compare;
pub mod cores;
pub mod error;
pub mod library;
pub mod note;
pub mod palette;
pub mod pinyin;
pub mod report;
pub mod search;
pub mod source;
pub mod ssh;
pub mod store;
#[cfg(feature = "synth")]
pub mod synth;
pub mod topic;
pub mod tui;
pub mod user_file;
pub mod user_library;
pub mod xdg;
