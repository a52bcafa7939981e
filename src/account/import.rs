//! A production execution as a scenario: the trigger and `flow.data` it started with, every
//! HTTP and Run Function response as a mock, every reply, digit and speech as an input, the
//! events other widgets fired, other widgets' outputs, and what Studio ended with as the
//! `expect` block. Running it puts every widget in front of the data it saw in production.

use serde_json::{json, Map, Value};

use super::shape::text;
use super::sid::{checked, checked_revision, Kind};
use super::Recorded;
use crate::engine::widgets::{catalog, Need};
use crate::flow::WidgetKind;
use crate::flow::{Document, Flow};

/// One step as Studio recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioStep {
    pub sid: String,
    pub from: String,
    pub event: String,
    pub to: String,
    /// Ran inside a subflow (Studio lists those inline).
    pub in_subflow: bool,
}

pub struct Imported {
    pub scenario: Value,
    /// The subflows' flows to write beside it, by file name.
    pub subflows: Vec<(String, Value)>,
    /// The flow as it ran: the resource (or revision) fetched, or the definition given.
    pub flow: Value,
    /// `FW…@REVISION.json`.
    pub flow_file: String,
    /// `FN….scenario.json`.
    pub scenario_file: String,
    pub steps: Vec<StudioStep>,
}

/// Widgets whose outputs sfdb computes itself; the others' recorded outputs are replayed.
const COMPUTED: &[WidgetKind] = &[
    WidgetKind::Trigger,
    WidgetKind::SetVariables,
    WidgetKind::SplitBasedOn,
    WidgetKind::MakeHttpRequest,
    WidgetKind::RunFunction,
    WidgetKind::RunFunctionV2,
    WidgetKind::SendMessage,
    WidgetKind::SendAndWaitForReply,
    WidgetKind::GatherInputOnCall,
    WidgetKind::SayPlay,
    WidgetKind::RunSubflow,
];

/// The context a step-context resource holds (`{"context": {...}}`), or the value itself.
fn context_of(resource: &Value) -> &Value {
    resource.get("context").unwrap_or(resource)
}

pub fn steps(recorded: &Recorded) -> Vec<StudioStep> {
    recorded
        .steps
        .iter()
        .map(|s| StudioStep {
            sid: text(s, "sid").to_string(),
            from: text(s, "transitioned_from").to_string(),
            event: text(s, "name").to_string(),
            to: text(s, "transitioned_to").to_string(),
            in_subflow: s.get("parent_step_sid").is_some_and(|p| !p.is_null()),
        })
        .collect()
}

/// The (flow SID, revision) each run-subflow widget runs, each once.
pub fn subflows_of(flow: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(Value::Array(states)) = definition(flow).get("states") {
        for state in states.iter().filter(|s| s["type"] == "run-subflow") {
            let props = &state["properties"];
            let sid = props["flow_sid"].as_str().unwrap_or_default().to_string();
            let revision = match &props["flow_revision"] {
                Value::Number(n) => n.to_string(),
                Value::String(s) if !s.is_empty() => s.clone(),
                _ => "LatestPublished".to_string(),
            };
            if sid.starts_with("FW") && !out.iter().any(|(s, _)| *s == sid) {
                out.push((sid, revision));
            }
        }
    }
    out
}

/// The flow's definition from a Flow resource, a revision, or a bare definition.
pub fn definition(flow: &Value) -> &Value {
    flow.get("definition").unwrap_or(flow)
}

pub fn import(recorded: &Recorded) -> Result<Imported, String> {
    let execution = &recorded.execution;
    // Every SID and revision below names a file: each has Twilio's shape, or nothing is
    // written.
    let sid = text(execution, "sid");
    if sid.is_empty() {
        return Err("the execution has no sid".into());
    }
    let sid = checked(sid, Kind::Execution).map_err(|e| format!("the execution: {e}"))?;
    let flow_sid = match text(execution, "flow_sid") {
        "" => text(&recorded.flow, "sid"),
        s => s,
    };
    let flow_sid = checked(flow_sid, Kind::Flow).map_err(|e| format!("the flow: {e}"))?;
    let revision = match execution
        .get("flow_version")
        .or_else(|| recorded.flow.get("revision"))
    {
        None => "draft".to_string(),
        Some(v) => {
            let shown = v.to_string();
            checked_revision(shown.trim_matches('"'))
                .map_err(|e| format!("the flow: {e}"))?
                .to_string()
        }
    };
    let flow_file = format!("{flow_sid}@{revision}.json");
    let document = Document::parse(&flow_file, &definition(&recorded.flow).to_string())
        .map_err(|e| format!("the flow the execution ran: {e}"))?;
    let flow = &document.flow;
    let mut subflow_files = Vec::new();
    let mut subflow_flows = Vec::new();
    let mut subflow_map = Map::new();
    for resource in &recorded.subflows {
        let sid =
            checked(text(resource, "sid"), Kind::Flow).map_err(|e| format!("a subflow: {e}"))?;
        let name = match resource.get("revision") {
            Some(r) => {
                let r = r.to_string();
                let r =
                    checked_revision(r.trim_matches('"')).map_err(|e| format!("a subflow: {e}"))?;
                format!("{sid}@{r}.json")
            }
            None => format!("{sid}.json"),
        };
        let doc = Document::parse(&name, &definition(resource).to_string())
            .map_err(|e| format!("the subflow {sid}: {e}"))?;
        subflow_flows.push(doc.flow);
        subflow_map.insert(sid.to_string(), json!(name));
        subflow_files.push((name, resource.clone()));
    }
    let steps = steps(recorded);
    let context_after = |step: &StudioStep| {
        recorded
            .step_contexts
            .get(&step.sid)
            .map(context_of)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let last_context = steps.last().map(context_after).filter(|c| !c.is_null());
    let end = recorded
        .context
        .as_ref()
        .map(context_of)
        .cloned()
        .or(last_context)
        .unwrap_or(Value::Null);

    let mut scenario = Map::new();
    scenario.insert(
        "description".into(),
        json!(format!(
            "Execution {sid} of {flow_sid} (revision {revision}), imported from Studio{}",
            match text(execution, "date_created") {
                "" => String::new(),
                d => format!(" ({d})"),
            }
        )),
    );
    scenario.insert("flow".into(), json!(flow_file));
    if let Some(first) = steps.iter().find(|s| s.from == flow.initial_state) {
        scenario.insert("trigger".into(), json!(first.event));
    }
    scenario.insert("set".into(), Value::Object(start_values(&end, execution)));
    if !subflow_map.is_empty() {
        scenario.insert("subflows".into(), Value::Object(subflow_map.clone()));
    }

    let mut mocks = Map::new();
    let mut inputs = Map::new();
    let mut events = Map::new();
    let mut outputs = Map::new();
    for step in &steps {
        let widget = if step.in_subflow {
            subflow_flows.iter().find_map(|f| f.widget(&step.from))
        } else {
            flow.widget(&step.from)
        };
        let Some(widget) = widget else {
            if step.in_subflow {
                // A subflow whose flow is not at hand: its steps stay in the path only.
                continue;
            }
            return Err(format!(
                "step {}: the flow at revision {revision} has no widget {}",
                step.sid, step.from
            ));
        };
        let context = context_after(step);
        let out = context.pointer(&format!("/widgets/{}", pointer_escape(&step.from)));
        let push = |map: &mut Map<String, Value>, value: Value| {
            let list = map.entry(step.from.clone()).or_insert_with(|| json!([]));
            if let Value::Array(items) = list {
                items.push(value);
            }
        };
        match &widget.kind {
            kind if kind.sends_http() => push(&mut mocks, mock(out)),
            kind => {
                // A subflow at hand runs for real; only one that is not is told its event.
                let runs_itself = *kind == WidgetKind::RunSubflow
                    && subflow_map.contains_key(widget.text("flow_sid").as_str());
                if let Some(spec) = catalog::spec(kind).filter(|_| !runs_itself) {
                    match input(spec.need, &step.event, out) {
                        Some(given) => push(&mut inputs, given),
                        None if catalog::events(widget).contains(&step.event) => {
                            push(&mut events, json!(step.event));
                        }
                        None => {}
                    }
                }
                if !COMPUTED.contains(kind) {
                    if let Some(out) = out.filter(|o| o.is_object()) {
                        push(&mut outputs, out.clone());
                    }
                }
            }
        }
    }
    for (key, map) in [
        ("inputs", inputs),
        ("events", events),
        ("mocks", mocks),
        ("outputs", outputs),
    ] {
        if !map.is_empty() {
            scenario.insert(key.into(), Value::Object(map));
        }
    }
    let mut expect = Map::new();
    expect.insert(
        "status".into(),
        json!(match text(execution, "status") {
            "active" => "waiting",
            _ => "ended",
        }),
    );
    expect.insert(
        "path".into(),
        json!(steps.iter().map(|s| s.from.clone()).collect::<Vec<_>>()),
    );
    if let Some(Value::Object(vars)) = end.pointer("/flow/variables") {
        if !vars.is_empty() {
            expect.insert("variables".into(), Value::Object(vars.clone()));
        }
    }
    scenario.insert("expect".into(), Value::Object(expect));
    Ok(Imported {
        scenario: Value::Object(scenario),
        subflows: subflow_files,
        flow: recorded.flow.clone(),
        flow_file,
        scenario_file: format!("{sid}.scenario.json"),
        steps,
    })
}

fn pointer_escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The values the execution started with: the trigger, `flow.data`, and both addresses.
fn start_values(end: &Value, execution: &Value) -> Map<String, Value> {
    let mut set = Map::new();
    if let Some(Value::Object(trigger)) = end.get("trigger") {
        for (k, v) in trigger {
            set.insert(format!("trigger.{k}"), v.clone());
        }
    }
    if let Some(data) = end.pointer("/flow/data").filter(|d| d.is_object()) {
        set.insert("flow.data".into(), data.clone());
    }
    let contact = end
        .pointer("/contact/channel/address")
        .and_then(Value::as_str)
        .unwrap_or(text(execution, "contact_channel_address"));
    if !contact.is_empty() {
        set.insert("contact.channel.address".into(), json!(contact));
    }
    if let Some(address) = end.pointer("/flow/channel/address").and_then(Value::as_str) {
        set.insert("flow.channel.address".into(), json!(address));
    }
    set
}

/// A request widget's recorded outputs as a mock: status, content type and the body's text.
fn mock(out: Option<&Value>) -> Value {
    let Some(status) = out
        .and_then(|o| o.get("status_code"))
        .and_then(Value::as_u64)
    else {
        return json!({"error": "no response recorded by Studio"});
    };
    let out = out.unwrap_or(&Value::Null);
    let mut mock = json!({"status": status});
    if let Some(ct) = out.get("content_type").and_then(Value::as_str) {
        mock["content_type"] = json!(ct);
    }
    match out.get("body") {
        Some(Value::String(body)) => mock["body"] = json!(body),
        Some(Value::Null) | None => {}
        Some(other) => mock["body"] = json!(other.to_string()),
    }
    mock
}

/// What the contact gave a waiting widget, when the event says it answered: a reply exactly
/// as received, or digits, or speech.
fn input(need: Option<Need>, event: &str, out: Option<&Value>) -> Option<Value> {
    let out = out?;
    let field = |key: &str| out.get(key).and_then(Value::as_str).map(str::to_string);
    match (need?, event) {
        (Need::Reply, "incomingMessage") => out
            .pointer("/inbound/Body")
            .and_then(Value::as_str)
            .map(|b| json!(b)),
        (Need::Gather, "keypress") => field("Digits").map(|d| json!({"digits": d})),
        (Need::Gather, "speech") => field("SpeechResult").map(|s| json!({"speech": s})),
        _ => None,
    }
}

/// The flow as loaded from the imported file, for checks before writing.
pub fn flow_of(imported: &Imported) -> Result<Flow, String> {
    Document::parse(&imported.flow_file, &definition(&imported.flow).to_string())
        .map(|d| d.flow)
        .map_err(|e| e.to_string())
}
