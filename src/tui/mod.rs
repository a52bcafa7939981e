//! The interactive debugger: an Elm-style app. `model` holds the state, `update` changes it and
//! returns commands, `view` draws it, and `run` is the one loop that turns terminal events and
//! finished requests into messages.
//!
//! The top of the house beside `cli`: it may import every layer below (`scenario`, `session`,
//! `check`, `engine`, `liquid`, `flow`), and nothing below imports it or the terminal crates.

pub mod canvas;
pub mod clipboard;
pub mod doc;
pub mod fields;
pub mod graph;
pub mod inspect;
pub mod keymap;
pub mod modal;
pub mod model;
pub mod pane;
pub mod path;
pub mod saved;
pub mod search;
pub mod tree;
pub mod update;
pub mod view;

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use crossterm::event::{Event, EventStream, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::engine::client::ReqwestClient;
use crate::engine::http::HttpClient;
use crate::flow::Document;
use crate::session::{self, Start};
pub use model::{Cmd, Model, Msg, Pane};
pub use update::update;

/// Colour unless `NO_COLOR` is set to something (no-color.org).
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Opens the debugger on `start.flow` (or its scenario), or on the bundled demo with its local
/// endpoint, with the breakpoints, watches and trigger event remembered for the flow unless
/// `fresh`. An error is said in words for the user; the command line picks the exit code.
pub fn run(start: &Start, fresh: bool) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("sfdb: cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let (document, execution) = if start.flow.is_some() || start.scenario.is_some() {
            crate::scenario::prepare(start).map(|p| (p.document, p.execution))?
        } else {
            demo(start).await?
        };
        let mut model = Model::new(document, execution, color_wanted());
        model.copy_secrets = std::env::var("SFDB_COPY_SECRETS").is_ok_and(|v| v == "1");
        if let Some(path) = model.document.path.clone().filter(|_| !fresh) {
            if let Some(setup) = saved::load(&path) {
                let asked = start.trigger.is_some() || start.scenario.is_some();
                setup.apply(&mut model, asked);
            }
        }
        interactive(model)
            .await
            .map_err(|e| format!("sfdb: terminal error: {e}"))
    })
}

/// The bundled retry flow, pointed at a local endpoint that fails twice and then answers.
async fn demo(start: &Start) -> Result<(Document, crate::engine::Execution), String> {
    let base = crate::demo::start()
        .await
        .map_err(|e| format!("sfdb: cannot start the demo endpoint: {e}"))?;
    let document =
        Document::parse(crate::demo::FLOW_NAME, crate::demo::FLOW).map_err(|e| e.to_string())?;
    let mut start = start.clone();
    start.set.insert(0, format!("flow.data.api_base={base}"));
    let execution =
        session::execution(&document, &start).map_err(|e| format!("{}: {e}", document.name))?;
    Ok((document, execution))
}

async fn interactive(model: Model) -> io::Result<()> {
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, model).await;
    leave();
    result
}

/// Takes the terminal: raw mode, the alternate screen, bracketed paste (a paste arrives as one
/// event, whole). ratatui's hook restores the terminal on a panic; panics that Liquid
/// contains must not.
fn enter() -> io::Result<DefaultTerminal> {
    let mut terminal = ratatui::try_init()?;
    crate::liquid::quiet_contained_panics();
    crossterm::execute!(
        terminal.backend_mut(),
        crossterm::event::EnableBracketedPaste
    )?;
    Ok(terminal)
}

fn leave() {
    let _ = crossterm::execute!(io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
}

/// Runs `f` (a pager, an editor) with the terminal given back, then takes it again. The event
/// reader would take the program's keys: it stops while `f` runs.
fn suspended<T>(
    terminal: &mut DefaultTerminal,
    events: &mut EventStream,
    f: impl FnOnce() -> T,
) -> io::Result<T> {
    drop(std::mem::replace(events, EventStream::new()));
    leave();
    let out = f();
    *terminal = enter()?;
    // Not `terminal.clear()`: it asks the terminal for the cursor's position.
    crossterm::execute!(
        terminal.backend_mut(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    Ok(out)
}

fn draw(terminal: &mut DefaultTerminal, model: &Model) -> io::Result<()> {
    crossterm::execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| view::draw(frame, model))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

async fn event_loop(terminal: &mut DefaultTerminal, mut model: Model) -> io::Result<()> {
    let size = terminal.size()?;
    update(&mut model, Msg::Resize(size.width, size.height));
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let client: Arc<dyn HttpClient> = Arc::new(ReqwestClient::new());
    let mut events = EventStream::new();
    let mut requests: HashMap<u64, AbortHandle> = HashMap::new();
    let mut remembered = saved::Setup::of(&model);
    let flow = remembered
        .as_ref()
        .map(|s| std::path::PathBuf::from(&s.flow));
    let mut ticker = tokio::time::interval(update::TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        draw(terminal, &model)?;
        // Waits without polling: only a key, a resize, a finished request, or (while a request
        // runs) the clock wakes the loop.
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => Msg::Key(key),
                Some(Ok(Event::Resize(width, height))) => Msg::Resize(width, height),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            Some(msg) = rx.recv() => msg,
            now = ticker.tick(), if model.request.is_some() => Msg::Tick(now.into_std()),
        };
        let mut pending = update(&mut model, msg);
        if let Some(flow) = &flow {
            remember(flow, &model, &mut remembered);
        }
        while let Some(cmd) = pending.pop() {
            match cmd {
                Cmd::Send { id, request } => {
                    let tx = tx.clone();
                    let client = client.clone();
                    let task = tokio::spawn(async move {
                        let result = client.send(&request).await;
                        let _ = tx.send(Msg::HttpDone { id, result });
                    });
                    requests.retain(|_, h| !h.is_finished());
                    requests.insert(id, task.abort_handle());
                }
                Cmd::Cancel { id } => {
                    if let Some(task) = requests.remove(&id) {
                        task.abort();
                    }
                }
                Cmd::Save => {
                    let saved = model
                        .document
                        .save()
                        .map(|p| p.display().to_string())
                        .map_err(|e| e.to_string());
                    pending.extend(update(&mut model, Msg::Saved(saved)));
                }
                Cmd::Quit => return Ok(()),
                Cmd::Copy(text) => {
                    use std::io::Write;
                    let out = terminal.backend_mut();
                    out.write_all(clipboard::osc52(&text).as_bytes())?;
                    out.flush()?;
                }
                Cmd::Pager(text) => {
                    if let Err(e) = suspended(terminal, &mut events, || page(&text, &user_pager()))?
                    {
                        pending.extend(update(&mut model, Msg::Said(e)));
                    }
                }
                Cmd::EditExternally(text) => {
                    let outcome = suspended(terminal, &mut events, || {
                        edit_in_editor(&text, &user_editor())
                    })?;
                    pending.extend(update(&mut model, Msg::Edited(outcome)));
                }
            }
        }
    }
}

/// The user's pager: `$PAGER`, else `less`.
pub fn user_pager() -> String {
    std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".into())
}

/// Shows `text` in the command `pager` (words; the text on its input), waiting until the user
/// leaves it.
pub fn page(text: &str, pager: &str) -> Result<(), String> {
    use std::io::Write;
    let mut words = pager.split_whitespace();
    let program = words.next().unwrap_or("less");
    let mut child = std::process::Command::new(program)
        .args(words)
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

/// Writes what the debugger remembers of the flow when it changed. A failure costs only the
/// memory of the setup, never the session: it is not reported.
fn remember(flow: &std::path::Path, model: &Model, remembered: &mut Option<saved::Setup>) {
    let now = saved::Setup::for_flow(flow, model);
    if remembered.as_ref() != Some(&now) {
        let _ = saved::store(&now);
        *remembered = Some(now);
    }
}

/// The user's editor: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn user_editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
}

/// Edits `text` with the command `editor` (words, then the file): the new text, `None` when
/// unchanged (a final newline the editor added aside), or why not (it failed or exited with
/// an error).
pub fn edit_in_editor(text: &str, editor: &str) -> Result<Option<String>, String> {
    let file = tempfile::Builder::new()
        .prefix("sfdb-field-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    std::fs::write(file.path(), text).map_err(|e| format!("cannot write the file to edit: {e}"))?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
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
