//! Plain pinyin readings (no tones) of Chinese text, for typing Chinese without an input method.
//!
//! Every character gets *all* its readings, because the reader cannot know which one a
//! heteronym takes in context: 行 is `xing` in 行政 and `hang` in 银行, and a user typing
//! either must find it. Characters without a reading (ASCII, digits, punctuation) read as
//! themselves, lowercased, so `ABC` matches `abc`.

use ::pinyin::ToPinyinMulti;

/// All plain readings of one character, most common first, without duplicates
/// (toned variants such as `xíng`/`xìng` collapse to one `xing`).
///
/// A character with no pinyin reads as itself, lowercased: `A` → `["a"]`, `、` → `["、"]`.
pub fn char_readings(c: char) -> Vec<String> {
    match c.to_pinyin_multi() {
        Some(multi) => {
            let mut out: Vec<String> = Vec::with_capacity(multi.count());
            for reading in multi {
                let plain = reading.plain();
                if !out.iter().any(|r| r == plain) {
                    out.push(plain.to_string());
                }
            }
            out
        }
        None => vec![c.to_lowercase().collect()],
    }
}

/// True when `c` has a pinyin reading (a Chinese character known to the pinyin tables).
pub fn has_reading(c: char) -> bool {
    c.to_pinyin_multi().is_some()
}

/// Readings of every character of `text`, one list per `char`.
pub fn readings(text: &str) -> Vec<Vec<String>> {
    text.chars().map(char_readings).collect()
}

/// True when `query` spells `text` completely, character by character, where each character
/// is typed as itself, as one of its full readings, or as the first letter of a reading.
///
/// This is what "the user typed the name" means for topic lookup: `xzfy`, `xingzhengfuyi`,
/// `xz复议` and `行政复议` all spell 行政复议; `xzf` (too short) and `xzfyy` (too long) do not.
/// Case and whitespace in `query` are ignored.
pub fn spells(text: &str, query: &str) -> bool {
    let query: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let text: Vec<(char, Vec<String>)> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| (c, char_readings(c)))
        .collect();
    // reach[j] = the first j query chars can spell the characters seen so far. A plain
    // boolean DP: a greedy choice between `xi` and `xian` could strand the rest of the query.
    let mut reach = vec![false; query.len() + 1];
    reach[0] = true;
    for (c, char_reads) in &text {
        let mut next = vec![false; query.len() + 1];
        for j in (0..query.len()).filter(|&j| reach[j]) {
            if c.to_lowercase().eq(std::iter::once(query[j])) {
                next[j + 1] = true;
            }
            for r in char_reads {
                let r: Vec<char> = r.chars().collect();
                if query[j] == r[0] {
                    next[j + 1] = true;
                }
                if query.len() - j >= r.len() && query[j..j + r.len()] == r[..] {
                    next[j + r.len()] = true;
                }
            }
        }
        reach = next;
    }
    reach[query.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(c: char, reading: &str) -> bool {
        char_readings(c).iter().any(|r| r == reading)
    }

    #[test]
    fn heteronyms_have_every_reading() {
        assert!(has('行', "xing") && has('行', "hang"));
        assert!(has('重', "zhong") && has('重', "chong"));
        assert!(has('长', "chang") && has('长', "zhang"));
        assert!(has('调', "tiao") && has('调', "diao"));
    }

    #[test]
    fn readings_are_plain_and_unique() {
        let xing = char_readings('行');
        assert_eq!(xing.iter().filter(|r| *r == "xing").count(), 1);
        assert!(xing
            .iter()
            .all(|r| r.chars().all(|c| c.is_ascii_lowercase())));
        assert_eq!(char_readings('议'), vec!["yi".to_string()]);
    }

    #[test]
    fn non_chinese_reads_as_itself_lowercased() {
        assert_eq!(char_readings('A'), vec!["a".to_string()]);
        assert_eq!(char_readings('8'), vec!["8".to_string()]);
        assert_eq!(char_readings('、'), vec!["、".to_string()]);
        assert!(!has_reading('A') && has_reading('复'));
        assert_eq!(readings("复A").len(), 2);
    }

    #[test]
    fn spells_full_initials_and_mixed() {
        for q in [
            "行政复议",
            "xzfy",
            "xingzhengfuyi",
            "xz复议",
            "XZFY",
            "hangzhengfuyi",
        ] {
            assert!(spells("行政复议", q), "{q}");
        }
        for q in ["xzf", "xzfyy", "fuyi", "xingzhengfu"] {
            assert!(!spells("行政复议", q), "{q}");
        }
        // A choice between a short and a long reading must not be made greedily.
        assert!(spells("西安", "xian"));
        assert!(spells("先", "xian"));
    }
}
