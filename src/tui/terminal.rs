//! The real surface: the user's terminal (raw mode, the alternate screen, bracketed paste),
//! crossterm's event stream, OSC 52 for the clipboard, and `$PAGER` / `$EDITOR` with the
//! terminal given back while they run.

use std::io::{self, Write};

use crossterm::event::EventStream;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;

use super::saved::{Setup, Store};
use super::surface::{Input, Surface};

pub struct Tty {
    terminal: DefaultTerminal,
    events: EventStream,
    signals: Signals,
    /// Where the flow's setup is remembered (none without a home).
    store: Option<Store>,
}

impl Tty {
    /// Takes the terminal. ratatui's hook restores it on a panic; panics that Liquid contains
    /// must not.
    pub fn enter(store: Option<Store>) -> io::Result<Tty> {
        Ok(Tty {
            terminal: take()?,
            events: EventStream::new(),
            signals: Signals::new()?,
            store,
        })
    }

    /// Runs `f` (a pager, an editor) with the terminal given back, then takes it again. The
    /// event reader would take the program's keys: it stops while `f` runs.
    fn suspended<T>(&mut self, f: impl FnOnce() -> T) -> io::Result<T> {
        drop(std::mem::replace(&mut self.events, EventStream::new()));
        give_back();
        let out = f();
        self.terminal = take()?;
        // Not `terminal.clear()`: it asks the terminal for the cursor's position.
        crossterm::execute!(
            self.terminal.backend_mut(),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        )?;
        Ok(out)
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        give_back();
    }
}

fn take() -> io::Result<DefaultTerminal> {
    let mut terminal = ratatui::try_init()?;
    crate::liquid::quiet_contained_panics();
    crossterm::execute!(
        terminal.backend_mut(),
        crossterm::event::EnableBracketedPaste
    )?;
    Ok(terminal)
}

fn give_back() {
    let _ = crossterm::execute!(io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
}

impl Surface for Tty {
    type Backend = ratatui::backend::CrosstermBackend<io::Stdout>;

    fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend> {
        &mut self.terminal
    }

    async fn next_event(&mut self, _requests_out: bool) -> Option<io::Result<Input>> {
        tokio::select! {
            event = self.events.next() => event.map(|e| e.map(Input::Event)),
            signal = self.signals.next() => Some(Ok(Input::Signal(signal))),
        }
    }

    fn suspend(&mut self) -> io::Result<()> {
        self.suspended(|| {
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
        })
    }

    fn draw(&mut self, draw: impl FnOnce(&mut ratatui::Frame<'_>)) -> io::Result<()> {
        crossterm::execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(draw)?;
        crossterm::execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        Ok(())
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        let out = self.terminal.backend_mut();
        out.write_all(super::clipboard::osc52(text).as_bytes())?;
        out.flush()
    }

    fn page(&mut self, text: &str, line: usize) -> io::Result<Result<(), String>> {
        let pager = user_pager();
        self.suspended(|| page_at(text, &pager, line))
    }

    fn edit(&mut self, text: &str) -> io::Result<Result<Option<String>, String>> {
        let editor = user_editor();
        self.suspended(|| edit_in_editor(text, &editor))
    }

    fn remember(&mut self, setup: &Setup) {
        if let Some(store) = &self.store {
            let _ = store.store(setup);
        }
    }
}

/// The signals that end a session: the terminal is given back before the process ends.
struct Signals {
    listening: Vec<(i32, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new() -> io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        let kinds = [
            (signal_hook::consts::SIGTERM, SignalKind::terminate()),
            (signal_hook::consts::SIGHUP, SignalKind::hangup()),
            (signal_hook::consts::SIGINT, SignalKind::interrupt()),
            (signal_hook::consts::SIGQUIT, SignalKind::quit()),
        ];
        let listening = kinds
            .into_iter()
            .map(|(n, kind)| signal(kind).map(|s| (n, s)))
            .collect::<io::Result<_>>()?;
        Ok(Signals { listening })
    }

    /// The number of the next signal to arrive.
    async fn next(&mut self) -> i32 {
        let waits = self.listening.iter_mut().map(|(n, s)| {
            let n = *n;
            Box::pin(async move {
                s.recv().await;
                n
            })
        });
        futures_util::future::select_all(waits).await.0
    }
}

/// The user's pager: `$PAGER`, else `less`.
pub fn user_pager() -> String {
    std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".into())
}

/// The user's editor: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn user_editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
}

/// A command line as a shell splits it: `'/opt/my editor/bin/ed' -w` is a program and a flag.
fn words(command: &str) -> Result<(String, Vec<String>), String> {
    let mut words = shell_words::split(command)
        .map_err(|e| format!("cannot read the command {command}: {e}"))?;
    if words.is_empty() {
        return Err("the command is empty".into());
    }
    let program = words.remove(0);
    Ok((program, words))
}

/// Shows `text` in the command `pager` (split as a shell would; the text on its input),
/// waiting until the user leaves it.
pub fn page(text: &str, pager: &str) -> Result<(), String> {
    page_at(text, pager, 1)
}

/// Pagers that open at a line given as `+N`.
const PAGERS_AT_LINE: &[&str] = &["less", "more", "most", "vi", "vim", "nvim", "view"];

/// [`page`], opened at `line` (from 1) when the pager takes `+N` (less, more, most, vim).
pub fn page_at(text: &str, pager: &str, line: usize) -> Result<(), String> {
    let (program, mut args) = words(pager)?;
    let name = std::path::Path::new(&program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if line > 1 && PAGERS_AT_LINE.contains(&name) {
        args.push(format!("+{line}"));
    }
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the pager {pager}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit before reading everything closes the pipe: not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    child
        .wait()
        .map_err(|e| format!("the pager {pager} failed: {e}"))?;
    Ok(())
}

/// Edits `text` with the command `editor` (split as a shell would, then the file): the new
/// text, `None` when unchanged (a final newline the editor added aside), or why not (it failed
/// or exited with an error).
pub fn edit_in_editor(text: &str, editor: &str) -> Result<Option<String>, String> {
    let file = tempfile::Builder::new()
        .prefix("sfdb-field-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    std::fs::write(file.path(), text).map_err(|e| format!("cannot write the file to edit: {e}"))?;
    let (program, args) = words(editor)?;
    let status = std::process::Command::new(program)
        .args(args)
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run the editor {editor}: {e}"))?;
    if !status.success() {
        return Err(format!("the editor {editor} exited with {status}"));
    }
    let edited = std::fs::read_to_string(file.path())
        .map_err(|e| format!("cannot read the edited file: {e}"))?;
    let edited = match edited.strip_suffix('\n') {
        Some(trimmed) if !text.ends_with('\n') => trimmed.to_string(),
        _ => edited,
    };
    Ok((edited != text).then_some(edited))
}
