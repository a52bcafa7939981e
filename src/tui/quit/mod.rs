//! The quit question asked before unsaved edits are lost: its keys are in `update/mod.rs`.

pub mod view;
