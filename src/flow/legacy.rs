//! Legacy (v1-era) exports: PascalCase widget types, a `sid` per state, and transitions whose
//! `next` is a state sid. They are converted to the current vocabulary on load.

use serde_json::Value;

/// The current type for a legacy one, or `None` when the type is not a legacy name.
pub fn modern_type(legacy: &str) -> Option<&'static str> {
    Some(match legacy {
        "InitialState" => "trigger",
        "Branch" => "split-based-on",
        "SetVariables" => "set-variables",
        "Function" => "run-function",
        "Message" => "send-message",
        "MessagePrompt" => "send-and-wait-for-reply",
        "Gather" => "gather-input-on-call",
        "SayPlay" => "say-play",
        "EnqueueCall" => "enqueue-call",
        "HttpRequest" => "make-http-request",
        _ => return None,
    })
}

/// Whether a definition is in the legacy format.
pub fn is_legacy(def: &Value) -> bool {
    def.get("states")
        .and_then(Value::as_array)
        .is_some_and(|states| {
            states.iter().any(|s| {
                s.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| modern_type(t).is_some())
            })
        })
}

/// A converted copy of a legacy definition: types renamed, `next` sids replaced by names, and
/// `initial_state` taken from the `InitialState` widget. Unknown sids are left as they are so
/// that validation reports them.
pub fn convert(def: &Value) -> Value {
    let mut out = def.clone();
    let Some(states) = out.get_mut("states").and_then(Value::as_array_mut) else {
        return out;
    };
    let names_by_sid: Vec<(String, String)> = states
        .iter()
        .filter_map(|s| {
            Some((
                s.get("sid")?.as_str()?.to_string(),
                s.get("name")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let mut initial = None;
    for state in states.iter_mut() {
        let Some(obj) = state.as_object_mut() else {
            continue;
        };
        if let Some(Value::String(t)) = obj.get("type") {
            if t == "InitialState" {
                initial = obj.get("name").and_then(Value::as_str).map(str::to_string);
            }
            if let Some(modern) = modern_type(t) {
                obj.insert("type".into(), Value::String(modern.into()));
            }
        }
        if let Some(Value::Array(transitions)) = obj.get_mut("transitions") {
            for t in transitions.iter_mut() {
                if let Some(Value::String(next)) = t.get_mut("next") {
                    if let Some((_, name)) = names_by_sid.iter().find(|(sid, _)| sid == next) {
                        *next = name.clone();
                    }
                }
            }
        }
    }
    if out.get("initial_state").is_none() {
        if let (Some(name), Some(obj)) = (initial, out.as_object_mut()) {
            obj.insert("initial_state".into(), Value::String(name));
        }
    }
    out
}
