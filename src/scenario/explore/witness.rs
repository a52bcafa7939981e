//! A string a regex condition accepts, so a search can take the transition it guards.

/// Strings a regex condition accepts, built from its simplest reading (each top-level
/// alternative, groups by their first alternative, classes by their first member, `.*` as
/// nothing) and kept only where the regex does accept them.
pub fn witnesses(pattern: &str) -> Vec<String> {
    let Ok(re) = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for alternative in split_top(pattern) {
        let text = simplest(&alternative);
        if re.is_match(&text) && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// `pattern` split at its top-level `|`s.
fn split_top(pattern: &str) -> Vec<String> {
    let (mut out, mut current, mut depth, mut escaped) = (Vec::new(), String::new(), 0i32, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '|' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// One string `pattern` (without top-level alternatives) most simply matches.
fn simplest(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let piece = match c {
            '^' | '$' => continue,
            '.' => "a".to_string(),
            '\\' => {
                let e = chars.get(i).copied().unwrap_or('\\');
                i += 1;
                match e {
                    'd' => "1".into(),
                    's' => " ".into(),
                    'w' => "a".into(),
                    other => other.to_string(),
                }
            }
            '[' => {
                let mut first = None;
                while i < chars.len() && chars[i] != ']' {
                    if first.is_none() && chars[i] != '^' {
                        first = Some(chars[i]);
                    }
                    i += 1;
                }
                i += 1;
                first.map(String::from).unwrap_or_default()
            }
            '(' => {
                let (mut depth, start) = (1, i);
                while i < chars.len() && depth > 0 {
                    match chars[i] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                let inner: String = chars[start..i.saturating_sub(1)].iter().collect();
                let inner = inner.trim_start_matches("?:").to_string();
                simplest(&split_top(&inner)[0])
            }
            other => other.to_string(),
        };
        // A quantifier: `*` and `?` may take none, `+` and `{n}` one.
        match chars.get(i) {
            Some('*' | '?') => {
                i += 1;
                continue;
            }
            Some('+') => i += 1,
            Some('{') => {
                let start = i + 1;
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                let least: String = chars[start..i.min(chars.len())]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                i += 1;
                out.push_str(&piece.repeat(least.parse::<usize>().unwrap_or(1).min(64)));
                continue;
            }
            _ => {}
        }
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::witnesses as regex_witnesses;

    #[test]
    fn regexes_are_met_by_their_simplest_strings() {
        assert_eq!(regex_witnesses(".*s(i|í).*"), ["si"]);
        assert_eq!(regex_witnesses("(sí|si)"), ["sí"]);
        assert_eq!(regex_witnesses("^yes$|^y$"), ["yes", "y"]);
        assert_eq!(regex_witnesses(r"^\d{5}$"), ["11111"]);
        assert!(regex_witnesses("(unclosed").is_empty());
    }
}
