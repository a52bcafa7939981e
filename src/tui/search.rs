//! `/` search: what is searched in each place, built once when the search starts so that each
//! keystroke only filters a list of lowercase strings.

use super::pane::Pane;

/// Where a search runs: a pane, the value viewer, or the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Pane(Pane),
    Viewer,
    Help,
}

/// What a match selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    /// A row, step, line or widget row, by index.
    Row(usize),
    /// A variable (or watch) row, by path: found even inside folded branches.
    Path(String),
    /// A line of a value shown only in part: the row that says so, the item (by index) the
    /// value is, and the line within it.
    Within {
        row: usize,
        item: usize,
        line: usize,
    },
}

/// The selections a search may move, kept to return to on Esc.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub graph_cursor: usize,
    pub variables_selected: Option<String>,
    pub folds: super::variables::tree::Folds,
    pub timeline_cursor: Option<usize>,
    pub transcript_cursor: Option<usize>,
    pub inspector_scroll: usize,
    pub help_cursor: usize,
    pub viewer: Option<(usize, usize, std::collections::BTreeSet<usize>)>,
}

#[derive(Debug, Clone)]
pub struct Search {
    pub target: Target,
    pub query: String,
    /// The query is still being typed.
    pub typing: bool,
    haystack: Vec<String>,
    hits: Vec<Hit>,
    /// Indices into the hits that match the query, in order.
    pub matches: Vec<usize>,
    /// The match selected, as an index into `matches`.
    pub current: Option<usize>,
    pub origin: Origin,
    /// Where the selection was among the hits: the first match from there is taken.
    pub from: usize,
    /// The status line says the match: until the user moves on from it.
    pub said: bool,
}

impl Search {
    pub fn new(target: Target, items: Vec<(String, Hit)>, origin: Origin, at: &Hit) -> Search {
        let (haystack, hits) = items
            .into_iter()
            .map(|(text, hit)| (text.to_lowercase(), hit))
            .unzip();
        let hits: Vec<Hit> = hits;
        let from = hits.iter().position(|h| h == at).unwrap_or(0);
        Search {
            target,
            query: String::new(),
            typing: true,
            haystack,
            hits,
            matches: Vec::new(),
            current: None,
            origin,
            from,
            said: true,
        }
    }

    /// Matches the query again (ignoring case) and selects the first match at or after where
    /// the search started, else the first.
    pub fn rematch(&mut self) {
        let from = self.from;
        let query = self.query.to_lowercase();
        // A query that spells a path (`items[120]`, `parsed.sku`) may match paths too.
        let pathlike = query.contains(['.', '[']);
        self.matches = if query.is_empty() {
            Vec::new()
        } else {
            self.haystack
                .iter()
                .zip(&self.hits)
                .enumerate()
                .filter(|(_, (h, hit))| {
                    h.contains(&query)
                        || (pathlike
                            && matches!(hit, Hit::Path(p) if p.to_lowercase().contains(&query)))
                })
                .map(|(i, _)| i)
                .collect()
        };
        self.current = if self.matches.is_empty() {
            None
        } else {
            Some(self.matches.iter().position(|&m| m >= from).unwrap_or(0))
        };
    }

    /// Moves to the next (`by` = 1) or previous (`by` = -1) match, wrapping around.
    pub fn step(&mut self, by: isize) {
        let len = self.matches.len() as isize;
        if len == 0 {
            return;
        }
        let at = self.current.map_or(0, |c| c as isize);
        self.current = Some((at + by).rem_euclid(len) as usize);
    }

    /// The hit of the selected match.
    pub fn hit(&self) -> Option<&Hit> {
        let index = *self.matches.get(self.current?)?;
        self.hits.get(index)
    }

    /// `3/17` for the status line.
    pub fn counter(&self) -> String {
        match self.current {
            Some(c) => format!("{}/{}", c + 1, self.matches.len()),
            None if self.query.is_empty() => String::new(),
            None => "no match".into(),
        }
    }
}
