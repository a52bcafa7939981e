use serde_json::{Number, Value};

use super::{Effect, Env, FieldError};
use crate::engine::conditions::number_literal;
use crate::engine::context::Context;
use crate::flow::Widget;

/// Renders every value against the context as entered; the execution writes them together.
pub fn run(widget: &Widget, ctx: &Context, env: &Env<'_>) -> Result<Effect, FieldError> {
    let mut effect = Effect::event("next");
    for (key, template) in widget.pairs_ref("variables") {
        let text = env.render(format_args!("variables.{key}"), &template, ctx)?;
        effect.variables.insert(key.into_owned(), typed(&text));
    }
    Ok(effect)
}

/// Studio stores a value "numeric if you do not enclose it in quotation marks": a rendered
/// value whose trimmed text is a number literal becomes a number, anything else stays text.
pub fn typed(text: &str) -> Value {
    let trimmed = text.trim();
    if number_literal(trimmed).is_none() {
        return Value::String(text.to_string());
    }
    if let Ok(i) = trimmed.parse::<i64>() {
        return Value::Number(i.into());
    }
    trimmed
        .parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or_else(|| Value::String(text.to_string()), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::typed;
    use serde_json::json;

    #[test]
    fn numbers_become_numbers_and_the_rest_stays_text() {
        assert_eq!(typed(" 1 "), json!(1));
        assert_eq!(typed("\n  2\n"), json!(2));
        assert_eq!(typed("-3.5"), json!(-3.5));
        assert_eq!(typed("007"), json!("007"));
        assert_eq!(typed("12 apples"), json!("12 apples"));
        assert_eq!(typed(""), json!(""));
        assert_eq!(typed("\"5\""), json!("\"5\""));
    }
}
