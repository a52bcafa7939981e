//! `if` and `unless`: branches tried in order, the first that holds rendered; `else` always
//! holds, so branches after the first `else` never render (Shopify ignores them, no error).

use std::io::Write;

use liquid_core::error::ResultLiquidExt;
use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
};

use super::condition::Condition;
use super::{parse_until, report_blank, Body};

#[derive(Copy, Clone, Debug)]
pub struct IfBlock {
    /// `unless`: the first condition negated.
    negated: bool,
}

pub const IF: IfBlock = IfBlock { negated: false };
pub const UNLESS: IfBlock = IfBlock { negated: true };

impl BlockReflection for IfBlock {
    fn start_tag(&self) -> &str {
        if self.negated {
            "unless"
        } else {
            "if"
        }
    }

    fn end_tag(&self) -> &str {
        if self.negated {
            "endunless"
        } else {
            "endif"
        }
    }

    fn description(&self) -> &str {
        "Renders the first branch whose condition holds."
    }
}

#[derive(Debug)]
struct Branch {
    /// `None` for `else`.
    condition: Option<Condition>,
    body: Body,
}

#[derive(Debug)]
struct Conditional {
    negated: bool,
    branches: Vec<Branch>,
    blank: bool,
}

impl ParseBlock for IfBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        mut block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let mut condition = Some(Condition::parse(arguments)?);
        let mut branches = Vec::new();
        loop {
            let (body, next) = parse_until(&mut block, &["elsif", "else"], options)?;
            branches.push(Branch { condition, body });
            match next {
                None => break,
                Some(tag) if tag.name() == "elsif" => {
                    condition = Some(Condition::parse(tag.into_tokens())?);
                }
                Some(_) => condition = None,
            }
        }
        block.assert_empty();
        let blank = branches.iter().all(|b| b.body.blank);
        report_blank(blank);
        Ok(Box::new(Conditional {
            negated: self.negated,
            branches,
            blank,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

impl Renderable for Conditional {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        for (i, branch) in self.branches.iter().enumerate() {
            let holds = match &branch.condition {
                None => true,
                Some(c) => {
                    let holds = c.evaluate(runtime).trace_with(|| {
                        format!("{{% {} %}}", if self.negated { "unless" } else { "if" }).into()
                    })?;
                    holds != (self.negated && i == 0)
                }
            };
            if holds {
                return branch.body.render_unless_blank(writer, runtime, self.blank);
            }
        }
        Ok(())
    }
}
