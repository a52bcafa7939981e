//! Running an execution to its end, sending its requests with a client.

use super::execution::{Execution, Progress};
use super::http::HttpClient;
use super::step::Step;

/// Advances until the execution halts, calling `on_step` for each step as it is recorded.
pub async fn run_to_end(
    execution: &mut Execution,
    client: &dyn HttpClient,
    mut on_step: impl FnMut(&Step),
) {
    loop {
        let progress = match execution.advance() {
            Progress::Http(request) => {
                let result = client.send(&request).await;
                execution.complete_http(result)
            }
            other => other,
        };
        match progress {
            Progress::Stepped => {
                if let Some(step) = execution.steps().last() {
                    on_step(step);
                }
            }
            Progress::Http(_) => unreachable!("complete_http never asks for another request"),
            Progress::Halted => return,
        }
    }
}
