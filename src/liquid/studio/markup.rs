//! Rewrites of the code inside `{{ }}` and `{% %}` (outside quoted text and `raw` blocks), for
//! Shopify syntax the crate's grammar rejects: whitespace around dots, and names that begin
//! with a keyword (`nullable`, `emptythings`), which the grammar reads as the keyword.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)(\{%-?[ \t\r\n]*raw[ \t\r\n]*-?%\}.*?\{%-?[ \t\r\n]*endraw[ \t\r\n]*-?%\})|\{\{.*?\}\}|\{%.*?%\}")
        .expect("a valid pattern")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"'[^']*'|"[^"]*""#).expect("a valid pattern"));
static SPACED_DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\w\]])(?:[ \t\r\n]+\.[ \t\r\n]*|\.[ \t\r\n]+)([A-Za-z_])")
        .expect("a valid pattern")
});
static ROOT_BRACKET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[\s(,:|=<>!])\[").expect("a valid pattern"));
static KEYWORD_PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^\w.\-])((?:nil|null|empty|blank|true|false)\w*\w(?:-\w+)*)")
        .expect("a valid pattern")
});

/// Words of tag markup after which a bracket starts a new value (`{% for x in ['a'] %}`),
/// where after a name it looks inside that name's value.
const TAG_WORDS: &[&str] = &[
    "in", "and", "or", "contains", "with", "as", "for", "when", "if", "unless", "elsif", "echo",
    "assign", "case", "cycle", "tablerow", "render", "include", "reversed",
];

/// The name a lookup by brackets at the top (`{{ ['a b'] }}`) is spelled with: the grammar
/// needs a name before a bracket, and the runtime reads this one as the top of the data.
pub const ROOT: &str = "__root";

/// What a name that begins with a keyword is spelled as; the runtime reads data under the
/// name without it (see [`unprefixed`]).
pub const KEYWORD_PREFIX: &str = "__";

/// A name written with [`KEYWORD_PREFIX`] by this module, as the template wrote it.
pub fn unprefixed(name: &str) -> Option<&str> {
    let rest = name.strip_prefix(KEYWORD_PREFIX)?;
    ["nil", "null", "empty", "blank", "true", "false"]
        .iter()
        .any(|k| rest.starts_with(k) && rest.len() > k.len())
        .then_some(rest)
}

/// The template with both rewrites made; borrowed when neither applies.
pub fn rewrite(template: &str) -> Cow<'_, str> {
    if !SPACED_DOT.is_match(template)
        && !KEYWORD_PREFIXED.is_match(template)
        && !template.contains('[')
    {
        return Cow::Borrowed(template);
    }
    MARKUP.replace_all(template, |m: &Captures<'_>| {
        if m.get(1).is_some() {
            m[0].to_string()
        } else {
            outside_quotes(&m[0])
        }
    })
}

fn outside_quotes(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut last = 0;
    for quoted in QUOTED.find_iter(markup) {
        out.push_str(&code(&markup[last..quoted.start()]));
        out.push_str(quoted.as_str());
        last = quoted.end();
    }
    out.push_str(&code(&markup[last..]));
    out
}

fn code(code: &str) -> String {
    let joined = SPACED_DOT.replace_all(code, "$1.$2");
    let prefixed = KEYWORD_PREFIXED.replace_all(&joined, format!("${{1}}{KEYWORD_PREFIX}${{2}}"));
    ROOT_BRACKET
        .replace_all(&prefixed, |m: &Captures<'_>| {
            let start = m.get(0).map_or(0, |all| all.start());
            // `x ['a']` and `['a'] ['b']` look up inside what comes before; only a bracket
            // that follows no value starts at the top.
            let before = prefixed[..start].trim_end();
            let word = before
                .rsplit(|c: char| !(c == '?' || c == '_' || c == '-' || c.is_alphanumeric()))
                .next()
                .unwrap_or_default();
            let follows_value = before.ends_with(']')
                || (!word.is_empty()
                    && !TAG_WORDS.contains(&word)
                    && !before.ends_with(['{', '%']));
            let lead = &m[1];
            if follows_value && lead.trim().is_empty() {
                m[0].to_string()
            } else {
                format!("{lead}{ROOT}[")
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::{rewrite, unprefixed};

    #[test]
    fn spaced_dots_are_joined_outside_quotes() {
        assert_eq!(
            rewrite("{{ widgets. a }}{{ b .c }}"),
            "{{ widgets.a }}{{ b.c }}"
        );
        assert_eq!(rewrite("{{ 'a. b' }}"), "{{ 'a. b' }}");
    }

    #[test]
    fn keyword_prefixed_names_get_a_prefix() {
        assert_eq!(
            rewrite("{% if nullable == true -%}{{ x.empty_ones | default: blank_line }}"),
            "{% if __nullable == true -%}{{ x.empty_ones | default: __blank_line }}"
        );
        assert_eq!(
            rewrite("{{ 'nullable' }}{{ false-%}"),
            "{{ 'nullable' }}{{ false-%}"
        );
        assert_eq!(
            rewrite("{% raw %}{{ nullable }}{% endraw %}"),
            "{% raw %}{{ nullable }}{% endraw %}"
        );
        assert_eq!(
            rewrite("{{ ['a b'].c | append: x[0] }}"),
            "{{ __root['a b'].c | append: x[0] }}"
        );
        assert_eq!(unprefixed("__nullable"), Some("nullable"));
        assert_eq!(unprefixed("__null"), None);
        assert_eq!(unprefixed("__other"), None);
    }
}
