//! Who has the keyboard, and what is drawn over the panes: one small stack. The top has the
//! keyboard, and the stack is drawn bottom to top, so both follow from the same value; no state
//! can hold two modals of one kind (opening one replaces its like).

use std::collections::BTreeSet;

use ratatui_textarea::TextArea;

use super::keymap::Scope;
use super::viewer::doc::Doc;
use crate::flow::fields::Field;

/// The Liquid prompt (`=`), evaluated against the context as it is typed.
pub struct Prompt {
    pub textarea: TextArea<'static>,
    /// Where ↑ / ↓ are in the history.
    pub history_at: Option<usize>,
}

pub enum Modal {
    /// A value opened whole (`o`).
    Viewer(Viewer),
    /// The help, with its first line in view.
    Help {
        cursor: usize,
    },
    /// A `/` query being typed (the search itself is `Model::search`: `n` / `N` outlive it).
    Search,
    Prompt(Prompt),
    /// Input for a waiting widget, or an event to choose (`v`).
    Input(InputBox),
    Editor(Editor),
    /// Quit with unsaved edits: discard, write, or stay.
    ConfirmQuit,
    /// `w` at the quit question: quit once the write succeeds.
    SavingToQuit,
    /// The flow file changed on disk since it was read: overwrite it, or keep it.
    ConfirmOverwrite,
}

impl Modal {
    /// Where its keys are looked up in the keymap.
    pub fn scope(&self) -> Scope {
        match self {
            Modal::Viewer(_) => Scope::Viewer,
            Modal::Help { .. } => Scope::Help,
            Modal::Search => Scope::Search,
            Modal::Prompt(_) => Scope::Prompt,
            Modal::Input(i) if i.picking => Scope::Picker,
            Modal::Input(_) => Scope::Input,
            Modal::Editor(e) if !e.choices.is_empty() => Scope::Choice,
            Modal::Editor(_) => Scope::Editor,
            Modal::ConfirmQuit | Modal::SavingToQuit | Modal::ConfirmOverwrite => Scope::Quit,
        }
    }
}

#[derive(Default)]
pub struct Modals(Vec<Modal>);

macro_rules! find {
    ($get:ident, $get_mut:ident, $variant:ident, $ty:ty) => {
        pub fn $get(&self) -> Option<&$ty> {
            self.0.iter().rev().find_map(|m| match m {
                Modal::$variant(x) => Some(x),
                _ => None,
            })
        }

        pub fn $get_mut(&mut self) -> Option<&mut $ty> {
            self.0.iter_mut().rev().find_map(|m| match m {
                Modal::$variant(x) => Some(x),
                _ => None,
            })
        }
    };
}

impl Modals {
    find!(viewer, viewer_mut, Viewer, Viewer);
    find!(editor, editor_mut, Editor, Editor);
    find!(input, input_mut, Input, InputBox);
    find!(prompt, prompt_mut, Prompt, Prompt);

    /// Opens `modal` on top, closing any other of its kind first.
    pub fn open(&mut self, modal: Modal) {
        let kind = std::mem::discriminant(&modal);
        self.0.retain(|m| std::mem::discriminant(m) != kind);
        self.0.push(modal);
    }

    /// Closes the top one.
    pub fn close(&mut self) -> Option<Modal> {
        self.0.pop()
    }

    /// Closes every modal `is` picks (one at most: there is one of a kind).
    pub fn close_where(&mut self, is: impl Fn(&Modal) -> bool) {
        self.0.retain(|m| !is(m));
    }

    pub fn top(&self) -> Option<&Modal> {
        self.0.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Modal> {
        self.0.last_mut()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Bottom to top, the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &Modal> {
        self.0.iter()
    }

    pub fn help_cursor(&self) -> Option<usize> {
        self.0.iter().find_map(|m| match m {
            Modal::Help { cursor } => Some(*cursor),
            _ => None,
        })
    }

    pub fn help_cursor_mut(&mut self) -> Option<&mut usize> {
        self.0.iter_mut().find_map(|m| match m {
            Modal::Help { cursor } => Some(cursor),
            _ => None,
        })
    }

    pub fn typing_search(&self) -> bool {
        matches!(self.top(), Some(Modal::Search))
    }
}

/// What the contact says to a widget that waits, or the event a widget should fire.
pub struct InputBox {
    pub widget: String,
    /// What the widget waits for; `None` when only an event is being chosen.
    pub need: Option<crate::engine::widgets::Need>,
    pub textarea: TextArea<'static>,
    pub events: Vec<String>,
    /// Choosing from `events` rather than typing.
    pub picking: bool,
    pub selected: usize,
    /// The box opened during `c`: the execution goes on once it has its input.
    pub continuing: bool,
}

/// The request field editor (`e`).
pub struct Editor {
    pub widget: String,
    pub field: Field,
    pub textarea: TextArea<'static>,
    pub error: Option<String>,
    /// For a field Studio restricts (method, content type): the values to choose from.
    pub choices: Vec<&'static str>,
    pub choice: usize,
    /// `E`: the external editor's text is applied at once, not put in this editor.
    pub apply_external: bool,
}

/// A value opened whole over the panes (`o`), scrollable, foldable and searchable.
pub struct Viewer {
    /// The value's Liquid path, or what it is (`fetch_order: response body`).
    pub title: String,
    /// The Liquid path the document's own paths start from (empty when it has none).
    pub root: String,
    /// The value's size in bytes as text.
    pub size: usize,
    pub doc: Doc,
    /// Opening lines folded.
    pub folded: BTreeSet<usize>,
    /// The selected line (an index into `doc.lines`).
    pub cursor: usize,
    /// The first line in view.
    pub top: usize,
}
