//! The `fazhi` subcommands, run as the real binary the way a user at a shell runs them.
//! One test binary for all of them, so the suite links once for the command line.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod commands;
mod compare;
mod keys;
mod library_add;
mod notes;
mod search;
mod store;
mod topic;
