//! The flow pane: the flow's widgets and transitions as an outline (rows in execution order)
//! or as a canvas (boxes where Studio draws them, edges routed around them). Its keys are in
//! `update/canvas.rs` and `update/navigation.rs`.

pub mod canvas;
pub mod outline;
pub mod view;
