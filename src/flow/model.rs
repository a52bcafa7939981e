//! The typed view of a Studio flow definition that the engine executes.
//!
//! The raw JSON document stays the source of truth for saving (see `document.rs`); this model
//! holds only what execution needs, with property values kept as JSON because exports disagree
//! on their types (`timeout` is `"3600"` in one and `5` in another).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Index, WidgetKind};

/// A flow definition: its widgets in file order and where execution starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub description: String,
    pub initial_state: String,
    pub widgets: Vec<Widget>,
    /// The Flow resource's `sid` when the input was a REST resource; used as `flow.flow_sid`.
    pub flow_sid: Option<String>,
    /// The graph, indexed once: names and transitions do not change after reading.
    pub(super) index: Index,
    /// Keys the file names twice in one object (`states[3].properties.url`): the last is the
    /// one read, and the one an edit changes.
    pub duplicate_keys: Vec<String>,
}

impl Flow {
    pub fn new(
        description: String,
        initial_state: String,
        widgets: Vec<Widget>,
        flow_sid: Option<String>,
    ) -> Flow {
        let index = Index::new(&widgets, &initial_state);
        Flow {
            description,
            initial_state,
            widgets,
            flow_sid,
            index,
            duplicate_keys: Vec::new(),
        }
    }

    pub fn widget(&self, name: &str) -> Option<&Widget> {
        self.index_of(name).map(|i| &self.widgets[i])
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.index_of(name)
    }

    /// Where the widgets' transitions lead, what leads to each, the order from the trigger.
    pub fn graph(&self) -> &Index {
        &self.index
    }
}

/// One state of the definition (Studio's UI calls it a widget).
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    pub name: String,
    /// The exported `type`, e.g. `make-http-request`.
    pub kind: WidgetKind,
    pub transitions: Vec<Transition>,
    pub properties: Map<String, Value>,
}

impl Widget {
    /// A property as text: strings as they are, numbers and booleans printed, null/absent empty.
    pub fn text(&self, key: &str) -> String {
        self.text_ref(key).into_owned()
    }

    /// Like [`Widget::text`], borrowing the text where the property is one.
    pub fn text_ref(&self, key: &str) -> Cow<'_, str> {
        text_of(self.properties.get(key))
    }

    /// A property as a boolean, accepting the `"true"` strings some exports carry.
    pub fn flag(&self, key: &str) -> bool {
        match self.properties.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
            _ => false,
        }
    }

    /// `[{key, value}]` lists (Set Variables `variables`, HTTP `parameters`) as pairs of text.
    pub fn pairs(&self, key: &str) -> Vec<(String, String)> {
        self.pairs_ref(key)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// Like [`Widget::pairs`], borrowing the texts.
    pub fn pairs_ref(&self, key: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
        let items = match self.properties.get(key) {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        };
        items.iter().filter_map(|item| {
            let obj = item.as_object()?;
            Some((text_of(obj.get("key")), text_of(obj.get("value"))))
        })
    }

    /// The transition taken for `event`, if the widget has one.
    pub fn transition(&self, event: &str) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.event == event)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub event: String,
    /// `None` when the export has no `next`, `null` or `""`: the execution ends there.
    pub next: Option<String>,
    pub conditions: Vec<Condition>,
}

/// A Split Based On condition on a `match` transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub friendly_name: String,
    pub kind: String,
    pub arguments: Vec<String>,
    pub value: String,
}

/// A property's text: strings as they are, other JSON as JSON, nothing and null as empty.
fn text_of(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        None | Some(Value::Null) => Cow::Borrowed(""),
        Some(Value::String(s)) => Cow::Borrowed(s),
        Some(other) => Cow::Owned(other.to_string()),
    }
}
