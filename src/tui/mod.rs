//! The interactive debugger: an Elm-style app. `model` holds the state, `update` changes it and
//! returns commands, `view` draws it, and `run` is the one loop that turns terminal events and
//! finished requests into messages. `keymap` turns keys into actions, `modal` says who has the
//! keyboard, and each pane and overlay is a folder of its own (`room` is what a pane is).
//!
//! The top of the house beside `cli`: it may import every layer below (`scenario`, `session`,
//! `check`, `engine`, `liquid`, `flow`), and nothing below imports it or the terminal crates.

pub mod clipboard;
pub mod editor;
pub mod flow;
pub mod help;
pub mod input;
pub mod inspector;
pub mod keymap;
pub mod layout;
pub mod modal;
pub mod model;
pub mod pane;
pub mod prompt;
pub mod quit;
pub mod room;
pub mod rooms;
pub mod run;
pub mod saved;
pub mod search;
pub mod surface;
pub mod terminal;
pub mod theme;
pub mod timeline;
pub mod transcript;
pub mod update;
pub mod variables;
pub mod view;
pub mod viewer;

use std::io;
use std::sync::Arc;

use crate::engine::client::ReqwestClient;
use crate::engine::http::HttpClient;
use crate::flow::Document;
use crate::session::{self, Start};
pub use model::{Cmd, Model, Msg, Pane, Written};
pub use terminal::{edit_in_editor, page, page_at};
pub use update::{update, update_at};

/// Colour unless `NO_COLOR` is set to something (no-color.org).
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Maps Run Function widgets that name only their Function's SID to paths (`--function`),
/// and says what it did, a line each.
pub type FindPaths = fn(&crate::flow::Flow, &mut crate::functions::Options) -> Vec<String>;

/// Opens the debugger on `start.flow` (or its scenario), or on the bundled demo with its local
/// endpoint, with the breakpoints, watches and trigger event remembered for the flow unless
/// `fresh`. An error is said in words for the user; the command line picks the exit code.
/// `functions` names local Functions for Run Function widgets (else a scenario may);
/// `find_paths` maps the widgets that name only their Function's SID (it may ask the
/// account), saying what it found; `coverage` is a JSON coverage file the outline marks.
pub fn run(
    start: &Start,
    fresh: bool,
    functions: Option<crate::functions::Options>,
    find_paths: FindPaths,
    coverage: Option<&std::path::Path>,
) -> Result<Option<i32>, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("sfdb: cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let (document, mut execution, scenario_functions) =
            if start.flow.is_some() || start.scenario.is_some() {
                crate::scenario::prepare(start).map(|p| (p.document, p.execution, p.functions))?
            } else {
                let (document, execution) = demo(start).await?;
                (document, execution, None)
            };
        let functions = functions.or_else(|| {
            scenario_functions.map(|w| crate::functions::Options {
                target: w.target,
                domain: w.domain,
                by_sid: w.by_sid,
            })
        });
        let client: Arc<dyn HttpClient> = Arc::new(ReqwestClient::new());
        let mut functions_log = None;
        let client: Arc<dyn HttpClient> = match functions {
            Some(mut options) => {
                // Said on the terminal before the debugger takes it over; widget names and
                // the API's words come from outside, so their control characters are shown.
                let started = tokio::task::block_in_place(|| {
                    for line in find_paths(execution.flow(), &mut options) {
                        eprintln!("{}", crate::mask::visible(&line));
                    }
                    crate::functions::Functions::start(&options, Arc::clone(&client), &mut |l| {
                        eprintln!("{}", crate::mask::visible(l));
                    })
                })?;
                crate::functions::runtime::stop_after_panic();
                execution.map_functions(started.urls_by_sid());
                functions_log = started
                    .runtime
                    .dir
                    .is_some()
                    .then(|| Arc::clone(&started.runtime.output));
                Arc::new(started)
            }
            None => client,
        };
        let covered = match (coverage, &document.path) {
            (Some(file), Some(path)) => Some(crate::scenario::coverage::read(
                file,
                path,
                execution.flow(),
            )?),
            (Some(file), None) => {
                return Err(format!(
                    "--coverage {}: the bundled demo has no coverage; name a flow",
                    file.display()
                ))
            }
            (None, _) => None,
        };
        let mut model = Model::new(document, execution, color_wanted());
        model.coverage = covered;
        model.functions_log = functions_log;
        model.copy_secrets = std::env::var("SFDB_COPY_SECRETS").is_ok_and(|v| v == "1");
        let store = saved::Store::from_env();
        if let Some(path) = model.document.path.clone().filter(|_| !fresh) {
            if let Some(setup) = store.as_ref().and_then(|s| s.load(&path)) {
                let asked = start.trigger.is_some() || start.scenario.is_some();
                setup.apply(&mut model, asked);
            }
        }
        interactive(model, store, client)
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

/// Runs the session; the signal that ended it, if one did. The terminal is given back
/// before this returns, whatever happened.
async fn interactive(
    model: Model,
    store: Option<saved::Store>,
    client: Arc<dyn HttpClient>,
) -> io::Result<Option<i32>> {
    let mut tty = terminal::Tty::enter(store)?;
    let ended = run::run_loop(&mut tty, client, model).await;
    drop(tty);
    ended.map(|e| e.signal)
}
