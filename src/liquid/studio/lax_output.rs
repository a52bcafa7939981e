//! Outputs that fail in place, as Shopify Liquid renders outside strict mode: `a{{ 1 |
//! divided_by: 0 }}b` is `aLiquid error: divided by 0b`, and the rest of the template still
//! renders. A render that failed at run time is tried again with each `{{ … }}` written as
//! `{% _lax … %}`, which this tag renders; the errors it met are kept for the step's 81018
//! warnings.

use std::cell::RefCell;
use std::io::Write;
use std::sync::LazyLock;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::ValueView;
use liquid_core::parser::FilterChain;
use liquid_core::{Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter};
use regex::Regex;

pub const TAG: &str = "_lax";

thread_local! {
    static MET: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The errors the outputs met since the last call (renders on one thread run one at a time).
pub fn take_errors() -> Vec<String> {
    MET.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

#[derive(Copy, Clone, Debug)]
pub struct LaxOutputTag;

impl TagReflection for LaxOutputTag {
    fn tag(&self) -> &'static str {
        TAG
    }

    fn description(&self) -> &'static str {
        "An output whose error is written in its place."
    }
}

impl ParseTag for LaxOutputTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let chain = arguments
            .expect_next("an expression")?
            .expect_filter_chain(options)
            .into_result()?;
        arguments.expect_nothing()?;
        Ok(Box::new(LaxOutput { chain }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct LaxOutput {
    chain: FilterChain,
}

impl Renderable for LaxOutput {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let text = match self.chain.evaluate(runtime) {
            Ok(value) => value.render().to_string(),
            Err(e) => {
                let message = e.to_string();
                let head = message
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let said = shopify_words(&head).to_string();
                MET.with(|m| m.borrow_mut().push(head));
                format!("Liquid error: {said}")
            }
        };
        write!(writer, "{text}").replace("Failed to render")?;
        Ok(())
    }
}

/// The crate's `liquid: filter divided_by: divided by 0` as Shopify says it: `divided by 0`.
fn shopify_words(head: &str) -> &str {
    let head = head.strip_prefix("liquid: ").unwrap_or(head);
    match head.strip_prefix("filter ") {
        Some(rest) => rest.split_once(": ").map_or(rest, |(_, said)| said),
        None => head,
    }
}

static OUTPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{(-?)((?:[^}'"]|'[^']*'|"[^"]*"|\}[^}])*?)(-?)\}\}"#).expect("a valid pattern")
});

/// `template` with each output written as the tag, whitespace control kept; `None` where the
/// text could hold an output that is not one (`raw`), or there is none.
pub fn rewrite(template: &str) -> Option<String> {
    if template.contains("raw") || !template.contains("{{") {
        return None;
    }
    let out = OUTPUT.replace_all(template, |c: &regex::Captures<'_>| {
        let expression = c[2].trim();
        if expression.is_empty() {
            c[0].to_string()
        } else {
            format!("{{%{} {TAG} {expression} {}%}}", &c[1], &c[3])
        }
    });
    Some(out.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_become_the_tag_with_their_whitespace_control() {
        assert_eq!(
            rewrite("a{{ 1 | divided_by: 0 }}b{{- x -}}").as_deref(),
            Some("a{% _lax 1 | divided_by: 0 %}b{%- _lax x -%}")
        );
        assert_eq!(rewrite("{% raw %}{{ x }}{% endraw %}"), None);
        assert_eq!(
            shopify_words("liquid: filter divided_by: divided by 0"),
            "divided by 0"
        );
    }
}
