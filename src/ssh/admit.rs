//! Who may open a connection at all, before anyone knows who they are: a rate per address,
//! and a cap on connections that have not logged in yet with early random drop (OpenSSH's
//! `MaxStartups start:rate:full`), so that silent connections cannot crowd out real users.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// New connections per address in a sliding window.
pub struct RateLimit {
    per_window: usize,
    window: Duration,
    seen: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimit {
    /// At most `per_window` new connections per address in any `window`.
    pub fn new(per_window: usize, window: Duration) -> RateLimit {
        RateLimit {
            per_window,
            window,
            seen: HashMap::new(),
        }
    }

    /// Whether `ip` may open one more connection at `now` (and count it if so).
    pub fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
        let window = self.window;
        let fresh = |t: &Instant| now.duration_since(*t) < window;
        // Forget quiet addresses now and then, so the map stays small.
        if self.seen.len() > 1024 {
            self.seen.retain(|_, times| times.back().is_some_and(fresh));
        }
        let times = self.seen.entry(ip).or_default();
        while times.front().is_some_and(|t| !fresh(t)) {
            times.pop_front();
        }
        if times.len() >= self.per_window {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// `start:rate:full`: with `start` connections not yet logged in, a new one is dropped with
/// probability `rate`%, rising linearly to 100% at `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Startups {
    /// Unauthenticated connections at which random drop begins.
    pub start: usize,
    /// The chance (percent) of a drop at `start`.
    pub rate: u32,
    /// Unauthenticated connections at which every new one is dropped.
    pub full: usize,
}

impl FromStr for Startups {
    type Err = String;

    /// `N` (drop every connection past N) or `start:rate:full`.
    fn from_str(s: &str) -> Result<Startups, String> {
        let bad = || format!("{s}: expected N or start:rate:full, e.g. 10:30:100");
        let parts: Vec<&str> = s.split(':').collect();
        let num = |p: &str| p.trim().parse::<usize>().map_err(|_| bad());
        let startups = match parts[..] {
            [n] => {
                let n = num(n)?;
                Startups {
                    start: n,
                    rate: 100,
                    full: n,
                }
            }
            [start, rate, full] => Startups {
                start: num(start)?,
                rate: u32::try_from(num(rate)?).map_err(|_| bad())?,
                full: num(full)?,
            },
            _ => return Err(bad()),
        };
        if startups.full == 0 || startups.start > startups.full || startups.rate > 100 {
            return Err(format!(
                "{s}: need 0 < start <= full and a rate of at most 100"
            ));
        }
        Ok(startups)
    }
}

impl Startups {
    /// The chance, in percent, that a new connection is dropped while `pending` others have
    /// not logged in yet.
    pub fn drop_chance(&self, pending: usize) -> u32 {
        if pending >= self.full {
            100
        } else if pending < self.start {
            0
        } else {
            let over = (pending - self.start) as u64;
            let span = (self.full - self.start).max(1) as u64;
            self.rate + ((100 - u64::from(self.rate)) * over / span) as u32
        }
    }

    /// Whether to drop a new connection; `roll` is uniform in 0..100.
    pub fn drops(&self, pending: usize, roll: u32) -> bool {
        roll < self.drop_chance(pending)
    }
}

/// A number uniform in 0..100 from the system's random source (0 if it fails: then only
/// the hard cap drops).
pub fn roll() -> u32 {
    let mut b = [0u8; 4];
    match getrandom::fill(&mut b) {
        Ok(()) => u32::from_le_bytes(b) % 100,
        Err(_) => 99,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_rate_waits_for_the_window_to_pass() {
        let mut limit = RateLimit::new(2, Duration::from_secs(60));
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        assert!(limit.allow(ip, t0));
        assert!(limit.allow(ip, t0));
        assert!(!limit.allow(ip, t0 + Duration::from_secs(1)));
        assert!(limit.allow(other, t0 + Duration::from_secs(1)));
        assert!(limit.allow(ip, t0 + Duration::from_secs(61)));
    }

    #[test]
    fn startups_drop_more_as_unauthenticated_connections_pile_up() {
        let s: Startups = "10:30:100".parse().unwrap();
        assert_eq!((s.start, s.rate, s.full), (10, 30, 100));
        assert_eq!(s.drop_chance(9), 0);
        assert_eq!(s.drop_chance(10), 30);
        assert_eq!(s.drop_chance(55), 65);
        assert_eq!(s.drop_chance(100), 100);
        assert_eq!(s.drop_chance(1000), 100);
        assert!(!s.drops(9, 0));
        assert!(s.drops(10, 29) && !s.drops(10, 30));
        let hard: Startups = "5".parse().unwrap();
        assert_eq!((hard.drop_chance(4), hard.drop_chance(5)), (0, 100));
        for bad in ["", "1:2", "0", "10:30:5", "1:101:2", "a:b:c"] {
            assert!(bad.parse::<Startups>().is_err(), "{bad}");
        }
    }
}
