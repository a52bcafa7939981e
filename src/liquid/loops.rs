//! Studio runs at most 15 iterations of a Liquid `for` loop; our `for` block stops there and
//! records the cut here, so that the step can say a loop was cut.

/// The most iterations Studio runs of one loop.
pub const MAX_ITERATIONS: usize = 15;

/// Set in a render's registers when a loop had more items than Studio runs.
#[derive(Debug, Default)]
pub struct LoopCut(pub bool);
