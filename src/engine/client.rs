//! The real HTTP client (reqwest on tokio), enforcing Studio's 10-second and 64 kB limits.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::flow::Method;

use super::http::{HttpClient, HttpRequest, HttpResponse, HttpResult, MAX_BODY, TIMEOUT};

/// Built on the first request: building it loads the system's certificates, which a flow that
/// sends nothing should not wait for.
pub struct ReqwestClient {
    client: OnceLock<reqwest::Client>,
    timeout: Duration,
}

impl ReqwestClient {
    /// With Studio's 10-second limit.
    pub fn new() -> ReqwestClient {
        ReqwestClient::with_timeout(TIMEOUT)
    }

    /// With another limit: tests wait a fraction of a second, not ten.
    pub fn with_timeout(timeout: Duration) -> ReqwestClient {
        ReqwestClient {
            client: OnceLock::new(),
            timeout,
        }
    }

    fn client(&self) -> &reqwest::Client {
        self.client.get_or_init(|| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(10))
                .user_agent(concat!("sfdb/", env!("CARGO_PKG_VERSION")))
                .build()
                .unwrap_or_default()
        })
    }
}

impl Default for ReqwestClient {
    fn default() -> Self {
        ReqwestClient::new()
    }
}

#[async_trait]
impl HttpClient for ReqwestClient {
    async fn send(&self, request: &HttpRequest) -> HttpResult {
        let started = Instant::now();
        let response = match tokio::time::timeout(self.timeout, self.exchange(request)).await {
            Ok(result) => result,
            Err(_) => Err(format!("timed out after {}", seconds(self.timeout))),
        };
        HttpResult {
            response,
            elapsed: started.elapsed(),
            function: None,
        }
    }
}

impl ReqwestClient {
    async fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut builder = self.client().request(method, &request.url);
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(|e| describe(&e))?;
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err(too_large());
        }
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            content_type,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}

/// `10 s`, as Studio words it; a limit under a second in milliseconds.
fn seconds(limit: Duration) -> String {
    match limit.subsec_millis() {
        0 => format!("{} s", limit.as_secs()),
        _ => format!("{} ms", limit.as_millis()),
    }
}

fn too_large() -> String {
    format!("response larger than {} kB", MAX_BODY / 1024)
}

/// A failure in plain words ("connection refused"), not reqwest's chain of causes.
pub fn describe(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => "connection reset".into(),
                std::io::ErrorKind::UnexpectedEof => {
                    "the response ended before its declared length".into()
                }
                std::io::ErrorKind::TimedOut => format!("timed out after {} s", TIMEOUT.as_secs()),
                _ => io.to_string(),
            };
        }
        source = err.source();
    }
    if e.is_redirect() {
        return "too many redirects".into();
    }
    if e.is_timeout() {
        return format!("timed out after {} s", TIMEOUT.as_secs());
    }
    if e.is_connect() {
        return "could not connect".into();
    }
    if e.is_body() || e.is_decode() {
        return "the response body could not be read".into();
    }
    if e.is_builder() {
        let url = e.url().map(|u| u.scheme().to_string()).unwrap_or_default();
        return match url.as_str() {
            "" => "the URL cannot be requested".into(),
            scheme => format!("the URL cannot be requested: {scheme} is not http or https"),
        };
    }
    // The innermost cause says what happened ("invalid HTTP version parsed", "message head
    // is too large"); the outer ones only repeat the URL.
    let mut innermost: &dyn std::error::Error = e;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    let cause = innermost.to_string();
    let said = if cause.contains("HTTP version") || cause.contains("invalid HTTP") {
        "the server's answer is not HTTP".to_string()
    } else if cause.contains("too large") {
        "the server's headers are too large".to_string()
    } else {
        format!("the request failed: {cause}")
    };
    crate::mask::visible(&crate::mask::url(&said))
}
