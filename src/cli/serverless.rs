//! Run Function widgets that name only their Function's SID (an empty `url`), mapped to their
//! path through the account's Serverless API when credentials are set, before the local
//! Functions runtime is started: what `--function ZH…=/path` says by hand.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::account::serverless::{self, Named};
use crate::account::Client;
use crate::flow::Flow;
use crate::functions::Options;

/// A lookup waits this long at most: the debugger opens after it.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Adds `SID=/path` to `options.by_sid` for each widget of `flow` that names only its
/// Function's SID and has no mapping yet, found through the account's Serverless API; and
/// says, one line each, what was found or why not. Without credentials it asks nothing.
/// Blocks until the API answers (at most 10 s a request).
pub fn find_function_paths(flow: &Flow, options: &mut Options) -> Vec<String> {
    let mapped: BTreeSet<String> = options
        .by_sid
        .iter()
        .filter_map(|m| m.split_once('=').map(|(sid, _)| sid.trim().to_string()))
        .collect();
    let mut wanted: Vec<(String, Named)> = Vec::new();
    for widget in &flow.widgets {
        let function = widget.text("function_sid").trim().to_string();
        if !widget.kind.is_function()
            || !widget.text("url").trim().is_empty()
            || function.is_empty()
            || mapped.contains(&function)
            || wanted.iter().any(|(_, n)| n.function == function)
        {
            continue;
        }
        let named = Named {
            service: widget.text("service_sid").trim().to_string(),
            environment: widget.text("environment_sid").trim().to_string(),
            function,
        };
        wanted.push((widget.name.clone(), named));
    }
    if wanted.is_empty() {
        return Vec::new();
    }
    let api = super::account::Api {
        api_base: None,
        profile: None,
    };
    let Ok(account) = api.account() else {
        let who = match wanted.len() {
            1 => format!("{} names", wanted[0].0),
            n => format!("{} and {} more name", wanted[0].0, n - 1),
        };
        return vec![format!(
            "{who} only its Function's SID; with the account's credentials set, sfdb finds \
             the path through the Serverless API (else use --function SID=/path)"
        )];
    };
    let base = std::env::var("SFDB_SERVERLESS_API")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| account.serverless_base());
    let timeout = std::env::var("SFDB_API_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(TIMEOUT, Duration::from_millis);
    let client = Client::new(&base, account.credentials)
        .with_timeout(timeout)
        .with_max_wait(Duration::from_millis(500));
    // On a thread of its own, with a runtime of its own: callers are inside one runtime or
    // another, and a runtime's handle does not drive a current-thread runtime's I/O.
    let found = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot ask the Serverless API: {e}"))?;
        Ok::<_, String>(runtime.block_on(async {
            let mut found = Vec::new();
            for (widget, named) in wanted {
                let path = serverless::function_path(&client, &named).await;
                found.push((widget, named.function, path));
            }
            found
        }))
    })
    .join()
    .unwrap_or_else(|_| Err("the Serverless API lookup failed".into()));
    let found = match found {
        Ok(found) => found,
        Err(e) => return vec![e],
    };
    let mut said = Vec::new();
    for (widget, function, path) in found {
        match path {
            Ok(path) => {
                said.push(format!(
                    "{widget}: Function {function} is {path} (the account's Serverless API)"
                ));
                options.by_sid.push(format!("{function}={path}"));
            }
            Err(e) => said.push(format!("{widget}: Function {function} not found: {e}")),
        }
    }
    said
}
