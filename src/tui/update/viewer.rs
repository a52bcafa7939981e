//! The value viewer (`o`): any value whole, JSON folded and unfolded, searched, copied, paged.

use serde_json::Value;

use super::*;
use crate::tui::model::Viewer;
use crate::tui::viewer::doc::{Doc, Kind};

/// Opens `value` whole. `root` is its Liquid path (empty when it has none).
pub(super) fn open_viewer(model: &mut Model, title: String, root: String, value: &Value) {
    let size = match value {
        Value::String(s) => s.len(),
        other => crate::liquid::render_json(other).len(),
    };
    model.modals.open(Modal::Viewer(Viewer {
        title,
        root: root.clone(),
        size,
        doc: Doc::of(value, &root),
        folded: Default::default(),
        cursor: 0,
        top: 0,
    }));
}

/// Lines of the viewer in view: the screen less the status line and the borders.
pub(super) fn viewer_page(model: &Model) -> usize {
    (model.size.1 as usize).saturating_sub(3).max(1)
}

/// Scrolls so the cursor's line is in view.
pub(super) fn keep_in_view(viewer: &mut Viewer, page: usize) {
    let visible = viewer.doc.visible(&viewer.folded);
    let at = visible.partition_point(|&l| l < viewer.cursor);
    let top = visible.partition_point(|&l| l < viewer.top);
    // Lines of context stay in view above and below the cursor (vim's scrolloff), so a match
    // never lands on the last line; the window never runs past the end.
    let margin = crate::tui::theme::SCROLLOFF.min(page.saturating_sub(1) / 2);
    let top = if at < top + margin {
        at.saturating_sub(margin)
    } else if at + margin >= top + page {
        at + margin + 1 - page
    } else {
        top
    };
    let top = top.min(visible.len().saturating_sub(page));
    viewer.top = visible.get(top).copied().unwrap_or(0);
}

pub(super) fn viewer_action(model: &mut Model, action: Action) -> Vec<Cmd> {
    let page = viewer_page(model);
    let Some(viewer) = model.modals.viewer_mut() else {
        return Vec::new();
    };
    let visible = viewer.doc.visible(&viewer.folded);
    let at = visible.partition_point(|&l| l < viewer.cursor);
    let last = visible.len().saturating_sub(1);
    let go = |viewer: &mut Viewer, to: usize| {
        viewer.cursor = visible.get(to.min(last)).copied().unwrap_or(0);
    };
    match action {
        Action::Close => {
            model.modals.close_where(|m| matches!(m, Modal::Viewer(_)));
            if model
                .search
                .as_ref()
                .is_some_and(|s| s.target == crate::tui::search::Target::Viewer)
            {
                model.search = None;
            }
            return Vec::new();
        }
        Action::Move(Motion::By(by)) => go(viewer, at.saturating_add_signed(by.into())),
        Action::Move(Motion::Page(by)) => go(
            viewer,
            at.saturating_add_signed(isize::from(by) * page as isize),
        ),
        Action::Move(Motion::First) => go(viewer, 0),
        Action::Move(Motion::Last) => go(viewer, last),
        Action::Activate | Action::Fold | Action::Unfold => {
            // The bracket that opens the value under the cursor (a closing line folds its own).
            let line = &viewer.doc.lines[viewer.cursor];
            let open = match line.kind {
                Kind::Open => Some(viewer.cursor),
                Kind::Close => line.parent,
                _ => None,
            };
            if let Some(open) = open {
                let fold = match action {
                    Action::Fold => true,
                    Action::Unfold => false,
                    _ => !viewer.folded.contains(&open),
                };
                if fold {
                    viewer.folded.insert(open);
                } else {
                    viewer.folded.remove(&open);
                }
                viewer.cursor = open;
            }
        }
        Action::Search => {
            start_search(model);
            return Vec::new();
        }
        Action::NextMatch => next_match(model, 1),
        Action::PreviousMatch => next_match(model, -1),
        Action::CopyValue => {
            let text = viewer.doc.value_text(viewer.cursor);
            let what = match viewer.doc.lines[viewer.cursor].path.as_str() {
                "" => viewer.title.clone(),
                path => path.to_string(),
            };
            return copy(model, &what, text);
        }
        Action::CopyPath => {
            let path = viewer.doc.lines[viewer.cursor].path.clone();
            if path.is_empty() {
                model.message = Some("this value has no Liquid path".into());
                return Vec::new();
            }
            return copy(model, &format!("the path {path}"), path);
        }
        Action::Pager => {
            let text = viewer.doc.value_text(0);
            let text = if viewer.doc.json {
                text
            } else {
                viewer
                    .doc
                    .lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            // The pager opens where the viewer is: its lines are the viewer's, one for one.
            return vec![Cmd::Pager {
                text,
                line: viewer.cursor + 1,
            }];
        }
        Action::Help => {
            model.modals.open(Modal::Help { cursor: 0 });
            return Vec::new();
        }
        // Over a prompt result: keep its expression as a watch.
        Action::KeepWatch => {
            keep_watch(model);
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    if let Some(viewer) = model.modals.viewer_mut() {
        keep_in_view(viewer, page);
    }
    Vec::new()
}
