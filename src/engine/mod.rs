//! Executing a flow with Studio's semantics, one widget at a time. No terminal code here.

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
