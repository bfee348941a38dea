//! Notes stay on their paragraphs when a report file is re-imported after edits: a page
//! break fixed, a paragraph inserted before, a character corrected. What cannot be placed is
//! listed as an orphan, never dropped.

use crate::common::samples::QIANSHAN as SAMPLE;
use crate::common::temp::TempDir;
use fazhi::library::Library;
use fazhi::note::{self, NewNote, NoteFilter, Store};
use fazhi::tui::notebook::Notes;

/// A fresh temp dir (removed when dropped) with an empty `lib` folder in it.
fn temp(name: &str) -> TempDir {
    let d = TempDir::new(&format!("reimport-{name}"));
    std::fs::create_dir_all(d.join("lib")).unwrap();
    d
}

/// Paragraph texts the notes are written on, by a distinctive start.
const TARGETS: [&str; 5] = [
    "三是坚持构建科学培训体系",
    "二是加强规范性文件合法性审查",
    "一是建立健全突发事件应急机制",
    "一是积极推介诚信市场主体",
    "我区虽然在法治政府建设方面取得了明显成效",
];

#[test]
fn notes_follow_their_paragraphs_through_edits_of_the_report_file() {
    let dir = temp("edits");
    let file = dir.join("lib/qianshan.txt");
    std::fs::write(&file, SAMPLE).unwrap();
    let lib = Library::open(&[dir.join("lib")]);
    let report = lib.report(0);
    let views = note::paragraph_views(&report);
    let mut store = Store::open(&dir).unwrap();
    for (k, start) in TARGETS.iter().enumerate() {
        let i = views
            .iter()
            .position(|v| v.text.starts_with(start))
            .unwrap_or_else(|| panic!("paragraph {start}"));
        store
            .add(NewNote {
                report_id: report.id(),
                anchor: note::anchor_at(&views, i, None).unwrap(),
                figure: None,
                body: format!("note {k}"),
                author: "t".into(),
            })
            .unwrap();
    }
    // A paragraph that will be deleted outright.
    let doomed = "二是修订完善突发事件应急预案";
    let i = views
        .iter()
        .position(|v| v.text.starts_with(doomed))
        .unwrap();
    store
        .add(NewNote {
            report_id: report.id(),
            anchor: note::anchor_at(&views, i, None).unwrap(),
            figure: None,
            body: "note on a deleted paragraph".into(),
            author: "t".into(),
        })
        .unwrap();
    drop(store);

    // Edit the file: fix the page break before 国家工作人员法治素养 (it is joined already by
    // the parser, so join it in the source too), insert a paragraph before an annotated one,
    // correct a character, delete a paragraph.
    let doomed_line = SAMPLE.lines().find(|l| l.starts_with(doomed)).unwrap();
    let edited = SAMPLE
        .replace(
            "不断提升\n\n国家工作人员法治素养。",
            "不断提升国家工作人员法治素养。",
        )
        .replace(
            "二是加强规范性文件合法性审查",
            "新增段落：补充说明规范性文件的备案情况。\n\n二是加强规范性文件合法性审查",
        )
        .replace("一是积极推介诚信市场主体", "一是积级推介诚信市场主体")
        .replace(doomed_line, "");
    assert_ne!(edited, SAMPLE);
    std::fs::write(&file, &edited).unwrap();

    let lib = std::sync::Arc::new(Library::open(&[dir.join("lib")]));
    let report = lib.report(0);
    let mut notes = Notes::open(Some(&dir), "t".into());
    // The notes thread reads and places them; the reader polls on its idle tick.
    notes.load(&lib, 0);
    let start = std::time::Instant::now();
    while notes.busy() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "never read"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        notes.poll(&lib, 0);
    }
    assert_eq!(notes.placed.len(), 6, "no note lost");
    let views = note::paragraph_views(&report);
    for (k, start) in TARGETS.iter().enumerate() {
        let placed = notes
            .placed
            .iter()
            .find(|p| p.note.body == format!("note {k}"))
            .unwrap();
        let para = placed
            .paragraph
            .unwrap_or_else(|| panic!("note {k} placed"));
        let text = views[para].text;
        let expected = if k == 3 {
            "一是积级推介诚信市场主体"
        } else {
            start
        };
        assert!(text.starts_with(expected), "note {k} on {text:.40}");
    }
    let orphan = notes
        .placed
        .iter()
        .find(|p| p.note.body == "note on a deleted paragraph")
        .unwrap();
    assert_eq!(orphan.paragraph, None, "an orphan, still listed");
    assert_eq!(
        Store::open(&dir)
            .unwrap()
            .list(&NoteFilter::default())
            .unwrap()
            .len(),
        6
    );
}
