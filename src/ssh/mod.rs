//! `fazhi serve`: the reader over SSH.
//!
//! Each connection (`conn`) that asks for a terminal gets its own reader — the same [`App`]
//! and drawing as locally — in its own thread ([`session`]), drawing into the SSH channel and
//! fed by the bytes the client types ([`input`]). Only public keys listed in an authorized_keys
//! file get in ([`keys`]), as their options allow ([`key_options`]); the key's comment is the
//! note author. Nothing else an SSH server usually offers is: no commands, no shell without a
//! terminal, no subsystems (sftp), no forwarding, no agent, no X11. A client can never name a
//! file on the server, nor choose how much memory it uses: connections still logging in are
//! capped and timed ([`admit`]), and a terminal is drawn at most 500 × 200.
//!
//! [`App`]: crate::tui::app::App

pub mod admit;
mod conn;
pub mod input;
pub mod key_options;
pub mod keys;
pub mod session;

use crate::library::Library;
use crate::tui::keymap::Keymap;
use crate::tui::lang::Lang;
use crate::tui::theme::Theme;
use admit::{RateLimit, Startups};
use anyhow::Context;
use russh::{MethodKind, MethodSet};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What a client without a terminal is told.
pub const NEEDS_TERMINAL: &str = "fazhi needs a terminal: use ssh -t …";

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
    /// A connection that has not logged in this long after it opened is closed.
    pub login_grace_time: Duration,
    /// How many connections may be logging in at once (OpenSSH's MaxStartups).
    pub max_startups: Startups,
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
    /// The compare chooser's index of the reports, built by the first session that needs it
    /// and shared by all.
    pub report_index: crate::tui::compare::ReportIndex,
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
    /// Connections open now that have not logged in yet.
    pending: AtomicUsize,
    /// Set on SIGTERM: sessions end, new ones are refused.
    stopping: AtomicBool,
    /// Open connections, to disconnect the ones left when stopping.
    handles: Mutex<HashMap<u64, russh::server::Handle>>,
}

/// Start the server and serve until SIGTERM or SIGINT. Refuses to start without an
/// authorized_keys file with at least one key in it, or with a host key it cannot use (a
/// passphrase, readable by others, not a key).
pub fn serve(opts: Options, shared: Shared) -> anyhow::Result<()> {
    let authorized = keys::read_authorized_keys(&opts.authorized_keys)?;
    for skipped in &authorized.skipped {
        eprintln!("fazhi serve: warning: {skipped} (line skipped)");
    }
    for key in authorized.keys.iter() {
        if let Some(why) = &key.options.refused {
            eprintln!(
                "fazhi serve: warning: {}:{}: this key will be refused: {why}",
                opts.authorized_keys.display(),
                key.line
            );
        }
    }
    // Notes, drafts and reading positions are the readers' own: no one else on the machine
    // reads them.
    for dir in [&shared.notes_dir, &shared.positions_dir]
        .into_iter()
        .flatten()
    {
        keys::private_dir(dir)?;
    }
    let host_key = keys::host_key(&opts.host_key)?;
    let fingerprint = keys::fingerprint(host_key.public_key());
    let config = russh::server::Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![host_key],
        max_auth_attempts: opts.max_auth_attempts,
        // Sessions end themselves after the idle timeout, restoring the client's terminal;
        // this catches logged-in connections that never start one (the login grace time
        // catches those that never log in).
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
            let library = &building.library;
            let index = crate::palette::PaletteIndex::build_chunked(
                library.len(),
                |r| library.chunk(r),
                &building.topics,
            );
            let _ = building.palette.set(Arc::new(index));
        })
        .context("starting the palette index thread")?;
    let server = Arc::new(Server {
        opts,
        shared,
        config: Arc::new(config),
        sessions: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
        pending: AtomicUsize::new(0),
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
            eprintln!("fazhi serve: {addr} user=-: refused: too many connections per minute");
            tokio::spawn(turn_away(
                stream,
                "fazhi: too many connections from your address; try again in a minute",
            ));
            continue;
        }
        let pending = server.pending.load(Ordering::Relaxed);
        if server.opts.max_startups.drops(pending, admit::roll()) {
            eprintln!(
                "fazhi serve: {addr} user=-: refused: {pending} connections are logging in (max startups)"
            );
            tokio::spawn(turn_away(
                stream,
                "fazhi: too many connections are logging in; try again shortly",
            ));
            continue;
        }
        // Logged-in connections have room of their own: those still logging in can hold at
        // most max_startups' `full` places.
        let most = 2 * server.opts.max_sessions + server.opts.max_startups.full;
        if server.connections.load(Ordering::Relaxed) >= most {
            eprintln!("fazhi serve: {addr} user=-: refused: too many connections");
            tokio::spawn(turn_away(
                stream,
                "fazhi: the server is full; try again later",
            ));
            continue;
        }
        next_id += 1;
        server.connections.fetch_add(1, Ordering::Relaxed);
        server.pending.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(conn::connection(Arc::clone(&server), stream, addr, next_id));
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
