//! A widget's type, as Studio's export names it. Every type sfdb knows is a variant; any other
//! is kept whole in `Other`, so nothing a user wrote is lost and it is saved back as written.

use std::fmt;

macro_rules! kinds {
    ($($variant:ident => $text:literal,)*) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum WidgetKind {
            $($variant,)*
            /// A type sfdb does not know, as the export writes it.
            Other(String),
        }

        impl WidgetKind {
            /// The type for the export's `type` text.
            pub fn parse(text: &str) -> WidgetKind {
                match text {
                    $($text => WidgetKind::$variant,)*
                    other => WidgetKind::Other(other.to_string()),
                }
            }

            /// The export's text for the type.
            pub fn as_str(&self) -> &str {
                match self {
                    $(WidgetKind::$variant => $text,)*
                    WidgetKind::Other(text) => text,
                }
            }
        }
    };
}

kinds! {
    Trigger => "trigger",
    SetVariables => "set-variables",
    SplitBasedOn => "split-based-on",
    MakeHttpRequest => "make-http-request",
    RunFunction => "run-function",
    RunFunctionV2 => "run-function-v2",
    RunSubflow => "run-subflow",
    SendMessage => "send-message",
    SendAndWaitForReply => "send-and-wait-for-reply",
    GatherInputOnCall => "gather-input-on-call",
    SayPlay => "say-play",
    ConnectCallTo => "connect-call-to",
    RecordVoicemail => "record-voicemail",
    RecordCall => "record-call",
    EnqueueCall => "enqueue-call",
    SendToFlex => "send-to-flex",
    MakeOutgoingCallV1 => "make-outgoing-call-v1",
    MakeOutgoingCallV2 => "make-outgoing-call-v2",
    CapturePayments => "capture-payments",
    AddTwimlRedirect => "add-twiml-redirect",
    ForkStream => "fork-stream",
    ConnectVirtualAgent => "connect-virtual-agent",
    ConnectVirtualAgentV2 => "connect-virtual-agent-v2",
    CreateTask => "create-task",
    UpdateSyncObject => "update-sync-object",
    Understand => "understand",
    CreateChatChannel => "create-chat-channel",
    AddMemberToChatChannel => "add-member-to-chat-channel",
}

impl WidgetKind {
    /// Make HTTP Request or Run Function: the widgets that send a request sfdb can edit.
    pub fn sends_http(&self) -> bool {
        self.is_function() || *self == WidgetKind::MakeHttpRequest
    }

    /// Run Function, in either version.
    pub fn is_function(&self) -> bool {
        matches!(self, WidgetKind::RunFunction | WidgetKind::RunFunctionV2)
    }
}

impl fmt::Display for WidgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for WidgetKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
