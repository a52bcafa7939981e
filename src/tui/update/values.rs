//! Taking values out: `o` opens the selected value whole, `y` copies it, `Y` copies its Liquid
//! path, `C` copies an HTTP step's request as `curl`, `|` hands it to `$PAGER`.

use serde_json::Value;

use super::*;
use crate::tui::clipboard;
use crate::tui::inspector::items as inspect;
use crate::tui::rooms;

/// The selected value of the focused pane: a title, its Liquid path (may be empty), the value.
fn selected_value(model: &Model) -> Option<(String, String, Value)> {
    rooms::room(model.focus)
        .selected(model)
        .map(|s| (s.title, s.path, s.value))
}

pub(super) fn open_selected(model: &mut Model) {
    match selected_value(model) {
        Some((title, root, value)) => {
            open_viewer(model, title, root, &value);
            // At the line a search found in the part the inspector does not show.
            let at = model.inspector_open_at.filter(|(item, _)| {
                model.focus == Pane::Inspector && *item == model.inspector_cursor
            });
            let page = viewer_page(model);
            if let (Some((_, line)), Some(viewer)) = (at, model.modals.viewer_mut()) {
                viewer.cursor = line.min(viewer.doc.lines.len().saturating_sub(1));
                keep_in_view(viewer, page);
            }
        }
        None => model.message = Some("nothing selected to open".into()),
    }
}

/// The text a value is copied as: text as it is, anything else as pretty JSON.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

pub(super) fn copy_selected(model: &mut Model) -> Vec<Cmd> {
    match selected_value(model) {
        Some((title, root, value)) => {
            let what = if root.is_empty() { title } else { root };
            copy(model, &what, as_text(&value))
        }
        None => {
            model.message = Some("nothing selected to copy".into());
            Vec::new()
        }
    }
}

pub(super) fn copy_path(model: &mut Model) -> Vec<Cmd> {
    let path = rooms::room(model.focus).selected_path(model);
    match path.filter(|p| !p.is_empty()) {
        Some(path) => copy(model, &format!("the path {path}"), path),
        None => {
            model.message = Some("the selection has no Liquid path".into());
            Vec::new()
        }
    }
}

/// `C`: the request of the inspected HTTP step as a `curl` command line. Secrets stay masked
/// unless `SFDB_COPY_SECRETS=1`, for which the request is prepared again with its credentials.
pub(super) fn copy_curl(model: &mut Model, secrets: bool) -> Vec<Cmd> {
    let Some(record) = inspect::sent_request(model).cloned() else {
        model.message = Some("select an HTTP widget that has sent a request".into());
        return Vec::new();
    };
    let real = secrets
        .then(|| model.inspected_step().map(|s| s.step))
        .flatten()
        .and_then(|step| model.execution.request_of(step));
    let command = match real {
        Some(request) => {
            let mut unmasked = request.record();
            unmasked.url = request.url.clone();
            unmasked.headers = request.headers();
            clipboard::curl(&unmasked)
        }
        None => clipboard::curl(&record),
    };
    copy(model, "the request as curl", command)
}

pub(super) fn page_selected(model: &mut Model) -> Vec<Cmd> {
    match selected_value(model) {
        Some((_, _, value)) => vec![Cmd::Pager {
            text: as_text(&value),
            line: 1,
        }],
        None => Vec::new(),
    }
}

pub(super) fn copy(model: &mut Model, what: &str, text: String) -> Vec<Cmd> {
    model.message = Some(format!("copied {what}, {} bytes", thousands(text.len())));
    vec![Cmd::Copy(text)]
}

/// `1204` as `1,204`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
