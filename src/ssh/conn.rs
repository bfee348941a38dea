//! One SSH connection: logging in (within the grace time, with the key's options honoured),
//! the channels it opens, and the reader started on one of them. Every log line it writes
//! starts with the client's address and, once known, its user.

use super::keys::{self, Allowed, AuthorizedKeys};
use super::session::{self, Ending, Input, Output, Setup};
use super::{Server, NEEDS_TERMINAL};
use crate::tui::lang::Lang;
use russh::keys::PublicKey;
use russh::server::{Auth, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure};
use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, Notify};

/// Keystroke messages queued for a session; past this, input is dropped rather than let one
/// client hold up its connection (the session thread may be waiting on that connection).
const INPUT_QUEUE: usize = 256;

/// The largest terminal a reader draws, columns × rows: a client asking for more gets this
/// much. Drawing keeps two buffers of columns × rows cells, so without a cap one client
/// could make the server allocate whatever it likes (65535² cells is 171 GB). 500 × 200 is
/// wider and taller than a 4K screen at a readable font.
pub const MAX_SIZE: (u16, u16) = (500, 200);

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

/// Print a line of the server log about the connection from `addr`.
fn say(addr: SocketAddr, log: &Mutex<ConnLog>, what: &str) {
    let user = log.lock().unwrap().user.clone();
    eprintln!(
        "fazhi serve: {addr} user={}: {what}",
        user.as_deref().unwrap_or("-")
    );
}

/// Whether the connection has logged in; the one who sets it first gives back its place
/// among the connections not yet logged in.
struct Login {
    done: AtomicBool,
    notify: Notify,
}

impl Login {
    /// Mark the connection as no longer waiting to log in (logged in, or gone); true the
    /// first time.
    fn finish(&self, server: &Server) -> bool {
        let first = !self.done.swap(true, Ordering::Relaxed);
        if first {
            server.pending.fetch_sub(1, Ordering::Relaxed);
        }
        first
    }
}

/// Serve one accepted connection to its end and write its log line. The caller has counted
/// it in `server.connections` and `server.pending`; both are given back here.
pub async fn connection(server: Arc<Server>, stream: TcpStream, addr: SocketAddr, id: u64) {
    let started = Instant::now();
    // Frames go out as several small writes: without this each waits for the client's
    // delayed ACK (40 ms). russh sets it only on sockets it accepts itself.
    let _ = stream.set_nodelay(true);
    // A second handle on the socket, to cut a connection whose login grace time is over:
    // russh runs the connection in a task of its own that cannot be cancelled from outside.
    let cutter = stream
        .into_std()
        .and_then(|s| Ok((s.try_clone()?, TcpStream::from_std(s)?)));
    let (cutter, stream) = match cutter {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("fazhi serve: {addr} user=-: cannot serve: {e}");
            server.connections.fetch_sub(1, Ordering::Relaxed);
            server.pending.fetch_sub(1, Ordering::Relaxed);
            return;
        }
    };
    let log = Arc::new(Mutex::new(ConnLog::default()));
    let login = Arc::new(Login {
        done: AtomicBool::new(false),
        notify: Notify::new(),
    });
    let handler = Conn {
        server: Arc::clone(&server),
        addr,
        log: Arc::clone(&log),
        login: Arc::clone(&login),
        allowed: None,
        author: None,
        no_pty: None,
        channels: HashMap::new(),
    };
    let config = Arc::clone(&server.config);
    let handles = &server.handles;
    let session = async move {
        let running = russh::server::run_stream(config, stream, handler).await?;
        handles.lock().unwrap().insert(id, running.handle());
        let result = running.await;
        handles.lock().unwrap().remove(&id);
        result
    };
    tokio::pin!(session);
    let grace = server.opts.login_grace_time;
    let result = tokio::select! {
        result = &mut session => result,
        () = login.notify.notified() => session.await,
        // 0 is no limit, as OpenSSH's LoginGraceTime 0.
        () = tokio::time::sleep(grace), if !grace.is_zero() => {
            log.lock().unwrap().ended(format!("login grace time ({} s) over", grace.as_secs()));
            let _ = cutter.shutdown(Shutdown::Both);
            // Reading and writing now fail at once; the bound is only a safety net.
            tokio::time::timeout(Duration::from_secs(5), session)
                .await
                .unwrap_or(Err(russh::Error::Disconnect))
        }
    };
    login.finish(&server);
    // Already gone unless the cut session had to be abandoned.
    server.handles.lock().unwrap().remove(&id);
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
    addr: SocketAddr,
    log: Arc<Mutex<ConnLog>>,
    login: Arc<Login>,
    /// authorized_keys as read at this connection's first key, so keys added later count for
    /// new connections without a restart.
    allowed: Option<AuthorizedKeys>,
    /// The note author, once a key is accepted.
    author: Option<String>,
    /// Once a key is accepted: the authorized_keys line that let it in, when that line says
    /// `no-pty`.
    no_pty: Option<usize>,
    channels: HashMap<ChannelId, Chan>,
}

impl Conn {
    fn say(&self, what: &str) {
        say(self.addr, &self.log, what);
    }

    fn lang(&self) -> Lang {
        self.server.shared.lang
    }

    /// The authorized_keys line that lets `key` in from this client now; if none does, the
    /// refusal is logged (when a line has the key but its options say no).
    fn lookup(&mut self, key: &PublicKey) -> Option<Allowed> {
        if self.allowed.is_none() {
            match keys::read_authorized_keys(&self.server.opts.authorized_keys) {
                Ok(a) => self.allowed = Some(a),
                Err(e) => {
                    self.say(&e.to_string());
                    return None;
                }
            }
        }
        let file = self.allowed.as_ref()?;
        let mut refusals = Vec::new();
        for entry in file.lines_for(key) {
            match entry.options.admit(self.addr.ip(), SystemTime::now()) {
                Ok(()) => return Some(entry.clone()),
                Err(why) => refusals.push(format!("line {}: {why}", entry.line)),
            }
        }
        if !refusals.is_empty() {
            self.say(&format!(
                "key {} refused by authorized_keys {}",
                keys::fingerprint(key),
                refusals.join("; ")
            ));
        }
        None
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
            let n = server.opts.max_sessions;
            let why = match self.lang() {
                Lang::Zh => format!("fazhi：服务器已满（{n} 个会话），请稍后再试"),
                Lang::En => format!("fazhi: the server is full ({n} sessions); try again later"),
            };
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
        let addr = self.addr;
        let thread_server = Arc::clone(&server);
        let spawned = std::thread::Builder::new()
            .name("fazhi-ssh".into())
            .spawn(move || {
                session::run(&setup, rx, out, &thread_server.stopping, |ending| {
                    if let Ending::Panic(_) = ending {
                        say(addr, &log, "the session panicked; the others go on");
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

/// A terminal size from the client, never zero and at most [`MAX_SIZE`].
fn size(cols: u32, rows: u32) -> (u16, u16) {
    let clamp = |v: u32, default: u16, max: u16| match v {
        0 => default,
        v => u16::try_from(v).unwrap_or(u16::MAX).min(max),
    };
    (clamp(cols, 80, MAX_SIZE.0), clamp(rows, 24, MAX_SIZE.1))
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
        {
            let mut log = self.log.lock().unwrap();
            log.user = Some(author.clone());
            log.key = Some(keys::fingerprint(key.public_key));
        }
        self.author = Some(author);
        self.no_pty = allowed.options.no_pty.then_some(allowed.line);
        self.login.finish(&self.server);
        self.login.notify.notify_one();
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
        self.say(&format!("refused forwarding to {host}:{port}"));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    /// The pixel size and terminal modes are not used, and kept nowhere.
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
        if let Some(line) = self.no_pty {
            self.say(&format!(
                "refused a terminal: authorized_keys line {line} says no-pty"
            ));
            // No terminal is made and no reader runs; but a failure here makes `ssh -t`
            // hang up before the shell request, whose refusal tells the user why.
            return session.channel_success(channel);
        }
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
        let lang = self.lang();
        match pty {
            None if self.no_pty.is_some() => {
                let why = match lang {
                    Lang::Zh => "fazhi：此密钥不允许使用终端（authorized_keys 中有 no-pty），而阅读器需要终端",
                    Lang::En => "fazhi: this key may not have a terminal (no-pty in authorized_keys), and the reader needs one",
                };
                self.refuse(channel, why, session)
            }
            None => self.refuse(channel, NEEDS_TERMINAL, session),
            Some(_) if self.server.stopping.load(Ordering::Relaxed) => {
                let why = match lang {
                    Lang::Zh => "fazhi：服务器正在停止",
                    Lang::En => "fazhi: the server is stopping",
                };
                self.refuse(channel, why, session)
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
        // `data` is one SSH packet (at most russh's 32 KB): the queue bounds the rest.
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
    fn terminal_sizes_are_never_zero_and_never_past_the_cap() {
        assert_eq!(size(100, 30), (100, 30));
        assert_eq!(size(0, 0), (80, 24));
        assert_eq!(size(500, 200), (500, 200));
        assert_eq!(size(501, 201), MAX_SIZE);
        assert_eq!(size(65535, 65535), MAX_SIZE);
        assert_eq!(size(u32::MAX, 40), (MAX_SIZE.0, 40));
    }
}
