//! `sfdb run` answers waiting widgets from the command line: `--input`, `--digits`,
//! `--speech` and `--event`, repeated for later visits; and says so when a run waits.

use crate::common;

fn ivr(more: &[&str]) -> (Option<i32>, String, String) {
    let file = common::shared().join("flows-corpus/twilio-demo__ivr-flow.json");
    let mut args = vec!["run", file.to_str().unwrap(), "--trigger", "incomingCall"];
    args.extend_from_slice(more);
    let out = common::sfdb(&args);
    (
        out.status.code(),
        common::text(&out.stdout),
        common::text(&out.stderr),
    )
}

#[test]
fn a_run_that_waits_names_the_options_that_answer() {
    let (code, stdout, _) = ivr(&[]);
    assert_eq!(code, Some(4));
    let last = stdout.lines().last().unwrap();
    assert!(
        last.contains("widget gather_1 waits for digits or speech; answer with --digits gather_1=DIGITS or --speech gather_1=TEXT, --event gather_1=timeout"),
        "{last}"
    );
    assert!(last.contains("a scenario's \"inputs\""), "{last}");
}

#[test]
fn digits_speech_and_events_drive_an_ivr_visit_by_visit() {
    let (code, stdout, stderr) = ivr(&["--digits", "gather_1=1"]);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(
        stdout.contains("gather_1 (gather-input-on-call) --keypress--> split_digit_pressed"),
        "{stdout}"
    );
    assert!(stdout.contains("says: You selected taxi"), "{stdout}");
    assert!(stdout
        .lines()
        .last()
        .unwrap()
        .contains("widget gather_3 waits"));

    // Two timeouts loop gather_1 back to itself; the third visit takes the digits.
    let (code, stdout, stderr) = ivr(&[
        "--event",
        "gather_1=timeout",
        "--event",
        "gather_1=timeout",
        "--digits",
        "gather_1=2",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(
        stdout.matches("--timeout--> gather_1").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("says: You pressed 2"), "{stdout}");

    let (code, stdout, _) = ivr(&["--speech", "gather_1=payment"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("--speech--> split_user_speaks"), "{stdout}");
    assert!(stdout.contains("--match--> said_payment"), "{stdout}");
}

#[test]
fn a_wrong_answer_is_a_clear_error() {
    let (code, _, stderr) = ivr(&["--digits", "gather_l=1"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "--digits gather_l: the flow has no widget gather_l (did you mean gather_1?)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = ivr(&["--input", "split_1=1"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("widget split_1 (split-based-on) takes no input"),
        "{stderr}"
    );
    let (code, _, stderr) = ivr(&["--event", "gather_1=nope"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("has no chosen event nope (it has: keypress, speech, timeout)"),
        "{stderr}"
    );
    let (code, _, stderr) = ivr(&["--digits", "gather_1"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--digits gather_1: expected WIDGET=VALUE"),
        "{stderr}"
    );
}
