//! The debugger's panes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Graph,
    Inspector,
    Variables,
    Timeline,
    Transcript,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Graph,
        Pane::Inspector,
        Pane::Variables,
        Pane::Timeline,
        Pane::Transcript,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Graph => "Flow",
            Pane::Inspector => "Inspector",
            Pane::Variables => "Variables",
            Pane::Timeline => "Timeline",
            Pane::Transcript => "Transcript",
        }
    }

    /// The title in the tab bar of a small terminal, where five must fit.
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::Graph => "Flow",
            Pane::Inspector => "Inspect",
            Pane::Variables => "Vars",
            Pane::Timeline => "Steps",
            Pane::Transcript => "Talk",
        }
    }
}
