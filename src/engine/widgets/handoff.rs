//! Widgets that hand the contact to someone else: a queue or Flex, a virtual agent, a
//! subflow (whose own steps the execution runs; this only writes the transcript line).

use serde_json::{json, Value};

use super::effect::{rendered, sid, Env, FieldError, Simulation};
use crate::engine::context::Context;
use crate::flow::Widget;
use crate::flow::WidgetKind;

/// Writes the fields of the call that started the execution (`trigger.call.*`) that it has.
pub fn call_fields(sim: &mut Simulation, ctx: &Context, keys: &[&str]) {
    for key in keys {
        if let Some(value) = ctx.get(&format!("trigger.call.{key}")) {
            sim.output(key, value.clone());
        }
    }
}

pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    sim: &mut Simulation,
) -> Result<(), FieldError> {
    match &widget.kind {
        WidgetKind::SendToFlex => {
            let attributes = rendered(env, widget, ctx, "attributes")?;
            sim.say("call", "hands over to an agent (send-to-flex)");
            // The outputs Twilio's Send to Flex page lists.
            sim.output("Age", json!("0"));
            let parsed = serde_json::from_str(&attributes).unwrap_or(Value::String(attributes));
            sim.output("Attributes", parsed);
            sim.output("TaskSid", json!(sid("WT")));
        }
        WidgetKind::EnqueueCall => {
            rendered(env, widget, ctx, "task_attributes")?;
            sim.say("call", "hands over to an agent (enqueue-call)");
            let result = if sim.event == "callComplete" {
                "bridged"
            } else {
                "error"
            };
            // The outputs Twilio's Enqueue Call page lists; the call's from the trigger.
            sim.output("QueueResult", json!(result));
            sim.output("QueueSid", json!(sid("QU")));
            sim.output("QueueTime", json!("0"));
            call_fields(sim, ctx, &["CallSid", "CallStatus", "From", "To"]);
        }
        WidgetKind::RunSubflow => {
            sim.say("call", format!("runs subflow {}", widget.text("flow_sid")));
        }
        WidgetKind::ConnectVirtualAgent | WidgetKind::ConnectVirtualAgentV2 => {
            sim.say("call", "talks to the virtual agent");
            let failed = sim.event == "failed";
            sim.output("VirtualAgentProvider", json!("Dialogflow CX"));
            sim.output("VirtualAgentStatus", json!(sim.event));
            sim.output("VirtualAgentProviderData", json!("{}"));
            sim.output(
                "VirtualAgentError",
                json!(if failed { "failed" } else { "" }),
            );
            sim.output(
                "VirtualAgentErrorCode",
                json!(if failed { "1" } else { "" }),
            );
        }
        _ => {}
    }
    Ok(())
}
