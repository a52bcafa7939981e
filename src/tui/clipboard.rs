//! Copying out of the debugger: OSC 52, which the user's own terminal turns into a clipboard
//! write, over SSH and inside tmux (with `set-clipboard on`) alike; and a request as `curl`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::engine::http::RequestRecord;

/// The OSC 52 sequence that puts `text` on the clipboard. Plain, not wrapped for tmux
/// passthrough: tmux forwards OSC 52 itself when `set-clipboard` is on.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// The request as a `curl` command line that sends it again.
pub fn curl(request: &RequestRecord) -> String {
    let mut parts = vec!["curl".to_string(), "-X".into(), request.method.to_string()];
    for (name, value) in &request.headers {
        parts.push("-H".into());
        parts.push(shell_quoted(&format!("{name}: {value}")));
    }
    if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
        parts.push("--data-raw".into());
        parts.push(shell_quoted(body));
    }
    parts.push(shell_quoted(&request.url));
    parts.join(" ")
}

/// `text` in single quotes for a POSIX shell.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_of_the_exact_text() {
        assert_eq!(osc52("héllo\n"), "\x1b]52;c;aMOpbGxvCg==\x07");
    }

    #[test]
    fn curl_quotes_what_the_shell_would_split() {
        let request = RequestRecord {
            method: crate::flow::Method::Post,
            url: "https://example.com/x?a=1&b=2".into(),
            headers: vec![(
                "Content-Type".into(),
                "application/json;charset=utf-8".into(),
            )],
            body: Some("{\"it's\": 1}".into()),
            parameters: Vec::new(),
        };
        assert_eq!(
            curl(&request),
            "curl -X POST -H 'Content-Type: application/json;charset=utf-8' \
             --data-raw '{\"it'\\''s\": 1}' 'https://example.com/x?a=1&b=2'"
        );
    }
}
