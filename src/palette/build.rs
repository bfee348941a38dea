//! Building the index: candidates from topics and reports, the distinct strings they are
//! searched by (units) packed once each into an arena of glyph ids, and what one- and
//! two-letter queries match in each unit, precomputed.
//!
//! Kept whole past 600 lines: the builder fills tables that index each other (candidates,
//! units, parts, the arena), and split across files their offsets would have to be public.

use super::unit::{PartUnits, Postings};
use super::{
    Candidate, CandidateKind, PaletteIndex, BONUS_BOUNDARY, BONUS_HEADING, BONUS_TOPIC,
    BONUS_TOPIC_ALIAS, SCORE_EXACT, SCORE_FULL_LETTER, SCORE_INITIAL,
};
use crate::report::{FigureKind, Meta, Report};
use crate::topic::Topics;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// The [`PaletteIndex::id`] of the next index built.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(0);

/// Reports decoded and tagged at a time by [`PaletteIndex::build_chunked`]: enough to keep
/// every core busy, few enough that a chunk is a few megabytes.
const CHUNK: usize = 64;

/// A clause of a part is at least this many characters: a part is cut into clauses only
/// before a character that starts a word (after punctuation or a space), and a clause as short
/// as `（一）` would only add parts to join.
const MIN_CLAUSE: usize = 4;

/// Flag in the character arena: the character starts a word (see [`BONUS_BOUNDARY`]).
pub(super) const BOUNDARY: u16 = 1 << 15;
/// Mask of the glyph id in the arena. Ids are 15 bits so that scanning the arena, which is
/// what a keystroke mostly does, reads half the memory it would with 32-bit ids.
pub(super) const ID_MASK: u16 = !BOUNDARY;
/// How many glyph ids there can be.
pub(super) const GLYPH_SPACE: usize = ID_MASK as usize + 1;
/// The glyph that stands for every character beyond the first 32,767 distinct ones (reports
/// use well under 10,000); those characters can then no longer be matched.
const OVERFLOW_GLYPH: u16 = ID_MASK;

/// A distinct character of the index with its readings.
#[derive(Debug)]
pub(super) struct Glyph {
    /// Lowercased, as compared with the query.
    pub(super) lower: char,
    /// Indices into [`PaletteIndex::syllables`]; empty for characters without pinyin.
    pub(super) readings: Vec<u16>,
    /// Letters (as in [`letter_bit`]) that can take this character alone: initials, one-letter
    /// readings, the character itself.
    pub(super) starts: u32,
    /// Of those, the ones that are not a lone initial: one-letter readings, the character.
    pub(super) strong: u32,
    /// The character itself, when it is a letter.
    pub(super) exact: u32,
    /// First two letters of each reading of two letters or more.
    pub(super) digraphs: Vec<(u8, u8)>,
    /// A letter, digit or Chinese character (the character after it is not a word start).
    pub(super) alphanumeric: bool,
}

impl Glyph {
    /// Score of this character typed as the one letter `l` (0–25), as the matcher scores it.
    fn single_score(&self, l: usize) -> i32 {
        let bit = 1 << l;
        if self.exact & bit != 0 {
            SCORE_EXACT
        } else if self.strong & bit != 0 {
            SCORE_FULL_LETTER
        } else if self.starts & bit != 0 {
            SCORE_INITIAL
        } else {
            0
        }
    }
}

/// What one- and two-letter queries match in a unit, precomputed because the first two
/// keystrokes of a pinyin query match nearly every candidate and would otherwise mean scanning
/// all of them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Letters {
    /// Per letter: the unit's score for that one-letter query (without field bonus); 0 when it does not match.
    pub(super) single: [u8; 26],
    /// Per first letter: the second letters with which a two-letter query may match (a
    /// superset: the matcher still decides, and scores).
    pub(super) pairs: [u32; 26],
}

/// One field of one candidate as the matcher sees it: which unit it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    /// Index of the unit, see [`PaletteIndex::unit_parts`].
    pub(super) unit: u32,
    /// Char index of the field's first character in the candidate's text.
    pub(super) text_offset: u32,
    /// Field bonus added to any match in it.
    pub(super) bonus: i32,
}

/// One field of one candidate as stored: which distinct searched string (unit) it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldRef {
    /// Index of the unit, see [`PaletteIndex::unit_parts`].
    pub(super) unit: u32,
    /// Char index of the field's first character in the candidate's text.
    pub(super) text_offset: u32,
    /// Field bonus added to any match in it.
    pub(super) bonus: u8,
}

/// A cheap summary of a unit's characters, to skip most units without scanning them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Signature {
    /// One bit per character (hashed; two characters may share a bit).
    pub(super) bloom: u128,
    /// One bit per letter `a`–`z` that starts a reading of a character, or is a character.
    pub(super) initials: u32,
}

/// The bloom bit of a glyph id (a multiplicative hash spreads consecutive ids).
pub(super) fn bloom_bit(id: u16) -> u128 {
    1u128 << (u32::from(id).wrapping_mul(0x9E37_79B1) >> 25)
}

/// The bit of an ASCII lowercase letter in [`Signature::initials`].
pub(super) fn letter_bit(c: char) -> Option<u32> {
    c.is_ascii_lowercase().then(|| 1 << (c as u32 - 'a' as u32))
}

impl PaletteIndex {
    /// Build the candidates of all topics and reports and precompute their pinyin.
    pub fn build(reports: &[Report], topics: &Topics) -> PaletteIndex {
        PaletteIndex::build_chunked(reports.len(), |r| Cow::Borrowed(&reports[r]), topics)
    }

    /// [`PaletteIndex::build`] over `len` reports that `chunk` hands over a range at a time
    /// (decoded from a library's store), so that only one chunk needs to be in memory.
    pub fn build_chunked<'a>(
        len: usize,
        chunk: impl Fn(Range<usize>) -> Cow<'a, [Report]>,
        topics: &Topics,
    ) -> PaletteIndex {
        let mut builder = Builder::default();
        for (t, topic) in topics.all().iter().enumerate() {
            let mut text = topic.name.clone();
            let name_len = text.chars().count();
            let mut fields = vec![(0..name_len, BONUS_TOPIC)];
            if !topic.aliases.is_empty() {
                text.push('（');
                let aliases = topic.aliases.join("、");
                fields.push((
                    name_len + 1..name_len + 1 + aliases.chars().count(),
                    BONUS_TOPIC_ALIAS,
                ));
                text.push_str(&aliases);
                text.push('）');
            }
            builder.push(CandidateKind::Topic(t), text, fields, &[]);
        }
        let topic_range = 0..builder.candidates.len();
        let mut report_ranges = Vec::with_capacity(len);
        for from in (0..len).step_by(CHUNK) {
            let reports = chunk(from..len.min(from + CHUNK));
            for (k, (report, tags)) in reports.iter().zip(tag_all(&reports, topics)).enumerate() {
                let start = builder.candidates.len();
                add_report(&mut builder, from + k, report, topics, &tags);
                report_ranges.push(start..builder.candidates.len());
            }
        }
        builder.finish(topic_range, report_ranges)
    }

    /// The palette restricted to reports: one candidate per report, its name and where it is
    /// (`文登区 2023 山东省 威海市`), matched as every candidate is. Choosing a report to compare
    /// with queries this; the recent jumps given to a query put related reports first.
    pub fn reports(reports: &[Meta]) -> PaletteIndex {
        let mut builder = Builder::default();
        for (r, m) in reports.iter().enumerate() {
            let mut text = m.short_name();
            for place in [&m.province, &m.prefecture].into_iter().flatten() {
                text.push(' ');
                text.push_str(place);
            }
            let all = 0..text.chars().count();
            builder.push(CandidateKind::Report(r), text, vec![(all, 0)], &[]);
        }
        let ranges = (0..reports.len()).map(|r| r..r + 1).collect();
        builder.finish(0..0, ranges)
    }
}

/// Collects candidates and their characters.
#[derive(Default)]
struct Builder {
    candidates: Vec<Candidate>,
    /// As in [`PaletteIndex`]: `field_starts` gains its leading 0 in `finish`.
    field_starts: Vec<u32>,
    fields: Vec<FieldRef>,
    arena: Vec<u16>,
    glyphs: Vec<Glyph>,
    glyph_ids: HashMap<char, u16>,
    syllables: Vec<String>,
    syllable_ids: HashMap<String, u16>,
    /// Per part, as in [`PaletteIndex`]; `part_starts` without its closing end.
    part_starts: Vec<u32>,
    /// Per part, as in [`PaletteIndex`].
    clause_ranges: Vec<(u32, u32)>,
    clauses: Vec<u32>,
    part_letters: Vec<u32>,
    part_blooms: Vec<u128>,
    part_initials: Vec<u32>,
    /// Per unit, as in [`PaletteIndex`]; `unit_parts` without its closing end.
    unit_parts: Vec<u32>,
    parts: Vec<u32>,
    blooms: Vec<u128>,
    initials: Vec<u32>,
    /// [`Letters`] of every unit, by letter as in [`PaletteIndex`] (26 columns once the
    /// first unit is in): filled in place, so a large index is never held twice.
    single: Vec<Vec<u8>>,
    pairs: Vec<Vec<u32>>,
    /// Hash of a part's packed characters → part, and of a unit's parts → unit; a hash
    /// shared by different ones moves the later one to the next free key (see [`Builder::unit`]).
    part_ids: HashMap<u64, u32>,
    unit_ids: HashMap<u64, u32>,
    /// The packed characters of the field being added.
    packed: Vec<u16>,
    /// The parts of the field being added.
    field_parts: Vec<u32>,
}

impl Builder {
    /// Add a candidate with its searched fields (char ranges of `text`, with their bonus); a
    /// field is stored as parts cut at the char indices `cuts` that fall inside it.
    fn push(
        &mut self,
        kind: CandidateKind,
        mut text: String,
        fields: Vec<(Range<usize>, i32)>,
        cuts: &[usize],
    ) {
        let chars: Vec<char> = text.chars().collect();
        for (range, bonus) in &fields {
            self.packed.clear();
            for i in range.clone() {
                let id = self.glyph(chars[i]);
                // A field starts a word whatever precedes it (`（七）` before a heading).
                let starts_word = i == range.start || !chars[i - 1].is_alphanumeric();
                self.packed
                    .push(if starts_word { id | BOUNDARY } else { id });
            }
            self.field_parts.clear();
            let mut from = 0;
            let inside = cuts
                .iter()
                .filter(|&&c| c > range.start && c < range.end)
                .map(|&c| c - range.start);
            for to in inside.chain(std::iter::once(range.len())) {
                let part = self.part(from..to);
                self.field_parts.push(part);
                from = to;
            }
            let unit = self.unit();
            self.fields.push(FieldRef {
                unit,
                text_offset: range.start as u32,
                bonus: *bonus as u8,
            });
        }
        self.field_starts.push(self.fields.len() as u32);
        text.shrink_to_fit();
        self.candidates.push(Candidate { kind, text });
    }

    /// The part of `packed[range]`, added to the arena if it is new.
    fn part(&mut self, range: Range<usize>) -> u32 {
        let chars = &self.packed[range.clone()];
        let mut key = hash(chars);
        loop {
            match self.part_ids.get(&key) {
                Some(&p) if self.part_chars(p) == chars => return p,
                Some(_) => key = key.wrapping_add(1),
                None => break,
            }
        }
        let p = self.part_starts.len() as u32;
        self.part_ids.insert(key, p);
        self.part_starts.push(self.arena.len() as u32);
        self.arena.extend_from_slice(chars);
        let letters = chars
            .iter()
            .fold(0, |l, &c| l | self.glyphs[usize::from(c & ID_MASK)].exact);
        self.part_letters.push(letters);
        let signature = self.signature(chars);
        self.part_blooms.push(signature.bloom);
        self.part_initials.push(signature.initials);
        self.clause_ranges.push((0, 0));
        // A long part is also stored as its clauses, each once (see `matcher`).
        let mut cuts = vec![range.start];
        for i in range.clone().skip(1) {
            let last = *cuts.last().unwrap_or(&range.start);
            if self.packed[i] & BOUNDARY != 0 && i - last >= MIN_CLAUSE {
                cuts.push(i);
            }
        }
        if cuts.len() > 1 {
            cuts.push(range.end);
            let clauses: Vec<u32> = cuts.windows(2).map(|w| self.part(w[0]..w[1])).collect();
            let start = self.clauses.len() as u32;
            self.clauses.extend_from_slice(&clauses);
            self.clause_ranges[p as usize] = (start, self.clauses.len() as u32);
        }
        p
    }

    /// The characters of part `p` (which may be the last one, still open).
    fn part_chars(&self, p: u32) -> &[u16] {
        row(&self.part_starts, &self.arena, p)
    }

    /// The unit made of `field_parts` (whose characters are in `packed`), added if it is new.
    fn unit(&mut self) -> u32 {
        let mut key = hash(&self.field_parts);
        loop {
            match self.unit_ids.get(&key) {
                Some(&u) if self.unit_parts_of(u) == self.field_parts.as_slice() => return u,
                Some(_) => key = key.wrapping_add(1),
                None => break,
            }
        }
        let u = self.unit_parts.len() as u32;
        self.unit_ids.insert(key, u);
        self.unit_parts.push(self.parts.len() as u32);
        self.parts.extend_from_slice(&self.field_parts);
        let signature = self.signature(&self.packed);
        self.blooms.push(signature.bloom);
        self.initials.push(signature.initials);
        let letters = self.letters_of(&self.packed);
        self.single.resize_with(26, Vec::new);
        self.pairs.resize_with(26, Vec::new);
        for l in 0..26 {
            self.single[l].push(letters.single[l]);
            self.pairs[l].push(letters.pairs[l]);
        }
        u
    }

    /// The [`Signature`] of the characters `packed`.
    fn signature(&self, packed: &[u16]) -> Signature {
        let mut signature = Signature::default();
        for &packed in packed {
            let id = packed & ID_MASK;
            let glyph = &self.glyphs[usize::from(id)];
            signature.bloom |= bloom_bit(id);
            let letters = glyph
                .readings
                .iter()
                .filter_map(|&r| self.syllables[usize::from(r)].chars().next());
            for letter in letters.chain(std::iter::once(glyph.lower)) {
                signature.initials |= letter_bit(letter).unwrap_or(0);
            }
        }
        signature
    }

    /// The parts of unit `u` (which may be the last one, still open).
    fn unit_parts_of(&self, u: u32) -> &[u32] {
        row(&self.unit_parts, &self.parts, u)
    }

    /// The one- and two-letter summary of one unit's packed characters, without field bonus.
    fn letters_of(&self, packed: &[u16]) -> Letters {
        let mut out = Letters {
            single: [0; 26],
            pairs: [0; 26],
        };
        let glyph = |p: usize| &self.glyphs[(packed[p] & ID_MASK) as usize];
        // Letters that can start a character anywhere after position p + 1.
        let mut later = 0u32;
        for p in (0..packed.len()).rev() {
            let g = glyph(p);
            let boundary = if packed[p] & BOUNDARY != 0 {
                BONUS_BOUNDARY
            } else {
                0
            };
            for l in 0..26 {
                let score = g.single_score(l);
                if score > 0 {
                    let total = (score + boundary).clamp(0, i32::from(u8::MAX)) as u8;
                    out.single[l] = out.single[l].max(total);
                }
            }
            for &(a, b) in &g.digraphs {
                out.pairs[usize::from(a)] |= 1 << b;
            }
            let next = if p + 1 < packed.len() {
                glyph(p + 1).starts
            } else {
                0
            };
            for l in 0..26 {
                let bit = 1 << l;
                if g.starts & bit != 0 {
                    out.pairs[l] |= next;
                }
                if g.strong & bit != 0 {
                    out.pairs[l] |= later;
                }
            }
            later |= next;
        }
        out
    }

    /// The glyph id of `c`, computing its readings the first time it is seen.
    fn glyph(&mut self, c: char) -> u16 {
        if let Some(&id) = self.glyph_ids.get(&c) {
            return id;
        }
        if self.glyphs.len() >= usize::from(OVERFLOW_GLYPH) {
            if self.glyphs.len() == usize::from(OVERFLOW_GLYPH) {
                self.glyphs.push(Glyph {
                    lower: char::REPLACEMENT_CHARACTER,
                    readings: Vec::new(),
                    starts: 0,
                    strong: 0,
                    exact: 0,
                    digraphs: Vec::new(),
                    alphanumeric: false,
                });
            }
            self.glyph_ids.insert(c, OVERFLOW_GLYPH);
            return OVERFLOW_GLYPH;
        }
        let readings = if crate::pinyin::has_reading(c) {
            crate::pinyin::char_readings(c)
                .into_iter()
                .map(|r| self.syllable(r))
                .collect()
        } else {
            Vec::new()
        };
        let lower = c.to_lowercase().next().unwrap_or(c);
        let exact = letter_bit(lower).unwrap_or(0);
        let (mut starts, mut strong, mut digraphs) = (exact, exact, Vec::new());
        for &r in &readings {
            let reading = self.syllables[usize::from(r)].as_bytes();
            let bit = reading
                .first()
                .and_then(|&b| letter_bit(char::from(b)))
                .unwrap_or(0);
            starts |= bit;
            if reading.len() == 1 {
                strong |= bit;
            }
            if let [a, b, ..] = reading {
                if a.is_ascii_lowercase() && b.is_ascii_lowercase() {
                    digraphs.push((a - b'a', b - b'a'));
                }
            }
        }
        let id = self.glyphs.len() as u16;
        self.glyphs.push(Glyph {
            lower,
            readings,
            starts,
            strong,
            exact,
            digraphs,
            alphanumeric: c.is_alphanumeric(),
        });
        self.glyph_ids.insert(c, id);
        id
    }

    fn syllable(&mut self, reading: String) -> u16 {
        if let Some(&id) = self.syllable_ids.get(&reading) {
            return id;
        }
        // Plain pinyin has about 420 syllables, far below u16::MAX.
        let id = self.syllables.len() as u16;
        self.syllables.push(reading.clone());
        self.syllable_ids.insert(reading, id);
        id
    }

    fn finish(self, topic_range: Range<usize>, report_ranges: Vec<Range<usize>>) -> PaletteIndex {
        let owners = self
            .candidates
            .iter()
            .map(|c| (c.kind.report().map_or(0, |r| r as u32 + 1) << 2) | c.kind.rank())
            .collect();
        let mut field_starts = Vec::with_capacity(self.field_starts.len() + 1);
        field_starts.push(0);
        field_starts.extend_from_slice(&self.field_starts);
        let mut part_starts = self.part_starts;
        part_starts.push(self.arena.len() as u32);
        let mut unit_parts = self.unit_parts;
        unit_parts.push(self.parts.len() as u32);
        let postings = Postings::build(&field_starts, &self.fields, unit_parts.len() - 1);
        let part_units = PartUnits::build(
            &unit_parts,
            &self.parts,
            part_starts.len() - 1,
            &self.part_letters,
            &self.clauses,
            &postings,
        );
        let max_fields = field_starts
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .max()
            .unwrap_or(0);
        PaletteIndex {
            candidates: self.candidates,
            field_starts,
            fields: self.fields,
            arena: self.arena,
            glyphs: self.glyphs,
            glyph_ids: self.glyph_ids,
            syllables: self.syllables.iter().map(|s| s.chars().collect()).collect(),
            part_starts,
            clause_ranges: self.clause_ranges,
            clauses: self.clauses,
            part_letters: self.part_letters,
            part_blooms: self.part_blooms,
            part_initials: self.part_initials,
            unit_parts,
            parts: self.parts,
            blooms: self.blooms,
            initials: self.initials,
            single: pad_columns(self.single),
            pairs: pad_columns(self.pairs),
            postings,
            part_units,
            max_fields,
            owners,
            topic_range,
            report_ranges,
            id: NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// Row `i` of `items` cut at `starts`, a table still being filled: the last row runs to the
/// end of `items`.
fn row<'a, T>(starts: &[u32], items: &'a [T], i: u32) -> &'a [T] {
    let start = starts[i as usize] as usize;
    let end = starts
        .get(i as usize + 1)
        .map_or(items.len(), |&e| e as usize);
    &items[start..end]
}

/// A hash of a part's characters or a unit's parts, to find an equal one already stored.
fn hash<T: Hash>(items: &[T]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    items.hash(&mut hasher);
    hasher.finish()
}

/// The 26 letter columns, also when no candidate was added.
fn pad_columns<T>(mut columns: Vec<Vec<T>>) -> Vec<Vec<T>> {
    columns.resize_with(26, Vec::new);
    columns
}

/// Every report's section topics ([`Topics::tag_report`]), tagged on all cores: in a large
/// library this is much of the time it takes to build the palette.
fn tag_all(reports: &[Report], topics: &Topics) -> Vec<Vec<Vec<usize>>> {
    crate::cores::map(reports, |r| topics.tag_report(r))
}

/// Add the sections and figures of one report.
fn add_report(
    builder: &mut Builder,
    r: usize,
    report: &Report,
    topics: &Topics,
    tags: &[Vec<usize>],
) {
    let name = report.short_name();
    let name_len = name.chars().count();
    for (s, section) in report.sections.iter().enumerate() {
        let mut text = name.clone();
        let mut title_at = 0;
        for &a in &report.ancestry(s) {
            text.push_str(" › ");
            if a == s {
                text.push_str(&section.number);
                text.push_str(section.marker_gap());
                title_at = text.chars().count();
                text.push_str(&section.title);
            } else {
                text.push_str(report.sections[a].crumb());
            }
        }
        let heading = 0..text.chars().count();
        let mut fields = vec![(heading.clone(), BONUS_HEADING)];
        let names: Vec<&str> = tags[s]
            .iter()
            .filter_map(|&t| topics.get(t))
            .map(|t| t.name.as_str())
            .collect();
        if !names.is_empty() {
            let joined = names.join(" ");
            let start = heading.end + 2;
            fields.push((start..start + joined.chars().count(), 0));
            text.push_str(" 〔");
            text.push_str(&joined);
            text.push('〕');
        }
        // The heading is stored as three parts: the report's name, the section numbers and
        // the title, each shared with every heading that has it (see `matcher`).
        builder.push(
            CandidateKind::Section {
                report: r,
                section: s,
            },
            text,
            fields,
            &[name_len, title_at],
        );
    }
    let paragraphs = report
        .preamble
        .iter()
        .enumerate()
        .map(|(p, para)| (None, p, para))
        .chain(report.sections.iter().enumerate().flat_map(|(s, section)| {
            section
                .paragraphs
                .iter()
                .enumerate()
                .map(move |(p, para)| (Some(s), p, para))
        }));
    for (section, paragraph, para) in paragraphs {
        for (figure, f) in para.figures.iter().enumerate() {
            // Dates (`2023年`) are everywhere and nobody jumps to one.
            if f.kind == FigureKind::Date {
                continue;
            }
            let mut text = String::new();
            if !f.label.is_empty() {
                text.push_str(&f.label);
                text.push(' ');
            }
            // Label and value are parts of their own: each recurs far more than the pair.
            let label_len = f.label.chars().count();
            text.push_str(&f.text);
            // Only what is counted is searched; the location is shown so reports can be told
            // apart (the scope narrows to one report). Searching it too would nearly double
            // the characters scanned per keystroke, figures being most of the candidates.
            let searched = 0..text.chars().count();
            text.push_str(" · ");
            text.push_str(&name);
            if let Some(s) = section {
                text.push_str(" › ");
                text.push_str(&report.path(s));
            }
            builder.push(
                CandidateKind::Figure {
                    report: r,
                    section,
                    paragraph,
                    figure,
                },
                text,
                vec![(searched, 0)],
                &[label_len],
            );
        }
    }
}
