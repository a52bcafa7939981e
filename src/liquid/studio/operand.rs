//! One value in a tag's arguments: an expression or a range literal `(a..b)`, which Shopify
//! Liquid allows wherever a value goes and the crate only in `for`.

use liquid_core::model::{Value, ValueCow, ValueView};
use liquid_core::parser::{TagToken, TagTokenIter};
use liquid_core::runtime::{Expression, Runtime};
use liquid_core::Result;

use super::math::Num;

#[derive(Debug)]
pub enum Operand {
    Value(Expression),
    Range(Expression, Expression),
}

impl Operand {
    /// The token as an operand, or the token back when it is neither a value nor a range.
    pub fn parse(token: TagToken<'_>) -> std::result::Result<Operand, TagToken<'_>> {
        use liquid_core::parser::TryMatchToken::{Fails, Matches};
        match token.expect_range() {
            Matches((start, end)) => Ok(Operand::Range(start, end)),
            Fails(token) => match token.expect_value() {
                Matches(value) => Ok(Operand::Value(value)),
                Fails(token) => Err(token),
            },
        }
    }

    pub fn expect(token: TagToken<'_>) -> Result<Operand> {
        Operand::parse(token).map_err(|t| t.raise_custom_error("a value is expected"))
    }

    /// The operand's value; missing names are nil.
    pub fn evaluate<'r>(&'r self, runtime: &'r dyn Runtime) -> ValueCow<'r> {
        match self {
            Operand::Value(e) => e
                .try_evaluate(runtime)
                .unwrap_or(ValueCow::Owned(Value::Nil)),
            Operand::Range(start, end) => {
                let bound = |e: &Expression| match e.try_evaluate(runtime) {
                    Some(v) => to_integer(v.as_view()),
                    None => 0,
                };
                ValueCow::Owned(range(bound(start), bound(end)))
            }
        }
    }
}

/// Ruby's `to_i`: floats truncated, text read up to its first non-digit, anything else 0.
pub fn to_integer(value: &dyn ValueView) -> i64 {
    match Num::of(value) {
        Num::Int(i) => i,
        Num::Float(f, _) => f.trunc() as i64,
    }
}

/// The integers from `start` to `end` inclusive (none when `end` is below `start`), capped so
/// that a huge range cannot exhaust memory.
pub fn range(start: i64, end: i64) -> Value {
    const MOST: i64 = 100_000;
    let end = end.min(start.saturating_add(MOST));
    Value::Array((start..=end).map(Value::scalar).collect())
}

/// A tag's argument tokens with one of lookahead, whose errors carry the template position.
pub struct Tokens<'a> {
    iter: TagTokenIter<'a>,
    peeked: Option<TagToken<'a>>,
}

impl<'a> Tokens<'a> {
    pub fn new(iter: TagTokenIter<'a>) -> Tokens<'a> {
        Tokens { iter, peeked: None }
    }

    pub fn peek_str(&mut self) -> Option<&str> {
        if self.peeked.is_none() {
            self.peeked = self.iter.next();
        }
        self.peeked
            .as_ref()
            .map(liquid_core::parser::TagToken::as_str)
    }

    /// The next token, or an error at the template position saying `what` is expected.
    pub fn expect(&mut self, what: &str) -> Result<TagToken<'a>> {
        match self.next() {
            Some(token) => Ok(token),
            None => Err(self.iter.raise_error(&format!("{what} is expected"))),
        }
    }

    /// The next token as an operand.
    pub fn operand(&mut self, what: &str) -> Result<Operand> {
        Operand::expect(self.expect(what)?)
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = TagToken<'a>;

    fn next(&mut self) -> Option<TagToken<'a>> {
        self.peeked.take().or_else(|| self.iter.next())
    }
}
