//! Named templates for `{% include %}` and `{% render %}`, rewritten as the main template is.

use std::borrow::Cow;

use indexmap::IndexMap;
use liquid_core::partials::PartialSource;

#[derive(Debug, Default)]
pub struct Source {
    templates: IndexMap<String, String>,
}

impl Source {
    pub fn new(templates: impl IntoIterator<Item = (String, String)>) -> Source {
        let templates = templates
            .into_iter()
            .map(|(name, text)| (name, super::rewrite(&text)))
            .collect();
        Source { templates }
    }
}

impl PartialSource for Source {
    fn contains(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    fn names(&self) -> Vec<&str> {
        self.templates.keys().map(String::as_str).collect()
    }

    fn try_get<'a>(&'a self, name: &str) -> Option<Cow<'a, str>> {
        self.templates.get(name).map(|t| Cow::Borrowed(t.as_str()))
    }
}
