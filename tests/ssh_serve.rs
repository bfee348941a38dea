//! `fazhi serve` with the real OpenSSH client: the reader over SSH in tmux, shared notes,
//! who gets in, what is refused, the limits, and giving every terminal back on SIGTERM.
//!
//! Each test runs its own server on a free loopback port with its own keys, HOME and XDG
//! directories (the lab in `common/ssh.rs`, shared with the attacks in `ssh_attack`), and
//! kills what it started when it ends, also when it fails. Every wait is a bounded poll.
//!
//! `ssh`, `ssh-keygen`, `script` and tmux must be installed; `FAZHI_SKIP_SSH=1` and
//! `FAZHI_SKIP_TMUX=1` skip these tests where they cannot be.

mod common;

use common::ssh::{have_ssh, mode, Client, Lab, ALICE, PATIENCE};
use common::temp::{scratch_user, TempDir};
use common::tmux::{self, exit_code, shows_library, status};
use common::wait::until;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

/// A lab with `fazhi serve --lang en` and `args` running; `None` when skipping.
fn serve(name: &str, args: &[&str]) -> Option<Lab> {
    let mut lab = Lab::new(name)?;
    lab.serve(&[&["--lang", "en"], args].concat());
    Some(lab)
}

/// As [`serve`], with a 120×36 terminal in tmux for the lab's clients, at its shell's
/// prompt in window `w0`; `None` when skipping.
fn serve_with_terminal(name: &str, args: &[&str]) -> Option<(Lab, tmux::Server)> {
    let lab = serve(name, args)?;
    let t = tmux::Server::start(&format!("ssh-{name}"), PATIENCE, &lab.dir, 120, 36)?;
    Some((lab, t))
}

/// The first window's target.
const W0: &str = "fazhi:w0";

/// Connect as `who` from `target`'s shell and wait for the reader's first screen.
fn connect(t: &tmux::Server, lab: &Lab, target: &str, who: &str) {
    t.run(target, &lab.ssh_script(who));
    t.wait_for(
        target,
        "the reports pane with all five districts",
        shows_library,
    );
}

#[test]
fn over_ssh_the_reader_opens_a_report_takes_a_note_and_quits_to_a_cooked_shell() {
    let Some((lab, t)) = serve_with_terminal("reader", &[]) else {
        return;
    };
    connect(&t, &lab, W0, "alice");

    // One down from the first report (铁西区 2024) is 文登区 2023.
    t.keys(W0, &["j", "Enter"]);
    t.wait_for(W0, "文登区 2023 open", |s| {
        s.contains("威海市文登区人民政府") && status(s).contains("文登区 2023")
    });
    t.keys(W0, &["a"]);
    t.wait_for(W0, "the note editor", |s| s.contains("Ctrl-S save"));
    t.text(W0, "依法行政 over ssh");
    t.keys(W0, &["C-s"]);
    t.wait_for(W0, "the editor closed", |s| !s.contains("Ctrl-S save"));
    t.keys(W0, &["4"]);
    t.wait_for(W0, "the note in the notes pane", |s| {
        s.contains("依法行政 over ssh")
    });

    t.quit(W0);
    let line = lab.wait_log_line("alice's connection line", |l| {
        l.contains("user=alice@laptop")
    });
    assert!(
        line.contains("key=SHA256:") && line.contains("127.0.0.1:") && line.ends_with("quit"),
        "one line with user, key, address, duration and how it ended: {line}"
    );
}

#[test]
fn a_note_written_in_one_session_shows_in_another_with_its_author() {
    let Some((lab, t)) = serve_with_terminal("shared", &[]) else {
        return;
    };
    let w1 = &t.new_window("w1");
    t.run(W0, &lab.ssh_script("alice"));
    t.run(w1, &lab.ssh_script("bob"));
    for w in [W0, w1] {
        t.wait_for(w, "the reports pane with all five districts", shows_library);
        t.keys(w, &["j", "Enter"]);
        t.wait_for(w, "文登区 2023 open", |s| {
            status(s).contains("文登区 2023")
        });
    }
    t.keys(w1, &["4"]);
    t.wait_for(w1, "bob's empty notes pane", |s| s.contains("Notes"));

    t.keys(W0, &["a"]);
    t.wait_for(W0, "the note editor", |s| s.contains("Ctrl-S save"));
    t.text(W0, "共享笔记 from alice");
    t.keys(W0, &["C-s"]);

    // Bob presses nothing: the note arrives by polling.
    let seen = t.wait_for(w1, "alice's note in bob's notes pane", |s| {
        s.contains("共享笔记 from alice")
    });
    t.keys(w1, &["M"]);
    let all = t.wait_for(w1, "the all-notes list", |s| s.contains("All notes"));
    assert!(
        all.contains(ALICE),
        "the note's author is alice's key comment:\n{all}\n(notes pane was:\n{seen})"
    );
    // Esc and q in one read would be alt-q: let the popup close first.
    t.keys(w1, &["Escape"]);
    t.wait_for(w1, "the all-notes list closed", |s| {
        !s.contains("All notes")
    });
    for w in [W0, w1] {
        t.quit(w);
    }
}

#[test]
fn two_sessions_at_once_each_compare_a_report_side_by_side() {
    let Some((lab, t)) = serve_with_terminal("compare", &[]) else {
        return;
    };
    let w1 = &t.new_window("w1");
    t.run(W0, &lab.ssh_script("alice"));
    t.run(w1, &lab.ssh_script("bob"));
    // Alice compares 文登区 2023 with 顺城区 2024, bob 铁西区 2024 with 文登区 2023; the
    // chooser's index of the reports is the server's, built by whichever needed it first.
    let sessions = [
        (
            W0,
            &["j", "Enter"][..],
            "文登区 2023",
            "shuncheng",
            "顺城区 2024",
        ),
        (w1, &["Enter"][..], "铁西区 2024", "wendeng", "文登区 2023"),
    ];
    for (w, open, a, query, _) in sessions {
        t.wait_for(w, "the reports pane with all five districts", shows_library);
        t.keys(w, open);
        t.wait_for(w, "report A open", |s| status(s).contains(a));
        t.keys(w, &["c"]);
        t.wait_for(w, "the chooser", |s| {
            s.contains(&format!("Compare {a} with"))
        });
        t.text(w, query);
        t.keys(w, &["Enter"]);
    }
    for (w, _, a, _, b) in sessions {
        t.wait_for(w, "the two reports side by side", |s| {
            s.contains(&format!("A {a}")) && s.contains(&format!("B {b}"))
        });
        t.keys(w, &["Escape"]);
        t.wait_for(w, "side by side closed", |s| !s.contains("Side by side"));
        t.quit(w);
    }
}

#[test]
fn resizing_the_client_window_resizes_the_remote_reader() {
    let Some((lab, t)) = serve_with_terminal("resize", &[]) else {
        return;
    };
    connect(&t, &lab, W0, "alice");
    t.tmux(&["resize-window", "-t", "fazhi", "-x", "80", "-y", "24"]);
    let narrow = t.wait_for(W0, "the reader redrawn at 80x24", |s| {
        s.lines().count() == 24 && !s.contains("Reports") && status(s).contains("¶")
    });
    assert!(status(&narrow).contains("铁西区 2024"), "{narrow}");
    t.tmux(&["resize-window", "-t", "fazhi", "-x", "120", "-y", "36"]);
    t.wait_for(W0, "the reports pane back at 120x36", |s| {
        s.lines().count() == 36 && s.contains("Reports")
    });
    t.quit(W0);
}

/// Alice (window w0) and bob (the returned window) in the reader, alice half-way through a
/// note: `draft` typed in the editor.
fn alice_writing_bob_reading(t: &tmux::Server, lab: &Lab, draft: &str) -> String {
    let w1 = t.new_window("w1");
    t.run(W0, &lab.ssh_script("alice"));
    connect(t, lab, &w1, "bob");
    t.wait_for(
        W0,
        "the reports pane with all five districts",
        shows_library,
    );
    t.keys(W0, &["a"]);
    t.wait_for(W0, "the note editor", |s| s.contains("Ctrl-S save"));
    t.text(W0, draft);
    t.wait_for(W0, "the typed draft", |s| s.contains(draft));
    w1
}

#[test]
fn sigterm_gives_every_client_its_terminal_back_and_keeps_drafts() {
    let Some((mut lab, t)) = serve_with_terminal("sigterm", &[]) else {
        return;
    };
    // Alice is half-way through a note when the server stops.
    let w1 = &alice_writing_bob_reading(&t, &lab, "未完的草稿");

    assert_eq!(lab.terminate(), Some(0), "a stopped server exits cleanly");
    for w in [W0, w1] {
        let after = t.wait_for_exit(w);
        assert!(
            after.contains("fazhi: the server is stopping; your drafts are saved."),
            "the client is told why:\n{after}"
        );
        assert_eq!(exit_code(&after), Some(1), "ended by the server:\n{after}");
        t.assert_terminal_restored(w, &after);
    }
    let log = lab.log_text();
    assert_eq!(
        log.matches("server stopping").count(),
        2,
        "one line per connection:\n{log}"
    );

    // The draft survived: alice is offered it back by a new server on the same data.
    lab.serve(&["--lang", "en"]);
    t.run(W0, &lab.ssh_script("alice"));
    t.wait_for(W0, "the draft offered back", |s| {
        s.contains("unsaved note draft") && s.contains("未完的草稿")
    });
}

#[test]
fn a_panicking_session_ends_alone_and_keeps_its_draft() {
    let Some(mut lab) = Lab::new("panic") else {
        return;
    };
    // Debug builds panic on F12 with this (`tui/input.rs`); only this test presses F12.
    lab.server_env.push(("FAZHI_DEBUG_PANIC", "1"));
    lab.serve(&["--lang", "en"]);
    let Some(t) = tmux::Server::start("ssh-panic", PATIENCE, &lab.dir, 120, 36) else {
        return;
    };
    let w1 = &alice_writing_bob_reading(&t, &lab, "出错前的草稿");
    t.keys(W0, &["F12"]);
    let after = t.wait_for_exit(W0);
    assert!(
        after.contains("fazhi: this session hit an internal error and was closed."),
        "the client is told why:\n{after}"
    );
    assert_eq!(exit_code(&after), Some(1), "{after}");
    t.assert_terminal_restored(W0, &after);
    let line = lab.wait_log_line("alice's connection line", |l| {
        l.contains("user=alice@laptop") && l.contains("panic: FAZHI_DEBUG_PANIC")
    });
    assert!(line.contains("127.0.0.1:"), "{line}");

    // Bob reads on, and the server is still there for alice.
    t.keys(w1, &["j", "Enter"]);
    t.wait_for(w1, "bob opens 文登区 2023", |s| {
        status(s).contains("文登区 2023")
    });
    t.keys(W0, &["C-l"]);
    t.run(W0, &lab.ssh_script("alice"));
    t.wait_for(W0, "the draft offered back", |s| {
        s.contains("unsaved note draft") && s.contains("出错前的草稿")
    });
    assert_eq!(lab.terminate(), Some(0), "the server exits cleanly");
}

#[test]
fn a_wrong_key_is_denied() {
    let Some(lab) = serve("denied", &[]) else {
        return;
    };
    let out = lab.ssh_output("mallory", &["127.0.0.1", "true"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("Permission denied (publickey)"),
        "only public keys are offered, and mallory's is refused: {stderr}"
    );
    lab.wait_log_line("mallory's refusal", |l| l.contains("permission denied"));

    let out = lab.ssh_output(
        "alice",
        &[
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
            "127.0.0.1",
            "true",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("Permission denied (publickey)"),
        "no password or keyboard-interactive is offered, even to a known user: {stderr}"
    );
}

#[test]
fn commands_and_sessions_without_a_terminal_are_refused_with_a_message() {
    let Some(lab) = serve("refused", &[]) else {
        return;
    };
    let out = lab.ssh_output("alice", &["127.0.0.1", "ls", "/"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing is run: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("commands are not run here"), "{stderr}");

    let out = lab.ssh_output("alice", &["-T", "127.0.0.1"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fazhi needs a terminal: use ssh -t"),
        "{stderr}"
    );

    let out = lab.ssh_output("alice", &["-s", "127.0.0.1", "sftp"]);
    assert!(!out.status.success(), "sftp is refused: {out:?}");
}

#[test]
fn port_forwarding_is_refused() {
    let Some(lab) = serve("forward", &[]) else {
        return;
    };
    // -R: the server refuses to listen for the client.
    let out = lab.ssh_output(
        "alice",
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
            "127.0.0.1",
        ],
    );
    assert!(!out.status.success(), "-R should fail: {out:?}");

    // -L: the client listens, but the server refuses to connect anywhere for it.
    let target = TcpListener::bind("127.0.0.1:0").unwrap();
    target.set_nonblocking(true).unwrap();
    let local = free_port();
    let forward = format!("{local}:127.0.0.1:{}", target.local_addr().unwrap().port());
    let mut ssh = lab
        .ssh("alice", &["-N", "-L", &forward, "127.0.0.1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stream = until(PATIENCE, || {
        TcpStream::connect(("127.0.0.1", local)).map_err(|e| format!("ssh -L to listen: {e}"))
    });
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = stream.write_all(b"hello");
    let mut buf = [0u8; 16];
    let read = stream.read(&mut buf);
    assert!(
        matches!(read, Ok(0)) || read.is_err(),
        "the forwarded connection is closed at once: {read:?}"
    );
    assert!(
        target.accept().is_err(),
        "nothing reached the forward's target"
    );
    let _ = ssh.kill();
    let _ = ssh.wait();
    lab.wait_log_line("the refusal", |l| {
        l.contains("refused forwarding to 127.0.0.1:")
    });
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The first frame of a client without a size: the status line with the position in the
/// first report (at the 80x24 the server gives it, the side panes are folded away).
fn wait_for_first_frame(client: &Client) {
    client.wait_for("the first frame", |s| s.contains("¶ 1/"));
}

#[test]
fn twenty_sessions_at_once_all_reach_the_first_screen_and_all_get_their_terminals_back() {
    let Some(mut lab) = serve("twenty", &[]) else {
        return;
    };
    let mut clients: Vec<Client> = (0..20)
        .map(|i| Client::without_size(&lab, if i % 2 == 0 { "alice" } else { "bob" }))
        .collect();
    for c in &clients {
        wait_for_first_frame(c);
    }
    // Half quit; the server is stopped under the other half.
    let (quitters, stayers) = clients.split_at_mut(10);
    for c in quitters.iter_mut() {
        c.type_keys("q");
    }
    for c in quitters.iter_mut() {
        assert_eq!(c.exit_code(), Some(0), "{}", c.text());
    }
    assert_eq!(lab.terminate(), Some(0));
    for c in stayers.iter_mut() {
        assert_eq!(c.exit_code(), Some(1), "{}", c.text());
        let out = c.text();
        let (entered, left) = (out.rfind("\x1b[?1049h"), out.rfind("\x1b[?1049l"));
        assert!(
            left > entered && out[left.unwrap()..].contains("\x1b[?25h"),
            "the main screen and the cursor come back last: {:?}",
            &out[out.len().saturating_sub(200)..]
        );
        assert!(out.ends_with("fazhi: the server is stopping; your drafts are saved.\r\n"));
    }
}

#[test]
fn two_sessions_read_one_library_store_that_the_server_mapped_once() {
    let Some(mut lab) = Lab::new("one-store") else {
        return;
    };
    let library = lab.dir.join("library");
    common::samples::write_all(&library);
    let library = library.display().to_string();
    lab.serve(&["--lang", "en", "--library", &library]);
    let mut clients = [
        Client::without_size(&lab, "alice"),
        Client::without_size(&lab, "bob"),
    ];
    for c in &clients {
        wait_for_first_frame(c);
    }
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", lab.pid())).unwrap();
    let stores: Vec<&str> = maps.lines().filter(|l| l.ends_with(".store")).collect();
    assert_eq!(stores.len(), 1, "one mapping of the store:\n{maps}");
    for c in &mut clients {
        c.type_keys("q");
        assert_eq!(c.exit_code(), Some(0), "{}", c.text());
    }
}

#[test]
fn a_full_server_tells_the_next_client_to_come_back_later() {
    let Some(lab) = serve("full", &["--max-sessions", "1"]) else {
        return;
    };
    let first = Client::without_size(&lab, "alice");
    wait_for_first_frame(&first);
    let mut second = Client::without_size(&lab, "bob");
    second.wait_for("the refusal", |s| s.contains("the server is full"));
    assert_eq!(second.exit_code(), Some(1));
}

#[test]
fn an_idle_session_is_closed_and_its_terminal_restored() {
    let Some((lab, t)) = serve_with_terminal("idle", &["--idle-timeout", "2"]) else {
        return;
    };
    connect(&t, &lab, W0, "alice");
    let after = t.wait_for_exit(W0);
    assert!(after.contains("closed after 2 s without input"), "{after}");
    t.assert_terminal_restored(W0, &after);
}

#[test]
fn too_many_connections_from_one_address_are_turned_away() {
    let Some(lab) = serve("rate", &["--max-connections-per-minute", "2"]) else {
        return;
    };
    let greeting = |_: usize| {
        let mut s = TcpStream::connect(("127.0.0.1", lab.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut buf = vec![0u8; 256];
        let n = s.read(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    assert!(greeting(1).starts_with("SSH-2.0-"));
    assert!(greeting(2).starts_with("SSH-2.0-"));
    assert!(greeting(3).contains("too many connections"));
}

#[test]
fn without_authorized_keys_the_server_says_how_to_make_them() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new("ssh-nokeys");
    let out = scratch_user(&mut Command::new(env!("CARGO_BIN_EXE_fazhi")), &dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("cp ~/.ssh/id_ed25519.pub")
            && stderr.contains("config/fazhi/authorized_keys"),
        "{stderr}"
    );
}

#[test]
fn the_host_key_is_made_once_and_its_fingerprint_printed() {
    let Some(mut lab) = serve("hostkey", &[]) else {
        return;
    };
    let fingerprint = |log: &str| {
        log.split("host key ")
            .nth(1)
            .map(|s| s.trim_end_matches(')').to_string())
            .unwrap()
    };
    let first = fingerprint(&lab.wait_log_line("the start line", |l| l.contains("host key")));
    let key = lab.data_dir().join("ssh_host_ed25519_key");
    let keygen = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&keygen.stdout).contains(&first),
        "the printed fingerprint is the key's: {first} vs {keygen:?}"
    );
    assert_eq!(mode(&key), 0o600, "the host key is private");

    lab.terminate();
    lab.serve(&["--lang", "en"]);
    let log = lab.log_lines();
    let starts: Vec<&String> = log.iter().filter(|l| l.contains("host key")).collect();
    assert_eq!(starts.len(), 2, "{log:?}");
    let second = fingerprint(starts[1]);
    assert_eq!(first, second, "the host key is reused");
}
