//! Components. Each draws one thing from the props it is given.

pub mod canvas;
pub mod controls;
pub mod log_table;
pub mod message;
pub mod node;
