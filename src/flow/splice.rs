//! Writing edits into a flow file's own text: each edited property's value is found by its
//! path and replaced in place, so a save changes only the edited lines and keeps the user's
//! layout, spacing and key order everywhere else.

use std::ops::Range;

use serde_json::Value;

/// One step of a path into JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Member(String),
    Index(usize),
}

/// The byte range of the value at `path` in `text`, which must be valid JSON.
pub fn span(text: &str, path: &[Key]) -> Option<Range<usize>> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    for key in path {
        match key {
            Key::Member(name) => s.enter_member(name)?,
            Key::Index(n) => s.enter_index(*n)?,
        }
    }
    let start = s.i;
    s.skip_value()?;
    Some(start..s.i)
}

/// `text` with `value` written at `path`: replaced where the path exists, or added as the last
/// member of its parent object. `None` when neither can be done in place.
pub fn set(text: &str, path: &[Key], value: &Value) -> Option<String> {
    if let Some(range) = span(text, path) {
        let old = &text[range.clone()];
        let new = render(
            value,
            old.contains('\n'),
            indent_at(text, range.start),
            unit(text),
        );
        return Some(format!(
            "{}{new}{}",
            &text[..range.start],
            &text[range.end..]
        ));
    }
    let (Key::Member(name), parent) = path.split_last()? else {
        return None;
    };
    let object = span(text, parent)?;
    let body = &text[object.clone()];
    if !body.starts_with('{') {
        return None;
    }
    let close = object.end - 1;
    let inner = text[object.start + 1..close].trim_end();
    let outer = indent_at(text, object.start);
    let member_indent = format!("{outer}{}", unit(text));
    let key = Value::String(name.clone());
    let multi = body.contains('\n');
    let new = render(value, multi, &member_indent, unit(text));
    if inner.trim().is_empty() {
        let insert = if multi {
            format!("{{\n{member_indent}{key}: {new}\n{outer}}}")
        } else {
            format!("{{{key}: {new}}}")
        };
        return Some(format!(
            "{}{insert}{}",
            &text[..object.start],
            &text[object.end..]
        ));
    }
    let after_last = object.start + 1 + inner.len();
    let insert = if multi {
        format!(",\n{member_indent}{key}: {new}")
    } else {
        format!(", {key}: {new}")
    };
    Some(format!(
        "{}{insert}{}",
        &text[..after_last],
        &text[after_last..]
    ))
}

/// The leading white space of the line `at` is on.
fn indent_at(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The file's indentation step: the leading white space of its first indented line.
fn unit(text: &str) -> &str {
    text.lines()
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .find(|w| !w.is_empty())
        .unwrap_or("  ")
}

/// A value as the file writes it: on one line where the old one was, else pretty-printed with
/// the file's indentation, continuing at `indent`.
fn render(value: &Value, multiline: bool, indent: &str, unit: &str) -> String {
    if !multiline || !(value.is_object() || value.is_array()) {
        return one_line(value);
    }
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    if serde::Serialize::serialize(value, &mut ser).is_err() {
        return one_line(value);
    }
    String::from_utf8_lossy(&out).replace('\n', &format!("\n{indent}"))
}

/// JSON on one line with a space after `:` and `,`, as people write it by hand.
fn one_line(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), one_line(v)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(one_line).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// The paths of the keys that `text`'s objects name more than once
/// (`states[3].properties.url`): the loader keeps the last of each, and an edit goes there.
pub fn duplicate_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut scanner = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    let _ = scanner.walk(Some(""), &mut out);
    out
}

/// `parent.key`, or `parent["key"]` for a key a name cannot spell.
fn member(parent: &str, key: &str) -> String {
    let name = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.is_empty();
    match (parent.is_empty(), name) {
        (true, true) => key.to_string(),
        (_, true) => format!("{parent}.{key}"),
        (_, false) => format!("{parent}[{key:?}]"),
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// A string, decoded (for comparing keys).
    fn string(&mut self) -> Option<String> {
        self.ws();
        let start = self.i;
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    let raw = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        self.walk(None, &mut Vec::new())
    }

    /// Moves past the value here; given a path, records every key an object inside names
    /// more than once, with its path.
    fn walk(&mut self, path: Option<&str>, out: &mut Vec<String>) -> Option<()> {
        self.ws();
        match *self.b.get(self.i)? {
            b'"' => self.string().map(|_| ()),
            b'{' => {
                self.i += 1;
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                let mut seen = std::collections::HashSet::new();
                loop {
                    let key = self.string()?;
                    self.eat(b':')?;
                    let inner = path.map(|p| member(p, &key));
                    if let Some(inner) = &inner {
                        if !seen.insert(key) {
                            out.push(inner.clone());
                        }
                    }
                    self.walk(inner.as_deref(), out)?;
                    if self.eat(b',').is_none() {
                        return self.eat(b'}');
                    }
                }
            }
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                let mut n = 0;
                loop {
                    let inner = path.map(|p| format!("{p}[{n}]"));
                    self.walk(inner.as_deref(), out)?;
                    n += 1;
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                let start = self.i;
                while self.i < self.b.len() && !b",}] \t\r\n".contains(&self.b[self.i]) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }

    /// Moves to the value of member `name` of the object here: its last, when the object
    /// names it twice, as the loader (serde_json) keeps the last.
    fn enter_member(&mut self, name: &str) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return None;
        }
        let mut found = None;
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            self.ws();
            if key == name {
                found = Some(self.i);
            }
            self.skip_value()?;
            if self.eat(b',').is_none() {
                break;
            }
        }
        self.i = found?;
        Some(())
    }

    /// Moves to element `n` of the array here.
    fn enter_index(&mut self, n: usize) -> Option<()> {
        self.eat(b'[')?;
        for _ in 0..n {
            self.skip_value()?;
            self.eat(b',')?;
        }
        self.ws();
        (self.b.get(self.i) != Some(&b']')).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(keys: &[&str]) -> Vec<Key> {
        keys.iter()
            .map(|k| match k.parse() {
                Ok(n) => Key::Index(n),
                Err(_) => Key::Member(k.to_string()),
            })
            .collect()
    }

    const TEXT: &str = "{\n  \"states\": [\n    {\"name\": \"a\"},\n    {\n      \"name\": \"b\",\n      \"properties\": {\n        \"url\": \"http://x\",\n        \"params\": [\n          {\"k\": 1}\n        ]\n      }\n    }\n  ]\n}\n";

    #[test]
    fn a_value_is_replaced_where_it_stands() {
        let url = path(&["states", "1", "properties", "url"]);
        assert_eq!(&TEXT[span(TEXT, &url).unwrap()], "\"http://x\"");
        let out = set(TEXT, &url, &json!("http://y")).unwrap();
        assert_eq!(out, TEXT.replace("http://x", "http://y"));
        let params = path(&["states", "1", "properties", "params"]);
        let out = set(TEXT, &params, &json!([{"k": 1}, {"k": 2}])).unwrap();
        assert!(
            out.contains("        \"params\": [\n          {\n            \"k\": 1\n          },")
        );
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap()["states"][1]["properties"]["params"][1],
            json!({"k": 2})
        );
    }

    #[test]
    fn a_new_member_goes_last_in_its_object() {
        let body = path(&["states", "1", "properties", "body"]);
        let out = set(TEXT, &body, &json!("{}")).unwrap();
        assert!(
            out.contains("        ],\n        \"body\": \"{}\"\n      }"),
            "{out}"
        );
        let name = path(&["states", "0", "label"]);
        let out = set(TEXT, &name, &json!("A")).unwrap();
        assert!(out.contains("{\"name\": \"a\", \"label\": \"A\"}"), "{out}");
        assert!(set(TEXT, &path(&["states", "5", "x"]), &json!(1)).is_none());
    }
}
