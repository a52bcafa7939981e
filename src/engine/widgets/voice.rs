//! The voice widgets: gathering digits or speech, saying and playing, connecting, calling out,
//! recording, payments and TwiML redirects. Each says what it does on the call in the
//! transcript and writes the outputs Studio documents.

use serde_json::json;

use super::effect::{rendered, sid, Env, FieldError, Need, Simulation};
use super::handoff::call_fields;
use crate::engine::context::Context;
use crate::engine::script::Input;
use crate::flow::Widget;
use crate::flow::WidgetKind;

/// Runs a voice widget; `Some(need)` when it waits for digits or speech the run does not have.
pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    sim: &mut Simulation,
    input: Option<Input>,
) -> Result<Option<Need>, FieldError> {
    match &widget.kind {
        WidgetKind::GatherInputOnCall => return gather(widget, ctx, env, sim, input),
        WidgetKind::SayPlay => {
            let say = rendered(env, widget, ctx, "say")?;
            let play = rendered(env, widget, ctx, "play")?;
            sim.output("language", json!(widget.text("language")));
            sim.output("voice", json!(widget.text("voice")));
            let text = if say.is_empty() {
                format!("plays {play}")
            } else {
                format!("says: {say}")
            };
            sim.say("call", text);
        }
        WidgetKind::ConnectCallTo => {
            let to = rendered(env, widget, ctx, "to")?;
            sim.say("call", format!("connects the call to {to}"));
            let status = if sim.event == "hangup" {
                "no-answer"
            } else {
                "completed"
            };
            sim.output("DialCallStatus", json!(status));
            sim.output("DialCallSid", json!(sid("CA")));
            sim.output("DialCallDuration", json!("0"));
            sim.output("RecordingUrl", json!(""));
        }
        WidgetKind::RecordVoicemail => {
            sim.say("call", "records a voicemail");
            if sim.event == "recordingComplete" {
                sim.output(
                    "RecordingUrl",
                    json!(format!("https://api.twilio.com/recordings/{}", sid("RE"))),
                );
                sim.output("RecordingSid", json!(sid("RE")));
                sim.output("RecordingDuration", json!("5"));
                sim.output("Sid", json!(sid("RE")));
                call_fields(sim, ctx, &["CallSid"]);
                sim.output(
                    "Uri",
                    json!(format!("/2010-04-01/Recordings/{}.json", sid("RE"))),
                );
                sim.output("Price", json!(""));
                sim.output("PriceUnit", json!("USD"));
                sim.output("Source", json!("RecordVerb"));
                sim.output("Channels", json!("1"));
            }
        }
        WidgetKind::MakeOutgoingCallV2 | WidgetKind::MakeOutgoingCallV1 => {
            let to = rendered(env, widget, ctx, "to")?;
            let from = rendered(env, widget, ctx, "from")?;
            sim.say("call", format!("calls {to}"));
            let status = match sim.event.as_str() {
                "answered" => "in-progress",
                "busy" => "busy",
                "noAnswer" => "no-answer",
                _ => "failed",
            };
            sim.output("CallSid", json!(sid("CA")));
            sim.output("AccountSid", json!(sid("AC")));
            sim.output("CallStatus", json!(status));
            sim.output("To", json!(to));
            sim.output("From", json!(from));
            // A human answers unless the run says otherwise (`outputs`, `--output`).
            if sim.event == "answered" {
                sim.output("AnsweredBy", json!("human"));
                sim.output("MachineDetectionDuration", json!("0"));
            }
        }
        WidgetKind::CapturePayments => {
            let amount = rendered(env, widget, ctx, "payment_amount")?;
            sim.say("call", format!("captures a payment of {amount}"));
            sim.output("Result", json!(sim.event));
            if sim.event == "success" {
                sim.output("PaymentConfirmationCode", json!("0000000000"));
                sim.output("PaymentCardNumber", json!("xxxx-xxxx-xxxx-1111"));
            }
        }
        WidgetKind::RecordCall => {
            sim.say("call", "records the call");
            let ok = sim.event == "success";
            sim.output("Sid", json!(sid("RE")));
            sim.output("Status", json!(if ok { "in-progress" } else { "failed" }));
            sim.output("Duration", json!("0"));
            call_fields(sim, ctx, &["CallSid"]);
            sim.output(
                "Uri",
                json!(format!("/2010-04-01/Recordings/{}.json", sid("RE"))),
            );
            sim.output("StartTime", json!(""));
        }
        WidgetKind::AddTwimlRedirect => {
            let url = rendered(env, widget, ctx, "url")?;
            sim.say(
                "call",
                format!("redirects the call to {}", crate::mask::url(&url)),
            );
        }
        _ => {}
    }
    Ok(None)
}

/// gather-input-on-call: digits (text of only `0-9*#` counts as digits) or speech.
fn gather(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    sim: &mut Simulation,
    input: Option<Input>,
) -> Result<Option<Need>, FieldError> {
    let say = rendered(env, widget, ctx, "say")?;
    if !say.is_empty() {
        sim.say("call", format!("says: {say}"));
    }
    // Gather's outputs carry the call's fields, as Twilio's page lists them.
    call_fields(
        sim,
        ctx,
        &[
            "CallSid",
            "From",
            "To",
            "CallStatus",
            "Direction",
            "AccountSid",
        ],
    );
    if sim.forced.is_some() {
        return Ok(None);
    }
    let Some(input) = input else {
        return Ok(Some(Need::Gather));
    };
    let digits = match input {
        Input::Digits { digits } => Ok(digits),
        Input::Text(text)
            if !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '*' || c == '#') =>
        {
            Ok(text)
        }
        Input::Speech { speech: text } | Input::Text(text) => Err(text),
    };
    match digits {
        Ok(digits) => {
            sim.say("in", format!("presses {digits}"));
            sim.output("Digits", json!(digits));
            sim.event = "keypress".into();
        }
        Err(speech) => {
            sim.say("in", format!("says: {speech}"));
            sim.output("SpeechResult", json!(speech));
            sim.output("Confidence", json!("0.9"));
            sim.event = "speech".into();
        }
    }
    Ok(None)
}
