//! The flow definition: model, loader (three input shapes and legacy exports), validation,
//! and saving edits back. The bottom layer: it imports only `mask`.

pub mod diff;
mod document;
mod error;
mod legacy;
mod model;
mod parse;
mod required;
pub mod splice;

pub use document::{write_atomically, Document, Shape};
pub use error::{FlowError, Location, Problem};
pub use model::{Condition, Flow, Transition, Widget};
pub use parse::MAX_WIDGETS;
