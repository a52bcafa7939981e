//! The HTTP side: Basic auth, paging by `next_page_url`, retries for GETs (429 honouring
//! `Retry-After`, 5xx and dropped connections, with backoff), none for POSTs, and Twilio's
//! error bodies turned into words.

use std::time::Duration;

use futures_util::{stream, StreamExt, TryStreamExt};
use serde_json::Value;

use super::sid::Kind;
use super::{Credentials, Recorded};

/// Attempts a GET gets in all.
const ATTEMPTS: u32 = 4;
/// The first wait after a 5xx; doubled each time.
const BACKOFF: Duration = Duration::from_millis(300);
/// The longest wait between attempts (and so the longest `Retry-After` honoured), unless
/// `with_max_wait` says less.
const MAX_WAIT: Duration = Duration::from_secs(30);
/// How long one request may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(30);
/// How long one GET may take over all its attempts: a hung server costs two timeouts, not
/// four.
const BUDGET: Duration = Duration::from_secs(60);
/// Requests run at once when fetching many (step contexts).
const AT_ONCE: usize = 4;
/// Pages one listing may read: a bound on any listing, whatever a server answers.
const MAX_PAGES: usize = 10_000;
/// The largest page the description allows (`PageSize` up to 1,000): listings that need every
/// item ask for it, so a long execution's steps come in one request, not twenty.
pub const MOST_PER_PAGE: usize = 1000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// Twilio answered with an error.
    #[error("{}", describe(*status, *code, message, more_info))]
    Http {
        status: u16,
        code: Option<i64>,
        message: String,
        more_info: Option<String>,
        /// The whole error body, for the validation errors Twilio details (boxed: an error
        /// stays small to pass around).
        body: Box<Value>,
    },
    #[error("cannot reach the Studio API: {0}")]
    Transport(String),
    /// No answer in time: for a GET after every attempt the command's wait allows, for a POST
    /// after one (which may still have been carried out).
    #[error(
        "no answer from the Studio API in {:.1} s ({attempts} attempt{})",
        waited.as_secs_f64(),
        if *attempts == 1 { "" } else { "s" }
    )]
    TimedOut { waited: Duration, attempts: u32 },
    #[error("the Studio API answered something that is not JSON: {0}")]
    Decode(String),
    /// Reading one step's context failed: which step, and in which widget.
    #[error("the context of step {step} (after {widget}): {source}")]
    Step {
        step: String,
        widget: String,
        source: Box<ApiError>,
    },
    /// Not sent: a SID or an address that cannot be trusted with the account's credentials.
    #[error("not sent: {0}")]
    Refused(String),
}

/// `sid` if it has Twilio's shape for `kind`; a request is never built from anything else.
fn sid(sid: &str, kind: Kind) -> Result<&str, ApiError> {
    super::sid::checked(sid, kind).map_err(ApiError::Refused)
}

fn describe(status: u16, code: Option<i64>, message: &str, more_info: &Option<String>) -> String {
    let what = match status {
        401 => "the credentials were refused",
        403 => "not allowed",
        404 => "not found",
        429 => "too many requests",
        400 => "rejected",
        500..=599 => "Twilio had a server error",
        _ => "the request failed",
    };
    let mut out = format!("HTTP {status}, {what}");
    if let Some(code) = code {
        out.push_str(&format!(" (Twilio error {code})"));
    }
    if !message.is_empty() {
        out.push_str(&format!(": {message}"));
    }
    if let Some(more) = more_info {
        out.push_str(&format!(" [{more}]"));
    }
    out
}

/// A `Retry-After` header: seconds, or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`) counted
/// from `now`; a date already past means at once.
pub fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// Something to tell about long work: how much there is and how far it got.
pub trait Progress: Sync {
    fn start(&self, what: &str, total: u64);
    fn advance(&self);
    fn finish(&self);
}

/// No progress shown.
impl Progress for () {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

pub struct Client {
    base: String,
    credentials: Credentials,
    http: reqwest::Client,
    max_wait: Duration,
    timeout: Duration,
    budget: Duration,
}

fn http(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("sfdb/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

/// How long to wait after attempt `attempt` (from 1) of a GET failed: `Retry-After` on 429
/// (1 s without one), a doubling back-off on 5xx and dropped connections, never more than
/// `max_wait`.
pub fn wait_before_retry(
    attempt: u32,
    failure: Failure,
    retry_after: Option<Duration>,
    max_wait: Duration,
) -> Duration {
    let wait = match failure {
        Failure::TooManyRequests => retry_after.unwrap_or(Duration::from_secs(1)),
        Failure::Server | Failure::Connection => BACKOFF * 2u32.pow(attempt.saturating_sub(1)),
    };
    wait.min(max_wait)
}

/// What went wrong with an attempt that may pass if tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    TooManyRequests,
    Server,
    Connection,
}

impl Client {
    pub fn new(base: &str, credentials: Credentials) -> Client {
        Client {
            base: base.trim_end_matches('/').to_string(),
            credentials,
            http: http(TIMEOUT),
            max_wait: MAX_WAIT,
            timeout: TIMEOUT,
            budget: BUDGET,
        }
    }

    /// Gives a request up after `timeout` and a GET, over its attempts, after twice that
    /// (30 s and 60 s; tests take milliseconds).
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout.min(TIMEOUT);
        self.budget = self.timeout * 2;
        self.http = http(self.timeout);
        self
    }

    /// Waits between attempts at most `max_wait` (tests wait milliseconds, not seconds).
    pub fn with_max_wait(mut self, max_wait: Duration) -> Client {
        self.max_wait = max_wait.min(MAX_WAIT);
        self
    }

    /// Where a request for `path` goes: the configured API, and only it. A page's
    /// `next_page_url` naming another origin is refused (it would receive the credentials),
    /// and so is plain http anywhere but on this machine.
    fn url(&self, path: &str) -> Result<String, ApiError> {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let origin = |u: &str| {
            url::Url::parse(u).ok().map(|u| {
                (
                    u.scheme().to_string(),
                    u.host_str().map(str::to_string),
                    u.port_or_known_default(),
                )
            })
        };
        let base = origin(&self.base);
        let target = origin(&url);
        if base.is_none() || target != base {
            return Err(ApiError::Refused(format!(
                "{} is not on the API's own address {}; the account's credentials go nowhere else",
                crate::mask::visible(&crate::mask::url(&url)),
                self.base
            )));
        }
        let loopback = matches!(
            base.as_ref().and_then(|(_, h, _)| h.as_deref()),
            Some("127.0.0.1" | "localhost" | "[::1]" | "::1")
        );
        if base.as_ref().is_some_and(|(scheme, _, _)| scheme == "http") && !loopback {
            return Err(ApiError::Refused(format!(
                "{} is plain http: the account's credentials go over https (or to this machine)",
                self.base
            )));
        }
        Ok(url)
    }

    /// GETs a resource, retrying what may pass.
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        let url = self.url(path)?;
        let started = std::time::Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self
                .http
                .get(&url)
                .basic_auth(self.credentials.user(), Some(self.credentials.secret()))
                .send()
                .await;
            let (failure, retry_after) = match sent {
                Err(e) if attempt < ATTEMPTS && (e.is_connect() || e.is_timeout()) => {
                    (Failure::Connection, None)
                }
                Err(e) if e.is_timeout() => {
                    return Err(ApiError::TimedOut {
                        waited: started.elapsed(),
                        attempts: attempt,
                    })
                }
                Err(e) => return Err(transport(e)),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry_after(v, chrono::Utc::now()));
                    match status {
                        429 if attempt < ATTEMPTS => (Failure::TooManyRequests, retry_after),
                        500.. if attempt < ATTEMPTS => (Failure::Server, None),
                        _ => return answer(response).await,
                    }
                }
            };
            let wait = wait_before_retry(attempt, failure, retry_after, self.max_wait);
            // Another attempt could not finish within the command's wait: say how long it
            // waited rather than start one.
            if started.elapsed() + wait + self.timeout / 2 > self.budget {
                return Err(ApiError::TimedOut {
                    waited: started.elapsed(),
                    attempts: attempt,
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// POSTs a form, once: an update is never sent twice. One that times out may still have
    /// been carried out ([`ApiError::TimedOut`]): the caller reads the resource back.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Value, ApiError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let started = std::time::Instant::now();
        let response = self
            .http
            .post(self.url(path)?)
            .basic_auth(self.credentials.user(), Some(self.credentials.secret()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    ApiError::TimedOut {
                        waited: started.elapsed(),
                        attempts: 1,
                    }
                } else {
                    transport(e)
                }
            })?;
        answer(response).await
    }

    /// A page's `next_page_url`, on the configured API: Twilio writes its own host there
    /// (`https://studio.twilio.com/v2/…`), so its path and query are re-rooted onto the base
    /// (a proxy or `--api-base` sees every page). Any other host is refused: it would receive
    /// the credentials.
    fn next_page(&self, next: &str) -> Result<String, ApiError> {
        if next.starts_with('/') {
            return Ok(next.to_string());
        }
        let parsed = url::Url::parse(next).map_err(|_| {
            ApiError::Decode(format!(
                "the next page's address {} is not a URL",
                crate::mask::visible(next)
            ))
        })?;
        let base = url::Url::parse(&self.base).ok();
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let ours = base
            .as_ref()
            .is_some_and(|b| b.host_str().is_some_and(|h| h.eq_ignore_ascii_case(&host)));
        let twilios = host == "twilio.com" || host.ends_with(".twilio.com");
        if !(ours || twilios) {
            return Err(ApiError::Refused(format!(
                "the next page is on {}, not the API's own address {}; the account's \
                 credentials go nowhere else",
                crate::mask::visible(&host),
                self.base
            )));
        }
        if parsed.scheme() == "http" && base.as_ref().is_some_and(|b| b.scheme() == "https") {
            return Err(ApiError::Refused(format!(
                "the next page is plain http ({}), the API https",
                crate::mask::visible(&crate::mask::url(next))
            )));
        }
        Ok(match parsed.query() {
            Some(q) => format!("{}?{q}", parsed.path()),
            None => parsed.path().to_string(),
        })
    }

    /// Every item of a list, page after page.
    pub async fn list(&self, path: &str, key: &str) -> Result<Vec<Value>, ApiError> {
        self.list_up_to(path, key, None).await
    }

    /// The first `limit` items of a list (all without one), reading no page past them.
    pub async fn list_up_to(
        &self,
        path: &str,
        key: &str,
        limit: Option<usize>,
    ) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut next = Some(path.to_string());
        let mut seen = std::collections::HashSet::new();
        while let Some(page) = next.take() {
            // A server that hands back a page already read would keep the listing going
            // for ever.
            if !seen.insert(page.clone()) || seen.len() > MAX_PAGES {
                return Err(ApiError::Decode(format!(
                    "the listing goes round: {} was listed before (or over {MAX_PAGES} pages)",
                    crate::mask::visible(&page)
                )));
            }
            let body = self.get(&page).await?;
            match body.get(key) {
                Some(Value::Array(list)) => items.extend(list.iter().cloned()),
                // An empty or misshapen answer is no empty list.
                _ => {
                    return Err(ApiError::Decode(format!(
                        "the answer to {} has no `{key}` list",
                        crate::mask::visible(&page)
                    )))
                }
            }
            if let Some(limit) = limit {
                if items.len() >= limit {
                    items.truncate(limit);
                    break;
                }
            }
            next = body
                .pointer("/meta/next_page_url")
                .and_then(Value::as_str)
                .filter(|u| !u.is_empty())
                .map(|u| self.next_page(u))
                .transpose()?;
        }
        Ok(items)
    }

    pub async fn flows(&self) -> Result<Vec<Value>, ApiError> {
        self.list(&format!("/v2/Flows?PageSize={MOST_PER_PAGE}"), "flows")
            .await
    }

    /// The flow, or one of its revisions (`3`, `LatestPublished`).
    pub async fn flow(&self, flow: &str, revision: Option<&str>) -> Result<Value, ApiError> {
        let sid = sid(flow, Kind::Flow)?;
        let revision = revision
            .map(|r| super::sid::checked_revision(r).map_err(ApiError::Refused))
            .transpose()?;
        match revision {
            None => self.get(&format!("/v2/Flows/{sid}")).await,
            Some(n) => self.get(&format!("/v2/Flows/{sid}/Revisions/{n}")).await,
        }
    }

    /// A flow's executions, newest first as Twilio lists them, the first `limit` of them.
    pub async fn executions(
        &self,
        flow: &str,
        from: Option<&str>,
        to: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<Value>, ApiError> {
        let flow = sid(flow, Kind::Flow)?;
        let size = limit.unwrap_or(MOST_PER_PAGE).clamp(1, MOST_PER_PAGE);
        let mut path = format!("/v2/Flows/{flow}/Executions?PageSize={size}");
        for (name, value) in [("DateCreatedFrom", from), ("DateCreatedTo", to)] {
            if let Some(v) = value {
                path.push_str(&format!(
                    "&{name}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                ));
            }
        }
        self.list_up_to(&path, "executions", limit).await
    }

    /// Every step of an execution, in the order of its chain from the trigger when it forms
    /// one.
    pub async fn steps(&self, flow: &str, execution: &str) -> Result<Vec<Value>, ApiError> {
        let flow = sid(flow, Kind::Flow)?;
        let execution = sid(execution, Kind::Execution)?;
        self.list(
            &format!("/v2/Flows/{flow}/Executions/{execution}/Steps?PageSize={MOST_PER_PAGE}"),
            "steps",
        )
        .await
    }

    /// The flow an execution belongs to, asked of each flow in turn when not given.
    pub async fn find_execution(
        &self,
        execution: &str,
        flow: Option<&str>,
    ) -> Result<Value, ApiError> {
        let execution = sid(execution, Kind::Execution)?;
        if let Some(flow) = flow {
            let flow = sid(flow, Kind::Flow)?;
            return self
                .get(&format!("/v2/Flows/{flow}/Executions/{execution}"))
                .await;
        }
        for f in self.flows().await? {
            let Some(flow) = f.get("sid").and_then(Value::as_str) else {
                continue;
            };
            let sid = sid(flow, Kind::Flow)?;
            match self
                .get(&format!("/v2/Flows/{sid}/Executions/{execution}"))
                .await
            {
                Err(ApiError::Http { status: 404, .. }) => continue,
                other => return other,
            }
        }
        Err(ApiError::Http {
            status: 404,
            code: Some(20404),
            message: format!("no flow of this account has the execution {execution}"),
            more_info: None,
            body: Box::new(Value::Null),
        })
    }

    /// Everything about an execution: itself, its context, its steps oldest first with the
    /// context after each (fetched a few at a time), and the flow at the revision it ran.
    pub async fn recorded(
        &self,
        execution: &str,
        flow: Option<&str>,
        progress: &dyn Progress,
    ) -> Result<Recorded, ApiError> {
        let exec = self.find_execution(execution, flow).await?;
        let execution = sid(execution, Kind::Execution)?;
        let flow = sid(
            exec.get("flow_sid")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            Kind::Flow,
        )?
        .to_string();
        let base = format!("/v2/Flows/{flow}/Executions/{execution}");
        let context = self.get(&format!("{base}/Context")).await?;
        let steps = self
            .list(&format!("{base}/Steps?PageSize={MOST_PER_PAGE}"), "steps")
            .await?;
        let steps = super::shape::in_chain(steps).map_err(ApiError::Decode)?;
        progress.start("step contexts", steps.len() as u64);
        let contexts: Vec<(String, Value)> = stream::iter(steps.iter().cloned())
            .map(|step| {
                let base = &base;
                async move {
                    // A step's context is the one after its widget ran.
                    let widget = step
                        .get("transitioned_from")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_string();
                    let step = step.get("sid").and_then(Value::as_str).unwrap_or_default();
                    let sid = sid(step, Kind::Step)?.to_string();
                    let context = self.get(&format!("{base}/Steps/{sid}/Context")).await;
                    progress.advance();
                    context
                        .map(|c| (sid.clone(), c))
                        .map_err(|e| ApiError::Step {
                            step: sid,
                            widget,
                            source: Box::new(e),
                        })
                }
            })
            .buffered(AT_ONCE)
            .try_collect()
            .await?;
        progress.finish();
        let revision = exec
            .get("flow_version")
            .and_then(Value::as_i64)
            .map(|n| n.to_string());
        let flow_resource = self.flow(&flow, revision.as_deref()).await?;
        let mut subflows = Vec::new();
        for (sid, revision) in super::import::subflows_of(&flow_resource) {
            subflows.push(self.flow(&sid, Some(&revision)).await?);
        }
        Ok(Recorded {
            execution: exec,
            context: Some(context),
            steps,
            step_contexts: contexts.into_iter().collect(),
            flow: flow_resource,
            subflows,
        })
    }
}

fn transport(e: reqwest::Error) -> ApiError {
    // In words, not reqwest's chain of causes; a URL holding credentials is masked.
    if e.is_timeout() {
        return ApiError::Transport("timed out".into());
    }
    ApiError::Transport(crate::engine::client::describe(&e))
}

/// The largest answer read from the API: a page of executions or a step's context is far
/// smaller; a server that sends more is not read to the end.
const MAX_ANSWER: usize = 32 * 1024 * 1024;

/// What an error body that is not Twilio's says (a proxy's, a mock's `title` and `detail`):
/// the JSON itself, cut short, rather than nothing.
fn not_twilios(body: &Value) -> String {
    if body.is_null() {
        return String::new();
    }
    let text = crate::mask::visible(&body.to_string());
    if text.chars().count() > 300 {
        let cut: String = text.chars().take(299).collect();
        format!("{cut}…")
    } else {
        text
    }
}

async fn answer(mut response: reqwest::Response) -> Result<Value, ApiError> {
    let status = response.status().as_u16();
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if bytes.len() + chunk.len() > MAX_ANSWER {
            return Err(ApiError::Decode(format!(
                "the answer is larger than the {} MB sfdb reads",
                MAX_ANSWER / (1024 * 1024)
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = String::from_utf8_lossy(&bytes);
    let body: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) if status < 400 => return Err(ApiError::Decode(e.to_string())),
            Err(_) => Value::String(crate::mask::visible(
                &text.chars().take(200).collect::<String>(),
            )),
        }
    };
    if status < 400 {
        return Ok(body);
    }
    Err(ApiError::Http {
        status,
        code: body.get("code").and_then(Value::as_i64),
        message: body
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| body.as_str().map(str::to_string))
            .unwrap_or_else(|| not_twilios(&body)),
        more_info: body
            .get("more_info")
            .and_then(Value::as_str)
            .map(str::to_string),
        body: Box::new(body),
    })
}
