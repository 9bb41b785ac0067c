//! Plain-Rust core of the board: orders, money, menu, validation, generator and board state.
//! Nothing here imports leptos or web-sys, so all of it is unit tested natively.

pub mod board;
pub mod card;
pub mod claims;
pub mod draft;
pub mod generator;
pub mod inbound;
pub mod keymap;
pub mod kitchen;
pub mod menu;
pub mod money;
pub mod order;
pub mod restaurant;
pub mod rng;
pub mod run;
pub mod screen;
pub mod settings;
pub mod time;
