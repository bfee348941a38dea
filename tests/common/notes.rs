//! A note as the tests and the fuzzer write one.

use fazhi::note::{Anchor, NewNote, TextQuote};

/// A note by `author` on `report_id`'s third paragraph of `一/（五）`, quoting
/// `行政复议案件58件`.
pub fn on_review(report_id: &str, body: &str, author: &str) -> NewNote {
    NewNote {
        report_id: report_id.into(),
        anchor: Anchor {
            section_path: "一/（五）".into(),
            paragraph: 2,
            quote: TextQuote {
                exact: "行政复议案件58件".into(),
                prefix: "上文".into(),
                suffix: "下文".into(),
            },
        },
        figure: None,
        body: body.into(),
        author: author.into(),
    }
}
