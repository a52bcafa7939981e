//! A flow file as loaded: the original JSON (kept whole, in key order, for saving) beside the
//! typed [`Flow`] the engine runs.

use std::path::{Path, PathBuf};

use std::collections::BTreeSet;

use serde_json::Value;

use super::error::{FlowError, Location};
use super::legacy;
use super::model::Flow;
use super::parse::build;
use super::splice::{self, Key};
use super::write::{write_atomically, Stamp};

/// How the definition was wrapped in the file, so that it is written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{description, states, initial_state, flags}`.
    Bare,
    /// A Flow resource `{sid, friendly_name, definition, ...}`; `definition` may be JSON text.
    Resource,
    /// A one-element array holding a Flow resource (what `twilio ... -o json` prints).
    ResourceArray,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Where the file came from, as the user named it (used in every message).
    pub name: String,
    pub path: Option<PathBuf>,
    pub shape: Shape,
    pub legacy: bool,
    raw: Value,
    /// The file's text as read (or last saved): edits are spliced into it.
    text: String,
    /// The properties edited since, as (widget index, property key).
    edits: BTreeSet<(usize, String)>,
    /// What the file held when it was read or last written: a save over a file changed on
    /// disk since is refused unless asked again.
    pub stamp: Option<Stamp>,
    pub flow: Flow,
}

impl Document {
    pub fn load(path: &Path) -> Result<Document, FlowError> {
        let name = path.display().to_string();
        let text =
            super::read::text(path).map_err(|why| FlowError::single(&name, Location::File, why))?;
        let mut doc = Document::parse(&name, &text)?;
        doc.stamp = Stamp::of(path, &text);
        doc.path = Some(path.to_path_buf());
        Ok(doc)
    }

    pub fn parse(name: &str, text: &str) -> Result<Document, FlowError> {
        let raw: Value = serde_json::from_str(text).map_err(|e| {
            FlowError::single(
                name,
                Location::Position {
                    line: e.line(),
                    column: e.column(),
                },
                format!("invalid JSON: {}", strip_position(&e)),
            )
        })?;
        let (shape, def, flow_sid) = unwrap_shape(name, &raw)?;
        let legacy = legacy::is_legacy(&def);
        let def = if legacy { legacy::convert(&def) } else { def };
        let mut flow = build(name, &def, flow_sid)?;
        flow.duplicate_keys = splice::duplicate_keys(text);
        Ok(Document {
            name: name.to_string(),
            path: None,
            shape,
            legacy,
            raw,
            text: text.to_string(),
            edits: BTreeSet::new(),
            stamp: None,
            flow,
        })
    }

    /// Sets one property of a widget in both the typed flow and the saved JSON, keeping the
    /// property's position when it already exists.
    pub fn set_property(&mut self, widget: &str, key: &str, value: Value) -> bool {
        let Some(index) = self.flow.index_of(widget) else {
            return false;
        };
        self.flow.widgets[index]
            .properties
            .insert(key.to_string(), value.clone());
        self.edits.insert((index, key.to_string()));
        self.edit_definition(|def| {
            if let Some(props) = def
                .get_mut("states")
                .and_then(|s| s.get_mut(index))
                .and_then(|s| s.as_object_mut())
                .map(|s| {
                    s.entry("properties")
                        .or_insert_with(|| Value::Object(Default::default()))
                })
                .and_then(Value::as_object_mut)
            {
                props.insert(key.to_string(), value);
            }
        });
        true
    }

    fn edit_definition(&mut self, edit: impl FnOnce(&mut Value)) {
        let slot = match self.shape {
            Shape::Bare => Some(&mut self.raw),
            Shape::Resource => self.raw.get_mut("definition"),
            Shape::ResourceArray => self.raw.get_mut(0).and_then(|r| r.get_mut("definition")),
        };
        let Some(slot) = slot else { return };
        if let Value::String(text) = slot {
            if let Ok(mut def) = serde_json::from_str::<Value>(text) {
                edit(&mut def);
                *text = def.to_string();
            }
        } else {
            edit(slot);
        }
    }

    /// The file's JSON as it would be saved: the original text with each edited property
    /// spliced in where it stands, so only the edited lines change. A file whose definition
    /// is JSON text inside a string, or a legacy export (saved converted), is written whole.
    /// The file's text as read (or last written).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn to_json(&self) -> String {
        self.spliced().unwrap_or_else(|| {
            let mut text = serde_json::to_string_pretty(&self.raw).unwrap_or_default();
            text.push('\n');
            text
        })
    }

    fn spliced(&self) -> Option<String> {
        if self.legacy {
            return None;
        }
        let prefix = match self.shape {
            Shape::Bare => vec![],
            Shape::Resource if self.raw.get("definition")?.is_object() => {
                vec![Key::Member("definition".into())]
            }
            Shape::ResourceArray if self.raw.get(0)?.get("definition")?.is_object() => {
                vec![Key::Index(0), Key::Member("definition".into())]
            }
            _ => return None,
        };
        let definition = match self.shape {
            Shape::Bare => &self.raw,
            Shape::Resource => self.raw.get("definition")?,
            Shape::ResourceArray => self.raw.get(0)?.get("definition")?,
        };
        let mut text = self.text.clone();
        for (index, key) in &self.edits {
            let value = definition
                .get("states")?
                .get(*index)?
                .get("properties")?
                .get(key)?;
            let mut path = prefix.clone();
            path.extend([
                Key::Member("states".into()),
                Key::Index(*index),
                Key::Member("properties".into()),
                Key::Member(key.clone()),
            ]);
            text = splice::set(&text, &path, value)?;
        }
        Some(text)
    }

    /// Writes the file back atomically: a temporary file beside it, then a rename, so an
    /// interrupted save leaves the original intact. The written text is the new original. A
    /// file changed on disk since it was read is not overwritten.
    pub fn save(&mut self) -> std::io::Result<PathBuf> {
        let (path, text) = self.to_write()?;
        if self.stamp.as_ref().is_some_and(|s| !s.still(&path)) {
            return Err(std::io::Error::other(format!(
                "{} changed on disk since it was read: not overwritten",
                path.display()
            )));
        }
        write_atomically(&path, text.as_bytes())?;
        let stamp = Stamp::of(&path, &text);
        self.written(text, stamp);
        Ok(path)
    }

    /// Where a save writes and what: for one who writes it elsewhere (the debugger's loop).
    pub fn to_write(&self) -> std::io::Result<(PathBuf, String)> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| std::io::Error::other("the flow has no file to save to"))?;
        Ok((path, self.to_json()))
    }

    /// The document `text` (the file as read again, changed on disk) makes, with this one's
    /// edits applied again to it where their widget still is; the edits that could not be,
    /// as `widget.property`.
    pub fn reloaded(
        &self,
        text: &str,
        stamp: Option<Stamp>,
    ) -> Result<(Document, Vec<String>), FlowError> {
        let mut doc = Document::parse(&self.name, text)?;
        doc.path.clone_from(&self.path);
        doc.stamp = stamp;
        let mut lost = Vec::new();
        for (index, key) in &self.edits {
            let Some(widget) = self.flow.widgets.get(*index) else {
                continue;
            };
            let kept = widget
                .properties
                .get(key)
                .is_some_and(|value| doc.set_property(&widget.name, key, value.clone()));
            if !kept {
                lost.push(format!("{}.{key}", widget.name));
            }
        }
        Ok((doc, lost))
    }

    /// Whether edits wait to be written.
    pub fn is_edited(&self) -> bool {
        !self.edits.is_empty()
    }

    /// `text` (from [`Document::to_write`]) is now the file's, as `stamp` found it: later
    /// edits splice into it.
    pub fn written(&mut self, text: String, stamp: Option<Stamp>) {
        self.text = text;
        self.edits.clear();
        self.stamp = stamp;
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

type Unwrapped = (Shape, Value, Option<String>);

fn unwrap_shape(name: &str, raw: &Value) -> Result<Unwrapped, FlowError> {
    let resource = |r: &Value, array: bool| -> Result<Unwrapped, FlowError> {
        let sid = r.get("sid").and_then(Value::as_str).map(str::to_string);
        let def = match r.get("definition") {
            Some(Value::String(text)) => serde_json::from_str(text).map_err(|e| {
                FlowError::single(
                    name,
                    Location::File,
                    format!("the resource's `definition` text is not valid JSON: {e}"),
                )
            })?,
            Some(def) => def.clone(),
            None => Value::Null,
        };
        let shape = if array {
            Shape::ResourceArray
        } else {
            Shape::Resource
        };
        Ok((shape, def, sid))
    };
    match raw {
        Value::Object(obj) if obj.contains_key("definition") => resource(raw, false),
        Value::Object(_) => Ok((Shape::Bare, raw.clone(), None)),
        Value::Array(items) => match items.as_slice() {
            [one] if one.get("definition").is_some() => resource(one, true),
            _ => Err(FlowError::single(
                name,
                Location::File,
                format!(
                    "a JSON array must hold exactly one Flow resource with a `definition` (found {} elements)",
                    items.len()
                ),
            )),
        },
        _ => Err(FlowError::single(
            name,
            Location::File,
            "expected a flow definition object, a Flow resource, or a one-element array of one",
        )),
    }
}
