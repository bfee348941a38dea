//! `fazhi keys` and keymap files given on the command line.

use std::process::Command;

fn fazhi(args: &[&str], config: &std::path::Path) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("LANG", "C")
        .output()
        .expect("run fazhi");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("fazhi-keys-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("fazhi")).unwrap();
    d
}

#[test]
fn keys_prints_the_default_keymap_with_descriptions() {
    let (out, _, ok) = fazhi(&["keys"], &temp("default"));
    assert!(ok);
    assert!(out.lines().any(|l| l.starts_with("ctrl-p")
        && l.contains("palette")
        && l.contains("Open the palette")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("q ") && l.contains("quit")));
}

#[test]
fn a_user_keymap_in_the_config_dir_is_laid_over_the_default() {
    let cfg = temp("user");
    std::fs::write(
        cfg.join("fazhi/keymap.toml"),
        "[keys]\n\"x\" = \"next_section\"\n\"q\" = \"none\"\n",
    )
    .unwrap();
    let (out, err, ok) = fazhi(&["keys"], &cfg);
    assert!(ok, "{err}");
    assert!(out
        .lines()
        .any(|l| l.starts_with("x ") && l.contains("next_section")));
    assert!(!out.lines().any(|l| l.starts_with("q ")), "q unbound");
    assert!(out
        .lines()
        .any(|l| l.starts_with("ctrl-c") && l.contains("quit")));
}

#[test]
fn a_bad_keymap_names_the_file_line_and_problem() {
    let cfg = temp("bad");
    let file = cfg.join("mine.toml");
    std::fs::write(&file, "[keys]\n\"j\" = \"down\"\n\"ctrl-p\" = \"palete\"\n").unwrap();
    let (_, err, ok) = fazhi(&["keys", "--keymap", file.to_str().unwrap()], &cfg);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("mine.toml:3:"), "{err}");
    assert!(err.contains("did you mean \"palette\""), "{err}");
    // The reader refuses to start with it, before touching the terminal.
    let (_, err, ok) = fazhi(&["--keymap", file.to_str().unwrap()], &cfg);
    assert!(!ok);
    assert!(err.contains("mine.toml:3:"), "{err}");
}

#[test]
fn the_shipped_emacs_keymap_is_chosen_by_name() {
    let (out, err, ok) = fazhi(&["keys", "--keymap", "emacs"], &temp("emacs"));
    assert!(ok, "{err}");
    assert!(out
        .lines()
        .any(|l| l.starts_with("ctrl-n") && l.contains("down")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("ctrl-g") && l.contains("cancel")));
}
