//! Keymaps as a user meets them: the shipped files, their own file, and its mistakes.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use fazhi::tui::action::{Action, Group};
use fazhi::tui::keymap::{Context, Keymap};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The message a user would see for `text` saved as `keymap.toml`.
fn error_of(text: &str) -> String {
    Keymap::from_str("keymap.toml", text)
        .expect_err("the keymap should be refused")
        .to_string()
}

fn shipped() -> [(&'static str, Keymap); 2] {
    [
        ("default", Keymap::default_map()),
        ("emacs", Keymap::emacs()),
    ]
}

#[test]
fn every_shipped_keymap_file_loads_from_disk() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if let Err(e) = Keymap::load(&path) {
            panic!("{e}");
        }
        count += 1;
    }
    assert_eq!(count, 2, "a new keymap file should also get a constructor");
}

#[test]
fn every_shipped_keymap_binds_every_action_somewhere() {
    for (name, keymap) in shipped() {
        for &action in Action::ALL {
            assert!(
                Context::ALL
                    .iter()
                    .any(|&c| !keymap.keys_in(c, action).is_empty()),
                "{name} keymap has no key for {}",
                action.name()
            );
        }
    }
}

/// What closing a popup is in `context`: a question is answered no, anything else
/// cancelled.
fn closing(context: Context) -> Action {
    if context == Context::Confirm {
        Action::No
    } else {
        Action::Cancel
    }
}

#[test]
fn every_shipped_keymap_closes_every_popup_and_redraws_in_every_context() {
    for (name, keymap) in shipped() {
        for &context in Context::ALL {
            assert_eq!(
                keymap.resolve_in(context, &press(KeyCode::Esc, KeyModifiers::NONE)),
                Some(closing(context)),
                "{name} [{}]",
                context.name()
            );
            if context != Context::Help {
                assert_eq!(
                    keymap.resolve_in(context, &press(KeyCode::Char('l'), KeyModifiers::CONTROL)),
                    Some(Action::Redraw),
                    "{name} [{}]",
                    context.name()
                );
            }
        }
    }
}

#[test]
fn emacs_ctrl_g_cancels_in_every_context() {
    let keymap = Keymap::emacs();
    let ctrl_g = press(KeyCode::Char('g'), KeyModifiers::CONTROL);
    for &context in Context::ALL {
        assert_eq!(
            keymap.resolve_in(context, &ctrl_g),
            Some(closing(context)),
            "[{}]",
            context.name()
        );
    }
}

#[test]
fn q_in_help_closes_help_rather_than_quitting() {
    for (name, keymap) in shipped() {
        assert_eq!(
            keymap.resolve_in(Context::Help, &ch('q')),
            Some(Action::Cancel),
            "{name}"
        );
    }
}

#[test]
fn a_user_section_changes_only_its_context() {
    let text = "[palette]\n\"ctrl-g\" = \"cancel\"\n[list]\n\"x\" = \"down\"\n";
    let keymap = Keymap::from_str("keymap.toml", text).unwrap();
    let ctrl_g = press(KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert_eq!(
        keymap.resolve_in(Context::Palette, &ctrl_g),
        Some(Action::Cancel)
    );
    assert_eq!(
        keymap.resolve_in(Context::List, &ch('x')),
        Some(Action::Down)
    );
    assert_eq!(keymap.resolve(&ch('x')), None, "[normal] is untouched");
    // The rest of [list] is inherited.
    assert_eq!(
        keymap.resolve_in(Context::List, &ch('j')),
        Some(Action::Down)
    );
}

#[test]
fn an_action_bound_where_it_does_nothing_is_refused() {
    assert_eq!(
        error_of("[normal]\n\"ctrl-s\" = \"save\"\n"),
        r#"keymap.toml:2: "save" does nothing in [normal]"#
    );
}

#[test]
fn every_problem_of_a_broken_keymap_is_listed_in_line_order() {
    let text =
        "[normal]\n\"ctlr-p\" = \"palette\"\n\"q\" = \"qiut\"\n[editor]\n\"ctrl-s\" = \"sav\"\n";
    let message = error_of(text);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(
        lines,
        [
            r#"keymap.toml:2: unknown key "ctlr-p""#,
            r#"keymap.toml:3: unknown action "qiut" (did you mean "quit"?)"#,
            r#"keymap.toml:5: unknown action "sav" (did you mean "save"?)"#,
        ],
        "{message}"
    );
}

#[test]
fn every_shipped_keymap_quits_helps_cancels_and_moves_with_the_usual_keys() {
    for (name, keymap) in shipped() {
        let usual = [
            (press(KeyCode::Up, KeyModifiers::NONE), Action::Up),
            (press(KeyCode::Down, KeyModifiers::NONE), Action::Down),
            (press(KeyCode::Enter, KeyModifiers::NONE), Action::Open),
            (press(KeyCode::Tab, KeyModifiers::NONE), Action::NextPane),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Action::PrevPane,
            ),
            (press(KeyCode::Esc, KeyModifiers::NONE), Action::Cancel),
            (press(KeyCode::F(1), KeyModifiers::NONE), Action::Help),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::Quit,
            ),
        ];
        for (event, action) in usual {
            assert_eq!(keymap.resolve(&event), Some(action), "{name}: {event:?}");
        }
    }
}

#[test]
fn default_keymap_speaks_vim() {
    let keymap = Keymap::default_map();
    assert_eq!(keymap.resolve(&ch('j')), Some(Action::Down));
    assert_eq!(keymap.resolve(&ch('q')), Some(Action::Quit));
    assert_eq!(keymap.resolve(&ch('?')), Some(Action::Help));
    assert_eq!(keymap.resolve(&ch('}')), Some(Action::NextFigure));
    assert_eq!(keymap.resolve(&ch(':')), Some(Action::Palette));
    assert_eq!(keymap.keys_for(Action::SearchPrev), ["N"]);
    assert_eq!(keymap.keys_for(Action::AllNotes), ["M"]);
}

#[test]
fn emacs_keymap_speaks_emacs() {
    let keymap = Keymap::emacs();
    let ctrl = |c| press(KeyCode::Char(c), KeyModifiers::CONTROL);
    let alt = |c| press(KeyCode::Char(c), KeyModifiers::ALT);
    assert_eq!(keymap.resolve(&ctrl('n')), Some(Action::Down));
    assert_eq!(keymap.resolve(&ctrl('g')), Some(Action::Cancel));
    assert_eq!(keymap.resolve(&alt('x')), Some(Action::Palette));
    assert_eq!(keymap.resolve(&alt('>')), Some(Action::Bottom));
    assert_eq!(keymap.resolve(&ch('j')), None);
}

#[test]
fn capital_g_goes_to_the_bottom_however_the_terminal_reports_it() {
    let keymap = Keymap::default_map();
    for modifiers in [KeyModifiers::SHIFT, KeyModifiers::NONE] {
        let event = press(KeyCode::Char('G'), modifiers);
        assert_eq!(keymap.resolve(&event), Some(Action::Bottom), "{event:?}");
    }
    // kitty's protocol without alternate keys: the base key plus shift.
    let event = press(KeyCode::Char('g'), KeyModifiers::SHIFT);
    assert_eq!(keymap.resolve(&event), Some(Action::Bottom));
    assert_eq!(keymap.resolve(&ch('g')), Some(Action::Top));
}

#[test]
fn g_written_as_shift_g_resolves_the_same() {
    let keymap = Keymap::from_str("keymap.toml", "[keys]\n\"shift-g\" = \"help\"\n").unwrap();
    assert_eq!(
        keymap.resolve(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::Help)
    );
    assert_eq!(
        keymap.resolve(&press(KeyCode::Char('G'), KeyModifiers::NONE)),
        Some(Action::Help)
    );
    assert_eq!(keymap.keys_for(Action::Help), ["shift-g", "?", "f1"]);
}

#[test]
fn key_releases_do_nothing() {
    let mut event = ch('q');
    event.kind = KeyEventKind::Release;
    assert_eq!(Keymap::default_map().resolve(&event), None);
}

#[test]
fn user_override_replaces_one_binding_and_keeps_the_rest() {
    let user = Keymap::from_str("keymap.toml", "[keys]\n\"q\" = \"all_notes\"\n").unwrap();
    let default = Keymap::default_map();
    assert_eq!(user.resolve(&ch('q')), Some(Action::AllNotes));
    assert_eq!(user.keys_for(Action::Quit), ["ctrl-c"]);
    for (key, action) in default.bindings() {
        if key != "q" {
            assert!(
                user.keys_for(action).contains(&key),
                "{key} lost {action:?}"
            );
        }
    }
    assert_eq!(user.bindings().len(), default.bindings().len());
}

#[test]
fn user_can_unbind_a_key_with_none() {
    let user = Keymap::from_str("keymap.toml", "[keys]\n\"M\" = \"none\"\n").unwrap();
    assert_eq!(user.resolve(&ch('M')), None);
    assert!(user.keys_for(Action::AllNotes).is_empty());
    assert_eq!(user.resolve(&ch('j')), Some(Action::Down));
}

#[test]
fn inherit_false_replaces_the_whole_keymap() {
    let text = "inherit = false\n[keys]\n\"x\" = \"quit\"\n";
    let user = Keymap::from_str("keymap.toml", text).unwrap();
    assert_eq!(user.bindings(), [("x".to_string(), Action::Quit)]);
    assert_eq!(user.resolve(&ch('q')), None);
}

#[test]
fn a_user_file_can_go_over_the_emacs_keymap() {
    let user = Keymap::emacs()
        .overlay("keymap.toml", "[keys]\n\"ctrl-z\" = \"quit\"\n")
        .unwrap();
    assert_eq!(user.keys_for(Action::Quit), ["ctrl-q", "ctrl-c", "ctrl-z"]);
    assert_eq!(user.keys_for(Action::Palette), ["alt-x"]);
}

#[test]
fn bindings_are_grouped_by_action_in_file_order() {
    let bindings = Keymap::default_map().bindings();
    let actions: Vec<Action> = bindings.iter().map(|(_, a)| *a).collect();
    let mut sorted = actions.clone();
    sorted.sort();
    assert_eq!(actions, sorted);
    assert_eq!(bindings[0], ("up".to_string(), Action::Up));
    assert_eq!(bindings[1], ("k".to_string(), Action::Up));
}

#[test]
fn unknown_action_names_the_line_and_suggests_the_right_name() {
    let text = "# my keys\n\n[keys]\n\"j\" = \"down\"\n\"k\" = \"up\"\n\n\"ctrl-p\" = \"palete\"\n";
    assert_eq!(
        error_of(text),
        r#"keymap.toml:7: unknown action "palete" (did you mean "palette"?)"#
    );
    assert_eq!(
        error_of("[keys]\n\"x\" = \"frobnicate\"\n"),
        r#"keymap.toml:2: unknown action "frobnicate""#
    );
}

#[test]
fn unknown_key_names_the_line() {
    let text = "[keys]\n\"j\" = \"down\"\n\"ctlr-p\" = \"palette\"\n";
    assert_eq!(error_of(text), r#"keymap.toml:3: unknown key "ctlr-p""#);
}

#[test]
fn shift_with_a_symbol_is_an_unknown_key() {
    assert_eq!(
        error_of("[keys]\n\"shift-/\" = \"help\"\n"),
        r#"keymap.toml:2: unknown key "shift-/""#
    );
}

#[test]
fn the_same_key_twice_is_a_duplicate() {
    let text = "[keys]\n\"G\" = \"bottom\"\n\"j\" = \"down\"\n\"shift-g\" = \"top\"\n";
    assert_eq!(
        error_of(text),
        r#"keymap.toml:4: duplicate key "shift-g": same key as "G" on line 2"#
    );
    let text = "[keys]\n\"tab\" = \"next_pane\"\n\"ctrl-i\" = \"jump_forward\"\n";
    assert_eq!(
        error_of(text),
        r#"keymap.toml:3: duplicate key "ctrl-i": same key as "tab" on line 2"#
    );
}

#[test]
fn toml_syntax_error_names_its_line() {
    let text = "[keys]\n\"j\" = \"down\"\n\"k\" = up\n";
    assert_eq!(
        error_of(text),
        "keymap.toml:3: invalid string; expected `\"`, `'`"
    );
    // The same key twice is TOML's own complaint.
    let message = error_of("[keys]\n\"j\" = \"down\"\n\"j\" = \"up\"\n");
    assert!(message.starts_with("keymap.toml:3: "), "{message}");
}

#[test]
fn wrong_shapes_name_their_line() {
    let message = error_of("[keys]\n\"j\" = 3\n");
    assert!(message.starts_with("keymap.toml:2: "), "{message}");
    let message = error_of("inherit = true\nkeyz = {}\n");
    assert!(message.starts_with("keymap.toml:2: "), "{message}");
}

#[test]
fn loading_names_the_file() {
    let path = std::env::temp_dir().join(format!("fazhi-keymap-test-{}.toml", std::process::id()));
    std::fs::write(&path, "[keys]\n\"q\" = \"qiut\"\n").unwrap();
    let message = Keymap::load(&path).unwrap_err().to_string();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        message,
        format!(
            "{}:2: unknown action \"qiut\" (did you mean \"quit\"?)",
            path.display()
        )
    );
    let missing = Keymap::load(&path).unwrap_err().to_string();
    assert!(
        missing.starts_with(&format!("{}: cannot read: ", path.display())),
        "{missing}"
    );
}

#[test]
fn help_lists_groups_in_order_with_the_keys_as_written() {
    let unbind: String = ["t", "c", "H", "T", "s", "w"]
        .iter()
        .map(|k| format!("\"{k}\" = \"none\"\n"))
        .collect();
    let user = Keymap::from_str("keymap.toml", &format!("[keys]\n{unbind}")).unwrap();
    let help = user.help();
    let groups: Vec<Group> = help.iter().map(|section| section.group).collect();
    // Every Topics key is now unbound, so its heading goes.
    assert!(!groups.contains(&Group::Topics));
    assert_eq!(groups.len(), Group::ALL.len() - 1);
    assert_eq!(help[0].group, Group::Move);
    assert_eq!(
        help[0].entries[0],
        (Action::Up, vec!["up".to_string(), "k".to_string()])
    );
    let app = &help.last().unwrap().entries;
    assert_eq!(
        app.last().unwrap(),
        &(Action::Quit, vec!["q".into(), "ctrl-c".into()])
    );
}

#[test]
fn a_whole_keymap_of_reading_keys_only_still_closes_popups_with_the_default_keys() {
    let text = "inherit = false\n[keys]\n\"x\" = \"quit\"\n";
    let keymap = Keymap::from_str("keymap.toml", text).unwrap();
    assert_eq!(keymap.resolve(&ch('x')), Some(Action::Quit));
    assert_eq!(
        keymap.resolve(&ch('q')),
        None,
        "[normal] is the file's alone"
    );
    for &context in Context::ALL.iter().filter(|&&c| c != Context::Normal) {
        assert!(
            keymap
                .resolve_in(context, &press(KeyCode::Esc, KeyModifiers::NONE))
                .is_some(),
            "esc does something in [{}]",
            context.name()
        );
    }
}
