//! The variables pane: the watches, then the context (flow.variables, flow.data, trigger,
//! widgets with parsed JSON, contact) as a tree; what the last step changed is marked.

pub mod tree;
pub mod view;
