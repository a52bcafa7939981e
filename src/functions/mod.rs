//! Run Function widgets against the user's local Functions: requests to a deployed Function
//! (`https://…twil.io/lookup`) go to the local runtime at the same path when the project has
//! that Function, signed as Twilio signs them, and come back with what the Function printed.
//! Every other request goes where it names, through the client this one wraps.

pub mod runtime;
pub mod signature;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::engine::http::{FunctionCall, HttpClient, HttpRequest, HttpResult};
pub use runtime::Runtime;

/// How long after its answer the runtime's log of a request may take to arrive.
const LOG_WAIT: Duration = Duration::from_millis(500);

/// What the user asked for: `--functions DIR|URL`, `--functions-domain HOST`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Options {
    pub target: String,
    pub domain: Option<String>,
    /// `--function ZH…=/path`: where a widget that names only its Function's SID goes.
    pub by_sid: Vec<String>,
}

/// The client that sends Run Function requests to local Functions.
pub struct Functions {
    pub runtime: Runtime,
    /// The URL paths the project serves (`/lookup`), or `None` for a runtime the user runs,
    /// which is sent every request for a Functions domain.
    paths: Option<BTreeSet<String>>,
    domain: Option<String>,
    /// The account's auth token, for `X-Twilio-Signature`; never shown.
    token: Option<String>,
    inner: Arc<dyn HttpClient>,
    /// The runtime's URL of each Function named by SID.
    by_sid: BTreeMap<String, String>,
}

impl Functions {
    /// Starts (or attaches to) the runtime `options` names; `inner` sends everything else.
    pub fn start(
        options: &Options,
        inner: Arc<dyn HttpClient>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Functions, String> {
        let mut paths_by_sid = BTreeMap::new();
        for text in &options.by_sid {
            match text.split_once('=') {
                Some((sid, path)) if !sid.trim().is_empty() && path.starts_with('/') => {
                    paths_by_sid.insert(sid.trim().to_string(), path.to_string());
                }
                _ => {
                    return Err(format!(
                        "--function {text}: expected FUNCTION_SID=/path, e.g. ZH0123…=/lookup"
                    ))
                }
            }
        }
        let dir = Path::new(&options.target);
        let (runtime, paths) = if dir.is_dir() {
            let paths = project_paths(&dir.join("functions"))?;
            (Runtime::start(dir, progress)?, Some(paths))
        } else if options.target.starts_with("http://") || options.target.starts_with("https://") {
            (Runtime::attach(&options.target)?, None)
        } else {
            return Err(format!(
                "--functions {}: no such directory, and not an http(s) URL",
                options.target
            ));
        };
        let token = std::env::var("TWILIO_AUTH_TOKEN")
            .ok()
            .filter(|t| !t.is_empty());
        let by_sid = paths_by_sid
            .into_iter()
            .map(|(sid, path)| (sid, format!("{}{path}", runtime.base)))
            .collect();
        Ok(Functions {
            by_sid,
            runtime,
            paths,
            domain: options.domain.as_ref().map(|d| d.to_ascii_lowercase()),
            token,
            inner,
        })
    }

    /// The runtime's URL for each Function named by SID (`--function`), for
    /// `Execution::map_functions`.
    pub fn urls_by_sid(&self) -> BTreeMap<String, String> {
        self.by_sid.clone()
    }

    /// Where a Run Function request to `url` goes: the local URL, or why it keeps its own.
    fn route(&self, url: &str) -> Result<String, String> {
        // A Function named by SID was given the runtime's own URL.
        if url.starts_with(&format!("{}/", self.runtime.base)) {
            return Ok(url.to_string());
        }
        let Ok(parsed) = url::Url::parse(url) else {
            return Err("its own URL: it cannot be read".into());
        };
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let ours = host.ends_with(".twil.io") || self.domain.as_deref() == Some(host.as_str());
        if !ours {
            return Err(format!(
                "its own URL: {host} is not a *.twil.io domain{}",
                if self.domain.is_some() {
                    " nor the --functions-domain"
                } else {
                    " (--functions-domain names another)"
                }
            ));
        }
        let path = parsed.path().trim_end_matches('/');
        if let Some(paths) = &self.paths {
            if !paths.contains(path) {
                let dir = self.runtime.dir.as_deref().unwrap_or(Path::new("."));
                return Err(format!(
                    "its own URL: {} has no Function for {path}",
                    dir.join("functions").display()
                ));
            }
        }
        let mut local = format!("{}{path}", self.runtime.base);
        if let Some(query) = parsed.query() {
            local.push('?');
            local.push_str(query);
        }
        Ok(local)
    }
}

#[async_trait]
impl HttpClient for Functions {
    async fn send(&self, request: &HttpRequest) -> HttpResult {
        if !request.function {
            return self.inner.send(request).await;
        }
        let deployed = crate::mask::url(&request.url);
        let local_url = match self.route(&request.url) {
            Ok(local) => local,
            Err(why) => {
                let mut result = self.inner.send(request).await;
                result.function = Some(FunctionCall {
                    sent_to: why,
                    function_output: Vec::new(),
                });
                return result;
            }
        };
        let mut local = request.clone();
        local.url = local_url.clone();
        if let Some(token) = &self.token {
            let signature = signature::sign(token, &request.url, &request.parameters);
            local
                .extra_headers
                .push(("X-Twilio-Signature".into(), signature));
        }
        let output = Arc::clone(&self.runtime.output);
        let from = output.mark();
        let mut result = self.inner.send(&local).await;
        let path = url::Url::parse(&local_url)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        let started = self.runtime.dir.is_some();
        let mut lines = if started {
            tokio::task::spawn_blocking(move || {
                output.since(from, LOG_WAIT, |line| is_request_log(line, &path))
            })
            .await
            .unwrap_or_default()
        } else {
            Vec::new()
        };
        if let Ok(response) = &result.response {
            lines.extend(thrown(response.status, &response.body));
        }
        let sent_to = if local_url == request.url {
            format!("local {local_url}")
        } else {
            format!("local {local_url}, for {deployed}")
        };
        result.function = Some(FunctionCall {
            sent_to,
            function_output: lines,
        });
        result
    }
}

/// twilio-run's line for a request it answered: `200 POST /lookup │ Response Type …`.
fn is_request_log(line: &str, path: &str) -> bool {
    let mut words = line.split_whitespace();
    let status = words.next().unwrap_or_default();
    status.len() == 3
        && status.bytes().all(|b| b.is_ascii_digit())
        && matches!(words.next(), Some("GET" | "POST"))
        && words.next() == Some(path)
}

/// A Function that threw: twilio-run answers 500 with the error's message and stack.
fn thrown(status: u16, body: &str) -> Vec<String> {
    if status != 500 {
        return Vec::new();
    }
    let Ok(serde_json::Value::Object(error)) = serde_json::from_str(body) else {
        return Vec::new();
    };
    match error.get("stack").and_then(|s| s.as_str()) {
        Some(stack) => stack.lines().map(crate::mask::visible).collect(),
        None => Vec::new(),
    }
}

/// The URL paths of the Functions under `functions`: `lookup.js` and `lookup.protected.js`
/// serve `/lookup`, `orders/find.js` serves `/orders/find`; a `.private.js` file serves none.
pub fn project_paths(functions: &Path) -> Result<BTreeSet<String>, String> {
    let mut paths = BTreeSet::new();
    let mut pending: Vec<PathBuf> = vec![functions.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(functions) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let Some(stem) = relative.strip_suffix(".js") else {
                continue;
            };
            if stem.ends_with(".private") {
                continue;
            }
            let stem = stem.strip_suffix(".protected").unwrap_or(stem);
            paths.insert(format!("/{stem}"));
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_log_lines_are_told_from_a_functions_own() {
        assert!(is_request_log(
            "200 POST /lookup │ Response Type application/json; charset=utf-8",
            "/lookup"
        ));
        assert!(!is_request_log("looking up 42", "/lookup"));
        assert!(!is_request_log("200 POST /other │ …", "/lookup"));
    }

    #[test]
    fn a_thrown_errors_stack_is_its_output() {
        let body = r#"{"message":"kaboom","name":"Error","stack":"Error: kaboom\n    at exports.handler (/p/functions/boom.js:2:9)"}"#;
        assert_eq!(
            thrown(500, body),
            [
                "Error: kaboom",
                "    at exports.handler (/p/functions/boom.js:2:9)"
            ]
        );
        assert!(thrown(200, body).is_empty());
    }
}
