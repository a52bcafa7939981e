#![allow(dead_code)]

//! The outside parts the tests run against that come from npm (Stoplight Prism), pinned by
//! `tests/npm/package-lock.json` and installed with `npm ci` into `target/npm` the first time
//! a test needs them, so `cargo test` alone sets up a fresh machine.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static INSTALL: Mutex<()> = Mutex::new(());

/// The installed tools' `node_modules/.bin`, installing them when the lock file changed.
pub fn bin() -> PathBuf {
    let _one_at_a_time = INSTALL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo.join("target"), PathBuf::from)
        .join("npm");
    let lock = std::fs::read(repo.join("tests/npm/package-lock.json")).expect("the lock file");
    let installed = target.join("node_modules/.installed-lock.json");
    if std::fs::read(&installed).ok().as_deref() != Some(&lock[..]) {
        std::fs::create_dir_all(&target).unwrap();
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(repo.join("tests/npm").join(file), target.join(file)).unwrap();
        }
        npm_ci(&target, &installed, &lock);
    }
    target.join("node_modules/.bin")
}

/// A free port on 127.0.0.1 (free when asked; the server started on it binds it next).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A process the tests started, ended when dropped; its output goes to `log`.
pub struct Server {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts `program args` and waits (up to a minute) until it accepts connections on
    /// `port`.
    pub fn start(program: PathBuf, args: &[&str], port: u16) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("server.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(&program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let mut server = Server {
            child,
            port,
            log,
            _dir: dir,
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "{} ended ({status}):\n{}",
                    program.display(),
                    server.output()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{} did not listen on {port} within a minute:\n{}",
                program.display(),
                server.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled Serverless project (`flows/order-lookup-functions`), its packages installed
/// with `npm ci` from its lock file when they are missing or the lock file changed.
pub fn example_functions() -> PathBuf {
    let _one_at_a_time = INSTALL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("flows/order-lookup-functions");
    let lock = std::fs::read(dir.join("package-lock.json")).expect("the example's lock file");
    let installed = dir.join("node_modules/.installed-lock.json");
    if std::fs::read(&installed).ok().as_deref() != Some(&lock[..]) {
        npm_ci(&dir, &installed, &lock);
    }
    dir
}

/// `npm ci` in `dir`, then `lock` written to `installed` to say which lock file it installed.
fn npm_ci(dir: &std::path::Path, installed: &std::path::Path, lock: &[u8]) {
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(dir)
        .output()
        .expect("npm is installed (Node.js 20 or later)");
    assert!(
        out.status.success(),
        "npm ci in {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(installed, lock).unwrap();
}
