//! One executor per widget type. An executor reads the context as it was when the widget was
//! entered and returns what the widget does; the execution applies it at the end of the step.

pub mod http_request;
mod set_variables;
mod split;

use std::cell::RefCell;

use serde_json::{Map, Value};

use super::context::Context;
use super::http::{HttpRecord, HttpRequest};
use super::liquid::Liquid;
use super::step::ConditionResult;
use crate::flow::Widget;

/// Account credentials for `add_twilio_auth` (from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioCredentials {
    pub account_sid: String,
    pub auth_token: String,
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
    /// Notes rendering left for the step (a loop cut at 15 iterations).
    pub notes: RefCell<Vec<String>>,
}

impl Env<'_> {
    /// Renders one field of a widget; an error names the field.
    pub fn render(&self, field: &str, template: &str, ctx: &Context) -> Result<String, FieldError> {
        let (text, cut) = self
            .liquid
            .render_noting_cut_loops(template, ctx)
            .map_err(|e| FieldError {
                field: field.to_string(),
                message: e.message,
            })?;
        if cut {
            self.notes.borrow_mut().push(format!(
                "field {field}: a for loop was cut at {} iterations, as Studio does",
                crate::engine::liquid::loops::MAX_ITERATIONS
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
    pub transcript: Vec<crate::engine::simulated::Line>,
    pub subflow: Vec<crate::engine::step::Step>,
    pub notes: Vec<String>,
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
    NeedsInput(crate::engine::simulated::Need),
    /// The engine does not simulate this widget type yet.
    Unsupported,
}

/// Runs a widget. `forced` is an event the run chose for it and `input` what the contact
/// answered, for the widgets that take them.
pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    forced: Option<String>,
    input: Option<crate::engine::script::Input>,
) -> Result<Outcome, FieldError> {
    use crate::engine::simulated;
    match widget.kind.as_str() {
        "trigger" => Ok(Outcome::Fired(Effect::event(env.trigger_event))),
        "set-variables" => set_variables::run(widget, ctx, env).map(Outcome::Fired),
        "split-based-on" => split::run(widget, ctx, env).map(Outcome::Fired),
        "make-http-request" | "run-function" => http_request::prepare(widget, ctx, env),
        kind if simulated::spec(kind).is_some() => {
            Ok(match simulated::run(widget, ctx, env, forced, input)? {
                Ok(effect) => Outcome::Fired(effect),
                Err(need) => Outcome::NeedsInput(need),
            })
        }
        _ => Ok(Outcome::Unsupported),
    }
}
