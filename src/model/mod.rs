//! The lab's model: a simulated cluster of any protocol, the clock that drives it from the wall clock, the
//! reader's actions and time travel through them, and what a frame, the panels and the space-time diagram
//! draw. Plain Rust with no DOM, so it is tested natively and in the browser alike.

pub mod availability;
pub mod blocking;
pub mod checker_bench;
pub mod clients;
pub mod cluster;
pub mod commit_details;
pub mod details;
pub mod detection;
pub mod diagram;
pub mod frame;
pub mod history;
pub mod lab;
pub mod pace;
pub mod partition;
pub mod seek_bench;
pub mod tradeoff;
pub mod travel;
pub mod views;
