//! Reading an expression against a context as the flow would render it: what the debugger's
//! prompt, its watches and the debug adapter's console and hovers show.

use super::Context;
use crate::liquid::Liquid;

/// What an expression rendered to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluated {
    /// The text (URL passwords masked), or the template's error in words.
    pub value: Result<String, String>,
    /// Studio's warning, when the flow would log one (an unknown filter: 81018).
    pub warning: Option<String>,
}

impl Context {
    /// Renders `expression` against this context. Text without `{{` or `{%` is read as the
    /// expression `{{ … }}` (a path `Y` copied pastes back as its value). An unknown filter
    /// passes its input through, as in a run, with warning 81018 and its cause in one line.
    pub fn evaluate(&self, liquid: &Liquid, expression: &str) -> Evaluated {
        let template = if expression.contains("{{") || expression.contains("{%") {
            expression.to_string()
        } else {
            format!("{{{{ {} }}}}", expression.trim())
        };
        match liquid.inspect(&template, self) {
            Ok(text) => Evaluated {
                value: Ok(crate::mask::url(&text)),
                warning: None,
            },
            Err(e) if crate::liquid::unknown_filter(&e.message).is_some() => {
                let forgiven = liquid.render_forgiving(&template, self);
                let warning = forgiven
                    .errors
                    .first()
                    .map(|cause| format!("81018 {cause}: Studio passes the value through"));
                Evaluated {
                    value: Ok(crate::mask::url(&forgiven.text)),
                    warning,
                }
            }
            Err(e) => Evaluated {
                value: Err(e.message),
                warning: None,
            },
        }
    }
}
