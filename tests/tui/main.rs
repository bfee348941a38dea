//! The reader: drawn into `TestBackend` and driven by keys as a person would (rendering,
//! palette, notes, keymaps, the screenshots in the README), and run in a real terminal in
//! tmux. One test binary for all of them.

#[path = "../common/mod.rs"]
mod common;
#[path = "../screen/mod.rs"]
mod screen;

mod attack_terminal;
mod compare;
mod figures;
mod keymap;
mod notes;
mod palette;
mod render;
mod screenshots;
mod status;
mod store;
mod terminal;
mod tmux;
