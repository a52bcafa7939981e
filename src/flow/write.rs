//! Writing a user's file so that nothing is lost: atomically (a temporary file beside it,
//! then a rename), through a symbolic link to the file it names, keeping the file's mode,
//! owner and group, and never over anything that is not a regular file or that the user made
//! read-only. A file with more than one hard link is written in place, its old text kept
//! beside it until the new one is whole, so the links stay one file.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What was read from a file, to tell later whether it changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    hash: u64,
}

impl Stamp {
    /// The stamp of `text`, as read from `path` now.
    pub fn of(path: &Path, text: &str) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: hash(text.as_bytes()),
        })
    }

    /// Whether the file at `path` still holds what was stamped (a file whose time changed
    /// but whose text did not is unchanged).
    pub fn still(&self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return true;
        }
        meta.len() == self.len && std::fs::read(path).is_ok_and(|bytes| hash(&bytes) == self.hash)
    }
}

/// FNV-1a: stable across builds (unlike the standard library's hasher), and enough to tell a
/// changed file from an unchanged one or to name a file by a path.
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The file a write to `path` lands in: a symbolic link's target, followed.
fn landing(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = &landing(path)?;
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(std::io::Error::other(format!(
                "{} is not a regular file: it is not replaced",
                path.display()
            )));
        }
        if meta.permissions().readonly() {
            return Err(std::io::Error::other(format!(
                "{} is read-only: not written (make it writable with chmod u+w, or copy it and \
                 open the copy)",
                path.display()
            )));
        }
        if meta.nlink() > 1 {
            return write_in_place(path, bytes);
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A new file gets the mode any program's new file gets (0666 less the umask), not the
    // private 0600 of a temporary file; an existing file keeps its own (below).
    let mut tmp = tempfile::Builder::new()
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = &existing {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
        // Only root may give a file away; anyone else keeps writing their own files.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a hard-linked file in place: the old text is copied beside it first and put back
/// if the write fails part-way.
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let backup = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::copy(path, backup.path())?;
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::copy(backup.path(), path);
        return Err(e);
    }
    Ok(())
}
