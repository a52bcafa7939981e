#![allow(dead_code)]

//! A real HTTP server on 127.0.0.1 for the HTTP tests, with endpoints for each case.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use axum::Router;
use serde_json::json;

#[derive(Default)]
pub struct Hits {
    counts: Mutex<HashMap<String, usize>>,
    flaky: AtomicUsize,
    sequence: AtomicUsize,
}

impl Hits {
    pub fn count(&self, path: &str) -> usize {
        self.counts.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn hit(&self, path: &str) {
        *self
            .counts
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default() += 1;
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub hits: Arc<Hits>,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn fixed(State(hits): State<Arc<Hits>>, Path(name): Path<String>) -> Response {
    hits.hit(&name);
    match name.as_str() {
        "json" => json_response(
            StatusCode::OK,
            json!({"message": "Hi", "person": {"name": "Bob", "age": 40},
                   "items": [{"id": "a1"}, {"id": "b2"}]}),
        ),
        "array" => json_response(StatusCode::OK, json!([{"id": 1}, {"id": 2}])),
        "text" => (
            StatusCode::OK,
            [("content-type", "text/plain")],
            "hello there",
        )
            .into_response(),
        "xml" => (
            StatusCode::OK,
            [("content-type", "application/xml")],
            "<order><id>7</id></order>",
        )
            .into_response(),
        "empty" => StatusCode::NO_CONTENT.into_response(),
        "redirect" => Redirect::to("/fixed/json").into_response(),
        "missing" => json_response(StatusCode::NOT_FOUND, json!({"error": "no such order"})),
        "broken" | "always500" => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [("content-type", "text/plain")],
            "boom",
        )
            .into_response(),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(12)).await;
            json_response(StatusCode::OK, json!({"late": true}))
        }
        "big" => (
            StatusCode::OK,
            [("content-type", "text/plain")],
            "x".repeat(70 * 1024),
        )
            .into_response(),
        "medium" => (
            StatusCode::OK,
            [("content-type", "text/plain")],
            "y".repeat(10 * 1024),
        )
            .into_response(),
        // Twilio's worked example for Run Function: JSON, then text with a 404, then JSON.
        "sequence" => match hits.sequence.fetch_add(1, Ordering::SeqCst) {
            0 => (
                StatusCode::OK,
                [
                    ("content-type", "application/json"),
                    ("X-Twilio-Function-Concurrency", "1"),
                ],
                r#"{"foo":"bar"}"#,
            )
                .into_response(),
            1 => (
                StatusCode::NOT_FOUND,
                [("content-type", "text/plain")],
                "not here",
            )
                .into_response(),
            _ => json_response(StatusCode::OK, json!({"created": true})),
        },
        "flaky" => {
            if hits.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
                (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
            } else {
                json_response(
                    StatusCode::OK,
                    json!({"status": "shipped", "items": [{"sku": "A-1"}]}),
                )
            }
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Answers with what it received, so a test can see the request as the server got it.
async fn echo(
    State(hits): State<Arc<Hits>>,
    method: axum::http::Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    hits.hit("echo");
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    json_response(
        StatusCode::OK,
        json!({
            "method": method.as_str(),
            "query": query,
            "content_type": header("content-type"),
            "authorization": header("authorization"),
            "body": String::from_utf8_lossy(&body),
        }),
    )
}

/// Starts the server on an ephemeral port of 127.0.0.1 in the current tokio runtime.
pub async fn start() -> TestServer {
    let hits = Arc::new(Hits::default());
    let app = Router::new()
        .route("/fixed/{name}", get(fixed).post(fixed))
        .route("/echo", any(echo))
        .with_state(hits.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    TestServer { addr, hits }
}

/// An address on 127.0.0.1 where nothing listens.
pub fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}
