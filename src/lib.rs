//! sfdb: a terminal debugger for Twilio Studio flows.
//!
//! `flow` loads definitions, `engine` executes them with Studio's semantics, `cli` is the
//! headless front end and `tui` the interactive one.

pub mod check;
pub mod cli;
pub mod demo;
pub mod engine;
pub mod flow;
pub mod liquid;
pub mod mask;
pub mod scenario;
pub mod session;
pub mod tui;
