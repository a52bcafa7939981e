//! The inspector pane: the selected widget's properties raw and rendered, the step that ran
//! (request sent, response got, values set, branch taken). `items` is what can be selected,
//! opened and copied; `view` draws it.

pub mod items;
pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::Motion;
use super::layout;
use super::model::Model;
use super::room::{moved, Activated, Room, Selected, PAGE};
use super::search::Hit;
use super::theme::Theme;

pub struct InspectorPane;

impl Room for InspectorPane {
    /// Up and down go through what can be selected; a page scrolls.
    fn move_selection(&self, model: &mut Model, motion: Motion) {
        if let Motion::Page(by) = motion {
            model.inspector_scroll = model
                .inspector_scroll
                .saturating_add_signed(isize::from(by) * PAGE);
            return;
        }
        let len = items::items(model).len();
        model.inspector_cursor = moved(model.inspector_cursor, len, motion);
        model.inspector_open_at = None;
        let backwards = matches!(motion, Motion::By(..0) | Motion::First);
        if backwards && model.inspector_cursor == 0 {
            model.inspector_scroll = 0;
        }
    }

    fn activate(&self, model: &mut Model) -> Activated {
        match items::selected(model) {
            Some(items::Item::Field(_)) => Activated::Edit,
            Some(_) => Activated::Open,
            None => Activated::Done,
        }
    }

    fn selected(&self, model: &Model) -> Option<Selected> {
        let item = items::selected(model)?;
        let opened = items::open(model, &item)?;
        Some(Selected {
            title: opened.title,
            path: opened.path,
            value: opened.value,
        })
    }

    /// Its lines as text, at the width it is drawn, and the rest of what it shows in part
    /// (a long response), each found where it would be shown.
    fn search_items(&self, model: &Model) -> Vec<(String, Hit)> {
        let (lines, hidden) = view::text_lines(model, layout::inspector_width(model));
        let list = items::items(model);
        let mut out: Vec<(String, Hit)> = Vec::with_capacity(lines.len() + hidden.len());
        let mut hidden = hidden.into_iter().peekable();
        for (i, line) in lines.into_iter().enumerate() {
            // The rest of a value comes where the line saying so stands.
            while let Some(h) = hidden.next_if(|h| h.row == i) {
                let item = list.iter().position(|it| *it == h.item).unwrap_or(0);
                out.push((
                    h.text,
                    Hit::Within {
                        row: h.row,
                        item,
                        line: h.line,
                    },
                ));
            }
            out.push((line, Hit::Row(i)));
        }
        out
    }

    fn search_from(&self, model: &Model) -> Hit {
        Hit::Row(model.inspector_scroll)
    }

    /// A line shown scrolls into view; a line of a value's hidden rest selects that value,
    /// which `o` then opens at the line.
    fn select_hit(&self, model: &mut Model, hit: &Hit) {
        match hit {
            Hit::Row(line) => {
                model.inspector_scroll = *line;
                model.inspector_open_at = None;
            }
            Hit::Within { row, item, line } => {
                model.inspector_scroll = row.saturating_sub(crate::tui::theme::SCROLLOFF);
                model.inspector_cursor = *item;
                model.inspector_open_at = Some((*item, *line));
            }
            Hit::Path(_) => {}
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
        view::draw(frame, area, model, theme);
    }
}
