//! Executing a flow with Studio's semantics, one widget at a time: the context, one executor per
//! widget family (`widgets/`), stepping with Studio's limits and a history (`execution/`), and
//! the script of inputs, events and mocks a run is given.
//!
//! It imports `flow`, `liquid` and `mask` only. It does no I/O of its own: a widget that needs
//! HTTP hands out its request, and a client (`client`, the one real one) answers it.

pub mod client;
pub mod conditions;
pub mod context;
pub mod driver;
pub mod execution;
pub mod http;
pub mod script;
pub mod step;
pub mod widgets;

pub use context::Context;
pub use execution::{Execution, Options, Progress, Status};
pub use step::Step;
