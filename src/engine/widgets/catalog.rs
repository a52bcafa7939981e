//! The widget types the engine simulates: the events each can fire, the one it fires by
//! default, and what it waits for.

use super::effect::Need;
use crate::flow::Widget;

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
        kind: "make-outgoing-call-v1",
        events: &["answered", "busy", "noAnswer", "failed"],
        default_event: "answered",
        need: None,
    },
    Spec {
        kind: "create-task",
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: "update-sync-object",
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: "understand",
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: "create-chat-channel",
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: "add-member-to-chat-channel",
        events: &[],
        default_event: "",
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

/// Widget types Studio's published schema has and sfdb knows no more of than their
/// transitions: they fire their first transition's event (any can be chosen) and write nothing.
pub const BY_TRANSITIONS: &[&str] = &[
    "create-task",
    "update-sync-object",
    "understand",
    "create-chat-channel",
    "add-member-to-chat-channel",
];

pub fn spec(kind: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.kind == kind)
}

/// The events a widget can fire: its type's, and any its transitions name.
pub fn events(widget: &Widget) -> Vec<String> {
    let mut out: Vec<String> = spec(&widget.kind)
        .map(|s| {
            s.events
                .iter()
                .map(std::string::ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    for t in &widget.transitions {
        if !out.contains(&t.event) {
            out.push(t.event.clone());
        }
    }
    out
}
