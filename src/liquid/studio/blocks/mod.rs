//! Shopify Liquid's control-flow blocks, replacing the crate's: `if`, `unless` and `case` with
//! Ruby's comparisons and any number of `else` branches, and blocks whose bodies are blank
//! (only whitespace and silent tags) rendering nothing at all.

pub mod capture;
pub mod case;
pub mod compare;
pub mod condition;
pub mod for_block;
pub mod if_block;
pub mod scope;
pub mod tablerow;

use std::cell::Cell;
use std::io::{self, Write};

use liquid_core::parser::{BlockElement, Tag};
use liquid_core::{Language, Renderable, Result, Runtime, TagBlock};

/// Tags that never write anything, so a body of them and whitespace is blank.
const SILENT_TAGS: &[&str] = &["assign", "capture", "comment", "doc"];
/// Blocks of ours that report whether they are blank once parsed.
const BLANK_AWARE: &[&str] = &["if", "unless", "case", "for"];

thread_local! {
    /// Whether the block parsed last on this thread was blank; read right after parsing it.
    static LAST_BLANK: Cell<bool> = const { Cell::new(false) };
}

/// Records whether the block just parsed is blank, for the body that contains it.
pub fn report_blank(blank: bool) {
    LAST_BLANK.with(|b| b.set(blank));
}

/// The elements between two branch tags.
#[derive(Debug, Default)]
pub struct Body {
    nodes: Vec<Box<dyn Renderable>>,
    pub blank: bool,
}

impl Body {
    pub fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        for node in &self.nodes {
            node.render_to(writer, runtime)?;
            if runtime
                .registers()
                .get_mut::<liquid_core::runtime::InterruptRegister>()
                .interrupted()
            {
                break;
            }
        }
        Ok(())
    }

    /// Renders, discarding the output when the whole block is blank (as Shopify Liquid drops
    /// the whitespace of blank blocks).
    pub fn render_unless_blank(
        &self,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        block_blank: bool,
    ) -> Result<()> {
        if block_blank {
            self.render_to(&mut io::sink(), runtime)
        } else {
            self.render_to(writer, runtime)
        }
    }
}

/// Parses elements up to the first tag named in `stops` (returned) or the end of the block.
pub fn parse_until<'a>(
    block: &mut TagBlock<'a, '_>,
    stops: &[&str],
    options: &Language,
) -> Result<(Body, Option<Tag<'a>>)> {
    let mut body = Body {
        nodes: Vec::new(),
        blank: true,
    };
    while let Some(element) = block.next()? {
        match element {
            BlockElement::Tag(tag) if stops.contains(&tag.name()) => return Ok((body, Some(tag))),
            BlockElement::Tag(tag) => {
                let name = tag.name().to_string();
                report_blank(false);
                body.nodes.push(tag.parse(block, options)?);
                let blank = SILENT_TAGS.contains(&name.as_str())
                    || (BLANK_AWARE.contains(&name.as_str()) && LAST_BLANK.with(Cell::get));
                body.blank &= blank;
            }
            BlockElement::Raw(raw) => {
                body.blank &= raw.as_str().trim().is_empty();
                body.nodes.push(raw.into_renderable());
            }
            element => {
                body.blank = false;
                body.nodes.push(element.parse(block, options)?);
            }
        }
    }
    Ok((body, None))
}
