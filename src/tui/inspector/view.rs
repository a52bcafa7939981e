use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use serde_json::Value;

use super::items::{self as inspect, Item};
use crate::engine::http::HttpRecord;
use crate::engine::Step;
use crate::flow::fields::{self, Field};
use crate::flow::Widget;
use crate::flow::WidgetKind;
use crate::mask;
use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, clip, inner_width, one_line, Theme};

struct Lines<'a> {
    lines: Vec<Line<'a>>,
    width: usize,
    theme: Theme,
    /// The line of the selected item, to keep it in view.
    selected_line: Option<usize>,
    /// The item selected in the inspector, if it has the focus.
    selected: Option<Item>,
    /// The lines of a value shown only in part: for search, which counts them too.
    pub hidden: Vec<Hidden>,
}

/// A line of a value the inspector shows only in part (a long response's rest).
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    /// The inspector's line that says the rest is there (`… N more lines`).
    pub row: usize,
    pub item: Item,
    /// The line within the value, from 0, as the viewer shows it.
    pub line: usize,
    pub text: String,
}

impl<'a> Lines<'a> {
    fn heading(&mut self, text: String) {
        self.lines.push(Line::styled(
            clip(&text, self.width),
            self.theme.bold().patch(self.theme.fg(Color::Cyan)),
        ));
    }

    fn text(&mut self, text: String, style: Style) {
        self.lines
            .push(Line::styled(clip(&text, self.width), style));
    }

    /// `prefix` then `text`, wrapped to the pane with continuation lines under the text.
    fn wrapped(&mut self, prefix: &str, text: &str, style: Style) {
        let indent = prefix.chars().count();
        let room = self.width.saturating_sub(indent).max(8);
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            self.text(prefix.to_string(), style);
            return;
        }
        for (i, chunk) in chars.chunks(room).enumerate().take(8) {
            let chunk: String = chunk.iter().collect();
            let lead = if i == 0 {
                prefix.to_string()
            } else {
                " ".repeat(indent)
            };
            self.text(format!("{lead}{chunk}"), style);
        }
    }

    fn body(&mut self, text: &str, limit: usize, item: &Item) {
        let all: Vec<&str> = text.lines().collect();
        for line in all.iter().take(limit) {
            self.text(format!("  {line}"), Style::default());
        }
        if all.len() > limit {
            let row = self.lines.len();
            self.hidden
                .extend(all.iter().enumerate().skip(limit).map(|(i, l)| Hidden {
                    row,
                    item: item.clone(),
                    line: i,
                    text: (*l).to_string(),
                }));
            self.text(
                format!("  … {} more lines (o opens it whole)", all.len() - limit),
                self.theme.dim(),
            );
        }
    }

    /// Whether `item` is the selected one; marks its line to keep in view.
    fn is_selected(&mut self, item: &Item) -> bool {
        let yes = self.selected.as_ref() == Some(item);
        if yes {
            self.selected_line = Some(self.lines.len());
        }
        yes
    }

    /// The style of an item's first line: reversed when selected.
    fn item_style(&mut self, item: &Item, style: Style) -> Style {
        if self.is_selected(item) {
            self.theme.selected()
        } else {
            style
        }
    }
}

fn build(model: &Model, width: usize, theme: Theme) -> (Lines<'_>, String) {
    let selected = (model.focus == Pane::Inspector)
        .then(|| inspect::selected(model))
        .flatten();
    let mut out = Lines {
        lines: Vec::new(),
        width,
        theme,
        selected_line: None,
        selected,
        hidden: Vec::new(),
    };
    let title = match model.inspected() {
        Some(widget) => {
            describe(&mut out, model, widget);
            format!("{} ({})", widget.name, widget.kind)
        }
        None => String::new(),
    };
    (out, title)
}

/// The inspector's lines as plain text, for search, and the lines of values it shows only in
/// part.
pub fn text_lines(model: &Model, width: usize) -> (Vec<String>, Vec<Hidden>) {
    let (out, _) = build(model, width, Theme { color: false });
    let lines = out
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    (lines, out.hidden)
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let (out, title) = build(model, inner_width(area), theme);
    let height = area.height.saturating_sub(2) as usize;
    let needed = out
        .selected_line
        .map_or(0, |l| (l + 2).saturating_sub(height));
    let scroll = model
        .inspector_scroll
        .max(needed)
        .min(out.lines.len().saturating_sub(1));
    let paragraph = Paragraph::new(out.lines)
        .block(block(model, Pane::Inspector, &title, theme, frame.area()))
        .scroll((scroll as u16, 0));
    frame.render_widget(paragraph, area);
}

fn describe(out: &mut Lines<'_>, model: &Model, widget: &Widget) {
    let context = model.render_context();
    let liquid = model.execution.liquid();
    // As the step will render it: a template error is Studio's warning, shown beside the text.
    let render = |template: &str| -> String {
        let forgiven = liquid.render_forgiving(template, context);
        let text = mask::url(&forgiven.text);
        match forgiven.errors.first() {
            Some(error) => format!("{text}  (! 81018 {error})"),
            None => text,
        }
    };
    let has_liquid = |t: &str| t.contains("{{") || t.contains("{%");
    if let Some(next) = inspect::next_preview(model) {
        out.wrapped(
            "",
            &next,
            out.theme.fg(Color::Yellow).patch(out.theme.bold()),
        );
    }
    let edited: Vec<&str> = model
        .edited
        .iter()
        .filter(|(w, _)| *w == widget.name)
        .map(|(_, f)| f.as_str())
        .collect();
    if !edited.is_empty() {
        out.text(
            format!("edited: {}", edited.join(", ")),
            out.theme.fg(Color::Magenta),
        );
    }
    if model.breakpoints.contains(&widget.name) {
        out.text("● breakpoint".into(), out.theme.fg(Color::Red));
    }
    for finding in crate::check::for_widget(&model.findings, &widget.name) {
        let (mark, color) = match finding.severity {
            crate::check::Severity::Error => ("!", Color::Red),
            crate::check::Severity::Warning => ("?", Color::Yellow),
            crate::check::Severity::Info => ("i", Color::Blue),
        };
        out.wrapped(
            &format!("{mark} {}: ", finding.severity.name()),
            &finding.message,
            out.theme.fg(color),
        );
    }

    if fields::is_editable(widget) {
        out.heading("Request fields  (e edit · a add parameter · d delete)".into());
        let list = fields::fields(widget);
        for field in &list {
            let raw = fields::text(widget, *field);
            let is_selected = out.is_selected(&Item::Field(*field));
            let mark = if is_selected { ">" } else { " " };
            let label = field.label();
            let edit_mark = if edited
                .iter()
                .any(|e| *e == label || label.starts_with(&format!("{e}.")))
            {
                "*"
            } else {
                " "
            };
            let label = match field {
                Field::ParamKey(i) => format!("param {i} key"),
                Field::ParamValue(i) => format!("param {i} value"),
                other => other.label(),
            };
            let style = if is_selected {
                out.theme.selected()
            } else {
                Style::default()
            };
            let shown = if raw.is_empty() {
                "(empty)".to_string()
            } else {
                one_line(&mask::url(&raw))
            };
            out.wrapped(&format!("{mark}{edit_mark}{label:<14} "), &shown, style);
            if field.is_liquid() && has_liquid(&raw) {
                out.wrapped(
                    &format!("  {:<14} = ", ""),
                    &one_line(&render(&raw)),
                    out.theme.fg(Color::Green),
                );
            }
        }
    } else {
        properties(out, widget, &render);
    }

    let step = model.inspected_step();
    if widget.kind == WidgetKind::SplitBasedOn {
        // The widget about to run is previewed against the context it will see.
        let runs_next = model.execution.current() == Some(widget.name.as_str())
            && model.execution.status() == &crate::engine::Status::Ready;
        conditions(out, widget, step.filter(|_| !runs_next), &render);
    }
    if let Some(step) = step {
        if let Some(http) = &step.http {
            exchange(out, http, step.step);
        }
        if !step.subflow.is_empty() {
            out.heading(format!("Subflow steps (step {})", step.step));
            for inner in &step.subflow {
                out.text(
                    format!(
                        "  #{} {} --{}--> {}",
                        inner.step, inner.transitioned_from, inner.name, inner.transitioned_to
                    ),
                    Style::default(),
                );
            }
        }
        if !step.variables.is_empty() {
            out.heading(format!("Set at step {}", step.step));
            for (k, v) in &step.variables {
                let style = out.item_style(&Item::Variable(k.clone()), Style::default());
                out.text(format!("  {k} = {}", one_line(&v.to_string())), style);
            }
        }
        for note in &step.notes {
            out.text(format!("note: {note}"), out.theme.fg(Color::Yellow));
        }
        for warning in &step.warnings {
            out.wrapped(
                &format!("! {} ", warning.code),
                &warning.message,
                out.theme.fg(Color::Red).patch(out.theme.bold()),
            );
        }
        out.heading(format!("Transition (step {})", step.step));
        out.text(
            format!("  {} → {}", step.name, step.transitioned_to),
            out.theme.bold(),
        );
    } else if model.execution.runs(&widget.name) == 0 {
        out.text("not run yet".into(), out.theme.dim());
    }
    let running = model
        .request
        .as_ref()
        .is_some_and(|r| r.widget == widget.name);
    if let Some(request) = model.execution.pending_request().filter(|_| running) {
        let record = request.record();
        out.heading("Request running (x cancels)".into());
        out.wrapped(
            &format!("  {} ", record.method),
            &record.url,
            Style::default(),
        );
    }
}

fn properties(out: &mut Lines<'_>, widget: &Widget, render: &dyn Fn(&str) -> String) {
    out.heading("Properties".into());
    let has_liquid = |t: &str| t.contains("{{") || t.contains("{%");
    for (key, value) in &widget.properties {
        if key == "offset" {
            continue;
        }
        let style = out.item_style(&Item::Property(key.clone()), Style::default());
        match value {
            Value::Array(items) if items.iter().all(|i| i.get("key").is_some()) => {
                out.text(format!("  {key}:"), style);
                for item in items {
                    let k = item.get("key").and_then(Value::as_str).unwrap_or_default();
                    let v = match item.get("value") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => String::new(),
                    };
                    out.wrapped(
                        &format!("    {k} = "),
                        &one_line(&mask::url(&v)),
                        Style::default(),
                    );
                    if has_liquid(&v) {
                        out.wrapped(
                            &format!("    {:width$} = ", "", width = k.len()),
                            &one_line(&render(&v)),
                            out.theme.fg(Color::Green),
                        );
                    }
                }
            }
            Value::String(s) => {
                out.wrapped(&format!("  {key}: "), &one_line(&mask::url(s)), style);
                if has_liquid(s) {
                    out.wrapped(
                        &format!("  {:width$}  = ", "", width = key.len()),
                        &one_line(&render(s)),
                        out.theme.fg(Color::Green),
                    );
                }
            }
            Value::Null => {}
            other => out.text(format!("  {key}: {}", one_line(&other.to_string())), style),
        }
    }
}

fn conditions(
    out: &mut Lines<'_>,
    widget: &Widget,
    step: Option<&Step>,
    render: &dyn Fn(&str) -> String,
) {
    out.heading(match step {
        Some(s) => format!("Conditions (step {})", s.step),
        None => "Conditions (preview: runs next)".into(),
    });
    let input = render(&widget.text("input"));
    for (ti, t) in widget.transitions.iter().enumerate() {
        if t.event != "match" {
            continue;
        }
        let to = t.next.as_deref().unwrap_or("(end)");
        for (ci, c) in t.conditions.iter().enumerate() {
            let result =
                step.and_then(|s| s.conditions.iter().filter(|r| r.transition == ti).nth(ci));
            let preview = || -> (bool, String, Option<String>) {
                let value = render(&c.value);
                match crate::engine::conditions::holds(&c.kind, &input, &value) {
                    Ok(held) => (held, value, None),
                    Err(why) => (false, value, Some(why)),
                }
            };
            let (held, compared, note) = match result {
                Some(r) => (r.held, r.value.clone(), r.note.clone()),
                None => preview(),
            };
            let (mark, style) = if held {
                ("✓", out.theme.fg(Color::Green).patch(out.theme.bold()))
            } else {
                ("✗", out.theme.fg(Color::Red))
            };
            let name = if c.friendly_name.is_empty() {
                String::new()
            } else {
                format!("  ({})", c.friendly_name)
            };
            out.text(
                format!(" {mark} {} {} → {to}{name}", c.kind, c.value),
                style,
            );
            let compared_input = result.map_or(input.as_str(), |r| r.input.as_str());
            out.text(
                format!(
                    "     compared `{}` with `{}`",
                    one_line(compared_input.trim()),
                    one_line(compared.trim())
                ),
                out.theme.dim(),
            );
            if let Some(note) = &note {
                out.text(format!("     {note}"), out.theme.fg(Color::Yellow));
            }
        }
    }
    let no_match = widget
        .transition("noMatch")
        .and_then(|t| t.next.as_deref())
        .unwrap_or("(end)");
    out.text(format!("   noMatch → {no_match}"), Style::default());
}

fn exchange(out: &mut Lines<'_>, http: &HttpRecord, step: usize) {
    match &http.request {
        Some(request) => {
            if out.is_selected(&Item::Request) {
                out.text(
                    format!("Request sent (step {step})  o open · C copy as curl"),
                    out.theme.selected(),
                );
            } else {
                out.heading(format!("Request sent (step {step})"));
            }
            out.wrapped(
                &format!("  {} ", request.method),
                &request.url,
                out.theme.bold(),
            );
            for (k, v) in &request.headers {
                out.text(format!("  {k}: {v}"), Style::default());
            }
            for (k, v) in &request.parameters {
                out.wrapped(
                    &format!("  param {k} = "),
                    &one_line(&mask::url(v)),
                    out.theme.dim(),
                );
            }
            if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
                out.body(body, 6, &Item::Request);
            }
        }
        None => out.heading(format!("No request made (step {step})")),
    }
    if let Some(function) = &http.function {
        out.wrapped("  sent to ", &function.sent_to, out.theme.bold());
    }
    match (&http.response, &http.error) {
        (Some(response), _) => {
            let ok = (200..300).contains(&response.status);
            let ct = if response.content_type.is_empty() {
                String::new()
            } else {
                format!(" {}", response.content_type)
            };
            let mut status =
                out.theme
                    .bold()
                    .patch(out.theme.fg(if ok { Color::Green } else { Color::Red }));
            if out.is_selected(&Item::Response) {
                status = out.theme.selected();
            }
            out.lines.push(Line::from(vec![
                Span::styled(format!("Response HTTP {}", response.status), status),
                Span::raw(format!(
                    "{ct} · {} ms · {} bytes",
                    http.time_ms,
                    response.body.len()
                )),
            ]));
            let pretty = serde_json::from_str::<Value>(&response.body)
                .ok()
                .filter(|v| v.is_object() || v.is_array())
                .and_then(|v| serde_json::to_string_pretty(&v).ok());
            out.body(
                pretty.as_deref().unwrap_or(&response.body),
                30,
                &Item::Response,
            );
        }
        (None, Some(error)) => {
            out.text(
                format!("Failed: {error} · {} ms", http.time_ms),
                out.theme.fg(Color::Red).patch(out.theme.bold()),
            );
        }
        (None, None) => {}
    }
    if let Some(function) = http
        .function
        .as_ref()
        .filter(|f| f.sent_to.starts_with("local "))
    {
        out.heading("Function output".into());
        if function.function_output.is_empty() {
            out.text("  (it printed nothing)".into(), out.theme.dim());
        }
        for line in &function.function_output {
            out.wrapped("  ", line, Style::default());
        }
    }
}
