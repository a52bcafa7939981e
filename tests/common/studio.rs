#![allow(dead_code)]

//! A fake of the Studio REST API v2 on 127.0.0.1, following ../shared/reference/
//! studio-rest-api.md and, where they differ, Twilio's description (`twilio_studio_v2.json`):
//! Basic auth on every request, pages of two with `next_page_url` absolute on Twilio's host,
//! strict date-time filters, steps newest first (or oldest first: no order is promised), one 429 with `Retry-After` on the first step context asked for, keys absent when
//! unset, and extra keys Twilio adds. It records every POST.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Map, Value};

pub const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
pub const TOKEN: &str = "secret-auth-token-9f8e7d";
const PAGE: usize = 2;

pub struct Flow {
    pub sid: String,
    pub name: String,
    /// Every revision, oldest first: (status, definition, commit message).
    pub revisions: Vec<(String, Value, String)>,
}

pub struct Execution {
    pub flow: String,
    pub resource: Value,
    pub context: Value,
    /// Oldest first, as they happened.
    pub steps: Vec<Value>,
    pub step_contexts: HashMap<String, Value>,
}

#[derive(Default)]
pub struct Api {
    pub flows: Mutex<Vec<Flow>>,
    pub executions: Mutex<Vec<Execution>>,
    /// (path, form) of every POST, in order.
    pub posts: Mutex<Vec<(String, HashMap<String, String>)>>,
    pub requests: AtomicUsize,
    /// The path and query of every GET, in order.
    pub gets: Mutex<Vec<String>>,
    /// A 429 is still to be sent (once).
    pub throttle: AtomicBool,
    /// The 429's `Retry-After` is an HTTP date (two seconds from now, to the second), not
    /// seconds.
    pub throttle_until_date: AtomicBool,
    /// The step list leaves out this many of the oldest steps (a list cut short).
    pub steps_cut: AtomicUsize,
    /// The flow list answers 503 this many more times.
    pub unavailable: AtomicUsize,
    /// Updates answer 503.
    pub updates_fail: AtomicBool,
    /// Updates answer 400 with Twilio's `details`, after Validate passed.
    pub updates_invalid: AtomicBool,
    /// Updates answer only after this long: (milliseconds, whether the update is applied
    /// first). A client that gives up sooner cannot tell which.
    pub updates_slow: Mutex<Option<(u64, bool)>>,
    /// The flow list answers only after this many milliseconds (a hung server).
    pub flows_hang_ms: AtomicUsize,
    /// Steps are listed oldest first (Twilio lists newest first, but its description
    /// promises no order; steps of one second then come in either order).
    pub steps_oldest_first: AtomicBool,
}

pub struct Fake {
    pub addr: SocketAddr,
    pub api: Arc<Api>,
}

impl Fake {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

pub fn error(status: StatusCode, code: u32, message: &str) -> Response {
    (
        status,
        Json(json!({"code": code, "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"), "status": status.as_u16()})),
    )
        .into_response()
}

/// Whether the request carries the fake account's credentials.
pub fn authorised(headers: &HeaderMap) -> bool {
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT}:{TOKEN}"));
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Basic {expected}"))
}

/// One page of `items` under `key`, two to a page, linked by absolute URLs.
fn page(path: &str, key: &str, items: Vec<Value>, query: &HashMap<String, String>) -> Response {
    // As Twilio: at most 1,000 a page. Pages hold two here, whatever is asked, so that every
    // listing is read across pages.
    if query
        .get("PageSize")
        .and_then(|p| p.parse::<usize>().ok())
        .is_some_and(|n| n == 0 || n > 1000)
    {
        return error(StatusCode::BAD_REQUEST, 20001, "Invalid PageSize");
    }
    let at: usize = query.get("Page").and_then(|p| p.parse().ok()).unwrap_or(0);
    // As Twilio: the next page on Twilio's own host, whatever host was asked.
    let base = "https://studio.twilio.com";
    let slice: Vec<Value> = items.iter().skip(at * PAGE).take(PAGE).cloned().collect();
    let next = ((at + 1) * PAGE < items.len()).then(|| {
        format!(
            "{base}{path}?PageSize={PAGE}&Page={}&PageToken=PT{}",
            at + 1,
            at + 1
        )
    });
    Json(
        json!({key: slice, "meta": {"page": at, "page_size": PAGE, "key": key,
        "first_page_url": format!("{base}{path}?PageSize={PAGE}&Page=0"),
        "previous_page_url": null, "next_page_url": next, "url": format!("{base}{path}")}}),
    )
    .into_response()
}

fn flow_resource(flow: &Flow, revision: usize) -> Value {
    let (status, definition, message) = &flow.revisions[revision - 1];
    json!({"sid": flow.sid, "account_sid": ACCOUNT, "friendly_name": flow.name,
        "definition": definition, "status": status, "revision": revision,
        "commit_message": message, "valid": true, "errors": [], "warnings": [],
        "date_created": "2026-01-05T10:00:00Z", "date_updated": format!("2026-01-{:02}T10:00:00Z", 5 + revision),
        "webhook_url": format!("https://webhooks.twilio.com/v1/Accounts/{ACCOUNT}/Flows/{}", flow.sid),
        "url": format!("https://studio.twilio.com/v2/Flows/{}", flow.sid),
        "links": {"revisions": "…", "executions": "…", "test_users": "…"}})
}

type Q = Query<HashMap<String, String>>;

async fn flows(State(api): State<Arc<Api>>, Query(q): Q) -> Response {
    let hang = api.flows_hang_ms.load(Ordering::SeqCst);
    if hang > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(hang as u64)).await;
    }
    let down = api.unavailable.load(Ordering::SeqCst);
    if down > 0 {
        api.unavailable.store(down - 1, Ordering::SeqCst);
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            20500,
            "Service Unavailable",
        );
    }
    let list: Vec<Value> = api
        .flows
        .lock()
        .unwrap()
        .iter()
        .map(|f| flow_resource(f, f.revisions.len()))
        .collect();
    page("/v2/Flows", "flows", list, &q)
}

async fn flow(State(api): State<Arc<Api>>, Path(sid): Path<String>) -> Response {
    let flows = api.flows.lock().unwrap();
    match flows.iter().find(|f| f.sid == sid) {
        Some(f) => Json(flow_resource(f, f.revisions.len())).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            20404,
            &format!("The requested resource /2010-04-01/Flows/{sid} was not found"),
        ),
    }
}

async fn revision(State(api): State<Arc<Api>>, Path((sid, n)): Path<(String, String)>) -> Response {
    let flows = api.flows.lock().unwrap();
    let Some(f) = flows.iter().find(|f| f.sid == sid) else {
        return error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        );
    };
    let at = match n.as_str() {
        "LatestRevision" => Some(f.revisions.len()),
        "LatestPublished" => f
            .revisions
            .iter()
            .rposition(|r| r.0 == "published")
            .map(|i| i + 1),
        n => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1 && n <= f.revisions.len()),
    };
    match at {
        Some(at) => Json(flow_resource(f, at)).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested revision was not found",
        ),
    }
}

fn form(body: &Bytes) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

async fn validate(State(api): State<Arc<Api>>, body: Bytes) -> Response {
    let form = form(&body);
    api.posts
        .lock()
        .unwrap()
        .push(("/v2/Flows/Validate".into(), form.clone()));
    let definition: Option<Value> = form
        .get("Definition")
        .and_then(|d| serde_json::from_str(d).ok());
    let Some(Value::Array(states)) = definition.as_ref().and_then(|d| d.get("states")) else {
        return invalid("must have required property 'states'", "#/");
    };
    // Twilio knows its own widget types only.
    if let Some(at) = states
        .iter()
        .position(|s| !STUDIO_TYPES.contains(&s["type"].as_str().unwrap_or_default()))
    {
        return invalid(
            "must be equal to one of the allowed values",
            &format!("#/states/{at}/type"),
        );
    }
    Json(json!({"valid": true})).into_response()
}

const STUDIO_TYPES: &[&str] = &[
    "trigger",
    "set-variables",
    "split-based-on",
    "make-http-request",
    "run-function",
    "run-subflow",
    "send-message",
    "send-and-wait-for-reply",
    "say-play",
    "gather-input-on-call",
];

fn invalid(message: &str, path: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"code": 20001, "message": "Invalid Flow Definition",
            "more_info": "https://www.twilio.com/docs/errors/20001", "status": 400,
            "details": {"errors": [{"message": message, "property_path": path}]}})),
    )
        .into_response()
}

async fn update(State(api): State<Arc<Api>>, Path(sid): Path<String>, body: Bytes) -> Response {
    let form = form(&body);
    api.posts
        .lock()
        .unwrap()
        .push((format!("/v2/Flows/{sid}"), form.clone()));
    if api.updates_fail.load(Ordering::SeqCst) {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            20500,
            "Service Unavailable",
        );
    }
    if api.updates_invalid.load(Ordering::SeqCst) {
        return invalid("must NOT have more than 64 characters", "#/friendly_name");
    }
    let slow = *api.updates_slow.lock().unwrap();
    if let Some((ms, false)) = slow {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            20500,
            "Service Unavailable",
        );
    }
    let answer = apply(&api, &sid, &form);
    if let Some((ms, true)) = slow {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    answer
}

fn apply(api: &Api, sid: &str, form: &HashMap<String, String>) -> Response {
    let mut flows = api.flows.lock().unwrap();
    let Some(f) = flows.iter_mut().find(|f| f.sid == sid) else {
        return error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        );
    };
    let Some(definition) = form
        .get("Definition")
        .and_then(|d| serde_json::from_str(d).ok())
    else {
        return error(StatusCode::BAD_REQUEST, 20001, "Invalid Flow Definition");
    };
    f.revisions.push((
        form.get("Status").cloned().unwrap_or_default(),
        definition,
        form.get("CommitMessage").cloned().unwrap_or_default(),
    ));
    Json(flow_resource(f, f.revisions.len())).into_response()
}

async fn executions(State(api): State<Arc<Api>>, Path(sid): Path<String>, Query(q): Q) -> Response {
    // Strict as Twilio's description: `YYYY-MM-DDThh:mm:ss-hh:mm`, compared as instants.
    let mut bounds = [None, None];
    for (i, name) in ["DateCreatedFrom", "DateCreatedTo"].iter().enumerate() {
        if let Some(v) = q.get(*name) {
            let strict = v.len() == 25 && chrono::DateTime::parse_from_rfc3339(v).is_ok();
            if !strict {
                return error(
                    StatusCode::BAD_REQUEST,
                    20001,
                    &format!("Invalid {name}: {v}"),
                );
            }
            bounds[i] = chrono::DateTime::parse_from_rfc3339(v).ok();
        }
    }
    let created = |e: &Value| {
        chrono::DateTime::parse_from_rfc3339(e["date_created"].as_str().unwrap_or_default()).ok()
    };
    let list: Vec<Value> = api
        .executions
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.flow == sid)
        .filter(|e| bounds[0].is_none_or(|from| created(&e.resource).is_some_and(|c| c >= from)))
        .filter(|e| bounds[1].is_none_or(|to| created(&e.resource).is_some_and(|c| c < to)))
        .map(|e| e.resource.clone())
        .collect();
    page(
        &format!("/v2/Flows/{sid}/Executions"),
        "executions",
        list,
        &q,
    )
}

fn with_execution(
    api: &Api,
    flow: &str,
    sid: &str,
    f: impl FnOnce(&Execution) -> Response,
) -> Response {
    let executions = api.executions.lock().unwrap();
    match executions
        .iter()
        .find(|e| e.flow == flow && e.resource["sid"] == sid)
    {
        Some(e) => f(e),
        None => error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        ),
    }
}

async fn execution(
    State(api): State<Arc<Api>>,
    Path((flow, sid)): Path<(String, String)>,
) -> Response {
    with_execution(&api, &flow, &sid, |e| {
        Json(e.resource.clone()).into_response()
    })
}

async fn execution_context(
    State(api): State<Arc<Api>>,
    Path((flow, sid)): Path<(String, String)>,
) -> Response {
    with_execution(&api, &flow, &sid, |e| {
        Json(
            json!({"account_sid": ACCOUNT, "flow_sid": flow, "execution_sid": sid,
            "context": e.context, "encrypted": true, "url": "…"}),
        )
        .into_response()
    })
}

async fn steps(
    State(api): State<Arc<Api>>,
    Path((flow, sid)): Path<(String, String)>,
    Query(q): Q,
) -> Response {
    let newest_first: Option<Vec<Value>> = api
        .executions
        .lock()
        .unwrap()
        .iter()
        .find(|e| e.flow == flow && e.resource["sid"] == sid)
        .map(|e| {
            let kept = e.steps[api.steps_cut.load(Ordering::SeqCst).min(e.steps.len())..].to_vec();
            if api.steps_oldest_first.load(Ordering::SeqCst) {
                kept
            } else {
                kept.into_iter().rev().collect()
            }
        });
    match newest_first {
        Some(list) => page(
            &format!("/v2/Flows/{flow}/Executions/{sid}/Steps"),
            "steps",
            list,
            &q,
        ),
        None => error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        ),
    }
}

async fn step_context(
    State(api): State<Arc<Api>>,
    Path((flow, sid, step)): Path<(String, String, String)>,
) -> Response {
    if api.throttle.swap(false, Ordering::SeqCst) {
        let mut r = error(StatusCode::TOO_MANY_REQUESTS, 20429, "Too Many Requests");
        let after = if api.throttle_until_date.load(Ordering::SeqCst) {
            (chrono::Utc::now() + chrono::Duration::seconds(2))
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string()
        } else {
            "1".to_string()
        };
        r.headers_mut()
            .insert("retry-after", after.parse().unwrap());
        return r;
    }
    with_execution(&api, &flow, &sid, |e| match e.step_contexts.get(&step) {
        Some(c) => Json(
            json!({"account_sid": ACCOUNT, "flow_sid": flow, "execution_sid": sid,
            "step_sid": step, "context": c, "url": "…"}),
        )
        .into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        ),
    })
}

pub async fn start(api: Api) -> Fake {
    let api = Arc::new(api);
    let count = api.clone();
    let app = Router::new()
        .route("/v2/Flows", get(flows))
        .route("/v2/Flows/Validate", post(validate))
        .route("/v2/Flows/{sid}", get(flow).post(update))
        .route("/v2/Flows/{sid}/Revisions/{n}", get(revision))
        .route("/v2/Flows/{sid}/Executions", get(executions))
        .route("/v2/Flows/{flow}/Executions/{sid}", get(execution))
        .route(
            "/v2/Flows/{flow}/Executions/{sid}/Context",
            get(execution_context),
        )
        .route("/v2/Flows/{flow}/Executions/{sid}/Steps", get(steps))
        .route(
            "/v2/Flows/{flow}/Executions/{sid}/Steps/{step}/Context",
            get(step_context),
        )
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                count.requests.fetch_add(1, Ordering::SeqCst);
                if req.method() == axum::http::Method::GET {
                    count.gets.lock().unwrap().push(
                        req.uri()
                            .path_and_query()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    );
                }
                let allowed = authorised(req.headers());
                async move {
                    if allowed {
                        next.run(req).await
                    } else {
                        error(StatusCode::UNAUTHORIZED, 20003, "Authenticate")
                    }
                }
            },
        ))
        .with_state(api.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Fake { addr, api }
}

/// Builds an execution as Studio records it: each step's context is the one before it with
/// the step's widget outputs and variables applied.
pub struct Recorder {
    pub flow: String,
    pub sid: String,
    context: Value,
    steps: Vec<Value>,
    contexts: HashMap<String, Value>,
}

impl Recorder {
    pub fn new(flow: &str, sid: &str, trigger: Value, data: Value) -> Recorder {
        let mut flow_ctx = json!({"flow_sid": flow, "sid": sid, "channel": {"address": "+15005550006"}, "data": data});
        if data_is_empty(&flow_ctx["data"]) {
            flow_ctx.as_object_mut().unwrap().remove("data");
        }
        Recorder {
            flow: flow.into(),
            sid: sid.into(),
            context: json!({"trigger": trigger, "widgets": {}, "flow": flow_ctx,
                "contact": {"channel": {"address": "+14155550100"}}}),
            steps: Vec::new(),
            contexts: HashMap::new(),
        }
    }

    /// One step of a subflow, run by the run-subflow step that comes `ahead` steps later
    /// (Studio lists a subflow's steps before the step that ran it). Its variables are the
    /// subflow's own.
    pub fn subflow_step(
        self,
        kind: &str,
        from: &str,
        event: &str,
        to: &str,
        outputs: Option<Value>,
        ahead: usize,
    ) -> Recorder {
        let parent = format!("FT{:032x}", self.steps.len() + 1 + ahead);
        let mut r = self.step(kind, from, event, to, outputs, &[]);
        r.steps.last_mut().unwrap()["parent_step_sid"] = json!(parent);
        r
    }

    /// One step: `from --event--> to`, with what the widget wrote and the variables set.
    pub fn step(
        mut self,
        kind: &str,
        from: &str,
        event: &str,
        to: &str,
        outputs: Option<Value>,
        variables: &[(&str, Value)],
    ) -> Recorder {
        let n = self.steps.len();
        let sid = format!("FT{:032x}", n + 1);
        if let Some(out) = outputs {
            self.context["widgets"][from] = out;
        }
        for (k, v) in variables {
            if self.context["flow"].get("variables").is_none() {
                self.context["flow"]["variables"] = json!({});
            }
            self.context["flow"]["variables"][*k] = v.clone();
        }
        // Two steps in the same second, as fast widgets are: the page order breaks the tie.
        let second = n / 2;
        self.steps.push(
            json!({"sid": sid, "account_sid": ACCOUNT, "flow_sid": self.flow,
            "execution_sid": self.sid, "parent_step_sid": null, "name": event, "context": {},
            "transitioned_from": from, "transitioned_to": to, "type": kind,
            "date_created": format!("2026-11-26T23:00:{second:02}Z"), "date_updated": null,
            "url": "…", "links": {"step_context": "…"}}),
        );
        self.contexts.insert(sid, self.context.clone());
        self
    }

    pub fn finish(self, revision: u32) -> Execution {
        Execution {
            resource: json!({"sid": self.sid, "account_sid": ACCOUNT, "flow_sid": self.flow,
                "contact_channel_address": "+14155550100", "contact_sid": "FC0000", "flow_version": revision,
                "context": {}, "status": "ended", "date_created": "2026-11-26T23:00:00Z",
                "date_updated": "2026-11-26T23:00:09Z", "initiated_by": "SM0000", "url": "…",
                "links": {"steps": "…", "execution_context": "…"}}),
            flow: self.flow,
            context: self.context,
            steps: self.steps,
            step_contexts: self.contexts,
        }
    }
}

fn data_is_empty(v: &Value) -> bool {
    v.as_object().is_none_or(Map::is_empty)
}
