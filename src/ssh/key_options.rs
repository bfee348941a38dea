//! The options before a key in authorized_keys (`from="10.0.0.0/8",no-pty ssh-ed25519 …`):
//! the ones fazhi honours, and a refusal for every other, so that no restriction an
//! administrator wrote is silently ignored.
//!
//! Honoured as OpenSSH's sshd(8) describes them: `from=` (patterns with `*`, `?`, `!` and
//! CIDR, matched against the client's address), `expiry-time=`, `no-pty`, `pty` and
//! `restrict` (a reader needs a terminal, so both `no-pty` and a bare `restrict` keep that key
//! out). `no-port-forwarding`, `no-agent-forwarding`, `no-X11-forwarding` and `no-user-rc` are
//! accepted because fazhi never does any of those for anyone. Every other option (`command=`,
//! `environment=`, `permitopen=`, `cert-authority`, …) makes that one key refused.
//!
//! The splitter is written here rather than taken from ssh-key's `ConfigOpts`, which rejects
//! a space inside quotes (`command="echo hi"`) and does not know `\"`.

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

/// What the options of one authorized_keys line allow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOptions {
    /// `from="…"`: the pattern list the client's address must match.
    pub from: Option<String>,
    /// `expiry-time="…"`: seconds since the epoch after which the key is refused.
    pub expiry: Option<u64>,
    /// `no-pty` (or `restrict` without `pty`): the key may not have a terminal.
    pub no_pty: bool,
    /// Why the key is refused whatever the client does (an option fazhi does not implement,
    /// or one it cannot read).
    pub refused: Option<String>,
}

impl KeyOptions {
    /// The options in `text` (everything before the key type, without the space).
    pub fn parse(text: &str) -> KeyOptions {
        let mut opts = KeyOptions::default();
        let mut restricted = false;
        let mut pty = false;
        for option in split(text) {
            let (name, value) = match option.split_once('=') {
                Some((n, v)) => (n, Some(unquote(v))),
                None => (option, None),
            };
            let name = name.to_ascii_lowercase();
            let problem = match (name.as_str(), value) {
                ("no-pty", None) => {
                    opts.no_pty = true;
                    None
                }
                ("pty", None) => {
                    pty = true;
                    None
                }
                ("restrict", None) => {
                    restricted = true;
                    None
                }
                (
                    "no-port-forwarding"
                    | "no-agent-forwarding"
                    | "no-x11-forwarding"
                    | "no-user-rc",
                    None,
                ) => None,
                ("from", Some(Ok(v))) if opts.from.is_none() => match check_patterns(&v) {
                    Ok(()) => {
                        opts.from = Some(v);
                        None
                    }
                    Err(e) => Some(e),
                },
                ("expiry-time", Some(Ok(v))) if opts.expiry.is_none() => match expiry(&v) {
                    Some(t) => {
                        opts.expiry = Some(t);
                        None
                    }
                    None => Some(format!("expiry-time=\"{v}\" is not YYYYMMDD[HHMM[SS]][Z]")),
                },
                ("from" | "expiry-time", Some(Ok(_))) => Some(format!("{name}= given twice")),
                (_, Some(Err(e))) => Some(format!("{name}=: {e}")),
                (_, Some(_)) => Some(format!("option {name}= is not supported by fazhi")),
                (_, None) => Some(format!("option {name} is not supported by fazhi")),
            };
            if let Some(p) = problem {
                opts.refused.get_or_insert(p);
            }
        }
        if restricted && !pty {
            opts.no_pty = true;
        }
        opts
    }

    /// Whether a client at `ip` may use this key at `now`; if not, why.
    pub fn admit(&self, ip: IpAddr, now: SystemTime) -> Result<(), String> {
        if let Some(why) = &self.refused {
            return Err(why.clone());
        }
        if let Some(t) = self.expiry {
            let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            if now >= t {
                return Err("the key expired (expiry-time)".into());
            }
        }
        if let Some(patterns) = &self.from {
            if !from_matches(patterns, ip) {
                return Err(format!("{ip} does not match from=\"{patterns}\""));
            }
        }
        Ok(())
    }
}

/// Where the options of a line end: at the first space outside quotes. `None` when a quote
/// is never closed.
pub fn options_end(line: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return Some(i),
            _ => {}
        }
    }
    (!quoted).then_some(line.len())
}

/// The comma-separated options of `text`; commas inside quotes do not separate.
fn split(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quoted, mut escaped, mut start) = (false, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// `"value"` without its quotes, `\"` read as `"`.
fn unquote(v: &str) -> Result<String, String> {
    let inner = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or_else(|| format!("the value {v} is not in double quotes"))?;
    Ok(inner.replace("\\\"", "\""))
}

/// Every CIDR entry in a `from=` list must be readable: a typo must not widen or narrow who
/// gets in without a word.
fn check_patterns(list: &str) -> Result<(), String> {
    for entry in list.split(',') {
        let entry = entry.strip_prefix('!').unwrap_or(entry);
        if entry.is_empty() {
            return Err(format!("from=\"{list}\" has an empty pattern"));
        }
        if entry.contains('/') && cidr(entry).is_none() {
            return Err(format!("from=\"{list}\": {entry} is not an address/bits"));
        }
    }
    Ok(())
}

/// OpenSSH's rule: a negated pattern that matches refuses, whatever else matches; otherwise
/// some pattern must match. A pattern with `/` is a network (CIDR); any other is matched
/// against the address as text with `*` and `?`. (fazhi does no reverse DNS, as sshd with its
/// default `UseDNS no`.)
pub fn from_matches(list: &str, ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    let text = ip.to_string();
    let mut allowed = false;
    for entry in list.split(',') {
        let (negated, pattern) = match entry.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, entry),
        };
        let hit = if pattern.contains('/') {
            cidr(pattern).is_some_and(|(net, bits)| in_network(ip, net, bits))
        } else {
            glob(&pattern.to_ascii_lowercase(), &text)
        };
        if hit && negated {
            return false;
        }
        allowed |= hit;
    }
    allowed
}

fn cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = s.split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let bits: u8 = bits.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((addr, bits))
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let mask = |width: u32| {
        if bits == 0 {
            0
        } else {
            u128::MAX << (width - u32::from(bits))
        }
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let m = mask(32) as u32;
            u32::from(a) & m == u32::from(n) & m
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let m = mask(128);
            u128::from(a) & m == u128::from(n) & m
        }
        _ => false,
    }
}

/// `*` any run of characters, `?` one character. Greedy with one backtrack point: linear in
/// practice, never exponential.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// `YYYYMMDD[HHMM[SS]]`, with an optional `Z`, as seconds since the epoch. The time is read
/// as UTC: OpenSSH reads it in the server's local time unless it ends in `Z` (fazhi has no
/// time zone database; servers usually run in UTC).
fn expiry(v: &str) -> Option<u64> {
    let digits = v.strip_suffix(['Z', 'z']).unwrap_or(v);
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).map_or(0, |s| s.parse::<u64>().unwrap_or(0));
    let (y, mo, d) = (n(0..4), n(4..6), n(6..8));
    let (h, mi, s) = (n(8..10), n(10..12), n(12..14));
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(days_from_civil(y, mo, d)? * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days from 1970-01-01 to a date in the proleptic Gregorian calendar (Howard Hinnant's
/// algorithm); `None` before 1970.
fn days_from_civil(y: u64, m: u64, d: u64) -> Option<u64> {
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn quoted_commas_and_spaces_stay_in_their_option() {
        let line = r#"from="10.0.0.1,127.0.0.*",command="echo a, b \"c\"" ssh-ed25519 AAAA"#;
        let end = options_end(line).unwrap();
        assert_eq!(&line[end..], " ssh-ed25519 AAAA");
        assert_eq!(
            split(&line[..end]),
            [
                r#"from="10.0.0.1,127.0.0.*""#,
                r#"command="echo a, b \"c\"""#
            ]
        );
        assert_eq!(options_end(r#"from="10.0.0.1 ssh-ed25519 AAAA"#), None);
    }

    #[test]
    fn from_patterns_follow_openssh() {
        let here = ip("127.0.6.1");
        assert!(from_matches("127.0.6.1", here));
        assert!(from_matches("10.9.9.9,127.0.6.*", here));
        assert!(from_matches("127.0.?.1", here));
        assert!(from_matches("127.0.0.0/8", here));
        assert!(!from_matches("127.0.0.0/24", here));
        assert!(!from_matches("10.9.9.9", here));
        assert!(!from_matches("127.0.0.0/8,!127.0.6.1", here));
        assert!(!from_matches("!127.0.6.1,*", here));
        assert!(from_matches("!10.0.0.1,*", here));
        assert!(
            !from_matches("!10.0.0.1", here),
            "a negation alone lets no one in"
        );
        assert!(from_matches("::1", ip("::1")));
        assert!(from_matches("fe80::/10", ip("fe80::1")));
        assert!(from_matches("127.0.0.1", ip("::ffff:127.0.0.1")));
        assert!(from_matches("0.0.0.0/0", here));
    }

    #[test]
    fn globs_never_blow_up() {
        assert!(glob("*a*a*a*a*a*b", &format!("{}b", "a".repeat(60))));
        assert!(!glob("*a*a*a*a*a*b", &"a".repeat(60)));
        assert!(glob("*", ""));
        assert!(!glob("?", ""));
    }

    #[test]
    fn expiry_times_are_read_to_the_second() {
        assert_eq!(expiry("19700101"), Some(0));
        assert_eq!(expiry("20000101"), Some(946_684_800));
        assert_eq!(expiry("200001010001"), Some(946_684_860));
        assert_eq!(expiry("20000101000102Z"), Some(946_684_862));
        assert_eq!(expiry("20240229"), Some(1_709_164_800));
        for bad in ["2000", "20001301", "2000010a", "200001012400", "19691231"] {
            assert_eq!(expiry(bad), None, "{bad}");
        }
    }

    #[test]
    fn honoured_options_restrict_and_unknown_ones_refuse() {
        let o = KeyOptions::parse(r#"from="127.0.0.1",expiry-time="20000101",no-pty"#);
        assert_eq!(o.from.as_deref(), Some("127.0.0.1"));
        assert!(o.no_pty);
        assert_eq!(o.refused, None);
        let y2k = UNIX_EPOCH + Duration::from_secs(946_684_800);
        let before = y2k - Duration::from_secs(1);
        assert_eq!(o.admit(ip("127.0.0.1"), before), Ok(()));
        assert!(o
            .admit(ip("127.0.0.1"), y2k)
            .unwrap_err()
            .contains("expired"));
        assert!(o
            .admit(ip("10.0.0.1"), before)
            .unwrap_err()
            .contains("from="));

        assert!(KeyOptions::parse("restrict").no_pty);
        assert!(!KeyOptions::parse("restrict,pty").no_pty);
        assert_eq!(
            KeyOptions::parse("no-port-forwarding,no-X11-forwarding").refused,
            None
        );
        for (opts, says) in [
            (r#"command="echo hi""#, "command="),
            ("cert-authority", "cert-authority"),
            (r#"environment="A=B""#, "environment="),
            ("port-forwarding", "port-forwarding"),
            (r#"from="10.0.0.0/99""#, "10.0.0.0/99"),
            (r#"expiry-time="tomorrow""#, "tomorrow"),
            ("from=10.0.0.1", "double quotes"),
            (r#"from="a",from="b""#, "twice"),
        ] {
            let why = KeyOptions::parse(opts).refused.unwrap_or_default();
            assert!(why.contains(says), "{opts}: {why}");
            assert!(KeyOptions::parse(opts)
                .admit(ip("127.0.0.1"), before)
                .is_err());
        }
    }
}
