//! Liquid paths to values, spelled so that pasting one into a template renders the same value:
//! `widgets.get_order.parsed.items[120].sku`, with `["…"]` for keys a name cannot spell.

/// `parent.key`, or `parent["key"]` when the key is not a Liquid name.
pub fn member(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return if is_name(key) {
            key.to_string()
        } else {
            format!("[{}]", quoted(key))
        };
    }
    if is_name(key) {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", quoted(key))
    }
}

/// `parent[i]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// A name Liquid reads after a dot: a letter or `_`, then letters, digits, `_` or `-`.
fn is_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A Liquid string literal for `key`: double quotes, or single quotes when it holds a double one.
fn quoted(key: &str) -> String {
    if key.contains('"') {
        format!("'{key}'")
    } else {
        format!("\"{key}\"")
    }
}

/// The value at a path this module spelled, inside `root`.
pub fn lookup<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut value = root;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (inside, after) = if let Some(q @ ('"' | '\'')) = after.chars().next() {
                let end = after[1..].find(q)? + 1;
                (&after[..=end], after[end + 1..].strip_prefix(']')?)
            } else {
                let end = after.find(']')?;
                (&after[..end], &after[end + 1..])
            };
            value = match inside.chars().next() {
                Some('"' | '\'') => value.get(&inside[1..inside.len() - 1])?,
                _ => value.get(inside.parse::<usize>().ok()?)?,
            };
            rest = after;
        } else {
            let name = rest.strip_prefix('.').unwrap_or(rest);
            let end = name.find(['.', '[']).unwrap_or(name.len());
            value = value.get(&name[..end])?;
            rest = &name[end..];
        }
    }
    Some(value)
}

/// The path of the value holding the one at `path` (`a.b[3]` for `a.b[3].c`), or `None` at a
/// root name. Brackets are read as [`lookup`] reads them, so a quoted key with a dot or a
/// bracket in it is one step.
pub fn parent(path: &str) -> Option<&str> {
    let mut last = None;
    let mut at = 0;
    let bytes = path.as_bytes();
    while at < path.len() {
        match bytes[at] {
            b'[' => {
                last = Some(at);
                let inside = &path[at + 1..];
                let end = match inside.chars().next() {
                    Some(q @ ('"' | '\'')) => inside[1..].find(q).map(|e| e + 2),
                    _ => inside.find(']'),
                }?;
                at += 1 + end + 1;
            }
            b'.' => {
                last = Some(at);
                at += 1;
            }
            _ => at += 1,
        }
    }
    last.map(|i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_is_one_step_up_whatever_the_spelling() {
        assert_eq!(
            parent("widgets.get.parsed.items[120].sku"),
            Some("widgets.get.parsed.items[120]")
        );
        assert_eq!(
            parent("widgets.get.parsed.items[120]"),
            Some("widgets.get.parsed.items")
        );
        assert_eq!(parent("a[\"x.y[1]\"]"), Some("a"));
        assert_eq!(parent("a['say \"hi\"'].b"), Some("a['say \"hi\"']"));
        assert_eq!(parent("widgets"), None);
        assert_eq!(parent("a[\"unclosed"), None);
    }

    #[test]
    fn lookup_reads_back_every_spelling() {
        let root = serde_json::json!({"a": {"first name": [0, {"x-id": 7, "say \"hi\"": 1}]}});
        assert_eq!(
            lookup(&root, "a[\"first name\"][1].x-id"),
            Some(&serde_json::json!(7))
        );
        assert_eq!(
            lookup(&root, "a[\"first name\"][1]['say \"hi\"']"),
            Some(&serde_json::json!(1))
        );
        assert_eq!(lookup(&root, "a.missing"), None);
    }

    #[test]
    fn names_take_a_dot_and_other_keys_brackets() {
        assert_eq!(member("widgets", "get_order"), "widgets.get_order");
        assert_eq!(member("a", "first name"), "a[\"first name\"]");
        assert_eq!(member("a", "x-id"), "a.x-id");
        assert_eq!(member("a", "2fa"), "a[\"2fa\"]");
        assert_eq!(member("a", "say \"hi\""), "a['say \"hi\"']");
        assert_eq!(index("a.items", 120), "a.items[120]");
    }
}
