//! What a client types is parsed by the server ([`fazhi::ssh::input::Parser`]): whatever
//! bytes arrive, split however, the parser never panics, never loops, never makes more
//! events than bytes, and text split across reads is the same keys as text sent at once.

use crossterm::event::Event;
use fazhi::ssh::input::Parser;
use proptest::prelude::*;

/// Feed every read, then flush until nothing is pending, as the session does when the
/// client goes quiet: all the events.
fn parse(reads: &[Vec<u8>]) -> Vec<Event> {
    let mut parser = Parser::new();
    let mut events = Vec::new();
    for read in reads {
        events.extend(parser.feed(read));
    }
    // Each flush consumes at least one byte of what is pending, and at most a few bytes
    // are ever pending: a loop here would be a parser that never settles.
    for _ in 0..64 {
        if !parser.pending() {
            return events;
        }
        events.extend(parser.flush());
    }
    panic!("the parser is still pending after 64 flushes of {reads:?}");
}

/// Run `body` on another thread and fail if it does not end: a parser that loops must
/// fail the test rather than hang the suite.
fn bounded(body: impl FnOnce() + Send + 'static) {
    let (done, wait) = std::sync::mpsc::channel();
    let runner = std::thread::spawn(move || {
        body();
        let _ = done.send(());
    });
    match wait.recv_timeout(std::time::Duration::from_secs(600)) {
        Ok(()) => runner.join().unwrap(),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // The body panicked: pass its panic on.
            if let Err(p) = runner.join() {
                std::panic::resume_unwind(p)
            }
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the input parser did not finish: it loops")
        }
    }
}

/// Bytes a terminal might send and bytes no terminal would: escape sequences, their
/// pieces, mouse reports, paste markers, broken UTF-8, Chinese.
fn client_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"\x1b".to_vec()),
        Just(b"\x1b[".to_vec()),
        Just(b"\x1b[200~".to_vec()),
        Just(b"\x1b[201~".to_vec()),
        Just(b"\x1b[<0;65535;65535M".to_vec()),
        Just(b"\x1b[M".to_vec()),
        Just(b"\x1bO".to_vec()),
        Just(b"\x1b[[".to_vec()),
        Just("法治政府".as_bytes().to_vec()),
        proptest::collection::vec(0x20u8..0x40, 0..40),
        "[0-9;]{0,12}[A-Za-z~]".prop_map(|s| format!("\x1b[{s}").into_bytes()),
    ];
    proptest::collection::vec(piece, 0..64).prop_map(|v| v.concat())
}

/// `bytes` cut at the given points.
fn cut(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.sort_unstable();
    let mut reads = Vec::new();
    let mut from = 0;
    for p in points.into_iter().chain([bytes.len()]) {
        reads.push(bytes[from..p].to_vec());
        from = p;
    }
    reads
}

#[test]
fn any_bytes_in_any_reads_never_panic_loop_or_multiply() {
    bounded(|| {
        proptest!(|(bytes in client_bytes(), cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
            let reads = cut(&bytes, &cuts);
            let events = parse(&reads);
            prop_assert!(events.len() <= bytes.len(), "{} events from {} bytes", events.len(), bytes.len());
        });
    });
}

#[test]
fn text_without_escapes_is_the_same_keys_however_it_is_split() {
    bounded(|| {
        let text = proptest::collection::vec(prop_oneof![0u8..0x1b, 0x1cu8..=0xff], 0..200);
        proptest!(|(bytes in text, cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
            prop_assert_eq!(parse(&cut(&bytes, &cuts)), parse(std::slice::from_ref(&bytes)));
        });
    });
}

#[test]
fn a_paste_is_one_paste_event_with_its_text_however_it_is_split() {
    bounded(|| {
        proptest!(|(text in "\\PC{0,80}", cuts in proptest::collection::vec(any::<usize>(), 0..8))| {
            let bytes = format!("\x1b[200~{text}\x1b[201~").into_bytes();
            // A read that ends in a lone ESC is the Esc key, by design (a terminal sends a
            // sequence in one write): no read ends right after the opening ESC.
            let cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).filter(|&c| c != 1).collect();
            let events = parse(&cut(&bytes, &cuts));
            prop_assert_eq!(events, vec![Event::Paste(text)]);
        });
    });
}
