//! The interactive reader: state and `update` in [`app`], keys in [`keymap`], drawing in
//! [`ui`], the terminal loop in [`terminal`].

pub mod action;
pub mod app;
pub mod keymap;
pub mod lang;
pub mod layout;
pub mod notes;
pub mod popup;
pub mod reading;
pub mod resume;
pub mod snapshot;
pub mod terminal;
pub mod theme;
pub mod ui;
