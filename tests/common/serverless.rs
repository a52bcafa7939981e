#![allow(dead_code)]

//! A fake of the Serverless API (v1) on 127.0.0.1, as Twilio's published description
//! (`twilio_serverless_v1.json`) shapes it: one service whose environment runs a build, and a
//! Function's versions. It answers only the fake account's credentials.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::studio::{authorised, error, ACCOUNT};

pub const SERVICE: &str = "ZS00000000000000000000000000000001";
pub const ENVIRONMENT: &str = "ZE00000000000000000000000000000001";
pub const BUILD: &str = "ZB00000000000000000000000000000001";

pub struct Fake {
    pub addr: SocketAddr,
    /// The paths asked for, in order.
    pub asked: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

struct Deployed {
    /// (function SID, path) in the environment's build.
    built: Vec<(String, String)>,
    /// (function SID, path, date_created) of every version.
    versions: Vec<(String, String, String)>,
    asked: Arc<Mutex<Vec<String>>>,
}

fn ok(body: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn environment(
    State(d): State<Arc<Deployed>>,
    headers: HeaderMap,
    Path((service, sid)): Path<(String, String)>,
) -> Response {
    d.asked.lock().unwrap().push(format!("environment {sid}"));
    if !authorised(&headers) {
        return error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    if service != SERVICE || sid != ENVIRONMENT {
        return error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        );
    }
    ok(
        json!({"sid": sid, "account_sid": ACCOUNT, "service_sid": service, "build_sid": BUILD,
              "unique_name": "dev", "domain_suffix": "dev",
              "domain_name": "lookup-1234-dev.twil.io"}),
    )
}

async fn build(
    State(d): State<Arc<Deployed>>,
    headers: HeaderMap,
    Path((service, sid)): Path<(String, String)>,
) -> Response {
    d.asked.lock().unwrap().push(format!("build {sid}"));
    if !authorised(&headers) {
        return error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    if service != SERVICE || sid != BUILD {
        return error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        );
    }
    let versions: Vec<Value> = d
        .built
        .iter()
        .enumerate()
        .map(|(i, (function, path))| {
            json!({"sid": format!("ZN{:032x}", i + 1), "account_sid": ACCOUNT,
                   "service_sid": service, "function_sid": function, "path": path,
                   "visibility": "protected", "date_created": "2026-01-02T03:04:05Z"})
        })
        .collect();
    ok(
        json!({"sid": sid, "account_sid": ACCOUNT, "service_sid": service,
              "status": "completed", "asset_versions": [], "function_versions": versions,
              "dependencies": [], "runtime": "node18"}),
    )
}

async fn function_versions(
    State(d): State<Arc<Deployed>>,
    headers: HeaderMap,
    Path((service, function)): Path<(String, String)>,
) -> Response {
    d.asked.lock().unwrap().push(format!("versions {function}"));
    if !authorised(&headers) {
        return error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    let list: Vec<Value> = d
        .versions
        .iter()
        .filter(|(f, _, _)| *f == function && service == SERVICE)
        .map(|(f, path, created)| {
            json!({"sid": "ZN00000000000000000000000000000009", "account_sid": ACCOUNT,
                   "service_sid": service, "function_sid": f, "path": path,
                   "visibility": "public", "date_created": created})
        })
        .collect();
    ok(json!({"function_versions": list,
              "meta": {"key": "function_versions", "page": 0, "page_size": 50,
                       "next_page_url": null}}))
}

/// Serves `built` (the environment's build) and `versions` (each Function's versions).
pub async fn start(built: Vec<(String, String)>, versions: Vec<(String, String, String)>) -> Fake {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let deployed = Arc::new(Deployed {
        built,
        versions,
        asked: Arc::clone(&asked),
    });
    let app = Router::new()
        .route(
            "/v1/Services/{service}/Environments/{sid}",
            get(environment),
        )
        .route("/v1/Services/{service}/Builds/{sid}", get(build))
        .route(
            "/v1/Services/{service}/Functions/{sid}/Versions",
            get(function_versions),
        )
        .with_state(deployed);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Fake { addr, asked }
}
