//! `fazhi serve` on loopback: the server's memory idle and per session at 100x30 and 200x60
//! with 1, 10 and 50 sessions, and how long from connecting (and from being let in) to the
//! first whole frame. Run with `cargo bench --bench ssh`.
//!
//! Each configuration gets a fresh server, so one's memory does not count in the next. The
//! clients are russh clients in this process, each asking for a pty of the size measured.

use anyhow::{bail, Context, Result};
use fazhi::ssh::keys;
use russh::client;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::ChannelMsg;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Time for the server's memory to settle after the sessions started.
const SETTLE: Duration = Duration::from_millis(500);

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A session kept open while memory is measured.
struct Open {
    _handle: client::Handle<Client>,
    _channel: russh::Channel<client::Msg>,
}

/// Connect, authenticate, ask for a `w`×`h` pty and the reader; return the session and the
/// times from connecting and from authentication to the first whole frame.
async fn session(
    port: u16,
    key: Arc<PrivateKey>,
    w: u32,
    h: u32,
) -> Result<(Open, Duration, Duration)> {
    let start = Instant::now();
    // As OpenSSH does for interactive sessions: no Nagle delay on the small requests.
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let mut handle = client::connect(config, ("127.0.0.1", port), Client).await?;
    let auth = handle
        .authenticate_publickey("bench", PrivateKeyWithHashAlg::new(key, None))
        .await?;
    if !auth.success() {
        bail!("the bench key was refused");
    }
    let authed = Instant::now();
    let mut channel = handle.channel_open_session().await?;
    channel
        .request_pty(false, "xterm-256color", w, h, 0, 0, &[])
        .await?;
    channel.request_shell(false).await?;
    let mut seen = Vec::new();
    // The status line, on the last row, is the end of the first frame.
    while !String::from_utf8_lossy(&seen).contains('¶') {
        match tokio::time::timeout(Duration::from_secs(10), channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => seen.extend_from_slice(&data),
            Ok(Some(_)) => {}
            Ok(None) => bail!("the channel closed before the first frame"),
            Err(_) => bail!("no first frame within 10 s"),
        }
    }
    let done = Instant::now();
    Ok((
        Open {
            _handle: handle,
            _channel: channel,
        },
        done - start,
        done - authed,
    ))
}

fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS")
}

/// A server on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(dir: &Path) -> Result<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["serve", "--listen", "127.0.0.1:0", "--lang", "en"])
        .args(["--max-connections-per-minute", "1000"])
        .arg("--authorized-keys")
        .arg(dir.join("authorized_keys"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stderr.take().context("stderr")?).lines();
    let line = lines.next().context("the server said nothing")??;
    let port = line
        .split("listening on ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .with_context(|| format!("no port in: {line}"))?;
    // Keep reading the log, or the server blocks once the pipe is full.
    std::thread::spawn(move || lines.for_each(drop));
    Ok(Server { child, port })
}

fn percentile(times: &mut [Duration], p: usize) -> f64 {
    times.sort();
    times[(times.len() - 1) * p / 100].as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let dir: PathBuf = std::env::temp_dir().join(format!("fazhi-bench-ssh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let key = keys::host_key(&dir.join("client_key"))?;
    let mut public = key.public_key().clone();
    public.set_comment("bench@loopback");
    std::fs::write(dir.join("authorized_keys"), public.to_openssh()? + "\n")?;
    let key = Arc::new(key);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    println!("size     sessions  idle RSS  with sessions  per session  connect→frame p50/max  auth→frame p50/max");
    for (w, h) in [(100u32, 30u32), (200, 60)] {
        for n in [1usize, 10, 50] {
            let server = start_server(&dir)?;
            std::thread::sleep(SETTLE);
            let idle = rss_kib(server.child.id())?;
            let mut open = Vec::new();
            let (mut from_connect, mut from_auth) = (Vec::new(), Vec::new());
            for _ in 0..n {
                let (o, c, a) = rt.block_on(session(server.port, Arc::clone(&key), w, h))?;
                open.push(o);
                from_connect.push(c);
                from_auth.push(a);
            }
            std::thread::sleep(SETTLE);
            let busy = rss_kib(server.child.id())?;
            println!(
                "{w}x{h:<4} {n:>8}  {idle:>6} KiB  {busy:>9} KiB  {:>7.0} KiB  {:>9.1} / {:>5.1} ms  {:>9.1} / {:>5.1} ms",
                (busy.saturating_sub(idle)) as f64 / n as f64,
                percentile(&mut from_connect, 50),
                percentile(&mut from_connect, 100),
                percentile(&mut from_auth, 50),
                percentile(&mut from_auth, 100),
            );
            drop(open);
            drop(server);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
