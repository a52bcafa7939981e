//! Properties a widget cannot run without, per type.

/// The properties the engine needs for `kind`; unknown types need none.
pub fn required_properties(kind: &str) -> &'static [&'static str] {
    match kind {
        "make-http-request" => &["method", "url", "content_type"],
        "run-function" | "run-function-v2" => &["url"],
        "set-variables" => &["variables"],
        "split-based-on" => &["input"],
        _ => &[],
    }
}
