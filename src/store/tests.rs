//! Unit tests of the parent module.

use super::*;
use crate::library::Library;

#[test]
fn hash_sees_every_byte_and_the_length() {
    let a = "行政复议申请82件".repeat(9);
    let mut b = a.clone().into_bytes();
    let last = b.len() - 1;
    b[last] ^= 1;
    assert_ne!(hash64(a.as_bytes()), hash64(&b));
    assert_ne!(hash64(b"abc"), hash64(b"abc\0"));
    assert_eq!(hash64(a.as_bytes()), hash64(a.as_bytes()));
}

#[test]
fn a_store_gives_back_each_report_its_rows_and_its_text() {
    let lib = Library::bundled();
    let store = Store::from_reports(lib.all());
    assert_eq!(store.len(), lib.len());
    for (i, r) in lib.iter().enumerate() {
        let row = store.report(i);
        assert_eq!(row.id(), r.id());
        assert_eq!(row.district(), r.meta.district.as_deref());
        assert_eq!(row.year(), r.meta.year);
        assert_eq!(row.sections(), r.sections.len());
        assert_eq!(row.figures(), r.figures().count());
        let last = r.sections.len() - 1;
        assert_eq!(
            row.section(last),
            (r.path(last).as_str(), r.sections[last].title.as_str())
        );
        let back = store.decode(i).unwrap();
        assert_eq!(back.sections.len(), r.sections.len());
        assert_eq!(back.source, r.source);
    }
    // The blob holds every line of every report, as the search lays them out.
    let (mut text, mut rows) = (Vec::new(), Vec::new());
    for (i, r) in lib.all().iter().enumerate() {
        crate::search::corpus::push_report(r, i, 0, &mut text, &mut rows);
    }
    assert_eq!(store.corpus().text, &text[..]);
    assert_eq!(store.corpus().rows, &rows[..]);
}

#[test]
fn any_damage_to_header_or_tables_is_refused() {
    let lib = Library::bundled();
    let mut bytes = Vec::new();
    let store = Store::from_reports(lib.all());
    bytes.extend_from_slice(store.all());
    // Every byte of the header and the tables is covered by a checksum or a size check
    // (a payload is checked when decoded).
    let tables = store.strings.start..store.text.start;
    for at in (0..HEADER).chain(tables).step_by(97) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        assert!(Store::from_bytes(bad).is_err(), "byte {at} flipped");
    }
    for len in [0, 7, HEADER, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Store::from_bytes(bytes[..len].to_vec()).is_err(),
            "{len} bytes"
        );
    }
    assert!(Store::from_bytes(bytes).is_ok());
}
