//! The timeline: every step so far, `from --event--> to`. Selecting a past step shows the
//! debugger as it was then (the model's `timeline_cursor`).

pub mod view;

use crate::engine::Step;

/// A step as the timeline lists it (and search reads it).
pub fn step_line(s: &Step) -> String {
    let detail = match &s.http {
        Some(h) => match (&h.response, &h.error) {
            (Some(r), _) => format!("  HTTP {} · {} ms", r.status, h.time_ms),
            (None, Some(e)) => format!("  {e}"),
            _ => String::new(),
        },
        None => String::new(),
    };
    format!(
        "#{:<3} {} --{}--> {}{detail}",
        s.step, s.transitioned_from, s.name, s.transitioned_to
    )
}
