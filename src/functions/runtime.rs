//! The local Functions runtime: `twilio-run`, what `twilio serverless:start` runs, started on a
//! free port of 127.0.0.1 for a Serverless project, or one the user already runs. Its output is
//! kept line by line, so each request can claim what the Function printed while it answered.
//!
//! The runtime runs in a process group of its own (it forks a process per Function call), and
//! the whole group is stopped when the [`Runtime`] is dropped, on Ctrl+C and after a panic
//! ([`stop_all`]).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long the runtime may take to serve after it starts (twilio-run takes 2 to 5 s here).
pub const START_WAIT: Duration = Duration::from_secs(60);

/// The process groups of every runtime started and not yet stopped.
static LIVE: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Stops every runtime still running: for Ctrl+C and the panic hook, where no destructor runs.
pub fn stop_all() {
    let groups: Vec<u32> = LIVE
        .lock()
        .map(|mut l| l.drain(..).collect())
        .unwrap_or_default();
    for group in groups {
        kill_group(group);
    }
}

fn kill_group(group: u32) {
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::Pid;
    let Ok(pid) = i32::try_from(group) else {
        return;
    };
    let _ = killpg(Pid::from_raw(pid), Signal::SIGTERM);
    // Node exits on SIGTERM at once; a Function process stuck in a loop may not.
    std::thread::sleep(Duration::from_millis(100));
    let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
}

/// The runtime's output, line by line, numbered from its start.
#[derive(Default)]
pub struct Output {
    lines: Mutex<Vec<String>>,
    grown: Condvar,
    /// The ranges of lines a request took as its own.
    claimed: Mutex<Vec<std::ops::Range<usize>>>,
}

impl Output {
    /// A line the runtime printed.
    pub fn push(&self, line: String) {
        if let Ok(mut lines) = self.lines.lock() {
            lines.push(line);
        }
        self.grown.notify_all();
    }

    /// How many lines there are so far: where a request's own lines begin.
    pub fn mark(&self) -> usize {
        self.lines.lock().map_or(0, |l| l.len())
    }

    /// Lines from `from` on, waiting up to `wait` for one that `ends` says closes them (the
    /// runtime's request log line, printed after the Function's own), which is not returned.
    pub fn since(&self, from: usize, wait: Duration, ends: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let Ok(mut lines) = self.lines.lock() else {
            return Vec::new();
        };
        loop {
            if let Some(end) = lines.iter().skip(from).position(|l| ends(l)) {
                self.claim(from..from + end + 1);
                return lines[from..from + end].to_vec();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.claim(from..lines.len());
                return lines
                    .get(from..)
                    .map(<[String]>::to_vec)
                    .unwrap_or_default();
            }
            match self.grown.wait_timeout(lines, left) {
                Ok((l, _)) => lines = l,
                Err(_) => return Vec::new(),
            }
        }
    }

    /// Waits until no line has come for `quiet`, at most `most`.
    fn settle(&self, quiet: Duration, most: Duration) {
        let deadline = Instant::now() + most;
        let mut seen = self.mark();
        while Instant::now() < deadline {
            std::thread::sleep(quiet);
            let now = self.mark();
            if now == seen {
                return;
            }
            seen = now;
        }
    }

    fn claim(&self, range: std::ops::Range<usize>) {
        if let Ok(mut claimed) = self.claimed.lock() {
            claimed.push(range);
        }
    }

    /// Every line so far.
    pub fn all(&self) -> Vec<String> {
        self.lines.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The lines no request took: start-up, reloads, a Function's late words.
    pub fn unclaimed(&self) -> Vec<String> {
        let claimed = self.claimed.lock().map(|c| c.clone()).unwrap_or_default();
        self.all()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !claimed.iter().any(|r| r.contains(i)))
            .map(|(_, line)| line)
            .collect()
    }
}

/// A running Functions runtime.
pub struct Runtime {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
    /// The Serverless project, when sfdb started the runtime for it.
    pub dir: Option<PathBuf>,
    pub output: Arc<Output>,
    child: Option<Child>,
}

impl Runtime {
    /// A runtime the user already runs (`twilio serverless:start`): nothing to start or stop,
    /// and none of its output to show.
    pub fn attach(url: &str) -> Result<Runtime, String> {
        let parsed = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| format!("--functions {url}: not a directory, nor an http(s) URL"))?;
        Ok(Runtime {
            base: parsed.as_str().trim_end_matches('/').to_string(),
            dir: None,
            output: Arc::default(),
            child: None,
        })
    }

    /// Starts `twilio-run` for the project in `dir` and waits until it serves. `progress` is
    /// told once when the wait is long enough to say so.
    pub fn start(dir: &Path, progress: &mut dyn FnMut(&str)) -> Result<Runtime, String> {
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("--functions {}: {e}", dir.display()))?;
        if !dir.join("functions").is_dir() {
            return Err(format!(
                "--functions {}: not a Serverless project (it has no functions/ folder; \
                 `twilio serverless:init` makes one)",
                dir.display()
            ));
        }
        let program = find_program(&dir).ok_or_else(|| {
            format!(
                "--functions {}: twilio-run is not installed there nor on the PATH; run \
                 `npm install` in {} (its package.json names twilio-run), or \
                 `npm install -g twilio-run`",
                dir.display(),
                dir.display()
            )
        })?;
        let port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
        let mut command = Command::new(&program);
        command
            .arg("start")
            .arg(&dir)
            .arg("--port")
            .arg(port.to_string())
            .current_dir(&dir)
            // No colours in what is captured; no prompts.
            .env("FORCE_COLOR", "0")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        if let Ok(mut live) = LIVE.lock() {
            live.push(child.id());
        }
        let output: Arc<Output> = Arc::default();
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    output.push(crate::mask::visible(&line));
                }
            });
        }
        let mut runtime = Runtime {
            base: format!("http://127.0.0.1:{port}"),
            dir: Some(dir.clone()),
            output,
            child: Some(child),
        };
        let started = Instant::now();
        let mut told = false;
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                // The banner (its Functions and assets) comes after it listens: let it end, so
                // the first request does not take it for the Function's words.
                runtime
                    .output
                    .settle(Duration::from_millis(300), Duration::from_secs(3));
                return Ok(runtime);
            }
            let exited = runtime
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if let Some(status) = exited {
                // Give the readers a moment to take its last words.
                std::thread::sleep(Duration::from_millis(200));
                return Err(format!(
                    "twilio-run for {} stopped before it served ({status}):\n{}",
                    dir.display(),
                    last_words(&runtime.output.all())
                ));
            }
            if started.elapsed() > START_WAIT {
                return Err(format!(
                    "twilio-run for {} did not serve on port {port} within {} s:\n{}",
                    dir.display(),
                    START_WAIT.as_secs(),
                    last_words(&runtime.output.all())
                ));
            }
            if !told && started.elapsed() > Duration::from_millis(500) {
                progress(&format!(
                    "starting twilio-run for {} on 127.0.0.1:{port}…",
                    dir.display()
                ));
                told = true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = child.id();
            if let Ok(mut live) = LIVE.lock() {
                live.retain(|&g| g != group);
            }
            kill_group(group);
            let _ = child.wait();
        }
    }
}

/// The end of what the runtime said before it stopped, where its error is (yargs prints its
/// whole usage first).
fn last_words(lines: &[String]) -> String {
    const KEPT: usize = 12;
    let start = lines.len().saturating_sub(KEPT);
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format!("({start} lines before)\n"));
    }
    out.push_str(&lines[start..].join("\n"));
    out
}

/// `DIR/node_modules/.bin/twilio-run`, else `twilio-run` on the PATH.
fn find_program(dir: &Path) -> Option<PathBuf> {
    let local = dir.join("node_modules/.bin/twilio-run");
    if local.is_file() {
        return Some(local);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|p| p.join("twilio-run"))
        .find(|p| p.is_file())
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?
        .local_addr()?
        .port())
}

/// After a panic, stops every runtime (the hook runs before the one it wraps, which may
/// restore the terminal and end sfdb). Installed once.
pub fn stop_after_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            stop_all();
            previous(info);
        }));
    });
}

/// For the headless commands: on Ctrl+C (SIGINT) or SIGTERM, stops every runtime and ends
/// sfdb as the shell expects (128 and the signal's number). Not for the debugger, which reads
/// Ctrl+C as a key and handles its own signals. Installed once.
pub fn stop_on_interrupt() {
    stop_after_panic();
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::thread::spawn(|| {
            let Ok(signals) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            let code = signals.block_on(async {
                use tokio::signal::unix::{signal, SignalKind};
                let (Ok(mut int), Ok(mut term)) = (
                    signal(SignalKind::interrupt()),
                    signal(SignalKind::terminate()),
                ) else {
                    return None;
                };
                tokio::select! {
                    _ = int.recv() => Some(130),
                    _ = term.recv() => Some(143),
                }
            });
            if let Some(code) = code {
                stop_all();
                std::process::exit(code);
            }
        });
    });
}
