//! Thin Leptos views: each reads the context it needs and leaves logic to the domain.

pub mod alert;
pub mod board;
pub mod board_tools;
pub mod card;
pub mod connection;
pub mod day;
pub mod expo;
pub mod generator;
pub mod lists;
pub mod order_choices;
pub mod order_form;
pub mod pickup;
pub mod print;
pub mod publish;
pub mod report;
pub mod screens;
pub mod shell_notice;
pub mod stats;
pub mod storage_info;
pub mod tickets;
pub mod wall;
