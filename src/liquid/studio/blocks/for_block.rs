//! `for` as Shopify runs it, with Studio's cap: at most 15 iterations a loop (a cut is recorded
//! for the step's note). Also `offset: continue`, `forloop.name` and `parentloop`, strings
//! and hashes as collections, comma-separated parameters, and `else` for an empty collection.

use std::collections::HashMap;
use std::io::Write;

use liquid_core::error::{Error, ResultLiquidExt};
use liquid_core::model::{KString, Value, ValueCow, ValueView};
use liquid_core::runtime::{Interrupt, InterruptRegister, StackFrame};
use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
};

use super::super::operand::{to_integer, Operand, Tokens};
use super::scope::{counters, Item, LoopScope};
use super::{parse_until, report_blank, Body};
use crate::liquid::loops::{note_cut, MAX_ITERATIONS};
use crate::liquid::runtime::LaxRuntime;

#[derive(Copy, Clone, Debug, Default)]
pub struct ForBlock;

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }

    fn end_tag(&self) -> &str {
        "endfor"
    }

    fn description(&self) -> &str {
        "Renders its body once for each item of a collection (at most 15 times, as Studio)."
    }
}

#[derive(Debug)]
enum Offset {
    None,
    Continue,
    Value(Operand),
}

/// What a loop iterates and how: shared by `for` and `tablerow`.
#[derive(Debug)]
pub struct Header {
    variable: KString,
    /// `variable-collection`, as written: what `offset: continue` and `forloop.name` use.
    name: String,
    /// `variable in collection`, as written, for errors.
    source: String,
    collection: Operand,
    limit: Option<Operand>,
    offset: Offset,
    reversed: bool,
    /// Other `name: value` parameters (`cols` for `tablerow`).
    pub extra: Vec<(String, Operand)>,
}

impl Header {
    pub fn parse(arguments: TagTokenIter<'_>, extra_allowed: &[&str]) -> Result<Header> {
        let mut tokens = Tokens::new(arguments);
        let variable = tokens.expect("A loop variable")?;
        let variable = KString::from_ref(variable.expect_identifier().into_result()?);
        let word_in = tokens.expect("`in`")?;
        if word_in.as_str() != "in" {
            return Err(word_in.raise_custom_error("`in` is expected"));
        }
        let collection = tokens.expect("A collection")?;
        let name = format!("{variable}-{}", collection.as_str());
        let source = format!("{variable} in {}", collection.as_str());
        let collection = Operand::expect(collection)?;
        let mut header = Header {
            variable,
            name,
            source,
            collection,
            limit: None,
            offset: Offset::None,
            reversed: false,
            extra: Vec::new(),
        };
        while let Some(token) = tokens.next() {
            let word = token.as_str().to_string();
            match word.as_str() {
                "," => continue,
                "reversed" => {
                    header.reversed = true;
                    continue;
                }
                "limit" | "offset" => {}
                _ if extra_allowed.contains(&word.as_str()) => {}
                _ => {
                    return Err(token.raise_custom_error("`limit`, `offset` or `reversed` expected"))
                }
            }
            let colon = tokens.expect(&format!("`:` after `{word}`"))?;
            if colon.as_str() != ":" {
                return Err(colon.raise_custom_error("`:` is expected"));
            }
            let value = tokens.expect("A value")?;
            match word.as_str() {
                "offset" if value.as_str() == "continue" => header.offset = Offset::Continue,
                "offset" => header.offset = Offset::Value(Operand::expect(value)?),
                "limit" => header.limit = Some(Operand::expect(value)?),
                _ => header.extra.push((word, Operand::expect(value)?)),
            }
        }
        Ok(header)
    }

    /// What the loop runs over, before offset and limit.
    pub fn collection<'r>(&'r self, runtime: &'r dyn Runtime) -> ValueCow<'r> {
        self.collection.evaluate(runtime)
    }

    /// The items this loop runs over, after offset, limit, Studio's cap and `reversed`; records
    /// where an `offset: continue` loop of the same name starts. `tag` names the loop in errors.
    pub fn items<'v>(
        &self,
        tag: &str,
        collection: &'v dyn ValueView,
        runtime: &dyn Runtime,
    ) -> Result<Vec<Item<'v>>> {
        self.segment(collection, runtime)
            .trace_with(|| format!("{{% {tag} {} %}}", self.source).into())
    }

    /// Renders `body` for one item, with the loop variable and its helper object (`forloop`,
    /// `tablerowloop`) in scope; true when the body broke out of the loop.
    pub fn iterate(
        &self,
        body: &Body,
        blank: bool,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        item: &dyn ValueView,
        helper: (&'static str, Value),
    ) -> Result<bool> {
        let scope = LoopScope {
            variable: &self.variable,
            item,
            helper_name: helper.0,
            helper: helper.1,
        };
        crate::liquid::loops::spend_iteration().map_err(liquid_core::Error::with_msg)?;
        let frame = LaxRuntime::new(StackFrame::new(runtime, scope));
        body.render_unless_blank(writer, &frame, blank)?;
        let interrupt = runtime.registers().get_mut::<InterruptRegister>().reset();
        Ok(interrupt == Some(Interrupt::Break))
    }

    fn segment<'v>(
        &self,
        collection: &'v dyn ValueView,
        runtime: &dyn Runtime,
    ) -> Result<Vec<Item<'v>>> {
        let all = items_of(collection);
        let from = match &self.offset {
            Offset::None => 0,
            Offset::Continue => runtime
                .registers()
                .get_mut::<ContinueOffsets>()
                .0
                .get(&self.name)
                .copied()
                .unwrap_or(0),
            Offset::Value(v) => whole("offset", v.evaluate(runtime).as_view())?.unwrap_or(0),
        };
        let limit = match &self.limit {
            Some(l) => whole("limit", l.evaluate(runtime).as_view())?,
            None => None,
        };
        let mut segment: Vec<Item<'v>> = all
            .into_iter()
            .skip(from)
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        if segment.len() > MAX_ITERATIONS {
            segment.truncate(MAX_ITERATIONS);
            note_cut();
        }
        runtime
            .registers()
            .get_mut::<ContinueOffsets>()
            .0
            .insert(self.name.clone(), from + segment.len());
        if self.reversed {
            segment.reverse();
        }
        Ok(segment)
    }
}

/// A `limit` or `offset`: a number or text of one (nil is none), never below zero.
fn whole(parameter: &str, value: &dyn ValueView) -> Result<Option<usize>> {
    if value.is_nil() {
        return Ok(None);
    }
    let number = value.as_scalar().and_then(|s| match s.type_name() {
        "whole number" | "fractional number" => Some(to_integer(value)),
        "string" => s.to_kstr().trim().parse::<i64>().ok(),
        _ => None,
    });
    match number {
        Some(n) => Ok(Some(n.max(0) as usize)),
        None => Err(Error::with_msg(format!(
            "`{parameter}` must be a number, not {}",
            value.source()
        ))),
    }
}

/// Where the next `offset: continue` loop of each name starts.
#[derive(Default)]
struct ContinueOffsets(HashMap<String, usize>);

/// The `forloop` objects of the loops being rendered, innermost last (for `parentloop`).
#[derive(Default)]
struct LoopStack(Vec<Value>);

/// A collection as the items a loop runs over: a hash gives `[key, value]` pairs, text is one
/// item (none when empty), anything else none.
fn items_of(value: &dyn ValueView) -> Vec<Item<'_>> {
    if let Some(array) = value.as_array() {
        return array.values().map(Item::View).collect();
    }
    if let Some(object) = value.as_object() {
        return object
            .iter()
            .map(|(k, v)| {
                Item::Owned(Value::Array(vec![
                    Value::scalar(k.into_owned()),
                    v.to_value(),
                ]))
            })
            .collect();
    }
    match value.as_scalar() {
        Some(s) if s.type_name() == "string" && !s.to_kstr().is_empty() => vec![Item::View(value)],
        _ => Vec::new(),
    }
}

#[derive(Debug)]
struct Loop {
    header: Header,
    body: Body,
    otherwise: Option<Body>,
    blank: bool,
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        mut block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let header = Header::parse(arguments, &[])?;
        let (body, next) = parse_until(&mut block, &["else"], options)?;
        let otherwise = match next {
            Some(_) => Some(parse_until(&mut block, &[], options)?.0),
            None => None,
        };
        block.assert_empty();
        let blank = body.blank && otherwise.as_ref().is_none_or(|b| b.blank);
        report_blank(blank);
        Ok(Box::new(Loop {
            header,
            body,
            otherwise,
            blank,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

impl Renderable for Loop {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let collection = self.header.collection(runtime);
        let items = self.header.items("for", collection.as_view(), runtime)?;
        if items.is_empty() {
            if let Some(otherwise) = &self.otherwise {
                otherwise.render_unless_blank(writer, runtime, self.blank)?;
            }
            return Ok(());
        }
        let parent = runtime.registers().get_mut::<LoopStack>().0.last().cloned();
        let length = items.len();
        runtime
            .registers()
            .get_mut::<LoopStack>()
            .0
            .push(Value::Nil);
        let result = (|| {
            for (i, item) in items.iter().enumerate() {
                let forloop = forloop(&self.header.name, i, length, parent.clone());
                if let Some(top) = runtime.registers().get_mut::<LoopStack>().0.last_mut() {
                    *top = forloop.clone();
                }
                let helper = ("forloop", forloop);
                let view = item.as_view();
                if self
                    .header
                    .iterate(&self.body, self.blank, writer, runtime, view, helper)?
                {
                    break;
                }
            }
            Ok(())
        })();
        runtime.registers().get_mut::<LoopStack>().0.pop();
        result
    }
}

/// The `forloop` object of iteration `i` (0-based) of `length`.
pub fn forloop(name: &str, i: usize, length: usize, parent: Option<Value>) -> Value {
    let mut object = counters(i, length);
    object.insert("name".into(), Value::scalar(name.to_string()));
    if let Some(parent) = parent {
        object.insert("parentloop".into(), parent);
    }
    Value::Object(object)
}
