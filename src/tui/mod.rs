//! The interactive reader. A key press flows one way: [`input`] turns it into an
//! [`action::Action`] through the [`keymap`], [`app::update`] (or the open [`popup`]) changes
//! the state, and [`ui`] draws the state; [`terminal`] runs the loop and [`session`] starts
//! and finishes a session, locally or over SSH.

pub mod action;
pub mod annotate;
pub mod app;
pub mod compare;
pub mod find;
pub mod goto;
pub mod input;
pub mod jobs;
pub mod keymap;
pub mod lang;
pub mod layout;
pub mod nav;
pub mod notebook;
pub mod popup;
pub mod reading;
pub mod resume;
pub mod session;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod view;
