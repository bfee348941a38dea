//! Annotating while reading: the editor, gutter markers, notes pane and list, drafts —
//! against a real SQLite file in a temporary directory.

use crate::common::temp::TempDir;
use crate::screen::*;
use crossterm::event::KeyCode;
use fazhi::note::{Draft, Note, NoteFilter, Store};
use fazhi::tui::app::{handle, App, Msg, Pane};
use fazhi::tui::notebook::Notes;
use fazhi::tui::popup::Popup;
use std::path::Path;

fn temp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("tui-notes-{name}"))
}

/// The notes in the store in `dir`, as another process would read them.
fn stored(dir: &Path) -> Vec<Note> {
    Store::open(dir)
        .unwrap()
        .list(&NoteFilter::default())
        .unwrap()
}

/// The reviewer's drafts in the store in `dir`.
fn drafts(dir: &Path) -> Vec<Draft> {
    Store::open(dir).unwrap().drafts("reviewer").unwrap()
}

fn app_with_notes(dir: &Path) -> App {
    let mut a = app(140, 40);
    a.attach_notes(Notes::open(Some(dir), "reviewer".into()));
    a
}

/// Open 文登区 2023, put the cursor on its first paragraph and start a note there with `text`.
fn start_a_note(app: &mut App, text: &str) {
    open(app, "文登区 2023");
    keys(app, "]]j");
    key(app, KeyCode::Char('a'));
    type_text(app, text);
}

/// Tick as the idle loop does until the draft `text` is in the database in `dir`.
fn wait_for_draft(app: &mut App, dir: &Path, text: &str) {
    tick_until(app, |_| drafts(dir).iter().any(|d| d.text == text));
}

const NOTE: &str = "合法性审查率100%连续两年？核对2022年报告 #待核实";

#[test]
fn a_note_written_on_a_paragraph_is_saved_marked_and_listed() {
    let dir = temp_dir("save");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    key(&mut app, KeyCode::Char('a'));
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Ctrl-S save"), "editor open:\n{screen}");
    assert!(
        screen.contains("> 一是深化法治政府示范创建"),
        "quote above:\n{screen}"
    );
    type_text(&mut app, NOTE);
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    assert!(app.popup().is_none());
    // In the database, with its anchor.
    let notes = stored(&dir);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body, NOTE);
    assert_eq!(notes[0].author, "reviewer");
    assert_eq!(notes[0].anchor.section_path, "一/（一）");
    assert_eq!(notes[0].tags(), vec!["待核实"]);
    // The paragraph carries a marker in the gutter.
    let buf = draw(&app);
    let (x, y) = find(&buf, "一是深化法治政府示范创建").unwrap();
    assert_eq!(buf[(x - 1, y)].symbol(), "✎");
    // And the notes pane lists it.
    key(&mut app, KeyCode::Char('4'));
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("4 Notes 1"), "{screen}");
    assert!(screen.contains("合法性审查率"), "{screen}");
}

#[test]
fn a_note_survives_a_restart() {
    let dir = temp_dir("restart");
    {
        let mut app = app_with_notes(&dir);
        open(&mut app, "千山区 2023");
        keys(&mut app, "]]]j");
        key(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "复核此段");
        ctrl(&mut app, 's');
        settle_notes(&mut app);
    }
    let mut app = app_with_notes(&dir);
    open(&mut app, "千山区 2023");
    assert_eq!(app.notes().placed.len(), 1);
    assert!(app.notes().placed[0].paragraph.is_some());
}

#[test]
fn escape_with_changes_asks_first_then_discards() {
    let dir = temp_dir("discard");
    let mut app = app_with_notes(&dir);
    start_a_note(&mut app, "草稿");
    key(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.popup(), Some(Popup::Editor(_))),
        "first Esc only warns"
    );
    assert!(rows(&draw(&app)).join("\n").contains("Esc again discards"));
    key(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    assert!(stored(&dir).is_empty());
}

#[test]
fn an_unsaved_draft_is_offered_back_next_time() {
    let dir = temp_dir("draft");
    {
        let mut app = app_with_notes(&dir);
        start_a_note(&mut app, "写到一半");
        // The loop's idle tick saves the draft; then the program "dies" without saving.
        std::thread::sleep(std::time::Duration::from_millis(300));
        handle(&mut app, Msg::Tick);
    }
    let mut app = app_with_notes(&dir);
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("Restore it?"), "{screen}");
    key(&mut app, KeyCode::Char('y'));
    let Some(Popup::Editor(ed)) = app.popup() else {
        panic!("editor reopened")
    };
    assert_eq!(ed.text(), "写到一半");
    assert_eq!(app.breadcrumb(), "文登区 2023 › 一、 › （一）");
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    assert_eq!(stored(&dir).len(), 1);
    assert!(drafts(&dir).is_empty());
}

#[test]
fn a_note_on_a_figure_names_the_figure() {
    let dir = temp_dir("figure");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    key(&mut app, KeyCode::Char('}'));
    let (b, k) = app.chosen_figure().unwrap();
    let text = app.passages()[b]
        .paragraph(app.report().unwrap())
        .unwrap()
        .figures[k]
        .text
        .clone();
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "核对");
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    let notes = stored(&dir);
    assert_eq!(notes[0].figure.as_deref(), Some(text.as_str()));
}

#[test]
fn delete_asks_for_confirmation() {
    let dir = temp_dir("delete");
    let mut app = app_with_notes(&dir);
    start_a_note(&mut app, "删除我");
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    key(&mut app, KeyCode::Char('d'));
    assert!(rows(&draw(&app)).join("\n").contains("Delete the note"));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.notes().placed.len(), 1);
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.notes().placed.is_empty());
}

#[test]
fn all_notes_filters_by_tag_and_pinyin_and_jumps() {
    let dir = temp_dir("all");
    let mut app = app_with_notes(&dir);
    for (report, moves, text) in [
        ("文登区 2023", "]]j", "复议数字 #待核实"),
        ("千山区 2023", "]]]j", "执法案卷 #已核"),
    ] {
        open(&mut app, report);
        keys(&mut app, moves);
        key(&mut app, KeyCode::Char('a'));
        type_text(&mut app, text);
        ctrl(&mut app, 's');
        settle_notes(&mut app);
    }
    key(&mut app, KeyCode::Char('M'));
    let Some(Popup::AllNotes(list)) = app.popup() else {
        panic!("all notes open")
    };
    assert_eq!(list.shown.len(), 2);
    type_text(&mut app, "zfanjuan");
    let Some(Popup::AllNotes(list)) = app.popup() else {
        panic!()
    };
    assert_eq!(list.shown.len(), 1, "pinyin finds 执法案卷");
    for _ in 0.."zfanjuan".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "复数");
    let Some(Popup::AllNotes(list)) = app.popup() else {
        panic!()
    };
    assert_eq!(list.shown.len(), 1, "scattered characters find 复议数字");
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "#待核实");
    let Some(Popup::AllNotes(list)) = app.popup() else {
        panic!()
    };
    assert_eq!(list.shown.len(), 1);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup(), Some(Popup::Note(_))),
        "Enter shows the note in full"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.report().unwrap().short_name(), "文登区 2023");
    assert_eq!(app.focus(), Pane::Content);
}

#[test]
fn a_draft_reaches_the_database_while_the_editor_is_still_open() {
    let dir = temp_dir("draft-live");
    let mut app = app_with_notes(&dir);
    start_a_note(&mut app, "写到一半");
    wait_for_draft(&mut app, &dir, "写到一半");
    assert!(matches!(app.popup(), Some(Popup::Editor(_))));
}

/// The screen and the terminal cursor after drawing.
fn draw_with_cursor(app: &App) -> (ratatui::buffer::Buffer, (u16, u16)) {
    use ratatui::backend::{Backend, TestBackend};
    let size = app.size();
    let mut term = ratatui::Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    term.draw(|f| fazhi::tui::ui::draw(f, app)).unwrap();
    let at = term.backend_mut().get_cursor_position().unwrap();
    (term.backend().buffer().clone(), (at.x, at.y))
}

#[test]
fn a_long_note_wraps_in_the_editor_and_the_cursor_follows_its_last_character() {
    let dir = temp_dir("wrap");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    key(&mut app, KeyCode::Char('a'));
    let long = "合法性审查率连续两年达到百分之百需要核对上一年度报告中的口径是否一致".repeat(3);
    type_text(&mut app, &long);
    type_text(&mut app, "结尾");
    let (buf, (cx, cy)) = draw_with_cursor(&app);
    let screen = rows(&buf).join("\n");
    let (x, y) =
        find(&buf, "结尾").unwrap_or_else(|| panic!("the end of the note shows:\n{screen}"));
    // Two Chinese characters are four cells: the cursor is right after them.
    assert_eq!((cx, cy), (x + 4, y), "{screen}");
    // Every character typed is on screen, over several rows.
    let shown: String = rows(&buf).concat().replace([' ', '│'], "");
    assert!(shown.contains("口径是否一致结尾"), "{screen}");
}

#[test]
fn typing_past_the_editors_last_row_scrolls_to_the_cursor() {
    let dir = temp_dir("scroll");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    key(&mut app, KeyCode::Char('a'));
    for k in 1..=30 {
        type_text(&mut app, &format!("第{k}行"));
        key(&mut app, KeyCode::Enter);
    }
    type_text(&mut app, "最后一行");
    let (buf, (cx, cy)) = draw_with_cursor(&app);
    let screen = rows(&buf).join("\n");
    let (x, y) = find(&buf, "最后一行").unwrap_or_else(|| panic!("{screen}"));
    assert_eq!((cx, cy), (x + 8, y), "{screen}");
    assert!(screen.contains("第30行"), "{screen}");
}

#[test]
fn pasted_windows_and_old_mac_line_ends_become_new_lines() {
    let dir = temp_dir("crlf");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    key(&mut app, KeyCode::Char('a'));
    handle(&mut app, Msg::Paste("第一行\r\n第二行\r第三行".into()));
    let Some(Popup::Editor(ed)) = app.popup() else {
        panic!("editor open")
    };
    assert_eq!(ed.text(), "第一行\n第二行\n第三行");
    let screen = rows(&draw(&app)).join("\n");
    assert!(!screen.contains('\r'), "{screen:?}");
    for line in ["第一行", "第二行", "第三行"] {
        assert!(screen.contains(line), "{screen}");
    }
}

#[test]
fn a_long_note_reads_in_full_from_the_notes_pane_and_all_notes_and_enter_goes_to_it() {
    let dir = temp_dir("view");
    let mut app = app_with_notes(&dir);
    open(&mut app, "文登区 2023");
    keys(&mut app, "]]j");
    let para = app.cursor();
    key(&mut app, KeyCode::Char('a'));
    let long = "核对上一年度报告中行政复议案件数的统计口径，".repeat(6);
    type_text(&mut app, &long);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "第二段：结论待定");
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    keys(&mut app, "gg");
    assert_ne!(app.cursor(), para);
    for how in ["notes pane", "all notes"] {
        if how == "notes pane" {
            key(&mut app, KeyCode::Char('4'));
        } else {
            key(&mut app, KeyCode::Char('M'));
        }
        key(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.popup(), Some(Popup::Note(_))),
            "{how}: Enter shows the note"
        );
        let screen = rows(&draw(&app)).join("\n");
        let shown = screen.replace([' ', '│'], "");
        assert!(
            shown.contains("第二段：结论待定"),
            "{how}: the whole note\n{screen}"
        );
        assert!(
            shown.contains("一是深化法治政府示范创建"),
            "{how}: its quote\n{screen}"
        );
        assert!(!shown.contains("口径，…"), "{how}: nothing cut\n{screen}");
        key(&mut app, KeyCode::Enter);
        assert!(app.popup().is_none());
        assert_eq!(app.cursor(), para, "{how}: Enter goes to the paragraph");
        keys(&mut app, "g");
        if how == "notes pane" {
            key(&mut app, KeyCode::Char('4'));
        }
    }
}

#[test]
fn a_note_saved_by_another_reader_shows_up_here_with_no_key_pressed() {
    let dir = temp_dir("other");
    let mut here = app_with_notes(&dir);
    open(&mut here, "文登区 2023");
    let mut there = app_with_notes(&dir);
    start_a_note(&mut there, "另一个窗口写的笔记");
    ctrl(&mut there, 's');
    settle_notes(&mut there);
    tick_until(&mut here, |a| !a.notes().placed.is_empty());
    assert_eq!(here.notes().placed[0].note.body, "另一个窗口写的笔记");
}

/// What a local session in `dir` starts from: the bundled reports, notes and position there.
fn local_start(dir: &TempDir) -> fazhi::tui::session::Start {
    fazhi::tui::session::Start {
        notes_dir: Some(dir.path()),
        position: Some(dir.join("position.json")),
        resume: true,
        ..crate::screen::start("reviewer")
    }
}

#[test]
fn a_session_that_ends_with_the_editor_open_keeps_its_draft() {
    use fazhi::tui::session::Session;
    let dir = temp_dir("finish");
    let start = || local_start(&dir);
    let mut session = Session::start(start());
    handle(&mut session.app, Msg::Resize(140, 40));
    start_a_note(&mut session.app, "没来得及保存");
    // No idle tick ever came: the session ends (quit, lost connection, failed drawing).
    session.finish();
    let drafts = drafts(&dir);
    assert!(
        drafts.iter().any(|d| d.text == "没来得及保存"),
        "{drafts:?}"
    );
    // The next session offers it back where it was written.
    let next = Session::start(start());
    let screen = rows(&draw(&next.app)).join("\n");
    assert!(screen.contains("Restore it?"), "{screen}");
    assert_eq!(next.app.breadcrumb(), "文登区 2023 › 一、 › （一）");
}

#[test]
fn a_panic_while_writing_a_note_keeps_the_draft_and_the_place() {
    use fazhi::tui::session::Session;
    let dir = temp_dir("panic");
    let mut session = Session::start(local_start(&dir));
    handle(&mut session.app, Msg::Resize(140, 40));
    start_a_note(&mut session.app, "写到一半程序出错");
    // No idle tick came to save the draft; a bug panics while the session is open.
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let _open = session;
        panic!("a bug in the reader");
    }));
    assert!(panicked.is_err());
    let drafts = drafts(&dir);
    assert!(
        drafts.iter().any(|d| d.text == "写到一半程序出错"),
        "{drafts:?}"
    );
    // The next session offers the draft back, and declined, is at the place it was.
    let mut next = Session::start(local_start(&dir));
    let screen = rows(&draw(&next.app)).join("\n");
    assert!(
        screen.contains("draft was left: \"写到一半程序出错\""),
        "{screen}"
    );
    key(&mut next.app, KeyCode::Char('n'));
    assert!(next.app.popup().is_none());
    assert_eq!(next.app.breadcrumb(), "文登区 2023 › 一、 › （一）");
}

#[test]
fn a_jump_to_a_note_lands_at_once_and_its_marker_shows_when_the_notes_arrive() {
    let dir = temp_dir("arrive");
    {
        let mut app = app_with_notes(&dir);
        start_a_note(&mut app, NOTE);
        ctrl(&mut app, 's');
        settle_notes(&mut app);
    }
    let mut app = app_with_notes(&dir);
    settle_notes(&mut app);
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    // The report's text is enough to find the paragraph: no wait for the database.
    assert_eq!(app.breadcrumb(), "文登区 2023 › 一、 › （一）");
    settle_notes(&mut app);
    let buf = draw(&app);
    let (x, y) = find(&buf, "一是深化法治政府示范创建").unwrap();
    assert_eq!(
        buf[(x - 1, y)].symbol(),
        "✎",
        "the marker once notes arrived"
    );
}

#[test]
fn a_save_the_database_refuses_keeps_the_editor_and_its_text_and_says_why() {
    let dir = temp_dir("refused");
    let mut app = app_with_notes(&dir);
    start_a_note(&mut app, "数据库被占用时写的笔记");
    // The draft is written as it is typed; wait for it before another program takes the
    // database's write lock and keeps it past the busy timeout.
    wait_for_draft(&mut app, &dir, "数据库被占用时写的笔记");
    let locker = rusqlite::Connection::open(dir.join("notes.db")).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    ctrl(&mut app, 's');
    // The reader keeps drawing while the notes thread waits on the lock.
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("saving the note…"), "{screen}");
    assert!(screen.contains("Ctrl-S save"), "{screen}");
    settle_notes(&mut app);
    let Some(Popup::Editor(ed)) = app.popup() else {
        panic!("the editor was closed on a failed save")
    };
    assert_eq!(ed.text(), "数据库被占用时写的笔记");
    let screen = rows(&draw(&app)).join("\n");
    assert!(screen.contains("notes.db stayed locked"), "{screen}");
    // Read as another reader would while the lock is still held.
    assert!(Store::open_read_only(&dir)
        .unwrap()
        .list(&NoteFilter::default())
        .unwrap()
        .is_empty());

    // Once the other program lets go, saving again works.
    locker.execute_batch("ROLLBACK").unwrap();
    ctrl(&mut app, 's');
    settle_notes(&mut app);
    assert!(app.popup().is_none());
    let notes = stored(&dir);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body, "数据库被占用时写的笔记");
}

#[test]
fn a_note_jumped_to_in_another_report_is_the_one_selected_in_the_notes_pane() {
    let dir = temp_dir("jump-select");
    {
        let mut app = app_with_notes(&dir);
        start_a_note(&mut app, "第一条笔记");
        ctrl(&mut app, 's');
        settle_notes(&mut app);
        keys(&mut app, "]ja");
        type_text(&mut app, "第二条笔记");
        ctrl(&mut app, 's');
        settle_notes(&mut app);
        assert_eq!(app.notes().placed.len(), 2);
    }
    let mut app = app_with_notes(&dir);
    open(&mut app, "千山区 2023");
    key(&mut app, KeyCode::Char('M'));
    type_text(&mut app, "第二条");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    settle_notes(&mut app);
    // In the notes pane, editing edits the note jumped to, not the report's first.
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.focus(), Pane::Notes);
    key(&mut app, KeyCode::Char('e'));
    let Some(Popup::Editor(ed)) = app.popup() else {
        panic!("the editor for the selected note")
    };
    assert_eq!(ed.text(), "第二条笔记");
}
