//! Which room each pane is. A new pane is a folder that implements `Room`, a line here, a
//! place in the layout and a key in the keymap.

use super::flow::FlowPane;
use super::inspector::InspectorPane;
use super::model::Pane;
use super::room::Room;
use super::timeline::TimelinePane;
use super::transcript::TranscriptPane;
use super::variables::VariablesPane;

pub fn room(pane: Pane) -> &'static dyn Room {
    match pane {
        Pane::Graph => &FlowPane,
        Pane::Inspector => &InspectorPane,
        Pane::Variables => &VariablesPane,
        Pane::Timeline => &TimelinePane,
        Pane::Transcript => &TranscriptPane,
    }
}
