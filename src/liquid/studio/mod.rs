//! Filters sfdb adds or replaces so that templates render as in Shopify Liquid (which Studio
//! follows): numbers coerced the Shopify way, and the filters the `liquid` crate lacks.
//!
//! Each filter is a plain function over evaluated arguments; [`Simple`] adapts it to the crate's
//! plugin traits so no filter needs its own parser boilerplate.

pub mod assign;
mod blocks;
mod collections;
pub mod cycle;
mod date;
mod json;
pub mod lax_output;
pub mod liquid_tag;
pub mod markup;
mod math;
pub mod nesting;
mod operand;
pub mod partial;
pub mod ranges;
pub use blocks::capture::CaptureBlock;
pub use blocks::case::CaseBlock;
pub use blocks::for_block::ForBlock;
pub use blocks::if_block::{IF, UNLESS};
pub use blocks::tablerow::TableRowBlock;
pub mod tags;
mod text;

use std::fmt;

use liquid_core::error::Error;
use liquid_core::model::{Value, ValueView};
use liquid_core::parser::{FilterArguments, FilterReflection, ParameterReflection, ParseFilter};
use liquid_core::runtime::{Expression, Runtime};
use liquid_core::{Filter, Result};

pub use math::{format_number, Num};

/// Evaluated arguments of one filter call.
pub struct Args {
    pub positional: Vec<Value>,
    pub keyword: Vec<(String, Value)>,
}

impl Args {
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.positional.get(i)
    }

    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keyword.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

pub type Run = fn(&dyn ValueView, &Args) -> std::result::Result<Value, String>;

#[derive(Clone)]
pub struct Simple {
    pub name: &'static str,
    pub description: &'static str,
    /// How many positional arguments the filter takes, at least and at most.
    pub arity: (usize, usize),
    pub run: Run,
}

impl FilterReflection for Simple {
    fn name(&self) -> &str {
        self.name
    }

    fn description(&self) -> &str {
        self.description
    }

    fn positional_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }

    fn keyword_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
}

impl ParseFilter for Simple {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let positional: Vec<Expression> = arguments.positional.collect();
        let (min, max) = self.arity;
        if positional.len() < min || positional.len() > max {
            let wanted = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(Error::with_msg(format!(
                "filter {} takes {wanted} arguments, not {}",
                self.name,
                positional.len()
            )));
        }
        Ok(Box::new(Parsed {
            name: self.name,
            run: self.run,
            positional,
            keyword: arguments.keyword.map(|(k, e)| (k.to_string(), e)).collect(),
        }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

struct Parsed {
    name: &'static str,
    run: Run,
    positional: Vec<Expression>,
    keyword: Vec<(String, Expression)>,
}

impl fmt::Debug for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl fmt::Display for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl Filter for Parsed {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let positional = self
            .positional
            .iter()
            .map(|e| e.evaluate(runtime).map(liquid_core::ValueCow::into_owned))
            .collect::<Result<Vec<_>>>()?;
        let keyword = self
            .keyword
            .iter()
            .map(|(k, e)| e.evaluate(runtime).map(|v| (k.clone(), v.into_owned())))
            .collect::<Result<Vec<_>>>()?;
        (self.run)(
            input,
            &Args {
                positional,
                keyword,
            },
        )
        .map_err(|m| Error::with_msg(format!("filter {}: {m}", self.name)))
    }
}

/// Every filter this module provides; registered after the crate's, so these win.
pub fn all() -> Vec<Simple> {
    let mut out = math::filters();
    out.extend(ranges::filters());
    out.extend(date::filters());
    out.extend(collections::filters());
    out.extend(text::filters());
    out.extend(json::filters());
    out
}
