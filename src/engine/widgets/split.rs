use super::{Effect, Env, FieldError};
use crate::engine::conditions;
use crate::engine::context::Context;
use crate::engine::step::ConditionResult;
use crate::flow::Widget;

/// Tries the `match` transitions in file order; the first whose conditions all hold wins.
/// Every condition is evaluated (none has side effects) so the debugger can show them all.
pub fn run(widget: &Widget, ctx: &Context, env: &Env<'_>) -> Result<Effect, FieldError> {
    let input = env.render("input", &widget.text_ref("input"), ctx)?;
    let mut effect = Effect::event("noMatch");
    for (index, transition) in widget.transitions.iter().enumerate() {
        if transition.event != "match" {
            continue;
        }
        if transition.conditions.is_empty() {
            effect.notes.push(format!(
                "transition {} (match) has no conditions and never matches",
                index + 1
            ));
            continue;
        }
        let mut all = true;
        for (ci, condition) in transition.conditions.iter().enumerate() {
            let field = format_args!("transitions[{index}].conditions[{ci}].value");
            let value = env.render(field, &condition.value, ctx)?;
            let (held, note) = match conditions::holds(&condition.kind, &input, &value) {
                Ok(held) => (held, None),
                Err(why) => (false, Some(why)),
            };
            all &= held;
            effect.conditions.push(ConditionResult {
                transition: index,
                friendly_name: condition.friendly_name.clone(),
                kind: condition.kind.clone(),
                input: input.clone(),
                value,
                held,
                note,
            });
        }
        if all && effect.transition.is_none() {
            effect.event = "match".into();
            effect.transition = Some(index);
        }
    }
    Ok(effect)
}
