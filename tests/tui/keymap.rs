//! The one keymap: each help line names exactly its keys, no key means two things in one
//! place, and the README's key table lists the same keys as the table, no more and no fewer.

use std::collections::BTreeSet;

use crate::common;

use sfdb::tui::keymap::{self, Scope, TABLE};

/// Help's key column, split into the keys it names (`Tab / Shift+Tab`, `q, Ctrl+C`).
fn named(label: &str) -> BTreeSet<String> {
    let tokens: Vec<&str> = label.split([' ', ',']).filter(|t| !t.is_empty()).collect();
    let separator = |t: &&str| *t == "/" && tokens.len() > 1;
    tokens
        .iter()
        .filter(|t| !separator(t) && **t != "canvas")
        .map(std::string::ToString::to_string)
        .collect()
}

#[test]
fn every_help_line_names_its_keys_and_only_them() {
    for entry in TABLE {
        let Some((label, what)) = entry.help else {
            continue;
        };
        if entry.keys.is_empty() || entry.scope == Scope::Viewer {
            // The markers name no key; the viewer's line sums up its keys in words.
            continue;
        }
        let keys: BTreeSet<String> = entry.keys.iter().map(|(k, _)| k.name()).collect();
        let in_label = named(label);
        for token in &in_label {
            assert!(
                keys.contains(token),
                "help line {label:?} names {token}, which it does not bind"
            );
        }
        for key in &keys {
            let said = in_label.contains(key)
                || what.contains(key.as_str())
                || (key.starts_with("Shift+") && what.contains("Shift+arrows"))
                || (["←", "→", "↑", "↓"].contains(&key.as_str()) && what.contains("arrows"));
            assert!(said, "help line {label:?} binds {key} but does not say so");
        }
    }
}

#[test]
fn no_key_means_two_things_in_one_place() {
    let scopes = [
        Scope::Panes,
        Scope::Canvas,
        Scope::Viewer,
        Scope::Help,
        Scope::Editor,
        Scope::Choice,
        Scope::Input,
        Scope::Picker,
        Scope::Prompt,
        Scope::Search,
        Scope::Quit,
    ];
    for scope in scopes {
        let mut seen = BTreeSet::new();
        for (key, _) in TABLE
            .iter()
            .filter(|e| e.scope == scope)
            .flat_map(|e| e.keys)
        {
            assert!(
                seen.insert(key.name()),
                "{} is bound twice in {scope:?}",
                key.name()
            );
        }
    }
}

/// The keys the README's `### Keys` table lists in its first column.
fn readme_keys() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let table = readme
        .split("### Keys\n")
        .nth(1)
        .expect("the README has a Keys section");
    let mut keys = BTreeSet::new();
    for row in table.lines().skip_while(|l| !l.starts_with('|')) {
        if !row.starts_with('|') {
            break;
        }
        // The first cell; `\|` is the pipe key.
        let cells: Vec<&str> = row.splitn(3, " | ").collect();
        let first = cells[0].trim_start_matches("| ");
        if first == "key" || first.starts_with("---") || first.starts_with("|---") {
            continue;
        }
        for (i, part) in first.split('`').enumerate() {
            if i % 2 == 1 {
                keys.insert(part.replace("\\|", "|"));
            } else {
                for word in part.split([',', ' ', '/']).filter(|w| !w.is_empty()) {
                    let arrows = ["←", "↓", "↑", "→"];
                    match word {
                        "arrows" => keys.extend(arrows.map(String::from)),
                        "Shift+arrows" => keys.extend(arrows.map(|a| format!("Shift+{a}"))),
                        other => panic!("README key cell {first:?}: {other:?} is not a key"),
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn the_readme_key_table_lists_the_keymap_no_more_no_fewer() {
    let table: BTreeSet<String> = TABLE
        .iter()
        .filter(|e| matches!(e.scope, Scope::Panes | Scope::Canvas | Scope::Editor))
        .flat_map(|e| e.keys.iter().map(|(k, _)| k.name()))
        .collect();
    let readme = readme_keys();
    let missing: Vec<_> = table.difference(&readme).collect();
    let extra: Vec<_> = readme.difference(&table).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "README's key table lacks {missing:?} and lists {extra:?}, which the keymap does not bind"
    );
}

#[test]
fn the_status_hint_names_the_bound_keys() {
    assert_eq!(
        keymap::hint(Scope::Panes, keymap::PANES_HINT),
        " s step · c continue · p back · / search · o open · y copy · z zoom · q quit"
    );
    assert_eq!(
        keymap::hint(Scope::Viewer, keymap::VIEWER_HINT),
        " j k move · Enter fold · / search · y copy · Y path · | pager · Esc close"
    );
}
