//! send-message and send-and-wait-for-reply: the message rendered and "sent", and the reply
//! taken from the run's inputs.

use serde_json::json;

use super::effect::{or_default, rendered, sid, Env, FieldError, Need, Simulation};
use crate::engine::context::{Context, CONTACT_ADDRESS, FLOW_ADDRESS};
use crate::engine::script::Input;
use crate::flow::Widget;
use crate::flow::WidgetKind;

/// Runs a messaging widget; `Some(need)` when it waits for a reply the run does not have.
pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    sim: &mut Simulation,
    input: Option<Input>,
) -> Result<Option<Need>, FieldError> {
    let body = rendered(env, widget, ctx, "body")?;
    let to = or_default(rendered(env, widget, ctx, "to")?, CONTACT_ADDRESS);
    let from = or_default(rendered(env, widget, ctx, "from")?, FLOW_ADDRESS);
    let delivered = !matches!(sim.event.as_str(), "failed" | "deliveryFailure");
    sim.output(
        "outbound",
        json!({"Body": body, "To": to, "From": from, "Sid": sid("SM"),
               "Status": if delivered { "sent" } else { "failed" }}),
    );
    sim.say("out", body);
    if widget.kind == WidgetKind::SendAndWaitForReply && sim.forced.is_none() {
        let Some(input) = input else {
            return Ok(Some(Need::Reply));
        };
        let reply = match input {
            Input::Text(t) | Input::Digits { digits: t } | Input::Speech { speech: t } => t,
        };
        sim.output(
            "inbound",
            json!({"Body": reply, "From": to, "To": from, "MessageSid": sid("SM"), "NumMedia": "0"}),
        );
        sim.say("in", reply);
        sim.event = "incomingMessage".into();
    }
    Ok(None)
}
