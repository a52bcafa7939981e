//! Words that help a message: the name the user most likely meant (`did you mean
//! route_status?`), for an unknown widget, event, filter or path. At the bottom of the house:
//! it imports nothing of sfdb's.

/// The candidate closest to `word`, when one is close enough to be a slip of the keys: at most
/// a quarter of its letters apart (at least one), case aside: `route_statuss` is
/// `route_status`, but `incomingFax` is not `incomingCall`.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` (did you mean NAME?)` when a candidate is close, else nothing: for the end of a message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean {c}?)"))
        .unwrap_or_default()
}

/// Text cut to `width` characters in its middle, marked `…`, so both ends show
/// (`widgets.get…items[120].sku`, `send_pantry…sms_spanish`).
pub fn cut_middle(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width < 2 {
        return text
            .chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect();
    }
    let tail = width / 2;
    let head = width - 1 - tail;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_of_the_keys_is_matched_and_a_stranger_is_not() {
        let names = ["route_status", "fetch_order", "check_count"];
        assert_eq!(closest("route_statuss", names), Some("route_status"));
        assert_eq!(closest("Fetch_Ordr", names), Some("fetch_order"));
        assert_eq!(closest("send_message", names), None);
        assert_eq!(closest("incomingFax", ["incomingCall"]), None);
        assert_eq!(closest("upcas", ["upcase", "downcase"]), Some("upcase"));
        assert_eq!(did_you_mean("x", ["route_status"]), "");
        assert_eq!(
            cut_middle("send_pantry_location_sms_spanish", 20),
            "send_pant…ms_spanish"
        );
        assert_eq!(cut_middle("short", 20), "short");
        assert_eq!(
            did_you_mean("check_cont", names),
            " (did you mean check_count?)"
        );
    }
}
