//! The server's host key and the keys of the people allowed in.

use super::key_options::{self, KeyOptions};
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
    /// The line of authorized_keys it is on (1-based), for the log.
    pub line: usize,
    /// The options before the key: who may use it, until when, with a terminal or not.
    pub options: KeyOptions,
}

/// What an authorized_keys file holds.
#[derive(Debug)]
pub struct AuthorizedKeys {
    /// The keys, in file order (a key may be on several lines with different options).
    pub keys: Vec<Allowed>,
    /// Lines that are not a public key: skipped, as sshd does, so one typo does not lock
    /// everyone out.
    pub skipped: Vec<KeyError>,
}

impl AuthorizedKeys {
    /// The lines for `key`, in file order.
    pub fn lines_for<'a>(&'a self, key: &'a PublicKey) -> impl Iterator<Item = &'a Allowed> {
        self.keys
            .iter()
            .filter(move |a| a.key.key_data() == key.key_data())
    }
}

/// The keys in an authorized_keys file (OpenSSH format, options honoured as
/// [`KeyOptions`] says; a UTF-8 byte order mark is allowed). A missing file, or one with no
/// key in it, is an error saying how to make one; lines that are not keys are skipped and
/// listed.
pub fn read_authorized_keys(path: &Path) -> Result<AuthorizedKeys, KeyError> {
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_key_line(line) {
            Ok((options, key)) => {
                let comment = key.comment().as_str_lossy().trim().to_string();
                keys.push(Allowed {
                    key,
                    comment,
                    line: i + 1,
                    options,
                });
            }
            Err(reason) => skipped.push(KeyError::BadAuthorizedKey {
                path: path.to_path_buf(),
                line: i + 1,
                reason,
            }),
        }
    }
    if keys.is_empty() {
        return Err(match skipped.into_iter().next() {
            Some(first) => first,
            None => KeyError::EmptyAuthorizedKeys(path.to_path_buf()),
        });
    }
    Ok(AuthorizedKeys { keys, skipped })
}

/// The options and key on one authorized_keys line. The line starts with the key type, or
/// with options up to the first space outside quotes and then the key type; the comment,
/// spaces and all, is the rest of the line.
fn parse_key_line(line: &str) -> Result<(KeyOptions, PublicKey), String> {
    const KEY_TYPES: [&str; 4] = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"];
    let is_key = |s: &str| KEY_TYPES.iter().any(|t| s.starts_with(t));
    let (options, rest) = if is_key(line) {
        (KeyOptions::default(), line)
    } else {
        let end = key_options::options_end(line).ok_or("a quote in the options is never closed")?;
        (KeyOptions::parse(&line[..end]), line[end..].trim_start())
    };
    if !is_key(rest) {
        return Err("no key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-…) on the line".into());
    }
    let key = PublicKey::from_openssh(rest).map_err(|e| e.to_string())?;
    Ok((options, key))
}

/// `SHA256:…`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The host key at `path`; made (Ed25519, readable only by its owner, in a directory only
/// its owner can enter) the first time. A key protected by a passphrase, or that others can
/// read, is refused, as sshd refuses it.
pub fn host_key(path: &Path) -> Result<PrivateKey, KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let host_key_error = |reason: String| KeyError::HostKey {
        path: path.to_path_buf(),
        reason,
    };
    if path.exists() {
        let mode = std::fs::metadata(path)
            .map_err(|source| KeyError::Io {
                path: path.to_path_buf(),
                source,
            })?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(host_key_error(format!(
                "the host key is readable by others (mode {:04o}); make it private: chmod 600 {}",
                mode & 0o7777,
                path.display()
            )));
        }
        let key = PrivateKey::read_openssh_file(path).map_err(|e| {
            host_key_error(format!(
                "not an OpenSSH private key without a passphrase ({e})"
            ))
        })?;
        if key.is_encrypted() {
            return Err(host_key_error(format!(
                "the host key has a passphrase, which a server cannot type; remove it with \
                 ssh-keygen -p -N '' -f {}, or delete the file for a new key",
                path.display()
            )));
        }
        return Ok(key);
    }
    if let Some(dir) = path.parent() {
        private_dir(dir)?;
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

/// Make `dir` (and its missing parents) if it is not there; the directories made are
/// readable only by their owner (0700), whatever the umask. One already there is left as
/// it is.
pub fn private_dir(dir: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let io = |source| KeyError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if let Some(parent) = dir.parent() {
        private_dir(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        // Made by someone else meanwhile: theirs to set.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(io(e)),
    }
    // The umask may have taken bits away (umask 0277 leaves 0500): set the mode itself.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)
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

    /// A scratch folder removed when the test ends, pass or fail.
    struct Scratch(PathBuf);

    impl std::ops::Deref for Scratch {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("fazhi-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    #[test]
    fn authorized_keys_give_each_key_and_its_comment() {
        let dir = temp("read");
        let path = write(
            &dir,
            &format!("# team\n{ALICE}\n\nrestrict,from=\"127.0.0.1\" {BOB}\n{BOB} Bob B. #2\n"),
        );
        let file = read_authorized_keys(&path).unwrap();
        let keys = &file.keys;
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0].comment, "alice@laptop");
        assert_eq!(keys[1].comment, "");
        assert_eq!(keys[1].options.from.as_deref(), Some("127.0.0.1"));
        assert!(keys[1].options.no_pty, "restrict without pty");
        assert_eq!(keys[2].comment, "Bob B. #2");
        assert_eq!(keys[2].line, 5);
        let lines: Vec<usize> = file.lines_for(&keys[1].key).map(|a| a.line).collect();
        assert_eq!(lines, [4, 5]);
    }

    #[test]
    fn a_byte_order_mark_and_quoted_options_are_read() {
        let dir = temp("bom");
        let path = write(
            &dir,
            &format!("\u{feff}{ALICE}\ncommand=\"echo a, b\",no-pty {BOB} bob\n"),
        );
        let file = read_authorized_keys(&path).unwrap();
        assert_eq!(file.keys.len(), 2);
        assert_eq!(file.keys[0].comment, "alice@laptop");
        assert_eq!(file.keys[1].comment, "bob");
        let why = file.keys[1].options.refused.as_deref().unwrap_or_default();
        assert!(why.contains("command="), "{why}");
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
    fn a_bad_line_is_skipped_and_named_by_file_and_line() {
        let dir = temp("bad");
        let path = write(&dir, &format!("{ALICE}\nnot a key\n"));
        let file = read_authorized_keys(&path).unwrap();
        assert_eq!(file.keys.len(), 1);
        let err = file.skipped[0].to_string();
        assert!(err.contains("authorized_keys:2:"), "{err}");
        let path = write(&dir, "not a key\n");
        let err = read_authorized_keys(&path).unwrap_err().to_string();
        assert!(err.contains("authorized_keys:1:"), "{err}");
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
        let mode = std::fs::metadata(dir.join("sub"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "the directory made for it is private");
    }

    #[test]
    fn a_host_key_others_can_read_is_refused_in_one_line() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp("open");
        let path = dir.join("ssh_host_ed25519_key");
        host_key(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = host_key(&path).unwrap_err().to_string();
        assert!(
            err.contains("mode 0644") && err.contains("chmod 600"),
            "{err}"
        );
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }
}
