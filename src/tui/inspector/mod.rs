//! The inspector pane: the selected widget's properties raw and rendered, the step that ran
//! (request sent, response got, values set, branch taken). `items` is what can be selected,
//! opened and copied; `view` draws it; `search_lines` is its text for `/`.

pub mod items;
pub mod view;

use super::layout;
use super::model::Model;

/// The inspector's lines as text, at the width it is drawn: what `/` searches.
pub fn search_lines(model: &Model) -> Vec<String> {
    view::text_lines(model, layout::inspector_width(model))
}
