//! The clock `date` reads: the time zone dates are shown in, and a "now" that can be fixed.
//! Studio renders dates in Pacific time (Twilio's support article on Liquid in Studio), so
//! that is the default; business-hours flows are tested with a fixed "now".

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    /// Where Unix times, `now` and times written without an offset are read and shown.
    pub zone: Tz,
    /// "now" for the whole run, or `None` for the wall clock.
    pub fixed: Option<DateTime<FixedOffset>>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            zone: chrono_tz::America::Los_Angeles,
            fixed: None,
        }
    }
}

impl Clock {
    /// UTC and the wall clock: what Shopify's own tests assume.
    pub fn utc() -> Clock {
        Clock {
            zone: chrono_tz::UTC,
            fixed: None,
        }
    }

    /// A time zone by its IANA name (`America/Los_Angeles`, `Europe/Paris`, `UTC`).
    pub fn zone_named(name: &str) -> Result<Tz, String> {
        name.trim()
            .parse()
            .map_err(|_| format!("{name:?} is not a time zone name (try America/Los_Angeles)"))
    }

    /// A "now" written as RFC 3339 (`2026-11-27T09:30:00-08:00`).
    pub fn moment(text: &str) -> Result<DateTime<FixedOffset>, String> {
        DateTime::parse_from_rfc3339(text.trim())
            .map_err(|e| format!("{text:?} is not a time like 2026-11-27T09:30:00-08:00: {e}"))
    }

    /// Now, in the clock's zone.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let now = self.fixed.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
        now.with_timezone(&self.zone).fixed_offset()
    }
}

thread_local! {
    // A render runs on one thread from start to end; the filters, which the crate gives no
    // context, read the clock of the render under way here.
    static CURRENT: Cell<Clock> = Cell::new(Clock::default());
}

/// The clock of the render under way.
pub(crate) fn current() -> Clock {
    CURRENT.with(Cell::get)
}

/// Runs `f` with `clock` as the current clock.
pub(crate) fn with<T>(clock: Clock, f: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(clock));
    let out = f();
    CURRENT.with(|c| c.set(before));
    out
}
