//! Tags Shopify Liquid has and the `liquid` crate lacks: `echo`, `doc`, and inline comments;
//! and the debugger's `_inspect`.

use std::borrow::Cow;
use std::io::Write;
use std::sync::LazyLock;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::ValueView;
use liquid_core::parser::FilterChain;
use liquid_core::{
    BlockReflection, Language, ParseBlock, ParseTag, Renderable, Result, Runtime, TagBlock,
    TagReflection, TagTokenIter,
};
use regex::Regex;

/// `{% echo expression | filters %}`: the same as `{{ ... }}`, usable inside other tags. Its
/// twin `{% _inspect expression %}` writes an array as JSON even when a filter made it (such
/// an array runs its items together otherwise); the debugger's prompt uses it.
#[derive(Copy, Clone, Debug)]
pub struct EchoTag {
    as_json: bool,
}

pub const ECHO: EchoTag = EchoTag { as_json: false };
pub const INSPECT_TAG: EchoTag = EchoTag { as_json: true };
pub const INSPECT: &str = "_inspect";

impl TagReflection for EchoTag {
    fn tag(&self) -> &'static str {
        if self.as_json {
            INSPECT
        } else {
            "echo"
        }
    }

    fn description(&self) -> &'static str {
        "Outputs an expression."
    }
}

impl ParseTag for EchoTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        // `{% echo %}` alone outputs nothing, as in Shopify Liquid.
        let Some(token) = arguments.next() else {
            return Ok(Box::new(Nothing));
        };
        let chain = token.expect_filter_chain(options).into_result()?;
        arguments.expect_nothing()?;
        Ok(Box::new(Echo {
            chain,
            as_json: self.as_json,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Echo {
    chain: FilterChain,
    as_json: bool,
}

impl Renderable for Echo {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let value = self.chain.evaluate(runtime)?;
        let whole = value.as_object().is_some() || value.as_array().is_some();
        if self.as_json && whole {
            write!(writer, "{}", crate::liquid::from_liquid(value.as_view()))
        } else {
            write!(writer, "{}", value.render())
        }
        .replace("Failed to render")?;
        Ok(())
    }
}

/// `{% doc %}...{% enddoc %}`: documentation, never parsed or rendered.
#[derive(Copy, Clone, Debug, Default)]
pub struct DocBlock;

impl BlockReflection for DocBlock {
    fn start_tag(&self) -> &str {
        "doc"
    }

    fn end_tag(&self) -> &str {
        "enddoc"
    }

    fn description(&self) -> &str {
        "Documentation that is not rendered."
    }
}

impl ParseBlock for DocBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        arguments.expect_nothing()?;
        tokens.escape_liquid(false)?;
        tokens.assert_empty();
        Ok(Box::new(Nothing))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Copy, Clone, Debug)]
struct Nothing;

impl Renderable for Nothing {
    fn render_to(&self, _writer: &mut dyn Write, _runtime: &dyn Runtime) -> Result<()> {
        Ok(())
    }
}

static INLINE_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{%(-?)[ \t\r\n]*(#.*?)(-?)%\}").expect("a valid pattern"));

/// Inline comments (`{% # note %}`) as empty comment blocks: the crate's grammar has no tag
/// name starting with `#`, so they are rewritten before parsing, keeping whitespace control.
/// A comment over several lines needs a `#` on each, as in Shopify; one without is left for the
/// parser to reject.
pub fn rewrite_inline_comments(template: &str) -> Cow<'_, str> {
    if !template.contains('#') {
        return Cow::Borrowed(template);
    }
    INLINE_COMMENT.replace_all(template, |c: &regex::Captures<'_>| {
        let every_line_marked = c[2]
            .lines()
            .map(str::trim)
            .all(|line| line.is_empty() || line.starts_with('#'));
        if every_line_marked {
            format!("{{%{} comment %}}{{% endcomment {}%}}", &c[1], &c[3])
        } else {
            c[0].to_string()
        }
    })
}

static BLOCK_COMMENT_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?[ \t\r\n]*(comment|endcomment|raw|endraw)[ \t\r\n]*-?%\}")
        .expect("a valid pattern")
});

/// `{% comment %}` blocks emptied before parsing: what is commented out is never parsed, as in
/// Shopify, so commenting out broken Liquid works (the crate parses it, and can fail or panic).
/// Nested comments and `raw` inside them are honoured; an unclosed comment is left for the
/// parser to report.
pub fn empty_comments(template: &str) -> Cow<'_, str> {
    if !template.contains("comment") {
        return Cow::Borrowed(template);
    }
    let mut out = String::with_capacity(template.len());
    let mut copied = 0;
    let (mut depth, mut in_raw, mut body_start) = (0usize, false, 0);
    for tag in BLOCK_COMMENT_TAG.captures_iter(template) {
        let whole = tag.get(0).expect("a match");
        match (&tag[1], depth, in_raw) {
            ("endraw", _, true) => in_raw = false,
            // Inside raw, every other tag is text; the last arm leaves it alone.
            ("raw", _, false) => in_raw = true,
            ("comment", 0, false) => {
                depth = 1;
                body_start = whole.end();
            }
            ("comment", _, false) => depth += 1,
            ("endcomment", 1, false) => {
                depth = 0;
                out.push_str(&template[copied..body_start]);
                copied = whole.start();
            }
            ("endcomment", d, false) if d > 1 => depth -= 1,
            _ => {}
        }
    }
    if copied == 0 {
        return Cow::Borrowed(template);
    }
    out.push_str(&template[copied..]);
    Cow::Owned(out)
}

static AFTER_TRIM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(-%\}|-\}\})[ \t\r\n\x0B\x0C]+").expect("a valid pattern"));
static BEFORE_TRIM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\r\n\x0B\x0C]+(\{%-|\{\{-)").expect("a valid pattern"));

/// Whitespace control (`{%-`, `-%}`) trims tabs and other whitespace too, as Shopify's does;
/// the crate's trims only spaces and newlines, so the rest is trimmed before parsing.
pub fn trim_whitespace_control(template: &str) -> Cow<'_, str> {
    if !template.contains('-') {
        return Cow::Borrowed(template);
    }
    match AFTER_TRIM.replace_all(template, "$1") {
        Cow::Borrowed(_) => BEFORE_TRIM.replace_all(template, "$1"),
        Cow::Owned(trimmed) => Cow::Owned(BEFORE_TRIM.replace_all(&trimmed, "$1").into_owned()),
    }
}

static SOLE_OUTPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)^[ \t\r\n]*\{\{-?((?:[^}'"]|'[^']*'|"[^"]*"|\}[^}])*?)-?\}\}[ \t\r\n]*$"#)
        .expect("a valid pattern")
});

/// The expression of a template that is one output and nothing else (`{{ a | first }}`).
pub fn sole_output(template: &str) -> Option<&str> {
    let expression = SOLE_OUTPUT.captures(template)?.get(1)?.as_str();
    (!expression.contains("{{") && !expression.trim().is_empty()).then_some(expression)
}
