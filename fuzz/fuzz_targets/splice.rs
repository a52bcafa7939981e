//! Any JSON text: setting a member splices exactly that member's new value into the text,
//! and the text still reads as the same JSON otherwise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sfdb::flow::splice::{self, Key};

fuzz_target!(|text: &str| {
    let _ = splice::duplicate_keys(text);
    let Ok(Value::Object(before)) = serde_json::from_str::<Value>(text) else {
        return;
    };
    // A key written twice is read as its last; the splice changes that one.
    let Some(key) = before.keys().next().cloned() else {
        return;
    };
    let new = serde_json::json!({"edited": ["é", 1.5, null]});
    let Some(spliced) = splice::set(text, &[Key::Member(key.clone())], &new) else {
        return;
    };
    let after: Value = serde_json::from_str(&spliced).expect("a splice keeps the text JSON");
    let mut expected = before;
    expected.insert(key, new);
    assert_eq!(after, Value::Object(expected));
});
