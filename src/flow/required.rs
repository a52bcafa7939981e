//! Properties a widget cannot run without, per type.

use super::WidgetKind;

/// The properties the engine needs for `kind`; other types need none.
pub fn required_properties(kind: &WidgetKind) -> &'static [&'static str] {
    match kind {
        WidgetKind::MakeHttpRequest => &["method", "url", "content_type"],
        WidgetKind::RunFunction | WidgetKind::RunFunctionV2 => &["url"],
        WidgetKind::SetVariables => &["variables"],
        WidgetKind::SplitBasedOn => &["input"],
        _ => &[],
    }
}
