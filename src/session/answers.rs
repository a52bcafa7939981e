//! What the command line answers for widgets that wait for the contact: `--input WIDGET=TEXT`
//! (a reply), `--digits`, `--speech`, and `--event WIDGET=EVENT` (a timeout, a delivery
//! failure), each repeated for later visits, as a scenario's `inputs` and `events` do.

use crate::engine::script::Input;
use crate::engine::widgets::catalog;
use crate::engine::Execution;

use super::SetupError;

/// Which option gave an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Input,
    Digits,
    Speech,
    Event,
}

impl Answer {
    pub fn option(self) -> &'static str {
        match self {
            Answer::Input => "--input",
            Answer::Digits => "--digits",
            Answer::Speech => "--speech",
            Answer::Event => "--event",
        }
    }
}

/// Queues each answer (`WIDGET=TEXT`, in the user's spelling) for its widget, after what a
/// scenario gave it; an unknown widget, one that takes no input, or an event the widget does
/// not have is an error naming the option.
pub fn apply(execution: &mut Execution, answers: &[(Answer, String)]) -> Result<(), SetupError> {
    for (answer, text) in answers {
        let option = answer.option();
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| SetupError(format!("{option} {text}: expected WIDGET=VALUE")))?;
        let flow = execution.flow();
        let Some(widget) = flow.widget(name) else {
            return Err(SetupError(format!(
                "{option} {name}: the flow has no widget {name}{}",
                crate::words::did_you_mean(name, flow.widgets.iter().map(|w| w.name.as_str()))
            )));
        };
        let kind = widget.kind.clone();
        if *answer == Answer::Event {
            let known = catalog::events(widget);
            if catalog::spec(&kind).is_none() || !known.iter().any(|e| e == value) {
                return Err(SetupError(format!(
                    "{option} {name}={value}: widget {name} ({kind}) has no chosen event \
                     {value}{} (it has: {})",
                    crate::words::did_you_mean(value, known.iter().map(String::as_str)),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
            execution.script_mut().push_event(name, value);
            continue;
        }
        if catalog::spec(&kind).and_then(|s| s.need).is_none() {
            return Err(SetupError(format!(
                "{option} {name}: widget {name} ({kind}) takes no input"
            )));
        }
        let input = match answer {
            Answer::Digits => Input::Digits {
                digits: value.to_string(),
            },
            Answer::Speech => Input::Speech {
                speech: value.to_string(),
            },
            _ => Input::Text(value.to_string()),
        };
        execution.script_mut().push_input(name, input);
    }
    Ok(())
}
