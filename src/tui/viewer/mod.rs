//! The value viewer (`o`): one value whole, as jless shows it. `doc` is the flat list of
//! lines that folding and search walk; `view` draws it; its keys are in `update/viewer.rs`.

pub mod doc;
pub mod view;
