//! `fazhi serve`.

use super::{Cli, ServeArgs};
use anyhow::{Context, Result};

/// `fazhi serve`: the paths from the arguments or the XDG directories, then serve until
/// SIGTERM.
pub fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let authorized_keys = args
        .authorized_keys
        .clone()
        .or_else(|| crate::xdg::config_dir().map(|d| d.join("authorized_keys")))
        .context("no authorized_keys: set HOME or pass --authorized-keys FILE")?;
    let notes_dir = cli.notes_dir();
    let host_key = args
        .host_key
        .clone()
        .or_else(|| notes_dir.as_ref().map(|d| d.join("ssh_host_ed25519_key")))
        .context("no host key: set HOME or pass --host-key FILE")?;
    let opts = crate::ssh::Options {
        listen: args.listen.clone(),
        authorized_keys,
        host_key,
        max_sessions: args.max_sessions,
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        max_auth_attempts: args.max_auth_attempts,
        connections_per_minute: args.max_connections_per_minute,
        login_grace_time: std::time::Duration::from_secs(args.login_grace_time),
        max_startups: args.max_startups,
    };
    let library = cli.open_library();
    for p in &library.problems {
        eprintln!("fazhi: {p}");
    }
    let shared = crate::ssh::Shared {
        library: std::sync::Arc::new(library),
        keymap: cli.load_keymap()?,
        theme: crate::tui::theme::Theme::from_env(),
        lang: cli.ui_lang(),
        notes_dir,
        positions_dir: crate::xdg::state_dir().map(|d| d.join("ssh")),
        topics: std::sync::Arc::new(cli.load_topics()?),
        palette: std::sync::OnceLock::new(),
        report_index: Default::default(),
    };
    crate::ssh::serve(opts, shared)
}
