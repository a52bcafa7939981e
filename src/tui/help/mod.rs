//! The help screen (`?`), drawn from the keymap: its keys are in `update/help.rs`.

pub mod view;
