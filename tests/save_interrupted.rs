//! A save that fails part-way (here: the file-size limit cuts the write) leaves the original
//! flow file intact and no temporary file behind. Alone in its test binary, because the limit
//! applies to the whole process.

// The limit is set through libc; nothing else in the crate or its tests is unsafe.
#![allow(unsafe_code)]

mod common;

use serde_json::json;
use sfdb::flow::Document;

#[test]
fn an_interrupted_save_leaves_the_original_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.json");
    let original =
        std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let mut doc = Document::load(&path).unwrap();
    doc.set_property(
        "fetch_order",
        "url",
        json!(format!("https://example.com/{}", "x".repeat(8192))),
    );

    // Writes past 4 kB now fail with EFBIG (the signal that would kill the process is ignored).
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let limit = libc::rlimit {
            rlim_cur: 4096,
            rlim_max: libc::RLIM_INFINITY,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
    let result = doc.save();
    unsafe {
        let limit = libc::rlimit {
            rlim_cur: libc::RLIM_INFINITY,
            rlim_max: libc::RLIM_INFINITY,
        };
        libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
    }

    assert!(result.is_err(), "the save should have been cut short");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left behind"
    );
    // Once the disk takes it again, the same save goes through.
    doc.save().unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("xxxxxxxx"));
}

/// A file sfdb creates (`pull`, `import`, a recorded scenario) gets the mode a new file gets
/// from any program, 0666 less the umask, not a temporary file's 0600; one it replaces keeps
/// its own.
#[test]
fn a_new_file_honours_the_umask_and_a_replaced_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let umask = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .unwrap();
    let umask = u32::from_str_radix(String::from_utf8_lossy(&umask.stdout).trim(), 8).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.json");
    sfdb::flow::write_atomically(&new, b"{}").unwrap();
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o666 & !umask, "umask {umask:o}");
    std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
    sfdb::flow::write_atomically(&new, b"{\"a\": 1}").unwrap();
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}
