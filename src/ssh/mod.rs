//! `fazhi serve`: the reader over SSH.
//!
//! Each connection that asks for a terminal gets its own reader — the same [`App`] and
//! drawing as locally — in its own thread ([`session`]), drawing into the SSH channel and fed
//! by the bytes the client types ([`input`]). Only public keys listed in an authorized_keys
//! file get in ([`keys`]); the key's comment is the note author. Nothing else an SSH server
//! usually offers is: no commands, no shell without a terminal, no subsystems (sftp), no
//! forwarding, no agent, no X11. A client can never name a file on the server.
//!
//! [`App`]: crate::tui::app::App

pub mod input;
pub mod keys;
pub mod session;

use crate::library::Library;
use crate::tui::keymap::Keymap;
use crate::tui::lang::Lang;
use crate::tui::theme::Theme;
use anyhow::Context;
use keys::Allowed;
use russh::keys::PublicKey;
use russh::server::{Auth, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, MethodKind, MethodSet};
use session::{Ending, Input, Output, Setup};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// What a client without a terminal is told.
pub const NEEDS_TERMINAL: &str = "fazhi needs a terminal: use ssh -t …";

/// Keystroke messages queued for a session; past this, input is dropped rather than let one
/// client hold up its connection (the session thread may be waiting on that connection).
const INPUT_QUEUE: usize = 256;

/// How long a stopping server waits for its sessions to give their terminals back: longer
/// than a draft's save may wait for the notes database.
const STOP_WAIT: Duration = Duration::from_secs(10);

/// How the server is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to listen on (`127.0.0.1:2222`; port 0 picks a free one).
    pub listen: String,
    /// The authorized_keys file: who gets in.
    pub authorized_keys: PathBuf,
    /// The host key file, made on first start.
    pub host_key: PathBuf,
    /// Readers running at once; more are told the server is full.
    pub max_sessions: usize,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
    /// Keys a client may try on one connection.
    pub max_auth_attempts: usize,
    /// New connections one address may open per minute; more are closed at once.
    pub connections_per_minute: usize,
}

/// What every session reads: the library, the keys and looks, where notes and reading
/// positions are kept.
pub struct Shared {
    /// The reports.
    pub library: Arc<Library>,
    /// The server's keymap.
    pub keymap: Keymap,
    /// The server's theme.
    pub theme: Theme,
    /// The UI language.
    pub lang: Lang,
    /// The notes store's directory, shared by every session.
    pub notes_dir: Option<PathBuf>,
    /// Where each author's reading position is kept.
    pub positions_dir: Option<PathBuf>,
    /// The topic list.
    pub topics: Arc<crate::topic::Topics>,
    /// The palette's candidates, built once when the server starts and then shared by every
    /// session (each would otherwise build and hold its own copy).
    pub palette: std::sync::OnceLock<Arc<crate::palette::PaletteIndex>>,
}

/// The running server's state, shared by every connection.
struct Server {
    opts: Options,
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    /// Readers running now.
    sessions: AtomicUsize,
    /// Connections open now.
    connections: AtomicUsize,
    /// Set on SIGTERM: sessions end, new ones are refused.
    stopping: AtomicBool,
    /// Open connections, to disconnect the ones left when stopping.
    handles: Mutex<HashMap<u64, russh::server::Handle>>,
}

/// Start the server and serve until SIGTERM or SIGINT. Refuses to start without an
/// authorized_keys file with at least one key in it.
pub fn serve(opts: Options, shared: Shared) -> anyhow::Result<()> {
    keys::read_authorized_keys(&opts.authorized_keys)?;
    let host_key = keys::host_key(&opts.host_key)?;
    let fingerprint = keys::fingerprint(host_key.public_key());
    let config = russh::server::Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![host_key],
        max_auth_attempts: opts.max_auth_attempts,
        // Sessions end themselves after the idle timeout, restoring the client's terminal;
        // this catches connections that never start one.
        inactivity_timeout: Some(opts.idle_timeout + Duration::from_secs(60)),
        auth_rejection_time: Duration::from_millis(500),
        // OpenSSH first asks with "none" to learn the methods: no need to make it wait.
        auth_rejection_time_initial: Some(Duration::ZERO),
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let shared = Arc::new(shared);
    let building = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("palette-index".into())
        .spawn(move || {
            let index =
                crate::palette::PaletteIndex::build(&building.library.reports, &building.topics);
            let _ = building.palette.set(Arc::new(index));
        })
        .context("starting the palette index thread")?;
    let server = Arc::new(Server {
        opts,
        shared,
        config: Arc::new(config),
        sessions: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
        stopping: AtomicBool::new(false),
        handles: Mutex::new(HashMap::new()),
    });
    let result = runtime.block_on(run(Arc::clone(&server), fingerprint));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn run(server: Arc<Server>, fingerprint: String) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let listener = TcpListener::bind(&server.opts.listen)
        .await
        .with_context(|| format!("listening on {}", server.opts.listen))?;
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    eprintln!(
        "fazhi serve: listening on {} (host key {fingerprint})",
        listener.local_addr()?
    );
    let mut limiter = RateLimit::new(server.opts.connections_per_minute, Duration::from_secs(60));
    let mut next_id = 0u64;
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    eprintln!("fazhi serve: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = term.recv() => break,
            _ = int.recv() => break,
        };
        if !limiter.allow(addr.ip(), Instant::now()) {
            eprintln!("fazhi serve: {addr}: refused: too many connections per minute");
            tokio::spawn(turn_away(
                stream,
                "fazhi: too many connections from your address; try again in a minute",
            ));
            continue;
        }
        if server.connections.load(Ordering::Relaxed) >= 2 * server.opts.max_sessions {
            eprintln!("fazhi serve: {addr}: refused: too many connections");
            tokio::spawn(turn_away(
                stream,
                "fazhi: the server is full; try again later",
            ));
            continue;
        }
        next_id += 1;
        server.connections.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(connection(Arc::clone(&server), stream, addr, next_id));
    }
    drop(listener);
    stop(&server).await;
    Ok(())
}

/// SIGTERM: every session restores its client's terminal, saves its draft and says the
/// server is stopping; then the connections left are closed.
async fn stop(server: &Server) {
    server.stopping.store(true, Ordering::Relaxed);
    let n = server.sessions.load(Ordering::Relaxed);
    eprintln!("fazhi serve: stopping ({n} sessions)");
    let deadline = Instant::now() + STOP_WAIT;
    while server.sessions.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let left = server.sessions.load(Ordering::Relaxed);
    if left > 0 {
        eprintln!("fazhi serve: {left} sessions did not end within {STOP_WAIT:?}; closing them");
    }
    // Clients whose session ended close their connections once they have read the last
    // of it; disconnecting them sooner could cut off the sequences that restore their
    // terminals. Only the connections left after that (no session) are cut.
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.connections.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let handles: Vec<_> = server.handles.lock().unwrap().values().cloned().collect();
    for h in handles {
        let _ = h
            .disconnect(
                russh::Disconnect::ByApplication,
                "fazhi: the server is stopping".into(),
                String::new(),
            )
            .await;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.connections.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Close a connection we will not serve, with a line saying why (clients show lines that
/// come before the SSH version line).
async fn turn_away(mut stream: TcpStream, why: &str) {
    let _ = stream.write_all(format!("{why}\r\n").as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// New connections per address in a sliding window.
struct RateLimit {
    per_window: usize,
    window: Duration,
    seen: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimit {
    fn new(per_window: usize, window: Duration) -> RateLimit {
        RateLimit {
            per_window,
            window,
            seen: HashMap::new(),
        }
    }

    /// Whether `ip` may open one more connection at `now` (and count it if so).
    fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
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

/// What the log line of a connection says.
#[derive(Default)]
struct ConnLog {
    user: Option<String>,
    key: Option<String>,
    rejected_keys: usize,
    ending: Option<String>,
}

impl ConnLog {
    /// Record how the connection ended, unless something already did.
    fn ended(&mut self, how: impl Into<String>) {
        self.ending.get_or_insert_with(|| how.into());
    }
}

async fn connection(server: Arc<Server>, stream: TcpStream, addr: SocketAddr, id: u64) {
    let started = Instant::now();
    // Frames go out as several small writes: without this each waits for the client's
    // delayed ACK (40 ms). russh sets it only on sockets it accepts itself.
    let _ = stream.set_nodelay(true);
    let log = Arc::new(Mutex::new(ConnLog::default()));
    let handler = Conn {
        server: Arc::clone(&server),
        log: Arc::clone(&log),
        allowed: None,
        author: None,
        channels: HashMap::new(),
    };
    let result = match russh::server::run_stream(Arc::clone(&server.config), stream, handler).await
    {
        Ok(running) => {
            server.handles.lock().unwrap().insert(id, running.handle());
            let result = running.await;
            server.handles.lock().unwrap().remove(&id);
            result
        }
        Err(e) => Err(e),
    };
    server.connections.fetch_sub(1, Ordering::Relaxed);
    let log = log.lock().unwrap();
    let how = match (&log.ending, result) {
        (Some(how), _) => how.clone(),
        (None, Err(russh::Error::InactivityTimeout)) => "idle timeout".into(),
        (None, _) if log.user.is_none() && log.rejected_keys > 0 => {
            format!("permission denied ({} keys refused)", log.rejected_keys)
        }
        (None, _) if log.user.is_none() => "not authenticated".into(),
        (None, Err(e)) => format!("error: {e}"),
        (None, Ok(())) => "client disconnected".into(),
    };
    eprintln!(
        "fazhi serve: {addr} user={} key={} {:.1}s: {how}",
        log.user.as_deref().unwrap_or("-"),
        log.key.as_deref().unwrap_or("-"),
        started.elapsed().as_secs_f64(),
    );
}

/// One channel the client opened.
#[derive(Default)]
struct Chan {
    /// The terminal size the client asked for (columns, rows).
    pty: Option<(u16, u16)>,
    /// The running session's input, once a reader runs on this channel.
    input: Option<mpsc::Sender<Input>>,
}

/// One connection: who is on it and its channels.
struct Conn {
    server: Arc<Server>,
    log: Arc<Mutex<ConnLog>>,
    /// authorized_keys as read at this connection's first key, so keys added later count for
    /// new connections without a restart.
    allowed: Option<Vec<Allowed>>,
    /// The note author, once a key is accepted.
    author: Option<String>,
    channels: HashMap<ChannelId, Chan>,
}

impl Conn {
    fn lookup(&mut self, key: &PublicKey) -> Option<Allowed> {
        if self.allowed.is_none() {
            match keys::read_authorized_keys(&self.server.opts.authorized_keys) {
                Ok(a) => self.allowed = Some(a),
                Err(e) => {
                    eprintln!("fazhi serve: {e}");
                    return None;
                }
            }
        }
        keys::find(self.allowed.as_deref()?, key).cloned()
    }

    /// Answer a request we do not serve: a line on stderr, a failing exit status, channel
    /// closed.
    fn refuse(
        &mut self,
        channel: ChannelId,
        why: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        self.log.lock().unwrap().ended(format!("refused: {why}"));
        session.extended_data(channel, 1, format!("{why}\r\n"))?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }

    /// Start a reader on `channel` sized `size`.
    fn start(
        &mut self,
        channel: ChannelId,
        size: (u16, u16),
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let server = Arc::clone(&self.server);
        let full = server
            .sessions
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < server.opts.max_sessions).then_some(n + 1)
            })
            .is_err();
        if full {
            let why = format!(
                "fazhi: the server is full ({} sessions); try again later",
                server.opts.max_sessions
            );
            return self.refuse(channel, &why, session);
        }
        let author = self.author.clone().unwrap_or_else(|| "ssh".into());
        let setup = Setup {
            shared: Arc::clone(&server.shared),
            position: server
                .shared
                .positions_dir
                .as_ref()
                .map(|d| position_file(d, &author)),
            author,
            size,
            idle: server.opts.idle_timeout,
        };
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        let out = Output::new(tokio::runtime::Handle::current(), session.handle(), channel);
        let log = Arc::clone(&self.log);
        let thread_server = Arc::clone(&server);
        let spawned = std::thread::Builder::new()
            .name("fazhi-ssh".into())
            .spawn(move || {
                session::run(&setup, rx, out, &thread_server.stopping, |ending| {
                    if let Ending::Panic(_) = ending {
                        eprintln!("fazhi serve: a session panicked; the others go on");
                    }
                    log.lock().unwrap().ended(ending.to_string());
                });
                thread_server.sessions.fetch_sub(1, Ordering::Relaxed);
            });
        if let Err(e) = spawned {
            server.sessions.fetch_sub(1, Ordering::Relaxed);
            return self.refuse(
                channel,
                &format!("fazhi: cannot start a session: {e}"),
                session,
            );
        }
        if let Some(chan) = self.channels.get_mut(&channel) {
            chan.input = Some(tx);
        }
        Ok(())
    }
}

/// The reading position file of `author`: the name is kept to letters, digits and `@._-`
/// (anything else is %-escaped) so no author can name a path.
fn position_file(dir: &Path, author: &str) -> PathBuf {
    let mut name = String::new();
    for b in author.bytes() {
        if b.is_ascii_alphanumeric() || b"@._-".contains(&b) {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    dir.join(format!("{name}.json"))
}

/// A terminal size from the client, kept within what a `u16` holds and never zero.
fn size(cols: u32, rows: u32) -> (u16, u16) {
    let clamp = |v: u32, default: u16| match u16::try_from(v) {
        Ok(0) => default,
        Ok(v) => v,
        Err(_) => u16::MAX,
    };
    (clamp(cols, 80), clamp(rows, 24))
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.lookup(offer.public_key).is_some() {
            return Ok(Auth::Accept);
        }
        self.log.lock().unwrap().rejected_keys += 1;
        Ok(Auth::reject())
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let Some(allowed) = self.lookup(key.public_key) else {
            return Ok(Auth::reject());
        };
        let author = if allowed.comment.is_empty() {
            user.to_string()
        } else {
            allowed.comment
        };
        let mut log = self.log.lock().unwrap();
        log.user = Some(author.clone());
        log.key = Some(keys::fingerprint(key.public_key));
        self.author = Some(author);
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One connection is one person: a few channels (ssh multiplexing) are plenty.
        if self.channels.len() >= 4 {
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        // The channel's own reader is not used: input comes through `data`.
        self.channels.insert(channel.id(), Chan::default());
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        eprintln!("fazhi serve: refused forwarding to {host}:{port}");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(chan) if chan.input.is_none() => {
                chan.pty = Some(size(cols, rows));
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(chan) = self.channels.get_mut(&channel) {
            let (w, h) = size(cols, rows);
            chan.pty = Some((w, h));
            if let Some(input) = &chan.input {
                let _ = input.try_send(Input::Resize(w, h));
            }
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(chan) = self.channels.get(&channel) else {
            return session.channel_failure(channel);
        };
        if chan.input.is_some() {
            return session.channel_failure(channel);
        }
        let pty = chan.pty;
        session.channel_success(channel)?;
        match pty {
            None => self.refuse(channel, NEEDS_TERMINAL, session),
            Some(_) if self.server.stopping.load(Ordering::Relaxed) => {
                self.refuse(channel, "fazhi: the server is stopping", session)
            }
            Some(size) => self.start(channel, size, session),
        }
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        self.refuse(
            channel,
            "fazhi: commands are not run here; connect with ssh -t and no command for the reader",
            session,
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.log
            .lock()
            .unwrap()
            .ended(format!("refused subsystem {name}"));
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(input) = self.channels.get(&channel).and_then(|c| c.input.as_ref()) {
            let _ = input.try_send(Input::Data(data.to_vec()));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // No more keys can come: the session ends as if the client had gone.
        if let Some(chan) = self.channels.get_mut(&channel) {
            chan.input = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_author_cannot_name_a_path_for_their_position() {
        let dir = Path::new("/state");
        assert_eq!(
            position_file(dir, "alice@laptop"),
            Path::new("/state/alice@laptop.json")
        );
        assert_eq!(
            position_file(dir, "../../etc/passwd"),
            Path::new("/state/..%2F..%2Fetc%2Fpasswd.json")
        );
        assert_eq!(
            position_file(dir, "王 伟"),
            Path::new("/state/%E7%8E%8B%20%E4%BC%9F.json")
        );
    }

    #[test]
    fn terminal_sizes_are_never_zero_or_past_u16() {
        assert_eq!(size(100, 30), (100, 30));
        assert_eq!(size(0, 0), (80, 24));
        assert_eq!(size(1 << 20, 40), (u16::MAX, 40));
    }

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
}
