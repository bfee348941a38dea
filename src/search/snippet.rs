//! A match shown in context: a few characters either side, found by walking out from the
//! match, never by reading the line from its start (a one-line report of megabytes has
//! thousands of hits, each far into the line).

use std::ops::Range;

/// A match shown in context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Up to `context` characters either side of the match, with `…` where text was cut.
    pub text: String,
    /// The match, in characters (not bytes) of `text`.
    pub matched: Range<usize>,
    /// The match, in bytes of `text`.
    pub bytes: Range<usize>,
}

/// The text around `range` (bytes of `text`), `context` characters either side. Bytes that
/// are not UTF-8 (a damaged store) show as `�`.
pub fn snippet(text: &[u8], range: Range<usize>, context: usize) -> Snippet {
    let mut out = String::new();
    let (matched, bytes) = snippet_into(text, range, context, &mut out);
    Snippet {
        text: out,
        matched,
        bytes,
    }
}

/// [`snippet`] written into `out` (emptied first), so a caller showing many matches reuses
/// one buffer: returns the match in characters and in bytes of `out`.
pub fn snippet_into(
    text: &[u8],
    range: Range<usize>,
    context: usize,
    out: &mut String,
) -> (Range<usize>, Range<usize>) {
    out.clear();
    let range = range.start.min(text.len())..range.end.min(text.len()).max(range.start);
    let is_start = |b: &u8| b & 0xC0 != 0x80;
    // A character is at most 4 bytes, so the cut lies within `4 * context` bytes either
    // side: counting the character starts there byte by byte (a flag added, no inner loop)
    // is cheaper than stepping one character at a time.
    let (mut from, mut before) = (range.start, 0);
    let lo = range.start.saturating_sub(4 * context);
    for (i, b) in text[lo..range.start].iter().enumerate().rev() {
        if before == context {
            break;
        }
        if is_start(b) {
            (from, before) = (lo + i, before + 1);
        }
    }
    if before < context && lo == 0 {
        from = 0;
    }
    let mut end = range.end;
    if context > 0 && range.end < text.len() {
        let hi = (range.end + 1 + 4 * context).min(text.len());
        let mut after = 0;
        if let Some(i) = text[range.end + 1..hi].iter().position(|b| {
            after += usize::from(is_start(b));
            after == context
        }) {
            end = range.end + 1 + i;
        } else {
            end = hi;
        }
    }
    let (cut_before, cut_after) = (from > 0, end < text.len());
    let (m0, m1) = (range.start - from, range.end - from);
    // One check of the whole cut, and the match counted as walked; the characters are
    // rebuilt one part at a time only when the text is not UTF-8 or the match splits a
    // character.
    match simdutf8::basic::from_utf8(&text[from..end]) {
        Ok(s) if s.is_char_boundary(m0) && s.is_char_boundary(m1) => {
            if cut_before {
                out.push('…');
            }
            let b0 = out.len() + m0;
            out.push_str(s);
            if cut_after {
                out.push('…');
            }
            let c0 = usize::from(cut_before) + before;
            (c0..c0 + chars(&s[m0..m1]), b0..b0 + (m1 - m0))
        }
        _ => {
            let mut push = |part: &[u8]| {
                let at = out.len();
                out.push_str(&String::from_utf8_lossy(part));
                (at, out.len())
            };
            if cut_before {
                push("…".as_bytes());
            }
            push(&text[from..range.start]);
            let (b0, b1) = push(&text[range.clone()]);
            push(&text[range.end..end]);
            if cut_after {
                push("…".as_bytes());
            }
            let c0 = chars(&out[..b0]);
            (c0..c0 + chars(&out[b0..b1]), b0..b1)
        }
    }
}

/// Characters in `s`.
fn chars(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}
