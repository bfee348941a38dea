//! Text helpers shared by the parser: decoding files and normalising markers.

/// Why some bytes are not a report's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// No bytes, or only whitespace.
    Empty,
    /// Binary content; the string says what gave it away.
    Binary(String),
}

/// Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030, or
/// Big5. A few bytes that fit no encoding (a download cut mid-character, one stray character
/// pasted in another encoding) become `\u{FFFD}`, which the parser warns about. Line endings
/// become `\n`. The text is otherwise kept as written.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeProblem> {
    let text = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        cow.into_owned()
    } else if let Some(enc) = utf16_without_bom(bytes) {
        enc.decode_without_bom_handling(bytes).0.into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        // Not UTF-8: Chinese government text that is not UTF-8 is GBK/GB18030 in practice,
        // or Big5 from Taiwan and Hong Kong, which GB18030 reads as common-looking nonsense.
        let utf8 = String::from_utf8_lossy(bytes);
        let candidates = [
            utf8.into_owned(),
            encoding_rs::GB18030
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            encoding_rs::BIG5
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        ];
        let best = candidates
            .into_iter()
            .filter(|t| undecoded(t) <= bytes.len() / 1000 + 1 && t.chars().any(is_han))
            .max_by_key(|t| (common_share(t), std::cmp::Reverse(undecoded(t))));
        best.ok_or_else(|| {
            DecodeProblem::Binary("neither UTF-8, UTF-16, GB18030 nor Big5".to_string())
        })?
    };
    if text.contains('\0') {
        return Err(DecodeProblem::Binary("contains NUL bytes".to_string()));
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 100 > text.chars().count().max(1) {
        return Err(DecodeProblem::Binary(
            "too many control characters".to_string(),
        ));
    }
    if text.trim().is_empty() {
        return Err(DecodeProblem::Empty);
    }
    Ok(normalize_newlines(&text))
}

/// UTF-16 saved without its BOM, told by where its zero bytes fall: the high bytes of the
/// digits, Latin letters and line ends, at odd offsets (little-endian) or even ones (big);
/// the other side has only the few low bytes of ideographs such as `一` (U+4E00). Text in
/// any other encoding has no zero bytes at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let enough = bytes.len() / 200 + 1;
    let enc = match (even, odd) {
        (e, o) if o >= enough && e * 3 <= o => encoding_rs::UTF_16LE,
        (e, o) if e >= enough && o * 3 <= e => encoding_rs::UTF_16BE,
        _ => return None,
    };
    // Binary data read as UTF-16 is rare characters, when it decodes at all.
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors && common_share(&text) >= 300).then_some(enc)
}

/// How many characters of `text` could not be decoded.
pub fn undecoded(text: &str) -> usize {
    // A byte search, not a walk over every character: this runs on every report parsed.
    memchr::memmem::find_iter(text.as_bytes(), "\u{FFFD}".as_bytes()).count()
}

/// A CJK ideograph (of the basic block or extension A): the end of a word, not punctuation,
/// a digit or a quote.
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Characters frequent in any Chinese text, Simplified or Traditional (their shared forms):
/// text decoded in the wrong encoding is made of rare ones.
const COMMON: &str = "的一是在不了有和人中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

/// The share, in thousandths, of the ideographs of `text` that are [`COMMON`] ones (or their
/// Traditional forms, which `fast2s` folds).
fn common_share(text: &str) -> usize {
    let (mut han, mut common) = (0usize, 0usize);
    for c in text.chars().filter(|&c| is_han(c)).take(4000) {
        han += 1;
        let simple = fast2s::convert(c.encode_utf8(&mut [0; 4]));
        common += usize::from(simple.chars().next().is_some_and(|s| COMMON.contains(s)));
    }
    common * 1000 / han.max(1)
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// An ASCII or full-width digit's value.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Is `c` a Chinese numeral used in heading markers (`一` … `十`, `百`)?
pub fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    )
}

/// A number written as one enclosed character: `㈠`–`㈩` (1–10, written `（一）`) and
/// `⑴`–`⒇` (1–20, written `(1)`).
pub fn enclosed_number(c: char) -> Option<u32> {
    match c {
        '\u{3220}'..='\u{3229}' => Some(c as u32 - 0x3220 + 1),
        '\u{2474}'..='\u{2487}' => Some(c as u32 - 0x2474 + 1),
        _ => None,
    }
}

/// Normalise a heading marker for comparison: `（一）`/`(一)`/`㈠` → `(一)`, `1.`/`1．`/`1、` →
/// `1`, full-width digits → ASCII.
pub fn marker_key(marker: &str) -> String {
    let mut out = String::new();
    for c in marker.trim().chars() {
        if let Some(n) = enclosed_number(c) {
            // `㈠` is found as `(一)`, `⑴` as `(1)`.
            const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
            let number = if c >= '\u{3220}' {
                CN[n as usize - 1].to_string()
            } else {
                n.to_string()
            };
            out.push_str(&format!("({number})"));
            continue;
        }
        match c {
            '（' => out.push('('),
            '）' => out.push(')'),
            '、' | '.' | '．' | ' ' | '\u{3000}' => {}
            c => match digit(c) {
                Some(d) => out.push(char::from_digit(d, 10).unwrap_or(c)),
                None => out.push(c),
            },
        }
    }
    // `1）` is found as `(1)`.
    if out.ends_with(')') && !out.starts_with('(') {
        out.insert(0, '(');
    }
    out
}

/// Does this text end a sentence (so a paragraph ending here is complete)?
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let mut chars = t.chars().rev();
    let mut last = match chars.next() {
        Some(c) => c,
        None => return true,
    };
    // Closing quotes and brackets after the stop: `…。”` `…。）`.
    while matches!(
        last,
        '”' | '’' | '」' | '』' | '）' | ')' | '"' | '》' | '*'
    ) {
        match chars.next() {
            Some(c) => last = c,
            None => return false,
        }
    }
    matches!(
        last,
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '…' | '.'
    )
}

/// The largest char boundary of `s` at or before byte `i`, to cut a prefix without splitting
/// a character.
pub fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A page number as printed: `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 9 页`, `3/9`.
pub fn is_page_number(l: &str) -> bool {
    let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(['-', '－', '—', '–', '·', '•']);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    let Some(rest) = core.strip_prefix('第') else {
        return false;
    };
    let (n, rest) = rest.split_once('页').unwrap_or((rest, "!"));
    digits(n)
        && (rest.is_empty()
            || rest
                .trim_start_matches(['，', ',', '/'])
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

/// A page number no sentence could be: [`is_page_number`] but not bare digits (`- 3 -`,
/// `第3页`), so a body copied out of a PDF drops it while a number alone on a line stays.
pub fn is_marked_page_number(l: &str) -> bool {
    let t = l.trim();
    // Every line of every file is asked: a long one is no page number, found without
    // building anything (this was 4 % of a cold index).
    t.len() <= PAGE_NUMBER_MAX_BYTES && is_page_number(t) && !t.chars().all(|c| c.is_ascii_digit())
}

/// Longest page number, in bytes: `第 123 页 共 456 页` with spaces.
const PAGE_NUMBER_MAX_BYTES: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk_bom_and_crlf() {
        let (gbk, _, _) = encoding_rs::GBK.encode("一、总体情况\r\n正文。\r\n");
        assert_eq!(decode(&gbk).unwrap(), "一、总体情况\n正文。\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("报告\r".as_bytes());
        assert_eq!(decode(&bom).unwrap(), "报告\n");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "报告".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), "报告");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert_eq!(decode(b"  \n\n"), Err(DecodeProblem::Empty));
        assert!(matches!(
            decode(&[0u8, 1, 2, 255, 254, 0, 0]),
            Err(DecodeProblem::Binary(_))
        ));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("国家工作人员法治素养。"));
        assert!(ends_sentence("“一张清单”。”"));
        assert!(!ends_sentence("不断提升"));
        assert!(!ends_sentence("行政权力 764"));
    }
}
