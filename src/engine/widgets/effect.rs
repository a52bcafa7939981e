//! What executors share: what they may use ([`Env`]), what they return ([`Outcome`],
//! [`Effect`]) and how a field fails ([`FieldError`]). Every executor uses this module; it uses
//! none of them.

use std::cell::RefCell;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::engine::context::Context;
use crate::engine::http::{HttpRecord, HttpRequest};
use crate::engine::step::{ConditionResult, Line, Step, Warning, TEMPLATE_ERROR};
use crate::flow::Widget;
use crate::liquid::loops::MAX_ITERATIONS;
use crate::liquid::Liquid;

/// Account credentials for `add_twilio_auth` (from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).
#[derive(Clone, PartialEq, Eq)]
pub struct TwilioCredentials {
    pub account_sid: String,
    pub auth_token: String,
}

/// The token never prints, and the account only by its first characters.
impl std::fmt::Debug for TwilioCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: String = self.account_sid.chars().take(4).collect();
        f.debug_struct("TwilioCredentials")
            .field("account_sid", &format!("{shown}…"))
            .field("auth_token", &"***")
            .finish()
    }
}

impl TwilioCredentials {
    pub fn from_env() -> Option<TwilioCredentials> {
        let account_sid = std::env::var("TWILIO_ACCOUNT_SID").ok()?;
        let auth_token = std::env::var("TWILIO_AUTH_TOKEN").ok()?;
        (!account_sid.is_empty() && !auth_token.is_empty()).then_some(TwilioCredentials {
            account_sid,
            auth_token,
        })
    }
}

/// What executors may use besides the widget and the context.
pub struct Env<'a> {
    pub liquid: &'a Liquid,
    pub trigger_event: &'a str,
    pub twilio: Option<&'a TwilioCredentials>,
    /// Run Function URLs by Function SID, for widgets that name no URL.
    pub function_urls: &'a std::collections::BTreeMap<String, String>,
    /// Notes rendering left for the step (a loop cut at 15 iterations).
    pub notes: RefCell<Vec<String>>,
    /// A template error stops the run (`--strict-liquid`) instead of being a warning.
    pub strict: bool,
    /// Template errors met, as Studio's warnings.
    pub warnings: RefCell<Vec<Warning>>,
    /// A mock answers this widget's request: one that names no URL needs none.
    pub mocked: bool,
}

impl Env<'_> {
    /// Renders one field of a widget; an error names the field. The name is only spelled out
    /// when it is needed, so a render in a loop formats nothing.
    pub fn render(
        &self,
        field: impl std::fmt::Display,
        template: &str,
        ctx: &Context,
    ) -> Result<String, FieldError> {
        let (text, cut) = if self.strict {
            self.liquid
                .render_noting_cut_loops(template, ctx)
                .map_err(|e| FieldError {
                    field: field.to_string(),
                    message: e.message,
                })?
        } else {
            let forgiven = self.liquid.render_forgiving(template, ctx);
            for error in forgiven.errors {
                self.warnings.borrow_mut().push(Warning {
                    code: TEMPLATE_ERROR,
                    message: format!("field {field}: {error}"),
                });
            }
            (forgiven.text, forgiven.cut)
        };
        if cut {
            self.notes.borrow_mut().push(format!(
                "field {field}: a for loop was cut at {MAX_ITERATIONS} iterations, as Studio does"
            ));
        }
        Ok(text)
    }
}

/// A field whose Liquid could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What a widget did: the event it fires and what it writes to the context.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effect {
    pub event: String,
    /// The transition to take when several share the event (Split Based On's `match`).
    pub transition: Option<usize>,
    pub outputs: Option<Value>,
    pub variables: Map<String, Value>,
    pub conditions: Vec<ConditionResult>,
    pub http: Option<HttpRecord>,
    pub transcript: Vec<Line>,
    pub subflow: Vec<Step>,
    pub notes: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Effect {
    pub fn event(event: &str) -> Effect {
        Effect {
            event: event.to_string(),
            ..Effect::default()
        }
    }
}

// An outcome lives for one call; boxing its variants would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fired(Effect),
    /// The widget needs an HTTP exchange; notes are carried to its step.
    Http(HttpRequest, Vec<String>),
    /// The widget waits for the contact and the run has no input for it.
    NeedsInput(Need),
    /// The engine does not simulate this widget type yet.
    Unsupported,
}

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

/// A simulated widget's run in the making: the event it will fire (the forced one or its
/// type's default), the outputs it writes and the transcript lines it adds.
pub struct Simulation {
    pub event: String,
    /// The event the run chose for the widget, if any: input is then not awaited.
    pub forced: Option<String>,
    pub outputs: Map<String, Value>,
    pub lines: Vec<Line>,
}

impl Simulation {
    pub fn new(forced: Option<String>, default_event: &str) -> Simulation {
        Simulation {
            event: forced.clone().unwrap_or_else(|| default_event.to_string()),
            forced,
            outputs: Map::new(),
            lines: Vec::new(),
        }
    }

    pub fn say(&mut self, direction: &'static str, text: impl Into<String>) {
        self.lines.push(Line::new(direction, text));
    }

    pub fn output(&mut self, name: &str, value: Value) {
        self.outputs.insert(name.to_string(), value);
    }

    /// The effect of the finished simulation.
    pub fn into_effect(self) -> Effect {
        let mut effect = Effect::event(&self.event);
        if !self.outputs.is_empty() {
            effect.outputs = Some(Value::Object(self.outputs));
        }
        if self.forced.is_some() {
            effect
                .notes
                .push(format!("event {} chosen for this run", self.event));
        }
        effect.transcript = self.lines;
        effect
    }
}

/// A widget field rendered against the context.
pub fn rendered(
    env: &Env<'_>,
    widget: &Widget,
    ctx: &Context,
    field: &str,
) -> Result<String, FieldError> {
    env.render(field, &widget.text_ref(field), ctx)
}

/// `text`, or `default` when it is blank.
pub fn or_default(text: String, default: &str) -> String {
    if text.trim().is_empty() {
        default.to_string()
    } else {
        text
    }
}

/// A deterministic placeholder SID with Studio's prefix for the resource.
pub fn sid(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}
