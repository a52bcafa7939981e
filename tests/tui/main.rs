//! The debugger: updates, real frames and snapshots, the canvas, the real loop: one test binary.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/runner.rs"]
mod runner;
#[path = "../common/server.rs"]
mod server;

mod canvas_layout;
mod keymap;
mod robustness;
mod tui_canvas;
mod tui_coverage;
mod tui_demo;
mod tui_editor;
mod tui_functions;
mod tui_selection;
mod tui_setup;
mod tui_snapshots;
mod tui_steps;
mod tui_update;
mod tui_values;
