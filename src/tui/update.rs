//! `update`: the only place the model changes. Pure: it returns commands for the loop to run
//! (send a request, cancel one, save, quit) instead of doing I/O.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::fields::{self, Field};
use super::graph::{self, Row};
use super::model::{Cmd, Editor, InFlight, InputBox, Model, Msg, Pane};
use crate::engine::http::HttpResult;
use crate::engine::{Progress, Status};

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => key_pressed(model, key),
        Msg::Resize => Vec::new(),
        Msg::Tick(now) => {
            model.now = now;
            Vec::new()
        }
        Msg::HttpDone { id, result } => http_done(model, id, result),
        Msg::Saved(Ok(path)) => {
            model.unsaved = false;
            model.message = Some(format!("wrote {path}"));
            Vec::new()
        }
        Msg::Saved(Err(why)) => {
            model.message = Some(format!("not saved: {why}"));
            Vec::new()
        }
    }
}

fn key_pressed(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    if model.editor.is_some() {
        return editor_key(model, key);
    }
    if model.prompt.is_some() {
        prompt_key(model, key);
        return Vec::new();
    }
    if model.input.is_some() {
        return input_key(model, key);
    }
    if model.help {
        model.help = false;
        return Vec::new();
    }
    if model.confirm_quit {
        model.confirm_quit = false;
        return match key.code {
            KeyCode::Char('q') | KeyCode::Char('y') => vec![Cmd::Quit],
            KeyCode::Char('w') => vec![Cmd::Save],
            _ => {
                model.message = Some("quit cancelled".into());
                Vec::new()
            }
        };
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return quit(model);
    }
    model.message = None;
    match key.code {
        KeyCode::Char('s') => step(model),
        KeyCode::Char('c') => {
            model.continuing = true;
            run_on(model, true)
        }
        KeyCode::Char('p') => step_back(model),
        KeyCode::Char('r') => restart(model),
        KeyCode::Char('x') => cancel(model),
        KeyCode::Char('b') => {
            toggle_breakpoint(model);
            Vec::new()
        }
        KeyCode::Char('?') => {
            model.help = true;
            Vec::new()
        }
        KeyCode::Char('=') => {
            open_prompt(model);
            Vec::new()
        }
        KeyCode::Char('W') => {
            keep_watch(model);
            Vec::new()
        }
        KeyCode::Char('q') => quit(model),
        KeyCode::Char('w') => vec![Cmd::Save],
        KeyCode::Char('e') => {
            open_editor(model);
            Vec::new()
        }
        KeyCode::Char('a') => {
            add_parameter(model);
            Vec::new()
        }
        KeyCode::Char('d') if model.focus == Pane::Variables => {
            delete_watch(model);
            Vec::new()
        }
        KeyCode::Char('d') => {
            delete_parameter(model);
            Vec::new()
        }
        KeyCode::Tab => {
            focus(model, next_pane(model.focus, 1));
            Vec::new()
        }
        KeyCode::BackTab => {
            focus(model, next_pane(model.focus, Pane::ALL.len() - 1));
            Vec::new()
        }
        KeyCode::Char('v') => {
            open_event_picker(model);
            Vec::new()
        }
        KeyCode::Char('m') => {
            pin_mock(model);
            Vec::new()
        }
        KeyCode::Char(c @ '1'..='5') => {
            focus(model, Pane::ALL[c as usize - '1' as usize]);
            Vec::new()
        }
        KeyCode::Char('j') | KeyCode::Down => {
            move_cursor(model, 1);
            Vec::new()
        }
        KeyCode::Char('k') | KeyCode::Up => {
            move_cursor(model, -1);
            Vec::new()
        }
        KeyCode::PageDown => {
            move_cursor(model, 10);
            Vec::new()
        }
        KeyCode::PageUp => {
            move_cursor(model, -10);
            Vec::new()
        }
        KeyCode::Enter => {
            enter(model);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn next_pane(pane: Pane, by: usize) -> Pane {
    let i = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0);
    Pane::ALL[(i + by) % Pane::ALL.len()]
}

fn focus(model: &mut Model, pane: Pane) {
    model.focus = pane;
    if pane != Pane::Graph {
        model.side = pane;
    }
}

fn quit(model: &mut Model) -> Vec<Cmd> {
    if model.unsaved {
        model.confirm_quit = true;
        Vec::new()
    } else {
        vec![Cmd::Quit]
    }
}

fn step(model: &mut Model) -> Vec<Cmd> {
    model.continuing = false;
    run_on(model, true)
}

/// Advances once (`s`), or until a breakpoint, an end, input or a request (`c`). The first
/// widget runs even when it holds a breakpoint, so `c` on a breakpoint moves on.
fn run_on(model: &mut Model, mut first: bool) -> Vec<Cmd> {
    if model.request.is_some() {
        model.message = Some("a request is running: wait, or x cancels it".into());
        return Vec::new();
    }
    loop {
        if !first {
            let at_breakpoint = model
                .execution
                .current()
                .is_some_and(|w| model.breakpoints.contains(w));
            if at_breakpoint && model.execution.status() == &Status::Ready {
                model.continuing = false;
                model.message = Some(format!(
                    "breakpoint at {}",
                    model.execution.current().unwrap_or_default()
                ));
                return Vec::new();
            }
        }
        first = false;
        match model.execution.advance() {
            Progress::Stepped => {
                after_step(model);
                if !model.continuing {
                    return Vec::new();
                }
            }
            Progress::Http(request) => {
                let id = model.next_request_id;
                model.next_request_id += 1;
                model.request = Some(InFlight {
                    id,
                    widget: request.widget.clone(),
                    started: model.now,
                });
                model.follow_current();
                return vec![Cmd::Send { id, request }];
            }
            Progress::Halted => {
                model.follow_current();
                // `c` goes on once a waiting widget has its input.
                if matches!(model.execution.status(), Status::Waiting { .. }) {
                    open_input(model);
                } else {
                    model.continuing = false;
                }
                return Vec::new();
            }
        }
    }
}

fn after_step(model: &mut Model) {
    model.timeline_cursor = None;
    model.follow_current();
    model.inspector_cursor = 0;
    model.inspector_scroll = 0;
}

fn http_done(model: &mut Model, id: u64, result: HttpResult) -> Vec<Cmd> {
    if model.request.as_ref().map(|r| r.id) != Some(id) {
        // A late answer to a request that was cancelled or stepped back over.
        return Vec::new();
    }
    model.request = None;
    model.execution.complete_http(result);
    after_step(model);
    if model.continuing {
        run_on(model, false)
    } else {
        Vec::new()
    }
}

fn cancel_in_flight(model: &mut Model) -> Vec<Cmd> {
    model.continuing = false;
    match model.request.take() {
        Some(r) => vec![Cmd::Cancel { id: r.id }],
        None => Vec::new(),
    }
}

fn cancel(model: &mut Model) -> Vec<Cmd> {
    let Some(started) = model.request.as_ref().map(|r| r.started) else {
        model.message = Some("no request is running".into());
        return Vec::new();
    };
    let cmds = cancel_in_flight(model);
    model.execution.complete_http(HttpResult {
        response: Err("cancelled".into()),
        elapsed: model.now.saturating_duration_since(started),
    });
    after_step(model);
    cmds
}

fn step_back(model: &mut Model) -> Vec<Cmd> {
    let cmds = cancel_in_flight(model);
    if model.execution.step_back() {
        model.message = Some(format!(
            "stepped back: {} steps",
            model.execution.steps().len()
        ));
        after_step(model);
    } else {
        model.message = Some("nothing to step back over".into());
    }
    cmds
}

fn restart(model: &mut Model) -> Vec<Cmd> {
    let cmds = cancel_in_flight(model);
    model.execution.restart();
    model.message = Some("restarted".into());
    after_step(model);
    cmds
}

fn toggle_breakpoint(model: &mut Model) {
    let Some(name) = model.inspected().map(|w| w.name.clone()) else {
        return;
    };
    if !model.breakpoints.remove(&name) {
        model.message = Some(format!("breakpoint set on {name}"));
        model.breakpoints.insert(name);
    } else {
        model.message = Some(format!("breakpoint removed from {name}"));
    }
}

fn move_cursor(model: &mut Model, by: isize) {
    let shift = |cursor: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        cursor.saturating_add_signed(by).min(len - 1)
    };
    match model.focus {
        Pane::Graph => {
            model.graph_cursor = shift(model.graph_cursor, model.rows.len());
            model.timeline_cursor = None;
            model.inspector_cursor = 0;
            model.inspector_scroll = 0;
        }
        Pane::Inspector if by.abs() > 1 => {
            model.inspector_scroll = model.inspector_scroll.saturating_add_signed(by);
        }
        Pane::Inspector => {
            let len = model
                .inspected()
                .map(|w| fields::fields(w).len())
                .unwrap_or(0);
            model.inspector_cursor = shift(model.inspector_cursor, len);
        }
        Pane::Variables => {
            let len = model.variable_rows().len();
            model.variables_cursor = shift(model.variables_cursor, len);
        }
        Pane::Transcript => {}
        Pane::Timeline => {
            let len = model.execution.steps().len();
            let from = model.timeline_cursor.unwrap_or(len.saturating_sub(1));
            let to = shift(from, len);
            if len > 0 {
                model.timeline_cursor = Some(to);
                select_step_widget(model, to);
            }
        }
    }
}

fn select_step_widget(model: &mut Model, step: usize) {
    let Some(name) = model
        .execution
        .steps()
        .get(step)
        .map(|s| s.transitioned_from.clone())
    else {
        return;
    };
    if let Some(i) = model.execution.flow().index_of(&name) {
        if let Some(row) = model
            .rows
            .iter()
            .position(|r| matches!(r, Row::Widget { widget } if *widget == i))
        {
            model.graph_cursor = row;
            model.inspector_cursor = 0;
            model.inspector_scroll = 0;
        }
    }
}

fn enter(model: &mut Model) {
    match model.focus {
        Pane::Graph => {
            let target = match model.rows.get(model.graph_cursor) {
                Some(Row::Transition { target, .. }) => *target,
                Some(Row::Widget { widget }) => model.execution.flow().widgets[*widget]
                    .transitions
                    .iter()
                    .find_map(|t| t.next.as_deref())
                    .and_then(|n| model.execution.flow().index_of(n)),
                None => None,
            };
            if let Some(target) = target {
                if let Some(row) = model
                    .rows
                    .iter()
                    .position(|r| matches!(r, Row::Widget { widget } if *widget == target))
                {
                    model.graph_cursor = row;
                    model.timeline_cursor = None;
                }
            }
        }
        Pane::Variables => {
            let rows = model.variable_rows();
            if let Some(row) = rows.get(model.variables_cursor).filter(|r| r.branch) {
                if !model.collapsed.remove(&row.path) {
                    model.collapsed.insert(row.path.clone());
                }
            }
        }
        Pane::Inspector => open_editor(model),
        Pane::Timeline | Pane::Transcript => {}
    }
}

fn selected_field(model: &Model) -> Option<(String, Field)> {
    let widget = model.inspected()?;
    let list = fields::fields(widget);
    let field = *list.get(model.inspector_cursor.min(list.len().saturating_sub(1)))?;
    Some((widget.name.clone(), field))
}

fn open_editor(model: &mut Model) {
    let Some(widget) = model.inspected() else {
        return;
    };
    if !fields::is_editable(widget) {
        model.message = Some(format!(
            "{} ({}) has no request fields to edit",
            widget.name, widget.kind
        ));
        return;
    }
    let Some((name, field)) = selected_field(model) else {
        return;
    };
    let text = model
        .execution
        .flow()
        .widget(&name)
        .map(|w| fields::text(w, field))
        .unwrap_or_default();
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut textarea = TextArea::new(lines);
    textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    textarea.set_block(ratatui::widgets::Block::bordered().title(format!(
        " Edit {} of {name} · Ctrl+S apply · Esc cancel ",
        field.label()
    )));
    model.focus = Pane::Inspector;
    model.side = Pane::Inspector;
    model.editor = Some(Editor {
        widget: name,
        field,
        textarea,
        error: None,
    });
}

fn editor_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            model.editor = None;
            model.message = Some("edit cancelled".into());
        }
        KeyCode::Char('s') if ctrl => apply_edit(model),
        _ => {
            if let Some(editor) = model.editor.as_mut() {
                editor.textarea.input(key);
                editor.error = None;
            }
        }
    }
    Vec::new()
}

fn apply_edit(model: &mut Model) {
    let Some(editor) = model.editor.as_mut() else {
        return;
    };
    let text = editor.textarea.lines().join("\n");
    let field = editor.field;
    let text = match field {
        Field::Method => {
            let m = text.trim().to_ascii_uppercase();
            if m != "GET" && m != "POST" {
                editor.error = Some("Studio sends GET or POST".into());
                return;
            }
            m
        }
        Field::Url | Field::ContentType | Field::ParamKey(_) => text.trim().to_string(),
        _ => text,
    };
    let widget_name = editor.widget.clone();
    let Some(widget) = model.execution.flow().widget(&widget_name).cloned() else {
        model.editor = None;
        return;
    };
    let value = fields::with_text(&widget, field, &text);
    set_property(model, &widget_name, field.property(), value);
    model.edited.insert((widget_name.clone(), field.label()));
    model.editor = None;
    model.message = Some(format!(
        "{} of {widget_name} edited (w writes the file)",
        field.label()
    ));
}

/// Changes the flow in the document and in the running execution, keeping the graph in step.
fn set_property(model: &mut Model, widget: &str, key: &str, value: serde_json::Value) {
    if model.document.set_property(widget, key, value) {
        model.execution.set_flow(model.document.flow.clone());
        model.rows = graph::rows(model.execution.flow());
        model.findings = crate::check::check(model.execution.flow());
        model.unsaved = true;
    }
}

fn add_parameter(model: &mut Model) {
    let Some(widget) = model
        .inspected()
        .filter(|w| fields::is_editable(w))
        .cloned()
    else {
        model.message = Some("a is for adding a parameter to an HTTP widget".into());
        return;
    };
    let index = fields::parameters(&widget).len();
    set_property(
        model,
        &widget.name,
        "parameters",
        fields::with_added_parameter(&widget),
    );
    model
        .edited
        .insert((widget.name.clone(), format!("parameters[{index}]")));
    if let Some(updated) = model.inspected() {
        let list = fields::fields(updated);
        model.inspector_cursor = list
            .iter()
            .position(|f| *f == Field::ParamKey(index))
            .unwrap_or(0);
    }
    model.focus = Pane::Inspector;
    model.side = Pane::Inspector;
    open_editor(model);
}

fn delete_parameter(model: &mut Model) {
    let Some((name, field)) = selected_field(model) else {
        return;
    };
    let (Field::ParamKey(i) | Field::ParamValue(i)) = field else {
        model.message = Some("select a parameter's key or value to delete it".into());
        return;
    };
    let Some(widget) = model.execution.flow().widget(&name).cloned() else {
        return;
    };
    set_property(
        model,
        &name,
        "parameters",
        fields::without_parameter(&widget, i),
    );
    model
        .edited
        .insert((name.clone(), format!("parameters[{i}] deleted")));
    model.inspector_cursor = model.inspector_cursor.saturating_sub(2);
    model.message = Some(format!("parameter {i} of {name} deleted"));
}

fn open_prompt(model: &mut Model) {
    let mut textarea = TextArea::new(vec![model.last_expression.clone().unwrap_or_default()]);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    textarea.set_block(ratatui::widgets::Block::bordered().title(
        " Liquid = (against the current context) · Enter done · Ctrl+W keep as a watch · Esc close ",
    ));
    model.prompt = Some(textarea);
}

fn prompt_text(model: &Model) -> Option<String> {
    model
        .prompt
        .as_ref()
        .map(|t| t.lines().join("\n"))
        .filter(|t| !t.trim().is_empty())
}

fn prompt_key(model: &mut Model, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => model.prompt = None,
        KeyCode::Enter => {
            model.last_expression = prompt_text(model);
            model.prompt = None;
            if model.last_expression.is_some() {
                model.message = Some("W keeps the expression as a watch".into());
            }
        }
        KeyCode::Char('w') if ctrl => {
            model.last_expression = prompt_text(model);
            model.prompt = None;
            keep_watch(model);
        }
        _ => {
            if let Some(textarea) = model.prompt.as_mut() {
                textarea.input(key);
            }
        }
    }
}

fn keep_watch(model: &mut Model) {
    let Some(expression) = model.last_expression.clone() else {
        model.message =
            Some("= opens the Liquid prompt; W then keeps its expression as a watch".into());
        return;
    };
    if !model.watches.contains(&expression) {
        model.watches.push(expression.clone());
    }
    model.message = Some(format!("watching {expression}"));
}

fn delete_watch(model: &mut Model) {
    let rows = model.variable_rows();
    let Some(index) = rows
        .get(model.variables_cursor)
        .and_then(|r| r.path.strip_prefix(super::tree::WATCH))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        model.message = Some("select a watch (at the top of the variables) to delete it".into());
        return;
    };
    let removed = model.watches.remove(index);
    model.message = Some(format!("stopped watching {removed}"));
}

fn new_textarea(title: String) -> TextArea<'static> {
    let mut textarea = TextArea::default();
    textarea.set_block(ratatui::widgets::Block::bordered().title(title));
    textarea
}

/// Asks for what the waiting widget needs: a reply, or digits or speech; its events can be
/// chosen instead (Tab).
fn open_input(model: &mut Model) {
    let Some(w) = model.execution.waiting_widget() else {
        return;
    };
    let need = crate::engine::simulated::spec(&w.kind).and_then(|s| s.need);
    let what = match need {
        Some(crate::engine::simulated::Need::Reply) => "a reply",
        _ => "digits (1, 42#) or speech",
    };
    let title = format!(
        " {} waits for {what} · Enter send · Tab pick an event · Esc later ",
        w.name
    );
    model.input = Some(InputBox {
        widget: w.name.clone(),
        need,
        textarea: new_textarea(title),
        events: crate::engine::simulated::events(w),
        picking: false,
        selected: 0,
    });
}

/// `v`: choose the event the widget that runs next fires.
fn open_event_picker(model: &mut Model) {
    let Some(w) = model
        .execution
        .current()
        .and_then(|n| model.execution.flow().widget(n))
    else {
        model.message = Some("nothing runs next".into());
        return;
    };
    if crate::engine::simulated::spec(&w.kind).is_none() {
        model.message = Some(format!(
            "{} ({}) has no event to choose; its outcome is computed",
            w.name, w.kind
        ));
        return;
    }
    model.input = Some(InputBox {
        widget: w.name.clone(),
        need: None,
        textarea: new_textarea(String::new()),
        events: crate::engine::simulated::events(w),
        picking: true,
        selected: 0,
    });
}

fn input_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let Some(input) = model.input.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.input = None;
            model.continuing = false;
            if matches!(model.execution.status(), Status::Waiting { .. }) {
                model.message = Some("s asks again".into());
            }
            Vec::new()
        }
        KeyCode::Tab if input.need.is_some() => {
            input.picking = !input.picking;
            Vec::new()
        }
        KeyCode::Up | KeyCode::Char('k') if input.picking => {
            input.selected = input.selected.saturating_sub(1);
            Vec::new()
        }
        KeyCode::Down | KeyCode::Char('j') if input.picking => {
            input.selected = (input.selected + 1).min(input.events.len().saturating_sub(1));
            Vec::new()
        }
        KeyCode::Enter if input.picking => {
            let Some(event) = input.events.get(input.selected).cloned() else {
                return Vec::new();
            };
            let widget = input.widget.clone();
            let was_waiting = matches!(model.execution.status(), Status::Waiting { .. });
            model.input = None;
            model.execution.choose_event(&event);
            model.message = Some(format!("{widget} fires {event} when it runs"));
            if was_waiting {
                return run_on(model, true);
            }
            Vec::new()
        }
        KeyCode::Enter => {
            let text = input.textarea.lines().join("\n");
            model.input = None;
            if model
                .execution
                .provide_input(crate::engine::script::Input::Text(text))
            {
                return run_on(model, true);
            }
            Vec::new()
        }
        _ if !input.picking => {
            input.textarea.input(key);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `m`: the selected HTTP widget answers with its last response from now on, without a request.
fn pin_mock(model: &mut Model) {
    let Some(widget) = model
        .inspected()
        .filter(|w| fields::is_editable(w))
        .map(|w| w.name.clone())
    else {
        model.message = Some("m pins the last response of an HTTP widget as its mock".into());
        return;
    };
    let last = model
        .execution
        .steps()
        .iter()
        .rev()
        .find(|s| s.transitioned_from == widget)
        .and_then(|s| s.http.as_ref())
        .and_then(|h| h.response.clone());
    let Some(response) = last else {
        model.message = Some(format!("{widget} has no response yet to pin"));
        return;
    };
    let mock = crate::engine::script::Mock {
        status: Some(response.status),
        content_type: response.content_type.clone(),
        body: Some(serde_json::Value::String(response.body.clone())),
        error: None,
    };
    model.execution.pin_mocks(&widget, vec![mock]);
    model.mocked.insert(widget.clone());
    model.message = Some(format!(
        "{widget} now answers HTTP {} without a request",
        response.status
    ));
}

/// How often the loop sends [`Msg::Tick`] while a request runs.
pub const TICK: Duration = Duration::from_millis(100);
