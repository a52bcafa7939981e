//! One flat list of lines behind the value viewer: JSON pretty-printed with keys in their order,
//! or text. Every line knows its depth, its parent and (for an opening bracket) where it closes,
//! so folding is skipping a range and search never walks a tree. Built once per value.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::liquid::path;
use crate::liquid::render_json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{` or `[`; the line's `close` is its matching bracket's line.
    Open,
    Close,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// A line of text that is not JSON.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub depth: usize,
    /// `"key": ` for object members, empty otherwise.
    pub key: Option<String>,
    pub kind: Kind,
    /// The value as printed (a scalar, a bracket, a text line), with its trailing comma.
    pub text: String,
    pub parent: Option<usize>,
    /// For [`Kind::Open`]: the line of the matching close.
    pub close: Option<usize>,
    /// The Liquid path of the value on this line, relative to the document's root.
    pub path: String,
    /// For [`Kind::Open`]: `3 keys` or `150 items`, shown when folded.
    pub summary: String,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub lines: Vec<DocLine>,
    /// Lowercased `key text` of each line, searched as typed.
    haystack: Vec<String>,
    pub json: bool,
}

impl Doc {
    /// A document for `value`: JSON when it is an object or array, or a string that parses as
    /// one (a response `body`); text otherwise. `root` is the value's own Liquid path.
    pub fn of(value: &Value, root: &str) -> Doc {
        match value {
            Value::Object(_) | Value::Array(_) => Doc::json(value, root),
            Value::String(s) => Doc::text_or_json(s, root),
            other => Doc::text(&render_json(other)),
        }
    }

    /// Text that is JSON (an object or array) is shown as JSON.
    pub fn text_or_json(text: &str, root: &str) -> Doc {
        match serde_json::from_str::<Value>(text) {
            Ok(value @ (Value::Object(_) | Value::Array(_))) => Doc::json(&value, root),
            _ => Doc::text(text),
        }
    }

    pub fn text(text: &str) -> Doc {
        let lines: Vec<DocLine> = text
            .split('\n')
            .map(|line| DocLine {
                depth: 0,
                key: None,
                kind: Kind::Text,
                text: line.trim_end_matches('\r').to_string(),
                parent: None,
                close: None,
                path: String::new(),
                summary: String::new(),
            })
            .collect();
        Doc::from_lines(lines, false)
    }

    pub fn json(value: &Value, root: &str) -> Doc {
        let mut lines = Vec::new();
        push(&mut lines, value, None, root, 0, None, false);
        Doc::from_lines(lines, true)
    }

    fn from_lines(lines: Vec<DocLine>, json: bool) -> Doc {
        let haystack = lines
            .iter()
            .map(|l| {
                let mut h = l.key.clone().unwrap_or_default();
                h.push(' ');
                h.push_str(&l.text);
                h.to_lowercase()
            })
            .collect();
        Doc {
            lines,
            haystack,
            json,
        }
    }

    /// The lines shown with `folded` opening lines folded: indices into `lines`.
    pub fn visible(&self, folded: &BTreeSet<usize>) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.lines.len());
        let mut i = 0;
        while i < self.lines.len() {
            out.push(i);
            i = match self.lines[i].close {
                Some(close) if folded.contains(&i) => close + 1,
                _ => i + 1,
            };
        }
        out
    }

    /// The lines whose key or text contains `query` (lowercase), folded or not.
    pub fn search(&self, query: &str) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        self.haystack
            .iter()
            .enumerate()
            .filter(|(_, h)| h.contains(query))
            .map(|(i, _)| i)
            .collect()
    }

    /// The opening lines that enclose `line`, innermost first.
    pub fn ancestors(&self, line: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.lines.get(line).and_then(|l| l.parent), |&p| {
            self.lines[p].parent
        })
    }

    /// The value on `line` as copied: a scalar's text as is (strings unquoted), an object or
    /// array as pretty JSON, a text line as it is.
    pub fn value_text(&self, line: usize) -> String {
        let Some(l) = self.lines.get(line) else {
            return String::new();
        };
        let end = match (l.kind, l.close) {
            (Kind::Open, Some(close)) => close,
            _ => line,
        };
        let text: String = self.lines[line..=end]
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let indent = "  ".repeat(l.depth.saturating_sub(self.lines[line].depth));
                let key = if i == 0 {
                    ""
                } else {
                    l.key.as_deref().unwrap_or("")
                };
                let text = if i + line == end {
                    l.text.trim_end_matches(',')
                } else {
                    &l.text
                };
                format!("{indent}{key}{text}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        match l.kind {
            Kind::String => serde_json::from_str::<String>(&text).unwrap_or(text),
            _ => text,
        }
    }
}

fn push(
    lines: &mut Vec<DocLine>,
    value: &Value,
    key: Option<&str>,
    path: &str,
    depth: usize,
    parent: Option<usize>,
    comma: bool,
) {
    let comma = if comma { "," } else { "" };
    let key_text = key.map(|k| format!("{}: ", Value::String(k.to_string())));
    type Members<'v> = Vec<(Option<&'v str>, &'v Value)>;
    let (open, close, summary, children): (&str, &str, String, Members<'_>) = match value {
        Value::Object(map) => (
            "{",
            "}",
            format!("{} keys", map.len()),
            map.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
        ),
        Value::Array(items) => (
            "[",
            "]",
            format!("{} items", items.len()),
            items.iter().map(|v| (None, v)).collect(),
        ),
        scalar => {
            let kind = match scalar {
                Value::String(_) => Kind::String,
                Value::Number(_) => Kind::Number,
                _ => Kind::Literal,
            };
            lines.push(DocLine {
                depth,
                key: key_text,
                kind,
                text: format!(
                    "{}{comma}",
                    serde_json::to_string(scalar).unwrap_or_default()
                ),
                parent,
                close: None,
                path: path.to_string(),
                summary: String::new(),
            });
            return;
        }
    };
    let at = lines.len();
    if children.is_empty() {
        lines.push(DocLine {
            depth,
            key: key_text,
            kind: Kind::Literal,
            text: format!("{open}{close}{comma}"),
            parent,
            close: None,
            path: path.to_string(),
            summary,
        });
        return;
    }
    lines.push(DocLine {
        depth,
        key: key_text,
        kind: Kind::Open,
        text: open.to_string(),
        parent,
        close: None,
        path: path.to_string(),
        summary,
    });
    let last = children.len() - 1;
    for (i, (k, v)) in children.into_iter().enumerate() {
        let child_path = match k {
            Some(k) => path::member(path, k),
            None => path::index(path, i),
        };
        push(lines, v, k, &child_path, depth + 1, Some(at), i < last);
    }
    lines.push(DocLine {
        depth,
        key: None,
        kind: Kind::Close,
        text: format!("{close}{comma}"),
        parent: Some(at),
        close: None,
        path: path.to_string(),
        summary: String::new(),
    });
    let end = lines.len() - 1;
    lines[at].close = Some(end);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_lines_keep_key_order_fold_and_copy() {
        let doc = Doc::json(
            &json!({"z": 1, "a": {"b": [true, "x"]}, "e": []}),
            "widgets.w.parsed",
        );
        let shown: Vec<String> = doc
            .lines
            .iter()
            .map(|l| {
                format!(
                    "{}{}{}",
                    "  ".repeat(l.depth),
                    l.key.as_deref().unwrap_or(""),
                    l.text
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "{",
                "  \"z\": 1,",
                "  \"a\": {",
                "    \"b\": [",
                "      true,",
                "      \"x\"",
                "    ]",
                "  },",
                "  \"e\": []",
                "}"
            ]
        );
        assert_eq!(doc.lines[5].path, "widgets.w.parsed.a.b[1]");
        let folded: BTreeSet<usize> = [2].into();
        assert_eq!(doc.visible(&folded), [0, 1, 2, 8, 9]);
        assert_eq!(
            doc.value_text(2),
            "{\n  \"b\": [\n    true,\n    \"x\"\n  ]\n}"
        );
        assert_eq!(doc.value_text(5), "x");
        assert_eq!(doc.search("\"x\""), [5]);
        assert_eq!(doc.ancestors(5).collect::<Vec<_>>(), [3, 2, 0]);
    }

    #[test]
    fn a_string_holding_json_is_shown_as_json_and_other_text_as_lines() {
        assert!(Doc::of(&json!("{\"a\": 1}"), "x").json);
        let text = Doc::of(&json!("one\ntwo"), "x");
        assert!(!text.json);
        assert_eq!(text.lines.len(), 2);
    }
}
