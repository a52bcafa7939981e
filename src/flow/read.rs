//! Reading a user's file with bounds: only a regular file, and no larger than any real flow,
//! scenario or export could be. `/dev/zero` or a named pipe would otherwise be read without
//! end.

use std::io::Read;
use std::path::Path;

/// The largest file sfdb reads: a flow of Studio's 2,000 widgets is a few megabytes.
pub const MAX_FILE: u64 = 32 * 1024 * 1024;

/// The text of `path`, or why not, in words (without the path: the caller names the file).
pub fn text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("cannot read the file: it is not a regular file".into());
    }
    if meta.len() > MAX_FILE {
        return Err(format!(
            "cannot read the file: it is {} MB, more than the {} MB sfdb reads",
            meta.len() / (1024 * 1024),
            MAX_FILE / (1024 * 1024)
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut text = String::new();
    // Bounded again while reading: the file may grow after it was measured.
    file.take(MAX_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if text.len() as u64 > MAX_FILE {
        return Err(format!(
            "cannot read the file: it grew past the {} MB sfdb reads",
            MAX_FILE / (1024 * 1024)
        ));
    }
    Ok(text)
}
