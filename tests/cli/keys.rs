//! `fazhi keys` and keymap files given on the command line.

use crate::common::run::fazhi_env;
use crate::common::temp::TempDir;

/// `fazhi ARGS` with `config` as the XDG config dir, in the C locale.
fn fazhi(args: &[&str], config: &std::path::Path) -> (String, String, bool) {
    fazhi_env(
        &[
            ("XDG_CONFIG_HOME", config),
            ("LANG", std::path::Path::new("C")),
        ],
        args,
    )
    .parts()
}

/// A config dir with an empty `fazhi` folder in it.
fn temp(name: &str) -> TempDir {
    let dir = TempDir::new(&format!("cli-keys-{name}"));
    std::fs::create_dir_all(dir.join("fazhi")).unwrap();
    dir
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
    // The reading keys come first, up to the blank line before the next context.
    let out = out.split("\n\n").next().unwrap();
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

#[test]
fn keys_json_lists_each_binding_with_its_action_and_description() {
    let (out, err, ok) = fazhi(&["keys", "--json"], &temp("json"));
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("a JSON array");
    let palette = rows
        .iter()
        .find(|r| r["key"] == "ctrl-p")
        .expect("ctrl-p is bound");
    assert_eq!(palette["action"], "palette", "{palette}");
    assert!(
        !palette["description"].as_str().unwrap_or("").is_empty(),
        "{palette}"
    );
}

#[test]
fn keys_lists_every_context_with_the_keys_that_close_its_popups() {
    let (out, err, ok) = fazhi(&["keys", "--keymap", "emacs"], &temp("contexts"));
    assert!(ok, "{err}");
    let sections: Vec<&str> = out
        .split("\n\n")
        .map(|s| s.lines().next().unwrap())
        .collect();
    let names: Vec<&str> = sections
        .iter()
        .map(|l| l.split(']').next().unwrap_or("").trim_start_matches('['))
        .collect();
    assert_eq!(
        names,
        ["normal", "search", "palette", "list", "editor", "confirm", "help"],
        "{out}"
    );
    // In emacs, C-g cancels in the palette: the line sits under [palette].
    let palette = out
        .split("[palette]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    assert!(
        palette
            .lines()
            .any(|l| l.starts_with("ctrl-g") && l.contains("cancel")),
        "{palette}"
    );
    let (json, _, ok) = fazhi(&["keys", "--json"], &temp("contexts-json"));
    assert!(ok);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(rows
        .iter()
        .any(|r| r["context"] == "editor" && r["action"] == "save"));
}
