//! Components. Each draws one thing from the props it is given; `app` lays them out.

pub mod app;
pub mod canvas;
pub mod clock;
pub mod cluster;
pub mod controls;
pub mod diagram;
pub mod feed;
pub mod files;
pub mod glide;
pub mod icon;
pub mod inspector;
pub mod language;
pub mod legend;
pub mod lessons;
pub mod link;
pub mod link_keys;
pub mod log_table;
pub mod message;
pub mod message_info;
pub mod network;
pub mod node;
pub mod notices;
pub mod quiz;
pub mod safety;
pub mod scrubber;
