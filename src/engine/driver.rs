//! Running an execution to its end, sending its requests with a client.

use super::execution::{Execution, Progress};
use super::http::{HttpClient, HttpRequest};
use super::step::Step;

/// What a run reports while it goes.
pub enum Event<'a> {
    /// A step was recorded.
    Step(&'a Step),
    /// A request is about to go out, and the run waits for its answer: a moment to flush.
    Sending(&'a HttpRequest),
}

/// Advances until the execution halts, calling `on_event` for each step as it is recorded and
/// before each request.
pub async fn run_to_end(
    execution: &mut Execution,
    client: &dyn HttpClient,
    mut on_event: impl FnMut(Event<'_>),
) {
    loop {
        let progress = match execution.advance() {
            Progress::Http(request) => {
                on_event(Event::Sending(&request));
                let result = client.send(&request).await;
                execution.complete_http(result)
            }
            other => other,
        };
        match progress {
            Progress::Stepped => {
                if let Some(step) = execution.steps().last() {
                    on_event(Event::Step(step));
                }
            }
            Progress::Http(_) => unreachable!("complete_http never asks for another request"),
            // A subflow's widget, when stepping into subflows: its parent's step says it all.
            Progress::Inside => {}
            Progress::Halted => return,
        }
    }
}
