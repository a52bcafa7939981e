//! What the debugger remembers of a flow between sessions: its breakpoints, its watches, the
//! trigger event chosen and how the graph pane shows the flow (outline or canvas, and zoom).
//! One small file per flow in the user's state directory (`$XDG_STATE_HOME/sfdb/flows/`, or
//! `~/.local/state/sfdb/flows/`), keyed by the flow file's absolute path, and never inside the
//! flow file. `sfdb --fresh` ignores it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::flow::canvas::Zoom;
use super::model::Model;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    /// The flow file this is for (a hash of it names the file; this says which it was).
    pub flow: String,
    #[serde(default)]
    pub breakpoints: Vec<String>,
    #[serde(default)]
    pub watches: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The graph pane showed the canvas rather than the outline.
    #[serde(default)]
    pub canvas: bool,
    /// The canvas layout (`t`) was on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub canvas_layout: bool,
    /// The canvas's zoom level; one this version does not know is as good as none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "known_zoom"
    )]
    pub zoom: Option<Zoom>,
}

impl Setup {
    /// What `model` would remember, for its flow file (none for the bundled demo).
    pub fn of(model: &Model) -> Option<Setup> {
        let flow = absolute(model.document.path.as_deref()?)?;
        Some(Setup::for_flow(&flow, model))
    }

    /// What `model` would remember for `flow`, its file's absolute path (found once: the
    /// debugger asks after every message).
    pub fn for_flow(flow: &Path, model: &Model) -> Setup {
        Setup {
            flow: flow.display().to_string(),
            breakpoints: model.breakpoints.iter().cloned().collect(),
            watches: model.watches.clone(),
            trigger: Some(model.execution.trigger_event().to_string()),
            canvas: model.canvas.on,
            canvas_layout: model.canvas.wide,
            zoom: Some(model.canvas.zoom),
        }
    }

    /// Gives `model` the breakpoints and watches remembered, and the trigger event unless
    /// `keep_trigger` (one asked for on the command line or by a scenario wins).
    pub fn apply(&self, model: &mut Model, keep_trigger: bool) {
        let flow = model.execution.flow();
        model.breakpoints = self
            .breakpoints
            .iter()
            .filter(|b| flow.widget(b).is_some())
            .cloned()
            .collect();
        model.watches = self.watches.clone();
        model.canvas.on = self.canvas;
        model.canvas.wide = self.canvas_layout;
        if let Some(zoom) = self.zoom {
            model.canvas.zoom = zoom;
        }
        if let Some(event) = self.trigger.as_deref().filter(|_| !keep_trigger) {
            if crate::session::trigger_events(flow)
                .iter()
                .any(|e| e == event)
            {
                model.execution.set_trigger_event(event);
            }
        }
    }
}

fn known_zoom<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Zoom>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// Where setups are kept: one folder, given or found from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The user's: `$XDG_STATE_HOME/sfdb`, else `~/.local/state/sfdb`.
    pub fn from_env() -> Option<Store> {
        let base = std::env::var_os("XDG_STATE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".local/state"))
            })?;
        Some(Store::at(base.join("sfdb")))
    }

    /// The file that remembers `flow`: named by a stable hash of its absolute path.
    pub fn file_for(&self, flow: &Path) -> Option<PathBuf> {
        let flow = absolute(flow)?;
        let hash = crate::flow::hash(flow.to_string_lossy().as_bytes());
        Some(self.dir.join("flows").join(format!("{hash:016x}.json")))
    }

    /// What was remembered of `flow`, if anything (a damaged file is as good as none).
    pub fn load(&self, flow: &Path) -> Option<Setup> {
        let text = std::fs::read_to_string(self.file_for(flow)?).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Remembers `setup`, written atomically.
    pub fn store(&self, setup: &Setup) -> std::io::Result<()> {
        let file = self
            .file_for(Path::new(&setup.flow))
            .ok_or_else(|| std::io::Error::other("the flow file is gone"))?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut text = serde_json::to_string_pretty(setup).map_err(std::io::Error::other)?;
        text.push('\n');
        crate::flow::write_atomically(&file, text.as_bytes())
    }
}

fn absolute(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}
