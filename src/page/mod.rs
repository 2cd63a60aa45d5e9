//! The page around the model: what the address asks for and how a session travels in it (permalinks, saved
//! sessions), lessons and files in and out, every gesture and key, the render loop that runs only while
//! something can be seen moving, and what the HTML page hands the app (its first frame, seed and lesson).

pub mod address;
pub mod export;
pub mod handlers;
pub mod html;
pub mod layout;
pub mod lesson;
pub mod panic_panel;
pub mod permalink;
pub mod render_loop;
pub mod saved;
pub mod url;
