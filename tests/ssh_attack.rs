//! `fazhi serve` attacked on purpose with the real OpenSSH client: a client asking for a
//! 65535×65535 terminal, silent connections trying to lock everyone out, authorized_keys
//! options that must be honoured, host keys the server must refuse, and the modes of what it
//! makes. Each attack is followed by a real user getting in, which is what must still hold.
//!
//! Each test runs its own server on a free loopback port with its own keys and XDG
//! directories (the lab in `common/ssh.rs`, shared with `ssh_serve`), and kills what it
//! started when it ends. Every wait is a bounded poll; no
//! test asserts a time. `ssh`, `ssh-keygen` and `script` must be installed;
//! `FAZHI_SKIP_SSH=1` skips these tests where they cannot be.

mod common;
#[path = "ssh_attack/input_parser.rs"]
mod input_parser;

use common::ssh::{keygen, memory_kb, mode, Client, Lab, PATIENCE};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn a_65535_square_terminal_is_drawn_at_the_cap_and_the_server_stays_up_for_others() {
    let Some(mut lab) = Lab::new("huge-pty") else {
        return;
    };
    lab.serve(&[]);
    let go = lab.dir.join("go");
    // The size comes in pty-req; then, once the reader is drawn, a window-change asks for
    // 60000×60000 (stty on the client's terminal sends SIGWINCH to ssh).
    let setup = format!(
        "stty cols 65535 rows 65535; (while [ ! -e '{}' ]; do sleep 0.05; done; stty cols 60000 rows 60000 </dev/tty) &",
        go.display()
    );
    let mut huge = Client::start(&lab, "alice", &setup);
    huge.wait_for_reader();
    let (rss_first, _) = memory_kb(lab.pid());
    std::fs::write(&go, "").unwrap();
    let drawn = huge.text().len();
    // Clamped to the same 500×200, it changes nothing on screen; the session answers.
    huge.wait_for("an answer to the window change", |s| s.len() > drawn);
    lab.assert_up();
    let (rss, peak) = memory_kb(lab.pid());
    eprintln!("server memory with a 65535x65535 pty: first frame {rss_first} KB, after 60000x60000 window-change {rss} KB, peak {peak} KB");
    assert!(
        peak < 1024 * 1024,
        "a client's terminal size must not decide the server's memory: peak {peak} KB"
    );
    // The frame is drawn at the cap, 500 columns: a row cursor position past 200 or a
    // column past 500 never appears.
    let text = huge.text();
    assert!(
        !text.contains("\x1b[201;") && !text.contains(";501H"),
        "drawn past 500x200"
    );

    // Someone else still gets in and reads, and both quit cleanly.
    lab.reads_and_quits("bob");
    huge.type_keys("q");
    assert_eq!(huge.exit_code(), Some(0));
    lab.assert_up();
}

#[test]
fn silent_connections_are_cut_after_the_login_grace_time_and_a_real_user_gets_in() {
    let Some(mut lab) = Lab::new("silent") else {
        return;
    };
    lab.serve(&[
        "--login-grace-time",
        "2",
        "--max-connections-per-minute",
        "1000",
    ]);
    // 128 connections that never log in: half send nothing at all, half send an SSH
    // version line and then nothing.
    let mut silent: Vec<TcpStream> = (0..128)
        .map(|i| {
            let mut s = TcpStream::connect(("127.0.0.1", lab.port)).unwrap();
            if i % 2 == 1 {
                s.write_all(b"SSH-2.0-silent\r\n").unwrap();
            }
            s.set_read_timeout(Some(PATIENCE)).unwrap();
            s
        })
        .collect();
    // Each either got the server's version line (accepted) or a line turning it away
    // (max startups: 100 at most may be logging in).
    let mut accepted = 0;
    let mut turned_away = 0;
    for s in &mut silent {
        let mut buf = [0u8; 256];
        let n = s.read(&mut buf).unwrap();
        let said = String::from_utf8_lossy(&buf[..n]);
        if said.starts_with("SSH-2.0-") {
            accepted += 1;
        } else {
            assert!(
                said.contains("too many connections are logging in"),
                "{said:?}"
            );
            turned_away += 1;
        }
    }
    assert!(
        accepted <= 100 && turned_away >= 28,
        "accepted {accepted}, turned away {turned_away}"
    );
    // Every accepted one is closed by the server at the end of its grace time.
    for s in &mut silent {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    let cut = lab.wait_log("grace time endings", accepted, |l| {
        l.contains("login grace time (2 s) over")
    });
    assert_eq!(cut.len(), accepted);
    eprintln!("128 silent connections: {accepted} accepted and cut after 2 s, {turned_away} turned away at once");
    lab.reads_and_quits("alice");
    lab.assert_up();
}

#[test]
fn a_client_waiting_at_its_passphrase_prompt_is_cut_after_the_login_grace_time() {
    let Some(mut lab) = Lab::new("prompt") else {
        return;
    };
    keygen(&lab.key("carol"), "secret", "carol");
    lab.authorize(&format!(
        "{}\n{}\n",
        lab.public("alice"),
        lab.public("carol")
    ));
    lab.serve(&["--login-grace-time", "2"]);
    // The key exchange is done and the server has said it would take carol's key; ssh now
    // waits for someone to type the passphrase that signs with it, and nobody does.
    let args: Vec<String> = lab
        .ssh_args("carol")
        .into_iter()
        .map(|a| {
            if a == "BatchMode=yes" {
                "BatchMode=no".into()
            } else {
                a
            }
        })
        .collect();
    let mut waiting = Client::start_with(&args, "stty cols 100 rows 30");
    waiting.wait_for("the passphrase prompt", |s| s.contains("Enter passphrase"));
    lab.wait_log("the grace time ending", 1, |l| {
        l.contains("user=- key=- ") && l.contains("login grace time (2 s) over")
    });
    // ssh reads nothing while it prompts; typed at last, the passphrase finds the
    // connection gone.
    waiting.type_keys("secret\n");
    assert_eq!(waiting.exit_code(), Some(255), "{}", waiting.text());
    lab.reads_and_quits("alice");
}

#[test]
fn silent_connections_do_not_take_the_session_slots() {
    let Some(mut lab) = Lab::new("slots") else {
        return;
    };
    lab.serve(&["--max-sessions", "1", "--max-startups", "50:30:100"]);
    // 40 connections sit silent, well within their grace time, more than the 2 × 1 that
    // once filled the server.
    let silent: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(("127.0.0.1", lab.port)).unwrap())
        .collect();
    let mut alice = Client::start(&lab, "alice", "stty cols 100 rows 30");
    alice.wait_for_reader();
    // The one session slot is alice's: the next reader is told the server is full.
    let mut bob = Client::start(&lab, "bob", "stty cols 100 rows 30");
    bob.wait_for("the refusal", |s| {
        s.contains("the server is full (1 sessions)")
    });
    assert_eq!(bob.exit_code(), Some(1));
    alice.type_keys("q");
    assert_eq!(alice.exit_code(), Some(0));
    drop(silent);
}

#[test]
fn from_patterns_let_in_only_the_addresses_they_match() {
    let Some(mut lab) = Lab::new("from") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    let bob = lab.public("bob");
    for (from, inside, outside) in [
        ("127.0.6.1", "127.0.6.1", "127.0.0.1"),
        ("10.9.9.9,127.0.6.*", "127.0.6.1", "127.0.0.1"),
        ("127.0.6.0/24", "127.0.6.200", "127.0.7.1"),
        ("127.0.0.0/8,!127.0.6.1", "127.0.0.1", "127.0.6.1"),
        ("127.0.?.1", "127.0.6.1", "127.0.66.1"),
    ] {
        lab.authorize(&format!("from=\"{from}\" {alice}\n{bob}\n"));
        assert!(
            lab.gets_in("alice", inside),
            "from=\"{from}\" lets in {inside}"
        );
        assert!(
            !lab.gets_in("alice", outside),
            "from=\"{from}\" keeps out {outside}"
        );
        assert!(lab.gets_in("bob", outside), "bob's line has no from=");
    }
    lab.wait_log("a refusal naming the pattern", 1, |l| {
        l.starts_with("fazhi serve: 127.0.0.1:") && l.contains("does not match from=\"127.0.6.1\"")
    });
}

#[test]
fn the_issues_restricted_key_is_refused_from_an_address_it_does_not_name() {
    let Some(mut lab) = Lab::new("issue") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    lab.authorize(&format!(
        "from=\"10.9.9.9\",no-pty,expiry-time=\"20000101\" {alice}\n"
    ));
    assert!(!lab.gets_in("alice", "127.0.6.1"));
}

#[test]
fn expired_keys_are_refused_and_unexpired_ones_let_in() {
    let Some(mut lab) = Lab::new("expiry") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    lab.authorize(&format!("expiry-time=\"20000101\" {alice}\n"));
    assert!(!lab.gets_in("alice", "127.0.0.1"));
    lab.wait_log("the expiry refusal", 1, |l| l.contains("the key expired"));
    lab.authorize(&format!("expiry-time=\"209912312359\" {alice}\n"));
    assert!(lab.gets_in("alice", "127.0.0.1"));
}

#[test]
fn a_no_pty_key_is_told_the_reader_needs_a_terminal() {
    let Some(mut lab) = Lab::new("nopty") else {
        return;
    };
    lab.serve(&[]);
    let alice = lab.public("alice");
    for options in ["no-pty", "restrict"] {
        lab.authorize(&format!("{options} {alice}\n"));
        let mut client = Client::start(&lab, "alice", "stty cols 100 rows 30");
        client.wait_for("the refusal", |s| {
            s.contains("may not have a terminal (no-pty")
        });
        assert_eq!(client.exit_code(), Some(1), "{options}");
    }
    lab.wait_log("the no-pty refusal", 2, |l| {
        l.contains("user=alice@laptop: refused a terminal: authorized_keys line 1 says no-pty")
    });
    lab.authorize(&format!("restrict,pty {alice}\n"));
    lab.reads_and_quits("alice");
}

#[test]
fn a_command_line_or_unknown_option_refuses_that_key_only() {
    let Some(mut lab) = Lab::new("command") else {
        return;
    };
    let alice = lab.public("alice");
    let bob = lab.public("bob");
    lab.authorize(&format!(
        "command=\"echo a, b \\\"c\\\"\",no-pty {alice}\n{bob}\nfrobnicate,from=\"127.0.0.1\" {}\n",
        lab.public("mallory")
    ));
    lab.serve(&[]);
    lab.wait_log("a warning at start", 1, |l| {
        l.contains("authorized_keys:1: this key will be refused: option command= is not supported")
    });
    assert!(!lab.gets_in("alice", "127.0.0.1"));
    assert!(
        lab.gets_in("bob", "127.0.0.1"),
        "the other lines still work"
    );
    assert!(!lab.gets_in("mallory", "127.0.0.1"));
    lab.wait_log("the refusals naming the option", 1, |l| {
        l.contains("refused by authorized_keys line 3: option frobnicate is not supported")
    });
}

#[test]
fn an_authorized_keys_file_saved_with_a_byte_order_mark_works() {
    let Some(mut lab) = Lab::new("bom") else {
        return;
    };
    lab.authorize(&format!("\u{feff}{}\n", lab.public("alice")));
    lab.serve(&[]);
    assert!(lab.gets_in("alice", "127.0.0.1"));
}

/// `fazhi serve --host-key KEY` refuses to start (exit 1) in one line: the line.
fn refused_with_host_key(lab: &Lab, key: &Path) -> String {
    let out = lab.serve_refused(&["--host-key", key.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn a_host_key_with_a_passphrase_is_refused_at_start_in_one_line() {
    let Some(lab) = Lab::new("passphrase") else {
        return;
    };
    let key = lab.dir.join("host_key");
    keygen(&key, "secret", "");
    let stderr = refused_with_host_key(&lab, &key);
    assert!(
        stderr.contains(key.to_str().unwrap()) && stderr.contains("passphrase"),
        "{stderr}"
    );

    std::fs::write(&key, "not a key at all\n").unwrap();
    let stderr = refused_with_host_key(&lab, &key);
    assert!(stderr.contains(key.to_str().unwrap()), "{stderr}");
}

#[test]
fn a_host_key_others_can_read_is_refused_at_start_in_one_line() {
    let Some(lab) = Lab::new("open-key") else {
        return;
    };
    let key = lab.dir.join("host_key");
    keygen(&key, "", "");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let stderr = refused_with_host_key(&lab, &key);
    assert!(
        stderr.contains("mode 0644") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert_eq!(mode(&key), 0o644, "the key is left as it was");
}

#[test]
fn the_data_dir_is_made_private_whatever_the_umask() {
    for umask in ["022", "000", "277"] {
        let Some(mut lab) = Lab::new(&format!("umask-{umask}")) else {
            return;
        };
        lab.serve_with_umask(umask, &[]);
        assert_eq!(mode(&lab.data_dir()), 0o700, "umask {umask}");
        assert_eq!(
            mode(&lab.dir.join("state/fazhi/ssh")),
            0o700,
            "umask {umask}"
        );
        assert_eq!(
            mode(&lab.data_dir().join("ssh_host_ed25519_key")) & 0o077,
            0,
            "umask {umask}"
        );
    }
}

#[test]
fn a_chinese_session_is_told_in_chinese_that_the_server_stops_and_every_log_line_names_its_connection(
) {
    let Some(mut lab) = Lab::new("zh") else {
        return;
    };
    let alice = lab.public("alice");
    lab.authorize(&format!(
        "{alice}\nfrom=\"10.0.0.1\" {}\n",
        lab.public("bob")
    ));
    lab.serve(&["--lang", "zh"]);
    let mut client = Client::start(&lab, "alice", "stty cols 100 rows 30");
    client.wait_for_reader();
    // A client that vanishes mid-session, and some refusals, so the log has lines of
    // every kind.
    let vanishing = Client::start(&lab, "alice", "stty cols 90 rows 20");
    vanishing.wait_for_reader();
    drop(vanishing);
    lab.wait_log("the vanished session's line", 1, |l| l.contains("client"));
    assert!(!lab.gets_in("bob", "127.0.0.1"));
    let forward = lab.ssh_output("alice", &["-W", "127.0.0.1:9", "127.0.0.1"]);
    assert!(!forward.status.success());
    // SIGTERM, as a service manager stops the server.
    lab.terminate();
    assert_eq!(client.exit_code(), Some(1));
    assert!(
        client
            .text()
            .ends_with("fazhi：服务器正在停止；草稿已保存。\r\n"),
        "{:?}",
        client.text()
    );
    let log = lab.log_lines();
    let about_connections: Vec<&String> = log
        .iter()
        .filter(|l| !l.contains("listening on") && !l.starts_with("fazhi serve: stopping"))
        .collect();
    assert!(about_connections.len() >= 4, "{log:#?}");
    for line in about_connections {
        assert!(
            line.starts_with("fazhi serve: 127.0.0.1:"),
            "no connection prefix: {line}"
        );
        assert!(line.contains(" user="), "no user: {line}");
    }
}
