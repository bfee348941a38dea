//! Text helpers shared by the parser: decoding files and normalising markers.

/// Normalise a heading marker for comparison: `（一）`/`(一)` → `(一)`, `1.`/`1．`/`1、` → `1`.
pub fn marker_key(marker: &str) -> String {
    let mut out = String::new();
    for c in marker.trim().chars() {
        match c {
            '（' => out.push('('),
            '）' => out.push(')'),
            '、' | '.' | '．' | ' ' => {}
            c => out.push(c),
        }
    }
    out
}
