//! Which account, and where its API is, as the twilio CLI decides (twilio-cli-core's
//! `ConfigData.getProfileById` and `TwilioClientCommand`): a profile named with `-p` first,
//! else the environment's credentials, else the CLI's active profile in its `config.json`
//! (`$TWILIO_CONFIG_DIR`, else `~/.twilio-cli`). A profile's `region` and `edge`, or
//! `TWILIO_REGION` / `TWILIO_EDGE`, choose the regional endpoint as Twilio's SDKs do. Nothing
//! here prints a secret: errors name profiles, files and variables only.

use std::path::PathBuf;

use serde_json::Value;

use super::Credentials;

/// The account to use and where its Studio API is.
#[derive(Debug, Clone)]
pub struct Account {
    pub credentials: Credentials,
    pub region: Option<String>,
    pub edge: Option<String>,
    /// Where the credentials came from, for errors: `profile "work"`, `the environment`.
    pub source: String,
}

impl Account {
    /// The Studio API's base for this account's region and edge: `studio.{edge}.{region}`
    /// (an edge alone means region us1, as in Twilio's SDKs), `studio.{region}`, or Twilio's
    /// default host.
    pub fn base(&self) -> String {
        self.product_base("studio", super::DEFAULT_BASE)
    }

    /// The Serverless API's base, chosen the same way.
    pub fn serverless_base(&self) -> String {
        self.product_base("serverless", super::serverless::DEFAULT_BASE)
    }

    fn product_base(&self, product: &str, default: &str) -> String {
        fn part(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        match (part(&self.region), part(&self.edge)) {
            (region, Some(edge)) => format!(
                "https://{product}.{edge}.{}.twilio.com",
                region.unwrap_or("us1")
            ),
            (Some(region), None) => format!("https://{product}.{region}.twilio.com"),
            (None, None) => default.to_string(),
        }
    }
}

/// The twilio CLI's `config.json`: in `$TWILIO_CONFIG_DIR`, else `~/.twilio-cli`.
pub fn config_path(vars: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let get = |name: &str| vars(name).filter(|v| !v.trim().is_empty());
    let dir = get("TWILIO_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| get("HOME").map(|h| PathBuf::from(h).join(".twilio-cli")))?;
    Some(dir.join("config.json"))
}

/// The account for `profile` (from `-p`), else the environment, else the CLI's active
/// profile. `config` is the CLI's `config.json`, read, with its path (None when absent).
pub fn resolve(
    profile: Option<&str>,
    vars: &dyn Fn(&str) -> Option<String>,
    config: Option<(&str, &Value)>,
) -> Result<Account, String> {
    let account = chosen(profile, vars, config)?;
    // They become part of a hostname the credentials are sent to.
    for (what, value) in [("region", &account.region), ("edge", &account.edge)] {
        if let Some(v) = value {
            if !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!(
                    "the {what} of {} is not a Twilio {what} name (letters, digits, hyphens)",
                    account.source
                ));
            }
        }
    }
    Ok(account)
}

fn chosen(
    profile: Option<&str>,
    vars: &dyn Fn(&str) -> Option<String>,
    config: Option<(&str, &Value)>,
) -> Result<Account, String> {
    let get = |name: &str| vars(name).filter(|v| !v.trim().is_empty());
    let env_edge = get("TWILIO_EDGE");
    if let Some(name) = profile {
        let Some((path, config)) = config else {
            return Err(format!(
                "no profile \"{}\": the twilio CLI's configuration was not found \
                 (set TWILIO_CONFIG_DIR, or create it with `twilio profiles:create`)",
                crate::mask::visible(name)
            ));
        };
        return from_profile(name.trim(), path, config, env_edge);
    }
    if let Ok(credentials) = Credentials::from_vars(vars) {
        return Ok(Account {
            credentials,
            region: get("TWILIO_REGION"),
            edge: env_edge,
            source: "the environment".into(),
        });
    }
    if let Some((path, config)) = config {
        if let Some(active) = active_profile(config) {
            return from_profile(&active, path, config, env_edge);
        }
    }
    Err(
        "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or \
         TWILIO_API_KEY and TWILIO_API_SECRET, or name a twilio CLI profile with -p"
            .into(),
    )
}

/// The CLI's active profile: `activeProject` when it names one, else its first historical
/// project, as `getActiveProfile` does.
fn active_profile(config: &Value) -> Option<String> {
    let named = config.get("activeProject").and_then(Value::as_str);
    if let Some(name) = named {
        let in_profiles = config
            .pointer(&format!("/profiles/{}", escape(name)))
            .is_some();
        let in_projects =
            projects(config).any(|p| p.get("id").and_then(Value::as_str) == Some(name));
        if in_profiles || in_projects {
            return Some(name.to_string());
        }
    }
    projects(config)
        .next()
        .and_then(|p| p.get("id").and_then(Value::as_str))
        .map(str::to_string)
}

fn projects(config: &Value) -> impl Iterator<Item = &Value> {
    config
        .get("projects")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// A JSON pointer token for a profile name.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn from_profile(
    name: &str,
    path: &str,
    config: &Value,
    env_edge: Option<String>,
) -> Result<Account, String> {
    // The name may come from the configuration file: shown only as plain text.
    let shown = crate::mask::visible(name);
    let text = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(p) = config.pointer(&format!("/profiles/{}", escape(name))) {
        let (Some(key), Some(secret)) = (text(p, "apiKey"), text(p, "apiSecret")) else {
            return Err(format!(
                "profile \"{shown}\" in {path} has no apiKey and apiSecret: create it again with \
                 `twilio profiles:create`"
            ));
        };
        return Ok(Account {
            credentials: Credentials::new(&key, &secret),
            region: text(p, "region"),
            // As the CLI: TWILIO_EDGE, else the profile's edge, else the configuration's.
            edge: env_edge
                .or_else(|| text(p, "edge"))
                .or_else(|| text(config, "edge")),
            source: format!("profile \"{shown}\""),
        });
    }
    if projects(config).any(|p| p.get("id").and_then(Value::as_str) == Some(name)) {
        return Err(format!(
            "profile \"{shown}\" in {path} keeps its secret in the system keychain, which sfdb \
             does not read: create it again with `twilio profiles:create` (twilio CLI 5 and \
             later keep it in config.json), or set TWILIO_API_KEY and TWILIO_API_SECRET"
        ));
    }
    Err(format!("no profile \"{shown}\" in {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn config() -> Value {
        json!({"activeProject": "work", "edge": "sydney",
            "profiles": {
                "work": {"accountSid": "AC1", "apiKey": "SKwork", "apiSecret": "s-work", "region": "au1"},
                "home": {"accountSid": "AC2", "apiKey": "SKhome", "apiSecret": "s-home", "edge": "dublin", "region": "ie1"}},
            "projects": [{"id": "old", "accountSid": "AC3"}]})
    }

    #[test]
    fn a_named_profile_then_the_environment_then_the_active_profile() {
        let c = config();
        let env = vars(&[("TWILIO_ACCOUNT_SID", "AC9"), ("TWILIO_AUTH_TOKEN", "t9")]);
        let named = resolve(Some("home"), &env, Some(("cfg", &c))).unwrap();
        assert_eq!(named.credentials.user(), "SKhome");
        assert_eq!(named.base(), "https://studio.dublin.ie1.twilio.com");
        let from_env = resolve(None, &env, Some(("cfg", &c))).unwrap();
        assert_eq!(from_env.credentials.user(), "AC9");
        assert_eq!(from_env.base(), "https://studio.twilio.com");
        let active = resolve(None, &vars(&[]), Some(("cfg", &c))).unwrap();
        assert_eq!(active.credentials.user(), "SKwork");
        // The configuration's edge, with the profile's region.
        assert_eq!(active.base(), "https://studio.sydney.au1.twilio.com");
        let edge_env =
            resolve(None, &vars(&[("TWILIO_EDGE", "tokyo")]), Some(("cfg", &c))).unwrap();
        assert_eq!(edge_env.base(), "https://studio.tokyo.au1.twilio.com");
    }

    #[test]
    fn regions_and_edges_make_twilios_hostnames() {
        let account = |region: Option<&str>, edge: Option<&str>| Account {
            credentials: Credentials::new("u", "s"),
            region: region.map(str::to_string),
            edge: edge.map(str::to_string),
            source: String::new(),
        };
        assert_eq!(
            account(Some("ie1"), None).base(),
            "https://studio.ie1.twilio.com"
        );
        assert_eq!(
            account(None, Some("dublin")).base(),
            "https://studio.dublin.us1.twilio.com"
        );
        assert_eq!(account(None, None).base(), "https://studio.twilio.com");
    }

    #[test]
    fn errors_name_the_profile_and_file_never_a_secret() {
        let c = config();
        let missing = resolve(
            Some("nope"),
            &vars(&[]),
            Some(("/h/.twilio-cli/config.json", &c)),
        );
        assert_eq!(
            missing.unwrap_err(),
            "no profile \"nope\" in /h/.twilio-cli/config.json"
        );
        let escape = resolve(Some("x\u{1b}[2J"), &vars(&[]), Some(("cfg", &c))).unwrap_err();
        assert!(!escape.contains('\u{1b}'), "{escape:?}");
        let keychain = resolve(Some("old"), &vars(&[]), Some(("cfg", &c))).unwrap_err();
        assert!(keychain.contains("system keychain"), "{keychain}");
        let hostile = resolve(
            None,
            &vars(&[
                ("TWILIO_API_KEY", "SK1"),
                ("TWILIO_API_SECRET", "x"),
                ("TWILIO_REGION", "evil.example/#"),
            ]),
            None,
        )
        .unwrap_err();
        assert!(hostile.contains("not a Twilio region name"), "{hostile}");
        let none = resolve(None, &vars(&[]), None).unwrap_err();
        assert!(none.contains("-p"), "{none}");
        let shown = format!("{:?}", resolve(Some("work"), &vars(&[]), Some(("cfg", &c))));
        assert!(!shown.contains("s-work"), "{shown}");
    }
}
