//! One executor per widget family. An executor reads the context as it was when the widget was
//! entered and returns what the widget does; the execution applies it at the end of the step.
//!
//! `effect` holds what the executors share and imports none of them; `catalog` lists the
//! simulated types' events; this module only dispatches a widget to its executor.

pub mod catalog;
mod effect;
mod handoff;
pub mod http_request;
mod messaging;
mod set_variables;
mod split;
mod voice;

pub use effect::{Effect, Env, FieldError, Need, Outcome, TwilioCredentials};

use crate::engine::context::Context;
use crate::engine::script::Input;
use crate::flow::{Widget, WidgetKind};
use effect::Simulation;

/// Runs a widget. `forced` is an event the run chose for it and `input` what the contact
/// answered, for the widgets that take them.
pub fn run(
    widget: &Widget,
    ctx: &Context,
    env: &Env<'_>,
    forced: Option<String>,
    input: Option<Input>,
) -> Result<Outcome, FieldError> {
    let kind = &widget.kind;
    match kind {
        WidgetKind::Trigger => return Ok(Outcome::Fired(Effect::event(env.trigger_event))),
        WidgetKind::SetVariables => {
            return set_variables::run(widget, ctx, env).map(Outcome::Fired)
        }
        WidgetKind::SplitBasedOn => return split::run(widget, ctx, env).map(Outcome::Fired),
        kind if kind.sends_http() => return http_request::prepare(widget, ctx, env),
        _ => {}
    }
    let Some(spec) = catalog::spec(kind) else {
        return Ok(Outcome::Unsupported);
    };
    let first = widget.transitions.first().map(|t| t.event.as_str());
    let default = match spec.default_event {
        "" => first.unwrap_or("next"),
        known => known,
    };
    let mut sim = Simulation::new(forced, default);
    let need = match kind {
        WidgetKind::SendMessage | WidgetKind::SendAndWaitForReply => {
            messaging::run(widget, ctx, env, &mut sim, input)?
        }
        WidgetKind::EnqueueCall
        | WidgetKind::SendToFlex
        | WidgetKind::RunSubflow
        | WidgetKind::ConnectVirtualAgent
        | WidgetKind::ConnectVirtualAgentV2 => {
            handoff::run(widget, ctx, env, &mut sim)?;
            None
        }
        kind if catalog::BY_TRANSITIONS.contains(kind) => {
            sim.say("call", format!("{kind} (simulated: fires {})", sim.event));
            None
        }
        _ => voice::run(widget, ctx, env, &mut sim, input)?,
    };
    Ok(match need {
        Some(need) => Outcome::NeedsInput(need),
        None => Outcome::Fired(sim.into_effect()),
    })
}
