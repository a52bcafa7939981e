//! The request-field editor: pasting is one insert and one undo step, undo and redo, Ctrl+U,
//! the method and content type as choices, and `$EDITOR` (`E`, Ctrl+O).

use crate::common;

use crossterm::event::KeyCode;
use sfdb::tui::{update, Cmd, Model, Msg};

/// The demo with the inspector on fetch_order's field `n` (0 method, 1 url, 2 content type).
fn on_field(n: usize) -> Model {
    let mut m = common::demo_model(false);
    common::select_widget(&mut m, "fetch_order");
    common::press(&mut m, KeyCode::Char('2'));
    for _ in 0..n {
        common::press(&mut m, KeyCode::Char('j'));
    }
    m
}

fn editor_text(m: &Model) -> String {
    m.modals.editor().unwrap().textarea.lines().join("\n")
}

fn property(m: &Model, key: &str) -> serde_json::Value {
    m.execution.flow().widget("fetch_order").unwrap().properties[key].clone()
}

#[test]
fn a_64_kb_paste_is_one_insert_and_one_undo_step() {
    let mut m = on_field(3);
    common::press(&mut m, KeyCode::Char('e'));
    assert_eq!(m.modals.editor().unwrap().field.label(), "body");
    let body: String = (0..1900)
        .map(|i| format!("{{\"line\": {i:>5}, \"pad\": \"xxxxxxxx\"}}\n"))
        .collect();
    assert!(body.len() >= 64 * 1024, "{}", body.len());
    update(&mut m, Msg::Paste(body.clone()));
    assert_eq!(editor_text(&m), body);
    common::ctrl(&mut m, 'z');
    assert_eq!(editor_text(&m), "", "one undo takes the whole paste back");
    common::ctrl(&mut m, 'y');
    assert_eq!(editor_text(&m), body);
    common::ctrl(&mut m, 's');
    assert_eq!(property(&m, "body"), serde_json::json!(body));
    // Line breaks as terminals paste them (CR) arrive as line breaks.
    common::press(&mut m, KeyCode::Char('e'));
    common::ctrl(&mut m, 'a');
    update(&mut m, Msg::Paste("{\r  \"a\": 1\r\n}".into()));
    assert!(
        editor_text(&m).ends_with("{\n  \"a\": 1\n}"),
        "{:?}",
        editor_text(&m)
    );
}

#[test]
fn undo_redo_and_ctrl_u_in_the_editor() {
    let mut m = on_field(1);
    common::press(&mut m, KeyCode::Char('e'));
    let url = editor_text(&m);
    for c in "/x".chars() {
        common::press(&mut m, KeyCode::Char(c));
    }
    assert_eq!(editor_text(&m), format!("{url}/x"));
    common::ctrl(&mut m, 'z');
    common::ctrl(&mut m, 'z');
    assert_eq!(editor_text(&m), url);
    common::ctrl(&mut m, 'y');
    assert_eq!(editor_text(&m), format!("{url}/"));
    // Ctrl+U clears the line before the cursor, as in a shell.
    common::ctrl(&mut m, 'u');
    assert_eq!(editor_text(&m), "");
    common::press(&mut m, KeyCode::Esc);
    assert!(m.modals.editor().is_none());
}

#[test]
fn method_and_content_type_are_choices() {
    let mut m = on_field(0);
    common::press(&mut m, KeyCode::Char('e'));
    let editor = m.modals.editor().unwrap();
    assert_eq!(editor.choices, ["GET", "POST"]);
    assert_eq!(editor.choice, 0);
    common::press(&mut m, KeyCode::Char('j'));
    common::press(&mut m, KeyCode::Enter);
    assert_eq!(property(&m, "method"), "POST");
    let mut m = on_field(2);
    common::press(&mut m, KeyCode::Char('e'));
    let editor = m.modals.editor().unwrap();
    assert_eq!(editor.choice, 0, "the form type is the demo's");
    common::press(&mut m, KeyCode::Down);
    common::press(&mut m, KeyCode::Enter);
    assert_eq!(
        property(&m, "content_type"),
        "application/json;charset=utf-8"
    );
}

#[test]
fn e_hands_the_field_to_the_editor_and_applies_a_changed_text() {
    let mut m = on_field(1);
    let url = sfdb::flow::fields::text(
        m.execution.flow().widget("fetch_order").unwrap(),
        sfdb::flow::fields::Field::Url,
    );
    assert_eq!(
        common::press(&mut m, KeyCode::Char('E')),
        [Cmd::EditExternally(url.clone())]
    );
    update(
        &mut m,
        Msg::Edited(Ok(Some("https://edited.example.com/x".into()))),
    );
    assert!(m.modals.editor().is_none());
    assert_eq!(property(&m, "url"), "https://edited.example.com/x");
    assert!(m.unsaved);
    // An unchanged or failed editor changes nothing.
    common::press(&mut m, KeyCode::Char('E'));
    update(&mut m, Msg::Edited(Ok(None)));
    assert_eq!(property(&m, "url"), "https://edited.example.com/x");
    assert_eq!(m.message.as_deref(), Some("unchanged: nothing applied"));
    common::press(&mut m, KeyCode::Char('E'));
    update(
        &mut m,
        Msg::Edited(Err("the editor vi exited with 1".into())),
    );
    assert_eq!(property(&m, "url"), "https://edited.example.com/x");
    assert!(m.modals.editor().is_none());
    // Inside the editor, Ctrl+O puts the editor's text back in the box, not applied yet.
    common::press(&mut m, KeyCode::Char('e'));
    assert!(matches!(
        common::ctrl(&mut m, 'o').as_slice(),
        [Cmd::EditExternally(_)]
    ));
    update(
        &mut m,
        Msg::Edited(Ok(Some("https://other.example.com".into()))),
    );
    assert_eq!(editor_text(&m), "https://other.example.com");
    common::ctrl(&mut m, 'z');
    assert_eq!(editor_text(&m), "", "one undo step");
}

#[test]
fn a_field_holding_a_credential_never_goes_to_a_file() {
    let mut m = on_field(1);
    common::press(&mut m, KeyCode::Char('e'));
    common::ctrl(&mut m, 'u');
    update(
        &mut m,
        Msg::Paste("https://bob:hunter2@example.com/x".into()),
    );
    common::ctrl(&mut m, 's');
    assert!(common::press(&mut m, KeyCode::Char('E')).is_empty());
    assert_eq!(
        m.message.as_deref(),
        Some("the field holds a credential: edit it here, not in a file")
    );
}

#[test]
fn the_external_editor_runs_on_a_file_and_its_text_comes_back() {
    // A real program edits the file: sed in place.
    let out = sfdb::tui::edit_in_editor("GET /a\n", "sed -i s/a/b/").unwrap();
    assert_eq!(out.as_deref(), Some("GET /b\n"));
    assert_eq!(sfdb::tui::edit_in_editor("same", "true").unwrap(), None);
    assert!(sfdb::tui::edit_in_editor("x", "false").is_err());
    assert!(sfdb::tui::edit_in_editor("x", "no-such-editor-here").is_err());
}

/// `EDITOR="'/opt/my editor/bin/ed' -w"`: a quoted program path with a space, and its flags,
/// split as a shell would.
#[test]
fn an_editor_whose_path_has_a_space_runs_when_quoted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("my editor/bin");
    std::fs::create_dir_all(&bin).unwrap();
    let ed = bin.join("ed");
    // Its flag must arrive as one word: the script fails otherwise.
    std::fs::write(
        &ed,
        "#!/bin/sh\n[ \"$1\" = -w ] || exit 3\nprintf 'edited' > \"$2\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&ed, std::fs::Permissions::from_mode(0o755)).unwrap();
    let editor = format!("'{}' -w", ed.display());
    let out = sfdb::tui::edit_in_editor("before", &editor).unwrap();
    assert_eq!(out.as_deref(), Some("edited"));
    let pager = format!("'{}' -w", ed.display());
    assert!(sfdb::tui::page("x", &pager).is_ok());
    assert!(sfdb::tui::edit_in_editor("x", "'unclosed").is_err());
}

/// `|` in the viewer opens the pager at the viewer's line: `+N` for less, more, most and vim,
/// nothing for a pager that would read it as a file name.
#[test]
fn the_pager_opens_at_the_line_when_it_takes_plus_n() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let args = dir.path().join("args.txt");
    let less = dir.path().join("less");
    std::fs::write(
        &less,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\ncat > /dev/null\n",
            args.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&less, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pager = format!("'{}' -R", less.display());
    sfdb::tui::page_at("a\nb\nc\nd\ne", &pager, 5).unwrap();
    assert_eq!(std::fs::read_to_string(&args).unwrap(), "-R +5\n");
    let other = dir.path().join("mypager");
    std::fs::copy(&less, &other).unwrap();
    sfdb::tui::page_at("a", &format!("'{}'", other.display()), 5).unwrap();
    assert_eq!(std::fs::read_to_string(&args).unwrap(), "\n");
}

#[test]
fn the_pager_gets_the_whole_value_on_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paged.txt");
    let text = "{\n  \"items\": [1, 2]\n}";
    sfdb::tui::page(text, &format!("cp /dev/stdin {}", out.display())).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    assert!(sfdb::tui::page("x", "no-such-pager-here").is_err());
}

#[test]
fn a_paste_into_a_search_finds_as_typing_does() {
    let mut m = common::demo_model(false);
    assert_eq!(m.inspected().unwrap().name, "Trigger");
    common::press(&mut m, KeyCode::Char('/'));
    update(&mut m, Msg::Paste("give_up".into()));
    assert_eq!(m.search.as_ref().unwrap().counter(), "1/1");
    assert_eq!(m.inspected().unwrap().name, "give_up");
    // A pasted line break is no part of a query.
    update(&mut m, Msg::Paste("\r".into()));
    assert_eq!(m.search.as_ref().unwrap().query, "give_up ");
}

/// A URL template is shown as written: the inspector, the editor and the saved file agree
/// character for character, and only a password or token is masked (`***`), never the text
/// around it re-encoded (`%7B%7B…`).
#[test]
fn a_url_template_reads_the_same_in_the_inspector_the_editor_and_the_file() {
    let url = "http://127.0.0.1:33209/orders/{{trigger.message.Body | default: '88231'}}";
    let mut m = on_field(1);
    common::press(&mut m, KeyCode::Char('e'));
    common::ctrl(&mut m, 'a');
    common::ctrl(&mut m, 'k');
    update(&mut m, Msg::Paste(url.into()));
    common::ctrl(&mut m, 's');
    common::press(&mut m, KeyCode::Char('e'));
    assert_eq!(editor_text(&m), url);
    common::press(&mut m, KeyCode::Esc);
    assert_eq!(property(&m, "url"), serde_json::json!(url));
    assert!(m.document.to_json().contains(url));
    update(&mut m, Msg::Resize(200, 40));
    let frame = common::frame(&m, 200, 40);
    // The inspector wraps the field; its two lines hold the text as written.
    assert!(
        frame.contains("http://127.0.0.1:33209/orders/{{trigger.message.Body")
            && frame.contains("| default: '88231'}}"),
        "{frame}"
    );
    assert!(!frame.contains("%7B"), "{frame}");
    // With a password and a token, only they are masked.
    let secret = "https://bob:hunter2@api.example/{{flow.data.id}}?api_key={{flow.data.key}}&x=1";
    common::press(&mut m, KeyCode::Char('e'));
    common::ctrl(&mut m, 'a');
    common::ctrl(&mut m, 'k');
    update(&mut m, Msg::Paste(secret.into()));
    common::ctrl(&mut m, 's');
    let frame = common::frame(&m, 200, 40);
    assert!(
        frame.contains("https://bob:***@api.example/{{flow.data.id}}?api_key=")
            && frame.contains("***&x=1"),
        "{frame}"
    );
    assert!(!frame.contains("hunter2"));
}
