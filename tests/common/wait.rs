//! Bounded polls: look again every [`POLL`] until something holds, and fail the test when
//! patience runs out, saying what was awaited and what was seen last. A hang guard for
//! things that happen in another process or thread, never a timing assert.

use std::time::{Duration, Instant};

/// How often to look while waiting.
pub const POLL: Duration = Duration::from_millis(50);

/// Look every [`POLL`] until `look` gives `Ok`, and return its value. Each `Err` says what
/// is still missing; after `patience` the last one fails the test.
pub fn until<T>(patience: Duration, mut look: impl FnMut() -> Result<T, String>) -> T {
    let start = Instant::now();
    loop {
        match look() {
            Ok(value) => return value,
            Err(missing) if start.elapsed() > patience => {
                panic!("waited {patience:?} for {missing}")
            }
            Err(_) => std::thread::sleep(POLL),
        }
    }
}
