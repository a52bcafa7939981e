//! Any answer from the Studio API (or a twilio CLI file): reading it as an execution, its
//! steps and its flow never panics, and an import of it writes only plain names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sfdb::account::{import, shape, Recorded};

fuzz_target!(|text: &str| {
    let Ok(answer) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let steps = shape::items(answer.clone(), "steps");
    let steps = shape::oldest_first(steps.into_iter().map(shape::normalise).collect());
    let recorded = Recorded {
        execution: shape::normalise(answer.get("execution").cloned().unwrap_or(answer.clone())),
        context: answer.get("context").cloned(),
        steps,
        step_contexts: Default::default(),
        flow: answer.get("flow").cloned().unwrap_or(Value::Null),
        subflows: shape::items(answer, "subflows"),
    };
    if let Ok(imported) = import::import(&recorded) {
        let mut names = vec![imported.flow_file, imported.scenario_file];
        names.extend(imported.subflows.into_iter().map(|(name, _)| name));
        for name in names {
            assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
        }
    }
});
