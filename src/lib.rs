//! sfdb: a terminal debugger for Twilio Studio flows.
//!
//! Layers, each importing only those below it: `flow`, `liquid`, `mask` and `words` at the bottom;
//! `engine` executes flows with Studio's semantics; `session` says how an execution starts;
//! `check` and `scenario` work on flows and runs, `account` talks to the Studio REST API,
//! `functions` runs Run Function widgets against the user's local Functions; `cli` (the headless front end, and the exit
//! codes) and `tui` (the interactive one) on top. `tests/cli/architecture.rs` holds us to it.

#![forbid(unsafe_code)]

pub mod account;
pub mod check;
pub mod cli;
pub mod dap;
pub mod demo;
pub mod engine;
pub mod flow;
pub mod functions;
pub mod liquid;
pub mod mask;
pub mod scenario;
pub mod session;
pub mod tui;
pub mod words;
