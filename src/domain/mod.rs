//! Plain-Rust core of the board: orders, money, menu, validation, generator and board state.
//! Nothing here imports leptos or web-sys, so all of it is unit tested natively.

pub mod ageing;
pub mod allergens;
pub mod board;
pub mod card;
pub mod claims;
pub mod counter;
pub mod csv;
pub mod day;
pub mod details;
pub mod draft;
pub mod expo;
#[cfg(test)]
pub mod fixtures;
pub mod generator;
pub mod history;
pub mod inbound;
pub mod keymap;
pub mod language;
pub mod menu;
pub mod modifiers;
pub mod money;
pub mod notices;
pub mod order;
pub mod parts;
pub mod report;
pub mod restaurant;
pub mod rng;
pub mod rules;
pub mod run;
pub mod schedule;
pub mod screen;
pub mod settings;
pub mod stations;
pub mod stats;
pub mod ticket;
pub mod time;
pub mod topics;
pub mod wall;
