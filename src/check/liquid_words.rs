//! A Liquid parse error in the user's words: the `liquid` crate reports its grammar's rule
//! names (`expected Literal`), which say nothing to someone who left a `{{` open.

use std::sync::LazyLock;

use regex::Regex;

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("a valid pattern"));
static REQUESTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"requested=(\S+)").expect("a valid pattern"));
static EXPECTED_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\{%\s*\w+\s*%\}) tag expected").expect("a valid pattern"));

/// What the grammar's rules stand for.
const RULES: &[(&str, &str)] = &[
    ("Literal", "a value or a variable"),
    ("Value", "a value"),
    ("Variable", "a variable"),
    ("Identifier", "a name"),
    ("FilterCall", "a filter"),
    ("Range", "a range"),
    ("EOI", "the end of the template"),
];

/// `message` (the crate's, for `template`) as one line in words.
pub fn describe(template: &str, message: &str) -> String {
    if let Some(name) = crate::liquid::unknown_filter(message) {
        return format!(
            "unknown filter {name} (Studio passes the value through it unchanged and logs warning 81018)"
        );
    }
    if let Some(open) = unterminated(template) {
        return open;
    }
    if let Some(tag) = EXPECTED_TAG.captures(message) {
        return format!(
            "Liquid syntax error: a block is not closed ({} expected)",
            &tag[1]
        );
    }
    if message.contains("Unknown tag") {
        if let Some(name) = REQUESTED.captures(message) {
            return at(message, &format!("unknown tag {}", &name[1]));
        }
    }
    let what = message
        .lines()
        .rev()
        .map(|l| l.trim().trim_start_matches('=').trim())
        .find(|l| !l.is_empty() && !l.starts_with('|') && !l.starts_with('^'))
        .unwrap_or("invalid template");
    let what = match what.strip_prefix("expected ") {
        Some(rules) => {
            let words: Vec<&str> = rules
                .split(", ")
                .flat_map(|r| r.split(" or "))
                .map(|r| RULES.iter().find(|(k, _)| *k == r).map_or(r, |(_, w)| *w))
                .collect();
            format!("expected {}", words.join(" or "))
        }
        None => what.to_string(),
    };
    at(message, &what)
}

fn at(message: &str, what: &str) -> String {
    match POSITION.captures(message) {
        Some(c) => format!(
            "Liquid syntax error at line {}, column {}: {what}",
            &c[1], &c[2]
        ),
        None => format!("Liquid syntax error: {what}"),
    }
}

/// `unterminated {{ at line L, column C: no }} closes it`, for the first `{{` or `{%` that no
/// closer follows.
fn unterminated(template: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = template[from..].find('{') {
        let start = from + found;
        let rest = &template[start..];
        let (open, close) = if rest.starts_with("{{") {
            ("{{", "}}")
        } else if rest.starts_with("{%") {
            ("{%", "%}")
        } else {
            from = start + 1;
            continue;
        };
        match rest[2..].find(close) {
            Some(end) => from = start + 2 + end + 2,
            None => {
                let before = &template[..start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                return Some(format!(
                    "unterminated {open} at line {line}, column {column}: no {close} closes it"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::describe;
    use crate::liquid::Liquid;

    fn words(template: &str) -> String {
        let message = Liquid::new().parse(template).unwrap_err().message;
        describe(template, &message)
    }

    #[test]
    fn errors_read_as_words() {
        assert_eq!(
            words("{{flow.variables.reservation_id"),
            "unterminated {{ at line 1, column 1: no }} closes it"
        );
        assert_eq!(
            words("a\n  {% if x "),
            "unterminated {% at line 2, column 3: no %} closes it"
        );
        assert_eq!(
            words("{{ a | }}"),
            "Liquid syntax error at line 1, column 8: expected a name"
        );
        assert_eq!(
            words("{% if x %}y"),
            "Liquid syntax error: a block is not closed ({% endif %} expected)"
        );
        assert_eq!(
            words("{% iff x %}"),
            "Liquid syntax error at line 1, column 4: unknown tag iff"
        );
    }
}
