//! The reader in a real terminal (tmux), attacked: a report that is one huge paragraph must
//! not freeze it — `q` still quits and the terminal comes back. (Every signal that ends the
//! reader is in `tmux.rs`.)
//!
//! Waits are bounded polls used as hang guards, never timing asserts. `FAZHI_SKIP_TMUX=1`
//! skips these tests where tmux cannot be installed.

use super::terminal::Terminal;
use crate::common::tmux::exit_code;
use std::time::Duration;

/// How long to wait for the screen before calling it a hang. Generous: the machine is
/// shared and a debug build reads a 2 MB paragraph slowly.
const PATIENCE: Duration = Duration::from_secs(60);

#[test]
fn a_report_of_one_two_megabyte_paragraph_opens_scrolls_and_quits_on_q() {
    let Some(t) = Terminal::start_patient("huge", 120, 36, PATIENCE) else {
        return;
    };
    let file = t.dir.join("huge.txt");
    let sentence = "本区坚持依法行政，全面推进法治政府建设，受理行政复议申请12件。";
    let mut text = String::from("某某区人民政府关于2023年法治政府建设情况的报告\n\n");
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(sentence);
    }
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    t.run_reader(&[file.to_str().unwrap()]);
    t.wait_for("the library", |s| s.contains("Reports 1"));
    t.keys(&["Enter"]);
    t.wait_for("the paragraph", |s| s.contains("依法行政"));
    for _ in 0..5 {
        t.keys(&["NPage"]);
    }
    t.keys(&["G", "g", "q"]);
    let after = t.wait_for_exit();
    assert_eq!(exit_code(&after), Some(0), "{after}");
    t.assert_terminal_restored(&after);
}
