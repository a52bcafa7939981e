//! Make HTTP Request and Run Function: preparing the request by the seed's rules, and turning
//! what came back into the widget's outputs and event.

use std::time::Duration;

use serde_json::{json, Map, Value};
use url::Url;

use super::{Effect, Env, FieldError, Outcome};
use crate::engine::context::Context;
use crate::engine::http::{BasicAuth, HttpRecord, HttpRequest, HttpResult};
use crate::flow::{Method, Widget, WidgetKind};

pub fn failure_event(kind: &WidgetKind) -> &'static str {
    if kind.is_function() {
        "fail"
    } else {
        "failed"
    }
}

fn is_twilio_host(url: &Url) -> bool {
    url.host_str().is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h == "twilio.com" || h.ends_with(".twilio.com")
    })
}

/// A failure found before any request was made: the outputs are empty and the step says why.
fn refused(widget: &Widget, reason: String) -> Outcome {
    Outcome::Fired(Effect {
        event: failure_event(&widget.kind).to_string(),
        outputs: Some(Value::Object(Map::new())),
        http: Some(HttpRecord {
            request: None,
            response: None,
            error: Some(reason),
            time_ms: 0,
            mocked: false,
            function: None,
        }),
        ..Effect::default()
    })
}

pub fn prepare(widget: &Widget, ctx: &Context, env: &Env<'_>) -> Result<Outcome, FieldError> {
    let function = widget.kind.is_function();
    let mut raw_url = env.render("url", &widget.text("url"), ctx)?;
    let mut notes = Vec::new();
    let sid = widget.text("function_sid");
    if function && raw_url.trim().is_empty() && !sid.trim().is_empty() {
        // Studio calls the Function by its SID; sfdb needs to be told where it answers.
        match env.function_urls.get(sid.trim()) {
            Some(url) => {
                notes.push(format!(
                    "the widget names no URL: its Function {} is sent to {url}",
                    sid.trim()
                ));
                raw_url = url.clone();
            }
            // The mock stands in for the Function: the request is recorded to where it
            // would go, a name that resolves nowhere.
            None if env.mocked => {
                notes.push(format!(
                    "the widget names no URL, only its Function {}: its mock answers",
                    sid.trim()
                ));
                raw_url = format!("https://function-sid.invalid/{}", sid.trim());
            }
            None => {
                return Ok(refused(
                    widget,
                    format!(
                        "the widget names no URL, only its Function {0}; no request was made \
                         (run with --functions DIR, and --function {0}=/path or the account's \
                         credentials to find its path)",
                        sid.trim()
                    ),
                ))
            }
        }
    }
    let mut parameters = Vec::new();
    for (i, (key, value)) in widget.pairs("parameters").into_iter().enumerate() {
        let value = env.render(format_args!("parameters[{i}].value"), &value, ctx)?;
        parameters.push((key, value));
    }

    let mut url = match Url::parse(raw_url.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => {
            return Ok(refused(
                widget,
                format!(
                    "`{}` is not a valid http(s) URL",
                    crate::mask::url(raw_url.trim())
                ),
            ))
        }
    };

    let mut auth = (!url.username().is_empty()).then(|| BasicAuth {
        user: percent_decode(url.username()),
        password: percent_decode(url.password().unwrap_or_default()),
    });
    let _ = url.set_username("");
    let _ = url.set_password(None);

    if !function && widget.flag("add_twilio_auth") {
        if !is_twilio_host(&url) {
            return Ok(refused(
                widget,
                "add_twilio_auth needs a *.twilio.com URL; no request was made".into(),
            ));
        }
        let Some(creds) = env.twilio else {
            return Ok(refused(
                widget,
                "add_twilio_auth needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in the environment; no request was made".into(),
            ));
        };
        if auth.is_some() {
            notes.push("add_twilio_auth replaces the credentials written in the URL".into());
        }
        auth = Some(BasicAuth {
            user: creds.account_sid.clone(),
            password: creds.auth_token.clone(),
        });
    }

    let method = if function {
        Method::Post
    } else {
        let written = widget.text("method");
        match (written.trim(), Method::parse(&written)) {
            ("", _) => Method::Get,
            (_, Some(method)) => method,
            (other, None) => {
                return Ok(refused(
                    widget,
                    format!(
                        "method `{}` is not supported; Studio sends GET or POST",
                        other.to_ascii_uppercase()
                    ),
                ))
            }
        }
    };

    let form_type = "application/x-www-form-urlencoded";
    let content_type = if function {
        form_type.to_string()
    } else {
        match widget.text("content_type").trim() {
            "" => form_type.to_string(),
            ct => ct.to_string(),
        }
    };
    let is_json = is_json_type(&content_type);

    let mut body = None;
    let mut sent_type = None;
    if method == Method::Get {
        append_query(&mut url, &parameters);
    } else if is_json {
        body = Some(env.render("body", &widget.text("body"), ctx)?);
        append_query(&mut url, &parameters);
        sent_type = Some(content_type);
    } else {
        let body_template = widget.text("body");
        if parameters.is_empty() {
            let rendered = env.render("body", &body_template, ctx)?;
            body = Some(rendered);
        } else {
            if !body_template.trim().is_empty() {
                notes.push(
                    "the body is ignored: a form-encoded POST sends the parameters as its body"
                        .into(),
                );
            }
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &parameters {
                form.append_pair(k, v);
            }
            body = Some(form.finish());
        }
        sent_type = Some(content_type);
    }

    Ok(Outcome::Http(
        HttpRequest {
            widget: widget.name.clone(),
            function,
            method,
            url: url.to_string(),
            content_type: sent_type,
            body,
            auth,
            parameters,
            extra_headers: Vec::new(),
        },
        notes,
    ))
}

fn append_query(url: &mut Url, parameters: &[(String, String)]) {
    if parameters.is_empty() {
        return;
    }
    let mut pairs = url.query_pairs_mut();
    for (k, v) in parameters {
        pairs.append_pair(k, v);
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The widget's outputs and event for what came back. `previous` is what the widget wrote
/// before: Run Function merges `parsed` across runs, as Twilio documents it.
pub fn complete(
    widget: &Widget,
    request: &HttpRequest,
    result: HttpResult,
    notes: Vec<String>,
    previous: Option<&Value>,
) -> Effect {
    let mut effect = Effect {
        notes,
        ..Effect::default()
    };
    let record = Some(request.record());
    match result.response {
        Ok(response) => {
            let success = (200..300).contains(&response.status);
            effect.event = if success {
                "success".to_string()
            } else {
                failure_event(&widget.kind).to_string()
            };
            let mut outputs = json!({
                "status_code": response.status,
                "content_type": response.content_type,
                "body": response.body,
            });
            let parsed = parse_json_object(&response.content_type, &response.body);
            if widget.kind.is_function() {
                // A JSON object adds its keys to what earlier runs parsed; anything else leaves
                // `parsed` as it was (Twilio's worked example on the Run Function page).
                let mut merged = previous
                    .and_then(|p| p.get("parsed"))
                    .and_then(Value::as_object)
                    .cloned();
                if let Some(Value::Object(new)) = &parsed {
                    let base = merged.get_or_insert_with(Map::new);
                    for (k, v) in new {
                        base.insert(k.clone(), v.clone());
                    }
                }
                if let Some(merged) = merged {
                    outputs["parsed"] = Value::Object(merged);
                }
                outputs["headers"] = Value::Object(
                    response
                        .headers
                        .iter()
                        .map(|(k, v)| (k.to_ascii_lowercase(), Value::String(v.clone())))
                        .collect(),
                );
            } else if let Some(parsed) = parsed {
                outputs["parsed"] = parsed;
            } else if is_json_type(&response.content_type)
                && response.body.trim_start().starts_with('[')
            {
                effect.notes.push(
                    "a top-level JSON array is not parsed (Studio parses objects only)".into(),
                );
            }
            effect.outputs = Some(outputs);
            effect.http = Some(HttpRecord {
                request: record,
                error: (!success).then(|| format!("HTTP {}", response.status)),
                response: Some(std::sync::Arc::new(response)),
                time_ms: millis(result.elapsed),
                mocked: false,
                function: result.function.clone(),
            });
        }
        Err(reason) => {
            effect.event = failure_event(&widget.kind).to_string();
            effect.outputs = Some(Value::Object(Map::new()));
            effect.http = Some(HttpRecord {
                request: record,
                response: None,
                error: Some(reason),
                time_ms: millis(result.elapsed),
                mocked: false,
                function: result.function.clone(),
            });
        }
    }
    effect
}

fn is_json_type(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// `parsed` is set only for a JSON response whose top level is an object.
fn parse_json_object(content_type: &str, body: &str) -> Option<Value> {
    if !is_json_type(content_type) {
        return None;
    }
    match serde_json::from_str::<Value>(body) {
        Ok(v @ Value::Object(_)) => Some(v),
        _ => None,
    }
}
