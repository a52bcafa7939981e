//! Messaging and voice widgets, simulated: each renders its text fields, fires a default event
//! (or the one the run forces), and writes the outputs Studio documents, with deterministic
//! placeholder SIDs. Widgets that wait for the contact take their input from the script.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::context::{Context, CONTACT_ADDRESS, FLOW_ADDRESS};
use super::script::Input;
use super::widgets::{Effect, Env, FieldError};
use crate::flow::Widget;

/// What a simulated widget needs before it can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A reply to the message sent (send-and-wait-for-reply).
    Reply,
    /// Digits or speech (gather-input-on-call).
    Gather,
}

impl Need {
    pub fn describe(self) -> &'static str {
        match self {
            Need::Reply => "a reply message",
            Need::Gather => "digits or speech",
        }
    }
}

pub struct Spec {
    pub kind: &'static str,
    pub events: &'static [&'static str],
    /// The event fired when nothing else is asked for.
    pub default_event: &'static str,
    pub need: Option<Need>,
}

pub const SPECS: &[Spec] = &[
    Spec {
        kind: "send-message",
        events: &["sent", "failed"],
        default_event: "sent",
        need: None,
    },
    Spec {
        kind: "send-and-wait-for-reply",
        events: &["incomingMessage", "timeout", "deliveryFailure"],
        default_event: "incomingMessage",
        need: Some(Need::Reply),
    },
    Spec {
        kind: "gather-input-on-call",
        events: &["keypress", "speech", "timeout"],
        default_event: "keypress",
        need: Some(Need::Gather),
    },
    Spec {
        kind: "say-play",
        events: &["audioComplete"],
        default_event: "audioComplete",
        need: None,
    },
    Spec {
        kind: "connect-call-to",
        events: &["callCompleted", "hangup"],
        default_event: "callCompleted",
        need: None,
    },
    Spec {
        kind: "record-voicemail",
        events: &["recordingComplete", "noAudio", "hangup"],
        default_event: "recordingComplete",
        need: None,
    },
    Spec {
        kind: "enqueue-call",
        events: &["callComplete", "failedToEnqueue", "callFailure"],
        default_event: "callComplete",
        need: None,
    },
    Spec {
        kind: "send-to-flex",
        events: &["callComplete", "failedToEnqueue", "callFailure"],
        default_event: "callComplete",
        need: None,
    },
    Spec {
        kind: "make-outgoing-call-v2",
        events: &["answered", "busy", "noAnswer", "failed"],
        default_event: "answered",
        need: None,
    },
    Spec {
        kind: "capture-payments",
        events: &[
            "success",
            "maxFailedAttempts",
            "providerError",
            "payInterrupted",
            "hangup",
            "validationError",
        ],
        default_event: "success",
        need: None,
    },
    Spec {
        kind: "run-subflow",
        events: &["completed", "failed"],
        default_event: "completed",
        need: None,
    },
    Spec {
        kind: "add-twiml-redirect",
        events: &["return", "timeout", "fail"],
        default_event: "return",
        need: None,
    },
    Spec {
        kind: "fork-stream",
        events: &["next"],
        default_event: "next",
        need: None,
    },
    Spec {
        kind: "record-call",
        events: &["success", "failed"],
        default_event: "success",
        need: None,
    },
    Spec {
        kind: "connect-virtual-agent",
        events: &["completed", "hangup", "failed", "live-agent-handoff"],
        default_event: "completed",
        need: None,
    },
    Spec {
        kind: "connect-virtual-agent-v2",
        events: &["completed", "hangup", "failed", "live-agent-handoff"],
        default_event: "completed",
        need: None,
    },
];

pub fn spec(kind: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.kind == kind)
}

/// The events a widget can fire: its type's, and any its transitions name.
pub fn events(widget: &Widget) -> Vec<String> {
    let mut out: Vec<String> = spec(&widget.kind)
        .map(|s| s.events.iter().map(|e| e.to_string()).collect())
        .unwrap_or_default();
    for t in &widget.transitions {
        if !out.contains(&t.event) {
            out.push(t.event.clone());
        }
    }
    out
}

fn sid(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}

/// One line of the conversation, for the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `out` (the flow to the contact), `in` (the contact to the flow) or `call`.
    pub direction: &'static str,
    pub text: String,
}

fn rendered(
    env: &Env<'_>,
    widget: &Widget,
    ctx: &Context,
    field: &str,
) -> Result<String, FieldError> {
    env.render(field, &widget.text(field), ctx)
}

fn or_default(text: String, default: &str) -> String {
    if text.trim().is_empty() {
        default.to_string()
    } else {
        text
    }
}

/// Runs a simulated widget with a forced event or an input, if the run has one; `Err(need)`
/// when it waits for input the run does not have.
pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    forced: Option<String>,
    input: Option<Input>,
) -> Result<Result<Effect, Need>, FieldError> {
    let spec = spec(&widget.kind).expect("only called for simulated types");
    let mut outputs = Map::new();
    let mut lines = Vec::new();
    let mut event = forced
        .clone()
        .unwrap_or_else(|| spec.default_event.to_string());

    match widget.kind.as_str() {
        "send-message" | "send-and-wait-for-reply" => {
            let body = rendered(env, widget, ctx, "body")?;
            let to = or_default(rendered(env, widget, ctx, "to")?, CONTACT_ADDRESS);
            let from = or_default(rendered(env, widget, ctx, "from")?, FLOW_ADDRESS);
            let delivered = !matches!(event.as_str(), "failed" | "deliveryFailure");
            outputs.insert(
                "outbound".into(),
                json!({"Body": body, "To": to, "From": from, "Sid": sid("SM"),
                       "Status": if delivered { "sent" } else { "failed" }}),
            );
            lines.push(Line {
                direction: "out",
                text: body,
            });
            if widget.kind == "send-and-wait-for-reply" && forced.is_none() {
                let Some(input) = input else {
                    return Ok(Err(Need::Reply));
                };
                let reply = match input {
                    Input::Text(t) | Input::Digits { digits: t } | Input::Speech { speech: t } => t,
                };
                outputs.insert(
                    "inbound".into(),
                    json!({"Body": reply, "From": to, "To": from, "MessageSid": sid("SM"), "NumMedia": "0"}),
                );
                lines.push(Line {
                    direction: "in",
                    text: reply,
                });
                event = "incomingMessage".into();
            }
        }
        "gather-input-on-call" => {
            let say = rendered(env, widget, ctx, "say")?;
            if !say.is_empty() {
                lines.push(Line {
                    direction: "call",
                    text: format!("says: {say}"),
                });
            }
            if forced.is_none() {
                let Some(input) = input else {
                    return Ok(Err(Need::Gather));
                };
                match input {
                    Input::Digits { digits } => {
                        lines.push(Line {
                            direction: "in",
                            text: format!("presses {digits}"),
                        });
                        outputs.insert("Digits".into(), json!(digits));
                        event = "keypress".into();
                    }
                    Input::Text(text)
                        if !text.is_empty()
                            && text
                                .chars()
                                .all(|c| c.is_ascii_digit() || c == '*' || c == '#') =>
                    {
                        lines.push(Line {
                            direction: "in",
                            text: format!("presses {text}"),
                        });
                        outputs.insert("Digits".into(), json!(text));
                        event = "keypress".into();
                    }
                    Input::Speech { speech: text } | Input::Text(text) => {
                        lines.push(Line {
                            direction: "in",
                            text: format!("says: {text}"),
                        });
                        outputs.insert("SpeechResult".into(), json!(text));
                        outputs.insert("Confidence".into(), json!("0.9"));
                        event = "speech".into();
                    }
                }
            }
        }
        "say-play" => {
            let say = rendered(env, widget, ctx, "say")?;
            let play = rendered(env, widget, ctx, "play")?;
            let text = if say.is_empty() {
                format!("plays {play}")
            } else {
                format!("says: {say}")
            };
            lines.push(Line {
                direction: "call",
                text,
            });
        }
        "connect-call-to" => {
            let to = rendered(env, widget, ctx, "to")?;
            lines.push(Line {
                direction: "call",
                text: format!("connects the call to {to}"),
            });
            outputs.insert(
                "DialCallStatus".into(),
                json!(if event == "hangup" {
                    "no-answer"
                } else {
                    "completed"
                }),
            );
            outputs.insert("DialCallSid".into(), json!(sid("CA")));
            outputs.insert("DialCallDuration".into(), json!("0"));
        }
        "record-voicemail" => {
            lines.push(Line {
                direction: "call",
                text: "records a voicemail".into(),
            });
            if event == "recordingComplete" {
                outputs.insert(
                    "RecordingUrl".into(),
                    json!(format!("https://api.twilio.com/recordings/{}", sid("RE"))),
                );
                outputs.insert("RecordingSid".into(), json!(sid("RE")));
                outputs.insert("RecordingDuration".into(), json!("5"));
            }
        }
        "enqueue-call" | "send-to-flex" => {
            let attributes = rendered(
                env,
                widget,
                ctx,
                if widget.kind == "send-to-flex" {
                    "attributes"
                } else {
                    "task_attributes"
                },
            )?;
            lines.push(Line {
                direction: "call",
                text: format!("hands over to an agent ({})", widget.kind),
            });
            outputs.insert(
                "QueueResult".into(),
                json!(if event == "callComplete" {
                    "bridged"
                } else {
                    "error"
                }),
            );
            outputs.insert("TaskSid".into(), json!(sid("WT")));
            if !attributes.trim().is_empty() {
                outputs.insert(
                    "attributes".into(),
                    serde_json::from_str(&attributes).unwrap_or(Value::String(attributes)),
                );
            }
        }
        "make-outgoing-call-v2" => {
            let to = rendered(env, widget, ctx, "to")?;
            let from = rendered(env, widget, ctx, "from")?;
            lines.push(Line {
                direction: "call",
                text: format!("calls {to}"),
            });
            let status = match event.as_str() {
                "answered" => "in-progress",
                "busy" => "busy",
                "noAnswer" => "no-answer",
                _ => "failed",
            };
            outputs.insert("CallSid".into(), json!(sid("CA")));
            outputs.insert("CallStatus".into(), json!(status));
            outputs.insert("To".into(), json!(to));
            outputs.insert("From".into(), json!(from));
        }
        "capture-payments" => {
            let amount = rendered(env, widget, ctx, "payment_amount")?;
            lines.push(Line {
                direction: "call",
                text: format!("captures a payment of {amount}"),
            });
            outputs.insert("Result".into(), json!(event));
            if event == "success" {
                outputs.insert("PaymentConfirmationCode".into(), json!("0000000000"));
                outputs.insert("PaymentCardNumber".into(), json!("xxxx-xxxx-xxxx-1111"));
            }
        }
        "add-twiml-redirect" => {
            let url = rendered(env, widget, ctx, "url")?;
            lines.push(Line {
                direction: "call",
                text: format!("redirects the call to {}", crate::mask::url(&url)),
            });
        }
        "run-subflow" => {
            lines.push(Line {
                direction: "call",
                text: format!("runs subflow {}", widget.text("flow_sid")),
            });
        }
        "connect-virtual-agent" | "connect-virtual-agent-v2" => {
            lines.push(Line {
                direction: "call",
                text: "talks to the virtual agent".into(),
            });
            outputs.insert("VirtualAgentStatus".into(), json!(event));
        }
        _ => {}
    }

    let mut effect = Effect::event(&event);
    if !outputs.is_empty() {
        effect.outputs = Some(Value::Object(outputs));
    }
    if forced.is_some() {
        effect
            .notes
            .push(format!("event {event} chosen for this run"));
    }
    effect.transcript = lines;
    Ok(Ok(effect))
}
