//! The 17 Split Based On condition types, with case and whitespace variants.

use sfdb::engine::conditions::{holds, CONDITION_TYPES};

fn yes(kind: &str, input: &str, value: &str) {
    assert_eq!(
        holds(kind, input, value),
        Ok(true),
        "{input:?} {kind} {value:?}"
    );
}

fn no(kind: &str, input: &str, value: &str) {
    assert_eq!(
        holds(kind, input, value),
        Ok(false),
        "{input:?} {kind} {value:?}"
    );
}

#[test]
fn equal_to_and_not_equal_to() {
    yes("equal_to", "Yes", "yes");
    yes("equal_to", "  YES \n", "yes ");
    yes("equal_to", "3", "3.0");
    yes("equal_to", " 3 ", "3");
    no("equal_to", "yes please", "yes");
    no("equal_to", "007", "7");
    no("not_equal_to", "Yes", " yes");
    yes("not_equal_to", "no", "yes");
}

#[test]
fn matches_any_of() {
    yes("matches_any_of", " Sales ", "support, SALES ,billing");
    yes("matches_any_of", "2", "1,2.0,3");
    no("matches_any_of", "sale", "support,sales");
    yes("does_not_match_any_of", "other", "support, sales");
    no("does_not_match_any_of", "SUPPORT", "support, sales");
}

#[test]
fn blank() {
    yes("is_blank", "", "");
    yes("is_blank", "  \n\t", "");
    no("is_blank", " x ", "");
    yes("is_not_blank", "x", "");
    no("is_not_blank", "   ", "");
}

#[test]
fn regex_matches_the_whole_trimmed_input_without_case() {
    yes("regex", "  ABC123 ", "[a-z]+\\d+");
    no("regex", "xABC123", "[a-z]+");
    yes("regex", "hello", "hel|hello");
    assert_eq!(
        holds("regex", "x", "([a-z"),
        Err("invalid regex `([a-z`: error: unclosed character class".into())
    );
}

#[test]
fn contains_and_starts_with() {
    yes("contains", "I want a REFUND now", " refund ");
    no("contains", "I want a refund", "return");
    yes("does_not_contain", "hello", "bye");
    no("does_not_contain", "Hello", "HELL");
    yes("starts_with", "  Hello there", "hello");
    no("starts_with", "oh hello", "hello");
    yes("does_not_start_with", "oh hello", "hello");
    no("does_not_start_with", "HELLO", "he");
}

#[test]
fn less_and_greater_than_are_numeric_only() {
    yes("less_than", " 9 ", "10");
    no("less_than", "10", "9");
    no("less_than", "abc", "10");
    yes("greater_than", "10.5", "10");
    no("greater_than", "10", "10");
    no("greater_than", "b", "a");
}

#[test]
fn times_and_dates() {
    yes("is_before_time", "08:30", " 09:00 ");
    no("is_before_time", "09:00", "09:00");
    yes("is_after_time", "17:01", "17:00");
    assert_eq!(
        holds("is_after_time", "5pm", "17:00"),
        Err("`5pm` or `17:00` is not a time (HH:MM)".into())
    );
    yes("is_before_date", "2024-01-31", "2024-02-01");
    yes("is_after_date", " 2025-12-25", "2025-12-24");
    no("is_after_date", "2025-12-24", "2025-12-24");
    assert_eq!(
        holds("is_before_date", "tomorrow", "2024-01-01"),
        Err("`tomorrow` or `2024-01-01` is not a date (YYYY-MM-DD)".into())
    );
}

#[test]
fn all_seventeen_types_are_known_and_others_are_not() {
    assert_eq!(CONDITION_TYPES.len(), 17);
    for kind in CONDITION_TYPES {
        let sample = if kind.ends_with("_date") {
            "2024-01-01"
        } else {
            "12:00"
        };
        let result = holds(kind, sample, sample);
        assert!(result.is_ok(), "{kind}: {result:?}");
    }
    assert_eq!(
        holds("sounds_like", "a", "a"),
        Err("unknown condition type `sounds_like`".into())
    );
}
