//! The Make HTTP Request / Run Function exchange: the request as the engine prepared it, the
//! result as a client got it, and the trait a client implements. The engine itself does no
//! I/O: it hands out an [`HttpRequest`] and is given back an [`HttpResult`].

use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;

use crate::flow::Method;
use crate::mask;

/// Studio's limits on the exchange (seed: "2xx within 10 seconds", "up to 64kB").
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_BODY: usize = 65_536;

#[derive(Clone, PartialEq, Eq)]
pub struct BasicAuth {
    pub user: String,
    pub password: String,
}

/// The password never prints: requests are logged and shown with `{:?}`.
impl std::fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicAuth")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}

/// A request ready to send: Liquid rendered, parameters placed, credentials taken out of the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub widget: String,
    /// Sent by a Run Function widget (local Functions may answer it).
    pub function: bool,
    pub method: Method,
    /// The URL to send to, without credentials.
    pub url: String,
    /// The Content-Type header sent (POST only), exactly as the widget has it.
    pub content_type: Option<String>,
    pub body: Option<String>,
    pub auth: Option<BasicAuth>,
    /// The rendered parameters, as the widget lists them (for display).
    pub parameters: Vec<(String, String)>,
    /// Headers added on the way out (a Function's `X-Twilio-Signature`).
    pub extra_headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// The headers the request carries, with real credentials (for the client only).
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        if let Some(ct) = &self.content_type {
            headers.push(("Content-Type".to_string(), ct.clone()));
        }
        if let Some(auth) = &self.auth {
            use base64::Engine;
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", auth.user, auth.password));
            headers.push(("Authorization".to_string(), format!("Basic {token}")));
        }
        headers.extend(self.extra_headers.iter().cloned());
        headers
    }

    /// What the step record and the inspector show: secrets masked.
    pub fn record(&self) -> RequestRecord {
        let url = match &self.auth {
            Some(auth) => with_user(&self.url, &auth.user),
            None => self.url.clone(),
        };
        RequestRecord {
            method: self.method,
            url: mask::url(&url),
            headers: self
                .headers()
                .into_iter()
                .map(|(k, v)| {
                    let v = mask::header(&k, &v);
                    (k, v)
                })
                .collect(),
            body: self.body.clone(),
            parameters: self.parameters.clone(),
        }
    }
}

/// The URL as the user wrote it, with the user name back in and the password masked.
fn with_user(url: &str, user: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username(user);
            let _ = u.set_password(Some("***"));
            u.to_string().replace("%2A%2A%2A", "***")
        }
        Err(_) => url.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpResponse {
    pub status: u16,
    /// The Content-Type header, as received (empty when absent).
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What came back: a response, or the reason none could be used, and the time it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResult {
    pub response: Result<HttpResponse, String>,
    pub elapsed: Duration,
    /// Set when local Functions were in play for a Run Function widget.
    pub function: Option<FunctionCall>,
}

/// A Run Function request while local Functions run: where it went, and what the Function
/// printed while it answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FunctionCall {
    /// `local http://127.0.0.1:PORT/lookup, for https://…twil.io/lookup`, or why the request
    /// kept its real URL.
    pub sent_to: String,
    /// The runtime's lines for the request: `console.log`, `console.error`, a thrown error.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_output: Vec<String>,
}

/// The HTTP part of a step record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRecord {
    /// `None` when the widget failed before a request could be made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestRecord>,
    /// Shared with earlier steps that got the same response (a retry loop's repeats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<std::sync::Arc<HttpResponse>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub time_ms: u64,
    /// The response came from a mock, not from the network.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mocked: bool,
    /// Where a Run Function request went while local Functions ran, and what it printed.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCall>,
}

/// Sends prepared requests. The real one is `ReqwestClient`, in `engine::client`.
#[async_trait]
pub trait HttpClient: Send + Sync {
    async fn send(&self, request: &HttpRequest) -> HttpResult;
}
