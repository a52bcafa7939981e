//! The command line, scenario files, the account bridge, saving and the house rules: one test binary.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/server.rs"]
mod server;
#[path = "../common/serverless.rs"]
mod serverless;
#[path = "../common/studio.rs"]
mod studio;

mod account;
mod answers;
mod architecture;
mod check;
mod cli;
mod contract;
mod coverage;
mod dap;
mod explore;
mod functions;
mod hostile_input;
mod save;
mod scenarios;
