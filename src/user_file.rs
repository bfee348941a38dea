//! Reading a file the user named or that sits in a library folder, safely: only regular
//! files (a FIFO named `x.txt` would block forever, `/dev/zero` would never end), and only
//! up to a size cap.

use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// The largest file fazhi reads: the longest real report is about 60 KB, so 64 MB is only
/// ever a mistake (a log, a disk image), and reading it would take the memory of a reader.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The OS refused.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A FIFO, socket, device or directory.
    #[error("skipped: not a regular file ({0})")]
    NotRegular(&'static str),
    /// Over [`MAX_BYTES`].
    #[error("skipped: {} MB is over the {} MB limit for one file", .0 / (1024 * 1024), MAX_BYTES / (1024 * 1024))]
    TooLarge(u64),
}

/// What kind of non-regular file `meta` describes, or `None` for a regular file.
pub fn special_kind(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else {
        Some("not a file")
    }
}

/// Read a regular file (a symlink to one is fine) of at most `limit` bytes, with its
/// metadata.
///
/// The file is opened without blocking and checked on the open descriptor, so a FIFO or
/// device swapped in after a directory listing is still refused rather than read.
pub fn read_limited(path: &Path, limit: u64) -> Result<(Metadata, Vec<u8>), ReadError> {
    // Checked before opening too: opening some devices has effects (a tape rewinds).
    if let Some(kind) = special_kind(&std::fs::metadata(path)?) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte over the limit tells a file that grew since `metadata` from one that fits.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok((meta, bytes))
}

/// [`read_limited`] with [`MAX_BYTES`], as UTF-8 text (for small config files: topics,
/// keymaps, note imports).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let (_, bytes) = read_limited(path, MAX_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = std::env::temp_dir().join(format!("fazhi-uf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("x.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_limited(&fifo, MAX_BYTES).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular("a FIFO")), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dev_zero_is_refused_and_a_big_file_is_capped() {
        let err = read_limited(Path::new("/dev/zero"), MAX_BYTES).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        let dir = std::env::temp_dir().join(format!("fazhi-uf2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.txt");
        std::fs::write(&big, vec![b'a'; 3000]).unwrap();
        let err = read_limited(&big, 2048).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge(3000)), "{err}");
        assert_eq!(read_limited(&big, 3000).unwrap().1.len(), 3000);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
