//! Account credentials from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`, or
//! `TWILIO_API_KEY` with `TWILIO_API_SECRET`. They only ever leave this type as an HTTP Basic
//! header; `Debug` masks them.

use std::fmt;

#[derive(Clone)]
pub struct Credentials {
    user: String,
    secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials({}…, ****)",
            self.user.chars().take(2).collect::<String>()
        )
    }
}

impl Credentials {
    pub fn new(user: &str, secret: &str) -> Credentials {
        Credentials {
            user: user.to_string(),
            secret: secret.to_string(),
        }
    }

    /// From `vars` (the environment in use): an API key and secret first, else the account
    /// SID and auth token. The error names the variables to set, never a value.
    pub fn from_vars(vars: impl Fn(&str) -> Option<String>) -> Result<Credentials, String> {
        let get = |name: &str| vars(name).filter(|v| !v.trim().is_empty());
        if let (Some(key), Some(secret)) = (get("TWILIO_API_KEY"), get("TWILIO_API_SECRET")) {
            return Ok(Credentials::new(&key, &secret));
        }
        match (get("TWILIO_ACCOUNT_SID"), get("TWILIO_AUTH_TOKEN")) {
            (Some(sid), Some(token)) => Ok(Credentials::new(&sid, &token)),
            _ => Err(
                "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, \
                      or TWILIO_API_KEY and TWILIO_API_SECRET"
                    .into(),
            ),
        }
    }

    pub fn from_env() -> Result<Credentials, String> {
        Credentials::from_vars(|name| std::env::var(name).ok())
    }

    pub(super) fn user(&self) -> &str {
        &self.user
    }

    pub(super) fn secret(&self) -> &str {
        &self.secret
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_first_and_nothing_shown() {
        let vars = |name: &str| {
            match name {
                "TWILIO_ACCOUNT_SID" => Some("AC123"),
                "TWILIO_AUTH_TOKEN" => Some("tok-secret"),
                "TWILIO_API_KEY" => Some("SK999"),
                "TWILIO_API_SECRET" => Some("key-secret"),
                _ => None,
            }
            .map(String::from)
        };
        let c = Credentials::from_vars(vars).unwrap();
        assert_eq!(c.user(), "SK999");
        assert!(!format!("{c:?}").contains("secret"));
        let none = Credentials::from_vars(|_| None).unwrap_err();
        assert!(none.contains("TWILIO_AUTH_TOKEN"));
    }
}
