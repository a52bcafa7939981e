//! What may be shown: secrets masked wherever a URL or a header is shown or logged, and
//! control characters made visible wherever outside text reaches a terminal.

const MASK: &str = "***";

/// Query parameters whose values are treated as secrets.
fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["token", "password", "passwd", "secret", "api_key", "apikey"]
        .iter()
        .any(|s| name.contains(s))
}

/// A URL fit to show: the password of `user:pass@host` and secret-looking query values become
/// `***`. Text that is not a URL is returned unchanged except for a `user:pass@` prefix.
pub fn url(text: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(text) else {
        return mask_userinfo_text(text);
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some(MASK));
    }
    if parsed.query_pairs().any(|(k, _)| is_secret_name(&k)) {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if is_secret_name(&k) {
                    MASK.to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    // The url crate percent-encodes the mask; show it as typed.
    parsed.to_string().replace("%2A%2A%2A", MASK)
}

fn mask_userinfo_text(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_string();
    };
    let rest = &text[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:{MASK}{}",
            &text[..scheme_end + 3],
            &authority[..colon],
            &rest[at..]
        ),
        _ => text.to_string(),
    }
}

/// A copy of a JSON value with every URL-looking string masked (for showing a context).
pub fn json(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains("://") => Value::String(url(s)),
        Value::Array(items) => Value::Array(items.iter().map(json).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
        other => other.clone(),
    }
}

/// A header value fit to show: credentials in `Authorization` become `***`, keeping the scheme.
pub fn header(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
    {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {MASK}"),
            None => MASK.to_string(),
        }
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_password_in_url() {
        assert_eq!(
            url("https://bob:hunter2@example.com/x?y=1"),
            "https://bob:***@example.com/x?y=1"
        );
        assert_eq!(url("https://example.com/x"), "https://example.com/x");
    }

    #[test]
    fn masks_secret_query_values() {
        assert_eq!(
            url("https://example.com/x?auth_token=abc&name=zeke"),
            "https://example.com/x?auth_token=***&name=zeke"
        );
    }

    #[test]
    fn masks_userinfo_in_text_that_is_not_a_url() {
        assert_eq!(url("https://a:b@{{x}}/p"), "https://a:***@{{x}}/p");
        assert_eq!(url("not a url"), "not a url");
    }

    #[test]
    fn masks_urls_inside_json() {
        let v = serde_json::json!({"a": ["see https://u:p@h.example/x"], "b": "https://u:p@h.example/y"});
        assert_eq!(
            json(&v),
            serde_json::json!({"a": ["see https://u:***@h.example/x"], "b": "https://u:***@h.example/y"})
        );
    }

    #[test]
    fn masks_authorization_headers() {
        assert_eq!(
            header("Authorization", "Basic Ym9iOmh1bnRlcjI="),
            "Basic ***"
        );
        assert_eq!(header("content-type", "text/plain"), "text/plain");
    }
}

/// `text` safe to print to a terminal: every control character (ESC that starts an escape
/// sequence, BEL, a line break inside a name, C1 controls, DEL) is shown as a visible symbol
/// (`␛`, `␇`, `␊`, `\u{9b}`), so nothing that came from a flow, a response or a server can
/// retitle the window, write the clipboard or clear the screen.
pub fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match symbol(c) {
            Some(s) => s.to_string(),
            None if c.is_control() => c.escape_unicode().to_string(),
            None => c.to_string(),
        })
        .collect()
}

/// The visible symbol of a C0 control or DEL (`␛` for ESC, `␡`); `None` for any other
/// character. Every place that shows outside text to a terminal uses it.
pub fn symbol(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        _ => None,
    }
}

#[cfg(test)]
mod visible_tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("a\u{1b}]52;c;aGk=\u{7}b"), "a␛]52;c;aGk=␇b");
        assert_eq!(visible("x\u{9b}2J"), "x\\u{9b}2J");
        assert_eq!(visible("line\nbreak\u{7f}"), "line␊break␡");
        assert_eq!(symbol('\u{1b}'), Some('␛'));
        assert_eq!(symbol('a'), None);
        assert_eq!(visible("plain, café ✓"), "plain, café ✓");
    }
}
