//! The server's host key and the keys of the people allowed in.

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{HashAlg, PrivateKey, PublicKey};
use std::path::{Path, PathBuf};

/// What can go wrong with the key files.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The authorized_keys file is not there.
    #[error(
        "no authorized_keys file at {0}: add the keys allowed in, e.g. \
         mkdir -p {dir} && cp ~/.ssh/id_ed25519.pub {0}",
        dir = .0.parent().map(|p| p.display().to_string()).unwrap_or_default()
    )]
    NoAuthorizedKeys(PathBuf),
    /// The authorized_keys file has no key in it.
    #[error("{0} has no keys: add one per line, e.g. cp ~/.ssh/id_ed25519.pub {0}")]
    EmptyAuthorizedKeys(PathBuf),
    /// A line of authorized_keys is not a public key.
    #[error("{path}:{line}: not a public key: {reason}")]
    BadAuthorizedKey {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the parser said.
        reason: String,
    },
    /// A key file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The host key file is not an OpenSSH private key, or could not be written as one.
    #[error("{path}: {reason}")]
    HostKey {
        /// The file.
        path: PathBuf,
        /// What the key library said.
        reason: String,
    },
    /// The system's random source failed.
    #[error("no randomness for a host key: {0}")]
    Random(String),
}

/// A key allowed in, and whose notes it writes.
#[derive(Debug, Clone)]
pub struct Allowed {
    /// The public key.
    pub key: PublicKey,
    /// The key's comment in authorized_keys (`alice@laptop`); may be empty.
    pub comment: String,
}

/// The keys in an authorized_keys file (OpenSSH format; options before a key are ignored).
/// A missing or empty file is an error saying how to make one.
pub fn read_authorized_keys(path: &Path) -> Result<Vec<Allowed>, KeyError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeyError::NoAuthorizedKeys(path.to_path_buf()))
        }
        Err(source) => {
            return Err(KeyError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = parse_key_line(line).map_err(|reason| KeyError::BadAuthorizedKey {
            path: path.to_path_buf(),
            line: i + 1,
            reason,
        })?;
        let comment = key.comment().as_str_lossy().trim().to_string();
        keys.push(Allowed { key, comment });
    }
    if keys.is_empty() {
        return Err(KeyError::EmptyAuthorizedKeys(path.to_path_buf()));
    }
    Ok(keys)
}

/// The key on one authorized_keys line. Options (`restrict,from="…"`) may come before it, so
/// the key starts at the first word that is a key type; the comment, spaces and all, is the
/// rest of the line.
fn parse_key_line(line: &str) -> Result<PublicKey, String> {
    const KEY_TYPES: [&str; 4] = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"];
    let starts = std::iter::once(0).chain(
        line.char_indices()
            .filter(|&(i, c)| c.is_whitespace() && i + 1 < line.len())
            .map(|(i, _)| i + 1),
    );
    for at in starts {
        let rest = &line[at..];
        if KEY_TYPES.iter().any(|t| rest.starts_with(t)) {
            return PublicKey::from_openssh(rest).map_err(|e| e.to_string());
        }
    }
    Err("no key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-…) on the line".into())
}

/// The entry for `key`, if it is allowed in.
pub fn find<'a>(allowed: &'a [Allowed], key: &PublicKey) -> Option<&'a Allowed> {
    allowed.iter().find(|a| a.key.key_data() == key.key_data())
}

/// `SHA256:…`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The host key at `path`; made (Ed25519, readable only by its owner) the first time.
pub fn host_key(path: &Path) -> Result<PrivateKey, KeyError> {
    let host_key_error = |reason: String| KeyError::HostKey {
        path: path.to_path_buf(),
        reason,
    };
    if path.exists() {
        return PrivateKey::read_openssh_file(path).map_err(|e| host_key_error(e.to_string()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| KeyError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    key.set_comment("fazhi host key");
    // ssh-key creates the file with mode 0600.
    key.write_openssh_file(path, LineEnding::LF)
        .map_err(|e| host_key_error(e.to_string()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFNzQjbqhVSLSKBgnuJC3dJG8KplydATo64R4wVVk2bR alice@laptop";
    const BOB: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID+blpeYsSO7VvCJ4ngjRmlpERY0yjl5jLavhBznXgP3";

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("authorized_keys");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fazhi-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn authorized_keys_give_each_key_and_its_comment() {
        let dir = temp("read");
        let path = write(
            &dir,
            &format!("# team\n{ALICE}\n\nrestrict,from=\"127.0.0.1\" {BOB}\n{BOB} Bob B. #2\n"),
        );
        let keys = read_authorized_keys(&path).unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0].comment, "alice@laptop");
        assert_eq!(keys[1].comment, "");
        assert_eq!(keys[2].comment, "Bob B. #2");
        assert!(find(&keys, &keys[1].key).is_some());
    }

    #[test]
    fn a_missing_authorized_keys_says_how_to_make_one() {
        let dir = temp("missing");
        let err = read_authorized_keys(&dir.join("authorized_keys"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cp ~/.ssh/id_ed25519.pub"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn an_empty_authorized_keys_is_refused() {
        let dir = temp("empty");
        let path = write(&dir, "# nobody yet\n");
        assert!(matches!(
            read_authorized_keys(&path),
            Err(KeyError::EmptyAuthorizedKeys(_))
        ));
    }

    #[test]
    fn a_bad_line_names_the_file_and_line() {
        let dir = temp("bad");
        let path = write(&dir, &format!("{ALICE}\nnot a key\n"));
        let err = read_authorized_keys(&path).unwrap_err().to_string();
        assert!(err.contains("authorized_keys:2:"), "{err}");
    }

    #[test]
    fn the_host_key_is_made_once_private_and_then_reused() {
        let dir = temp("host");
        let path = dir.join("sub").join("ssh_host_ed25519_key");
        let first = host_key(&path).unwrap();
        let second = host_key(&path).unwrap();
        assert_eq!(
            fingerprint(first.public_key()),
            fingerprint(second.public_key())
        );
        assert!(fingerprint(first.public_key()).starts_with("SHA256:"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
