//! The offline demo: an HTTP endpoint on 127.0.0.1 that fails the first two attempts of an
//! execution and answers the third, so the bundled retry loop (`flows/retry-counter.json`) can
//! be watched without a network, and watched again after a restart or a step back.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The bundled flow the demo runs.
pub const FLOW: &str = include_str!("../flows/retry-counter.json");
pub const FLOW_NAME: &str = "flows/retry-counter.json";

/// The answer depends on the execution, not on how many requests came before: the flow sends
/// its retry count as `attempt`, so attempts 1 and 2 fail and 3 succeeds however often the
/// user restarts.
async fn order(Path(id): Path<String>, Query(query): Query<HashMap<String, String>>) -> Response {
    let attempt: usize = query
        .get("attempt")
        .and_then(|a| a.trim().parse().ok())
        .unwrap_or(3);
    if attempt < 3 {
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
pub async fn start() -> std::io::Result<String> {
    let app = Router::new().route("/orders/{id}", get(order));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(base)
}
