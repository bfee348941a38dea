//! Unit tests of the parent module.

use super::*;

fn k(code: KeyCode) -> Event {
    key(code, KeyModifiers::NONE)
}

fn c(ch: char) -> Event {
    char_key(ch)
}

fn ctrl(ch: char) -> Event {
    key(KeyCode::Char(ch), KeyModifiers::CONTROL)
}

fn alt(ch: char) -> Event {
    key(KeyCode::Char(ch), KeyModifiers::ALT)
}

fn parse(bytes: &[u8]) -> Vec<Event> {
    Parser::new().feed(bytes)
}

fn mouse_event(kind: MouseEventKind, column: u16, row: u16, m: KeyModifiers) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: m,
    })
}

#[test]
fn letters_digits_and_chinese_are_typed_as_themselves() {
    assert_eq!(parse(b"a1"), vec![c('a'), c('1')]);
    assert_eq!(parse("法治".as_bytes()), vec![c('法'), c('治')]);
    assert_eq!(parse("𠀀".as_bytes()), vec![c('𠀀')]);
}

#[test]
fn capitals_carry_shift_like_crossterm() {
    assert_eq!(
        parse(b"G"),
        vec![key(KeyCode::Char('G'), KeyModifiers::SHIFT)]
    );
}

#[test]
fn a_chinese_character_split_across_reads_is_one_key() {
    let bytes = "文".as_bytes();
    let mut p = Parser::new();
    assert!(p.feed(&bytes[..1]).is_empty());
    assert!(p.pending());
    assert!(p.feed(&bytes[1..2]).is_empty());
    assert_eq!(p.feed(&bytes[2..]), vec![c('文')]);
    assert!(!p.pending());
}

#[test]
fn broken_utf8_is_dropped_and_what_follows_still_types() {
    assert_eq!(parse(b"\xffa"), vec![c('a')]);
    assert_eq!(parse(b"\xe6a"), vec![c('a')]);
    let mut p = Parser::new();
    assert!(p.feed(b"\xe6\x96").is_empty());
    assert_eq!(p.flush(), vec![]);
    assert!(!p.pending());
}

#[test]
fn control_bytes_are_enter_backspace_tab_and_ctrl_letters() {
    assert_eq!(parse(b"\r"), vec![k(KeyCode::Enter)]);
    assert_eq!(parse(b"\x7f"), vec![k(KeyCode::Backspace)]);
    assert_eq!(parse(b"\t"), vec![k(KeyCode::Tab)]);
    assert_eq!(parse(b"\x13"), vec![ctrl('s')]);
    assert_eq!(parse(b"\x01\x1a"), vec![ctrl('a'), ctrl('z')]);
    assert_eq!(parse(b"\n"), vec![ctrl('j')]);
    assert_eq!(parse(b"\0"), vec![ctrl(' ')]);
    assert_eq!(parse(b"\x1c"), vec![ctrl('4')]);
}

#[test]
fn arrows_in_both_cursor_modes() {
    for (csi, ss3, code) in [
        (b"\x1b[A", b"\x1bOA", KeyCode::Up),
        (b"\x1b[B", b"\x1bOB", KeyCode::Down),
        (b"\x1b[C", b"\x1bOC", KeyCode::Right),
        (b"\x1b[D", b"\x1bOD", KeyCode::Left),
    ] {
        assert_eq!(parse(csi), vec![k(code)]);
        assert_eq!(parse(ss3), vec![k(code)]);
    }
}

#[test]
fn home_end_and_page_keys_in_every_form() {
    for bytes in [&b"\x1b[H"[..], b"\x1bOH", b"\x1b[1~", b"\x1b[7~"] {
        assert_eq!(parse(bytes), vec![k(KeyCode::Home)], "{bytes:?}");
    }
    for bytes in [&b"\x1b[F"[..], b"\x1bOF", b"\x1b[4~", b"\x1b[8~"] {
        assert_eq!(parse(bytes), vec![k(KeyCode::End)], "{bytes:?}");
    }
    assert_eq!(parse(b"\x1b[5~"), vec![k(KeyCode::PageUp)]);
    assert_eq!(parse(b"\x1b[6~"), vec![k(KeyCode::PageDown)]);
    assert_eq!(parse(b"\x1b[3~"), vec![k(KeyCode::Delete)]);
    assert_eq!(parse(b"\x1b[2~"), vec![k(KeyCode::Insert)]);
}

#[test]
fn function_keys() {
    assert_eq!(parse(b"\x1bOP"), vec![k(KeyCode::F(1))]);
    assert_eq!(parse(b"\x1bOS"), vec![k(KeyCode::F(4))]);
    assert_eq!(parse(b"\x1b[15~"), vec![k(KeyCode::F(5))]);
    assert_eq!(parse(b"\x1b[17~"), vec![k(KeyCode::F(6))]);
    assert_eq!(parse(b"\x1b[24~"), vec![k(KeyCode::F(12))]);
    assert_eq!(parse(b"\x1b[[A"), vec![k(KeyCode::F(1))]);
}

#[test]
fn back_tab_is_shift_tab() {
    assert_eq!(
        parse(b"\x1b[Z"),
        vec![key(KeyCode::BackTab, KeyModifiers::SHIFT)]
    );
}

#[test]
fn modified_special_keys_carry_their_modifiers() {
    assert_eq!(
        parse(b"\x1b[1;5A"),
        vec![key(KeyCode::Up, KeyModifiers::CONTROL)]
    );
    assert_eq!(
        parse(b"\x1b[1;2D"),
        vec![key(KeyCode::Left, KeyModifiers::SHIFT)]
    );
    assert_eq!(
        parse(b"\x1b[5;3~"),
        vec![key(KeyCode::PageUp, KeyModifiers::ALT)]
    );
}

#[test]
fn escape_then_a_key_is_alt() {
    assert_eq!(parse(b"\x1bx"), vec![alt('x')]);
    assert_eq!(parse("\x1b法".as_bytes()), vec![alt('法')]);
    assert_eq!(
        parse(b"\x1b\r"),
        vec![key(KeyCode::Enter, KeyModifiers::ALT)]
    );
    assert_eq!(
        parse(b"\x1b\x01"),
        vec![key(
            KeyCode::Char('a'),
            KeyModifiers::CONTROL | KeyModifiers::ALT
        )]
    );
}

#[test]
fn a_lone_escape_at_the_end_of_a_read_is_esc_at_once() {
    let mut p = Parser::new();
    assert_eq!(p.feed(b"\x1b"), vec![k(KeyCode::Esc)]);
    assert!(!p.pending());
    assert_eq!(p.feed(b"a\x1b"), vec![c('a'), k(KeyCode::Esc)]);
}

#[test]
fn two_escapes_are_two_esc_keys() {
    assert_eq!(parse(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
}

#[test]
fn an_unfinished_sequence_waits_then_types_as_esc_and_the_rest() {
    let mut p = Parser::new();
    assert!(p.feed(b"\x1b[").is_empty());
    assert!(p.pending());
    assert_eq!(p.flush(), vec![k(KeyCode::Esc), c('[')]);
    assert!(!p.pending());
}

#[test]
fn a_sequence_split_across_reads_is_one_key() {
    let mut p = Parser::new();
    assert!(p.feed(b"\x1b[").is_empty());
    assert_eq!(p.feed(b"6~"), vec![k(KeyCode::PageDown)]);
    let mut p = Parser::new();
    assert!(p.feed(b"\x1b[<0;1").is_empty());
    assert_eq!(
        p.feed(b"0;5M"),
        vec![mouse_event(
            MouseEventKind::Down(MouseButton::Left),
            9,
            4,
            KeyModifiers::NONE
        )]
    );
}

#[test]
fn sgr_mouse_clicks_drags_and_wheel() {
    assert_eq!(
        parse(b"\x1b[<0;3;2M\x1b[<0;3;2m"),
        vec![
            mouse_event(
                MouseEventKind::Down(MouseButton::Left),
                2,
                1,
                KeyModifiers::NONE
            ),
            mouse_event(
                MouseEventKind::Up(MouseButton::Left),
                2,
                1,
                KeyModifiers::NONE
            ),
        ]
    );
    assert_eq!(
        parse(b"\x1b[<2;1;1M"),
        vec![mouse_event(
            MouseEventKind::Down(MouseButton::Right),
            0,
            0,
            KeyModifiers::NONE
        )]
    );
    assert_eq!(
        parse(b"\x1b[<32;10;20M"),
        vec![mouse_event(
            MouseEventKind::Drag(MouseButton::Left),
            9,
            19,
            KeyModifiers::NONE
        )]
    );
    assert_eq!(
        parse(b"\x1b[<35;10;20M"),
        vec![mouse_event(
            MouseEventKind::Moved,
            9,
            19,
            KeyModifiers::NONE
        )]
    );
    assert_eq!(
        parse(b"\x1b[<64;5;5M\x1b[<65;5;5M"),
        vec![
            mouse_event(MouseEventKind::ScrollUp, 4, 4, KeyModifiers::NONE),
            mouse_event(MouseEventKind::ScrollDown, 4, 4, KeyModifiers::NONE),
        ]
    );
    assert_eq!(
        parse(b"\x1b[<16;200;60M"),
        vec![mouse_event(
            MouseEventKind::Down(MouseButton::Left),
            199,
            59,
            KeyModifiers::CONTROL
        )]
    );
}

#[test]
fn x10_mouse_reports_are_clicks_not_typing() {
    assert_eq!(
        parse(&[0x1b, b'[', b'M', 32, 33 + 4, 33 + 2]),
        vec![mouse_event(
            MouseEventKind::Down(MouseButton::Left),
            4,
            2,
            KeyModifiers::NONE
        )]
    );
    assert_eq!(
        parse(&[0x1b, b'[', b'M', 35, 33, 33]),
        vec![mouse_event(
            MouseEventKind::Up(MouseButton::Left),
            0,
            0,
            KeyModifiers::NONE
        )]
    );
}

#[test]
fn bracketed_paste_is_one_paste_event() {
    assert_eq!(
        parse("\x1b[200~依法行政\r\nq\x1b[201~j".as_bytes()),
        vec![Event::Paste("依法行政\r\nq".into()), c('j')]
    );
}

#[test]
fn a_paste_over_many_reads_even_with_a_split_end_marker() {
    let mut p = Parser::new();
    assert!(p.feed(b"\x1b[200~abc").is_empty());
    assert!(!p.pending(), "a paste is not flushed as keys");
    assert!(p.flush().is_empty());
    assert!(
        p.feed(b"\x1b").is_empty(),
        "an ESC inside a paste is not Esc"
    );
    assert!(p.feed(b"d\x1b[20").is_empty());
    assert_eq!(p.feed(b"1~"), vec![Event::Paste("abc\x1bd".into())]);
}

#[test]
fn an_endless_paste_is_cut_at_the_limit() {
    let mut p = Parser::new();
    p.feed(PASTE_START);
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..20 {
        assert!(p.feed(&chunk).is_empty());
    }
    let Some(Event::Paste(text)) = p.feed(PASTE_END).pop() else {
        panic!("no paste");
    };
    assert_eq!(text.len(), MAX_PASTE);
}

#[test]
fn unknown_sequences_are_dropped_without_typing_their_bytes() {
    assert_eq!(parse(b"\x1b[?1;2c j"), vec![c(' '), c('j')]);
    assert_eq!(parse(b"\x1b[I\x1b[Oj"), vec![c('j')]);
    assert_eq!(parse(b"\x1bOzj"), vec![c('j')]);
    assert_eq!(parse(b"\x1b[99~j"), vec![c('j')]);
}

#[test]
fn a_runaway_sequence_is_dropped_not_buffered_forever() {
    let mut p = Parser::new();
    let mut bytes = b"\x1b[".to_vec();
    bytes.extend([b';'; 100]);
    p.feed(&bytes);
    assert!(!p.pending());
}

#[test]
fn a_control_byte_inside_a_sequence_ends_it() {
    assert_eq!(parse(b"\x1b[1\r"), vec![k(KeyCode::Enter)]);
}
