//! Studio's Liquid dialect: Shopify Liquid as Studio runs it, on the `liquid` crate's parser and
//! standard library. The engine, `sfdb check`, `sfdb render` and the debugger's prompt all render
//! through it.
//!
//! What it adds to the crate, and why:
//! - lax lookups: a missing variable renders as empty, as in Studio;
//! - Ruby's comparisons and Shopify's blocks (`if`, `case`, `for` with Studio's 15-iteration cap,
//!   `tablerow`, `cycle`, `include`/`render`), because the crate's differ from Shopify's;
//! - filters Shopify has and the crate lacks or gets wrong (`date` reading ISO 8601, `sort`,
//!   `slice`, number coercion in the math filters);
//! - rewrites of syntax the crate's grammar cannot take (the `liquid` tag, inline comments,
//!   ranges, names that begin with a keyword), applied before parsing;
//! - the context read in place (JSON keeps its key order) and no template able to panic the
//!   caller;
//! - each template parsed once per [`Liquid`], kept by its text.
//!
//! The public face: [`Liquid`] (`parse`, `render`, `render_view`, `inspect`,
//! `render_noting_cut_loops`), [`RenderError`], the JSON view of data, and [`loops`]' cap. It
//! imports nothing from the rest of sfdb.

mod cache;
pub mod clock;
mod json_view;
mod language;
pub mod loops;
mod partials;
pub mod path;
mod runtime;
mod studio;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use liquid_core::model::ObjectView;
use liquid_core::parser::{self, Language};
use liquid_core::partials::{EagerCompiler, PartialCompiler};
use liquid_core::runtime::{PartialStore, Renderable, RuntimeBuilder, Template};
use serde_json::Value;

pub use json_view::{from_liquid, render_json, to_liquid, JsonView};
pub use studio::{format_number, Num};

/// Why a template could not be rendered, in the crate's words (with its position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
}

/// Studio's Liquid: the language, the partials (none in a flow) and the templates parsed so
/// far, so that a widget run 500 times parses its fields once.
pub struct Liquid {
    language: Arc<Language>,
    partials: Option<Box<dyn PartialStore + Send + Sync>>,
    parsed: cache::Parsed,
    clock: clock::Clock,
}

impl Default for Liquid {
    fn default() -> Self {
        Liquid::new()
    }
}

impl Liquid {
    pub fn new() -> Liquid {
        Liquid {
            language: Arc::new(language::studio()),
            partials: None,
            parsed: cache::Parsed::default(),
            clock: clock::Clock::default(),
        }
    }

    /// A renderer that also knows the named templates `{% include %}` and `{% render %}` read.
    /// Studio has none; the conformance suite and `sfdb render --partial` do.
    pub fn with_partials(
        partials: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Liquid, RenderError> {
        let language = Arc::new(language::studio());
        let source = partials::Source::new(partials);
        let store = contain(|| EagerCompiler::new(source).compile(language.clone()))?;
        Ok(Liquid {
            language,
            partials: Some(store),
            parsed: cache::Parsed::default(),
            clock: clock::Clock::default(),
        })
    }

    /// The same renderer with another clock (time zone, fixed "now").
    pub fn with_clock(mut self, clock: clock::Clock) -> Liquid {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> clock::Clock {
        self.clock
    }

    /// Checks a template's syntax without rendering it.
    pub fn parse(&self, template: &str) -> Result<(), RenderError> {
        self.compile(template).map(|_| ())
    }

    fn compile(&self, template: &str) -> Result<Arc<Template>, RenderError> {
        self.parsed.get_or_parse(template, || {
            let rewritten = rewrite(template);
            studio::nesting::check(&rewritten).map_err(|message| RenderError { message })?;
            contain(|| parser::parse(&rewritten, &self.language).map(Template::new))
        })
    }

    /// Renders `template` against JSON data (an object).
    pub fn render(&self, template: &str, data: &Value) -> Result<String, RenderError> {
        self.render_noting_cut_loops(template, &JsonView::new(data))
            .map(|(text, _)| text)
    }

    /// Renders `template` against any Liquid object, such as an execution's context.
    pub fn render_view(
        &self,
        template: &str,
        globals: &dyn ObjectView,
    ) -> Result<String, RenderError> {
        self.render_noting_cut_loops(template, globals)
            .map(|(text, _)| text)
    }

    /// Renders as the debugger shows a value: like [`Liquid::render_view`], except that a
    /// template that is one output (`{{ expression }}`) shows an object or array as JSON even
    /// when a filter or `assign` made it.
    pub fn inspect(&self, template: &str, globals: &dyn ObjectView) -> Result<String, RenderError> {
        if let Some(expression) = studio::tags::sole_output(template) {
            let inspected = format!("{{% {} {expression} %}}", studio::tags::INSPECT);
            if let Ok(text) = self.render_view(&inspected, globals) {
                return Ok(text);
            }
        }
        // Errors are reported against the template as written.
        self.render_view(template, globals)
    }

    /// Renders like [`Liquid::render_view`] and tells whether Studio's 15-iteration cap cut a
    /// loop.
    pub fn render_noting_cut_loops(
        &self,
        template: &str,
        globals: &dyn ObjectView,
    ) -> Result<(String, bool), RenderError> {
        if !template.contains("{{") && !template.contains("{%") {
            return Ok((template.to_string(), false));
        }
        let compiled = self.compile(template)?;
        let clock = self.clock;
        let rendered = contain(|| {
            clock::with(clock, || {
                let runtime = RuntimeBuilder::new().set_globals(globals);
                let runtime = match &self.partials {
                    Some(partials) => runtime.set_partials(partials.as_ref()).build(),
                    None => runtime.build(),
                };
                let runtime = runtime::LaxRuntime::new(runtime);
                let mut out = loops::Capped(Vec::with_capacity(template.len()));
                loops::take_cut();
                loops::start_render();
                compiled.render_to(&mut out, &runtime)?;
                let out = out.0;
                let cut = loops::take_cut();
                let text = String::from_utf8(out)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                Ok((text, cut))
            })
        });
        // The crate reports a failed write without its cause: the budget says what it was.
        match (rendered, loops::take_overrun()) {
            (Err(_), Some(message)) => Err(RenderError { message }),
            (rendered, _) => rendered,
        }
    }
}

/// A render that did not go as written, the way Shopify Liquid renders outside strict mode:
/// the text it gave and the errors on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgiven {
    pub text: String,
    pub cut: bool,
    pub errors: Vec<String>,
}

impl Liquid {
    /// Renders like [`Liquid::render_noting_cut_loops`], but never fails, as Studio renders
    /// (a template error is a warning there, 81018): an unknown filter passes its input
    /// through, a template that does not parse is kept as written, and any other error
    /// renders as `Liquid error: …` in the field's place.
    pub fn render_forgiving(&self, template: &str, globals: &dyn ObjectView) -> Forgiven {
        let mut errors = Vec::new();
        let mut current = template.to_string();
        // An unknown filter is dropped and the render tried again (a few times at most).
        for _ in 0..8 {
            match self.render_noting_cut_loops(&current, globals) {
                Ok((text, cut)) => return Forgiven { text, cut, errors },
                Err(e) => {
                    let first = self.cause(&e.message);
                    match unknown_filter(&e.message).and_then(|f| without_filter(&current, &f)) {
                        Some(next) => {
                            errors.push(first);
                            current = next;
                        }
                        None if self.parse(&current).is_err() => {
                            errors.push(first);
                            return Forgiven {
                                text: template.to_string(),
                                cut: false,
                                errors,
                            };
                        }
                        None => {
                            // A run-time error: each output that fails says so in its place,
                            // and the rest renders.
                            if let Some((text, cut, met)) = self.render_in_place(&current, globals)
                            {
                                errors.extend(met);
                                return Forgiven { text, cut, errors };
                            }
                            errors.push(first.clone());
                            return Forgiven {
                                text: format!("Liquid error: {first}"),
                                cut: false,
                                errors,
                            };
                        }
                    }
                }
            }
        }
        Forgiven {
            text: template.to_string(),
            cut: false,
            errors,
        }
    }
}

impl Liquid {
    /// `template` rendered with each output's error written in its place; `None` when the
    /// error is not in an output (a tag's), so the whole field is the error.
    fn render_in_place(
        &self,
        template: &str,
        globals: &dyn ObjectView,
    ) -> Option<(String, bool, Vec<String>)> {
        let lax = studio::lax_output::rewrite(template)?;
        studio::lax_output::take_errors();
        let rendered = self.render_noting_cut_loops(&lax, globals);
        let met = studio::lax_output::take_errors();
        match rendered {
            Ok((text, cut)) if !met.is_empty() => Some((text, cut, met)),
            _ => None,
        }
    }

    /// The crate's error in one line: what went wrong and, when it says, which filter, with
    /// the known one it most likely meant (not the crate's list of every filter).
    pub fn cause(&self, message: &str) -> String {
        let head = message.lines().next().unwrap_or(message).trim();
        match unknown_filter(message) {
            Some(name) => format!(
                "unknown filter {name}{}",
                crate::words::did_you_mean(&name, self.language.filters.plugin_names())
            ),
            None => head.to_string(),
        }
    }
}

/// The filter an "Unknown filter" error names.
pub fn unknown_filter(message: &str) -> Option<String> {
    if !message.contains("Unknown filter") {
        return None;
    }
    let at = message.find("requested filter=")? + "requested filter=".len();
    let name: String = message[at..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// `template` with every use of the filter `name` (and its arguments) taken out.
fn without_filter(template: &str, name: &str) -> Option<String> {
    let pattern = format!(
        r#"\|\s*{}\b(\s*:\s*("[^"]*"|'[^']*'|[^|}}%"'])*)?"#,
        regex::escape(name)
    );
    let re = regex::Regex::new(&pattern).ok()?;
    let out = re.replace_all(template, "").into_owned();
    (out != template).then_some(out)
}

/// The template as the crate's grammar can take it: the Shopify syntax it lacks spelled in
/// syntax it has.
fn rewrite(template: &str) -> String {
    let template = studio::tags::trim_whitespace_control(template);
    let template = studio::liquid_tag::expand(&template);
    let template = studio::tags::rewrite_inline_comments(&template);
    let template = studio::tags::empty_comments(&template);
    let template = studio::markup::rewrite(&template);
    studio::ranges::rewrite(&template).into_owned()
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
/// The crate's error with each line cut to a readable length: it quotes a filter's whole
/// input, which may be a megabyte.
fn short_lines(message: &str) -> String {
    const LONGEST: usize = 2000;
    message
        .lines()
        .map(|line| match line.char_indices().nth(LONGEST) {
            Some((at, _)) => format!("{}…", &line[..at]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn contain<T>(f: impl FnOnce() -> liquid_core::Result<T>) -> Result<T, RenderError> {
    let was = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(RenderError {
            message: short_lines(e.to_string().trim()),
        }),
        Err(_) => Err(RenderError {
            message: "the template could not be processed (the Liquid engine failed on it)".into(),
        }),
    }
}

#[cfg(test)]
mod forgiving_tests {
    use super::*;

    #[test]
    fn an_unknown_filter_passes_its_input_through() {
        let data = serde_json::json!({});
        let liquid = Liquid::new();
        let out =
            liquid.render_forgiving("{{ 'abc' | nofilter: 2 | upcase }}", &JsonView::new(&data));
        assert_eq!(out.text, "ABC", "{out:?}");
    }
}
