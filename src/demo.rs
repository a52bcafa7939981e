//! The offline demo: an HTTP endpoint on 127.0.0.1 that fails twice and then answers, so the
//! bundled retry loop (`flows/retry-counter.json`) can be watched without a network.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The bundled flow the demo runs.
pub const FLOW: &str = include_str!("../flows/retry-counter.json");
pub const FLOW_NAME: &str = "flows/retry-counter.json";

async fn order(State(calls): State<Arc<AtomicUsize>>, Path(id): Path<String>) -> Response {
    if calls.fetch_add(1, Ordering::SeqCst) % 3 < 2 {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/json")],
            r#"{"error": "the order service is warming up, try again"}"#,
        )
            .into_response();
    }
    let body = serde_json::json!({
        "id": id,
        "status": "shipped",
        "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}],
        "customer": {"name": "Zeke", "phone": "+15555550100"}
    });
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Starts the endpoint on an ephemeral port and returns its base URL (`http://127.0.0.1:PORT`).
/// Every third call succeeds, so each retry loop of the demo fails twice, then succeeds.
pub async fn start() -> std::io::Result<String> {
    let app = Router::new()
        .route("/orders/{id}", get(order))
        .with_state(Arc::new(AtomicUsize::new(0)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(base)
}
