//! `case`/`when`/`else` as Shopify runs it: every `when` value that matches renders its body
//! (so `when 'a', 'a'` renders twice), and an `else` renders when no `when` before it matched.

use std::io::Write;

use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
};

use super::super::operand::{Operand, Tokens};
use super::compare;
use super::{parse_until, report_blank, Body};

#[derive(Copy, Clone, Debug, Default)]
pub struct CaseBlock;

impl BlockReflection for CaseBlock {
    fn start_tag(&self) -> &str {
        "case"
    }

    fn end_tag(&self) -> &str {
        "endcase"
    }

    fn description(&self) -> &str {
        "Renders the branches whose value matches."
    }
}

#[derive(Debug)]
struct Branch {
    /// Empty for `else`.
    values: Vec<Operand>,
    is_else: bool,
    body: Body,
}

#[derive(Debug)]
struct Case {
    subject: Operand,
    branches: Vec<Branch>,
    blank: bool,
}

impl ParseBlock for CaseBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        mut block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let mut arguments = Tokens::new(arguments);
        let subject = arguments.operand("A value")?;
        if let Some(extra) = arguments.next() {
            return Err(extra.raise_error());
        }
        // Whatever comes before the first `when` is never rendered.
        let (_, mut next) = parse_until(&mut block, &["when", "else"], options)?;
        let mut branches = Vec::new();
        while let Some(tag) = next.take() {
            let is_else = tag.name() == "else";
            let values = if is_else {
                Vec::new()
            } else {
                when_values(tag.into_tokens())?
            };
            let (body, following) = parse_until(&mut block, &["when", "else"], options)?;
            branches.push(Branch {
                values,
                is_else,
                body,
            });
            next = following;
        }
        block.assert_empty();
        let blank = branches.iter().all(|b| b.body.blank);
        report_blank(blank);
        Ok(Box::new(Case {
            subject,
            branches,
            blank,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// `when a, b or c`: values separated by commas or `or`; like Shopify's lax parser, anything
/// else ends the list.
fn when_values(tokens: TagTokenIter<'_>) -> Result<Vec<Operand>> {
    let mut values = Vec::new();
    let mut tokens = Tokens::new(tokens);
    loop {
        values.push(tokens.operand("A value")?);
        match tokens.next() {
            Some(t) if t.as_str() == "," || t.as_str() == "or" => continue,
            _ => return Ok(values),
        }
    }
}

impl Renderable for Case {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let subject = self.subject.evaluate(runtime);
        let mut matched = false;
        for branch in &self.branches {
            if branch.is_else {
                if !matched {
                    branch
                        .body
                        .render_unless_blank(writer, runtime, self.blank)?;
                }
                continue;
            }
            for value in &branch.values {
                if compare::equals(subject.as_view(), value.evaluate(runtime).as_view()) {
                    matched = true;
                    branch
                        .body
                        .render_unless_blank(writer, runtime, self.blank)?;
                }
            }
        }
        Ok(())
    }
}
