//! Studio runs at most 15 iterations of a Liquid `for` loop; our `for` block stops there and
//! records the cut here, so that the step can say a loop was cut.

use std::cell::Cell;

/// The most iterations Studio runs of one loop.
pub const MAX_ITERATIONS: usize = 15;

thread_local! {
    // A flag of the thread rather than a register of the render: the crate's registers allocate
    // on first sight, and every render would pay for a cut that almost never happens.
    static CUT: Cell<bool> = const { Cell::new(false) };
}

/// Records that a loop had more items than Studio runs, for the render under way.
pub(crate) fn note_cut() {
    CUT.with(|c| c.set(true));
}

/// Whether a loop was cut since the last call (renders on one thread run one at a time).
pub(crate) fn take_cut() -> bool {
    CUT.with(|c| c.replace(false))
}
