//! The Liquid prompt (`=`): its keys are in `update/prompt.rs`.

pub mod view;
