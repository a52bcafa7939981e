//! Input for waiting widgets, chosen events (`v`) and pinned mocks (`m`).

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::*;

pub(super) fn new_textarea(title: String) -> TextArea<'static> {
    let mut textarea = TextArea::default();
    textarea.set_block(ratatui::widgets::Block::bordered().title(title));
    textarea
}

/// Asks for what the waiting widget needs: a reply, or digits or speech; its events can be
/// chosen instead (Tab).
pub(super) fn open_input(model: &mut Model, continuing: bool) {
    let Some(w) = model.execution.waiting_widget() else {
        return;
    };
    let need = crate::engine::widgets::catalog::spec(&w.kind).and_then(|s| s.need);
    let what = match need {
        Some(crate::engine::widgets::Need::Reply) => "a reply",
        _ => "digits (1, 42#) or speech",
    };
    let title = format!(
        " {} waits for {what} · Enter send · Tab pick an event · Esc later ",
        w.name
    );
    let input = InputBox {
        widget: w.name.clone(),
        need,
        textarea: new_textarea(title),
        events: crate::engine::widgets::catalog::events(w),
        picking: false,
        selected: 0,
        continuing,
    };
    model.modals.open(Modal::Input(input));
}

/// `v`: choose the event the widget that runs next fires.
pub(super) fn open_event_picker(model: &mut Model) {
    let Some(w) = model
        .execution
        .current()
        .and_then(|n| model.execution.flow().widget(n))
    else {
        model.message = Some("nothing runs next".into());
        return;
    };
    if w.name == model.execution.flow().initial_state && model.execution.steps().is_empty() {
        // Before the first step, the trigger's event is the one the execution starts with.
        let events = crate::session::trigger_events(model.execution.flow());
        let selected = events
            .iter()
            .position(|e| e == model.execution.trigger_event())
            .unwrap_or(0);
        let input = InputBox {
            widget: w.name.clone(),
            need: None,
            textarea: new_textarea(String::new()),
            events,
            picking: true,
            selected,
            continuing: false,
        };
        model.modals.open(Modal::Input(input));
        return;
    }
    if crate::engine::widgets::catalog::spec(&w.kind).is_none() {
        model.message = Some(format!(
            "{} ({}) has no event to choose; its outcome is computed",
            w.name, w.kind
        ));
        return;
    }
    let input = InputBox {
        widget: w.name.clone(),
        need: None,
        textarea: new_textarea(String::new()),
        events: crate::engine::widgets::catalog::events(w),
        picking: true,
        selected: 0,
        continuing: false,
    };
    model.modals.open(Modal::Input(input));
}

pub(super) fn input_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    let Some(input) = model.modals.input_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Close) => {
            model.modals.close();
            if matches!(model.execution.status(), Status::Waiting { .. }) {
                model.message = Some("s asks again".into());
            }
        }
        Some(Action::SwitchToEvents) if input.need.is_some() => input.picking = !input.picking,
        Some(Action::Move(Motion::By(by))) => {
            let last = input.events.len().saturating_sub(1);
            input.selected = input.selected.saturating_add_signed(by.into()).min(last);
        }
        Some(Action::Apply) if input.picking => {
            let Some(event) = input.events.get(input.selected).cloned() else {
                return Vec::new();
            };
            let widget = input.widget.clone();
            let continuing = input.continuing;
            let was_waiting = matches!(model.execution.status(), Status::Waiting { .. });
            model.modals.close();
            if model.execution.set_trigger_event(&event) {
                model.message = Some(format!("the execution starts with {event}"));
                return Vec::new();
            }
            model.execution.choose_event(&event);
            model.message = Some(format!("{widget} fires {event} when it runs"));
            if was_waiting {
                return run_on(model, true, continuing);
            }
        }
        Some(Action::Apply) => {
            let text = input.textarea.lines().join("\n");
            let continuing = input.continuing;
            model.modals.close();
            if model
                .execution
                .provide_input(crate::engine::script::Input::Text(text))
            {
                return run_on(model, true, continuing);
            }
        }
        _ if !input.picking => {
            input.textarea.input(key);
        }
        _ => {}
    }
    Vec::new()
}

/// `m`: the selected HTTP widget answers with its last response from now on, without a request.
pub(super) fn pin_mock(model: &mut Model) {
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
