//! Range literals (`(1..5)`) where Shopify Liquid allows them and the crate's grammar does not:
//! at the head of an output, `assign` or `echo`. There the range is spelled as its start piped
//! into an internal filter that builds the integers up to its end.

use std::borrow::Cow;
use std::sync::LazyLock;

use liquid_core::model::{Value, ValueView};
use regex::Regex;

use super::operand::{range, to_integer};
use super::{Args, Simple};

/// The name of the internal filter; a leading underscore keeps it out of users' way.
const FILTER: &str = "_range_to";

static HEAD_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let value =
        r#"-?\d+(?:\.\d+)?|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*|'[^']*'|"[^"]*""#;
    let head = r"\{\{-?|\{%-?[ \t\r\n]*assign[ \t\r\n]+[\w-]+[ \t\r\n]*=|\{%-?[ \t\r\n]*echo";
    Regex::new(&format!(
        r"(?s)({head})[ \t\r\n]*\([ \t\r\n]*({value})[ \t\r\n]*\.\.[ \t\r\n]*({value})[ \t\r\n]*\)"
    ))
    .expect("a valid pattern")
});

/// The template with each range at the head of an output, `assign` or `echo` spelled so the
/// crate can parse it.
pub fn rewrite(template: &str) -> Cow<'_, str> {
    if !template.contains("..") {
        return Cow::Borrowed(template);
    }
    HEAD_RANGE.replace_all(template, format!("$1 $2 | {FILTER}: $3"))
}

fn range_to(input: &dyn ValueView, args: &Args) -> Result<Value, String> {
    let end = args.get(0).map_or(0, |v| to_integer(v));
    Ok(range(to_integer(input), end))
}

pub fn filters() -> Vec<Simple> {
    vec![Simple {
        name: FILTER,
        description: "The integers from the input to the argument (a range literal).",
        arity: (1, 1),
        run: range_to,
    }]
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn ranges_at_the_head_become_a_filter() {
        assert_eq!(
            rewrite("{{ (1..5) | join: '#' }}"),
            "{{ 1 | _range_to: 5 | join: '#' }}"
        );
        assert_eq!(
            rewrite("{% assign x = ( a.b .. 3 ) %}"),
            "{% assign x = a.b | _range_to: 3 %}"
        );
        assert_eq!(rewrite("{% for i in (1..3) %}"), "{% for i in (1..3) %}");
    }
}
