//! The one loop: terminal events and finished requests become messages, `update` handles each
//! at the time it arrives, and the loop carries out the commands it returns. It changes the
//! model only through `update`. Generic over the surface and the HTTP client, so tests run
//! this very loop on `TestBackend` with scripted events and a server on 127.0.0.1.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{Event, KeyEventKind};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use super::model::{Cmd, Model, Msg};
use super::saved::Setup;
use super::surface::{Input, Surface};
use super::update::{update_at, TICK};
use crate::engine::http::HttpClient;

/// How a session ended: the model as it was left, and the signal that ended it, if one did.
pub struct Ended {
    pub model: Model,
    pub signal: Option<i32>,
}

/// Runs the debugger on `surface` until the user quits, a signal comes or the events end.
pub async fn run_loop<S: Surface>(
    surface: &mut S,
    client: Arc<dyn HttpClient>,
    mut model: Model,
) -> io::Result<Ended> {
    let ended = |model, signal| Ok(Ended { model, signal });
    let size = surface
        .terminal()
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    // The terminal's size is the first message, handled as any other, with its commands.
    let mut pending = update_at(
        &mut model,
        Msg::Resize(size.width, size.height),
        Instant::now(),
    );
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut requests: HashMap<u64, AbortHandle> = HashMap::new();
    let mut remembered = Setup::of(&model);
    let flow = remembered
        .as_ref()
        .map(|s| std::path::PathBuf::from(&s.flow));
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        // In the order `update` gave them; the answers they bring are handled after.
        pending.reverse();
        while let Some(cmd) = pending.pop() {
            let answer = match cmd {
                Cmd::Send { id, request } => {
                    let tx = tx.clone();
                    let client = client.clone();
                    let task = tokio::spawn(async move {
                        let result = client.send(&request).await;
                        let _ = tx.send(Msg::HttpDone { id, result });
                    });
                    requests.retain(|_, h| !h.is_finished());
                    requests.insert(id, task.abort_handle());
                    None
                }
                Cmd::Cancel { id } => {
                    if let Some(task) = requests.remove(&id) {
                        task.abort();
                    }
                    None
                }
                Cmd::Write {
                    path,
                    text,
                    unless_changed,
                } => Some(match unless_changed {
                    Some(stamp) if !stamp.still(&path) => {
                        Msg::ChangedOnDisk(path.display().to_string())
                    }
                    _ => Msg::Saved(surface.write(&path, &text).map(|()| super::model::Written {
                        stamp: crate::flow::Stamp::of(&path, &text),
                        path: path.display().to_string(),
                        text,
                    })),
                }),
                Cmd::Reread { path } => Some(Msg::Reread(
                    crate::flow::read::text(&path)
                        .map(|text| super::model::Written {
                            stamp: crate::flow::Stamp::of(&path, &text),
                            path: path.display().to_string(),
                            text,
                        })
                        .map_err(|why| format!("{}: {why}", path.display())),
                )),
                Cmd::Quit => return ended(model, None),
                Cmd::Suspend => {
                    surface.suspend()?;
                    None
                }
                Cmd::LayOut { flow, zoom } => {
                    let tx = tx.clone();
                    tokio::task::spawn_blocking(move || {
                        let layout = super::flow::canvas::Layout::new(&flow.0, zoom);
                        let _ = tx.send(Msg::LaidOut(Box::new(layout)));
                    });
                    None
                }
                Cmd::Copy(text) => {
                    surface.copy(&text)?;
                    None
                }
                Cmd::Pager { text, line } => surface.page(&text, line)?.err().map(Msg::Said),
                Cmd::EditExternally(text) => Some(Msg::Edited(surface.edit(&text)?)),
            };
            if let Some(msg) = answer {
                let mut more = update_at(&mut model, msg, Instant::now());
                more.reverse();
                pending.extend(more);
            }
        }
        surface.draw(|frame| super::view::draw(frame, &model))?;
        // Waits without polling: only a key, a resize, a finished request, or (while a request
        // runs) the clock wakes the loop. Finished requests first, so a burst of keys cannot
        // starve them.
        // A request out or a layout under way: a scripted surface waits for either.
        let requests_out = model.request.is_some() || model.canvas.laying_out.is_some();
        let msg = tokio::select! {
            biased;
            Some(msg) = rx.recv() => msg,
            now = ticker.tick(), if model.request.is_some() => Msg::Tick(now.into_std()),
            input = surface.next_event(requests_out) => match input {
                Some(Ok(Input::Event(Event::Key(key)))) if key.kind == KeyEventKind::Press => {
                    Msg::Key(key)
                }
                Some(Ok(Input::Event(Event::Resize(width, height)))) => Msg::Resize(width, height),
                Some(Ok(Input::Event(Event::Paste(text)))) => Msg::Paste(text),
                Some(Ok(Input::Event(_))) => continue,
                Some(Ok(Input::Signal(signal))) => {
                    // Requests out are dropped with their tasks; the caller gives the
                    // terminal back and exits as the signal says.
                    for task in requests.values() {
                        task.abort();
                    }
                    return ended(model, Some(signal));
                }
                Some(Err(e)) => return Err(e),
                None => return ended(model, None),
            },
        };
        pending = update_at(&mut model, msg, Instant::now());
        if let Some(flow) = &flow {
            let now = Setup::for_flow(flow, &model);
            if remembered.as_ref() != Some(&now) {
                surface.remember(&now);
                remembered = Some(now);
            }
        }
    }
}
