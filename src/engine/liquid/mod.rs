//! Liquid rendering as Studio does it, on top of the `liquid` crate's parser and standard
//! library: lax lookups (missing names render as empty), Shopify's number coercion in the math
//! filters, the context read in place, and no template able to panic the engine.

mod json_view;
pub mod loops;
mod runtime;
mod studio;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use liquid_core::model::ObjectView;
use liquid_core::parser::{self, Language, ParseBlock, ParseFilter, ParseTag};
use liquid_core::runtime::{Renderable, RuntimeBuilder, Template};
use liquid_lib::stdlib;
use serde_json::Value;

pub use json_view::{render_json, to_liquid, JsonView};
pub use studio::{format_number, Num};

/// Why a template could not be rendered, in the crate's words (with its position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
}

pub struct Liquid {
    language: Language,
}

impl Default for Liquid {
    fn default() -> Self {
        Liquid::new()
    }
}

impl Liquid {
    pub fn new() -> Liquid {
        let mut language = Language::empty();
        let tags: Vec<Box<dyn ParseTag>> = vec![
            Box::new(stdlib::AssignTag),
            Box::new(stdlib::BreakTag),
            Box::new(stdlib::ContinueTag),
            Box::new(stdlib::CycleTag),
            Box::new(stdlib::IncrementTag),
            Box::new(stdlib::DecrementTag),
            Box::new(studio::tags::EchoTag),
        ];
        for tag in tags {
            language
                .tags
                .register(tag.reflection().tag().to_string(), tag);
        }
        let blocks: Vec<Box<dyn ParseBlock>> = vec![
            Box::new(stdlib::RawBlock),
            Box::new(stdlib::IfBlock),
            Box::new(stdlib::UnlessBlock),
            Box::new(stdlib::IfChangedBlock),
            Box::new(stdlib::ForBlock),
            Box::new(stdlib::TableRowBlock),
            Box::new(stdlib::CommentBlock),
            Box::new(stdlib::CaptureBlock),
            Box::new(stdlib::CaseBlock),
            Box::new(studio::tags::DocBlock),
        ];
        for block in blocks {
            language
                .blocks
                .register(block.reflection().start_tag().to_string(), block);
        }
        let filters: Vec<Box<dyn ParseFilter>> = vec![
            Box::new(stdlib::Abs),
            Box::new(stdlib::Append),
            Box::new(stdlib::AtLeast),
            Box::new(stdlib::AtMost),
            Box::new(stdlib::Capitalize),
            Box::new(stdlib::Ceil),
            Box::new(stdlib::Compact),
            Box::new(stdlib::Concat),
            Box::new(stdlib::Date),
            Box::new(stdlib::Default),
            Box::new(stdlib::DividedBy),
            Box::new(stdlib::Downcase),
            Box::new(stdlib::Escape),
            Box::new(stdlib::EscapeOnce),
            Box::new(stdlib::First),
            Box::new(stdlib::Floor),
            Box::new(stdlib::Join),
            Box::new(stdlib::Last),
            Box::new(stdlib::Lstrip),
            Box::new(stdlib::Map),
            Box::new(stdlib::Modulo),
            Box::new(stdlib::NewlineToBr),
            Box::new(stdlib::Prepend),
            Box::new(stdlib::Remove),
            Box::new(stdlib::RemoveFirst),
            Box::new(stdlib::Replace),
            Box::new(stdlib::ReplaceFirst),
            Box::new(stdlib::Reverse),
            Box::new(stdlib::Round),
            Box::new(stdlib::Rstrip),
            Box::new(stdlib::Size),
            Box::new(stdlib::Slice),
            Box::new(stdlib::Sort),
            Box::new(stdlib::SortNatural),
            Box::new(stdlib::Split),
            Box::new(stdlib::Strip),
            Box::new(stdlib::StripHtml),
            Box::new(stdlib::StripNewlines),
            Box::new(stdlib::Times),
            Box::new(stdlib::Truncate),
            Box::new(stdlib::TruncateWords),
            Box::new(stdlib::Uniq),
            Box::new(stdlib::Upcase),
            Box::new(stdlib::UrlDecode),
            Box::new(stdlib::UrlEncode),
            Box::new(stdlib::Where),
        ];
        for filter in filters {
            language
                .filters
                .register(filter.reflection().name().to_string(), filter);
        }
        // Registered last, so that these replace the crate's filters of the same name.
        for filter in studio::all() {
            language
                .filters
                .register(filter.name.to_string(), Box::new(filter));
        }
        Liquid { language }
    }

    /// Checks a template's syntax without rendering it.
    pub fn parse(&self, template: &str) -> Result<(), RenderError> {
        self.compile(template, true).map(|_| ())
    }

    fn compile(&self, template: &str, capped: bool) -> Result<Template, RenderError> {
        let template = studio::tags::rewrite_inline_comments(template);
        let template = studio::tags::join_spaced_dots(&template);
        let template = if capped {
            loops::cap(&template)
        } else {
            template
        };
        contain(|| parser::parse(&template, &self.language).map(Template::new))
    }

    /// Renders `template` against JSON data (an object).
    pub fn render(&self, template: &str, data: &Value) -> Result<String, RenderError> {
        self.render_compiled(template, JsonView::new(data), true)
    }

    /// Renders `template` against any Liquid object, such as an execution's context.
    pub fn render_view(
        &self,
        template: &str,
        globals: &dyn ObjectView,
    ) -> Result<String, RenderError> {
        self.render_compiled(template, globals, true)
    }

    /// Renders like [`Liquid::render`] and tells whether Studio's 15-iteration cap cut a loop
    /// (by rendering the template a second time without the cap, only when it has a loop).
    pub fn render_noting_cut_loops(
        &self,
        template: &str,
        context: &dyn ObjectView,
    ) -> Result<(String, bool), RenderError> {
        let text = self.render_view(template, context)?;
        if loops::cap(template) == template {
            return Ok((text, false));
        }
        let uncapped = self.render_compiled(template, context, false);
        Ok((text.clone(), uncapped.is_ok_and(|full| full != text)))
    }

    fn render_compiled(
        &self,
        template: &str,
        globals: &dyn ObjectView,
        capped: bool,
    ) -> Result<String, RenderError> {
        if !template.contains("{{") && !template.contains("{%") {
            return Ok(template.to_string());
        }
        let compiled = self.compile(template, capped)?;
        contain(|| {
            let runtime = RuntimeBuilder::new().set_globals(globals).build();
            let runtime = runtime::LaxRuntime::new(runtime);
            let mut out = Vec::with_capacity(template.len());
            compiled.render_to(&mut out, &runtime)?;
            Ok(String::from_utf8_lossy(&out).into_owned())
        })
    }
}

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the panic being reported is one that [`Liquid`] contains (the crate panics on some
/// templates). A panic hook uses this to stay silent and, in the TUI, to keep the terminal.
pub fn panic_is_contained() -> bool {
    CONTAINING.with(Cell::get)
}

/// Wraps the current panic hook so that panics contained by [`Liquid`] are not reported.
pub fn quiet_contained_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !panic_is_contained() {
            previous(info);
        }
    }));
}

/// Runs a step of the crate, turning both its errors and its panics into a [`RenderError`].
fn contain<T>(f: impl FnOnce() -> liquid_core::Result<T>) -> Result<T, RenderError> {
    let was = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(RenderError {
            message: e.to_string().trim().to_string(),
        }),
        Err(_) => Err(RenderError {
            message: "the template could not be processed (the Liquid engine failed on it)".into(),
        }),
    }
}
