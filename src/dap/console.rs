//! The debug console's side of a session: what each step says (the transcript, each request
//! and its answer, Studio's warnings), and the answers a user types for a widget that waits.

use crate::engine::script::Input;
use crate::engine::{Execution, Step};

/// How a waiting widget is answered, as the stop that waits says it.
pub const ANSWERS: &str = "reply TEXT, digits 1, speech WORDS, or event NAME";

/// What a step says, as `(category, text)` for `output` events.
pub fn said(step: &Step) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "console",
        format!(
            "step {}: {} → {} → {}",
            step.step, step.transitioned_from, step.name, step.transitioned_to
        ),
    )];
    for line in &step.transcript {
        let who = match line.direction {
            "in" => "contact",
            "call" => "call",
            _ => step.transitioned_from.as_str(),
        };
        out.push(("stdout", format!("{who}: {}", crate::mask::url(&line.text))));
    }
    if let Some(http) = &step.http {
        let asked = http.request.as_ref().map_or_else(
            || "no request".into(),
            |r| format!("{} {}", r.method, crate::mask::url(&r.url)),
        );
        let answer = match (&http.response, &http.error) {
            (Some(r), _) => format!("{}", r.status),
            (None, Some(e)) => format!("error: {e}"),
            (None, None) => "no answer".into(),
        };
        let mocked = if http.mocked { " (mocked)" } else { "" };
        out.push((
            "console",
            format!("{asked} → {answer} in {} ms{mocked}", http.time_ms),
        ));
        if let Some(call) = &http.function {
            out.push((
                "console",
                format!("  sent to {}", crate::mask::url(&call.sent_to)),
            ));
            for line in &call.function_output {
                out.push(("stdout", format!("  | {line}")));
            }
        }
    }
    for w in &step.warnings {
        out.push(("stderr", format!("warning {}: {}", w.code, w.message)));
    }
    out
}

/// A console line that answers the waiting widget (`reply 42`, `digits 1`, `speech billing`,
/// `event timeout`): what was done, or why not; `None` for any other line (an expression).
pub fn answer(execution: &mut Execution, line: &str) -> Option<Result<String, String>> {
    let (word, rest) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
    let rest = rest.trim().to_string();
    let input = match word {
        "reply" => Input::Text(rest.clone()),
        "digits" => Input::Digits {
            digits: rest.clone(),
        },
        "speech" => Input::Speech {
            speech: rest.clone(),
        },
        "event" => {
            let widget = execution.current().unwrap_or_default().to_string();
            return Some(if rest.is_empty() {
                Err("event NAME: name the event, like event timeout".into())
            } else if execution.choose_event(&rest) {
                Ok(format!(
                    "{widget} fires {rest} when it runs: continue or step"
                ))
            } else {
                Err("no widget to fire it".into())
            });
        }
        _ => return None,
    };
    let widget = execution.current().unwrap_or_default().to_string();
    Some(if execution.provide_input(input) {
        Ok(format!("{widget} gets {word} {rest}: continue or step"))
    } else {
        Err(format!("no widget waits for an answer ({ANSWERS})"))
    })
}

/// The path under the cursor as an editor hands it over, without the braces and quotes
/// around it in the flow's JSON (`"{{widgets.get_order.parsed.status}}"`).
pub fn hovered(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == ',' || c.is_whitespace())
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hovered_path_loses_the_json_and_liquid_around_it() {
        assert_eq!(
            hovered("\"{{widgets.get_order.parsed.status}}\","),
            "widgets.get_order.parsed.status"
        );
        assert_eq!(hovered("flow.variables.count"), "flow.variables.count");
    }
}
