//! The widget types the engine simulates: the events each can fire, the one it fires by
//! default, and what it waits for.

use super::effect::Need;
use crate::flow::{Widget, WidgetKind};

pub struct Spec {
    pub kind: WidgetKind,
    pub events: &'static [&'static str],
    /// The event fired when nothing else is asked for.
    pub default_event: &'static str,
    pub need: Option<Need>,
}

pub const SPECS: &[Spec] = &[
    Spec {
        kind: WidgetKind::SendMessage,
        events: &["sent", "failed"],
        default_event: "sent",
        need: None,
    },
    Spec {
        kind: WidgetKind::SendAndWaitForReply,
        events: &["incomingMessage", "timeout", "deliveryFailure"],
        default_event: "incomingMessage",
        need: Some(Need::Reply),
    },
    Spec {
        kind: WidgetKind::GatherInputOnCall,
        events: &["keypress", "speech", "timeout"],
        default_event: "keypress",
        need: Some(Need::Gather),
    },
    Spec {
        kind: WidgetKind::SayPlay,
        events: &["audioComplete"],
        default_event: "audioComplete",
        need: None,
    },
    Spec {
        kind: WidgetKind::ConnectCallTo,
        events: &["callCompleted", "hangup"],
        default_event: "callCompleted",
        need: None,
    },
    Spec {
        kind: WidgetKind::RecordVoicemail,
        events: &["recordingComplete", "noAudio", "hangup"],
        default_event: "recordingComplete",
        need: None,
    },
    Spec {
        kind: WidgetKind::EnqueueCall,
        events: &["callComplete", "failedToEnqueue", "callFailure"],
        default_event: "callComplete",
        need: None,
    },
    Spec {
        kind: WidgetKind::SendToFlex,
        events: &["callComplete", "failedToEnqueue", "callFailure"],
        default_event: "callComplete",
        need: None,
    },
    Spec {
        kind: WidgetKind::MakeOutgoingCallV2,
        events: &["answered", "busy", "noAnswer", "failed"],
        default_event: "answered",
        need: None,
    },
    Spec {
        kind: WidgetKind::MakeOutgoingCallV1,
        events: &["answered", "busy", "noAnswer", "failed"],
        default_event: "answered",
        need: None,
    },
    Spec {
        kind: WidgetKind::CreateTask,
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: WidgetKind::UpdateSyncObject,
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: WidgetKind::Understand,
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: WidgetKind::CreateChatChannel,
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: WidgetKind::AddMemberToChatChannel,
        events: &[],
        default_event: "",
        need: None,
    },
    Spec {
        kind: WidgetKind::CapturePayments,
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
        kind: WidgetKind::RunSubflow,
        events: &["completed", "failed"],
        default_event: "completed",
        need: None,
    },
    Spec {
        kind: WidgetKind::AddTwimlRedirect,
        events: &["return", "timeout", "fail"],
        default_event: "return",
        need: None,
    },
    Spec {
        kind: WidgetKind::ForkStream,
        events: &["next"],
        default_event: "next",
        need: None,
    },
    Spec {
        kind: WidgetKind::RecordCall,
        events: &["success", "failed"],
        default_event: "success",
        need: None,
    },
    Spec {
        kind: WidgetKind::ConnectVirtualAgent,
        events: &["completed", "hangup", "failed", "live-agent-handoff"],
        default_event: "completed",
        need: None,
    },
    Spec {
        kind: WidgetKind::ConnectVirtualAgentV2,
        events: &["completed", "hangup", "failed", "live-agent-handoff"],
        default_event: "completed",
        need: None,
    },
];

/// Widget types Studio's published schema has and sfdb knows no more of than their
/// transitions: they fire their first transition's event (any can be chosen) and write nothing.
pub const BY_TRANSITIONS: &[WidgetKind] = &[
    WidgetKind::CreateTask,
    WidgetKind::UpdateSyncObject,
    WidgetKind::Understand,
    WidgetKind::CreateChatChannel,
    WidgetKind::AddMemberToChatChannel,
];

pub fn spec(kind: &WidgetKind) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.kind == *kind)
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
