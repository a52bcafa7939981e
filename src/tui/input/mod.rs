//! A waiting widget's input box and the event picker (`v`): its keys are in `update/input.rs`.

pub mod view;
