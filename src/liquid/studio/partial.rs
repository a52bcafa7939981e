//! `{% include %}` and `{% render %}` as Shopify Liquid has them: `with`/`for` bindings, `as`
//! aliases, keyword arguments with or without commas, and `render`'s isolated scope (its own
//! variables and counters, a `forloop` without `parentloop`).

use std::io::Write;

use liquid_core::error::ResultLiquidExt;
use liquid_core::model::{KString, Object, Value, ValueView};
use liquid_core::runtime::{Expression, Runtime, RuntimeBuilder, StackFrame};
use liquid_core::{Error, Language, ParseTag, Renderable, Result, TagReflection, TagTokenIter};

use super::blocks::for_block::forloop;
use super::operand::{Operand, Tokens};
use crate::liquid::runtime::LaxRuntime;

#[derive(Copy, Clone, Debug)]
pub struct PartialTag {
    /// `render` when true: the partial sees only what is passed to it.
    isolated: bool,
}

pub const INCLUDE: PartialTag = PartialTag { isolated: false };
pub const RENDER: PartialTag = PartialTag { isolated: true };

impl TagReflection for PartialTag {
    fn tag(&self) -> &'static str {
        if self.isolated {
            "render"
        } else {
            "include"
        }
    }

    fn description(&self) -> &'static str {
        "Renders a named template."
    }
}

#[derive(Debug, PartialEq)]
enum Binding {
    With,
    For,
}

#[derive(Debug)]
struct Call {
    isolated: bool,
    partial: Expression,
    bound: Option<(Binding, Operand)>,
    alias: Option<KString>,
    arguments: Vec<(KString, Operand)>,
}

impl ParseTag for PartialTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let partial = arguments
            .expect_next("The name of a template is expected.")?
            .expect_value()
            .into_result()?;
        let mut tokens = Tokens::new(arguments);
        let bound = match tokens.peek_str() {
            Some("with") => Some(Binding::With),
            Some("for") => Some(Binding::For),
            _ => None,
        };
        let bound = match bound {
            Some(binding) => {
                tokens.next();
                Some((binding, tokens.operand("A value after `with` or `for`")?))
            }
            None => None,
        };
        let mut alias = None;
        if tokens.peek_str() == Some("as") {
            tokens.next();
            let name = tokens.expect("A name after `as`")?;
            alias = Some(KString::from_ref(name.expect_identifier().into_result()?));
        }
        let mut keyword = Vec::new();
        while let Some(token) = tokens.next() {
            if token.as_str() == "," {
                continue;
            }
            let name = KString::from_ref(token.expect_identifier().into_result()?);
            let colon = tokens.expect("`:` after an argument name")?;
            if colon.as_str() != ":" {
                return Err(colon.raise_custom_error("`:` is expected"));
            }
            keyword.push((name, tokens.operand("A value after `:`")?));
        }
        Ok(Box::new(Call {
            isolated: self.isolated,
            partial,
            bound,
            alias,
            arguments: keyword,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

impl Call {
    fn render_with(
        &self,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        name: &str,
        variables: Object,
    ) -> Result<()> {
        let template = runtime.partials().get(name)?;
        if self.isolated {
            let scope = RuntimeBuilder::new()
                .set_globals(&variables)
                .set_partials(runtime.partials())
                .build();
            template.render_to(writer, &LaxRuntime::new(scope))
        } else {
            let scope = StackFrame::new(runtime, &variables);
            template.render_to(writer, &LaxRuntime::new(scope))
        }
    }
}

impl Renderable for Call {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let name = self.partial.evaluate(runtime)?;
        if !name.is_scalar() {
            return Error::with_msg("the name of a template must be text").into_err();
        }
        let name = name.to_kstr().into_owned();
        let mut variables = Object::new();
        for (key, value) in &self.arguments {
            variables.insert(key.clone(), value.evaluate(runtime).into_owned());
        }
        let as_name = self.alias.clone().unwrap_or_else(|| name.clone());
        let trace = || {
            format!(
                "{{% {} '{name}' %}}",
                if self.isolated { "render" } else { "include" }
            )
        };
        match &self.bound {
            None => self.render_with(writer, runtime, &name, variables),
            Some((binding, value)) => {
                let value = value.evaluate(runtime).into_owned();
                match (binding, value) {
                    (Binding::For, Value::Array(items)) => {
                        let length = items.len();
                        for (i, item) in items.into_iter().enumerate() {
                            let mut scope = variables.clone();
                            scope.insert(as_name.clone(), item);
                            if self.isolated {
                                scope.insert("forloop".into(), forloop(&name, i, length, None));
                            }
                            self.render_with(writer, runtime, &name, scope)
                                .trace_with(|| trace().into())?;
                        }
                        Ok(())
                    }
                    (_, value) => {
                        variables.insert(as_name, value);
                        self.render_with(writer, runtime, &name, variables)
                    }
                }
            }
        }
        .trace_with(|| trace().into())
    }
}
