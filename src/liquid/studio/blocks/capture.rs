//! `capture` as the crate's, within the render's budget: a capture that doubles its own
//! variable in a loop is a Liquid error at 1 MB, not gigabytes.

use std::io::Write;

use liquid_core::error::ResultLiquidExt;
use liquid_core::model::{KString, Value};
use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
    Template,
};

use crate::liquid::loops::Capped;

#[derive(Copy, Clone, Debug, Default)]
pub struct CaptureBlock;

impl BlockReflection for CaptureBlock {
    fn start_tag(&self) -> &str {
        "capture"
    }

    fn end_tag(&self) -> &str {
        "endcapture"
    }

    fn description(&self) -> &str {
        "Renders its body into a variable."
    }
}

impl ParseBlock for CaptureBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let id: KString =
            super::super::assign::target_name(arguments.expect_next("Identifier expected")?)?;
        arguments.expect_nothing()?;
        let template = Template::new(
            tokens
                .parse_all(options)
                .trace_with(|| format!("{{% capture {id} %}}").into())?,
        );
        tokens.assert_empty();
        Ok(Box::new(Capture { id, template }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct Capture {
    id: KString,
    template: Template,
}

impl Renderable for Capture {
    fn render_to(&self, _writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut captured = Capped(Vec::new());
        self.template
            .render_to(&mut captured, runtime)
            .trace_with(|| format!("{{% capture {} %}}", self.id).into())?;
        let text = String::from_utf8(captured.0)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        runtime.set_global(self.id.clone(), Value::scalar(text));
        Ok(())
    }
}
