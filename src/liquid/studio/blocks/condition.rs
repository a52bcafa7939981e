//! The condition of `if`, `unless` and `elsif`: comparisons joined by `and`/`or`, which Shopify
//! Liquid groups from the right (`a and b or c` is `a and (b or c)`).

use std::cmp::Ordering;

use liquid_core::error::Error;
use liquid_core::{Result, Runtime, TagTokenIter};

use super::super::operand::{Operand, Tokens};
use super::compare;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
}

impl Op {
    fn of(symbol: &str) -> Option<Op> {
        Some(match symbol {
            "==" => Op::Eq,
            "!=" | "<>" => Op::Ne,
            "<" => Op::Lt,
            ">" => Op::Gt,
            "<=" => Op::Le,
            ">=" => Op::Ge,
            "contains" => Op::Contains,
            _ => return None,
        })
    }
}

#[derive(Debug)]
enum Comparison {
    Test(Operand),
    Compare(Operand, Op, Operand),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Join {
    And,
    Or,
}

/// Comparisons and the `and`/`or` after each but the last: `a and b or c` is `a and (b or c)`,
/// evaluated from the left with short circuits (kept flat so a long chain cannot overflow the
/// stack).
#[derive(Debug)]
pub struct Condition {
    comparisons: Vec<Comparison>,
    joins: Vec<Join>,
}

impl Condition {
    pub fn parse(arguments: TagTokenIter<'_>) -> Result<Condition> {
        let mut tokens = Tokens::new(arguments);
        let mut condition = Condition {
            comparisons: Vec::new(),
            joins: Vec::new(),
        };
        loop {
            condition.comparisons.push(comparison(&mut tokens)?);
            match tokens.next() {
                None => return Ok(condition),
                Some(t) if t.as_str() == "and" => condition.joins.push(Join::And),
                Some(t) if t.as_str() == "or" => condition.joins.push(Join::Or),
                Some(t) => return Err(t.raise_custom_error("`and` or `or` is expected")),
            }
        }
    }

    pub fn evaluate(&self, runtime: &dyn Runtime) -> Result<bool> {
        for (i, comparison) in self.comparisons.iter().enumerate() {
            let holds = comparison.evaluate(runtime)?;
            match self.joins.get(i) {
                None => return Ok(holds),
                Some(Join::And) if !holds => return Ok(false),
                Some(Join::Or) if holds => return Ok(true),
                Some(_) => {}
            }
        }
        Ok(false)
    }
}

impl Comparison {
    fn evaluate(&self, runtime: &dyn Runtime) -> Result<bool> {
        Ok(match self {
            Comparison::Test(value) => compare::truthy(value.evaluate(runtime).as_view()),
            Comparison::Compare(left, op, right) => {
                let (a, b) = (left.evaluate(runtime), right.evaluate(runtime));
                let (a, b) = (a.as_view(), b.as_view());
                match op {
                    Op::Eq => compare::equals(a, b),
                    Op::Ne => !compare::equals(a, b),
                    Op::Contains => compare::contains(a, b),
                    _ => {
                        let order = compare::order(a, b).map_err(Error::with_msg)?;
                        match (op, order) {
                            (_, None) => false,
                            (Op::Lt, Some(o)) => o == Ordering::Less,
                            (Op::Gt, Some(o)) => o == Ordering::Greater,
                            (Op::Le, Some(o)) => o != Ordering::Greater,
                            (_, Some(o)) => o != Ordering::Less,
                        }
                    }
                }
            }
        })
    }
}

fn comparison(tokens: &mut Tokens<'_>) -> Result<Comparison> {
    let left = tokens.operand("A value")?;
    match tokens.peek_str().and_then(Op::of) {
        Some(op) => {
            tokens.next();
            Ok(Comparison::Compare(
                left,
                op,
                tokens.operand("A value after the operator")?,
            ))
        }
        None => Ok(Comparison::Test(left)),
    }
}
