//! The reader in a real terminal: the `fazhi` binary run from a shell inside tmux, driven by
//! key presses, read back with `capture-pane`, and checked for handing the terminal back.
//!
//! Each test has its own tmux server, HOME and XDG directories, and kills its server when it
//! ends, also when it fails. Every wait is a bounded poll, never a fixed sleep.
//!
//! tmux must be installed; `FAZHI_SKIP_TMUX=1` skips these tests where it cannot be.

use super::terminal::{wait_until_ended, Terminal, PATIENCE};
use crate::common::tmux::{exit_code, shows_library, status, PROMPT};
use crate::common::wait::until;
use std::process::Command;

#[test]
fn reader_opens_scrolls_searches_and_quits_back_to_a_cooked_shell() {
    let Some(t) = Terminal::start("quit", 120, 36) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reports pane with all five districts", shows_library);

    // The cursor starts on the first report (铁西区 2024); one down is 文登区 2023.
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 open", |s| {
        s.contains("威海市文登区人民政府") && status(s).contains("文登区 2023")
    });
    t.keys(&["]"]);
    let at_section = t.wait_for("the first section", |s| {
        status(s).contains("文登区 2023 › 一、")
    });
    t.keys(&["NPage"]);
    t.wait_for("a page further on", |s| {
        position(status(s)) != position(status(&at_section))
    });

    t.keys(&["/"]);
    t.wait_for("the search prompt", |s| status(s).contains(" /"));
    t.text("复议");
    t.keys(&["Enter"]);
    t.wait_for("the first of several matches", |s| {
        status(s).contains("/复议 match 1/")
    });
    t.keys(&["n"]);
    t.wait_for("the second match", |s| status(s).contains("/复议 match 2/"));

    t.quit();
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP", 1);
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT", 3);
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM", 15);
}

/// A reader ended by `signal` (its `number`) leaves raw mode and the alternate screen on its
/// way out, and its exit status tells the signal.
fn signal_restores_the_terminal(signal: &str, number: i32) {
    let Some(t) = Terminal::start(&format!("sig{}", signal.to_lowercase()), 120, 36) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reader", |s| s.contains("Reports"));
    // Open a report first, so the signal arrives in the middle of reading.
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 open", |s| status(s).contains("文登区 2023"));
    let pid = t.reader_pid();
    let sent = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .expect("kill to send a signal");
    assert!(sent.success(), "could not send SIG{signal} to {pid}");
    let after = t.wait_for_exit();
    assert_eq!(
        exit_code(&after),
        Some(128 + number),
        "the exit status tells the signal:\n{after}"
    );
    t.assert_terminal_restored(&after);
}

#[test]
fn resizing_the_window_redraws_at_the_new_size() {
    let Some(t) = Terminal::start("resize", 120, 36) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reader", |s| s.contains("Reports"));
    t.keys(&["j", "Enter"]);
    t.wait_for("文登区 2023 with the reports pane", |s| {
        s.contains("Reports") && status(s).contains("文登区 2023")
    });
    t.wait_for_frame(120, 36);

    t.tmux(&["resize-window", "-t", "fazhi", "-x", "80", "-y", "24"]);
    let narrow = t.wait_for_frame(80, 24);
    assert!(
        !narrow.contains("Reports") && !narrow.contains("Outline"),
        "at 80 columns the side panes fold away:\n{narrow}"
    );
    assert!(status(&narrow).contains("文登区 2023"), "{narrow}");

    t.tmux(&["resize-window", "-t", "fazhi", "-x", "120", "-y", "36"]);
    let wide = t.wait_for_frame(120, 36);
    assert!(
        wide.contains("Reports"),
        "the reports pane comes back:\n{wide}"
    );

    t.quit();
}

#[test]
fn small_terminal_80x24_shows_content_and_status() {
    let Some(t) = Terminal::start("small", 80, 24) else {
        return;
    };
    t.run_reader(&[]);
    let screen = t.wait_for_frame(80, 24);
    assert!(
        screen.contains("四平市铁西区人民政府") && screen.contains("2024年，铁西区"),
        "the first report's title and text:\n{screen}"
    );
    assert!(
        status(&screen).contains("铁西区 2024") && status(&screen).contains("¶ 1/"),
        "the status line names the report and the position:\n{screen}"
    );
    t.quit();
}

#[test]
fn compare_at_80x24_scrolls_flips_exports_a_table_and_quits_cleanly() {
    let Some(t) = Terminal::start("compare", 80, 24) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for_frame(80, 24);
    // The first report is 铁西区 2024; compare it with 顺城区 2024, found by pinyin.
    t.keys(&["c"]);
    t.wait_for("the chooser", |s| s.contains("Compare 铁西区 2024 with"));
    t.text("shuncheng");
    t.keys(&["Enter"]);
    let a = t.wait_for("A side by side, one column", |s| {
        s.contains("A 铁西区 2024") && s.contains("Tab")
    });
    t.keys(&["]", "]"]);
    let scrolled = t.wait_for("scrolled by two rows", |s| s != a);
    t.keys(&["Tab"]);
    t.wait_for("flipped to B", |s| {
        s.contains("B 顺城区 2024  Tab") && s != scrolled
    });
    t.keys(&["Escape"]);
    t.wait_for("back in the reader", |s| !s.contains("Side by side"));

    // The 行政复议 topic as a table, written to a file typed in the status line.
    t.keys(&[":"]);
    t.text("xzfy");
    t.keys(&["Enter"]);
    t.wait_for("the topic view", |s| s.contains("行政复议"));
    t.keys(&["T"]);
    t.wait_for("the table", |s| s.contains("· table ·"));
    let out = t.dir.join("review.csv");
    t.keys(&["w"]);
    t.wait_for("the export prompt", |s| s.contains("Export to"));
    t.text(&out.display().to_string());
    t.keys(&["Enter"]);
    t.wait_for("the export done", |s| s.contains("wrote 5 rows"));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("id,district,year,"), "{csv}");
    assert!(csv.contains("82件") && csv.contains("97件"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        6,
        "a header and five districts:\n{csv}"
    );

    t.keys(&["Escape"]);
    t.wait_for("the table closed", |s| !s.contains("· table ·"));
    t.quit();
}

/// Once its terminal is gone, crossterm 0.28's event reader can spin on the dead tty
/// (crossterm#793); the reader must still end when the SIGHUP comes.
#[test]
fn closing_the_terminal_ends_the_reader() {
    let Some(t) = Terminal::start("close", 120, 36) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reader", |s| s.contains("Reports"));
    let pid = t.reader_pid();
    // What closing the terminal window or losing the ssh connection does: the pty goes away.
    t.tmux(&["kill-server"]);
    wait_until_ended(pid, "its terminal closed");
}

#[test]
fn a_note_written_in_the_terminal_is_there_after_a_restart() {
    let Some(t) = Terminal::start("note", 140, 40) else {
        return;
    };
    t.run_reader(&[]);
    t.wait_for("the reader", |s| s.contains("Reports"));
    t.keys(&["j", "Enter", "]", "]", "j", "a"]);
    t.wait_for("the note editor", |s| s.contains("Ctrl-S save"));
    t.text("合法性审查率100%连续两年？核对2022年报告");
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.quit();

    t.run_reader(&[]);
    t.wait_for("the reader again", |s| s.contains("Reports"));
    t.keys(&["j", "Enter", "]", "]", "4"]);
    let screen = t.wait_for("the note listed in the notes pane", |s| {
        s.contains("4 Notes 1") && s.contains("合法性审查率")
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains("✎一是深化法治政府示范创建")),
        "the paragraph is marked in the gutter:\n{screen}"
    );
    t.quit();
}

#[test]
fn a_draft_typed_before_sigkill_is_offered_back() {
    let Some(t) = Terminal::start("draft", 140, 40) else {
        return;
    };
    t.write_a_note("写到一半的笔记");
    // The draft reaches the database within a moment of typing; wait for it there.
    let data = t.dir.join("data/fazhi");
    until(PATIENCE, || {
        let saved = fazhi::note::Store::open(&data)
            .ok()
            .and_then(|s| s.drafts(&user()).ok())
            .is_some_and(|d| d.iter().any(|d| d.text == "写到一半的笔记"));
        saved
            .then_some(())
            .ok_or_else(|| format!("the draft in {}", data.display()))
    });
    let pid = t.reader_pid();
    Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    wait_until_ended(pid, "SIGKILL");
    std::fs::remove_file(t.dir.join("fazhi.pid")).unwrap();
    // A killed program leaves the terminal as it was; the user types `reset` (here: the
    // parts of it tmux needs) before starting again.
    t.text("stty sane; printf '\\033[?1049l'; clear");
    t.keys(&["Enter"]);
    t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));

    t.run_reader(&[]);
    t.wait_for("the draft offered back", |s| s.contains("Restore it?"));
    t.keys(&["y"]);
    // The report the draft was written in, whose name the status line gives. Waited for as
    // one screen: a capture can fall between the editor's cells and the status line's.
    t.wait_for("the editor with the draft, in its report", |s| {
        s.contains("Ctrl-S save")
            && s.contains("写到一半的笔记")
            && status(s).contains("文登区 2023")
    });
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.quit();
}

#[test]
fn a_panic_gives_the_terminal_back_prints_why_and_keeps_the_draft() {
    let Some(t) = Terminal::start("panic", 140, 40) else {
        return;
    };
    // Debug builds panic on F12 when this is set (see `tui/input.rs`).
    t.text("export FAZHI_DEBUG_PANIC=1");
    t.keys(&["Enter"]);
    t.write_a_note("出错前写的笔记");
    t.keys(&["F12"]);
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(101), "a panic's status:\n{after}");
    assert!(
        after.contains("panicked") && after.contains("F12 pressed"),
        "the panic message on the normal screen:\n{after}"
    );
    t.assert_terminal_restored(&after);

    t.keys(&["C-l"]);
    t.run_reader(&[]);
    t.wait_for("the draft offered back", |s| s.contains("Restore it?"));
    t.keys(&["y"]);
    t.wait_for("the editor with the draft", |s| {
        s.contains("Ctrl-S save") && s.contains("出错前写的笔记")
    });
    t.keys(&["C-s"]);
    t.wait_for("the note saved", |s| status(s).contains("note saved"));
    t.quit();
}

/// The note author the reader records: `$USER` of the session.
fn user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// `¶ 3/33` from the status line.
fn position(status: &str) -> Option<&str> {
    let at = status.find('¶')?;
    status[at..].split_whitespace().nth(1)
}

#[test]
fn a_library_folder_appears_with_no_key_pressed() {
    let Some(t) = Terminal::start("library", 140, 40) else {
        return;
    };
    let reports = concat!(env!("CARGO_MANIFEST_DIR"), "/reports");
    t.run_reader(&["--library", reports]);
    // Nothing is typed: the screen must fill in on its own as the folder is read, and the
    // status line must say loading is over on its own. (Reports show while others still
    // load, so both are waited for: seeing the districts first is no failure.)
    t.wait_for(
        "the library's reports and the end of loading, with no key pressed",
        |s| s.contains("文登区") && s.contains("周村区") && !status(s).contains("loading reports"),
    );
    t.quit();
}

#[test]
fn a_broken_keymap_file_opens_the_reader_with_the_default_keys_and_lists_every_problem() {
    let Some(t) = Terminal::start("badkeys", 140, 40) else {
        return;
    };
    let dir = t.dir.join("config/fazhi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("keymap.toml"),
        "[normal]\n\"ctlr-p\" = \"palette\"\n\"q\" = \"qiut\"\n",
    )
    .unwrap();
    t.run_reader(&[]);
    let screen = t.wait_for("a warning in the status line", |s| {
        status(s).contains("keymap not used (2 problems")
    });
    assert!(screen.contains("Reports"), "{screen}");
    // The default keys work: `q` quits (the broken file would have made it "qiut").
    let after = t.quit();
    assert!(
        after.contains(r#"keymap.toml:2: unknown key "ctlr-p""#),
        "{after}"
    );
    assert!(
        after.contains(r#"keymap.toml:3: unknown action "qiut""#),
        "{after}"
    );
    assert_eq!(exit_code(&after), Some(0), "{after}");
}
