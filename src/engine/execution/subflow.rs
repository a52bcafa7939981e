//! run-subflow: running a subflow's own definition inside the parent execution, with its
//! requests and inputs passing through the parent.

use serde_json::Value;

use super::{Execution, Options, Progress, Status};
use crate::engine::context::Context;
use crate::engine::widgets::{self, Effect, Env};
use crate::flow::Widget;

impl Execution {
    /// Starts the subflow `sid` for the current widget, with its parameters as
    /// `trigger.parent.parameters`.
    pub(super) fn start_child(&mut self, sid: &str, parameters: serde_json::Map<String, Value>) {
        let flow = self.subflows[sid].clone();
        // The parent's trigger is the subflow's too (`trigger.call.CallSid` reads the parent's
        // call), beside the parameters it was given.
        let mut context = Context::new(&flow, "incomingParent");
        context.replace_trigger(&self.context);
        let _ = context.set("trigger.parent.parameters", Value::Object(parameters));
        let options = Options {
            trigger_event: "incomingParent".into(),
            // The subflow's steps count toward the parent's limit.
            max_steps: self
                .options
                .max_steps
                .saturating_sub(self.step_count() + 1)
                .max(1),
            twilio: self.options.twilio.clone(),
            strict_liquid: self.options.strict_liquid,
            function_urls: self.options.function_urls.clone(),
        };
        // The child gets no subflows of its own: Studio does not let a subflow run another (81024).
        let mut child = Execution::new(flow, context, self.liquid.clone(), options);
        child.set_script(self.script.clone());
        self.child = Some(Box::new(child));
    }

    /// Runs the subflow until it needs a request or input, or ends; then the run-subflow
    /// widget finishes with `completed` (the subflow ended) or `failed`.
    pub(super) fn advance_child(&mut self) -> Progress {
        let Some(child) = self.child.as_mut() else {
            return Progress::Halted;
        };
        loop {
            match child.advance() {
                Progress::Stepped if self.into_subflows => return Progress::Inside,
                Progress::Stepped | Progress::Inside => {}
                Progress::Http(request) => {
                    self.status = Status::Requesting;
                    return Progress::Http(request);
                }
                Progress::Halted => break,
            }
        }
        if let Status::Waiting { widget, reason } = child.status().clone() {
            self.status = Status::Waiting {
                widget: format!("{} › {widget}", self.current.as_deref().unwrap_or_default()),
                reason,
            };
            return Progress::Halted;
        }
        let child = self.child.take().expect("checked above");
        let Some((flow, index)) = self.current_widget() else {
            return Progress::Halted;
        };
        let widget = &flow.widgets[index];
        let ended = child.status() == &Status::Ended;
        let mut effect = Effect::event(if ended { "completed" } else { "failed" });
        effect.outputs = child.context().get("flow.variables").cloned();
        effect.notes.push(format!(
            "the subflow {} after {} steps: {}",
            child.status().name(),
            child.steps().len(),
            child.status().reason()
        ));
        effect.subflow = child.steps().to_vec();
        self.status = Status::Ready;
        self.finish(widget, effect);
        Progress::Stepped
    }
}

/// A subflow to run: its flow SID and the parameters it is given.
type SubflowCall = (String, serde_json::Map<String, Value>);

/// The flow SID and parameters a run-subflow widget calls, rendered.
pub(super) fn subflow_call(
    widget: &Widget,
    context: &Context,
    env: &Env<'_>,
) -> Result<Option<SubflowCall>, widgets::FieldError> {
    let sid = env.render("flow_sid", &widget.text("flow_sid"), context)?;
    let mut parameters = serde_json::Map::new();
    for (i, (key, value)) in widget.pairs("parameters").into_iter().enumerate() {
        let value = env.render(format_args!("parameters[{i}].value"), &value, context)?;
        parameters.insert(key, Value::String(value));
    }
    Ok((!sid.trim().is_empty()).then(|| (sid.trim().to_string(), parameters)))
}
