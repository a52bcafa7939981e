//! Studio runs at most 15 iterations of a Liquid `for` loop; our `for` block stops there and
//! records the cut here, so that the step can say a loop was cut. And each render has a
//! budget, so that no template runs away: at most [`MAX_RENDER_ITERATIONS`] loop iterations
//! in all (nested loops multiply their 15s), and no text longer than [`MAX_TEXT`] built by
//! `append` and `prepend` or written out. Past one, the template is a Liquid error (Studio's
//! 81018 warning in a run) and the execution goes on.

use std::cell::Cell;

/// The most iterations Studio runs of one loop.
pub const MAX_ITERATIONS: usize = 15;

/// The loop iterations one render may run, all loops together.
pub const MAX_RENDER_ITERATIONS: usize = 10_000;

/// The longest text a render may build or write: 1 MB (a Studio response is at most 64 kB).
pub const MAX_TEXT: usize = 1024 * 1024;

thread_local! {
    // A flag of the thread rather than a register of the render: the crate's registers allocate
    // on first sight, and every render would pay for a cut that almost never happens.
    static CUT: Cell<bool> = const { Cell::new(false) };
    static ITERATIONS: Cell<usize> = const { Cell::new(0) };
    static OVERRUN: Cell<Option<&'static str>> = const { Cell::new(None) };
}

const TOO_LONG: &str = "the template builds text longer than 1024 kB";

/// A render starts with its whole budget (renders on one thread run one at a time).
pub(crate) fn start_render() {
    ITERATIONS.with(|n| n.set(0));
    OVERRUN.with(|o| o.set(None));
}

/// Why the render under way stopped writing, if its text ran past the budget.
pub(crate) fn take_overrun() -> Option<String> {
    OVERRUN.with(Cell::take).map(str::to_string)
}

/// One more loop iteration, or why not.
pub(crate) fn spend_iteration() -> Result<(), String> {
    let spent = ITERATIONS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if spent > MAX_RENDER_ITERATIONS {
        Err(format!(
            "the template's loops run more than {MAX_RENDER_ITERATIONS} times in all"
        ))
    } else {
        Ok(())
    }
}

/// `len` bytes of text, or why not.
pub(crate) fn check_text(len: usize) -> Result<(), String> {
    if len > MAX_TEXT {
        Err(TOO_LONG.to_string())
    } else {
        Ok(())
    }
}

/// Records that a loop had more items than Studio runs, for the render under way.
pub(crate) fn note_cut() {
    CUT.with(|c| c.set(true));
}

/// Whether a loop was cut since the last call (renders on one thread run one at a time).
pub(crate) fn take_cut() -> bool {
    CUT.with(|c| c.replace(false))
}

/// Text being rendered, refused past the render's budget as it is written: the whole output,
/// and each `capture`, which a loop can double as `append` can.
pub(crate) struct Capped(pub Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Err(why) = check_text(self.0.len() + buf.len()) {
            OVERRUN.with(|o| o.set(Some(TOO_LONG)));
            return Err(std::io::Error::other(why));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
