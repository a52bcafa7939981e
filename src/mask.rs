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
/// `***`, and nothing else changes: the text around them stays as written, templates and
/// percent-escapes and all, so the inspector, the editor and the file agree. Text that begins
/// with a scheme is one URL, spaces in its templates and all (a URL field); other text has
/// every URL in it masked, each ending at white space (a body may hold several).
pub fn url(text: &str) -> String {
    let mut secrets = Vec::new();
    let whole = text.find("://").is_some_and(|at| {
        at > 0
            && text[..at]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let mut from = 0;
    while let Some(at) = text[from..].find("://") {
        let start = from + at + 3;
        from = secret_spans(text, start, whole, &mut secrets);
    }
    if secrets.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in secrets {
        out.push_str(&text[at..span.start]);
        out.push_str(MASK);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where a URL's text ends: at white space, a quote or an angle bracket.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>')
}

/// The spans of the secrets in the URL whose authority starts at `start` (the password, the
/// values of secret-looking query parameters); where the URL ends.
fn secret_spans(
    text: &str,
    start: usize,
    whole: bool,
    spans: &mut Vec<std::ops::Range<usize>>,
) -> usize {
    let rest = &text[start..];
    let end = if whole {
        text.len()
    } else {
        start + rest.find(ends_url).unwrap_or(rest.len())
    };
    let url = &text[start..end];
    let authority_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let authority = &url[..authority_end];
    if let Some(at) = authority.rfind('@') {
        if let Some(colon) = authority[..at].find(':') {
            spans.push(start + colon + 1..start + at);
        }
    }
    if let Some(q) = url[authority_end..].find('?') {
        let query_start = authority_end + q + 1;
        let query_end = url[query_start..]
            .find('#')
            .map_or(url.len(), |h| query_start + h);
        let mut pair_start = query_start;
        for pair in url[query_start..query_end].split('&') {
            if let Some(eq) = pair.find('=') {
                let name: String = url::form_urlencoded::parse(&pair.as_bytes()[..eq])
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                if is_secret_name(&name) && eq + 1 < pair.len() {
                    spans.push(start + pair_start + eq + 1..start + pair_start + pair.len());
                }
            }
            pair_start += pair.len() + 1;
        }
    }
    end.max(start)
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

    /// Only the secret changes: templates, escapes and the rest of the text stay as written.
    #[test]
    fn masking_never_re_encodes_the_text_around_a_secret() {
        let template = "http://127.0.0.1:33209/orders/{{trigger.message.Body | default: '88231'}}";
        assert_eq!(url(template), template);
        assert_eq!(
            url("https://bob:hunter2@{{flow.data.host}}/a b?token={{flow.data.t}}&q=%7Bx%7D"),
            "https://bob:***@{{flow.data.host}}/a b?token=***&q=%7Bx%7D"
        );
        assert_eq!(
            url("https://x.example/{{ a | default: 'b' }}?token={{ flow.data.t }}"),
            "https://x.example/{{ a | default: 'b' }}?token=***"
        );
        assert_eq!(url("HTTP://Example.COM"), "HTTP://Example.COM");
        assert_eq!(
            url("one https://a:b@x.example/?api%5Fkey=k two http://c:d@y.example"),
            "one https://a:***@x.example/?api%5Fkey=*** two http://c:***@y.example"
        );
        assert_eq!(
            url("https://x.example/?token=&a=1"),
            "https://x.example/?token=&a=1"
        );
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
