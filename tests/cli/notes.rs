//! `fazhi notes list|export|import` on a real database.

use crate::common::run;
use crate::common::temp::TempDir;
use fazhi::library::Library;
use fazhi::note::{self, NewNote, Store};
use std::path::Path;

fn temp(name: &str) -> TempDir {
    TempDir::new(&format!("cli-notes-{name}"))
}

/// `fazhi --data-dir DATA ARGS`.
fn fazhi(data: &Path, args: &[&str]) -> (String, String, bool) {
    let data = data.display().to_string();
    let args: Vec<&str> = ["--data-dir", data.as_str()]
        .iter()
        .chain(args)
        .copied()
        .collect();
    run::fazhi(&args).parts()
}

/// Two notes on real paragraphs of two bundled reports.
fn seed(dir: &Path) {
    let lib = Library::bundled();
    let mut store = Store::open(dir).unwrap();
    for (name, body) in [
        ("文登区 2023", "受理82件，纠错20件：纠错率偏高？ #待核实"),
        ("千山区 2023", "执法案卷评查 43 卷"),
    ] {
        let r = lib.report(lib.find(name).unwrap());
        let views = note::paragraph_views(&r);
        let k = views
            .iter()
            .position(|v| !v.section_path.is_empty())
            .unwrap();
        store
            .add(NewNote {
                report_id: r.id(),
                anchor: note::anchor_at(&views, k, None).unwrap(),
                figure: None,
                body: body.into(),
                author: "审核员".into(),
            })
            .unwrap();
    }
}

#[test]
fn notes_list_filters_by_report_and_tag() {
    let dir = temp("list");
    seed(&dir);
    let (out, err, ok) = fazhi(&dir, &["notes", "list"]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("文登区 2023 › 一/（一）"), "{out}");
    let (out, _, _) = fazhi(&dir, &["notes", "list", "--tag", "待核实", "--json"]);
    let notes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["author"], "审核员");
    let (out, _, _) = fazhi(&dir, &["notes", "list", "--report", "千山区 2023"]);
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("执法案卷"));
}

#[test]
fn export_then_import_into_an_empty_dir_gives_the_same_notes() {
    let dir = temp("roundtrip-a");
    seed(&dir);
    let other = temp("roundtrip-b");
    for format in ["json", "w3c"] {
        let (exported, _, ok) = fazhi(&dir, &["notes", "export", "--format", format]);
        assert!(ok);
        let file = other.join(format!("export.{format}"));
        std::fs::write(&file, &exported).unwrap();
        let fresh = other.join(format!("data-{format}"));
        let (msg, err, ok) = fazhi(&fresh, &["notes", "import", file.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert!(msg.contains("imported 2 new"), "{msg}");
        let (again, _, _) = fazhi(&fresh, &["notes", "export", "--format", format]);
        assert_eq!(again, exported, "{format} round trip");
        // Importing twice adds nothing.
        let (msg, _, _) = fazhi(&fresh, &["notes", "import", file.to_str().unwrap()]);
        assert!(msg.contains("imported 0 new"), "{msg}");
    }
    let (w3c, _, _) = fazhi(&dir, &["notes", "export", "--format", "w3c"]);
    assert!(w3c.contains("http://www.w3.org/ns/anno.jsonld"));
    assert!(w3c.contains("TextQuoteSelector"));
}

#[test]
fn markdown_export_groups_notes_by_report_with_the_quote() {
    let dir = temp("md");
    seed(&dir);
    let (md, _, ok) = fazhi(&dir, &["notes", "export", "--format", "md"]);
    assert!(ok);
    assert!(md.contains("文登区 2023"), "{md}");
    assert!(md.contains("> "), "quote as a blockquote:\n{md}");
    assert!(md.contains("纠错率偏高"));
}

#[test]
fn a_corrupt_database_is_refused_and_left_untouched() {
    let dir = temp("corrupt");
    let db = dir.join("notes.db");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&db, &junk).unwrap();
    let (_, err, ok) = fazhi(&dir, &["notes", "list"]);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("notes.db"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), junk);
}

#[test]
fn listing_notes_with_a_tag_nobody_used_says_nothing_matched() {
    let dir = temp("no-tag");
    seed(&dir);
    let (out, err, ok) = fazhi(&dir, &["notes", "list", "--tag", "nope"]);
    assert!(!ok, "nothing matched is exit 1, as with grep");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.trim(), "fazhi: no notes tagged #nope");
    let (json, _, ok) = fazhi(&dir, &["notes", "list", "--tag", "nope", "--json"]);
    assert!(!ok);
    assert_eq!(json.trim(), "[]");
    let (out, _, ok) = fazhi(&dir, &["notes", "list", "--tag", "待核实"]);
    assert!(ok);
    assert!(out.contains("纠错率偏高"), "{out}");
}

#[test]
fn a_note_on_a_figure_exports_its_label_and_paragraph() {
    let dir = temp("figure-md");
    let lib = Library::bundled();
    let r = lib.report(lib.find("文登区 2023").unwrap());
    let views = note::paragraph_views(&r);
    // The first labelled figure in the body, and its paragraph's place in the views.
    let (k, para, figure) = r
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| {
            sec.paragraphs
                .iter()
                .enumerate()
                .map(move |(p, para)| (s, p, para))
        })
        .find_map(|(s, p, para)| {
            let f = para.figures.iter().find(|f| !f.label.is_empty())?;
            let k = views
                .iter()
                .position(|v| v.section_path == r.path(s) && v.paragraph == p)?;
            Some((k, para, f))
        })
        .expect("a labelled figure in 文登区 2023");
    Store::open(&dir)
        .unwrap()
        .add(NewNote {
            report_id: r.id(),
            anchor: note::anchor_at(&views, k, Some(figure.range.clone())).unwrap(),
            figure: Some(figure.text.clone()),
            body: "比上年多？".into(),
            author: "审核员".into(),
        })
        .unwrap();
    let (md, err, ok) = fazhi(&dir, &["notes", "export", "--format", "md"]);
    assert!(ok, "{err}");
    assert!(
        md.contains(&format!("数据：{} {}", figure.label, figure.text)),
        "the figure with its label:\n{md}"
    );
    let first_line = para.text.lines().next().unwrap();
    assert!(
        md.contains(&format!("> {first_line}\n")),
        "the whole paragraph quoted:\n{md}"
    );
}

#[test]
fn notes_export_reads_a_database_its_user_may_not_write_and_leaves_the_folder_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = temp("readonly-export");
    seed(&dir);
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(&*dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(&dir.join("notes.db"), 0o444).unwrap();
    mode(&dir, 0o555).unwrap();
    // The build folder may be private to root (a clone in a 0700 temp dir): the program is run
    // from a copy in a folder everyone may enter.
    let bin_dir = temp("readonly-export-bin");
    mode(&bin_dir, 0o755).unwrap();
    let bin = bin_dir.join("fazhi");
    std::fs::hard_link(env!("CARGO_BIN_EXE_fazhi"), &bin)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_fazhi"), &bin).map(drop))
        .unwrap();
    mode(&bin, 0o755).unwrap();
    let mut cmd = std::process::Command::new(&bin);
    cmd.args(["notes", "export", "--format", "md", "--data-dir"])
        .arg(&*dir)
        .env("NO_COLOR", "1")
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("fazhi-no-config"),
        );
    // Permissions do not bind root, so as root the export runs as `nobody`, the way a
    // reviewer without write access would run it.
    if std::fs::write(dir.join("probe"), "").is_ok() {
        std::fs::remove_file(dir.join("probe")).unwrap();
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().expect("run fazhi");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    mode(&dir, 0o755).unwrap();
    mode(&dir.join("notes.db"), 0o644).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("纠错率偏高"), "{stdout}");
    assert!(stdout.contains("执法案卷评查"), "{stdout}");
    assert_eq!(listing(), before, "export left files beside the database");
}
