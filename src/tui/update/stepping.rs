//! Stepping: one widget, continue to a breakpoint, requests out and back, cancel, step back,
//! restart.

use super::*;

pub(super) fn step(model: &mut Model) -> Vec<Cmd> {
    run_on(model, true, false)
}

/// Advances once (`s`), or, `continuing`, until a breakpoint, an end, input or a request
/// (`c`). The first widget runs even when it holds a breakpoint, so `c` on a breakpoint moves
/// on.
pub(super) fn run_on(model: &mut Model, mut first: bool, continuing: bool) -> Vec<Cmd> {
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
                if !continuing {
                    show_last_step(model);
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
                    continuing,
                });
                model.follow_current();
                return vec![Cmd::Send { id, request }];
            }
            // The debugger runs subflows whole within their widget's step.
            Progress::Inside => {}
            Progress::Halted => {
                model.follow_current();
                // `c` goes on once a waiting widget has its input.
                if matches!(model.execution.status(), Status::Waiting { .. }) {
                    open_input(model, continuing);
                }
                return Vec::new();
            }
        }
    }
}

/// After `s`: the inspector shows the step that just ran (what it sent and got, what it set,
/// the branch it took); `▶` and the inspector's `next:` line show what runs next.
/// With the canvas's follow mode off, the selection stays where the user put it.
fn show_last_step(model: &mut Model) {
    if model.canvas.on && !model.canvas.follow {
        return;
    }
    if let Some(last) = model.execution.steps().len().checked_sub(1) {
        model.select_step_widget(last);
    }
}

/// Back to the present from a past step (Esc).
pub(super) fn to_present(model: &mut Model) {
    model.timeline_cursor = None;
    model.follow_current();
    model.message = Some("back to the present".into());
}

pub(super) fn after_step(model: &mut Model) {
    model.timeline_cursor = None;
    model.follow_current();
    model.inspector_cursor = 0;
    model.inspector_scroll = 0;
}

pub(super) fn http_done(model: &mut Model, id: u64, result: HttpResult) -> Vec<Cmd> {
    let Some(request) = model.request.take_if(|r| r.id == id) else {
        // A late answer to a request that was cancelled or stepped back over.
        return Vec::new();
    };
    model.execution.complete_http(result);
    after_step(model);
    if request.continuing {
        run_on(model, false, true)
    } else {
        show_last_step(model);
        Vec::new()
    }
}

pub(super) fn cancel_in_flight(model: &mut Model) -> Vec<Cmd> {
    match model.request.take() {
        Some(r) => vec![Cmd::Cancel { id: r.id }],
        None => Vec::new(),
    }
}

pub(super) fn cancel(model: &mut Model) -> Vec<Cmd> {
    let Some(started) = model.request.as_ref().map(|r| r.started) else {
        model.message = Some("no request is running".into());
        return Vec::new();
    };
    let cmds = cancel_in_flight(model);
    model.execution.complete_http(HttpResult {
        response: Err("cancelled".into()),
        elapsed: model.now.saturating_duration_since(started),
        function: None,
    });
    after_step(model);
    cmds
}

pub(super) fn step_back(model: &mut Model) -> Vec<Cmd> {
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

pub(super) fn restart(model: &mut Model) -> Vec<Cmd> {
    let cmds = cancel_in_flight(model);
    model.execution.restart();
    model.message = Some("restarted".into());
    after_step(model);
    cmds
}
