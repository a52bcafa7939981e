//! Parsed templates kept by their text. A flow has few distinct templates and a loop renders
//! the same ones again and again; parsing (with the rewrite passes) costs more than rendering.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use foldhash::fast::RandomState;

use liquid_core::runtime::Template;

use super::RenderError;

/// Past this many templates the cache starts over: only text typed in the debugger (each
/// keystroke a new template) grows it, and those are cheap to parse again.
const CAPACITY: usize = 1024;

type Entry = Result<Arc<Template>, RenderError>;

#[derive(Default)]
pub struct Parsed {
    // foldhash: the key is the whole template text, hashed at every render; SipHash's
    // resistance to chosen keys buys nothing for a flow's own templates.
    templates: Mutex<HashMap<String, Entry, RandomState>>,
}

impl Parsed {
    /// The template parsed from `text`, parsing it with `parse` the first time it is seen.
    /// Errors are kept too, so a broken field is not parsed again on every render.
    pub fn get_or_parse(
        &self,
        text: &str,
        parse: impl FnOnce() -> Result<liquid_core::runtime::Template, RenderError>,
    ) -> Entry {
        if let Some(entry) = self.lock().get(text) {
            return entry.clone();
        }
        // Parsed outside the lock: a slow template does not hold up other threads' renders.
        let entry = parse().map(Arc::new);
        let mut templates = self.lock();
        if templates.len() >= CAPACITY {
            templates.clear();
        }
        templates.insert(text.to_string(), entry.clone());
        entry
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry, RandomState>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.templates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
