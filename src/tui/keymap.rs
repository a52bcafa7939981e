//! Keys become actions here, and only here: one table says which key does what in which place,
//! and the help screen, the status line's hints and the README's key table are read from it
//! (a test holds the README to it). `update` sees actions; raw keys reach only the places where
//! text is typed, after the table has had its say on their few control keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::pane::Pane;

/// What the user asked for, whatever key said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Step,
    Continue,
    StepBack,
    Restart,
    ToggleBreakpoint,
    CancelRequest,
    Move(Motion),
    /// Go along the selected transition; fold a branch; open a leaf; edit a field.
    Activate,
    OpenValue,
    Search,
    NextMatch,
    PreviousMatch,
    CopyValue,
    CopyPath,
    CopyCurl,
    Pager,
    /// The local Functions runtime's output, in the pager.
    FunctionsLog,
    Zoom,
    ToggleCanvas,
    /// The canvas layout: the graph two thirds wide, one pane beside it.
    CanvasLayout,
    /// Canvas: the nearest widget that way (columns, rows).
    Nearest(i8, i8),
    /// Canvas: pan by half a window that way; `Page` by a whole one.
    Pan(i8, i8),
    PanPage(i8),
    ZoomFull,
    ZoomCompact,
    WalkOutgoing,
    WalkIncoming,
    CentreOnCurrent,
    ToggleFollow,
    NextPane,
    PreviousPane,
    Focus(Pane),
    ChooseEvent,
    PinMock,
    EditField,
    EditExternally,
    AddParameter,
    Delete,
    Save,
    Prompt,
    KeepWatch,
    Help,
    ToPresent,
    Quit,
    Suspend,
    /// Leave the place that has the keyboard (the viewer, the help, an editor, a prompt).
    Close,
    /// Fold / unfold what the selection is in (the viewer, the variables), or go to the
    /// parent / first child (the variables).
    Fold,
    Unfold,
    /// The variables: fold / unfold everything below the selection.
    FoldAll,
    UnfoldAll,
    /// In an editor or a box: take what was typed or chosen.
    Apply,
    Undo,
    Redo,
    ClearLine,
    /// In an input box: typing ⇄ choosing an event.
    SwitchToEvents,
    HistoryBack,
    HistoryForward,
    /// At the quit question.
    Discard,
    SaveAndQuit,
    /// Over a file changed on disk: read it again and apply the edits to it.
    Reload,
}

/// How a selection moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    By(i8),
    Page(i8),
    First,
    Last,
}

/// Who has the keyboard: the panes (or the canvas in the graph pane), or a modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Panes,
    Canvas,
    Viewer,
    Help,
    /// The request field editor, typing text.
    Editor,
    /// The editor of a field Studio restricts (method, content type): a list to choose from.
    Choice,
    /// A waiting widget's box, typing a reply; or choosing an event.
    Input,
    Picker,
    Prompt,
    Search,
    Quit,
}

/// One key, as the table writes it: a character (its case is its shift), or a named key with
/// its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::SHIFT,
    }
}

impl Key {
    /// Whether a key the terminal sent is this one. A character carries its shift in its
    /// case, and Shift+Tab arrives as BackTab with or without the modifier.
    pub fn matches(self, event: &KeyEvent) -> bool {
        let wanted = self.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let got = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b && wanted == got,
            (KeyCode::BackTab, KeyCode::BackTab) => wanted == got,
            (a, b) => {
                a == b
                    && wanted == got
                    && self.modifiers.contains(KeyModifiers::SHIFT)
                        == event.modifiers.contains(KeyModifiers::SHIFT)
            }
        }
    }

    /// The key as help and the README write it: `j`, `↓`, `PgDn`, `Ctrl+S`, `Shift+←`.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift+Tab".into(),
            other => other.to_string(),
        };
        let mut name = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            name.push_str("Ctrl+");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) && !matches!(self.code, KeyCode::Char(_)) {
            name.push_str("Shift+");
        }
        name + &base
    }
}

/// One line of the table: where it holds, its keys and what each does, and how help lists it
/// (`None` for the few keys of a place where text is typed, which its title names).
pub struct Entry {
    pub scope: Scope,
    pub keys: &'static [(Key, Action)],
    pub help: Option<(&'static str, &'static str)>,
}

const fn entry(
    scope: Scope,
    keys: &'static [(Key, Action)],
    label: &'static str,
    what: &'static str,
) -> Entry {
    Entry {
        scope,
        keys,
        help: Some((label, what)),
    }
}

const fn quiet(scope: Scope, keys: &'static [(Key, Action)]) -> Entry {
    Entry {
        scope,
        keys,
        help: None,
    }
}

/// A line of help that names no key of its own (the markers).
const fn note(label: &'static str, what: &'static str) -> Entry {
    Entry {
        scope: Scope::Panes,
        keys: &[],
        help: Some((label, what)),
    }
}

use Action as A;
use KeyCode as K;
use Scope as S;

/// Every key, in the order help lists them.
pub const TABLE: &[Entry] = &[
    entry(S::Panes, &[(ch('s'), A::Step)], "s", "step one widget"),
    entry(
        S::Panes,
        &[(ch('c'), A::Continue)],
        "c",
        "continue until a breakpoint, an end, or input is needed",
    ),
    entry(
        S::Panes,
        &[(ch('p'), A::StepBack)],
        "p",
        "step back: the context before the last step (sends nothing)",
    ),
    entry(
        S::Panes,
        &[(ch('r'), A::Restart)],
        "r",
        "restart the execution (keeps edits and breakpoints)",
    ),
    entry(
        S::Panes,
        &[(ch('b'), A::ToggleBreakpoint)],
        "b",
        "toggle a breakpoint on the selected widget",
    ),
    entry(
        S::Panes,
        &[(ch('R'), A::FunctionsLog)],
        "R",
        "read all the local Functions runtime printed (--functions)",
    ),
    entry(
        S::Panes,
        &[(ch('x'), A::CancelRequest)],
        "x",
        "cancel the running request (the widget fails: cancelled)",
    ),
    entry(
        S::Panes,
        &[
            (ch('j'), A::Move(Motion::By(1))),
            (ch('k'), A::Move(Motion::By(-1))),
            (code(K::Down), A::Move(Motion::By(1))),
            (code(K::Up), A::Move(Motion::By(-1))),
        ],
        "j k ↓ ↑",
        "move the selection",
    ),
    entry(
        S::Panes,
        &[
            (code(K::PageUp), A::Move(Motion::Page(-1))),
            (code(K::PageDown), A::Move(Motion::Page(1))),
        ],
        "PgUp PgDn",
        "move by 10; scroll the inspector",
    ),
    entry(
        S::Panes,
        &[
            (ch('g'), A::Move(Motion::First)),
            (ch('G'), A::Move(Motion::Last)),
            (code(K::Home), A::Move(Motion::First)),
            (code(K::End), A::Move(Motion::Last)),
        ],
        "g G Home End",
        "first / last row of the list",
    ),
    entry(
        S::Panes,
        &[(code(K::Enter), A::Activate)],
        "Enter",
        "go to the transition's target; fold a branch; open a leaf",
    ),
    entry(
        S::Panes,
        &[
            (ch('h'), A::Fold),
            (code(K::Left), A::Fold),
            (ch('l'), A::Unfold),
            (code(K::Right), A::Unfold),
        ],
        "h ← l →",
        "variables: fold, or go to the parent; unfold, or go to the first child",
    ),
    entry(
        S::Panes,
        &[(ch('H'), A::FoldAll), (ch('L'), A::UnfoldAll)],
        "H L",
        "variables: fold / unfold everything below the selection",
    ),
    entry(
        S::Panes,
        &[(ch('o'), A::OpenValue)],
        "o",
        "open the selected value whole: JSON folded, searched, copied",
    ),
    entry(
        S::Panes,
        &[(ch('/'), A::Search)],
        "/",
        "search this pane (Enter keep the match, Esc go back)",
    ),
    entry(
        S::Panes,
        &[(ch('n'), A::NextMatch), (ch('N'), A::PreviousMatch)],
        "n N",
        "next / previous match of the last search",
    ),
    entry(
        S::Panes,
        &[(ch('y'), A::CopyValue)],
        "y",
        "copy the selected value (OSC 52: works over SSH and tmux)",
    ),
    entry(
        S::Panes,
        &[(ch('Y'), A::CopyPath)],
        "Y",
        "copy its Liquid path (pastes back into a template)",
    ),
    entry(
        S::Panes,
        &[(ch('C'), A::CopyCurl)],
        "C",
        "copy the HTTP step's request as curl (secrets masked)",
    ),
    entry(
        S::Panes,
        &[(ch('|'), A::Pager)],
        "|",
        "show the selected value in $PAGER (default less)",
    ),
    entry(
        S::Panes,
        &[(ch('z'), A::Zoom)],
        "z",
        "zoom: the focused pane fills the screen, again to restore",
    ),
    entry(
        S::Panes,
        &[(ch('f'), A::ToggleCanvas)],
        "f",
        "flow graph: outline ⇄ canvas (remembered per flow)",
    ),
    entry(
        S::Panes,
        &[(ch('t'), A::CanvasLayout)],
        "t",
        "canvas layout: the canvas two thirds wide, the other panes as tabs beside it (2-5)",
    ),
    entry(
        S::Canvas,
        &[
            (ch('h'), A::Nearest(-1, 0)),
            (ch('j'), A::Nearest(0, 1)),
            (ch('k'), A::Nearest(0, -1)),
            (ch('l'), A::Nearest(1, 0)),
            (code(K::Left), A::Nearest(-1, 0)),
            (code(K::Down), A::Nearest(0, 1)),
            (code(K::Up), A::Nearest(0, -1)),
            (code(K::Right), A::Nearest(1, 0)),
        ],
        "canvas h j k l",
        "select the nearest widget that way (or the arrows)",
    ),
    entry(
        S::Canvas,
        &[
            (ch('H'), A::Pan(-1, 0)),
            (ch('J'), A::Pan(0, 1)),
            (ch('K'), A::Pan(0, -1)),
            (ch('L'), A::Pan(1, 0)),
            (shift(K::Left), A::Pan(-1, 0)),
            (shift(K::Down), A::Pan(0, 1)),
            (shift(K::Up), A::Pan(0, -1)),
            (shift(K::Right), A::Pan(1, 0)),
            (code(K::PageUp), A::PanPage(-1)),
            (code(K::PageDown), A::PanPage(1)),
        ],
        "canvas H J K L",
        "pan the canvas (or Shift+arrows; PgUp PgDn by a page)",
    ),
    entry(
        S::Canvas,
        &[(ch('+'), A::ZoomFull), (ch('-'), A::ZoomCompact)],
        "canvas + -",
        "zoom: full boxes / compact one-line boxes",
    ),
    entry(
        S::Canvas,
        &[
            (ch(']'), A::WalkOutgoing),
            (ch('['), A::WalkIncoming),
            (code(K::Enter), A::Activate),
        ],
        "canvas ] [",
        "walk the outgoing / incoming transitions; Enter goes along",
    ),
    entry(
        S::Canvas,
        &[(ch('.'), A::CentreOnCurrent), (ch('F'), A::ToggleFollow)],
        "canvas . F",
        "centre on the current widget; follow mode on / off",
    ),
    entry(
        S::Panes,
        &[
            (code(K::Tab), A::NextPane),
            (code(K::BackTab), A::PreviousPane),
        ],
        "Tab / Shift+Tab",
        "next / previous pane",
    ),
    entry(
        S::Panes,
        &[
            (ch('1'), A::Focus(Pane::Graph)),
            (ch('2'), A::Focus(Pane::Inspector)),
            (ch('3'), A::Focus(Pane::Variables)),
            (ch('4'), A::Focus(Pane::Timeline)),
            (ch('5'), A::Focus(Pane::Transcript)),
        ],
        "1 2 3 4 5",
        "flow graph, inspector, variables, timeline, transcript",
    ),
    entry(
        S::Panes,
        &[(ch('v'), A::ChooseEvent)],
        "v",
        "choose the event the next widget fires; on the trigger, the start event",
    ),
    entry(
        S::Panes,
        &[(ch('m'), A::PinMock)],
        "m",
        "pin the HTTP widget's last response as its mock",
    ),
    entry(
        S::Panes,
        &[(ch('e'), A::EditField)],
        "e",
        "edit the selected request field (inspector)",
    ),
    entry(
        S::Panes,
        &[(ch('E'), A::EditExternally)],
        "E",
        "edit the selected field in $VISUAL / $EDITOR (default vi)",
    ),
    entry(
        S::Panes,
        &[(ch('a'), A::AddParameter)],
        "a",
        "add a parameter to the HTTP widget",
    ),
    entry(
        S::Panes,
        &[(ch('d'), A::Delete)],
        "d",
        "delete the selected parameter, or the selected watch",
    ),
    entry(
        S::Editor,
        &[(ctrl('s'), A::Apply), (code(K::Esc), A::Close)],
        "Ctrl+S / Esc",
        "in the editor: apply / cancel the edit",
    ),
    entry(
        S::Editor,
        &[(ctrl('z'), A::Undo), (ctrl('y'), A::Redo)],
        "Ctrl+Z Ctrl+Y",
        "in the editor: undo / redo (a paste is one step)",
    ),
    entry(
        S::Editor,
        &[(ctrl('u'), A::ClearLine), (ctrl('o'), A::EditExternally)],
        "Ctrl+U / Ctrl+O",
        "in the editor: clear the line / open in $EDITOR",
    ),
    entry(
        S::Panes,
        &[(ch('w'), A::Save)],
        "w",
        "write the flow file back (atomically)",
    ),
    entry(
        S::Panes,
        &[(ch('='), A::Prompt)],
        "=",
        "Liquid prompt: Enter opens the result, ↑ ↓ history",
    ),
    entry(
        S::Panes,
        &[(ch('W'), A::KeepWatch)],
        "W",
        "keep the last prompt expression as a watch",
    ),
    entry(
        S::Viewer,
        &[
            (code(K::Enter), A::Activate),
            (ch('h'), A::Fold),
            (ch('l'), A::Unfold),
            (code(K::Left), A::Fold),
            (code(K::Right), A::Unfold),
            (ch('y'), A::CopyValue),
            (ch('Y'), A::CopyPath),
            (ch('|'), A::Pager),
            (code(K::Esc), A::Close),
            (ch('q'), A::Close),
            (ch('j'), A::Move(Motion::By(1))),
            (ch('k'), A::Move(Motion::By(-1))),
            (code(K::Down), A::Move(Motion::By(1))),
            (code(K::Up), A::Move(Motion::By(-1))),
            (code(K::PageDown), A::Move(Motion::Page(1))),
            (ch(' '), A::Move(Motion::Page(1))),
            (code(K::PageUp), A::Move(Motion::Page(-1))),
            (ch('g'), A::Move(Motion::First)),
            (ch('G'), A::Move(Motion::Last)),
            (code(K::Home), A::Move(Motion::First)),
            (code(K::End), A::Move(Motion::Last)),
            (ch('/'), A::Search),
            (ch('n'), A::NextMatch),
            (ch('N'), A::PreviousMatch),
            (ch('?'), A::Help),
            (ch('W'), A::KeepWatch),
        ],
        "In the viewer",
        "Enter / h / l fold and unfold · y Y | as above · Esc close",
    ),
    entry(S::Panes, &[(ch('?'), A::Help)], "?", "this help"),
    entry(
        S::Panes,
        &[(code(K::Esc), A::ToPresent)],
        "Esc",
        "back to the present from a past step chosen in the timeline",
    ),
    entry(
        S::Panes,
        &[(ch('q'), A::Quit), (ctrl('c'), A::Quit)],
        "q, Ctrl+C",
        "quit (with unsaved edits: d discards, w writes and quits)",
    ),
    entry(
        S::Panes,
        &[(ctrl('z'), A::Suspend)],
        "Ctrl+Z",
        "suspend sfdb as vim does; fg in the shell brings it back",
    ),
    note(
        "markers",
        "▶ runs next · ● breakpoint · ×N runs · * changed · ↩ loop",
    ),
    note(
        "",
        "• edge the last step took · ! error · ? warning (sfdb check)",
    ),
    // The help scrolls and searches like a pane; any other key closes it.
    quiet(
        S::Help,
        &[
            (ch('j'), A::Move(Motion::By(1))),
            (ch('k'), A::Move(Motion::By(-1))),
            (code(K::Down), A::Move(Motion::By(1))),
            (code(K::Up), A::Move(Motion::By(-1))),
            (code(K::PageDown), A::Move(Motion::Page(1))),
            (code(K::PageUp), A::Move(Motion::Page(-1))),
            (ch('g'), A::Move(Motion::First)),
            (ch('G'), A::Move(Motion::Last)),
            (code(K::Home), A::Move(Motion::First)),
            (code(K::End), A::Move(Motion::Last)),
            (ch('/'), A::Search),
            (ch('n'), A::NextMatch),
            (ch('N'), A::PreviousMatch),
        ],
    ),
    quiet(
        S::Choice,
        &[
            (code(K::Esc), A::Close),
            (ch('j'), A::Move(Motion::By(1))),
            (code(K::Down), A::Move(Motion::By(1))),
            (code(K::Tab), A::Move(Motion::By(1))),
            (ch('k'), A::Move(Motion::By(-1))),
            (code(K::Up), A::Move(Motion::By(-1))),
            (code(K::BackTab), A::Move(Motion::By(-1))),
            (code(K::Enter), A::Apply),
            (ctrl('s'), A::Apply),
        ],
    ),
    quiet(
        S::Input,
        &[
            (code(K::Esc), A::Close),
            (code(K::Tab), A::SwitchToEvents),
            (code(K::Enter), A::Apply),
        ],
    ),
    quiet(
        S::Picker,
        &[
            (code(K::Esc), A::Close),
            (code(K::Tab), A::SwitchToEvents),
            (ch('k'), A::Move(Motion::By(-1))),
            (code(K::Up), A::Move(Motion::By(-1))),
            (ch('j'), A::Move(Motion::By(1))),
            (code(K::Down), A::Move(Motion::By(1))),
            (code(K::Enter), A::Apply),
        ],
    ),
    quiet(
        S::Prompt,
        &[
            (code(K::Esc), A::Close),
            (code(K::Enter), A::Apply),
            (code(K::Up), A::HistoryBack),
            (code(K::Down), A::HistoryForward),
            (ctrl('u'), A::ClearLine),
        ],
    ),
    quiet(
        S::Search,
        &[
            (code(K::Esc), A::Close),
            (code(K::Enter), A::Apply),
            (ctrl('u'), A::ClearLine),
        ],
    ),
    quiet(
        S::Quit,
        &[
            (ch('d'), A::Discard),
            (ch('w'), A::SaveAndQuit),
            (ch('r'), A::Reload),
        ],
    ),
];

/// What `key` does in `scope`, if the table says.
pub fn action(scope: Scope, key: &KeyEvent) -> Option<Action> {
    TABLE
        .iter()
        .filter(|e| e.scope == scope)
        .flat_map(|e| e.keys.iter())
        .find(|(k, _)| k.matches(key))
        .map(|(_, a)| *a)
}

/// The first key that does `action` in `scope`, as help writes it.
pub fn key_for(scope: Scope, action: Action) -> Option<String> {
    TABLE
        .iter()
        .filter(|e| e.scope == scope)
        .flat_map(|e| e.keys.iter())
        .find(|(_, a)| *a == action)
        .map(|(k, _)| k.name())
}

/// Help's lines, in order: the keys as written, and what they do.
pub fn help_lines() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE.iter().filter_map(|e| e.help)
}

/// The status line's hint: the keys a user needs first, each named from the table.
pub fn hint(scope: Scope, wanted: &[(&[Action], &str)]) -> String {
    let parts: Vec<String> = wanted
        .iter()
        .map(|(actions, word)| {
            let keys: Vec<String> = actions.iter().filter_map(|a| key_for(scope, *a)).collect();
            format!("{} {word}", keys.join(" "))
        })
        .collect();
    format!(" {}", parts.join(" · "))
}

/// The hint in the panes.
pub const PANES_HINT: &[(&[Action], &str)] = &[
    (&[Action::Step], "step"),
    (&[Action::Continue], "continue"),
    (&[Action::StepBack], "back"),
    (&[Action::Search], "search"),
    (&[Action::OpenValue], "open"),
    (&[Action::CopyValue], "copy"),
    (&[Action::Zoom], "zoom"),
    (&[Action::Quit], "quit"),
];

/// The hint in the viewer.
pub const VIEWER_HINT: &[(&[Action], &str)] = &[
    (
        &[Action::Move(Motion::By(1)), Action::Move(Motion::By(-1))],
        "move",
    ),
    (&[Action::Activate], "fold"),
    (&[Action::Search], "search"),
    (&[Action::CopyValue], "copy"),
    (&[Action::CopyPath], "path"),
    (&[Action::Pager], "pager"),
    (&[Action::Close], "close"),
];
