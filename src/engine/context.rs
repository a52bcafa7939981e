//! The execution context: what Liquid sees as `flow`, `trigger`, `widgets` and `contact`.

use serde_json::{json, Map, Value};

use crate::flow::Flow;

/// The deterministic placeholders a fresh execution starts with, so traces are stable.
pub const CONTACT_ADDRESS: &str = "+15555550100";
pub const FLOW_ADDRESS: &str = "+15555550199";

fn sid(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    root: Value,
}

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
            root: json!({
                "flow": {
                    "flow_sid": flow_sid,
                    "sid": sid("FN"),
                    "channel": {"address": FLOW_ADDRESS},
                    "data": {},
                    "variables": {},
                },
                "trigger": trigger,
                "widgets": {},
                "contact": {"channel": {"address": CONTACT_ADDRESS}},
            }),
        }
    }

    pub fn as_value(&self) -> &Value {
        &self.root
    }

    pub fn into_value(self) -> Value {
        self.root
    }

    /// The value at a path such as `flow.variables.count` or `widgets.x.parsed.items[0].id`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(&self.root, |v, segment| {
            let (key, indexes) = match segment.find('[') {
                Some(i) => (&segment[..i], &segment[i..]),
                None => (segment, ""),
            };
            let mut v = if key.is_empty() {
                v
            } else {
                v.as_object()?.get(key)?
            };
            for index in indexes.split('[').skip(1) {
                let i: usize = index.strip_suffix(']')?.parse().ok()?;
                v = v.as_array()?.get(i)?;
            }
            Some(v)
        })
    }

    /// Sets the value at a dotted path, creating the objects on the way. The first segment must
    /// be one of the context's roots.
    pub fn set(&mut self, path: &str, value: Value) -> Result<(), String> {
        let segments: Vec<&str> = path.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(format!("`{path}` is not a path like flow.data.name"));
        }
        if !matches!(segments[0], "flow" | "trigger" | "widgets" | "contact") {
            return Err(format!(
                "`{path}` must start with flow, trigger, widgets or contact"
            ));
        }
        let (last, parents) = segments.split_last().expect("checked not empty");
        let mut node = &mut self.root;
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

    pub fn set_variable(&mut self, key: &str, value: Value) {
        if let Some(vars) = self.root["flow"]["variables"].as_object_mut() {
            vars.insert(key.to_string(), value);
        }
    }

    /// Replaces the outputs of a widget (`widgets.<name>`).
    pub fn set_widget(&mut self, name: &str, outputs: Value) {
        if let Some(widgets) = self.root["widgets"].as_object_mut() {
            widgets.insert(name.to_string(), outputs);
        }
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
