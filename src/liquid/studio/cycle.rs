//! `{% cycle %}` as Shopify runs it: a group's position is kept by the group's name (its
//! evaluated name, or the values as written when unnamed) and runs past the end of a shorter
//! list of values (giving nothing) before it wraps.

use std::collections::HashMap;
use std::io::Write;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::ValueView;
use liquid_core::{Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter};

use super::operand::{Operand, Tokens};

#[derive(Copy, Clone, Debug, Default)]
pub struct CycleTag;

impl TagReflection for CycleTag {
    fn tag(&self) -> &'static str {
        "cycle"
    }

    fn description(&self) -> &'static str {
        "Outputs the next of its values each time it runs."
    }
}

#[derive(Debug)]
enum Group {
    Named(Operand),
    Unnamed(String),
}

#[derive(Debug)]
struct Cycle {
    group: Group,
    values: Vec<Operand>,
}

impl ParseTag for CycleTag {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let mut tokens = Tokens::new(arguments);
        let first = tokens.expect("A value")?;
        let first_text = first.as_str().to_string();
        let first = Operand::expect(first)?;
        let mut values = Vec::new();
        let mut written = vec![first_text];
        let group = if tokens.peek_str() == Some(":") {
            tokens.next();
            written.clear();
            Some(first)
        } else {
            values.push(first);
            None
        };
        for token in tokens {
            if token.as_str() == "," {
                continue;
            }
            written.push(token.as_str().to_string());
            values.push(Operand::expect(token)?);
        }
        if values.is_empty() {
            return Err(liquid_core::Error::with_msg(
                "cycle needs at least one value after its name",
            ));
        }
        let group = match group {
            Some(name) => Group::Named(name),
            None => Group::Unnamed(written.join(",")),
        };
        Ok(Box::new(Cycle { group, values }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// Each group's next position.
#[derive(Default)]
struct Positions(HashMap<String, usize>);

impl Renderable for Cycle {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let key = match &self.group {
            Group::Named(name) => {
                let name = name.evaluate(runtime);
                if name.is_nil() {
                    "named:nil".to_string()
                } else {
                    format!("named:{}", name.to_kstr())
                }
            }
            Group::Unnamed(written) => format!("unnamed:{written}"),
        };
        let position = runtime
            .registers()
            .get_mut::<Positions>()
            .0
            .get(&key)
            .copied()
            .unwrap_or(0);
        if let Some(value) = self.values.get(position) {
            let value = value.evaluate(runtime);
            write!(writer, "{}", value.render()).replace("Failed to render")?;
        }
        let next = if position + 1 >= self.values.len() {
            0
        } else {
            position + 1
        };
        runtime
            .registers()
            .get_mut::<Positions>()
            .0
            .insert(key, next);
        Ok(())
    }
}
