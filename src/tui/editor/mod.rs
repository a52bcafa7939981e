//! The request field editor (`e`): its keys are in `update/editor.rs`.

pub mod view;
