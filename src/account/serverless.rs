//! Where a deployed Function answers, from the account's Serverless API (v1): some exports'
//! Run Function widgets name only their Function's SID (`function_sid`, an empty `url`), and
//! Studio calls it by SID. Its path is in the build its environment runs (`environment_sid`),
//! else in the Function's newest version.

use serde_json::Value;

use super::{ApiError, Client};

/// Where the Serverless API lives unless `SFDB_SERVERLESS_API` says otherwise.
pub const DEFAULT_BASE: &str = "https://serverless.twilio.com";

/// What a Run Function widget names of its Function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub service: String,
    /// Empty, or a placeholder, in some exports.
    pub environment: String,
    pub function: String,
}

/// Whether `text` is a SID of the kind `prefix` (two letters, 32 hex digits): placeholders such
/// as `YOUR_TWILIO_ENVIRONMENT_SID` or `${FUNCTION_SID}` are not sent to the API.
pub fn is_sid(text: &str, prefix: &str) -> bool {
    text.len() == 34 && text.starts_with(prefix) && text[2..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The URL path (`/lookup`) the Function answers at.
pub async fn function_path(client: &Client, named: &Named) -> Result<String, String> {
    let (service, function) = (named.service.as_str(), named.function.as_str());
    if !is_sid(service, "ZS") {
        return Err(format!(
            "the widget's service_sid {service:?} is not a Serverless service SID (ZS…)"
        ));
    }
    if !is_sid(function, "ZH") {
        return Err(format!("{function:?} is not a Function SID (ZH…)"));
    }
    if is_sid(&named.environment, "ZE") {
        let environment = client
            .get(&format!(
                "/v1/Services/{service}/Environments/{}",
                named.environment
            ))
            .await
            .map_err(said)?;
        if let Some(build) = environment.get("build_sid").and_then(Value::as_str) {
            let build = client
                .get(&format!("/v1/Services/{service}/Builds/{build}"))
                .await
                .map_err(said)?;
            let versions = build.get("function_versions").and_then(Value::as_array);
            let path = versions.into_iter().flatten().find_map(|v| {
                (v.get("function_sid").and_then(Value::as_str) == Some(function))
                    .then(|| v.get("path").and_then(Value::as_str))
                    .flatten()
            });
            if let Some(path) = path {
                return Ok(path.to_string());
            }
        }
    }
    // No environment named, or its build lacks the Function: its newest version.
    let versions = client
        .list_up_to(
            &format!("/v1/Services/{service}/Functions/{function}/Versions?PageSize=50"),
            "function_versions",
            Some(50),
        )
        .await
        .map_err(said)?;
    versions
        .iter()
        .filter_map(|v| {
            let path = v.get("path").and_then(Value::as_str)?;
            let created = v.get("date_created").and_then(Value::as_str).unwrap_or("");
            Some((created, path))
        })
        .max()
        .map(|(_, path)| path.to_string())
        .ok_or_else(|| format!("the Function {function} has no version with a path"))
}

/// The client's error in the Serverless API's name (its own texts name Studio's).
fn said(e: ApiError) -> String {
    match e {
        ApiError::Transport(m) => format!("cannot reach the Serverless API: {m}"),
        ApiError::TimedOut { waited, .. } => format!(
            "no answer from the Serverless API in {:.1} s",
            waited.as_secs_f64()
        ),
        ApiError::Decode(m) => format!("the Serverless API answered something unexpected: {m}"),
        other => format!("the Serverless API: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::is_sid;

    #[test]
    fn placeholders_are_no_sids() {
        assert!(is_sid("ZS481555ee87fe43090bdbec2d3d59ba3a", "ZS"));
        assert!(!is_sid("ZS481555ee87fe43090bdbec2d3d59ba3a", "ZE"));
        assert!(!is_sid("YOUR_TWILIO_ENVIRONMENT_SID", "ZE"));
        assert!(!is_sid("${FUNCTION_CHECK_SCHEDULE_SID}", "ZH"));
        assert!(!is_sid("", "ZE"));
    }
}
