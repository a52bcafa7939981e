//! Widgets that hand the contact to someone else: a queue or Flex, a virtual agent, a
//! subflow (whose own steps the execution runs; this only writes the transcript line).

use serde_json::{json, Value};

use super::effect::{rendered, sid, Env, FieldError, Simulation};
use crate::engine::context::Context;
use crate::flow::Widget;

pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    sim: &mut Simulation,
) -> Result<(), FieldError> {
    match widget.kind.as_str() {
        "enqueue-call" | "send-to-flex" => {
            let field = if widget.kind == "send-to-flex" {
                "attributes"
            } else {
                "task_attributes"
            };
            let attributes = rendered(env, widget, ctx, field)?;
            sim.say("call", format!("hands over to an agent ({})", widget.kind));
            let result = if sim.event == "callComplete" {
                "bridged"
            } else {
                "error"
            };
            sim.output("QueueResult", json!(result));
            sim.output("TaskSid", json!(sid("WT")));
            if !attributes.trim().is_empty() {
                let parsed = serde_json::from_str(&attributes).unwrap_or(Value::String(attributes));
                sim.output("attributes", parsed);
            }
        }
        "run-subflow" => {
            sim.say("call", format!("runs subflow {}", widget.text("flow_sid")));
        }
        "connect-virtual-agent" | "connect-virtual-agent-v2" => {
            sim.say("call", "talks to the virtual agent");
            sim.output("VirtualAgentStatus", json!(sim.event));
        }
        _ => {}
    }
    Ok(())
}
