//! `{% liquid %}`: several tags in one, a line each. The crate has no such tag and its grammar
//! cannot take the lines (or their `#` comments) as one tag's arguments, so each is spelled as a
//! tag of its own before parsing, keeping the outer whitespace control.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

static LIQUID_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?s)\{%(-?)[ \t\r\n]*liquid([ \t\r\n](?:[^%'"]|'[^']*'|"[^"]*"|%[^}])*?)?(-?)%\}"#,
    )
    .expect("a valid pattern")
});

/// The template with every `{% liquid %}` tag spelled as the tags it holds.
pub fn expand(template: &str) -> Cow<'_, str> {
    if !template.contains("liquid") {
        return Cow::Borrowed(template);
    }
    LIQUID_TAG.replace_all(template, |c: &Captures<'_>| {
        let body = c.get(2).map_or("", |m| m.as_str());
        let (left, right) = (&c[1], &c[3]);
        let lines = lines(body);
        if lines.is_empty() {
            return format!("{{%{left} comment %}}{{% endcomment {right}%}}");
        }
        let last = lines.len() - 1;
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let l = if i == 0 { left } else { "" };
                let r = if i == last { right } else { "" };
                format!("{{%{l} {line} {r}%}}")
            })
            .collect()
    })
}

/// The tags of a `liquid` tag's body: one a line, without blank lines, `#` comments, `comment`
/// blocks, and with nested `liquid` tags opened up.
fn lines(body: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut comment_depth = 0usize;
    for line in body.split('\n') {
        let line = line.trim_matches([' ', '\t', '\r']);
        let word = line.split_whitespace().next().unwrap_or_default();
        if comment_depth > 0 {
            match word {
                "comment" => comment_depth += 1,
                "endcomment" => comment_depth -= 1,
                _ => {}
            }
            continue;
        }
        match word {
            "" => {}
            _ if word.starts_with('#') => {}
            "comment" => comment_depth = 1,
            "liquid" => tags.extend(lines(&line["liquid".len()..])),
            _ => tags.push(line.to_string()),
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn each_line_becomes_a_tag() {
        assert_eq!(
            expand("{%- liquid\n  assign x = 1\n  # note\n  echo x\n-%}"),
            "{%- assign x = 1 %}{% echo x -%}"
        );
        assert_eq!(expand("{% liquid %}"), "{% comment %}{% endcomment %}");
        assert_eq!(expand("{% liquid liquid echo 'a' %}"), "{% echo 'a' %}");
        assert_eq!(
            expand("{% liquid\ncomment a\nb\nendcomment\necho 1 %}"),
            "{% echo 1 %}"
        );
        assert_eq!(expand("{{ 'liquid' }}"), "{{ 'liquid' }}");
    }
}
