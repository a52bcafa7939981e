//! Writing a flow back: edits land, every other key keeps its value and order.

use crate::common;

use serde_json::json;
use sfdb::flow::Document;

#[test]
fn an_edit_saved_changes_only_the_edited_property() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.json");
    let original =
        std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap();
    std::fs::write(&path, &original).unwrap();

    let mut doc = Document::load(&path).unwrap();
    assert!(doc.set_property(
        "fetch_order",
        "url",
        json!("https://api.example.com/orders/{{flow.data.id}}")
    ));
    assert!(!doc.set_property("no_such_widget", "url", json!("x")));
    doc.save().unwrap();

    let saved_text = std::fs::read_to_string(&path).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(&original).unwrap();
    expected["states"][2]["properties"]["url"] =
        json!("https://api.example.com/orders/{{flow.data.id}}");
    let saved: serde_json::Value = serde_json::from_str(&saved_text).unwrap();
    // Same keys in the same order (serde_json keeps insertion order here).
    assert_eq!(
        serde_json::to_string(&saved).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    // The reloaded flow runs the edit.
    let again = Document::load(&path).unwrap();
    assert_eq!(
        again.flow.widget("fetch_order").unwrap().text("url"),
        "https://api.example.com/orders/{{flow.data.id}}"
    );
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_resource_with_a_text_definition_is_saved_as_text() {
    let def = r#"{"states":[{"name":"Trigger","type":"trigger","transitions":[{"event":"incomingRequest","next":"call"}]},{"name":"call","type":"run-function","properties":{"url":"https://x.twil.io/a"},"transitions":[]}],"initial_state":"Trigger"}"#;
    let text = json!({"sid": "FW1", "definition": def}).to_string();
    let mut doc = Document::parse("r.json", &text).unwrap();
    doc.set_property("call", "url", json!("https://y.twil.io/b"));
    let saved: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    let inner: serde_json::Value =
        serde_json::from_str(saved["definition"].as_str().unwrap()).unwrap();
    assert_eq!(
        inner["states"][1]["properties"]["url"],
        "https://y.twil.io/b"
    );
    assert_eq!(saved["sid"], "FW1");
}

#[test]
fn saving_a_flow_without_a_file_says_so() {
    let mut doc = Document::parse("demo", sfdb::demo::FLOW).unwrap();
    assert_eq!(
        doc.save().unwrap_err().to_string(),
        "the flow has no file to save to"
    );
}

/// Edits one property of `widget` and saves a copy of `file`: the lines that differ.
fn edited_lines(
    file: &std::path::Path,
    widget: &str,
    key: &str,
    value: serde_json::Value,
) -> (usize, usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("flow.json");
    // A copy of its own, writable: the corpus beside the checkout is read-only.
    std::fs::write(&copy, std::fs::read(file).unwrap()).unwrap();
    let before = std::fs::read_to_string(&copy).unwrap();
    let mut doc = Document::load(&copy).unwrap();
    assert!(doc.set_property(widget, key, value.clone()));
    doc.save().unwrap();
    let after = std::fs::read_to_string(&copy).unwrap();
    // What was saved loads back with the edit.
    let again = Document::load(&copy).unwrap();
    assert_eq!(again.flow.widget(widget).unwrap().properties[key], value);
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    // What a diff shows: the new lines between the common beginning and the common end.
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let changed = a[prefix..a.len() - suffix]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    (b.len(), a.len(), changed)
}

#[test]
fn a_save_changes_only_the_edited_lines() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = repo.join("../shared/flows-corpus");
    // The hand-written demo stays 94 lines when its URL changes.
    let (before, after, changed) = edited_lines(
        &repo.join("flows/retry-counter.json"),
        "fetch_order",
        "url",
        json!("https://orders.example.net/v2/orders/42"),
    );
    assert_eq!((before, after), (94, 94));
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].contains("https://orders.example.net/v2/orders/42"),
        "{changed:?}"
    );
    // Every bundled flow and three real exports: one HTTP or other property edited, one line.
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(repo.join("flows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().contains("scenario")
        })
        .collect();
    for name in [
        "accfb-foodnow__studio_bot_flow.json",
        "twilio-demo__ivr-flow.json",
        "OrderLookupIVR__studio_flow.json",
    ] {
        let path = shared.join(name);
        if path.exists() {
            files.push(path);
        }
    }
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let Ok(doc) = Document::load(&file) else {
            continue;
        };
        if doc.legacy {
            continue;
        }
        let Some(widget) = doc
            .flow
            .widgets
            .iter()
            .find(|w| w.kind != sfdb::flow::WidgetKind::Trigger)
        else {
            continue;
        };
        let (before, after, changed) =
            edited_lines(&file, &widget.name, "sfdb_note", json!("edited"));
        // A new property adds one line (or changes the one its object stands on).
        assert!(
            after - before <= 1,
            "{}: {before} -> {after} lines",
            file.display()
        );
        assert!(changed.len() <= 2, "{}: {changed:?}", file.display());
        // An existing text property, changed: that one line.
        let text_property = doc.flow.widgets.iter().find_map(|w| {
            w.properties
                .iter()
                .find(|(_, v)| v.is_string())
                .map(|(k, _)| (w.name.clone(), k.clone()))
        });
        if let Some((widget, key)) = text_property {
            let (b, a, changed) = edited_lines(&file, &widget, &key, json!("edited value"));
            assert_eq!(a, b, "{} {widget}.{key}", file.display());
            assert!(changed.len() <= 1, "{} {key}: {changed:?}", file.display());
        }
    }
}

/// A file the user made read-only is not saved over, a symbolic link is written through to
/// its target, a hard link stays one file, and what is not a regular file is not replaced.
#[test]
fn a_save_respects_what_the_file_is() {
    use std::os::unix::fs::PermissionsExt;
    let original =
        std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let edit = |path: &std::path::Path| {
        let mut doc = sfdb::flow::Document::load(path).unwrap();
        doc.set_property("fetch_order", "url", json!("https://example.com/edited"));
        doc.save()
    };

    let locked = dir.path().join("locked.json");
    std::fs::write(&locked, &original).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new()
        .write(true)
        .open(&locked)
        .is_err()
    {
        // Root may write anything; as anyone else, the mode is the user's word.
        let why = edit(&locked).unwrap_err().to_string();
        assert!(why.contains("is read-only: not written"), "{why}");
        assert_eq!(std::fs::read_to_string(&locked).unwrap(), original);
    } else {
        let why = edit(&locked).unwrap_err().to_string();
        assert!(why.contains("is read-only"), "{why}");
    }

    let target = dir.path().join("target.json");
    let link = dir.path().join("link.json");
    std::fs::write(&target, &original).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    edit(&link).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("edited"));

    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    std::fs::write(&first, &original).unwrap();
    std::fs::hard_link(&first, &second).unwrap();
    std::fs::set_permissions(&first, std::fs::Permissions::from_mode(0o640)).unwrap();
    edit(&first).unwrap();
    assert!(std::fs::read_to_string(&second).unwrap().contains("edited"));
    let mode = std::fs::metadata(&first).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    let not_a_file = sfdb::flow::write_atomically(std::path::Path::new("/dev/null"), b"x");
    assert!(not_a_file
        .unwrap_err()
        .to_string()
        .contains("is not a regular file"));
}

/// A flow changed on disk after it was read (an editor, `git pull`) is not overwritten.
#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let original =
        std::fs::read_to_string(common::repo().join("flows/retry-counter.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.json");
    std::fs::write(&path, &original).unwrap();
    let mut doc = sfdb::flow::Document::load(&path).unwrap();
    let outside = original.replace("\"description\"", "\"description\" ");
    std::fs::write(&path, &outside).unwrap();
    doc.set_property("fetch_order", "url", json!("https://example.com/edited"));
    let why = doc.save().unwrap_err().to_string();
    assert!(why.contains("changed on disk since it was read"), "{why}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), outside);
}

/// A widget that names `url` twice: the loader reads the last, so check says so and an edit
/// changes that one; the edit is there when the file is read again.
#[test]
fn a_key_written_twice_is_reported_and_the_one_read_is_the_one_edited() {
    let text = r#"{
  "description": "dup",
  "initial_state": "Trigger",
  "flags": {},
  "states": [
    {"name": "Trigger", "type": "trigger", "properties": {},
     "transitions": [{"event": "incomingMessage", "next": "fetch"}]},
    {"name": "fetch", "type": "make-http-request",
     "properties": {"method": "GET", "content_type": "application/json",
                    "url": "https://first.example.com/", "url": "https://second.example.com/"},
     "transitions": [{"event": "success"}, {"event": "failed"}]}
  ]
}
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.json");
    std::fs::write(&path, text).unwrap();
    let o = common::sfdb(&["check", path.to_str().unwrap()]);
    let report = common::text(&o.stdout);
    // An error, as check's exit status says.
    assert_eq!(o.status.code(), Some(2), "{report}");
    assert!(report.contains("widget fetch"), "{report}");
    assert!(
        report.contains("states[1].properties.url is written twice"),
        "{report}"
    );
    let mut doc = Document::load(&path).unwrap();
    assert_eq!(
        doc.flow.widget("fetch").unwrap().text("url"),
        "https://second.example.com/"
    );
    doc.set_property("fetch", "url", json!("https://edited.example.com/"));
    doc.save().unwrap();
    let again = Document::load(&path).unwrap();
    assert_eq!(
        again.flow.widget("fetch").unwrap().text("url"),
        "https://edited.example.com/"
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("https://first.example.com/"),
        "the other is left as it was"
    );
}
