//! What a pane is to the rest of the debugger: a room with its own selection, its own answer
//! to Enter, its own value to open or copy, its own text to search, and its own drawing. Each
//! pane's folder implements [`Room`]; `rooms.rs` says which room a pane is. The keys, the
//! search, the viewer and the clipboard work the same in every room through this.

use ratatui::layout::Rect;
use ratatui::Frame;
use serde_json::Value;

use super::keymap::Motion;
use super::model::Model;
use super::search::Hit;
use super::theme::Theme;

/// A selected value: what the viewer's title says, its Liquid path (empty when it has none),
/// and the value.
pub struct Selected {
    pub title: String,
    pub path: String,
    pub value: Value,
}

/// What Enter did, or asks of others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activated {
    /// Done here (a fold, a jump).
    Done,
    /// Open the selected value in the viewer.
    Open,
    /// Edit the selected request field.
    Edit,
}

/// What `h` `l` `H` `L` ask of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Fold the branch, or go to its parent.
    Close,
    /// Unfold the branch, or go to its first child.
    Open,
    CloseAll,
    OpenAll,
}

/// The rows a page moves by in a list.
pub const PAGE: isize = 10;

/// `cursor` moved by `motion` in a list of `len` rows.
pub fn moved(cursor: usize, len: usize, motion: Motion) -> usize {
    if len == 0 {
        return 0;
    }
    match motion {
        Motion::By(by) => cursor.saturating_add_signed(by.into()),
        Motion::Page(by) => cursor.saturating_add_signed(isize::from(by) * PAGE),
        Motion::First => 0,
        Motion::Last => len - 1,
    }
    .min(len - 1)
}

pub trait Room: Sync {
    fn move_selection(&self, model: &mut Model, motion: Motion);

    fn activate(&self, model: &mut Model) -> Activated {
        let _ = model;
        Activated::Open
    }

    /// Folds or moves in a tree; `false` where the room has none.
    fn fold(&self, model: &mut Model, fold: Fold) -> bool {
        let _ = (model, fold);
        false
    }

    /// The selected value, for `o`, `y` and `|`.
    fn selected(&self, model: &Model) -> Option<Selected>;

    /// The Liquid path `Y` copies: the selected value's, unless the room knows better.
    fn selected_path(&self, model: &Model) -> Option<String> {
        self.selected(model).map(|s| s.path)
    }

    /// What `/` searches here, one text per selectable thing, and where a search starts.
    fn search_items(&self, model: &Model) -> Vec<(String, Hit)>;
    fn search_from(&self, model: &Model) -> Hit;
    fn select_hit(&self, model: &mut Model, hit: &Hit);

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme);
}
