//! The execution context: what Liquid sees as `flow`, `trigger`, `widgets` and `contact`.

use std::sync::Arc;

use indexmap::IndexMap;
use liquid_core::model::{DisplayCow, KStringCow, ObjectView, State, Value as LValue, ValueView};
use serde_json::{json, Map, Value};

use crate::liquid::{to_liquid, JsonView};

use crate::flow::Flow;

/// `ValueView` for a context section Liquid reads in place as an object: it renders as its
/// JSON and is truthy; `$empty` says when it counts as empty (`blank`, `empty`, `default`).
macro_rules! object_value_view {
    ($ty:ty, $empty:expr) => {
        impl ValueView for $ty {
            fn as_debug(&self) -> &dyn std::fmt::Debug {
                self
            }
            fn render(&self) -> DisplayCow<'_> {
                DisplayCow::Owned(Box::new(<$ty>::to_value(self).to_string()))
            }
            fn source(&self) -> DisplayCow<'_> {
                self.render()
            }
            fn type_name(&self) -> &'static str {
                "object"
            }
            fn query_state(&self, state: State) -> bool {
                let empty: fn(&$ty) -> bool = $empty;
                match state {
                    State::Truthy => true,
                    State::DefaultValue | State::Empty | State::Blank => empty(self),
                }
            }
            fn to_kstr(&self) -> KStringCow<'_> {
                KStringCow::from_string(<$ty>::to_value(self).to_string())
            }
            fn to_value(&self) -> LValue {
                to_liquid(&<$ty>::to_value(self))
            }
            fn as_object(&self) -> Option<&dyn ObjectView> {
                Some(self)
            }
        }
    };
}

mod flow_section;

use flow_section::FlowSection;

mod expression;
pub use expression::Evaluated;

/// The deterministic placeholders a fresh execution starts with, so traces are stable.
pub const CONTACT_ADDRESS: &str = "+15555550100";
pub const FLOW_ADDRESS: &str = "+15555550199";

fn sid(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}

/// The context, in sections that history entries share: a step that changes one widget's
/// outputs replaces that widget's value only, so keeping every step for step back does not copy
/// the large HTTP bodies of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    flow: FlowSection,
    trigger: Arc<Value>,
    widgets: Widgets,
    contact: Arc<Value>,
}

/// `widgets.*`: each widget's outputs, shared between the contexts that have them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Widgets(IndexMap<String, Arc<Value>>);

const ROOTS: [&str; 4] = ["flow", "trigger", "widgets", "contact"];

impl Context {
    /// A new context for an execution of `flow` started by the trigger event `event`.
    pub fn new(flow: &Flow, event: &str) -> Context {
        let flow_sid = flow.flow_sid.clone().unwrap_or_else(|| sid("FW"));
        let account = sid("AC");
        let trigger = match event {
            "incomingMessage" => json!({"message": {
                "Body": "",
                "From": CONTACT_ADDRESS,
                "To": FLOW_ADDRESS,
                "MessageSid": sid("SM"),
                "AccountSid": account,
                "NumMedia": "0",
                "ChannelSid": sid("CH"),
                "InstanceSid": sid("IS"),
            }}),
            "incomingCall" => json!({"call": {
                "From": CONTACT_ADDRESS,
                "To": FLOW_ADDRESS,
                "Caller": CONTACT_ADDRESS,
                "Called": FLOW_ADDRESS,
                "CallSid": sid("CA"),
                "CallStatus": "ringing",
                "Direction": "inbound",
                "AccountSid": account,
            }}),
            "incomingConversationMessage" => json!({"conversation": {
                "Body": "",
                "Author": CONTACT_ADDRESS,
                "From": CONTACT_ADDRESS,
                "ConversationSid": sid("CH"),
                "MessageSid": sid("IM"),
                "ChatServiceSid": sid("IS"),
                "AccountSid": account,
                "Source": "SMS",
            }}),
            "incomingRequest" => json!({"request": {
                "from": CONTACT_ADDRESS,
                "to": FLOW_ADDRESS,
                "parameters": {},
            }}),
            "incomingParent" => json!({"parent": {
                "parameters": {},
            }}),
            _ => json!({}),
        };
        Context {
            flow: FlowSection::new(json!({
                "flow_sid": flow_sid,
                "sid": sid("FN"),
                "channel": {"address": FLOW_ADDRESS},
                "data": {},
            })),
            trigger: Arc::new(trigger),
            widgets: Widgets::default(),
            contact: Arc::new(json!({"channel": {"address": CONTACT_ADDRESS}})),
        }
    }

    /// Takes the `trigger` section of `other` (an execution started by another event).
    pub fn replace_trigger(&mut self, other: &Context) {
        self.trigger = other.trigger.clone();
    }

    /// The whole context as one JSON value (a copy, for showing and comparing).
    pub fn to_value(&self) -> Value {
        json!({
            "flow": self.flow.to_value(),
            "trigger": *self.trigger,
            "widgets": self.widgets.to_value(),
            "contact": *self.contact,
        })
    }

    fn section(&self, root: &str) -> Option<&Value> {
        match root {
            "trigger" => Some(&self.trigger),
            "contact" => Some(&self.contact),
            _ => None,
        }
    }

    /// The value at a path such as `flow.variables.count` or `widgets.x.parsed.items[0].id`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut segments = path.split('.');
        let root = segments.next()?;
        let start = if root == "widgets" {
            let first = segments.next()?;
            let (name, indexes) = split_indexes(first);
            let value = self.widgets.0.get(name)?;
            index_into(value, indexes)?
        } else if root == "flow" {
            let first = segments.next()?;
            let (key, indexes) = split_indexes(first);
            index_into(self.flow.get(key)?, indexes)?
        } else {
            self.section(root)?
        };
        segments.try_fold(start, |v, segment| {
            let (key, indexes) = split_indexes(segment);
            let v = if key.is_empty() {
                v
            } else {
                v.as_object()?.get(key)?
            };
            index_into(v, indexes)
        })
    }

    /// Sets the value at a dotted path, creating the objects on the way. The first segment must
    /// be one of the context's roots.
    pub fn set(&mut self, path: &str, value: Value) -> Result<(), String> {
        let segments: Vec<&str> = path.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(format!("`{path}` is not a path like flow.data.name"));
        }
        if !ROOTS.contains(&segments[0]) {
            return Err(format!(
                "`{path}` must start with flow, trigger, widgets or contact"
            ));
        }
        let (node, rest): (&mut Value, &[&str]) = match segments[0] {
            "flow" if segments.get(1) == Some(&"variables") => {
                if segments.len() == 2 {
                    return self
                        .flow
                        .set_variables(value)
                        .map_err(|why| format!("`{path}`: {why}"));
                }
                (self.flow.variables_mut(), &segments[2..])
            }
            "flow" => (self.flow.base_mut(), &segments[1..]),
            "trigger" => (Arc::make_mut(&mut self.trigger), &segments[1..]),
            "contact" => (Arc::make_mut(&mut self.contact), &segments[1..]),
            _ => {
                let Some(name) = segments.get(1) else {
                    return Err(format!("`{path}` must name a widget: widgets.NAME..."));
                };
                let slot = self
                    .widgets
                    .0
                    .entry(name.to_string())
                    .or_insert_with(|| Arc::new(Value::Object(Map::new())));
                if segments.len() == 2 {
                    *slot = Arc::new(value);
                    return Ok(());
                }
                (Arc::make_mut(slot), &segments[2..])
            }
        };
        set_in(path, node, rest, value)
    }

    pub fn set_variable(&mut self, key: &str, value: Value) {
        self.flow.set_variable(key, value);
    }

    /// Replaces the outputs of a widget (`widgets.<name>`).
    pub fn set_widget(&mut self, name: &str, outputs: Arc<Value>) {
        self.widgets.0.insert(name.to_string(), outputs);
    }

    /// The outputs a widget has now, shared.
    pub fn widget(&self, name: &str) -> Option<&Arc<Value>> {
        self.widgets.0.get(name)
    }
}

/// Sets `value` at `rest` below `node`, creating the objects on the way.
fn set_in(path: &str, node: &mut Value, rest: &[&str], value: Value) -> Result<(), String> {
    let (last, parents) = rest
        .split_last()
        .ok_or_else(|| format!("`{path}` names a whole section; name a value inside it"))?;
    let mut node = node;
    for key in parents {
        node = node
            .as_object_mut()
            .ok_or_else(|| format!("`{path}`: the value before `{key}` is not an object"))?
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
        .ok_or_else(|| format!("`{path}`: the value before `{last}` is not an object"))?
        .insert(last.to_string(), value);
    Ok(())
}

fn split_indexes(segment: &str) -> (&str, &str) {
    match segment.find('[') {
        Some(i) => (&segment[..i], &segment[i..]),
        None => (segment, ""),
    }
}

fn index_into<'a>(mut v: &'a Value, indexes: &str) -> Option<&'a Value> {
    for index in indexes.split('[').skip(1) {
        let i: usize = index.strip_suffix(']')?.parse().ok()?;
        v = v.as_array()?.get(i)?;
    }
    Some(v)
}

impl Widgets {
    fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), (**v).clone()))
                .collect(),
        )
    }
}

// Liquid reads the context in place: the root and `widgets` are objects over the sections.
object_value_view!(Context, |_| false);

impl ObjectView for Context {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        ROOTS.len() as i64
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(ROOTS.iter().map(|k| KStringCow::from_static(k)))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(ROOTS.iter().filter_map(|k| ObjectView::get(self, k)))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(
            ROOTS
                .iter()
                .filter_map(|k| ObjectView::get(self, k).map(|v| (KStringCow::from_static(k), v))),
        )
    }
    fn contains_key(&self, index: &str) -> bool {
        ROOTS.contains(&index)
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        match index {
            "widgets" => Some(&self.widgets),
            "flow" => Some(&self.flow),
            other => self
                .section(other)
                .map(|v| JsonView::new(v) as &dyn ValueView),
        }
    }
}

object_value_view!(Widgets, |w| w.0.is_empty());

impl ObjectView for Widgets {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.0.len() as i64
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(self.0.keys().map(|k| KStringCow::from_ref(k)))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.0.values().map(|v| JsonView::new(v) as &dyn ValueView))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(
            self.0
                .iter()
                .map(|(k, v)| (KStringCow::from_ref(k), JsonView::new(v) as &dyn ValueView)),
        )
    }
    fn contains_key(&self, index: &str) -> bool {
        self.0.contains_key(index)
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        self.0
            .get(index)
            .map(|v| JsonView::new(v) as &dyn ValueView)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Document;

    fn flow() -> Flow {
        Document::parse(
            "t.json",
            r#"{"states":[{"name":"Trigger","type":"trigger","transitions":[]}],"initial_state":"Trigger"}"#,
        )
        .unwrap()
        .flow
    }

    #[test]
    fn set_creates_objects_and_get_reads_them() {
        let mut c = Context::new(&flow(), "incomingMessage");
        c.set("flow.data.customer.name", json!("Zeke")).unwrap();
        assert_eq!(c.get("flow.data.customer.name"), Some(&json!("Zeke")));
        assert_eq!(c.get("trigger.message.From"), Some(&json!(CONTACT_ADDRESS)));
    }

    #[test]
    fn set_refuses_unknown_roots_and_empty_segments() {
        let mut c = Context::new(&flow(), "incomingMessage");
        assert_eq!(
            c.set("vars.x", json!(1)).unwrap_err(),
            "`vars.x` must start with flow, trigger, widgets or contact"
        );
        assert_eq!(
            c.set("flow..x", json!(1)).unwrap_err(),
            "`flow..x` is not a path like flow.data.name"
        );
    }
}
