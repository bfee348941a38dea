use super::*;

/// A folder of the bundled samples as files, its store written, and the library as it
/// opens the second time (every report from the store).
fn from_store(name: &str) -> (PathBuf, Library) {
    let dir = std::env::temp_dir().join(format!("fazhi-lazy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("library")).unwrap();
    for (file, text) in BUNDLED {
        std::fs::write(dir.join("library").join(file), text).unwrap();
    }
    let paths = [dir.join("library")];
    let policy = CachePolicy::Dir(dir.join("cache"));
    Library::open_with(&paths, &policy, &|_, _| {});
    let (library, stats) = Library::open_with(&paths, &policy, &|_, _| {});
    assert_eq!(stats.from_cache, BUNDLED.len());
    (dir, library)
}

fn decoded(library: &Library) -> usize {
    library.opened.len()
}

#[test]
fn a_library_from_its_store_is_listed_and_found_without_decoding_and_opens_one_report() {
    let (dir, library) = from_store("one");
    assert_eq!(library.len(), 5);
    let names: Vec<String> = library.rows().map(|r| r.short_name()).collect();
    assert!(names.contains(&"文登区 2023".to_string()), "{names:?}");
    let i = library.find("文登区 2023").unwrap();
    assert_eq!(library.district("文登区").unwrap(), vec![i]);
    assert_eq!(library.index_of(library.row(i).id()), Some(i));
    assert_eq!(decoded(&library), 0);
    let report = library.report(i);
    assert_eq!(report.short_name(), "文登区 2023");
    assert_eq!(report.id(), library.row(i).id());
    assert_eq!(decoded(&library), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_palette_built_from_the_store_keeps_no_report_decoded() {
    let (dir, library) = from_store("palette");
    let topics = crate::topic::Topics::bundled();
    let chunked =
        crate::palette::PaletteIndex::build_chunked(library.len(), |r| library.chunk(r), &topics);
    assert_eq!(decoded(&library), 0);
    // The payloads' pages were let go after each chunk; reading them again gives the same
    // bytes (each payload still passes its checksum).
    assert!((0..library.len()).all(|i| library.store().decode(i).is_some()));
    let whole = crate::palette::PaletteIndex::build(&library.reports(), &topics);
    assert_eq!(chunked.candidates().len(), whole.candidates().len());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_topic_and_its_table_across_the_library_keep_no_report_decoded() {
    let (dir, library) = from_store("table");
    let topics = crate::topic::Topics::bundled();
    let fuyi = topics.resolve("行政复议").unwrap();
    assert!(!topics.topic_rows(&library, fuyi).is_empty());
    assert!(!crate::compare::table(&topics, &library, fuyi)
        .rows
        .is_empty());
    assert_eq!(decoded(&library), 0);
    let _ = std::fs::remove_dir_all(dir);
}
