//! The condition of `if`, `unless` and `elsif`: comparisons joined by `and`/`or`, which Shopify
//! Liquid groups from the right (`a and b or c` is `a and (b or c)`).

use std::cmp::Ordering;

use liquid_core::error::Error;
use liquid_core::{Result, Runtime, TagTokenIter};

use super::super::operand::{Operand, Tokens};
use super::compare;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
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
pub enum Condition {
    Test(Operand),
    Compare(Operand, Op, Operand),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
}

impl Condition {
    pub fn parse(arguments: TagTokenIter<'_>) -> Result<Condition> {
        parse(&mut Tokens::new(arguments))
    }

    pub fn evaluate(&self, runtime: &dyn Runtime) -> Result<bool> {
        Ok(match self {
            Condition::Test(value) => compare::truthy(value.evaluate(runtime).as_view()),
            Condition::Compare(left, op, right) => {
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
            Condition::And(a, b) => a.evaluate(runtime)? && b.evaluate(runtime)?,
            Condition::Or(a, b) => a.evaluate(runtime)? || b.evaluate(runtime)?,
        })
    }
}

fn parse(tokens: &mut Tokens<'_>) -> Result<Condition> {
    let left = tokens.operand("A value")?;
    let op = tokens.peek_str().and_then(Op::of);
    let comparison = match op {
        Some(op) => {
            tokens.next();
            Condition::Compare(left, op, tokens.operand("A value after the operator")?)
        }
        None => Condition::Test(left),
    };
    match tokens.next() {
        None => Ok(comparison),
        Some(t) if t.as_str() == "and" => Ok(Condition::And(
            Box::new(comparison),
            Box::new(parse(tokens)?),
        )),
        Some(t) if t.as_str() == "or" => Ok(Condition::Or(
            Box::new(comparison),
            Box::new(parse(tokens)?),
        )),
        Some(t) => Err(t.raise_custom_error("`and` or `or` is expected")),
    }
}
