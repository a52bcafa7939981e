//! Breakpoints: on a widget by a line of the flow file (any line of its definition, moved to
//! its `"name"`) or by its name, each with an optional condition (a Liquid expression, such as
//! `{{flow.variables.count}} > 2` or `flow.variables.count > 2`) and hit count (`3`, the
//! third time the widget is reached with the condition true; also `>=3`, `>3`, `%3`).

use serde_json::{json, Value};

use crate::engine::Context;
use crate::flow::lines::Lines;
use crate::flow::Flow;
use crate::liquid::Liquid;

#[derive(Debug, Clone)]
pub struct Breakpoint {
    pub id: i64,
    pub widget: usize,
    pub condition: Option<String>,
    pub hit: Option<Hits>,
    /// Times the widget was reached with the condition true.
    pub hits: usize,
    /// Set from a line of the file (replaced by the next `setBreakpoints`), not by name.
    pub by_line: bool,
}

/// When a breakpoint stops, by how many times it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hits {
    Exactly(usize),
    AtLeast(usize),
    Every(usize),
}

impl Hits {
    pub fn parse(text: &str) -> Result<Hits, String> {
        let text = text.trim();
        let number = |s: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| format!("hit count {text}: expected a number, like 3, >=3 or %3"))
        };
        if let Some(rest) = text.strip_prefix(">=") {
            Ok(Hits::AtLeast(number(rest)?))
        } else if let Some(rest) = text.strip_prefix('>') {
            Ok(Hits::AtLeast(number(rest)? + 1))
        } else if let Some(rest) = text.strip_prefix('%') {
            Ok(Hits::Every(number(rest)?.max(1)))
        } else {
            Ok(Hits::Exactly(number(text.trim_start_matches("=="))?))
        }
    }

    fn stops(self, hits: usize) -> bool {
        match self {
            Hits::Exactly(n) => hits == n,
            Hits::AtLeast(n) => hits >= n,
            Hits::Every(n) => hits.is_multiple_of(n),
        }
    }
}

#[derive(Default)]
pub struct Breakpoints {
    pub all: Vec<Breakpoint>,
    next_id: i64,
}

impl Breakpoints {
    /// Replaces the line breakpoints with those at `lines` (each `{line, condition?,
    /// hitCondition?}`), and returns them as the protocol reports them, in the same order.
    pub fn set_lines(&mut self, asked: &[Value], lines: &Lines) -> Vec<Value> {
        self.all.retain(|b| !b.by_line);
        asked
            .iter()
            .map(|a| {
                let line = a["line"].as_u64().unwrap_or(0) as usize;
                match lines.widget_at(line) {
                    Some(widget) => self.add(a, widget, true, lines.widgets[widget]),
                    None => json!({"verified": false, "line": line,
                        "message": format!("line {line} is in no widget's definition")}),
                }
            })
            .collect()
    }

    /// Replaces the breakpoints by widget name.
    pub fn set_names(&mut self, asked: &[Value], flow: &Flow, lines: &Lines) -> Vec<Value> {
        self.all.retain(|b| b.by_line);
        asked
            .iter()
            .map(|a| {
                let name = a["name"].as_str().unwrap_or_default();
                match flow.index_of(name) {
                    Some(widget) => self.add(a, widget, false, lines.widgets[widget]),
                    None => json!({"verified": false, "message": format!(
                        "the flow has no widget {name}{}",
                        crate::words::did_you_mean(name, flow.widgets.iter().map(|w| w.name.as_str()))
                    )}),
                }
            })
            .collect()
    }

    fn add(&mut self, asked: &Value, widget: usize, by_line: bool, line: usize) -> Value {
        let hit = match asked["hitCondition"]
            .as_str()
            .filter(|h| !h.trim().is_empty())
        {
            Some(text) => match Hits::parse(text) {
                Ok(hit) => Some(hit),
                Err(message) => return json!({"verified": false, "message": message}),
            },
            None => None,
        };
        self.next_id += 1;
        let condition = asked["condition"]
            .as_str()
            .filter(|c| !c.trim().is_empty())
            .map(str::to_string);
        self.all.push(Breakpoint {
            id: self.next_id,
            widget,
            condition,
            hit,
            hits: 0,
            by_line,
        });
        json!({"id": self.next_id, "verified": true, "line": line})
    }

    /// The breakpoints on `widget` that stop now, counting each one's hits; an error in a
    /// condition stops too, and is said.
    pub fn reached(
        &mut self,
        widget: usize,
        context: &Context,
        liquid: &Liquid,
    ) -> (Vec<i64>, Vec<String>) {
        let (mut stop, mut errors) = (Vec::new(), Vec::new());
        for b in self.all.iter_mut().filter(|b| b.widget == widget) {
            let holds = match &b.condition {
                None => true,
                Some(condition) => match holds(condition, context, liquid) {
                    Ok(holds) => holds,
                    Err(e) => {
                        errors.push(format!("breakpoint condition {condition}: {e}"));
                        true
                    }
                },
            };
            if !holds {
                continue;
            }
            b.hits += 1;
            if b.hit.is_none_or(|h| h.stops(b.hits)) {
                stop.push(b.id);
            }
        }
        (stop, errors)
    }

    /// Whether any breakpoint is on `widget` (stepping back to one, hits aside).
    pub fn on(&self, widget: usize) -> bool {
        self.all.iter().any(|b| b.widget == widget)
    }

    /// Hit counts start again (a restart).
    pub fn reset_hits(&mut self) {
        for b in &mut self.all {
            b.hits = 0;
        }
    }
}

/// Whether a condition holds: `{{ … }}` parts are rendered first, then what results is read as
/// a Liquid condition (`3 > 2`, `flow.variables.done`, `x == "yes"`).
pub fn holds(condition: &str, context: &Context, liquid: &Liquid) -> Result<bool, String> {
    let rendered = if condition.contains("{{") {
        liquid
            .render_view(condition, context)
            .map_err(|e| e.message)?
    } else {
        condition.to_string()
    };
    let test = format!("{{% if {rendered} %}}true{{% endif %}}");
    liquid
        .render_view(&test, context)
        .map(|out| out == "true")
        .map_err(|e| e.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_counts_read_as_a_debugger_user_writes_them() {
        assert_eq!(Hits::parse("3"), Ok(Hits::Exactly(3)));
        assert_eq!(Hits::parse("== 3"), Ok(Hits::Exactly(3)));
        assert_eq!(Hits::parse(">=2"), Ok(Hits::AtLeast(2)));
        assert_eq!(Hits::parse(">2"), Ok(Hits::AtLeast(3)));
        assert_eq!(Hits::parse("%2"), Ok(Hits::Every(2)));
        assert!(Hits::parse("often").is_err());
        assert!(Hits::Exactly(3).stops(3) && !Hits::Exactly(3).stops(4));
        assert!(Hits::Every(2).stops(4) && !Hits::Every(2).stops(3));
    }
}
