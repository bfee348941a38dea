//! Where fazhi keeps files, following the XDG base directory spec.

use std::path::PathBuf;

fn base(var: &str, fallback: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback)),
    }
}

/// `$XDG_CONFIG_HOME/fazhi` (keymap, topics).
pub fn config_dir() -> Option<PathBuf> {
    base("XDG_CONFIG_HOME", ".config").map(|p| p.join("fazhi"))
}

/// `$XDG_DATA_HOME/fazhi` (notes database).
pub fn data_dir() -> Option<PathBuf> {
    base("XDG_DATA_HOME", ".local/share").map(|p| p.join("fazhi"))
}

/// `$XDG_STATE_HOME/fazhi` (reading position).
pub fn state_dir() -> Option<PathBuf> {
    base("XDG_STATE_HOME", ".local/state").map(|p| p.join("fazhi"))
}

/// `$XDG_CACHE_HOME/fazhi` (parsed library cache).
pub fn cache_dir() -> Option<PathBuf> {
    base("XDG_CACHE_HOME", ".cache").map(|p| p.join("fazhi"))
}
