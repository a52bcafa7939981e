//! Studio runs at most 15 iterations of a Liquid `for` loop. The crate's `for` has no such cap,
//! so every loop gets a `limit` of at most 15 before parsing.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// The most iterations Studio runs of one loop.
pub const MAX_ITERATIONS: usize = 15;

static LOOP_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{%(-?)([ \t\r\n]*)(for)([ \t\r\n][^%]*?)([ \t\r\n]*)(-?)%\}")
        .expect("a valid pattern")
});
static LIMIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"limit\s*:\s*(\d+)").expect("a valid pattern"));

/// The template with every loop limited to [`MAX_ITERATIONS`]; borrowed when it has no loop.
pub fn cap(template: &str) -> Cow<'_, str> {
    if !template.contains("for") {
        return Cow::Borrowed(template);
    }
    LOOP_TAG.replace_all(template, |c: &regex::Captures<'_>| {
        let args = &c[4];
        let args = match LIMIT.captures(args) {
            Some(limit) => {
                let n: usize = limit[1].parse().unwrap_or(usize::MAX);
                if n > MAX_ITERATIONS {
                    LIMIT
                        .replace(args, format!("limit: {MAX_ITERATIONS}"))
                        .into_owned()
                } else {
                    args.to_string()
                }
            }
            // A limit from a variable is left to the crate, and so is a loop with an offset
            // (the crate counts `forloop.length` wrongly when both are given).
            None if args.contains("limit") || args.contains("offset") => args.to_string(),
            None => format!("{args} limit: {MAX_ITERATIONS}"),
        };
        format!("{{%{}{}{}{args}{}{}%}}", &c[1], &c[2], &c[3], &c[5], &c[6])
    })
}

#[cfg(test)]
mod tests {
    use super::cap;

    #[test]
    fn loops_get_a_limit_of_15() {
        assert_eq!(
            cap("{% for x in a %}{{x}}{% endfor %}"),
            "{% for x in a limit: 15 %}{{x}}{% endfor %}"
        );
        assert_eq!(
            cap("{%- for x in a limit: 40 -%}"),
            "{%- for x in a limit: 15 -%}"
        );
        assert_eq!(
            cap("{% for x in a limit: 3 %}"),
            "{% for x in a limit: 3 %}"
        );
        assert_eq!(
            cap("{% for x in a reversed %}"),
            "{% for x in a reversed limit: 15 %}"
        );
        assert_eq!(cap("{{ 'for' }}"), "{{ 'for' }}");
        assert_eq!(cap("{% endfor %}"), "{% endfor %}");
    }
}
