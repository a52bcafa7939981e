//! Any text as a flow file: loading it never panics; a flow that loads is checked and run
//! (answering every request with one response) without panicking or running away.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;
use sfdb::engine::http::{HttpResponse, HttpResult};
use sfdb::engine::Progress;
use sfdb::flow::Document;
use sfdb::session::{self, Start};

fuzz_target!(|text: &str| {
    contained::panics();
    let Ok(document) = Document::parse("fuzz.json", text) else {
        return;
    };
    let _ = sfdb::check::check(&document.flow);
    let Ok(mut execution) = session::execution(&document, &Start::default()) else {
        return;
    };
    // Studio ends an execution at 1,000 steps; the engine must too, whatever the flow.
    for _ in 0..1_100 {
        match execution.advance() {
            Progress::Stepped | Progress::Inside => {}
            Progress::Http(_) => {
                execution.complete_http(HttpResult {
                    response: Ok(HttpResponse {
                        status: 200,
                        content_type: "application/json".into(),
                        headers: Vec::new(),
                        body: r#"{"ok":true,"items":[1,2]}"#.into(),
                    }),
                    elapsed: std::time::Duration::ZERO,
                    function: None,
                });
            }
            Progress::Halted => return,
        }
    }
    panic!("the execution ran past 1,100 advances without halting");
});
