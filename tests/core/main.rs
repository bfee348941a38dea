//! The core on real text: the parser (outline, paragraphs, figures, metadata, nothing lost),
//! the library and its cache, topic tagging and the palette's matching. One test binary for
//! all of them.

#[path = "../common/mod.rs"]
mod common;

mod attack_files;
mod attack_show;
mod attack_topics;
mod figures;
mod figures_gold;
mod figures_sentences;
mod formats;
mod library_cache;
mod lossless;
mod meta;
mod outlines;
mod palette;
mod paragraphs;
mod prop;
mod samples;
mod text_forms;
mod topic;
