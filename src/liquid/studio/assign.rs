//! `assign`, as Shopify Liquid reads its target: a name may be only digits (`{% assign 123 = 1 %}`
//! is accepted, though `{{ 123 }}` still reads the number), and may not end in `?`, which only
//! names the data may use.

use std::io::Write;

use liquid_core::error::{Error, ResultLiquidExt};
use liquid_core::model::KString;
use liquid_core::parser::{FilterChain, TagToken};
use liquid_core::{Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter};

#[derive(Copy, Clone, Debug, Default)]
pub struct AssignTag;

/// The name a tag (`assign`, `capture`) sets.
pub fn target_name(token: TagToken<'_>) -> Result<KString> {
    let text = token.as_str().trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(text.to_string().into());
    }
    let name = token.expect_identifier().into_result()?;
    if name.ends_with('?') {
        return Err(Error::with_msg(format!(
            "`{name}` cannot be set: a name that a template sets cannot end in `?`"
        )));
    }
    Ok(name.to_string().into())
}

impl TagReflection for AssignTag {
    fn tag(&self) -> &'static str {
        "assign"
    }

    fn description(&self) -> &'static str {
        "Sets a variable."
    }
}

impl ParseTag for AssignTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let target = target_name(arguments.expect_next("Identifier expected.")?)?;
        arguments
            .expect_next("Assignment operator \"=\" expected.")?
            .expect_str("=")
            .into_result_custom_msg("Assignment operator \"=\" expected.")?;
        let source = arguments
            .expect_next("FilterChain expected.")?
            .expect_filter_chain(options)
            .into_result()?;
        arguments.expect_nothing()?;
        Ok(Box::new(Assign { target, source }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Assign {
    target: KString,
    source: FilterChain,
}

impl Renderable for Assign {
    fn render_to(&self, _writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let value = self
            .source
            .evaluate(runtime)
            .trace_with(|| format!("{{% assign {} = {} %}}", self.target, self.source).into())?
            .into_owned();
        runtime.set_global(self.target.clone(), value);
        Ok(())
    }
}
