//! How deep blocks may nest. The parser and the renderer descend one level per block, and a
//! template nested thousands deep (4,500 `{% if %}` in a pasted field) would overflow the stack
//! and abort the process, which no panic handler catches. Real flows nest a handful deep;
//! past [`MAX_DEPTH`] a template is a Liquid error, as any other syntax error is.

use std::sync::LazyLock;

use regex::Regex;

/// The deepest nesting of blocks a template may have.
pub const MAX_DEPTH: usize = 100;

/// Every tag's name, in order.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?[ \t\r\n]*([A-Za-z_]+)").expect("a valid pattern"));

/// The tags that open a block (each closed by `end` and its name).
const BLOCKS: &[&str] = &[
    "if",
    "unless",
    "for",
    "case",
    "capture",
    "tablerow",
    "ifchanged",
];

/// `Err` with the reason when the template's blocks nest deeper than [`MAX_DEPTH`]. What is
/// inside `raw` and `comment` is text and does not count.
pub fn check(template: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut verbatim: Option<&str> = None;
    for tag in TAG.captures_iter(template) {
        let name = &tag[1];
        if let Some(until) = verbatim {
            if name == until {
                verbatim = None;
            }
            continue;
        }
        match name {
            "raw" => verbatim = Some("endraw"),
            "comment" => verbatim = Some("endcomment"),
            name if BLOCKS.contains(&name) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "blocks nest deeper than {MAX_DEPTH} levels (a `{name}` at {} bytes in): \
                         no flow needs that many, and the parser would run out of stack",
                        tag.get(0).map_or(0, |m| m.start())
                    ));
                }
            }
            name if name
                .strip_prefix("end")
                .is_some_and(|b| BLOCKS.contains(&b)) =>
            {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_an_error_and_raw_text_does_not_count() {
        let nested =
            |n: usize, open: &str, close: &str| format!("{}x{}", open.repeat(n), close.repeat(n));
        assert!(check(&nested(MAX_DEPTH, "{% if true %}", "{% endif %}")).is_ok());
        assert!(check(&nested(MAX_DEPTH + 1, "{% if true %}", "{% endif %}")).is_err());
        // Siblings are not nesting.
        assert!(check(&"{% if a %}x{% endif %}".repeat(5000)).is_ok());
        let raw = format!("{{% raw %}}{}{{% endraw %}}", "{% if a %}".repeat(5000));
        assert!(check(&raw).is_ok());
    }
}
