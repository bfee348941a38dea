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
    let lib = Library::bundled().reports();
    let store = Store::from_reports(&lib);
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
    for (i, r) in lib.iter().enumerate() {
        crate::search::corpus::push_report(r, i, 0, &mut text, &mut rows);
    }
    assert_eq!(store.corpus().text, &text[..]);
    assert_eq!(store.corpus().rows, &rows[..]);
}

#[test]
fn any_damage_to_header_or_tables_is_refused() {
    let lib = Library::bundled().reports();
    let mut bytes = Vec::new();
    let store = Store::from_reports(&lib);
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

#[test]
fn a_store_that_cannot_be_written_is_made_in_memory_with_every_report() {
    let lib = Library::bundled().reports();
    // Where the store's folder should be there is a file: no temporary file can be made.
    let blocked = std::env::temp_dir().join(format!("fazhi-blocked-{}", std::process::id()));
    std::fs::write(&blocked, "").unwrap();
    let writer = Writer::to_file(&blocked.join("library.store"));
    let encoded: Vec<Encoded> = lib
        .iter()
        .map(|r| Encoded::new(r, Stamp::default(), &writer))
        .collect();
    let entries: Vec<Entry> = encoded.iter().map(Encoded::entry).collect();
    let ids: Vec<String> = lib.iter().map(Report::id).collect();
    assert!(writer.finish(0, &entries, &ids).is_err());
    let store = Store::from_bytes(writer.into_bytes(0, &entries, &ids)).unwrap();
    assert_eq!(store.len(), lib.len());
    for (i, r) in lib.iter().enumerate() {
        let back = store.decode(i).expect("every payload was kept");
        assert_eq!(back.sections.len(), r.sections.len());
        assert_eq!(store.report(i).id(), r.id());
    }
    let _ = std::fs::remove_file(blocked);
}
