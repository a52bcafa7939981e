//! The flow definition: model, loader (three input shapes and legacy exports), validation,
//! and saving edits back. The bottom layer: it imports only `mask`.

pub mod diff;
mod document;
mod error;
pub mod fields;
mod index;
mod kind;
mod legacy;
pub mod lines;
mod method;
mod model;
mod parse;
pub mod read;
mod required;
pub mod splice;
mod write;

pub use document::{Document, Shape};
pub use error::{FlowError, Location, Problem};
pub use index::Index;
pub use kind::WidgetKind;
pub use method::Method;
pub use model::{Condition, Flow, Transition, Widget};
pub use parse::MAX_WIDGETS;
pub use write::{hash, write_atomically, Stamp};
