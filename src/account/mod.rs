//! The bridge to the user's Twilio account: the Studio REST API v2 (flows, revisions,
//! executions, steps and their contexts), and turning a production execution into a scenario
//! that replays it. The same data can come from files the twilio CLI printed (`offline`).
//!
//! Beside `check` and `scenario`: it imports `engine`, `flow`, `liquid` and `mask`, and only
//! `cli` imports it. Credentials come from the environment or the twilio CLI's profiles and are
//! never printed, logged or written anywhere.

pub mod client;
mod credentials;
pub mod import;
pub mod offline;
pub mod profile;
pub mod serverless;
pub mod shape;
pub mod sid;

pub use client::{ApiError, Client, Progress};
pub use credentials::Credentials;

/// Where the API lives unless `--api-base` or `SFDB_STUDIO_API` says otherwise.
pub const DEFAULT_BASE: &str = "https://studio.twilio.com";

/// Everything needed to replay one execution, in the REST API's snake_case shape.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub execution: serde_json::Value,
    /// The execution's context at its end (`…/Context`), when known.
    pub context: Option<serde_json::Value>,
    /// Oldest first.
    pub steps: Vec<serde_json::Value>,
    /// The context after each step, by step SID.
    pub step_contexts: std::collections::HashMap<String, serde_json::Value>,
    /// The Flow resource (or revision) the execution ran, or a bare definition.
    pub flow: serde_json::Value,
    /// The flows its run-subflow widgets run (Flow resources, each with its `sid`).
    pub subflows: Vec<serde_json::Value>,
}
