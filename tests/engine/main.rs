//! The engine, Liquid and HTTP: one test binary, so that tokio, reqwest and axum are linked once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/server.rs"]
mod server;

mod conditions;
mod corpus;
mod engine;
mod golden_liquid;
mod hostile;
mod http;
mod liquid;
mod liquid_corpus;
mod validation;
mod widgets;
